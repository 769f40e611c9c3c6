import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { useMeta } from '../meta';
import { useLocation } from '../router';
import { DemoBanner, Header } from './Header';
import { ErrorBoundary } from './ErrorBoundary';
import { Notice } from './ui';

function Footer() {
  const { t } = useI18n();
  const { meta, health } = useMeta();
  const province = meta?.province.name?.trim();
  return (
    <footer className="site-footer">
      <div className="container footer-inner">
        <div>
          <p className="footer-title">{province || t('app.provinceFallback')}</p>
          <p>{t('app.footer.system')}</p>
        </div>
        <div className="footer-meta">
          {health && <p>{t('app.footer.version', { version: health.version })}</p>}
          <p>
            <a href="/docs">{t('app.footer.api')}</a>
          </p>
        </div>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { href, pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a client-side navigation, start at the top and move focus to the new content.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [href]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <DemoBanner />
      <Header />
      <main id="main" ref={mainRef} tabIndex={-1} className="main">
        <div className="container">
          <ErrorBoundary key={pathname} fallback={<Notice kind="error">{t('error.render')}</Notice>}>
            {children}
          </ErrorBoundary>
        </div>
      </main>
      <Footer />
    </div>
  );
}
