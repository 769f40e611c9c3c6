import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, type TestApp } from '../test/harness.js';
import { ROLES, type Role } from './context.js';
import { DEMO_USERS } from '../modules/org/org.testutil.js';
import { compilePendingSchemas } from './http/lazy-schemas.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;

describe('health, meta and OpenAPI', () => {
  test('GET /api/health reports the engine in use', async () => {
    const r = await t.request({ method: 'GET', url: '/api/health' });
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.db, process.env.DATABASE_URL ? 'postgres' : 'pglite');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.ok(r.headers['x-request-id'], 'request id header');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(r.headers['content-security-policy']);
  });

  test('a client request id is echoed back', async () => {
    const r = await t.request({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'abc-12345678' } });
    assert.equal(r.headers['x-request-id'], 'abc-12345678');
  });

  test('/openapi.json is a valid OpenAPI 3 document', async () => {
    const r = await t.request({ method: 'GET', url: '/openapi.json' });
    assert.equal(r.statusCode, 200);
    const doc = r.json();
    assert.match(doc.openapi, /^3\./);
    await SwaggerParser.validate(structuredClone(doc));
    assert.ok(doc.paths['/api/health']);
    assert.ok(doc.paths['/api/v1/auth/login']);
  });

  test('the error-code catalogue is served, and in the OpenAPI description (x-error-codes)', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/error-codes' });
    assert.equal(r.statusCode, 200);
    const items = r.json().items as { code: string; status: number[]; vi: string; en: string }[];
    assert.deepEqual(items.find((i) => i.code === 'idempotency_key_reused')?.status, [409]);
    const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).json();
    assert.equal(Object.keys(doc['x-error-codes']).length, items.length);
    assert.deepEqual(doc['x-error-codes'].not_found.status, [404]);
  });

  test('/docs serves a readable page', async () => {
    const r = await t.request({ method: 'GET', url: '/docs/' });
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-type'] as string, /html/);
  });

  test('meta says demo, names the province and the sandboxes on (all of them in demo mode)', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/meta' });
    assert.deepEqual(r.json(), {
      demo: true,
      production: false,
      sandboxes: ['vneid', 'payment', 'national_portal', 'notifications', 'signing'],
      province: { code: '38', name: 'Thanh Hóa' },
    });
  });

  test('unknown API path is a problem+json 404', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/khong-co' });
    assert.equal(r.statusCode, 404);
    assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(r.json().code, 'not_found');
  });
});

describe('schemas compiled on first use', () => {
  test("every route's validators and serializers compile (lazily compiled ones too)", () => {
    // Validators and serializers are compiled on a route's first request (http/lazy-schemas.ts);
    // compiling every pending one here fails the suite on an invalid schema, as a start-up would have.
    assert.ok(compilePendingSchemas() > 100, 'a few hundred route schemas were pending');
    assert.equal(compilePendingSchemas(), 0);
  });
});

describe('login, sessions and throttling', () => {
  for (const u of DEMO_USERS) {
    test(`demo user ${u.username} logs in and sees itself`, async () => {
      const r = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { username: u.username, password: 'demo12345' } });
      assert.equal(r.statusCode, 200, r.body);
      const { token, user } = r.json();
      assert.ok(token);
      assert.deepEqual(user.roles, [u.username]);
      assert.ok(String(r.headers['set-cookie']).includes('HttpOnly'));
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().user.username, u.username);
      assert.equal(me.json().user.kind, u.username === 'citizen' ? 'citizen' : 'staff');
      if (u.agencyName) assert.equal(me.json().user.agency.name, u.agencyName);
    });
  }

  test('the session cookie authenticates too, and logout revokes the session', async () => {
    const r = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { username: 'specialist', password: 'demo12345' } });
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 200);
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-requested-with': 'motcua' } });
    assert.equal(out.statusCode, 204);
    const again = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    assert.equal(again.statusCode, 401);
    const bearer = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: r.json().token });
    assert.equal(bearer.statusCode, 401, 'the revoked token is refused as a bearer too');
  });

  test('a wrong password is 401 with a Vietnamese detail, and a forged token is refused', async () => {
    const r = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { username: 'admin', password: 'sai-mat-khau' } });
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().code, 'invalid_credentials');
    assert.match(r.json().detail, /mật khẩu/);
    const forged = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.AAAA' });
    assert.equal(forged.statusCode, 401);
  });

  test('repeated failures from one client delay that client on the account (429, Retry-After) even with the right password; other accounts unaffected', async () => {
    const token = await t.login('admin');
    await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token,
      body: { username: 'khoa.thu', fullName: 'Người Thử', password: 'matkhau123', agencyId: null, roles: ['citizen'] },
    });
    for (let i = 0; i < 5; i++) {
      const r = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { username: 'khoa.thu', password: 'sai' + i } });
      assert.equal(r.statusCode, 401);
    }
    const locked = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { username: 'khoa.thu', password: 'matkhau123' } });
    assert.equal(locked.statusCode, 429);
    assert.ok(Number(locked.headers['retry-after']) > 0);
    const other = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { username: 'home_affairs', password: 'demo12345' } });
    assert.equal(other.statusCode, 200);
  });
});

describe('bad input gets 400 problem+json and writes nothing', () => {
  const newUser = (username: string) => ({ username, fullName: 'Nguyễn Văn Thử', password: 'matkhau123', agencyId: null, roles: ['citizen'] });

  const cases: { name: string; payload: () => string; code: string }[] = [
    { name: 'malformed JSON', payload: () => '{"username": "x",', code: 'invalid_json' },
    { name: 'an unknown field', payload: () => JSON.stringify({ ...newUser('unknown.field'), isAdmin: true }), code: 'validation_failed' },
    { name: 'a wrong type', payload: () => JSON.stringify({ ...newUser('wrong.type'), roles: 'citizen' }), code: 'validation_failed' },
    {
      name: 'a number where a string is expected (no coercion)',
      payload: () => JSON.stringify({ ...newUser('x'), fullName: 12345 }),
      code: 'validation_failed',
    },
    { name: 'a missing field', payload: () => JSON.stringify({ username: 'missing.field' }), code: 'validation_failed' },
    { name: 'an oversized body', payload: () => JSON.stringify({ ...newUser('big.body'), fullName: 'x'.repeat(1_200_000) }), code: 'body_too_large' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const token = await t.login('admin');
      const users = await count('app_user');
      const audits = await count('audit_log');
      const r = await t.request({ method: 'POST', url: '/api/v1/users', token, payload: c.payload(), headers: { 'content-type': 'application/json' } });
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
      const p = r.json();
      assert.equal(p.code, c.code);
      assert.equal(p.status, 400);
      assert.ok(p.detail.length > 10);
      assert.equal(await count('app_user'), users);
      assert.equal(await count('audit_log'), audits);
    });
  }

  test('validation messages are Vietnamese and name the field', async () => {
    const token = await t.login('admin');
    const r = await t.request({ method: 'POST', url: '/api/v1/users', token, body: { ...newUser('a.b'), extra: 1 } });
    assert.match(r.json().detail, /trường "extra" không được phép/);
  });

  test('unknown query parameters are ignored', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/units?level=province&limit=5&khongbiet=1' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().items.length, 5);
  });
});

describe('access: every API route declares who may call it', () => {
  test('anonymous → 401 and a role outside the list → 403, for every role-restricted route', async () => {
    const tokens = new Map<Role, string>();
    for (const role of ROLES) tokens.set(role, await t.login(role));
    const restricted = t.app.routeTable.filter((r) => r.access !== 'public');
    assert.ok(restricted.length >= 5);
    for (const route of restricted) {
      const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const anon = await t.request({ method: route.method, url, body: ['POST', 'PATCH', 'PUT'].includes(route.method) ? {} : undefined });
      assert.equal(anon.statusCode, 401, `${route.method} ${route.url} anonymous`);
      if (route.access === 'authenticated') continue;
      const outsider = ROLES.find((r) => !(route.access as readonly Role[]).includes(r))!;
      const res = await t.request({
        method: route.method,
        url,
        token: tokens.get(outsider),
        body: ['POST', 'PATCH', 'PUT'].includes(route.method) ? {} : undefined,
      });
      assert.equal(res.statusCode, 403, `${route.method} ${route.url} as ${outsider}`);
    }
  });
});

describe('audit', () => {
  test('a change writes its audit row, searchable by admins', async () => {
    const token = await t.login('admin');
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token,
      body: { username: 'audit.case', fullName: 'Kiểm Tra Nhật Ký', password: 'matkhau123', agencyId: null, roles: ['citizen'] },
    });
    assert.equal(r.statusCode, 201, r.body);
    const a = await t.request({ method: 'GET', url: `/api/v1/audit?entity=user&entityId=${r.json().id}`, token });
    assert.equal(a.statusCode, 200);
    const [row] = a.json().items;
    assert.equal(row.action, 'user.create');
    assert.equal(row.actorUsername, 'admin');
    assert.ok(row.requestId);
    assert.ok(!JSON.stringify(row.summary).includes('matkhau123'), 'no password in the audit');
  });

  test('audit rows cannot be updated or deleted, even by the owner', async () => {
    await assert.rejects(sql`UPDATE audit_log SET action = 'x'`.execute(t.database.db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_log`.execute(t.database.db), /append-only/);
    await assert.rejects(sql`TRUNCATE audit_log`.execute(t.database.db), /append-only/);
    assert.ok((await count('audit_log')) > 0);
  });
});
