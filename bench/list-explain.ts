/**
 * EXPLAIN ANALYZE of the staff list queries on an existing database (issue 25), e.g. one filled by
 * bench/generate.ts: every queue, the whole list and three searches of a department specialist, a
 * one-stop officer and a province-wide role, best of BENCH_EXPLAIN_RUNS execution times, with the
 * plan of the last run when BENCH_EXPLAIN_PLANS=1. BENCH_SEARCH_WINDOW overrides the search's
 * first arm (SEARCH_RECENT_WINDOW).
 *
 *   DATABASE_URL=postgres://…/motcua_big node --import tsx bench/list-explain.ts
 */
import os from 'node:os';
import { sql } from 'kysely';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { agencySubtree } from '../src/modules/org/org.public.js';
import {
  isSearch,
  listDossiersQuery,
  queueCountsQuery,
  searchEveryYearQuery,
  searchRecentQuery,
  type DossierFilter,
  type Queue,
} from '../src/modules/dossiers/dossiers.repo.js';

const RUNS = Number(process.env.BENCH_EXPLAIN_RUNS ?? 3);
const PLANS = process.env.BENCH_EXPLAIN_PLANS === '1';
const WINDOW = process.env.BENCH_SEARCH_WINDOW ? Number(process.env.BENCH_SEARCH_WINDOW) : undefined;
const ONLY = process.argv.slice(2);
const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  pgliteSharedBuffers: config.pgliteSharedBuffers,
  preparedStatements: false,
});
const db = database.db;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
try {
  const c = (
    await sql<{ n: number; open: number }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN (1, 2, 4, 5, 6))::int AS open FROM dossier`.execute(db)
  ).rows[0];
  console.log(`${c.n} dossiers (${c.open} open); load ${load()}`);
  const now = new Date();
  for (const role of ['specialist', 'one_stop_officer', 'provincial_office']) {
    const u = (await sql<{ id: string; agency_id: string }>`SELECT id, agency_id FROM app_user WHERE username = ${role}`.execute(db)).rows[0];
    const agencyIds = role === 'provincial_office' ? null : await agencySubtree(db, u.agency_id);
    const cases: [string, Partial<DossierFilter>][] = [
      ...(['to_receive', 'mine', 'department', 'due_soon', 'overdue', 'waiting'] as Queue[]).map((q) => [q, { queue: q }] as [string, Partial<DossierFilter>]),
      ['all', {}],
      ['search_rare', { q: '000000424242' }],
      ['search_common', { q: 'nộp 42' }],
      ['search_family', { q: 'nộp' }],
      ['search_family_p3', { q: 'nộp', offset: 100 }],
      ['counts', {}],
    ];
    for (const [name, extra] of cases) {
      if (ONLY.length && !ONLY.includes(name)) continue;
      const f: DossierFilter = {
        agencyIds,
        actorId: u.id,
        now,
        dueSoonBefore: new Date(now.getTime() + 86_400_000),
        limit: 50,
        offset: 0,
        recentWindow: WINDOW,
        ...extra,
      };
      // A search runs a second statement when the newest dossiers did not hold the page (listDossiers).
      const queries =
        name === 'counts'
          ? [queueCountsQuery(f)]
          : !isSearch(f)
            ? [listDossiersQuery(f)]
            : (await searchRecentQuery(f).execute(db)).rows.length === f.offset + f.limit + 1
              ? [searchRecentQuery(f)]
              : [searchRecentQuery(f), searchEveryYearQuery(f)];
      let best = Infinity;
      let plan: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        let ms = 0;
        plan = [];
        for (const query of queries) {
          const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query}`.execute(db);
          plan.push(...rows.map((r) => r['QUERY PLAN']));
          ms += Number(/Execution Time: ([\d.]+)/.exec(rows.at(-1)?.['QUERY PLAN'] ?? '')?.[1]);
        }
        best = Math.min(best, ms);
      }
      console.log(`${role.padEnd(18)} ${name.padEnd(17)} ${best.toFixed(2).padStart(9)} ms  ${queries.length} statement(s)  load ${load()}`);
      if (PLANS) console.log(plan.map((l) => '    ' + l).join('\n'));
    }
  }
} finally {
  await database.close();
}
