/**
 * Compiles the server (src/main.ts and everything it imports) into one ESM file, dist/server.js,
 * with esbuild: npm packages stay external (loaded from node_modules), source map beside it.
 * `npm start` runs this first when a source is newer than the bundle (about a second), so the running server is plain JavaScript: no
 * TypeScript loader thread and no per-file transform caches in the server process (tsx costs
 * ~45 MB before the first module loads; measured in docs/operations.md). Tests and `npm run dev`
 * keep running the sources under tsx.
 */
import { build, stop } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverBundle = path.join(root, 'dist', 'server.js');

export async function buildServer() {
  try {
    await build({
      entryPoints: [path.join(root, 'src', 'main.ts')],
      outfile: serverBundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      legalComments: 'none',
      logLevel: 'warning',
      tsconfig: path.join(root, 'tsconfig.json'),
    });
  } finally {
    await stop(); // the esbuild service is a child process: do not keep it beside the server
  }
  return serverBundle;
}

/** The newest modification time (ms) of the files the bundle is built from: src/, package.json, tsconfig.json, this script. */
function newestSourceMs() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(path.join(root, 'src'));
  for (const f of ['package.json', 'tsconfig.json', 'scripts/build-server.mjs']) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  return newest;
}

/**
 * The bundle, rebuilt only when a source is newer than it (a restart then skips esbuild: 1–2.5 s on
 * this shared machine, issue 25). Any edit, checkout or pull touches a source's mtime, so the
 * bundle is never older than the sources it came from.
 */
export async function buildServerIfStale() {
  let built = 0;
  try {
    built = statSync(serverBundle).mtimeMs;
  } catch {
    /* not built yet */
  }
  if (built > newestSourceMs()) return serverBundle;
  return buildServer();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
  console.log(`[motcua] built ${path.relative(root, serverBundle)}`);
}
