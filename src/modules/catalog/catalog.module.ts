import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerCatalogRoutes } from './catalog.routes.js';
import { createCatalogService } from './catalog.service.js';
import { createImporter } from './catalog.import.js';

export function registerCatalog(app: App, deps: Deps): void {
  registerCatalogRoutes(app, createCatalogService(deps.database, deps.clock), createImporter(deps.database, deps.clock), deps.database.db, deps.clock);
}
