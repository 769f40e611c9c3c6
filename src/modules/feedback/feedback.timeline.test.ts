/**
 * Timeline tests: each stage's due date per docs/feedback.md (classification 5, handling
 * 10 (+20 once), publication 5 working days), computed with the working calendar (weekends,
 * Giỗ Tổ, 30/4–1/5), and an overdue case that is reminded, then escalated once.
 * The service runs on a real database with a pinned clock.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import type { Actor } from '../../platform/context.js';
import { vnIso } from '../../platform/vn-time.js';
import { createFeedbackService, type FeedbackService } from './feedback.service.js';
import { currentStage, overdueStage, timeliness } from './feedback.rules.js';

let t: TestApp;
let now = new Date('2026-03-02T09:00:00+07:00');
let fb: FeedbackService;
const actors: Record<string, Actor> = {};
let justice = '';

before(async () => {
  t = await startTestApp();
  fb = createFeedbackService({ database: t.database, calendar: t.deps.calendar, clock: { now: () => now } });
  for (const r of ['provincial_office', 'specialist', 'unit_leader']) actors[r] = (await t.deps.auth.authenticate(await t.login(r)))!;
  justice = actors.specialist.agencyId!;
});
after(async () => {
  await t.close();
});

const ctx = (actor: Actor | null) => ({ actor, requestId: 'timeline-test', ip: null });
const at = (s: string) => new Date(s);
const vn = (d: string | Date) => vnIso(typeof d === 'string' ? new Date(d) : d);
const submit = async (content: string, phone: string) => (await fb.submitPublic(ctx(null), { content, name: 'Người Gửi Thử', phone })).body;

describe('stage deadlines (working days)', () => {
  test('received Mon 02/03/2026 09:00 → classify by Mon 09/03 09:00; forwarded Wed 04/03 10:00 → answer by Wed 18/03 10:00; extended → +20 working days; answered → publish within 5', async () => {
    now = at('2026-03-02T09:00:00+07:00');
    const c = await submit('Phản ánh về thời hạn giải quyết thủ tục cấp giấy phép xây dựng kéo dài.', '0911000001');
    assert.equal(c.receivedAt, '2026-03-02T09:00:00+07:00');
    assert.equal(c.classifyDueAt, '2026-03-09T09:00:00+07:00', '5 working days, the weekend skipped');

    now = at('2026-03-04T10:00:00+07:00');
    let d = await fb.classify(ctx(actors.provincial_office), c.id, { decision: 'forward', topic: 'regulation', agencyId: justice, version: 1 });
    assert.equal(d.handleDueAt, '2026-03-18T10:00:00+07:00', '10 working days from forwarding');
    assert.equal(d.deadline?.stage, 'handle');

    now = at('2026-03-16T08:00:00+07:00');
    d = await fb.extend(ctx(actors.unit_leader), c.id, { reason: 'Cần lấy ý kiến các sở liên quan.', version: d.version });
    assert.equal(d.handleDueAt, '2026-04-15T10:00:00+07:00', '20 more working days from the original due date');

    now = at('2026-04-14T16:00:00+07:00');
    d = await fb.answer(ctx(actors.specialist), c.id, {
      answerStatus: 'considering',
      text: 'Sở đang tổng hợp ý kiến để kiến nghị sửa đổi quy định.',
      version: d.version,
    });
    assert.equal(d.publishDueAt, '2026-04-21T16:00:00+07:00', 'publish within 5 working days of the answer');
    const log = d.actions.find((a) => a.action === 'answer')!;
    assert.equal(log.payload.onTime, true);
  });

  test('received Fri 24/04/2026 10:00: Giỗ Tổ (Mon 27/04) and 30/04–01/05 are not working days → classify by Wed 06/05 10:00', async () => {
    now = at('2026-04-24T10:00:00+07:00');
    const c = await submit('Kiến nghị công khai thời hạn giải quyết hồ sơ đất đai tại xã.', '0911000002');
    assert.equal(c.classifyDueAt, '2026-05-06T10:00:00+07:00');
  });

  test('a feedback sent on Saturday counts from Monday morning', async () => {
    now = at('2026-03-07T20:00:00+07:00');
    const c = await submit('Phản ánh cán bộ tiếp dân không đeo thẻ công chức.', '0911000003');
    assert.equal(c.classifyDueAt, '2026-03-13T17:00:00+07:00', 'Mon 07:00 + 5 working days = Fri 17:00');
  });

  test('an answer after the handling deadline is late', () => {
    const due = at('2026-03-18T10:00:00+07:00');
    assert.equal(timeliness({ status: 'answered', closeReason: null, handleDueAt: due, answeredAt: at('2026-03-18T10:00:00+07:00') }, due), 'on_time');
    assert.equal(timeliness({ status: 'answered', closeReason: null, handleDueAt: due, answeredAt: at('2026-03-18T10:01:00+07:00') }, due), 'late');
    assert.equal(timeliness({ status: 'forwarded', closeReason: null, handleDueAt: due, answeredAt: null }, at('2026-03-19T00:00:00+07:00')), 'overdue');
    assert.equal(overdueStage({ status: 'forwarded', classifyDueAt: due, handleDueAt: due, publishDueAt: null }, at('2026-03-18T10:00:01+07:00')), 'handle');
    assert.equal(currentStage({ status: 'published', classifyDueAt: due, handleDueAt: due, publishDueAt: due }), null);
  });
});

describe('reminders and escalation', () => {
  test('one working day before the classification deadline a reminder goes to the office; once overdue the case escalates, once', async () => {
    now = at('2026-06-01T09:00:00+07:00');
    const c = await submit('Phản ánh việc niêm yết thủ tục hành chính tại trụ sở không đầy đủ.', '0911000004');
    assert.equal(c.classifyDueAt, '2026-06-08T09:00:00+07:00');

    now = at('2026-06-03T09:00:00+07:00');
    let r = await fb.sweep();
    assert.ok(!r.reminded.includes(c.code) && !r.escalated.includes(c.code), 'three working days left: nothing yet');

    now = at('2026-06-05T10:00:00+07:00'); // Fri 10:00 → Mon 09:00 is 420 working minutes away
    r = await fb.sweep();
    assert.ok(r.reminded.includes(c.code));
    r = await fb.sweep();
    assert.ok(!r.reminded.includes(c.code), 'reminded once');

    now = at('2026-06-08T09:01:00+07:00');
    r = await fb.sweep();
    assert.ok(r.escalated.includes(c.code), 'overdue → escalated');
    r = await fb.sweep();
    assert.ok(!r.escalated.includes(c.code), 'escalated once per deadline');

    const d = await fb.get(actors.provincial_office, c.id);
    assert.equal(d.deadline?.overdue, true);
    assert.deepEqual(d.escalatedStages, ['classify@2026-06-08T09:00:00+07:00']);
    const esc = d.actions.find((a) => a.action === 'escalate')!;
    assert.equal(esc.payload.stage, 'classify');
    assert.equal(esc.actorUsername, null, 'done by the system');

    // The escalation is delivered through the outbox to the leaders of the responsible agency.
    const { rows } = await sql<{ topic: string }>`SELECT topic FROM outbox WHERE aggregate_key = ${'feedback:' + c.id} ORDER BY id`.execute(t.database.db);
    assert.deepEqual(
      rows.map((x) => x.topic),
      ['notify.feedback.received', 'notify.feedback.reminder', 'notify.feedback.escalated'],
    );
    while ((await t.deps.outbox.runOnce()) > 0);
    const notes = await fb.notifications(actors.provincial_office, c.id);
    const escalated = notes.filter((n) => n.event === 'escalated');
    assert.equal(escalated.length, 1);
    assert.equal(escalated[0].channel, 'staff');
    assert.match(escalated[0].subject, /QUÁ HẠN/);

    // The overdue filter of the queue finds it; classifying late is still possible and logged as late.
    const q = await fb.list(actors.provincial_office, { overdue: true, limit: 500, offset: 0 });
    assert.ok(q.items.some((f) => f.code === c.code));
    const f = await fb.classify(ctx(actors.provincial_office), c.id, {
      decision: 'forward',
      topic: 'procedure_handling',
      agencyId: justice,
      version: d.version,
    });
    assert.equal(f.actions.find((a) => a.action === 'forward')!.payload.onTime, false);
  });

  test('an overdue handling stage escalates to the competent agency’s leader', async () => {
    now = at('2026-07-01T08:00:00+07:00');
    const c = await submit('Phản ánh hồ sơ chứng thực bị trả lại không nêu lý do.', '0911000005');
    let d = await fb.classify(ctx(actors.provincial_office), c.id, { decision: 'forward', topic: 'procedure_handling', agencyId: justice, version: 1 });
    now = new Date(new Date(d.handleDueAt!).getTime() + 60_000);
    const r = await fb.sweep();
    assert.ok(r.escalated.includes(c.code));
    while ((await t.deps.outbox.runOnce()) > 0);
    const notes = await fb.notifications(actors.provincial_office, c.id);
    assert.deepEqual(
      notes.filter((n) => n.event === 'escalated').map((n) => n.recipient),
      ['unit_leader'],
    );
    d = await fb.get(actors.specialist, c.id);
    assert.equal(vn(d.handleDueAt!), d.handleDueAt);
    const stats = await fb.stats(actors.provincial_office, { from: '2026-07-01', to: '2026-07-01' });
    assert.equal(stats.total.overdue, 1);
    assert.equal(stats.total.onTimeRate, 0);
  });
});
