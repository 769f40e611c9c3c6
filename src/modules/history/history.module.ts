import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerHistoryRoutes } from './history.routes.js';
import { createHistoryImporter } from './history.service.js';
import { localFileStore } from '../../platform/files.js';
import { signaturesOf } from '../signatures/signatures.public.js';

/**
 * The history module: a province's dossiers from its previous one-stop system, imported through
 * the dossier rules (docs/history-import.md). A module of its own because it owns its tables (the
 * import runs and the imported-dossier register) and reaches dossiers only through their public file.
 */
export function registerHistory(app: App, deps: Deps): void {
  // Imported files go to the product's file store; their signatures are verified and the verdict kept (signatures module).
  const signatures = signaturesOf(deps);
  registerHistoryRoutes(
    app,
    createHistoryImporter({
      database: deps.database,
      calendar: deps.calendar,
      clock: deps.clock,
      files: localFileStore(deps.config.filesDir),
      verify: (x, f) => signatures.checkAndStore(x, f),
    }),
  );
}
