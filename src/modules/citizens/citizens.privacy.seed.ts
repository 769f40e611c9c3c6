/** Seeds of the personal-data features (issue 18 §2); called from src/seed.ts. */
import type { Database } from '../../platform/db/database.js';
import * as repo from './citizens.privacy.repo.js';
import { NOTICE_V1, PROCESSING_ACTIVITIES } from './citizens.privacy.rules.js';

/** Reference data in every mode: notice version 1 (once) and the ROPA rows (kept in step with the product). */
export async function seedPrivacy(database: Database): Promise<void> {
  await database.transaction(async (tx) => {
    await repo.ensureFirstNotice(tx, NOTICE_V1);
    await repo.upsertActivities(tx, PROCESSING_ACTIVITIES);
  });
}

/**
 * Demo only: the demo citizen accounts (created by the seed, not through registration) get a
 * consent to the notice in force, channel `demo_seed` — so the demo and the tests that submit
 * with them behave as for a person who registered. Never in production.
 */
export async function seedDemoConsents(database: Database, config: { demo: boolean }): Promise<void> {
  if (!config.demo) return;
  await database.transaction(async (tx) => {
    const n = await repo.currentNotice(tx, new Date());
    if (!n) return;
    for (const userId of await repo.citizenUsersWithoutConsent(tx)) {
      await repo.insertConsent(tx, { userId, noticeVersion: n.version, channel: 'demo_seed', at: new Date(), ip: null, requestId: 'seed' });
    }
  });
}
