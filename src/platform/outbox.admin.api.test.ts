import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test/harness.js';
import { enqueue } from './outbox.js';

/** Issue 17 §1: operators see the outbox (GET /api/v1/admin/outbox), retry dead rows, and /api/health says degraded. */
let t: TestApp;
const tok: Record<string, string> = {};
before(async () => {
  t = await startTestApp({ env: { OUTBOX_ALERT_SECONDS: '600' } });
  for (const r of ['admin', 'provincial_office', 'citizen']) tok[r] = await t.login(r);
  await t.deps.outbox.drain(); // the demo seed's notices
});
after(async () => {
  await t.close();
});

type View = {
  status: string;
  alertSeconds: number;
  pending: number;
  oldestPendingSeconds: number | null;
  topics: {
    topic: string;
    consumer: string | null;
    declared: boolean;
    pending: number;
    oldestPendingSeconds: number | null;
    retrying: number;
    dead: number;
    late: boolean;
  }[];
  dead: { total: number; items: { id: number; topic: string; attempts: number; lastError: string | null }[] };
  auditOnlyTopics: string[];
};
const view = async (query = ''): Promise<View> => {
  const r = await t.request({ method: 'GET', url: `/api/v1/admin/outbox${query}`, token: tok.admin });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
const health = async () => (await t.request({ method: 'GET', url: '/api/health' })).json() as { status: string; reasons: string[] };
const retry = (body: unknown, token = tok.admin) => t.request({ method: 'POST', url: '/api/v1/admin/outbox/retry', token, body });

describe('admin outbox view and health', () => {
  test('admin only: anonymous 401, other roles 403', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/admin/outbox' })).statusCode, 401);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/admin/outbox', token: tok.provincial_office })).statusCode, 403);
    assert.equal((await retry({ topic: 'tasks.digest' }, tok.citizen)).statusCode, 403);
  });

  test('every queued topic with its consumer; audit-only topics listed apart; all delivered → ok', async () => {
    const v = await view();
    assert.equal(v.status, 'ok');
    assert.equal(v.pending, 0);
    assert.equal(v.alertSeconds, 600);
    const sync = v.topics.find((x) => x.topic === 'national.sync')!;
    assert.deepEqual([sync.consumer, sync.declared, sync.pending, sync.dead, sync.late], ['national-portal', true, 0, 0, false]);
    assert.ok(v.auditOnlyTopics.includes('tasks.task.assigned'));
    assert.ok(!v.topics.some((x) => x.topic === 'tasks.task.assigned'));
    assert.deepEqual(await health(), { ...(await health()), status: 'ok', reasons: [] });
  });

  test('a row waiting past OUTBOX_ALERT_SECONDS: the topic is late and /api/health is degraded, with the reason; delivered → ok again', async () => {
    const id = await enqueue(t.database.db, { topic: 'tasks.digest', aggregateKey: 'task_digest:test', payload: { month: '2026-11' } });
    await sql`UPDATE outbox SET created_at = now() - interval '20 minutes' WHERE id = ${id}`.execute(t.database.db);
    const v = await view();
    assert.equal(v.status, 'degraded');
    const digest = v.topics.find((x) => x.topic === 'tasks.digest')!;
    assert.equal(digest.pending, 1);
    assert.ok(digest.oldestPendingSeconds! >= 1200 && digest.late);
    assert.equal(v.topics[0].topic, 'tasks.digest', 'late topics first');
    const h = await health();
    assert.equal(h.status, 'degraded');
    assert.match(h.reasons[0], /outbox.*quá ngưỡng 600 giây/);
    await t.deps.outbox.drain();
    assert.equal((await health()).status, 'ok');
  });

  test('a dead row shows its last error; retry makes it deliverable again, with an audit row', async () => {
    // The digest's consumer fails for good: one attempt only.
    t.deps.outbox.register('tasks.digest', async () => {
      throw new Error('máy chủ thư từ chối: 550');
    });
    const id = (await enqueue(t.database.db, { topic: 'tasks.digest', aggregateKey: 'task_digest:dead', payload: { month: '2026-10' }, maxAttempts: 1 }))!;
    await t.deps.outbox.drain();
    let v = await view();
    assert.equal(v.topics.find((x) => x.topic === 'tasks.digest')!.dead, 1);
    assert.deepEqual(
      v.dead.items.map((d) => [d.id, d.topic, d.attempts, d.lastError]),
      [[id, 'tasks.digest', 1, 'máy chủ thư từ chối: 550']],
    );
    assert.equal((await view('?topic=national.sync')).dead.total, 0);

    // Bad input changes nothing.
    for (const [body, code] of [
      [{}, 'retry_selection'],
      [{ ids: [id], topic: 'tasks.digest' }, 'retry_selection'],
      [{ ids: [] }, 'validation'],
      [{ ids: [id], extra: 1 }, 'validation'],
      [{ ids: [999999] }, 'nothing_to_retry'],
    ] as const) {
      const r = await retry(body);
      assert.ok(r.statusCode === 400 || r.statusCode === 409, r.body);
      assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
      if (code !== 'validation') assert.equal(r.json().code, code);
    }
    assert.equal((await view()).dead.total, 1);

    t.deps.outbox.register('tasks.digest', async () => {});
    const audits = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'outbox.retry'`.execute(t.database.db)).rows[0].n;
    const a0 = await audits();
    const r = await retry({ ids: [id] });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { retried: 1, ids: [id] });
    assert.equal(await audits(), a0 + 1);
    assert.equal((await retry({ ids: [id] })).statusCode, 409, 'no longer dead');
    await t.deps.outbox.drain();
    const row = (
      await sql<{
        delivered: boolean;
        last_error: string | null;
      }>`SELECT delivered_at IS NOT NULL AS delivered, last_error FROM outbox WHERE id = ${id}`.execute(t.database.db)
    ).rows[0];
    assert.deepEqual(row, { delivered: true, last_error: null });
    v = await view();
    assert.equal(v.dead.total, 0);
    assert.equal(v.status, 'ok');
  });

  test('rows of a topic nobody consumes are shown as undeclared', async () => {
    await sql`INSERT INTO outbox (topic, aggregate_key, payload) VALUES ('legacy.topic', 'x', '{}'::jsonb)`.execute(t.database.db);
    const v = await view();
    const legacy = v.topics.find((x) => x.topic === 'legacy.topic')!;
    assert.deepEqual([legacy.declared, legacy.consumer, legacy.pending], [false, null, 1]);
    await sql`DELETE FROM outbox WHERE topic = 'legacy.topic'`.execute(t.database.db);
  });
});
