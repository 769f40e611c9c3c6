import { createInflateRaw } from 'node:zlib';
import JSZip from 'jszip';
import { AppError } from './errors.js';

/**
 * Every ZIP archive the system reads (DOCX, XLSX: plan, catalogue and report imports) goes through
 * here first (issue 16 §4). A 103 KB "zip bomb" inflates to gigabytes: read naively, it holds the
 * process for minutes and takes all its memory. So:
 *
 *  - the archive is read by JSZip, the library exceljs itself reads XLSX with, so the entries
 *    checked are exactly the entries exceljs would inflate (the central directory: overlapping
 *    entries pointing at the same data, as in the "non-recursive" bombs, are each counted);
 *  - limits on the number of entries (checked from the end-of-central-directory record before
 *    JSZip builds anything, then on the entries found), on the total inflated size and on the
 *    ratio inflated / archive size, counted on the bytes actually inflated: the sizes an archive
 *    declares can lie, and inflating stops at the first byte over a limit;
 *  - the entries are inflated by node:zlib on libuv's thread pool (JSZip finds them; its own
 *    inflater, which yields between 16 KB blocks, is the fallback), so the event loop stays free
 *    and other requests (and /api/health) are answered while an archive is checked.
 *
 * A refused archive is a 400 `archive_too_large` with a Vietnamese message; nothing is written.
 */
interface StreamHelper {
  on(event: 'data', cb: (chunk: Uint8Array) => void): StreamHelper;
  on(event: 'error', cb: (e: Error) => void): StreamHelper;
  on(event: 'end', cb: () => void): StreamHelper;
  pause(): StreamHelper;
  resume(): StreamHelper;
}

export interface ArchiveLimits {
  maxEntries: number;
  /** Total bytes inflated over all entries. */
  maxTotalBytes: number;
  /** Largest ratio inflated bytes / archive bytes, applied once more than `ratioFloorBytes` are inflated. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 2000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 4 * 1024 * 1024,
};

const MiB = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export const archiveTooLarge = (detail: string, extra: Record<string, unknown> = {}) =>
  new AppError(400, 'archive_too_large', `Tệp nén (DOCX/XLSX) bị từ chối: ${detail}`, extra);

export const isZip = (buf: Buffer): boolean => buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50;

/** The entry count the end-of-central-directory record declares (0xffff for ZIP64), or null if there is none. */
export function declaredEntryCount(buf: Buffer): number | null {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return buf.readUInt16LE(i + 10);
  }
  return null;
}

export interface ZipRead {
  /** Every file entry's name, in the archive's order. */
  names: string[];
  /** The inflated bytes of the entries `keep` asked for. */
  files: Map<string, Buffer>;
  inflatedBytes: number;
}

/**
 * Reads a ZIP archive within the limits: every entry is inflated and counted, the ones `keep`
 * selects are returned. Throws `archive_too_large` (400) over a limit, and a plain Error if the
 * bytes are not a ZIP archive JSZip can read (the caller says what it expected).
 */
export async function readZip(
  buf: Buffer,
  opts: { keep?: (name: string) => boolean; limits?: Partial<ArchiveLimits>; /** tests: JSZip's own inflater */ jszipInflater?: boolean } = {},
): Promise<ZipRead> {
  const limits = { ...ARCHIVE_LIMITS, ...opts.limits };
  const declared = declaredEntryCount(buf);
  if (declared === null) throw new Error('không phải tệp nén ZIP');
  if (declared > limits.maxEntries) throw archiveTooLarge(`có ${declared} mục, tối đa ${limits.maxEntries}.`, { entries: declared });
  const zip = await JSZip.loadAsync(buf, { checkCRC32: false });
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > limits.maxEntries) throw archiveTooLarge(`có ${entries.length} mục, tối đa ${limits.maxEntries}.`, { entries: entries.length });
  const ratioCap = Math.max(limits.ratioFloorBytes, limits.maxRatio * buf.length);
  const cap = Math.min(limits.maxTotalBytes, ratioCap);
  const capDetail = () =>
    cap === limits.maxTotalBytes
      ? `khi giải nén vượt quá ${MiB(limits.maxTotalBytes)}.`
      : `khi giải nén lớn hơn ${limits.maxRatio} lần kích thước tệp (${MiB(buf.length)}); có thể là tệp "bom nén".`;
  let total = 0;
  const files = new Map<string, Buffer>();
  const overflow = () => archiveTooLarge(capDetail(), { inflatedBytesAtLeast: total });
  for (const entry of entries) {
    const keep = opts.keep?.(entry.name) ?? false;
    const raw = opts.jszipInflater ? null : compressedData(entry);
    const chunks = raw ? await inflateCounted(raw, cap - total, keep) : await streamCounted(entry, cap - total, keep);
    if (chunks === null) {
      total = cap + 1;
      throw overflow();
    }
    const n = chunks.bytes;
    total += n;
    if (keep) files.set(entry.name, Buffer.concat(chunks.kept));
  }
  return { names: entries.map((e) => e.name), files, inflatedBytes: total };
}

type Counted = { bytes: number; kept: Buffer[] } | null;

/**
 * An entry's compressed bytes and method as JSZip found them (its CompressedObject; not in its type
 * declarations), or null if this JSZip does not expose them (then the entry is read by JSZip itself).
 */
function compressedData(entry: JSZip.JSZipObject): { method: 'store' | 'deflate'; data: Buffer } | null {
  const d = (entry as unknown as { _data?: { compression?: { magic?: string }; compressedContent?: unknown } })._data;
  const magic = d?.compression?.magic;
  if (!Buffer.isBuffer(d?.compressedContent) || (magic !== '\x00\x00' && magic !== '\x08\x00')) return null;
  return { method: magic === '\x00\x00' ? 'store' : 'deflate', data: d.compressedContent };
}

/**
 * Inflates with node:zlib, which does the work on libuv's thread pool: the event loop only sees
 * 64 KB chunks arrive. Stops (null) as soon as more than `budget` bytes came out.
 */
function inflateCounted(raw: { method: 'store' | 'deflate'; data: Buffer }, budget: number, keep: boolean): Promise<Counted> {
  if (raw.method === 'store') return Promise.resolve(raw.data.length > budget ? null : { bytes: raw.data.length, kept: keep ? [raw.data] : [] });
  return new Promise((resolve, reject) => {
    const z = createInflateRaw({ chunkSize: 64 * 1024 });
    const kept: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    z.on('data', (chunk: Buffer) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > budget) {
        settled = true;
        z.destroy();
        resolve(null);
      } else if (keep) kept.push(chunk);
    });
    z.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    z.on('end', () => {
      if (!settled) resolve({ bytes, kept });
      settled = true;
    });
    z.end(raw.data);
  });
}

/** The same through JSZip's own inflater (pako, 16 KB of input per turn of the event loop). */
function streamCounted(entry: JSZip.JSZipObject, budget: number, keep: boolean): Promise<Counted> {
  return new Promise((resolve, reject) => {
    // ZipObject#internalStream (documented by JSZip, missing from its type declarations): a StreamHelper.
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): StreamHelper }).internalStream('uint8array');
    const kept: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    stream
      .on('data', (chunk: Uint8Array) => {
        if (settled) return;
        bytes += chunk.length;
        if (bytes > budget) {
          settled = true;
          stream.pause();
          resolve(null);
        } else if (keep) kept.push(Buffer.from(chunk));
      })
      .on('error', (e: Error) => {
        if (!settled) reject(e);
        settled = true;
      })
      .on('end', () => {
        if (!settled) resolve({ bytes, kept });
        settled = true;
      })
      .resume();
  });
}

/**
 * The check before another library (exceljs) reads an archive: throws `archive_too_large` over a
 * limit; an archive that cannot be read at all is left to that library to report in its own words.
 */
export async function checkArchive(buf: Buffer, limits?: Partial<ArchiveLimits>): Promise<void> {
  try {
    await readZip(buf, { limits });
  } catch (e) {
    if (e instanceof AppError) throw e;
  }
}
