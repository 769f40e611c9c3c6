import { sql } from 'kysely';
import type { Database } from '../src/platform/db/database.js';
import { prng } from '../src/platform/prng.js';
import type { QualityService } from '../src/modules/quality/quality.service.js';
import { counterDigest, factDigest } from '../src/modules/quality/quality.repo.js';
import { finishSomeOpen, generateDossiers } from './dossier-generator.js';

export interface RecomputeComparison {
  generated: number;
  touched: number;
  ms: { generate: number; incremental: number; rebuild: number };
  incremental: { counters: { rows: number; digest: string }; facts: { rows: number; digest: string } };
  rebuilt: { counters: { rows: number; digest: string }; facts: { rows: number; digest: string }; dossiers: number };
  late: number;
  waiting: number;
}

/**
 * Incremental counters vs full recomputation from the action log (used by
 * quality.recompute.test.ts on a modest mix and by `npm run bench -- quality-recompute` at
 * 100,000 dossiers): generates `count` dossiers with realistic action histories, feeds them through
 * the incremental path in shuffled batches with 5 % repeats, then a later wave finishing 40 % of
 * the open ones; digests both read models.
 */
export async function compareIncrementalWithRebuild(
  database: Database,
  q: QualityService,
  opts: { count: number; now: Date; batch?: number },
): Promise<RecomputeComparison> {
  const db = database.db;
  const batch = opts.batch ?? 10_000;
  const t0 = performance.now();
  const generated = await database.transaction((tx) => generateDossiers(tx, { count: opts.count, start: '2025-01-01', spanDays: 546, now: opts.now }));
  const t1 = performance.now();
  const ids = (await sql<{ id: string }>`SELECT id FROM dossier WHERE code LIKE 'GEN-%'`.execute(db)).rows.map((r) => r.id);
  const rnd = prng(7);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const repeats = ids.filter(() => rnd.chance(0.05));
  const order = [...ids, ...repeats];
  for (let i = 0; i < order.length; i += batch) {
    const part = order.slice(i, i + batch);
    await database.transaction((tx) => q.refreshDossiers(tx, part));
  }
  const touched = await database.transaction((tx) => finishSomeOpen(tx, { fraction: 0.4, at: new Date(opts.now.getTime() - 86_400_000) }));
  for (let i = 0; i < touched.length; i += batch) await database.transaction((tx) => q.refreshDossiers(tx, touched.slice(i, i + batch)));
  const t2 = performance.now();
  const incremental = { counters: await counterDigest(db), facts: await factDigest(db) };
  const full = await q.recomputeFromLog();
  const t3 = performance.now();
  const rebuilt = { counters: await counterDigest(db), facts: await factDigest(db), dossiers: full.dossiers };
  const late = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM quality_dossier_fact WHERE outcome = 'late'`.execute(db)).rows[0].n;
  const waiting = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM quality_dossier_fact WHERE waiting_applicant`.execute(db)).rows[0].n;
  return { generated, touched: touched.length, ms: { generate: t1 - t0, incremental: t2 - t1, rebuild: t3 - t2 }, incremental, rebuilt, late, waiting };
}
