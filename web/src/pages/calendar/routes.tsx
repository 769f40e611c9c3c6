import { PATHS, rolesFor } from '../../nav';
import { lazyScreens, type ScreenRoute } from '../../router';

const screens = lazyScreens(() => import('./CalendarAdminPage'));
const CalendarAdminPage = screens.screen('CalendarAdminPage');

/** The working calendar (holidays, make-up days) the deadlines are counted on. */
export const calendarRoutes: ScreenRoute[] = [{ path: PATHS.calendar, roles: rolesFor(PATHS.calendar), render: () => <CalendarAdminPage /> }];
