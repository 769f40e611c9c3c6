import { useEffect, useState } from 'react';
import { withQuery } from '../../api';
import { useLoader, useTitle } from '../../hooks';
import { Link, navigate, useLocation } from '../../router';
import { LoadError, Loading, Pagination } from '../../components/ui';
import { FilterBar, FilterInput, FilterSelect } from '../../components/filters';
import { catalogApi, isLevel, type Level, type ProcedureSummary } from './catalogApi';
import { useCatalogT, type CatalogT } from './messages';
import './catalog.css';
import { PROCEDURES_PATH } from './paths';

export { PROCEDURES_PATH };
const LIMIT = 20;
const LEVELS: Level[] = ['province', 'commune'];

export function procedurePath(code: string): string {
  return `${PROCEDURES_PATH}/${encodeURIComponent(code)}`;
}

/** Public procedure search: `/thu-tuc?q=…&linhvuc=…&cap=…&trang=…` (the URL is the state). */
export function ProcedureListPage() {
  const t = useCatalogT();
  useTitle(t('list.title'));
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const field = search.get('linhvuc') ?? '';
  const level = search.get('cap') ?? '';
  const page = Math.max(1, Number(search.get('trang') ?? '1') || 1);
  const offset = (page - 1) * LIMIT;

  const [draftQ, setDraftQ] = useState(q);
  const [draftField, setDraftField] = useState(field);
  const [draftLevel, setDraftLevel] = useState(level);
  useEffect(() => {
    setDraftQ(q);
    setDraftField(field);
    setDraftLevel(level);
  }, [q, field, level]);

  const fields = useLoader('fields', (signal) => catalogApi.fields(signal));
  const { data, error, loading, reload } = useLoader(JSON.stringify([q, field, level, offset]), (signal) =>
    catalogApi.search({ q: q || undefined, field: field || undefined, level: level || undefined, limit: LIMIT, offset }, signal),
  );

  const go = (next: { q: string; field: string; level: string; page?: number }) =>
    navigate(
      withQuery(PROCEDURES_PATH, {
        q: next.q || undefined,
        linhvuc: next.field || undefined,
        cap: next.level || undefined,
        trang: next.page && next.page > 1 ? next.page : undefined,
      }),
    );

  return (
    <div className="catalog-page">
      <div className="page-header">
        <div>
          <h1>{t('list.title')}</h1>
          <p className="page-intro">{t('list.intro')}</p>
        </div>
      </div>
      <FilterBar
        className="catalog-search"
        action={PROCEDURES_PATH}
        method="get"
        onSubmit={() => go({ q: draftQ.trim(), field: draftField, level: draftLevel })}
      >
        <FilterInput
          id="proc-q"
          fieldClassName="catalog-search-q"
          label={t('list.searchLabel')}
          hint={t('list.searchHint')}
          name="q"
          type="search"
          value={draftQ}
          onChange={setDraftQ}
          placeholder={t('list.searchPlaceholder')}
          autoComplete="off"
        />
        <FilterSelect
          id="proc-field"
          name="linhvuc"
          label={t('list.field')}
          value={draftField}
          onChange={setDraftField}
          options={[
            { value: '', label: t('list.allFields') },
            ...(fields.data?.items ?? []).map((f) => ({ value: f.field, label: `${f.field} (${f.count})` })),
          ]}
        />
        <FilterSelect
          id="proc-level"
          name="cap"
          label={t('list.level')}
          value={draftLevel}
          onChange={setDraftLevel}
          options={[{ value: '', label: t('list.allLevels') }, ...LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))]}
        />
      </FilterBar>

      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <section aria-busy={loading} aria-labelledby="proc-results">
          <h2 id="proc-results" className="catalog-count" aria-live="polite">
            {q ? t('list.resultsFor', { total: data.total, q }) : t('list.results', { total: data.total })}
          </h2>
          {data.items.length === 0 ? (
            <p className="empty">{t('list.none')}</p>
          ) : (
            <ol className="procedure-list">
              {data.items.map((p) => (
                <ProcedureCard key={p.code} p={p} t={t} />
              ))}
            </ol>
          )}
          <Pagination total={data.total} limit={LIMIT} offset={offset} onChange={(o) => go({ q, field, level, page: Math.floor(o / LIMIT) + 1 })} />
        </section>
      )}
    </div>
  );
}

export function OnlineBadge({ level, t }: { level: ProcedureSummary['onlineLevel']; t: CatalogT }) {
  const kind = level === 'full' ? 'success' : level === 'partial' ? 'info' : 'neutral';
  return <span className={`badge badge-${kind}`}>{t(`online.${level}`)}</span>;
}

function ProcedureCard({ p, t }: { p: ProcedureSummary; t: CatalogT }) {
  return (
    <li className="procedure-card card">
      <h3>
        <Link to={procedurePath(p.code)}>{p.name}</Link>
      </h3>
      <p className="procedure-meta">
        <span className="mono">{t('detail.code', { code: p.code })}</span>
        <span>{p.field}</span>
        {p.levels.filter(isLevel).map((l) => (
          <span key={l} className="badge badge-neutral">
            {t(`level.${l}`)}
          </span>
        ))}
        <OnlineBadge level={p.onlineLevel} t={t} />
      </p>
      <dl className="procedure-facts">
        <div>
          <dt>{t('list.time')}</dt>
          <dd>{p.processingTime}</dd>
        </div>
        <div>
          <dt>{t('list.fees')}</dt>
          <dd>{p.fees}</dd>
        </div>
        <div>
          <dt>{t('list.agency')}</dt>
          <dd>{p.agency}</dd>
        </div>
      </dl>
    </li>
  );
}
