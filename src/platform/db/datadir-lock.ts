import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';

/**
 * An exclusive lock on a PGlite data folder that the operating system releases when its holder
 * dies. PGlite has no locking of its own, and two processes on one folder silently lose writes.
 *
 * The lock is a listening local socket whose name is derived from the folder's real path:
 * - Linux: a Unix-domain socket in the abstract namespace (`\0motcua-<sha256>`). Binding is atomic,
 *   EADDRINUSE means a live holder, and the kernel frees the name the moment the process exits
 *   (SIGKILL, crash, container restart) — there is no file to go stale.
 * - Windows: a named pipe (`\\.\pipe\motcua-<sha256>`), with the same properties.
 * - Elsewhere (macOS, BSD): a socket file in the temporary folder; a file left by a dead holder
 *   refuses connections and is replaced (best effort: development machines only).
 *
 * `.motcua.lock` in the folder (pid, host, start time) is written for people reading the error
 * message; it is never used to decide who holds the lock, so garbage, another host's name or our
 * own PID in it (a re-created or restarted container) never blocks a start.
 */
export const LOCK_INFO_FILE = '.motcua.lock';

export class DataDirLockedError extends Error {
  readonly code = 'datadir_locked';
  constructor(
    readonly dataDir: string,
    readonly holder: string | null,
  ) {
    super(`Lock held by ${holder ?? 'another process'}`);
  }
}

/** The socket name for a data folder (same folder by any path → same name). */
export function lockAddress(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash('sha256').update(realpathSync(dataDir)).digest('hex');
  if (platform === 'linux') return `\0motcua-${hash}`;
  if (platform === 'win32') return `\\\\.\\pipe\\motcua-${hash}`;
  return path.join(tmpdir(), `motcua-${hash.slice(0, 24)}.sock`);
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(address, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Is something answering on this socket file? (Only for the socket-file fallback.) */
function answers(address: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = connect(address);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Takes the lock on `dataDir` (which must exist) or throws DataDirLockedError. Resolves to the
 * release function. The socket does not keep the process alive.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const address = lockAddress(dataDir);
  const fileSocket = process.platform !== 'linux' && process.platform !== 'win32';
  const server = createServer((conn) => conn.destroy());
  try {
    await listen(server, address);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    if (!fileSocket || (await answers(address))) throw new DataDirLockedError(dataDir, readHolder(dataDir));
    rmSync(address, { force: true }); // a socket file left by a dead holder
    try {
      await listen(server, address);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new DataDirLockedError(dataDir, readHolder(dataDir));
      throw again;
    }
  }
  server.unref();
  const info = path.join(dataDir, LOCK_INFO_FILE);
  const me = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() });
  try {
    writeFileSync(info, me + '\n');
  } catch {
    /* the info file is only for messages */
  }
  let released: Promise<void> | null = null;
  return () =>
    (released ??= new Promise<void>((resolve) => {
      try {
        if (readFileSync(info, 'utf8').trim() === me) rmSync(info, { force: true });
      } catch {
        /* already gone */
      }
      server.close(() => resolve());
    }));
}

/** "pid 123 on host h since …" from the info file, or null if it is missing or unreadable. */
function readHolder(dataDir: string): string | null {
  try {
    const v = JSON.parse(readFileSync(path.join(dataDir, LOCK_INFO_FILE), 'utf8')) as { pid?: unknown; host?: unknown; started?: unknown };
    if (typeof v.pid !== 'number' || typeof v.host !== 'string') return null;
    return `pid ${v.pid} on ${v.host}${typeof v.started === 'string' ? ` since ${v.started}` : ''}`;
  } catch {
    return null;
  }
}
