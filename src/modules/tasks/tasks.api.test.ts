import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { todayVn } from './tasks.service.js';
import { addDays } from './tasks.rules.js';
import { multipart, type FilePart } from '../../test/multipart.js';

const SEED = readFileSync(new URL('./seed/ke-hoach-003.txt', import.meta.url));

let t: TestApp;
const tokens: Record<string, string> = {};
before(async () => {
  t = await startTestApp();
  for (const r of ['admin', 'provincial_office', 'specialist', 'unit_leader', 'home_affairs', 'one_stop_officer', 'citizen', 'catalog_manager'])
    tokens[r] = await t.login(r);
});
after(async () => {
  await t.close();
});

/** The plan import's form: the file (text/plain unless said) and its fields. */
const planForm = (file: FilePart | null, fields: Record<string, string> = {}) => multipart(file && { type: 'text/plain', ...file }, fields);

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;

async function importSeed(token = tokens.provincial_office, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const m = planForm({ name: 'phu-luc.txt', data: SEED }, fields);
  return t.request({ method: 'POST', url: '/api/v1/plans/import', token, payload: m.payload, headers: { ...m.headers, ...headers } });
}

const agencyId = async (shortName: string) =>
  (await sql<{ id: string }>`SELECT id FROM agency WHERE short_name = ${shortName}`.execute(t.database.db)).rows[0].id;

describe('plan import over HTTP', () => {
  let planId: string;

  test('POST /api/v1/plans/import/preview: the plan, its 28 tasks and what needs review, with nothing written', async () => {
    const counts = async () => [await count('task_plan'), await count('task'), await count('task_file'), await count('audit_log')];
    const before = await counts();
    const m = planForm({ name: 'phu-luc.txt', data: SEED }, { number: '150/KH-UBND', issuedOn: '2022-12-05' });
    const r = await t.request({ method: 'POST', url: '/api/v1/plans/import/preview', token: tokens.provincial_office, payload: m.payload, headers: m.headers });
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.equal(b.taskCount, 28);
    assert.equal(b.tasks.length, 28);
    assert.equal(b.sections.length, 5);
    assert.equal(b.plan.number, '150/KH-UBND');
    assert.equal(b.plan.issuedOn, '2022-12-05');
    assert.match(b.plan.title, /Nghị quyết số 131\/NQ-CP/);
    assert.deepEqual(b.unmatched, ['Cục Thống kê tỉnh']);
    const withUnmatched = b.tasks.filter((x: { unmatched: string[] }) => x.unmatched.length > 0);
    assert.ok(withUnmatched.length >= 1 && withUnmatched.every((x: { unmatched: string[] }) => x.unmatched.includes('Cục Thống kê tỉnh')));
    assert.ok(b.tasks.every((x: { content: string; lead: string }) => x.content.length > 0 && typeof x.lead === 'string'));
    assert.deepEqual(await counts(), before, 'a preview writes nothing');
    const citizen = await t.request({ method: 'POST', url: '/api/v1/plans/import/preview', token: tokens.citizen, payload: m.payload, headers: m.headers });
    assert.equal(citizen.statusCode, 403);
  });

  test('POST /api/v1/plans/import: the seed as it is → one plan, 28 tasks, 5 sections, unmatched names returned', async () => {
    const r = await importSeed(tokens.provincial_office, { number: '150/KH-UBND', issuedOn: '2022-12-05', signer: 'Nguyễn Tuấn Hà' });
    assert.equal(r.statusCode, 201, r.body);
    const b = r.json();
    planId = b.plan.id;
    assert.ok(planId);
    assert.equal(b.taskCount, 28);
    assert.equal(b.sections.length, 5);
    assert.equal(b.plan.number, '150/KH-UBND');
    assert.equal(b.plan.issuedOn, '2022-12-05');
    assert.equal(b.plan.reportDay, 18, 'the plan says "định kỳ ngày 18 tháng cuối quý"');
    assert.match(b.plan.title, /Nghị quyết số 131\/NQ-CP/);
    assert.deepEqual(b.unmatched, ['Cục Thống kê tỉnh'], 'the only name not in the directory');
    assert.deepEqual(b.deadlinesToReview, []);
  });

  test("GET /api/v1/tasks?plan=… lists tasks (not occurrences) with the plan's words beside the structured values", async () => {
    const r = await t.request({ method: 'GET', url: `/api/v1/tasks?plan=${planId}&limit=100`, token: tokens.provincial_office });
    assert.equal(r.statusCode, 200, r.body);
    const { items, total } = r.json();
    assert.equal(total, 28);
    const n = (x: string) => items.find((i: { number: string }) => i.number === x);
    // Task 11: Sở TT&TT (abolished) → Sở KH&CN through the succession records, original words kept.
    const t11 = n('11');
    assert.equal(t11.deadline.text, 'Theo lộ trình Nghị định số 107/2021/NĐ-CP');
    assert.equal(t11.deadline.kind, 'external');
    const tttt = t11.support.find((s: { written: string }) => s.written === 'Sở Thông tin và Truyền thông');
    assert.equal(tttt.agencyName, 'Sở Khoa học và Công nghệ');
    assert.match(tttt.note, /nay: Sở Khoa học và Công nghệ/);
    assert.deepEqual(
      t11.lead.map((l: { group: string | null; agencyName: string | null }) => l.group ?? l.agencyName),
      ['Trung tâm Phục vụ hành chính công tỉnh', 'departments', 'communes'],
    );
    const communes = t11.lead.find((l: { group: string }) => l.group === 'communes');
    assert.equal(communes.written, 'UBND các huyện, thị xã, thành phố');
    assert.equal(communes.groupName, 'UBND các xã, phường');
    assert.match(communes.note, /01\/7\/2025/);
    // Task 26: "Sở Kế hoạch và Đầu tư" → Sở Tài chính; Cục Thống kê stays as written, unmatched.
    const t26 = n('26');
    assert.equal(t26.support.find((s: { written: string }) => s.written === 'Sở Kế hoạch và Đầu tư').agencyName, 'Sở Tài chính');
    const cuc = t26.support.find((s: { written: string }) => s.written === 'Cục Thống kê tỉnh');
    assert.equal(cuc.matched, false);
    assert.equal(cuc.agencyId, null);
    assert.equal(t26.lead[0].agencyName, 'Văn phòng UBND tỉnh');
    assert.equal(t26.lead[0].note, 'Phòng Tổng hợp');
    assert.equal(n('13').deadline.targetOn, '2022-11-30');
    assert.equal(n('13').deadline.dueOn, '2023-03-31');
    assert.equal(n('13').status, 'overdue', 'a 2023 deadline nobody reported is overdue today');
  });

  test("a quarterly task gets occurrences due on the 18th of each quarter's last month, moved to the previous working day", async () => {
    const list = (await t.request({ method: 'GET', url: `/api/v1/tasks?plan=${planId}&limit=100`, token: tokens.provincial_office })).json().items;
    const t3 = list.find((i: { number: string }) => i.number === '3');
    assert.equal(t3.deadline.recurrence, 'quarterly');
    const d = (await t.request({ method: 'GET', url: `/api/v1/tasks/${t3.id}`, token: tokens.provincial_office })).json();
    const due = Object.fromEntries(d.occurrences.map((o: { periodKey: string; dueOn: string }) => [o.periodKey, o.dueOn]));
    assert.equal(due['2022-Q4'], '2022-12-16', '18/12/2022 is a Sunday → Friday 16/12');
    assert.equal(due['2023-Q1'], '2023-03-17', '18/03/2023 is a Saturday → Friday 17/03');
    assert.equal(due['2023-Q2'], '2023-06-16', '18/06/2023 is a Sunday → Friday 16/06');
    assert.equal(due['2023-Q3'], '2023-09-18', 'a Monday stays');
    assert.ok(due[`${todayVn().slice(0, 4)}-Q${Math.ceil(+todayVn().slice(5, 7) / 3)}`], 'up to the current quarter');
    assert.equal(new Set(d.occurrences.map((o: { periodKey: string }) => o.periodKey)).size, d.occurrences.length);
  });

  test('the review screen lists the unmatched name; mapping it assigns every task that wrote it', async () => {
    const rv = await t.request({ method: 'GET', url: `/api/v1/plans/${planId}/review`, token: tokens.provincial_office });
    assert.equal(rv.statusCode, 200, rv.body);
    assert.deepEqual(
      rv.json().unmatched.map((u: { written: string }) => u.written),
      ['Cục Thống kê tỉnh'],
    );
    const fin = await agencyId('Sở Tài chính');
    const m = await t.request({
      method: 'POST',
      url: `/api/v1/plans/${planId}/agency-mappings`,
      token: tokens.provincial_office,
      body: { written: 'Cục Thống kê tỉnh', agencyId: fin },
    });
    assert.equal(m.statusCode, 200, m.body);
    assert.equal(m.json().tasks, 1);
    assert.deepEqual((await t.request({ method: 'GET', url: `/api/v1/plans/${planId}/review`, token: tokens.provincial_office })).json().unmatched, []);
  });

  test('import is idempotent with an Idempotency-Key', async () => {
    const plans = await count('task_plan');
    const a = await importSeed(tokens.provincial_office, {}, { 'idempotency-key': 'import-abc-123' });
    const b = await importSeed(tokens.provincial_office, {}, { 'idempotency-key': 'import-abc-123' });
    assert.equal(a.statusCode, 201);
    assert.equal(b.json().plan.id, a.json().plan.id);
    assert.equal(await count('task_plan'), plans + 1);
  });

  test('XLSX export of a plan', async () => {
    const r = await t.request({ method: 'GET', url: `/api/v1/plans/${planId}/export.xlsx`, token: tokens.provincial_office });
    assert.equal(r.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const texts: string[] = [];
    ws.eachRow((row) => texts.push(String(row.getCell(7).text)));
    assert.ok(texts.includes('Tháng 11/2022, chậm nhất tháng 3/2023'));
    assert.ok(texts.includes('Hàng quý'));
    // Issue 23: a frozen header, a width for every column, numbers as numbers, dates as dates.
    const headerRow = (ws.views[0] as { ySplit?: number } | undefined)?.ySplit ?? 0;
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal(ws.getRow(headerRow).getCell(1).value, 'STT');
    for (let c = 1; c <= 11; c++) assert.ok((ws.getColumn(c).width ?? 0) > 0, `column ${c} has a width`);
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row, n) => {
      if (n > headerRow && row.getCell(2).value && row.getCell(1).value !== '') rows.push(row);
    });
    assert.ok(rows.length > 5);
    const numbered = rows.filter((row) => typeof row.getCell(1).value === 'number');
    assert.ok(
      numbered.length > 0 && rows.every((row) => typeof row.getCell(1).value === 'number' || !/^\d+$/.test(String(row.getCell(1).value))),
      'whole row numbers are numbers',
    );
    const due = rows.map((row) => row.getCell(8).value).filter((v) => v !== null && v !== '');
    assert.ok(due.length > 0 && due.every((v) => v instanceof Date), 'deadlines are dates');
    assert.equal(ws.getColumn(8).numFmt, 'dd/mm/yyyy');
    assert.ok(
      rows.every((row) => typeof row.getCell(11).value === 'number'),
      'progress is a number',
    );
  });
});

describe('bad input → 400 problem+json that changes nothing', () => {
  const cases: [string, () => { payload: Buffer; headers: Record<string, string> }, string][] = [
    ['no file', () => planForm(null, { number: '1/KH' }), 'file_required'],
    ['a file without an appendix table', () => planForm({ name: 'x.txt', data: Buffer.from('Chỉ là một đoạn văn.\nKhông có bảng.') }), 'appendix_not_found'],
    ['an empty file', () => planForm({ name: 'x.txt', data: Buffer.alloc(0) }), 'empty_file'],
    ['an unknown field', () => planForm({ name: 'p.txt', data: SEED }, { nguoiKy: 'A' }), 'validation_failed'],
    ['a malformed date', () => planForm({ name: 'p.txt', data: SEED }, { issuedOn: '05/12/2022' }), 'validation_failed'],
    ['an impossible date', () => planForm({ name: 'p.txt', data: SEED }, { issuedOn: '2022-02-30' }), 'validation_failed'], // a real date is checked at the edge (platform/http/input-guard.ts)
    ['a legacy .doc', () => planForm({ name: 'p.doc', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) }), 'unsupported_file'],
  ];
  for (const [name, body, code] of cases) {
    test(`import: ${name}`, async () => {
      const [plans, tasks, audits] = [await count('task_plan'), await count('task'), await count('audit_log')];
      const m = body();
      const r = await t.request({ method: 'POST', url: '/api/v1/plans/import', token: tokens.provincial_office, payload: m.payload, headers: m.headers });
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.headers['content-type'] as string, /problem\+json/);
      assert.equal(r.json().code, code);
      assert.deepEqual([await count('task_plan'), await count('task'), await count('audit_log')], [plans, tasks, audits]);
    });
  }

  test('import as JSON instead of multipart', async () => {
    const r = await t.request({ method: 'POST', url: '/api/v1/plans/import', token: tokens.provincial_office, body: { file: 'x' } });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'multipart_required');
  });

  test('progress: unknown field, wrong type, percent out of range, cannot_do without a reason', async () => {
    const task = (await t.request({ method: 'GET', url: '/api/v1/tasks?view=lead&limit=5', token: tokens.specialist })).json().items[0];
    const rows = await count('task_progress');
    for (const body of [
      { status: 'in_progress', percent: 10, narrative: 'x', extra: 1 },
      { status: 'in_progress', percent: '10', narrative: 'x' },
      { status: 'in_progress', percent: 120, narrative: 'x' },
      { status: 'finished', percent: 10, narrative: 'x' },
      { status: 'cannot_do', percent: 0, narrative: 'x' },
    ]) {
      const r = await t.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/progress`, token: tokens.specialist, body });
      assert.equal(r.statusCode, 400, JSON.stringify(body) + r.body);
    }
    assert.equal(await count('task_progress'), rows);
  });

  test('list filters: bad status and bad uuid', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/tasks?status=xong', token: tokens.provincial_office })).statusCode, 400);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/tasks?plan=abc', token: tokens.provincial_office })).statusCode, 400);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/tasks?limit=501', token: tokens.provincial_office })).statusCode, 400);
  });
});

describe('access', () => {
  test('anonymous 401, citizen 403, department user 403 on import', async () => {
    assert.equal((await importSeed('')).statusCode, 401);
    assert.equal((await importSeed(tokens.citizen)).statusCode, 403);
    assert.equal((await importSeed(tokens.specialist)).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/tasks' })).statusCode, 401);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/tasks', token: tokens.citizen })).statusCode, 403);
  });

  test('staff of another agency: 403 on its task, its agency filter and its report', async () => {
    // Task 13 is led by Sở KH&CN (formerly Sở TT&TT): Sở Tư pháp staff have no part in it.
    const all = (await t.request({ method: 'GET', url: '/api/v1/tasks?limit=100', token: tokens.provincial_office })).json().items;
    const t13 = all.find((i: { number: string }) => i.number === '13');
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/tasks/${t13.id}`, token: tokens.specialist })).statusCode, 403);
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/tasks/${t13.id}/progress`,
      token: tokens.specialist,
      body: { status: 'in_progress', percent: 10, narrative: 'Thử' },
    });
    assert.equal(r.statusCode, 403);
    const khcn = await agencyId('Sở Khoa học và Công nghệ');
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/tasks?agency=${khcn}`, token: tokens.specialist })).statusCode, 403);
    // A department user only sees tasks of its own agency (directly or through "Các sở, ban, ngành").
    const mine = (await t.request({ method: 'GET', url: '/api/v1/tasks?limit=100', token: tokens.specialist })).json().items;
    assert.ok(mine.length > 0);
    assert.ok(!mine.some((i: { id: string }) => i.id === t13.id));
  });

  test('only the assigning office reviews reports and assigns', async () => {
    const any = (await t.request({ method: 'GET', url: '/api/v1/tasks?limit=1', token: tokens.specialist })).json().items[0];
    const r = await t.request({
      method: 'PUT',
      url: `/api/v1/tasks/${any.id}/agencies`,
      token: tokens.specialist,
      body: { lead: [{ group: 'departments' }], support: [], version: any.version },
    });
    assert.equal(r.statusCode, 403);
  });
});

describe('progress, review, history', () => {
  test('a department reports; the office returns it, the department resubmits, the office accepts', async () => {
    const list = (await t.request({ method: 'GET', url: '/api/v1/tasks?view=lead&limit=100', token: tokens.specialist })).json().items;
    const t7 = list.find(
      (i: { number: string; content: string; lead: { agencyName: string }[] }) =>
        i.number === '7' && /thẩm định/.test(i.content) && i.lead[0].agencyName === 'Sở Tư pháp',
    );
    assert.ok(t7, 'Sở Tư pháp leads task 7');
    // The demo seed already holds a report of task 7 for the current quarter: reporting again needs its version.
    const d0 = (await t.request({ method: 'GET', url: `/api/v1/tasks/${t7.id}`, token: tokens.specialist })).json();
    const body = { status: 'in_progress', percent: 40, narrative: 'Đã thẩm định 5 dự thảo.' };
    let r = await t.request({ method: 'POST', url: `/api/v1/tasks/${t7.id}/progress`, token: tokens.specialist, body });
    let progress;
    if (d0.progress.some((p: { agencyName: string }) => p.agencyName === 'Sở Tư pháp')) {
      assert.equal(r.statusCode, 409, r.body);
      r = await t.request({
        method: 'POST',
        url: `/api/v1/tasks/${t7.id}/progress`,
        token: tokens.specialist,
        body: { ...body, version: r.json().currentVersion },
      });
    }
    assert.equal(r.statusCode, 201, r.body);
    progress = r.json();
    assert.equal(progress.reviewState, 'submitted');
    assert.equal(progress.agencyName, 'Sở Tư pháp');
    let rv = await t.request({
      method: 'POST',
      url: `/api/v1/task-progress/${progress.id}/review`,
      token: tokens.provincial_office,
      body: { decision: 'return', version: progress.version },
    });
    assert.equal(rv.statusCode, 400, 'returning needs a reason');
    rv = await t.request({
      method: 'POST',
      url: `/api/v1/task-progress/${progress.id}/review`,
      token: tokens.provincial_office,
      body: { decision: 'return', note: 'Bổ sung số liệu cụ thể.', version: progress.version },
    });
    assert.equal(rv.statusCode, 200, rv.body);
    assert.equal(rv.json().reviewState, 'returned');
    r = await t.request({
      method: 'POST',
      url: `/api/v1/tasks/${t7.id}/progress`,
      token: tokens.specialist,
      body: { ...body, narrative: 'Đã thẩm định 5 dự thảo, bỏ 2 thủ tục.', version: rv.json().version },
    });
    assert.equal(r.statusCode, 201, r.body);
    progress = r.json();
    const stale = await t.request({
      method: 'POST',
      url: `/api/v1/task-progress/${progress.id}/review`,
      token: tokens.provincial_office,
      body: { decision: 'accept', version: progress.version - 1 },
    });
    assert.equal(stale.statusCode, 409);
    rv = await t.request({
      method: 'POST',
      url: `/api/v1/task-progress/${progress.id}/review`,
      token: tokens.provincial_office,
      body: { decision: 'accept', version: progress.version },
    });
    assert.equal(rv.json().reviewState, 'accepted');
    const d = (await t.request({ method: 'GET', url: `/api/v1/tasks/${t7.id}`, token: tokens.specialist })).json();
    const actions = d.history.map((h: { action: string }) => h.action);
    for (const a of ['plan.import', 'task.report', 'task.report.returned', 'task.report.accepted']) assert.ok(actions.includes(a), a);
    assert.ok(d.can.report.some((c: { agencyName: string }) => c.agencyName === 'Sở Tư pháp'));
  });

  test('a one-off task reported done after its deadline is recorded as done late', async () => {
    const list = (await t.request({ method: 'GET', url: '/api/v1/tasks?view=lead&limit=100', token: tokens.home_affairs })).json().items;
    const t1 = list.find((i: { number: string; deadline: { text: string } }) => i.number === '1' && i.deadline.text === 'Tháng 12/2022');
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/tasks/${t1.id}/progress`,
      token: tokens.home_affairs,
      body: { status: 'done', percent: 100, narrative: 'Đã ban hành kế hoạch.' },
      headers: { 'idempotency-key': 'report-home-affairs-1' },
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().status, 'done_late', 'Tháng 12/2022 has long passed');
    assert.equal(r.json().agencyName, 'Sở Nội vụ', 'reported as a member of "Các sở, ban, ngành"');
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/tasks/${t1.id}/progress`,
      token: tokens.home_affairs,
      body: { status: 'done', percent: 100, narrative: 'Đã ban hành kế hoạch.' },
      headers: { 'idempotency-key': 'report-home-affairs-1' },
    });
    assert.equal(again.json().id, r.json().id, 'the same key returns the first result');
  });

  test('leader overview: completion and lateness by agency', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/tasks/overview', token: tokens.provincial_office });
    assert.equal(r.statusCode, 200, r.body);
    const o = r.json();
    assert.ok(o.totals.tasks >= 28);
    const tp = o.agencies.find((a: { agencyName: string }) => a.agencyName === 'Sở Tư pháp');
    assert.ok(tp.assigned > 0 && tp.overdue > 0);
    assert.ok(
      o.agencies.some((a: { kind: string }) => a.kind === 'commune_people_committee'),
      "communes carry the former districts' tasks",
    );
  });

  test('follow-up: reminders before the deadline and escalation when overdue, once per day', async () => {
    // The office gives task 24 to Sở Tư pháp alone, due in 3 days.
    const all = (await t.request({ method: 'GET', url: '/api/v1/tasks?limit=100', token: tokens.provincial_office })).json().items;
    let task = all.find((i: { number: string; planTitle: string }) => i.number === '24');
    const tp = await agencyId('Sở Tư pháp');
    const as = await t.request({
      method: 'PUT',
      url: `/api/v1/tasks/${task.id}/agencies`,
      token: tokens.provincial_office,
      body: { lead: [{ agencyId: tp }], support: [{ group: 'departments' }], version: task.version },
    });
    assert.equal(as.statusCode, 200, as.body);
    task = as.json();
    assert.deepEqual(
      task.lead.map((l: { agencyName: string }) => l.agencyName),
      ['Sở Tư pháp'],
    );
    assert.equal(
      (
        await t.request({
          method: 'PUT',
          url: `/api/v1/tasks/${task.id}/agencies`,
          token: tokens.provincial_office,
          body: { lead: [{ agencyId: tp }], support: [], version: task.version - 1 },
        })
      ).statusCode,
      409,
      'a stale version changes nothing',
    );
    const due = addDays(todayVn(), 3);
    const p = await t.request({
      method: 'PATCH',
      url: `/api/v1/tasks/${task.id}`,
      token: tokens.provincial_office,
      body: { deadlineText: `${due.slice(8, 10)}/${due.slice(5, 7)}/${due.slice(0, 4)}`, version: task.version },
    });
    assert.equal(p.statusCode, 200, p.body);
    assert.equal(p.json().deadline.dueOn, due);
    const before = await count('task_reminder');
    const r1 = await t.request({ method: 'POST', url: '/api/v1/tasks/follow-up/run', token: tokens.admin });
    assert.equal(r1.statusCode, 200, r1.body);
    assert.ok(r1.json().reminders > 0);
    const { rows } = await sql<{
      kind: string;
    }>`SELECT r.kind FROM task_reminder r JOIN task_occurrence o ON o.id = r.occurrence_id WHERE o.task_id = ${task.id}`.execute(t.database.db);
    assert.ok(rows.some((x) => x.kind === 'before_3'));
    const r2 = await t.request({ method: 'POST', url: '/api/v1/tasks/follow-up/run', token: tokens.admin });
    assert.equal(r2.json().reminders, 0, 'the same day sends nothing twice');
    assert.ok((await count('task_reminder')) > before);
    const outbox = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'tasks.reminder'`.execute(t.database.db);
    assert.ok(outbox.rows[0].n > 0);
    // Escalation, computed for a day 3 days after the deadline.
    const svcRun = await import('./tasks.service.js');
    const svc = svcRun.createTasksService(t.database, { calendar: t.deps.calendar });
    const later = await svc.followUp(addDays(due, 3));
    assert.ok(later.escalations > 0);
    const esc = await sql<{
      payload: { leaders: string[] };
    }>`SELECT payload FROM outbox WHERE topic = 'tasks.reminder' AND payload->>'kind' = 'escalation' AND payload->>'taskId' = ${task.id}`.execute(
      t.database.db,
    );
    assert.ok(
      esc.rows.some((x) => x.payload.leaders.length > 0),
      "escalated to the agency's leader (unit_leader of Sở Tư pháp)",
    );
    // Reminders and the escalation reach the leader's notification centre.
    await t.deps.outbox.drain();
    const inbox = (await t.request({ method: 'GET', url: '/api/v1/notifications?limit=100', token: tokens.unit_leader })).json().items as {
      kind: string;
      subject: { id: string } | null;
    }[];
    const kinds = inbox.filter((n) => n.subject?.id === task.id).map((n) => n.kind);
    assert.ok(kinds.includes('task.reminder') && kinds.includes('task.escalation'), `reminder and escalation notified: ${kinds.join(', ')}`);
  });

  test('statuses just after midnight: a task due yesterday that nobody finished is overdue, and no reminder is sent', async () => {
    const all = (await t.request({ method: 'GET', url: '/api/v1/tasks?limit=100', token: tokens.provincial_office })).json().items;
    // A one-off task nobody has started (not task 24, which the follow-up test uses).
    const task = all.find(
      (i: { number: string; status: string; deadline: { recurrence: unknown } }) =>
        i.number !== '24' && i.deadline.recurrence === null && i.status === 'not_started',
    );
    assert.ok(task, 'a one-off task not started');
    const due = addDays(todayVn(), 2);
    const p = await t.request({
      method: 'PATCH',
      url: `/api/v1/tasks/${task.id}`,
      token: tokens.provincial_office,
      body: { deadlineText: `${due.slice(8, 10)}/${due.slice(5, 7)}/${due.slice(0, 4)}`, version: task.version },
    });
    assert.equal(p.statusCode, 200, p.body);
    assert.notEqual(p.json().status, 'overdue', 'not yet due');
    const reminders = await count('task_reminder');
    const { createTasksService } = await import('./tasks.service.js');
    const r = await createTasksService(t.database, { calendar: t.deps.calendar }).refreshStatuses(addDays(due, 1));
    assert.ok(r.tasks > 0);
    const after = (await t.request({ method: 'GET', url: `/api/v1/tasks/${task.id}`, token: tokens.provincial_office })).json();
    assert.equal(after.task.status, 'overdue');
    assert.equal(await count('task_reminder'), reminders, "reminders are the 07:30 follow-up's");
    await t.deps.jobs.sync(); // the job rows a server with workers creates at start
    const jobs = (
      await sql<{ name: string; cron: string }>`SELECT name, cron FROM scheduled_job WHERE name LIKE 'tasks.%' ORDER BY name`.execute(t.database.db)
    ).rows;
    assert.deepEqual(
      jobs.find((j) => j.name === 'tasks.statuses'),
      { name: 'tasks.statuses', cron: '1 0 * * *' },
    );
  });

  test('a task another module creates already past its deadline is overdue at once (not after the next statuses job)', async () => {
    const { createPlanWithTasks } = await import('./tasks.public.js');
    const tp = await agencyId('Sở Tư pháp');
    const item = (content: string, dueOn: string) => ({ section: null, content, output: null, leadAgencyId: tp, leadName: 'Sở Tư pháp', dueOn });
    const { taskIds } = await t.database.transaction((tx) =>
      createPlanWithTasks(tx, {
        title: 'Kế hoạch thử của mô-đun khác',
        number: null,
        issuedOn: addDays(todayVn(), -30),
        issuingAgencyId: tp,
        createdBy: null,
        today: todayVn(),
        items: [item('Việc đã quá hạn', addDays(todayVn(), -3)), item('Việc còn hạn', addDays(todayVn(), 10))],
      }),
    );
    const statuses = [];
    for (const id of taskIds)
      statuses.push((await t.request({ method: 'GET', url: `/api/v1/tasks/${id}`, token: tokens.provincial_office })).json().task.status);
    assert.deepEqual(statuses, ['overdue', 'not_started']);
  });

  test('monthly digest for the provincial office', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/tasks/digest?month=2026-10', token: tokens.provincial_office });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(r.json().overview.agencies.length > 0);
    // The digest is sent to the provincial office's notification centre, once.
    await t.request({ method: 'GET', url: '/api/v1/tasks/digest?month=2026-10', token: tokens.provincial_office });
    await t.deps.outbox.drain();
    const inbox = (await t.request({ method: 'GET', url: '/api/v1/notifications?limit=100', token: tokens.provincial_office })).json().items as {
      kind: string;
      title: string;
      subject: { id: string } | null;
    }[];
    const digest = inbox.filter((n) => n.kind === 'task.digest' && n.subject?.id === '2026-10');
    assert.equal(digest.length, 1);
    assert.match(digest[0].title, /tháng 10\/2026/);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/tasks/digest?month=2026-13', token: tokens.provincial_office })).statusCode, 400);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/tasks/digest?month=2026-10', token: tokens.specialist })).statusCode, 403);
  });
});

describe('coordination requests (Công văn 529)', () => {
  test('three agencies asked: one answers on time, one late, one not at all → the right summary', async () => {
    const [office, home, fin] = [await agencyId('Văn phòng UBND tỉnh'), await agencyId('Sở Nội vụ'), await agencyId('Sở Tài chính')];
    const due = addDays(todayVn(), 2);
    const c = await t.request({
      method: 'POST',
      url: '/api/v1/coordination-requests',
      token: tokens.specialist,
      body: { subject: 'Xin ý kiến dự thảo quy trình nội bộ', dueOn: due, recipientIds: [office, home, fin] },
    });
    assert.equal(c.statusCode, 201, c.body);
    const id = c.json().id;
    // Sở Nội vụ answers on time.
    let a = await t.request({ method: 'POST', url: `/api/v1/coordination-requests/${id}/answers`, token: tokens.home_affairs, body: { answer: 'agree' } });
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(
      (await t.request({ method: 'POST', url: `/api/v1/coordination-requests/${id}/answers`, token: tokens.home_affairs, body: { answer: 'agree' } }))
        .statusCode,
      409,
      'answers once',
    );
    // Sở Tư pháp (the lead) cannot answer for a recipient.
    assert.equal(
      (await t.request({ method: 'POST', url: `/api/v1/coordination-requests/${id}/answers`, token: tokens.specialist, body: { answer: 'agree' } })).statusCode,
      403,
    );
    // The deadline passes; then the provincial office answers: late.
    await sql`UPDATE coordination_request SET due_on = ${addDays(todayVn(), -1)}::date WHERE id = ${id}`.execute(t.database.db);
    await sql`UPDATE coordination_recipient SET answered_on = ${addDays(todayVn(), -2)}::date WHERE request_id = ${id} AND agency_id = ${home}`.execute(
      t.database.db,
    );
    a = await t.request({
      method: 'POST',
      url: `/api/v1/coordination-requests/${id}/answers`,
      token: tokens.provincial_office,
      body: { answer: 'comments', comment: 'Đề nghị bổ sung bước kiểm soát.' },
    });
    assert.equal(a.statusCode, 200, a.body);
    const s = a.json().summary;
    assert.deepEqual(
      s.onTime.map((r: { agencyName: string }) => r.agencyName),
      ['Sở Nội vụ'],
    );
    assert.deepEqual(
      s.late.map((r: { agencyName: string }) => r.agencyName),
      ['Văn phòng UBND tỉnh'],
    );
    assert.deepEqual(
      s.notAnswered.map((r: { agencyName: string }) => r.agencyName),
      ['Sở Tài chính'],
    );
    assert.match(s.text, /Chưa có ý kiến: Sở Tài chính\./);
    assert.match(s.text, /chậm so với thời hạn: Văn phòng UBND tỉnh/);
    // The lead submits to UBND tỉnh with that text; a recipient cannot.
    assert.equal(
      (await t.request({ method: 'POST', url: `/api/v1/coordination-requests/${id}/submit`, token: tokens.home_affairs, body: { version: a.json().version } }))
        .statusCode,
      403,
    );
    const sub = await t.request({
      method: 'POST',
      url: `/api/v1/coordination-requests/${id}/submit`,
      token: tokens.specialist,
      body: { version: a.json().version },
    });
    assert.equal(sub.statusCode, 200, sub.body);
    assert.equal(sub.json().submissionText, s.text);
    // Staff of an agency with no part in it: 403.
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/coordination-requests/${id}`, token: tokens.one_stop_officer })).statusCode, 403);
  });

  test('bad input: past due date 422, unknown field 400, empty recipients 400', async () => {
    const home = await agencyId('Sở Nội vụ');
    const before = await count('coordination_request');
    assert.equal(
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/coordination-requests',
          token: tokens.specialist,
          body: { subject: 'Thử', dueOn: '2020-01-01', recipientIds: [home] },
        })
      ).statusCode,
      422,
    );
    assert.equal(
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/coordination-requests',
          token: tokens.specialist,
          body: { subject: 'Thử nghiệm', dueOn: '2099-01-01', recipientIds: [home], x: 1 },
        })
      ).statusCode,
      400,
    );
    assert.equal(
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/coordination-requests',
          token: tokens.specialist,
          body: { subject: 'Thử nghiệm', dueOn: '2099-01-01', recipientIds: [] },
        })
      ).statusCode,
      400,
    );
    assert.equal(await count('coordination_request'), before);
  });
});
