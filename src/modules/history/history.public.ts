/** The history module's public surface: the importer (the demo seed loads its generated year through it). */
export { createHistoryImporter, HISTORY_ACTOR_ID, type HistoryImporter } from './history.service.js';
export { toNdjson, buildXlsx } from './history.format.js';
export type { HistoryDossier, HistoryAction } from './history.rules.js';
