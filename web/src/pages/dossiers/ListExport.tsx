import type { ApiOk } from '../../api/types';
import { useI18n } from '../../i18n';
import { ExportJobButton } from '../../components/ExportJob';
import type { DossierQuery } from './dossiersApi';

type ExportJob = ApiOk<'/api/v1/dossiers/exports/{id}'>;

/**
 * The dossier list's XLSX export as a job (issue 23): the button starts it with the list's queue
 * and filters (POST /api/v1/dossiers/exports), a progress bar shows the rows read then written
 * (polled twice a second), and the file downloads when it is done.
 */
export function ListExport({ query }: { query: DossierQuery & { queue?: string } }) {
  const { t } = useI18n();
  return (
    <ExportJobButton<ExportJob>
      startPath="/api/v1/dossiers/exports"
      body={{ ...query }}
      className="btn btn-secondary dos-book"
      testId="dossier-list-export"
      progressTestId="dossier-export-progress"
      texts={{
        button: t('dos.list.exportXlsx'),
        running: t('dos.export.running'),
        title: t('dos.list.exportXlsxTitle'),
        phase: (p) => (p === 'writing' ? t('dos.export.writing') : t('dos.export.reading')),
        progress: (done, total) => t('dos.export.progress', { done, total }),
        done: (j) => t('dos.export.done', { rows: j.result?.rows ?? 0 }),
        again: t('dos.export.again'),
        failed: t('dos.export.failed'),
      }}
    />
  );
}

type TrackingBookJob = ApiOk<'/api/v1/dossiers/tracking-book/exports/{id}'>;

/**
 * The tracking book (Sổ theo dõi hồ sơ) of the dossiers received from `from` to `to`, as a job
 * (issue 23): POST /api/v1/dossiers/tracking-book/exports, a progress bar of the lines read then
 * written, the file downloaded when done.
 */
export function TrackingBookExport({ from, to, title }: { from: string; to: string; title: string }) {
  const { t } = useI18n();
  return (
    <ExportJobButton<TrackingBookJob>
      startPath="/api/v1/dossiers/tracking-book/exports"
      body={{ from, to }}
      className="btn btn-secondary dos-book"
      testId="tracking-book-export"
      progressTestId="tracking-book-progress"
      texts={{
        button: t('dos.list.trackingBook'),
        running: t('dos.export.running'),
        title,
        phase: (p) => (p === 'writing' ? t('dos.export.writing') : t('dos.book.reading')),
        progress: (done, total) => t('dos.export.progress', { done, total }),
        done: (j) => (j.result?.truncated ? t('dos.book.truncated', { rows: j.result.rows }) : t('dos.book.done', { rows: j.result?.rows ?? 0 })),
        again: t('dos.export.again'),
        failed: t('dos.book.failed'),
      }}
    />
  );
}
