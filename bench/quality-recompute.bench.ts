import { migrationSources } from '../src/modules.js';
import { openTestDatabase } from '../src/platform/db/testing.js';
import { migrate } from '../src/platform/db/migrate.js';
import { seed } from '../src/seed.js';
import { loadConfig } from '../src/platform/config.js';
import { createQualityService } from '../src/modules/quality/quality.service.js';
import { createCalendarService } from '../src/modules/calendar/calendar.public.js';
import { compareIncrementalWithRebuild } from './quality-recompute-check.js';
import { fmt, demoWithoutDossiers } from './lib.js';

/**
 * QĐ 766 read model at size: incremental maintenance vs full recomputation from the action log on
 * BENCH_RECOMPUTE_DOSSIERS (default 100,000) generated dossiers, on the engine the environment
 * names (PGlite in memory, or a scratch database beside DATABASE_URL). Prints both times side by
 * side and whether the two read models are identical (they must be: the test
 * quality.recompute.test.ts proves it on a modest mix; this is its size run, 70–168 s on PGlite).
 */
const N = Number(process.env.BENCH_RECOMPUTE_DOSSIERS ?? 100_000);
const NOW = new Date('2026-06-30T10:00:00+07:00');

export async function run(): Promise<void> {
  demoWithoutDossiers();
  const database = await openTestDatabase();
  try {
    await migrate(database, migrationSources());
    await seed(database, { ...loadConfig(), demo: true });
    const q = createQualityService({ database, calendar: createCalendarService(database), clock: { now: () => NOW } });
    const r = await compareIncrementalWithRebuild(database, q, { count: N, now: NOW });
    const same = r.incremental.counters.digest === r.rebuilt.counters.digest && r.incremental.facts.digest === r.rebuilt.facts.digest;
    console.log(
      `${database.kind}: generated ${fmt(r.generated)} dossiers in ${(r.ms.generate / 1000).toFixed(1)} s (${fmt(r.late)} late, ${fmt(r.waiting)} waiting for the applicant)`,
    );
    console.log(`incremental (shuffled batches, 5 % repeats, then ${fmt(r.touched)} finished): ${(r.ms.incremental / 1000).toFixed(1)} s`);
    console.log(
      `full recomputation from the log: ${(r.ms.rebuild / 1000).toFixed(1)} s; ratio incremental / rebuild ${(r.ms.incremental / r.ms.rebuild).toFixed(2)}`,
    );
    console.log(`read models identical: ${same ? 'yes' : 'NO'} (${fmt(r.rebuilt.counters.rows)} counter rows, ${fmt(r.rebuilt.facts.rows)} facts)`);
    if (!same) process.exitCode = 1;
    console.log(`peak RSS of the bench process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await database.close();
  }
}
