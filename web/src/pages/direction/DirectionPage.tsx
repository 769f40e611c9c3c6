import { useEffect, useState } from 'react';
import { type User } from '../../api';
import type { ApiOk, Item as ListItem } from '../../api/types';
import { errorText, useLoader, useSubmit, useTitle } from '../../hooks';
import { useI18n } from '../../i18n';
import { formatDate, formatDateTime } from '../../format';
import { Badge, LoadError, Loading, Modal, Notice, PageHeader, Pagination } from '../../components/ui';
import { Link, navigate, useLocation } from '../../router';
import { directionApi, type PromptBody } from './directionApi';
import './direction.css';

export const DIRECTION_PATH = '/giam-sat';

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
type Centre = ApiOk<'/api/v1/direction/centre'>;
type Indicator = ListItem<Centre['indicators']>;
type ItemPage = ApiOk<'/api/v1/direction/indicators/{code}/items'>;
type Item = ListItem<ItemPage['items']>;

const num = (v: number | null, unit: string, lang: string) =>
  v === null ? '—' : `${v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })}${unit === 'percent' ? '%' : ''}`;
const REFRESH_MS = 60_000;

export function DirectionPage({ user }: { user: User }) {
  const { t } = useI18n();
  const { lang } = useI18n();
  const { search } = useLocation();
  const wall = search.get('man-hinh') === '1';
  const drill = search.get('chi-so');
  useTitle(t('direction.title'));
  const centre = useLoader('centre', (signal) => directionApi.centre(signal));
  // Wall-screen mode: refresh every minute.
  useEffect(() => {
    if (!wall) return;
    const id = window.setInterval(centre.reload, REFRESH_MS);
    return () => window.clearInterval(id);
  }, [wall, centre.reload]);
  useEffect(() => {
    document.body.classList.toggle('direction-wall', wall);
    return () => document.body.classList.remove('direction-wall');
  }, [wall]);

  if (!centre.data && centre.loading) return <Loading />;
  if (!centre.data) return <LoadError error={centre.error} onRetry={centre.reload} />;
  const c = centre.data;
  const open = (code: string) => navigate(`${DIRECTION_PATH}?chi-so=${code}`);
  return (
    <div className={wall ? 'direction wall' : 'direction'}>
      <PageHeader
        title={t('direction.title')}
        intro={t('direction.intro', {
          from: formatDate(c.period.from),
          to: formatDate(c.period.to),
          at: formatDateTime(c.computedAt),
          scope: c.scope === 'province' ? t('direction.scopeProvince') : (user.agency?.name ?? ''),
        })}
        actions={
          <div className="direction-actions">
            {wall ? (
              <Link to={DIRECTION_PATH} className="button secondary">
                {t('direction.leaveWall')}
              </Link>
            ) : (
              <Link to={`${DIRECTION_PATH}?man-hinh=1`} className="button secondary">
                {t('direction.wall')}
              </Link>
            )}
            <a className="button secondary" href="/api/v1/direction/export.pdf">
              PDF
            </a>
            <a className="button secondary" href="/api/v1/direction/export.xlsx">
              XLSX
            </a>
          </div>
        }
      />
      {centre.error ? <Notice kind="error">{errorText(centre.error, t)}</Notice> : null}
      <ul className="direction-grid">
        {c.indicators.map((i) => (
          <li key={i.code} className={`direction-card ${i.targetMet === false ? 'missed' : i.targetMet ? 'met' : ''}`} data-code={i.code}>
            <button
              type="button"
              className="direction-card-button"
              onClick={() => open(i.code)}
              disabled={!i.drill}
              aria-label={`${lang === 'vi' ? i.name : i.nameEn}: ${num(i.value, i.unit, lang)}`}
            >
              <span className="direction-name">{lang === 'vi' ? i.name : i.nameEn}</span>
              <span className="direction-value">{num(i.value, i.unit, lang)}</span>
              <span className="direction-meta">
                {i.trend ? (
                  <Badge kind={i.trend.judgement === 'better' ? 'success' : i.trend.judgement === 'worse' ? 'danger' : 'neutral'}>
                    {i.trend.delta > 0 ? '▲' : i.trend.delta < 0 ? '▼' : '='} {num(Math.abs(i.trend.delta), i.unit, lang)}
                  </Badge>
                ) : null}
                {i.target !== null ? (
                  <span>
                    {t('direction.target')}: {i.direction === 'up' ? '≥' : '≤'} {num(i.target, i.unit, lang)}
                  </span>
                ) : null}
              </span>
              {i.agencies.length ? (
                <span className="direction-agencies">
                  {i.agencies.slice(0, wall ? 2 : 3).map((a) => (
                    <span key={a.agency?.id ?? '-'}>
                      {a.agency?.name ?? t('direction.noAgency')}: {num(a.value, i.unit === 'points' ? 'points' : 'count', lang)}
                    </span>
                  ))}
                </span>
              ) : i.note ? (
                <span className="direction-note">{i.note}</span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
      {drill ? (
        <DrillDown
          code={drill}
          indicator={c.indicators.find((i) => i.code === drill) ?? null}
          user={user}
          onClose={() => navigate(wall ? `${DIRECTION_PATH}?man-hinh=1` : DIRECTION_PATH)}
        />
      ) : null}
    </div>
  );
}

const LIMIT = 20;
const PROMPT_ROLES = ['province_leader', 'provincial_office', 'unit_leader'];

function DrillDown({ code, indicator, user, onClose }: { code: string; indicator: Indicator | null; user: User; onClose: () => void }) {
  const { t } = useI18n();
  const { lang } = useI18n();
  const [offset, setOffset] = useState(0);
  const [prompting, setPrompting] = useState<Item | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const items = useLoader(`${code}:${offset}`, (signal) => directionApi.items(code, { limit: LIMIT, offset }, signal));
  const canPrompt = user.roles.some((r) => PROMPT_ROLES.includes(r));
  const title = indicator ? (lang === 'vi' ? indicator.name : indicator.nameEn) : code;
  return (
    <Modal title={title} onClose={onClose} wide>
      {indicator ? (
        <p className="direction-definition">
          {indicator.definition}{' '}
          <small>
            ({t('direction.source')}: {indicator.source}; {t('direction.owner')}: {indicator.owner}; {t('direction.refresh')}: {indicator.refresh})
          </small>
        </p>
      ) : null}
      {sent ? <Notice kind="success">{sent}</Notice> : null}
      {items.error ? <LoadError error={items.error} onRetry={items.reload} /> : null}
      {items.loading && !items.data ? <Loading /> : null}
      {items.data ? (
        <>
          <div className="table-wrap">
            <table className="direction-items">
              <thead>
                <tr>
                  <th>{t('direction.item')}</th>
                  <th>{t('direction.agency')}</th>
                  <th>{t('direction.responsible')}</th>
                  <th>{t('direction.due')}</th>
                  {canPrompt ? <th /> : null}
                </tr>
              </thead>
              <tbody>
                {items.data.items.map((it) => (
                  <tr key={`${it.kind}:${it.id}`}>
                    <td>
                      <Link to={it.link}>{it.label}</Link>
                      <div>{it.title}</div>
                      {it.detail ? <small className="direction-detail">{it.detail}</small> : null}
                    </td>
                    <td>{it.agency?.name ?? '—'}</td>
                    <td>{it.responsible?.name ?? '—'}</td>
                    <td>{it.dueAt ? (it.dueAt.length > 10 ? formatDateTime(it.dueAt) : formatDate(it.dueAt)) : '—'}</td>
                    {canPrompt ? (
                      <td>
                        {it.kind !== 'agency' ? (
                          <button type="button" className="secondary" onClick={() => setPrompting(it)}>
                            {t('direction.prompt')}
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
                {!items.data.items.length ? (
                  <tr>
                    <td colSpan={5}>{t('direction.noItems')}</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
          <Pagination total={items.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </>
      ) : null}
      {prompting ? (
        <PromptForm
          code={code}
          item={prompting}
          onClose={() => setPrompting(null)}
          onSent={(msg) => {
            setPrompting(null);
            setSent(msg);
          }}
        />
      ) : null}
    </Modal>
  );
}

function PromptForm({ code, item, onClose, onSent }: { code: string; item: Item; onClose: () => void; onSent: (msg: string) => void }) {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  // One prompt per opening of the form (Idempotency-Key): a double click never sends it twice.
  const sending = useSubmit();
  const { busy, error } = sending;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await sending.run((key) =>
      // An item of kind 'agency' has always been sent as it is; the server answers it with a 400 (shown).
      directionApi.prompt({ indicatorCode: code, subjectKind: item.kind as PromptBody['subjectKind'], subjectId: item.id, message }, key),
    );
    if (r.ok) onSent(t('direction.promptSent', { to: (r.value.recipients ?? []).map((x) => x.name).join(', ') }));
  };
  return (
    <form className="direction-prompt" onSubmit={submit}>
      <h3>{t('direction.promptTitle', { item: item.label })}</h3>
      <p>{t('direction.promptTo', { to: item.responsible?.name ?? item.agency?.name ?? '' })}</p>
      <label htmlFor="prompt-message">{t('direction.promptMessage')}</label>
      <textarea id="prompt-message" required maxLength={2000} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={onClose}>
          {t('direction.cancel')}
        </button>
        <button type="submit" disabled={busy || !message.trim()}>
          {t('direction.send')}
        </button>
      </div>
    </form>
  );
}
