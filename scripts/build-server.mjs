/**
 * Compiles the server (src/main.ts and everything it imports) into one ESM file, dist/server.js,
 * with esbuild: npm packages stay external (loaded from node_modules), source map beside it.
 * `npm start` runs this first (about a second), so the running server is plain JavaScript: no
 * TypeScript loader thread and no per-file transform caches in the server process (tsx costs
 * ~45 MB before the first module loads; measured in docs/operations.md). Tests and `npm run dev`
 * keep running the sources under tsx.
 */
import { build, stop } from 'esbuild';
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
  console.log(`[motcua] built ${path.relative(root, serverBundle)}`);
}
