import { useState, type FormEvent } from 'react';
import { ApiError, withQuery, type User } from '../../api';
import type { ApiOk, Item, Known } from '../../api/types';
import { errorText, useLoader, useTitle, useSubmit } from '../../hooks';
import { useI18n } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { todayInVietnam } from '../../format';
import { useReformT, type ReformT } from './reformText';
import { CHANNELS, SECTORS, type Channel, type Sector } from './reformConstants';
import { reformApi, type QuestionnaireUpdate, type SipasResponseBody } from './reformApi';
import { SURVEY_PATH } from './paths';

// The public SIPAS survey (no login, anonymous), its after-return prompt, and Sở Nội vụ's questionnaire builder.

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts);
// the questionnaire, its questions and versions are open objects there: their known properties only.
type Questionnaire = Known<ApiOk<'/api/v1/reform/sipas/questionnaire'>>;
type Question = Known<Item<Questionnaire['questions']>>;

/** The service sector of a survey answer (the questions shown depend on it). */
function SectorField({ rt, sector, onSector, sectorName }: { rt: ReformT; sector: string; onSector: (s: string) => void; sectorName: (k: string) => string }) {
  return (
    <div className="field">
      <label htmlFor="survey-sector">{rt('survey.sector')}</label>
      <select id="survey-sector" value={sector} onChange={(e) => onSector(e.target.value)}>
        {SECTORS.map((s) => (
          <option key={s} value={s}>
            {sectorName(s)}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * /khao-sat opened without an agency (typed in, or a link that lost its query): the visitor picks
 * the agency that served them and the service sector, then answers that agency's survey.
 */
function SurveyAgencyChooser({
  rt,
  sector,
  onSector,
  sectorName,
}: {
  rt: ReformT;
  sector: string;
  onSector: (s: string) => void;
  sectorName: (k: string) => string;
}) {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState('');
  const list = useLoader(`survey-agencies:${q.trim()}`, (signal) =>
    reformApi.agencies({ current: true, limit: 100, ...(q.trim().length >= 2 ? { q: q.trim() } : {}) }, signal),
  );
  const items = list.data?.items ?? [];
  const chosen = items.some((a) => a.id === picked) ? picked : '';
  const start = (e: FormEvent) => {
    e.preventDefault();
    if (chosen) navigate(surveyLink(chosen, sector as Sector, 'link'));
  };
  return (
    <form className="card" onSubmit={start} data-testid="survey-choose">
      <div className="field">
        <label htmlFor="survey-agency-q">{rt('survey.agencySearch')}</label>
        <input
          id="survey-agency-q"
          type="search"
          value={q}
          maxLength={100}
          onChange={(e) => setQ(e.target.value)}
          placeholder={rt('survey.agencySearchHint')}
        />
      </div>
      <div className="field">
        <label htmlFor="survey-agency">{rt('survey.agency')}</label>
        {list.error != null && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <select id="survey-agency" value={chosen} onChange={(e) => setPicked(e.target.value)} required>
            <option value="">{list.data ? rt('survey.agencyPick', { n: items.length }) : '…'}</option>
            {items.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        )}
      </div>
      <SectorField rt={rt} sector={sector} onSector={onSector} sectorName={sectorName} />
      <button type="submit" className="btn btn-primary" disabled={!chosen}>
        {rt('survey.start')}
      </button>
    </form>
  );
}

/**
 * The survey link: agency, sector and channel only. It never carries a dossier id, a code, a
 * person or a time, so a response cannot be tied to whoever was shown the link.
 */
export function surveyLink(agencyId: string, sector: Sector, channel: Channel): string {
  return withQuery(SURVEY_PATH, { 'co-quan': agencyId, 'linh-vuc': sector, kenh: channel });
}

/** /khao-sat?co-quan=&linh-vuc=&kenh= — the anonymous survey reached by link, QR code or after a dossier is returned. */
export function PublicSurveyPage() {
  const { t } = useI18n();
  const rt = useReformT();
  const sectorName = (k: string) => t(`reform.sector.${k}` as 'reform.sector.administrative');
  useTitle(rt('survey.title'));
  const { search } = useLocation();
  const agencyId = search.get('co-quan') ?? '';
  const channel = (CHANNELS as readonly string[]).includes(search.get('kenh') ?? '') ? (search.get('kenh') as Channel) : 'link';
  const [sector, setSector] = useState<string>(
    (SECTORS as readonly string[]).includes(search.get('linh-vuc') ?? '') ? search.get('linh-vuc')! : 'administrative',
  );
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [sent, setSent] = useState(false);
  const { busy, run: attempt, error: err, setError: setErr } = useSubmit();
  const valid = /^[0-9a-f-]{36}$/i.test(agencyId);
  const agency = useLoader(`survey-agency:${agencyId}`, (signal) =>
    valid ? reformApi.agency(agencyId, signal) : Promise.reject(new ApiError(404, null, 'no agency')),
  );
  const q = useLoader('survey-q', (signal) => reformApi.questionnaire(signal));
  if (!valid || (agency.error != null && !agency.data)) {
    return (
      <div className="reform-survey">
        <PageHeader title={rt('survey.title')} intro={rt('survey.chooseIntro')} />
        {agencyId !== '' && <Notice kind="error">{rt('survey.noAgency')}</Notice>}
        <SurveyAgencyChooser rt={rt} sector={sector} onSector={setSector} sectorName={sectorName} />
      </div>
    );
  }
  if (q.error != null && !q.data) return <LoadError error={q.error} onRetry={q.reload} />;
  if (!agency.data || !q.data) return <Loading />;
  const questions = q.data.questions.filter((x) => !x.sectors || x.sectors.includes(sector));
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const picked = Object.fromEntries(Object.entries(answers).filter(([k]) => questions.some((x) => x.key === k)));
    if (!Object.keys(picked).length) {
      setErr(rt('survey.needOne'));
      return;
    }
    await attempt(async () => {
      // The sector comes from the link (any string); the server checks it, as it always has.
      await reformApi.respond({ agencyId, sector: sector as SipasResponseBody['sector'], channel, questionnaireId: q.data!.id, answers: picked });
      setSent(true);
    });
  };
  return (
    <div className="reform-survey">
      <PageHeader title={rt('survey.title')} intro={rt('survey.intro', { agency: agency.data.name })} />
      {sent ? (
        <Notice kind="success">{rt('survey.thanks')}</Notice>
      ) : (
        <form className="card" onSubmit={send} data-testid="survey-form">
          <SectorField rt={rt} sector={sector} onSector={setSector} sectorName={sectorName} />
          <p className="muted small">{rt('survey.skip')}</p>
          {questions.map((x, i) => (
            <fieldset key={x.key} className="reform-likert">
              <legend>
                {i + 1}. {x.text}
              </legend>
              <div className="reform-likert-options">
                {[1, 2, 3, 4, 5].map((v) => (
                  <label key={v} className={answers[x.key] === v ? 'on' : ''}>
                    <input type="radio" name={x.key} value={v} checked={answers[x.key] === v} onChange={() => setAnswers((a) => ({ ...a, [x.key]: v }))} />
                    <span className="reform-likert-n">{v}</span> <span className="reform-likert-t">{rt(`survey.scale.${v}` as 'survey.scale.1')}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          {err && <Notice kind="error">{err}</Notice>}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {rt('survey.send')}
          </button>
          <p className="muted small">{rt('survey.source', { title: q.data.title })}</p>
        </form>
      )}
    </div>
  );
}

/**
 * The prompt shown on a returned dossier (status 10) — to its citizen and on the public lookup: a
 * link to the survey of the receiving agency with channel after_return. The agency is given by id
 * (citizen's page) or by name (the lookup shows only the name; resolved through the public
 * agency directory). Nothing about the dossier goes into the link.
 */
export function SipasAfterReturnPrompt({ agencyId, agencyName }: { agencyId?: string | null; agencyName?: string | null }) {
  const rt = useReformT();
  const resolved = useLoader(`sipas-agency:${agencyId ?? ''}:${agencyName ?? ''}`, async (signal) => {
    if (agencyId) return { id: agencyId, name: agencyName ?? '' };
    if (!agencyName) return null;
    const r = await reformApi.resolveAgency(agencyName, signal);
    return r.matched.find((a) => a.name === agencyName) ?? r.current[0] ?? null;
  });
  const a = resolved.data;
  if (!a) return null;
  return (
    <aside className="card reform-prompt" data-testid="sipas-prompt" aria-labelledby="sipas-prompt-h">
      <h3 id="sipas-prompt-h">{rt('prompt.title')}</h3>
      <p>{rt('prompt.text', { agency: a.name || agencyName || '' })}</p>
      <a className="btn btn-primary" href={surveyLink(a.id, 'administrative', 'after_return')} rel="noreferrer noopener" referrerPolicy="no-referrer">
        {rt('prompt.link')}
      </a>
    </aside>
  );
}

// ---- builder ------------------------------------------------------------------------------------

type Version = Known<Item<ApiOk<'/api/v1/reform/sipas/questionnaires'>['items']>>;

function Editor({ v, onSaved, rt }: { v: Version; onSaved: (msg: string) => void; rt: ReformT }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(v.title);
  const [source, setSource] = useState(v.source ?? '');
  const [elements, setElements] = useState(v.elements);
  const [questions, setQuestions] = useState(v.questions);
  const [err, setErr] = useState<string | null>(null);
  const ro = !v.editable;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErr(null);
    try {
      await reformApi.updateQuestionnaire(v.id, {
        rowVersion: v.rowVersion,
        title,
        source: source || null,
        elements,
        questions: questions as QuestionnaireUpdate['questions'],
      });
      onSaved(rt('builder.saved'));
    } catch (x) {
      setErr(errorText(x, t));
    }
  };
  const publish = async () => {
    setErr(null);
    try {
      await reformApi.publishQuestionnaire(v.id);
      onSaved(rt('builder.published'));
    } catch (x) {
      setErr(errorText(x, t));
    }
  };
  const setQ = (i: number, patch: Partial<Question>) => setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  return (
    <form className="card reform-builder" onSubmit={save} data-testid="questionnaire-editor">
      <h2>
        {v.year} · {rt('builder.version')} {v.version}{' '}
        <Badge kind={v.status === 'published' ? 'success' : v.status === 'draft' ? 'info' : 'neutral'}>{rt(`builder.status.${v.status}`)}</Badge>
      </h2>
      {ro && <Notice kind="info">{v.locked ? rt(`builder.locked.${v.locked}`, { n: v.responses }) : rt('builder.locked', { n: v.responses })}</Notice>}
      {err && <Notice kind="error">{err}</Notice>}
      <fieldset disabled={ro}>
        <div className="field">
          <label htmlFor="qb-title">{rt('builder.titleField')}</label>
          <input id="qb-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="qb-source">{rt('builder.source')}</label>
          <textarea id="qb-source" rows={2} value={source} onChange={(e) => setSource(e.target.value)} />
        </div>
        <h3>{rt('builder.elements')}</h3>
        {elements.map((el, i) => (
          <div key={i} className="reform-builder-row">
            <input
              aria-label={`${rt('builder.key')} ${i + 1}`}
              className="mono"
              value={el.key}
              onChange={(e) => setElements((xs) => xs.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))}
            />
            <input
              aria-label={`${rt('builder.name')} ${i + 1}`}
              value={el.name}
              onChange={(e) => setElements((xs) => xs.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
            />
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setElements((xs) => xs.filter((_, j) => j !== i))}>
              {rt('builder.remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => setElements((xs) => [...xs, { key: `element_${xs.length + 1}`, name: '' }])}
        >
          {rt('builder.addElement')}
        </button>
        <h3>{rt('builder.questions')}</h3>
        {questions.map((q, i) => (
          <div key={i} className="reform-builder-q">
            <div className="reform-builder-row">
              <input aria-label={`${rt('builder.key')} (${i + 1})`} className="mono" value={q.key} onChange={(e) => setQ(i, { key: e.target.value })} />
              <select aria-label={`${rt('builder.element')} (${i + 1})`} value={q.element} onChange={(e) => setQ(i, { element: e.target.value })}>
                {elements.map((el) => (
                  <option key={el.key} value={el.key}>
                    {el.name || el.key}
                  </option>
                ))}
              </select>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setQuestions((xs) => xs.filter((_, j) => j !== i))}>
                {rt('builder.remove')}
              </button>
            </div>
            <textarea aria-label={`${rt('builder.text')} (${i + 1})`} rows={2} value={q.text} onChange={(e) => setQ(i, { text: e.target.value })} />
            <div className="reform-builder-sectors" role="group" aria-label={rt('builder.sectors')}>
              <span className="muted small">{rt('builder.sectors')}:</span>
              {SECTORS.map((s) => (
                <label key={s}>
                  <input
                    type="checkbox"
                    checked={!!q.sectors?.includes(s)}
                    onChange={(e) => {
                      const set = new Set(q.sectors ?? []);
                      if (e.target.checked) set.add(s);
                      else set.delete(s);
                      setQ(i, { sectors: set.size ? SECTORS.filter((x) => set.has(x)) : null });
                    }}
                  />{' '}
                  {t(`reform.sector.${s}` as 'reform.sector.administrative')}
                </label>
              ))}
            </div>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => setQuestions((xs) => [...xs, { key: `q${xs.length + 1}`, element: elements[0]?.key ?? '', text: '', sectors: null }])}
        >
          {rt('builder.addQuestion')}
        </button>
      </fieldset>
      {!ro && (
        <div className="reform-actions">
          <button type="submit" className="btn btn-primary">
            {rt('builder.save')}
          </button>
          {v.status === 'draft' && (
            <button type="button" className="btn btn-secondary" onClick={publish}>
              {rt('builder.publish')}
            </button>
          )}
        </div>
      )}
    </form>
  );
}

function PosterBox({ rt }: { rt: ReformT }) {
  const { t } = useI18n();
  const deps = useLoader('poster-agencies', (signal) => reformApi.agencies({ kind: 'department', current: true, limit: 200 }, signal));
  const [agency, setAgency] = useState('');
  const [sector, setSector] = useState<Sector>('administrative');
  const id = agency || deps.data?.items[0]?.id || '';
  const link = id ? `${window.location.origin}${surveyLink(id, sector, 'qr_counter')}` : '';
  return (
    <section className="card" aria-labelledby="poster-h">
      <h2 id="poster-h">{rt('builder.poster')}</h2>
      {deps.error != null ? (
        <LoadError error={deps.error} onRetry={deps.reload} />
      ) : !deps.data ? (
        <Loading />
      ) : (
        <div className="form-grid">
          <div className="field">
            <label htmlFor="poster-agency">{rt('builder.posterAgency')}</label>
            <select id="poster-agency" value={id} onChange={(e) => setAgency(e.target.value)}>
              {deps.data.items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="poster-sector">{rt('survey.sector')}</label>
            <select id="poster-sector" value={sector} onChange={(e) => setSector(e.target.value as Sector)}>
              {SECTORS.map((s) => (
                <option key={s} value={s}>
                  {t(`reform.sector.${s}` as 'reform.sector.administrative')}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {id && (
        <p>
          <a className="btn btn-secondary" href={`/api/v1/reform/sipas/poster/${id}?sector=${sector}`} target="_blank" rel="noreferrer">
            {rt('builder.posterDownload')}
          </a>{' '}
          <span className="muted small">
            {rt('builder.link')}:{' '}
            <a href={link} className="mono reform-link">
              {link}
            </a>
          </span>
        </p>
      )}
    </section>
  );
}

/** /cai-cach-hanh-chinh/phieu-khao-sat — Sở Nội vụ's SIPAS questionnaire versions, editor and counter posters. */
export function QuestionnairesPage({ user }: { user: User }) {
  const { t } = useI18n();
  const rt = useReformT();
  useTitle(rt('builder.title'));
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [year, setYear] = useState(Number(todayInVietnam().slice(0, 4)));
  const list = useLoader(`questionnaires:${tick}`, (signal) => reformApi.questionnaires(signal));
  const canWrite = user.roles.includes('home_affairs') || user.roles.includes('admin');
  const copy = async (from: string) => {
    setErr(null);
    try {
      const v = await reformApi.copyQuestionnaire(year, from);
      setOpen(v.id);
      setTick((n) => n + 1);
    } catch (x) {
      setErr(errorText(x, t));
    }
  };
  const current = list.data?.items.find((v) => v.id === open) ?? null;
  return (
    <div className="reform">
      <p>
        <Link to="/cai-cach-hanh-chinh">← {t('reform.back')}</Link>
      </p>
      <PageHeader title={rt('builder.title')} intro={rt('builder.intro')} />
      {msg && <Notice kind="success">{msg}</Notice>}
      {err && <Notice kind="error">{err}</Notice>}
      {list.error != null ? (
        <LoadError error={list.error} onRetry={() => setTick((n) => n + 1)} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <>
          {canWrite && (
            <p className="reform-year">
              <label>
                {rt('builder.copy')}{' '}
                <input type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value))} aria-label={rt('builder.year')} />
              </label>
            </p>
          )}
          <div className="table-wrap" tabIndex={0}>
            <table className="data-table" data-testid="questionnaires">
              <thead>
                <tr>
                  <th>{rt('builder.year')}</th>
                  <th>{rt('builder.version')}</th>
                  <th>{rt('builder.titleField')}</th>
                  <th>{rt('builder.status')}</th>
                  <th className="num">{rt('builder.responses')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((v) => (
                  <tr key={v.id}>
                    <td>{v.year}</td>
                    <td>{v.version}</td>
                    <td>
                      {v.title}
                      {v.isDefault && (
                        <>
                          {' '}
                          <Badge kind="neutral">{rt('builder.default')}</Badge>
                        </>
                      )}
                    </td>
                    <td>
                      <Badge kind={v.status === 'published' ? 'success' : v.status === 'draft' ? 'info' : 'neutral'}>{rt(`builder.status.${v.status}`)}</Badge>
                    </td>
                    <td className="num">{v.responses}</td>
                    <td className="reform-row-actions">
                      <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen(v.id)}>
                        {v.editable && canWrite ? rt('builder.edit') : rt('builder.view')}
                      </button>
                      {canWrite && (
                        <button type="button" className="btn btn-secondary btn-small" onClick={() => copy(v.id)}>
                          {rt('builder.copyFrom')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {current && (
            <Editor
              key={`${current.id}:${current.rowVersion}`}
              v={canWrite ? current : { ...current, editable: false }}
              rt={rt}
              onSaved={(m) => {
                setMsg(m);
                setTick((n) => n + 1);
              }}
            />
          )}
        </>
      )}
      <PosterBox rt={rt} />
    </div>
  );
}
