import type { Role } from '../../api';
import { lazyScreens, type ScreenRoute } from '../../router';
import { QUALITY_PATHS } from './qualityApi';

export const QUALITY_ROLES: readonly Role[] = ['admin', 'provincial_office', 'home_affairs', 'unit_leader'];
/** Who may open the counter rating screen for a dossier (the API checks the agency). */
export const COUNTER_RATING_ROLES: readonly Role[] = ['one_stop_officer', 'specialist', 'unit_leader', 'admin'];
export const RATING_PATHS = { public: '/danh-gia/', counter: '/danh-gia-tai-quay/' } as const;

// Two chunks: the rating screens (opened from a receipt's QR code on a phone) and the dashboards.
const rating = lazyScreens(() => import('./RatingPages'));
const PublicRatingPage = rating.screen('PublicRatingPage');
const CounterRatingPage = rating.screen('CounterRatingPage');
const screens = lazyScreens(() => import('./QualityPages'));
const QualityDashboardPage = screens.screen('QualityDashboardPage');
const QualityLatePage = screens.screen('QualityLatePage');
const QualityPublicPage = screens.screen('QualityPublicPage');

/** The rest of the path after the prefix, which may hold slashes; empty is no address. */
const rest = (p: { '*'?: string }) => p['*'] ?? '';

/** QĐ 766 screens: leaders' dashboard, the monthly late list, and the public summary. */
export const qualityRoutes: ScreenRoute[] = [
  // Rating without an account (QĐ 766 indicator 5.4): the receipt's link/QR and the counter screen.
  { path: `${RATING_PATHS.public}*`, roles: null, accept: (p) => rest(p) !== '', render: (_u, p) => <PublicRatingPage token={rest(p)} /> },
  {
    path: `${RATING_PATHS.counter}*`,
    roles: COUNTER_RATING_ROLES,
    accept: (p) => rest(p) !== '',
    render: (_u, p) => <CounterRatingPage dossierId={rest(p)} />,
  },
  { path: QUALITY_PATHS.dashboard, roles: QUALITY_ROLES, render: (u) => <QualityDashboardPage user={u!} /> },
  { path: QUALITY_PATHS.late, roles: QUALITY_ROLES, render: (u) => <QualityLatePage user={u!} /> },
  { path: QUALITY_PATHS.public, roles: null, render: () => <QualityPublicPage /> },
];
