import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';

/**
 * File storage behind an interface: local disk by default; an S3-compatible store can implement
 * the same three methods. Keys are opaque; content is addressed by a random id, and the SHA-256
 * is returned so callers record it for integrity checks.
 */
export interface FileStore {
  put(content: Buffer): Promise<{ key: string; sha256: string; size: number }>;
  get(key: string): Promise<Buffer>;
  readonly kind: string;
}

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

export function localFileStore(root: string): FileStore {
  return {
    kind: 'local',
    async put(content) {
      const id = randomUUID();
      const key = `${id.slice(0, 2)}/${id}`;
      const full = path.join(root, key);
      await mkdir(path.dirname(full), { recursive: true });
      // write then rename, so a crash never leaves a half-written file under its key
      await writeFile(full + '.tmp', content);
      await rename(full + '.tmp', full);
      return { key, sha256: sha256(content), size: content.length };
    },
    async get(key) {
      if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error('invalid file key');
      return readFile(path.join(root, key));
    },
  };
}

/** Allowed upload types (by the first bytes, not the client's claim) and the size limit. */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
export function sniffMime(b: Buffer): string | null {
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'application/zip'; // docx/xlsx/odt
  return null;
}
