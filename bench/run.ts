/**
 * `npm run bench`: every benchmark prints ratios measured side by side in the same run, and peak
 * memory — never a bare time as the verdict. `npm run bench -- health` runs one.
 */
const benches: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  health: () => import('./health.bench.js'),
  calendar: () => import('./calendar.bench.js'),
  dossiers: () => import('./dossiers.bench.js'),
  lookup: () => import('./lookup.bench.js'),
  quality: () => import('./quality.bench.js'),
  scale: () => import('./scale.bench.js'),
  'quality-recompute': () => import('./quality-recompute.bench.js'),
  signatures: () => import('./signatures.bench.js'),
  direction: () => import('./direction.bench.js'),
  frontoffice: () => import('./frontoffice.bench.js'),
  start: () => import('./start.bench.js'),
  history: () => import('./history.bench.js'),
  'tracking-book': () => import('./tracking-book.bench.js'),
  processes: () => import('./processes.bench.js'),
  outbox: () => import('./outbox.bench.js'),
};

const only = process.argv.slice(2);
for (const [name, loadBench] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n# bench: ${name}`);
  try {
    const m = await loadBench();
    await m.run();
  } catch (err) {
    console.error(`bench ${name} failed:`, err);
    process.exitCode = 1;
  }
}
