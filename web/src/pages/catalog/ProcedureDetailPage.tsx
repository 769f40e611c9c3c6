import { useLoader, useTitle } from '../../hooks';
import { formatDate } from '../../format';
import { Link } from '../../router';
import { LoadError, Loading } from '../../components/ui';
import { DataTable, type Column } from '../../components/DataTable';
import { catalogApi, type AgencyRef, type CaseDef, type Component, type Duration, type ProcedureVersion } from './catalogApi';
import { formatNumberVi, useCatalogT, type CatalogKey, type CatalogT } from './messages';
import { OnlineBadge, PROCEDURES_PATH } from './ProcedureListPage';
import './catalog.css';

/** Where "Nộp trực tuyến" leads (the dossier submission page, built by the dossiers work). */
export const submitPath = (code: string) => `/nop-ho-so/${encodeURIComponent(code)}`;

export function durationText(d: Duration, t: CatalogT): string {
  return `${formatNumberVi(d.amount)} ${t(`unit.${d.unit}`)}`;
}

const agencyText = (a: AgencyRef | null | undefined) => a?.name ?? '';

/** The public procedure page: `/thu-tuc/{code}`, the version in force. */
export function ProcedureDetailPage({ code }: { code: string }) {
  const t = useCatalogT();
  const { data, error, loading, reload } = useLoader(code, (signal) => catalogApi.procedure(code, signal));
  useTitle(data?.content.name ?? code);
  if (error != null) {
    return (
      <div className="catalog-page">
        <p>
          <Link to={PROCEDURES_PATH}>{t('detail.back')}</Link>
        </p>
        <LoadError error={error} onRetry={reload} />
      </div>
    );
  }
  if (loading || !data) return <Loading />;
  return <ProcedureView v={data} t={t} />;
}

export function ProcedureView({ v, t, preview }: { v: ProcedureVersion; t: CatalogT; preview?: boolean }) {
  const c = v.content;
  const caseName = new Map(c.cases.map((k) => [k.key, k.name]));
  return (
    <article className="catalog-page procedure-detail">
      {!preview && (
        <p className="back-link">
          <Link to={PROCEDURES_PATH}>{t('detail.back')}</Link>
        </p>
      )}
      <header className="procedure-head">
        <div>
          <h1>{c.name}</h1>
          <p className="procedure-meta">
            <span className="mono">{t('detail.code', { code: c.code })}</span>
            {c.portalCode && <span className="mono">{c.portalCode}</span>}
            <OnlineBadge level={c.onlineLevel} t={t} />
          </p>
        </div>
        {c.onlineLevel !== 'none' && !preview && (
          <a className="btn btn-accent btn-submit" href={submitPath(c.code)}>
            {t('detail.submitOnline')}
          </a>
        )}
        {!preview && (
          <a className="btn btn-secondary btn-submit" href={`/dat-lich?thu-tuc=${encodeURIComponent(c.code)}`} data-testid="procedure-book">
            {t('detail.bookCounter')}
          </a>
        )}
      </header>

      <section className="card" aria-labelledby="sec-info">
        <h2 id="sec-info">{t('detail.info')}</h2>
        <dl className="info-grid">
          <dt>{t('detail.field')}</dt>
          <dd>{c.field}</dd>
          <dt>{t('detail.levels')}</dt>
          <dd>{c.levels.map((l) => t(`level.${l}`)).join(', ')}</dd>
          <dt>{t('detail.competent')}</dt>
          <dd>{agencyText(c.agencies?.competent)}</dd>
          <dt>{t('detail.receiving')}</dt>
          <dd>{c.agencies?.receiving.map(agencyText).join('; ')}</dd>
          <dt>{t('detail.subjects')}</dt>
          <dd>{c.subjects.map((s) => t(`subject.${s}` as CatalogKey)).join(', ')}</dd>
          <dt>{t('detail.channels')}</dt>
          <dd>{c.channels.map((s) => t(`channel.${s}` as CatalogKey)).join(', ')}</dd>
          <dt>{t('detail.onlineLevel')}</dt>
          <dd>{t(`online.${c.onlineLevel}`)}</dd>
          <dt>{t('detail.result')}</dt>
          <dd>
            {c.result.name}
            {c.result.validityMonths ? ` — ${t('detail.validity', { months: c.result.validityMonths })}` : ''}
          </dd>
          <dt>{t('detail.version')}</dt>
          <dd>{t('detail.versionText', { no: v.version.versionNo, decision: v.version.decisionNo ?? '—', from: formatDate(v.version.effectiveFrom) })}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="sec-cases">
        <h2 id="sec-cases">{t('detail.cases')}</h2>
        {c.cases.map((k, i) => (
          <CaseBlock key={k.key} k={k} stats={v.derived.cases[i]?.eformStats ?? null} t={t} single={c.cases.length === 1} />
        ))}
      </section>

      <section className="card" aria-labelledby="sec-components">
        <h2 id="sec-components">{t('detail.components')}</h2>
        <DataTable className="components-table" rows={c.components} rowKey={(_, i) => String(i)} columns={componentColumns(t, caseName)} />
      </section>

      {c.requirements && c.requirements.length > 0 && (
        <section className="card" aria-labelledby="sec-req">
          <h2 id="sec-req">{t('detail.requirements')}</h2>
          <ul>
            {c.requirements.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="sec-steps">
        <h2 id="sec-steps">{t('detail.steps')}</h2>
        <ol className="steps">
          {c.steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="sec-legal">
        <h2 id="sec-legal">{t('detail.legalBasis')}</h2>
        <ul>
          {c.legalBasis.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ul>
      </section>

      {c.unverified && c.unverified.length > 0 && <p className="muted small">{t('detail.unverified', { fields: c.unverified.join(', ') })}</p>}
    </article>
  );
}

function CaseBlock({ k, stats, t, single }: { k: CaseDef; stats: ProcedureVersion['derived']['cases'][number]['eformStats']; t: CatalogT; single: boolean }) {
  return (
    <div className="case-block">
      {!single && <h3>{k.name}</h3>}
      {single && <p className="case-name">{k.name}</p>}
      <p className="case-time">
        <strong>{t('detail.time')}:</strong> {durationText(k.time, t)}
        {k.time.text && <span className="muted"> — {k.time.text}</span>}
      </p>
      {k.onlineTime && <p>{t('detail.onlineTime', { time: durationText(k.onlineTime, t) })}</p>}
      {k.reducedTime && <p>{t('detail.reducedTime', { time: durationText(k.reducedTime, t) })}</p>}
      {k.fees.length === 0 ? (
        <p>{t('detail.noFees')}</p>
      ) : (
        <table className="data-table fees-table">
          <thead>
            <tr>
              <th scope="col">{t('detail.feeName')}</th>
              <th scope="col">{t('detail.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {k.fees.map((f, i) => (
              <tr key={i}>
                <td>
                  {f.name}
                  {f.appliesTo?.length ? (
                    <div className="small">{t('detail.appliesTo', { groups: f.appliesTo.map((g) => t(`group.${g}` as CatalogKey)).join(', ') })}</div>
                  ) : null}
                  {f.alternativeGroup ? <div className="small">{t('detail.alternative')}</div> : null}
                  {f.onRequest ? <div className="small">{t('detail.onRequest')}</div> : null}
                  {f.note && <div className="muted small">{f.note}</div>}
                </td>
                <td className="nowrap">
                  {f.amountVnd === null
                    ? t('detail.amountUnknown')
                    : f.amountVnd === 0
                      ? t('detail.free')
                      : `${formatNumberVi(f.amountVnd)} đồng/${t(`basis.${f.basis}` as CatalogKey).replace(/^mỗi /, '')}`}
                  {f.onlineReductionPercent ? <div className="small">{t('detail.onlineReduction', { percent: f.onlineReductionPercent })}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stats && <p className="small muted">{t('detail.eform', { fields: stats.fields, prefill: stats.prefillable, left: stats.toDeclare })}</p>}
    </div>
  );
}

function componentColumns(t: CatalogT, caseName: Map<string, string>): Column<Component>[] {
  return [
    { header: '#', cell: (_, i) => i + 1 },
    {
      header: t('detail.componentName'),
      cell: (k) => (
        <>
          {k.name}
          {k.templateCode && <div className="small muted">{t('detail.template', { template: k.templateCode })}</div>}
          {k.replaceableByData && (
            <div className="small replaceable">{t('detail.replaceable', { source: t(`source.${k.replaceableByData}` as CatalogKey) })}</div>
          )}
          {k.caseKeys && k.caseKeys.length > 0 && (
            <div className="small muted">{t('detail.onlyCases', { cases: k.caseKeys.map((c) => caseName.get(c) ?? c).join('; ') })}</div>
          )}
        </>
      ),
    },
    {
      header: t('detail.quantity'),
      nowrap: true,
      cell: (k) =>
        [k.originals ? t('detail.originals', { n: k.originals }) : null, k.copies ? t('detail.copies', { n: k.copies }) : null].filter(Boolean).join(', ') ||
        '—',
    },
    {
      header: t('detail.requiredCol'),
      cell: (k) => (k.required ? t('detail.required') : k.condition ? t('detail.conditional', { condition: k.condition }) : t('detail.optional')),
    },
  ];
}
