import type { Database } from '../../platform/db/database.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { createQualityService } from './quality.service.js';

/**
 * Builds the read model once from the action log (in every mode: dossiers that existed before
 * the module was installed, and the demo dossiers). Later changes arrive through the outbox.
 */
export async function seedQuality(database: Database): Promise<void> {
  if (await getSetting(database.db, 'quality_read_model_built')) return;
  await createQualityService({ database }).recomputeFromLog();
  await database.transaction((tx) => ensureSetting(tx, 'quality_read_model_built', new Date().toISOString()));
}
