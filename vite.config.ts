import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const api = 'http://127.0.0.1:3000';

/**
 * Writes `name.br` and `name.gz` beside every built text file of 1 KB or more (source maps
 * excepted), at the highest levels once at build time; the server sends them as they are to a
 * browser that accepts them (@fastify/static `preCompressed`), so serving costs no compression CPU.
 */
function precompress(): Plugin {
  let outDir = '';
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return {
    name: 'motcua-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file) || statSync(file).size < 1024) continue;
        const raw = readFileSync(file);
        const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length) writeFileSync(file + '.br', br);
        if (gz.length < raw.length) writeFileSync(file + '.gz', gz);
      }
    },
  };
}

// The web shell lives in web/; its build goes to web/dist, which the API server serves
// (index.html for every unknown non-API GET path, so History-API routes work on reload).
export default defineConfig({
  root: 'web',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/openapi.json': { target: api, changeOrigin: false },
      '/docs': { target: api, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/openapi.json': { target: api, changeOrigin: false },
      '/docs': { target: api, changeOrigin: false },
    },
  },
});
