/**
 * The dossier list export as a job with progress (issue 23): start → job → progress (rows read,
 * rows written / total) → download; the file kept for a day, then deleted by the cleanup job.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { JOB_FILES_CLEANUP, jobSettled, onProgressStep, type Step } from '../../platform/progress-jobs.js';
import { DOSSIER_EXPORT_JOB } from './dossiers.export.js';

let t: TestApp;
const tok: Record<string, string> = {};
before(async () => {
  t = await startTestApp({ demoDossiers: 40 });
  for (const r of ['one_stop_officer', 'provincial_office', 'citizen']) tok[r] = await t.login(r);
});
after(async () => t?.close());

const start = (body: unknown, token = tok.provincial_office) => t.request({ method: 'POST', url: '/api/v1/dossiers/exports', token, body });
const job = (id: string, token = tok.provincial_office) => t.request({ method: 'GET', url: `/api/v1/dossiers/exports/${id}`, token });
const file = (id: string, token = tok.provincial_office) => t.request({ method: 'GET', url: `/api/v1/dossiers/exports/${id}/file`, token });
const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;

async function codesOf(buf: Buffer): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const head = (ws.views[0] as { ySplit?: number } | undefined)?.ySplit ?? 0;
  const codes: unknown[] = [];
  ws.eachRow((row, n) => {
    if (n > head) codes.push(row.getCell(2).value);
  });
  return codes;
}

describe('dossier list export as a job (issue 23)', () => {
  let doneId = '';

  test("progress is observed while writing; then the file is the synchronous export's rows; the download is audited", async () => {
    const sync = await t.request({ method: 'GET', url: '/api/v1/dossiers/export.xlsx?status=2', token: tok.provincial_office });
    assert.equal(sync.statusCode, 200);
    const expected = await codesOf(sync.rawPayload);
    assert.ok(expected.length > 0);
    const steps: Step[] = [];
    let atWriting: Record<string, unknown> | null = null;
    let early: { statusCode: number; code: string } | null = null;
    const off = onProgressStep(DOSSIER_EXPORT_JOB, async (id, step) => {
      steps.push(step);
      if (step.phase === 'reading' && step.processed === 0) {
        const r = await file(id);
        early = { statusCode: r.statusCode, code: r.json().code };
      }
      if (step.phase === 'writing' && step.processed === 0) atWriting = (await job(id)).json();
    });
    try {
      const r = await start({ status: 2 });
      assert.equal(r.statusCode, 202, r.body);
      const j = r.json();
      assert.equal(j.result, null);
      await jobSettled(j.id);
      doneId = j.id;
    } finally {
      off();
    }
    assert.deepEqual(early, { statusCode: 409, code: 'job_not_done' }, 'no file before the job is done');
    assert.ok(atWriting);
    const w = atWriting as { status: string; phase: string; processed: number; total: number };
    assert.deepEqual([w.status, w.phase, w.processed, w.total], ['running', 'writing', 0, expected.length]);
    assert.deepEqual(
      steps.filter((s) => s.phase === 'writing').map((s) => s.processed),
      [0, expected.length],
      'rows written: none yet, then all (every 500 rows between)',
    );
    const done = (await job(doneId)).json();
    assert.equal(done.status, 'done', JSON.stringify(done.errors));
    assert.deepEqual(
      [done.processed, done.total, done.result.rows, done.result.truncated, done.result.fileName],
      [expected.length, expected.length, expected.length, false, 'danh-sach-ho-so.xlsx'],
    );
    assert.ok(!('ids' in done.result), 'the ids read are kept for the audit, not shown');
    const audits = await count('audit_log');
    const f = await file(doneId);
    assert.equal(f.statusCode, 200);
    assert.match(String(f.headers['content-type']), /spreadsheetml/);
    assert.match(String(f.headers['content-disposition']), /attachment; filename="danh-sach-ho-so\.xlsx"/);
    assert.deepEqual(await codesOf(f.rawPayload), expected);
    assert.equal(await count('audit_log'), audits + 1);
    const a = (await sql<{ action: string; summary: { count: number } }>`SELECT action, summary FROM audit_log ORDER BY id DESC LIMIT 1`.execute(t.database.db))
      .rows[0];
    assert.deepEqual([a.action, a.summary.count], ['dossier.export', expected.length]);
  });

  test('only the officer who started it sees the job and its file', async () => {
    assert.equal((await job(doneId, tok.one_stop_officer)).statusCode, 404);
    assert.equal((await file(doneId, tok.one_stop_officer)).statusCode, 404);
    assert.equal((await job(doneId, tok.citizen)).statusCode, 403);
    assert.equal((await job('00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  test('the file is kept until its time is up (410), and the cleanup job deletes it', async () => {
    await sql`UPDATE progress_job_file SET expires_at = now() - interval '1 minute' WHERE job_id = ${doneId}`.execute(t.database.db);
    const gone = await file(doneId);
    assert.equal(gone.statusCode, 410);
    assert.equal(gone.json().code, 'job_file_expired');
    assert.match(String(gone.headers['content-type']), /problem\+json/);
    const files = await count('progress_job_file');
    await t.deps.jobs.runNow(JOB_FILES_CLEANUP);
    assert.equal(await count('progress_job_file'), files - 1);
    assert.equal((await file(doneId)).statusCode, 410);
    assert.equal((await job(doneId)).json().status, 'done', 'the job itself stays');
  });

  test('bad filters are a 400 and record no job; staff only', async () => {
    const jobs = await count('progress_job');
    const bad = await start({ status: 99 });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /problem\+json/);
    assert.equal((await start({ nope: 1 })).statusCode, 400);
    assert.equal((await start({}, tok.citizen)).statusCode, 403);
    assert.equal(await count('progress_job'), jobs);
  });
});
