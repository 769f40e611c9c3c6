import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fmt, load, peakRssMb, spawnServer, stopServer, waitFor, withRssSampling } from './lib.js';

/**
 * /api/health of the full MotCua server (PGlite, demo data) against a bare Fastify route,
 * measured one after the other in the same run with the same load; plus the server's peak RSS.
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-bench-'));
  const ours = spawnServer(['src/main.ts'], { PORT: '3901', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', WORKERS: 'off' });
  const bare = spawnServer(['bench/bare-server.ts'], { PORT: '3902' });
  try {
    await waitFor('http://127.0.0.1:3901/api/health');
    await waitFor('http://127.0.0.1:3902/api/health');
    await load('http://127.0.0.1:3901/api/health', { seconds: 2 }); // warm-up
    await load('http://127.0.0.1:3902/api/health', { seconds: 2 });
    const { result: a, maxRssMb: rss } = await withRssSampling(ours.pid!, () => load('http://127.0.0.1:3901/api/health'));
    const b = await load('http://127.0.0.1:3902/api/health');
    const sinceStart = peakRssMb(ours.pid!);
    console.log('\n## /api/health: MotCua server vs bare Fastify route (20 connections, 5 s each)');
    console.log(`MotCua  : ${fmt(a.rps)} req/s (p99 ${a.p99} ms, errors ${a.errors}, non-2xx ${a.non2xx})`);
    console.log(`bare    : ${fmt(b.rps)} req/s (p99 ${b.p99} ms)`);
    console.log(`ratio   : ${(a.rps / b.rps).toFixed(2)} of the bare route's throughput`);
    console.log(`peak RSS of the MotCua server under this load: ${rss} MB (target < 300 MB) → ${rss < 300 ? 'OK' : 'OVER TARGET'}`);
    console.log(`(peak RSS since its start, including the first-start migrations and demo seeding: ${sinceStart} MB)`);
  } finally {
    await Promise.all([stopServer(ours), stopServer(bare)]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
