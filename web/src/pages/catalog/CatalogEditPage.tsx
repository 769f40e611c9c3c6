import { useEffect, useState, type FormEvent } from 'react';
import { ALL_ROLES } from '../../api';
import { errorText, useLoader, useTitle } from '../../hooks';
import { useI18n } from '../../i18n';
import { formatDate, todayInVietnam } from '../../format';
import { Link } from '../../router';
import { Badge, LoadError, Loading, Notice } from '../../components/ui';
import { DataTable } from '../../components/DataTable';
import {
  catalogApi,
  type CaseDef,
  type ManagerDetail,
  type AgencyRef,
  type TimeUnit,
  type VersionMeta,
  type WorkflowCheck,
  type WorkflowStep,
} from './catalogApi';
import { formatNumberVi, useCatalogT, type CatalogKey, type CatalogT } from './messages';
import { durationText } from './ProcedureDetailPage';
import { CATALOG_ADMIN_PATH, parseContent } from './CatalogAdminPage';
import './catalog.css';

const KINDS: readonly AgencyRef['kind'][] = [
  'commune_service_centre',
  'commune_people_committee',
  'provincial_service_centre',
  'department',
  'provincial_people_committee',
  'provincial_office',
  'police',
  'other',
];
const ACTIONS: readonly WorkflowStep['actions'][number][] = [
  'receive',
  'request_supplement',
  'refuse',
  'review',
  'consult',
  'forward',
  'approve',
  'sign',
  'issue',
  'return_result',
];
const UNITS: TimeUnit[] = ['working_hours', 'working_days', 'calendar_days'];

/** One procedure for catalogue managers: versions, draft, publish/amend/abolish, workflows. `/quan-tri/thu-tuc/{code}` */
export function CatalogEditPage({ code }: { code: string }) {
  const t = useCatalogT();
  const { data, error, loading, reload } = useLoader(code, (signal) => catalogApi.detail(code, signal));
  useTitle(data ? `${data.code} — ${data.latest.content.name}` : code);
  if (error != null) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  if (!data) return null;
  return <Editor d={data} t={t} reload={reload} />;
}

function Editor({ d, t, reload }: { d: ManagerDetail; t: CatalogT; reload: () => void }) {
  const shell = useI18n().t;
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const shown = d.draft ?? d.inForce ?? d.latest;
  const fail = (e: unknown) => setNotice({ kind: 'error', text: errorText(e, shell) });
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setNotice(null);
    try {
      await fn();
      setNotice({ kind: 'success', text: ok });
      reload();
    } catch (e) {
      fail(e);
    }
  };
  const last = [...d.versions].reverse().find((v) => v.status !== 'draft');
  return (
    <div className="admin-page catalog-edit">
      <p className="back-link">
        <Link to={CATALOG_ADMIN_PATH}>{t('edit.back')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{shown.content.name}</h1>
          <p className="page-intro mono">{d.code}</p>
        </div>
        <div className="page-actions">
          {!d.draft && (
            <button type="button" className="btn btn-primary" title={t('edit.amendHint')} onClick={() => act(() => catalogApi.amend(d.code), t('edit.saved'))}>
              {t('edit.amend')}
            </button>
          )}
        </div>
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}

      <section className="card" aria-labelledby="ver-title">
        <h2 id="ver-title">{t('edit.versions')}</h2>
        <VersionsTable versions={d.versions} t={t} />
      </section>

      {d.draft ? (
        <DraftPanel d={d} t={t} act={act} />
      ) : (
        <>
          <p className="muted">{t('edit.noDraft')}</p>
          {last?.status === 'published' && (
            <DecisionForm
              kind="abolish"
              t={t}
              onSubmit={(b) => act(() => catalogApi.abolish(d.code, b), t('edit.abolished', { from: formatDate(b.effectiveFrom) }))}
            />
          )}
        </>
      )}

      <section className="card" aria-labelledby="wf-title">
        <h2 id="wf-title">{t('edit.workflow')}</h2>
        {!d.draft && <p className="muted">{t('edit.readOnly')}</p>}
        {shown.content.cases.map((k) => (
          <WorkflowEditor
            key={`${shown.version.versionId}-${shown.version.revision}-${k.key}`}
            code={d.code}
            k={k}
            revision={shown.version.revision}
            editable={!!d.draft}
            t={t}
            onSaved={() => act(async () => undefined, t('edit.workflowSaved'))}
            onError={fail}
          />
        ))}
      </section>
    </div>
  );
}

function VersionsTable({ versions, t }: { versions: VersionMeta[]; t: CatalogT }) {
  const kind = { draft: 'warning', published: 'success', abolished: 'danger' } as const;
  return (
    <DataTable
      rows={versions}
      rowKey={(v) => v.versionId}
      columns={[
        { header: t('admin.version'), cell: (v) => v.versionNo },
        { header: t('admin.state'), cell: (v) => <Badge kind={kind[v.status]}>{t(`edit.status.${v.status}`)}</Badge> },
        {
          header: t('edit.decision'),
          cell: (v) => (
            <>
              {v.decisionNo ?? '—'}
              {v.decisionDate && <span className="muted"> ({formatDate(v.decisionDate)})</span>}
            </>
          ),
        },
        {
          header: t('edit.effective'),
          nowrap: true,
          cell: (v) => (v.effectiveFrom ? `${formatDate(v.effectiveFrom)}${v.effectiveTo ? ` – ${formatDate(v.effectiveTo)}` : ''}` : '—'),
        },
      ]}
    />
  );
}

function DraftPanel({ d, t, act }: { d: ManagerDetail; t: CatalogT; act: (fn: () => Promise<unknown>, ok: string) => Promise<void> }) {
  const shell = useI18n().t;
  const draft = d.draft!;
  const [text, setText] = useState(() => JSON.stringify(draft.content, null, 2));
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => setText(JSON.stringify(draft.content, null, 2)), [draft.version.revision]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseContent(text, t);
    if ('error' in parsed) return setErr(parsed.error);
    setErr(null);
    await act(() => catalogApi.saveDraft(d.code, draft.version.revision, parsed.content), t('edit.saved'));
  };
  return (
    <section className="card" aria-labelledby="draft-title">
      <h2 id="draft-title">{t('edit.draft', { no: draft.version.versionNo })}</h2>
      <form onSubmit={save}>
        <div className="field">
          <label htmlFor="draft-json">{t('edit.draftJson')}</label>
          <textarea id="draft-json" className="json-editor" rows={18} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        </div>
        {err && <Notice kind="error">{err}</Notice>}
        <div className="form-actions">
          {d.versions.length > 1 && (
            <button
              type="button"
              className="btn btn-danger"
              onClick={() =>
                window.confirm(t('edit.discardConfirm', { no: draft.version.versionNo })) && act(() => catalogApi.discardDraft(d.code), shell('common.saved'))
              }
            >
              {t('edit.discard')}
            </button>
          )}
          <button type="submit" className="btn btn-primary">
            {t('edit.saveDraft')}
          </button>
        </div>
      </form>
      <DecisionForm
        kind="publish"
        t={t}
        onSubmit={(b) =>
          act(
            () => catalogApi.publish(d.code, { ...b, revision: draft.version.revision }),
            t('edit.published', { no: draft.version.versionNo, from: formatDate(b.effectiveFrom) }),
          )
        }
      />
    </section>
  );
}

function DecisionForm({
  kind,
  t,
  onSubmit,
}: {
  kind: 'publish' | 'abolish';
  t: CatalogT;
  onSubmit: (b: { decisionNo: string; decisionDate: string | null; effectiveFrom: string }) => void;
}) {
  const [decisionNo, setDecisionNo] = useState('');
  const [decisionDate, setDecisionDate] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(todayInVietnam());
  const id = `dec-${kind}`;
  return (
    <form
      className={`decision-form ${kind === 'abolish' ? 'card' : ''}`}
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ decisionNo: decisionNo.trim(), decisionDate: decisionDate || null, effectiveFrom });
      }}
    >
      <h3 id={`${id}-title`}>{kind === 'publish' ? t('edit.publishTitle') : t('edit.abolishTitle')}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-no`}>{t('edit.decisionNo')}</label>
          <input id={`${id}-no`} required minLength={3} value={decisionNo} onChange={(e) => setDecisionNo(e.target.value)} placeholder="123/QĐ-UBND" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-date`}>{t('edit.decisionDate')}</label>
          <input id={`${id}-date`} type="date" value={decisionDate} onChange={(e) => setDecisionDate(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('edit.effectiveFrom')}</label>
          <input id={`${id}-from`} type="date" required value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className={kind === 'publish' ? 'btn btn-primary' : 'btn btn-danger'}>
          {kind === 'publish' ? t('edit.publish') : t('edit.abolish')}
        </button>
      </div>
    </form>
  );
}

function amountText(a: { amount: number; unit: string }, t: CatalogT): string {
  if (a.unit === 'working_hours') return `${t('edit.hours', { n: formatNumberVi(a.amount) })} (${formatNumberVi(a.amount / 8)} ${t('unit.working_days')})`;
  return t('edit.days', { n: formatNumberVi(a.amount) });
}

/** The steps of one case, with the budget sum checked by the server's rule as you type. */
function WorkflowEditor({
  code,
  k,
  revision,
  editable,
  t,
  onSaved,
  onError,
}: {
  code: string;
  k: CaseDef;
  revision: number;
  editable: boolean;
  t: CatalogT;
  onSaved: () => void;
  onError: (e: unknown) => void;
}) {
  const shell = useI18n().t;
  const [steps, setSteps] = useState<WorkflowStep[]>(() => structuredClone(k.workflow?.steps ?? []));
  const [check, setCheck] = useState<WorkflowCheck | null>(null);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    if (!steps.length) {
      setCheck(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      catalogApi.checkWorkflow({ time: k.time, reducedTime: k.reducedTime ?? null, steps }, ctrl.signal).then(setCheck, () => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [steps, k.time, k.reducedTime]);

  const update = (i: number, patch: Partial<WorkflowStep>) => {
    setSteps((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));
    setDirty(true);
  };
  const move = (i: number, d: -1 | 1) => {
    setSteps((s) => {
      const n = [...s];
      [n[i], n[i + d]] = [n[i + d], n[i]];
      return n;
    });
    setDirty(true);
  };
  const remove = (i: number) => {
    setSteps((s) => s.filter((_, j) => j !== i));
    setDirty(true);
  };
  const add = () => {
    setSteps((s) => [
      ...s,
      {
        name: '',
        agency: { kind: 'department' },
        department: null,
        role: 'specialist',
        budget: { amount: 0, unit: k.time.unit === 'calendar_days' ? 'calendar_days' : 'working_hours' },
        actions: ['review'],
        canSendBack: s.length > 0,
        interAgency: false,
      },
    ]);
    setDirty(true);
  };
  const save = async () => {
    try {
      await catalogApi.setWorkflow(
        code,
        k.key,
        revision,
        steps.map((s) => ({
          ...s,
          agency: s.agency.id
            ? { kind: s.agency.kind, id: s.agency.id }
            : s.agency.code
              ? { kind: s.agency.kind, code: s.agency.code }
              : { kind: s.agency.kind, name: s.agency.name ?? null },
        })),
      );
      onSaved();
    } catch (e) {
      onError(e);
    }
  };
  const generate = async () => {
    try {
      await catalogApi.generateWorkflow(code, k.key, revision);
      onSaved();
    } catch (e) {
      onError(e);
    }
  };
  const time = durationText(k.reducedTime ?? k.time, t);
  const prefix = `wf-${k.key}`;
  return (
    <div className="workflow-editor" aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>
        {t('edit.workflowCase', { name: k.name, time })} {k.workflow?.generated && !dirty && <Badge kind="info">{t('edit.workflowGenerated')}</Badge>}
      </h3>
      <ol className="wf-steps">
        {steps.map((s, i) => {
          const bad = check?.problems.some((p) => p.step === i);
          const id = `${prefix}-${i}`;
          return (
            <li key={i} className={bad ? 'wf-step wf-step-invalid' : 'wf-step'}>
              <div className="wf-step-head">
                <span className="wf-step-no" aria-hidden="true">
                  {i + 1}
                </span>
                <div className="field wf-name">
                  <label htmlFor={`${id}-name`}>{t('edit.stepName')}</label>
                  <input id={`${id}-name`} disabled={!editable} value={s.name} onChange={(e) => update(i, { name: e.target.value })} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-budget`}>{t('edit.stepBudget')}</label>
                  <span className="wf-budget">
                    <input
                      id={`${id}-budget`}
                      className="budget-input"
                      type="number"
                      min={0}
                      step={0.5}
                      disabled={!editable}
                      value={s.budget.amount}
                      onChange={(e) => update(i, { budget: { ...s.budget, amount: Number(e.target.value) } })}
                    />
                    <select
                      aria-label={`${t('edit.stepBudget')} ${i + 1}`}
                      disabled={!editable}
                      value={s.budget.unit}
                      onChange={(e) => update(i, { budget: { ...s.budget, unit: e.target.value as TimeUnit } })}
                    >
                      {UNITS.map((u) => (
                        <option key={u} value={u}>
                          {t(`unit.${u}`)}
                        </option>
                      ))}
                    </select>
                  </span>
                </div>
                {editable && (
                  <div className="wf-step-buttons">
                    <button
                      type="button"
                      className="btn btn-link"
                      aria-label={t('edit.moveUp', { n: i + 1 })}
                      title={t('edit.moveUp', { n: i + 1 })}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="btn btn-link"
                      aria-label={t('edit.moveDown', { n: i + 1 })}
                      title={t('edit.moveDown', { n: i + 1 })}
                      disabled={i === steps.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="btn btn-link"
                      aria-label={t('edit.removeStep', { n: i + 1 })}
                      title={t('edit.removeStep', { n: i + 1 })}
                      onClick={() => remove(i)}
                    >
                      ✕
                    </button>
                  </div>
                )}
              </div>
              <div className="wf-step-grid">
                <div className="field">
                  <label htmlFor={`${id}-agency`}>{t('edit.stepAgency')}</label>
                  <select
                    id={`${id}-agency`}
                    disabled={!editable}
                    value={s.agency.kind}
                    onChange={(e) => update(i, { agency: { kind: KINDS.find((k) => k === e.target.value) ?? s.agency.kind } })}
                  >
                    {KINDS.map((kd) => (
                      <option key={kd} value={kd}>
                        {t(`kind.${kd}` as CatalogKey)}
                      </option>
                    ))}
                  </select>
                  {s.agency.name && <p className="field-hint">{s.agency.name}</p>}
                </div>
                <div className="field">
                  <label htmlFor={`${id}-dept`}>{t('edit.stepDepartment')}</label>
                  <input
                    id={`${id}-dept`}
                    disabled={!editable}
                    value={s.department ?? ''}
                    onChange={(e) => update(i, { department: e.target.value || null })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-role`}>{t('edit.stepRole')}</label>
                  <select
                    id={`${id}-role`}
                    disabled={!editable}
                    value={s.role}
                    onChange={(e) => update(i, { role: ALL_ROLES.find((r) => r === e.target.value) ?? s.role })}
                  >
                    {ALL_ROLES.filter((r) => r !== 'citizen').map((r) => (
                      <option key={r} value={r}>
                        {shell(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <fieldset className="wf-actions">
                <legend>{t('edit.stepActions')}</legend>
                {ACTIONS.map((a) => (
                  <label key={a} className="wf-check">
                    <input
                      type="checkbox"
                      disabled={!editable}
                      checked={s.actions.includes(a)}
                      onChange={(e) => update(i, { actions: e.target.checked ? [...s.actions, a] : s.actions.filter((x) => x !== a) })}
                    />{' '}
                    {t(`action.${a}` as CatalogKey)}
                  </label>
                ))}
              </fieldset>
              <div className="wf-flags">
                <label className="wf-check">
                  <input type="checkbox" disabled={!editable} checked={s.canSendBack} onChange={(e) => update(i, { canSendBack: e.target.checked })} />{' '}
                  {t('edit.stepSendBack')}
                </label>
                <label className="wf-check">
                  <input type="checkbox" disabled={!editable} checked={s.interAgency} onChange={(e) => update(i, { interAgency: e.target.checked })} />{' '}
                  {t('edit.stepInterAgency')}
                </label>
              </div>
            </li>
          );
        })}
      </ol>
      {check && (
        <div className={check.ok ? 'budget-check budget-ok' : 'budget-check budget-bad'} role="status" aria-live="polite">
          {check.ok
            ? t('edit.budgetOk', { total: amountText(check.total, t), limit: amountText(check.limit, t) })
            : t('edit.budgetBad', { total: amountText(check.total, t), limit: amountText(check.limit, t) })}
          {!check.ok && (
            <ul>
              {check.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {editable && (
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={add}>
            {t('edit.addStep')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={generate}>
            {t('edit.generate')}
          </button>
          <button type="button" className="btn btn-primary" disabled={!dirty || !check?.ok} onClick={save}>
            {t('edit.saveWorkflow')}
          </button>
        </div>
      )}
    </div>
  );
}
