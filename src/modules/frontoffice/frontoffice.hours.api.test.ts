import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { DEMO_CENTRE, DEMO_DEVICE_TOKENS } from './frontoffice.seed.js';

/**
 * A centre's own reception hours (giờ tiếp nhận của trung tâm): the admin API with its validation,
 * audit and outbox, and the kiosk, check-in and booking slots following them instead of the
 * calendar's reception time. The clock is fixed per step.
 */
const P = '/api/v1/front-office';
const at = (local: string) => new Date(`${local}+07:00`).getTime();
const none = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const office = [
  { start: '07:30', end: '11:30' },
  { start: '13:30', end: '17:00' },
];
// Office hours, an evening session on Thursday and Sunday-morning duty.
const SCHEDULE = {
  ...none,
  mon: office,
  tue: office,
  wed: office,
  thu: [...office, { start: '18:00', end: '21:00' }],
  fri: office,
  sun: [{ start: '08:00', end: '12:00' }],
};

let t: TestApp;
let tk: Record<string, string>;
let centre: string;
let areaId: string;
let clockAt = at('2026-12-06T09:00:00'); // a Sunday
const kiosk = { 'x-device-token': DEMO_DEVICE_TOKENS.kiosk };

const hours = () => t.request({ method: 'GET', url: `${P}/centres/${centre}/hours` });
const put = (body: unknown, token = tk.admin) => t.request({ method: 'PUT', url: `${P}/centres/${centre}/hours`, token, body });
const takeTicket = () => t.request({ method: 'POST', url: `${P}/kiosk/tickets`, headers: kiosk, body: { areaId } });
const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(t.database.db)).rows[0].n;
const audits = () => count(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'fo_centre_hours' AND entity_id = ${centre}`);
// The change's topic `frontoffice.config.changed` is declared audit-only (outbox.topics.ts): its record is the audit row.

before(async () => {
  t = await startTestApp();
  t.deps.clock.now = () => new Date(clockAt);
  tk = await t.logins(['admin', 'one_stop_officer', 'citizen']);
  centre = await t.agencyId(DEMO_CENTRE);
  const a = (await t.request({ method: 'GET', url: `${P}/areas?agencyId=${centre}`, token: tk.admin })).json() as { items: { id: string; code: string }[] };
  areaId = a.items.find((x) => x.code === 'A')!.id;
});
after(async () => {
  await t.close();
});

describe("a centre's own reception hours", () => {
  test('without its own hours the centre follows the calendar: closed on Sunday', async () => {
    const r = await hours();
    assert.equal(r.statusCode, 200, r.body);
    const h = r.json();
    assert.equal(h.source, 'calendar');
    assert.equal(h.version, 0);
    assert.ok(h.weekly.mon.length > 0, 'weekday office hours');
    assert.deepEqual(h.weekly.sun, []);
    const k = await takeTicket();
    assert.equal(k.statusCode, 422, k.body);
    assert.equal(k.json().code, 'centre_closed');
    const info = (await t.request({ method: 'GET', url: `${P}/kiosk`, headers: kiosk })).json();
    assert.equal(info.open, false);
    assert.equal(info.hours.source, 'calendar');
  });

  test('only the administrator sets the hours', async () => {
    const body = { weekly: SCHEDULE, servesOnHolidays: false, version: 0 };
    assert.equal((await t.request({ method: 'PUT', url: `${P}/centres/${centre}/hours`, body })).statusCode, 401);
    for (const who of ['one_stop_officer', 'citizen']) assert.equal((await put(body, tk[who])).statusCode, 403, who);
    assert.equal((await hours()).json().source, 'calendar');
  });

  test('bad schedules are refused with a Vietnamese reason and change nothing', async () => {
    const cases: [unknown, number, string | null][] = [
      [
        {
          ...SCHEDULE,
          mon: [
            { start: '07:30', end: '11:30' },
            { start: '11:00', end: '12:00' },
          ],
        },
        422,
        'hours_overlap',
      ],
      [{ ...SCHEDULE, tue: [{ start: '17:00', end: '07:30' }] }, 422, 'hours_empty_period'],
      [{ ...SCHEDULE, wed: [{ start: '07:30', end: '24:30' }] }, 422, 'hours_invalid_time'],
      [{ ...SCHEDULE, thu: [{ start: '7h30', end: '11:30' }] }, 400, null],
      [{ ...SCHEDULE, sun: undefined }, 400, null],
      [{ ...SCHEDULE, holiday: [] }, 400, null],
    ];
    for (const [weekly, status, code] of cases) {
      const r = await put({ weekly, servesOnHolidays: false, version: 0 });
      assert.equal(r.statusCode, status, r.body);
      assert.match(r.headers['content-type'] as string, /problem\+json/);
      if (code) assert.equal(r.json().code, code);
      assert.match(r.json().detail, /[àáảãạăâđêôơư]/i, 'Vietnamese message');
    }
    assert.match(
      (
        await put({
          weekly: {
            ...SCHEDULE,
            mon: [
              { start: '07:30', end: '11:30' },
              { start: '11:00', end: '12:00' },
            ],
          },
          servesOnHolidays: false,
          version: 0,
        })
      ).json().detail,
      /Thứ Hai/,
    );
    assert.equal((await hours()).json().source, 'calendar');
    assert.equal(await audits(), 0);
    const unknown = await t.request({
      method: 'PUT',
      url: `${P}/centres/00000000-0000-4000-8000-000000000000/hours`,
      token: tk.admin,
      body: { weekly: SCHEDULE, servesOnHolidays: false, version: 0 },
    });
    assert.equal(unknown.statusCode, 404, unknown.body);
  });

  test('the admin sets Sunday duty and a Thursday evening: the kiosk serves then, audit and outbox written', async () => {
    const r = await put({ weekly: { ...SCHEDULE, mon: [...office].reverse() }, servesOnHolidays: false, version: 0 });
    assert.equal(r.statusCode, 200, r.body);
    const h = r.json();
    assert.equal(h.source, 'centre');
    assert.equal(h.version, 1);
    assert.deepEqual(h.weekly.mon, office, 'periods stored in time order');
    assert.deepEqual((await hours()).json().weekly, SCHEDULE);
    assert.equal(await audits(), 1);
    const row = (
      await sql<{
        action: string;
        summary: { weekly: { sun: unknown[] }; version: number };
      }>`SELECT action, summary FROM audit_log WHERE entity = 'fo_centre_hours' AND entity_id = ${centre}`.execute(t.database.db)
    ).rows[0];
    assert.equal(row.action, 'frontoffice.hours.update');
    assert.deepEqual(row.summary.weekly.sun, SCHEDULE.sun);
    // A stale version is refused.
    const stale = await put({ weekly: SCHEDULE, servesOnHolidays: true, version: 0 });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal((await hours()).json().servesOnHolidays, false);

    const cases: [string, boolean][] = [
      ['2026-12-06T09:00:00', true], // Sunday duty
      ['2026-12-06T12:00:00', false],
      ['2026-12-10T19:30:00', true], // Thursday evening
      ['2026-12-10T21:00:00', false],
      ['2026-12-12T09:00:00', false], // Saturday: none in this schedule
      ['2027-01-01T09:00:00', false], // New Year's Day (a Friday): a holiday of the calendar
    ];
    for (const [moment, open] of cases) {
      clockAt = at(moment);
      const k = await takeTicket();
      assert.equal(k.statusCode, open ? 201 : 422, `${moment}: ${k.body}`);
      if (!open) assert.equal(k.json().code, 'centre_closed');
      const info = (await t.request({ method: 'GET', url: `${P}/kiosk`, headers: kiosk })).json();
      assert.equal(info.open, open, moment);
      assert.equal(info.hours.source, 'centre');
    }
  });

  test('booking slots follow the hours; serving on holidays opens the calendar’s days off', async () => {
    clockAt = at('2026-12-06T09:00:00');
    const slots = async (date: string) => {
      const r = await t.request({ method: 'GET', url: `${P}/booking/slots?agencyId=${centre}&areaId=${areaId}&date=${date}` });
      assert.equal(r.statusCode, 200, r.body);
      return (r.json() as { slots: { startsAt: string }[] }).slots.map((s) => s.startsAt);
    };
    const thu = await slots('2026-12-10');
    assert.equal(thu.length, 8 + 7 + 6);
    assert.ok(thu.includes(new Date(at('2026-12-10T20:30:00')).toISOString()));
    assert.equal((await slots('2026-12-13')).length, 8, 'Sunday morning duty');
    assert.equal((await slots('2027-01-01')).length, 0, 'holiday');

    const v = (await hours()).json().version;
    const r = await put({ weekly: SCHEDULE, servesOnHolidays: true, version: v });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await slots('2027-01-01')).length, 15, 'holiday served with its weekday (Friday) periods');
    clockAt = at('2027-01-01T09:00:00');
    assert.equal((await takeTicket()).statusCode, 201);
  });

  test('24 hours every day, then back to the calendar', async () => {
    clockAt = at('2026-12-06T23:45:00');
    const all = Object.fromEntries(Object.keys(none).map((d) => [d, [{ start: '00:00', end: '24:00' }]]));
    const r = await put({ weekly: all, servesOnHolidays: true, version: (await hours()).json().version });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await takeTicket()).statusCode, 201, 'Sunday 23:45');
    const before = await audits();
    const d = await t.request({ method: 'DELETE', url: `${P}/centres/${centre}/hours`, token: tk.admin });
    assert.equal(d.statusCode, 200, d.body);
    assert.equal(d.json().source, 'calendar');
    assert.equal(await audits(), before + 1);
    assert.equal((await takeTicket()).json().code, 'centre_closed');
    assert.equal((await t.request({ method: 'DELETE', url: `${P}/centres/${centre}/hours`, token: tk.one_stop_officer })).statusCode, 403);
  });
});
