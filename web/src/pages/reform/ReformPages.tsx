import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { type User } from '../../api';
import { useI18n } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { formatDateTime, todayInVietnam } from '../../format';
import { PlanStatusSection } from './AgencyPages';
import { evidenceUrl, reformApi } from './reformApi';
import { BUILDER_PATH, REFORM_PATHS } from './paths';
import { useReformT } from './reformText';

function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = useCallback(() => {
    setError(null);
    setData(null);
    load().then(setData, setError);
  }, deps);
  useEffect(run, [run]);
  return { data, error, reload: run };
}

const fmt = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toLocaleString('vi-VN', { maximumFractionDigits: 2 }));
const thisYear = (): number => Number(todayInVietnam().slice(0, 4));

function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const kind = status === 'appraised' ? 'success' : status === 'submitted' ? 'info' : 'neutral';
  const label = status === 'appraised' ? t('reform.status.appraised') : status === 'submitted' ? t('reform.status.submitted') : t('reform.status.draft');
  return <Badge kind={kind}>{label}</Badge>;
}

function YearPicker({ year, onChange }: { year: number; onChange: (y: number) => void }): ReactNode {
  const { t } = useI18n();
  const years = Array.from({ length: 6 }, (_, i) => thisYear() + 1 - i);
  return (
    <label className="reform-year">
      {t('reform.year')}{' '}
      <select value={year} onChange={(e) => onChange(Number(e.target.value))} aria-label={t('reform.year')}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Sở Nội vụ's index dashboard: agencies ranked by PAR INDEX, with SIPAS per agency and sample sizes. */
export function ReformDashboardPage({ user: _user }: { user: User }) {
  const { t } = useI18n();
  const rt = useReformT();
  const { search } = useLocation();
  const year = Number(search.get('nam')) || thisYear();
  const setYear = (y: number) => navigate(`${REFORM_PATHS.dashboard}?nam=${y}`);
  const ranking = useLoad(() => reformApi.ranking(year), [year]);
  const sipas = useLoad(() => reformApi.sipasIndex(year), [year]);
  return (
    <div className="reform">
      <PageHeader title={t('reform.title')} intro={t('reform.intro')} actions={<YearPicker year={year} onChange={setYear} />} />
      <div className="reform-links" data-testid="reform-exports">
        <Link className="btn btn-primary btn-small" to="/cai-cach-hanh-chinh/chi-so-tinh">
          {t('reformIdx.open')}
        </Link>
        <a className="btn btn-secondary btn-small" href={`/api/v1/reform/exports/par/${year}/ranking.xlsx`} download>
          {t('reformIdx.exportParXlsx')}
        </a>
        <a className="btn btn-secondary btn-small" href={`/api/v1/reform/exports/par/${year}/ranking.pdf`} target="_blank" rel="noreferrer">
          {t('reformIdx.exportParPdf')}
        </a>
        <a className="btn btn-secondary btn-small" href={`/api/v1/reform/exports/sipas/${year}/index.xlsx`} download>
          {t('reformIdx.exportSipasXlsx')}
        </a>
      </div>
      <h2>{t('reform.par.heading', { year })}</h2>
      {ranking.error ? (
        <LoadError error={ranking.error} onRetry={ranking.reload} />
      ) : !ranking.data ? (
        <Loading />
      ) : (
        <>
          {ranking.data.published ? (
            <Notice kind="success">{t('reform.published', { at: formatDateTime(ranking.data.publishedAt) })}</Notice>
          ) : (
            <Notice kind="info">{t('reform.notPublished')}</Notice>
          )}
          {ranking.data.items.length === 0 ? (
            <p>{t('reform.empty')}</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table className="table reform-stack" data-testid="par-ranking">
                <thead>
                  <tr>
                    <th>{t('reform.rank')}</th>
                    <th>{t('reform.agency')}</th>
                    <th>{t('reform.status')}</th>
                    <th className="num">{t('reform.selfTotal')}</th>
                    <th className="num">{t('reform.total')}</th>
                    <th className="num">{t('reform.percent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ranking.data.items.map((r) => (
                    <tr key={r.agencyId}>
                      <td data-label={t('reform.rank')}>{r.rank}</td>
                      <td className="reform-stack-name">
                        <Link to={`${REFORM_PATHS.agency}?id=${r.agencyId}&nam=${year}`}>{r.name}</Link>
                      </td>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                      <td className="num" data-label={t('reform.selfTotal')}>
                        {fmt(r.selfTotal)}
                      </td>
                      <td className="num" data-label={t('reform.total')}>
                        <strong>{fmt(r.total)}</strong> / {fmt(r.maxTotal)}
                      </td>
                      <td className="num" data-label={t('reform.percent')}>
                        {r.maxTotal ? fmt((100 * r.total) / r.maxTotal) : '—'}%
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <PlanStatusSection year={year} />
      <h2>
        {t('reform.sipas.heading', { year })}{' '}
        <Link to={BUILDER_PATH} className="reform-h-link">
          {t('reform.sipas.builderLink')}
        </Link>
      </h2>
      {sipas.error ? (
        <LoadError error={sipas.error} onRetry={sipas.reload} />
      ) : !sipas.data ? (
        <Loading />
      ) : sipas.data.items.length === 0 ? (
        <p>{t('reform.sipas.empty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table reform-stack" data-testid="sipas-index">
            <thead>
              <tr>
                <th>{t('reform.agency')}</th>
                <th>{t('reform.sipas.sector')}</th>
                <th className="num">{t('reform.sipas.index')}</th>
                <th className="num">{t('reform.sipas.n')}</th>
              </tr>
            </thead>
            <tbody>
              {sipas.data.items.map((s) => (
                <tr key={`${s.agencyId}-${s.sector}`}>
                  <td className="reform-stack-name">{s.agencyName}</td>
                  <td data-label={t('reform.sipas.sector')}>{t(`reform.sector.${s.sector}` as 'reform.sector.administrative')}</td>
                  <td className="num" data-label={t('reform.sipas.index')}>
                    {fmt(s.index)}%
                  </td>
                  <td className="num" data-label={t('reform.sipas.n')}>
                    {s.sampleSize}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={2}>{rt('dash.sipasOverall')}</th>
                <td className="num" data-label={t('reform.sipas.index')}>
                  <strong>{fmt(sipas.data.overall.index)}%</strong>
                </td>
                <td className="num" data-label={t('reform.sipas.n')}>
                  <strong>{sipas.data.overall.sampleSize}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}

/** Drill-down: one agency's criteria with self-scores, evidence, appraisal adjustments and reasons. */
export function ReformAgencyPage({ user: _user }: { user: User }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const id = search.get('id') ?? '';
  const year = Number(search.get('nam')) || thisYear();
  const d = useLoad(() => reformApi.assessment(year, id), [id, year]);
  if (d.error) return <LoadError error={d.error} onRetry={d.reload} />;
  if (!d.data) return <Loading />;
  const x = d.data;
  return (
    <div className="reform">
      <p>
        <Link to={`${REFORM_PATHS.dashboard}?nam=${year}`}>← {t('reform.back')}</Link>
      </p>
      <PageHeader
        title={x.agency.name}
        intro={t('reform.agency.intro', { year, self: fmt(x.selfTotal), total: fmt(x.total), max: fmt(x.maxTotal) })}
        actions={<StatusBadge status={x.status} />}
      />
      <table className="table reform-criteria" data-testid="par-evidence">
        <thead>
          <tr>
            <th>{t('reform.code')}</th>
            <th>{t('reform.criterion')}</th>
            <th className="num">{t('reform.max')}</th>
            <th className="num">{t('reform.self')}</th>
            <th>{t('reform.evidence')}</th>
            <th className="num">{t('reform.appraised')}</th>
            <th>{t('reform.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {x.items.map((c) => (
            <tr key={c.criterionId} className={c.parentId ? '' : 'reform-area'}>
              <td>{c.code}</td>
              <td>
                {c.title}
                {c.rule === 'survey' ? (
                  <>
                    {' '}
                    <Badge kind="info">{t('reform.survey')}</Badge>
                  </>
                ) : null}
              </td>
              <td className="num">{fmt(c.maxPoints)}</td>
              <td className="num">{c.rule === 'manual' ? fmt(c.selfScore) : c.rule === 'survey' ? '' : fmt(c.selfPoints)}</td>
              <td>
                {c.evidence ?? (c.evidenceRequired && c.rule === 'manual' ? <em>{t('reform.noEvidence')}</em> : '')}
                {c.evidenceRefs.map((r) => (
                  <div key={r}>
                    <a href={r} target="_blank" rel="noreferrer">
                      {r}
                    </a>
                  </div>
                ))}
                {c.files?.map((f) => (
                  <div key={f.id} className="reform-file">
                    <a href={evidenceUrl(year, x.agency.id, f.id)}>{f.fileName}</a>{' '}
                    <span className="muted small mono" title="SHA-256">
                      {f.sha256.slice(0, 12)}…
                    </span>
                  </div>
                ))}
              </td>
              <td className="num">
                {c.rule === 'survey' && c.surveyPercent !== null ? `${fmt(c.finalPoints)} (${fmt(c.surveyPercent)}%)` : <strong>{fmt(c.finalPoints)}</strong>}
              </td>
              <td>{c.appraisalReason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
