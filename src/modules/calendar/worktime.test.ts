import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildWorkCalendar, schedulesFor } from './calendar.build.js';
import { naiveAddWorking, naiveAddWorkingWithPauses, naiveNextWorkingMoment, naiveWorkingMinutesBetween, type NaiveCalendar } from './worktime.naive.js';
import {
  addWorking,
  addWorkingWithPauses,
  classifyFinish,
  createWorkCalendar,
  DEFAULT_OFFICE_HOURS,
  isReceptionTime,
  isWorkingTime,
  makeOfficeHours,
  nextWorkingMoment,
  remainingText,
  workingMinutesBetween,
  type Pause,
  type WorkUnit,
} from './worktime.rules.js';

/** Local time in Asia/Ho_Chi_Minh: '2025-06-13 16:00' → Date. */
const vn = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+07:00`);
/** Date → local 'YYYY-MM-DD HH:MM'. */
const fmt = (d: Date): string => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const cal = buildWorkCalendar({ fromYear: 2020, toYear: 2030 });

describe('worked examples (calendar.md)', () => {
  it('Fri 2025-06-13 16:00 + 1 working day → Mon 2025-06-16 16:00', () => {
    assert.equal(fmt(addWorking(cal, vn('2025-06-13 16:00'), 1, 'working_days')), '2025-06-16 16:00');
  });
  it('online Sat 2025-06-14 09:00 + 3 working days → counts from Mon 07:00 → Wed 2025-06-18 17:00', () => {
    assert.equal(fmt(nextWorkingMoment(cal, vn('2025-06-14 09:00'))), '2025-06-16 07:00');
    assert.equal(fmt(addWorking(cal, vn('2025-06-14 09:00'), 3, 'working_days')), '2025-06-18 17:00');
  });
  it('Thu 2025-01-23 10:00 + 5 working days, 2025 schedule (Tết 27–31/1) → 2025-02-06 10:00', () => {
    assert.equal(fmt(addWorking(cal, vn('2025-01-23 10:00'), 5, 'working_days')), '2025-02-06 10:00');
  });
});

describe('2026 schedule', () => {
  it('Tết 2026: Thu 2026-02-12 14:00 + 3 working days skips 16–20/2 → Tue 2026-02-24 14:00', () => {
    // Thu 3 h, Fri 13/2 8 h, (16–20 Tết, weekends), Mon 23/2 8 h, Tue 24/2 5 h
    assert.equal(fmt(addWorking(cal, vn('2026-02-12 14:00'), 3, 'working_days')), '2026-02-24 14:00');
  });
  it('1–2/1/2026 off (2/1 swapped), Wed 2025-12-31 10:00 + 2 working days → Tue 2026-01-06 10:00', () => {
    assert.equal(fmt(addWorking(cal, vn('2025-12-31 10:00'), 2, 'working_days')), '2026-01-06 10:00');
  });
  it('Saturday 10/1/2026 is a working day (làm bù): Fri 2026-01-09 16:00 + 1 day → Sat 2026-01-10 16:00', () => {
    assert.equal(fmt(addWorking(cal, vn('2026-01-09 16:00'), 1, 'working_days')), '2026-01-10 16:00');
    assert.equal(isWorkingTime(cal, vn('2026-01-10 09:00')), true);
  });
  it('Giỗ Tổ on Sunday 26/4/2026 → Monday 27/4 off: Fri 2026-04-24 09:00 + 1 day → Tue 2026-04-28 09:00', () => {
    assert.equal(fmt(addWorking(cal, vn('2026-04-24 09:00'), 1, 'working_days')), '2026-04-28 09:00');
  });
});

describe('units and starting moments', () => {
  it('working hours: Fri 2025-06-13 16:00 + 4 h → Mon 10:00; + 0.5 working day from Mon 09:00 → 15:00', () => {
    assert.equal(fmt(addWorking(cal, vn('2025-06-13 16:00'), 4, 'working_hours')), '2025-06-16 10:00');
    assert.equal(fmt(addWorking(cal, vn('2025-06-16 09:00'), 0.5, 'working_days')), '2025-06-16 15:00');
  });
  it('a start in the lunch break rolls to 13:30', () => {
    assert.equal(fmt(nextWorkingMoment(cal, vn('2025-06-13 12:15'))), '2025-06-13 13:30');
    assert.equal(fmt(addWorking(cal, vn('2025-06-13 12:15'), 1, 'working_hours')), '2025-06-13 14:30');
    assert.equal(fmt(addWorking(cal, vn('2025-06-13 11:30'), 1, 'working_hours')), '2025-06-13 14:30');
  });
  it('evening, night and day-off starts roll to the next working day 07:00', () => {
    assert.equal(fmt(nextWorkingMoment(cal, vn('2025-06-16 22:40'))), '2025-06-17 07:00');
    assert.equal(fmt(nextWorkingMoment(cal, vn('2025-06-17 05:00'))), '2025-06-17 07:00');
    assert.equal(fmt(nextWorkingMoment(cal, vn('2025-04-30 10:00'))), '2025-05-05 07:00'); // 30/4, 1/5, 2/5 (swap), weekend
  });
  it('end of a period is inside working time (17:00 due), but counting from 17:00 starts next morning', () => {
    assert.equal(isWorkingTime(cal, vn('2025-06-18 17:00')), true);
    assert.equal(isWorkingTime(cal, vn('2025-06-18 17:01')), false);
    assert.equal(isWorkingTime(cal, vn('2025-06-18 12:00')), false);
    assert.equal(fmt(nextWorkingMoment(cal, vn('2025-06-18 17:00'))), '2025-06-19 07:00');
    assert.equal(fmt(addWorking(cal, vn('2025-06-18 17:00'), 1, 'working_days')), '2025-06-19 17:00');
    assert.equal(fmt(addWorking(cal, vn('2025-06-18 07:00'), 4.5, 'working_hours')), '2025-06-18 11:30');
  });
  it('amount 0 of a working unit = the next working moment', () => {
    assert.equal(fmt(addWorking(cal, vn('2025-06-14 09:00'), 0, 'working_days')), '2025-06-16 07:00');
  });
  it('calendar days end at 17:00 of the last day, moved to the next working day if it is a day off', () => {
    assert.equal(fmt(addWorking(cal, vn('2025-06-13 10:00'), 3, 'calendar_days')), '2025-06-16 17:00');
    assert.equal(fmt(addWorking(cal, vn('2025-06-13 10:00'), 1, 'calendar_days')), '2025-06-16 17:00'); // Saturday → Monday
    assert.equal(fmt(addWorking(cal, vn('2025-06-13 10:00'), 0, 'calendar_days')), '2025-06-13 17:00');
    assert.equal(fmt(addWorking(cal, vn('2025-01-23 10:00'), 5, 'calendar_days')), '2025-02-03 17:00'); // 28/1 is Tết
    assert.throws(() => addWorking(cal, vn('2025-01-23 10:00'), 1.5, 'calendar_days'), RangeError);
  });
  it('rejects negative amounts and instants outside the calendar range', () => {
    assert.throws(() => addWorking(cal, vn('2025-01-23 10:00'), -1, 'working_days'), RangeError);
    assert.throws(() => addWorking(cal, vn('2031-01-02 10:00'), 1, 'working_days'), RangeError);
    assert.throws(() => addWorking(cal, vn('2030-12-31 10:00'), 2, 'working_days'), RangeError);
  });
});

describe('working minutes, remaining text, classification', () => {
  it('workingMinutesBetween counts only office time, signed', () => {
    assert.equal(workingMinutesBetween(cal, vn('2025-06-13 16:00'), vn('2025-06-16 16:00')), 480);
    assert.equal(workingMinutesBetween(cal, vn('2025-06-16 11:00'), vn('2025-06-16 14:00')), 60);
    assert.equal(workingMinutesBetween(cal, vn('2025-06-16 14:00'), vn('2025-06-16 11:00')), -60);
    assert.equal(workingMinutesBetween(cal, vn('2025-01-24 17:00'), vn('2025-02-03 07:00')), 0);
  });
  it('remainingText in Vietnamese and English', () => {
    assert.equal(remainingText(cal, vn('2025-06-16 07:00'), vn('2025-06-17 10:00')), 'còn 1 ngày 3 giờ');
    assert.equal(remainingText(cal, vn('2025-06-16 16:15'), vn('2025-06-16 17:00')), 'còn 45 phút');
    assert.equal(remainingText(cal, vn('2025-06-16 13:40'), vn('2025-06-16 17:00')), 'còn 3 giờ 20 phút');
    assert.equal(remainingText(cal, vn('2025-06-18 17:00'), vn('2025-06-16 17:00')), 'quá hạn 2 ngày');
    assert.equal(remainingText(cal, vn('2025-06-16 17:00'), vn('2025-06-16 17:00')), 'đến hạn');
    assert.equal(remainingText(cal, vn('2025-06-14 10:00'), vn('2025-06-13 17:00')), 'quá hạn'); // Saturday after a Friday due
    assert.equal(remainingText(cal, vn('2025-06-16 07:00'), vn('2025-06-17 10:00'), 'en'), '1 day 3 hours left');
    assert.equal(remainingText(cal, vn('2025-06-18 17:00'), vn('2025-06-16 17:00'), 'en'), '2 days overdue');
    assert.equal(remainingText(cal, vn('2025-06-16 16:59'), vn('2025-06-16 17:00'), 'en'), '1 minute left');
  });
  it('classifyFinish: early before the appointment day, on time that day up to the moment, late after', () => {
    const due = vn('2025-06-18 15:00');
    assert.equal(classifyFinish(cal, vn('2025-06-17 16:59'), due), 'early');
    assert.equal(classifyFinish(cal, vn('2025-06-18 07:05'), due), 'on_time');
    assert.equal(classifyFinish(cal, vn('2025-06-18 15:00'), due), 'on_time');
    assert.equal(classifyFinish(cal, vn('2025-06-18 15:01'), due), 'late');
    assert.equal(classifyFinish(cal, vn('2025-06-17 23:30'), due), 'early'); // 23:30 local is still the 17th
  });
});

describe('pauses (financial obligation: the clock stops)', () => {
  it('paused working time moves the due later; pauses outside working time or after the due change nothing', () => {
    const from = vn('2025-06-16 09:00');
    assert.equal(fmt(addWorking(cal, from, 2, 'working_days')), '2025-06-18 09:00');
    const p = (a: string, b: string): Pause => ({ from: vn(a), to: vn(b) });
    // Mon 14:00–17:00 (3 h) + Tue 07:00–10:00 (3 h) paused → +6 h
    assert.equal(fmt(addWorkingWithPauses(cal, from, 2, 'working_days', [p('2025-06-16 14:00', '2025-06-17 10:00')])), '2025-06-18 17:00');
    assert.equal(fmt(addWorkingWithPauses(cal, from, 2, 'working_days', [p('2025-06-21 08:00', '2025-06-22 20:00')])), '2025-06-18 09:00');
    assert.equal(fmt(addWorkingWithPauses(cal, from, 2, 'working_days', [p('2025-06-19 08:00', '2025-06-20 20:00')])), '2025-06-18 09:00');
    // overlapping pauses count once
    const twice = [p('2025-06-16 14:00', '2025-06-17 10:00'), p('2025-06-16 15:00', '2025-06-17 08:00')];
    assert.equal(fmt(addWorkingWithPauses(cal, from, 2, 'working_days', twice)), '2025-06-18 17:00');
  });
  it('calendar days: the paused time (plain time) is added before the day-off rule', () => {
    const from = vn('2025-06-13 10:00'); // + 3 calendar days → Mon 16/6 17:00
    const pause: Pause = { from: vn('2025-06-14 00:00'), to: vn('2025-06-15 00:00') }; // one day
    assert.equal(fmt(addWorkingWithPauses(cal, from, 3, 'calendar_days', [pause])), '2025-06-17 17:00');
  });
});

describe('office hours options', () => {
  it('Saturday-morning reception receives but does not process', () => {
    const oh = makeOfficeHours({ periods: ['07:00-11:30', '13:30-17:00'], saturdayMorningReception: true });
    const c = buildWorkCalendar({ fromYear: 2025, toYear: 2025, officeHours: oh });
    assert.equal(isReceptionTime(c, vn('2025-06-14 09:00')), true);
    assert.equal(isReceptionTime(c, vn('2025-06-14 14:00')), false);
    assert.equal(isReceptionTime(c, vn('2025-06-15 09:00')), false);
    assert.equal(isReceptionTime(cal, vn('2025-06-14 09:00')), false); // default: no Saturday reception
    assert.equal(fmt(addWorking(c, vn('2025-06-14 09:00'), 3, 'working_days')), '2025-06-18 17:00');
  });
  it('other office hours (07:30–11:30, 13:00–17:00) and a 1-day calendar range work the same way', () => {
    const oh = makeOfficeHours({ periods: ['07:30-11:30', '13:00-17:00'] });
    const c = buildWorkCalendar({ fromYear: 2025, toYear: 2025, officeHours: oh, decisions: [] });
    assert.equal(fmt(addWorking(c, vn('2025-06-13 16:00'), 1, 'working_days')), '2025-06-16 16:00');
    assert.equal(fmt(nextWorkingMoment(c, vn('2025-06-13 12:00'))), '2025-06-13 13:00');
  });
  it('rejects overlapping periods and a date that is both a day off and a working day', () => {
    assert.throws(() => makeOfficeHours({ periods: ['07:00-12:00', '11:00-17:00'] }), RangeError);
    assert.throws(() => createWorkCalendar({ fromYear: 2025, toYear: 2025, daysOff: ['2025-06-14'], workingDays: ['2025-06-14'] }), RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests, and cross-checks against the naive day-by-day implementation
// ---------------------------------------------------------------------------------------------

const FROM_YEAR = 2022;
const TO_YEAR = 2029;
const schedules = schedulesFor(FROM_YEAR, TO_YEAR);
const daysOff = new Set(schedules.flatMap((s) => s.daysOff.map((d) => d.date)));
const workingDays = new Set(schedules.flatMap((s) => s.workingDays.map((d) => d.date)));
const fast = createWorkCalendar({ fromYear: FROM_YEAR, toYear: TO_YEAR, daysOff, workingDays });
const naive: NaiveCalendar = { daysOff, workingDays, officeHours: DEFAULT_OFFICE_HOURS };

const MIN = 60_000;
const START_MIN = Date.parse('2023-01-01T00:00:00+07:00') / MIN;
const END_MIN = Date.parse('2026-12-31T23:59:00+07:00') / MIN;
/** Any minute of 2023–2026, biased towards office-hour boundaries now and then. */
const instant = fc.oneof(
  fc.integer({ min: START_MIN, max: END_MIN }).map((m) => new Date(m * MIN)),
  fc
    .tuple(fc.integer({ min: Math.ceil(START_MIN / 1440), max: Math.floor(END_MIN / 1440) - 1 }), fc.constantFrom(0, 420, 690, 810, 1020, 1439))
    .map(([d, m]) => new Date((d * 1440 + m) * MIN - 7 * 3_600_000)),
);
const workUnit = fc.constantFrom<WorkUnit>('working_days', 'working_hours');
const amount = fc.integer({ min: 0, max: 120 }).map((n) => n / 2); // half-days/half-hours up to 60
const pause = fc.tuple(instant, fc.integer({ min: 0, max: 20 * 1440 })).map(([a, m]): Pause => ({ from: a, to: new Date(a.getTime() + m * MIN) }));

describe('properties (fast-check)', () => {
  it('the due moment is always inside working time', () => {
    fc.assert(
      fc.property(instant, workUnit, amount, (s, u, n) => isWorkingTime(fast, addWorking(fast, s, n, u))),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 }), (s, n) => isWorkingTime(fast, addWorking(fast, s, n, 'calendar_days'))),
      { numRuns: 1000 },
    );
  });
  it('adding N then M working days equals adding N + M (M ≥ 1)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 40 }), (s, n, m) => {
        const twoSteps = addWorking(fast, addWorking(fast, s, n, 'working_days'), m, 'working_days');
        return twoSteps.getTime() === addWorking(fast, s, n + m, 'working_days').getTime();
      }),
      { numRuns: 2000 },
    );
  });
  it('a later start never gives an earlier due date (all units)', () => {
    fc.assert(
      fc.property(
        instant,
        instant,
        fc.constantFrom<WorkUnit>('working_days', 'working_hours', 'calendar_days'),
        fc.integer({ min: 0, max: 30 }),
        (a, b, u, n) => {
          const [s1, s2] = a.getTime() <= b.getTime() ? [a, b] : [b, a];
          return addWorking(fast, s1, n, u).getTime() <= addWorking(fast, s2, n, u).getTime();
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('pauses only ever move a due date later (and more pauses never earlier)', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom<WorkUnit>('working_days', 'working_hours', 'calendar_days'),
        fc.integer({ min: 0, max: 30 }),
        fc.array(pause, { maxLength: 4 }),
        pause,
        (s, u, n, ps, extra) => {
          const plain = addWorking(fast, s, n, u).getTime();
          const some = addWorkingWithPauses(fast, s, n, u, ps).getTime();
          const more = addWorkingWithPauses(fast, s, n, u, [...ps, extra]).getTime();
          return plain <= some && some <= more;
        },
      ),
      { numRuns: 1500 },
    );
  });
  it('working minutes between the start and the due equal the amount (amount > 0)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 200 }), (s, h) => workingMinutesBetween(fast, s, addWorking(fast, s, h, 'working_hours')) === h * 60),
      { numRuns: 1000 },
    );
  });
});

describe('fast implementation = naive day-by-day implementation (random cases)', () => {
  it('addWorking (all units)', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom<WorkUnit>('working_days', 'working_hours', 'calendar_days'), fc.integer({ min: 0, max: 60 }), (s, u, n) => {
        assert.equal(fmt(addWorking(fast, s, n, u)), fmt(naiveAddWorking(naive, s, n, u)));
      }),
      { numRuns: 1500 },
    );
  });
  it('addWorkingWithPauses', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom<WorkUnit>('working_days', 'working_hours', 'calendar_days'),
        fc.integer({ min: 0, max: 30 }),
        fc.array(pause, { maxLength: 4 }),
        (s, u, n, ps) => {
          assert.equal(addWorkingWithPauses(fast, s, n, u, ps).getTime(), naiveAddWorkingWithPauses(naive, s, n, u, ps).getTime());
        },
      ),
      { numRuns: 1500 },
    );
  });
  it('nextWorkingMoment and workingMinutesBetween', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        assert.equal(nextWorkingMoment(fast, a).getTime(), naiveNextWorkingMoment(naive, a).getTime());
        assert.equal(workingMinutesBetween(fast, a, b), naiveWorkingMinutesBetween(naive, a, b));
      }),
      { numRuns: 1000 },
    );
  });
});
