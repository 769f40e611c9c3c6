import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { useLoader, useTitle, errorText, useSubmit } from '../../hooks';
import { useAuth } from '../../auth';
import { formatDate, formatDateTime } from '../../format';
import { Link, useLocation } from '../../router';
import { Badge, Field, LoadError, Loading, Notice, PageHeader, Pagination } from '../../components/ui';
import { FilterBar, FilterInput, FilterSelect, useListFilter } from '../../components/filters';
import { feedbackApi, TOPICS, type Kind, type Topic, type TrackView } from './feedbackApi';
import { FEEDBACK_PATHS } from './paths';

const LIMIT = 10;

const answerKind = (s: string | null) => (s === 'accepted' ? 'success' : s === 'rejected' ? 'danger' : 'info');

/** /phan-anh — the answers published after moderation, without personal data. */
export function PublicFeedbackPage() {
  const { t } = useI18n();
  useTitle(t('fb.public.title'));
  const { draft, set, filter, apply, offset, setOffset, key } = useListFilter({ q: '', topic: '' });
  const { data, error, loading, reload } = useLoader(key, (signal) => feedbackApi.publicList({ ...filter, limit: LIMIT, offset }, signal));
  return (
    <div className="admin-page" data-testid="feedback-public">
      <PageHeader
        title={t('fb.public.title')}
        intro={t('fb.public.intro')}
        actions={
          <>
            <Link to={FEEDBACK_PATHS.submit} className="btn btn-primary">
              {t('fb.submit.title')}
            </Link>{' '}
            <Link to={FEEDBACK_PATHS.track} className="btn btn-secondary">
              {t('fb.track.title')}
            </Link>
          </>
        }
      />
      <FilterBar onSubmit={apply}>
        <FilterInput
          id="fb-q"
          label={t('common.keyword')}
          type="search"
          value={draft.q}
          onChange={(v) => set('q', v)}
          placeholder={t('fb.public.searchPlaceholder')}
        />
        <FilterSelect
          id="fb-topic"
          label={t('fb.topic')}
          value={draft.topic}
          onChange={(v) => set('topic', v)}
          options={[{ value: '', label: t('common.all') }, ...TOPICS.map((x) => ({ value: x, label: t(`fb.topic.${x}`) }))]}
        />
      </FilterBar>
      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          {data.items.length === 0 && <p className="muted">{t('common.noResults')}</p>}
          <ul className="fb-cards">
            {data.items.map((i) => (
              <li key={i.code} className="card fb-card" data-testid="feedback-public-item">
                <div className="fb-card-head">
                  <h2>{i.title}</h2>
                  <span className="badge-list">
                    <Badge kind="neutral">{i.code}</Badge>
                    {i.answerStatus && <Badge kind={answerKind(i.answerStatus)}>{t(`fb.answer.${i.answerStatus}`)}</Badge>}
                  </span>
                </div>
                <p className="muted">
                  {i.agency?.name}
                  {i.topic ? ` · ${t(`fb.topic.${i.topic}`)}` : ''} · {t('fb.receivedOn', { date: formatDate(i.receivedDate) })} ·{' '}
                  {t('fb.publishedOn', { date: formatDate(i.publishedDate) })}
                </p>
                <h3>{t('fb.public.summary')}</h3>
                <p className="fb-text">{i.publicSummary}</p>
                <h3>
                  {t('fb.public.answer')}
                  {i.answerDocumentNo ? ` (${t('fb.docNo', { no: i.answerDocumentNo })})` : ''}
                </h3>
                <p className="fb-text">{i.publicAnswer}</p>
              </li>
            ))}
          </ul>
          <Pagination total={data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </>
      )}
    </div>
  );
}

/** /phan-anh/gui — the submission form: name and a phone or e-mail are required. */
const GENERAL = 'general';
const TOPIC_ORDER = ['procedure_handling', 'regulation', 'officer_conduct', GENERAL];

export function SubmitFeedbackPage() {
  const { t } = useI18n();
  useTitle(t('fb.submit.title'));
  const { user } = useAuth();
  const cats = useLoader('cats', (signal) => feedbackApi.categories(signal));
  const [form, setForm] = useState({
    kind: 'feedback' as Kind,
    categoryId: '',
    title: '',
    content: '',
    name: '',
    phone: '',
    email: '',
    address: '',
    locationAddress: '',
  });
  const [pickTopic, setPickTopic] = useState('');
  const { busy, run: attempt, error: err, setError: setErr } = useSubmit();
  const [done, setDone] = useState<{ code: string; contact: string } | null>(null);
  useEffect(() => {
    if (user?.kind === 'citizen' && !form.name) setForm((f) => ({ ...f, name: user.fullName }));
  }, [user]);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErr(null);
    if (!form.phone.trim() && !form.email.trim()) {
      setErr(t('fb.submit.contactRequired'));
      return;
    }
    await attempt(async () => {
      const r = await feedbackApi.submit({
        kind: form.kind,
        categoryId: form.categoryId || null,
        title: form.title.trim() || null,
        content: form.content.trim(),
        name: form.name.trim(),
        phone: form.phone.trim() || null,
        email: form.email.trim() || null,
        address: form.address.trim() || null,
        locationAddress: form.locationAddress.trim() || null,
      });
      setDone({ code: r.code, contact: form.phone.trim() || form.email.trim() });
    });
  };

  if (done) {
    return (
      <div className="admin-page" data-testid="feedback-submitted">
        <PageHeader title={t('fb.submit.doneTitle')} />
        <Notice kind="success">
          {t('fb.submit.done')} <strong data-testid="feedback-code">{done.code}</strong>
        </Notice>
        <p>{t('fb.submit.doneHint')}</p>
        <Link to={`${FEEDBACK_PATHS.track}?ma=${encodeURIComponent(done.code)}&lh=${encodeURIComponent(done.contact)}`} className="btn btn-primary">
          {t('fb.track.title')}
        </Link>
      </div>
    );
  }

  // About 60 categories (topic × competent agency): the sender picks what it is about, then the agency.
  const all = cats.data?.items ?? [];
  const topicKeys = [...new Set(all.map((c) => c.topic ?? GENERAL))].sort((a, b) => TOPIC_ORDER.indexOf(a) - TOPIC_ORDER.indexOf(b));
  const agenciesOfTopic = all.filter((c) => (c.topic ?? GENERAL) === pickTopic).sort((a, b) => a.agency.name.localeCompare(b.agency.name, 'vi'));

  return (
    <div className="admin-page">
      <PageHeader title={t('fb.submit.title')} intro={t('fb.submit.intro')} />
      <form className="card fb-form" onSubmit={submit} noValidate={false}>
        {err && <Notice kind="error">{err}</Notice>}
        <fieldset>
          <legend>{t('fb.submit.about')}</legend>
          <Field id="fb-kind" label={t('fb.kind')}>
            <select id="fb-kind" value={form.kind} onChange={set('kind')}>
              <option value="feedback">{t('fb.kind.feedback')}</option>
              <option value="recommendation">{t('fb.kind.recommendation')}</option>
            </select>
          </Field>
          <Field id="fb-topic-pick" label={t('fb.categoryTopic')}>
            <select
              id="fb-topic-pick"
              value={pickTopic}
              onChange={(e) => {
                setPickTopic(e.target.value);
                setForm((f) => ({ ...f, categoryId: '' }));
              }}
            >
              <option value="">{t('fb.categoryUnknown')}</option>
              {topicKeys.map((k) => (
                <option key={k} value={k}>
                  {k === GENERAL ? t('fb.categoryGeneral') : t(`fb.topic.${k as Topic}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="fb-cat" label={t('fb.categoryAgency')} hint={t('fb.categoryHint')}>
            <select id="fb-cat" value={form.categoryId} onChange={set('categoryId')} aria-describedby="fb-cat-hint" disabled={!pickTopic}>
              <option value="">{pickTopic ? t('fb.categoryAgencyPick', { n: String(agenciesOfTopic.length) }) : t('fb.categoryUnknown')}</option>
              {agenciesOfTopic.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.agency.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="fb-title" label={t('fb.title')}>
            <input id="fb-title" value={form.title} onChange={set('title')} maxLength={200} />
          </Field>
          <Field id="fb-content" label={t('fb.content')} required hint={t('fb.contentHint')}>
            <textarea
              id="fb-content"
              value={form.content}
              onChange={set('content')}
              required
              minLength={10}
              maxLength={4000}
              rows={6}
              aria-describedby="fb-content-hint"
            />
          </Field>
          <Field id="fb-location" label={t('fb.location')}>
            <input id="fb-location" value={form.locationAddress} onChange={set('locationAddress')} maxLength={500} />
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('fb.submit.sender')}</legend>
          <p className="field-hint">{t('fb.submit.privacy')}</p>
          <Field id="fb-name" label={t('fb.name')} required>
            <input id="fb-name" value={form.name} onChange={set('name')} required minLength={2} maxLength={200} autoComplete="name" />
          </Field>
          <Field id="fb-phone" label={t('fb.phone')}>
            <input id="fb-phone" type="tel" value={form.phone} onChange={set('phone')} maxLength={30} autoComplete="tel" />
          </Field>
          <Field id="fb-email" label={t('fb.email')}>
            <input id="fb-email" type="email" value={form.email} onChange={set('email')} maxLength={254} autoComplete="email" />
          </Field>
          <Field id="fb-address" label={t('fb.address')}>
            <input id="fb-address" value={form.address} onChange={set('address')} maxLength={500} autoComplete="street-address" />
          </Field>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('fb.sending') : t('fb.submit.send')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** /phan-anh/theo-doi — the sender follows a feedback with its code and their phone or e-mail; one follow-up. */
export function TrackFeedbackPage() {
  const { t } = useI18n();
  useTitle(t('fb.track.title'));
  const { search } = useLocation();
  const [code, setCode] = useState(search.get('ma') ?? '');
  const [contact, setContact] = useState(search.get('lh') ?? '');
  const [view, setView] = useState<TrackView | null>(null);
  // Looking up changes nothing (the attempt's key goes unused); a follow-up is sent as before, without one.
  const { busy, run: attempt, error: err, setError: setErr } = useSubmit();
  const [reply, setReply] = useState('');
  const [sent, setSent] = useState(false);

  const lookup = async (e?: FormEvent) => {
    e?.preventDefault();
    await attempt(
      async () => setView(await feedbackApi.track(code.trim().toUpperCase(), contact.trim())),
      () => setView(null),
    );
  };
  useEffect(() => {
    if (code && contact) void lookup();
  }, []);

  const followUp = async (e: FormEvent) => {
    e.preventDefault();
    setErr(null);
    try {
      setView(await feedbackApi.followUp(view!.code, contact.trim(), reply.trim()));
      setSent(true);
    } catch (ex) {
      setErr(errorText(ex, t));
    }
  };

  return (
    <div className="admin-page">
      <PageHeader title={t('fb.track.title')} intro={t('fb.track.intro')} />
      <form className="filters card" onSubmit={lookup}>
        <div className="field">
          <label htmlFor="tr-code">{t('fb.code')}</label>
          <input id="tr-code" value={code} onChange={(e) => setCode(e.target.value)} placeholder="PAKN-2026-000001" required />
        </div>
        <div className="field">
          <label htmlFor="tr-contact">{t('fb.track.contact')}</label>
          <input id="tr-contact" value={contact} onChange={(e) => setContact(e.target.value)} required />
        </div>
        <div className="filters-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('fb.track.lookup')}
          </button>
        </div>
      </form>
      {err && <Notice kind="error">{err}</Notice>}
      {view && (
        <section className="card" data-testid="feedback-track">
          <div className="fb-card-head">
            <h2>{view.title}</h2>
            <span className="badge-list">
              <Badge kind="neutral">{view.code}</Badge>
              <Badge kind={view.status === 'closed' ? 'warning' : view.status === 'answered' || view.status === 'published' ? 'success' : 'info'}>
                {view.statusText}
              </Badge>
            </span>
          </div>
          <dl className="profile">
            <div>
              <dt>{t('fb.receivedAt')}</dt>
              <dd>{formatDateTime(view.receivedAt)}</dd>
            </div>
            {view.agency && (
              <div>
                <dt>{t('fb.agency')}</dt>
                <dd>{view.agency.name}</dd>
              </div>
            )}
            {view.deadline && (
              <div>
                <dt>{t(`fb.stage.${view.deadline.stage}`)}</dt>
                <dd>{formatDate(view.deadline.dueAt)}</dd>
              </div>
            )}
          </dl>
          <h3>{t('fb.content')}</h3>
          <p className="fb-text">{view.content}</p>
          {view.extensionReason && <Notice kind="info">{t('fb.track.extended', { reason: view.extensionReason })}</Notice>}
          {view.closeReason && <Notice kind="info">{view.closeNote ?? view.statusText}</Notice>}
          {view.answerText && (
            <div data-testid="feedback-answer">
              <h3>
                {t('fb.answerTitle')} {view.answerStatus && <Badge kind={answerKind(view.answerStatus)}>{t(`fb.answer.${view.answerStatus}`)}</Badge>}
              </h3>
              <p className="muted">
                {view.answerDocumentNo ? t('fb.docNo', { no: view.answerDocumentNo }) + ' · ' : ''}
                {formatDate(view.answeredAt)}
              </p>
              <p className="fb-text">{view.answerText}</p>
            </div>
          )}
          {view.followUpText && (
            <>
              <h3>{t('fb.followUp')}</h3>
              <p className="fb-text">{view.followUpText}</p>
            </>
          )}
          {sent && <Notice kind="success">{t('fb.track.followUpSent')}</Notice>}
          {view.canFollowUp && (
            <form onSubmit={followUp} className="fb-form">
              <Field id="tr-reply" label={t('fb.track.followUpLabel')} hint={t('fb.track.followUpHint')}>
                <textarea id="tr-reply" value={reply} onChange={(e) => setReply(e.target.value)} minLength={10} maxLength={4000} rows={3} required />
              </Field>
              <button type="submit" className="btn btn-secondary">
                {t('fb.track.followUpSend')}
              </button>
            </form>
          )}
          <h3>{t('fb.history')}</h3>
          <ol className="fb-history">
            {view.history.map((h, i) => (
              <li key={i}>
                {formatDateTime(h.at)} — {t(`fb.action.${h.action}` as 'fb.action.receive')}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
