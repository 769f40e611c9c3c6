/**
 * Naive reference implementation of the working-time functions: it walks day by day through
 * office periods, with ISO-string lookups and no precomputed tables. It shares no code with
 * `worktime.rules.ts` except the types and the documented conventions, so tests can cross-check
 * the fast implementation on random cases, and the bench can compare speed. Not for production.
 */

import type { OfficeHours, Pause, Period, WorkUnit } from './worktime.rules.js';
import { VN_OFFSET_MS } from '../../platform/vn-time.js';

export interface NaiveCalendar {
  readonly daysOff: ReadonlySet<string>;
  readonly workingDays: ReadonlySet<string>;
  readonly officeHours: OfficeHours;
}

const OFFSET = VN_OFFSET_MS;
const DAY = 86_400_000;
const MIN = 60_000;

/** Local midnight (as a UTC instant, ms) of the local day containing t. */
function localMidnight(t: number): number {
  const shifted = new Date(t + OFFSET);
  return Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()) - OFFSET;
}

function isoOf(midnight: number): string {
  return new Date(midnight + OFFSET).toISOString().slice(0, 10);
}

/** Working intervals [start, end] (ms instants) of the local day starting at `midnight`. */
function intervalsOf(cal: NaiveCalendar, midnight: number): [number, number][] {
  const iso = isoOf(midnight);
  const weekday = new Date(midnight + OFFSET).getUTCDay();
  let periods: readonly Period[];
  if (cal.workingDays.has(iso)) periods = cal.officeHours.swapDayPeriods ?? cal.officeHours.weekly[1];
  else if (cal.daysOff.has(iso)) periods = [];
  else periods = cal.officeHours.weekly[weekday];
  return periods.map((p) => [midnight + p.start * MIN, midnight + p.end * MIN]);
}

/** Guard against endless loops in a misconfigured calendar (no working days at all). */
const MAX_DAYS = 200 * 366;

export function naiveNextWorkingMoment(cal: NaiveCalendar, t: Date): Date {
  const ms = t.getTime();
  let midnight = localMidnight(ms);
  for (let i = 0; i < MAX_DAYS; i++, midnight = localMidnight(midnight + DAY + 3_600_000)) {
    for (const [s, e] of intervalsOf(cal, midnight)) {
      if (ms >= s && ms < e) return new Date(ms);
      if (s > ms) return new Date(s);
    }
  }
  throw new RangeError('no working time found');
}

export function naiveWorkingMinutesBetween(cal: NaiveCalendar, a: Date, b: Date): number {
  const [lo, hi, sign] = a.getTime() <= b.getTime() ? [a.getTime(), b.getTime(), 1] : [b.getTime(), a.getTime(), -1];
  let total = 0;
  for (let midnight = localMidnight(lo); midnight <= hi; midnight = localMidnight(midnight + DAY + 3_600_000)) {
    for (const [s, e] of intervalsOf(cal, midnight)) total += Math.max(0, Math.min(e, hi) - Math.max(s, lo));
  }
  return total === 0 ? 0 : (sign * total) / MIN;
}

/** Unpaused pieces of [s, e] given pause intervals. */
function unpaused(s: number, e: number, pauses: readonly [number, number][]): [number, number][] {
  let pieces: [number, number][] = [[s, e]];
  for (const [ps, pe] of pauses) {
    pieces = pieces.flatMap(([a, b]): [number, number][] => {
      if (pe <= a || ps >= b) return [[a, b]];
      const out: [number, number][] = [];
      if (ps > a) out.push([a, ps]);
      if (pe < b) out.push([pe, b]);
      return out;
    });
  }
  return pieces;
}

function naiveCalendarDays(cal: NaiveCalendar, endInstant: number): Date {
  for (let midnight = localMidnight(endInstant), i = 0; i < MAX_DAYS; i++, midnight = localMidnight(midnight + DAY + 3_600_000)) {
    const iv = intervalsOf(cal, midnight);
    if (iv.length) return new Date(iv[iv.length - 1][1]);
  }
  throw new RangeError('no working day found');
}

/** Day-by-day walk consuming `amount` of working (unpaused) time from `from`. */
export function naiveAddWorkingWithPauses(cal: NaiveCalendar, from: Date, amount: number, unit: WorkUnit, pauses: readonly Pause[]): Date {
  const start = from.getTime();
  const ps = pauses.map((p): [number, number] => [Math.max(p.from.getTime(), start), p.to.getTime()]).filter(([a, b]) => b > a);
  if (unit === 'calendar_days') {
    // plain time: the clock must run until 24:00 of the last day; paused time does not count
    const need = localMidnight(start) + (amount + 1) * DAY - start;
    let end = start + need;
    for (;;) {
      const next = start + need + (end - start - unpausedLength(start, end, ps));
      if (next === end) break;
      end = next;
    }
    return naiveCalendarDays(cal, end - 1);
  }
  let remaining = Math.round(amount * (unit === 'working_days' ? 480 : 60) * MIN);
  if (remaining === 0) return naiveNextWorkingMoment(cal, from);
  for (let midnight = localMidnight(start), i = 0; i < MAX_DAYS; i++, midnight = localMidnight(midnight + DAY + 3_600_000)) {
    for (const [s, e] of intervalsOf(cal, midnight)) {
      if (e <= start) continue;
      for (const [a, b] of unpaused(Math.max(s, start), e, ps)) {
        if (remaining <= b - a) return new Date(a + remaining);
        remaining -= b - a;
      }
    }
  }
  throw new RangeError('due date not found');
}

/** Length of the unpaused part of [a, b]. */
function unpausedLength(a: number, b: number, pauses: readonly [number, number][]): number {
  return unpaused(a, b, pauses).reduce((sum, [x, y]) => sum + (y - x), 0);
}

export function naiveAddWorking(cal: NaiveCalendar, from: Date, amount: number, unit: WorkUnit): Date {
  return naiveAddWorkingWithPauses(cal, from, amount, unit, []);
}
