import { useState, type FormEvent } from 'react';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useTitle } from '../hooks';
import { homeFor, PATHS } from '../nav';
import { Link, navigate } from '../router';
import { withQuery } from '../api';

export function HomePage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [q, setQ] = useState('');
  const [code, setCode] = useState('');
  useTitle(t('home.title'));

  // Real GET forms (they work without JS too); with JS they navigate inside the app.
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    navigate(withQuery(PATHS.procedures, { q: q.trim() }));
  };
  const submitLookup = (e: FormEvent) => {
    e.preventDefault();
    navigate(withQuery(PATHS.lookup, { ma: code.trim() }));
  };

  return (
    <div className="home">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t('home.heroTitle')}</h1>
        <p className="hero-text">{t('home.heroText')}</p>
        <form className="hero-search" role="search" action={PATHS.procedures} method="get" onSubmit={submitSearch}>
          <label htmlFor="home-q" className="visually-hidden">
            {t('home.searchLabel')}
          </label>
          <input
            id="home-q"
            name="q"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('home.searchPlaceholder')}
            autoComplete="off"
          />
          <button type="submit" className="btn btn-accent">
            {t('home.searchButton')}
          </button>
        </form>
      </section>

      <div className="home-grid">
        <section className="card" aria-labelledby="lookup-title">
          <h2 id="lookup-title">{t('home.lookupTitle')}</h2>
          <p>{t('home.lookupText')}</p>
          <form className="inline-form" action={PATHS.lookup} method="get" onSubmit={submitLookup}>
            <div className="field">
              <label htmlFor="home-ma">{t('home.lookupLabel')}</label>
              <input
                id="home-ma"
                name="ma"
                type="text"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                placeholder={t('home.lookupPlaceholder')}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
            <button type="submit" className="btn btn-primary">
              {t('home.lookupButton')}
            </button>
          </form>
        </section>

        <section className="card" aria-labelledby="guide-title">
          <h2 id="guide-title">{t('home.guideTitle')}</h2>
          <ol className="steps">
            <li>{t('home.guide1')}</li>
            <li>{t('home.guide2')}</li>
            <li>{t('home.guide3')}</li>
          </ol>
        </section>

        <section className="card card-staff" aria-labelledby="staff-title">
          <h2 id="staff-title">{t('home.staffTitle')}</h2>
          <p>{t('home.staffText')}</p>
          {user ? (
            <Link to={homeFor(user.roles)} className="btn btn-primary">
              {t('login.goHome')}
            </Link>
          ) : (
            <Link to={PATHS.login} className="btn btn-primary">
              {t('auth.login')}
            </Link>
          )}
        </section>
      </div>
    </div>
  );
}
