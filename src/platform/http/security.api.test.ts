/**
 * Issue 16 §5 and issue 20 over HTTP (both engines): HSTS and upgrade-insecure-requests only over
 * HTTPS, the CSRF header for cookie sessions, compressed responses, cache headers of the web app's
 * files, source maps private in production, and the demo server's listen address.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { loadConfig } from '../config.js';

/** A small built web app: index.html, a hashed script with its pre-compressed copies, its source map. */
function fakeWebDist(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>MotCua</title><script type="module" src="/assets/index-Ab12Cd34.js"></script>');
  const js = 'console.log("một cửa");\n'.repeat(200);
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js'), js);
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.br'), brotliCompressSync(js));
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.gz'), gzipSync(js));
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.map'), JSON.stringify({ version: 3, sources: ['secret.ts'], mappings: '' }));
  return dir;
}

let demo: TestApp;
let prod: TestApp;
let dist: string;
before(async () => {
  dist = fakeWebDist();
  demo = await startTestApp({ webDist: dist });
  // Behind a reverse proxy at 127.0.0.1 (the address inject's requests come from).
  prod = await startTestApp({ production: true, webDist: dist, env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), TRUST_PROXY: '127.0.0.1' } });
});
after(async () => {
  await demo?.close();
  await prod?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('HSTS and upgrade-insecure-requests only over HTTPS', () => {
  test('plain HTTP: neither', async () => {
    const r = await demo.request({ method: 'GET', url: '/api/health' });
    assert.equal(r.headers['strict-transport-security'], undefined);
    assert.doesNotMatch(String(r.headers['content-security-policy']), /upgrade-insecure-requests/);
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'/, 'the rest of the policy is still sent');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  });
  test('behind a trusted proxy that says https: both; X-Forwarded-Proto from an untrusted client: neither', async () => {
    const viaProxy = await prod.request({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    assert.match(String(viaProxy.headers['strict-transport-security']), /max-age=\d+/);
    assert.match(String(viaProxy.headers['content-security-policy']), /upgrade-insecure-requests/);
    const plainBehindProxy = await prod.request({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'http' } });
    assert.equal(plainBehindProxy.headers['strict-transport-security'], undefined);
    const spoofed = await demo.request({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(spoofed.headers['strict-transport-security'], undefined, 'without TRUST_PROXY the header is not believed');
    assert.doesNotMatch(String(spoofed.headers['content-security-policy']), /upgrade-insecure-requests/);
  });
});

describe('CSRF: cookie-authenticated writes need X-Requested-With: motcua', () => {
  const newUser = (username: string) => ({ username, fullName: 'Kiểm Tra CSRF', password: 'matkhau123', agencyId: null, roles: ['citizen'] });
  const users = async (username: string) =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM app_user WHERE username = ${username}`.execute(demo.database.db)).rows[0].n;
  let cookie = '';
  before(async () => {
    const r = await demo.request({ method: 'POST', url: '/api/v1/auth/login', body: { username: 'admin', password: 'demo12345' } });
    cookie = String(r.headers['set-cookie']).split(';')[0];
  });

  test('a cookie write without the header is 403 csrf_required (problem+json) and changes nothing', async () => {
    const audits = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(demo.database.db)).rows[0].n;
    const r = await demo.request({ method: 'POST', url: '/api/v1/users', body: newUser('csrf.forged'), headers: { cookie } });
    assert.equal(r.statusCode, 403, r.body);
    assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    assert.equal(r.json().code, 'csrf_required');
    assert.match(r.json().detail, /x-requested-with/);
    assert.equal(await users('csrf.forged'), 0);
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(demo.database.db)).rows[0].n, audits);
    const wrongValue = await demo.request({
      method: 'POST',
      url: '/api/v1/users',
      body: newUser('csrf.forged'),
      headers: { cookie, 'x-requested-with': 'XMLHttpRequest' },
    });
    assert.equal(wrongValue.statusCode, 403);
  });

  test('with the header the cookie write goes through; reads need no header; Bearer clients need none', async () => {
    const ok = await demo.request({ method: 'POST', url: '/api/v1/users', body: newUser('csrf.header'), headers: { cookie, 'x-requested-with': 'motcua' } });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal((await demo.request({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 200);
    const token = await demo.login('admin');
    const bearer = await demo.request({ method: 'POST', url: '/api/v1/users', token, body: newUser('csrf.bearer') });
    assert.equal(bearer.statusCode, 201, bearer.body);
  });

  test('a public write with a cookie but no header runs as anonymous (a new login still works)', async () => {
    const r = await demo.request({ method: 'POST', url: '/api/v1/auth/login', body: { username: 'specialist', password: 'demo12345' }, headers: { cookie } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().user.username, 'specialist');
  });
});

describe('compression', () => {
  test('a JSON response of 1 KB or more is sent with brotli or gzip as the client accepts; a small one as it is', async () => {
    const plain = await demo.request({ method: 'GET', url: '/openapi.json' });
    const br = await demo.request({ method: 'GET', url: '/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 3, `${br.rawPayload.length} vs ${plain.rawPayload.length}`);
    assert.deepEqual(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8')), plain.json());
    const gz = await demo.request({ method: 'GET', url: '/api/v1/agencies?limit=100', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(Array.isArray(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8')).items));
    const small = await demo.request({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(small.headers['content-encoding'], undefined);
  });
});

describe("the web app's files", () => {
  test('hashed assets are cached for a year and sent pre-compressed; index.html is revalidated', async () => {
    const js = await demo.request({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.headers['content-encoding'], 'br');
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.match(brotliDecompressSync(js.rawPayload).toString('utf8'), /^console\.log\("một cửa"\);/);
    const gz = await demo.request({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    for (const url of ['/', '/mot-cua/ho-so']) {
      const html = await demo.request({ method: 'GET', url });
      assert.equal(html.statusCode, 200);
      assert.equal(html.headers['cache-control'], 'no-cache', url);
      assert.match(html.body, /<title>MotCua/);
    }
  });
  test("a missing asset is 404, not the app's index.html", async () => {
    const r = await demo.request({ method: 'GET', url: '/assets/index-Missing1.js' });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'not_found');
  });
  test('source maps: served in demo mode, 404 in production', async () => {
    assert.equal((await demo.request({ method: 'GET', url: '/assets/index-Ab12Cd34.js.map' })).statusCode, 200);
    const r = await prod.request({ method: 'GET', url: '/assets/index-Ab12Cd34.js.map' });
    assert.equal(r.statusCode, 404);
    assert.ok(!r.body.includes('secret.ts'));
    assert.equal((await prod.request({ method: 'GET', url: '/assets/index-Ab12Cd34.js' })).statusCode, 200, 'the script itself is served');
  });
});

describe('listen address', () => {
  test('demo mode listens on 127.0.0.1 unless HOST is set; production on every interface', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '' }).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig({ NODE_ENV: 'production' }).host, '0.0.0.0');
    assert.equal(loadConfig({ NODE_ENV: 'production', HOST: '10.0.0.5' }).host, '10.0.0.5');
  });
});
