import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { User } from '../../api';
import { useI18n, type Translate } from '../../i18n';
import type { MessageKey } from '../../i18n/vi';
import { useLoader, useTitle, useSubmit } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { Link, useLocation } from '../../router';
import { Badge, LoadError, Loading, Modal, Notice, PageHeader, type BadgeKind } from '../../components/ui';
import { DataTable, type Column as TableColumn } from '../../components/DataTable';
import {
  RECEIVER_ROLES,
  REPORT_PATHS,
  REPORTER_ROLES,
  cellTypeOf,
  reportsApi,
  showNumber,
  type Aggregate,
  type CellValue,
  type Column,
  type Period,
  type SignedPdf,
  type Row,
  type Submission,
  type SubmissionAction,
  type SubmissionStatus,
  type SubmissionSummary,
  type Table,
} from './reportsApi';

const STATUS_KIND: Record<SubmissionStatus, BadgeKind> = {
  not_started: 'neutral',
  draft: 'info',
  signed: 'info',
  submitted: 'warning',
  returned: 'danger',
  accepted: 'success',
};

function StatusBadge({ s }: { s: SubmissionSummary }) {
  const { t } = useI18n();
  return (
    <>
      <Badge kind={STATUS_KIND[s.status]}>{t(`reports.status.${s.status}` as MessageKey)}</Badge>
      {s.late && (
        <>
          {' '}
          <Badge kind="danger">{t('reports.lateBadge', { n: s.daysLate ?? 1 })}</Badge>
        </>
      )}
      {s.overdue && (
        <>
          {' '}
          <Badge kind="danger">{t('reports.overdueBadge', { n: s.daysLate ?? 1 })}</Badge>
        </>
      )}
    </>
  );
}

/** A report table of a template: the indicator rows (indented by level) by the template's columns; `cell` renders each `<td>`. */
function ReportGrid({ table, cell }: { table: Table; cell: (r: Row, c: Column) => ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="data-table report-table">
        <caption>{t('reports.tableCaption', { id: table.id, title: table.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.indicator')}</th>
            {table.columns.map((c) => (
              <th scope="col" key={c.id}>
                {c.label}
                {c.unit ? ` (${c.unit})` : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.id} className={r.id === table.totalRow ? 'total-row' : undefined}>
              <th scope="row" style={{ paddingLeft: `${0.5 + (r.level ?? 0) * 1.25}rem` }}>
                {r.label}
                {r.unit ? ` (${r.unit})` : ''}
              </th>
              {table.columns.map((c) => cell(r, c))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Columns shared by the lists of submissions and periods: the regime (a link), period, cut-off, due date. */
function periodColumns<T>(
  t: Translate,
  of: (row: T) => { link: string; regime: string; label: string; cutoffFrom: string; cutoffTo: string; dueOn: string },
): TableColumn<T>[] {
  return [
    { header: t('reports.regime'), cell: (row) => <Link to={of(row).link}>{of(row).regime}</Link> },
    { header: t('reports.period'), cell: (row) => of(row).label },
    { header: t('reports.cutoff'), cell: (row) => `${formatDate(of(row).cutoffFrom)} – ${formatDate(of(row).cutoffTo)}` },
    { header: t('reports.due'), cell: (row) => formatDate(of(row).dueOn) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Home: my agency's reports (reporters) and the periods received (receiving offices)
// ---------------------------------------------------------------------------------------------

export function ReportsHomePage({ user }: { user: User }) {
  const { t } = useI18n();
  useTitle(t('reports.title'));
  const reporter = user.roles.some((r) => REPORTER_ROLES.includes(r));
  const receiver = user.roles.some((r) => RECEIVER_ROLES.includes(r));
  return (
    <div className="admin-page reports-page" data-testid="reports-home">
      <PageHeader title={t('reports.title')} intro={t('reports.intro')} />
      {reporter && <MyReports />}
      {receiver && <ReceivedPeriods />}
      {receiver && <LateList />}
    </div>
  );
}

function MyReports() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoader('mine', (s) => reportsApi.mine(s));
  return (
    <section className="card" aria-labelledby="my-reports">
      <h2 id="my-reports">{t('reports.mine')}</h2>
      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && <p className="muted">{t('reports.none')}</p>}
      {data && data.items.length > 0 && (
        <DataTable
          testId="my-reports"
          rows={data.items}
          rowKey={(s) => s.id}
          columns={[
            ...periodColumns<SubmissionSummary>(t, (s) => ({
              link: `${REPORT_PATHS.submission}?id=${s.id}`,
              regime: s.regimeName,
              label: s.periodLabel,
              cutoffFrom: s.cutoffFrom,
              cutoffTo: s.cutoffTo,
              dueOn: s.dueOn,
            })),
            { header: t('reports.statusCol'), cell: (s) => <StatusBadge s={s} /> },
          ]}
        />
      )}
    </section>
  );
}

function ReceivedPeriods() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoader('periods', (s) => reportsApi.periods(s));
  return (
    <section className="card" aria-labelledby="periods">
      <h2 id="periods">{t('reports.periods')}</h2>
      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <DataTable
          testId="periods"
          rows={data.items}
          rowKey={(p) => p.id}
          columns={[
            ...periodColumns<Period>(t, (p) => ({
              link: `${REPORT_PATHS.period}?id=${p.id}`,
              regime: p.regime.name,
              label: p.label,
              cutoffFrom: p.cutoffFrom,
              cutoffTo: p.cutoffTo,
              dueOn: p.dueOn,
            })),
            { header: t('reports.progress'), cell: (p) => <PeriodProgress p={p} /> },
            {
              header: t('reports.lateMissing'),
              cell: (p) => (
                <>
                  {p.late > 0 && <Badge kind="warning">{t('reports.nLate', { n: p.late })}</Badge>}{' '}
                  {p.missing > 0 && <Badge kind="danger">{t('reports.nMissing', { n: p.missing })}</Badge>}
                </>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}

function PeriodProgress({ p }: { p: Period }) {
  const { t } = useI18n();
  const total = Object.values(p.counts).reduce((a, b) => a + b, 0);
  const sent = (p.counts.submitted ?? 0) + (p.counts.accepted ?? 0);
  return (
    <>
      {t('reports.sentOf', { sent, total })}
      <div className="progress-bar" role="img" aria-label={t('reports.sentOf', { sent, total })}>
        <span className="seg-accepted" style={{ width: `${total ? ((p.counts.accepted ?? 0) / total) * 100 : 0}%` }} />
        <span className="seg-submitted" style={{ width: `${total ? ((p.counts.submitted ?? 0) / total) * 100 : 0}%` }} />
      </div>
    </>
  );
}

function LateList() {
  const { t } = useI18n();
  const { data } = useLoader('late', (s) => reportsApi.lateOrMissing(s));
  if (!data || data.items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="late">
      <h2 id="late">{t('reports.lateList', { n: data.total })}</h2>
      <ul className="late-list">
        {data.items.slice(0, 30).map((s) => (
          <li key={s.id}>
            <strong>{s.agency.name}</strong> — {s.regimeName}, {s.periodLabel} ({t('reports.due')}: {formatDate(s.dueOn)}) <StatusBadge s={s} />
          </li>
        ))}
      </ul>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Period: who sent what, the aggregate, exports, the consolidated report
// ---------------------------------------------------------------------------------------------

export function PeriodPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const id = search.get('id') ?? '';
  const [include, setInclude] = useState<'accepted' | 'submitted'>('accepted');
  const { data, error, loading, reload } = useLoader(`period:${id}`, (s) => reportsApi.period(id, s));
  useTitle(data ? `${data.regime.name} — ${data.label}` : t('reports.title'));
  return (
    <div className="admin-page reports-page" data-testid="report-period">
      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          <PageHeader
            title={`${data.regime.name}`}
            intro={t('reports.periodIntro', {
              label: data.label,
              from: formatDate(data.cutoffFrom),
              to: formatDate(data.cutoffTo),
              due: formatDate(data.dueOn),
            })}
            actions={
              <Link className="btn btn-secondary" to={REPORT_PATHS.home}>
                {t('reports.back')}
              </Link>
            }
          />
          <section className="card">
            <h2>{t('reports.agencies')}</h2>
            <DataTable
              testId="period-submissions"
              rows={data.submissions}
              rowKey={(s) => s.id}
              columns={[
                { header: t('reports.agency'), cell: (s) => <Link to={`${REPORT_PATHS.submission}?id=${s.id}`}>{s.agency.name}</Link> },
                { header: t('reports.statusCol'), cell: (s) => <StatusBadge s={s} /> },
                { header: t('reports.sentAt'), cell: (s) => formatDateTime(s.lastSubmittedAt) },
                { header: t('reports.versions'), cell: (s) => s.submittedVersions || '' },
              ]}
            />
          </section>
          {/* Shown to the receiving office and province-wide roles; the API refuses others and the section hides. */}
          <AggregateSection periodId={id} include={include} setInclude={setInclude} />
          {data.canReceive && <ConsolidationSection periodId={id} detail={data} onChange={reload} />}
        </>
      )}
    </div>
  );
}

function AggregateSection({
  periodId,
  include,
  setInclude,
}: {
  periodId: string;
  include: 'accepted' | 'submitted';
  setInclude: (v: 'accepted' | 'submitted') => void;
}) {
  const { t } = useI18n();
  const { data, error } = useLoader(`agg:${periodId}:${include}`, (s) => reportsApi.aggregate(periodId, include, s));
  if (error) return null;
  return (
    <section className="card" data-testid="aggregate">
      <div className="section-head">
        <h2>{t('reports.aggregate')}</h2>
        <div className="page-actions">
          <label className="inline-check">
            <input type="checkbox" checked={include === 'submitted'} onChange={(e) => setInclude(e.target.checked ? 'submitted' : 'accepted')} />{' '}
            {t('reports.includeSubmitted')}
          </label>
          <a className="btn btn-secondary" href={`/api/v1/reports/periods/${periodId}/aggregate.xlsx?include=${include}`} data-testid="export-xlsx" download>
            {t('reports.exportXlsx')}
          </a>
          <a
            className="btn btn-secondary"
            href={`/api/v1/reports/periods/${periodId}/aggregate.pdf?include=${include}`}
            data-testid="export-pdf"
            target="_blank"
            rel="noreferrer"
          >
            {t('reports.exportPdf')}
          </a>
        </div>
      </div>
      {data && (
        <>
          <p className="muted">{t('reports.aggregateOf', { n: data.agencies.length, missing: data.notIncluded.length })}</p>
          {data.template.tables.map((table) => (
            <AggregateTable key={table.id} table={table} agg={data} />
          ))}
        </>
      )}
    </section>
  );
}

function AggregateTable({ table, agg }: { table: Table; agg: Aggregate }) {
  return (
    <ReportGrid
      table={table}
      cell={(r, c) => {
        const ref = `${table.id}.${r.id}.${c.id}`;
        const cell = agg.cells[ref];
        const type = cellTypeOf(table, r.id, c.id);
        return (
          <td
            key={c.id}
            className={type === 'text' ? '' : 'num'}
            data-testid={`agg-${ref}`}
            title={cell ? cell.items.map((i) => `${i.agencyName}: ${showNumber(i.value, type)}`).join('\n') : undefined}
          >
            {cell?.mode === 'list'
              ? cell.items
                  .filter((i) => i.value)
                  .map((i) => `${i.agencyName}: ${i.value}`)
                  .join('; ')
              : showNumber(cell?.value ?? null, type)}
          </td>
        );
      }}
    />
  );
}

function ConsolidationSection({
  periodId,
  detail,
  onChange,
}: {
  periodId: string;
  detail: { consolidation: import('./reportsApi').Consolidation | null };
  onChange: () => void;
}) {
  const { t } = useI18n();
  const c = detail.consolidation;
  const [number, setNumber] = useState(c?.number ?? '');
  const [signer, setSigner] = useState(c?.signerName ?? '');
  const { busy, run: attempt, message: msg, setMessage: setMsg } = useSubmit();
  const sent = c?.status === 'sent';
  const save = async (e: FormEvent) => {
    e.preventDefault();
    await attempt(async () => {
      await reportsApi.saveConsolidation(periodId, {
        version: c?.version ?? 1,
        number: number || null,
        signerName: signer || null,
        signerTitle: t('reports.signerTitleDefault'),
      });
      setMsg({ kind: 'success', text: t('reports.saved') });
      onChange();
    });
  };
  const send = async () => {
    await attempt(async () => {
      await reportsApi.sendConsolidation(periodId, c?.version ?? 1);
      setMsg({ kind: 'success', text: t('reports.sentNational') });
      onChange();
    });
  };
  return (
    <form className="card form-grid" onSubmit={save}>
      <h2>{t('reports.consolidation')}</h2>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {sent && <Notice kind="info">{t('reports.consolidationSent', { at: formatDateTime(c?.sentAt ?? null), receipt: c?.nationalReceipt ?? '…' })}</Notice>}
      <div className="field">
        <label htmlFor="cons-number">{t('reports.docNumber')}</label>
        <input id="cons-number" value={number} disabled={sent} onChange={(e) => setNumber(e.target.value)} placeholder="…/BC-VP" />
      </div>
      <div className="field">
        <label htmlFor="cons-signer">{t('reports.signerName')}</label>
        <input id="cons-signer" value={signer} disabled={sent} onChange={(e) => setSigner(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={busy || sent}>
          {t('reports.save')}
        </button>{' '}
        <button type="button" className="btn btn-primary" disabled={busy || sent} onClick={send}>
          {t('reports.sendNational')}
        </button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// One report: fill in, sign, submit; return or accept
// ---------------------------------------------------------------------------------------------

type Draft = { cells: Record<string, string>; narrative: Record<string, string>; annotations: Record<string, string> };

const toText = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : String(v));

function draftOf(s: Submission): Draft {
  return {
    cells: Object.fromEntries(Object.entries(s.cells).map(([k, v]) => [k, toText(v)])),
    narrative: { ...s.narrative },
    annotations: { ...s.annotations },
  };
}

export function SubmissionPage({ user }: { user: User }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const id = search.get('id') ?? '';
  const { data, error, loading, reload } = useLoader(`sub:${id}`, (s) => reportsApi.submission(id, s));
  const [sub, setSub] = useState<Submission | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const { busy, run: attempt, message: msg, setMessage: setMsg } = useSubmit();
  const [returning, setReturning] = useState(false);
  useEffect(() => {
    if (data) {
      setSub(data);
      setDraft(draftOf(data));
    }
  }, [data]);
  useTitle(sub ? `${sub.regimeName} — ${sub.periodLabel}` : t('reports.title'));

  const can = (a: SubmissionAction) => !!sub?.allowedActions.includes(a);
  const editable = can('save');
  const cellTypes = useMemo(() => {
    const m = new Map<string, { type: string; system: string | null }>();
    for (const tb of sub?.template.tables ?? [])
      for (const r of tb.rows)
        for (const c of tb.columns)
          m.set(`${tb.id}.${r.id}.${c.id}`, { type: cellTypeOf(tb, r.id, c.id), system: tb.cells?.[`${r.id}.${c.id}`]?.system ?? null });
    return m;
  }, [sub]);

  if (error)
    return (
      <div className="admin-page">
        <LoadError error={error} onRetry={reload} />
      </div>
    );
  if ((loading && !sub) || !sub || !draft) return <Loading />;

  const overridden = [...cellTypes.entries()]
    .filter(([ref, c]) => {
      if (!c.system) return false;
      const f = sub.systemFigures[c.system];
      const v = draft.cells[ref];
      return f !== undefined && v !== undefined && v !== '' && Number(v) !== f.value;
    })
    .map(([ref]) => ref);

  const run = async (fn: () => Promise<Submission>, ok: string) => {
    await attempt(async () => {
      const next = await fn();
      setSub(next);
      setDraft(draftOf(next));
      setMsg({ kind: 'success', text: ok });
    });
  };

  const payload = () => {
    const cells: Record<string, CellValue> = {};
    for (const [ref, c] of cellTypes) {
      const raw = (draft.cells[ref] ?? '').trim();
      const before = toText(sub.cells[ref]);
      if (raw === before) continue;
      cells[ref] = raw === '' ? null : c.type === 'text' ? raw : Number(raw.replace(',', '.'));
    }
    const narrative: Record<string, string> = {};
    for (const s of sub.template.sections) if ((draft.narrative[s.id] ?? '') !== (sub.narrative[s.id] ?? '')) narrative[s.id] = draft.narrative[s.id] ?? '';
    const annotations: Record<string, string> = {};
    for (const k of new Set([...Object.keys(draft.annotations), ...Object.keys(sub.annotations)]))
      if ((draft.annotations[k] ?? '') !== (sub.annotations[k] ?? '')) annotations[k] = draft.annotations[k] ?? '';
    return { version: sub.version, cells, narrative, annotations };
  };
  const dirty = () => {
    const p = payload();
    return Object.keys(p.cells).length + Object.keys(p.narrative).length + Object.keys(p.annotations).length > 0;
  };
  const saveFirst = async () => (dirty() ? reportsApi.save(sub.id, payload()) : sub);

  const errors = sub.issues.filter((i) => i.severity === 'error');
  const warnings = sub.issues.filter((i) => i.severity === 'warning');
  const issueOf = (ref: string) => sub.issues.find((i) => i.ref === ref);

  return (
    <div className="admin-page reports-page" data-testid="report-submission">
      <PageHeader
        title={sub.regimeName}
        intro={t('reports.subIntro', {
          agency: sub.agency.name,
          label: sub.periodLabel,
          from: formatDate(sub.cutoffFrom),
          to: formatDate(sub.cutoffTo),
          due: formatDate(sub.dueOn),
        })}
        actions={
          <>
            <Link className="btn btn-secondary" to={`${REPORT_PATHS.period}?id=${sub.periodId}`}>
              {t('reports.periodLink')}
            </Link>
            <a className="btn btn-secondary" href={`/api/v1/reports/submissions/${sub.id}/report.pdf`} target="_blank" rel="noreferrer">
              PDF
            </a>
          </>
        }
      />
      <div className="card report-status" data-testid="report-status">
        <StatusBadge s={sub} />
        {sub.signedByName && <span>{t('reports.signedBy', { name: sub.signedByName, at: formatDateTime(sub.signedAt) })}</span>}
        {sub.signedPdf && <SignedPdfLine id={sub.id} pdf={sub.signedPdf} />}
        {sub.systemFiguresAt && <span className="muted">{t('reports.figuresAt', { at: formatDateTime(sub.systemFiguresAt) })}</span>}
      </div>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {sub.status === 'returned' && sub.reviewComment && (
        <Notice kind="error">
          <strong>{t('reports.returnedWith')}</strong> {sub.reviewComment}
          {Object.entries(sub.cellComments).map(([ref, c]) => (
            <span key={ref} className="sub">
              {ref}: {c}
            </span>
          ))}
        </Notice>
      )}
      {sub.status === 'accepted' && sub.reviewComment && <Notice kind="success">{sub.reviewComment}</Notice>}
      {(errors.length > 0 || warnings.length > 0) && (
        <section className="card issues" aria-labelledby="issues" data-testid="issues">
          <h2 id="issues">{t('reports.issues', { n: errors.length, w: warnings.length })}</h2>
          <ul>
            {[...errors, ...warnings].map((i, n) => (
              <li key={n} className={i.severity === 'error' ? 'text-danger' : 'text-warning'}>
                {i.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="card action-bar">
        {can('prefill') && (
          <button
            type="button"
            className="btn btn-secondary"
            disabled={busy}
            onClick={() => run(async () => reportsApi.prefill(sub.id, (await saveFirst()).version), t('reports.prefilled'))}
            data-testid="btn-prefill"
          >
            {t('reports.prefill')}
          </button>
        )}
        {can('save') && (
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => run(() => saveFirst(), t('reports.saved'))} data-testid="btn-save">
            {t('reports.save')}
          </button>
        )}
        {can('sign') && user.roles.includes('unit_leader') && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => run(async () => reportsApi.transition(sub.id, 'sign', (await saveFirst()).version), t('reports.signedOk'))}
            data-testid="btn-sign"
          >
            {t('reports.sign')}
          </button>
        )}
        {can('submit') && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => run(() => reportsApi.transition(sub.id, 'submit', sub.version), t('reports.submittedOk'))}
            data-testid="btn-submit"
          >
            {t('reports.submit')}
          </button>
        )}
        {can('return') && (
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setReturning(true)} data-testid="btn-return">
            {t('reports.return')}
          </button>
        )}
        {can('accept') && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => run(() => reportsApi.transition(sub.id, 'accept', sub.version), t('reports.acceptedOk'))}
            data-testid="btn-accept"
          >
            {t('reports.accept')}
          </button>
        )}
        <a className="btn btn-link" href={`/api/v1/reports/submissions/${sub.id}/form.xlsx`} download>
          {t('reports.downloadForm')}
        </a>
        {can('import') && (
          <label className="btn btn-link file-label">
            {t('reports.uploadForm')}
            <input
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="visually-hidden"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void run(() => reportsApi.uploadXlsx(sub.id, sub.version, f), t('reports.uploaded'));
                e.target.value = '';
              }}
            />
          </label>
        )}
      </div>

      <section className="card" aria-labelledby="outline">
        <h2 id="outline">{t('reports.outline')}</h2>
        {sub.template.sections.map((s) => (
          <div key={s.id} className="field" style={{ marginLeft: `${(s.level ?? 0) * 1.5}rem` }}>
            <label htmlFor={`sec-${s.id}`}>
              {s.title}
              {s.required && (
                <span className="req" aria-hidden="true">
                  {' '}
                  *
                </span>
              )}
            </label>
            {s.guidance && <p className="field-hint">{s.guidance}</p>}
            <textarea
              id={`sec-${s.id}`}
              rows={3}
              value={draft.narrative[s.id] ?? ''}
              readOnly={!editable}
              data-testid={`section-${s.id}`}
              onChange={(e) => setDraft({ ...draft, narrative: { ...draft.narrative, [s.id]: e.target.value } })}
            />
          </div>
        ))}
      </section>

      {sub.template.tables.map((table) => (
        <section className="card" key={table.id}>
          <ReportGrid
            table={table}
            cell={(r, c) => {
              const ref = `${table.id}.${r.id}.${c.id}`;
              const info = cellTypes.get(ref)!;
              const fig = info.system ? sub.systemFigures[info.system] : undefined;
              const issue = issueOf(ref);
              const comment = sub.cellComments[ref];
              return (
                <td
                  key={c.id}
                  className={[info.system ? 'cell-system' : '', issue ? `cell-${issue.severity}` : '', overridden.includes(ref) ? 'cell-overridden' : ''].join(
                    ' ',
                  )}
                >
                  <input
                    aria-label={`${table.id} — ${r.label}${table.columns.length > 1 ? ' — ' + c.label : ''}`}
                    data-testid={`cell-${ref}`}
                    type={info.type === 'text' ? 'text' : 'number'}
                    step={info.type === 'percent' ? '0.01' : '1'}
                    min={info.type === 'text' ? undefined : 0}
                    className={info.type === 'text' ? 'cell-input text' : 'cell-input'}
                    readOnly={!editable}
                    value={draft.cells[ref] ?? ''}
                    onChange={(e) => setDraft({ ...draft, cells: { ...draft.cells, [ref]: e.target.value } })}
                  />
                  {fig && (
                    <span className="sys-tag" title={`${t('reports.systemFigure')}: ${showNumber(fig.value, info.type as 'integer')} — ${fig.basis}`}>
                      {t('reports.sysTag')}
                    </span>
                  )}
                  {comment && (
                    <span className="cell-comment" title={comment}>
                      !
                    </span>
                  )}
                </td>
              );
            }}
          />
          {table.note && <p className="muted">{table.note}</p>}
        </section>
      ))}

      {(overridden.length > 0 || Object.keys(draft.annotations).length > 0) && (
        <section className="card" aria-labelledby="annotations">
          <h2 id="annotations">{t('reports.annotations')}</h2>
          <p className="field-hint">{t('reports.annotationsHint')}</p>
          {[...new Set([...overridden, ...Object.keys(draft.annotations)])].map((ref) => {
            const info = cellTypes.get(ref);
            const fig = info?.system ? sub.systemFigures[info.system] : undefined;
            return (
              <div className="field" key={ref}>
                <label htmlFor={`ann-${ref}`}>{t('reports.annotationFor', { ref, value: fig ? showNumber(fig.value, 'integer') : '' })}</label>
                <textarea
                  id={`ann-${ref}`}
                  rows={2}
                  readOnly={!editable}
                  value={draft.annotations[ref] ?? ''}
                  data-testid={`annotation-${ref}`}
                  onChange={(e) => setDraft({ ...draft, annotations: { ...draft.annotations, [ref]: e.target.value } })}
                />
              </div>
            );
          })}
        </section>
      )}

      <section className="card" aria-labelledby="history">
        <h2 id="history">{t('reports.history')}</h2>
        {sub.versions.length > 0 && (
          <ul data-testid="versions">
            {sub.versions.map((v) => (
              <li key={v.versionNo}>
                {t('reports.versionLine', { n: v.versionNo, at: formatDateTime(v.submittedAt), by: v.submittedBy ?? '', signer: v.signedByName ?? '' })}
                {v.late && (
                  <>
                    {' '}
                    <Badge kind="danger">{t('reports.lateShort')}</Badge>
                  </>
                )}{' '}
                <a href={`/api/v1/reports/submissions/${sub.id}/report.pdf?version=${v.versionNo}`} target="_blank" rel="noreferrer">
                  PDF
                </a>
                {v.signedPdf && <SignedPdfLine id={sub.id} pdf={v.signedPdf} version={v.versionNo} />}
              </li>
            ))}
          </ul>
        )}
        <ol className="history">
          {sub.actions.map((a) => (
            <li key={a.seq}>
              {formatDateTime(a.at)} — {a.actor} — {t(`reports.action.${a.type}` as MessageKey)}
              {typeof a.payload.comment === 'string' && a.payload.comment ? `: ${a.payload.comment}` : ''}
            </li>
          ))}
        </ol>
      </section>

      {returning && (
        <ReturnDialog
          onClose={() => setReturning(false)}
          onSend={(comment) => {
            setReturning(false);
            void run(() => reportsApi.returnReport(sub.id, sub.version, comment), t('reports.returnedOk'));
          }}
        />
      )}
    </div>
  );
}

function ReturnDialog({ onClose, onSend }: { onClose: () => void; onSend: (comment: string) => void }) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  return (
    <Modal title={t('reports.return')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (comment.trim().length >= 3) onSend(comment.trim());
        }}
      >
        <div className="field">
          <label htmlFor="return-comment">{t('reports.returnComment')}</label>
          <textarea
            id="return-comment"
            rows={4}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            required
            minLength={3}
            data-testid="return-comment"
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-danger" data-testid="return-send">
            {t('reports.returnSend')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The verdict of the leader's digital signature on a report and the signed PDF (issue 19 §5). */
function SignedPdfLine({ id, pdf, version }: { id: string; pdf: SignedPdf; version?: number }) {
  const { t } = useI18n();
  return (
    <span className="report-signed-pdf" data-testid="report-signature">
      {' '}
      <Badge kind={pdf.status === 'valid' ? 'success' : 'danger'}>{pdf.verdict || pdf.status}</Badge>{' '}
      <a href={`/api/v1/reports/submissions/${id}/signed.pdf${version ? `?version=${version}` : ''}`} target="_blank" rel="noreferrer">
        {t('reports.signedPdf')}
      </a>
    </span>
  );
}
