import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
const tok: Record<string, string> = {};
let justice = ''; // Sở Tư pháp: the demo specialist's and unit leader's agency
let health = ''; // Sở Y tế: another department
const YEAR = 2031;

const agencyId = (name: string): Promise<string> => t.agencyId(name);
const call = (method: string, url: string, who?: string, body?: unknown) => t.request({ method, url, token: who ? tok[who] : undefined, body });
const count = async (table: string): Promise<number> =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n);

before(async () => {
  t = await startTestApp();
  Object.assign(tok, await t.logins(['admin', 'specialist', 'unit_leader', 'home_affairs', 'citizen', 'one_stop_officer', 'provincial_office']));
  justice = await agencyId('Sở Tư pháp tỉnh Thanh Hóa');
  health = await agencyId('Sở Y tế tỉnh Thanh Hóa');
});
after(async () => {
  await t?.close();
});

// A small tree: 1 (sum, 10) = 1.1 (4, evidence required) + 1.2 (6); 2 (sum, 10) = 2.1 (10); 3 survey (20). Max 40.
const TREE = [
  { code: '1', title: 'Chỉ đạo, điều hành CCHC', maxPoints: 10, rule: 'sum' },
  { code: '1.1', parentCode: '1', title: 'Ban hành kế hoạch CCHC năm đúng hạn', maxPoints: 4, rule: 'manual', evidenceRequired: true },
  { code: '1.2', parentCode: '1', title: 'Báo cáo CCHC định kỳ', maxPoints: 6, rule: 'manual' },
  { code: '2', title: 'Cải cách thủ tục hành chính', maxPoints: 10, rule: 'sum' },
  { code: '2.1', parentCode: '2', title: 'Công khai TTHC', maxPoints: 10, rule: 'manual' },
  { code: '3', title: 'Tác động của CCHC (điều tra xã hội học)', maxPoints: 20, rule: 'survey' },
];

describe('PAR INDEX: tree, self-assessment, appraisal, publication', () => {
  const ids: Record<string, string> = {};

  test('criteria tree: bad input → 400 and nothing stored; wrong role 403; anonymous 401', async () => {
    assert.equal((await call('PUT', `/api/v1/reform/par/${YEAR}/criteria`, undefined, { items: TREE })).statusCode, 401);
    assert.equal((await call('PUT', `/api/v1/reform/par/${YEAR}/criteria`, 'specialist', { items: TREE })).statusCode, 403);
    const bad = await call('PUT', `/api/v1/reform/par/${YEAR}/criteria`, 'home_affairs', { items: [{ ...TREE[0], rule: 'manual' }, TREE[1]] });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().code, 'invalid_criteria_tree');
    const extra = await call('PUT', `/api/v1/reform/par/${YEAR}/criteria`, 'home_affairs', { items: TREE, foo: 1 });
    assert.equal(extra.statusCode, 400);
    assert.equal((await call('GET', `/api/v1/reform/par/${YEAR}/criteria`, 'home_affairs')).json().total, 0);
  });

  test('Sở Nội vụ sets the tree of the year', async () => {
    const r = await call('PUT', `/api/v1/reform/par/${YEAR}/criteria`, 'home_affairs', { items: TREE });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().maxTotal, 40);
    for (const c of r.json().items) ids[c.code] = c.id;
    assert.equal(ids['1.1'] && r.json().items.find((c: { code: string }) => c.code === '1.1').parentId, ids['1']);
  });

  test('self-assessment: own agency only, survey criteria not self-scored, evidence required, range checked', async () => {
    const url = `/api/v1/reform/par/${YEAR}/assessments/${justice}/scores`;
    assert.equal(
      (await call('PUT', `/api/v1/reform/par/${YEAR}/assessments/${health}/scores`, 'specialist', { items: [{ criterionId: ids['1.2'], score: 1 }] }))
        .statusCode,
      403,
    );
    assert.equal((await call('PUT', url, 'specialist', { items: [{ criterionId: ids['3'], score: 10 }] })).json().code, 'not_self_scored');
    assert.equal((await call('PUT', url, 'specialist', { items: [{ criterionId: ids['1.1'], score: 4 }] })).json().code, 'evidence_required');
    assert.equal((await call('PUT', url, 'specialist', { items: [{ criterionId: ids['1.2'], score: 7 }] })).json().code, 'score_out_of_range');
    assert.equal(
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM reform_par_score s JOIN reform_par_assessment a ON a.id = s.assessment_id WHERE a.year = ${YEAR}`.execute(
            t.database.db,
          )
        ).rows[0].n,
      ),
      0,
      'rejected input stored nothing',
    );
    const r = await call('PUT', url, 'specialist', {
      items: [
        { criterionId: ids['1.1'], score: 4, evidence: 'Kế hoạch số 12/KH-STP ngày 20/01/2031', evidenceRefs: ['https://example.invalid/kh-12.pdf'] },
        { criterionId: ids['1.2'], score: 6, evidence: 'Báo cáo quý I–IV' },
        { criterionId: ids['2.1'], score: 9 },
      ],
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().selfTotal, 19);
  });

  test('a second agency self-assessed by the administrator; appraisal needs a submitted assessment', async () => {
    const r = await call('PUT', `/api/v1/reform/par/${YEAR}/assessments/${health}/scores`, 'admin', {
      items: [
        { criterionId: ids['1.1'], score: 2, evidence: 'Kế hoạch số 5/KH-SYT' },
        { criterionId: ids['1.2'], score: 6 },
        { criterionId: ids['2.1'], score: 10 },
      ],
    });
    assert.equal(r.statusCode, 200, r.body);
    const early = await call('POST', `/api/v1/reform/par/${YEAR}/assessments/${health}/appraisals`, 'home_affairs', {
      items: [{ criterionId: ids['2.1'], score: 10 }],
    });
    assert.equal(early.statusCode, 409);
    for (const [who, ag] of [
      ['unit_leader', justice],
      ['admin', health],
    ]) {
      const s = await call('POST', `/api/v1/reform/par/${YEAR}/assessments/${ag}/submit`, who);
      assert.equal(s.statusCode, 200, s.body);
      assert.equal(s.json().status, 'submitted');
    }
    const locked = await call('PUT', `/api/v1/reform/par/${YEAR}/assessments/${justice}/scores`, 'specialist', {
      items: [{ criterionId: ids['1.2'], score: 5 }],
    });
    assert.equal(locked.statusCode, 409);
  });

  test('appraisal: a changed score needs a reason; survey component as %; totals and ranks checked by hand', async () => {
    const url = `/api/v1/reform/par/${YEAR}/assessments/${justice}/appraisals`;
    assert.equal((await call('POST', url, 'specialist', { items: [{ criterionId: ids['1.1'], score: 3, reason: 'x' }] })).statusCode, 403);
    const noReason = await call('POST', url, 'home_affairs', { items: [{ criterionId: ids['1.1'], score: 3 }] });
    assert.equal(noReason.json().code, 'reason_required');
    assert.equal((await call('POST', url, 'home_affairs', { items: [{ criterionId: ids['3'], score: 17 }] })).json().code, 'survey_percent_required');
    // Sở Tư pháp: 1.1 cut 4 → 3; 2.1 confirmed 9; survey 85% × 20 = 17 → 3 + 6 + 9 + 17 = 35.
    const r = await call('POST', url, 'home_affairs', {
      items: [
        { criterionId: ids['1.1'], score: 3, reason: 'Kế hoạch ban hành sau hạn 30/01' },
        { criterionId: ids['2.1'], score: 9 },
        { criterionId: ids['3'], surveyPercent: 85 },
      ],
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().total, 35);
    assert.equal(r.json().status, 'appraised');
    assert.equal(r.json().items.find((i: { code: string }) => i.code === '1.1').appraisalReason, 'Kế hoạch ban hành sau hạn 30/01');
    // Sở Y tế: self 2 + 6 + 10 kept; survey 90% × 20 = 18 → 36.
    const h = await call('POST', `/api/v1/reform/par/${YEAR}/assessments/${health}/appraisals`, 'home_affairs', {
      items: [{ criterionId: ids['3'], surveyPercent: 90 }],
    });
    assert.equal(h.json().total, 36);
    const rank = (await call('GET', `/api/v1/reform/par/${YEAR}/ranking`, 'home_affairs')).json();
    assert.equal(rank.published, false);
    assert.deepEqual(
      rank.items.map((i: { agencyId: string; total: number; rank: number }) => [i.agencyId, i.total, i.rank]),
      [
        [health, 36, 1],
        [justice, 35, 2],
      ],
    );
  });

  test('publication: others see ranks only once published; evidence drill-down for Sở Nội vụ; other agency 403', async () => {
    assert.equal((await call('GET', `/api/v1/reform/par/${YEAR}/ranking`, 'specialist')).statusCode, 404);
    const p = await call('POST', `/api/v1/reform/par/${YEAR}/publish`, 'home_affairs');
    assert.equal(p.statusCode, 200, p.body);
    const seen = (await call('GET', `/api/v1/reform/par/${YEAR}/ranking`, 'specialist')).json();
    assert.deepEqual(
      seen.items.map((i: { rank: number; total: number }) => [i.rank, i.total]),
      [
        [1, 36],
        [2, 35],
      ],
    );
    const d = await call('GET', `/api/v1/reform/par/${YEAR}/assessments/${justice}`, 'home_affairs');
    assert.equal(d.json().items.find((i: { code: string }) => i.code === '1.1').evidence, 'Kế hoạch số 12/KH-STP ngày 20/01/2031');
    assert.equal((await call('GET', `/api/v1/reform/par/${YEAR}/assessments/${health}`, 'specialist')).statusCode, 403);
    assert.equal((await call('PUT', `/api/v1/reform/par/${YEAR}/criteria`, 'home_affairs', { items: TREE })).statusCode, 409, 'tree locked once scored');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'reform.par.%'`.execute(t.database.db);
    assert.ok(audit.rows[0].n >= 7);
  });
});

describe('SIPAS', () => {
  test('questionnaire is public; bad answers → 400 and nothing stored', async () => {
    const q = (await call('GET', '/api/v1/reform/sipas/questionnaire')).json();
    assert.deepEqual(
      q.questions.map((x: { key: string }) => x.key),
      ['access', 'procedure', 'officials', 'result', 'feedback'],
    );
    for (const answers of [{ access: 6 }, { nope: 3 }, {}]) {
      const r = await call('POST', '/api/v1/reform/sipas/responses', undefined, { agencyId: justice, sector: 'administrative', answers });
      assert.equal(r.statusCode, 400, r.body);
    }
    assert.equal(
      (await call('POST', '/api/v1/reform/sipas/responses', undefined, { agencyId: justice, sector: 'police', answers: { access: 3 } })).statusCode,
      400,
    );
    assert.equal(await count('reform_sipas_response'), 0);
  });

  test('index per agency and sector matches the hand computation, with sample sizes', async () => {
    const set = [
      { access: 5, procedure: 4, officials: 3, result: 4, feedback: 2 },
      { access: 4, procedure: 2, officials: 4, result: 5 },
      { access: 3, procedure: 4, officials: 5, result: 5, feedback: 4 },
      { access: 2, procedure: 5, officials: 4, result: 3, feedback: 5 },
    ];
    for (const answers of set) {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/reform/sipas/responses',
        body: { agencyId: justice, sector: 'administrative', channel: 'qr_counter', answers },
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual(r.json(), { received: true });
    }
    await call('POST', '/api/v1/reform/sipas/responses', 'citizen', {
      agencyId: health,
      sector: 'health',
      answers: { access: 5, procedure: 5, officials: 5, result: 5, feedback: 5 },
    });
    const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    const idx = (await call('GET', `/api/v1/reform/sipas/index?year=${year}`, 'home_affairs')).json();
    const j = idx.items.find((i: { agencyId: string; sector: string }) => i.agencyId === justice && i.sector === 'administrative');
    // access 50, procedure 75, officials 75, result 75, feedback 2/3 = 66.67 → mean 68.33
    assert.equal(j.sampleSize, 4);
    assert.equal(j.index, 68.33);
    assert.equal(j.elements.feedback.answers, 3);
    const h = idx.items.find((i: { agencyId: string }) => i.agencyId === health);
    assert.deepEqual([h.sector, h.index, h.sampleSize], ['health', 100, 1]);
    assert.equal(idx.overall.sampleSize, 5);
    // A unit leader sees only their own agency; a citizen may not read the index.
    const own = (await call('GET', `/api/v1/reform/sipas/index?year=${year}`, 'unit_leader')).json();
    assert.deepEqual([...new Set(own.items.map((i: { agencyId: string }) => i.agencyId))], [justice]);
    assert.equal((await call('GET', `/api/v1/reform/sipas/index?year=${year}`, 'citizen')).statusCode, 403);
  });

  test('a response cannot be tied back to a person: no user, IP, dossier or time column; audit row without actor or IP', async () => {
    const cols = (
      await sql<{
        column_name: string;
      }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'reform_sipas_response' ORDER BY column_name`.execute(t.database.db)
    ).rows.map((r) => r.column_name);
    // questionnaire_id names the questionnaire version answered (shared by every respondent), not a person.
    assert.deepEqual(cols, ['agency_id', 'answers', 'channel', 'id', 'questionnaire_id', 'sector', 'submitted_on', 'year']);
    const audit = (
      await sql<{
        actor_id: string | null;
        ip: string | null;
        entity_id: string | null;
      }>`SELECT actor_id, ip, entity_id FROM audit_log WHERE action = 'reform.sipas.respond'`.execute(t.database.db)
    ).rows;
    assert.equal(audit.length, 5);
    assert.ok(audit.every((a) => a.actor_id === null && a.ip === null && a.entity_id === null));
    // reform.sipas.responded is audit-only (src/platform/outbox.topics.ts): no outbox row to carry an address.
    const out = (await sql<{ payload: unknown }>`SELECT payload FROM outbox WHERE topic = 'reform.sipas.responded'`.execute(t.database.db)).rows;
    assert.equal(out.length, 0);
  });
});

describe('reform plans → tasks', () => {
  let planId = '';
  test('bad input → 400, nothing stored; other agency → 403; anonymous → 401', async () => {
    const item = { area: 'procedure', content: 'Rà soát, đơn giản hóa TTHC lĩnh vực hộ tịch', output: 'Báo cáo rà soát', dueOn: `${YEAR}-06-30` };
    assert.equal((await call('POST', '/api/v1/reform/plans', undefined, { year: YEAR, agencyId: justice, items: [item] })).statusCode, 401);
    assert.equal((await call('POST', '/api/v1/reform/plans', 'specialist', { year: YEAR, agencyId: health, items: [item] })).statusCode, 403);
    assert.equal(
      (await call('POST', '/api/v1/reform/plans', 'specialist', { year: YEAR, agencyId: justice, items: [{ ...item, area: 'sports' }] })).statusCode,
      400,
    );
    assert.equal(
      (await call('POST', '/api/v1/reform/plans', 'specialist', { year: YEAR, agencyId: justice, items: [{ ...item, dueOn: `${YEAR + 1}-01-10` }] })).json()
        .code,
      'due_outside_year',
    );
    assert.equal(
      (await call('POST', '/api/v1/reform/plans', 'specialist', { year: YEAR, agencyId: justice, items: [{ ...item, dueOn: `${YEAR}-02-30` }] })).statusCode,
      400,
    );
    assert.equal(await count('reform_plan'), 0);
  });

  test("plan items become tasks on the responsible agency's task board", async () => {
    const r = await call('POST', '/api/v1/reform/plans', 'specialist', {
      year: YEAR,
      agencyId: justice,
      items: [
        { area: 'procedure', content: 'Rà soát, đơn giản hóa TTHC lĩnh vực hộ tịch', output: 'Báo cáo rà soát', dueOn: `${YEAR}-06-30` },
        { area: 'digital_government', content: 'Số hóa hồ sơ, kết quả giải quyết TTHC', output: '100% kết quả được số hóa', dueOn: `${YEAR}-12-15` },
      ],
    });
    assert.equal(r.statusCode, 201, r.body);
    const plan = r.json();
    planId = plan.id;
    assert.equal(plan.level, 'province');
    assert.equal(plan.dueOn, `${YEAR}-01-30`);
    assert.ok(plan.items.every((i: { taskId: string | null }) => i.taskId));
    const board = await call('GET', `/api/v1/tasks?view=lead&limit=500`, 'specialist');
    assert.equal(board.statusCode, 200, board.body);
    const mine = board.json().items.filter((x: { id: string }) => plan.items.some((i: { taskId: string }) => i.taskId === x.id));
    assert.equal(mine.length, 2);
    const t1 = mine.find((x: { content: string }) => x.content.startsWith('Rà soát'));
    assert.equal(t1.deadline.dueOn, `${YEAR}-06-30`);
    assert.equal(t1.nextDueOn, `${YEAR}-06-30`, 'a one-off occurrence exists, so progress can be reported');
    assert.equal(t1.section, 'Cải cách thủ tục hành chính');
    assert.deepEqual(
      t1.lead.map((l: { agencyId: string }) => l.agencyId),
      [justice],
    );
    const other = await call('GET', `/api/v1/tasks?agency=${justice}&limit=500`, 'home_affairs');
    assert.ok(other.json().items.some((x: { id: string }) => x.id === t1.id));
    assert.equal(
      (
        await call('POST', '/api/v1/reform/plans', 'specialist', {
          year: YEAR,
          agencyId: justice,
          items: [{ area: 'institution', content: 'x', dueOn: `${YEAR}-03-01` }],
        })
      ).statusCode,
      409,
    );
  });

  test('plan status lists on-time, late and missing plans (submission after 30/01 of the plan year is late)', async () => {
    const s = (await call('GET', `/api/v1/reform/plans/status?year=${YEAR}`, 'home_affairs')).json();
    const j = s.items.find((i: { agencyId: string }) => i.agencyId === justice);
    assert.equal(j.planId, planId);
    assert.equal(j.status, 'on_time', 'submitted now, long before 30/01/2031');
    assert.equal(s.items.find((i: { agencyId: string }) => i.agencyId === health).status, 'pending');
    const past = (await call('GET', `/api/v1/reform/plans/status?year=2020`, 'home_affairs')).json();
    assert.ok(past.items.length > 0 && past.items.every((i: { status: string }) => i.status === 'missing'));
    assert.equal((await call('GET', `/api/v1/reform/plans/status?year=${YEAR}`, 'specialist')).statusCode, 403);
  });
});

test('demo data: the current year has the 8-area demo tree (max 100, marked DEMO) and three appraised departments ranked', async () => {
  const year = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4));
  const tree = (await call('GET', `/api/v1/reform/par/${year}/criteria`, 'specialist')).json();
  assert.equal(tree.maxTotal, 100);
  assert.equal(tree.items.filter((c: { parentId: string | null }) => !c.parentId).length, 8);
  assert.ok(tree.items.filter((c: { parentId: string | null }) => !c.parentId).every((c: { ruleNote: string }) => c.ruleNote.includes('DEMO')));
  const rank = (await call('GET', `/api/v1/reform/par/${year}/ranking`, 'home_affairs')).json();
  assert.equal(rank.items.length, 3);
  assert.ok(rank.items.every((r: { status: string }) => r.status === 'appraised'));
});
