import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerCalendarRoutes } from './calendar.routes.js';

export function registerCalendar(app: App, deps: Deps): void {
  registerCalendarRoutes(app, deps.calendar);
}
