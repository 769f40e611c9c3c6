import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  announcement,
  canMarkNoShow,
  centreHoursProblem,
  centreOpenAt,
  normalizeCentreHours,
  WEEKDAY_KEYS,
  type CentreHours,
  checkInVerdict,
  compareQueue,
  estimatedWaitMinutes,
  nextFor,
  normalizeBookingCode,
  normalizePhone,
  peakHours,
  peopleAhead,
  PRIORITY_GROUPS,
  ratingProblem,
  slotCapacity,
  slotsOfDay,
  type QueueEntry,
} from './frontoffice.rules.js';
import { bookingCode } from './frontoffice.service.js';

const e = (number: number, queuedAt: number, priorityGroup: QueueEntry['priorityGroup'] = null, targetCounterId: string | null = null): QueueEntry => ({
  number,
  queuedAt,
  priorityGroup,
  targetCounterId,
});

describe('queue order', () => {
  test('table: priority groups first, then arrival, then number', () => {
    const cases: [QueueEntry, QueueEntry, number][] = [
      [e(1001, 1), e(1002, 2), -1],
      [e(1002, 2), e(1001, 1), 1],
      [e(1003, 3, 'elderly'), e(1001, 1), -1],
      [e(1001, 1), e(1004, 9, 'pregnant'), 1],
      [e(1003, 3, 'merit'), e(1002, 2, 'disability'), 1],
      [e(1001, 5), e(1002, 5), -1],
    ];
    for (const [a, b, sign] of cases) assert.equal(Math.sign(compareQueue(a, b)), sign, `${a.number} vs ${b.number}`);
  });

  test('next ticket: priority, and a transferred ticket only at its counter', () => {
    const w = [e(1001, 1), e(1002, 2, null, 'k2'), e(1003, 3, 'elderly', 'k2'), e(1004, 4)];
    assert.equal(nextFor(w, 'k1')!.number, 1001);
    assert.equal(nextFor(w, 'k2')!.number, 1003);
    assert.equal(nextFor([], 'k1'), null);
  });

  const entry = fc.record({
    number: fc.integer({ min: 1001, max: 1999 }),
    queuedAt: fc.integer({ min: 0, max: 10_000 }),
    priorityGroup: fc.option(fc.constantFrom(...PRIORITY_GROUPS), { nil: null }),
    targetCounterId: fc.constant(null),
  });

  test('property: sorted order never puts a regular ticket before a priority one, and is a total order', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (list) => {
        const sorted = [...list].sort(compareQueue);
        const firstRegular = sorted.findIndex((x) => !x.priorityGroup);
        if (firstRegular >= 0) assert.ok(sorted.slice(firstRegular).every((x) => !x.priorityGroup));
        for (let i = 1; i < sorted.length; i++) assert.ok(compareQueue(sorted[i - 1], sorted[i]) <= 0);
        if (list.length) assert.equal(compareQueue(nextFor(list, 'k')!, sorted[0]), 0);
      }),
    );
  });

  test('property: people ahead is the position in queue order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (x) => x.number, minLength: 1, maxLength: 30 }), (list) => {
        const sorted = [...list].sort(compareQueue);
        sorted.forEach((x, i) => assert.equal(peopleAhead(list, x), i));
      }),
    );
  });
});

describe('waits, no-shows, announcement, ratings', () => {
  test('estimated wait', () => {
    assert.equal(estimatedWaitMinutes(0, 3, 10), 0);
    assert.equal(estimatedWaitMinutes(3, 3, 10), 10);
    assert.equal(estimatedWaitMinutes(4, 3, 10), 15);
    assert.equal(estimatedWaitMinutes(2, 0, 12), 25);
  });
  test('no-show only after N calls', () => {
    assert.equal(canMarkNoShow(2, 3), false);
    assert.equal(canMarkNoShow(3, 3), true);
  });
  test('the spoken sentence', () => {
    assert.equal(announcement(1023, 5), 'Mời công dân số 1023 đến quầy số 5');
    assert.equal(announcement(1023, 5, 'en'), 'Ticket number 1023, please go to counter 5');
  });
  test('ratings: 4 levels, known reasons, each once', () => {
    assert.equal(ratingProblem(4, []), null);
    assert.equal(ratingProblem(1, ['attitude', 'waiting']), null);
    assert.match(ratingProblem(5, [])!, /1 .* 4/);
    assert.match(ratingProblem(0, [])!, /Mức/);
    assert.match(ratingProblem(2, ['rude'])!, /rude/);
    assert.match(ratingProblem(2, ['waiting', 'waiting'])!, /một lần/);
  });
  test('peak hours in Vietnam time', () => {
    const at = (h: number) => new Date(`2026-12-08T${String(h).padStart(2, '0')}:10:00+07:00`);
    assert.deepEqual(peakHours([at(8), at(9), at(9), at(14)], 2), [
      { hour: 9, tickets: 2 },
      { hour: 8, tickets: 1 },
    ]);
  });
});

describe('appointments', () => {
  const T = (hhmm: string, date = '2026-12-08') => new Date(`${date}T${hhmm}:00+07:00`);
  const booked = (number: number, queuedAt: number, appointmentAt: number, priorityGroup: QueueEntry['priorityGroup'] = null): QueueEntry => ({
    number,
    queuedAt,
    priorityGroup,
    targetCounterId: null,
    appointmentAt,
  });

  test('table: a booking due at `now` comes after priority groups and before the others; not yet due, it waits by arrival', () => {
    const now = 100;
    const cases: [QueueEntry, QueueEntry, number, string][] = [
      [booked(1005, 90, 100), e(1001, 1), -1, 'due booking before an earlier walk-in'],
      [booked(1005, 90, 101), e(1001, 1), 1, 'booking not yet due waits by arrival'],
      [booked(1005, 90, 101), e(1006, 95), -1, '… and stays ahead of later walk-ins'],
      [e(1009, 99, 'elderly'), booked(1005, 90, 50), -1, 'priority groups first'],
      [booked(1005, 10, 80), booked(1004, 5, 90), -1, 'two due bookings: by booked moment'],
      [booked(1005, 10, 80, 'pregnant'), e(1001, 1, 'elderly'), 1, 'a booked priority ticket ranks with the priority group, by arrival'],
    ];
    for (const [a, b, sign, why] of cases) assert.equal(Math.sign(compareQueue(a, b, now)), sign, why);
    assert.equal(Math.sign(compareQueue(booked(1005, 90, 0), e(1001, 1))), 1, 'without now no booking is due (first version order)');
  });

  test('property: nextFor agrees with sorting at any moment', () => {
    const entry = fc.record({
      number: fc.integer({ min: 1, max: 999 }),
      queuedAt: fc.integer({ min: 0, max: 100 }),
      priorityGroup: fc.constantFrom(null, ...PRIORITY_GROUPS),
      targetCounterId: fc.constant(null),
      appointmentAt: fc.option(fc.integer({ min: 0, max: 100 })),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (x) => x.number, minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 100 }), (list, now) => {
        const sorted = [...list].sort((a, b) => compareQueue(a, b, now));
        assert.equal(nextFor(list, 'c', now), sorted[0]);
        sorted.forEach((x, i) => assert.equal(peopleAhead(list, x, now), i));
      }),
    );
  });

  test('slot capacity: counters × slot length ÷ service time × share, rounded down', () => {
    const cases: [number, number, number, number][] = [
      [4, 30, 10, 6],
      [1, 30, 15, 1],
      [1, 30, 30, 0],
      [3, 30, 20, 2],
      [0, 30, 10, 0],
      [10, 30, 10, 15],
    ];
    for (const [counters, slot, avg, cap] of cases) assert.equal(slotCapacity(counters, slot, avg), cap, `${counters} × ${slot} / ${avg}`);
    assert.equal(slotCapacity(4, 30, 10, 1), 12);
  });

  test('slots of a day: whole slots inside reception time only', () => {
    // Reception 07:30–11:30 and 13:30–17:00 local.
    const open = (t: Date) => {
      const m = (((t.getTime() / 60_000 + 7 * 60) % 1440) + 1440) % 1440;
      return (m >= 450 && m < 690) || (m >= 810 && m < 1020);
    };
    const slots = slotsOfDay('2026-12-08', open, 30).map((s) => new Date(s.startsAt.getTime() + 7 * 3_600_000).toISOString().slice(11, 16));
    assert.deepEqual(slots, [
      '07:30',
      '08:00',
      '08:30',
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
    ]);
    assert.deepEqual(
      slotsOfDay('2026-12-08', () => false),
      [],
    );
  });

  test('check-in verdict: too early, early, on time, late, other day', () => {
    const start = T('10:00');
    const cases: [Date, ReturnType<typeof checkInVerdict>][] = [
      [T('09:29'), { ok: false, reason: 'too_early' }],
      [T('09:30'), { ok: true, arrival: 'early' }],
      [T('09:59'), { ok: true, arrival: 'early' }],
      [T('10:00'), { ok: true, arrival: 'on_time' }],
      [T('10:15'), { ok: true, arrival: 'on_time' }],
      [T('10:16'), { ok: true, arrival: 'late' }],
      [T('16:00'), { ok: true, arrival: 'late' }],
      [T('10:00', '2026-12-09'), { ok: false, reason: 'other_day' }],
      [T('10:00', '2026-12-07'), { ok: false, reason: 'other_day' }],
    ];
    for (const [at, v] of cases) assert.deepEqual(checkInVerdict(start, at), v, at.toISOString());
  });

  test('booking codes and phones are normalised', () => {
    const cases: [string, string | null][] = [
      ['AB12CD34', 'AB12CD34'],
      ['ab12-cd34', 'AB12CD34'],
      [' ab12 cd34 ', 'AB12CD34'],
      ['https://motcua.example/dat-lich/xem?ma=AB12CD34', 'AB12CD34'],
      ['ABO2CDI4', 'AB02CD14'],
      ['AB12CD3', null],
      ['AB12CD345', null],
      ['AB!2CD34', null],
      ['', null],
    ];
    for (const [input, out] of cases) assert.equal(normalizeBookingCode(input), out, input);
    for (let i = 0; i < 50; i++) assert.equal(normalizeBookingCode(bookingCode()) !== null, true);
    const phones: [string, string | null][] = [
      ['0912 345 678', '0912345678'],
      ['+84912345678', '0912345678'],
      ['0912.345.678', '0912345678'],
      ['091234567', null],
      ['123456789', null],
      ['02373 852 111', '02373852111'],
    ];
    for (const [input, out] of phones) assert.equal(normalizePhone(input), out, input);
  });
});

describe("centre's own reception hours", () => {
  const none = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  const office = [
    { start: '07:30', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ];
  // Monday–Friday office hours plus an evening session on Thursday, Saturday morning and Sunday duty.
  const h: CentreHours = {
    weekly: {
      ...none,
      mon: office,
      tue: office,
      wed: office,
      thu: [...office, { start: '18:00', end: '21:00' }],
      fri: office,
      sat: [{ start: '07:30', end: '11:30' }],
      sun: [{ start: '08:00', end: '12:00' }],
    },
    servesOnHolidays: false,
  };
  // 2026-09-02 (Wednesday) is National Day, a day off; 2026-12-07 is a Monday.
  const dayOff = (d: string) => d === '2026-09-02';
  const at = (local: string) => new Date(`${local}+07:00`);

  test('table: open or closed at a local moment', () => {
    const cases: [string, CentreHours, boolean][] = [
      ['2026-12-07T07:29:59', h, false],
      ['2026-12-07T07:30:00', h, true],
      ['2026-12-07T11:29:59', h, true],
      ['2026-12-07T11:30:00', h, false], // lunch break: the end is excluded
      ['2026-12-07T17:30:00', h, false],
      ['2026-12-10T18:00:00', h, true], // Thursday evening session
      ['2026-12-10T20:59:00', h, true],
      ['2026-12-10T21:00:00', h, false],
      ['2026-12-12T09:00:00', h, true], // Saturday morning
      ['2026-12-12T14:00:00', h, false],
      ['2026-12-13T09:00:00', h, true], // Sunday duty
      ['2026-09-02T09:00:00', h, false], // holiday on a Wednesday: closed …
      ['2026-09-02T09:00:00', { ...h, servesOnHolidays: true }, true], // … unless the centre serves on holidays
      ['2026-09-02T12:00:00', { ...h, servesOnHolidays: true }, false], // its weekday's periods still apply
      ['2026-12-07T23:59:59', { weekly: { ...none, mon: [{ start: '00:00', end: '24:00' }] }, servesOnHolidays: false }, true],
      ['2026-12-08T00:00:00', { weekly: { ...none, mon: [{ start: '00:00', end: '24:00' }] }, servesOnHolidays: false }, false], // Tuesday
    ];
    for (const [t, hours, open] of cases) assert.equal(centreOpenAt(hours, at(t), dayOff), open, t);
  });

  test('table: validation of a schedule', () => {
    const w = (mon: { start: string; end: string }[]): CentreHours => ({ weekly: { ...none, mon }, servesOnHolidays: false });
    const cases: [CentreHours, string | null][] = [
      [h, null],
      [w([{ start: '00:00', end: '24:00' }]), null],
      [
        w([
          { start: '13:30', end: '17:00' },
          { start: '07:30', end: '11:30' },
        ]),
        null,
      ], // any order
      [
        w([
          { start: '07:30', end: '11:30' },
          { start: '11:30', end: '12:00' },
        ]),
        null,
      ], // touching is fine
      [w([{ start: '7:30', end: '11:30' }]), 'hours_invalid_time'],
      [w([{ start: '07:30', end: '24:01' }]), 'hours_invalid_time'],
      [w([{ start: '07:60', end: '08:00' }]), 'hours_invalid_time'],
      [w([{ start: '25:00', end: '26:00' }]), 'hours_invalid_time'],
      [w([{ start: '11:30', end: '07:30' }]), 'hours_empty_period'],
      [w([{ start: '08:00', end: '08:00' }]), 'hours_empty_period'],
      [
        w([
          { start: '07:30', end: '11:30' },
          { start: '11:00', end: '12:00' },
        ]),
        'hours_overlap',
      ],
      [w(Array.from({ length: 7 }, (_, i) => ({ start: `0${i}:00`, end: `0${i}:30` }))), 'hours_too_many_periods'],
      [{ weekly: { ...none, sun: undefined as unknown as [] }, servesOnHolidays: false }, 'hours_day_missing'],
    ];
    for (const [hours, code] of cases) assert.equal(centreHoursProblem(hours)?.code ?? null, code, JSON.stringify(hours.weekly.mon));
    assert.match(
      centreHoursProblem(
        w([
          { start: '07:30', end: '11:30' },
          { start: '11:00', end: '12:00' },
        ]),
      )!.message,
      /Thứ Hai: khoảng 07:30–11:30 và 11:00–12:00 chồng lên nhau/,
    );
  });

  test('slots follow the centre’s hours (evening session, 24-hour day)', () => {
    const thu = slotsOfDay('2026-12-10', (t) => centreOpenAt(h, t, dayOff)).map((s) => s.startsAt.toISOString());
    assert.equal(thu.length, 8 + 7 + 6);
    assert.ok(thu.includes(at('2026-12-10T20:30:00').toISOString()));
    const all: CentreHours = {
      weekly: Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, [{ start: '00:00', end: '24:00' }]])) as CentreHours['weekly'],
      servesOnHolidays: true,
    };
    assert.equal(slotsOfDay('2026-09-02', (t) => centreOpenAt(all, t, dayOff)).length, 48);
    assert.equal(slotsOfDay('2026-09-02', (t) => centreOpenAt(h, t, dayOff)).length, 0);
  });

  test('normalised: periods in time order', () => {
    const n = normalizeCentreHours({
      weekly: {
        ...none,
        mon: [
          { start: '13:30', end: '17:00' },
          { start: '07:30', end: '11:30' },
        ],
      },
      servesOnHolidays: true,
    });
    assert.deepEqual(n.weekly.mon, [
      { start: '07:30', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ]);
    assert.equal(n.servesOnHolidays, true);
  });
});
