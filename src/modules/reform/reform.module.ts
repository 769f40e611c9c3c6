import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerReformRoutes } from './reform.routes.js';
import { createReformService } from './reform.service.js';
import { registerReformIndicesRoutes } from './reform.indices.routes.js';
import { createReformIndicesService } from './reform.indices.service.js';
import { registerReformExportRoutes } from './reform.exports.js';
import { getSetting } from '../../platform/auth/auth.repo.js';

export function registerReform(app: App, deps: Deps): void {
  const reform = createReformService(deps.database);
  registerReformRoutes(app, reform);
  // Provincial indices (issue #10 §4) and exports of the reform results.
  const indices = createReformIndicesService(deps.database);
  registerReformIndicesRoutes(app, indices);
  registerReformExportRoutes(app, reform, indices, async () => (await getSetting(deps.database.db, 'province_name')) ?? '');
}
