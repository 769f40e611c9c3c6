import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { SUPPORTED_REFS } from './citizens.rules.js';
import { samplePdf } from '../signatures/sample-pdf.testutil.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
const tok: Record<string, string> = {};
let centreId = '';
let realNow: () => Date;

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const pdfForm = (name: string, data: Buffer) => multipart({ name, data, type: 'application/pdf' });

async function act(id: string, token: string, body: Record<string, unknown>) {
  const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
  const r = await t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, token, body: { version: d.version, ...body } });
  assert.equal(r.statusCode, 200, `${body.type}: ${r.body}`);
  return r.json();
}

/** A submitted online dossier of the demo citizen for 2.000488 (Phiếu lý lịch tư pháp), with a warehouse document. */
async function submitOnline(key?: string) {
  const draft = await t.request({
    method: 'POST',
    url: '/api/v1/citizens/me/drafts',
    token: tok.citizen,
    body: { procedureCode: '2.000488', receivingAgencyId: centreId },
  });
  assert.equal(draft.statusCode, 201, draft.body);
  const d = draft.json();
  const wh = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse', token: tok.citizen })).json();
  const doc = wh.items.find((i: { title: string }) => i.title.startsWith('Bản chụp Căn cước'));
  const formData = { ...d.formData, noiDungDeNghi: 'Cấp Phiếu lý lịch tư pháp số 1 để bổ sung hồ sơ xin việc', hinhThucNhanKetQua: 'Nhận bản điện tử' };
  const p = await t.request({
    method: 'PATCH',
    url: `/api/v1/citizens/me/drafts/${d.id}`,
    token: tok.citizen,
    body: { version: d.version, formData, attachments: [{ componentIndex: 0, itemId: doc.id }] },
  });
  assert.equal(p.statusCode, 200, p.body);
  const s = await t.request({
    method: 'POST',
    url: `/api/v1/citizens/me/drafts/${d.id}/submit`,
    token: tok.citizen,
    headers: { 'idempotency-key': key ?? `submit-${d.id}` },
  });
  assert.equal(s.statusCode, 201, s.body);
  return { draft: d, doc, receipt: s.json() };
}

before(async () => {
  t = await startTestApp();
  realNow = t.deps.clock.now;
  for (const r of ['one_stop_officer', 'specialist', 'unit_leader', 'citizen', 'admin', 'catalog_manager']) tok[r] = await t.login(r);
  centreId = (await t.request({ method: 'GET', url: `/api/v1/agencies?kind=provincial_service_centre&current=true` })).json().items[0].id;
  // A one-stop officer of a commune centre (another agency) and a second citizen.
  const commune = (await t.request({ method: 'GET', url: `/api/v1/agencies?kind=commune_service_centre&current=true` })).json().items[0];
  await t.request({
    method: 'POST',
    url: '/api/v1/users',
    token: tok.admin,
    body: { username: 'mc.xa', fullName: 'Lê Văn Xã', password: 'matkhau123', agencyId: commune.id, roles: ['one_stop_officer'] },
  });
  tok.otherOfficer = await t.login('mc.xa', 'matkhau123');
  const reg = await t.request({
    method: 'POST',
    url: '/api/v1/citizens/register',
    body: {
      kind: 'citizen',
      password: 'matkhau-123',
      fullName: 'Phạm Thị Bình',
      personalId: '038195009876',
      dateOfBirth: '1995-03-04',
      gender: 'nu',
      residence: 'Phường Hàm Rồng, Thanh Hóa',
      phone: '0987654321',
      email: 'binh@example.vn',
      consentNoticeVersion: 1,
    },
  });
  assert.equal(reg.statusCode, 201, reg.body);
  tok.citizen2 = await t.login('038195009876', 'matkhau-123');
});
after(async () => {
  t.deps.clock.now = realNow;
  await t.close();
});

describe('accounts and the VNeID sandbox', () => {
  test('registration validates identity numbers; bad input is 400 and creates nothing', async () => {
    const before = await count('app_user');
    const base = {
      kind: 'citizen',
      password: 'matkhau-123',
      fullName: 'Nguyễn Văn Tư',
      personalId: '038088001111',
      dateOfBirth: '1988-01-02',
      residence: 'Xã Hoằng Hóa, Thanh Hóa',
      phone: '0911222333',
      consentNoticeVersion: 1,
    };
    for (const [body, code] of [
      [{ ...base, personalId: '03808800111' }, 'validation_failed'],
      [{ ...base, dateOfBirth: '1990-01-02' }, 'invalid_personal_id'], // year digits say 1988
      [{ ...base, personalId: '038288001111' }, 'invalid_personal_id'], // century digit says 2000s
      [{ ...base, gender: 'nu' }, 'invalid_personal_id'], // 4th digit 0 = male
      [{ ...base, kind: 'business', taxCode: '0100109107', businessName: 'Công ty TNHH Tư' }, 'invalid_tax_code'], // wrong check digit
      [{ ...base, nickname: 'x' }, 'validation_failed'],
    ] as const) {
      const r = await t.request({ method: 'POST', url: '/api/v1/citizens/register', body });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().code, code);
    }
    assert.equal(await count('app_user'), before);
    const biz = await t.request({
      method: 'POST',
      url: '/api/v1/citizens/register',
      body: { ...base, kind: 'business', taxCode: '0100109106', businessName: 'Công ty TNHH Tư' },
    });
    assert.equal(biz.statusCode, 201, biz.body);
    assert.equal(biz.json().user.username, '0100109106');
    const again = await t.request({
      method: 'POST',
      url: '/api/v1/citizens/register',
      body: { ...base, kind: 'business', taxCode: '0100109106', businessName: 'Công ty TNHH Tư' },
    });
    assert.equal(again.statusCode, 409);
  });

  test('OpenID Connect with the sandbox provider: signed id token, state used once', async () => {
    const start = (await t.request({ method: 'GET', url: '/api/v1/citizens/oidc/vneid/start?returnTo=/cong-dan/kho-du-lieu' })).json();
    assert.equal(start.provider.sandbox, true);
    assert.match(start.provider.name, /THỬ NGHIỆM/);
    const auth = await t.request({ method: 'POST', url: '/api/v1/sandbox/vneid/authorize', body: { state: start.state, identity: 'nguyen-thi-hoa' } });
    assert.equal(auth.statusCode, 200, auth.body);
    const code = new URL(auth.json().redirectTo, 'http://x').searchParams.get('code')!;
    const bad = await t.request({ method: 'POST', url: '/api/v1/citizens/oidc/vneid/callback', body: { code, state: 'x'.repeat(32) } });
    assert.equal(bad.statusCode, 400, "a code with another flow's state is refused");
    const cb = await t.request({ method: 'POST', url: '/api/v1/citizens/oidc/vneid/callback', body: { code, state: start.state } });
    assert.equal(cb.statusCode, 200, cb.body);
    assert.equal(cb.json().user.roles[0], 'citizen');
    assert.equal(cb.json().returnTo, '/cong-dan/kho-du-lieu');
    const me = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: cb.json().token })).json();
    assert.equal(me.personalId, '038195004321');
    assert.equal(me.identitySource, 'vneid_sandbox');
    const replay = await t.request({ method: 'POST', url: '/api/v1/citizens/oidc/vneid/callback', body: { code, state: start.state } });
    assert.equal(replay.statusCode, 400, 'a flow is used once');
    const jwks = (await t.request({ method: 'GET', url: '/api/v1/sandbox/vneid/jwks' })).json();
    assert.equal(jwks.keys[0].alg, 'ES256');
    assert.equal(jwks.keys[0].d, undefined, 'the private part is never published');
  });
});

describe('data warehouse, pre-fill and online submission', () => {
  test('the warehouse holds profile data, documents and results with source, validity and hash', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse', token: tok.citizen });
    assert.equal(r.statusCode, 200, r.body);
    const w = r.json();
    assert.equal(w.profile.personalId, '038090001234');
    const kinds = new Set(w.items.map((i: { kind: string }) => i.kind));
    assert.deepEqual([...kinds].sort(), ['component', 'profile', 'result']);
    for (const i of w.items) assert.match(i.sha256, /^[0-9a-f]{64}$/);
    const permit = w.items.find((i: { kind: string }) => i.kind === 'result');
    assert.ok(permit.validUntil && permit.expiresSoon);
    const file = await t.request({ method: 'GET', url: `/api/v1/citizens/me/warehouse/${permit.id}/file`, token: tok.citizen });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['x-content-sha256'], permit.sha256);
    const exp = await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse/export', token: tok.citizen });
    assert.equal(exp.statusCode, 200);
    const all = JSON.parse(exp.body);
    assert.equal(all.items.length, w.items.length);
    // The export holds every dossier filed from the account, with the personal data it records (Luật 91/2025/QH15).
    const own = (await t.request({ method: 'GET', url: '/api/v1/dossiers?limit=100', token: tok.citizen })).json();
    assert.equal(all.dossiers.length, own.total);
    for (const d of own.items as { code: string; applicant: { idNumber: string } }[]) {
      assert.deepEqual(all.dossiers.find((x: { code: string }) => x.code === d.code)?.applicant.idNumber, d.applicant.idNumber);
    }
    assert.ok(Array.isArray(all.ratings));
    // Access: anonymous 401, staff 403, another citizen cannot read the item (404, nothing revealed).
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse' })).statusCode, 401);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse', token: tok.one_stop_officer })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/citizens/me/warehouse/${permit.id}/file`, token: tok.citizen2 })).statusCode, 404);
  });

  test('the e-form is pre-filled from the warehouse, each pre-filled field marked with its source', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/citizens/me/prefill/2.000488', token: tok.citizen });
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json();
    const f = Object.fromEntries(p.fields.map((x: { key: string }) => [x.key, x]));
    assert.equal(f.hoTen.value, 'Lê Văn An');
    assert.equal(f.hoTen.prefilled.source, 'citizen_profile');
    assert.equal(f.soDinhDanh.value, '038090001234');
    assert.equal(f.soDinhDanh.prefilled.from, 'CSDL quốc gia về dân cư');
    assert.equal(f.noiDungDeNghi.prefilled, null);
    assert.ok(p.receivingPlaces.length > 1, 'any one-stop section may receive, not only the home commune');
    assert.ok(
      p.components.some((c: { satisfiedByData: boolean }) => c.satisfiedByData),
      'components replaceable by population data are not asked for',
    );
    // The identity component is offered identity papers only, never the citizen's building permit.
    type Doc = { id: string; title: string };
    const identity = p.components.find((c: { name: string }) => /tùy thân/.test(c.name));
    const titles = (identity.documentIds as string[]).map((id) => (p.documents as Doc[]).find((d) => d.id === id)!.title);
    assert.ok(
      titles.some((x) => /Căn cước/.test(x)),
      titles.join(' | '),
    );
    assert.ok(
      (p.documents as Doc[]).some((d) => /Giấy phép xây dựng/.test(d.title)),
      'the warehouse holds a building permit',
    );
    assert.ok(!titles.some((x) => /Giấy phép xây dựng/.test(x)), titles.join(' | '));
  });

  test('submit: drafts saved, a warehouse document attached without re-upload, idempotent, receipt returned', async () => {
    const dossiersBefore = await count('dossier');
    const key = 'submit-key-0001';
    const { draft, doc, receipt } = await submitOnline(key);
    assert.match(receipt.dossier.code, /-\d{6}-\d{4,}$/);
    assert.equal(receipt.dossier.status.code, 1);
    assert.ok(receipt.onceOnly.prefilled >= 4);
    assert.equal(receipt.components.find((c: { how: string }) => c.how === 'warehouse').document, doc.title);
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/citizens/me/drafts/${draft.id}/submit`,
      token: tok.citizen,
      headers: { 'idempotency-key': key },
    });
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().dossier.id, receipt.dossier.id);
    assert.equal(await count('dossier'), dossiersBefore + 1);
    const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${receipt.dossier.id}`, token: tok.citizen })).json();
    const f = d.files.find((x: { sha256: string }) => x.sha256 === doc.sha256);
    assert.ok(f, 'the dossier file is the warehouse document (same hash, no re-upload)');
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM dossier_file WHERE dossier_id = ${receipt.dossier.id} AND reused_from = ${'warehouse:' + doc.id}`.execute(t.database.db);
    assert.equal(rows[0].n, 1);
    const log = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/access-log', token: tok.citizen })).json();
    assert.ok(log.items.some((a: { purpose: string; dossierCode: string }) => a.purpose === 'reuse' && a.dossierCode === receipt.dossier.code));
  });

  test('starting the same procedure again returns the open draft instead of piling up drafts', async () => {
    const count = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM submission_draft WHERE status = 'draft'`.execute(t.database.db)).rows[0].n;
    const first = await t.request({ method: 'POST', url: '/api/v1/citizens/me/drafts', token: tok.citizen, body: { procedureCode: '1.001193' } });
    assert.ok([200, 201].includes(first.statusCode), first.body);
    const n = await count();
    for (let i = 0; i < 3; i++) {
      const again = await t.request({ method: 'POST', url: '/api/v1/citizens/me/drafts', token: tok.citizen, body: { procedureCode: '1.001193' } });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().id, first.json().id);
    }
    assert.equal(await count(), n, 'no new draft');
    // Asking for a new one on purpose, or for another place of submission, starts one.
    const fresh = await t.request({ method: 'POST', url: '/api/v1/citizens/me/drafts', token: tok.citizen, body: { procedureCode: '1.001193', fresh: true } });
    assert.equal(fresh.statusCode, 201, fresh.body);
    assert.notEqual(fresh.json().id, first.json().id);
    const elsewhere = await t.request({
      method: 'POST',
      url: '/api/v1/citizens/me/drafts',
      token: tok.citizen,
      body: { procedureCode: '1.001193', receivingAgencyId: centreId },
    });
    assert.equal(elsewhere.statusCode, 201, elsewhere.body);
    assert.equal(await count(), n + 2);
    for (const id of [first.json().id, fresh.json().id, elsewhere.json().id])
      await t.request({ method: 'DELETE', url: `/api/v1/citizens/me/drafts/${id}`, token: tok.citizen });
  });

  test('bad draft input is 400 and changes nothing; another citizen cannot touch the draft', async () => {
    const d = (await t.request({ method: 'POST', url: '/api/v1/citizens/me/drafts', token: tok.citizen, body: { procedureCode: '2.000488' } })).json();
    for (const body of [
      { version: d.version, formData: { ngaySinh: '1990-02-30' } },
      { version: d.version, formData: { khongCo: 'x' } },
      { version: d.version, hinhThuc: 'x' },
      { version: d.version, formData: { hinhThucNhanKetQua: 'Qua bồ câu' } },
    ]) {
      const r = await t.request({ method: 'PATCH', url: `/api/v1/citizens/me/drafts/${d.id}`, token: tok.citizen, body });
      assert.equal(r.statusCode, 400, r.body);
    }
    const same = (await t.request({ method: 'GET', url: `/api/v1/citizens/me/drafts/${d.id}`, token: tok.citizen })).json();
    assert.equal(same.version, d.version);
    assert.deepEqual(same.formData, d.formData);
    const stale = await t.request({
      method: 'PATCH',
      url: `/api/v1/citizens/me/drafts/${d.id}`,
      token: tok.citizen,
      body: { version: d.version + 3, formData: {} },
    });
    assert.equal(stale.statusCode, 409);
    const submitIncomplete = await t.request({ method: 'POST', url: `/api/v1/citizens/me/drafts/${d.id}/submit`, token: tok.citizen });
    assert.equal(submitIncomplete.statusCode, 400, 'required fields and the receiving place are missing');
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/citizens/me/drafts/${d.id}`, token: tok.citizen2 })).statusCode, 403);
    assert.equal((await t.request({ method: 'POST', url: `/api/v1/citizens/me/drafts/${d.id}/submit`, token: tok.citizen2 })).statusCode, 403);
    // An upload goes into the warehouse and is attached; a non-PDF/image is refused.
    const m = pdfForm('to-khai.pdf', PDF);
    const up = await t.request({
      method: 'POST',
      url: `/api/v1/citizens/me/drafts/${d.id}/files?componentIndex=0`,
      token: tok.citizen,
      payload: m.payload,
      headers: m.headers,
    });
    assert.equal(up.statusCode, 201, up.body);
    assert.equal(up.json().item.source, 'upload');
    assert.equal(up.json().draft.attachments[0].componentIndex, 0);
    const bad = pdfForm('x.txt', Buffer.from('hello'));
    assert.equal(
      (
        await t.request({
          method: 'POST',
          url: `/api/v1/citizens/me/drafts/${d.id}/files?componentIndex=0`,
          token: tok.citizen,
          payload: bad.payload,
          headers: bad.headers,
        })
      ).statusCode,
      400,
    );
  });

  test("a staff read of the warehouse appears in the citizen's access log; other agencies and citizens are refused", async () => {
    const { receipt } = await submitOnline();
    const id = receipt.dossier.id;
    assert.equal(
      (await t.request({ method: 'GET', url: `/api/v1/citizens/warehouse/by-dossier/${id}`, token: tok.otherOfficer })).statusCode,
      403,
      'officer of another agency',
    );
    assert.equal(
      (await t.request({ method: 'GET', url: `/api/v1/citizens/warehouse/by-dossier/${id}`, token: tok.citizen })).statusCode,
      403,
      'citizens use their own endpoints',
    );
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/citizens/warehouse/by-dossier/${id}` })).statusCode, 401);
    const r = await t.request({ method: 'GET', url: `/api/v1/citizens/warehouse/by-dossier/${id}`, token: tok.one_stop_officer });
    assert.equal(r.statusCode, 200, r.body);
    const item = r.json().items.find((i: { hasFile: boolean }) => i.hasFile);
    const dl = await t.request({ method: 'GET', url: `/api/v1/citizens/warehouse/by-dossier/${id}/items/${item.id}/file`, token: tok.one_stop_officer });
    assert.equal(dl.statusCode, 200);
    const log = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/access-log?readerKind=staff', token: tok.citizen })).json();
    const reads = log.items.filter((a: { dossierCode: string }) => a.dossierCode === receipt.dossier.code);
    assert.deepEqual(reads.map((a: { purpose: string }) => a.purpose).sort(), ['download', 'read']);
    assert.match(reads[0].agencyName, /Trung tâm Phục vụ hành chính công/);
    assert.match(reads[0].readerUsername, /one_stop_officer/);
    // The other citizen's log does not show it.
    const other = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/access-log', token: tok.citizen2 })).json();
    assert.equal(other.items.filter((a: { dossierCode: string }) => a.dossierCode === receipt.dossier.code).length, 0);
  });

  test("staff see whether the applicant's personal ID is verified (VNeID) or only self-declared", async () => {
    const { receipt } = await submitOnline();
    const url = `/api/v1/citizens/identity/by-dossier/${receipt.dossier.id}`;
    const verified = await t.request({ method: 'GET', url, token: tok.one_stop_officer });
    assert.equal(verified.statusCode, 200, verified.body);
    const v = verified.json() as { account: boolean; verified: boolean; source: string; verifiedAt: string | null; sameId: boolean };
    assert.deepEqual({ ...v, verifiedAt: typeof v.verifiedAt }, { account: true, verified: true, source: 'demo', verifiedAt: 'string', sameId: true });
    // A dossier naming another person's ID than the (verified) account's is not verified by it.
    await sql`UPDATE dossier SET applicant_id_number = '038090009999' WHERE id = ${receipt.dossier.id}`.execute(t.database.db);
    const other = (await t.request({ method: 'GET', url, token: tok.one_stop_officer })).json();
    assert.deepEqual([other.verified, other.sameId], [false, false]);
    await sql`UPDATE dossier SET applicant_id_number = '038090001234' WHERE id = ${receipt.dossier.id}`.execute(t.database.db);
    // The same applicant with a self-declared ID (as a password registration leaves it).
    const owner = (await sql<{ applicant_user_id: string }>`SELECT applicant_user_id FROM dossier WHERE id = ${receipt.dossier.id}`.execute(t.database.db))
      .rows[0].applicant_user_id;
    const saved = (await sql<{ verified_at: Date }>`SELECT verified_at FROM citizen_profile WHERE user_id = ${owner}`.execute(t.database.db)).rows[0]
      .verified_at;
    await sql`UPDATE citizen_profile SET verified_at = NULL WHERE user_id = ${owner}`.execute(t.database.db);
    try {
      const self = (await t.request({ method: 'GET', url, token: tok.one_stop_officer })).json();
      assert.equal(self.verified, false);
      assert.equal(self.verifiedAt, null);
    } finally {
      await sql`UPDATE citizen_profile SET verified_at = ${saved} WHERE user_id = ${owner}`.execute(t.database.db);
    }
    assert.equal((await t.request({ method: 'GET', url, token: tok.otherOfficer })).statusCode, 403, 'officer of another agency');
    assert.equal((await t.request({ method: 'GET', url, token: tok.citizen })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url })).statusCode, 401);
  });
});

describe('once-only measure, ratings, proactive reminders', () => {
  test('the reduction figure of a demo procedure is computed from its form', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/citizens/once-only?limit=500', token: tok.catalog_manager });
    assert.equal(r.statusCode, 200, r.body);
    const row = r.json().items.find((i: { code: string; caseKey: string }) => i.code === '2.000488' && i.caseKey === 'chuan');
    const proc = (await t.request({ method: 'GET', url: '/api/v1/procedures/2.000488' })).json();
    const fields = proc.content.cases.find((c: { key: string }) => c.key === 'chuan').eform.fields as {
      prefill: { source: 'citizen_profile' | 'national_db'; ref: string } | null;
    }[];
    const expected = fields.filter((f) => f.prefill && SUPPORTED_REFS[f.prefill.source].includes(f.prefill.ref)).length;
    assert.equal(row.fields, fields.length);
    assert.equal(row.prefillable, expected);
    assert.equal(row.toDeclare, fields.length - expected);
    assert.equal(row.reductionPercent, Math.round((expected / fields.length) * 1000) / 10);
    assert.ok(row.reductionPercent >= 20);
    assert.ok(
      r
        .json()
        .items.filter((i: { hasForm: boolean }) => i.hasForm)
        .every((i: { reductionPercent: number }) => i.reductionPercent >= 20),
    );
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/citizens/once-only', token: tok.citizen })).statusCode, 403);
  });

  test('one rating per returned dossier, editable for 7 days, invalid answers refused', async () => {
    const { receipt } = await submitOnline();
    const id = receipt.dossier.id;
    const early = await t.request({ method: 'POST', url: '/api/v1/citizens/me/ratings', token: tok.citizen, body: { dossierId: id, answers: { overall: 5 } } });
    assert.equal(early.statusCode, 422, 'not before the result is returned');
    await act(id, tok.one_stop_officer, { type: 'receive' });
    await act(id, tok.one_stop_officer, { type: 'forward' });
    await act(id, tok.specialist, { type: 'next_step' });
    await act(id, tok.unit_leader, { type: 'result_ready', decisionNumber: '77/LLTP', signer: 'Phạm Quốc Hưng', signedOn: '2026-01-05' });
    await act(id, tok.one_stop_officer, { type: 'return_result', channel: 'post', receivedBy: 'levanan@example.vn' }); // no signed result file: not electronically (issue 19)
    for (const answers of [{ attitude: 4 }, { overall: 6 }, { overall: 3, speed: 2 }]) {
      assert.equal(
        (await t.request({ method: 'POST', url: '/api/v1/citizens/me/ratings', token: tok.citizen, body: { dossierId: id, answers } })).statusCode,
        400,
      );
    }
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/citizens/me/ratings', token: tok.citizen2, body: { dossierId: id, answers: { overall: 1 } } }))
        .statusCode,
      403,
    );
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/citizens/me/ratings',
      token: tok.citizen,
      body: { dossierId: id, answers: { overall: 4, attitude: 5, total_time: 4 }, comment: 'Nhanh, đúng hẹn' },
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/citizens/me/ratings', token: tok.citizen, body: { dossierId: id, answers: { overall: 1 } } }))
        .statusCode,
      409,
    );
    const u = await t.request({ method: 'PUT', url: `/api/v1/citizens/me/ratings/${id}`, token: tok.citizen, body: { version: 1, answers: { overall: 5 } } });
    assert.equal(u.statusCode, 200, u.body);
    t.deps.clock.now = () => new Date(Date.now() + 8 * 86400_000);
    const late = await t.request({
      method: 'PUT',
      url: `/api/v1/citizens/me/ratings/${id}`,
      token: tok.citizen,
      body: { version: 2, answers: { overall: 2 } },
    });
    t.deps.clock.now = realNow;
    assert.equal(late.statusCode, 422);
    const s = (await t.request({ method: 'GET', url: '/api/v1/citizens/ratings/summary', token: tok.admin })).json();
    assert.equal(s.count, 1);
    assert.equal(s.satisfiedPercent, 100);
    assert.equal(s.byCriterion.find((c: { key: string }) => c.key === 'attitude').count, 0, 'the edit replaced the answers');
    // The result is now in the warehouse, downloadable.
    const wh = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse', token: tok.citizen })).json();
    assert.ok(
      wh.items.some((i: { kind: string; sourceRef: string }) => i.kind === 'result' && i.sourceRef === receipt.dossier.code) === false,
      'no result file was uploaded, so no result document',
    );
  });

  test('the personal data export lists exactly the ratings given from the account, in the order of its dossiers', async () => {
    // A second dossier, received and rated at the counter (no account): that rating is not the person's own.
    const { receipt } = await submitOnline();
    await act(receipt.dossier.id, tok.one_stop_officer, { type: 'receive' });
    const counter = await t.request({ method: 'POST', url: '/api/v1/ratings/counter', token: tok.one_stop_officer, body: { dossierId: receipt.dossier.id } });
    assert.equal(counter.statusCode, 200, counter.body);
    assert.equal((await t.request({ method: 'POST', url: `/api/v1/ratings/${counter.json().token}`, body: { answers: { overall: 2 } } })).statusCode, 201);
    const me = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: tok.citizen })).json();
    const all = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse/export', token: tok.citizen })).json();
    const order: string[] = all.dossiers.map((d: { code: string }) => d.code);
    const { rows } = await sql<{
      dossier_code: string;
      overall: number;
      answers: Record<string, number>;
      comment: string | null;
    }>`SELECT dossier_code, overall, answers, comment FROM dossier_rating WHERE owner_id = ${me.userId}`.execute(t.database.db);
    const expected = rows
      .sort((a, b) => order.indexOf(a.dossier_code) - order.indexOf(b.dossier_code))
      .map((r) => ({ dossierCode: r.dossier_code, overall: r.overall, answers: r.answers, comment: r.comment }));
    assert.ok(expected.length >= 1);
    assert.deepEqual(
      all.ratings.map(({ at: _at, ...r }: { at: string }) => r),
      expected,
    );
    assert.ok(
      all.ratings.some((r: { overall: number; answers: Record<string, number> }) => r.overall === 5 && r.answers.overall === 5),
      'the edited rating, as edited',
    );
    assert.ok(
      !all.ratings.some((r: { dossierCode: string }) => r.dossierCode === receipt.dossier.code),
      'not the counter rating of a dossier filed from the account',
    );
    assert.deepEqual((await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse/export', token: tok.citizen2 })).json().ratings, []);
  });

  test('a result nearing expiry: the holder is notified once and offered a pre-filled renewal draft', async () => {
    const r = await t.request({ method: 'POST', url: '/api/v1/citizens/reminders/run', token: tok.admin });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().reminded, 1);
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/citizens/reminders/run', token: tok.admin })).json().reminded, 0, 'once per stage');
    const wh = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse', token: tok.citizen })).json();
    const permit = wh.items.find((i: { kind: string; procedureCode: string }) => i.kind === 'result' && i.procedureCode === '1.013225');
    assert.ok(permit.renewalDraftId);
    const draft = (await t.request({ method: 'GET', url: `/api/v1/citizens/me/drafts/${permit.renewalDraftId}`, token: tok.citizen })).json();
    assert.equal(draft.procedureCode, '1.013227');
    assert.equal(draft.renewalOf, permit.id);
    assert.equal(draft.formData.hoTen, 'Lê Văn An');
    assert.ok(
      draft.attachments.some((a: { itemId: string }) => a.itemId === permit.id),
      'the permit is attached as "Bản chính giấy phép xây dựng đã được cấp"',
    );
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'citizens.notify' AND payload->>'kind' = 'expiry'`.execute(
      t.database.db,
    );
    assert.equal(rows[0].n, 1);
    // Delivered through the sandbox notifier to e-mail, SMS and Zalo, in Vietnamese.
    for (let i = 0; i < 50 && (await t.deps.outbox.runOnce()) > 0; i++);
    const msgs = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/messages', token: tok.citizen })).json();
    const channels = msgs.items
      .filter((m: { payload: { text: string } }) => /hết hiệu lực/.test(m.payload.text))
      .map((m: { channel: string }) => m.channel)
      .sort();
    assert.deepEqual(channels, ['email', 'sms', 'zalo']);
  });
});

describe('warehouse: certified only when validly signed (issue 19)', () => {
  test('the result the leader signed is certified; the unsigned upload of the same dossier is not', async () => {
    const { receipt } = await submitOnline();
    const id = receipt.dossier.id;
    await act(id, tok.one_stop_officer, { type: 'receive' });
    await act(id, tok.one_stop_officer, { type: 'forward' });
    await act(id, tok.specialist, { type: 'next_step' });
    const m = pdfForm('ket-qua.pdf', await samplePdf('Phieu ly lich tu phap so 1'));
    const up = await t.request({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/files?kind=result`,
      token: tok.specialist,
      payload: m.payload,
      headers: m.headers,
    });
    assert.equal(up.statusCode, 201, up.body);
    await act(id, tok.unit_leader, { type: 'result_ready', decisionNumber: '88/LLTP', signer: 'Phạm Quốc Hưng', signedOn: '2026-01-05', fileId: up.json().id });
    await act(id, tok.one_stop_officer, { type: 'return_result', channel: 'electronic', receivedBy: 'levanan@example.vn' });
    const wh = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse', token: tok.citizen })).json();
    const results = wh.items.filter((i: { kind: string; sourceRef: string }) => i.kind === 'result' && i.sourceRef === receipt.dossier.code) as {
      sha256: string;
      certified: boolean;
    }[];
    assert.equal(results.length, 2, 'the uploaded result and its signed copy');
    const unsigned = results.find((r) => r.sha256 === up.json().sha256);
    const signed = results.find((r) => r.sha256 !== up.json().sha256);
    assert.equal(unsigned?.certified, false);
    assert.equal(signed?.certified, true);
  });
});
