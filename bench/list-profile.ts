/**
 * Where the time of a staff list page goes (issue 25): for each queue of three roles, the whole
 * request (in-process inject) beside its parts run alone — the list query, the queue counts, and
 * the rest (auth, rendering 50 dossiers: agency names, allowed actions, time left, serialisation) —
 * p50 of BENCH_PROFILE_RUNS each, with the load average. Run with `--cpu-prof` to see the rest.
 *
 *   node --import tsx bench/list-profile.ts            # PGlite, 240 demo + 20,000 generated dossiers
 *   DATABASE_URL=postgres://… node --import tsx bench/list-profile.ts
 */
import os from 'node:os';
import { sql } from 'kysely';
import { startTestApp } from '../src/test/harness.js';
import { generateDossiers } from './dossier-generator.js';
import { agencySubtree } from '../src/modules/org/org.public.js';
import { listDossiersQuery, queueCountsQuery, type DossierFilter, type Queue } from '../src/modules/dossiers/dossiers.repo.js';

const RUNS = Number(process.env.BENCH_PROFILE_RUNS ?? 30);
const N = Number(process.env.BENCH_PROFILE_DOSSIERS ?? 20_000);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// contract: false — the server does not check its responses against the OpenAPI description; tests do.
const t = await startTestApp({ demoDossiers: 240, contract: false });
try {
  const now = t.deps.clock.now();
  const start = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  await t.database.transaction((tx) => generateDossiers(tx, { count: N, start, spanDays: 365, now, seed: 0.3, codePrefix: 'P' }));
  await sql`VACUUM ANALYZE`.execute(t.database.db);
  console.log(`${N + 240} dossiers; load ${load()}`);
  console.log(`${'role'.padEnd(18)} ${'queue'.padEnd(11)} items | bytes | request p50 | list SQL | counts SQL | rest (auth, rendering) | load`);
  for (const role of ['specialist', 'one_stop_officer', 'provincial_office']) {
    const token = await t.login(role);
    const u = (await sql<{ id: string; agency_id: string }>`SELECT id, agency_id FROM app_user WHERE username = ${role}`.execute(t.database.db)).rows[0];
    for (const queue of ['to_receive', 'mine', 'department', 'due_soon', 'overdue', 'waiting', undefined] as (Queue | undefined)[]) {
      const url = `/api/v1/dossiers?limit=50${queue ? `&queue=${queue}` : ''}`;
      const f: DossierFilter = {
        agencyIds: role === 'provincial_office' ? null : await agencySubtree(t.database.db, u.agency_id),
        actorId: u.id,
        queue,
        now,
        dueSoonBefore: new Date(now.getTime() + 86_400_000),
        limit: 50,
        offset: 0,
      };
      const req: number[] = [];
      const list: number[] = [];
      const counts: number[] = [];
      let items = 0;
      let bytes = 0;
      for (let i = 0; i < RUNS + 3; i++) {
        let t0 = performance.now();
        const r = await t.request({ method: 'GET', url, token });
        const ms = performance.now() - t0;
        if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
        items = (r.json() as { items: unknown[] }).items.length;
        bytes = r.rawPayload.length;
        t0 = performance.now();
        await listDossiersQuery(f).execute(t.database.db);
        const l = performance.now() - t0;
        t0 = performance.now();
        await queueCountsQuery(f).execute(t.database.db);
        const c = performance.now() - t0;
        if (i < 3) continue;
        req.push(ms);
        list.push(l);
        counts.push(c);
      }
      const rest = p50(req) - p50(list) - p50(counts);
      console.log(
        `${role.padEnd(18)} ${(queue ?? 'all').padEnd(11)} ${String(items).padStart(5)} | ${String(bytes).padStart(7)} | ${p50(req).toFixed(1).padStart(11)} | ${p50(list).toFixed(1).padStart(8)} | ${p50(counts).toFixed(1).padStart(10)} | ${rest.toFixed(1).padStart(22)} | ${load()}`,
      );
    }
  }
} finally {
  await t.close();
}
