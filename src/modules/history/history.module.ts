import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerHistoryRoutes } from './history.routes.js';
import { createHistoryImporter } from './history.service.js';

/**
 * The history module: a province's dossiers from its previous one-stop system, imported through
 * the dossier rules (docs/history-import.md). A module of its own because it owns its tables (the
 * import runs and the imported-dossier register) and reaches dossiers only through their public file.
 */
export function registerHistory(app: App, deps: Deps): void {
  registerHistoryRoutes(app, createHistoryImporter({ database: deps.database, clock: deps.clock }));
}
