import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerQualityRoutes } from './quality.routes.js';
import { FEED_TOPIC, type QualityService } from './quality.service.js';
import type { Database } from '../../platform/db/database.js';
import type { OutboxBatchHandler, OutboxHandler } from '../../platform/outbox.js';
import { createProgressJobs } from '../../platform/progress-jobs.js';

/** Topic the dossier service enqueues on every action (one line in dossiers.service.ts persist()). */
export const TOPIC_DOSSIER_CHANGED = FEED_TOPIC;

/** Nightly at 02:40 (Asia/Ho_Chi_Minh): incremental counters compared with a rebuild, repaired. */
export const CONSISTENCY_CRON = '40 2 * * *';

export function registerQuality(app: App, deps: Deps): void {
  const service = deps.quality; // built once by the composition root (src/app.ts)
  registerQualityRoutes(app, service, createProgressJobs(deps.database, deps.clock));
  // Incremental counters: the fact of the changed dossier is recomputed from its current snapshot
  // (idempotent: a repeated or late delivery changes nothing).
  // A worker's pass refreshes all the dossiers it claimed in one transaction (one row per dossier per pass).
  deps.outbox.registerBatch(TOPIC_DOSSIER_CHANGED, dossierChangedBatchHandler(deps.database, service));
  deps.jobs.define('quality.consistency', CONSISTENCY_CRON, async () => {
    const r = await service.checkConsistency();
    if (r.drift) app.log.warn({ job: 'quality.consistency', ...r }, 'QĐ 766 read model drifted from a rebuild; repaired from the action log');
    else app.log.info({ job: 'quality.consistency', dossiers: r.dossiers, ms: r.ms }, 'QĐ 766 read model consistent with a rebuild');
  });
}

export function dossierChangedHandler(database: Database, service: QualityService): OutboxHandler {
  return async (m) => {
    const id = (m.payload as { dossierId?: string }).dossierId;
    if (id) await database.transaction((tx) => service.refreshDossiers(tx, [id]));
  };
}

/** The same for all of a worker pass's rows at once: their dossiers refreshed in one transaction. */
export function dossierChangedBatchHandler(database: Database, service: QualityService): OutboxBatchHandler {
  return {
    single: dossierChangedHandler(database, service),
    batch: async (ms) => {
      const ids = [...new Set(ms.map((m) => (m.payload as { dossierId?: string }).dossierId).filter((x): x is string => !!x))];
      if (ids.length) await database.transaction((tx) => service.refreshDossiers(tx, ids));
    },
  };
}
