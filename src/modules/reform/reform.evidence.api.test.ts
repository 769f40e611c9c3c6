import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { multipart } from '../../test/multipart.js';

/**
 * Over HTTP, on PGlite or PostgreSQL (DATABASE_URL): evidence files of the PAR INDEX
 * self-assessment; editing reform plans with their tasks kept in sync; 5-year plans; the reminder
 * job for plans not submitted.
 */
let t: TestApp;
const tok: Record<string, string> = {};
let justice = '';
let health = '';
const YEAR = 2032;

const call = (method: string, url: string, who?: string, body?: unknown) => t.request({ method, url, token: who ? tok[who] : undefined, body });
const q1 = async <T>(query: ReturnType<typeof sql<T>>): Promise<T> => (await query.execute(t.database.db)).rows[0];
const n = async (query: ReturnType<typeof sql<{ n: number }>>): Promise<number> => Number((await q1(query)).n);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const upload = (who: string | undefined, agencyId: string, criterionId: string, name: string, content: Buffer, field = 'file') => {
  const m = multipart({ name, data: content, field });
  return t.request({
    method: 'POST',
    url: `/api/v1/reform/par/${YEAR}/assessments/${agencyId}/evidence?criterionId=${criterionId}`,
    token: who ? tok[who] : undefined,
    payload: m.payload,
    headers: m.headers,
  });
};

const agencyId = (name: string): Promise<string> => t.agencyId(name);

before(async () => {
  t = await startTestApp();
  Object.assign(tok, await t.logins(['admin', 'specialist', 'unit_leader', 'home_affairs', 'citizen', 'one_stop_officer', 'provincial_office']));
  justice = await agencyId('Sở Tư pháp tỉnh Thanh Hóa');
  health = await agencyId('Sở Y tế tỉnh Thanh Hóa');
});
after(async () => {
  await t?.close();
});

const TREE = [
  { code: '1', title: 'Chỉ đạo, điều hành CCHC', maxPoints: 10, rule: 'sum' },
  { code: '1.1', parentCode: '1', title: 'Ban hành kế hoạch CCHC năm đúng hạn', maxPoints: 4, rule: 'manual', evidenceRequired: true },
  { code: '1.2', parentCode: '1', title: 'Báo cáo CCHC định kỳ', maxPoints: 6, rule: 'manual' },
  { code: '2', title: 'Tác động của CCHC (điều tra xã hội học)', maxPoints: 20, rule: 'survey' },
];

describe('PAR INDEX evidence files', () => {
  const ids: Record<string, string> = {};
  let fileId = '';

  test('setup: Sở Nội vụ sets the tree of the year', async () => {
    const r = await call('PUT', `/api/v1/reform/par/${YEAR}/criteria`, 'home_affairs', { items: TREE });
    assert.equal(r.statusCode, 200, r.body);
    for (const c of r.json().items) ids[c.code] = c.id;
  });

  test("access: anonymous 401, citizen 403, another agency's specialist 403; nothing stored", async () => {
    assert.equal((await upload(undefined, justice, ids['1.1'], 'kh.pdf', PDF)).statusCode, 401);
    assert.equal((await upload('citizen', justice, ids['1.1'], 'kh.pdf', PDF)).statusCode, 403);
    assert.equal((await upload('home_affairs', justice, ids['1.1'], 'kh.pdf', PDF)).statusCode, 403, 'Sở Nội vụ appraises, it does not upload for the agency');
    assert.equal((await upload('specialist', health, ids['1.1'], 'kh.pdf', PDF)).statusCode, 403);
    assert.equal(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_par_evidence_file`), 0);
  });

  test('bad input → 400 and nothing stored: wrong type, empty, wrong field, survey or summed criterion, unknown criterion, not multipart', async () => {
    const bad: [string, Awaited<ReturnType<typeof upload>>][] = [
      ['file_type', await upload('specialist', justice, ids['1.1'], 'virus.exe', Buffer.from('MZ\x90\x00 not a document'))],
      ['file_empty', await upload('specialist', justice, ids['1.1'], 'empty.pdf', Buffer.alloc(0))],
      ['file_required', await upload('specialist', justice, ids['1.1'], 'kh.pdf', PDF, 'other')],
      ['not_self_scored', await upload('specialist', justice, ids['2'], 'kh.pdf', PDF)],
      ['not_self_scored', await upload('specialist', justice, ids['1'], 'kh.pdf', PDF)],
      ['unknown_criterion', await upload('specialist', justice, '00000000-0000-4000-8000-000000000001', 'kh.pdf', PDF)],
    ];
    for (const [code, r] of bad) {
      assert.equal(r.statusCode, 400, `${code}: ${r.body}`);
      assert.equal(r.json().code, code);
      assert.match(r.headers['content-type'] as string, /problem\+json/);
    }
    const json = await call('POST', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence?criterionId=${ids['1.1']}`, 'specialist', { file: 'x' });
    assert.equal(json.statusCode, 400);
    assert.equal((await call('POST', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence`, 'specialist', {})).statusCode, 400, 'criterionId required');
    assert.equal(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_par_evidence_file`), 0);
    assert.equal(
      await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_par_assessment WHERE year = ${YEAR}`),
      0,
      'a rejected upload does not even open the assessment',
    );
  });

  test('a file larger than 10 MB is refused', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]);
    const r = await upload('specialist', justice, ids['1.1'], 'big.pdf', big);
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().code, 'file_too_large');
    assert.equal(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_par_evidence_file`), 0);
  });

  test('the specialist uploads a PDF: SHA-256 recorded, listed on the criterion, downloadable with the same bytes', async () => {
    const r = await upload('specialist', justice, ids['1.1'], 'Kế hoạch 12-KH-STP.pdf', PDF);
    assert.equal(r.statusCode, 201, r.body);
    const f = r.json();
    fileId = f.id;
    assert.equal(f.sha256, createHash('sha256').update(PDF).digest('hex'));
    assert.equal(f.mimeType, 'application/pdf');
    assert.equal(f.sizeBytes, PDF.length);
    assert.equal(f.fileName, 'Kế hoạch 12-KH-STP.pdf');
    const d = (await call('GET', `/api/v1/reform/par/${YEAR}/assessments/${justice}`, 'specialist')).json();
    assert.equal(d.status, 'draft');
    assert.deepEqual(
      d.items.find((i: { code: string }) => i.code === '1.1').files.map((x: { id: string }) => x.id),
      [fileId],
    );
    assert.deepEqual(d.items.find((i: { code: string }) => i.code === '1.2').files, []);
    const dl = await call('GET', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence/${fileId}`, 'home_affairs');
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.equal(dl.headers['x-content-sha256'], f.sha256);
    assert.deepEqual(dl.rawPayload, PDF);
    assert.equal((await call('GET', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence/${fileId}`, 'citizen')).statusCode, 403);
    assert.equal(
      (await call('GET', `/api/v1/reform/par/${YEAR}/assessments/${health}/evidence/${fileId}`, 'home_affairs')).statusCode,
      404,
      'a file is found only under its own agency',
    );
    const audit = await q1(sql<{ summary: { sha256: string } }>`SELECT summary FROM audit_log WHERE action = 'reform.par.evidence.upload'`);
    assert.equal(audit.summary.sha256, f.sha256);
  });

  test('a file satisfies "evidence required": the score is accepted with the file alone', async () => {
    const r = await call('PUT', `/api/v1/reform/par/${YEAR}/assessments/${justice}/scores`, 'specialist', {
      items: [
        { criterionId: ids['1.1'], score: 4 },
        { criterionId: ids['1.2'], score: 5 },
      ],
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().selfTotal, 9);
  });

  test('removing the only file makes submission fail (409 evidence_missing) until evidence is back', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('demo image')]);
    const second = (await upload('unit_leader', justice, ids['1.1'], 'anh.png', png)).json();
    assert.equal(second.mimeType, 'image/png');
    assert.equal((await call('DELETE', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence/${fileId}`, 'citizen')).statusCode, 403);
    for (const id of [fileId, second.id])
      assert.equal((await call('DELETE', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence/${id}`, 'specialist')).statusCode, 204);
    assert.equal((await call('DELETE', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence/${fileId}`, 'specialist')).statusCode, 404);
    assert.equal(
      await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_par_evidence_file WHERE removed_at IS NOT NULL`),
      2,
      'removed files keep their row',
    );
    const s = await call('POST', `/api/v1/reform/par/${YEAR}/assessments/${justice}/submit`, 'unit_leader');
    assert.equal(s.statusCode, 409, s.body);
    assert.equal(s.json().code, 'evidence_missing');
    assert.deepEqual(s.json().criteria, ['1.1']);
    const again = (await upload('specialist', justice, ids['1.1'], 'kh.pdf', PDF)).json();
    const ok = await call('POST', `/api/v1/reform/par/${YEAR}/assessments/${justice}/submit`, 'unit_leader');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'submitted');
    fileId = again.id;
  });

  test('after submission: no upload, no removal (409); Sở Nội vụ sees the file in the drill-down and downloads it', async () => {
    const r = await upload('specialist', justice, ids['1.2'], 'late.pdf', PDF);
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'assessment_submitted');
    assert.equal((await call('DELETE', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence/${fileId}`, 'specialist')).statusCode, 409);
    const d = (await call('GET', `/api/v1/reform/par/${YEAR}/assessments/${justice}`, 'home_affairs')).json();
    const files = d.items.find((i: { code: string }) => i.code === '1.1').files;
    assert.equal(files.length, 1);
    assert.equal(files[0].fileName, 'kh.pdf');
    assert.ok(files[0].uploadedBy, 'uploader name shown');
    assert.equal((await call('GET', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence/${fileId}`, 'home_affairs')).statusCode, 200);
  });

  test('a file whose stored bytes changed is not served (integrity check)', async () => {
    const row = await q1(sql<{ storage_key: string }>`SELECT storage_key FROM reform_par_evidence_file WHERE id = ${fileId}`);
    const { writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    await writeFile(path.join(t.config.filesDir, row.storage_key), Buffer.from('%PDF-1.4 tampered'));
    const r = await call('GET', `/api/v1/reform/par/${YEAR}/assessments/${justice}/evidence/${fileId}`, 'home_affairs');
    assert.equal(r.statusCode, 500);
  });
});

describe('reform plans: editing before the due date keeps tasks in sync; 5-year plans', () => {
  let plan: { id: string; version: number; items: { id: string; taskId: string; content: string }[] };
  const item = (content: string, dueOn: string, area = 'procedure') => ({ area, content, output: 'Báo cáo', dueOn });

  test('create an annual plan of 2 items (2 tasks)', async () => {
    const r = await call('POST', '/api/v1/reform/plans', 'specialist', {
      year: YEAR,
      agencyId: justice,
      items: [item('Rà soát TTHC hộ tịch', `${YEAR}-06-30`), item('Số hóa kết quả', `${YEAR}-12-15`, 'digital_government')],
    });
    assert.equal(r.statusCode, 201, r.body);
    plan = r.json();
    assert.equal(plan.items.length, 2);
    assert.equal(r.json().editable, true);
    assert.ok(
      r.json().items.every((i: { task: { status: string } }) => i.task.status === 'not_started'),
      'each item shows its task status',
    );
  });

  test('bad edits → 400/409 and nothing changes', async () => {
    const url = `/api/v1/reform/plans/${plan.id}`;
    const keep = plan.items.map((i) => ({
      id: i.id,
      ...item(i.content, i.content.startsWith('Rà') ? `${YEAR}-06-30` : `${YEAR}-12-15`, i.content.startsWith('Rà') ? 'procedure' : 'digital_government'),
    }));
    assert.equal((await call('PUT', url, undefined, { version: plan.version, items: keep })).statusCode, 401);
    assert.equal((await call('PUT', url, 'home_affairs', { version: plan.version, items: keep })).statusCode, 403);
    assert.equal((await call('PUT', url, 'admin', { version: plan.version + 5, items: keep })).json().code, 'stale_version');
    assert.equal(
      (await call('PUT', url, 'specialist', { version: plan.version, items: [{ ...keep[0], dueOn: `${YEAR + 1}-01-01` }] })).json().code,
      'due_outside_year',
    );
    assert.equal(
      (await call('PUT', url, 'specialist', { version: plan.version, items: [{ ...keep[0], id: '00000000-0000-4000-8000-000000000009' }] })).json().code,
      'unknown_item',
    );
    assert.equal((await call('PUT', url, 'specialist', { version: plan.version, items: [] })).statusCode, 400);
    const after = (await call('GET', url, 'specialist')).json();
    assert.equal(after.version, plan.version);
    assert.deepEqual(
      after.items.map((i: { id: string }) => i.id),
      plan.items.map((i) => i.id),
    );
  });

  test('edit: change one item (its task follows), remove one (its task goes), add one (a new task)', async () => {
    const [a, b] = plan.items;
    const r = await call('PUT', `/api/v1/reform/plans/${plan.id}`, 'unit_leader', {
      version: plan.version,
      title: 'Kế hoạch CCHC năm 2032 (sửa đổi)',
      items: [
        { id: a.id, area: 'procedure', content: 'Rà soát, đơn giản hóa TTHC hộ tịch và chứng thực', output: 'Báo cáo rà soát', dueOn: `${YEAR}-07-31` },
        item('Tuyên truyền CCHC trên cổng thông tin', `${YEAR}-09-30`, 'communication'),
      ],
    });
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json();
    assert.equal(p.version, plan.version + 1);
    assert.equal(p.title, 'Kế hoạch CCHC năm 2032 (sửa đổi)');
    assert.deepEqual(
      p.items.map((i: { ordinal: number }) => i.ordinal),
      [1, 2],
    );
    assert.equal(p.items[0].id, a.id);
    assert.equal(p.items[0].taskId, a.taskId, 'the changed item keeps its task');
    const task = (await call('GET', `/api/v1/tasks/${a.taskId}`, 'specialist')).json().task;
    assert.equal(task.content, 'Rà soát, đơn giản hóa TTHC hộ tịch và chứng thực');
    assert.equal(task.deadline.dueOn, `${YEAR}-07-31`);
    assert.equal(task.nextDueOn, `${YEAR}-07-31`, 'the occurrence moved to the new date');
    assert.equal((await call('GET', `/api/v1/tasks/${b.taskId}`, 'specialist')).statusCode, 404, "the removed item's task is gone");
    const added = p.items[1];
    assert.ok(added.taskId && added.taskId !== b.taskId);
    const newTask = (await call('GET', `/api/v1/tasks/${added.taskId}`, 'specialist')).json().task;
    assert.equal(newTask.section, 'Công tác tuyên truyền cải cách hành chính');
    assert.deepEqual(
      newTask.lead.map((l: { agencyId: string }) => l.agencyId),
      [justice],
    );
    const audit = await q1(
      sql<{ summary: { added: number; changed: number; removed: number } }>`SELECT summary FROM audit_log WHERE action = 'reform.plan.update'`,
    );
    assert.deepEqual([audit.summary.added, audit.summary.changed, audit.summary.removed], [1, 1, 1]);
    assert.equal(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'reform.plan.updated'`), 0, 'audit-only topic: no outbox row');
    plan = p;
  });

  test('an item whose task has a progress report cannot be removed (409) and nothing changes', async () => {
    const [a, b] = plan.items;
    const occ = (await call('GET', `/api/v1/tasks/${a.taskId}`, 'specialist')).json();
    const rep = await call('POST', `/api/v1/tasks/${a.taskId}/progress`, 'specialist', {
      occurrenceId: occ.occurrences[0].id,
      status: 'in_progress',
      percent: 30,
      narrative: 'Đang rà soát 12 thủ tục',
    });
    assert.equal(rep.statusCode, 201, rep.body);
    const r = await call('PUT', `/api/v1/reform/plans/${plan.id}`, 'specialist', {
      version: plan.version,
      items: [{ id: b.id, area: 'communication', content: 'Tuyên truyền CCHC trên cổng thông tin', output: 'Báo cáo', dueOn: `${YEAR}-09-30` }],
    });
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'item_has_progress');
    const after = (await call('GET', `/api/v1/reform/plans/${plan.id}`, 'specialist')).json();
    assert.equal(after.items.length, 2);
    assert.equal(after.version, plan.version);
    assert.equal(after.items[0].task.status, 'in_progress');
  });

  test('after the due date the plan is locked (409 plan_locked)', async () => {
    const r = await call('POST', '/api/v1/reform/plans', 'specialist', { year: 2024, agencyId: justice, items: [item('Nội dung năm 2024', '2024-10-01')] });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().editable, false);
    const e = await call('PUT', `/api/v1/reform/plans/${r.json().id}`, 'specialist', {
      version: r.json().version,
      items: [{ id: r.json().items[0].id, ...item('Sửa', '2024-10-01') }],
    });
    assert.equal(e.statusCode, 409);
    assert.equal(e.json().code, 'plan_locked');
  });

  test('5-year plan 2026–2030 on the same frame: period checked; status per kind; listed with the annual plans', async () => {
    assert.equal(
      (await call('POST', '/api/v1/reform/plans', 'specialist', { kind: 'five_year', year: 2027, agencyId: justice, items: [item('x', '2027-05-01')] })).json()
        .code,
      'invalid_period',
    );
    assert.equal(
      (await call('POST', '/api/v1/reform/plans', 'specialist', { kind: 'five_year', year: 2026, agencyId: justice, items: [item('x', '2031-05-01')] })).json()
        .code,
      'due_outside_year',
    );
    const r = await call('POST', '/api/v1/reform/plans', 'specialist', {
      kind: 'five_year',
      year: 2026,
      agencyId: justice,
      items: [item('Cắt giảm 30% thời gian giải quyết TTHC', '2028-12-31'), item('100% hồ sơ được số hóa', '2030-06-30', 'digital_government')],
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual([r.json().kind, r.json().year, r.json().periodEnd, r.json().dueOn], ['five_year', 2026, 2030, '2026-01-30']);
    assert.match(r.json().title, /giai đoạn 2026–2030/);
    assert.equal(
      (await call('POST', '/api/v1/reform/plans', 'specialist', { kind: 'five_year', year: 2026, agencyId: justice, items: [item('y', '2027-01-01')] }))
        .statusCode,
      409,
    );
    const annual2026 = await call('POST', '/api/v1/reform/plans', 'specialist', {
      year: 2026,
      agencyId: justice,
      items: [item('Kế hoạch năm 2026', '2026-11-01')],
    });
    assert.equal(annual2026.statusCode, 201, 'an annual plan and a 5-year plan may start the same year');
    const st = (await call('GET', '/api/v1/reform/plans/status?year=2026&kind=five_year', 'home_affairs')).json();
    assert.equal(st.items.find((i: { agencyId: string }) => i.agencyId === justice).planId, r.json().id);
    assert.equal((await call('GET', '/api/v1/reform/plans/status?year=2027&kind=five_year', 'home_affairs')).statusCode, 400);
    const mine = (await call('GET', '/api/v1/reform/plans?year=2028', 'specialist')).json();
    assert.deepEqual(
      mine.items.map((p: { kind: string }) => p.kind),
      ['five_year'],
      'year 2028 lies in the 2026–2030 period',
    );
    const all = (await call('GET', '/api/v1/reform/plans', 'specialist')).json();
    assert.ok(all.items.every((p: { agencyId: string }) => p.agencyId === justice));
    assert.equal((await call('GET', `/api/v1/reform/plans?agencyId=${health}`, 'specialist')).statusCode, 403);
    assert.ok((await call('GET', '/api/v1/reform/plans', 'home_affairs')).json().total >= 4);
  });
});

describe('plan reminder job', () => {
  const at = (iso: string) => new Date(`${iso}T08:00:00+07:00`);

  test('7, 3, 1 days before the due date, the day after, then weekly: only agencies without a plan; once per day', async () => {
    const svc = (await import('./reform.service.js')).createReformService(t.database, t.deps.clock);
    const agencies = await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM agency WHERE kind = 'department' AND valid_to IS NULL`);
    const withPlan = await n(
      sql<{
        n: number;
      }>`SELECT count(DISTINCT p.agency_id)::int AS n FROM reform_plan p JOIN agency a ON a.id = p.agency_id WHERE p.kind = 'annual' AND p.year = ${YEAR} AND a.kind = 'department'`,
    );
    assert.equal(withPlan, 1);
    const first = await svc.planReminders(at(`${YEAR}-01-23`));
    assert.equal(first.sent, agencies - withPlan, 'every department but Sở Tư pháp (communes are due 28/02: 36 days away)');
    assert.equal((await svc.planReminders(at(`${YEAR}-01-23`))).sent, 0, 'the same day twice sends nothing more');
    assert.equal((await svc.planReminders(at(`${YEAR}-01-24`))).sent, 0, '6 days before: nothing');
    assert.equal((await svc.planReminders(at(`${YEAR}-01-31`))).sent, agencies - withPlan, 'the day after the due date: overdue');
    const kinds = (
      await sql<{ kind: string }>`SELECT DISTINCT kind FROM reform_plan_reminder WHERE year = ${YEAR} ORDER BY kind`.execute(t.database.db)
    ).rows.map((r) => r.kind);
    assert.deepEqual(kinds, ['due_in_7', 'overdue']);
    assert.equal(
      await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_plan_reminder WHERE agency_id = ${justice} AND year = ${YEAR} AND plan_kind = 'annual'`),
      0,
      'an agency with its plan is never reminded',
    );
    const out = await q1(
      sql<{
        payload: { agencyId: string; reminder: string; dueOn: string };
      }>`SELECT payload FROM outbox WHERE topic = 'reform.plan.reminder' ORDER BY id LIMIT 1`,
    );
    assert.equal(out.payload.reminder, 'due_in_7');
    assert.equal(out.payload.dueOn, `${YEAR}-01-30`);
  });

  test("the outbox handler e-mails the agency's leaders through the (sandbox) notifier", async () => {
    const finance = await agencyId('Sở Tài chính tỉnh Thanh Hóa');
    const u = await call('POST', '/api/v1/users', 'admin', {
      username: 'ld.stc.thu',
      fullName: 'Lãnh đạo Sở Tài chính (thử)',
      password: 'matkhau123',
      agencyId: finance,
      roles: ['unit_leader'],
    });
    assert.equal(u.statusCode, 201, u.body);
    await sql`UPDATE app_user SET email = 'lanh.dao.stc@example.invalid' WHERE username = 'ld.stc.thu'`.execute(t.database.db);
    for (let i = 0; i < 100 && (await t.deps.outbox.runOnce()) > 0; i++);
    const rows = (
      await sql<{ payload: { to: string; text: string } }>`SELECT payload FROM integration_delivery WHERE subject LIKE ${`reform_plan:${finance}:%`}`.execute(
        t.database.db,
      )
    ).rows;
    assert.ok(rows.length >= 1, "a delivery recorded for Sở Tài chính's leader");
    assert.equal(rows[0].payload.to, 'lanh.dao.stc@example.invalid');
    assert.match(rows[0].payload.text, /Sở Tài chính tỉnh Thanh Hóa chưa gửi kế hoạch cải cách hành chính năm 2032/);
  });
});
