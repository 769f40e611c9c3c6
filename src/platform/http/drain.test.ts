import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CHILD = new URL('../../test/drain-server.child.ts', import.meta.url).pathname;
const BURST = 300;

interface Outcome {
  status?: number;
  retryAfter?: string;
  code?: string;
  error?: string;
}

test(`SIGTERM during a burst of ${BURST} requests: every request is answered (200, or 503 with Retry-After), none reset; the process exits 0`, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-drain-'));
  const release = path.join(dir, 'release');
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DRAIN_RELEASE_FILE: release },
  });
  let out = '';
  const lines: ((text: string) => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const l of lines) l(out);
  });
  const line = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = (text: string) => {
        const m = re.exec(text);
        if (m) resolve(m);
      };
      lines.push(check);
      check(out);
      void exited.then((e) => reject(new Error(`server exited before printing ${re}: ${JSON.stringify(e)}`)));
    });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  try {
    const port = Number((await line(/listening (\d+)\n/))[1]);
    // The server's event loop is blocked: the burst waits in its accept queue, as under heavy load.
    child.kill('SIGUSR2');
    await line(/blocked\n/);

    let connected = 0;
    let allConnected!: () => void;
    const connectedAll = new Promise<void>((r) => (allConnected = r));
    const outcomes = Array.from(
      { length: BURST },
      (_, i) =>
        new Promise<Outcome>((resolve) => {
          // One connection per request (agent: false), so the burst fills the server's accept queue.
          const req = http.request({ host: '127.0.0.1', port, path: `/api/v1/agencies?q=S%E1%BB%9F&n=${i}`, agent: false }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (body += c));
            res.on('end', () => {
              let code: string | undefined;
              try {
                code = (JSON.parse(body) as { code?: string }).code;
              } catch {
                /* not JSON */
              }
              resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] as string | undefined, code });
            });
            res.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
          });
          req.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
          req.on('socket', (s) =>
            s.once('connect', () => {
              if (++connected === BURST) allConnected();
            }),
          );
          req.end();
        }),
    );
    // Every connection is established (waiting in the server's accept queue) before SIGTERM.
    await connectedAll;
    child.kill('SIGTERM');
    writeFileSync(release, '');
    const results = await Promise.all(outcomes);
    const exit = await exited;

    const errors = results.filter((r) => r.error);
    assert.deepEqual(errors, [], `${errors.length} of ${BURST} requests got no answer`);
    const byStatus = new Map<number, number>();
    for (const r of results) byStatus.set(r.status!, (byStatus.get(r.status!) ?? 0) + 1);
    assert.deepEqual(
      [...byStatus.keys()].filter((s) => s !== 200 && s !== 503),
      [],
      `statuses: ${JSON.stringify([...byStatus])}`,
    );
    for (const r of results.filter((x) => x.status === 503)) {
      assert.equal(r.retryAfter, '5');
      assert.equal(r.code, 'shutting_down');
    }
    assert.deepEqual(exit, { code: 0, signal: null });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
