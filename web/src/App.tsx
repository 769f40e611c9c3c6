import { Suspense, useEffect, useLayoutEffect } from 'react';
import { BrowserRouter, Outlet, useNavigate, useParams, useRoutes, type RouteObject } from 'react-router';
import { useAuth } from './auth';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Layout } from './components/Layout';
import { Loading, Notice } from './components/ui';
import { useI18n } from './i18n';
import { PATHS } from './nav';
import { attachNavigate, navigate, preloadOf, useLocation, type ScreenRoute } from './router';
import { SCREEN_ROUTES } from './routes';
import { ForbiddenPage, NotFoundPage } from './pages/StatusPages';

function RedirectToLogin({ href }: { href: string }) {
  useEffect(() => {
    navigate(`${PATHS.login}?tiep=${encodeURIComponent(href)}`, { replace: true });
  }, [href]);
  return <Loading />;
}

/**
 * One screen behind its checks: the address's shape, then (for non-public screens) the session:
 * loading, anonymous (to the login page, which brings the visitor back), or without the role (403).
 * A lazy screen renders only once the checks pass, but its chunk is fetched at once, while the
 * session is still being read: one wait instead of two in a row.
 */
function Screen({ route }: { route: ScreenRoute }) {
  const params = useParams();
  const { href } = useLocation();
  const { status, user } = useAuth();
  const accepted = !route.accept || route.accept(params);
  const screen = accepted ? route.render(user, params) : null; // an element: nothing renders yet
  const preload = preloadOf(screen);
  useEffect(() => {
    void preload?.().catch(() => undefined); // a failure shows when the screen renders
  }, [preload]);
  if (!accepted) return <NotFoundPage />;
  if (route.roles === null) return <>{screen}</>;
  if (status === 'loading') return <Loading />;
  if (!user) return <RedirectToLogin href={href} />;
  if (!user.roles.some((r) => route.roles!.includes(r))) return <ForbiddenPage />;
  return <>{screen}</>;
}

/** The site's frame; while an area's chunk loads, the loading state stands in for the screen. */
function SiteFrame() {
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </Layout>
  );
}

/** Error text for a screen that failed to render or load. */
function RenderError() {
  const { t } = useI18n();
  return <Notice kind="error">{t('error.render')}</Notice>;
}

/**
 * Devices in kiosk mode (kiosk, call screen, tablet) and the phone's follow page: the screen alone,
 * with its own error boundary (the site frame has one; a device must not turn blank either).
 */
function FullScreenFrame() {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary key={pathname} fallback={<RenderError />}>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </ErrorBoundary>
  );
}

const toRoute = (route: ScreenRoute): RouteObject => ({ path: route.path, caseSensitive: true, element: <Screen route={route} /> });

/** The route tree: full-screen device pages, then the site's pages in the frame, and 404 for the rest. */
export function appRoutes(screens: readonly ScreenRoute[] = SCREEN_ROUTES): RouteObject[] {
  return [
    { element: <FullScreenFrame />, children: screens.filter((s) => s.fullscreen).map(toRoute) },
    { element: <SiteFrame />, children: [...screens.filter((s) => !s.fullscreen).map(toRoute), { path: '*', element: <NotFoundPage /> }] },
  ];
}

const ROUTES = appRoutes();

function Screens() {
  return useRoutes(ROUTES);
}

/** Hands react-router's navigate function to `navigate()`, which event handlers and effects call. */
function NavigateBridge() {
  const routerNavigate = useNavigate();
  useLayoutEffect(() => attachNavigate(routerNavigate), [routerNavigate]);
  return null;
}

export function App() {
  // No transitions: a navigation shows the new address's screen (or its loading state) at once, as before.
  return (
    <BrowserRouter useTransitions={false}>
      <NavigateBridge />
      <Screens />
    </BrowserRouter>
  );
}
