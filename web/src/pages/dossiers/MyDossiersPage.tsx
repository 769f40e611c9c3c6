import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { formatDate } from '../../format';
import { Link } from '../../router';
import { PATHS } from '../../nav';
import { Badge, LoadError, Loading, PageHeader, Pagination } from '../../components/ui';
import { dossiersApi } from './dossiersApi';
import { Appointment, detailPath, Remaining, StatusBadge } from './shared';

const LIMIT = 20;

/** /cong-dan/ho-so — a citizen's own dossiers, newest first (the API returns only theirs); an overdue one is marked. */
export function MyDossiersPage() {
  const { t } = useI18n();
  useTitle(t('dos.mine.title'));
  const [offset, setOffset] = useState(0);
  const { data, error, loading, reload } = useLoader(`mine:${offset}`, (signal) => dossiersApi.list({ limit: LIMIT, offset }, signal));
  return (
    <div className="dos-page">
      <PageHeader title={t('dos.mine.title')} intro={t('dos.mine.intro')} />
      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && (
        <div className="card">
          <p>{t('dos.mine.empty')}</p>
          <Link to={PATHS.procedures} className="btn btn-primary">
            {t('dos.mine.find')}
          </Link>
        </div>
      )}
      {data && data.items.length > 0 && (
        <>
          <ul className="dos-cards" data-testid="my-dossiers">
            {data.items.map((d) => (
              <li key={d.id} className="card dos-card">
                <div className="dos-card-head">
                  <Link to={detailPath(d.id)} className="mono dos-code-link">
                    {d.code}
                  </Link>
                  <span>
                    <StatusBadge status={d.status} />
                    {d.late && !d.processingEndedAt && d.remaining && (
                      <>
                        {' '}
                        <Badge kind="danger">{t('dos.mine.overdue')}</Badge>
                      </>
                    )}
                  </span>
                </div>
                <p className="dos-card-proc">{d.procedure.name}</p>
                <dl className="dos-card-facts">
                  <div>
                    <dt>{d.receivedAt ? t('dos.field.received') : t('dos.lookup.submitted')}</dt>
                    <dd>{formatDate(d.receivedAt ?? d.submittedAt) || '—'}</dd>
                  </div>
                  <div>
                    <dt>{t('dos.field.appointment')}</dt>
                    <dd>
                      <Appointment iso={d.appointment.current} />
                    </dd>
                  </div>
                  {d.remaining && (
                    <div>
                      <dt>{t('dos.field.remaining')}</dt>
                      <dd>
                        <Remaining d={d} />
                      </dd>
                    </div>
                  )}
                  <div>
                    <dt>{t('dos.detail.receivingAgency')}</dt>
                    <dd>{d.receivingAgency?.name ?? '—'}</dd>
                  </div>
                </dl>
                <Link to={detailPath(d.id)} className="btn btn-secondary btn-small">
                  {t('dos.mine.open')}
                </Link>
              </li>
            ))}
          </ul>
          <Pagination total={data.total} hasMore={data.hasMore} shown={data.items.length} limit={LIMIT} offset={offset} onChange={setOffset} />
        </>
      )}
    </div>
  );
}
