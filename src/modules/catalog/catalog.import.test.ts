import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { addDays, todayVn } from './catalog.rules.js';
import { SHEETS } from './catalog.format.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
let manager: string;
before(async () => {
  t = await startTestApp();
  manager = await t.login('catalog_manager');
});
after(async () => {
  await t.close();
});

interface Job {
  id: string;
  status: string;
  phase: string;
  total: number;
  processed: number;
  errors: { sheet: string; row: number | null; column: string | null; message: string }[];
  errorCount: number;
  result: { created: number; updated: number; unchanged: number; codes: string[] } | null;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(fileName: string, content: Buffer, wait = true): Promise<{ status: number; job: Job }> {
  const m = multipart({ name: fileName, data: content, type: fileName.endsWith('.json') ? 'application/json' : XLSX });
  const r = await t.request({ method: 'POST', url: `/api/v1/catalog/import${wait ? '?wait=true' : ''}`, token: manager, ...m });
  assert.ok([200, 202].includes(r.statusCode), r.body);
  return { status: r.statusCode, job: r.json() };
}

async function exportFile(format: 'json' | 'xlsx'): Promise<Buffer> {
  const r = await t.request({ method: 'GET', url: `/api/v1/catalog/export?format=${format}`, token: manager });
  assert.equal(r.statusCode, 200, r.body);
  assert.match(r.headers['content-disposition'] as string, new RegExp(`attachment; filename="danh-muc-thu-tuc-.*\\.${format}"`));
  return r.rawPayload;
}
const exportedProcedures = async () => JSON.parse((await exportFile('json')).toString('utf8')).procedures;
const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;
const snapshot = async () => ({
  versions: await count('procedure_version'),
  procedures: await count('procedure'),
  audit: await count('audit_log'),
  outbox: await count('outbox'),
});

async function loadWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}
const colOf = (ws: ExcelJS.Worksheet, header: string) => {
  let found = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (String(c.value).replace(/\*$/, '') === header) found = n;
  });
  assert.ok(found, `column ${header}`);
  return found;
};

describe('export', () => {
  test('XLSX has one sheet per kind of row, Vietnamese headers, and every procedure', async () => {
    const wb = await loadWorkbook(await exportFile('xlsx'));
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      [...Object.values(SHEETS).map((s) => s.name), 'Hướng dẫn'],
    );
    const ws = wb.getWorksheet('Thủ tục')!;
    assert.equal(ws.getRow(1).getCell(1).value, 'Mã thủ tục*');
    const codes = (await exportedProcedures()).map((p: { code: string }) => p.code);
    assert.equal(ws.actualRowCount - 1, codes.length);
    assert.equal(wb.getWorksheet('Quy trình')!.actualRowCount > codes.length * 4 - 1, true, 'four generated steps per case');
  });
});

describe('round trip: export → import gives the same catalogue', () => {
  test('XLSX into the same catalogue: every procedure unchanged, nothing written', async () => {
    const before = await exportedProcedures();
    const snap = await snapshot();
    const { job } = await upload('danh-muc.xlsx', await exportFile('xlsx'));
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors.slice(0, 5)));
    assert.deepEqual(job.result, { created: 0, updated: 0, unchanged: before.length, codes: [] });
    assert.equal(job.processed, job.total);
    assert.deepEqual(await exportedProcedures(), before);
    const after = await snapshot();
    assert.deepEqual({ ...after, audit: 0 }, { ...snap, audit: 0 });
  });

  test('XLSX and JSON into an emptied catalogue (with an amended and an abolished procedure) give the same export', async () => {
    // An amendment in force since yesterday, with an edited workflow, and an abolition.
    const am = await t.request({ method: 'POST', url: '/api/v1/catalog/procedures/1.004873/amendments', token: manager, body: {} });
    assert.equal(am.statusCode, 201, am.body);
    const content = am.json().content;
    content.cases[0].fees.push({
      name: 'Phí thử nghiệm',
      amountVnd: 15000,
      basis: 'per_copy',
      payer: 'applicant',
      onlineReductionPercent: 50,
      note: 'Ghi chú có dấu: Đắk Lắk',
    });
    content.cases[0].workflow.steps[1].interAgency = true;
    content.cases[0].workflow.generated = false;
    content.cases[0].eform.fields[0].prefill = null;
    content.components[0].caseKeys = ['chuan'];
    content.requirements = ['Yêu cầu một', 'Yêu cầu hai'];
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/catalog/procedures/1.004873/draft',
      token: manager,
      body: { revision: am.json().version.revision, content },
    });
    assert.equal(put.statusCode, 200, put.body);
    const pub = await t.request({
      method: 'POST',
      url: '/api/v1/catalog/procedures/1.004873/publish',
      token: manager,
      body: { decisionNo: '77/QĐ-UBND', decisionDate: addDays(todayVn(), -3), effectiveFrom: addDays(todayVn(), -1) },
    });
    assert.equal(pub.statusCode, 200, pub.body);
    const ab = await t.request({
      method: 'POST',
      url: '/api/v1/catalog/procedures/1.001266/abolish',
      token: manager,
      body: { decisionNo: '78/QĐ-UBND', effectiveFrom: todayVn() },
    });
    assert.equal(ab.statusCode, 200, ab.body);

    const expected = await exportedProcedures();
    assert.equal(expected.find((p: { code: string }) => p.code === '1.001266').status, 'abolished');
    const xlsx = await exportFile('xlsx');
    const json = await exportFile('json');

    for (const [name, file] of [
      ['catalog.xlsx', xlsx],
      ['catalog.json', json],
    ] as const) {
      await emptyCatalogue();
      assert.equal((await exportedProcedures()).length, 0);
      const { job } = await upload(name, file);
      assert.equal(job.status, 'succeeded', `${name}: ${JSON.stringify(job.errors.slice(0, 5))}`);
      assert.equal(job.result!.created, expected.length);
      assert.deepEqual(await exportedProcedures(), expected, `${name} round trip`);
      const r = await t.request({ method: 'GET', url: '/api/v1/procedures?q=khai%20sinh' });
      assert.equal(r.json().items[0].code, '1.001193', 'searchable again');
    }
  });
});

/** Test-only: removes the catalogue (published versions are protected by a trigger, lifted here). */
async function emptyCatalogue(): Promise<void> {
  await t.database.transaction(async (tx) => {
    await sql`ALTER TABLE procedure_version DISABLE TRIGGER procedure_version_immutable`.execute(tx);
    await sql`DELETE FROM procedure_version`.execute(tx);
    await sql`DELETE FROM procedure`.execute(tx);
    await sql`ALTER TABLE procedure_version ENABLE TRIGGER procedure_version_immutable`.execute(tx);
  });
}

describe('a file with errors is rejected whole, with sheet/row/column messages, and changes nothing', () => {
  test('XLSX', async () => {
    const wb = await loadWorkbook(await exportFile('xlsx'));
    const fees = wb.getWorksheet('Phí, lệ phí')!;
    fees.getRow(2).getCell(colOf(fees, 'Số tiền (đồng)')).value = 'tám nghìn';
    fees.getRow(3).getCell(colOf(fees, 'Mã trường hợp')).value = 'khong_co';
    const procs = wb.getWorksheet('Thủ tục')!;
    procs.getRow(3).getCell(colOf(procs, 'Tên thủ tục')).value = null;
    procs.getRow(4).getCell(colOf(procs, 'Ngày hiệu lực')).value = '31/02/2026';
    const cases = wb.getWorksheet('Trường hợp')!;
    cases.getRow(2).getCell(colOf(cases, 'Đơn vị thời hạn')).value = 'tuần';
    const comps = wb.getWorksheet('Thành phần hồ sơ')!;
    comps.getRow(4).getCell(colOf(comps, 'Bắt buộc')).value = 'có lẽ';
    const wf = wb.getWorksheet('Quy trình')!;
    // Row 6 is the second step of the second procedure's first case: make the steps exceed the case time.
    wf.getRow(6).getCell(colOf(wf, 'Thời gian')).value = 999;
    wf.getRow(6).getCell(colOf(wf, 'Đơn vị thời gian')).value = 'Ngày làm việc';
    const bad = Buffer.from(await wb.xlsx.writeBuffer());

    const before = await exportedProcedures();
    const snap = await snapshot();
    const { job } = await upload('co-loi.xlsx', bad);
    assert.equal(job.status, 'failed');
    assert.equal(job.result, null);
    const find = (sheet: string, row: number, column: string | null) => job.errors.find((e) => e.sheet === sheet && e.row === row && e.column === column);
    const expectError = (sheet: string, row: number, column: string | null, text: RegExp) => {
      const e = find(sheet, row, column);
      assert.ok(e, `an error at ${sheet} ${row} ${column}; got ${JSON.stringify(job.errors, null, 1)}`);
      assert.match(e.message, text);
      assert.ok(e.message.startsWith(`Trang tính «${sheet}», dòng ${row}${column ? `, cột «${column}»` : ''}: `), e.message);
    };
    expectError('Phí, lệ phí', 2, 'Số tiền (đồng)', /phải là số nguyên.*"tám nghìn"/);
    expectError('Phí, lệ phí', 3, 'Mã trường hợp', /không có trường hợp "khong_co"/);
    expectError('Thủ tục', 3, 'Tên thủ tục', /không được để trống/);
    expectError('Thủ tục', 4, 'Ngày hiệu lực', /dd\/mm\/yyyy.*31\/02\/2026/);
    expectError('Trường hợp', 2, 'Đơn vị thời hạn', /"tuần" không hợp lệ/);
    expectError('Thành phần hồ sơ', 4, 'Bắt buộc', /"Có" hoặc "Không"/);
    const budget = job.errors.find((e) => e.sheet === 'Quy trình' && /vượt thời hạn giải quyết/.test(e.message));
    assert.ok(budget, JSON.stringify(job.errors));
    assert.equal(job.errorCount, job.errors.length);
    assert.match(job.phase, /Bị từ chối/);

    assert.deepEqual(await exportedProcedures(), before, 'the catalogue is unchanged');
    assert.deepEqual(await snapshot(), snap);
  });

  test('JSON: errors name the procedure and the field; a later error rolls back earlier good entries', async () => {
    const procs = await exportedProcedures();
    const good = { ...procs[0], code: '9.000201', name: 'Thủ tục mới hợp lệ', status: 'draft', decisionNo: null, decisionDate: null, effectiveFrom: null };
    const badUnit = structuredClone(procs[1]);
    badUnit.cases[0].time.unit = 'weeks';
    const badAgency = structuredClone(procs[2]);
    badAgency.agencies.competent = { kind: 'department', id: null, code: '000.00.98.H56', name: null };
    const before = await snapshot();
    const { job } = await upload('co-loi.json', Buffer.from(JSON.stringify([good, badUnit, badAgency])));
    assert.equal(job.status, 'failed');
    assert.ok(
      job.errors.some((e) => e.sheet === 'JSON' && e.row === 2 && e.column === 'cases.0.time.unit'),
      JSON.stringify(job.errors),
    );
    assert.ok(
      job.errors.some((e) => e.row === 3 && /000\.00\.98\.H56/.test(e.message) && e.message.startsWith('Tệp JSON, thủ tục thứ 3')),
      JSON.stringify(job.errors),
    );
    assert.deepEqual(await snapshot(), before);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/catalog/procedures/9.000201', token: manager })).statusCode, 404);
  });

  test('a file that is neither JSON nor XLSX is refused', async () => {
    const m = multipart({ name: 'ghi-chu.txt', data: Buffer.from('xin chào'), type: 'text/plain' });
    const r = await t.request({ method: 'POST', url: '/api/v1/catalog/import', token: manager, ...m });
    assert.equal(r.statusCode, 415);
    assert.match(r.json().detail, /JSON hoặc XLSX/);
  });
});

describe('import as a job with progress', () => {
  test('submitted without waiting: 202, then polled to completion with processed/total counters', async () => {
    const procs = await exportedProcedures();
    const changed = procs.slice(0, 3).map((p: Record<string, unknown>, i: number) => ({
      ...p,
      name: `${p.name as string} (sửa đổi ${i + 1})`,
      decisionNo: `9${i}/QĐ-UBND`,
      decisionDate: todayVn(),
      effectiveFrom: todayVn(),
      status: 'published',
    }));
    const fresh = { ...procs[3], code: '9.000300', status: 'published', decisionNo: '99/QĐ-UBND', decisionDate: todayVn(), effectiveFrom: todayVn() };
    const { status, job } = await upload(
      'sua-doi.json',
      Buffer.from(JSON.stringify({ format: 'motcua.catalog', version: 1, procedures: [...changed, fresh, ...procs.slice(3)] })),
      false,
    );
    assert.equal(status, 202);
    let current = job;
    for (let i = 0; i < 200 && !['succeeded', 'failed'].includes(current.status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      const r = await t.request({ method: 'GET', url: `/api/v1/catalog/imports/${job.id}`, token: manager });
      assert.equal(r.statusCode, 200);
      current = r.json();
      assert.ok(current.processed <= current.total || current.total === 0);
    }
    assert.equal(current.status, 'succeeded', JSON.stringify(current.errors));
    assert.equal(current.total, procs.length + 1);
    assert.equal(current.processed, current.total);
    assert.equal(current.phase, 'Hoàn tất');
    assert.deepEqual({ ...current.result, codes: undefined }, { created: 1, updated: 3, unchanged: procs.length - 3, codes: undefined });
    const v = (await t.request({ method: 'GET', url: `/api/v1/procedures/${changed[0].code}` })).json();
    assert.equal(v.version.decisionNo, '90/QĐ-UBND');
    assert.match(v.content.name, /sửa đổi 1/);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/procedures/9.000300' })).statusCode, 200);
    const list = await t.request({ method: 'GET', url: '/api/v1/catalog/imports', token: manager });
    assert.ok(list.json().items.some((j: Job) => j.id === job.id));
    const audit = (
      await sql<{ summary: { created: number } }>`SELECT summary FROM audit_log WHERE action = 'catalog.import' AND entity_id = ${job.id}`.execute(
        t.database.db,
      )
    ).rows;
    assert.equal(audit[0].summary.created, 1);
  });

  test('an unknown import id is 404', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/catalog/imports/00000000-0000-4000-8000-000000000000', token: manager });
    assert.equal(r.statusCode, 404);
  });
});
