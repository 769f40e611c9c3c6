import { useCallback, useEffect, useState } from 'react';
import type { User } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { ExportJobButton } from '../../components/ExportJob';
import { Link, useLocation, navigate } from '../../router';
import { Badge, LoadError, Loading, Notice, PageHeader, Pagination } from '../../components/ui';
import { formatDate, formatDateTime, todayInVietnam } from '../../format';
import { Bar, LineChart } from './charts';
import {
  DRILLABLE,
  QUALITY_PATHS,
  periodOf,
  qualityApi,
  type Dashboard,
  type DrillItem,
  type Indicators,
  type PublishedLate,
  type QualityExportJob,
  type Score,
  type TrendPoint,
} from './qualityApi';

type Kind = 'month' | 'quarter' | 'year' | 'custom';

function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(() => {
    setError(null);
    load().then(setData, setError);
  }, deps);
  useEffect(run, [run]);
  return { data, error, reload: run };
}

function BandBadge({ score }: { score: Score }) {
  const { t } = useI18n();
  if (!score.band) return <Badge>{t('quality.noScore')}</Badge>;
  const kind = score.band === 'tot' ? 'success' : score.band === 'kha' ? 'info' : score.band === 'trung_binh' ? 'warning' : 'danger';
  return (
    <Badge kind={kind}>
      {score.bandName} · {t('quality.provisional')}
    </Badge>
  );
}

function ScoreCard({ data }: { data: Indicators }) {
  const { t } = useI18n();
  const s = data.score;
  return (
    <section className="q-card q-score" aria-labelledby="q-score-h">
      <h2 id="q-score-h">{data.scope.label}</h2>
      <p className="q-big">
        <strong data-testid="q-total">{s.total.toLocaleString('vi-VN')}</strong> / {s.maxPoints} {t('quality.points')}
      </p>
      {s.scaledOverData !== null && s.maxWithData < s.maxPoints && (
        <p className="q-muted q-small" data-testid="q-scaled">
          {t('quality.scaledOverData', { n: s.scaledOverData.toLocaleString('vi-VN'), max: s.maxWithData.toLocaleString('vi-VN') })}
        </p>
      )}
      <BandBadge score={s} />
      <p className="q-muted q-small">{t('quality.bandNote')}</p>
      <table className="q-groups">
        <tbody>
          {s.groups.map((g) => (
            <tr key={g.group}>
              <th scope="row">{g.name}</th>
              <td>
                <Bar value={g.points} max={g.maxPoints} label={g.name} />
              </td>
              <td className="q-num">
                {g.points.toLocaleString('vi-VN')} / {g.maxPoints}
                {g.maxWithData < g.maxPoints ? ` (${t('quality.withData', { n: g.maxWithData })})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="q-small">{t('quality.timeliness', { total: data.timeliness.total, onTime: data.timeliness.onTime, late: data.timeliness.late })}</p>
    </section>
  );
}

function IndicatorTable({ data, onDrill, canDrill }: { data: Indicators; onDrill?: (code: string) => void; canDrill: boolean }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="data-table q-indicators">
        <caption>{t('quality.indicatorsCaption', { from: formatDate(data.period.from), to: formatDate(data.period.to) })}</caption>
        <thead>
          <tr>
            <th>{t('quality.col.no')}</th>
            <th>{t('quality.col.indicator')}</th>
            <th className="q-num">{t('quality.col.ratio')}</th>
            <th className="q-num">{t('quality.col.points')}</th>
            <th>{t('quality.col.dossiers')}</th>
          </tr>
        </thead>
        <tbody>
          {data.indicators.map((i) => (
            <tr key={i.code} data-code={i.code}>
              <td>{i.no}</td>
              <td>
                {i.name}
                {i.note && <div className="q-muted q-small">{i.note}</div>}
              </td>
              <td className="q-num">
                {i.status === 'ok'
                  ? `${i.numerator.toLocaleString('vi-VN')}/${i.denominator.toLocaleString('vi-VN')}${i.ratio !== null ? ` (${i.ratio.toLocaleString('vi-VN')}%)` : ''}`
                  : '—'}
              </td>
              <td className="q-num">
                {i.points !== null ? (
                  `${i.points.toLocaleString('vi-VN')} / ${i.maxPoints}`
                ) : (
                  <span className="q-muted">
                    {i.status === 'no_data' ? t('quality.noDataZero') : t('quality.notApplicable')} / {i.maxPoints}
                  </span>
                )}
              </td>
              <td>
                {canDrill && onDrill && DRILLABLE.has(i.code) && i.status === 'ok' && i.points !== null && i.points < i.maxPoints ? (
                  <button type="button" className="btn btn-link" onClick={() => onDrill(i.code)}>
                    {t('quality.why', { no: i.no })}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const pct = (n: number, d: number) => (d > 0 ? `${((n / d) * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%` : '—');

/** What stands behind 5.4 and 5.2 (the portal's scope), and the information-only indicators 2.2 and 5.1. */
function PortalDetails({ data }: { data: Indicators }) {
  const { t } = useI18n();
  const s = data.satisfaction;
  const f = data.feedback;
  const c = data.information.feedbackClassification;
  const avg = data.information.averageResolution;
  return (
    <div className="q-grid2" data-testid="q-portal-details">
      <section className="q-card" aria-labelledby="q-54-h">
        <h2 id="q-54-h">{t('quality.s54.title')}</h2>
        <dl className="q-dl">
          <dt>{t('quality.s54.received')}</dt>
          <dd>{s.received.toLocaleString('vi-VN')}</dd>
          <dt>{t('quality.s54.late')}</dt>
          <dd>
            {s.late.toLocaleString('vi-VN')} ({pct(s.late, s.received)})
          </dd>
          <dt>{t('quality.s54.rated')}</dt>
          <dd>{s.rated.toLocaleString('vi-VN')}</dd>
          <dt>{t('quality.s54.dissatisfied')}</dt>
          <dd>
            {s.dissatisfied.toLocaleString('vi-VN')} ({pct(s.dissatisfied, s.received)})
          </dd>
          <dt>{t('quality.s54.ratio')}</dt>
          <dd>
            <strong>{pct(s.numerator, s.received)}</strong> {t('quality.s54.target')}
          </dd>
        </dl>
        <h3>{t('quality.s52.title')}</h3>
        <dl className="q-dl">
          <dt>{t('quality.s52.counted')}</dt>
          <dd>{f.total.toLocaleString('vi-VN')}</dd>
          <dt>{t('quality.s52.excluded')}</dt>
          <dd>{f.excluded.toLocaleString('vi-VN')}</dd>
          <dt>{t('quality.s52.onTime')}</dt>
          <dd>
            {f.onTime} · {t('quality.s52.inTime')} {f.inTime}
          </dd>
          <dt>{t('quality.s52.late')}</dt>
          <dd>
            {f.late} · {t('quality.s52.overdue')} {f.overdue}
          </dd>
        </dl>
      </section>
      <section className="q-card" aria-labelledby="q-info-h">
        <h2 id="q-info-h">{t('quality.info.title')}</h2>
        <p className="q-muted q-small">{t('quality.info.note')}</p>
        <h3>{t('quality.info.51')}</h3>
        {c.total === 0 ? (
          <p className="q-muted">{t('quality.info.noFeedback')}</p>
        ) : (
          <dl className="q-dl">
            <dt>{t('quality.info.procedures')}</dt>
            <dd>
              {c.procedures} ({c.proceduresPercent?.toLocaleString('vi-VN')}%)
            </dd>
            <dt>{t('quality.info.staff')}</dt>
            <dd>
              {c.staff} ({c.staffPercent?.toLocaleString('vi-VN')}%)
            </dd>
            <dt>{t('quality.info.unclassified')}</dt>
            <dd>{c.unclassified}</dd>
          </dl>
        )}
        <h3>{t('quality.info.22')}</h3>
        {avg.length === 0 ? (
          <p className="q-muted">{t('quality.info.noFinished')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data-table q-small">
              <thead>
                <tr>
                  <th>{t('quality.info.procedure')}</th>
                  <th className="q-num">{t('quality.info.dossiers')}</th>
                  <th className="q-num">{t('quality.info.avgDays')}</th>
                </tr>
              </thead>
              <tbody>
                {avg.slice(0, 10).map((a) => (
                  <tr key={a.procedureCode}>
                    <td>{a.procedureName}</td>
                    <td className="q-num">{a.dossiers}</td>
                    <td className="q-num">{a.averageWorkingDays.toLocaleString('vi-VN')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {avg.length > 10 && <p className="q-muted q-small">{t('quality.info.more', { n: avg.length - 10 })}</p>}
      </section>
    </div>
  );
}

function DrillPanel({ code, period, agency, onClose }: { code: string; period: { from: string; to: string }; agency?: string; onClose: () => void }) {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const { data, error } = useLoad(() => qualityApi.drill(code, { ...period, agency, limit: 20, offset }), [code, period.from, period.to, agency, offset]);
  return (
    <section className="q-card" aria-labelledby="q-drill-h" data-testid="q-drill">
      <div className="q-row">
        <h2 id="q-drill-h">{data ? t('quality.drillTitle', { no: data.indicator.no, name: data.indicator.name }) : t('quality.drill')}</h2>
        <button type="button" className="btn" onClick={onClose}>
          {t('quality.close')}
        </button>
      </div>
      {error ? (
        <LoadError error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <p>{t('quality.drillCount', { n: data.total })}</p>
          <div className="table-wrap" tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t('quality.col.code')}</th>
                  <th>{t('quality.col.procedure')}</th>
                  <th>{t('quality.col.agency')}</th>
                  <th>{t('quality.col.received')}</th>
                  <th>{t('quality.col.due')}</th>
                  <th>{t('quality.col.ended')}</th>
                  <th>{t('quality.col.reason')}</th>
                  <th>{t('quality.col.explained')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((d: DrillItem) => (
                  <tr key={d.id}>
                    <td>
                      <Link to={`/ho-so/${d.id}`}>{d.code}</Link>
                    </td>
                    <td>{d.procedureName}</td>
                    <td>
                      {d.agency.name}
                      {d.assignee?.name ? <div className="q-muted q-small">{d.assignee.name}</div> : null}
                    </td>
                    <td>{formatDateTime(d.receivedAt)}</td>
                    <td>{formatDateTime(d.dueAt)}</td>
                    <td>
                      {d.endedAt ? formatDateTime(d.endedAt) : t('quality.open')}
                      {d.waitingApplicant ? <div className="q-muted q-small">{t('quality.waiting')}</div> : null}
                    </td>
                    <td>{d.reason ?? ''}</td>
                    <td>
                      {d.explained ? (
                        <Badge kind="success">{t('quality.yes')}</Badge>
                      ) : code === 'DVC_PROGRESS' ? (
                        <Badge kind="warning">{t('quality.missing')}</Badge>
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={data.total} limit={20} offset={offset} onChange={setOffset} />
        </>
      )}
    </section>
  );
}

function PeriodPicker({
  kind,
  setKind,
  ref_,
  setRef,
  custom,
  setCustom,
}: {
  kind: Kind;
  setKind: (k: Kind) => void;
  ref_: string;
  setRef: (s: string) => void;
  custom: { from: string; to: string };
  setCustom: (c: { from: string; to: string }) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="q-filters">
      <label>
        {t('quality.period')}{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="month">{t('quality.kind.month')}</option>
          <option value="quarter">{t('quality.kind.quarter')}</option>
          <option value="year">{t('quality.kind.year')}</option>
          <option value="custom">{t('quality.kind.custom')}</option>
        </select>
      </label>
      {kind === 'custom' ? (
        <>
          <label>
            {t('quality.from')} <input type="date" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
          </label>
          <label>
            {t('quality.to')} <input type="date" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
          </label>
        </>
      ) : kind === 'year' ? (
        <label>
          {t('quality.kind.year')} <input type="number" min={2020} max={2100} value={ref_.slice(0, 4)} onChange={(e) => setRef(`${e.target.value}-01`)} />
        </label>
      ) : (
        <label>
          {t('quality.kind.month')} <input type="month" value={ref_} onChange={(e) => e.target.value && setRef(e.target.value)} />
        </label>
      )}
    </div>
  );
}

function usePeriod() {
  const { search } = useLocation();
  const today = todayInVietnam();
  const [kind, setKind] = useState<Kind>((search.get('ky') as Kind) || 'year');
  const [ref_, setRef] = useState(search.get('thang') || today.slice(0, 7));
  const [custom, setCustom] = useState({ from: search.get('tu') || `${today.slice(0, 4)}-01-01`, to: search.get('den') || today });
  const period = kind === 'custom' ? custom : periodOf(kind, ref_);
  return { kind, setKind, ref_, setRef, custom, setCustom, period };
}

function Ranking({ data, onPick }: { data: Dashboard; onPick?: (id: string) => void }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="data-table q-ranking">
        <caption>{t('quality.rankingCaption')}</caption>
        <thead>
          <tr>
            <th>{t('quality.col.rank')}</th>
            <th>{t('quality.col.agency')}</th>
            <th className="q-num">{t('quality.col.score')}</th>
            <th>{t('quality.col.band')}</th>
            <th className="q-num">{t('quality.col.trend')}</th>
            <th className="q-num">{t('quality.col.onTime')}</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((it) => {
            const delta = it.previousOutOf100 !== null && it.score.outOf100 !== null ? Math.round((it.score.outOf100 - it.previousOutOf100) * 100) / 100 : null;
            return (
              <tr key={it.agency.id}>
                <td>{it.rank}</td>
                <td>
                  {onPick ? (
                    <button type="button" className="btn btn-link" onClick={() => onPick(it.agency.id)}>
                      {it.agency.name}
                    </button>
                  ) : (
                    it.agency.name
                  )}
                </td>
                <td className="q-num">
                  <Bar value={it.score.outOf100 ?? 0} max={100} label={it.agency.name} /> {it.score.outOf100?.toLocaleString('vi-VN') ?? '—'}
                </td>
                <td>{it.score.bandName ?? '—'}</td>
                <td className="q-num">{delta === null ? '—' : delta > 0 ? `▲ ${delta}` : delta < 0 ? `▼ ${-delta}` : '＝'}</td>
                <td className="q-num">{it.timeliness.total ? `${it.timeliness.onTime}/${it.timeliness.total}` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Says so when the figures do not yet count every change (the read model is catching up; issue 17 §2). */
function CatchingUp({ counts }: { counts: (number | undefined)[] }) {
  const { t } = useI18n();
  const n = Math.max(0, ...counts.map((c) => c ?? 0));
  if (n === 0) return null;
  return (
    <div className="notice notice-info q-catching-up" role="status" data-testid="q-catching-up">
      {t('quality.catchingUp', { n })}
    </div>
  );
}

/**
 * The ranking and the indicators as XLSX, run as a job (issue 23): POST /api/v1/quality/exports,
 * a progress bar of its three parts (ranking, indicators, writing), the file downloaded when done.
 */
function QualityExport({ from, to, level }: { from: string; to: string; level?: string }) {
  const { t } = useI18n();
  const phases: Record<string, MessageKey> = { ranking: 'quality.export.ranking', indicators: 'quality.export.indicators', writing: 'quality.export.writing' };
  return (
    <ExportJobButton<QualityExportJob>
      startPath="/api/v1/quality/exports"
      body={{ from, to, level }}
      className="btn"
      testId="quality-export"
      progressTestId="quality-export-progress"
      texts={{
        button: t('quality.export'),
        running: t('quality.export.running'),
        phase: (ph) => t(phases[ph ?? ''] ?? 'quality.export.ranking'),
        progress: (done, total) => t('quality.export.progress', { done, total }),
        done: (j) => t('quality.export.done', { agencies: j.result?.agencies ?? 0 }),
        again: t('quality.export.again'),
        failed: t('quality.export.failed'),
      }}
    />
  );
}

/** Leaders and the provincial office: score, band, groups, trend, ranking, indicators with drill-down, export. */
export function QualityDashboardPage({ user }: { user: User }) {
  const { t } = useI18n();
  const p = usePeriod();
  const [level, setLevel] = useState('');
  const [agency, setAgency] = useState<string | undefined>(undefined);
  const [drill, setDrill] = useState<string | null>(null);
  const ind = useLoad(
    () => qualityApi.indicators({ ...p.period, agency, level: agency ? undefined : level || undefined }),
    [p.period.from, p.period.to, agency, level],
  );
  const dash = useLoad(() => qualityApi.dashboard({ ...p.period, level: level || undefined }), [p.period.from, p.period.to, level]);
  const trend = useLoad(() => qualityApi.trend({ to: p.period.to.slice(0, 7), months: 12, agency }), [p.period.to, agency]);
  const provinceWide = user.roles.some((r) => ['admin', 'provincial_office', 'home_affairs'].includes(r));
  const canDrillHere = provinceWide || !!agency;
  return (
    <>
      <PageHeader
        title={t('quality.title')}
        intro={t('quality.intro')}
        actions={
          <>
            <Link className="btn" to={QUALITY_PATHS.late}>
              {t('quality.lateLink')}
            </Link>{' '}
            <QualityExport from={p.period.from} to={p.period.to} level={level || undefined} />
          </>
        }
      />
      <div className="q-filters-bar">
        <PeriodPicker kind={p.kind} setKind={p.setKind} ref_={p.ref_} setRef={p.setRef} custom={p.custom} setCustom={p.setCustom} />
        <label>
          {t('quality.level')}{' '}
          <select
            value={level}
            onChange={(e) => {
              setLevel(e.target.value);
              setAgency(undefined);
            }}
          >
            <option value="">{t('quality.level.all')}</option>
            <option value="province">{t('quality.level.province')}</option>
            <option value="commune">{t('quality.level.commune')}</option>
          </select>
        </label>
        {agency && (
          <button type="button" className="btn" onClick={() => setAgency(undefined)}>
            {t('quality.backToProvince')}
          </button>
        )}
      </div>
      <CatchingUp counts={[ind.data?.pendingChanges, dash.data?.pendingChanges]} />
      {ind.error ? (
        <LoadError error={ind.error} onRetry={ind.reload} />
      ) : !ind.data ? (
        <Loading />
      ) : (
        <div className="q-grid2">
          <ScoreCard data={ind.data} />
          <section className="q-card" aria-labelledby="q-trend-h">
            <h2 id="q-trend-h">{t('quality.trend')}</h2>
            {trend.data ? (
              <LineChart
                title={t('quality.trend')}
                points={trend.data.items.map((x: TrendPoint) => ({
                  label: `${x.month.slice(5, 7)}/${x.month.slice(2, 4)}`,
                  value: x.dossiers > 0 ? x.outOf100 : null,
                }))}
              />
            ) : (
              <Loading />
            )}
          </section>
        </div>
      )}
      {drill && <DrillPanel code={drill} period={p.period} agency={agency ?? (provinceWide ? undefined : user.agency?.id)} onClose={() => setDrill(null)} />}
      {ind.data && <IndicatorTable data={ind.data} canDrill={canDrillHere || !provinceWide} onDrill={setDrill} />}
      {ind.data && <PortalDetails data={ind.data} />}
      {dash.error ? (
        <LoadError error={dash.error} />
      ) : !dash.data ? (
        <Loading />
      ) : (
        <Ranking
          data={dash.data}
          onPick={(id) => {
            setAgency(id);
            setDrill(null);
          }}
        />
      )}
    </>
  );
}

/** NQ 131: late dossiers of a month by agency and officer; explanations missing; publishing. */
export function QualityLatePage({ user }: { user: User }) {
  const { t } = useI18n();
  const prev = new Date(Date.UTC(Number(todayInVietnam().slice(0, 4)), Number(todayInVietnam().slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
  const [month, setMonth] = useState(prev);
  const [msg, setMsg] = useState<string | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const { data, error, reload } = useLoad(() => qualityApi.late(month), [month]);
  const mayPublish = user.roles.some((r) => ['admin', 'provincial_office', 'home_affairs'].includes(r));
  const publish = async () => {
    setErr(null);
    try {
      await qualityApi.publish(month);
      setMsg(t('quality.published', { month: `${month.slice(5, 7)}/${month.slice(0, 4)}` }));
      reload();
    } catch (e) {
      setErr(e);
    }
  };
  return (
    <>
      <PageHeader
        title={t('quality.lateTitle')}
        intro={t('quality.lateIntro')}
        actions={
          <Link className="btn" to={QUALITY_PATHS.dashboard}>
            {t('quality.title')}
          </Link>
        }
      />
      <label>
        {t('quality.kind.month')} <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
      </label>
      {msg && <Notice kind="success">{msg}</Notice>}
      {err ? <LoadError error={err} /> : null}
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <p>{t('quality.lateTotals', { late: data.totals.late, explained: data.totals.explained, missing: data.totals.missing })}</p>
          {data.published ? (
            <Notice kind="info">{t('quality.publishedAt', { at: formatDateTime(data.published.at) })}</Notice>
          ) : mayPublish ? (
            <button type="button" className="btn btn-primary" onClick={publish}>
              {t('quality.publish')}
            </button>
          ) : null}
          <div className="table-wrap" tabIndex={0}>
            <table className="data-table">
              <caption>{t('quality.lateAgencies')}</caption>
              <thead>
                <tr>
                  <th>{t('quality.col.agency')}</th>
                  <th className="q-num">{t('quality.col.late')}</th>
                  <th className="q-num">{t('quality.col.stillOpen')}</th>
                  <th className="q-num">{t('quality.col.explainedN')}</th>
                  <th className="q-num">{t('quality.col.missingN')}</th>
                </tr>
              </thead>
              <tbody>
                {data.agencies.map((a) => (
                  <tr key={a.agency.id}>
                    <td>{a.agency.name}</td>
                    <td className="q-num">{a.late}</td>
                    <td className="q-num">{a.open}</td>
                    <td className="q-num">{a.explained}</td>
                    <td className="q-num">{a.missing > 0 ? <Badge kind="warning">{a.missing}</Badge> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap" tabIndex={0}>
            <table className="data-table">
              <caption>{t('quality.lateOfficers')}</caption>
              <thead>
                <tr>
                  <th>{t('quality.col.officer')}</th>
                  <th>{t('quality.col.agency')}</th>
                  <th className="q-num">{t('quality.col.late')}</th>
                  <th className="q-num">{t('quality.col.missingN')}</th>
                </tr>
              </thead>
              <tbody>
                {data.officers.map((o) => (
                  <tr key={o.officer.id + o.agency.name}>
                    <td>{o.officer.name}</td>
                    <td>{o.agency.name}</td>
                    <td className="q-num">{o.late}</td>
                    <td className="q-num">{o.missing}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="q-muted q-small">{t('quality.explainHint')}</p>
    </>
  );
}

/** Citizens: the province's published score and ranking, and the published late lists. */
export function QualityPublicPage() {
  const { t } = useI18n();
  const today = todayInVietnam();
  const [year, setYear] = useState(today.slice(0, 4));
  const period = { from: `${year}-01-01`, to: year === today.slice(0, 4) ? today : `${year}-12-31` };
  const ind = useLoad(() => qualityApi.indicators(period), [year]);
  const dash = useLoad(() => qualityApi.dashboard(period), [year]);
  const months = useLoad(() => qualityApi.publishedMonths(), []);
  const [pubMonth, setPubMonth] = useState<string | null>(null);
  const [pub, setPub] = useState<PublishedLate | null>(null);
  useEffect(() => {
    if (pubMonth) qualityApi.published(pubMonth).then(setPub, () => setPub(null));
  }, [pubMonth]);
  return (
    <>
      <PageHeader title={t('quality.publicTitle')} intro={t('quality.publicIntro')} />
      <label>
        {t('quality.kind.year')} <input type="number" min={2020} max={2100} value={year} onChange={(e) => setYear(e.target.value)} />
      </label>
      <CatchingUp counts={[ind.data?.pendingChanges, dash.data?.pendingChanges]} />
      {ind.error ? <LoadError error={ind.error} /> : !ind.data ? <Loading /> : <ScoreCard data={ind.data} />}
      {ind.data && <IndicatorTable data={ind.data} canDrill={false} />}
      {ind.data && <PortalDetails data={ind.data} />}
      {dash.data && <Ranking data={dash.data} />}
      <section className="q-card">
        <h2>{t('quality.publicLate')}</h2>
        {months.data?.items.length ? (
          <label>
            {t('quality.kind.month')}{' '}
            <select value={pubMonth ?? ''} onChange={(e) => setPubMonth(e.target.value || null)}>
              <option value="">—</option>
              {months.data.items.map((m) => (
                <option key={m} value={m}>{`${m.slice(5, 7)}/${m.slice(0, 4)}`}</option>
              ))}
            </select>
          </label>
        ) : (
          <p>{t('quality.nothingPublished')}</p>
        )}
        {pub && (
          <div className="table-wrap" tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t('quality.col.agency')}</th>
                  <th className="q-num">{t('quality.col.late')}</th>
                  <th className="q-num">{t('quality.col.explainedN')}</th>
                </tr>
              </thead>
              <tbody>
                {pub.agencies.map((a) => (
                  <tr key={a.agency.name}>
                    <td>{a.agency.name}</td>
                    <td className="q-num">{a.late}</td>
                    <td className="q-num">{a.explained}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <p className="q-muted q-small">
        {t('quality.bandNote')}{' '}
        <button type="button" className="btn btn-link" onClick={() => navigate('/')}>
          {t('nav.home')}
        </button>
      </p>
    </>
  );
}
