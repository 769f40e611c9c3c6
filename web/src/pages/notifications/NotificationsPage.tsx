import { useEffect, useState, type FormEvent } from 'react';
import type { User } from '../../api';
import { errorText, useLoader, useSubmit, useTitle } from '../../hooks';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { Badge, LoadError, Loading, Notice, PageHeader, Pagination } from '../../components/ui';
import { announceUnreadChanged, notificationsApi, vapidKeyBytes, type Channel, type Notification, type Preferences } from './notificationsApi';

const LIMIT = 20;

/** dd/mm/yyyy hh:mm in Vietnam time. */
function when(iso: string): string {
  const v = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  return `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)} ${v.slice(11, 16)}`;
}

function kindBadge(kind: string): 'danger' | 'warning' | 'info' | 'neutral' {
  if (/overdue|escalation|\.late$/.test(kind)) return 'danger';
  if (/due_soon|apology|reminder/.test(kind)) return 'warning';
  if (/status|digest/.test(kind)) return 'info';
  return 'neutral';
}

const KIND_KEYS = {
  dossier: 'notifications.kind.dossier',
  task: 'notifications.kind.task',
  feedback: 'notifications.kind.feedback',
  direction: 'notifications.kind.direction',
} as const;
const kindKey = (kind: string) => KIND_KEYS[kind.split('.')[0] as keyof typeof KIND_KEYS] ?? 'notifications.kind.other';

/** The notification centre: my notifications (newest first, unread marked) and my delivery settings. */
export function NotificationsPage({ user }: { user: User }) {
  const { t } = useI18n();
  useTitle(t('notifications.title'));
  const [offset, setOffset] = useState(0);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { busy, run: attempt, error, setError } = useSubmit();
  const page = useLoader(`n:${offset}:${unreadOnly}`, (signal) => notificationsApi.list({ limit: LIMIT, offset, unread: unreadOnly }, signal));

  async function open(n: Notification) {
    if (!n.readAt) {
      try {
        await notificationsApi.read(n.id);
        announceUnreadChanged();
      } catch (err) {
        setError(errorText(err, t));
      }
    }
  }

  async function readAll() {
    await attempt(async () => {
      await notificationsApi.readAll();
      announceUnreadChanged();
      page.reload();
    });
  }

  return (
    <div className="notifications-page">
      <PageHeader
        title={t('notifications.title')}
        intro={t('notifications.intro')}
        actions={
          <button type="button" className="btn btn-secondary" onClick={() => void readAll()} disabled={busy || !page.data?.unread} data-testid="read-all">
            {t('notifications.readAll')}
          </button>
        }
      />
      {error && <Notice kind="error">{error}</Notice>}
      <div className="notifications-toolbar">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => {
              setUnreadOnly(e.target.checked);
              setOffset(0);
            }}
          />{' '}
          {t('notifications.unreadOnly')}
        </label>
        {page.data && (
          <span className="notifications-count" data-testid="unread-total">
            {t('notifications.unreadCount', { n: page.data.unread })}
          </span>
        )}
      </div>
      {page.loading && !page.data ? (
        <Loading />
      ) : page.error ? (
        <LoadError error={page.error} onRetry={page.reload} />
      ) : page.data && page.data.items.length === 0 ? (
        <p className="empty" data-testid="notifications-empty">
          {t('notifications.empty')}
        </p>
      ) : (
        <ul className="notification-list" data-testid="notification-list">
          {page.data?.items.map((n) => (
            <li key={n.id} className={n.readAt ? 'notification is-read' : 'notification is-unread'}>
              <div className="notification-head">
                {!n.readAt && <span className="unread-dot" aria-label={t('notifications.unread')} />}
                <Badge kind={kindBadge(n.kind)}>{t(kindKey(n.kind))}</Badge>
                <time dateTime={n.createdAt}>{when(n.createdAt)}</time>
              </div>
              <div className="notification-title">
                {n.link ? (
                  <Link to={n.link} onClick={() => void open(n)}>
                    {n.title}
                  </Link>
                ) : (
                  n.title
                )}
              </div>
              <p className="notification-body">{n.body}</p>
              {!n.readAt && (
                <button type="button" className="btn btn-link" onClick={() => void open(n).then(page.reload)}>
                  {t('notifications.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {page.data && <Pagination total={null} limit={LIMIT} offset={offset} onChange={setOffset} hasMore={page.data.hasMore} shown={page.data.items.length} />}
      <PreferencesForm user={user} />
    </div>
  );
}

const CHANNEL_KEYS = {
  email: 'notifications.channel.email',
  sms: 'notifications.channel.sms',
  zalo: 'notifications.channel.zalo',
  push: 'notifications.channel.push',
} as const satisfies Record<Channel, string>;

function PreferencesForm({ user }: { user: User }) {
  const { t } = useI18n();
  const prefs = useLoader('prefs', (signal) => notificationsApi.preferences(signal));
  const [form, setForm] = useState<{ channels: Channel[]; quiet: boolean; start: string; end: string } | null>(null);
  const [saved, setSaved] = useState<Preferences | null>(null);
  const { busy, run: attempt, error, setError } = useSubmit();
  const [pushState, setPushState] = useState<'idle' | 'on' | 'unsupported' | 'denied'>('idle');
  const current = saved ?? prefs.data;

  useEffect(() => {
    if (current && !form)
      setForm({
        channels: current.channels,
        quiet: current.quietHours !== null,
        start: current.quietHours?.start ?? '22:00',
        end: current.quietHours?.end ?? '06:30',
      });
  }, [current, form]);

  if (prefs.loading && !prefs.data) return <Loading />;
  if (prefs.error) return <LoadError error={prefs.error} onRetry={prefs.reload} />;
  if (!current || !form) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    await attempt(async () => {
      const r = await notificationsApi.savePreferences({
        channels: form!.channels,
        quietHours: form!.quiet ? { start: form!.start, end: form!.end } : null,
        version: current!.version,
      });
      setSaved(r);
      setForm(null);
    });
  }

  async function enablePush() {
    setError(null);
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !current!.push.publicKey) return setPushState('unsupported');
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') return setPushState('denied');
      const reg = await navigator.serviceWorker.register('/sw.js');
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: vapidKeyBytes(current!.push.publicKey) });
      await notificationsApi.subscribePush(sub.toJSON());
      setPushState('on');
    } catch (err) {
      setError(errorText(err, t));
    }
  }

  const toggle = (c: Channel) => setForm({ ...form, channels: form.channels.includes(c) ? form.channels.filter((x) => x !== c) : [...form.channels, c] });
  const address = (c: Channel) => (c === 'email' ? current.contact.email : c === 'sms' ? current.contact.phone : c === 'zalo' ? current.contact.zalo : null);

  return (
    <section className="notification-prefs card" aria-labelledby="prefs-title">
      <h2 id="prefs-title">{t('notifications.prefs.title')}</h2>
      <p className="hint">{t('notifications.prefs.intro')}</p>
      {saved && <Notice kind="success">{t('notifications.prefs.saved')}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={(e) => void submit(e)} data-testid="prefs-form">
        <fieldset>
          <legend>{t('notifications.prefs.channels')}</legend>
          {current.available.map((c) => (
            <label key={c} className="checkbox">
              <input type="checkbox" checked={form.channels.includes(c)} onChange={() => toggle(c)} name={`channel-${c}`} /> {t(CHANNEL_KEYS[c])}
              {c !== 'push' && <span className="hint"> — {address(c) ?? t('notifications.prefs.noAddress')}</span>}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('notifications.prefs.quiet')}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={form.quiet} onChange={(e) => setForm({ ...form, quiet: e.target.checked })} name="quiet" />{' '}
            {t('notifications.prefs.quietOn')}
          </label>
          {form.quiet && (
            <div className="quiet-hours">
              <label>
                {t('notifications.prefs.from')}{' '}
                <input type="time" value={form.start} onChange={(e) => setForm({ ...form, start: e.target.value })} required name="quiet-start" />
              </label>
              <label>
                {t('notifications.prefs.to')}{' '}
                <input type="time" value={form.end} onChange={(e) => setForm({ ...form, end: e.target.value })} required name="quiet-end" />
              </label>
            </div>
          )}
          <p className="hint">{t('notifications.prefs.quietHint')}</p>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : t('common.save')}
          </button>
          {user.kind === 'staff' && current.available.includes('push') && (
            <button type="button" className="btn btn-secondary" onClick={() => void enablePush()} disabled={pushState === 'on'}>
              {t('notifications.prefs.enablePush')}
            </button>
          )}
        </div>
        {pushState === 'on' && <Notice kind="success">{t('notifications.prefs.pushOn')}</Notice>}
        {pushState === 'unsupported' && <Notice kind="info">{t('notifications.prefs.pushUnsupported')}</Notice>}
        {pushState === 'denied' && <Notice kind="info">{t('notifications.prefs.pushDenied')}</Notice>}
      </form>
    </section>
  );
}
