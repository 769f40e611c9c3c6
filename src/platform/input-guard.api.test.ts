/**
 * Malformed input is a 400 that changes nothing (issue 16 §3), over HTTP: NUL and lone surrogates
 * in every kind of text, numbers beyond 64 bits, impossible dates, spoofing characters in names.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test/harness.js';
import { DEMO_OPEN311_KEY } from '../modules/feedback/feedback.testutil.js';

let t: TestApp;
let tok: Record<string, string>;
before(async () => {
  t = await startTestApp();
  tok = await t.logins(['admin', 'one_stop_officer', 'home_affairs']);
});
after(async () => {
  await t.close();
});

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;
const problem = (r: { statusCode: number; body: string; headers: Record<string, unknown> }, code: string) => {
  assert.equal(r.statusCode, 400, r.body);
  assert.match(String(r.headers['content-type']), /application\/problem\+json/);
  const p = JSON.parse(r.body) as { code: string; detail: string };
  assert.equal(p.code, code, r.body);
  assert.ok(p.detail.length > 10);
  return p;
};

const applicant = {
  kind: 'citizen',
  name: 'Nguyễn Thị Hồng Đào',
  idNumber: '038190012345',
  phone: '0912345678',
  email: 'dao@example.vn',
  address: 'Phường Hạc Thành, Thanh Hóa',
};
const intake = (a: Record<string, unknown>) =>
  t.request({
    method: 'POST',
    url: '/api/v1/dossiers',
    token: tok.one_stop_officer,
    body: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant: a, components: [{ index: 0 }] },
  });

describe('NUL and lone surrogates', () => {
  test('a NUL at counter intake is refused and consumes no dossier number', async () => {
    const first = await intake(applicant);
    assert.equal(first.statusCode, 201, first.body);
    const counters = await count('dossier_code_counter');
    const dossiers = await count('dossier');
    const audits = await count('audit_log');
    for (const bad of [
      { ...applicant, name: 'Nguyễn\u0000Đào' },
      { ...applicant, address: 'x\ud800' },
      { ...applicant, name: 'Nguyễn \udc00Đào' },
    ]) {
      problem(await intake(bad), 'invalid_characters');
    }
    assert.equal(await count('dossier'), dossiers);
    assert.equal(await count('audit_log'), audits);
    assert.equal(await count('dossier_code_counter'), counters);
    const second = await intake(applicant);
    assert.equal(second.statusCode, 201, second.body);
    // The next number follows the first one directly: the refused requests used none.
    const n = (code: string) => Number(/(\d+)$/.exec(code)![1]);
    const a = first.json() as { code: string };
    const b = second.json() as { code: string };
    assert.equal(n(b.code), n(a.code) + 1, `${a.code} then ${b.code}`);
  });

  test('login, public feedback, registration and q= refuse NUL and lone surrogates with 400', async () => {
    const feedbackBefore = await count('feedback');
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/auth/login', { username: 'ad\u0000min', password: 'demo12345' }],
      ['POST', '/api/v1/auth/login', { username: 'admin', password: 'demo\ud80012345' }],
      [
        'POST',
        '/api/v1/feedback',
        { content: 'Bộ phận một cửa yêu cầu nộp thêm giấy tờ\u0000 không có trong quy định.', name: 'Phạm Thị Hương', phone: '0912000099' },
      ],
      [
        'POST',
        '/api/v1/citizens/register',
        {
          kind: 'citizen',
          password: 'matkhau-123',
          fullName: 'Phạm\udc00 Bình',
          personalId: '038195009876',
          dateOfBirth: '1995-03-04',
          gender: 'nu',
          residence: 'Thanh Hóa',
          phone: '0987654321',
        },
      ],
      ['GET', '/api/v1/agencies?q=s%E1%BB%9F%00', undefined],
    ];
    for (const [method, url, body] of cases) {
      const r = await t.request({ method, url, body });
      problem(r, 'invalid_characters');
    }
    for (const url of ['/api/v1/users?q=a%00b', '/api/v1/catalog/procedures?q=%00', '/api/v1/plans?q=%00'])
      problem(await t.request({ method: 'GET', url, token: tok.admin }), 'invalid_characters');
    assert.equal(await count('feedback'), feedbackBefore);
  });

  test('Open311: a NUL in a form field is a 400 and creates nothing', async () => {
    const before = await count('feedback');
    const r = await t.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: new URLSearchParams({
        api_key: DEMO_OPEN311_KEY,
        description: 'Đường hỏng\u0000 nặng trước cổng UBND phường.',
        email: 'dan@example.vn',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(await count('feedback'), before);
  });

  test('a multipart text field with a NUL is refused before the file is read into a plan', async () => {
    const plans = await count('task_plan');
    const boundary = '----guardtest';
    const payload = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="signer"\r\n\r\nLê\u0000 Văn\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.tsv"\r\ncontent-type: text/plain\r\n\r\nSTT\tNội dung\tChủ trì\n1\tRà soát thủ tục\tSở Tư pháp\r\n--${boundary}--\r\n`,
    );
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/plans/import',
      token: tok.admin,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    problem(r, 'invalid_characters');
    assert.equal(await count('task_plan'), plans);
  });

  test('a NUL in an uploaded file name is a 400 and records nothing', async () => {
    const tok2 = await t.login('catalog_manager');
    const jobs = await count('catalog_import');
    const boundary = '----guardname';
    const payload = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="danh\u0000muc.json"\r\ncontent-type: application/json\r\n\r\n{"format":"x"}\r\n--${boundary}--\r\n`,
    );
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/catalog/import?wait=true',
      token: tok2,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(await count('catalog_import'), jobs);
  });
});

describe('numbers and dates', () => {
  test('offset and limit beyond a 64-bit integer are 400, not a database error', async () => {
    for (const q of ['offset=1e20', 'offset=1e308', 'offset=99999999999999999999', 'offset=Infinity', 'limit=1e308']) {
      problem(await t.request({ method: 'GET', url: `/api/v1/agencies?${q}` }), 'validation_failed');
      problem(await t.request({ method: 'GET', url: `/api/v1/feedback?${q}`, token: tok.admin }), 'validation_failed');
    }
  });

  test('a version beyond a 64-bit integer is 400 and changes nothing', async () => {
    const d = (await intake(applicant)).json() as { id: string; version: number; statusCode: string };
    for (const version of [1e20, 1e308, -1e20]) {
      const r = await t.request({ method: 'POST', url: `/api/v1/dossiers/${d.id}/actions`, token: tok.one_stop_officer, body: { version, type: 'forward' } });
      problem(r, 'validation_failed');
    }
    const after = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${d.id}`, token: tok.admin })).json() as { version: number };
    assert.equal(after.version, d.version);
  });

  test('impossible dates are 400 wherever a date is declared (format or pattern)', async () => {
    for (const url of [
      '/api/v1/feedback?from=2026-02-30&to=2026-03-01',
      '/api/v1/feedback?from=2026-01-01&to=2026-13-01',
      '/api/v1/dossiers?from=2026-02-30',
      '/api/v1/feedback/stats?from=2025-02-29&to=2025-03-01',
    ]) {
      const r = await t.request({ method: 'GET', url, token: tok.admin });
      problem(r, 'validation_failed');
    }
    // A real leap day is accepted.
    const ok = await t.request({ method: 'GET', url: '/api/v1/feedback?from=2024-02-29&to=2024-03-01', token: tok.admin });
    assert.equal(ok.statusCode, 200, ok.body);
  });
});

describe('names', () => {
  test('names refuse bidirectional overrides and zero-width characters; ordinary Vietnamese names pass', async () => {
    const users = await count('app_user');
    const agencyId = await t.agencyId('Sở Tư pháp tỉnh Thanh Hóa');
    for (const fullName of ['Nguyễn Văn \u202Enimda', 'Trần\u200B Thị Mai', 'Lê\u2066 Văn\u2069 A', '\uFEFFPhạm Bình']) {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        token: tok.admin,
        body: { username: 'spoof.user', fullName, password: 'matkhau123', agencyId, roles: ['specialist'] },
      });
      problem(r, 'invalid_name_characters');
    }
    assert.equal(await count('app_user'), users);
    const feedbackBefore = await count('feedback');
    const fb = await t.request({
      method: 'POST',
      url: '/api/v1/feedback',
      body: { content: 'Bộ phận một cửa yêu cầu nộp thêm giấy tờ không có trong quy định.', name: 'Phạm \u202DThị Hương', phone: '0912000098' },
    });
    problem(fb, 'invalid_name_characters');
    assert.equal(await count('feedback'), feedbackBefore);
    // The same characters are allowed in free text that is not a name (e.g. quoted Arabic or Hebrew).
    const ok = await t.request({
      method: 'POST',
      url: '/api/v1/feedback',
      body: { content: 'Biển hiệu ghi sai tên: \u202Bשלום\u202C — đề nghị sửa lại cho đúng.', name: 'Phạm Thị Hương', phone: '0912000097' },
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });
});
