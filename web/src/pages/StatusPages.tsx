import { useI18n } from '../i18n';
import { useTitle } from '../hooks';
import { PATHS } from '../nav';
import { Link, useLocation } from '../router';

/** The honest placeholder for screens that later work will build. */
export function NotBuiltPage() {
  const { t } = useI18n();
  const { pathname, search } = useLocation();
  useTitle(t('notBuilt.title'));
  const entered = [...search.values()]
    .map((v) => v.trim())
    .filter(Boolean)
    .join(', ');
  return (
    <section className="status-page" data-testid="not-built">
      <svg className="status-sign" viewBox="0 0 64 56" width="72" height="63" aria-hidden="true" focusable="false">
        <path d="M32 3 61 53H3Z" fill="var(--warning-bg)" stroke="var(--warning-border)" strokeWidth="4" strokeLinejoin="round" />
        <rect x="29" y="19" width="6" height="18" rx="2" fill="var(--warning-text)" />
        <circle cx="32" cy="44" r="3.4" fill="var(--warning-text)" />
      </svg>
      <h1>{t('notBuilt.title')}</h1>
      <p>{t('notBuilt.text', { path: pathname })}</p>
      {entered && <p className="muted">{t('notBuilt.query', { value: entered })}</p>}
      <Link to={PATHS.home} className="btn btn-secondary">
        {t('common.backHome')}
      </Link>
    </section>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  useTitle(t('notFound.title'));
  return (
    <section className="status-page" data-testid="not-found">
      <div className="status-icon" aria-hidden="true">
        404
      </div>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text', { path: pathname })}</p>
      <Link to={PATHS.home} className="btn btn-secondary">
        {t('common.backHome')}
      </Link>
    </section>
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  useTitle(t('forbidden.title'));
  return (
    <section className="status-page" data-testid="forbidden">
      <div className="status-icon" aria-hidden="true">
        403
      </div>
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.text')}</p>
      <Link to={PATHS.home} className="btn btn-secondary">
        {t('common.backHome')}
      </Link>
    </section>
  );
}
