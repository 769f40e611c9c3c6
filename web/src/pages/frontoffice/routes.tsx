import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { FO_PATHS } from './foApi';
import { BoardPage, CallScreenPage, FollowPage, KioskPage, PairPage, TabletPage } from './DevicePages';
import { BookingPage, BookingViewPage } from './BookingPages';
import { CounterPage, FrontOfficeAdminPage, FrontOfficeStatsPage } from './StaffPages';

/** Device screens fill the whole browser (no site header): kiosk, call screen, tablet, pairing, follow page. */
export const FULLSCREEN_PATHS: ReadonlySet<string> = new Set([FO_PATHS.pair, FO_PATHS.kiosk, FO_PATHS.screen, FO_PATHS.tablet, FO_PATHS.follow, FO_PATHS.board]);

const STATS_ROLES: Role[] = ['one_stop_officer', 'unit_leader', 'admin', 'provincial_office', 'home_affairs'];

export function resolveFrontOfficeRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  switch (pathname) {
    case FO_PATHS.pair:
      return { roles: null, render: () => <PairPage /> };
    case FO_PATHS.kiosk:
      return { roles: null, render: () => <KioskPage /> };
    case FO_PATHS.screen:
      return { roles: null, render: () => <CallScreenPage /> };
    case FO_PATHS.tablet:
      return { roles: null, render: () => <TabletPage /> };
    case FO_PATHS.board:
      return { roles: null, render: () => <BoardPage /> };
    case FO_PATHS.follow:
      return { roles: null, render: () => <FollowPage /> };
    case FO_PATHS.booking:
      return { roles: null, render: (u) => <BookingPage user={u} /> };
    case FO_PATHS.bookingView:
      return { roles: null, render: () => <BookingViewPage /> };
    case FO_PATHS.counter:
      return { roles: ['one_stop_officer'], render: (u) => <CounterPage user={u!} /> };
    case FO_PATHS.admin:
      return { roles: ['admin'], render: () => <FrontOfficeAdminPage /> };
    case FO_PATHS.stats:
      return { roles: STATS_ROLES, render: (u) => <FrontOfficeStatsPage user={u!} /> };
    default:
      return null;
  }
}
