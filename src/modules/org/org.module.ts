import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerOrgRoutes } from './org.routes.js';
import { createOrgService } from './org.service.js';

export function registerOrg(app: App, deps: Deps): void {
  registerOrgRoutes(app, createOrgService(deps.database, deps.clock));
}
