import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { REFORM_PATHS, REFORM_ROLES, ReformAgencyPage, ReformDashboardPage } from './ReformPages';
import { INDICES_PATH, IndicesPage } from './IndicesPage';
import './reform.css';

/** Administrative-reform screens: the index dashboard (ranking, SIPAS) and one agency's evidence. */
export function resolveReformRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  switch (pathname) {
    case REFORM_PATHS.dashboard:
      return { roles: REFORM_ROLES, render: (u) => <ReformDashboardPage user={u!} /> };
    case REFORM_PATHS.agency:
      return { roles: REFORM_ROLES, render: (u) => <ReformAgencyPage user={u!} /> };
    case INDICES_PATH:
      return { roles: REFORM_ROLES, render: (u) => <IndicesPage user={u!} /> };
    default:
      return null;
  }
}
