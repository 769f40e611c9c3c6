/**
 * Compiles the server (src/main.ts and everything it imports) into one ESM file, dist/server.js,
 * with esbuild: npm packages stay external (loaded from node_modules), source map beside it.
 * `npm start` runs this first when a source changed since the last build (about a second), so the running server is plain JavaScript: no
 * TypeScript loader thread and no per-file transform caches in the server process (tsx costs
 * ~45 MB before the first module loads; measured in docs/operations.md). Tests and `npm run dev`
 * keep running the sources under tsx.
 */
import { build, stop } from 'esbuild';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverBundle = path.join(root, 'dist', 'server.js');
/** Beside the bundle: every file it was built from with its mtime and size when it was built. */
const inputsStamp = `${serverBundle}.inputs.json`;
const CONFIG_FILES = ['package.json', 'tsconfig.json', 'scripts/build-server.mjs'];
const fileState = (rel) => {
  const st = statSync(path.join(root, rel));
  return `${st.mtimeMs}:${st.size}`;
};

export async function buildServer() {
  try {
    const { metafile } = await build({
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
      metafile: true,
    });
    const files = [...Object.keys(metafile.inputs).map((f) => path.relative(root, path.resolve(root, f))), ...CONFIG_FILES];
    writeFileSync(inputsStamp, JSON.stringify(Object.fromEntries(files.map((f) => [f, fileState(f)]))));
  } finally {
    await stop(); // the esbuild service is a child process: do not keep it beside the server
  }
  return serverBundle;
}

/** Whether every file the bundle was built from is still as it was then (same mtime and size, none gone). */
function bundleIsCurrent() {
  try {
    statSync(serverBundle);
    const stamp = JSON.parse(readFileSync(inputsStamp, 'utf8'));
    return CONFIG_FILES.every((f) => f in stamp) && Object.entries(stamp).every(([f, state]) => fileState(f) === state);
  } catch {
    return false; // not built yet, no stamp, or an input is gone
  }
}

/**
 * The bundle, rebuilt unless every file it came from is unchanged (a restart then skips esbuild:
 * 1–2.5 s on this shared machine, issue 25). The check compares each input's mtime and size with
 * the ones recorded at build time, so a file restored with an older mtime (tar, cp -p, rsync -t)
 * or deleted also triggers a rebuild; a newly imported file comes with an edited importer.
 */
export async function buildServerIfStale() {
  if (bundleIsCurrent()) return serverBundle;
  return buildServer();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
  console.log(`[motcua] built ${path.relative(root, serverBundle)}`);
}
