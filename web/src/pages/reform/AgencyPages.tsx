import { useState, type ChangeEvent, type FormEvent } from 'react';
import { type Agency, type User } from '../../api';
import type { ApiOk, Item as ApiItem } from '../../api/types';
import { errorText, useLoader, useSubmit, useTitle } from '../../hooks';
import { useI18n } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { formatDate, formatDateTime, todayInVietnam } from '../../format';
import { useReformT, type ReformT } from './reformText';
import { AREAS, AREA_NAMES } from './reformConstants';
import type { TaskStatus } from '../tasks/tasksApi';
import { AGENCY_PATHS } from './paths';
import { evidenceUrl, reformApi, type PlanCreate, type PlanUpdate } from './reformApi';

export { evidenceUrl };

const TASK_DETAIL = '/giam-sat/nhiem-vu/chi-tiet';

const thisYear = (): number => Number(todayInVietnam().slice(0, 4));
const fmt = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toLocaleString('vi-VN', { maximumFractionDigits: 2 }));
const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
type Assessment = ApiOk<'/api/v1/reform/par/{year}/assessments/{agencyId}'>;
type Item = ApiItem<Assessment['items']>;
type EvidenceFile = ApiItem<Item['files']>;
interface Edit {
  score: string;
  note: string;
  links: string;
}

/** The files of one criterion: download links (everyone who sees the assessment), upload and removal while a draft. */
export function EvidenceFiles({
  year,
  agencyId,
  item,
  editable,
  onChange,
  rt,
}: {
  year: number;
  agencyId: string;
  item: Item;
  editable: boolean;
  onChange: (msg: string | null, err?: unknown) => void;
  rt: ReformT;
}) {
  // The outcome is shown by the page (onChange), not here.
  const { busy, run: attempt } = useSubmit();
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    await attempt(
      async () => {
        await reformApi.uploadEvidence(year, agencyId, item.criterionId, f);
        onChange(rt('self.uploaded', { name: f.name }));
      },
      (err) => {
        onChange(null, err);
        return true;
      },
    );
  };
  const remove = async (f: EvidenceFile) => {
    try {
      await reformApi.deleteEvidence(year, agencyId, f.id);
      onChange(null);
    } catch (err) {
      onChange(null, err);
    }
  };
  return (
    <div className="reform-files">
      <span className="reform-files-label">{rt('self.files')}</span>
      {item.files.length === 0 ? (
        <span className="muted small"> {rt('self.noFiles')}</span>
      ) : (
        <ul data-testid={`files-${item.code}`}>
          {item.files.map((f) => (
            <li key={f.id}>
              <a href={evidenceUrl(year, agencyId, f.id)} aria-label={rt('self.download', { name: f.fileName })}>
                {f.fileName}
              </a>{' '}
              <span className="muted small">
                ({kb(f.sizeBytes)}
                {f.uploadedBy ? ` · ${f.uploadedBy}` : ''} · {formatDateTime(f.uploadedAt)}){' '}
                <span className="mono" title="SHA-256">
                  {f.sha256.slice(0, 12)}…
                </span>
              </span>
              {editable && (
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  onClick={() => remove(f)}
                  aria-label={rt('self.removeFile', { name: f.fileName })}
                >
                  {rt('self.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <label className="reform-upload">
          {busy ? rt('self.uploading') : rt('self.attach')}
          <input type="file" accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png" onChange={pick} disabled={busy} />
        </label>
      )}
    </div>
  );
}

/** /cai-cach-hanh-chinh/don-vi — the agency's self-assessment: tree with maxima, score + evidence per criterion, save, submit. */
export function SelfAssessmentPage({ user }: { user: User }) {
  const { t } = useI18n();
  const rt = useReformT();
  useTitle(rt('self.title'));
  const { search } = useLocation();
  const year = Number(search.get('nam')) || thisYear();
  const agencyId = search.get('co-quan') ?? user.agency?.id ?? '';
  const [tick, setTick] = useState(0);
  const d = useLoader(`self:${year}:${agencyId}:${tick}`, (signal) => reformApi.assessment(year, agencyId, signal));
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const [msg, setMsg] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
  // The page's notice (msg) also carries the submit's and the uploads' outcomes: the hook gives the busy flag.
  const { busy: saving, run: attempt } = useSubmit();
  const reload = () => setTick((n) => n + 1);
  const isLeader = user.roles.includes('unit_leader') || user.roles.includes('admin');

  if (!agencyId) return <Notice kind="error">{t('error.generic', { status: 403 })}</Notice>;
  if (d.error != null && !d.data) return <LoadError error={d.error} onRetry={reload} />;
  if (!d.data) return <Loading />;
  const a = d.data;
  const editable = a.status === 'draft';
  const edit = (c: Item): Edit =>
    edits[c.criterionId] ?? { score: c.selfScore === null ? '' : String(c.selfScore), note: c.evidence ?? '', links: c.evidenceRefs.join('\n') };
  const set = (c: Item, patch: Partial<Edit>) => setEdits((e) => ({ ...e, [c.criterionId]: { ...edit(c), ...patch } }));
  const dirty = Object.keys(edits).length > 0;
  const after = (text: string | null, err?: unknown) => {
    setMsg(err ? { kind: 'error', text: errorText(err, t) } : text ? { kind: 'success', text } : null);
    reload();
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    const items = a.items
      .filter((c) => c.rule === 'manual' && edits[c.criterionId] && edits[c.criterionId].score.trim() !== '')
      .map((c) => {
        const x = edits[c.criterionId];
        return {
          criterionId: c.criterionId,
          score: Number(x.score.replace(',', '.')),
          evidence: x.note.trim() || null,
          evidenceRefs: x.links
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        };
      });
    if (!items.length) return;
    await attempt(
      async () => {
        await reformApi.saveScores(year, agencyId, items);
        setEdits({});
        after(rt('self.saved'));
      },
      (err) => {
        setMsg({ kind: 'error', text: errorText(err, t) });
        return true;
      },
    );
  };
  const submit = async () => {
    if (!window.confirm(rt('self.submitConfirm'))) return;
    try {
      await reformApi.submitAssessment(year, agencyId);
      after(rt('self.submitted'));
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err, t) });
    }
  };
  const years = Array.from({ length: 5 }, (_, i) => thisYear() + 1 - i);

  return (
    <div className="reform reform-self">
      <PageHeader
        title={rt('self.title')}
        intro={rt('self.intro', { agency: a.agency.name, year })}
        actions={
          <label className="reform-year">
            {t('reform.year')}{' '}
            <select
              value={year}
              aria-label={t('reform.year')}
              onChange={(e) => {
                setEdits({});
                navigate(`${AGENCY_PATHS.self}?nam=${e.target.value}${search.get('co-quan') ? `&co-quan=${agencyId}` : ''}`);
              }}
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
        }
      />
      <p className="reform-self-head">
        <Badge kind={a.status === 'appraised' ? 'success' : a.status === 'submitted' ? 'info' : 'neutral'}>{rt(`self.status.${a.status}`)}</Badge>{' '}
        <strong data-testid="self-total">{rt('self.total', { self: fmt(a.selfTotal), max: fmt(a.maxTotal) })}</strong>
        {a.status === 'appraised' && (
          <>
            {' '}
            · {t('reform.total')}: <strong>{fmt(a.total)}</strong>
          </>
        )}
        {' · '}
        <Link to={AGENCY_PATHS.plans}>{rt('self.plans')}</Link>
      </p>
      {!editable && <Notice kind="info">{rt('self.readonly', { at: formatDateTime(a.submittedAt) })}</Notice>}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {a.items.length === 0 ? (
        <p>{rt('self.none', { year })}</p>
      ) : (
        <form onSubmit={save} data-testid="self-assessment">
          {a.items.map((c) => {
            const x = edit(c);
            if (!c.parentId) {
              return (
                <h2 key={c.criterionId} className="reform-area-head">
                  <span>
                    {c.code}. {c.title}
                  </span>{' '}
                  <span className="muted small">
                    ({t('reform.max')}: {fmt(c.maxPoints)}
                    {c.rule === 'sum' ? ` · ${rt('self.sumLeaf')}: ${fmt(c.selfPoints)}` : ''})
                  </span>
                  {c.rule === 'survey' && (
                    <span className="reform-survey-note">
                      {rt('self.surveyLeaf')}
                      {c.surveyPercent !== null ? ` ${fmt(c.finalPoints)} (${fmt(c.surveyPercent)}%)` : ''}
                    </span>
                  )}
                </h2>
              );
            }
            return (
              <section key={c.criterionId} className="card reform-crit" aria-labelledby={`crit-${c.criterionId}`}>
                <h3 id={`crit-${c.criterionId}`}>
                  {c.code}. {c.title}{' '}
                  <span className="muted small">
                    ({t('reform.max')} {fmt(c.maxPoints)})
                  </span>
                  {c.evidenceRequired && c.rule === 'manual' && (
                    <>
                      {' '}
                      <Badge kind="warning">{rt('self.required')}</Badge>
                    </>
                  )}
                </h3>
                {c.rule === 'survey' ? (
                  <p className="muted">{rt('self.surveyLeaf')}</p>
                ) : c.rule === 'sum' ? (
                  <p className="muted">
                    {rt('self.sumLeaf')}: {fmt(c.selfPoints)}
                  </p>
                ) : (
                  <div className="reform-crit-body">
                    {editable ? (
                      <>
                        <div className="field reform-score">
                          <label htmlFor={`s-${c.criterionId}`}>
                            {rt('self.score')} (0–{fmt(c.maxPoints)})
                          </label>
                          <input
                            id={`s-${c.criterionId}`}
                            type="number"
                            min={0}
                            max={c.maxPoints}
                            step="0.25"
                            inputMode="decimal"
                            value={x.score}
                            aria-label={rt('self.scoreOf', { code: c.code, max: c.maxPoints })}
                            onChange={(e) => set(c, { score: e.target.value })}
                          />
                        </div>
                        <div className="field">
                          <label htmlFor={`n-${c.criterionId}`}>{rt('self.note')}</label>
                          <textarea id={`n-${c.criterionId}`} rows={2} value={x.note} onChange={(e) => set(c, { note: e.target.value })} />
                        </div>
                        <div className="field">
                          <label htmlFor={`l-${c.criterionId}`}>{rt('self.links')}</label>
                          <textarea id={`l-${c.criterionId}`} rows={1} value={x.links} onChange={(e) => set(c, { links: e.target.value })} />
                        </div>
                      </>
                    ) : (
                      <dl className="reform-dl">
                        <div>
                          <dt>{rt('self.score')}</dt>
                          <dd>{fmt(c.selfScore)}</dd>
                        </div>
                        {c.evidence && (
                          <div>
                            <dt>{rt('self.note')}</dt>
                            <dd>{c.evidence}</dd>
                          </div>
                        )}
                        {c.evidenceRefs.length > 0 && (
                          <div>
                            <dt>{rt('self.links')}</dt>
                            <dd>
                              {c.evidenceRefs.map((r) => (
                                <div key={r}>
                                  <a href={r} target="_blank" rel="noreferrer">
                                    {r}
                                  </a>
                                </div>
                              ))}
                            </dd>
                          </div>
                        )}
                        {c.appraisedScore !== null && (
                          <div>
                            <dt>{t('reform.appraised')}</dt>
                            <dd>
                              <strong>{fmt(c.appraisedScore)}</strong>
                              {c.appraisalReason ? ` — ${rt('self.reason', { reason: c.appraisalReason })}` : ''}
                            </dd>
                          </div>
                        )}
                      </dl>
                    )}
                    <EvidenceFiles year={year} agencyId={agencyId} item={c} editable={editable} onChange={after} rt={rt} />
                  </div>
                )}
              </section>
            );
          })}
          {editable && (
            <div className="reform-actions">
              <button type="submit" className="btn btn-primary" disabled={!dirty || saving}>
                {rt('self.save')}
              </button>
              {isLeader ? (
                <button type="button" className="btn btn-secondary" onClick={submit} disabled={dirty} title={dirty ? rt('self.unsaved') : undefined}>
                  {rt('self.submit')}
                </button>
              ) : (
                <span className="muted small">{rt('self.leaderOnly')}</span>
              )}
              {dirty && <span className="muted small">{rt('self.unsaved')}</span>}
            </div>
          )}
        </form>
      )}
    </div>
  );
}

// ---- plans --------------------------------------------------------------------------------------

type Plan = ApiOk<'/api/v1/reform/plans/{id}'>;
/** One item of the plan being edited (the output as typed; sent as null when blank). */
type Row = Omit<ApiItem<PlanUpdate['items']>, 'output'> & { output: string };

const period = (p: { kind: string; year: number; periodEnd: number }) => (p.kind === 'annual' ? String(p.year) : `${p.year}–${p.periodEnd}`);
const blankRow = (agencyId: string, year: number): Row => ({ area: 'procedure', content: '', output: '', ownerAgencyId: agencyId, dueOn: `${year}-12-31` });

function PlanForm({
  agencyId,
  owners,
  initial,
  onDone,
  onCancel,
  rt,
}: {
  agencyId: string;
  owners: Agency[];
  initial: Plan | null;
  onDone: (p: Plan) => void;
  onCancel?: () => void;
  rt: ReformT;
}) {
  const { lang } = useI18n();
  const [kind, setKind] = useState<'annual' | 'five_year'>(initial?.kind ?? 'annual');
  const [year, setYear] = useState(initial?.year ?? thisYear());
  const [title, setTitle] = useState(initial?.title ?? '');
  const [rows, setRows] = useState<Row[]>(
    initial
      ? initial.items.map((i) => ({ id: i.id, area: i.area, content: i.content, output: i.output ?? '', ownerAgencyId: i.ownerAgencyId, dueOn: i.dueOn }))
      : [blankRow(agencyId, thisYear())],
  );
  const { busy, run: attempt, error: err } = useSubmit();
  const setRow = (i: number, patch: Partial<Row>) => setRows((r) => r.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const items = rows.map((r) => ({
      ...(r.id ? { id: r.id } : {}),
      area: r.area,
      content: r.content,
      output: r.output.trim() || null,
      ownerAgencyId: r.ownerAgencyId,
      dueOn: r.dueOn,
    }));
    await attempt(async () => {
      const p = initial
        ? await reformApi.updatePlan(initial.id, {
            version: initial.version,
            ...(title.trim() && title !== initial.title ? { title: title.trim() } : {}),
            items,
          } satisfies PlanUpdate)
        : await reformApi.createPlan({ kind, year, agencyId, ...(title.trim() ? { title: title.trim() } : {}), items } satisfies PlanCreate);
      onDone(p);
    });
  };
  return (
    <form className="card reform-plan-form" onSubmit={submit} data-testid="plan-form">
      {err && <Notice kind="error">{err}</Notice>}
      <div className="form-grid">
        {!initial && (
          <>
            <div className="field">
              <label htmlFor="plan-kind">{rt('plan.kind')}</label>
              <select id="plan-kind" value={kind} onChange={(e) => setKind(e.target.value as 'annual' | 'five_year')}>
                <option value="annual">{rt('plan.kind.annual')}</option>
                <option value="five_year">{rt('plan.kind.five_year')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="plan-year">{rt('plan.year')}</label>
              <input id="plan-year" type="number" min={2021} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value))} />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor="plan-title">{rt('plan.titleField')}</label>
          <input id="plan-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
      </div>
      {rows.map((r, i) => (
        <fieldset key={r.id ?? `new-${i}`} className="reform-plan-row">
          <legend>{rt('plan.itemN', { n: i + 1 })}</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`area-${i}`}>{rt('plan.area')}</label>
              <select id={`area-${i}`} value={r.area} onChange={(e) => setRow(i, { area: AREAS.find((a) => a === e.target.value) ?? r.area })}>
                {AREAS.map((a) => (
                  <option key={a} value={a}>
                    {AREA_NAMES[a][lang === 'en' ? 'en' : 'vi']}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`owner-${i}`}>{rt('plan.owner')}</label>
              <select id={`owner-${i}`} value={r.ownerAgencyId} onChange={(e) => setRow(i, { ownerAgencyId: e.target.value })}>
                {owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`due-${i}`}>{rt('plan.dueOn')}</label>
              <input id={`due-${i}`} type="date" required value={r.dueOn} onChange={(e) => setRow(i, { dueOn: e.target.value })} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={`content-${i}`}>{rt('plan.content')}</label>
            <textarea id={`content-${i}`} rows={2} required value={r.content} onChange={(e) => setRow(i, { content: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`output-${i}`}>{rt('plan.output')}</label>
            <input id={`output-${i}`} value={r.output} onChange={(e) => setRow(i, { output: e.target.value })} />
          </div>
          {rows.length > 1 && (
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setRows((x) => x.filter((_, j) => j !== i))}>
              {rt('plan.removeItem', { n: i + 1 })}
            </button>
          )}
        </fieldset>
      ))}
      <div className="reform-actions">
        <button type="button" className="btn btn-secondary" onClick={() => setRows((x) => [...x, blankRow(agencyId, initial?.year ?? year)])}>
          {rt('plan.addItem')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {initial ? rt('plan.saveEdit') : rt('plan.create')}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {rt('plan.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

const TASK_KIND: Record<TaskStatus, 'neutral' | 'success' | 'danger' | 'info' | 'warning'> = {
  not_started: 'neutral',
  in_progress: 'info',
  done: 'success',
  done_late: 'warning',
  overdue: 'danger',
  cannot_do: 'danger',
};

function PlanDetail({ id, user, rt }: { id: string; user: User; rt: ReformT }) {
  const { lang } = useI18n();
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const p = useLoader(`plan:${id}:${tick}`, (signal) => reformApi.plan(id, signal));
  const owners = useLoader(`owners:${p.data?.agencyId ?? ''}`, (signal) => (p.data ? ownersOf(p.data.agencyId, signal) : Promise.resolve([])));
  if (p.error != null && !p.data) return <LoadError error={p.error} onRetry={() => setTick((n) => n + 1)} />;
  if (!p.data) return <Loading />;
  const x = p.data;
  const canEdit = x.editable && (user.roles.includes('specialist') || user.roles.includes('unit_leader') || user.roles.includes('admin'));
  return (
    <div className="reform">
      <p>
        <Link to={AGENCY_PATHS.plans}>← {rt('plan.back')}</Link>
      </p>
      <PageHeader
        title={x.title}
        intro={`${rt(`plan.kind.${x.kind}`)} ${period(x)} · ${x.agencyName}`}
        actions={
          canEdit && !editing ? (
            <button type="button" className="btn btn-secondary" onClick={() => setEditing(true)}>
              {rt('plan.edit')}
            </button>
          ) : undefined
        }
      />
      <p>
        {rt('plan.due')}: <strong>{formatDate(x.dueOn)}</strong> · {rt('plan.submitted')}: {formatDateTime(x.submittedAt)}{' '}
        <Badge kind={x.late ? 'warning' : 'success'}>{x.late ? rt('plan.late') : rt('plan.onTime')}</Badge>{' '}
        <span className="muted small">
          {x.editable ? rt('plan.editableUntil', { due: formatDate(x.dueOn) }) : rt('plan.locked', { due: formatDate(x.dueOn) })}
        </span>
      </p>
      {msg && <Notice kind="success">{msg}</Notice>}
      {editing && owners.data ? (
        <PlanForm
          agencyId={x.agencyId}
          owners={owners.data}
          initial={x}
          rt={rt}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            setMsg(rt('plan.updated'));
            setTick((n) => n + 1);
          }}
        />
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data-table" data-testid="plan-items">
            <thead>
              <tr>
                <th>#</th>
                <th>{rt('plan.area')}</th>
                <th>{rt('plan.content')}</th>
                <th>{rt('plan.output')}</th>
                <th>{rt('plan.owner')}</th>
                <th>{rt('plan.dueOn')}</th>
                <th>{rt('plan.task')}</th>
              </tr>
            </thead>
            <tbody>
              {x.items.map((i) => (
                <tr key={i.id}>
                  <td>{i.ordinal}</td>
                  <td>{AREA_NAMES[i.area]?.[lang === 'en' ? 'en' : 'vi'] ?? i.area}</td>
                  <td>{i.content}</td>
                  <td>{i.output ?? '—'}</td>
                  <td>{i.ownerName}</td>
                  <td>{formatDate(i.dueOn)}</td>
                  <td>
                    {i.task ? (
                      <Link to={`${TASK_DETAIL}?id=${i.taskId}`}>
                        <Badge kind={TASK_KIND[i.task.status]}>{rt(`task.${i.task.status}` as 'task.done')}</Badge> {i.task.percent}%
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

async function ownersOf(agencyId: string, signal?: AbortSignal): Promise<Agency[]> {
  const self = await reformApi.agency(agencyId, signal);
  const kids = await reformApi.agencies({ parentId: agencyId, current: true, limit: 200 }, signal);
  return [self, ...kids.items];
}

/** /cai-cach-hanh-chinh/don-vi/ke-hoach — the agency's reform plans: list, new plan on the frame, one plan (?id=) with its tasks' status, editing before the due date. */
export function PlansPage({ user }: { user: User }) {
  const { t } = useI18n();
  const rt = useReformT();
  useTitle(rt('plan.title'));
  const { search } = useLocation();
  const id = search.get('id');
  const agencyId = user.agency?.id ?? '';
  const [tick, setTick] = useState(0);
  const [creating, setCreating] = useState(false);
  const list = useLoader(`plans:${tick}`, (signal) => reformApi.plans(signal));
  const owners = useLoader(`owners:${agencyId}`, (signal) => (agencyId ? ownersOf(agencyId, signal) : Promise.resolve([])));
  if (id) return <PlanDetail key={id} id={id} user={user} rt={rt} />;
  const canCreate = !!agencyId && (user.roles.includes('specialist') || user.roles.includes('unit_leader') || user.roles.includes('admin'));
  return (
    <div className="reform">
      <PageHeader
        title={rt('plan.title')}
        intro={rt('plan.intro', { agency: user.agency?.name ?? '' })}
        actions={
          canCreate && !creating ? (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              {rt('plan.new')}
            </button>
          ) : undefined
        }
      />
      {creating && owners.data && (
        <PlanForm
          agencyId={agencyId}
          owners={owners.data}
          initial={null}
          rt={rt}
          onCancel={() => setCreating(false)}
          onDone={(p) => {
            setCreating(false);
            setTick((n) => n + 1);
            navigate(`${AGENCY_PATHS.plans}?id=${p.id}`);
          }}
        />
      )}
      <h2>{rt('plan.list')}</h2>
      {list.error != null ? (
        <LoadError error={list.error} onRetry={() => setTick((n) => n + 1)} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p>{rt('plan.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data-table" data-testid="plan-list">
            <thead>
              <tr>
                <th>{rt('plan.kind')}</th>
                <th>{rt('plan.period')}</th>
                <th>{t('reform.agency')}</th>
                <th>{rt('plan.due')}</th>
                <th>{rt('plan.submitted')}</th>
                <th className="num">{rt('plan.items')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id}>
                  <td>{rt(`plan.kind.${p.kind}`)}</td>
                  <td>{period(p)}</td>
                  <td>{p.agencyName}</td>
                  <td>{formatDate(p.dueOn)}</td>
                  <td>
                    {formatDate(p.submittedAt)} <Badge kind={p.late ? 'warning' : 'success'}>{p.late ? rt('plan.late') : rt('plan.onTime')}</Badge>
                  </td>
                  <td className="num">{p.items}</td>
                  <td>
                    <Link to={`${AGENCY_PATHS.plans}?id=${p.id}`}>{rt('plan.open')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

// ---- dashboard section (Sở Nội vụ) --------------------------------------------------------------

type PlanStatus = ApiOk<'/api/v1/reform/plans/status'>;
type StatusRow = ApiItem<PlanStatus['items']>;
const STATUS_KIND = { on_time: 'success', late: 'warning', missing: 'danger', pending: 'neutral' } as const;

/** Which departments and communes sent their annual plan on time, late, or not yet (for the dashboard). */
export function PlanStatusSection({ year }: { year: number }) {
  const { t } = useI18n();
  const rt = useReformT();
  const [filter, setFilter] = useState<'' | StatusRow['status']>('');
  const s = useLoader(`plan-status:${year}`, (signal) => reformApi.planStatus(year, signal));
  const LIMIT = 40;
  return (
    <section className="reform-plan-status" aria-labelledby="plan-status-h">
      <h2 id="plan-status-h">{rt('status.heading', { year })}</h2>
      {s.error != null ? (
        <LoadError error={s.error} onRetry={s.reload} />
      ) : !s.data ? (
        <Loading />
      ) : (
        <>
          <p data-testid="plan-status-counts">
            {rt('status.counts', {
              on_time: s.data.counts.on_time ?? 0,
              late: s.data.counts.late ?? 0,
              missing: s.data.counts.missing ?? 0,
              pending: s.data.counts.pending ?? 0,
            })}
          </p>
          <label className="reform-year">
            {rt('status.filter')}{' '}
            <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
              <option value="">{rt('status.all')}</option>
              {(['missing', 'late', 'on_time', 'pending'] as const).map((k) => (
                <option key={k} value={k}>
                  {rt(`status.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {(() => {
            const rows = s.data.items
              .filter((r) => !filter || r.status === filter)
              .sort((a, b) =>
                a.status === b.status
                  ? a.agencyName.localeCompare(b.agencyName, 'vi')
                  : ['missing', 'late', 'pending', 'on_time'].indexOf(a.status) - ['missing', 'late', 'pending', 'on_time'].indexOf(b.status),
              );
            return (
              <>
                <div className="table-wrap" tabIndex={0}>
                  <table className="table reform-stack" data-testid="plan-status">
                    <thead>
                      <tr>
                        <th>{t('reform.agency')}</th>
                        <th>{rt('status.level')}</th>
                        <th>{rt('plan.due')}</th>
                        <th>{rt('plan.submitted')}</th>
                        <th />
                      </tr>
                    </thead>
                    <tbody>
                      {rows.slice(0, LIMIT).map((r) => (
                        <tr key={r.agencyId}>
                          <td className="reform-stack-name">
                            {r.planId ? <Link to={`${AGENCY_PATHS.plans}?id=${r.planId}`}>{r.agencyName}</Link> : r.agencyName}
                          </td>
                          <td data-label={rt('status.level')}>{rt(`status.level.${r.level}`)}</td>
                          <td data-label={rt('plan.due')}>{formatDate(r.dueOn)}</td>
                          <td data-label={rt('plan.submitted')}>{r.submittedAt ? formatDate(r.submittedAt) : '—'}</td>
                          <td>
                            <Badge kind={STATUS_KIND[r.status]}>{rt(`status.${r.status}`)}</Badge>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {rows.length > LIMIT && <p className="muted small">{rt('status.more', { n: rows.length - LIMIT })}</p>}
              </>
            );
          })()}
        </>
      )}
    </section>
  );
}
