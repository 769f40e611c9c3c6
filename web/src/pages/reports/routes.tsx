import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { STAFF_ROLES } from '../../api';
import { REPORT_PATHS } from './reportsApi';
import { PeriodPage, ReportsHomePage, SubmissionPage } from './ReportsPages';
import './reports.css';

/**
 * The reporting screens (Nghị định 09/2019): `/giam-sat/bao-cao` (my agency's reports, the
 * periods received, late and missing), `/giam-sat/bao-cao/ky?id=` (a period: agencies, aggregate,
 * exports, consolidated report) and `/giam-sat/bao-cao/bao-cao?id=` (one report). Staff only;
 * the API checks roles and agency scope.
 */
export function resolveReportsRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  switch (pathname) {
    case REPORT_PATHS.home:
      return { roles: STAFF_ROLES, render: (u) => <ReportsHomePage user={u!} /> };
    case REPORT_PATHS.period:
      return { roles: STAFF_ROLES, render: () => <PeriodPage /> };
    case REPORT_PATHS.submission:
      return { roles: STAFF_ROLES, render: (u) => <SubmissionPage user={u!} /> };
    default:
      return null;
  }
}
