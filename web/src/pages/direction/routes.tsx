import { PATHS } from '../../nav';
import { lazyScreens, type ScreenRoute } from '../../router';

const screens = lazyScreens(() => import('./DirectionPage'));
const DirectionPage = screens.screen('DirectionPage');

/** The leaders' direction and monitoring screen (`/giam-sat`). */
export const directionRoutes: ScreenRoute[] = [
  {
    path: PATHS.monitoring,
    roles: ['province_leader', 'provincial_office', 'admin', 'home_affairs', 'unit_leader'],
    render: (u) => <DirectionPage user={u!} />,
  },
];
