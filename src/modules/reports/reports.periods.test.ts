import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildWorkCalendar } from '../calendar/calendar.public.js';
import {
  addDays,
  dayNumber,
  deadlineRuleProblem,
  dueDate,
  periodContaining,
  periodWindow,
  periodsOfYear,
  periodsToOpen,
  previousPeriod,
  weekdaysOnly,
  type ScheduledFrequency,
} from './reports.periods.js';

const cal = buildWorkCalendar({ fromYear: 2022, toYear: 2027 });
const working = (d: string) => cal.isWorkingDay(dayNumber(d));

describe('cut-off windows (Nghị định 09/2019 Điều 12)', () => {
  test('Q1 2023 covers 15/12/2022 – 14/03/2023 (the published example)', () => {
    const w = periodWindow('quarterly', 2023, 1);
    assert.equal(w.cutoffFrom, '2022-12-15');
    assert.equal(w.cutoffTo, '2023-03-14');
    assert.equal(w.label, 'Quý I năm 2023');
    assert.equal(w.key, '2023-Q1');
  });

  test('every quarter: from the 15th of the month before the quarter to the 14th of its last month', () => {
    assert.deepEqual(
      periodsOfYear('quarterly', 2026).map((w) => [w.cutoffFrom, w.cutoffTo]),
      [
        ['2025-12-15', '2026-03-14'],
        ['2026-03-15', '2026-06-14'],
        ['2026-06-15', '2026-09-14'],
        ['2026-09-15', '2026-12-14'],
      ],
    );
  });

  test('monthly: 15th of the previous month to the 14th; January crosses the year', () => {
    assert.deepEqual([periodWindow('monthly', 2026, 1).cutoffFrom, periodWindow('monthly', 2026, 1).cutoffTo], ['2025-12-15', '2026-01-14']);
    assert.deepEqual([periodWindow('monthly', 2026, 3).cutoffFrom, periodWindow('monthly', 2026, 3).cutoffTo], ['2026-02-15', '2026-03-14']);
    assert.deepEqual([periodWindow('monthly', 2026, 12).cutoffFrom, periodWindow('monthly', 2026, 12).cutoffTo], ['2026-11-15', '2026-12-14']);
  });

  test('6-month, 9-month and annual windows start on 15 December of the previous year', () => {
    assert.deepEqual([periodWindow('half_year', 2026).cutoffFrom, periodWindow('half_year', 2026).cutoffTo], ['2025-12-15', '2026-06-14']);
    assert.deepEqual([periodWindow('nine_months', 2026).cutoffFrom, periodWindow('nine_months', 2026).cutoffTo], ['2025-12-15', '2026-09-14']);
    assert.deepEqual([periodWindow('annual', 2026).cutoffFrom, periodWindow('annual', 2026).cutoffTo], ['2025-12-15', '2026-12-14']);
    assert.equal(periodWindow('half_year', 2026).label, '6 tháng đầu năm 2026');
  });

  test("a day in December after the 14th belongs to the NEXT year's windows", () => {
    assert.equal(periodContaining('quarterly', '2022-12-20')!.key, '2023-Q1');
    assert.equal(periodContaining('monthly', '2025-12-15')!.key, '2026-M01');
    assert.equal(periodContaining('annual', '2025-12-14')!.key, '2025-Y');
    assert.equal(periodContaining('annual', '2025-12-15')!.key, '2026-Y');
    assert.equal(periodContaining('half_year', '2025-12-31')!.key, '2026-H1');
    assert.equal(periodContaining('half_year', '2026-06-15'), null, 'no 6-month window runs from 15/6 to 14/12');
    assert.equal(periodContaining('nine_months', '2026-09-14')!.key, '2026-9M');
    assert.equal(periodContaining('nine_months', '2026-09-15'), null);
  });

  test('windows of consecutive periods tile the calendar without gaps or overlaps (property)', () => {
    for (const f of ['monthly', 'quarterly'] as ScheduledFrequency[]) {
      fc.assert(
        fc.property(fc.integer({ min: 2001, max: 2099 }), fc.integer({ min: 1, max: f === 'monthly' ? 12 : 4 }), (y, i) => {
          const w = periodWindow(f, y, i);
          assert.equal(addDays(previousPeriod(w).cutoffTo, 1), w.cutoffFrom);
          return true;
        }),
      );
    }
    fc.assert(
      fc.property(fc.date({ min: new Date('2001-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        for (const f of ['monthly', 'quarterly', 'half_year', 'nine_months', 'annual'] as ScheduledFrequency[]) {
          const w = periodContaining(f, iso);
          if (w) assert.ok(w.cutoffFrom <= iso && iso <= w.cutoffTo, `${f} ${iso} in ${w.key}`);
        }
        return true;
      }),
    );
  });

  test('out-of-range period numbers are refused', () => {
    assert.throws(() => periodWindow('quarterly', 2026, 5), RangeError);
    assert.throws(() => periodWindow('monthly', 2026, 0), RangeError);
    assert.throws(() => periodWindow('annual', 2026, 2), RangeError);
  });
});

describe('submission deadlines', () => {
  const day18 = { kind: 'day_of_month', day: 18 } as const;

  test("the 18th of the quarter's last month (seed plan), moved to the previous working day", () => {
    // 18/03/2023 is a Saturday → Friday 17/03/2023.
    assert.equal(dueDate(periodWindow('quarterly', 2023, 1), day18, working), '2023-03-17');
    // 18/06/2026 is a Thursday.
    assert.equal(dueDate(periodWindow('quarterly', 2026, 2), day18, working), '2026-06-18');
    // 18/12/2022 Sunday → 16/12/2022.
    assert.equal(dueDate(periodWindow('quarterly', 2022, 4), day18, working), '2022-12-16');
    assert.equal(dueDate(periodWindow('quarterly', 2022, 4), day18, working, 'next'), '2022-12-19');
    assert.equal(dueDate(periodWindow('quarterly', 2022, 4), day18, working, 'keep'), '2022-12-18');
  });

  test('N working days after the cut-off skips weekends and holidays', () => {
    // Cut-off 14/03/2026 (Saturday): Mon 16 and Tue 17 are the 2 working days.
    assert.equal(dueDate(periodWindow('quarterly', 2026, 1), { kind: 'working_days_after_cutoff', days: 2 }, working), '2026-03-17');
    // Annual 2025: cut-off Sunday 14/12/2025 → Mon 15, Tue 16, Wed 17.
    assert.equal(dueDate(periodWindow('annual', 2025), { kind: 'working_days_after_cutoff', days: 3 }, working), '2025-12-17');
    // Monthly February 2026: cut-off Saturday 14/02/2026, then Tết Bính Ngọ (days off 14–22/02/2026).
    assert.equal(dueDate(periodWindow('monthly', 2026, 2), { kind: 'working_days_after_cutoff', days: 1 }, working), '2026-02-23');
  });

  test('a fixed day (annual plan by 30/01 of the next year) across the year boundary', () => {
    assert.equal(dueDate(periodWindow('annual', 2025), { kind: 'fixed', month: 1, day: 30, yearOffset: 1 }, weekdaysOnly), '2026-01-30');
    // 30/01/2027 is a Saturday → Friday 29/01/2027.
    assert.equal(dueDate(periodWindow('annual', 2026), { kind: 'fixed', month: 1, day: 30, yearOffset: 1 }, weekdaysOnly), '2027-01-29');
  });

  test('a deadline never falls before the first working day after the cut-off (Điều 8 khoản 5)', () => {
    // Day 15 of a month whose 15th is a Sunday would move back to the 13th: it is held at Monday 16th.
    const w = periodWindow('quarterly', 2026, 2); // cut-off Sunday 14/06/2026
    assert.equal(dueDate(w, { kind: 'day_of_month', day: 15 }, working), '2026-06-15');
    assert.ok(dueDate(w, { kind: 'day_of_month', day: 15 }, working) > w.cutoffTo);
    // 18/02/2026 is in the Tết holiday; the previous working day (13/02) is before the cut-off: held at 23/02.
    assert.equal(dueDate(periodWindow('monthly', 2026, 2), day18, working), '2026-02-23');
    assert.match(deadlineRuleProblem({ kind: 'day_of_month', day: 10 }, 'quarterly')!, /Điều 8 khoản 5/);
    assert.equal(deadlineRuleProblem(day18, 'quarterly'), null);
  });

  test('due dates are after the cut-off for every frequency and year (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2023, max: 2026 }),
        fc.constantFrom<ScheduledFrequency>('monthly', 'quarterly', 'half_year', 'nine_months', 'annual'),
        fc.integer({ min: 15, max: 31 }),
        (y, f, day) => {
          for (const w of periodsOfYear(f, y)) {
            const d = dueDate(w, { kind: 'day_of_month', day }, working);
            assert.ok(d > w.cutoffTo && working(d), `${w.key} due ${d}`);
          }
          return true;
        },
      ),
    );
  });
});

describe('which periods the scheduler opens', () => {
  const due = (w: ReturnType<typeof periodWindow>) => dueDate(w, { kind: 'day_of_month', day: 18 }, working);

  test('mid-quarter: the running quarter only', () => {
    assert.deepEqual(
      periodsToOpen('quarterly', '2026-05-02', due).map((p) => p.window.key),
      ['2026-Q2'],
    );
  });

  test('between the cut-off and the due date: the ended quarter (still due) and the new one', () => {
    assert.deepEqual(
      periodsToOpen('quarterly', '2026-03-16', due).map((p) => [p.window.key, p.dueOn]),
      [
        ['2026-Q1', '2026-03-18'],
        ['2026-Q2', '2026-06-18'],
      ],
    );
  });

  test('across the year boundary: on 16/12/2026 the Q4 2026 report is still due and Q1 2027 has begun', () => {
    assert.deepEqual(
      periodsToOpen('quarterly', '2026-12-16', due).map((p) => p.window.key),
      ['2026-Q4', '2027-Q1'],
    );
    assert.deepEqual(
      periodsToOpen('annual', '2026-12-16', (w) => dueDate(w, { kind: 'working_days_after_cutoff', days: 3 }, working)).map((p) => p.window.key),
      ['2026-Y', '2027-Y'],
    );
  });

  test('6-month: nothing runs between mid-June and mid-December once the report is due', () => {
    const d6 = (w: ReturnType<typeof periodWindow>) => dueDate(w, { kind: 'working_days_after_cutoff', days: 2 }, working);
    assert.deepEqual(
      periodsToOpen('half_year', '2026-06-16', d6).map((p) => p.window.key),
      ['2026-H1'],
    );
    assert.deepEqual(periodsToOpen('half_year', '2026-08-01', d6), []);
    assert.deepEqual(
      periodsToOpen('half_year', '2026-12-15', d6).map((p) => p.window.key),
      ['2027-H1'],
    );
  });
});
