import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerCalendarRoutes } from './calendar.routes.js';
import { createCalendarService } from './calendar.service.js';

export function registerCalendar(app: App, deps: Deps): void {
  registerCalendarRoutes(app, createCalendarService(deps.database));
}
