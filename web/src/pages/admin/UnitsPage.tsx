import { api, type AdminUnit, type UnitLevel } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { formatDate, isExpired } from '../../format';
import { Badge, PageHeader } from '../../components/ui';
import { PagedTable, type Column } from '../../components/DataTable';
import { FilterBar, FilterInput, FilterSelect, useListFilter } from '../../components/filters';

const LIMIT = 20;
const LEVELS: UnitLevel[] = ['province', 'district', 'commune'];

export function UnitsPage() {
  const { t } = useI18n();
  useTitle(t('units.title'));
  const { draft, set, filter, apply, offset, setOffset, key } = useListFilter<{ q: string; level: UnitLevel | '' }>({ q: '', level: '' });

  const list = useLoader(key, (signal) => api.units({ q: filter.q, level: filter.level, limit: LIMIT, offset }, signal));

  const columns: Column<AdminUnit>[] = [
    { header: t('units.code'), className: 'mono', cell: (u) => u.code },
    { header: t('units.name'), cell: (u) => u.name },
    { header: t('units.fullName'), cell: (u) => u.fullName },
    { header: t('units.level'), cell: (u) => t(`level.${u.level}`) },
    { header: t('units.parent'), className: 'mono', cell: (u) => u.parentCode ?? t('common.none') },
    {
      header: t('common.validity'),
      nowrap: true,
      cell: (u) => (
        <>
          {u.validTo ? t('common.fromTo', { from: formatDate(u.validFrom), to: formatDate(u.validTo) }) : t('common.from', { date: formatDate(u.validFrom) })}
          {isExpired(u.validTo) && (
            <>
              {' '}
              <Badge kind="neutral">{t('common.expired')}</Badge>
            </>
          )}
        </>
      ),
    },
  ];

  return (
    <div className="admin-page">
      <PageHeader title={t('units.title')} intro={t('units.intro')} />
      <FilterBar onSubmit={apply}>
        <FilterInput
          id="units-q"
          label={t('common.keyword')}
          type="search"
          value={draft.q}
          onChange={(v) => set('q', v)}
          placeholder={t('units.searchPlaceholder')}
        />
        <FilterSelect
          id="units-level"
          label={t('units.level')}
          value={draft.level}
          onChange={(v) => set('level', v)}
          options={[{ value: '', label: t('common.all') }, ...LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))]}
        />
      </FilterBar>

      <PagedTable
        list={list}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        columns={columns}
        rowKey={(u) => u.id}
        rowClassName={(u) => (isExpired(u.validTo) ? 'row-muted' : undefined)}
        caption={t('units.title')}
        empty={t('common.noResults')}
      />
    </div>
  );
}
