import { useState, type FormEvent } from 'react';
import { api, type UnitLevel } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { formatDate, isExpired } from '../../format';
import { Badge, LoadError, Loading, PageHeader, Pagination } from '../../components/ui';

const LIMIT = 20;
const LEVELS: UnitLevel[] = ['province', 'district', 'commune'];

export function UnitsPage() {
  const { t } = useI18n();
  useTitle(t('units.title'));
  const [draftQ, setDraftQ] = useState('');
  const [draftLevel, setDraftLevel] = useState<UnitLevel | ''>('');
  const [filter, setFilter] = useState<{ q: string; level: UnitLevel | '' }>({ q: '', level: '' });
  const [offset, setOffset] = useState(0);

  const { data, error, loading, reload } = useLoader(JSON.stringify([filter, offset]), (signal) =>
    api.units({ q: filter.q, level: filter.level, limit: LIMIT, offset }, signal),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ q: draftQ.trim(), level: draftLevel });
    setOffset(0);
  };

  return (
    <div className="admin-page">
      <PageHeader title={t('units.title')} intro={t('units.intro')} />
      <form className="filters card" role="search" onSubmit={submit}>
        <div className="field">
          <label htmlFor="units-q">{t('common.keyword')}</label>
          <input id="units-q" type="search" value={draftQ} onChange={(e) => setDraftQ(e.target.value)} placeholder={t('units.searchPlaceholder')} />
        </div>
        <div className="field">
          <label htmlFor="units-level">{t('units.level')}</label>
          <select id="units-level" value={draftLevel} onChange={(e) => setDraftLevel(e.target.value as UnitLevel | '')}>
            <option value="">{t('common.all')}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`level.${l}`)}
              </option>
            ))}
          </select>
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
            <table className="data-table">
              <caption className="visually-hidden">{t('units.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('units.code')}</th>
                  <th scope="col">{t('units.name')}</th>
                  <th scope="col">{t('units.fullName')}</th>
                  <th scope="col">{t('units.level')}</th>
                  <th scope="col">{t('units.parent')}</th>
                  <th scope="col">{t('common.validity')}</th>
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
                {data.items.map((u) => (
                  <tr key={u.id} className={isExpired(u.validTo) ? 'row-muted' : undefined}>
                    <td className="mono">{u.code}</td>
                    <td>{u.name}</td>
                    <td>{u.fullName}</td>
                    <td>{t(`level.${u.level}`)}</td>
                    <td className="mono">{u.parentCode ?? t('common.none')}</td>
                    <td className="nowrap">
                      {u.validTo ? t('common.fromTo', { from: formatDate(u.validFrom), to: formatDate(u.validTo) }) : t('common.from', { date: formatDate(u.validFrom) })}
                      {isExpired(u.validTo) && (
                        <>
                          {' '}
                          <Badge kind="neutral">{t('common.expired')}</Badge>
                        </>
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
