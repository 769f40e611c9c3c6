import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { ROLES, type Role } from '../../platform/context.js';
import { getCurrentVersion, getProcedureVersion } from './catalog.public.js';
import { addDays, todayVn } from './catalog.rules.js';
import { DEMO_CATALOG_FILE } from './catalog.seed.js';
import type { ProcedureInput } from './catalog.schemas.js';

let t: TestApp;
let manager: string;
before(async () => {
  t = await startTestApp();
  manager = await t.login('catalog_manager');
});
after(async () => {
  await t.close();
});

const get = (url: string, token?: string) => t.request({ method: 'GET', url, token });
const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;
const snapshot = async () => ({
  versions: await count('procedure_version'),
  procedures: await count('procedure'),
  audit: await count('audit_log'),
  outbox: await count('outbox'),
});
const search = async (q: string, extra = '') => {
  const r = await get(`/api/v1/procedures?q=${encodeURIComponent(q)}${extra}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as {
    items: { code: string; name: string; score?: number; levels: string[]; field: string; processingTime: string; fees: string; agency: string }[];
    total: number;
  };
};

const demo = JSON.parse(readFileSync(DEMO_CATALOG_FILE, 'utf8')) as ProcedureInput[];

describe('demo catalogue', () => {
  test('every procedure of the demo file is published as version 1 under the demo decision', async () => {
    const r = await get('/api/v1/procedures?limit=500');
    assert.equal(r.json().total, demo.length);
    const v = await get('/api/v1/procedures/1.001193');
    assert.equal(v.statusCode, 200);
    const body = v.json();
    assert.equal(body.version.versionNo, 1);
    assert.equal(body.version.status, 'published');
    assert.match(body.version.decisionNo, /DEMO.*minh họa/);
  });

  test('agencies are mapped to the seeded province: a Sở by name, commune procedures to any commune committee', async () => {
    const lltp = (await get('/api/v1/procedures/2.000488')).json();
    assert.equal(lltp.content.agencies.competent.name, 'Sở Tư pháp tỉnh Thanh Hóa');
    assert.ok(lltp.content.agencies.competent.id);
    assert.equal(lltp.content.agencies.receiving[0].name, 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa');
    const ks = (await get('/api/v1/procedures/1.001193')).json();
    assert.equal(ks.content.agencies.competent.kind, 'commune_people_committee');
    assert.equal(ks.content.agencies.competent.id, null);
  });

  test('each case has a generated workflow that fits its time, and an e-form with pre-fill counts', async () => {
    for (const p of demo) {
      const v = (await get(`/api/v1/procedures/${p.code}`)).json();
      for (const [i, c] of v.content.cases.entries()) {
        assert.equal(c.workflow.generated, true, `${p.code}/${c.key}`);
        const check = v.derived.cases[i].workflowCheck;
        assert.ok(check.ok, `${p.code}/${c.key}: ${JSON.stringify(check)}`);
        assert.equal(check.total.amount, check.limit.amount, `${p.code}/${c.key} budgets sum to the case time`);
        assert.ok(v.derived.cases[i].eformStats.toDeclare < v.derived.cases[i].eformStats.fields);
      }
    }
  });
});

describe('search: no diacritics, small typos, intended procedure first', () => {
  const table: [string, string, string][] = [
    ['khai sinh', '1.001193', 'no diacritics'],
    ['dang ky ho kinh doanh', '1.001612', 'no diacritics, words not contiguous in the name'],
    ['giay phep xay dung', '1.013225', 'no diacritics'],
    ['khai sihn', '1.001193', 'transposed letters'],
    ['khia sinh', '1.001193', 'transposed letters in the first word'],
    ['khai snh', '1.001193', 'a missing letter'],
    ['khai sonh', '1.001193', 'a wrong letter'],
    ['dang ky ho kinh doan', '1.001612', 'a missing letter at the end'],
    ['dang ky ho kinh doang', '1.001612', 'an extra letter'],
    ['giay phep xay dng', '1.013225', 'a missing letter'],
    ['giay pehp xay dung', '1.013225', 'transposed letters'],
    ['Đăng ký kết hôn', '1.000894', 'with diacritics'],
    ['DANG KY KET HON', '1.000894', 'upper case'],
    ['ket hon', '1.000894', 'short query'],
    ['khai tu', '1.000656', 'not confused with khai sinh'],
    ['ly lich tu phap', '2.000488', 'no diacritics'],
    ['1.001193', '1.001193', 'the national code'],
  ];
  for (const [q, code, why] of table) {
    test(`"${q}" → ${code} first (${why})`, async () => {
      const r = await search(q);
      assert.ok(r.items.length > 0, 'found something');
      assert.equal(
        r.items[0].code,
        code,
        `first: ${r.items
          .slice(0, 3)
          .map((i) => `${i.code} ${i.score} ${i.name}`)
          .join(' | ')}`,
      );
    });
  }

  test('words present rank before typo tolerance: "dang ky kinh doanh" puts business registration above khai sinh', async () => {
    const r = await search('dang ky kinh doanh', '&limit=50');
    const codes = r.items.map((i) => i.code);
    const business = codes.indexOf('2.001610');
    assert.ok(business >= 0, `Đăng ký thành lập doanh nghiệp tư nhân found: ${codes.join(', ')}`);
    assert.equal(codes[0], '1.001612', 'hộ kinh doanh (all four words) first');
    const birth = codes.indexOf('1.001193');
    assert.ok(birth === -1 || business < birth, `doanh nghiệp (${business}) before khai sinh (${birth})`);
  });

  test('results are ranked: scores never increase down the list', async () => {
    const r = await search('khai sinh');
    const scores = r.items.map((i) => i.score!);
    assert.deepEqual(
      [...scores].sort((a, b) => b - a),
      scores,
    );
    assert.ok(r.items.length >= 4);
  });

  test('an unrelated query finds nothing', async () => {
    const r = await search('xyzzy qwerty');
    assert.equal(r.total, 0);
  });

  test('list items carry the summary: time, fees, agency, levels', async () => {
    const r = await search('ly lich tu phap');
    const item = r.items[0];
    assert.equal(item.processingTime, '10 – 15 ngày làm việc');
    assert.match(item.fees, /đồng/);
    assert.equal(item.agency, 'Sở Tư pháp tỉnh Thanh Hóa');
    assert.deepEqual(item.levels, ['province']);
  });

  test('filters: level, field (accent-insensitive), agency', async () => {
    const province = await search('', '&level=province&limit=500');
    assert.ok(province.total > 0 && province.items.every((i) => i.levels.includes('province')));
    const field = await search('', `&field=${encodeURIComponent('ho tich')}&limit=500`);
    assert.ok(field.total >= 10 && field.items.every((i) => i.field === 'Hộ tịch'), JSON.stringify(field.items.map((i) => i.field)));
    const stp = (await get('/api/v1/procedures/2.000488')).json().content.agencies.competent.id;
    const byAgency = await search('', `&agencyId=${stp}&limit=500`);
    assert.ok(byAgency.items.some((i) => i.code === '2.000488'));
    assert.ok(byAgency.items.every((i) => i.levels.includes('province')));
    const commune = (await get('/api/v1/agencies?kind=commune_people_committee&limit=1')).json().items[0].id;
    const byCommune = await search('khai sinh', `&agencyId=${commune}`);
    assert.equal(byCommune.items[0].code, '1.001193', 'a commune committee resolves "any commune committee" procedures');
  });

  test('paging: limit and offset with the total', async () => {
    const all = await search('dang ky', '&limit=500');
    const page = await search('dang ky', '&limit=2&offset=1');
    assert.equal(page.total, all.total);
    assert.deepEqual(
      page.items.map((i) => i.code),
      all.items.slice(1, 3).map((i) => i.code),
    );
  });

  test('fields with counts', async () => {
    const r = (await get('/api/v1/procedure-fields')).json();
    const hoTich = r.items.find((f: { field: string }) => f.field === 'Hộ tịch');
    assert.equal(hoTich.count, demo.filter((p) => p.field === 'Hộ tịch').length);
    assert.equal(
      r.items.reduce((n: number, f: { count: number }) => n + f.count, 0),
      demo.length,
    );
  });
});

describe('procedure page data', () => {
  test('the version in force with components, fees, time per case, legal basis, steps, result', async () => {
    const r = await get('/api/v1/procedures/1.001193');
    const v = r.json();
    assert.ok(v.content.components.length > 0);
    assert.ok(v.content.cases[0].fees.length > 0);
    assert.ok(v.content.legalBasis.length > 0);
    assert.ok(v.content.steps.length > 0);
    assert.ok(v.content.result.name);
    assert.equal(v.derived.cases[0].timeText, '8 giờ làm việc');
    assert.equal(v.derived.cases[0].eformSchema.type, 'object');
  });
  test('unknown code → 404 problem', async () => {
    const r = await get('/api/v1/procedures/9.999999');
    assert.equal(r.statusCode, 404);
    assert.match(r.headers['content-type'] as string, /problem\+json/);
  });
});

const newProcedure = (code: string, over: Partial<ProcedureInput> = {}): ProcedureInput => ({
  code,
  name: 'Thủ tục thử nghiệm cấp giấy xác nhận',
  field: 'Thử nghiệm',
  levels: ['province'],
  agencies: { competent: { kind: 'department', code: '000.00.03.H56' }, receiving: [{ kind: 'provincial_service_centre', code: '000.01.01.H56' }] },
  subjects: ['citizen'],
  onlineLevel: 'partial',
  channels: ['direct', 'online'],
  cases: [
    {
      key: 'chuan',
      name: 'Trường hợp chuẩn',
      time: { amount: 5, unit: 'working_days', text: '05 ngày làm việc' },
      fees: [{ name: 'Lệ phí', amountVnd: 50000, basis: 'per_dossier', payer: 'applicant', onlineReductionPercent: 50, note: null }],
    },
  ],
  components: [{ name: 'Đơn đề nghị', originals: 1, copies: 0, required: true, condition: null, templateCode: 'Mẫu 01', replaceableByData: null }],
  result: { name: 'Giấy xác nhận', validityMonths: 6 },
  legalBasis: ['Văn bản thử nghiệm'],
  steps: ['Nộp hồ sơ', 'Nhận kết quả'],
  ...over,
});

describe('versioning', () => {
  test('create → draft (not public) → publish → public; amend with a later effective date keeps the old version for captured ids', async () => {
    const code = '9.000001';
    const created = await t.request({ method: 'POST', url: '/api/v1/catalog/procedures', token: manager, body: newProcedure(code) });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().version.status, 'draft');
    assert.equal(created.json().content.agencies.competent.name, 'Sở Tư pháp tỉnh Thanh Hóa', 'agency resolved by code');
    assert.equal((await get(`/api/v1/procedures/${code}`)).statusCode, 404, 'a draft is not public');

    const v1From = addDays(todayVn(), -10);
    const pub = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/procedures/${code}/publish`,
      token: manager,
      body: { decisionNo: '123/QĐ-UBND', decisionDate: v1From, effectiveFrom: v1From },
    });
    assert.equal(pub.statusCode, 200, pub.body);
    const v1 = (await get(`/api/v1/procedures/${code}`)).json();
    assert.equal(v1.version.versionNo, 1);
    const v1Id: string = v1.version.versionId; // what a dossier would keep
    assert.equal((await search('thu nghiem cap giay xac nhan')).items[0].code, code);

    // Amend: a draft copied from v1, edited, published to take effect in the future.
    const amend = await t.request({ method: 'POST', url: `/api/v1/catalog/procedures/${code}/amendments`, token: manager, body: {} });
    assert.equal(amend.statusCode, 201, amend.body);
    assert.equal(amend.json().version.versionNo, 2);
    const edited = newProcedure(code, { name: 'Thủ tục thử nghiệm cấp giấy xác nhận (sửa đổi)' });
    edited.cases[0].time = { amount: 3, unit: 'working_days', text: '03 ngày làm việc' };
    edited.cases[0].fees[0].amountVnd = 30000;
    const upd = await t.request({
      method: 'PUT',
      url: `/api/v1/catalog/procedures/${code}/draft`,
      token: manager,
      body: { revision: amend.json().version.revision, content: edited },
    });
    assert.equal(upd.statusCode, 200, upd.body);
    const stale = await t.request({
      method: 'PUT',
      url: `/api/v1/catalog/procedures/${code}/draft`,
      token: manager,
      body: { revision: amend.json().version.revision, content: edited },
    });
    assert.equal(stale.statusCode, 409, 'a stale revision is refused');

    const early = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/procedures/${code}/publish`,
      token: manager,
      body: { decisionNo: '200/QĐ-UBND', effectiveFrom: v1From },
    });
    assert.equal(early.statusCode, 422, 'must take effect after v1');
    assert.equal(early.json().code, 'effective_date_order');

    const v2From = addDays(todayVn(), 5);
    const pub2 = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/procedures/${code}/publish`,
      token: manager,
      body: { decisionNo: '200/QĐ-UBND', decisionDate: todayVn(), effectiveFrom: v2From },
    });
    assert.equal(pub2.statusCode, 200, pub2.body);
    const v2Id = pub2.json().version.versionId;

    // Today the public still sees v1; from v2's effective date, v2.
    assert.equal((await get(`/api/v1/procedures/${code}`)).json().version.versionId, v1Id);
    const later = (await get(`/api/v1/procedures/${code}?at=${v2From}`)).json();
    assert.equal(later.version.versionId, v2Id);
    assert.equal(later.content.cases[0].time.amount, 3);
    assert.equal((await get(`/api/v1/procedures/${code}?at=${addDays(v2From, -1)}`)).json().version.versionId, v1Id);
    assert.equal((await search('thu nghiem cap giay xac nhan', `&at=${v2From}`)).items[0].processingTime, '3 ngày làm việc');

    // The id captured earlier still gives the old content.
    const old = await getProcedureVersion(t.database.db, v1Id);
    assert.equal(old!.content.cases[0].time.amount, 5);
    assert.equal(old!.content.cases[0].fees[0].amountVnd, 50000);
    assert.equal(old!.version.effectiveTo, addDays(v2From, -1));
    assert.equal((await getCurrentVersion(t.database.db, code, new Date()))!.version.versionId, v1Id);
    assert.equal((await getCurrentVersion(t.database.db, code, v2From))!.version.versionId, v2Id);
    assert.equal(await getProcedureVersion(t.database.db, 'not-a-uuid'), null);

    const versions = (await get(`/api/v1/procedures/${code}/versions`)).json();
    assert.deepEqual(
      versions.items.map((v: { versionNo: number; decisionNo: string }) => [v.versionNo, v.decisionNo]),
      [
        [1, '123/QĐ-UBND'],
        [2, '200/QĐ-UBND'],
      ],
    );
    assert.equal((await get(`/api/v1/procedures/${code}/versions/1`)).json().content.cases[0].time.amount, 5);

    // Published versions are immutable, even for direct SQL.
    await assert.rejects(sql`UPDATE procedure_version SET content = '{}'::jsonb WHERE id = ${v1Id}`.execute(t.database.db), /immutable/);
    await assert.rejects(sql`DELETE FROM procedure_version WHERE id = ${v1Id}`.execute(t.database.db), /cannot be deleted/);

    // An audit row was written with each change (catalog.procedure.changed is audit-only: no outbox row).
    const audit = (await get(`/api/v1/audit?entity=procedure&entityId=${code}&limit=50`, await t.login('admin'))).json();
    assert.deepEqual(audit.items.map((a: { action: string }) => a.action).reverse(), [
      'procedure.create',
      'procedure.publish',
      'procedure.amend.start',
      'procedure.draft.update',
      'procedure.amend',
    ]);
    const outbox = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE aggregate_key = ${'procedure:' + code}`.execute(t.database.db)).rows[0]
      .n;
    assert.equal(outbox, 0);
  });

  test('abolish by decision: not public from that date; the abolished version keeps the last content', async () => {
    const code = '9.000002';
    await t.request({ method: 'POST', url: '/api/v1/catalog/procedures', token: manager, body: newProcedure(code) });
    await t.request({
      method: 'POST',
      url: `/api/v1/catalog/procedures/${code}/publish`,
      token: manager,
      body: { decisionNo: '1/QĐ-UBND', effectiveFrom: '2025-08-01' },
    });
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/procedures/${code}/abolish`,
      token: manager,
      body: { decisionNo: '2/QĐ-UBND', effectiveFrom: todayVn() },
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().version.status, 'abolished');
    const gone = await get(`/api/v1/procedures/${code}`);
    assert.equal(gone.statusCode, 404);
    assert.match(gone.json().detail, /bãi bỏ/);
    assert.equal((await get(`/api/v1/procedures/${code}?at=${addDays(todayVn(), -1)}`)).statusCode, 200, 'still in force the day before');
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/procedures/${code}/abolish`,
      token: manager,
      body: { decisionNo: '3/QĐ-UBND', effectiveFrom: addDays(todayVn(), 1) },
    });
    assert.equal(again.statusCode, 409);
    const list = (await get(`/api/v1/catalog/procedures?q=${code}`, manager)).json();
    assert.equal(list.items[0].state, 'abolished');
  });
});

describe('workflow editing', () => {
  test('steps that do not fit the case time are refused with the sums; fitting steps are saved; the default can be regenerated', async () => {
    const code = '1.001612';
    const amend = await t.request({ method: 'POST', url: `/api/v1/catalog/procedures/${code}/amendments`, token: manager, body: {} });
    assert.equal(amend.statusCode, 201, amend.body);
    const revision = amend.json().version.revision;
    const agency = { kind: 'commune_people_committee' };
    const steps = (budgets: number[]) =>
      budgets.map((h, i) => ({
        name: `Bước ${i + 1}`,
        agency,
        role: i === 0 ? 'one_stop_officer' : 'specialist',
        budget: { amount: h, unit: 'working_hours' },
        actions: i === 0 ? ['receive'] : ['review', 'forward'],
        canSendBack: i > 0,
        interAgency: i === 2,
      }));
    const before = await snapshot();
    const over = await t.request({
      method: 'PUT',
      url: `/api/v1/catalog/procedures/${code}/draft/cases/chuan/workflow`,
      token: manager,
      body: { revision, steps: steps([4, 16, 8]) },
    });
    assert.equal(over.statusCode, 422, over.body);
    assert.equal(over.json().code, 'workflow_invalid');
    assert.match(over.json().detail, /28 giờ làm việc.*vượt thời hạn giải quyết 24 giờ làm việc/);
    assert.deepEqual(await snapshot(), before, 'nothing changed');

    const check = await t.request({
      method: 'POST',
      url: '/api/v1/catalog/workflow-check',
      token: manager,
      body: { time: { amount: 3, unit: 'working_days' }, steps: steps([4, 12, 8]) },
    });
    assert.equal(check.json().ok, true);

    const ok = await t.request({
      method: 'PUT',
      url: `/api/v1/catalog/procedures/${code}/draft/cases/chuan/workflow`,
      token: manager,
      body: { revision, steps: steps([4, 12, 8]) },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const wf = ok.json().content.cases[0].workflow;
    assert.equal(wf.generated, false);
    assert.equal(wf.steps[2].interAgency, true);
    assert.equal(ok.json().derived.cases[0].workflowCheck.total.amount, 24);
    assert.equal((await get(`/api/v1/procedures/${code}`)).json().content.cases[0].workflow.generated, true, 'the public version is untouched');

    const gen = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/procedures/${code}/draft/cases/chuan/workflow/generate`,
      token: manager,
      body: { revision: ok.json().version.revision },
    });
    assert.equal(gen.statusCode, 200, gen.body);
    assert.equal(gen.json().content.cases[0].workflow.generated, true);
    const unknownCase = await t.request({
      method: 'PUT',
      url: `/api/v1/catalog/procedures/${code}/draft/cases/khong_co/workflow`,
      token: manager,
      body: { revision: gen.json().version.revision, steps: steps([1]) },
    });
    assert.equal(unknownCase.statusCode, 404);
    const discard = await t.request({ method: 'DELETE', url: `/api/v1/catalog/procedures/${code}/draft`, token: manager });
    assert.equal(discard.statusCode, 204);
  });
});

describe('access', () => {
  test('every catalogue-manager route: anonymous 401, other roles 403, managers and admins pass the access check', async () => {
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/catalog'));
    assert.ok(routes.length >= 12);
    const tokens = new Map<Role, string>();
    for (const role of ROLES) tokens.set(role, await t.login(role));
    for (const route of routes) {
      assert.deepEqual(route.access, ['catalog_manager', 'admin']);
      const url = route.url.replace(':code', '1.001193').replace(':caseKey', 'dung_han').replace(':id', '00000000-0000-4000-8000-000000000000');
      const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
      const anon = await t.request({ method: route.method, url, body });
      assert.equal(anon.statusCode, 401, `${route.method} ${route.url} anonymous`);
      for (const role of ROLES.filter((r) => r !== 'catalog_manager' && r !== 'admin')) {
        const res = await t.request({ method: route.method, url, body, token: tokens.get(role) });
        assert.equal(res.statusCode, 403, `${route.method} ${route.url} as ${role}`);
      }
      for (const role of ['catalog_manager', 'admin'] as const) {
        if (route.method === 'DELETE') continue;
        const res = await t.request({ method: route.method, url, body, token: tokens.get(role) });
        assert.ok(![401, 403].includes(res.statusCode), `${route.method} ${route.url} as ${role}: ${res.statusCode}`);
      }
    }
  });

  test('every catalogue route is in the OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json();
    for (const path of [
      '/api/v1/procedures',
      '/api/v1/procedures/{code}',
      '/api/v1/procedures/{code}/versions',
      '/api/v1/procedure-fields',
      '/api/v1/catalog/procedures',
      '/api/v1/catalog/procedures/{code}/publish',
      '/api/v1/catalog/procedures/{code}/draft/cases/{caseKey}/workflow',
      '/api/v1/catalog/export',
      '/api/v1/catalog/import',
      '/api/v1/catalog/imports/{id}',
    ]) {
      assert.ok(doc.paths[path], path);
    }
    assert.ok(doc.paths['/api/v1/catalog/procedures'].post.requestBody, 'the create body schema is documented');
  });

  test('public routes need no login', async () => {
    for (const url of ['/api/v1/procedures', '/api/v1/procedures/1.001193', '/api/v1/procedures/1.001193/versions', '/api/v1/procedure-fields']) {
      assert.equal((await get(url)).statusCode, 200, url);
    }
  });
});

describe('bad input → 400 problem+json, nothing changes', () => {
  const valid = () => newProcedure('9.000100');
  const cases: { name: string; method: string; url: string; payload: () => string }[] = [
    { name: 'malformed JSON', method: 'POST', url: '/api/v1/catalog/procedures', payload: () => '{"code": "9.000100",' },
    { name: 'an unknown field', method: 'POST', url: '/api/v1/catalog/procedures', payload: () => JSON.stringify({ ...valid(), extra: 1 }) },
    {
      name: 'an unknown nested field',
      method: 'POST',
      url: '/api/v1/catalog/procedures',
      payload: () => JSON.stringify({ ...valid(), result: { name: 'x', validityMonths: null, hack: true } }),
    },
    {
      name: 'a wrong type (no coercion)',
      method: 'POST',
      url: '/api/v1/catalog/procedures',
      payload: () => JSON.stringify({ ...valid(), levels: 'province' }),
    },
    {
      name: 'a number as a string',
      method: 'POST',
      url: '/api/v1/catalog/procedures',
      payload: () => {
        const v = valid();
        return JSON.stringify({ ...v, cases: [{ ...v.cases[0], time: { amount: '5', unit: 'working_days' } }] });
      },
    },
    {
      name: 'an unknown time unit',
      method: 'POST',
      url: '/api/v1/catalog/procedures',
      payload: () => {
        const v = valid();
        return JSON.stringify({ ...v, cases: [{ ...v.cases[0], time: { amount: 5, unit: 'weeks' } }] });
      },
    },
    { name: 'a bad procedure code', method: 'POST', url: '/api/v1/catalog/procedures', payload: () => JSON.stringify({ ...valid(), code: 'ABC' }) },
    { name: 'no cases', method: 'POST', url: '/api/v1/catalog/procedures', payload: () => JSON.stringify({ ...valid(), cases: [] }) },
    {
      name: 'a missing field',
      method: 'POST',
      url: '/api/v1/catalog/procedures',
      payload: () => {
        const { name: _n, ...rest } = valid();
        void _n;
        return JSON.stringify(rest);
      },
    },
    {
      name: 'publish with a bad date',
      method: 'POST',
      url: '/api/v1/catalog/procedures/1.001193/publish',
      payload: () => JSON.stringify({ decisionNo: '1/QĐ', effectiveFrom: '01/07/2026' }),
    },
    {
      name: 'publish without a decision number',
      method: 'POST',
      url: '/api/v1/catalog/procedures/1.001193/publish',
      payload: () => JSON.stringify({ effectiveFrom: '2026-07-01' }),
    },
    {
      name: 'abolish with a bad code in the path',
      method: 'POST',
      url: '/api/v1/catalog/procedures/abc/abolish',
      payload: () => JSON.stringify({ decisionNo: '1/QĐ', effectiveFrom: '2026-07-01' }),
    },
    {
      name: 'draft update with a string revision',
      method: 'PUT',
      url: '/api/v1/catalog/procedures/1.001193/draft',
      payload: () => JSON.stringify({ revision: '1', content: { ...valid(), code: '1.001193' } }),
    },
    {
      name: 'a workflow step with an unknown action',
      method: 'PUT',
      url: '/api/v1/catalog/procedures/1.001193/draft/cases/dung_han/workflow',
      payload: () =>
        JSON.stringify({
          revision: 1,
          steps: [
            {
              name: 'x',
              agency: { kind: 'other' },
              role: 'specialist',
              budget: { amount: 1, unit: 'working_hours' },
              actions: ['fly'],
              canSendBack: false,
              interAgency: false,
            },
          ],
        }),
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const before = await snapshot();
      const r = await t.request({ method: c.method, url: c.url, token: manager, payload: c.payload(), headers: { 'content-type': 'application/json' } });
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
      const p = r.json();
      assert.equal(p.status, 400);
      assert.ok(['validation_failed', 'invalid_json'].includes(p.code), p.code);
      assert.match(p.detail, /[ạ-ỹ]/u, 'Vietnamese detail');
      assert.deepEqual(await snapshot(), before);
    });
  }

  test('bad query strings are 400 too', async () => {
    assert.equal((await get('/api/v1/procedures?level=city')).statusCode, 400);
    assert.equal((await get('/api/v1/procedures?agencyId=x')).statusCode, 400);
    assert.equal((await get('/api/v1/procedures?limit=100000')).statusCode, 400);
  });

  test('an agency code that does not exist is a 422 rule violation naming it, and nothing changes', async () => {
    const before = await snapshot();
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/catalog/procedures',
      token: manager,
      body: newProcedure('9.000101', { agencies: { competent: { kind: 'department', code: '000.00.99.H56' }, receiving: [] } }),
    });
    assert.equal(r.statusCode, 422, r.body);
    assert.match(r.json().detail, /000\.00\.99\.H56/);
    assert.deepEqual(await snapshot(), before);
  });

  test('creating a code that exists is a 409', async () => {
    const r = await t.request({ method: 'POST', url: '/api/v1/catalog/procedures', token: manager, body: newProcedure('1.001193') });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'procedure_exists');
  });

  test('an import without a file is 400', async () => {
    const before = await snapshot();
    const r = await t.request({ method: 'POST', url: '/api/v1/catalog/import', token: manager, body: {} });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().code, 'file_missing');
    assert.deepEqual(await snapshot(), before);
  });
});
