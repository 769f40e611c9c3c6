import { useEffect, type ReactNode } from 'react';
import type { Role, User } from './api';
import { useAuth } from './auth';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { NAV_TABLE, PATHS, rolesFor } from './nav';
import { navigate, useLocation } from './router';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { ForbiddenPage, NotBuiltPage, NotFoundPage } from './pages/StatusPages';
import { WorkspaceHome } from './pages/WorkspaceHome';
import { UnitsPage } from './pages/admin/UnitsPage';
import { AgenciesPage } from './pages/admin/AgenciesPage';
import { StaffPage } from './pages/admin/StaffPage';
import { AuditPage } from './pages/admin/AuditPage';
import { OutboxPage } from './pages/admin/OutboxPage';
import { HistoryImportPage } from './pages/admin/HistoryImportPage';
import { STAFF_ROLES } from './api';
import { TasksBoard } from './pages/tasks/TasksBoard';
import { PlanImportPage } from './pages/tasks/PlanImportPage';
import { TaskDetailPage } from './pages/tasks/TaskDetailPage';
import { TasksOverviewPage } from './pages/tasks/OverviewPage';
import { TASK_PATHS } from './pages/tasks/shared';
import { resolveCatalogRoute } from './pages/catalog/routes';
import { resolveFeedbackRoute } from './pages/feedback/routes';
import { resolveDossierRoute } from './pages/dossiers/routes';
import { resolveReportsRoute } from './pages/reports/routes';
import { dossierQueues } from './pages/dossiers/QueueCards';
import { resolveCitizenRoute } from './pages/citizens/routes';
import { CalendarAdminPage } from './pages/calendar/CalendarAdminPage';
import { resolveQualityRoute } from './pages/quality/routes';
import { resolveReformRoute } from './pages/reform/routes';
import { resolveNotificationsRoute } from './pages/notifications/routes';
import { DirectionPage } from './pages/direction/DirectionPage';
import { FULLSCREEN_PATHS, resolveFrontOfficeRoute } from './pages/frontoffice/routes';
import { resolveCertificationRoute } from './pages/certification/routes';

interface RouteDef {
  /** null: public; otherwise the roles allowed (any one of them). */
  roles: readonly Role[] | null;
  render: (user: User | null) => ReactNode;
}

/** Screens that exist. Every other path in the navigation table is honestly "not built yet". */
const BUILT: Record<string, RouteDef> = {
  [PATHS.home]: { roles: null, render: () => <HomePage /> },
  [PATHS.login]: { roles: null, render: () => <LoginPage /> },
  [PATHS.workspace]: { roles: rolesFor(PATHS.workspace), render: (u) => <WorkspaceHome user={u!} queues={dossierQueues(u!)} /> },
  [PATHS.units]: { roles: rolesFor(PATHS.units), render: () => <UnitsPage /> },
  [PATHS.agencies]: { roles: rolesFor(PATHS.agencies), render: () => <AgenciesPage /> },
  [PATHS.staff]: { roles: rolesFor(PATHS.staff), render: () => <StaffPage /> },
  [PATHS.audit]: { roles: rolesFor(PATHS.audit), render: () => <AuditPage /> },
  [PATHS.outbox]: { roles: rolesFor(PATHS.outbox), render: () => <OutboxPage /> },
  [PATHS.historyImport]: { roles: rolesFor(PATHS.historyImport), render: () => <HistoryImportPage /> },
  [PATHS.calendar]: { roles: rolesFor(PATHS.calendar), render: () => <CalendarAdminPage /> },
  [PATHS.monitoring]: { roles: ['province_leader', 'provincial_office', 'admin', 'home_affairs', 'unit_leader'], render: (u) => <DirectionPage user={u!} /> },
  [PATHS.tasks]: { roles: STAFF_ROLES, render: (u) => <TasksBoard user={u!} /> },
  [TASK_PATHS.importPlan]: { roles: ['provincial_office', 'admin'], render: () => <PlanImportPage /> },
  [TASK_PATHS.overview]: { roles: STAFF_ROLES, render: () => <TasksOverviewPage /> },
  [TASK_PATHS.detail]: { roles: STAFF_ROLES, render: () => <TaskDetailPage /> },
};

/** Public pages that later work fills (procedure search, dossier lookup). */
const PUBLIC_NOT_BUILT = new Set<string>([PATHS.procedures, PATHS.lookup]);

export function resolveRoute(pathname: string): RouteDef | null {
  const built = BUILT[pathname];
  if (built) return built;
  const catalog = resolveCatalogRoute(pathname);
  if (catalog) return catalog;
  const feedback = resolveFeedbackRoute(pathname);
  if (feedback) return feedback;
  const dossiers = resolveDossierRoute(pathname);
  if (dossiers) return dossiers;
  const reports = resolveReportsRoute(pathname);
  if (reports) return reports;
  const citizens = resolveCitizenRoute(pathname);
  if (citizens) return citizens;
  const quality = resolveQualityRoute(pathname);
  if (quality) return quality;
  const reform = resolveReformRoute(pathname);
  if (reform) return reform;
  const notifications = resolveNotificationsRoute(pathname);
  if (notifications) return notifications;
  const frontOffice = resolveFrontOfficeRoute(pathname);
  if (frontOffice) return frontOffice;
  const certification = resolveCertificationRoute(pathname);
  if (certification) return certification;
  if (PUBLIC_NOT_BUILT.has(pathname)) return { roles: null, render: () => <NotBuiltPage /> };
  const inNav = Object.values(NAV_TABLE).some((items) => items.some((i) => i.path === pathname));
  if (inNav) return { roles: rolesFor(pathname), render: () => <NotBuiltPage /> };
  return null;
}

function RedirectToLogin({ href }: { href: string }) {
  useEffect(() => {
    navigate(`${PATHS.login}?tiep=${encodeURIComponent(href)}`, { replace: true });
  }, [href]);
  return <Loading />;
}

function Screen() {
  const { pathname, href } = useLocation();
  const { status, user } = useAuth();
  const route = resolveRoute(pathname);
  if (!route) return <NotFoundPage />;
  if (route.roles === null) return <>{route.render(user)}</>;
  if (status === 'loading') return <Loading />;
  if (!user) return <RedirectToLogin href={href} />;
  if (!user.roles.some((r) => route.roles!.includes(r))) return <ForbiddenPage />;
  return <>{route.render(user)}</>;
}

export function App() {
  const { pathname } = useLocation();
  // Devices in kiosk mode (kiosk, call screen, tablet) and the phone's follow page: the screen alone.
  if (FULLSCREEN_PATHS.has(pathname)) return <Screen />;
  return (
    <Layout>
      <Screen />
    </Layout>
  );
}
