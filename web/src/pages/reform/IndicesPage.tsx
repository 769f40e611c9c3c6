import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { type Agency, type User } from '../../api';
import { errorText, useSubmit } from '../../hooks';
import type { ApiOk, Item } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { Badge, Field, LoadError, Loading, Modal, Notice, PageHeader } from '../../components/ui';
import { StatusBadge, TASK_PATHS } from '../tasks/shared';
import type { Task } from '../tasks/tasksApi';
import { INDEX_CODES as CODES, type IndexCode as Code } from './reformConstants';
import './indices.css';
import { INDICES_PATH } from './paths';
import { reformApi } from './reformApi';

const EDITOR_ROLES = ['home_affairs', 'admin'];

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
type Overview = ApiOk<'/api/v1/reform/indices'>;
type IndexView = Item<Overview['indices']>;
type YearRow = Item<IndexView['years']>;
type ComponentRow = Item<IndexView['components']>;

const fmt = (n: number | null | undefined, digits = 2): string =>
  n === null || n === undefined ? '—' : n.toLocaleString('vi-VN', { maximumFractionDigits: digits });
const signed = (n: number | null): string => (n === null ? '—' : n > 0 ? `+${fmt(n)}` : fmt(n));

/** Rank over the years as a small line chart: rank 1 at the top, the target rank as a dashed line. */
function RankChart({ years, target, label }: { years: YearRow[]; target: IndexView['target']; label: string }) {
  const pts = years.filter((y) => y.rank !== null);
  if (pts.length < 2) return null;
  const w = 320;
  const h = 140;
  const pad = { l: 30, r: 12, t: 12, b: 22 };
  const maxN = Math.max(...pts.map((p) => p.outOf));
  const x = (i: number) => pad.l + (i * (w - pad.l - pad.r)) / (pts.length - 1);
  const y = (rank: number) => pad.t + ((rank - 1) * (h - pad.t - pad.b)) / Math.max(1, maxN - 1);
  return (
    <svg className="idx-chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <line x1={pad.l} x2={w - pad.r} y1={y(1)} y2={y(1)} className="idx-axis" />
      <line x1={pad.l} x2={w - pad.r} y1={y(maxN)} y2={y(maxN)} className="idx-axis" />
      <text x={4} y={y(1) + 4} className="idx-tick">
        1
      </text>
      <text x={4} y={y(maxN) + 4} className="idx-tick">
        {maxN}
      </text>
      {target && target.rank <= maxN && (
        <>
          <line x1={pad.l} x2={w - pad.r} y1={y(target.rank)} y2={y(target.rank)} className="idx-target" />
          <text x={4} y={y(target.rank) + 4} className="idx-tick idx-tick-target">
            {target.rank}
          </text>
        </>
      )}
      <polyline points={pts.map((p, i) => `${x(i)},${y(p.rank!)}`).join(' ')} className="idx-line" />
      {pts.map((p, i) => (
        <g key={p.year}>
          <circle cx={x(i)} cy={y(p.rank!)} r={3.5} className="idx-dot" />
          <text x={x(i)} y={y(p.rank!) - 7} textAnchor="middle" className="idx-val">
            {p.rank}
          </text>
          <text x={x(i)} y={h - 6} textAnchor="middle" className="idx-tick">
            {p.year}
          </text>
        </g>
      ))}
    </svg>
  );
}

function GapText({ gap }: { gap: IndexView['gap'] }) {
  const { t } = useI18n();
  if (!gap) return <span className="muted">{t('reformIdx.noTarget')}</span>;
  if (gap.met) return <Badge kind="success">{t('reformIdx.gapMet', { rank: gap.targetRank, year: gap.targetYear })}</Badge>;
  return (
    <span>
      <Badge kind={gap.missed ? 'danger' : 'warning'}>{t('reformIdx.gapPlaces', { places: gap.places })}</Badge>{' '}
      {t('reformIdx.gapTo', { rank: gap.targetRank, year: gap.targetYear })}
      {gap.placesPerYear !== null && <> · {t('reformIdx.gapPerYear', { n: gap.placesPerYear })}</>}
    </span>
  );
}

function RecordModal({ ix, onClose, onSaved }: { ix: IndexView; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const last = ix.years[ix.years.length - 1];
  const [f, setF] = useState({
    year: String((last?.year ?? 2024) + 1),
    score: '',
    rank: '',
    outOf: String(last?.outOf ?? 63),
    title: '',
    url: '',
    verified: false,
    note: '',
  });
  const [comps, setComps] = useState<Record<string, string>>({});
  const { busy, run: attempt, error } = useSubmit();
  const num = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await attempt(async () => {
      await reformApi.putIndexResult(ix.code, Number(f.year), {
        score: num(f.score),
        rank: num(f.rank),
        outOf: Number(f.outOf),
        verified: f.verified,
        note: f.note.trim() || null,
        source: { title: f.title, url: f.url.trim() || null },
        components: Object.entries(comps)
          .filter(([, v]) => v.trim() !== '')
          .map(([code, v]) => ({ code, score: num(v)! })),
      });
      onSaved();
    });
  };
  const set = (k: keyof typeof f) => (e: { target: HTMLInputElement }) => setF({ ...f, [k]: k === 'verified' ? e.target.checked : e.target.value });
  return (
    <Modal title={t('reformIdx.record.title', { name: ix.name })} onClose={onClose} wide>
      <form onSubmit={submit} className="idx-form">
        {error && <Notice kind="error">{error}</Notice>}
        <div className="form-grid">
          <Field id="idx-year" label={t('reform.year')} required>
            <input id="idx-year" type="number" min={2000} max={2100} value={f.year} onChange={set('year')} required />
          </Field>
          <Field id="idx-score" label={t('reformIdx.score', { max: ix.scoreMax })}>
            <input id="idx-score" inputMode="decimal" value={f.score} onChange={set('score')} />
          </Field>
          <Field id="idx-rank" label={t('reformIdx.rank')}>
            <input id="idx-rank" type="number" min={1} value={f.rank} onChange={set('rank')} />
          </Field>
          <Field id="idx-outof" label={t('reformIdx.outOf')} required hint={t('reformIdx.outOfHint')}>
            <input id="idx-outof" type="number" min={1} value={f.outOf} onChange={set('outOf')} required />
          </Field>
        </div>
        <Field id="idx-src" label={t('reformIdx.sourceTitle')} required>
          <input id="idx-src" value={f.title} onChange={set('title')} required maxLength={500} />
        </Field>
        <Field id="idx-url" label={t('reformIdx.sourceUrl')}>
          <input id="idx-url" type="url" value={f.url} onChange={set('url')} maxLength={1000} />
        </Field>
        <label className="idx-check">
          <input type="checkbox" checked={f.verified} onChange={set('verified')} /> {t('reformIdx.verifiedLabel')}
        </label>
        <Field id="idx-note" label={t('reformIdx.note')}>
          <textarea id="idx-note" value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} rows={2} maxLength={2000} />
        </Field>
        <fieldset className="idx-fieldset">
          <legend>{t('reformIdx.componentScores')}</legend>
          <div className="form-grid">
            {ix.components.map((c) => (
              <Field key={c.code} id={`idx-c-${c.code}`} label={`${c.name}${c.maxScore ? ` (/${fmt(c.maxScore)})` : ''}`}>
                <input
                  id={`idx-c-${c.code}`}
                  inputMode="decimal"
                  value={comps[c.code] ?? ''}
                  onChange={(e) => setComps({ ...comps, [c.code]: e.target.value })}
                />
              </Field>
            ))}
          </div>
        </fieldset>
        <div className="form-actions">
          <button className="btn btn-primary" disabled={busy}>
            {t('reformIdx.save')}
          </button>{' '}
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function TasksModal({ ix, comp, onClose, onSaved }: { ix: IndexView; comp: ComponentRow; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'new' | 'link'>('new');
  const { busy, run: attempt, error, setError } = useSubmit();
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [f, setF] = useState({ content: '', output: '', leadAgencyId: '', dueOn: '' });
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Task[] | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  useEffect(() => {
    Promise.all(
      (['department', 'provincial_office', 'provincial_service_centre'] as const).map((kind) => reformApi.agencies({ kind, current: true, limit: 200 })),
    ).then(
      (rs) => setAgencies(rs.flatMap((r) => r.items).sort((a, b) => a.name.localeCompare(b.name, 'vi'))),
      () => setAgencies([]),
    );
  }, []);
  const run = (fn: () => Promise<unknown>) =>
    attempt(async () => {
      await fn();
      onSaved();
    });
  // The tasks of components are reached only from the section shown when the index has a components' year.
  const year = ix.componentYear!;
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(() =>
      reformApi.newComponentTask(ix.code, comp.code, {
        content: f.content,
        output: f.output.trim() || null,
        leadAgencyId: f.leadAgencyId,
        dueOn: f.dueOn,
        year,
      }),
    );
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    reformApi.searchTasks(q).then(
      (r) => setHits(r.items),
      (err) => setError(errorText(err, t)),
    );
  };
  const link = () => run(() => reformApi.linkComponentTasks(ix.code, comp.code, picked, year));
  return (
    <Modal title={t('reformIdx.tasks.title', { name: comp.name })} onClose={onClose} wide>
      <div className="idx-modes" role="group" aria-label={t('reformIdx.tasks.mode')}>
        <button
          type="button"
          className={mode === 'new' ? 'btn btn-primary btn-small' : 'btn btn-secondary btn-small'}
          aria-pressed={mode === 'new'}
          onClick={() => setMode('new')}
        >
          {t('reformIdx.tasks.new')}
        </button>{' '}
        <button
          type="button"
          className={mode === 'link' ? 'btn btn-primary btn-small' : 'btn btn-secondary btn-small'}
          aria-pressed={mode === 'link'}
          onClick={() => setMode('link')}
        >
          {t('reformIdx.tasks.link')}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {mode === 'new' ? (
        <form onSubmit={create} className="idx-form">
          <Field id="idx-t-content" label={t('reformIdx.tasks.content')} required>
            <textarea id="idx-t-content" rows={3} value={f.content} onChange={(e) => setF({ ...f, content: e.target.value })} required maxLength={4000} />
          </Field>
          <Field id="idx-t-output" label={t('reformIdx.tasks.output')}>
            <input id="idx-t-output" value={f.output} onChange={(e) => setF({ ...f, output: e.target.value })} maxLength={2000} />
          </Field>
          <div className="form-grid">
            <Field id="idx-t-lead" label={t('reformIdx.tasks.lead')} required>
              <select id="idx-t-lead" value={f.leadAgencyId} onChange={(e) => setF({ ...f, leadAgencyId: e.target.value })} required>
                <option value="">{t('reformIdx.tasks.pickLead')}</option>
                {agencies.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="idx-t-due" label={t('reformIdx.tasks.due')} required>
              <input id="idx-t-due" type="date" value={f.dueOn} onChange={(e) => setF({ ...f, dueOn: e.target.value })} required />
            </Field>
          </div>
          <div className="form-actions">
            <button className="btn btn-primary" disabled={busy}>
              {t('reformIdx.tasks.create')}
            </button>
          </div>
        </form>
      ) : (
        <div className="idx-form">
          <form onSubmit={search} className="inline-form">
            <Field id="idx-t-q" label={t('reformIdx.tasks.search')}>
              <input id="idx-t-q" value={q} onChange={(e) => setQ(e.target.value)} />
            </Field>
            <button className="btn btn-secondary">{t('reformIdx.tasks.find')}</button>
          </form>
          {hits &&
            (hits.length === 0 ? (
              <p>{t('reformIdx.tasks.none')}</p>
            ) : (
              <ul className="idx-hits">
                {hits.map((h) => (
                  <li key={h.id}>
                    <label>
                      <input
                        type="checkbox"
                        checked={picked.includes(h.id)}
                        onChange={(e) => setPicked(e.target.checked ? [...picked, h.id] : picked.filter((x) => x !== h.id))}
                      />{' '}
                      {h.content.length > 160 ? `${h.content.slice(0, 160)}…` : h.content} <span className="sub">{h.planTitle}</span>
                    </label>
                  </li>
                ))}
              </ul>
            ))}
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={busy || !picked.length} onClick={() => void link()}>
              {t('reformIdx.tasks.linkPicked', { n: picked.length })}
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}

const WEAK_KEYS: Record<ComponentRow['weak'][number], MessageKey> = {
  below_median: 'reformIdx.weak.below_median',
  lowest: 'reformIdx.weak.lowest',
  declined: 'reformIdx.weak.declined',
};

function IndexSection({ ix, editor, reload }: { ix: IndexView; editor: boolean; reload: () => void }) {
  const { t } = useI18n();
  const [recording, setRecording] = useState(false);
  const [tasksFor, setTasksFor] = useState<ComponentRow | null>(null);
  const latest = ix.years[ix.years.length - 1] ?? null;
  const unit = ix.scoreUnit === 'percent' ? '%' : '';
  const saved = () => {
    setRecording(false);
    setTasksFor(null);
    reload();
  };
  return (
    <section className="idx-section" aria-labelledby={`idx-h-${ix.code}`}>
      <div className="idx-head">
        <h2 id={`idx-h-${ix.code}`}>{ix.name}</h2>
        {editor && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setRecording(true)}>
            {t('reformIdx.record.button')}
          </button>
        )}
      </div>
      <p className="sub">
        {ix.publisher}
        {ix.note ? ` · ${ix.note}` : ''}
      </p>
      <div className="idx-cards">
        <div className="idx-card" data-testid={`idx-latest-${ix.code}`}>
          <span className="idx-card-label">{latest ? t('reformIdx.latest', { year: latest.year }) : t('reformIdx.noResult')}</span>
          {latest && <strong className="idx-card-value">{latest.rank !== null ? t('reformIdx.rankOf', { rank: latest.rank, n: latest.outOf }) : '—'}</strong>}
          {latest && <span>{t('reformIdx.scoreLine', { score: latest.score === null ? '—' : `${fmt(latest.score, 3)}${unit}`, max: fmt(ix.scoreMax) })}</span>}
        </div>
        <div className="idx-card" data-testid={`idx-gap-${ix.code}`}>
          <span className="idx-card-label">
            {ix.target ? t('reformIdx.target', { rank: ix.target.rank, year: ix.target.year }) : t('reformIdx.targetNone')}
          </span>
          <GapText gap={ix.gap} />
          {ix.target?.note && <span className="sub">{ix.target.note}</span>}
        </div>
      </div>
      <RankChart
        years={ix.years}
        target={ix.target}
        label={t('reformIdx.chartLabel', {
          name: ix.name,
          ranks: ix.years
            .filter((y) => y.rank !== null)
            .map((y) => `${y.year}: ${y.rank}/${y.outOf}`)
            .join(', '),
        })}
      />
      {ix.years.length === 0 ? (
        <p>{t('reformIdx.noResult')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data-table idx-stack" data-testid={`idx-trend-${ix.code}`}>
            <caption className="visually-hidden">{t('reformIdx.trendCaption', { name: ix.name })}</caption>
            <thead>
              <tr>
                <th>{t('reform.year')}</th>
                <th className="num">{t('reformIdx.scoreCol')}</th>
                <th className="num">{t('reformIdx.rank')}</th>
                <th className="num">{t('reformIdx.scoreChange')}</th>
                <th className="num">{t('reformIdx.rankChange')}</th>
                <th>{t('reformIdx.gapCol')}</th>
                <th>{t('reformIdx.source')}</th>
              </tr>
            </thead>
            <tbody>
              {[...ix.years].reverse().map((y) => (
                <tr key={y.year}>
                  <td data-label={t('reform.year')}>{y.year}</td>
                  <td className="num" data-label={t('reformIdx.scoreCol')}>
                    {y.score === null ? '—' : `${fmt(y.score, 3)}${unit}`}
                  </td>
                  <td className="num" data-label={t('reformIdx.rank')}>
                    {y.rank === null ? '—' : `${y.rank}/${y.outOf}`}
                  </td>
                  <td className="num" data-label={t('reformIdx.scoreChange')}>
                    {signed(y.trend.scoreChange)}
                  </td>
                  <td className="num" data-label={t('reformIdx.rankChange')}>
                    {y.trend.rankChange === null ? (
                      '—'
                    ) : (
                      <span className={y.trend.rankChange > 0 ? 'idx-up' : y.trend.rankChange < 0 ? 'idx-down' : ''}>
                        {y.trend.rankChange > 0 ? `▲ ${y.trend.rankChange}` : y.trend.rankChange < 0 ? `▼ ${-y.trend.rankChange}` : '0'}
                        {!y.trend.rankComparable && <span className="sub"> {t('reformIdx.nChanged')}</span>}
                      </span>
                    )}
                  </td>
                  <td data-label={t('reformIdx.gapCol')}>
                    {y.gap ? (y.gap.met ? t('reformIdx.met') : t('reformIdx.gapPlaces', { places: y.gap.places })) : '—'}
                  </td>
                  <td className="idx-src" data-label={t('reformIdx.source')}>
                    {y.verified ? <Badge kind="success">{t('reformIdx.verified')}</Badge> : <Badge kind="warning">{t('reformIdx.unverified')}</Badge>}{' '}
                    {y.source.url ? (
                      <a href={y.source.url} target="_blank" rel="noreferrer">
                        {y.source.title}
                      </a>
                    ) : (
                      y.source.title
                    )}
                    {y.note && <span className="sub">{y.note}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{ix.componentYear ? t('reformIdx.componentsOf', { year: ix.componentYear }) : t('reformIdx.components')}</h3>
      {ix.componentYear === null && <p className="muted">{t('reformIdx.noComponents')}</p>}
      {ix.componentYear !== null && (
        <p className="sub">
          {t('reformIdx.weakRule')}
          {ix.comparedWith ? ` ${t('reformIdx.comparedWith', { year: ix.comparedWith })}` : ''}
        </p>
      )}
      <div className="table-wrap" tabIndex={0}>
        <table className="data-table idx-components idx-stack" data-testid={`idx-components-${ix.code}`}>
          <caption className="visually-hidden">{t('reformIdx.components')}</caption>
          <thead>
            <tr>
              <th>{t('reformIdx.component')}</th>
              <th className="num">{t('reformIdx.scoreCol')}</th>
              <th className="num">{t('reformIdx.change')}</th>
              <th>{t('reformIdx.weakCol')}</th>
              <th>{t('reformIdx.tasksCol')}</th>
            </tr>
          </thead>
          <tbody>
            {ix.components.map((c) => (
              <tr key={c.code} className={c.weak.length ? 'idx-weak' : ''} data-weak={c.weak.length ? 'true' : undefined}>
                <td className="idx-cname">
                  {c.name}
                  {c.rank !== null && <span className="sub">{t('reformIdx.componentRank', { rank: c.rank })}</span>}
                </td>
                <td className="num" data-label={t('reformIdx.scoreCol')}>
                  {c.score === null ? (
                    '—'
                  ) : (
                    <>
                      {fmt(c.score)}
                      {c.maxScore ? <span className="sub">/{fmt(c.maxScore)}</span> : null}
                    </>
                  )}
                  {c.nationalMedian !== null && <span className="sub">{t('reformIdx.median', { v: fmt(c.nationalMedian) })}</span>}
                </td>
                <td className="num" data-label={t('reformIdx.change')}>
                  {signed(c.change)}
                </td>
                <td data-label={t('reformIdx.weakCol')}>
                  {c.weak.map((w) => (
                    <Badge key={w} kind="danger">
                      {t(WEAK_KEYS[w])}
                    </Badge>
                  ))}
                </td>
                <td data-label={t('reformIdx.tasksCol')}>
                  {c.tasks.length > 0 && (
                    <ul className="idx-tasks">
                      {c.tasks.map((tk) => (
                        <li key={tk.id}>
                          <Link to={`${TASK_PATHS.detail}?id=${tk.id}`}>{tk.content.length > 140 ? `${tk.content.slice(0, 140)}…` : tk.content}</Link>
                          <span className="idx-task-meta">
                            <StatusBadge status={tk.status} /> {tk.percent}% · {tk.leads.join(', ')}
                            {tk.dueOn ? ` · ${t('reformIdx.dueOn', { d: tk.dueOn.split('-').reverse().join('/') })}` : ''}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {c.hiddenTasks > 0 && <span className="sub">{t('reformIdx.hiddenTasks', { n: c.hiddenTasks })}</span>}
                  {editor && (c.weak.length > 0 || c.tasks.length > 0) && (
                    <button type="button" className="btn btn-link btn-small" onClick={() => setTasksFor(c)}>
                      {t('reformIdx.assign')}
                      <span className="visually-hidden">: {c.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {recording && <RecordModal ix={ix} onClose={() => setRecording(false)} onSaved={saved} />}
      {tasksFor && <TasksModal ix={ix} comp={tasksFor} onClose={() => setTasksFor(null)} onSaved={saved} />}
    </section>
  );
}

export function IndicesPage({ user }: { user: User }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const picked = (search.get('chi-so') ?? 'PCI') as Code;
  const code: Code = CODES.includes(picked) ? picked : 'PCI';
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    reformApi.indices().then(setData, setError);
  }, []);
  useEffect(load, [load]);
  const editor = user.roles.some((r) => EDITOR_ROLES.includes(r));
  const ix = data?.indices.find((i) => i.code === code) ?? null;
  return (
    <div className="reform idx">
      <p>
        <Link to="/cai-cach-hanh-chinh">← {t('reformIdx.back')}</Link>
      </p>
      <PageHeader
        title={t('reformIdx.title', { province: data?.province.name ?? '' })}
        intro={t('reformIdx.intro')}
        actions={
          <a className="btn btn-secondary" href="/api/v1/reform/exports/indices.xlsx" download>
            {t('reformIdx.exportXlsx')}
          </a>
        }
      />
      <nav className="idx-tabs" aria-label={t('reformIdx.pick')}>
        {CODES.map((c) => (
          <button
            key={c}
            type="button"
            className={c === code ? 'btn btn-primary btn-small' : 'btn btn-secondary btn-small'}
            aria-pressed={c === code}
            onClick={() => navigate(`${INDICES_PATH}?chi-so=${c}`, { replace: true })}
          >
            {t(`reformIdx.short.${c}` as MessageKey)}
          </button>
        ))}
      </nav>
      {error ? (
        <LoadError error={error} onRetry={load} />
      ) : !data ? (
        <Loading />
      ) : ix ? (
        <IndexSection key={ix.code} ix={ix} editor={editor} reload={load} />
      ) : null}
    </div>
  );
}
