import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useTitle } from '../../hooks';
import { formatDateTime } from '../../format';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { DataTable, type Column } from '../../components/DataTable';
import { historyApi, type HistoryImportJob } from './historyImportApi';

const active = (j: HistoryImportJob) => j.status === 'queued' || j.status === 'running';

/** Administrators: import a province's historical dossiers (docs/history-import.md), dry run first. */
export function HistoryImportPage() {
  const { t } = useI18n();
  useTitle(t('historyImport.title'));
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<HistoryImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const runs = useLoader(String(tick), (signal) => historyApi.list(signal));
  const input = useRef<HTMLInputElement>(null);

  // Poll the running job once a second until it ends.
  useEffect(() => {
    if (!job || !active(job)) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      historyApi
        .get(job.id, ctl.signal)
        .then((j) => {
          setJob(j);
          if (!active(j)) setTick((n) => n + 1);
        })
        .catch((e: unknown) => {
          if (!(e instanceof DOMException)) setError(errorText(e, t));
        });
    }, 1000);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [job, t]);

  const start = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    try {
      setJob(await historyApi.upload(file, dryRun));
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  const errorColumns: Column<HistoryImportJob['errors'][number]>[] = [
    { header: t('historyImport.where'), nowrap: true, rowHeader: true, cell: (e) => e.where },
    { header: t('historyImport.ref'), className: 'mono', cell: (e) => e.ref ?? '—' },
    { header: t('historyImport.action'), className: 'num', cell: (e) => e.action ?? '—' },
    {
      header: t('historyImport.reason'),
      cell: (e) => (
        <>
          {e.message} <span className="sub mono small">{e.code}</span>
        </>
      ),
    },
  ];
  const runColumns: Column<HistoryImportJob>[] = [
    { header: t('historyImport.when'), nowrap: true, rowHeader: true, cell: (j) => formatDateTime(j.createdAt) },
    {
      header: t('historyImport.file'),
      cell: (j) => (
        <>
          {j.fileName ?? '—'} <span className="sub">{j.format.toUpperCase()}</span>
        </>
      ),
    },
    {
      header: t('historyImport.kind'),
      cell: (j) => (j.dryRun ? <Badge kind="neutral">{t('historyImport.dryRun')}</Badge> : <Badge kind="success">{t('historyImport.real')}</Badge>),
    },
    { header: t('historyImport.result'), cell: (j) => j.phase },
    { header: t('historyImport.by'), className: 'mono', cell: (j) => j.createdBy ?? t('historyImport.system') },
  ];

  const pct = job && job.total > 0 ? Math.round((100 * job.processed) / job.total) : 0;
  return (
    <div className="admin-page">
      <PageHeader title={t('historyImport.title')} intro={t('historyImport.intro')} />
      <section className="card" aria-labelledby="hi-upload">
        <h2 id="hi-upload">{t('historyImport.upload')}</h2>
        <p>{t('historyImport.formatHint')}</p>
        <div className="form-row">
          <label htmlFor="hi-file">{t('historyImport.fileLabel')}</label>
          <input
            id="hi-file"
            ref={input}
            type="file"
            accept=".ndjson,.jsonl,.xlsx,.zip,application/x-ndjson,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/zip"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div className="actions">
          <button
            type="button"
            className="btn btn-secondary"
            disabled={!file || (!!job && active(job))}
            onClick={() => void start(true)}
            data-testid="history-dry-run"
          >
            {t('historyImport.runDry')}
          </button>
          <button type="button" className="btn" disabled={!file || (!!job && active(job))} onClick={() => void start(false)} data-testid="history-import">
            {t('historyImport.runReal')}
          </button>
        </div>
        {error && <Notice kind="error">{error}</Notice>}
      </section>
      {job && (
        <section className="card" aria-labelledby="hi-job" data-testid="history-job">
          <h2 id="hi-job">{job.dryRun ? t('historyImport.dryReport') : t('historyImport.realReport')}</h2>
          <p role="status" aria-live="polite">
            {job.phase}
          </p>
          <progress
            max={100}
            value={active(job) ? pct : 100}
            aria-label={t('historyImport.progress', { done: job.processed, total: job.total })}
            style={{ width: '100%' }}
          />
          <p>{t('historyImport.counts', { total: job.total, imported: job.imported, unchanged: job.unchanged, rejected: job.rejected })}</p>
          {!active(job) && job.status === 'succeeded' && job.rejected === 0 && (
            <Notice kind="success">{job.dryRun ? t('historyImport.dryOk') : t('historyImport.realOk')}</Notice>
          )}
          {job.errors.length > 0 && (
            <DataTable
              columns={errorColumns}
              rows={job.errors}
              rowKey={(e) => `${e.where}:${e.code}:${e.action ?? ''}:${e.message.slice(0, 40)}`}
              caption={t('historyImport.errors')}
              testId="history-errors"
            />
          )}
        </section>
      )}
      <h2>{t('historyImport.runs')}</h2>
      {runs.error && !runs.data ? <LoadError error={runs.error} onRetry={runs.reload} /> : null}
      {!runs.data && !runs.error ? <Loading /> : null}
      {runs.data && (
        <DataTable
          columns={runColumns}
          rows={runs.data.items}
          rowKey={(j) => j.id}
          caption={t('historyImport.runs')}
          empty={t('historyImport.none')}
          testId="history-runs"
        />
      )}
    </div>
  );
}
