import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useSubmit, useTitle } from '../../hooks';
import { Link } from '../../router';
import { Badge, Notice, PageHeader } from '../../components/ui';
import { formatDate } from '../../format';
import { AGENCY_GROUPS, tasksApi, type ImportJob, type ImportPreview, type ImportResult } from './tasksApi';
import { TASK_PATHS } from './shared';

/**
 * Import a plan's appendix (TSV/CSV, XLSX, DOCX, pasted text) in two steps: the preview shows the
 * plan and every task as they would be recorded (nothing is written), the officer confirms, then
 * reviews the agency names that did not match the directory. The import runs as a job
 * (POST /api/v1/plans/imports): a progress bar shows the tasks processed until it ends.
 */
export function PlanImportPage() {
  const { t } = useI18n();
  useTitle(t('tasks.import.title'));
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [fields, setFields] = useState({ number: '', issuedOn: '', signer: '', title: '' });
  const { busy: sending, run: attempt, error: err, setError: setErr } = useSubmit();
  const [result, setResult] = useState<ImportResult | null>(null);
  const [preview, setPreview] = useState<{ data: ImportPreview; form: FormData } | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  // Busy while a call is on its way and, after "confirm", until the import job ends.
  const busy = sending || job !== null;

  // Poll the running import twice a second until it ends; then show its result or its errors.
  useEffect(() => {
    if (!job) return;
    if (job.status === 'done' && job.result) {
      setResult(job.result as ImportResult);
      setPreview(null);
      setJob(null);
      return;
    }
    if (job.status === 'failed') {
      setErr(job.errors.map((e) => e.message).join(' ') || t('tasks.import.failed'));
      setJob(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      tasksApi.importJob(job.id, ctl.signal).then(setJob, (e: unknown) => {
        if (!(e instanceof DOMException)) {
          setErr(errorText(e, t));
          setJob(null);
        }
      });
    }, 500);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [job, t]);

  const confirm = async () => {
    if (!preview) return;
    await attempt(async () => setJob(await tasksApi.startImport(preview.form)));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v.trim()) form.append(k, v.trim());
    if (file) form.append('file', file);
    else if (pasted.trim()) form.append('file', new Blob([pasted], { type: 'text/plain' }), 'van-ban-dan.txt');
    else {
      setErr(t('tasks.import.needFile'));
      return;
    }
    await attempt(async () => setPreview({ data: await tasksApi.previewImport(form), form }));
  };
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }));

  return (
    <div className="admin-page tasks-page" data-testid="plan-import">
      <PageHeader
        title={t('tasks.import.title')}
        intro={t('tasks.import.intro')}
        actions={
          <Link className="btn btn-secondary" to={TASK_PATHS.board}>
            {t('tasks.board.title')}
          </Link>
        }
      />
      {job && <ImportProgress job={job} />}
      {preview && !result && (
        <ImportPreviewCard
          preview={preview.data}
          busy={busy}
          err={err}
          onConfirm={confirm}
          onBack={() => {
            setPreview(null);
            setErr(null);
          }}
        />
      )}
      {!result && !preview && (
        <form className="card form-grid" onSubmit={submit}>
          <div className="field">
            <label htmlFor="pi-file">{t('tasks.import.file')}</label>
            <input id="pi-file" type="file" accept=".txt,.tsv,.csv,.xlsx,.docx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            <span className="field-hint">{t('tasks.import.fileHint')}</span>
          </div>
          <div className="field">
            <label htmlFor="pi-paste">{t('tasks.import.paste')}</label>
            <textarea id="pi-paste" rows={6} value={pasted} onChange={(e) => setPasted(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="pi-number">{t('tasks.plan.number')}</label>
            <input id="pi-number" value={fields.number} onChange={set('number')} placeholder="150/KH-UBND" />
          </div>
          <div className="field">
            <label htmlFor="pi-date">{t('tasks.plan.issuedOn')}</label>
            <input id="pi-date" type="date" value={fields.issuedOn} onChange={set('issuedOn')} />
          </div>
          <div className="field">
            <label htmlFor="pi-signer">{t('tasks.plan.signer')}</label>
            <input id="pi-signer" value={fields.signer} onChange={set('signer')} />
          </div>
          <div className="field">
            <label htmlFor="pi-title">{t('tasks.plan.title')}</label>
            <input id="pi-title" value={fields.title} onChange={set('title')} placeholder={t('tasks.import.titleHint')} />
          </div>
          {err && <Notice kind="error">{err}</Notice>}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('tasks.import.previewBusy') : t('tasks.import.preview')}
            </button>
          </div>
        </form>
      )}
      {result && <ImportReview result={result} />}
    </div>
  );
}

/** The running import: its phase and a progress bar with "x / y" tasks. */
function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const phase =
    job.phase === 'matching' ? t('tasks.import.phaseMatching') : job.phase === 'writing' ? t('tasks.import.phaseWriting') : t('tasks.import.phaseReading');
  const label = t('tasks.import.progress', { done: job.processed, total: job.total });
  return (
    <section className="card" data-testid="import-progress" aria-labelledby="pi-progress">
      <h2 id="pi-progress">{t('tasks.import.running')}</h2>
      <p role="status" aria-live="polite">
        {phase}
        {job.total > 0 && <> — {label}</>}
      </p>
      <progress max={Math.max(1, job.total)} value={job.total > 0 ? job.processed : 0} aria-label={label} style={{ width: '100%' }} />
      <p className="muted small" aria-hidden="true">
        {job.processed} / {job.total}
      </p>
    </section>
  );
}

function ImportPreviewCard({
  preview,
  busy,
  err,
  onConfirm,
  onBack,
}: {
  preview: ImportPreview;
  busy: boolean;
  err: string | null;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const p = preview.plan;
  const summary = preview.sections.length
    ? t('tasks.import.previewSummarySections', { tasks: preview.taskCount, sections: preview.sections.length })
    : t('tasks.import.previewSummary', { tasks: preview.taskCount });
  return (
    <section className="card" data-testid="import-preview">
      <h2>{t('tasks.import.previewTitle')}</h2>
      <dl className="tasks-preview-plan">
        <dt>{t('tasks.plan.title')}</dt>
        <dd>{p.title}</dd>
        <dt>{t('tasks.plan.number')}</dt>
        <dd>{p.number ?? '—'}</dd>
        <dt>{t('tasks.plan.issuedOn')}</dt>
        <dd>{p.issuedOn ? formatDate(p.issuedOn) : '—'}</dd>
        <dt>{t('tasks.plan.signer')}</dt>
        <dd>{p.signer ?? '—'}</dd>
      </dl>
      <Notice kind="info">
        {summary}
        {preview.unmatched.length > 0 && <> {t('tasks.import.previewUnmatched', { names: preview.unmatched.join('; ') })}</>}
        {preview.deadlinesToReview.length > 0 && <> {t('tasks.import.previewDeadlines', { n: preview.deadlinesToReview.length })}</>}
      </Notice>
      {preview.warnings.length > 0 && (
        <ul>
          {preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="table-wrap" tabIndex={0}>
        <table className="data-table">
          <caption className="visually-hidden">{summary}</caption>
          <thead>
            <tr>
              <th>{t('tasks.import.col.number')}</th>
              <th>{t('tasks.import.col.content')}</th>
              <th>{t('tasks.import.col.lead')}</th>
              <th>{t('tasks.import.col.support')}</th>
              <th>{t('tasks.import.col.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.tasks.map((x, i) => (
              <tr key={i}>
                <td>{x.number}</td>
                <td>
                  {x.section && i > 0 && preview.tasks[i - 1].section === x.section ? null : x.section && <div className="muted small">{x.section}</div>}
                  {x.content}
                </td>
                <td>
                  {x.lead}
                  {x.unmatched.length > 0 && (
                    <div>
                      <Badge kind="warning">{t('tasks.unmatched')}</Badge> {x.unmatched.join('; ')}
                    </div>
                  )}
                </td>
                <td>{x.support}</td>
                <td>
                  {x.deadline}
                  {x.needsReview && (
                    <div>
                      <Badge kind="warning">{t('tasks.import.needsReview')}</Badge>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {err && <Notice kind="error">{err}</Notice>}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={onConfirm}>
          {busy ? t('tasks.import.busy') : t('tasks.import.confirm', { tasks: preview.taskCount })}
        </button>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={onBack}>
          {t('tasks.import.back')}
        </button>
      </div>
    </section>
  );
}

function ImportReview({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  const review = useLoader(result.plan.id + ':review', (s) => tasksApi.review(result.plan.id, s));
  const agencies = useLoader('agencies', (s) => api.agencies({ limit: 500 }, s));
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<string | null>(null);
  const current = agencies.data?.items.filter((a) => a.validTo === null) ?? [];
  const map = async (written: string) => {
    const v = choice[written];
    if (!v) return;
    try {
      const group = AGENCY_GROUPS.find((g) => `group:${g}` === v);
      const r = await tasksApi.mapAgency(result.plan.id, group ? { written, group } : { written, agencyId: v });
      setMsg(t('tasks.review.mapped', { written, tasks: r.tasks }));
      review.reload();
    } catch (e) {
      setMsg(errorText(e, t));
    }
  };
  return (
    <section className="card" data-testid="import-result">
      <Notice kind="success">
        {result.sections.length
          ? t('tasks.import.done', { tasks: result.taskCount, sections: result.sections.length })
          : t('tasks.import.doneNoSections', { tasks: result.taskCount })}
      </Notice>
      <h2>{result.plan.title}</h2>
      {result.sections.length > 0 && (
        <ul className="sections">
          {result.sections.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
      {review.data && review.data.unmatched.length > 0 && <h3>{t('tasks.review.unmatched')}</h3>}
      {msg && <Notice kind="info">{msg}</Notice>}
      {review.data && review.data.unmatched.length === 0 && <p>{t('tasks.review.allMatched')}</p>}
      {review.data && review.data.unmatched.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('tasks.review.written')}</th>
                <th>{t('tasks.review.inTasks')}</th>
                <th>{t('tasks.review.mapTo')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {review.data.unmatched.map((u) => (
                <tr key={u.written + u.role}>
                  <td>
                    <Badge kind="warning">{t('tasks.unmatched')}</Badge> {u.written}
                  </td>
                  <td>{u.tasks.join(', ')}</td>
                  <td>
                    <select
                      aria-label={t('tasks.review.mapTo') + ' ' + u.written}
                      value={choice[u.written] ?? ''}
                      onChange={(e) => setChoice((c) => ({ ...c, [u.written]: e.target.value }))}
                    >
                      <option value="">—</option>
                      {AGENCY_GROUPS.map((g) => (
                        <option key={g} value={`group:${g}`}>
                          {t(`tasks.group.${g}`)}
                        </option>
                      ))}
                      {current.map((a) => (
                        <option key={a.id} value={a.id}>
                          {a.shortName ?? a.name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button type="button" className="btn btn-small btn-primary" onClick={() => map(u.written)}>
                      {t('tasks.review.map')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.deadlinesToReview.length > 0 && (
        <>
          <h3>{t('tasks.review.deadlines')}</h3>
          <ul>
            {result.deadlinesToReview.map((d) => (
              <li key={(d.number ?? '') + d.text}>
                {d.number}. {d.text}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link className="btn btn-primary" to={`${TASK_PATHS.board}`}>
          {t('tasks.import.toBoard')}
        </Link>
      </p>
    </section>
  );
}
