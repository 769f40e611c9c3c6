import os from 'node:os';
import { startTestApp } from '../src/test/harness.js';
import { generateDemoHistory } from '../src/modules/history/history.demo.js';
import { demoHistoryPackage } from '../src/modules/history/history.seed.js';
import { toNdjson } from '../src/modules/history/history.format.js';
import type { HistoryDossier } from '../src/modules/history/history.rules.js';
import { listAgencies } from '../src/modules/org/org.public.js';
import { fmt } from './lib.js';

/**
 * Issue 18 §3–4: what files and ratings cost the history import (and so the first demo start).
 * The same BENCH_HISTORY (default 400) generated dossiers of the demo province imported twice into
 * one database, side by side in one run: as a plain NDJSON without files or ratings (the demo
 * before issue 18 §4), and as the ZIP package with scans, result files, re-use and ratings (the demo now).
 */
const N = Number(process.env.BENCH_HISTORY ?? 400);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function multipart(fileName: string, content: Buffer) {
  const boundary = '----bench' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function run(): Promise<void> {
  const t = await startTestApp();
  try {
    const admin = await t.login('admin');
    // Found as the demo seed finds them (history.seed.ts).
    const code = async (q: string) => (await listAgencies(t.database.db, { q, current: true, limit: 5, offset: 0 })).items[0].code;
    const o = {
      provinceCentre: await code('Trung tâm Phục vụ hành chính công tỉnh'),
      wardCentre: await code('Trung tâm Phục vụ hành chính công phường Hạc Thành'),
      to: new Date(Date.now() - 2 * 86_400_000),
    };
    const records = generateDemoHistory({ ...o, from: new Date(o.to.getTime() - 365 * 86_400_000), count: N });
    const renamed = (prefix: string, ds: HistoryDossier[]) => ds.map((d) => ({ ...d, ref: `${prefix}${d.ref}` }));
    const plain = renamed('P-', records).map(({ rating: _r, ...d }) => ({
      ...d,
      components: d.components?.map(({ scan: _s, ...c }) => ({ ...c, digitised: d.channel === 'online' })) ?? null,
      actions: d.actions.map(({ file: _f, ...a }) => a),
    }));
    const pkg = await demoHistoryPackage(t.database, renamed('Z-', records), null, o.to);
    const counts = {
      scans: records.filter((d) => d.components?.some((c) => c.scan)).length,
      results: records.filter((d) => d.actions.some((a) => a.file)).length,
      ratings: records.filter((d) => d.rating).length,
    };
    console.log(
      `  ${fmt(records.length)} dossiers, ${fmt(records.reduce((s, d) => s + d.actions.length, 0))} actions; the package: ${fmt(counts.scans)} with a scan, ${fmt(counts.results)} with a result file, ${fmt(counts.ratings)} rated; ${(pkg.length / 1024).toFixed(0)} KB; load ${load()}`,
    );
    const time = async (label: string, name: string, buf: Buffer) => {
      const t0 = performance.now();
      const r = await t.request({ method: 'POST', url: '/api/v1/dossiers/import?wait=true', token: admin, ...multipart(name, buf) });
      const ms = performance.now() - t0;
      const job = r.json() as { imported: number; rejected: number };
      console.log(
        `  ${label}: ${fmt(job.imported)} imported, ${fmt(job.rejected)} rejected in ${(ms / 1000).toFixed(1)} s (${(ms / Math.max(1, job.imported)).toFixed(0)} ms per dossier); load ${load()}`,
      );
      return ms;
    };
    const a = await time('plain NDJSON (no files, no ratings)', 'plain.ndjson', Buffer.from(toNdjson(plain)));
    const b = await time('ZIP package (scans, result files, re-use, ratings)', 'demo.zip', pkg);
    console.log(`  ratio package / plain: ${(b / a).toFixed(2)}×`);
  } finally {
    await t.close();
  }
}
