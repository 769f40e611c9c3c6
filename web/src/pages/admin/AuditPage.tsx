import { ALL_ROLES, api, type AuditEntry, type Role } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { dayBoundary, describeSummary, formatDateTime } from '../../format';
import { PageHeader } from '../../components/ui';
import { auditActionText, auditEntityText } from './auditText';
import { PagedTable, type Column } from '../../components/DataTable';
import { FilterBar, FilterInput, useListFilter } from '../../components/filters';

const LIMIT = 50;

export function AuditPage() {
  const { t } = useI18n();
  useTitle(t('audit.title'));
  const { draft, set, filter, apply, offset, setOffset, key } = useListFilter({ entity: '', actor: '', from: '', to: '' });

  const list = useLoader(key, (signal) =>
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

  const roleNames = (roles: string | null) =>
    (roles ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => (ALL_ROLES.includes(r as Role) ? t(`role.${r as Role}`) : r))
      .join(', ');

  const columns: Column<AuditEntry>[] = [
    { header: t('audit.at'), nowrap: true, cell: (a) => formatDateTime(a.at) },
    {
      header: t('audit.actor'),
      cell: (a) => (
        <>
          <span>{a.actorName ?? a.actorUsername ?? t('common.none')}</span>
          {a.role && <span className="sub">{roleNames(a.role)}</span>}
        </>
      ),
    },
    { header: t('audit.action'), cell: (a) => auditActionText(t, a.action) },
    { header: t('audit.entity'), cell: (a) => auditEntityText(t, a.entity) },
    {
      header: t('audit.summary'),
      className: 'audit-summary',
      cell: (a) => {
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
      },
    },
    {
      // Codes, ids, username and raw JSON: one click away.
      header: t('audit.technical'),
      cell: (a) => (
        <details className="audit-tech">
          <summary>{t('audit.technical')}</summary>
          <dl className="mono small">
            <dt>{t('audit.action')}</dt>
            <dd>{a.action}</dd>
            <dt>{t('audit.actor')}</dt>
            <dd>{a.actorUsername ?? t('common.none')}</dd>
            <dt>{t('audit.entity')}</dt>
            <dd>
              {a.entity}
              {a.entityId ? ` ${a.entityId}` : ''}
            </dd>
            <dt>{t('audit.requestId')}</dt>
            <dd>{a.requestId ?? t('common.none')}</dd>
            {a.ip && (
              <>
                <dt>{t('audit.ip')}</dt>
                <dd>{a.ip}</dd>
              </>
            )}
          </dl>
          <pre>{JSON.stringify(a.summary, null, 2)}</pre>
        </details>
      ),
    },
  ];

  return (
    <div className="admin-page">
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <FilterBar onSubmit={apply}>
        <FilterInput
          id="au-entity"
          label={t('audit.entity')}
          value={draft.entity}
          onChange={(v) => set('entity', v)}
          placeholder={t('audit.entityPlaceholder')}
          spellCheck={false}
        />
        <FilterInput
          id="au-actor"
          label={t('audit.actor')}
          value={draft.actor}
          onChange={(v) => set('actor', v)}
          placeholder={t('audit.actorPlaceholder')}
          spellCheck={false}
          autoCapitalize="none"
        />
        <FilterInput id="au-from" label={t('audit.from')} type="date" value={draft.from} onChange={(v) => set('from', v)} max={draft.to || undefined} />
        <FilterInput id="au-to" label={t('audit.to')} type="date" value={draft.to} onChange={(v) => set('to', v)} min={draft.from || undefined} />
      </FilterBar>

      <PagedTable
        list={list}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        columns={columns}
        rowKey={(a) => a.id}
        caption={t('audit.title')}
        className="audit-table"
        empty={t('common.noResults')}
      />
    </div>
  );
}
