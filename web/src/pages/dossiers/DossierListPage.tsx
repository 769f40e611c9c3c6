import { useState, type FormEvent } from 'react';
import type { User } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { formatDate, todayInVietnam } from '../../format';
import { Link, navigate, useLocation } from '../../router';
import { withQuery } from '../../api';
import { LoadError, Loading, PageHeader, Pagination } from '../../components/ui';
import { CHANNELS, isQueueTab, QUEUE_TABS, type QueueTab } from './dossierRules';
import { dossiersApi, type Channel, type DossierQuery } from './dossiersApi';
import { ListExport, TrackingBookExport } from './ListExport';
import { Appointment, detailPath, FlagBadges, Remaining, StatusBadge } from './shared';

const LIMIT = 50;

interface Filters {
  procedure: string;
  channel: '' | Channel;
  status: string;
  from: string;
  to: string;
  q: string;
}
const NO_FILTERS: Filters = { procedure: '', channel: '', status: '', from: '', to: '', q: '' };

function toQuery(f: Filters): DossierQuery {
  return {
    procedure: f.procedure.trim() || undefined,
    channel: f.channel || undefined,
    status: f.status ? Number(f.status) : undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    q: f.q.trim() || undefined,
  };
}

/** /mot-cua/ho-so and /xu-ly/ho-so — the staff's dossier queues with counts, filters and the list. */
export function DossierListPage({ user, basePath }: { user: User; basePath: string }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const tabParam = search.get('hang');
  const tab: QueueTab = isQueueTab(tabParam) ? tabParam : 'department';
  const title = user.roles.includes('one_stop_officer') ? t('dos.list.titleOffice') : t('dos.list.titleProcess');
  useTitle(title);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  // On a phone the extra filters fold away under "Lọc thêm" (CSS shows them always on wider screens).
  const [moreOpen, setMoreOpen] = useState(false);
  const query = toQuery(filters);
  const list = useLoader(JSON.stringify([tab, query, offset]), (signal) =>
    dossiersApi.list({ ...query, queue: tab === 'all' ? undefined : tab, limit: LIMIT, offset }, signal),
  );
  // Queue counts are over open dossiers; "Tất cả" (every dossier kept, closed ones included) is not
  // counted — its number shows only once its last page is reached.
  const counts = list.data?.counts ?? null;
  const countOf = (q: QueueTab) => (q === 'all' ? (tab === 'all' ? (list.data?.total ?? undefined) : undefined) : counts?.[q]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setOffset(0);
  };
  const reset = () => {
    setDraft(NO_FILTERS);
    setFilters(NO_FILTERS);
    setOffset(0);
  };
  const selectTab = (q: QueueTab) => {
    setOffset(0);
    navigate(withQuery(basePath, { hang: q }), { replace: true });
  };
  const canExport = user.roles.some((r) => r === 'one_stop_officer' || r === 'unit_leader');
  const exportFrom = filters.from || todayInVietnam().slice(0, 8) + '01';
  const exportTo = filters.to || todayInVietnam();

  return (
    <div className="dos-page">
      <PageHeader
        title={title}
        intro={t('dos.list.intro', { agency: user.agency?.name ?? '' })}
        actions={
          <>
            <ListExport query={{ ...query, queue: tab === 'all' ? undefined : tab }} />
            {canExport && (
              <TrackingBookExport
                from={exportFrom}
                to={exportTo}
                title={t('dos.list.trackingBookRange', { from: formatDate(exportFrom), to: formatDate(exportTo) })}
              />
            )}
          </>
        }
      />
      <div className="dos-tabs" role="tablist" aria-label={t('dos.list.queues')} data-testid="queue-tabs">
        {QUEUE_TABS.map((q) => {
          const n = countOf(q);
          return (
            <button
              key={q}
              type="button"
              role="tab"
              id={`tab-${q}`}
              aria-selected={tab === q}
              aria-controls="dossier-list"
              className={`dos-tab${tab === q ? ' is-active' : ''}${q === 'overdue' && n ? ' is-alert' : ''}`}
              onClick={() => selectTab(q)}
            >
              {t(`dos.queue.${q}`)} {n !== undefined && n !== null && <span className="dos-count">{n}</span>}
            </button>
          );
        })}
      </div>
      <form className="filters card dos-filters" role="search" onSubmit={submit}>
        <div className="field grow">
          <label htmlFor="df-q">{t('common.keyword')}</label>
          <input
            id="df-q"
            type="search"
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            placeholder={t('dos.list.searchPlaceholder')}
          />
        </div>
        <button
          type="button"
          className="btn btn-link dos-more-toggle"
          aria-expanded={moreOpen}
          aria-controls="dos-more-filters"
          onClick={() => setMoreOpen((o) => !o)}
        >
          {moreOpen ? '▾' : '▸'} {t('dos.list.moreFilters')}
        </button>
        <div id="dos-more-filters" className={moreOpen ? 'dos-more-filters is-open' : 'dos-more-filters'}>
          <div className="field">
            <label htmlFor="df-proc">{t('dos.list.procedureCode')}</label>
            <input
              id="df-proc"
              value={draft.procedure}
              onChange={(e) => setDraft({ ...draft, procedure: e.target.value })}
              placeholder="2.000488"
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor="df-channel">{t('dos.field.channel')}</label>
            <select id="df-channel" value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: e.target.value as Filters['channel'] })}>
              <option value="">{t('common.all')}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`dos.channel.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="df-status">{t('dos.field.status')}</label>
            <select id="df-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => (
                <option key={s} value={s}>
                  {s}. {t(`dos.status.${s}` as 'dos.status.1')}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="df-from">{t('dos.list.receivedFrom')}</label>
            <input id="df-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="df-to">{t('dos.list.receivedTo')}</label>
            <input id="df-to" type="date" value={draft.to} min={draft.from || undefined} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
        </div>
        <div className="filters-actions">
          <button type="submit" className="btn btn-primary">
            {t('common.search')}
          </button>{' '}
          <button type="button" className="btn btn-link" onClick={reset}>
            {t('dos.list.clear')}
          </button>
        </div>
      </form>
      {list.error != null && <LoadError error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div id="dossier-list" role="tabpanel" aria-labelledby={`tab-${tab}`}>
          {/* A search over every dossier answers newest first (the queues keep their appointment order). */}
          {tab === 'all' && query.q && (
            <p className="muted" data-testid="search-order">
              {t('dos.list.searchNewestFirst')}
            </p>
          )}
          <div className="table-wrap dos-table-wrap" tabIndex={0} aria-busy={list.loading}>
            <table className="data-table dos-table" data-testid="dossier-table">
              <caption className="visually-hidden">{t(`dos.queue.${tab}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dos.field.code')}</th>
                  <th scope="col">{t('dos.field.procedure')}</th>
                  <th scope="col">{t('dos.field.applicant')}</th>
                  <th scope="col">{t('dos.field.received')}</th>
                  <th scope="col">{t('dos.field.appointment')}</th>
                  <th scope="col">{t('dos.field.remaining')}</th>
                  <th scope="col">{t('dos.field.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={7} className="empty">
                      {t('dos.list.empty')}
                    </td>
                  </tr>
                )}
                {list.data.items.map((d) => (
                  <tr key={d.id} className={d.late ? 'is-late' : undefined} data-code={d.code}>
                    <td data-label={t('dos.field.code')}>
                      <div>
                        <Link to={detailPath(d.id)} className="mono dos-code-link">
                          {d.code}
                        </Link>
                        <span className="sub">{t(`dos.channel.${d.channel}`)}</span>
                      </div>
                    </td>
                    <td data-label={t('dos.field.procedure')}>
                      <div>
                        <span className="dos-proc-name">{d.procedure.name}</span>
                        <span className="sub mono">{d.procedure.code}</span>
                      </div>
                    </td>
                    <td data-label={t('dos.field.applicant')}>
                      <div>{d.applicant.name}</div>
                    </td>
                    <td data-label={t('dos.field.received')} className="nowrap">
                      <div>{formatDate(d.receivedAt ?? d.submittedAt) || '—'}</div>
                    </td>
                    <td data-label={t('dos.field.appointment')}>
                      <div>
                        <Appointment iso={d.appointment.current} compact />
                      </div>
                    </td>
                    <td data-label={t('dos.field.remaining')}>
                      <div>
                        <Remaining d={d} />
                      </div>
                    </td>
                    <td data-label={t('dos.field.status')}>
                      <div>
                        <span className="badge-list">
                          <StatusBadge status={d.status} />
                          <FlagBadges flags={d.flags} />
                        </span>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={list.data.total} hasMore={list.data.hasMore} shown={list.data.items.length} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      )}
    </div>
  );
}
