import type { Role } from '../../api';
import { lazyScreens, type ScreenRoute } from '../../router';
import { FO_PATHS } from './foApi';

const STATS_ROLES: Role[] = ['one_stop_officer', 'unit_leader', 'admin', 'provincial_office', 'home_affairs'];

// Three chunks: the devices' screens, public booking, and the officers' screens.
const devices = lazyScreens(() => import('./DevicePages'));
const PairPage = devices.screen('PairPage');
const KioskPage = devices.screen('KioskPage');
const CallScreenPage = devices.screen('CallScreenPage');
const TabletPage = devices.screen('TabletPage');
const BoardPage = devices.screen('BoardPage');
const FollowPage = devices.screen('FollowPage');
const booking = lazyScreens(() => import('./BookingPages'));
const BookingPage = booking.screen('BookingPage');
const BookingViewPage = booking.screen('BookingViewPage');
const staff = lazyScreens(() => import('./StaffPages'));
const CounterPage = staff.screen('CounterPage');
const FrontOfficeAdminPage = staff.screen('FrontOfficeAdminPage');
const FrontOfficeStatsPage = staff.screen('FrontOfficeStatsPage');

/**
 * The front office: device screens (kiosk, call screen, rating tablet, pairing, the phone's follow
 * page, results board) fill the whole browser without the site header; booking; the counter.
 */
export const frontOfficeRoutes: ScreenRoute[] = [
  { path: FO_PATHS.pair, roles: null, fullscreen: true, render: () => <PairPage /> },
  { path: FO_PATHS.kiosk, roles: null, fullscreen: true, render: () => <KioskPage /> },
  { path: FO_PATHS.screen, roles: null, fullscreen: true, render: () => <CallScreenPage /> },
  { path: FO_PATHS.tablet, roles: null, fullscreen: true, render: () => <TabletPage /> },
  { path: FO_PATHS.board, roles: null, fullscreen: true, render: () => <BoardPage /> },
  { path: FO_PATHS.follow, roles: null, fullscreen: true, render: () => <FollowPage /> },
  { path: FO_PATHS.booking, roles: null, render: (u) => <BookingPage user={u} /> },
  { path: FO_PATHS.bookingView, roles: null, render: () => <BookingViewPage /> },
  { path: FO_PATHS.counter, roles: ['one_stop_officer'], render: (u) => <CounterPage user={u!} /> },
  { path: FO_PATHS.admin, roles: ['admin'], render: () => <FrontOfficeAdminPage /> },
  { path: FO_PATHS.stats, roles: STATS_ROLES, render: (u) => <FrontOfficeStatsPage user={u!} /> },
];
