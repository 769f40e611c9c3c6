import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * An exclusive lock on a PGlite data folder: a file created with O_EXCL holding "pid@host".
 * PGlite has no locking of its own, and two processes on one folder silently lose writes.
 * A lock left by a process that no longer runs (killed, crashed) is taken over at once, so a
 * server restarted after a crash starts immediately; a live holder makes the caller fail.
 */
export function lockDataDir(lockPath: string): () => void {
  const me = `${process.pid}@${hostname()}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, me);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockPath, 'utf8') === me) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(lockPath);
      if (holder && holder.host === hostname() && !alive(holder.pid)) {
        try {
          unlinkSync(lockPath); // stale: its process is gone
        } catch {
          /* someone else took it over first */
        }
        continue;
      }
      throw new Error(`Lock file is held by ${holder ? `${holder.pid}@${holder.host}` : 'another process'}`);
    }
  }
  throw new Error('Could not take the data folder lock');
}

function readHolder(p: string): { pid: number; host: string } | null {
  try {
    const [pid, host] = readFileSync(p, 'utf8').split('@');
    return Number(pid) > 0 ? { pid: Number(pid), host } : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
