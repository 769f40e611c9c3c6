import { useState } from 'react';
import { useLoader, useTitle } from '../../hooks';
import { useI18n } from '../../i18n';
import { useLocation, navigate } from '../../router';
import { LoadError, Loading, PageHeader } from '../../components/ui';
import { NOTIFICATION_PATHS, notificationsApi } from './notificationsApi';

const STATUS_KEYS = ['not_started', 'in_progress', 'done', 'done_late', 'overdue', 'cannot_do'] as const;

/** The previous month in Vietnam, yyyy-mm (the digest made on the 1st covers it). */
function lastMonth(): string {
  const v = new Date(Date.now() + 7 * 3_600_000);
  const d = new Date(Date.UTC(v.getUTCFullYear(), v.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** The monthly task digest sent to the provincial office (GET /api/v1/tasks/digest). */
export function TaskDigestPage() {
  const { t } = useI18n();
  useTitle(t('digest.title'));
  const { search } = useLocation();
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(search.get('thang') ?? '') ? search.get('thang')! : lastMonth();
  const [picked, setPicked] = useState(month);
  const d = useLoader(`digest:${month}`, (signal) => notificationsApi.digest(month, signal));
  const [y, m] = month.split('-');
  return (
    <div className="digest-page">
      <PageHeader title={t('digest.title')} intro={t('digest.intro', { month: `${m}/${y}` })} />
      <form
        className="digest-month"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`${NOTIFICATION_PATHS.digest}?thang=${picked}`);
        }}
      >
        <label>
          {t('digest.month')} <input type="month" value={picked} onChange={(e) => setPicked(e.target.value)} required />
        </label>
        <button type="submit" className="btn btn-secondary">
          {t('common.search')}
        </button>
      </form>
      {d.loading && !d.data ? (
        <Loading />
      ) : d.error ? (
        <LoadError error={d.error} onRetry={d.reload} />
      ) : d.data ? (
        <>
          <dl className="digest-totals" data-testid="digest-totals">
            <div>
              <dt>{t('digest.total')}</dt>
              <dd>{d.data.overview.totals.tasks}</dd>
            </div>
            {STATUS_KEYS.map((s) => (
              <div key={s}>
                <dt>{t(`digest.status.${s}`)}</dt>
                <dd>{d.data!.overview.totals.byStatus[s] ?? 0}</dd>
              </div>
            ))}
          </dl>
          <div className="table-wrap">
            <table className="data-table digest-table">
              <caption>{t('digest.byAgency')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('digest.agency')}</th>
                  <th scope="col">{t('digest.total')}</th>
                  <th scope="col">{t('digest.status.done')}</th>
                  <th scope="col">{t('digest.status.overdue')}</th>
                </tr>
              </thead>
              <tbody>
                {[...d.data.overview.agencies]
                  .sort((a, b) => b.overdue - a.overdue)
                  .map((a) => (
                    <tr key={a.agencyId} className={a.overdue > 0 ? 'row-late' : undefined}>
                      <th scope="row">{a.agencyName}</th>
                      <td>{a.assigned}</td>
                      <td>{a.done + a.doneLate}</td>
                      <td>{a.overdue}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
