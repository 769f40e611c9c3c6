import { PATHS, rolesFor } from '../../nav';
import { lazyScreens, type ScreenRoute } from '../../router';

const screens = lazyScreens(() => import('./screens'));
const UnitsPage = screens.screen('UnitsPage');
const AgenciesPage = screens.screen('AgenciesPage');
const StaffPage = screens.screen('StaffPage');
const AuditPage = screens.screen('AuditPage');
const OutboxPage = screens.screen('OutboxPage');
const HistoryImportPage = screens.screen('HistoryImportPage');

/** Administration: units, agencies, staff, audit log, outbox, history import (roles: the navigation table's). */
export const adminRoutes: ScreenRoute[] = [
  { path: PATHS.units, roles: rolesFor(PATHS.units), render: () => <UnitsPage /> },
  { path: PATHS.agencies, roles: rolesFor(PATHS.agencies), render: () => <AgenciesPage /> },
  { path: PATHS.staff, roles: rolesFor(PATHS.staff), render: () => <StaffPage /> },
  { path: PATHS.audit, roles: rolesFor(PATHS.audit), render: () => <AuditPage /> },
  { path: PATHS.outbox, roles: rolesFor(PATHS.outbox), render: () => <OutboxPage /> },
  { path: PATHS.historyImport, roles: rolesFor(PATHS.historyImport), render: () => <HistoryImportPage /> },
];
