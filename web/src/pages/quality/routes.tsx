import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { QUALITY_PATHS } from './qualityApi';
import { QualityDashboardPage, QualityLatePage, QualityPublicPage } from './QualityPages';
import { CounterRatingPage, PublicRatingPage } from './RatingPages';
import './quality.css';

export const QUALITY_ROLES: readonly Role[] = ['admin', 'provincial_office', 'home_affairs', 'unit_leader'];
/** Who may open the counter rating screen for a dossier (the API checks the agency). */
export const COUNTER_RATING_ROLES: readonly Role[] = ['one_stop_officer', 'specialist', 'unit_leader', 'admin'];
export const RATING_PATHS = { public: '/danh-gia/', counter: '/danh-gia-tai-quay/' } as const;

/** QĐ 766 screens: leaders' dashboard, the monthly late list, and the public summary. */
export function resolveQualityRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  // Rating without an account (QĐ 766 indicator 5.4): the receipt's link/QR and the counter screen.
  if (pathname.startsWith(RATING_PATHS.public) && pathname.length > RATING_PATHS.public.length) {
    const token = decodeURIComponent(pathname.slice(RATING_PATHS.public.length));
    return { roles: null, render: () => <PublicRatingPage token={token} /> };
  }
  if (pathname.startsWith(RATING_PATHS.counter) && pathname.length > RATING_PATHS.counter.length) {
    const id = decodeURIComponent(pathname.slice(RATING_PATHS.counter.length));
    return { roles: COUNTER_RATING_ROLES, render: () => <CounterRatingPage dossierId={id} /> };
  }
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
