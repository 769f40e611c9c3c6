import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { clearReadModel, counterDigest, factDigest } from './quality.repo.js';
import { createQualityService } from './quality.service.js';
import { OutboxWorker } from '../../platform/outbox.js';
import { dossierChangedHandler, TOPIC_DOSSIER_CHANGED } from './quality.module.js';
import { QUALITY_EXPORT_JOB } from './quality.routes.js';
import { jobSettled, onProgressStep, type Step } from '../../platform/progress-jobs.js';

let t: TestApp;
const tokens: Record<string, string> = {};
// Months are Vietnamese months (UTC+7): from 00:00 to 06:59 on the 1st the UTC month is still the
// previous one. "Now" is the process clock, which MOTCUA_TEST_NOW fixes (src/test/test-now.ts).
const vnNow = new Date(Date.now() + 7 * 3_600_000);
const month = (offset: number) => new Date(Date.UTC(vnNow.getUTCFullYear(), vnNow.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
const lastDay = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
const FROM = `${month(-5)}-01`;
const TO = lastDay(month(0));

before(async () => {
  t = await startTestApp({ demoDossiers: 240 });
  for (const r of ['admin', 'provincial_office', 'unit_leader', 'specialist', 'citizen', 'one_stop_officer']) tokens[r] = await t.login(r);
});
after(async () => t?.close());

const get = (url: string, token?: string) => t.request({ method: 'GET', url, token });
const startExport = (body: unknown, token = tokens.provincial_office) => t.request({ method: 'POST', url: '/api/v1/quality/exports', token, body });
const exportJob = (id: string, token = tokens.provincial_office) => get(`/api/v1/quality/exports/${id}`, token);
const exportFile = (id: string, token = tokens.provincial_office) => get(`/api/v1/quality/exports/${id}/file`, token);
const count = async (table: string, where = sql`true`) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(t.database.db)).rows[0].n;

describe('quality read model on dossiers made by the real dossier service', () => {
  test('outbox deliveries (quality.dossier_changed) rebuild the same counters as the full recomputation from the log', async () => {
    const db = t.database.db;
    const q = createQualityService({ database: t.database, calendar: t.deps.calendar, clock: t.deps.clock });
    const fromLog = { c: await counterDigest(db), f: await factDigest(db) }; // seedQuality built it from the log
    assert.ok(fromLog.f.rows > 200);
    await t.database.transaction((tx) => clearReadModel(tx));
    // The seed's rebuild settled the rows it covered (quality.seed.ts): they are replayed here.
    await sql`UPDATE outbox SET delivered_at = NULL WHERE topic = 'quality.dossier_changed'`.execute(db);
    const pending = await count('outbox', sql`topic = 'quality.dossier_changed' AND delivered_at IS NULL`);
    assert.ok(pending > 500, `one row per action: ${pending}`);
    // The module's own handler, on a worker that serves only this topic (the other topics' sandbox deliveries are not under test).
    const worker = new OutboxWorker(t.database, { batchSize: 100 });
    worker.register(TOPIC_DOSSIER_CHANGED, dossierChangedHandler(t.database, q));
    for (let i = 0; i < 400 && (await worker.runOnce()) > 0; i++);
    assert.equal(await count('outbox', sql`topic = 'quality.dossier_changed' AND delivered_at IS NULL`), 0);
    const incremental = { c: await counterDigest(db), f: await factDigest(db) };
    assert.deepEqual(incremental, fromLog);
    await q.recomputeFromLog();
    assert.deepEqual({ c: await counterDigest(db), f: await factDigest(db) }, fromLog);
  });
});

describe('GET /api/v1/quality/indicators (public)', () => {
  test('the province: every indicator with numbers as JSON numbers, a score and a provisional band', async () => {
    const r = await get(`/api/v1/quality/indicators?from=${FROM}&to=${TO}`);
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.equal(b.indicators.length, 19);
    for (const i of b.indicators) {
      for (const k of ['code', 'name', 'group']) assert.equal(typeof i[k], 'string');
      for (const k of ['numerator', 'denominator', 'maxPoints']) assert.equal(typeof i[k], 'number');
      assert.ok(i.points === null || typeof i.points === 'number');
    }
    const p = b.indicators.find((i: { code: string }) => i.code === 'DVC_PROGRESS');
    assert.ok(p.denominator > 100 && p.numerator <= p.denominator);
    assert.equal(b.timeliness.onTime + b.timeliness.late, b.timeliness.total);
    assert.equal(typeof b.score.total, 'number');
    assert.ok(['tot', 'kha', 'trung_binh', 'yeu'].includes(b.score.band));
    assert.equal(b.score.bandProvisional, true);
    const s54 = b.indicators.find((i: { code: string }) => i.code === 'DOSSIER_RECEIVING_SATISFACTION');
    assert.equal(s54.status, 'ok', '5.4 is computed from the dossiers and their ratings');
    assert.equal(s54.denominator, b.satisfaction.received);
    assert.doesNotMatch(s54.note, /chưa được triển khai/);
  });

  test('one agency and one administrative unit are parts of the province', async () => {
    const d = (await get(`/api/v1/quality/dashboard?from=${FROM}&to=${TO}`)).json();
    assert.ok(d.items.length >= 2);
    assert.equal(d.items[0].rank, 1);
    const sum = d.items.reduce((s: number, it: { timeliness: { total: number } }) => s + it.timeliness.total, 0);
    assert.equal(sum, d.summary.timeliness.total);
    const a = d.items[0].agency;
    const one = (await get(`/api/v1/quality/indicators?from=${FROM}&to=${TO}&agency=${a.id}`)).json();
    assert.equal(one.timeliness.total, d.items[0].timeliness.total);
    const unit = await get(`/api/v1/quality/indicators?from=${FROM}&to=${TO}&adminUnit=${a.unitCode}`);
    assert.equal(unit.statusCode, 200, unit.body);
    assert.ok(unit.json().timeliness.total >= one.timeliness.total);
  });

  const bad: [string, string][] = [
    ['not a date', '/api/v1/quality/indicators?from=2026-13-01&to=2026-12-31'],
    ['missing to', '/api/v1/quality/indicators?from=2026-01-01'],
    ['from after to', '/api/v1/quality/indicators?from=2026-05-01&to=2026-04-01'],
    ['agency not a uuid', '/api/v1/quality/indicators?from=2026-01-01&to=2026-01-31&agency=abc'],
    ['bad month', '/api/v1/quality/late?month=2026-13'],
  ];
  for (const [name, url] of bad) {
    test(`bad input → 400 problem+json: ${name}`, async () => {
      const r = await get(url, tokens.provincial_office);
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.headers['content-type'] as string, /problem\+json/);
      assert.ok(r.json().code);
    });
  }
});

describe('drill-down, late lists, explanations', () => {
  let lateDossier: { id: string; agency: { id: string } };

  test('drill-down from 2.1 lists the late dossiers behind the lost points', async () => {
    const r = await get(`/api/v1/quality/indicators/DVC_PROGRESS/dossiers?from=${FROM}&to=${TO}&limit=500`, tokens.provincial_office);
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    const ind = (await get(`/api/v1/quality/indicators?from=${FROM}&to=${TO}`)).json();
    assert.equal(b.total, ind.timeliness.late);
    assert.ok(b.items.length > 0 && b.items.every((x: { code: string }) => typeof x.code === 'string'));
    lateDossier = b.items.find((x: { agency: { name: string } }) => /Tư pháp/.test(x.agency.name)) ?? b.items[0];
  });

  test('drill-down access: anonymous 401, citizen 403, a leader of another agency 403, own agency 200', async () => {
    const url = `/api/v1/quality/indicators/DVC_PROGRESS/dossiers?from=${FROM}&to=${TO}`;
    assert.equal((await get(url)).statusCode, 401);
    assert.equal((await get(url, tokens.citizen)).statusCode, 403);
    const d = (await get(`/api/v1/quality/dashboard?from=${FROM}&to=${TO}`)).json();
    const other = d.items.find((it: { agency: { name: string } }) => !/Tư pháp/.test(it.agency.name));
    assert.equal((await get(`${url}&agency=${other.agency.id}`, tokens.unit_leader)).statusCode, 403);
    const own = await get(url, tokens.unit_leader);
    assert.equal(own.statusCode, 200);
    assert.ok(own.json().items.every((x: { agency: { name: string } }) => /Tư pháp/.test(x.agency.name)));
  });

  test('late list of a month: agencies and officers, explanations missing; leaders only', async () => {
    const m = month(-1);
    const r = await get(`/api/v1/quality/late?month=${m}`, tokens.provincial_office);
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.ok(b.agencies.length > 0);
    assert.equal(b.totals.missing, b.totals.late - b.totals.explained);
    assert.equal((await get(`/api/v1/quality/late?month=${m}`)).statusCode, 401);
    assert.equal((await get(`/api/v1/quality/late?month=${m}`, tokens.specialist)).statusCode, 403);
  });

  test('explanation: bad body 400 changes nothing; another agency 403; own agency 200 with audit and outbox rows', async () => {
    const tuPhap = (await get(`/api/v1/quality/indicators/DVC_PROGRESS/dossiers?from=${FROM}&to=${TO}&limit=500`, tokens.unit_leader)).json().items[0];
    assert.ok(tuPhap, 'Sở Tư pháp has a late dossier in the demo');
    const url = `/api/v1/quality/late/${tuPhap.id}/explanation`;
    const before = await count('quality_late_explanation');
    const bad = await t.request({ method: 'PUT', url, token: tokens.unit_leader, body: { cause: 'workload', reason: 'Quá tải hồ sơ cuối năm', extra: 1 } });
    assert.equal(bad.statusCode, 400);
    const bad2 = await t.request({ method: 'PUT', url, token: tokens.unit_leader, body: { cause: 'weather', reason: 'Mưa bão kéo dài nhiều ngày' } });
    assert.equal(bad2.statusCode, 400);
    assert.equal(await count('quality_late_explanation'), before);
    const notMine = lateDossier.agency.id !== tuPhap.agency.id ? lateDossier : null;
    if (notMine)
      assert.equal(
        (
          await t.request({
            method: 'PUT',
            url: `/api/v1/quality/late/${notMine.id}/explanation`,
            token: tokens.unit_leader,
            body: { cause: 'workload', reason: 'Quá tải hồ sơ cuối năm' },
          })
        ).statusCode,
        403,
      );
    assert.equal((await t.request({ method: 'PUT', url, body: { cause: 'workload', reason: 'Quá tải hồ sơ cuối năm' } })).statusCode, 401);
    const audits = await count('audit_log', sql`action LIKE 'quality.explanation%'`);
    const ok = await t.request({
      method: 'PUT',
      url,
      token: tokens.unit_leader,
      body: { cause: 'workload', reason: 'Quá tải hồ sơ cuối năm, thiếu chuyên viên', remedy: 'Bổ sung chuyên viên' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().causeName, 'Khối lượng hồ sơ lớn, thiếu nhân lực');
    assert.equal(await count('audit_log', sql`action LIKE 'quality.explanation%'`), audits + 1);
    assert.equal(await count('outbox', sql`topic = 'quality.late_explained'`), 0, 'audit-only topic (src/platform/outbox.topics.ts)');
    const read = await get(url, tokens.unit_leader);
    assert.equal(read.json().reason, 'Quá tải hồ sơ cuối năm, thiếu chuyên viên');
    const again = (await get(`/api/v1/quality/indicators/DVC_PROGRESS/dossiers?from=${FROM}&to=${TO}&limit=500`, tokens.unit_leader))
      .json()
      .items.find((x: { id: string }) => x.id === tuPhap.id);
    assert.equal(again.explained, true);
  });

  test('publishing a closed month: province roles only, once; then public', async () => {
    const m = month(-1);
    const body = { month: m };
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/quality/late/publish', token: tokens.unit_leader, body })).statusCode, 403);
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/quality/late/publish', token: tokens.provincial_office, body: { month: month(0) } })).statusCode,
      422,
    );
    assert.equal((await get(`/api/v1/quality/late/published?month=${m}`)).statusCode, 404);
    const r = await t.request({ method: 'POST', url: '/api/v1/quality/late/publish', token: tokens.provincial_office, body });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/quality/late/publish', token: tokens.provincial_office, body })).statusCode, 422);
    const pub = await get(`/api/v1/quality/late/published?month=${m}`);
    assert.equal(pub.statusCode, 200);
    assert.ok(pub.json().agencies.length > 0);
    assert.ok(!JSON.stringify(pub.json()).includes('applicant'));
    assert.equal(await count('audit_log', sql`action = 'quality.late_published'`), 1);
  });

  test('XLSX export of the ranking and the indicators, as a job with progress (issue 23)', async () => {
    const steps: Step[] = [];
    const seen: { phase: string; processed: number; total: number; status: string }[] = [];
    let early: { statusCode: number; code: string } | null = null;
    const off = onProgressStep(QUALITY_EXPORT_JOB, async (id, step) => {
      steps.push(step);
      if (step.processed === 0)
        early = await (async () => {
          const r = await exportFile(id);
          return { statusCode: r.statusCode, code: r.json().code };
        })();
      const j = (await exportJob(id)).json();
      seen.push({ phase: j.phase, processed: j.processed, total: j.total, status: j.status });
    });
    let id = '';
    try {
      const r = await startExport({ from: FROM, to: TO });
      assert.equal(r.statusCode, 202, r.body);
      id = r.json().id;
      await jobSettled(id);
    } finally {
      off();
    }
    assert.deepEqual(early, { statusCode: 409, code: 'job_not_done' }, 'no file before the job is done');
    assert.deepEqual(steps, [
      { phase: 'ranking', processed: 0, total: 3 },
      { phase: 'indicators', processed: 1, total: 3 },
      { phase: 'writing', processed: 2, total: 3 },
    ]);
    assert.deepEqual(
      seen,
      steps.map((s) => ({ ...s, status: 'running' })),
      'the progress route shows each step while it runs',
    );
    const done = (await exportJob(id)).json();
    assert.equal(done.status, 'done', JSON.stringify(done.errors));
    assert.deepEqual(
      [done.processed, done.total, done.result.from, done.result.to, done.result.level, done.result.fileName],
      [3, 3, FROM, TO, null, `chi-so-766-${FROM}-${TO}.xlsx`],
    );

    const r = await exportFile(id);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-disposition'], `attachment; filename="chi-so-766-${FROM}-${TO}.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Xếp hạng', 'Chỉ số toàn tỉnh'],
    );
    assert.equal(wb.getWorksheet('Xếp hạng')!.getRow(5).getCell(1).value, 1);
    // Issue 23: each sheet's header stays frozen, every column has a width, figures are numbers.
    for (const ws of wb.worksheets) {
      assert.deepEqual([ws.views[0]?.state, (ws.views[0] as { ySplit?: number } | undefined)?.ySplit], ['frozen', 4], ws.name);
      for (let c = 1; c <= ws.getRow(4).cellCount; c++) assert.ok((ws.getColumn(c).width ?? 0) > 0, `${ws.name}: column ${c} has a width`);
    }
    const ranking = wb.getWorksheet('Xếp hạng')!;
    assert.equal(typeof ranking.getRow(5).getCell(3).value, 'number', 'points are numbers');
    // The ranking's rows are the dashboard's agencies, in its order.
    const dash = (await get(`/api/v1/quality/dashboard?from=${FROM}&to=${TO}`)).json();
    const names: unknown[] = [];
    ranking.eachRow((row, n) => {
      if (n > 4) names.push(row.getCell(2).value);
    });
    assert.deepEqual(
      names,
      dash.items.map((i: { agency: { name: string } }) => i.agency.name),
    );
    assert.equal(done.result.agencies, dash.items.length);

    // Only the leader who started it sees it.
    assert.equal((await exportJob(id, tokens.unit_leader)).statusCode, 404);
    assert.equal((await exportFile(id, tokens.unit_leader)).statusCode, 404);
    assert.equal((await exportJob(id, tokens.citizen)).statusCode, 403);
  });

  test('QĐ 766 export: bad input is a 400 with a code and records no job; leaders only', async () => {
    const jobs = await count('progress_job');
    const reversed = await startExport({ from: TO, to: FROM });
    assert.equal(reversed.statusCode, 400);
    assert.equal(reversed.json().code, 'invalid_period');
    assert.match(String(reversed.headers['content-type']), /problem\+json/);
    assert.equal((await startExport({ from: '1999-01-01', to: TO })).json().code, 'invalid_period');
    assert.equal((await startExport({ from: FROM, to: TO, level: 'planet' })).statusCode, 400);
    assert.equal((await startExport({ from: FROM, to: TO, agency: 'x' })).statusCode, 400);
    assert.equal((await startExport({ from: FROM })).statusCode, 400);
    assert.equal((await startExport({ from: FROM, to: TO }, tokens.specialist)).statusCode, 403);
    assert.equal((await startExport({ from: FROM, to: TO }, tokens.citizen)).statusCode, 403);
    assert.equal(await count('progress_job'), jobs);
  });

  test('trend: twelve monthly scores', async () => {
    const r = await get(`/api/v1/quality/trend?to=${month(0)}&months=6`);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().items.length, 6);
  });

  test('rebuild: admin only', async () => {
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/quality/rebuild', token: tokens.provincial_office, body: {} })).statusCode, 403);
    const r = await t.request({ method: 'POST', url: '/api/v1/quality/rebuild', token: tokens.admin, body: {} });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(r.json().dossiers > 200);
  });
});
