/**
 * Zip bombs sent to every endpoint that reads an archive are refused with 400 archive_too_large
 * and write nothing, while the server keeps answering (issue 16 §4). Bombs are built in memory.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test/harness.js';
import { docxBomb, xlsxBomb } from '../test/zip-bomb.js';
import { multipart } from '../test/multipart.js';

const GiB = 1024 * 1024 * 1024;
let t: TestApp;
let tok: Record<string, string>;
before(async () => {
  t = await startTestApp();
  tok = await t.logins(['admin', 'catalog_manager', 'unit_leader', 'home_affairs']);
});
after(async () => {
  await t.close();
});

/** An upload form: the (bomb) file and the route's fields. */
const upload = (data: Buffer, name: string, fields: Record<string, string> = {}) => multipart({ name, data }, fields);
const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;

const tooLarge = (r: { statusCode: number; body: string }) => {
  assert.equal(r.statusCode, 400, r.body);
  const p = JSON.parse(r.body) as { code: string; detail: string };
  assert.equal(p.code, 'archive_too_large');
  assert.match(p.detail, /Tệp nén/);
};

test('plan import: a DOCX and an XLSX zip bomb (1 GiB declared as 1 KB) are refused, no plan or task written', async () => {
  const plans = await count('task_plan');
  const tasks = await count('task');
  for (const [file, name] of [
    [docxBomb(GiB), 'ke-hoach.docx'],
    [xlsxBomb(GiB), 'ke-hoach.xlsx'],
  ] as const) {
    const r = await t.request({ method: 'POST', url: '/api/v1/plans/import', token: tok.admin, ...upload(file, name) });
    tooLarge(r);
  }
  assert.equal(await count('task_plan'), plans);
  assert.equal(await count('task'), tasks);
});

test('catalogue import: an XLSX zip bomb is refused before any import job is recorded', async () => {
  const jobs = await count('catalog_import');
  const r = await t.request({ method: 'POST', url: '/api/v1/catalog/import?wait=true', token: tok.catalog_manager, ...upload(xlsxBomb(GiB), 'danh-muc.xlsx') });
  tooLarge(r);
  assert.equal(await count('catalog_import'), jobs);
});

test('report upload: an XLSX zip bomb is refused and the submission is unchanged', async () => {
  const regimes = (await t.request({ method: 'GET', url: '/api/v1/reports/regimes', token: tok.home_affairs })).json() as {
    items: { id: string; code: string }[];
  };
  const cchc = regimes.items.find((r) => r.code === 'CCHC')!;
  const label = 'Báo cáo đột xuất (kiểm tra tệp nén)';
  const p = await t.request({
    method: 'POST',
    url: `/api/v1/reports/regimes/${cchc.id}/periods`,
    token: tok.home_affairs,
    body: { frequency: 'ad_hoc', label, cutoffFrom: '2026-01-01', cutoffTo: '2026-03-31', dueOn: '2026-04-10' },
  });
  assert.equal(p.statusCode, 201, p.body);
  const subs = (
    await t.request({ method: 'GET', url: `/api/v1/reports/submissions?regimeId=${cchc.id}&mine=true&limit=500`, token: tok.unit_leader })
  ).json() as { items: { id: string; version: number; status: string; periodLabel: string }[] };
  const sub = subs.items.find((s) => s.periodLabel === label);
  assert.ok(sub, 'the unit leader has a submission to fill');
  const r = await t.request({
    method: 'POST',
    url: `/api/v1/reports/submissions/${sub.id}/form.xlsx`,
    token: tok.unit_leader,
    ...upload(xlsxBomb(GiB), 'bc.xlsx', { version: String(sub.version) }),
  });
  tooLarge(r);
  const after = (await t.request({ method: 'GET', url: `/api/v1/reports/submissions/${sub.id}`, token: tok.unit_leader })).json() as { version: number };
  assert.equal(after.version, sub.version);
});

test('the server answers /api/health while it is refusing a zip bomb', async () => {
  let bombDone = false;
  const bomb = t.request({ method: 'POST', url: '/api/v1/plans/import', token: tok.admin, ...upload(docxBomb(GiB), 'ke-hoach.docx') }).then((r) => {
    bombDone = true;
    return r;
  });
  const health = await t.request({ method: 'GET', url: '/api/health' });
  assert.equal(health.statusCode, 200);
  assert.equal(bombDone, false, 'health was answered while the archive was still being checked');
  tooLarge(await bomb);
});
