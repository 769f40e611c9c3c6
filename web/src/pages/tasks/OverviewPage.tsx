import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { formatDate } from '../../format';
import { Link } from '../../router';
import { LoadError, Loading, PageHeader } from '../../components/ui';
import { DataTable, type Column } from '../../components/DataTable';
import { tasksApi, TASK_STATUSES, type OverviewRow } from './tasksApi';
import { StatusBadge, TASK_PATHS } from './shared';

/** Leader's overview: completion and lateness by agency, with a bar per agency. */
export function TasksOverviewPage() {
  const { t } = useI18n();
  useTitle(t('tasks.overview.title'));
  const { data, error, loading, reload } = useLoader('overview', (s) => tasksApi.overview(undefined, s));
  const columns: Column<OverviewRow>[] = [
    { header: t('tasks.overview.agency'), cell: (a) => a.agencyName },
    { header: t('tasks.overview.assigned'), cell: (a) => a.assigned },
    { header: t('tasks.status.done'), cell: (a) => a.done },
    { header: t('tasks.status.done_late'), cell: (a) => a.doneLate },
    { header: t('tasks.status.in_progress'), cell: (a) => a.inProgress },
    { header: t('tasks.status.overdue'), className: (a) => (a.overdue ? 'text-danger' : undefined), cell: (a) => a.overdue },
    { header: t('tasks.overview.rate'), cell: (a) => `${a.completionRate.toLocaleString('vi-VN')}%` },
    {
      header: null,
      headerProps: { 'aria-label': t('tasks.overview.chart') },
      className: 'bar-cell',
      cell: (a) => (
        <div className="stack-bar" role="img" aria-label={t('tasks.overview.barLabel', { done: a.done + a.doneLate, overdue: a.overdue, total: a.assigned })}>
          {(['done', 'doneLate', 'inProgress', 'overdue', 'notStarted', 'cannotDo'] as const).map((k) =>
            a[k] ? <span key={k} className={`seg seg-${k}`} style={{ width: `${(a[k] / a.assigned) * 100}%` }} /> : null,
          )}
        </div>
      ),
    },
  ];
  return (
    <div className="admin-page tasks-page" data-testid="tasks-overview">
      <PageHeader
        title={t('tasks.overview.title')}
        intro={data ? t('tasks.overview.asOf', { date: formatDate(data.asOf) }) : undefined}
        actions={
          <Link className="btn btn-secondary" to={TASK_PATHS.board}>
            {t('tasks.board.title')}
          </Link>
        }
      />
      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          <div className="card status-totals">
            <strong>{t('tasks.overview.tasks', { n: data.totals.tasks })}</strong>
            {TASK_STATUSES.map((s) => (
              <span key={s} className="status-total">
                <StatusBadge status={s} /> {data.totals.byStatus[s] ?? 0}
              </span>
            ))}
          </div>
          <DataTable columns={columns} rows={data.agencies} rowKey={(a) => a.agencyId} />
        </>
      )}
    </div>
  );
}
