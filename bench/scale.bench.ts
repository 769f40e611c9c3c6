import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../src/test/harness.js';
import { generateDossiers } from './dossier-generator.js';
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
import type { Executor } from '../src/platform/db/database.js';
import { fmt } from './lib.js';

/**
 * Issue 25: the staff's dossier lists at a province's scale, side by side in one run on one database.
 * - two apps on two databases: the demo size (the 240 demo dossiers, made through the real service)
 *   and the large size (the same, then BENCH_SCALE_DOSSIERS more — default 1,000,000 on PostgreSQL,
 *   100,000 on PGlite — over the last year: bench/dossier-generator.ts, every state field the screens
 *   read), both VACUUM ANALYZE;
 * - for an officer of a department (specialist), a one-stop officer and a province-wide role
 *   (provincial_office): every queue, the whole list and two searches (a rare and a common term)
 *   through the API (in-process inject: the server's own time), p50/p95 of BENCH_SCALE_RUNS requests
 *   at both sizes and their ratio (target: p95 < 50 ms and ≤ 2× the demo size). The two sizes are
 *   measured request by request in turn (demo, large, demo, large …), so on a shared machine both
 *   see the same load and the ratio compares like with like;
 * - the EXPLAIN ANALYZE plan of each list query and of the queue counts at the large size;
 * - the load average with every figure (the machine is shared).
 * With DATABASE_URL set, a scratch database is created beside it and dropped at the end.
 */
const PG = !!process.env.DATABASE_URL;
const N = Number(process.env.BENCH_SCALE_DOSSIERS ?? (PG ? 1_000_000 : 100_000));
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 30);
const CHUNK = 200_000;
const ROLES = ['specialist', 'one_stop_officer', 'provincial_office'] as const;
const QUEUES: (Queue | 'all')[] = ['to_receive', 'mine', 'department', 'due_soon', 'overdue', 'waiting', 'all'];
/**
 * A rare term (one ID number), a common one (thousands of names at 1 M) and a very common one
 * (every generated applicant is "Người nộp …": as a family name, a third of the province).
 */
const SEARCHES = [
  ['search_rare', '000000424242'],
  ['search_common', 'nộp 42'],
  ['search_family', 'nộp'],
] as const;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Case {
  role: (typeof ROLES)[number];
  name: string;
  url: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const role of ROLES) {
    for (const q of QUEUES) out.push({ role, name: q, url: `/api/v1/dossiers?limit=50${q === 'all' ? '' : `&queue=${q}`}` });
    for (const [name, term] of SEARCHES) out.push({ role, name, url: `/api/v1/dossiers?limit=50&q=${encodeURIComponent(term)}` });
  }
  return out;
}

interface Stat {
  p50: number;
  p95: number;
  n: number;
}
const stat = (ts: number[], n: number): Stat => {
  ts.sort((a, b) => a - b);
  return { p50: ts[Math.floor(ts.length * 0.5)], p95: ts[Math.min(ts.length - 1, Math.ceil(ts.length * 0.95) - 1)], n };
};

/** The same request at both sizes, in turn, BENCH_SCALE_RUNS times each (after 3 warm-ups each). */
async function measurePair(apps: [TestApp, TestApp], tokens: [Record<string, string>, Record<string, string>], c: Case): Promise<[Stat, Stat]> {
  const once = async (k: 0 | 1) => {
    const t0 = performance.now();
    const r = await apps[k].request({ method: 'GET', url: c.url, token: tokens[k][c.role] });
    const ms = performance.now() - t0;
    if (r.statusCode !== 200) throw new Error(`${c.role} ${c.url}: HTTP ${r.statusCode} ${r.body.slice(0, 300)}`);
    return { ms, n: (r.json() as { items: unknown[] }).items.length };
  };
  for (let i = 0; i < 3; i++) for (const k of [0, 1] as const) await once(k); // warm caches and plans
  const ts: [number[], number[]] = [[], []];
  const n = [0, 0];
  for (let i = 0; i < RUNS; i++) {
    for (const k of (i % 2 === 0 ? [0, 1] : [1, 0]) as (0 | 1)[]) {
      const r = await once(k);
      ts[k].push(r.ms);
      n[k] = r.n;
    }
  }
  return [stat(ts[0], n[0]), stat(ts[1], n[1])];
}

async function filterFor(t: TestApp, role: string, c: Case): Promise<DossierFilter> {
  const db = t.database.db;
  const u = (await sql<{ id: string; agency_id: string }>`SELECT id, agency_id FROM app_user WHERE username = ${role}`.execute(db)).rows[0];
  const url = new URL(c.url, 'http://x');
  const now = t.deps.clock.now();
  return {
    agencyIds: role === 'provincial_office' ? null : await agencySubtree(db, u.agency_id),
    actorId: u.id,
    queue: (url.searchParams.get('queue') ?? undefined) as Queue | undefined,
    q: url.searchParams.get('q') ?? undefined,
    now,
    dueSoonBefore: new Date(now.getTime() + 86_400_000),
    limit: 50,
    offset: 0,
  };
}

/** The statements a list page runs: one, or two for a search the newest dossiers did not answer (dossiers.repo.ts listDossiers). */
async function listStatements(db: Executor, f: DossierFilter) {
  if (!isSearch(f)) return [listDossiersQuery(f)];
  return (await searchRecentQuery(f).execute(db)).rows.length === f.offset + f.limit + 1
    ? [searchRecentQuery(f)]
    : [searchRecentQuery(f), searchEveryYearQuery(f)];
}

/** p50 of the list query and of the queue counts run straight on each database (no rendering), in turn, ms. */
async function sqlTimesPair(apps: [TestApp, TestApp], c: Case): Promise<[{ list: number; counts: number }, { list: number; counts: number }]> {
  const fs = [await filterFor(apps[0], c.role, c), await filterFor(apps[1], c.role, c)];
  const statements = [await listStatements(apps[0].database.db, fs[0]), await listStatements(apps[1].database.db, fs[1])];
  const runs = Math.max(5, Math.round(RUNS / 3));
  const ts = [
    { list: [] as number[], counts: [] as number[] },
    { list: [] as number[], counts: [] as number[] },
  ];
  for (let i = 0; i < runs + 1; i++) {
    for (const k of [0, 1] as const) {
      const db = apps[k].database.db;
      let t0 = performance.now();
      for (const st of statements[k]) await st.execute(db);
      const list = performance.now() - t0;
      t0 = performance.now();
      await queueCountsQuery(fs[k]).execute(db);
      const counts = performance.now() - t0;
      if (i === 0) continue; // warm-up
      ts[k].list.push(list);
      ts[k].counts.push(counts);
    }
  }
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [
    { list: p50(ts[0].list), counts: p50(ts[0].counts) },
    { list: p50(ts[1].list), counts: p50(ts[1].counts) },
  ];
}

async function explain(t: TestApp, c: Case): Promise<string> {
  const f = await filterFor(t, c.role, c);
  const out: string[] = [];
  for (const st of await listStatements(t.database.db, f)) {
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, COSTS OFF) ${st}`.execute(t.database.db);
    out.push(...rows.map((r) => '    ' + r['QUERY PLAN']));
  }
  return out.join('\n');
}

async function explainCounts(t: TestApp, role: string): Promise<string> {
  const f = await filterFor(t, role, { role: role as Case['role'], name: 'counts', url: '/api/v1/dossiers' });
  const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, COSTS OFF) ${queueCountsQuery(f)}`.execute(t.database.db);
  return rows.map((r) => '    ' + r['QUERY PLAN']).join('\n');
}

export async function run(): Promise<void> {
  if (PG) {
    const df = execFileSync('df', ['-h', '/']).toString().trim().split('\n').pop();
    console.log(`disk: ${df}`);
  }
  console.log(`engine: ${PG ? 'PostgreSQL' : 'PGlite'}; ${os.cpus().length} cores; load average ${load()}`);
  // Two databases: the demo size, and the same demo with the generated year beside it.
  // contract: false — the server does not check its responses against /openapi.json; the tests'
  // contract checker would add its own time to every request measured.
  const small = await startTestApp({ demoDossiers: 240, contract: false });
  const t = await startTestApp({ demoDossiers: 240, contract: false });
  try {
    const apps: [TestApp, TestApp] = [small, t];
    const tokens: [Record<string, string>, Record<string, string>] = [{}, {}];
    for (const r of ROLES) {
      tokens[0][r] = await small.login(r);
      tokens[1][r] = await t.login(r);
    }
    const db = t.database.db;
    const count = async (d = db) =>
      (
        await sql<{ n: number; open: number }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN (1, 2, 4, 5, 6))::int AS open FROM dossier`.execute(
          d,
        )
      ).rows[0];
    await sql`VACUUM ANALYZE`.execute(small.database.db);
    const smallCount = await count(small.database.db);
    console.log(`demo size: ${fmt(smallCount.n)} dossiers (${fmt(smallCount.open)} open); load ${load()}`);
    const cs = cases();

    const t0 = performance.now();
    const now = t.deps.clock.now();
    const start = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
    let made = 0;
    for (let k = 0; made < N; k++) {
      const n = Math.min(CHUNK, N - made);
      made += await t.database.transaction((tx) => generateDossiers(tx, { count: n, start, spanDays: 365, now, seed: 0.1 + k / 100, codePrefix: `S${k}` }));
      console.log(`  generated ${fmt(made)} (${((performance.now() - t0) / 1000).toFixed(0)} s, load ${load()})`);
    }
    await sql`VACUUM ANALYZE`.execute(db);
    const big = await count();
    const actions = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_action`.execute(db)).rows[0].n;
    console.log(
      `large size: ${fmt(big.n)} dossiers (${fmt(big.open)} open), ${fmt(actions)} actions, generated + VACUUM ANALYZE in ${((performance.now() - t0) / 1000).toFixed(0)} s; load ${load()}`,
    );

    console.log(
      `\nAPI = the whole request in-process (auth, list, counts, rendering 50 dossiers); SQL = the list query and the counts query alone, p50. Both sizes measured in turn, request by request.`,
    );
    console.log(
      `${'role'.padEnd(18)} ${'request'.padEnd(14)} ${'items'.padStart(5)} | ${'API demo p50/p95'.padStart(16)} | ${'API large p50/p95'.padStart(17)} | ratio p95 | ${'SQL list demo→large'.padStart(20)} | ${'SQL counts demo→large'.padStart(21)} | load (1/5/15 min)`,
    );
    let worst = 0;
    let over = 0;
    for (const c of cs) {
      const [a, b] = await measurePair(apps, tokens, c);
      const ratio = b.p95 / a.p95;
      const [sa, sb] = await sqlTimesPair(apps, c);
      worst = Math.max(worst, ratio);
      if (b.p95 >= 50) over++;
      console.log(
        `${c.role.padEnd(18)} ${c.name.padEnd(14)} ${String(b.n).padStart(5)} | ${`${a.p50.toFixed(1)} / ${a.p95.toFixed(1)}`.padStart(16)} | ${`${b.p50.toFixed(1)} / ${b.p95.toFixed(1)}`.padStart(17)} | ${ratio.toFixed(2).padStart(8)}× | ${`${sa.list.toFixed(2)} → ${sb.list.toFixed(2)}`.padStart(20)} | ${`${sa.counts.toFixed(2)} → ${sb.counts.toFixed(2)}`.padStart(21)} | ${load()}`,
      );
    }
    console.log(
      `\nworst p95 ratio large/demo: ${worst.toFixed(2)}× (target ≤ 2×); requests with p95 ≥ 50 ms at ${fmt(big.n)}: ${over} of ${cs.length} (target 0)`,
    );

    console.log('\nplans at the large size (EXPLAIN ANALYZE of the list query each request runs; the queue counts run beside every staff list):');
    for (const c of cs) console.log(`  ${c.role} ${c.name}:\n${await explain(t, c)}`);
    for (const role of ROLES) console.log(`  ${role} queue counts:\n${await explainCounts(t, role)}`);
    console.log(`\npeak RSS of the bench process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; load ${load()}`);
  } finally {
    await Promise.all([small.close(), t.close()]);
  }
}
