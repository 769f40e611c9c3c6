/**
 * The dossier list as XLSX (issue 23): the list's filters and the officer's scope, typed cells
 * (row numbers and counts as numbers, times as dates), a frozen header, a width for every column.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
const tok: Record<string, string> = {};
before(async () => {
  t = await startTestApp({ demoDossiers: 40 });
  for (const r of ['one_stop_officer', 'provincial_office', 'citizen']) tok[r] = await t.login(r);
});
after(async () => t?.close());

type Listed = { code: string; receivedAt: string | null; appointment: { current: string | null }; late: boolean; components: unknown[] };

async function listAll(query: string, token: string): Promise<Listed[]> {
  const out: Listed[] = [];
  for (let offset = 0; ; offset += 500) {
    const r = await t.request({ method: 'GET', url: `/api/v1/dossiers?limit=500&offset=${offset}${query ? `&${query}` : ''}`, token });
    assert.equal(r.statusCode, 200, r.body);
    const page = r.json();
    out.push(...page.items);
    if (!page.hasMore) return out;
  }
}

async function exported(query: string, token: string) {
  const r = await t.request({ method: 'GET', url: `/api/v1/dossiers/export.xlsx${query ? `?${query}` : ''}`, token });
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  assert.match(String(r.headers['content-disposition']), /attachment; filename="danh-sach-ho-so\.xlsx"/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const head = (ws.views[0] as { ySplit?: number } | undefined)?.ySplit ?? 0;
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((row, n) => {
    if (n > head) rows.push(row);
  });
  return { ws, head, rows };
}

describe('XLSX export of the dossier list (issue 23)', () => {
  test('every listed dossier, in the list order, with typed cells, a frozen header and widths', async () => {
    const list = await listAll('', tok.provincial_office);
    assert.ok(list.length >= 20, `${list.length} dossiers`);
    const { ws, head, rows } = await exported('', tok.provincial_office);
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal(ws.getRow(head).getCell(2).value, 'Mã hồ sơ');
    for (let c = 1; c <= 14; c++) assert.ok((ws.getColumn(c).width ?? 0) > 0, `column ${c} has a width`);
    assert.deepEqual(
      rows.map((r) => r.getCell(2).value),
      list.map((d) => d.code),
    );
    assert.ok(
      rows.every((r, i) => r.getCell(1).value === i + 1),
      'row numbers are numbers',
    );
    assert.ok(
      rows.every((r, i) => r.getCell(14).value === list[i].components.length),
      'component counts are numbers',
    );
    assert.equal(ws.getColumn(10).numFmt, 'dd/mm/yyyy hh:mm');
    const received = list.findIndex((d) => d.receivedAt && d.appointment.current);
    assert.ok(received >= 0);
    const cell = rows[received].getCell(10).value;
    assert.ok(cell instanceof Date, 'reception times are dates');
    assert.equal(cell.toISOString().slice(0, 16), list[received].receivedAt!.slice(0, 16), 'in Vietnam wall-clock time, as the list shows it');
    assert.ok(rows[received].getCell(11).value instanceof Date, 'appointments are dates');
    assert.ok(rows.every((r, i) => r.getCell(13).value === (list[i].late ? 'Có' : 'Không')));
    assert.match(String(ws.getRow(2).getCell(1).value), new RegExp(`^${list.length} hồ sơ`));
  });

  test("the list's filters and the officer's scope apply", async () => {
    const statusList = await listAll('status=2', tok.provincial_office);
    assert.ok(statusList.length > 0);
    assert.deepEqual(
      (await exported('status=2', tok.provincial_office)).rows.map((r) => r.getCell(2).value),
      statusList.map((d) => d.code),
    );
    const mine = await listAll('queue=to_receive', tok.one_stop_officer);
    assert.deepEqual(
      (await exported('queue=to_receive', tok.one_stop_officer)).rows.map((r) => r.getCell(2).value),
      mine.map((d) => d.code),
    );
    const scoped = await listAll('', tok.one_stop_officer);
    assert.deepEqual(
      (await exported('', tok.one_stop_officer)).rows.map((r) => r.getCell(2).value),
      scoped.map((d) => d.code),
    );
  });

  test('staff only; bad filters are a 400 and nothing else', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/dossiers/export.xlsx' })).statusCode, 401);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/dossiers/export.xlsx', token: tok.citizen })).statusCode, 403);
    const bad = await t.request({ method: 'GET', url: '/api/v1/dossiers/export.xlsx?status=99', token: tok.provincial_office });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /problem\+json/);
  });
});
