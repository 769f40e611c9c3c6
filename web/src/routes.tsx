import { matchRoutes } from 'react-router';
import { NAV_TABLE, PATHS, rolesFor } from './nav';
import { lazyScreens, type ScreenRoute } from './router';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotBuiltPage } from './pages/StatusPages';
import { adminRoutes } from './pages/admin/routes';
import { calendarRoutes } from './pages/calendar/routes';
import { directionRoutes } from './pages/direction/routes';
import { taskRoutes } from './pages/tasks/routes';
import { catalogRoutes } from './pages/catalog/routes';
import { feedbackRoutes } from './pages/feedback/routes';
import { dossierRoutes } from './pages/dossiers/routes';
import { reportRoutes } from './pages/reports/routes';
import { citizenRoutes } from './pages/citizens/routes';
import { qualityRoutes } from './pages/quality/routes';
import { reformRoutes } from './pages/reform/routes';
import { notificationRoutes } from './pages/notifications/routes';
import { frontOfficeRoutes } from './pages/frontoffice/routes';
import { certificationRoutes } from './pages/certification/routes';

/**
 * The route table: every screen with its roles. The home and login pages are in the first chunk
 * (they are where visitors and staff arrive, and small); every area's screens load on first use.
 */

const workspace = lazyScreens(() => import('./pages/WorkspaceScreen'));
const WorkspaceScreen = workspace.screen('WorkspaceScreen');

const shell: ScreenRoute[] = [
  { path: PATHS.home, roles: null, render: () => <HomePage /> },
  { path: PATHS.login, roles: null, render: () => <LoginPage /> },
  { path: PATHS.workspace, roles: rolesFor(PATHS.workspace), render: (u) => <WorkspaceScreen user={u!} /> },
];

/** Screens that exist, in the order the old table resolved them (for equal paths, the first wins). */
export const BUILT_ROUTES: readonly ScreenRoute[] = [
  ...shell,
  ...adminRoutes,
  ...calendarRoutes,
  ...directionRoutes,
  ...taskRoutes,
  ...catalogRoutes,
  ...feedbackRoutes,
  ...dossierRoutes,
  ...reportRoutes,
  ...citizenRoutes,
  ...qualityRoutes,
  ...reformRoutes,
  ...notificationRoutes,
  ...frontOfficeRoutes,
  ...certificationRoutes,
];

/** True when some built screen answers `pathname` (react-router's own matching, case-sensitive). */
export function isBuilt(pathname: string): boolean {
  return (
    matchRoutes(
      BUILT_ROUTES.map((r) => ({ path: r.path, caseSensitive: true })),
      pathname,
    ) !== null
  );
}

/** Every other path of the navigation table is honestly "not built yet", for the roles that list it. */
export const NOT_BUILT_ROUTES: readonly ScreenRoute[] = [...new Set(Object.values(NAV_TABLE).flatMap((items) => items.map((i) => i.path)))]
  .filter((path) => !isBuilt(path))
  .map((path) => ({ path, roles: rolesFor(path), render: () => <NotBuiltPage /> }));

export const SCREEN_ROUTES: readonly ScreenRoute[] = [...BUILT_ROUTES, ...NOT_BUILT_ROUTES];
