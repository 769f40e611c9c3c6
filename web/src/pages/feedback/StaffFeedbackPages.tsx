import { useEffect, useState, type ReactNode } from 'react';
import { api, type User } from '../../api';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useTitle } from '../../hooks';
import { formatDate, formatDateTime, todayInVietnam } from '../../format';
import { Link, navigate, useLocation } from '../../router';
import { Badge, Field, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { DataTable, PagedTable, type Column } from '../../components/DataTable';
import { FilterBar, FilterInput, FilterSelect, useListFilter } from '../../components/filters';
import {
  ANSWER_STATUSES,
  feedbackApi,
  STATUSES,
  TOPICS,
  type AnswerStatus,
  type Feedback,
  type FeedbackDetail,
  type StatsRow,
  type Topic,
} from './feedbackApi';
import { FEEDBACK_PATHS } from './paths';

const LIMIT = 20;
const OPEN = 'received,forwarded,answered';

function DeadlineBadge({ d }: { d: FeedbackDetail['deadline'] }) {
  const { t } = useI18n();
  if (!d) return null;
  return (
    <Badge kind={d.overdue ? 'danger' : 'info'}>
      {t(`fb.stage.${d.stage}`)}: {formatDate(d.dueAt)}
      {d.overdue ? ` — ${t('fb.overdue')}` : ''}
    </Badge>
  );
}

/** /phan-anh-kien-nghi — the officer's queue; `?id=` opens one feedback with the actions its state allows. */
export function FeedbackQueuePage({ user }: { user: User }) {
  const { t } = useI18n();
  useTitle(t('fb.queue.title'));
  const { search } = useLocation();
  const openId = search.get('id');
  const { draft, set, filter, apply, offset, setOffset, key } = useListFilter<{ q: string; status: string; overdue: boolean }>({
    q: '',
    status: OPEN,
    overdue: false,
  });
  const [tick, setTick] = useState(0);
  const list = useLoader(`${key}:${tick}`, (signal) =>
    feedbackApi.list({ status: filter.status || undefined, overdue: filter.overdue || undefined, q: filter.q || undefined, limit: LIMIT, offset }, signal),
  );
  const columns: Column<Feedback>[] = [
    { header: t('fb.code'), cell: (f) => <Link to={`${FEEDBACK_PATHS.queue}?id=${f.id}`}>{f.code}</Link> },
    {
      header: t('fb.title'),
      cell: (f) => (
        <>
          {f.title}
          <div className="muted">
            {t('fb.receivedOn', { date: formatDate(f.receivedAt) })} · {t(`fb.channel.${f.channel}` as 'fb.channel.web')}
          </div>
        </>
      ),
    },
    { header: t('fb.agency'), cell: (f) => (f.agency ?? f.receivingAgency).name },
    { header: t('fb.status'), cell: (f) => <Badge kind={f.status === 'closed' ? 'neutral' : 'info'}>{t(`fb.status.${f.status}`)}</Badge> },
    { header: t('fb.deadline'), cell: (f) => <DeadlineBadge d={f.deadline} /> },
  ];
  return (
    <div className="admin-page">
      <PageHeader
        title={t('fb.queue.title')}
        intro={t('fb.queue.intro')}
        actions={
          <a
            className="btn"
            href={feedbackApi.exportUrl({ status: filter.status || undefined, overdue: filter.overdue || undefined, q: filter.q || undefined })}
            download
            data-testid="feedback-export"
          >
            {t('fb.queue.export')}
          </a>
        }
      />
      <FilterBar onSubmit={apply}>
        <FilterInput
          id="fq-q"
          label={t('common.keyword')}
          type="search"
          value={draft.q}
          onChange={(v) => set('q', v)}
          placeholder={t('fb.queue.searchPlaceholder')}
        />
        <FilterSelect
          id="fq-status"
          label={t('fb.status')}
          value={draft.status}
          onChange={(v) => set('status', v)}
          options={[
            { value: OPEN, label: t('fb.queue.open') },
            { value: '', label: t('common.all') },
            ...STATUSES.map((s) => ({ value: s, label: t(`fb.status.${s}`) })),
          ]}
        />
        <div className="field field-check">
          <label>
            <input type="checkbox" checked={draft.overdue} onChange={(e) => set('overdue', e.target.checked)} /> {t('fb.queue.overdueOnly')}
          </label>
        </div>
      </FilterBar>
      {openId && (
        <FeedbackDetailPanel key={openId} id={openId} user={user} onChanged={() => setTick((n) => n + 1)} onClose={() => navigate(FEEDBACK_PATHS.queue)} />
      )}
      <PagedTable
        list={list}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        columns={columns}
        rowKey={(f) => f.id}
        caption={t('fb.queue.title')}
        testId="feedback-queue"
        empty={t('common.noResults')}
      />
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function FeedbackDetailPanel({ id, user, onChanged, onClose }: { id: string; user: User; onChanged: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const [tick, setTick] = useState(0);
  const { data: f, error, loading } = useLoader(`${id}:${tick}`, (signal) => feedbackApi.get(id, signal));
  const agencies = useLoader('agencies', (signal) => api.allAgencies(signal));
  const cats = useLoader('cats', (signal) => feedbackApi.categories(signal));
  const [msg, setMsg] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [topic, setTopic] = useState<Topic | ''>('');
  const [agencyId, setAgencyId] = useState('');
  const [note, setNote] = useState('');
  const [answerStatus, setAnswerStatus] = useState<AnswerStatus>('accepted');
  const [answerText, setAnswerText] = useState('');
  const [docNo, setDocNo] = useState('');
  const [reason, setReason] = useState('');
  const [summary, setSummary] = useState('');
  const [publicAnswer, setPublicAnswer] = useState('');

  // The classification starts from the category the sender chose: its topic and its agency.
  const chosen = f?.category ? ((cats.data?.items ?? []).find((c) => c.id === f.category!.id) ?? null) : null;
  useEffect(() => {
    if (!f) return;
    setTopic(f.topic ?? chosen?.topic ?? '');
    if (chosen && !agencyId) setAgencyId(chosen.agency.id);
    if (f.publicDraft) {
      setSummary(f.publicDraft.publicSummary);
      setPublicAnswer(f.publicDraft.publicAnswer);
    }
  }, [f?.id, f?.version, chosen?.id]);

  const run = async (action: () => Promise<unknown>, ok: string) => {
    setMsg(null);
    try {
      await action();
      setMsg({ kind: 'success', text: ok });
      setTick((n) => n + 1);
      onChanged();
    } catch (ex) {
      setMsg({ kind: 'error', text: errorText(ex, t) });
    }
  };

  if (error) return <LoadError error={error} />;
  if (loading && !f) return <Loading />;
  if (!f) return null;
  const roles = user.roles;
  const canClassify = f.status === 'received' && roles.some((r) => ['provincial_office', 'one_stop_officer', 'unit_leader'].includes(r));
  const canHandle = f.status === 'forwarded' && roles.some((r) => r === 'specialist' || r === 'unit_leader') && f.agency?.id === user.agency?.id;
  const canPublish = f.status === 'answered' && roles.some((r) => r === 'provincial_office' || r === 'unit_leader');
  const currentAgencies = (agencies.data?.items ?? []).filter(
    (a) => !a.validTo && ['department', 'commune_people_committee', 'provincial_office', 'police'].includes(a.kind),
  );

  return (
    <section className="card fb-detail" aria-labelledby="fb-detail-title" data-testid="feedback-detail">
      <div className="fb-card-head">
        <h2 id="fb-detail-title">
          {f.code}: {f.title}
        </h2>
        <button type="button" className="btn btn-link" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <p className="badge-list">
        <Badge kind="info">{t(`fb.status.${f.status}`)}</Badge>
        {f.topic && <Badge kind="neutral">{t(`fb.topic.${f.topic}`)}</Badge>}
        <Badge kind="neutral">{t(`fb.kind.${f.kind}`)}</Badge>
        <DeadlineBadge d={f.deadline} />
      </p>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <dl className="profile">
        <Row label={t('fb.receivedAt')}>
          {formatDateTime(f.receivedAt)} · {t(`fb.channel.${f.channel}` as 'fb.channel.web')}
        </Row>
        <Row label={t('fb.receivingAgency')}>{f.receivingAgency.name}</Row>
        <Row label={t('fb.agency')}>{f.agency?.name ?? '—'}</Row>
        <Row label={t('fb.category')}>{f.category?.name ?? t('fb.categoryUnknown')}</Row>
        <Row label={t('fb.name')}>{f.submitter.name ?? '—'}</Row>
        <Row label={t('fb.contact')}>{[f.submitter.phone, f.submitter.email].filter(Boolean).join(' · ') || '—'}</Row>
      </dl>
      <h3>{t('fb.content')}</h3>
      <p className="fb-text">{f.content}</p>
      {Object.keys(f.attributes).length > 0 && (
        <p className="muted">
          {Object.entries(f.attributes)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(' · ')}
        </p>
      )}
      {f.suspectedDuplicateOf && f.status === 'received' && (
        <Notice kind="info">
          {t('fb.detail.suspected', { code: f.suspectedDuplicateOf.code })}{' '}
          <button
            type="button"
            className="btn btn-link"
            onClick={() => run(() => feedbackApi.duplicate(f.id, f.suspectedDuplicateOf!.id, f.version), t('fb.detail.merged'))}
          >
            {t('fb.detail.merge')}
          </button>
        </Notice>
      )}
      {f.followUpText && (
        <>
          <h3>{t('fb.followUp')}</h3>
          <p className="fb-text">{f.followUpText}</p>
        </>
      )}
      {f.answerText && (
        <>
          <h3>
            {t('fb.answerTitle')} {f.answerStatus && <Badge kind="success">{t(`fb.answer.${f.answerStatus}`)}</Badge>}
          </h3>
          <p className="fb-text">{f.answerText}</p>
        </>
      )}

      {canClassify && (
        <form
          className="fb-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () =>
                feedbackApi.classify(f.id, {
                  decision: 'forward',
                  topic: topic || undefined,
                  agencyId: agencyId || undefined,
                  note: note || null,
                  version: f.version,
                }),
              t('fb.detail.forwarded'),
            );
          }}
        >
          <h3>{t('fb.detail.classify')}</h3>
          <Field id="fd-topic" label={t('fb.topic')} required>
            <select id="fd-topic" value={topic} onChange={(e) => setTopic(e.target.value as Topic)} required>
              <option value="">—</option>
              {TOPICS.map((x) => (
                <option key={x} value={x}>
                  {t(`fb.topic.${x}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="fd-agency" label={t('fb.detail.competentAgency')} hint={f.category ? t('fb.detail.agencyDefault') : undefined}>
            <select id="fd-agency" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
              <option value="">{f.category ? t('fb.detail.agencyFromCategory') : '—'}</option>
              {currentAgencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="fd-note" label={t('fb.detail.note')} hint={t('fb.detail.noteHint')}>
            <textarea id="fd-note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('fb.detail.forward')}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => run(() => feedbackApi.classify(f.id, { decision: 'not_accepted', note, version: f.version }), t('fb.detail.closed'))}
            >
              {t('fb.detail.notAccepted')}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => run(() => feedbackApi.classify(f.id, { decision: 'complaint_redirected', note, version: f.version }), t('fb.detail.closed'))}
            >
              {t('fb.detail.complaint')}
            </button>
          </div>
        </form>
      )}

      {canHandle && (
        <>
          <form
            className="fb-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () => feedbackApi.answer(f.id, { answerStatus, text: answerText.trim(), documentNo: docNo.trim() || null, version: f.version }),
                t('fb.detail.answered'),
              );
            }}
          >
            <h3>{t('fb.detail.answer')}</h3>
            <Field id="fd-astatus" label={t('fb.detail.answerStatus')} required>
              <select id="fd-astatus" value={answerStatus} onChange={(e) => setAnswerStatus(e.target.value as AnswerStatus)}>
                {ANSWER_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`fb.answer.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="fd-docno" label={t('fb.detail.docNo')}>
              <input id="fd-docno" value={docNo} onChange={(e) => setDocNo(e.target.value)} maxLength={100} />
            </Field>
            <Field id="fd-atext" label={t('fb.detail.answerText')} required>
              <textarea id="fd-atext" value={answerText} onChange={(e) => setAnswerText(e.target.value)} rows={5} minLength={10} required />
            </Field>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary">
                {t('fb.detail.sendAnswer')}
              </button>
            </div>
          </form>
          {!f.extendedAt && (
            <form
              className="fb-form"
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => feedbackApi.extend(f.id, reason.trim(), f.version), t('fb.detail.extendedOk'));
              }}
            >
              <Field id="fd-reason" label={t('fb.detail.extendReason')} hint={t('fb.detail.extendHint')}>
                <input id="fd-reason" value={reason} onChange={(e) => setReason(e.target.value)} minLength={10} required />
              </Field>
              <button type="submit" className="btn btn-secondary">
                {t('fb.detail.extend')}
              </button>
            </form>
          )}
        </>
      )}

      {canPublish && (
        <form
          className="fb-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () => feedbackApi.publish(f.id, { publicSummary: summary.trim(), publicAnswer: publicAnswer.trim(), version: f.version }),
              t('fb.detail.publishedOk'),
            );
          }}
        >
          <h3>{t('fb.detail.moderate')}</h3>
          <p className="field-hint">{t('fb.detail.moderateHint')}</p>
          <Field id="fd-sum" label={t('fb.public.summary')} required>
            <textarea id="fd-sum" value={summary} onChange={(e) => setSummary(e.target.value)} rows={3} required />
          </Field>
          <Field id="fd-pans" label={t('fb.public.answer')} required>
            <textarea id="fd-pans" value={publicAnswer} onChange={(e) => setPublicAnswer(e.target.value)} rows={5} required />
          </Field>
          <button type="submit" className="btn btn-primary">
            {t('fb.detail.publish')}
          </button>
        </form>
      )}

      <h3>{t('fb.history')}</h3>
      <ol className="fb-history">
        {f.actions.map((a) => (
          <li key={a.id}>
            {formatDateTime(a.at)} — {t(`fb.action.${a.action}` as 'fb.action.receive')}
            {a.actorName ? ` — ${a.actorName}${a.agencyName ? `, ${a.agencyName}` : ''}` : ''}
            {a.note ? `: ${a.note}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** /phan-anh-kien-nghi/thong-ke — counts by agency and status, on-time rate (for leaders). */
export function FeedbackStatsPage() {
  const { t } = useI18n();
  useTitle(t('fb.stats.title'));
  const today = todayInVietnam();
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [range, setRange] = useState({ from, to });
  const { data, error, loading, reload } = useLoader(JSON.stringify(range), (signal) => feedbackApi.stats(range, signal));
  const rate = (r: number | null) => (r === null ? '—' : `${r.toLocaleString('vi-VN')}%`);
  const statsColumns: Column<StatsRow>[] = [
    { header: t('fb.agency'), rowHeader: true, cell: (r) => r.agency?.name ?? t('fb.stats.all') },
    { header: t('fb.stats.total'), cell: (r) => r.total },
    ...STATUSES.map((s): Column<StatsRow> => ({ key: s, header: t(`fb.status.${s}`), cell: (r) => r.byStatus[s] ?? 0 })),
    { header: t('fb.stats.late'), cell: (r) => r.late + r.overdue },
    { header: t('fb.stats.rate'), cell: (r) => rate(r.onTimeRate) },
  ];
  return (
    <div className="admin-page">
      <PageHeader title={t('fb.stats.title')} intro={t('fb.stats.intro')} />
      <FilterBar search={false} submitLabel={t('fb.stats.show')} onSubmit={() => setRange({ from, to })}>
        <FilterInput id="fs-from" label={t('audit.from')} type="date" value={from} onChange={setFrom} required />
        <FilterInput id="fs-to" label={t('audit.to')} type="date" value={to} onChange={setTo} required />
      </FilterBar>
      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          <p>{t('fb.stats.summary', { total: data.total.total, rate: rate(data.total.onTimeRate), from: formatDate(data.from), to: formatDate(data.to) })}</p>
          <DataTable
            caption={t('fb.stats.title')}
            testId="feedback-stats"
            rows={[...data.byAgency, data.total]}
            rowKey={(r, i) => r.agency?.id ?? `total-${i}`}
            rowClassName={(r) => (r.agency ? undefined : 'total-row')}
            columns={statsColumns}
          />
        </>
      )}
    </div>
  );
}
