import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerReformRoutes } from './reform.routes.js';
import { createReformService } from './reform.service.js';

export function registerReform(app: App, deps: Deps): void {
  registerReformRoutes(app, createReformService(deps.database));
}
