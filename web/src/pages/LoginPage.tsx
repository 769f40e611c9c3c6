import { useId, useState, type FormEvent } from 'react';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useSubmit, useTitle } from '../hooks';
import { homeFor } from '../nav';
import { Link, navigate, safeReturnPath, useLocation } from '../router';
import { Notice } from '../components/ui';

export function LoginPage() {
  const { t } = useI18n();
  const { user, login, sessionExpired } = useAuth();
  const { search } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  // Signing in changes no record: the attempt's key goes unused (the login call takes none).
  const { busy, run: attempt, error, setError } = useSubmit();
  const errorId = useId();
  useTitle(t('login.title'));

  const returnTo = safeReturnPath(search.get('tiep'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError(t('login.required'));
      return;
    }
    await attempt(
      async () => {
        const u = await login(username.trim(), password);
        navigate(returnTo ?? homeFor(u.roles), { replace: true });
      },
      () => setPassword(''),
    );
  };

  if (user) {
    return (
      <div className="login-wrap">
        <div className="card login-card">
          <h1>{t('login.title')}</h1>
          <p>{t('login.already', { name: user.fullName })}</p>
          <Link to={homeFor(user.roles)} className="btn btn-primary">
            {t('login.goHome')}
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div className="login-wrap">
      <div className="card login-card">
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        {sessionExpired && !error && <Notice kind="info">{t('auth.sessionExpired')}</Notice>}
        {error && (
          <div id={errorId}>
            <Notice kind="error">{error}</Notice>
          </div>
        )}
        <form onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
          <div className="field">
            <label htmlFor="login-username">{t('login.username')}</label>
            <input
              id="login-username"
              name="username"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              aria-invalid={error ? true : undefined}
              autoFocus
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type={showPassword ? 'text' : 'password'}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="field field-check">
            <input id="login-show" type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
            <label htmlFor="login-show">{t('login.showPassword')}</label>
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
    </div>
  );
}
