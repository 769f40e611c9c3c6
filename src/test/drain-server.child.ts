/**
 * Test helper: a whole server (test database, demo seed) listening on a free port; prints
 * "listening <port>" when ready. On SIGTERM it runs the production shutdown sequence and exits 0.
 */
import { existsSync, writeSync } from 'node:fs';
import { startTestApp } from './harness.js';
import { shutDown } from '../platform/http/drain.js';

const t = await startTestApp();
await t.app.listen({ port: 0, host: '127.0.0.1' });
const address = t.app.server.address();
process.on('SIGTERM', () => {
  void shutDown({ app: t.app, stopWorkers: async () => {}, closeDatabase: () => t.database.close() }, { quietMs: 50, maxMs: 60_000 }).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
// SIGUSR2: block the event loop (nothing is accepted; connections wait in the kernel's accept queue,
// as they do on a server busy under load) until the file named by DRAIN_RELEASE_FILE exists.
process.on('SIGUSR2', () => {
  writeSync(1, 'blocked\n');
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(process.env.DRAIN_RELEASE_FILE!)) Atomics.wait(nap, 0, 0, 10);
});
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
