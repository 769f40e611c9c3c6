import { ALL_ROLES } from '../../api';
import { lazyScreens, type ScreenRoute } from '../../router';
import { NOTIFICATION_PATHS } from './notificationsApi';

const screens = lazyScreens(() => import('./screens'));
const NotificationsPage = screens.screen('NotificationsPage');
const TaskDigestPage = screens.screen('TaskDigestPage');

/** `/thong-bao`: my notifications and settings (staff and citizens); the monthly task digest screen. */
export const notificationRoutes: ScreenRoute[] = [
  { path: NOTIFICATION_PATHS.centre, roles: ALL_ROLES, render: (u) => <NotificationsPage user={u!} /> },
  { path: NOTIFICATION_PATHS.digest, roles: ['provincial_office', 'admin'], render: () => <TaskDigestPage /> },
];
