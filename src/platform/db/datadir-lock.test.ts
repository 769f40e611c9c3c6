import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from './database.js';
import { DataDirLockedError, LOCK_INFO_FILE, lockAddress, lockDataDir } from './datadir-lock.js';

const CHILD = new URL('../../test/datadir-lock.child.ts', import.meta.url).pathname;

/** A process holding the lock on dir; resolves once it says so (a readiness signal, not a delay). */
function holder(dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked\n')) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`lock holder exited early: ${signal ?? code}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'motcua-lock-'));

test('a second process on a folder in use is refused with a clear message; the folder is free once the holder is SIGKILLed', async () => {
  const dir = tempDir();
  const child = await holder(dir);
  try {
    await assert.rejects(openDatabase({ databaseUrl: null, dataDir: dir }), (err: Error) => {
      assert.match(err.message, /đang được một tiến trình MotCua khác sử dụng/);
      assert.match(err.message, new RegExp(`pid ${child.pid} on `), 'the message names the holder');
      return true;
    });
    await assert.rejects(lockDataDir(dir), DataDirLockedError);
  } finally {
    await killed(child);
  }
  // The kernel released the lock with the process: no file to delete, no waiting.
  const db = await openDatabase({ databaseUrl: null, dataDir: dir });
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('one process cannot open a folder twice either; closing releases it', async () => {
  const dir = tempDir();
  const first = await openDatabase({ databaseUrl: null, dataDir: dir });
  try {
    await assert.rejects(openDatabase({ databaseUrl: null, dataDir: dir }), /đang được một tiến trình MotCua khác sử dụng/);
  } finally {
    await first.close();
  }
  const again = await openDatabase({ databaseUrl: null, dataDir: dir });
  await again.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the same folder by another path (symlink) is the same lock', async () => {
  const dir = tempDir();
  const link = dir + '-link';
  symlinkSync(dir, link);
  try {
    assert.equal(lockAddress(link), lockAddress(dir));
    const release = await lockDataDir(dir);
    await assert.rejects(lockDataDir(link), DataDirLockedError);
    await release();
  } finally {
    rmSync(link, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});

test('whatever an old info file says (garbage, another host, our own PID, a live unrelated PID), a start succeeds', async () => {
  const contents = [
    '\u0000\u00ff garbage',
    '',
    JSON.stringify({ pid: 4242, host: 'container-before-recreate', started: '2026-01-01T00:00:00Z' }),
    JSON.stringify({ pid: process.pid, host: 'localhost', started: '2026-01-01T00:00:00Z' }), // a restarted container gets the same PID
    JSON.stringify({ pid: process.ppid, host: 'localhost' }), // a live, unrelated process
    `${process.pid}@localhost`, // the old format
  ];
  for (const content of contents) {
    const dir = tempDir();
    writeFileSync(path.join(dir, LOCK_INFO_FILE), content);
    const release = await lockDataDir(dir);
    await release();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two processes racing for one folder: exactly one gets it', async () => {
  const dir = tempDir();
  const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => lockDataDir(dir)));
  const won = attempts.filter((a) => a.status === 'fulfilled');
  assert.equal(won.length, 1);
  for (const a of attempts) if (a.status === 'rejected') assert.ok(a.reason instanceof DataDirLockedError);
  await (won[0] as PromiseFulfilledResult<() => Promise<void>>).value();
  rmSync(dir, { recursive: true, force: true });
});
