import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { DEFAULT_QUESTIONNAIRE_ID, SIPAS_ELEMENT_NAMES_VI, SIPAS_QUESTIONS } from './reform.sipas.js';

/** Over HTTP, on PGlite or PostgreSQL: the SIPAS questionnaire builder, versioned responses, the index across versions, the counter poster. */
let t: TestApp;
const tok: Record<string, string> = {};
let justice = '';
const YEAR = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4));
const call = (method: string, url: string, who?: string, body?: unknown) => t.request({ method, url, token: who ? tok[who] : undefined, body });
const count = async (table: string): Promise<number> =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n);
const respond = (body: Record<string, unknown>) => call('POST', '/api/v1/reform/sipas/responses', undefined, body);

before(async () => {
  t = await startTestApp();
  Object.assign(tok, await t.logins(['admin', 'specialist', 'unit_leader', 'home_affairs', 'citizen', 'one_stop_officer', 'provincial_office']));
  const r = await t.request({ method: 'GET', url: `/api/v1/agencies?q=${encodeURIComponent('Sở Tư pháp tỉnh Thanh Hóa')}&current=true` });
  justice = r.json().items.find((x: { name: string }) => x.name === 'Sở Tư pháp tỉnh Thanh Hóa').id;
});
after(async () => {
  await t?.close();
});

describe('SIPAS questionnaire builder', () => {
  let draftId = '';
  let v1 = '';

  test('the seeded default version is the former code constant, in force from 2017, cited', async () => {
    const q = (await call('GET', '/api/v1/reform/sipas/questionnaire')).json();
    assert.equal(q.id, DEFAULT_QUESTIONNAIRE_ID);
    assert.equal(q.year, 2017);
    assert.deepEqual(
      q.questions.map((x: { key: string; element: string; text: string; sectors: null }) => ({ key: x.key, element: x.element, text: x.text })),
      SIPAS_QUESTIONS.map((x) => ({ ...x })),
    );
    assert.ok(
      q.questions.every((x: { sectors: unknown }) => x.sectors === null),
      'asked in every sector',
    );
    assert.deepEqual(Object.fromEntries(q.elements.map((e: { key: string; name: string }) => [e.key, e.name])), SIPAS_ELEMENT_NAMES_VI);
    assert.match(q.source, /2640\/QĐ-BNV/);
    assert.deepEqual(q.scale, [1, 2, 3, 4, 5]);
    assert.equal((await call('GET', '/api/v1/reform/sipas/questionnaire?year=2016')).statusCode, 404, 'nothing in force before 2017');
  });

  test('access: anonymous 401, agency staff 403 on the builder; Văn phòng UBND tỉnh reads but does not write', async () => {
    assert.equal((await call('GET', '/api/v1/reform/sipas/questionnaires')).statusCode, 401);
    assert.equal((await call('GET', '/api/v1/reform/sipas/questionnaires', 'specialist')).statusCode, 403);
    assert.equal((await call('GET', '/api/v1/reform/sipas/questionnaires', 'provincial_office')).statusCode, 200);
    assert.equal(
      (await call('POST', '/api/v1/reform/sipas/questionnaires', 'provincial_office', { year: YEAR, copyFrom: DEFAULT_QUESTIONNAIRE_ID })).statusCode,
      403,
    );
    assert.equal((await call('POST', `/api/v1/reform/sipas/questionnaires/${DEFAULT_QUESTIONNAIRE_ID}/publish`, 'unit_leader')).statusCode, 403);
  });

  test('bad questionnaires → 400 with the reasons, and nothing stored', async () => {
    const base = {
      year: YEAR,
      title: 'Phiếu thử',
      elements: [{ key: 'access', name: 'Tiếp cận' }],
      questions: [{ key: 'q1', element: 'access', text: 'Anh/Chị hài lòng không?', sectors: null }],
    };
    const cases: [string, unknown][] = [
      ['unknown element', { ...base, questions: [{ ...base.questions[0], element: 'nope' }] }],
      ['duplicate key', { ...base, questions: [base.questions[0], { ...base.questions[0] }] }],
      ['element without a question', { ...base, elements: [...base.elements, { key: 'result', name: 'Kết quả' }] }],
      ['sector without a question', { ...base, questions: [{ ...base.questions[0], sectors: ['health'] }] }],
      ['bad key', { ...base, questions: [{ ...base.questions[0], key: 'Câu 1' }] }],
    ];
    for (const [what, body] of cases) {
      const r = await call('POST', '/api/v1/reform/sipas/questionnaires', 'home_affairs', body);
      assert.equal(r.statusCode, 400, `${what}: ${r.body}`);
      assert.equal(r.json().code, 'invalid_questionnaire', what);
      assert.ok(r.json().errors.length >= 1);
    }
    assert.equal(
      (await call('POST', '/api/v1/reform/sipas/questionnaires', 'home_affairs', { ...base, questions: [{ ...base.questions[0], sectors: ['police'] }] }))
        .statusCode,
      400,
      'unknown sector (schema)',
    );
    assert.equal((await call('POST', '/api/v1/reform/sipas/questionnaires', 'home_affairs', { year: YEAR })).json().code, 'questionnaire_incomplete');
    assert.equal((await call('POST', '/api/v1/reform/sipas/questionnaires', 'home_affairs', { ...base, extra: 1 })).statusCode, 400);
    assert.equal(await count('reform_sipas_questionnaire'), 1);
  });

  test('a new version for this year, copied from the default, with a health-only question; published it retires nothing else of the year', async () => {
    const r = await call('POST', '/api/v1/reform/sipas/questionnaires', 'home_affairs', { year: YEAR, copyFrom: DEFAULT_QUESTIONNAIRE_ID });
    assert.equal(r.statusCode, 201, r.body);
    draftId = r.json().id;
    assert.deepEqual([r.json().status, r.json().version, r.json().editable], ['draft', 1, true]);
    const d = r.json();
    const edit = await call('PUT', `/api/v1/reform/sipas/questionnaires/${draftId}`, 'home_affairs', {
      rowVersion: d.rowVersion,
      title: `Phiếu khảo sát năm ${YEAR}`,
      source: d.source,
      elements: [...d.elements, { key: 'waiting', name: 'Thời gian chờ khám, chữa bệnh' }],
      questions: [
        ...d.questions,
        { key: 'waiting_time', element: 'waiting', text: 'Anh/Chị hài lòng thế nào về thời gian chờ khám bệnh?', sectors: ['health'] },
      ],
    });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal(edit.json().questions.length, 6);
    assert.equal(
      (
        await call('PUT', `/api/v1/reform/sipas/questionnaires/${draftId}`, 'home_affairs', {
          rowVersion: d.rowVersion,
          title: 'x',
          elements: d.elements,
          questions: d.questions,
        })
      ).json().code,
      'stale_version',
    );
    assert.equal((await call('GET', '/api/v1/reform/sipas/questionnaire')).json().id, DEFAULT_QUESTIONNAIRE_ID, 'a draft is not in force');
    const p = await call('POST', `/api/v1/reform/sipas/questionnaires/${draftId}/publish`, 'home_affairs');
    assert.equal(p.statusCode, 200, p.body);
    assert.equal(p.json().status, 'published');
    assert.equal((await call('POST', `/api/v1/reform/sipas/questionnaires/${draftId}/publish`, 'home_affairs')).statusCode, 409);
    const inForce = (await call('GET', '/api/v1/reform/sipas/questionnaire')).json();
    assert.equal(inForce.id, draftId);
    assert.equal(
      (await call('GET', `/api/v1/reform/sipas/questionnaire?year=${YEAR - 1}`)).json().id,
      DEFAULT_QUESTIONNAIRE_ID,
      'earlier years keep the default',
    );
    const audit = await sql<{ action: string }>`SELECT action FROM audit_log WHERE action LIKE 'reform.sipas.questionnaire.%' ORDER BY id`.execute(
      t.database.db,
    );
    assert.deepEqual(
      audit.rows.map((a) => a.action),
      ['reform.sipas.questionnaire.create', 'reform.sipas.questionnaire.update', 'reform.sipas.questionnaire.publish'],
    );
    v1 = draftId;
  });

  test('responses follow the version in force: sector-specific questions, stale version refused, version recorded', async () => {
    assert.equal(
      (await respond({ agencyId: justice, sector: 'administrative', answers: { waiting_time: 4 } })).json().code,
      'unknown_question',
      'a health-only question is not asked in administrative services',
    );
    assert.equal(
      (await respond({ agencyId: justice, sector: 'administrative', questionnaireId: DEFAULT_QUESTIONNAIRE_ID, answers: { access: 4 } })).json().code,
      'questionnaire_changed',
    );
    assert.equal(await count('reform_sipas_response'), 0);
    for (const answers of [
      { access: 5, procedure: 4, officials: 4, result: 5, feedback: 3 },
      { access: 2, procedure: 3, officials: 5, result: 4 },
    ]) {
      assert.equal((await respond({ agencyId: justice, sector: 'administrative', channel: 'qr_counter', questionnaireId: v1, answers })).statusCode, 201);
    }
    assert.equal(
      (await respond({ agencyId: justice, sector: 'health', channel: 'after_return', questionnaireId: v1, answers: { waiting_time: 2, officials: 5 } }))
        .statusCode,
      201,
    );
    const rows = (await sql<{ questionnaire_id: string }>`SELECT questionnaire_id FROM reform_sipas_response`.execute(t.database.db)).rows;
    assert.ok(rows.length === 3 && rows.every((r) => r.questionnaire_id === v1));
  });

  test('a questionnaire with responses cannot change (409); a new version is made instead', async () => {
    const q = (await call('GET', `/api/v1/reform/sipas/questionnaires/${v1}`, 'home_affairs')).json();
    assert.equal(q.responses, 3);
    assert.equal(q.editable, false);
    const r = await call('PUT', `/api/v1/reform/sipas/questionnaires/${v1}`, 'home_affairs', {
      rowVersion: q.rowVersion,
      title: `${q.title} (sửa)`,
      elements: q.elements,
      questions: q.questions,
    });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'questionnaire_in_use');
    const after = (await call('GET', `/api/v1/reform/sipas/questionnaires/${v1}`, 'home_affairs')).json();
    assert.equal(after.title, q.title);
    assert.equal(after.rowVersion, q.rowVersion);
    assert.equal(after.locked, 'responses');
  });

  test('the seeded default never changes, even before its first response (409 questionnaire_default, nothing stored); it is copied instead', async () => {
    const def = (await call('GET', `/api/v1/reform/sipas/questionnaires/${DEFAULT_QUESTIONNAIRE_ID}`, 'home_affairs')).json();
    assert.equal(def.responses, 0, 'nobody answered the default in this database');
    assert.deepEqual([def.isDefault, def.editable, def.locked], [true, false, 'default']);
    const audits = Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reform.sipas.questionnaire.update'`.execute(t.database.db)).rows[0].n,
    );
    const r = await call('PUT', `/api/v1/reform/sipas/questionnaires/${DEFAULT_QUESTIONNAIRE_ID}`, 'home_affairs', {
      rowVersion: def.rowVersion,
      title: `${def.title} (sửa)`,
      source: def.source,
      elements: def.elements,
      questions: def.questions,
    });
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'questionnaire_default');
    assert.match(r.json().detail, /sao thành phiên bản mới/);
    const same = (await call('GET', `/api/v1/reform/sipas/questionnaires/${DEFAULT_QUESTIONNAIRE_ID}`, 'home_affairs')).json();
    assert.deepEqual([same.title, same.rowVersion, same.questions], [def.title, def.rowVersion, def.questions]);
    assert.equal(
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reform.sipas.questionnaire.update'`.execute(t.database.db)).rows[0]
          .n,
      ),
      audits,
    );
    const list = (await call('GET', '/api/v1/reform/sipas/questionnaires', 'home_affairs')).json();
    assert.deepEqual(
      list.items.filter((q: { isDefault: boolean }) => q.isDefault).map((q: { id: string; locked: string }) => [q.id, q.locked]),
      [[DEFAULT_QUESTIONNAIRE_ID, 'default']],
    );
    const v1row = list.items.find((q: { id: string }) => q.id === v1);
    assert.deepEqual([v1row.isDefault, v1row.locked], [false, 'responses']);
  });

  test('version 2 renames a question key of an element; the index counts both versions per element', async () => {
    const q1 = (await call('GET', `/api/v1/reform/sipas/questionnaires/${v1}`, 'home_affairs')).json();
    const v2 = await call('POST', '/api/v1/reform/sipas/questionnaires', 'home_affairs', {
      year: YEAR,
      copyFrom: v1,
      title: `Phiếu khảo sát năm ${YEAR} (bản 2)`,
      questions: q1.questions.map((x: { key: string }) =>
        x.key === 'access' ? { ...x, key: 'access_info', text: 'Anh/Chị hài lòng thế nào về thông tin, hướng dẫn khi tiếp cận dịch vụ?' } : x,
      ),
    });
    assert.equal(v2.statusCode, 201, v2.body);
    assert.equal(v2.json().version, 2);
    await call('POST', `/api/v1/reform/sipas/questionnaires/${v2.json().id}/publish`, 'home_affairs');
    assert.equal((await call('GET', `/api/v1/reform/sipas/questionnaires/${v1}`, 'home_affairs')).json().status, 'retired');
    assert.equal(
      (await respond({ agencyId: justice, sector: 'administrative', questionnaireId: v2.json().id, answers: { access_info: 4, procedure: 1 } })).statusCode,
      201,
    );
    assert.equal(
      (await respond({ agencyId: justice, sector: 'administrative', answers: { access: 4 } })).json().code,
      'unknown_question',
      'the old key is gone from the version in force',
    );
    const idx = (await call('GET', `/api/v1/reform/sipas/index?year=${YEAR}`, 'home_affairs')).json();
    const a = idx.items.find((i: { agencyId: string; sector: string }) => i.agencyId === justice && i.sector === 'administrative');
    // access: 5, 2 (v1) + 4 (v2) → 2/3 = 66.67; procedure 4, 3, 1 → 1/3 = 33.33; officials 4, 5 → 100;
    // result 5, 4 → 100; feedback 3 → 0; waiting: none in this sector. Mean of 5 elements = 60.
    assert.equal(a.sampleSize, 3);
    assert.equal(a.elements.access.satisfiedPercent, 66.67);
    assert.equal(a.elements.access.answers, 3);
    assert.equal(a.elements.procedure.satisfiedPercent, 33.33);
    assert.equal(a.elements.waiting.answers, 0);
    assert.equal(a.index, 60);
    assert.deepEqual(a.channels, { qr_counter: 2, link: 1 });
    const h = idx.items.find((i: { sector: string }) => i.sector === 'health');
    // waiting 2 → 0; officials 5 → 100 → 50
    assert.deepEqual([h.sampleSize, h.index, h.elements.waiting.satisfiedPercent], [1, 50, 0]);
    assert.equal(idx.elementNames.waiting, 'Thời gian chờ khám, chữa bệnh');
    assert.equal(idx.questionnaires.length, 2);
  });
});

describe('SIPAS poster for the one-stop counter', () => {
  test('a PDF with the survey link (agency, sector, channel qr_counter; nothing else) for staff; 401/403/404', async () => {
    const url = `/api/v1/reform/sipas/poster/${justice}?sector=administrative`;
    assert.equal((await call('GET', url)).statusCode, 401);
    assert.equal((await call('GET', url, 'citizen')).statusCode, 403);
    assert.equal((await call('GET', '/api/v1/reform/sipas/poster/00000000-0000-4000-8000-000000000001', 'one_stop_officer')).statusCode, 404);
    assert.equal((await call('GET', `/api/v1/reform/sipas/poster/${justice}?sector=police`, 'one_stop_officer')).statusCode, 400);
    const r = await call('GET', url, 'one_stop_officer');
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/pdf');
    assert.equal(r.rawPayload.subarray(0, 5).toString(), '%PDF-');
    let text = '';
    try {
      const dir = mkdtempSync(join(tmpdir(), 'poster-'));
      writeFileSync(join(dir, 'p.pdf'), r.rawPayload);
      text = execFileSync('pdftotext', [join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
    } catch {
      text = ''; // poppler-utils missing: the bytes were still checked above
    }
    if (text) {
      assert.match(text, /SỞ TƯ PHÁP TỈNH THANH HÓA/);
      const link = (/hoặc mở:\s*([\s\S]*?)\n\s*\n/.exec(text)?.[1] ?? '').replace(/\s+/g, '');
      const u = new URL(link);
      // pdftotext drops a hyphen where the long link wraps: compare without hyphens.
      assert.deepEqual([...u.searchParams.keys()].map((k) => k.replace(/-/g, '')).sort(), ['coquan', 'kenh', 'linhvuc']);
      assert.equal((u.searchParams.get('co-quan') ?? u.searchParams.get('coquan'))?.replace(/-/g, ''), justice.replace(/-/g, ''));
      assert.equal(u.searchParams.get('kenh'), 'qr_counter');
      assert.match(text, /ẩn danh/);
    }
  });
});
