import { useEffect, useState } from 'react';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useMeta } from '../meta';
import { activeItem, navFor, PATHS, PUBLIC_NAV } from '../nav';
import { usePrefs, FONT_SCALES, DEFAULT_SCALE_INDEX } from '../prefs';
import { Link, navigate, useLocation } from '../router';
import { Emblem } from './Emblem';
import { NOTIFICATION_PATHS, notificationsApi, UNREAD_CHANGED } from '../pages/notifications/notificationsApi';

/** The bell: my unread notifications, re-read on each page change, every minute and after a read. */
function NotificationBell() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const [unread, setUnread] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const again = () => setTick((n) => n + 1);
    const timer = window.setInterval(again, 60_000);
    window.addEventListener(UNREAD_CHANGED, again);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(UNREAD_CHANGED, again);
    };
  }, []);
  useEffect(() => {
    const ctrl = new AbortController();
    notificationsApi.unread(ctrl.signal).then(
      (r) => setUnread(r.unread),
      () => undefined,
    );
    return () => ctrl.abort();
  }, [pathname, tick]);
  // The name holds the count exactly as the badge shows it ("99+"), so the visible text is part of the name (WCAG 2.5.3).
  const shown = unread !== null && unread > 99 ? '99+' : String(unread ?? 0);
  const label = unread ? t('notifications.bellUnread', { n: shown }) : t('notifications.bell');
  return (
    <Link
      to={NOTIFICATION_PATHS.centre}
      className="tool-btn notification-bell"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      aria-current={pathname === NOTIFICATION_PATHS.centre ? 'page' : undefined}
    >
      <svg className="bell-icon" aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      {unread ? (
        <span className="bell-count" aria-hidden="true" data-testid="bell-count">
          {shown}
        </span>
      ) : null}
    </Link>
  );
}

/** The banners on every screen: demo data, and sandbox adapters switched on in production. */
export function DemoBanner() {
  const { meta } = useMeta();
  const { t } = useI18n();
  const sandboxes = meta?.production ? (meta.sandboxes ?? []) : [];
  if (!meta?.demo && sandboxes.length === 0) return null;
  return (
    <>
      {meta?.demo && (
        <div className="demo-banner" role="note" data-testid="demo-banner">
          <span aria-hidden="true">⚠ </span>
          {t('app.demoBanner')}
        </div>
      )}
      {sandboxes.length > 0 && (
        <div className="demo-banner sandbox-banner" role="alert" data-testid="sandbox-banner">
          <span aria-hidden="true">⚠ </span>
          {t('app.sandboxBanner', { list: sandboxes.map((s) => (isSandboxName(s) ? t(`app.sandbox.${s}`) : s)).join(', ') })}
        </div>
      )}
    </>
  );
}

const SANDBOX_NAMES = ['vneid', 'payment', 'national_portal', 'notifications', 'signing'] as const;
const isSandboxName = (s: string): s is (typeof SANDBOX_NAMES)[number] => (SANDBOX_NAMES as readonly string[]).includes(s);

function DisplayTools() {
  const { t, lang, setLang } = useI18n();
  const prefs = usePrefs();
  return (
    <div className="display-tools">
      <div className="tool-group" role="group" aria-label={t('a11y.textSize')}>
        <span className="tool-label" aria-hidden="true">
          {t('a11y.textSize')}
        </span>
        <button type="button" className="tool-btn" onClick={prefs.smaller} disabled={prefs.scaleIndex === 0} title={t('a11y.decrease')}>
          A-<span className="visually-hidden"> ({t('a11y.decrease')})</span>
        </button>
        <button type="button" className="tool-btn" onClick={prefs.resetSize} aria-pressed={prefs.scaleIndex === DEFAULT_SCALE_INDEX} title={t('a11y.reset')}>
          A<span className="visually-hidden"> ({t('a11y.reset')})</span>
        </button>
        <button type="button" className="tool-btn" onClick={prefs.larger} disabled={prefs.scaleIndex === FONT_SCALES.length - 1} title={t('a11y.increase')}>
          A+<span className="visually-hidden"> ({t('a11y.increase')})</span>
        </button>
      </div>
      <button type="button" className="tool-btn tool-contrast" aria-pressed={prefs.contrast} onClick={prefs.toggleContrast}>
        <span aria-hidden="true" className="contrast-icon" />
        {t('a11y.contrast')}
      </button>
      <div className="tool-group" role="group" aria-label={t('a11y.language')}>
        <button type="button" className="tool-btn" lang="vi" aria-pressed={lang === 'vi'} onClick={() => setLang('vi')} title={t('a11y.langVi')}>
          VI
        </button>
        <button type="button" className="tool-btn" lang="en" aria-pressed={lang === 'en'} onClick={() => setLang('en')} title={t('a11y.langEn')}>
          EN
        </button>
      </div>
    </div>
  );
}

function Account() {
  const { t } = useI18n();
  const { status, user, logout } = useAuth();
  const { pathname } = useLocation();
  if (status === 'loading') return <div className="account" />;
  if (!user) {
    if (pathname === PATHS.login) return <div className="account" />;
    return (
      <div className="account">
        <Link to={PATHS.login} className="tool-btn account-login">
          {t('auth.login')}
        </Link>
      </div>
    );
  }
  return (
    <div className="account">
      <NotificationBell />
      <span className="account-name" title={user.username}>
        <span className="visually-hidden">{t('auth.loggedInAs', { name: '' })}</span>
        {user.fullName}
      </span>
      <button
        type="button"
        className="tool-btn"
        onClick={() => {
          // Leave the (possibly protected) page first, so the guard does not bounce to the login page.
          navigate(PATHS.home);
          void logout();
        }}
      >
        {t('auth.logout')}
      </button>
    </div>
  );
}

export function Header() {
  const { t } = useI18n();
  const { meta } = useMeta();
  const { user } = useAuth();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => setMenuOpen(false), [pathname]);

  const items = user ? navFor(user.roles) : PUBLIC_NAV;
  const current = activeItem(items, pathname);
  const province = meta?.province.name?.trim();

  return (
    <header className="site-header">
      <div className="topbar">
        <div className="container topbar-inner">
          <DisplayTools />
          <Account />
        </div>
      </div>
      <div className="brand">
        <div className="container brand-inner">
          <Link to={PATHS.home} className="brand-link">
            <Emblem />
            <span className="brand-text">
              <span className="brand-province">{province || t('app.provinceFallback')}</span>
              <span className="brand-title">
                {t('app.portal')}
                <span className="brand-sep" aria-hidden="true">
                  {' / '}
                </span>
                <span className="visually-hidden"> — </span>
                <span className="brand-title-sub">{t('app.name')}</span>
              </span>
            </span>
          </Link>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            aria-label={menuOpen ? t('a11y.closeMenu') : t('a11y.openMenu')}
            onClick={() => setMenuOpen((o) => !o)}
            data-testid="menu-button"
          >
            <span className={menuOpen ? 'menu-icon menu-icon-open' : 'menu-icon'} aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            <span className="menu-text">{t('a11y.menu')}</span>
          </button>
        </div>
      </div>
      <nav id="main-nav" className={menuOpen ? 'main-nav is-open' : 'main-nav'} aria-label={t('a11y.mainNav')}>
        <ul className="container nav-list">
          {items.map((item) => (
            <li key={item.path}>
              <Link to={item.path} aria-current={current?.path === item.path ? 'page' : undefined}>
                {t(item.key)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
