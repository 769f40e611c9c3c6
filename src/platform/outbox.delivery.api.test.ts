import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test/harness.js';
import { addDays, todayVn } from '../modules/tasks/tasks.testutil.js';

/**
 * Issue 17 §1: every message is delivered. A whole server with its outbox worker running (as in
 * production), driven over HTTP through the paths that used to leave a row of an unconsumed topic
 * in front of a consumer's rows of the same aggregate key: a task reassigned, a late dossier
 * explained, a feedback published, a citizen's account edited. Each test ends with nothing left
 * undelivered in the whole outbox.
 */
let t: TestApp;
const tok: Record<string, string> = {};
let realNow: () => Date;

before(async () => {
  t = await startTestApp({ workers: true });
  realNow = t.deps.clock.now;
  for (const r of ['admin', 'provincial_office', 'one_stop_officer', 'specialist', 'unit_leader', 'citizen']) tok[r] = await t.login(r);
});
after(async () => {
  t.deps.clock.now = realNow;
  await t.close();
});

const q1 = async <R>(query: ReturnType<typeof sql<R>>): Promise<R> => (await query.execute(t.database.db)).rows[0];
const undelivered = async () =>
  (await sql<{ topic: string; aggregate_key: string }>`SELECT topic, aggregate_key FROM outbox WHERE delivered_at IS NULL`.execute(t.database.db)).rows;
/** Delivers what is due now (the worker loop also runs; both claim with SKIP LOCKED). */
const drain = () => t.deps.outbox.drain();
/** Waits for the running worker loop itself to deliver everything (a readiness condition, generous timeout). */
async function untilDelivered(ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while ((await undelivered()).length > 0) {
    if (Date.now() > end) throw new Error(`still undelivered: ${JSON.stringify(await undelivered())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('every consumer receives its messages, with the worker running', () => {
  test('tasks: reminders of a task that was re-assigned and edited are delivered', async () => {
    const all = (await t.request({ method: 'GET', url: '/api/v1/tasks?limit=100', token: tok.provincial_office })).json().items as {
      id: string;
      number: string;
      version: number;
    }[];
    let task = all.find((i) => i.number === '24')!;
    assert.ok(task, 'task 24 of the demo plan');
    const tp = (await q1(sql<{ id: string }>`SELECT id FROM agency WHERE short_name = 'Sở Tư pháp'`)).id;
    const as = await t.request({
      method: 'PUT',
      url: `/api/v1/tasks/${task.id}/agencies`,
      token: tok.provincial_office,
      body: { lead: [{ agencyId: tp }], support: [{ group: 'departments' }], version: task.version },
    });
    assert.equal(as.statusCode, 200, as.body);
    task = as.json();
    const due = addDays(todayVn(), 3);
    const p = await t.request({
      method: 'PATCH',
      url: `/api/v1/tasks/${task.id}`,
      token: tok.provincial_office,
      body: { deadlineText: `${due.slice(8, 10)}/${due.slice(5, 7)}/${due.slice(0, 4)}`, version: task.version },
    });
    assert.equal(p.statusCode, 200, p.body);
    const run = await t.request({ method: 'POST', url: '/api/v1/tasks/follow-up/run', token: tok.admin });
    assert.equal(run.statusCode, 200, run.body);
    await untilDelivered();
    const rows = (
      await sql<{
        delivered: boolean;
      }>`SELECT delivered_at IS NOT NULL AS delivered FROM outbox WHERE topic = 'tasks.reminder' AND payload->>'taskId' = ${task.id}`.execute(t.database.db)
    ).rows;
    assert.ok(rows.length > 0, 'the follow-up wrote a reminder for the task');
    assert.ok(
      rows.every((r) => r.delivered),
      'every reminder of the re-assigned task is delivered',
    );
  });

  test('quality: the QĐ 766 facts of an explained late dossier keep updating', async () => {
    // A dossier received 30 days ago at the counter and forwarded to Sở Tư pháp: it is overdue now.
    t.deps.clock.now = () => new Date(realNow().getTime() - 30 * 86_400_000);
    const c = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tok.one_stop_officer,
      body: {
        procedureCode: '2.000488',
        caseKey: 'chuan',
        channel: 'counter',
        applicant: {
          kind: 'citizen',
          name: 'Nguyễn Thị Hồng Đào',
          idNumber: '038190012345',
          phone: '0912345678',
          email: 'dao@example.vn',
          address: 'Phường Hạc Thành, Thanh Hóa',
        },
        components: [{ index: 0 }],
      },
    });
    assert.equal(c.statusCode, 201, c.body);
    const id = c.json().id as string;
    const act = async (token: string, body: Record<string, unknown>) => {
      const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
      const r = await t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, token, body: { version: d.version, ...body } });
      assert.equal(r.statusCode, 200, `${body.type}: ${r.body}`);
    };
    await act(tok.one_stop_officer, { type: 'forward' });
    t.deps.clock.now = realNow;
    await drain();
    const fact = () => q1(sql<{ end_at: Date | null; outcome: string | null }>`SELECT end_at, outcome FROM quality_dossier_fact WHERE dossier_id = ${id}`);
    assert.equal((await fact()).end_at, null);
    // The unit leader explains the delay (quality.late_explained is audit-only now). A row of that
    // topic left by an older version, before migration platform/002, must not hold anything back either.
    const e = await t.request({
      method: 'PUT',
      url: `/api/v1/quality/late/${id}/explanation`,
      token: tok.unit_leader,
      body: { cause: 'workload', reason: 'Quá tải hồ sơ cuối năm, thiếu chuyên viên' },
    });
    assert.equal(e.statusCode, 200, e.body);
    await sql`INSERT INTO outbox (topic, aggregate_key, payload) VALUES ('quality.late_explained', ${'quality:' + id}, '{}'::jsonb)`.execute(t.database.db);
    await act(tok.specialist, { type: 'next_step' });
    await act(tok.unit_leader, { type: 'result_ready', decisionNumber: '77/LLTP', signer: 'Phạm Quốc Hưng', signedOn: todayVn() });
    await act(tok.one_stop_officer, { type: 'return_result', channel: 'counter', receivedBy: 'Nguyễn Thị Hồng Đào' });
    await drain();
    const f = await fact();
    assert.ok(f.end_at, 'the fact records the end of the dossier');
    assert.equal(f.outcome, 'late');
    const left = await undelivered();
    assert.deepEqual(
      left.map((r) => r.topic),
      ['quality.late_explained'],
      'only the old unconsumed row is left, blocking nothing',
    );
    await sql`DELETE FROM outbox WHERE topic = 'quality.late_explained'`.execute(t.database.db);
  });

  test('feedback: the sender is still notified after the answer is published', async () => {
    const justice = (await q1(sql<{ id: string }>`SELECT id FROM agency WHERE name = 'Sở Tư pháp tỉnh Thanh Hóa' AND valid_to IS NULL`)).id;
    const phone = '0912000099';
    const s = await t.request({
      method: 'POST',
      url: '/api/v1/feedback',
      body: {
        content: 'Bộ phận một cửa yêu cầu nộp thêm bản sao sổ hộ khẩu dù thủ tục không quy định giấy tờ này, đề nghị kiểm tra.',
        name: 'Phạm Thị Hương',
        phone,
      },
    });
    assert.equal(s.statusCode, 201, s.body);
    const { id, code } = s.json() as { id: string; code: string };
    const step = async (path: string, token: string, body: Record<string, unknown>) => {
      const d = (await t.request({ method: 'GET', url: `/api/v1/feedback/${id}`, token: tok.provincial_office })).json();
      const r = await t.request({ method: 'POST', url: `/api/v1/feedback/${id}/${path}`, token, body: { ...body, version: d.version } });
      assert.equal(r.statusCode, 200, `${path}: ${r.body}`);
      return r.json();
    };
    await step('classify', tok.provincial_office, { decision: 'forward', topic: 'officer_conduct', agencyId: justice });
    const answered = await step('answer', tok.specialist, {
      answerStatus: 'accepted',
      text: 'Sở Tư pháp đã chấn chỉnh cán bộ, không yêu cầu giấy tờ ngoài danh mục.',
    });
    await step('publish', tok.provincial_office, {
      publicSummary: 'Phản ánh cán bộ yêu cầu giấy tờ ngoài danh mục.',
      publicAnswer: answered.publicDraft.publicAnswer,
    });
    // After publication the sender follows up: handling starts again and they are told so.
    const f = await t.request({
      method: 'POST',
      url: '/api/v1/feedback/follow-up',
      body: { code, contact: phone, content: 'Tôi chưa đồng ý: cán bộ vẫn yêu cầu sổ hộ khẩu.' },
    });
    assert.equal(f.statusCode, 200, f.body);
    await untilDelivered();
    const notes = (await t.request({ method: 'GET', url: `/api/v1/feedback/${id}/notifications`, token: tok.specialist })).json().items as { event: string }[];
    assert.deepEqual(
      notes.map((n) => n.event).filter((e) => e !== 'answered' && e !== 'published'),
      ['received', 'received'],
      'the notice of the follow-up after publication went out',
    );
    assert.ok(notes.some((n) => n.event === 'published'));
  });

  test('citizens: notices still reach a citizen whose account was edited', async () => {
    const me = (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: tok.citizen })).json().user as { id: string; fullName: string };
    const edit = await t.request({ method: 'PATCH', url: `/api/v1/users/${me.id}`, token: tok.admin, body: { fullName: me.fullName } });
    assert.equal(edit.statusCode, 200, edit.body);
    const profile = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: tok.citizen })).json();
    const own = await t.request({
      method: 'PATCH',
      url: '/api/v1/citizens/me',
      token: tok.citizen,
      body: { notifyChannels: ['email', 'sms', 'zalo'], version: profile.version ?? profile.profile?.version },
    });
    assert.equal(own.statusCode, 200, own.body);
    const run = await t.request({ method: 'POST', url: '/api/v1/citizens/reminders/run', token: tok.admin });
    assert.equal(run.statusCode, 200, run.body);
    assert.equal(run.json().reminded, 1, 'the demo citizen holds a permit nearing expiry');
    await untilDelivered();
    const msgs = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/messages', token: tok.citizen })).json().items as {
      channel: string;
      payload: { text: string };
    }[];
    assert.deepEqual(
      msgs
        .filter((m) => /hết hiệu lực/.test(m.payload.text))
        .map((m) => m.channel)
        .sort(),
      ['email', 'sms', 'zalo'],
    );
  });

  test('nothing is left undelivered or dead', async () => {
    await drain();
    assert.deepEqual(await undelivered(), []);
  });
});
