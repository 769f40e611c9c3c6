import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ACCOUNT_POLICY,
  CLIENT_POLICY,
  PAIR_POLICY,
  afterFailure,
  delayAfter,
  loginWaitSeconds,
  throttleKeys,
  waitMs,
  type ThrottleState,
} from './throttle.rules.js';

const T0 = new Date('2026-12-07T08:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const st = (failures: number, lastAtSeconds = 0): ThrottleState => ({ failures, lastFailureAt: at(lastAtSeconds) });

describe('delayAfter', () => {
  const table: [string, number, number][] = [
    ['pair', 4, 0],
    ['pair', 5, 30_000],
    ['pair', 6, 60_000],
    ['pair', 9, 480_000],
    ['pair', 10, 900_000],
    ['pair', 1000, 900_000],
    ['client', 29, 0],
    ['client', 30, 5_000],
    ['client', 33, 40_000],
    ['client', 34, 60_000],
    ['account', 9, 0],
    ['account', 10, 30_000],
  ];
  const P = { pair: PAIR_POLICY, client: CLIENT_POLICY, account: ACCOUNT_POLICY };
  for (const [name, f, ms] of table) test(`${name} after ${f} failures: ${ms} ms`, () => assert.equal(delayAfter(f, P[name as 'pair']), ms));
  test('property: never decreasing with more failures, never above the cap', () => {
    fc.assert(
      fc.property(fc.constantFrom(PAIR_POLICY, CLIENT_POLICY, ACCOUNT_POLICY), fc.nat(10_000), (p, f) => {
        assert.ok(delayAfter(f + 1, p) >= delayAfter(f, p));
        assert.ok(delayAfter(f, p) <= p.maxMs);
      }),
    );
  });
});

describe('counters', () => {
  test('a failure increments; an hour after the last failure the counter starts again', () => {
    assert.deepEqual(afterFailure(null, at(0), PAIR_POLICY), st(1, 0));
    assert.deepEqual(afterFailure(st(4, 0), at(60), PAIR_POLICY), st(5, 60));
    assert.deepEqual(afterFailure(st(9, 0), at(3600), PAIR_POLICY), st(1, 3600));
  });
  test('the wait runs from the last failure', () => {
    assert.equal(waitMs(st(5, 0), at(10), PAIR_POLICY), 20_000);
    assert.equal(waitMs(st(5, 0), at(30), PAIR_POLICY), 0);
    assert.equal(waitMs(st(50, 0), at(3600), PAIR_POLICY), 0);
  });
});

describe('loginWaitSeconds: who waits', () => {
  const none = { pair: null, client: null, account: null };
  const table: [string, Parameters<typeof loginWaitSeconds>[0], number, number][] = [
    ['a clean client on a clean account', none, 0, 0],
    ['a clean client, the account hammered from elsewhere: never delayed', { ...none, account: st(500, 0) }, 1, 0],
    ['a client with its own 5 failures on the account', { ...none, pair: st(5, 0), account: st(5, 0) }, 1, 29],
    ['a client with 4 failures on the account: still free', { ...none, pair: st(4, 0), account: st(4, 0) }, 1, 0],
    ['a client that failed once, the account hammered from elsewhere', { pair: st(1, 0), client: st(1, 0), account: st(20, 0) }, 1, 900 - 1],
    ['a client that failed on other accounts only (not yet spraying), the account hammered', { pair: null, client: st(3, 0), account: st(10, 0) }, 10, 20],
    ['a sprayer (30 failures on many accounts) trying a new account', { pair: null, client: st(30, 0), account: null }, 1, 4],
    ['a sprayer waits at most a minute', { pair: null, client: st(500, 0), account: null }, 0, 60],
    ['everything forgotten after an hour', { pair: st(50, 0), client: st(500, 0), account: st(500, 0) }, 3600, 0],
  ];
  for (const [name, c, nowS, want] of table) test(name, () => assert.equal(loginWaitSeconds(c, at(nowS)), want));
  test('property: a client without failures is never delayed, whatever the account has seen', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.integer({ min: -100_000, max: 3_600 }), (f, lastS) => {
        assert.equal(loginWaitSeconds({ pair: null, client: null, account: st(f, lastS) }, at(3_600)), 0);
      }),
    );
  });
});

test('keys: the account case-insensitive, the client by address', () => {
  assert.deepEqual(throttleKeys('Admin', '203.0.113.5'), { pair: 'uc:admin|203.0.113.5', client: 'ip:203.0.113.5', account: 'u:admin' });
});
