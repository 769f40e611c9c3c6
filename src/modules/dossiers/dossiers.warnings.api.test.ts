import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/harness.js';

/** Warnings before late with an injected clock (deps.clock): a warning, its once-only rule, an escalation. */
let t: TestApp;
let realNow: () => Date;
const tok: Record<string, string> = {};
before(async () => {
  t = await startTestApp();
  realNow = t.deps.clock.now;
  for (const r of ['one_stop_officer', 'specialist', 'unit_leader', 'admin']) tok[r] = await t.login(r);
});
after(async () => {
  t.deps.clock.now = realNow;
  await t.close();
});

const at = (iso: string) => {
  t.deps.clock.now = () => new Date(iso);
};
const applicant = {
  kind: 'citizen',
  name: 'Trịnh Văn Hải',
  idNumber: '038190055555',
  phone: '0912000555',
  email: 'hai@example.vn',
  address: 'Phường Hạc Thành, Thanh Hóa',
};

async function act(id: string, token: string, body: Record<string, unknown>) {
  const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
  const r = await t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, token, body: { version: d.version, ...body } });
  assert.equal(r.statusCode, 200, `${String(body.type)}: ${r.body}`);
  return r.json();
}
async function mine(token: string, dossierId: string) {
  const r = await t.request({ method: 'GET', url: '/api/v1/notifications?limit=100', token });
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as { items: { kind: string; title: string; body: string; link: string; subject: { id: string } | null }[] }).items.filter(
    (n) => n.subject?.id === dossierId,
  );
}
const run = async () => {
  await t.deps.jobs.runNow('dossiers.deadline-warnings');
};

test('the holder is warned before the step limit, once per threshold; an overdue step escalates to the unit leader; the one-stop section is reminded of the apology', async () => {
  at('2026-11-23T09:00:00+07:00'); // Monday
  const c = await t.request({
    method: 'POST',
    url: '/api/v1/dossiers',
    token: tok.one_stop_officer,
    body: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
  });
  assert.equal(c.statusCode, 201, c.body);
  const d = c.json() as { id: string; code: string; appointment: { current: string } };
  assert.equal(d.appointment.current, '2026-12-07T09:00:00+07:00'); // 10 working days
  await act(d.id, tok.one_stop_officer, { type: 'forward' }); // step 1 of Sở Tư pháp: the specialist's review, 8 working days

  at('2026-11-30T09:00:00+07:00'); // 5 working days in: nothing yet
  await run();
  assert.deepEqual(await mine(tok.specialist, d.id), []);

  at('2026-12-02T10:00:00+07:00'); // the step ends Thursday 03/12 09:00: less than 1 working day left
  await run();
  let s = await mine(tok.specialist, d.id);
  assert.deepEqual(
    s.map((n) => n.kind),
    ['dossier.step_due_soon'],
  );
  assert.match(s[0].body, /hết hạn lúc 09:00 ngày 03\/12\/2026/);
  assert.equal(s[0].link, `/ho-so/${d.id}`);
  await run(); // the same warning is not sent twice
  assert.equal((await mine(tok.specialist, d.id)).length, 1);
  assert.deepEqual(await mine(tok.unit_leader, d.id), [], 'no escalation before the limit');

  at('2026-12-03T08:00:00+07:00'); // 2 working hours threshold crossed
  await run();
  s = await mine(tok.specialist, d.id);
  assert.deepEqual(
    s.map((n) => n.kind),
    ['dossier.step_due_soon', 'dossier.step_due_soon'],
  );

  at('2026-12-03T14:00:00+07:00'); // past the step's limit
  await run();
  await run();
  s = await mine(tok.specialist, d.id);
  assert.equal(s.filter((n) => n.kind === 'dossier.step_overdue').length, 1, 'the holder is told once');
  const lead = await mine(tok.unit_leader, d.id);
  assert.deepEqual(
    lead.map((n) => n.kind),
    ['dossier.step_overdue'],
    'escalated to the unit leader',
  );
  assert.match(lead[0].title, /cần chỉ đạo/);
  // The dossier's own due moment (07/12 09:00) is 1.x working days away: the one-stop section is reminded.
  const desk = await mine(tok.one_stop_officer, d.id);
  assert.deepEqual(
    desk.map((n) => n.kind),
    ['dossier.apology_due'],
  );
  assert.match(desk[0].body, /xin lỗi và hẹn lại/);

  // Delivered through the outbox like every notification.
  await t.deps.outbox.drain();
});
