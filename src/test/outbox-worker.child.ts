/**
 * A separate server process for the outbox tests: runs an OutboxWorker against DATABASE_URL.
 * Topic 'test.record' inserts (outbox id, worker) into outbox_test_delivery; 'test.hang' never
 * finishes (to be killed mid-delivery). Prints "claimed <id>" lines as it starts deliveries.
 */
import { sql } from 'kysely';
import { openDatabase } from '../platform/db/database.js';
import { OutboxWorker } from '../platform/outbox.js';
import { declareTopicsForTest, type QueuedTopic } from '../platform/outbox.topics.js';

declareTopicsForTest({ 'test.record': { consumer: 'test', module: 'test' }, 'test.hang': { consumer: 'test', module: 'test' } });

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, dataDir: null, poolSize: 4 });
const worker = new OutboxWorker(database, { workerId: process.env.WORKER_ID, leaseSeconds: Number(process.env.LEASE ?? 60), batchSize: 10, pollMs: 50 });
worker.register('test.record' as QueuedTopic, async (m) => {
  await new Promise((r) => setTimeout(r, Math.random() * 5));
  await sql`INSERT INTO outbox_test_delivery (outbox_id, worker) VALUES (${m.id}, ${worker.workerId})`.execute(database.db);
});
worker.register('test.hang' as QueuedTopic, async (m) => {
  process.stdout.write(`claimed ${m.id}\n`);
  await new Promise(() => {});
});
worker.start();
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await worker.stop();
  await database.close();
  process.exit(0);
});
