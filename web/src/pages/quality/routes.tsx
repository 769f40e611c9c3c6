import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { QUALITY_PATHS } from './qualityApi';
import { QualityDashboardPage, QualityLatePage, QualityPublicPage } from './QualityPages';
import './quality.css';

export const QUALITY_ROLES: readonly Role[] = ['admin', 'provincial_office', 'home_affairs', 'unit_leader'];

/** QĐ 766 screens: leaders' dashboard, the monthly late list, and the public summary. */
export function resolveQualityRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  switch (pathname) {
    case QUALITY_PATHS.dashboard:
      return { roles: QUALITY_ROLES, render: (u) => <QualityDashboardPage user={u!} /> };
    case QUALITY_PATHS.late:
      return { roles: QUALITY_ROLES, render: (u) => <QualityLatePage user={u!} /> };
    case QUALITY_PATHS.public:
      return { roles: null, render: () => <QualityPublicPage /> };
    default:
      return null;
  }
}
