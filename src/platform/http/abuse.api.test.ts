import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { DEMO_OPEN311_KEY } from '../../modules/feedback/feedback.testutil.js';
import { multipart } from '../../test/multipart.js';

/**
 * Issue 16 §2 over HTTP: per-client limits of the anonymous endpoints (429 problem+json with
 * Retry-After), the daily anonymous upload budget and the trusted reverse proxies. Every test uses
 * its own client address (inject's remoteAddress), so counters never leak from one test to another.
 */
let t: TestApp;
const realNow = () => new Date();

before(async () => {
  t = await startTestApp({
    env: {
      RATE_LIMIT_PUBLIC_WRITE: '3/10m',
      RATE_LIMIT_SURVEY: '2/1h',
      RATE_LIMIT_PUBLIC_LOOKUP: '4/1m',
      ANON_UPLOAD_MB_PER_CLIENT_DAY: '0.01', // 10,486 bytes
      ANON_UPLOAD_MB_PER_DAY: '0.02',
      TRUST_PROXY: '10.0.0.1,10.9.0.0/16',
    },
  });
});
after(async () => {
  t.deps.clock.now = realNow;
  await t.close();
});

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;

function hit(ip: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: method as 'GET',
    url,
    remoteAddress: ip,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    payload: body !== undefined ? JSON.stringify(body) : undefined,
  });
}

/** Sends `n` requests; the 1-based index of the first 429 (0 when none) and the responses. */
async function until429(n: number, send: (i: number) => ReturnType<typeof hit>) {
  const rs = [];
  for (let i = 0; i < n; i++) rs.push(await send(i));
  return { first: rs.findIndex((r) => r.statusCode === 429) + 1, rs };
}

function assertRateLimited(r: Awaited<ReturnType<typeof hit>>, code = 'rate_limited') {
  assert.equal(r.statusCode, 429, r.body);
  assert.match(String(r.headers['content-type']), /application\/problem\+json/);
  const p = r.json();
  assert.equal(p.code, code);
  assert.equal(p.status, 429);
  assert.match(p.detail, /thử lại/);
  const retry = Number(r.headers['retry-after']);
  assert.ok(Number.isInteger(retry) && retry > 0, `Retry-After ${r.headers['retry-after']}`);
  return retry;
}

const feedbackBody = (i: number) => ({
  content: `Cán bộ tiếp nhận yêu cầu nộp thêm bản sao giấy tờ không có trong thủ tục (lần ${i}).`,
  name: 'Lê Văn Thử',
  phone: `09130000${String(i).padStart(2, '0')}`,
});

describe('rate limits per client', () => {
  test('SIPAS answers: the third from one client in an hour is 429, nothing stored for it, another client is not affected, the next hour is open again', async () => {
    const agencyId = (await sql<{ id: string }>`SELECT id FROM agency WHERE valid_to IS NULL LIMIT 1`.execute(t.database.db)).rows[0].id;
    const answer = () => ({ agencyId, sector: 'administrative', answers: { access: 4, procedure: 4, officials: 5, result: 4 } });
    const { first, rs } = await until429(4, () => hit('198.51.100.1', 'POST', '/api/v1/reform/sipas/responses', answer()));
    assert.deepEqual(
      rs.map((r) => r.statusCode),
      [201, 201, 429, 429],
    );
    assert.equal(first, 3);
    const retry = assertRateLimited(rs[2]);
    assert.ok(retry <= 3600 && retry > 3500, String(retry));
    assert.equal(await count('reform_sipas_response'), 2);
    assert.equal((await hit('198.51.100.2', 'POST', '/api/v1/reform/sipas/responses', answer())).statusCode, 201);
    // The survey response table has no column that could name who answered.
    const cols = (
      await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'reform_sipas_response'`.execute(t.database.db)
    ).rows.map((r) => r.column_name);
    for (const c of cols) assert.doesNotMatch(c, /ip|user|actor|client|created_at/);
    t.deps.clock.now = () => new Date(Date.now() + 3600_000 + 1000);
    try {
      assert.equal((await hit('198.51.100.1', 'POST', '/api/v1/reform/sipas/responses', answer())).statusCode, 201);
    } finally {
      t.deps.clock.now = realNow;
    }
  });

  test('public feedback: the fourth in ten minutes is 429 and is not stored', async () => {
    const before = await count('feedback');
    const { first, rs } = await until429(5, (i) => hit('198.51.100.3', 'POST', '/api/v1/feedback', feedbackBody(i)));
    assert.equal(first, 4);
    assertRateLimited(rs[3]);
    assert.equal(await count('feedback'), before + 3);
  });

  test('Open311 POST: the fourth is 429 with Retry-After (in the Open311 error format)', async () => {
    const form = (i: number) =>
      `api_key=${DEMO_OPEN311_KEY}&description=${encodeURIComponent(`Cán bộ yêu cầu photo công chứng giấy tờ đã có trên VNeID (lần ${i}).`)}&email=nd${i}%40example.vn`;
    const rs = [];
    for (let i = 0; i < 4; i++) {
      rs.push(
        await t.app.inject({
          method: 'POST',
          url: '/open311/v2/requests.json',
          remoteAddress: '198.51.100.4',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: form(i),
        }),
      );
    }
    assert.deepEqual(
      rs.map((r) => r.statusCode),
      [200, 200, 200, 429],
      rs.map((r) => r.body).join('\n'),
    );
    assert.ok(Number(rs[3].headers['retry-after']) > 0);
    assert.equal(rs[3].json()[0].code, 429);
  });

  test('citizen registration shares the anonymous-write budget of the client', async () => {
    const body = (i: number) => ({
      kind: 'citizen',
      password: 'matkhau-123',
      fullName: 'Phạm Thị Bình',
      personalId: `03819500${String(1000 + i)}`,
      dateOfBirth: '1995-03-04',
      gender: 'nu',
      residence: 'Phường Hàm Rồng, Thanh Hóa',
      phone: '0987654321',
      consentNoticeVersion: 1,
    });
    assert.equal((await hit('198.51.100.5', 'POST', '/api/v1/feedback', feedbackBody(50))).statusCode, 201);
    const { first, rs } = await until429(3, (i) => hit('198.51.100.5', 'POST', '/api/v1/citizens/register', body(i)));
    assert.equal(first, 3);
    assertRateLimited(rs[2]);
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM app_user WHERE username = '038195001002'`.execute(t.database.db)).rows[0].n, 0);
  });

  test('public dossier lookup: the fifth in a minute is 429, even for unknown codes', async () => {
    const { first, rs } = await until429(6, (i) => hit('198.51.100.6', 'GET', `/api/v1/public/dossiers/000.00.15.H56-260101-${String(9000 + i)}`));
    assert.equal(first, 5);
    assert.deepEqual(
      rs.slice(0, 4).map((r) => r.statusCode),
      [404, 404, 404, 404],
    );
    const retry = assertRateLimited(rs[4]);
    // Every answer of a limited route states the limit, what is left of it and when the window ends.
    assert.deepEqual(
      rs.map((r) => [r.headers['x-ratelimit-limit'], r.headers['x-ratelimit-remaining']]),
      [
        ['4', '3'],
        ['4', '2'],
        ['4', '1'],
        ['4', '0'],
        ['4', '0'],
        ['4', '0'],
      ],
    );
    for (const r of rs)
      assert.ok(Number(r.headers['x-ratelimit-reset']) > 0 && Number(r.headers['x-ratelimit-reset']) <= 60, String(r.headers['x-ratelimit-reset']));
    assert.equal(Number(rs[4].headers['x-ratelimit-reset']), retry);
    // A route without a limit states none.
    assert.equal((await hit('198.51.100.6', 'GET', '/api/health')).headers['x-ratelimit-limit'], undefined);
  });

  test('limits are per client: IPv6 addresses of one /64 are one client', async () => {
    const { first } = await until429(5, (i) => hit(`2001:db8:1:2::${i + 1}`, 'GET', '/api/v1/public/dossiers/000.00.15.H56-260101-0001'));
    assert.equal(first, 5);
    assert.equal((await hit('2001:db8:1:3::1', 'GET', '/api/v1/public/dossiers/000.00.15.H56-260101-0001')).statusCode, 404);
  });
});

describe('daily cap on anonymous upload volume', () => {
  const png = (size: number) => {
    const b = Buffer.alloc(size, 0x41);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
    return b;
  };
  const upload = (ip: string, code: string, contact: string, content: Buffer) => {
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/feedback/track/attachments?code=${code}&contact=${contact}`,
      remoteAddress: ip,
      ...multipart({ name: 'anh.png', data: content, type: 'image/png' }),
    });
  };

  test('per client and in all: over the cap → 429 upload_quota_exceeded until midnight, nothing stored', async () => {
    const submitted = async (ip: string, i: number) => {
      const r = await hit(ip, 'POST', '/api/v1/feedback', feedbackBody(i));
      assert.equal(r.statusCode, 201, r.body);
      return { code: r.json().code as string, contact: feedbackBody(i).phone };
    };
    // Submitted from elsewhere: the uploads below are each client's only anonymous writes.
    const a = await submitted('198.51.100.70', 60);
    assert.equal((await upload('198.51.100.7', a.code, a.contact, png(6000))).statusCode, 201);
    const over = await upload('198.51.100.7', a.code, a.contact, png(6000));
    const retry = assertRateLimited(over, 'upload_quota_exceeded');
    assert.ok(retry <= 86_400);
    assert.match(over.json().detail, /0,01 MB/);
    const stored = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM feedback_attachment`.execute(t.database.db)).rows[0].n;
    assert.equal(await stored(), 1);
    // A smaller file still fits this client's budget (10,400 of 10,486 bytes).
    assert.equal((await upload('198.51.100.7', a.code, a.contact, png(4400))).statusCode, 201);
    // Other clients: their own budgets, until the server's total (20,972 bytes) is spent.
    const b = await submitted('198.51.100.80', 61);
    assert.equal((await upload('198.51.100.8', b.code, b.contact, png(9000))).statusCode, 201);
    const total = await upload('198.51.100.9', b.code, b.contact, png(2000));
    assertRateLimited(total, 'upload_quota_exceeded');
    assert.match(total.json().detail, /trong ngày/);
    assert.equal(await stored(), 3);
    // The next day (Asia/Ho_Chi_Minh) the budgets start afresh.
    t.deps.clock.now = () => new Date(Date.now() + 86_400_000);
    try {
      assert.equal((await upload('198.51.100.9', b.code, b.contact, png(2000))).statusCode, 201);
    } finally {
      t.deps.clock.now = realNow;
    }
  });
});

describe('reverse proxies (TRUST_PROXY)', () => {
  const failedLoginIp = async (username: string) =>
    (
      await sql<{
        ip: string | null;
      }>`SELECT ip FROM audit_log WHERE action = 'auth.login_failed' AND summary->>'username' = ${username} ORDER BY at DESC LIMIT 1`.execute(t.database.db)
    ).rows[0]?.ip;

  test('a forged X-Forwarded-For from an untrusted peer is ignored: the audit records the real address', async () => {
    const r = await hit('203.0.113.50', 'POST', '/api/v1/auth/login', { username: 'nobody-1', password: 'x' }, { 'x-forwarded-for': '1.2.3.4' });
    assert.equal(r.statusCode, 401);
    assert.equal(await failedLoginIp('nobody-1'), '203.0.113.50');
  });

  test('X-Forwarded-For from a configured proxy (address or CIDR) names the client', async () => {
    await hit('10.0.0.1', 'POST', '/api/v1/auth/login', { username: 'nobody-2', password: 'x' }, { 'x-forwarded-for': '192.0.2.77' });
    assert.equal(await failedLoginIp('nobody-2'), '192.0.2.77');
    await hit('10.9.4.4', 'POST', '/api/v1/auth/login', { username: 'nobody-3', password: 'x' }, { 'x-forwarded-for': '192.0.2.78, 10.0.0.1' });
    assert.equal(await failedLoginIp('nobody-3'), '192.0.2.78');
    // A client prepending a forged address before the trusted proxy's own entry gets no further.
    await hit('10.0.0.1', 'POST', '/api/v1/auth/login', { username: 'nobody-4', password: 'x' }, { 'x-forwarded-for': '1.1.1.1, 192.0.2.79' });
    assert.equal(await failedLoginIp('nobody-4'), '192.0.2.79');
  });

  test('a forged X-Forwarded-For does not escape the rate limit', async () => {
    const { first } = await until429(6, (i) =>
      hit('203.0.113.60', 'GET', '/api/v1/public/dossiers/000.00.15.H56-260101-0001', undefined, { 'x-forwarded-for': `192.0.2.${i + 1}` }),
    );
    assert.equal(first, 5);
  });
});

test('the OpenAPI description states each limit', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.match(doc.paths['/api/v1/reform/sipas/responses'].post.description, /2 yêu cầu \/ 1 giờ.*429/);
  assert.match(doc.paths['/api/v1/public/dossiers/{code}'].get.description, /4 yêu cầu \/ 1 phút/);
  assert.equal(doc.paths['/api/v1/feedback/categories'].get.description, undefined);
});
