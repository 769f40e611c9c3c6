import { STAFF_ROLES } from '../../api';
import { lazyScreens, type ScreenRoute } from '../../router';
import { REPORT_PATHS } from './reportsApi';

const screens = lazyScreens(() => import('./ReportsPages'));
const ReportsHomePage = screens.screen('ReportsHomePage');
const PeriodPage = screens.screen('PeriodPage');
const SubmissionPage = screens.screen('SubmissionPage');

/**
 * The reporting screens (Nghị định 09/2019): `/giam-sat/bao-cao` (my agency's reports, the
 * periods received, late and missing), `/giam-sat/bao-cao/ky?id=` (a period: agencies, aggregate,
 * exports, consolidated report) and `/giam-sat/bao-cao/bao-cao?id=` (one report). Staff only;
 * the API checks roles and agency scope.
 */
export const reportRoutes: ScreenRoute[] = [
  { path: REPORT_PATHS.home, roles: STAFF_ROLES, render: (u) => <ReportsHomePage user={u!} /> },
  { path: REPORT_PATHS.period, roles: STAFF_ROLES, render: () => <PeriodPage /> },
  { path: REPORT_PATHS.submission, roles: STAFF_ROLES, render: (u) => <SubmissionPage user={u!} /> },
];
