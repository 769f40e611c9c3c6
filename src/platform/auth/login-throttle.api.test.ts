import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/harness.js';

/**
 * Issue 16 §2: login throttling by progressive delays per account and client, never a lock a
 * stranger can trigger; the clock is injected (t.deps.clock), nothing waits for real time.
 */
let t: TestApp;
let base = 0;
const realNow = () => new Date();
before(async () => {
  t = await startTestApp();
  base = Date.now();
  t.deps.clock.now = () => new Date(base);
});
after(async () => {
  t.deps.clock.now = realNow;
  await t.close();
});
const advance = (seconds: number) => {
  base += seconds * 1000;
};
const login = (ip: string, username: string, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ username, password }),
  });

test('strangers cannot lock an account: after 15 wrong passwords on admin from 15 addresses, admin logs in from a clean client', async () => {
  for (let i = 0; i < 15; i++) assert.equal((await login(`203.0.113.${i + 1}`, 'admin', `doan-sai-${i}`)).statusCode, 401);
  const ok = await login('198.51.100.20', 'admin', 'demo12345');
  assert.equal(ok.statusCode, 200, ok.body);
  // A client that did fail on the account meets the account's delay, even with the right password.
  const stranger = await login('203.0.113.1', 'admin', 'demo12345');
  assert.equal(stranger.statusCode, 429, stranger.body);
  assert.ok(Number(stranger.headers['retry-after']) > 0);
  assert.equal(stranger.json().code, 'too_many_requests');
  assert.match(stranger.headers['content-type'] as string, /problem\+json/);
  // The old hard lock: 5 wrong guesses used to lock admin for everyone. No more.
  advance(3600);
  for (let i = 0; i < 5; i++) assert.equal((await login('203.0.113.99', 'admin', `sai-${i}`)).statusCode, 401);
  assert.equal((await login('198.51.100.21', 'admin', 'demo12345')).statusCode, 200);
});

test('one client guessing one account: free tries, then 30 s, then 60 s; the right password passes once the delay is over', async () => {
  advance(3600);
  const ip = '203.0.113.120';
  for (let i = 0; i < 5; i++) assert.equal((await login(ip, 'specialist', `sai-${i}`)).statusCode, 401);
  const early = await login(ip, 'specialist', 'demo12345');
  assert.equal(early.statusCode, 429);
  assert.equal(early.headers['retry-after'], '30');
  assert.match(early.json().detail, /30 giây/);
  advance(31);
  assert.equal((await login(ip, 'specialist', 'sai-6')).statusCode, 401);
  const doubled = await login(ip, 'specialist', 'demo12345');
  assert.equal(doubled.statusCode, 429);
  assert.equal(doubled.headers['retry-after'], '60');
  // Meanwhile the same client may still sign in to another account.
  assert.equal((await login(ip, 'unit_leader', 'demo12345')).statusCode, 200);
  advance(61);
  assert.equal((await login(ip, 'specialist', 'demo12345')).statusCode, 200);
  // Success cleared the pair's counter: a typo afterwards is answered 401, not 429.
  assert.equal((await login(ip, 'specialist', 'typo')).statusCode, 401);
});

test('password spraying from one address: after 30 failures a short delay (seconds, at most a minute), not a 15-minute lock-out of everyone behind it', async () => {
  advance(3600);
  const ip = '203.0.113.130';
  for (let i = 0; i < 30; i++) assert.equal((await login(ip, `khong-co-${i}`, 'matkhau123')).statusCode, 401, `attempt ${i + 1}`);
  const colleague = await login(ip, 'home_affairs', 'demo12345');
  assert.equal(colleague.statusCode, 429);
  const wait = Number(colleague.headers['retry-after']);
  assert.ok(wait > 0 && wait <= 60, String(wait));
  advance(wait);
  assert.equal((await login(ip, 'home_affairs', 'demo12345')).statusCode, 200);
  // Another address is not affected at all.
  assert.equal((await login('198.51.100.30', 'citizen', 'demo12345')).statusCode, 200);
});
