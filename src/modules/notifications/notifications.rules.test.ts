import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultChannels, formatClock, parseClock, quietUntil, vnMinuteOfDay } from './notifications.rules.js';

const vn = (s: string) => new Date(`${s}+07:00`);

test('quiet hours: inside, outside, wrapping midnight, none', () => {
  const cases: [string, string | null, string | null, string | null][] = [
    // now (Vietnam), start, end, held until (Vietnam) or null
    ['2027-03-01T23:15:00', '22:00', '06:30', '2027-03-02T06:30:00'],
    ['2027-03-02T05:59:00', '22:00', '06:30', '2027-03-02T06:30:00'],
    ['2027-03-02T06:30:00', '22:00', '06:30', null],
    ['2027-03-02T21:59:00', '22:00', '06:30', null],
    ['2027-03-02T22:00:00', '22:00', '06:30', '2027-03-03T06:30:00'],
    ['2027-03-02T12:10:00', '11:30', '13:30', '2027-03-02T13:30:00'],
    ['2027-03-02T13:30:00', '11:30', '13:30', null],
    ['2027-03-02T12:10:00', null, null, null],
    ['2027-03-02T12:10:00', '12:00', '12:00', null],
  ];
  for (const [now, s, e, until] of cases) {
    const got = quietUntil(vn(now), s === null ? null : parseClock(s), e === null ? null : parseClock(e));
    assert.equal(got?.toISOString() ?? null, until ? vn(until).toISOString() : null, `${now} ${s}-${e}`);
  }
});

test('quiet hours: the end is after now, within a day, and outside the quiet window', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
      fc.integer({ min: 0, max: 1439 }),
      fc.integer({ min: 0, max: 1439 }),
      (t, s, e) => {
        const now = new Date(t);
        const until = quietUntil(now, s, e);
        if (!until) return;
        assert.ok(until > now);
        assert.ok(until.getTime() - now.getTime() <= 86_400_000);
        assert.equal(vnMinuteOfDay(until), e);
        assert.equal(quietUntil(until, s, e), null);
      },
    ),
  );
});

test('clock parsing and defaults', () => {
  assert.equal(parseClock('06:30'), 390);
  assert.equal(parseClock('24:00'), null);
  assert.equal(parseClock('6:30'), null);
  assert.equal(formatClock(390), '06:30');
  assert.deepEqual(defaultChannels('staff'), ['email', 'push']);
  assert.deepEqual(defaultChannels('citizen'), ['email', 'sms']);
  assert.deepEqual(defaultChannels('citizen', ['zalo', 'fax']), ['zalo']);
});
