import { useEffect, useRef, useState, type ReactNode } from 'react';
import { errorText } from '../hooks';
import { useI18n } from '../i18n';
import { Notice } from './ui';
import { EXPORT_JOBS, type ExportJobPath } from './exportJobApi';

/** What every export job's progress route answers (src/platform/export-jobs.ts). */
export interface ExportJobView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  phase: string | null;
  processed: number;
  total: number;
  result: { fileName: string } | null;
  errors: { message: string }[];
}

export interface ExportJobTexts<J extends ExportJobView> {
  /** The button at rest, and while the job runs. */
  button: string;
  running: string;
  title?: string;
  /** "Đang đọc danh sách" for the job's phase. */
  phase: (phase: string | null) => string;
  /** "12 / 40 dòng"; shown when the total is known. */
  progress: (done: number, total: number) => string;
  /** The sentence beside the download link once done. */
  done: (job: J) => ReactNode;
  again: string;
  failed: string;
}

/**
 * A long export as a job (issue 23): the button POSTs `startPath` with `body`, a progress bar
 * follows the job (`startPath/{id}`, polled twice a second) and the file (`startPath/{id}/file`)
 * downloads by itself when it is done, with a link to download it again.
 */
export function ExportJobButton<J extends ExportJobView>({
  startPath,
  body,
  texts,
  className = 'btn btn-secondary',
  testId,
  progressTestId,
}: {
  startPath: ExportJobPath;
  body: Record<string, unknown>;
  texts: ExportJobTexts<J>;
  className?: string;
  testId?: string;
  progressTestId?: string;
}) {
  const { t } = useI18n();
  const [job, setJob] = useState<J | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const link = useRef<HTMLAnchorElement>(null);
  const routes = EXPORT_JOBS[startPath];
  const running = !!job && (job.status === 'queued' || job.status === 'running');

  useEffect(() => {
    if (!job) return;
    if (job.status === 'done') {
      link.current?.click();
      return;
    }
    if (job.status === 'failed') {
      setErr(job.errors.map((e) => e.message).join(' ') || texts.failed);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      (routes.get(job.id, ctl.signal) as Promise<unknown> as Promise<J>).then(setJob, (e: unknown) => {
        if (!(e instanceof DOMException)) setErr(errorText(e, t));
      });
    }, 500);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
    // `texts` is rebuilt on every render: the poll follows the job, not the texts.
  }, [job, routes, t]);

  const start = async () => {
    setErr(null);
    setJob(null);
    try {
      const sent = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
      setJob((await routes.start(sent)) as unknown as J);
    } catch (e) {
      setErr(errorText(e, t));
    }
  };

  const label = job ? texts.progress(job.processed, job.total) : '';
  return (
    <>
      <button type="button" className={className} onClick={() => void start()} disabled={running} title={texts.title} data-testid={testId}>
        {running ? texts.running : texts.button}
      </button>
      {(job || err) && (
        <div className="dos-export-status" data-testid={progressTestId}>
          {job && running && (
            <>
              <p role="status" aria-live="polite">
                {texts.phase(job.phase)}
                {job.total > 0 && <> — {label}</>}
              </p>
              <progress max={Math.max(1, job.total)} value={job.processed} aria-label={label || texts.running} style={{ width: '100%' }} />
            </>
          )}
          {job?.status === 'done' && job.result && (
            <p role="status">
              {texts.done(job)}{' '}
              <a ref={link} href={routes.file(job.id)} download={job.result.fileName}>
                {texts.again}
              </a>
            </p>
          )}
          {err && <Notice kind="error">{err}</Notice>}
        </div>
      )}
    </>
  );
}
