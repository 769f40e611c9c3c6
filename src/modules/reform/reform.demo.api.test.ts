import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { seedDemoReform } from './reform.seed.js';
import { DEMO_ACTIVITY_SETTING, DEMO_PLANS, DEMO_SIPAS } from './reform.activity.seed.js';
import { DEFAULT_QUESTIONNAIRE_ID } from './reform.sipas.js';
import { planDueOn } from './reform.rules.js';

/** Over HTTP, on PGlite or PostgreSQL: the DEMO SIPAS responses and annual plans of the current year (demo mode). */
let t: TestApp;
const tok: Record<string, string> = {};
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const YEAR = Number(today.slice(0, 4));
const call = (method: string, url: string, who?: string) => t.request({ method, url, token: who ? tok[who] : undefined });
const n = async (q: ReturnType<typeof sql<{ n: number }>>): Promise<number> => Number((await q.execute(t.database.db)).rows[0].n);
const addDays = (iso: string, d: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
const counts = async () => [
  await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_sipas_response`),
  await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_plan`),
  await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM task`),
  await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM task_progress`),
  await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`),
];

before(async () => {
  t = await startTestApp({ demoReformActivity: true });
  for (const r of ['admin', 'specialist', 'home_affairs']) tok[r] = await t.login(r);
});
after(async () => {
  await t?.close();
});

describe('demo SIPAS responses', () => {
  test('several agencies, all three sectors and channels; sample sizes as generated; dates within the year so far', async () => {
    const idx = (await call('GET', `/api/v1/reform/sipas/index?year=${YEAR}`, 'home_affairs')).json();
    assert.equal(
      idx.overall.sampleSize,
      DEMO_SIPAS.reduce((s, g) => s + g.responses, 0),
    );
    assert.deepEqual(
      idx.items.map((i: { agencyName: string; sector: string; sampleSize: number }) => [i.agencyName, i.sector, i.sampleSize]).sort(),
      DEMO_SIPAS.map((g) => [g.agency, g.sector, g.responses]).sort(),
    );
    assert.ok(
      idx.items.every((i: { index: number | null }) => i.index !== null && i.index > 0 && i.index < 100),
      'a spread of answers: neither all satisfied nor none',
    );
    assert.ok(new Set(idx.items.map((i: { index: number }) => i.index)).size >= 4, 'agencies differ');
    assert.deepEqual(
      idx.sectors.map((s: { sector: string }) => s.sector),
      ['administrative', 'education', 'health'],
    );
    const channels = new Set(idx.items.flatMap((i: { channels: Record<string, number> }) => Object.keys(i.channels)));
    assert.deepEqual([...channels].sort(), ['after_return', 'link', 'qr_counter']);
    const feedback = idx.overall.elements.feedback;
    assert.ok(feedback.answers < idx.overall.sampleSize, 'some respondents skipped a question');
    const range = (
      await sql<{
        lo: string;
        hi: string;
        years: number;
      }>`SELECT min(submitted_on)::text AS lo, max(submitted_on)::text AS hi, count(DISTINCT year)::int AS years FROM reform_sipas_response`.execute(
        t.database.db,
      )
    ).rows[0];
    assert.ok(range.lo >= `${YEAR}-01-01` && range.hi <= today, `${range.lo}…${range.hi}`);
    assert.equal(range.years, 1);
  });

  test('made through the anonymous path: audit rows as the system without IP or id, naming only agency and sector; no outbox row', async () => {
    const total = DEMO_SIPAS.reduce((s, g) => s + g.responses, 0);
    const audit = (
      await sql<{
        actor_id: string | null;
        ip: string | null;
        entity_id: string | null;
        summary: unknown;
      }>`SELECT actor_id, ip, entity_id, summary FROM audit_log WHERE action = 'reform.sipas.respond'`.execute(t.database.db)
    ).rows;
    assert.equal(audit.length, total);
    assert.ok(audit.every((a) => a.actor_id === null && a.ip === null && a.entity_id === null));
    assert.ok(
      audit.every(
        (o) => JSON.stringify(Object.keys(typeof o.summary === 'string' ? JSON.parse(o.summary) : (o.summary as object)).sort()) === '["agencyId","sector"]',
      ),
    );
    // reform.sipas.responded is audit-only (src/platform/outbox.topics.ts).
    const out = (await sql<{ payload: unknown }>`SELECT payload FROM outbox WHERE topic = 'reform.sipas.responded'`.execute(t.database.db)).rows;
    assert.equal(out.length, 0);
    const q = (await call('GET', `/api/v1/reform/sipas/questionnaires/${DEFAULT_QUESTIONNAIRE_ID}`, 'home_affairs')).json();
    assert.deepEqual([q.responses, q.editable, q.locked], [total, false, 'default']);
  });
});

describe('demo annual plans', () => {
  test('on time, late and missing as the due dates (30/01, 28/02) say; submitted in the past', async () => {
    const s = (await call('GET', `/api/v1/reform/plans/status?year=${YEAR}`, 'home_affairs')).json();
    const want = new Map<string, string>();
    for (const p of DEMO_PLANS) {
      const row = s.items.find((i: { agencyName: string }) => i.agencyName === p.agency);
      assert.ok(row, p.agency);
      const due = planDueOn(YEAR, row.level);
      assert.equal(row.dueOn, due);
      const sent = addDays(due, p.sentDaysFromDue);
      if (p.sentDaysFromDue > 0 && sent > today) continue; // a late plan cannot exist yet
      want.set(p.agency, p.sentDaysFromDue > 0 ? 'late' : 'on_time');
      assert.equal(row.submittedAt.slice(0, 10), sent > today ? today : sent, p.agency);
    }
    for (const i of s.items as { agencyName: string; status: string; dueOn: string; planId: string | null }[]) {
      assert.equal(i.status, want.get(i.agencyName) ?? (today > i.dueOn ? 'missing' : 'pending'), i.agencyName);
      assert.equal(i.planId !== null, want.has(i.agencyName), i.agencyName);
    }
    if (today > `${YEAR}-02-28`) {
      assert.deepEqual([s.counts.on_time, s.counts.late, s.counts.pending], [4, 1, 0]);
      assert.equal(s.counts.missing, s.total - 5);
    }
  });

  test("plan items are tasks on the agency's board (Sở Tư pháp reported progress on three); titles marked demo", async () => {
    const mine = (await call('GET', `/api/v1/reform/plans?year=${YEAR}`, 'specialist')).json();
    assert.equal(mine.items.length, 1);
    assert.match(mine.items[0].title, /\(demo\)$/);
    const plan = (await call('GET', `/api/v1/reform/plans/${mine.items[0].id}`, 'specialist')).json();
    assert.equal(plan.items.length, 4);
    assert.ok(plan.items.every((i: { content: string; area: string }) => i.content.endsWith('(demo)')));
    const board = (await call('GET', '/api/v1/tasks?view=lead&limit=500', 'specialist')).json();
    const onBoard = board.items.filter((x: { id: string }) => plan.items.some((i: { taskId: string }) => i.taskId === x.id));
    assert.equal(onBoard.length, 4);
    const byContent = (p: string) => plan.items.find((i: { content: string }) => i.content.startsWith(p)).task;
    assert.ok(['done', 'done_late'].includes(byContent('Rà soát, đơn giản hóa').status));
    assert.equal(byContent('Rà soát, đơn giản hóa').percent, 100);
    assert.equal(byContent('Số hóa kết quả').percent, 70);
    const review = byContent('Kiểm tra, rà soát');
    assert.equal(review.percent, 40);
    assert.equal(review.status, today > `${YEAR}-09-30` ? 'overdue' : 'in_progress', 'in progress past its deadline = overdue');
    // Every other demo plan's tasks are led by its own agency.
    const all = (await call('GET', `/api/v1/reform/plans?year=${YEAR}`, 'home_affairs')).json();
    for (const p of all.items as { id: string; agencyId: string }[]) {
      const d = (await call('GET', `/api/v1/reform/plans/${p.id}`, 'home_affairs')).json();
      assert.ok(d.items.every((i: { taskId: string | null; ownerAgencyId: string }) => i.taskId && i.ownerAgencyId === p.agencyId));
    }
    assert.equal(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reform.plan.create'`), all.items.length);
  });
});

test('idempotent: a second start adds nothing; a start after a failed one (marker missing) adds nothing twice', async () => {
  const before = await counts();
  await seedDemoReform(t.database);
  assert.deepEqual(await counts(), before);
  await sql`DELETE FROM app_setting WHERE key = ${DEMO_ACTIVITY_SETTING}`.execute(t.database.db);
  await seedDemoReform(t.database);
  assert.deepEqual(await counts(), before);
  assert.ok(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM app_setting WHERE key = ${DEMO_ACTIVITY_SETTING}`));
});
