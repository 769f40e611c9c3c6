import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { jobSettled, onProgressStep, type Step } from '../../platform/progress-jobs.js';
import { PLAN_IMPORT_JOB } from './tasks.service.js';
import { multipart } from '../../test/multipart.js';

const SEED = readFileSync(new URL('./seed/ke-hoach-003.txt', import.meta.url));

let t: TestApp;
const tokens: Record<string, string> = {};
before(async () => {
  t = await startTestApp();
  for (const r of ['provincial_office', 'specialist', 'citizen']) tokens[r] = await t.login(r);
});
after(async () => {
  await t.close();
});

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;

const start = (data: Buffer, fields: Record<string, string> = {}, token = tokens.provincial_office) => {
  const m = multipart({ name: 'phu-luc.txt', data, type: 'text/plain' }, fields);
  return t.request({ method: 'POST', url: '/api/v1/plans/imports', token, payload: m.payload, headers: m.headers });
};
const progress = (id: string, token = tokens.provincial_office) => t.request({ method: 'GET', url: `/api/v1/plans/imports/${id}`, token });

describe('plan import as a job with progress', () => {
  test('202 with a job; held at task 10 of 28 the progress route says so; then done with the same result as the synchronous import', async () => {
    const steps: Step[] = [];
    let seenAtTen: { status: string; phase: string; processed: number; total: number } | null = null;
    let jobId = '';
    const off = onProgressStep(PLAN_IMPORT_JOB, async (id, step) => {
      steps.push(step);
      jobId = id;
      // Matching reads only (no transaction open): the route can be called from here on both engines.
      if (step.phase === 'matching' && step.processed === 10) seenAtTen = (await progress(id)).json();
    });
    try {
      const r = await start(SEED, { number: '151/KH-UBND', issuedOn: '2022-12-05' });
      assert.equal(r.statusCode, 202, r.body);
      const job = r.json();
      assert.match(job.id, /^[0-9a-f-]{36}$/);
      assert.ok(['queued', 'running'].includes(job.status));
      assert.equal(job.result, null);
      await jobSettled(job.id);
      assert.equal(jobId, job.id);
      assert.ok(seenAtTen, 'the hook was called at task 10 of the matching phase');
      const held = seenAtTen as unknown as { status: string; phase: string; processed: number; total: number };
      assert.deepEqual(
        { status: held.status, phase: held.phase, processed: held.processed, total: held.total },
        { status: 'running', phase: 'matching', processed: 10, total: 28 },
      );
      // Every task was counted in both phases, in order.
      for (const phase of ['matching', 'writing']) {
        const counts = steps.filter((s) => s.phase === phase).map((s) => s.processed);
        assert.deepEqual(
          counts.filter((n, i) => counts.indexOf(n) === i),
          Array.from({ length: phase === 'matching' ? 28 : 29 }, (_, i) => i),
          phase,
        );
      }
      const done = (await progress(job.id)).json();
      assert.equal(done.status, 'done', JSON.stringify(done.errors));
      assert.deepEqual([done.processed, done.total], [28, 28]);
      assert.ok(done.finishedAt);
      assert.equal(done.result.taskCount, 28);
      assert.equal(done.result.sections.length, 5);
      assert.equal(done.result.plan.number, '151/KH-UBND');
      assert.deepEqual(done.result.unmatched, ['Cục Thống kê tỉnh']);
      assert.equal(
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM task WHERE plan_id = ${done.result.plan.id}`.execute(t.database.db).then((x) => x.rows[0].n),
        28,
      );
      const audit = (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'task_plan.import' AND entity_id = ${done.result.plan.id}`.execute(
          t.database.db,
        )
      ).rows[0].n;
      assert.equal(audit, 1);
    } finally {
      off();
    }
  });

  test('all or nothing: a failure while writing task 5 leaves no plan, no task, no audit row; the job says failed', async () => {
    const before = [await count('task_plan'), await count('task'), await count('audit_log'), await count('outbox')];
    const off = onProgressStep(PLAN_IMPORT_JOB, (_id, step) => {
      if (step.phase === 'writing' && step.processed === 5) throw new Error('ổ đĩa đầy (mô phỏng)');
    });
    try {
      const r = await start(SEED);
      assert.equal(r.statusCode, 202, r.body);
      await jobSettled(r.json().id);
      const j = (await progress(r.json().id)).json();
      assert.equal(j.status, 'failed');
      assert.equal(j.result, null);
      assert.equal(j.errors[0].code, 'internal_error');
      assert.match(j.errors[0].message, /ổ đĩa đầy/);
      assert.deepEqual([j.phase, j.processed, j.total], ['writing', 5, 28]);
    } finally {
      off();
    }
    assert.deepEqual([await count('task_plan'), await count('task'), await count('audit_log'), await count('outbox')], before);
  });

  test('a file without an appendix: the job fails with the code and Vietnamese message of the synchronous import', async () => {
    const plans = await count('task_plan');
    const r = await start(Buffer.from('Một văn bản không có bảng phụ lục nào.\n'));
    assert.equal(r.statusCode, 202, r.body);
    await jobSettled(r.json().id);
    const j = (await progress(r.json().id)).json();
    assert.equal(j.status, 'failed');
    assert.deepEqual(
      j.errors.map((e: { code: string }) => e.code),
      ['appendix_not_found'],
    );
    assert.match(j.errors[0].message, /Không tìm thấy bảng phụ lục/);
    assert.equal(await count('task_plan'), plans);
  });

  test('bad input is refused at once (problem+json), no job recorded', async () => {
    const jobs = await count('progress_job');
    const empty = await start(Buffer.alloc(0));
    assert.equal(empty.statusCode, 400);
    assert.match(empty.headers['content-type'] as string, /problem\+json/);
    assert.equal(empty.json().code, 'empty_file');
    const date = await start(SEED, { issuedOn: '2022-02-30' });
    assert.equal(date.statusCode, 400);
    assert.match(date.headers['content-type'] as string, /problem\+json/);
    assert.equal(await count('progress_job'), jobs);
  });

  test('access: only assigners start or read import jobs; an unknown id is 404', async () => {
    assert.equal((await start(SEED, {}, tokens.specialist)).statusCode, 403);
    assert.equal((await start(SEED, {}, tokens.citizen)).statusCode, 403);
    const unknown = await progress('00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'not_found');
    const jobId = (await sql<{ id: string }>`SELECT id FROM progress_job ORDER BY created_at LIMIT 1`.execute(t.database.db)).rows[0].id;
    assert.equal((await progress(jobId, tokens.specialist)).statusCode, 403);
  });
});
