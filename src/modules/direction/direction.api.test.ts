import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../test/harness.js';
import type { Actor } from '../../platform/context.js';
import { createDirectionService, QUALITY_FRESH_MS, QUALITY_STALE_MS } from './direction.service.js';

let t: TestApp;
let tokens: Record<string, string> = {};

before(async () => {
  t = await startTestApp({ demoDossiers: 240 });
  tokens = await t.logins(['province_leader', 'provincial_office', 'unit_leader', 'specialist', 'citizen', 'admin']);
  await t.deps.jobs.runNow('direction.risk');
});
after(async () => t?.close());

interface Ind {
  code: string;
  value: number | null;
  agencies: { agency: { id: string } | null; value: number }[];
  agencyCount: number;
  note: string | null;
}
interface CentreOut {
  indicators: Ind[];
  scope: string;
  agencyIds: string[] | null;
  days: number;
  period: { from: string; to: string };
}
const get = (url: string, token?: string) => t.request({ method: 'GET', url, token });
const centre = async (token: string, q = '') => {
  const r = await get(`/api/v1/direction/centre${q}`, token);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as CentreOut;
};
const ind = (c: CentreOut, code: string) => c.indicators.find((i) => i.code === code)!;
const n = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(t.database.db)).rows[0].n;
const monthStart = () => new Date(`${new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7)}-01T00:00:00+07:00`);

describe('direction centre', () => {
  test('every seeded indicator is on the centre, and its numbers match the items counted directly', async () => {
    const c = await centre(tokens.province_leader);
    assert.equal(c.scope, 'province');
    for (const code of [
      'DOSSIER_RECEIVED',
      'DOSSIER_RESOLVED',
      'DOSSIER_ON_TIME_RATE',
      'DOSSIER_OVERDUE',
      'DOSSIER_AT_RISK',
      'QUALITY_766_SCORE',
      'TASK_OVERDUE',
      'TASK_DUE_SOON',
      'REPORT_MISSING',
      'REPORT_LATE',
      'FEEDBACK_OVERDUE',
      'SIPAS_GAP',
      'PAR_INDEX_GAP',
      'PAPI_GAP',
      'PCI_GAP',
    ]) {
      assert.ok(ind(c, code), code);
    }
    // The on-time rate cites the law in force per dossier, not Nghị định 61/2018 alone (direction migration 003).
    assert.match(
      (ind(c, 'DOSSIER_ON_TIME_RATE') as unknown as { definition: string }).definition,
      /Nghị định 118\/2025\/NĐ-CP với hồ sơ tiếp nhận từ 01\/07\/2025/,
    );
    const from = monthStart();
    const overdue = await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier WHERE status IN (2, 4, 5, 6) AND appointment_current < now()`);
    assert.ok(overdue > 0, 'the demo data has overdue dossiers');
    assert.equal(ind(c, 'DOSSIER_OVERDUE').value, overdue);
    assert.equal(
      ind(c, 'DOSSIER_RECEIVED').value,
      await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier WHERE received_at >= ${from} AND received_at <= now()`),
    );
    const resolved = await n(
      sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier WHERE status IN (9, 10) AND processing_ended_at >= ${from} AND processing_ended_at <= now()`,
    );
    assert.equal(ind(c, 'DOSSIER_RESOLVED').value, resolved);
    const onTime = await n(
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM dossier WHERE status IN (9, 10) AND processing_ended_at >= ${from} AND processing_ended_at <= now() AND (appointment_current IS NULL OR processing_ended_at <= appointment_current)`,
    );
    assert.equal(ind(c, 'DOSSIER_ON_TIME_RATE').value, resolved ? Math.round((1000 * onTime) / resolved) / 10 : null);
    const fb = await n(
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM feedback WHERE (status = 'received' AND classify_due_at < now()) OR (status = 'forwarded' AND handle_due_at < now()) OR (status = 'answered' AND publish_due_at < now())`,
    );
    assert.equal(ind(c, 'FEEDBACK_OVERDUE').value, fb);
    const tasks = await n(sql<{
      n: number;
    }>`SELECT count(DISTINCT t.id)::int AS n FROM task t JOIN task_occurrence o ON o.task_id = t.id JOIN task_agency ta ON ta.task_id = t.id AND ta.role = 'lead'
      WHERE o.status NOT IN ('done', 'done_late', 'cannot_do') AND o.due_on < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`);
    assert.equal(ind(c, 'TASK_OVERDUE').value, tasks);
    // the agencies behind a number add up to it (each dossier answers to one agency)
    assert.equal(ind(c, 'DOSSIER_OVERDUE').agencies.length <= 10, true);
    const overdueByAgency = await n(
      sql<{
        n: number;
      }>`SELECT count(DISTINCT coalesce(lead_agency_id, receiving_agency_id))::int AS n FROM dossier WHERE status IN (2, 4, 5, 6) AND appointment_current < now()`,
    );
    assert.equal(ind(c, 'DOSSIER_OVERDUE').agencyCount, overdueByAgency);
    const flagged = await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM direction_risk WHERE flagged AND due_at >= now()`);
    assert.ok(ind(c, 'DOSSIER_AT_RISK').value! <= flagged);
  });

  test('scope: a unit leader sees its own agency only; another agency is refused; citizens and specialists are refused', async () => {
    const own = await t.agencyId('Sở Tư pháp tỉnh Thanh Hóa');
    const c = await centre(tokens.unit_leader);
    assert.equal(c.scope, 'agencies');
    assert.ok(c.agencyIds!.includes(own));
    for (const i of c.indicators)
      for (const a of i.agencies) if (a.agency) assert.ok(c.agencyIds!.includes(a.agency.id), `${i.code}: ${a.agency.id} out of scope`);
    const overdue = await n(
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM dossier WHERE status IN (2, 4, 5, 6) AND appointment_current < now() AND coalesce(lead_agency_id, receiving_agency_id) = ANY(${c.agencyIds}::uuid[])`,
    );
    assert.equal(ind(c, 'DOSSIER_OVERDUE').value, overdue);
    const other = await t.agencyId('Sở Tài chính tỉnh Thanh Hóa');
    assert.equal((await get(`/api/v1/direction/centre?agencyId=${other}`, tokens.unit_leader)).statusCode, 403);
    assert.equal((await get(`/api/v1/direction/indicators/DOSSIER_OVERDUE/items?agencyId=${other}`, tokens.unit_leader)).statusCode, 403);
    assert.equal((await get('/api/v1/direction/centre', tokens.citizen)).statusCode, 403);
    assert.equal((await get('/api/v1/direction/centre', tokens.specialist)).statusCode, 403);
    assert.equal((await get('/api/v1/direction/centre')).statusCode, 401);
    // the province leader may look at one agency
    const one = await centre(tokens.province_leader, `?agencyId=${other}`);
    assert.deepEqual(one.agencyIds, [other]);
  });

  test('drill-down: the items behind a number, with the responsible agency or officer', async () => {
    const c = await centre(tokens.province_leader);
    for (const code of ['DOSSIER_OVERDUE', 'DOSSIER_RECEIVED', 'DOSSIER_AT_RISK', 'TASK_OVERDUE', 'FEEDBACK_OVERDUE', 'REPORT_MISSING']) {
      const r = await get(`/api/v1/direction/indicators/${code}/items?limit=500`, tokens.province_leader);
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json() as { items: { kind: string; agency: unknown; responsible: unknown; detail: string | null }[]; total: number };
      assert.equal(body.total, ind(c, code).value, code);
      if (code !== 'TASK_OVERDUE') for (const it of body.items) assert.ok(it.agency, `${code} item without agency`);
      if (code === 'DOSSIER_AT_RISK') for (const it of body.items) assert.match(it.detail ?? '', /ngày làm việc/);
    }
    const od = (await get('/api/v1/direction/indicators/DOSSIER_OVERDUE/items?limit=5', tokens.province_leader)).json() as {
      items: { responsible: { id: string } | null }[];
    };
    assert.ok(
      od.items.some((i) => i.responsible),
      'an overdue dossier names its officer or its agency leader',
    );
    assert.equal((await get('/api/v1/direction/indicators/NO_SUCH/items', tokens.province_leader)).statusCode, 404);
  });

  test('prompt (đôn đốc): recorded with who/when/what/target, audited, queued and delivered; idempotent; read-only elsewhere', async () => {
    const od = (await get('/api/v1/direction/indicators/DOSSIER_OVERDUE/items?limit=1', tokens.province_leader)).json() as {
      items: { id: string; responsible: { id: string } | null }[];
    };
    const target = od.items[0];
    const body = { indicatorCode: 'DOSSIER_OVERDUE', subjectKind: 'dossier', subjectId: target.id, message: 'Đề nghị giải quyết ngay, báo cáo trước 17 giờ.' };
    const send = () =>
      t.request({ method: 'POST', url: '/api/v1/direction/prompts', token: tokens.province_leader, body, headers: { 'idempotency-key': 'prompt-test-0001' } });
    const r = await send();
    assert.equal(r.statusCode, 201, r.body);
    const p = r.json() as { id: string; recipients: { id: string }[] };
    assert.ok(p.recipients.length >= 1);
    const again = await send();
    assert.equal((again.json() as { id: string }).id, p.id, 'same key, same prompt');
    assert.equal(
      await n(
        sql<{ n: number }>`SELECT count(*)::int AS n FROM direction_prompt WHERE id = ${p.id} AND subject_id = ${target.id} AND message = ${body.message}`,
      ),
      1,
    );
    assert.equal(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM direction_prompt WHERE subject_id = ${target.id}`), 1);
    assert.equal(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'direction.prompt' AND entity_id = ${target.id}`), 1);
    assert.equal(
      await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'direction.prompt' AND payload->>'promptId' = ${p.id}`),
      p.recipients.length,
    );
    await t.deps.outbox.drain();
    assert.equal(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'direction.prompt' AND delivered_at IS NULL`), 0);
    // It reached the responsible person's notification centre, once.
    assert.equal(
      await n(
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM notification WHERE recipient_id = ${p.recipients[0].id} AND kind = 'direction.prompt' AND dedupe_key = ${`direction.prompt:${p.id}:${p.recipients[0].id}`}`,
      ),
      1,
    );
    const list = (await get(`/api/v1/direction/prompts?subjectKind=dossier&subjectId=${target.id}`, tokens.province_leader)).json() as {
      items: { id: string }[];
    };
    assert.deepEqual(
      list.items.map((i) => i.id),
      [p.id],
    );
    // refused: a citizen, a specialist, an item outside a unit leader's scope, an unknown item
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/direction/prompts', token: tokens.citizen, body })).statusCode, 403);
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/direction/prompts', token: tokens.specialist, body })).statusCode, 403);
    const ul = await centre(tokens.unit_leader);
    const outside = await sql<{
      id: string;
    }>`SELECT id FROM dossier WHERE NOT (coalesce(lead_agency_id, receiving_agency_id) = ANY(${ul.agencyIds}::uuid[])) LIMIT 1`.execute(t.database.db);
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/direction/prompts', token: tokens.unit_leader, body: { ...body, subjectId: outside.rows[0].id } }))
        .statusCode,
      404,
    );
    assert.equal(
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/direction/prompts',
          token: tokens.province_leader,
          body: { ...body, subjectId: '00000000-0000-4000-8000-00000000abcd' },
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/direction/prompts', token: tokens.province_leader, body: { ...body, extra: 1 } })).statusCode,
      400,
    );
    // the province leader changes nothing else: a staff write route refuses it
    const task = await sql<{ id: string }>`SELECT id FROM task LIMIT 1`.execute(t.database.db);
    const w = await t.request({ method: 'POST', url: `/api/v1/tasks/${task.rows[0].id}/progress`, token: tokens.province_leader, body: {} });
    assert.equal(w.statusCode, 403);
    assert.match(w.body, /chỉ được xem/);
  });

  test('catalogue: a province adds a formula indicator (no SQL), edits it with its version, and the centre computes it', async () => {
    const bad = [
      { formula: 'SELECT 1', code: 'X_BAD' },
      { formula: 'DOSSIER_OVERDUE; DROP TABLE dossier', code: 'X_BAD' },
      { formula: 'NO_SUCH_INDICATOR + 1', code: 'X_BAD' },
      { formula: 'X_SELF + 1', code: 'X_SELF' },
    ];
    const base = {
      nameVi: 'Tỷ lệ quá hạn trên tiếp nhận',
      nameEn: 'Overdue per received',
      definition: 'Thử nghiệm',
      owner: 'Văn phòng UBND tỉnh',
      unit: 'percent',
      direction: 'down',
      target: 5,
    };
    for (const b of bad) {
      const r = await t.request({ method: 'POST', url: '/api/v1/direction/indicators', token: tokens.admin, body: { ...base, ...b } });
      assert.equal(r.statusCode, 400, `${b.formula}: ${r.body}`);
      assert.equal((r.json() as { code: string }).code, 'invalid_formula');
    }
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/direction/indicators', token: tokens.province_leader, body: { ...base, code: 'X_OK', formula: '1' } }))
        .statusCode,
      403,
    );
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/direction/indicators',
      token: tokens.admin,
      body: { ...base, code: 'OVERDUE_SHARE', formula: '100 * DOSSIER_OVERDUE / (DOSSIER_RECEIVED + 1)' },
    });
    assert.equal(r.statusCode, 201, r.body);
    const created = r.json() as { version: number };
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/direction/indicators', token: tokens.admin, body: { ...base, code: 'OVERDUE_SHARE', formula: '1' } }))
        .statusCode,
      409,
    );
    const c = await centre(tokens.province_leader);
    const want = (100 * ind(c, 'DOSSIER_OVERDUE').value!) / (ind(c, 'DOSSIER_RECEIVED').value! + 1);
    assert.equal(ind(c, 'OVERDUE_SHARE').value, Math.round(want * 1000) / 1000);
    const u = await t.request({
      method: 'PATCH',
      url: '/api/v1/direction/indicators/OVERDUE_SHARE',
      token: tokens.admin,
      body: { version: created.version, formula: 'DOSSIER_OVERDUE * 2' },
    });
    assert.equal(u.statusCode, 200, u.body);
    assert.equal(
      (
        await t.request({
          method: 'PATCH',
          url: '/api/v1/direction/indicators/OVERDUE_SHARE',
          token: tokens.admin,
          body: { version: created.version, target: 1 },
        })
      ).statusCode,
      409,
    );
    assert.equal(
      (await t.request({ method: 'PATCH', url: '/api/v1/direction/indicators/DOSSIER_OVERDUE', token: tokens.admin, body: { version: 1, formula: '1' } }))
        .statusCode,
      400,
    );
    const c2 = await centre(tokens.province_leader);
    assert.equal(ind(c2, 'OVERDUE_SHARE').value, ind(c2, 'DOSSIER_OVERDUE').value! * 2);
    assert.equal(
      await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'direction.indicator.%' AND entity_id = 'OVERDUE_SHARE'`),
      2,
    );
  });

  test('late-risk estimate on a dossier detail, and exports for the monthly meeting', async () => {
    const open = await sql<{ id: string }>`SELECT d.id FROM dossier d JOIN direction_risk r ON r.dossier_id = d.id LIMIT 1`.execute(t.database.db);
    const r = await get(`/api/v1/direction/risk/dossiers/${open.rows[0].id}`, tokens.provincial_office);
    assert.equal(r.statusCode, 200, r.body);
    assert.match((r.json() as { reason: string }).reason, /ngày làm việc|lịch sử/);
    // A dossier in processing: the steps still ahead, the one under way first, named as the lead agency's workflow names them,
    // each with its typical duration measured on the finished dossiers of the same procedure.
    const inStep = await sql<{
      id: string;
      step: number;
      procedure_code: string;
    }>`SELECT d.id, (d.state->>'currentStep')::int AS step, d.procedure_code FROM dossier d
      WHERE d.status = 4 AND d.appointment_current IS NOT NULL AND d.state->>'currentStep' IS NOT NULL ORDER BY d.code LIMIT 1`.execute(t.database.db);
    type RiskOut = {
      probability: number | null;
      step: number | null;
      stepName: string | null;
      steps: { index: number; name: string; typicalDays: number | null; samples: number; current: boolean }[];
    };
    const d = inStep.rows[0];
    const rs = (await get(`/api/v1/direction/risk/dossiers/${d.id}`, tokens.provincial_office)).json() as RiskOut;
    assert.equal(rs.step, d.step);
    assert.equal(rs.steps[0].index, d.step);
    assert.equal(rs.steps[0].current, true);
    assert.ok(rs.steps.slice(1).every((s, i) => !s.current && s.index === d.step + 1 + i));
    assert.equal(rs.stepName, rs.steps[0].name);
    assert.doesNotMatch(rs.steps.map((s) => s.name).join('|'), /Tiếp nhận, kiểm tra hồ sơ|Trả kết quả/, "one-stop steps are not the lead agency's");
    assert.ok(
      rs.steps.every((s) => !/^Bước \d+$/.test(s.name)),
      `the workflow's own names: ${rs.steps.map((s) => s.name).join(' | ')}`,
    );
    const first = await sql<{
      id: string;
    }>`SELECT d.id FROM dossier d WHERE d.status = 4 AND d.appointment_current IS NOT NULL AND d.state->>'currentStep' = '0' ORDER BY d.code LIMIT 1`.execute(
      t.database.db,
    );
    const ahead = (await get(`/api/v1/direction/risk/dossiers/${first.rows[0].id}`, tokens.provincial_office)).json() as RiskOut;
    assert.ok(ahead.steps.length >= 2, 'from the first step, the later ones are ahead too');
    // The typical duration of the step under way is the median of that step in finished dossiers of the procedure, from the action log.
    const finished = await sql<{ n: number }>`SELECT count(DISTINCT d.id)::int AS n FROM dossier d JOIN dossier_action a ON a.dossier_id = d.id
      WHERE d.status IN (9, 10) AND d.procedure_code = ${d.procedure_code} AND a.step = ${d.step} AND a.to_status = 4 AND d.processing_ended_at > now() - interval '365 days'`.execute(
      t.database.db,
    );
    assert.equal(rs.steps[0].samples, finished.rows[0].n);
    assert.equal(rs.steps[0].typicalDays === null, finished.rows[0].n === 0);
    assert.equal((await get(`/api/v1/direction/risk/dossiers/${open.rows[0].id}`, tokens.citizen)).statusCode, 403);

    const pdf = await get('/api/v1/direction/export.pdf', tokens.province_leader);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const x = await get('/api/v1/direction/export.xlsx', tokens.province_leader);
    assert.equal(x.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Chỉ số')!;
    assert.equal(ws.views[0].state, 'frozen');
    const row = ws.getRow(2 + (await centre(tokens.province_leader)).indicators.findIndex((i) => i.code === 'DOSSIER_OVERDUE'));
    assert.equal(row.getCell(1).value, 'DOSSIER_OVERDUE');
    assert.equal(typeof row.getCell(3).value, 'number');
    assert.ok(row.getCell(8).value instanceof Date);
    assert.ok((ws.getColumn(2).width ?? 0) > 30);
  });

  test("the month's QĐ 766 ranking is reused for a minute, served while it is recomputed until ten, and recomputed before answering after", async () => {
    const t0 = new Date();
    let at = t0;
    let tick = 0;
    const svc = createDirectionService(t.database, { clock: () => at, ticks: () => tick, calendar: t.deps.calendar, quality: t.deps.quality });
    const leader = {
      id: '00000000-0000-0000-0000-000000000001',
      username: 'x',
      fullName: 'x',
      kind: 'staff',
      roles: ['province_leader'],
      agencyId: null,
      agency: null,
      sessionId: 's',
    } satisfies Actor;
    const computedAt = async () => (await svc.centre(leader, {})).quality!.computedAt;
    assert.equal(await computedAt(), t0.toISOString());
    const q766 = (await svc.centre(leader, {})).indicators.find((i) => i.code === 'QUALITY_766_SCORE')!;
    assert.match(q766.refresh, /60 giây/, 'the catalogue says how fresh it is (direction migration 002)');
    const later = (ms: number) => {
      tick += ms;
      at = new Date(at.getTime() + ms);
    };
    later(QUALITY_FRESH_MS - 1);
    assert.equal(await computedAt(), t0.toISOString(), 'fresh: reused');
    later(2);
    const staleAt = at.toISOString();
    assert.equal(await computedAt(), t0.toISOString(), 'stale: the last one is served at once…');
    let seen = t0.toISOString();
    while (seen === t0.toISOString()) seen = await computedAt(); // …while one recomputation runs (no fixed wait)
    assert.equal(seen, staleAt, 'the recomputation started when the stale one was served');
    later(QUALITY_STALE_MS);
    assert.equal(await computedAt(), at.toISOString(), 'too old: recomputed before answering');
  });
});
