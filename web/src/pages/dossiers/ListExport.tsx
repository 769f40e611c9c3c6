import { useEffect, useRef, useState } from 'react';
import { request } from '../../api';
import type { ApiOk } from '../../api/types';
import { errorText } from '../../hooks';
import { useI18n } from '../../i18n';
import { Notice } from '../../components/ui';
import type { DossierQuery } from './dossiersApi';

type ExportJob = ApiOk<'/api/v1/dossiers/exports/{id}'>;

const fileUrl = (id: string) => `/api/v1/dossiers/exports/${id}/file`;

/**
 * The dossier list's XLSX export as a job (issue 23): the button starts it with the list's queue
 * and filters (POST /api/v1/dossiers/exports), a progress bar shows the rows read then written
 * (polled twice a second), and the file downloads when it is done.
 */
export function ListExport({ query }: { query: DossierQuery & { queue?: string } }) {
  const { t } = useI18n();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const link = useRef<HTMLAnchorElement>(null);
  const running = !!job && (job.status === 'queued' || job.status === 'running');

  useEffect(() => {
    if (!job) return;
    if (job.status === 'done') {
      link.current?.click();
      return;
    }
    if (job.status === 'failed') {
      setErr(job.errors.map((e) => e.message).join(' ') || t('dos.export.failed'));
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      request<ExportJob>(`/api/v1/dossiers/exports/${job.id}`, { signal: ctl.signal }).then(setJob, (e: unknown) => {
        if (!(e instanceof DOMException)) setErr(errorText(e, t));
      });
    }, 500);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [job, t]);

  const start = async () => {
    setErr(null);
    setJob(null);
    try {
      const body = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
      setJob(await request<ExportJob>('/api/v1/dossiers/exports', { method: 'POST', body }));
    } catch (e) {
      setErr(errorText(e, t));
    }
  };

  const phase = job?.phase === 'writing' ? t('dos.export.writing') : t('dos.export.reading');
  const label = t('dos.export.progress', { done: job?.processed ?? 0, total: job?.total ?? 0 });
  return (
    <>
      <button type="button" className="btn btn-secondary dos-book" onClick={() => void start()} disabled={running} title={t('dos.list.exportXlsxTitle')} data-testid="dossier-list-export">
        {running ? t('dos.export.running') : t('dos.list.exportXlsx')}
      </button>
      {(job || err) && (
        <div className="dos-export-status" data-testid="dossier-export-progress">
          {job && running && (
            <>
              <p role="status" aria-live="polite">{phase}{job.total > 0 && <> — {label}</>}</p>
              <progress max={Math.max(1, job.total)} value={job.processed} aria-label={label} style={{ width: '100%' }} />
            </>
          )}
          {job?.status === 'done' && job.result && (
            <p role="status">
              {t('dos.export.done', { rows: job.result.rows })}{' '}
              <a ref={link} href={fileUrl(job.id)} download={job.result.fileName}>{t('dos.export.again')}</a>
            </p>
          )}
          {err && <Notice kind="error">{err}</Notice>}
        </div>
      )}
    </>
  );
}
