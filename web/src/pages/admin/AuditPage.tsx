import { useState, type FormEvent } from 'react';
import { ALL_ROLES, api, type Role } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { dayBoundary, describeSummary, formatDateTime } from '../../format';
import { LoadError, Loading, PageHeader, Pagination } from '../../components/ui';

const LIMIT = 50;

interface Filter {
  entity: string;
  actor: string;
  from: string;
  to: string;
}

const empty: Filter = { entity: '', actor: '', from: '', to: '' };

export function AuditPage() {
  const { t } = useI18n();
  useTitle(t('audit.title'));
  const [draft, setDraft] = useState<Filter>(empty);
  const [filter, setFilter] = useState<Filter>(empty);
  const [offset, setOffset] = useState(0);

  const { data, error, loading, reload } = useLoader(JSON.stringify([filter, offset]), (signal) =>
    api.audit(
      {
        entity: filter.entity,
        actor: filter.actor,
        from: dayBoundary(filter.from, false),
        to: dayBoundary(filter.to, true),
        limit: LIMIT,
        offset,
      },
      signal,
    ),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ entity: draft.entity.trim(), actor: draft.actor.trim(), from: draft.from, to: draft.to });
    setOffset(0);
  };
  const set = (k: keyof Filter) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const roleNames = (roles: string | null) =>
    (roles ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => (ALL_ROLES.includes(r as Role) ? t(`role.${r as Role}`) : r))
      .join(', ');

  return (
    <div className="admin-page">
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <form className="filters card" role="search" onSubmit={submit}>
        <div className="field">
          <label htmlFor="au-entity">{t('audit.entity')}</label>
          <input id="au-entity" value={draft.entity} onChange={set('entity')} placeholder={t('audit.entityPlaceholder')} spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="au-actor">{t('audit.actor')}</label>
          <input id="au-actor" value={draft.actor} onChange={set('actor')} placeholder={t('audit.actorPlaceholder')} spellCheck={false} autoCapitalize="none" />
        </div>
        <div className="field">
          <label htmlFor="au-from">{t('audit.from')}</label>
          <input id="au-from" type="date" value={draft.from} onChange={set('from')} max={draft.to || undefined} />
        </div>
        <div className="field">
          <label htmlFor="au-to">{t('audit.to')}</label>
          <input id="au-to" type="date" value={draft.to} onChange={set('to')} min={draft.from || undefined} />
        </div>
        <div className="filters-actions">
          <button type="submit" className="btn btn-primary">
            {t('common.search')}
          </button>
        </div>
      </form>

      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          <div className="table-wrap" aria-busy={loading}>
            <table className="data-table audit-table">
              <caption className="visually-hidden">{t('audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.entity')}</th>
                  <th scope="col">{t('audit.summary')}</th>
                  <th scope="col">{t('audit.requestId')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.length === 0 && (
                  <tr>
                    <td colSpan={6} className="empty">
                      {t('common.noResults')}
                    </td>
                  </tr>
                )}
                {data.items.map((a) => (
                  <tr key={a.id}>
                    <td className="nowrap">{formatDateTime(a.at)}</td>
                    <td>
                      <span className="mono">{a.actorUsername ?? t('common.none')}</span>
                      {a.role && <span className="sub">{roleNames(a.role)}</span>}
                    </td>
                    <td className="mono">{a.action}</td>
                    <td>
                      <span className="mono">{a.entity}</span>
                      {a.entityId && (
                        <span className="sub mono" title={t('audit.entityId')}>
                          {a.entityId}
                        </span>
                      )}
                    </td>
                    <td className="audit-summary">
                      {(() => {
                        const lines = describeSummary(a.summary);
                        if (lines.length === 0) return t('common.none');
                        return (
                          <ul className="summary-list">
                            {lines.map((l, i) => (
                              <li key={i}>
                                {l.key && <span className="summary-key">{l.key}: </span>}
                                {l.text}
                              </li>
                            ))}
                          </ul>
                        );
                      })()}
                    </td>
                    <td>
                      <span className="mono small">{a.requestId ?? t('common.none')}</span>
                      {a.ip && (
                        <span className="sub mono" title={t('audit.ip')}>
                          {a.ip}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </>
      )}
    </div>
  );
}
