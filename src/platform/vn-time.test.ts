import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayVnText, fromVnParts, vnDateText, vnDateTimeText, vnDay, vnDayStart, vnIso, vnMinuteOfDay, vnParts, vnYear } from './vn-time.js';

test('an instant read in Vietnam time (UTC+7)', () => {
  // 17:30 UTC on 31/12/2026 is already 00:30 on 1/1/2027 in Vietnam.
  const t = new Date('2026-12-31T17:30:00Z');
  assert.equal(vnDay(t), '2027-01-01');
  assert.equal(vnYear(t), 2027);
  assert.equal(vnMinuteOfDay(t), 30);
  assert.equal(vnIso(t), '2027-01-01T00:30:00+07:00');
  assert.equal(vnDateText(t), '01/01/2027');
  assert.equal(vnDateTimeText(t), '00:30 01/01/2027');
  assert.deepEqual(vnParts(t), { year: 2027, month: 1, day: 1, hour: 0, minute: 30, second: 0, weekday: 5 });
  assert.equal(dayVnText('2026-11-23'), '23/11/2026');
});

test('a Vietnamese wall-clock time back to the instant', () => {
  assert.equal(fromVnParts(2026, 11, 23, 8, 0).toISOString(), '2026-11-23T01:00:00.000Z');
  assert.equal(vnDayStart('2026-11-23').toISOString(), '2026-11-22T17:00:00.000Z');
  for (const ms of [0, 1_700_000_000_000, 1_800_000_123_456]) {
    const p = vnParts(ms);
    assert.equal(fromVnParts(p.year, p.month, p.day, p.hour, p.minute, p.second).getTime(), Math.floor(ms / 1000) * 1000);
  }
});
