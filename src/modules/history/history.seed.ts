import type { Database } from '../../platform/db/database.js';
import { systemContext } from '../../platform/context.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { listAgencies } from '../org/org.public.js';
import { createHistoryImporter } from './history.service.js';
import { generateDemoHistory } from './history.demo.js';
import { toNdjson } from './history.format.js';

/**
 * Demo only, once (setting `demo_seed_history`): a generated year of dossiers of the demo
 * province (history.demo.ts), loaded through the history importer like a province's real file,
 * so the import runs on every first demo start. `DEMO_HISTORY` sets how many (default 400; 0: none).
 * The window ends two days before today (the dossiers of the last months that staff work on are
 * the dossiers seed's).
 */
export async function seedDemoHistory(database: Database, count = Number(process.env.DEMO_HISTORY ?? 400), now = new Date()): Promise<{ imported: number; rejected: number; ms: number } | null> {
  if (count <= 0 || (await getSetting(database.db, 'demo_seed_history'))) return null;
  const agency = async (q: string) => (await listAgencies(database.db, { q, current: true, limit: 5, offset: 0 })).items[0];
  const centre = await agency('Trung tâm Phục vụ hành chính công tỉnh');
  const ward = await agency('Trung tâm Phục vụ hành chính công phường Hạc Thành');
  if (!centre || !ward) return null;
  const started = Date.now();
  const to = new Date(now.getTime() - 2 * 86_400_000);
  const from = new Date(to.getTime() - 365 * 86_400_000);
  const file = Buffer.from(toNdjson(generateDemoHistory({ provinceCentre: centre.code, wardCentre: ward.code, from, to, count })));
  const importer = createHistoryImporter({ database, clock: { now: () => now } });
  const job = await importer.submit(systemContext('demo-seed'), file, 'demo-history.ndjson', { dryRun: false, wait: true });
  if (job.rejected > 0) console.warn(`[history] demo history: ${job.rejected} of ${job.total} generated dossiers rejected, e.g. ${job.errors[0]?.where}: ${job.errors[0]?.message}`);
  await ensureSetting(database.db, 'demo_seed_history', new Date().toISOString());
  return { imported: job.imported, rejected: job.rejected, ms: Date.now() - started };
}
