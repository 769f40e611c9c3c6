import { sql } from 'kysely';
import { generateDossiers } from './dossier-generator.js';
import * as repo from '../src/modules/dossiers/dossiers.repo.js';
import { trackingBookXlsx } from '../src/modules/dossiers/documents/index.js';
import { seededScratchDatabase } from './scratch.js';

/**
 * The tracking book's read (issue 23), side by side in one run on PostgreSQL:
 * - before: what the synchronous route did — every dossier of the range in ONE list query
 *   (`SELECT d.*`: snapshot, form data, components …, limit 100,000), then the first forward /
 *   result_ready of all of them (`dossier_action … = ANY(5,000 ids)`, batches of 5,000);
 * - now: the export job's read — a count, then pages of 1,000 lines by keyset (received_at, code),
 *   each ONE query of the printed columns with the first forward / result_ready (trackingBookPage).
 * Both must give the same codes in the same set; the times are medians of BENCH_ROUNDS, with the JS
 * heap held by what was read. Then the rest of the job once: writing the XLSX of those lines.
 * BENCH_BOOK_DOSSIERS (default 100,000) dossiers are generated over one year and read whole.
 * Needs DATABASE_URL (a fresh database is created next to it and dropped afterwards).
 */
const N = Number(process.env.BENCH_BOOK_DOSSIERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NOW = new Date('2026-06-30T17:00:00+07:00');
const RANGE = { from: '2025-07-01', to: '2026-06-30' };

async function measure<T>(f: () => Promise<T>): Promise<{ ms: number; heapMb: number; value: T }> {
  const ts: number[] = [];
  let value!: T;
  let heapMb = 0;
  for (let i = 0; i < ROUNDS; i++) {
    global.gc?.();
    const h0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    value = await f();
    ts.push(performance.now() - t0);
    heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - h0) / 1048576);
  }
  ts.sort((a, b) => a - b);
  return { ms: ts[Math.floor(ts.length / 2)], heapMb, value };
}

export async function run(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.log('tracking-book bench: skipped — set DATABASE_URL to a PostgreSQL server.');
    return;
  }
  const { database, close } = await seededScratchDatabase(base, 'motcua_bench_book');
  try {
    const t0 = performance.now();
    let made = 0;
    for (let k = 0; made < N; k++) {
      const n = Math.min(250_000, N - made);
      made += await database.transaction((tx) =>
        generateDossiers(tx, { count: n, start: RANGE.from, spanDays: 365, now: NOW, seed: 0.2 + k / 100, codePrefix: `T${k}` }),
      );
    }
    await sql`ANALYZE`.execute(database.db);
    console.log(`generated ${made.toLocaleString('en')} dossiers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const db = database.db;
    const filter: repo.TrackingBookFilter = { agencyIds: null, ...RANGE };

    const before = await measure(async () => {
      const { items } = await repo.listDossiers(db, { agencyIds: null, now: NOW, receivedFrom: RANGE.from, receivedTo: RANGE.to, limit: 100_000, offset: 0 });
      const ids = items.map((x) => x.id);
      const firsts = new Map<string, Map<string, Date>>();
      for (let i = 0; i < ids.length; i += 5000) {
        const { rows } = await sql<{ dossier_id: string; type: string; at: Date }>`SELECT dossier_id, type, min(at) AS at FROM dossier_action
          WHERE dossier_id = ANY(${ids.slice(i, i + 5000)}::uuid[]) AND type = ANY(${['forward', 'result_ready']}::text[]) GROUP BY dossier_id, type`.execute(
          db,
        );
        for (const r of rows) firsts.set(r.dossier_id, (firsts.get(r.dossier_id) ?? new Map()).set(r.type, r.at));
      }
      return { codes: items.map((x) => x.code), firsts };
    });
    const now = await measure(async () => {
      const total = await repo.trackingBookCount(db, filter);
      const lines: repo.TrackingBookLine[] = [];
      let after: repo.TrackingBookCursor | null = null;
      do {
        const page = await repo.trackingBookPage(db, filter, after, 1000);
        lines.push(...page.lines);
        after = page.next;
      } while (after && lines.length < 100_000);
      return { total, lines };
    });
    const a = [...before.value.codes].sort();
    const b = now.value.lines.map((l) => l.code).sort();
    if (a.length !== b.length || a.some((c, i) => c !== b[i])) throw new Error(`not the same dossiers: ${a.length} vs ${b.length}`);
    const forwards = now.value.lines.filter((l) => l.forwardedAt).length;
    if (forwards !== [...before.value.firsts.values()].filter((m) => m.has('forward')).length) throw new Error('not the same forward times');

    const tx0 = performance.now();
    const rows = now.value.lines.map((x) => ({
      dossierCode: x.code,
      procedureName: x.procedureName,
      applicantName: x.applicantName,
      receivedAt: x.receivedAt,
      appointmentAt: x.appointmentAt,
      forwardedAt: x.forwardedAt,
      resultAt: x.resultAt,
      returnedAt: x.returnedAt,
      note: null,
    }));
    const file = await trackingBookXlsx({ issuer: { parentAgency: null, agencyName: 'Bench', place: '' }, periodLabel: 'bench', rows });
    const tWrite = performance.now() - tx0;

    console.log(`tracking book of ${b.length.toLocaleString('en')} dossiers (${RANGE.from} – ${RANGE.to}), medians of ${ROUNDS}:`);
    console.log(`  before (one list query of whole rows + actions by 5,000 ids): ${before.ms.toFixed(0)} ms, heap held ${before.heapMb.toFixed(0)} MB`);
    console.log(
      `  now    (count + ${Math.ceil(b.length / 1000)} keyset pages of 1,000, one query each):   ${now.ms.toFixed(0)} ms, heap held ${now.heapMb.toFixed(0)} MB`,
    );
    console.log(`  ratio now/before: time ${(now.ms / before.ms).toFixed(2)}, heap ${(now.heapMb / Math.max(1, before.heapMb)).toFixed(2)}`);
    console.log(`  then writing the XLSX (${(file.length / 1048576).toFixed(1)} MB): ${tWrite.toFixed(0)} ms`);
  } finally {
    await close();
  }
}
