import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const get = async (url: string, token?: string) => t.request({ method: 'GET', url, token });

describe('calendar API (public reads)', () => {
  test('holidays of 2026: each holiday on its own date (even on a weekend), every day off with its source', async () => {
    const r = await get('/api/v1/calendar/holidays?year=2026');
    assert.equal(r.statusCode, 200, r.body);
    const s = r.json();
    assert.equal(s.decisionNo, '12729/VPCP-KGVX');
    const gioTo = s.holidays.find((h: { key: string }) => h.key === 'gio_to');
    assert.equal(gioTo.date, '2026-04-26', 'Giỗ Tổ on Sunday 26 April is still listed');
    const off = s.daysOff.map((d: { date: string }) => d.date);
    for (const d of [
      '2026-01-01',
      '2026-01-02',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
    ])
      assert.ok(off.includes(d), d);
    assert.ok(s.daysOff.every((d: { source: string }) => ['rule', 'decision'].includes(d.source)));
    assert.deepEqual(
      s.workingDays.map((w: { date: string }) => w.date),
      ['2026-01-10'],
    );
  });

  test('a year without a decision is derived from the rules (Tết 2030 is 2 February in Vietnam)', async () => {
    const s = (await get('/api/v1/calendar/holidays?year=2030')).json();
    assert.equal(s.decisionNo, null);
    assert.equal(s.holidays.find((h: { key: string; date: string }) => h.key === 'tet' && h.date === '2030-02-02')?.date, '2030-02-02');
    assert.ok(s.daysOff.every((d: { source: string }) => d.source === 'rule'));
  });

  test('deadline: Friday 16:00 + 1 working day → Monday 16:00 (+07:00)', async () => {
    const r = await get(`/api/v1/calendar/deadline?from=${encodeURIComponent('2025-06-13T16:00:00+07:00')}&amount=1&unit=working_days`);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().dueAt, '2025-06-16T16:00:00+07:00');
  });

  test('deadline across Tết 2025 with the official schedule', async () => {
    const r = await get(`/api/v1/calendar/deadline?from=${encodeURIComponent('2025-01-23T10:00:00+07:00')}&amount=5&unit=working_days`);
    assert.equal(r.json().dueAt, '2025-02-06T10:00:00+07:00');
  });

  test('a Saturday online submission counts from Monday 07:00', async () => {
    const r = await get(`/api/v1/calendar/deadline?from=${encodeURIComponent('2025-06-14T02:00:00Z')}&amount=3&unit=working_days`);
    assert.equal(r.json().dueAt, '2025-06-18T17:00:00+07:00');
  });

  test('working time between two instants', async () => {
    const r = await get(
      `/api/v1/calendar/working-time?from=${encodeURIComponent('2025-06-13T16:00:00+07:00')}&to=${encodeURIComponent('2025-06-16T16:00:00+07:00')}`,
    );
    assert.equal(r.json().minutes, 480);
  });

  const bad: [string, string][] = [
    ['unknown unit', '/api/v1/calendar/deadline?from=2025-06-13T16:00:00%2B07:00&amount=1&unit=weeks'],
    ['negative amount', '/api/v1/calendar/deadline?from=2025-06-13T16:00:00%2B07:00&amount=-1&unit=working_days'],
    ['absurd amount', '/api/v1/calendar/deadline?from=2025-06-13T16:00:00%2B07:00&amount=99999999&unit=working_days'],
    ['absurd amount for the unit', '/api/v1/calendar/deadline?from=2025-06-13T16:00:00%2B07:00&amount=5000&unit=working_days'],
    ['malformed date', '/api/v1/calendar/deadline?from=13/06/2025&amount=1&unit=working_days'],
    ['impossible date', '/api/v1/calendar/deadline?from=2025-02-30T10:00:00%2B07:00&amount=1&unit=working_days'],
    ['missing amount', '/api/v1/calendar/deadline?from=2025-06-13T16:00:00%2B07:00&unit=working_days'],
    ['year out of range', '/api/v1/calendar/holidays?year=1800'],
    ['year not a number', '/api/v1/calendar/holidays?year=abc'],
    ['from year out of range', '/api/v1/calendar/deadline?from=1850-01-01T10:00:00%2B07:00&amount=1&unit=working_days'],
  ];
  for (const [name, url] of bad) {
    test(`bad input → 400 problem+json: ${name}`, async () => {
      const r = await get(url);
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.match(r.headers['content-type'] as string, /problem\+json/);
      assert.ok(r.json().code);
    });
  }
});

describe('calendar administration', () => {
  test("an admin records a year's decision with a swapped day; deadlines follow it at once", async () => {
    const admin = await t.login('admin');
    const before = (await get(`/api/v1/calendar/deadline?from=${encodeURIComponent('2027-08-31T08:00:00+07:00')}&amount=1&unit=working_days`)).json().dueAt;
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/calendar/decisions/2027',
      token: admin,
      body: {
        decisionNo: '999/TB-THU',
        source: 'thử nghiệm',
        daysOff: [
          { date: '2027-09-01', name: 'Quốc khánh (ngày liền kề)' },
          { date: '2027-09-02', name: 'Quốc khánh' },
          { date: '2027-09-03', name: 'Nghỉ hoán đổi' },
        ],
        workingDays: [{ date: '2027-09-11', name: 'Làm bù cho 3/9' }],
      },
    });
    assert.equal(put.statusCode, 200, put.body);
    const after = (await get(`/api/v1/calendar/deadline?from=${encodeURIComponent('2027-08-31T08:00:00+07:00')}&amount=1&unit=working_days`)).json().dueAt;
    assert.equal(before, '2027-09-01T08:00:00+07:00');
    assert.equal(after, '2027-09-06T08:00:00+07:00');
    const s = (await get('/api/v1/calendar/holidays?year=2027')).json();
    assert.equal(s.decisionNo, '999/TB-THU');
    assert.equal(s.daysOff.find((d: { date: string }) => d.date === '2027-09-03').source, 'decision');
    const audit = (await get('/api/v1/audit?entity=calendar&entityId=2027', admin)).json();
    assert.equal(audit.items[0].action, 'calendar.decision.put');
    const del = await t.request({ method: 'DELETE', url: '/api/v1/calendar/decisions/2027', token: admin });
    assert.equal(del.statusCode, 204);
  });

  test('a decision with a date outside its year or a weekday "working Saturday" is refused and changes nothing', async () => {
    const admin = await t.login('admin');
    const r1 = await t.request({
      method: 'PUT',
      url: '/api/v1/calendar/decisions/2028',
      token: admin,
      body: { decisionNo: null, daysOff: [{ date: '2029-01-01', name: 'x' }], workingDays: [] },
    });
    assert.equal(r1.statusCode, 400);
    assert.equal(r1.json().code, 'date_not_in_year');
    const r2 = await t.request({
      method: 'PUT',
      url: '/api/v1/calendar/decisions/2028',
      token: admin,
      body: { decisionNo: null, daysOff: [], workingDays: [{ date: '2028-03-01', name: 'thứ Tư' }] },
    });
    assert.equal(r2.statusCode, 400);
    const s = (await get('/api/v1/calendar/holidays?year=2028')).json();
    assert.equal(s.decisionNo, null);
  });

  test('office hours with Saturday reception are saved; overlapping periods are refused', async () => {
    const admin = await t.login('admin');
    const ok = await t.request({
      method: 'PUT',
      url: '/api/v1/calendar/office-hours',
      token: admin,
      body: { agencyId: null, periods: ['07:30-11:30', '13:30-17:30'], weekdays: [1, 2, 3, 4, 5], saturdayMorningReception: true },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const due = (await get(`/api/v1/calendar/deadline?from=${encodeURIComponent('2025-06-13T16:30:00+07:00')}&amount=1&unit=working_hours`)).json().dueAt;
    assert.equal(due, '2025-06-13T17:30:00+07:00', 'with the default hours it would be Monday 07:30');
    const bad = await t.request({
      method: 'PUT',
      url: '/api/v1/calendar/office-hours',
      token: admin,
      body: { agencyId: null, periods: ['07:00-12:00', '11:00-17:00'], weekdays: [1, 2, 3, 4, 5], saturdayMorningReception: false },
    });
    assert.equal(bad.statusCode, 400);
    await t.request({
      method: 'PUT',
      url: '/api/v1/calendar/office-hours',
      token: admin,
      body: { agencyId: null, periods: ['07:00-11:30', '13:30-17:00'], weekdays: [1, 2, 3, 4, 5], saturdayMorningReception: false },
    });
  });
});
