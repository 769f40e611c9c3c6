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
 *  - JSZip inflates in blocks of 16 KB of compressed data and yields to the event loop between
 *    blocks, so other requests (and /api/health) are answered while an archive is checked.
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
export async function readZip(buf: Buffer, opts: { keep?: (name: string) => boolean; limits?: Partial<ArchiveLimits> } = {}): Promise<ZipRead> {
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
  for (const entry of entries) {
    const chunks: Uint8Array[] | null = opts.keep?.(entry.name) ? [] : null;
    await new Promise<void>((resolve, reject) => {
      // ZipObject#internalStream (documented by JSZip, missing from its type declarations): a StreamHelper.
      const stream = (entry as unknown as { internalStream(type: 'uint8array'): StreamHelper }).internalStream('uint8array');
      let stopped = false;
      stream
        .on('data', (chunk: Uint8Array) => {
          if (stopped) return;
          total += chunk.length;
          if (total > cap) {
            stopped = true;
            stream.pause();
            reject(archiveTooLarge(capDetail(), { inflatedBytesAtLeast: total }));
            return;
          }
          chunks?.push(chunk);
        })
        .on('error', (e: Error) => {
          if (!stopped) reject(e);
          stopped = true;
        })
        .on('end', () => {
          if (!stopped) resolve();
        })
        .resume();
    });
    if (chunks) files.set(entry.name, Buffer.concat(chunks));
  }
  return { names: entries.map((e) => e.name), files, inflatedBytes: total };
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
