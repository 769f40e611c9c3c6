import type { ReactNode } from 'react';
import { ALL_ROLES, type Role, type User } from '../../api';
import { NotificationsPage } from './NotificationsPage';
import { TaskDigestPage } from './DigestPage';
import { NOTIFICATION_PATHS } from './notificationsApi';
import './notifications.css';

/** `/thong-bao`: my notifications and settings (staff and citizens); the monthly task digest screen. */
export function resolveNotificationsRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  switch (pathname) {
    case NOTIFICATION_PATHS.centre:
      return { roles: ALL_ROLES, render: (u) => <NotificationsPage user={u!} /> };
    case NOTIFICATION_PATHS.digest:
      return { roles: ['provincial_office', 'admin'], render: () => <TaskDigestPage /> };
    default:
      return null;
  }
}
