/**
 * Issue 16 §1, "No sandbox in production": every sandbox adapter (e-ID, payment gateway, national
 * portal, notifications) is off in production unless SANDBOX names it; with none configured the
 * ports answer 503 `…_not_configured` and the sandbox routes do not exist. A self-declared personal
 * ID is unverified, and an e-ID sign-in never attaches to such an account.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test/harness.js';
import { loadConfig, parseSandboxes, sandboxWarning, SANDBOX_NAMES } from './config.js';
import { createNotifier } from '../modules/integration/integration.public.js';
import { nationalPortalAdapter } from '../modules/dossiers/dossiers.public.js';

const PRODUCTION = { NODE_ENV: 'production', SESSION_SECRET: 'a-production-secret-of-at-least-32-bytes!!' };
const count = async (t: TestApp, table: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;

/** A self-declared citizen account (registration with a password). */
const registration = (personalId: string, dateOfBirth: string, gender: 'nam' | 'nu', fullName: string) => ({
  kind: 'citizen',
  password: 'matkhau-123',
  fullName,
  personalId,
  dateOfBirth,
  gender,
  residence: 'Số 1 Đường Giả, Thanh Hóa',
  phone: '0988777666',
  email: 'nguoi-tu-khai@example.vn',
  consentNoticeVersion: 1,
});

async function register(t: TestApp, body: ReturnType<typeof registration>): Promise<{ id: string; token: string }> {
  const r = await t.request({ method: 'POST', url: '/api/v1/citizens/register', body });
  assert.equal(r.statusCode, 201, r.body);
  return { id: r.json().user.id, token: await t.login(body.personalId, body.password) };
}

/** The sandbox e-ID flow up to the code: start (or start a link with `token`), the sandbox's choice of identity. */
async function eidCode(t: TestApp, identity: string, linkToken?: string): Promise<{ code: string; state: string }> {
  const start = linkToken
    ? await t.request({ method: 'POST', url: '/api/v1/citizens/me/vneid-link', token: linkToken, body: {} })
    : await t.request({ method: 'GET', url: '/api/v1/citizens/oidc/vneid/start' });
  assert.equal(start.statusCode, 200, start.body);
  const { state } = start.json();
  const auth = await t.request({ method: 'POST', url: '/api/v1/sandbox/vneid/authorize', body: { state, identity } });
  assert.equal(auth.statusCode, 200, auth.body);
  return { code: new URL(auth.json().redirectTo, 'http://x').searchParams.get('code')!, state };
}

const callback = (t: TestApp, c: { code: string; state: string }, token?: string) =>
  t.request({ method: 'POST', url: '/api/v1/citizens/oidc/vneid/callback', body: c, token });

describe('SANDBOX setting', () => {
  test('demo mode has every sandbox; production only those named; an unknown name stops the start', () => {
    assert.deepEqual([...loadConfig({}).sandboxes], [...SANDBOX_NAMES]);
    assert.deepEqual([...loadConfig({ SANDBOX: 'vneid' }).sandboxes], [...SANDBOX_NAMES], 'demo mode keeps every sandbox on');
    assert.deepEqual([...loadConfig(PRODUCTION).sandboxes], []);
    assert.deepEqual([...loadConfig({ ...PRODUCTION, SANDBOX: ' vneid , payment,' }).sandboxes], ['vneid', 'payment']);
    assert.deepEqual([...parseSandboxes('national_portal,notifications', true)], ['national_portal', 'notifications']);
    for (const bad of ['vneid,paymnet', 'all', 'VNEID']) {
      assert.throws(() => loadConfig({ ...PRODUCTION, SANDBOX: bad }), /SANDBOX chỉ nhận các tên vneid, payment, national_portal, notifications, signing/);
      assert.throws(() => loadConfig({ SANDBOX: bad }), /SANDBOX/, 'validated in demo mode too');
    }
  });

  test('a production start with a sandbox on warns; demo mode and production without sandboxes do not', () => {
    assert.equal(sandboxWarning(loadConfig({})), null);
    assert.equal(sandboxWarning(loadConfig(PRODUCTION)), null);
    assert.match(sandboxWarning(loadConfig({ ...PRODUCTION, SANDBOX: 'payment,vneid' })) ?? '', /SANDBOX adapters are ON in production: payment, vneid/);
  });
});

describe('production without SANDBOX: every sandbox is off', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: PRODUCTION });
  });
  after(async () => {
    await t?.close();
  });

  test('meta says production with no sandbox (no banner)', async () => {
    const meta = (await t.request({ method: 'GET', url: '/api/v1/meta' })).json();
    assert.equal(meta.demo, false);
    assert.equal(meta.production, true);
    assert.deepEqual(meta.sandboxes, []);
  });

  test('e-ID sign-in answers 503 identity_provider_not_configured (problem+json); nothing is written', async () => {
    const flows = await count(t, 'oidc_flow');
    for (const r of [
      await t.request({ method: 'GET', url: '/api/v1/citizens/oidc/vneid/start' }),
      await t.request({ method: 'POST', url: '/api/v1/citizens/oidc/vneid/callback', body: { code: 'c'.repeat(20), state: 's'.repeat(20) } }),
    ]) {
      assert.equal(r.statusCode, 503, r.body);
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
      assert.equal(r.json().code, 'identity_provider_not_configured');
      assert.match(r.json().detail, /chưa được cấu hình/);
    }
    assert.equal(await count(t, 'oidc_flow'), flows);
  });

  test('sandbox routes are not registered: 404, even signed in; absent from the OpenAPI description', async () => {
    const citizen = await register(t, registration('038195004321', '1995-08-20', 'nu', 'Người Tự Khai'));
    for (const [method, url, body] of [
      ['GET', '/api/v1/sandbox/vneid/identities', undefined],
      ['POST', '/api/v1/sandbox/vneid/authorize', { state: 's'.repeat(20), identity: 'nguyen-thi-hoa' }],
      ['GET', '/api/v1/sandbox/vneid/jwks', undefined],
      ['GET', '/api/v1/sandbox/payment-gateway/orders/MC2512ABCDEF', undefined],
      ['POST', '/api/v1/sandbox/payment-gateway/orders/MC2512ABCDEF/complete', { outcome: 'success' }],
    ] as const) {
      const r = await t.request({ method, url, body, token: citizen.token });
      assert.equal(r.statusCode, 404, `${method} ${url}: ${r.body}`);
    }
    const paths = Object.keys((await t.request({ method: 'GET', url: '/openapi.json' })).json().paths);
    assert.deepEqual(
      paths.filter((p) => p.includes('/sandbox/')),
      [],
    );
  });

  test('a self-declared account is unverified and cannot start a link without a provider (503)', async () => {
    const c = await register(t, registration('038088001111', '1988-01-02', 'nam', 'Nguyễn Văn Tư'));
    const me = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: c.token })).json();
    assert.equal(me.idVerified, false);
    assert.equal(me.identitySource, 'self_declared');
    assert.equal(me.verifiedAt, null);
    const link = await t.request({ method: 'POST', url: '/api/v1/citizens/me/vneid-link', token: c.token, body: {} });
    assert.equal(link.statusCode, 503, link.body);
    assert.equal(link.json().code, 'identity_provider_not_configured');
  });

  test('online payment answers 503 payment_gateway_not_configured; nothing is written', async () => {
    const c = await register(t, registration('038203001122', '2003-02-14', 'nam', 'Trần Minh Khôi'));
    const before = await count(t, 'payment');
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/payments',
      token: c.token,
      body: { dossierId: '00000000-0000-4000-8000-000000000001' },
      headers: { 'idempotency-key': 'pay-000000001' },
    });
    assert.equal(r.statusCode, 503, r.body);
    assert.equal(r.json().code, 'payment_gateway_not_configured');
    assert.match(r.json().detail, /chưa được cấu hình/);
    assert.equal(await count(t, 'payment'), before);
    // A forged callback to the placeholder gateway is refused as an unknown gateway.
    const cb = await t.request({
      method: 'POST',
      url: '/api/v1/payments/callback/not-configured',
      headers: { 'x-signature': 'x' },
      body: { orderRef: 'MC2512ABCDEF', txnId: 'T0001', amount: 1000, status: 'success', paidAt: '2026-01-01T00:00:00Z', ts: '2026-01-01T00:00:00Z' },
    });
    assert.equal(cb.statusCode, 404, cb.body);
  });

  test('notifications and the national portal send nothing and pretend nothing: permanent not_configured errors', async () => {
    const deliveries = await count(t, 'integration_delivery');
    const notifier = createNotifier(t.database.db, t.config);
    assert.equal(notifier.kind, 'not_configured');
    await assert.rejects(
      notifier.send({ channel: 'sms', to: '0912000111', subject: null, text: 'x', key: 'k1', reference: null }),
      (e: Error & { permanent?: boolean }) => /notifier_not_configured/.test(e.message) && e.permanent === true,
    );
    const portal = nationalPortalAdapter(t.config.sandboxes.has('national_portal'), loadConfig({}).nationalPortal);
    assert.equal(portal.kind, 'not_configured');
    await assert.rejects(
      portal.adapter.send({ hoSo: { MaHoSo: 'X' } } as never, 'X:v1'),
      (e: Error & { permanent?: boolean }) => /national_portal_not_configured/.test(e.message) && e.permanent === true,
    );
    assert.equal(
      nationalPortalAdapter(false, loadConfig({ NATIONAL_PORTAL_URL: 'https://dvcqg.example.vn/sync' }).nationalPortal).kind,
      'http',
      'a configured portal is used',
    );
    assert.equal(await count(t, 'integration_delivery'), deliveries);
  });
});

describe('production with SANDBOX=vneid,payment', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { ...PRODUCTION, SANDBOX: 'vneid,payment' } });
  });
  after(async () => {
    await t?.close();
  });

  test('meta lists the sandboxes on (the web app shows its banner); only those sandboxes answer', async () => {
    const meta = (await t.request({ method: 'GET', url: '/api/v1/meta' })).json();
    assert.equal(meta.production, true);
    assert.deepEqual(meta.sandboxes, ['vneid', 'payment']);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/sandbox/vneid/identities' })).statusCode, 200);
    assert.equal(
      (await t.request({ method: 'GET', url: '/api/v1/sandbox/payment-gateway/orders/MC2512ABCDEF' })).statusCode,
      401,
      'registered (sign-in required)',
    );
    assert.equal(createNotifier(t.database.db, t.config).kind, 'not_configured', 'notifications stay off');
    assert.equal(
      nationalPortalAdapter(t.config.sandboxes.has('national_portal'), loadConfig({}).nationalPortal).kind,
      'not_configured',
      'the national portal stays off',
    );
  });

  test('an e-ID sign-in never attaches to a self-declared account of the same ID: it creates a separate verified one', async () => {
    // A squatter registers the personal ID of the sandbox identity "Nguyễn Thị Hoa" with a password.
    const squatter = await register(t, {
      ...registration('038195004321', '1995-08-20', 'nu', 'Kẻ Chiếm Số'),
      email: 'squatter@example.vn',
      phone: '0900000999',
    });
    const sq = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: squatter.token })).json();
    assert.equal(sq.idVerified, false);

    const first = await callback(t, await eidCode(t, 'nguyen-thi-hoa'));
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().created, true);
    assert.notEqual(first.json().user.id, squatter.id, "not the squatter's account");
    assert.equal(first.json().user.username, 'vneid-038195004321');
    const me = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: first.json().token })).json();
    assert.equal(me.idVerified, true);
    assert.equal(me.identitySource, 'vneid_sandbox');
    assert.equal(me.fullName, 'Nguyễn Thị Hoa');
    assert.equal(me.email, 'nguyenthihoa@example.vn');
    assert.ok(!JSON.stringify(me).includes('squatter@example.vn') && !JSON.stringify(me).includes('0900000999'), "none of the squatter's data is shown");

    const again = await callback(t, await eidCode(t, 'nguyen-thi-hoa'));
    assert.equal(again.json().created, false);
    assert.equal(again.json().user.id, first.json().user.id, 'later e-ID sign-ins use the verified account');
    // The squatter's account is untouched and still unverified.
    const sq2 = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: squatter.token })).json();
    assert.equal(sq2.idVerified, false);
    assert.equal(sq2.fullName, 'Kẻ Chiếm Số');

    // Registering the ID again is refused (one self-declared account per ID; a verified one exists too).
    const dup = await t.request({ method: 'POST', url: '/api/v1/citizens/register', body: registration('038195004321', '1995-08-20', 'nu', 'Ai Đó') });
    assert.equal(dup.statusCode, 409);

    // The squatter cannot link: the callback needs the squatter's own session, and then the ID already has a verified account.
    const link = await eidCode(t, 'nguyen-thi-hoa', squatter.token);
    const foreign = await callback(t, link);
    assert.equal(foreign.statusCode, 403, "a link completed outside the linking account's session is refused");
    const taken = await callback(t, link, squatter.token);
    assert.equal(taken.statusCode, 409, taken.body);
    assert.equal(taken.json().code, 'verified_account_exists');
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: squatter.token })).json().idVerified, false);
  });

  test('linking: signed in to the self-declared account, an e-ID sign-in of the same ID verifies it', async () => {
    const khoi = await register(t, registration('038203001122', '2003-02-14', 'nam', 'Trần Minh Khôi'));
    const audits = await count(t, 'audit_log');
    const linked = await callback(t, await eidCode(t, 'tran-minh-khoi', khoi.token), khoi.token);
    assert.equal(linked.statusCode, 200, linked.body);
    assert.equal(linked.json().linked, true);
    assert.equal(linked.json().user.id, khoi.id);
    const me = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: linked.json().token })).json();
    assert.equal(me.idVerified, true);
    assert.equal(me.identitySource, 'vneid_sandbox');
    assert.ok(me.verifiedAt);
    const { rows } = await sql<{ action: string }>`SELECT action FROM audit_log ORDER BY id DESC LIMIT ${(await count(t, 'audit_log')) - audits}`.execute(
      t.database.db,
    );
    assert.ok(rows.some((r) => r.action === 'citizen.identity_verified'));
    // Now plain e-ID sign-ins land on this account; linking again is refused.
    const later = await callback(t, await eidCode(t, 'tran-minh-khoi'));
    assert.equal(later.json().user.id, khoi.id);
    assert.equal(later.json().created, false);
    const twice = await t.request({ method: 'POST', url: '/api/v1/citizens/me/vneid-link', token: khoi.token, body: {} });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'already_verified');
  });

  test('linking with an e-ID of another person is refused (422) and leaves the account unverified', async () => {
    const tu = await register(t, registration('038088001111', '1988-01-02', 'nam', 'Nguyễn Văn Tư'));
    const r = await callback(t, await eidCode(t, 'le-van-an', tu.token), tu.token);
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'personal_id_mismatch');
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: tu.token })).json().idVerified, false);
  });
});
