import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countRequest, fitsBudget, nextVnMidnightMs, parseRate, parseTrustedProxies } from './abuse.rules.js';
import { loadConfig } from '../config.js';

describe('parseRate', () => {
  const table: [string, { max: number; windowMs: number } | null][] = [
    ['20/10m', { max: 20, windowMs: 600_000 }],
    ['5/1h', { max: 5, windowMs: 3_600_000 }],
    ['5/h', { max: 5, windowMs: 3_600_000 }],
    ['100/1d', { max: 100, windowMs: 86_400_000 }],
    ['3/30s', { max: 3, windowMs: 30_000 }],
    [' off ', null],
  ];
  for (const [raw, want] of table) test(`"${raw}"`, () => assert.deepEqual(parseRate('X', raw), want));
  for (const bad of ['', '0/1m', '20', '20/0m', '20/1y', '-1/1m', 'true', '20 / 1m', '1.5/1m']) {
    test(`"${bad}" is refused with the variable's name`, () => assert.throws(() => parseRate('RATE_LIMIT_SURVEY', bad), /RATE_LIMIT_SURVEY/));
  }
});

describe('parseTrustedProxies', () => {
  test('a list of addresses and CIDRs', () => {
    assert.deepEqual(parseTrustedProxies('10.0.0.1, 10.1.0.0/16,::1,fd00::/8', true), ['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8']);
  });
  test('unset, empty or false: nobody is trusted', () => {
    for (const v of [undefined, '', 'false']) assert.deepEqual(parseTrustedProxies(v, true), []);
  });
  test('"true" is refused in production, and means loopback only elsewhere', () => {
    assert.throws(() => parseTrustedProxies('true', true), /TRUST_PROXY=true.*production/);
    assert.deepEqual(parseTrustedProxies('true', false), ['127.0.0.1', '::1']);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', TRUST_PROXY: 'true' }), /TRUST_PROXY/);
  });
  for (const bad of ['10.0.0', 'proxy.local', '10.0.0.0/33', '::1/129', '10.0.0.0/8/1', '10.0.0.1/x', '*']) {
    test(`"${bad}" is refused`, () => assert.throws(() => parseTrustedProxies(bad, false), /TRUST_PROXY/));
  }
});

describe('countRequest (fixed window)', () => {
  test('counts within the window, starts afresh at its end', () => {
    let s = countRequest(undefined, 1000, 60_000);
    assert.deepEqual(s, { state: { count: 1, startMs: 1000 }, ttlMs: 60_000 });
    s = countRequest(s.state, 31_000, 60_000);
    assert.deepEqual(s, { state: { count: 2, startMs: 1000 }, ttlMs: 30_000 });
    s = countRequest(s.state, 61_000, 60_000);
    assert.deepEqual(s, { state: { count: 1, startMs: 61_000 }, ttlMs: 60_000 });
  });
  test('property: n requests inside one window count n, and the time left is within (0, window]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_600_000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (windowMs, gaps) => {
        let state;
        let now = 0;
        const inside = gaps.map((g) => g % windowMs).sort((a, b) => a - b);
        for (const at of inside) {
          now = at;
          const r = countRequest(state, now, windowMs);
          assert.ok(r.ttlMs > 0 && r.ttlMs <= windowMs);
          state = r.state;
        }
        assert.equal(state!.count, inside.length);
      }),
    );
  });
});

describe('daily budget', () => {
  test('the next midnight in Asia/Ho_Chi_Minh', () => {
    assert.equal(new Date(nextVnMidnightMs(Date.parse('2026-03-02T16:59:59Z'))).toISOString(), '2026-03-02T17:00:00.000Z');
    assert.equal(new Date(nextVnMidnightMs(Date.parse('2026-03-02T17:00:00Z'))).toISOString(), '2026-03-03T17:00:00.000Z');
    assert.equal(new Date(nextVnMidnightMs(Date.parse('2026-03-02T03:00:00Z'))).toISOString(), '2026-03-02T17:00:00.000Z');
  });
  test('fitsBudget', () => {
    assert.equal(fitsBudget(0, 10, 10), true);
    assert.equal(fitsBudget(1, 10, 10), false);
    assert.equal(fitsBudget(1e12, 1e12, null), true);
  });
});
