/**
 * The tracking book (Sổ theo dõi hồ sơ) as an export job with progress (issue 23): start → job →
 * progress (lines read, then written / total) → download; read a page at a time in order of
 * receipt; only the officer who started it sees it; bad input is a 400 that records no job.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { jobSettled, onProgressStep, type Step } from '../../platform/progress-jobs.js';
import { agencySubtree } from '../org/org.public.js';
import { TRACKING_BOOK_COLUMNS } from './documents/index.js';
import { TRACKING_BOOK_JOB } from './dossiers.tracking-book.js';
import * as repo from './dossiers.repo.js';

let t: TestApp;
const tok: Record<string, string> = {};
const vnToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const FROM = new Date(Date.now() + 7 * 3_600_000 - 366 * 86_400_000).toISOString().slice(0, 10);
const TO = vnToday();

before(async () => {
  t = await startTestApp({ demoDossiers: 60 });
  for (const r of ['one_stop_officer', 'provincial_office', 'unit_leader', 'specialist', 'citizen']) tok[r] = await t.login(r);
});
after(async () => t?.close());

const start = (body: unknown, token = tok.provincial_office) => t.request({ method: 'POST', url: '/api/v1/dossiers/tracking-book/exports', token, body });
const job = (id: string, token = tok.provincial_office) => t.request({ method: 'GET', url: `/api/v1/dossiers/tracking-book/exports/${id}`, token });
const file = (id: string, token = tok.provincial_office) => t.request({ method: 'GET', url: `/api/v1/dossiers/tracking-book/exports/${id}/file`, token });
const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;

/** The codes the book must hold, straight from the table: received in the range (days in Vietnam), in order of receipt. */
async function expectedCodes(agencyIds: string[] | null): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`SELECT code FROM dossier
    WHERE (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN ${FROM}::date AND ${TO}::date
      AND (${agencyIds}::uuid[] IS NULL OR agency_ids && ${agencyIds}::uuid[])
    ORDER BY received_at, code`.execute(t.database.db);
  return rows.map((r) => r.code);
}

async function sheetOf(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

const bodyRows = (ws: ExcelJS.Worksheet) => {
  const head = (ws.views[0] as { ySplit?: number } | undefined)?.ySplit ?? 0;
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((row, n) => {
    if (n > head) rows.push(row);
  });
  return rows;
};

describe('tracking book as a job (issue 23)', () => {
  let doneId = '';
  let expected: string[] = [];

  test('progress is observed while reading and writing; the file holds the book in order of receipt, dates as dates; the download is audited', async () => {
    expected = await expectedCodes(null);
    assert.ok(expected.length >= 20, `demo dossiers received in the range: ${expected.length}`);
    const steps: Step[] = [];
    let atWriting: Record<string, unknown> | null = null;
    let early: { statusCode: number; code: string } | null = null;
    const off = onProgressStep(TRACKING_BOOK_JOB, async (id, step) => {
      steps.push(step);
      if (step.phase === 'reading' && step.processed === 0) {
        const r = await file(id);
        early = { statusCode: r.statusCode, code: r.json().code };
      }
      if (step.phase === 'writing' && step.processed === 0) atWriting = (await job(id)).json();
    });
    try {
      const r = await start({ from: FROM, to: TO });
      assert.equal(r.statusCode, 202, r.body);
      const j = r.json();
      assert.equal(j.result, null);
      await jobSettled(j.id);
      doneId = j.id;
    } finally {
      off();
    }
    assert.deepEqual(early, { statusCode: 409, code: 'job_not_done' }, 'no file before the job is done');
    assert.deepEqual(
      steps.filter((s) => s.phase === 'reading').map((s) => [s.processed, s.total]),
      [
        [0, expected.length],
        [expected.length, expected.length],
      ],
      'lines read: none yet (of the counted total), then all',
    );
    assert.deepEqual(
      steps.filter((s) => s.phase === 'writing').map((s) => s.processed),
      [0, expected.length],
      'lines written: none yet, then all',
    );
    const w = atWriting as unknown as { status: string; phase: string; processed: number; total: number };
    assert.deepEqual([w.status, w.phase, w.processed, w.total], ['running', 'writing', 0, expected.length]);

    const done = (await job(doneId)).json();
    assert.equal(done.status, 'done', JSON.stringify(done.errors));
    assert.deepEqual([done.processed, done.total], [expected.length, expected.length]);
    assert.deepEqual(done.result && { ...done.result, size: 0, expiresAt: '' }, {
      rows: expected.length,
      truncated: false,
      from: FROM,
      to: TO,
      fileName: `so-theo-doi-ho-so-${FROM}-${TO}.xlsx`,
      size: 0,
      expiresAt: '',
    });
    assert.ok(!('ids' in done.result), 'the ids read are kept for the audit, not shown');

    const audits = await count('audit_log');
    const f = await file(doneId);
    assert.equal(f.statusCode, 200);
    assert.match(String(f.headers['content-type']), /spreadsheetml/);
    assert.equal(f.headers['content-disposition'], `attachment; filename="so-theo-doi-ho-so-${FROM}-${TO}.xlsx"`);
    const ws = await sheetOf(f.rawPayload);
    assert.equal(ws.name, 'Sổ theo dõi hồ sơ');
    assert.deepEqual([ws.views[0]?.state, (ws.views[0] as { ySplit?: number }).ySplit], ['frozen', 5], 'the header stays frozen');
    assert.deepEqual((ws.getRow(5).values as unknown[]).slice(1), [...TRACKING_BOOK_COLUMNS]);
    assert.equal(ws.getCell(3, 1).value, `Từ ${FROM.split('-').reverse().join('/')} đến ${TO.split('-').reverse().join('/')}`);
    for (let c = 1; c <= TRACKING_BOOK_COLUMNS.length; c++) assert.ok((ws.getColumn(c).width ?? 0) > 0, `column ${c} has a width`);
    const rows = bodyRows(ws);
    assert.deepEqual(
      rows.map((r) => r.getCell(2).value),
      expected,
      'every dossier received in the range, in order of receipt',
    );
    assert.deepEqual(
      rows.map((r) => r.getCell(1).value),
      expected.map((_, i) => i + 1),
      'STT as numbers',
    );
    for (const r of rows) {
      assert.ok(r.getCell(5).value instanceof Date, `received day of ${String(r.getCell(2).value)} is a date`);
      assert.equal(r.getCell(5).numFmt, 'dd/mm/yyyy');
    }
    // The day shown is the day of receipt in Vietnam.
    const first = (
      await sql<{
        day: string;
      }>`SELECT to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS day FROM dossier WHERE code = ${expected[0]}`.execute(t.database.db)
    ).rows[0].day;
    assert.equal((rows[0].getCell(5).value as Date).toISOString().slice(0, 10), first);

    assert.equal(await count('audit_log'), audits + 1, 'one audit row for the download');
    const a = (
      await sql<{ action: string; summary: { count: number; ids: string[] } }>`SELECT action, summary FROM audit_log ORDER BY id DESC LIMIT 1`.execute(
        t.database.db,
      )
    ).rows[0];
    assert.deepEqual([a.action, a.summary.count], ['dossier.tracking_book.read', expected.length]);
    const codesOfIds = (
      await sql<{ code: string }>`SELECT code FROM dossier WHERE id = ANY(${a.summary.ids}::uuid[]) ORDER BY received_at, code`.execute(t.database.db)
    ).rows.map((x) => x.code);
    assert.deepEqual(codesOfIds, expected, 'the audit names the dossiers in the book');
  });

  test('pages follow one another in order of receipt, none twice, none left out', async () => {
    const filter = { agencyIds: null, from: FROM, to: TO };
    assert.equal(await repo.trackingBookCount(t.database.db, filter), expected.length);
    const codes: string[] = [];
    let after: repo.TrackingBookCursor | null = null;
    let pages = 0;
    do {
      const page = await repo.trackingBookPage(t.database.db, filter, after, 7);
      codes.push(...page.lines.map((l) => l.code));
      after = page.next;
      pages++;
    } while (after);
    assert.deepEqual(codes, expected);
    assert.ok(pages >= 3, `${pages} pages`);
    // The first forward of each line is the action log's first forward.
    const whole = await repo.trackingBookPage(t.database.db, filter, null, 10_000);
    const forwards = new Map(
      (
        await sql<{
          code: string;
          at: Date;
        }>`SELECT d.code, min(a.at) AS at FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id WHERE a.type = 'forward' GROUP BY d.code`.execute(
          t.database.db,
        )
      ).rows.map((r) => [r.code, new Date(r.at).getTime()]),
    );
    assert.ok(
      whole.lines.some((l) => l.forwardedAt),
      'some dossiers were forwarded',
    );
    for (const l of whole.lines) assert.equal(l.forwardedAt?.getTime() ?? null, forwards.get(l.code) ?? null, l.code);
  });

  test("an officer's book holds the dossiers of the agency's scope only", async () => {
    const me = (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: tok.one_stop_officer })).json();
    const mine = await expectedCodes(await agencySubtree(t.database.db, me.user.agency.id));
    const r = await start({ from: FROM, to: TO }, tok.one_stop_officer);
    assert.equal(r.statusCode, 202, r.body);
    await jobSettled(r.json().id);
    const f = await file(r.json().id, tok.one_stop_officer);
    assert.equal(f.statusCode, 200, f.body);
    assert.deepEqual(
      bodyRows(await sheetOf(f.rawPayload)).map((x) => x.getCell(2).value),
      mine,
    );
    assert.ok(mine.length < expected.length, `${mine.length} of ${expected.length}`);
  });

  test('only the officer who started it sees the job and its file', async () => {
    assert.equal((await job(doneId, tok.one_stop_officer)).statusCode, 404);
    assert.equal((await file(doneId, tok.one_stop_officer)).statusCode, 404);
    assert.equal((await job(doneId, tok.unit_leader)).statusCode, 404);
    assert.equal((await job(doneId, tok.citizen)).statusCode, 403);
    assert.equal((await job(doneId, tok.specialist)).statusCode, 403);
    assert.equal((await job('00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  test('bad input is a 400 with a code and records no job; the old synchronous URL is gone', async () => {
    const jobs = await count('progress_job');
    const reversed = await start({ from: TO, to: FROM });
    assert.equal(reversed.statusCode, 400);
    assert.match(String(reversed.headers['content-type']), /problem\+json/);
    assert.equal(reversed.json().code, 'invalid_range');
    const badDay = await start({ from: '2026-02-30', to: TO });
    assert.equal(badDay.statusCode, 400);
    assert.ok(badDay.json().code, 'a machine-readable code');
    assert.equal((await start({ from: FROM })).statusCode, 400);
    assert.equal((await start({ from: FROM, to: TO, nope: 1 })).statusCode, 400);
    assert.equal((await start({ from: FROM, to: TO }, tok.specialist)).statusCode, 403);
    assert.equal(await count('progress_job'), jobs);
    const old = await t.request({ method: 'GET', url: `/api/v1/dossiers/tracking-book?from=${FROM}&to=${TO}`, token: tok.provincial_office });
    assert.notEqual(old.statusCode, 200, 'replaced by the job');
    assert.match(String(old.headers['content-type']), /problem\+json/);
  });
});
