import path from 'node:path';
import { existsSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';

/**
 * Response compression (issue 20): JSON, text, JavaScript and CSS of 1 KB or more, brotli or gzip
 * by the request's Accept-Encoding. Brotli at @fastify/compress's recommended quality (4, not
 * zlib's default 11, which costs ~20× the CPU). The web app's files do not go through this: they
 * are compressed once at build time (vite.config.ts writes `.br` and `.gz` beside each file) and
 * served as they are. Request bodies are not decompressed (a gzip body would get round the body
 * size limit).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'], globalDecompression: false });
}

/** Hashed build output (`/assets/index-3f9a1c.js`): its name changes whenever its content does. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

export function cacheControlFor(filePath: string): string {
  return filePath.split(path.sep).includes('assets') ? IMMUTABLE_CACHE : 'no-cache';
}

/** Paths that are never answered with the web app's index.html: a missing asset or source map is a 404. */
export function isAssetPath(url: string): boolean {
  const p = url.split('?')[0];
  return p.startsWith('/assets/') || p.endsWith('.map');
}

/**
 * The built web app (web/dist): hashed files under /assets/ cached for a year, everything else
 * (index.html) revalidated on every use; pre-compressed `.br`/`.gz` siblings served when the
 * browser accepts them; source maps (`*.map`) not served in production (they publish the sources
 * with their comments; in demo mode they help debugging).
 */
export async function registerWebAssets(app: FastifyInstance, webDist: string, opts: { production: boolean }): Promise<boolean> {
  if (!existsSync(path.join(webDist, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply: FastifyReply, filePath: string) => {
      reply.header('cache-control', cacheControlFor(filePath));
    },
    allowedPath: (pathName: string) => !(opts.production && pathName.endsWith('.map')),
  });
  return true;
}
