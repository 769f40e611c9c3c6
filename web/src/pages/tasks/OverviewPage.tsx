import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { formatDate } from '../../format';
import { Link } from '../../router';
import { LoadError, Loading, PageHeader } from '../../components/ui';
import { tasksApi, TASK_STATUSES } from './tasksApi';
import { StatusBadge, TASK_PATHS } from './shared';

/** Leader's overview: completion and lateness by agency, with a bar per agency. */
export function TasksOverviewPage() {
  const { t } = useI18n();
  useTitle(t('tasks.overview.title'));
  const { data, error, loading, reload } = useLoader('overview', (s) => tasksApi.overview(undefined, s));
  return (
    <div className="admin-page tasks-page" data-testid="tasks-overview">
      <PageHeader title={t('tasks.overview.title')} intro={data ? t('tasks.overview.asOf', { date: formatDate(data.asOf) }) : undefined} actions={<Link className="btn btn-secondary" to={TASK_PATHS.board}>{t('tasks.board.title')}</Link>} />
      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          <div className="card status-totals">
            <strong>{t('tasks.overview.tasks', { n: data.totals.tasks })}</strong>
            {TASK_STATUSES.map((s) => (
              <span key={s} className="status-total"><StatusBadge status={s} /> {data.totals.byStatus[s] ?? 0}</span>
            ))}
          </div>
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('tasks.overview.agency')}</th>
                  <th scope="col">{t('tasks.overview.assigned')}</th>
                  <th scope="col">{t('tasks.status.done')}</th>
                  <th scope="col">{t('tasks.status.done_late')}</th>
                  <th scope="col">{t('tasks.status.in_progress')}</th>
                  <th scope="col">{t('tasks.status.overdue')}</th>
                  <th scope="col">{t('tasks.overview.rate')}</th>
                  <th scope="col" aria-label={t('tasks.overview.chart')} />
                </tr>
              </thead>
              <tbody>
                {data.agencies.map((a) => (
                  <tr key={a.agencyId}>
                    <td>{a.agencyName}</td>
                    <td>{a.assigned}</td>
                    <td>{a.done}</td>
                    <td>{a.doneLate}</td>
                    <td>{a.inProgress}</td>
                    <td className={a.overdue ? 'text-danger' : ''}>{a.overdue}</td>
                    <td>{a.completionRate.toLocaleString('vi-VN')}%</td>
                    <td className="bar-cell">
                      <div className="stack-bar" role="img" aria-label={t('tasks.overview.barLabel', { done: a.done + a.doneLate, overdue: a.overdue, total: a.assigned })}>
                        {(['done', 'doneLate', 'inProgress', 'overdue', 'notStarted', 'cannotDo'] as const).map((k) =>
                          a[k] ? <span key={k} className={`seg seg-${k}`} style={{ width: `${(a[k] / a.assigned) * 100}%` }} /> : null,
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
