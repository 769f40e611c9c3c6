/**
 * Working-time arithmetic for processing deadlines (pure; see docs/calendar-web.md and the holiday law,
 * "Counting a processing time", and legal-research.md §4.3).
 *
 * Time zone: Asia/Ho_Chi_Minh is UTC+7 with no daylight saving, so local time is UTC + 7 h and no
 * Intl is needed. All instants are `Date`s; all arithmetic is done in milliseconds.
 *
 * Model. Each local day has a list of office periods (e.g. 07:00–11:30, 13:30–17:00). Working time
 * is the union of the periods of working days. W(t) = working milliseconds from the start of the
 * calendar's first year to instant t. A `WorkCalendar` precomputes, lazily per year, the cumulative
 * working time at the start of every day of the year (a Float64Array) and the cumulative total at
 * the start of each year, so W(t) is O(1) and its inverse is a binary search (O(log days)), never a
 * day-by-day loop.
 *
 * Conventions (decided here, consistently):
 *  - Working time is closed at the end of a period: 17:00 and 11:30 are inside working time, so a
 *    due moment can be exactly 17:00 (the earliest moment at which the amount is used up).
 *  - Counting starts at `nextWorkingMoment(t)`: t itself if t is in [start, end) of a period,
 *    else the start of the next period (lunch break → 13:30; evening, weekend, day off → next
 *    working day 07:00). 17:00 itself rolls to the next morning (no work can be done from it);
 *    W is the same for both, so deadlines do not depend on this choice.
 *  - 1 working day = 8 working hours = 480 min (calendar.md; vendor convention, legal-research
 *    §4.3); fractional amounts are allowed (0.5 working day = 4 h).
 *  - Calendar days (Bộ luật Dân sự 2015 Điều 147–148: the day of the event is not counted; a time
 *    limit in days ends at the end of its last day; if that day is a weekly rest day or holiday it
 *    ends at the end of the next working day): the due moment is the END OF OFFICE HOURS (the end
 *    of the day's last period, e.g. 17:00) of local day `receivedDay + N`, or of the next working
 *    day if that day is not one. N must be a whole number ≥ 0 (0 = "trong ngày": same day).
 *  - Saturday-morning reception (tiếp nhận) does not make Saturday a processing day: a dossier
 *    received then is counted from the next working moment (worked example 2 in calendar.md).
 */

import { isoFromJdn, jdnFromIso, jdnFromYmd, UNIX_EPOCH_JDN } from './dates.js';
import { VN_OFFSET_MS } from '../../platform/vn-time.js';

// ---------------------------------------------------------------------------------------------
// Office hours
// ---------------------------------------------------------------------------------------------

/** A period of office hours, in minutes after local midnight, start < end. */
export interface Period {
  readonly start: number;
  readonly end: number;
}

export interface OfficeHours {
  /** Periods per weekday, index 0 = Sunday … 6 = Saturday. An empty list = weekly rest day. */
  readonly weekly: readonly (readonly Period[])[];
  /** Periods of a rest day made a working day by decision (làm bù); default: Monday's. */
  readonly swapDayPeriods?: readonly Period[];
  /** The one-stop section also RECEIVES dossiers on Saturday morning (not a processing day). */
  readonly saturdayMorningReception: boolean;
  /** Reception periods on Saturday when the flag is on; default: Monday's morning period. */
  readonly saturdayReceptionPeriods?: readonly Period[];
}

/** 'HH:MM' → minutes after midnight. */
export function parseClock(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new RangeError(`Giờ không hợp lệ (cần HH:MM): ${hhmm}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 1440) throw new RangeError(`Giờ không hợp lệ: ${hhmm}`);
  return minutes;
}

/** Periods from strings like '07:00-11:30'; checks that they are ordered and do not overlap. */
export function parsePeriods(specs: readonly string[]): Period[] {
  const periods = specs.map((s) => {
    const [a, b] = s.split('-');
    if (a === undefined || b === undefined) throw new RangeError(`Khoảng giờ không hợp lệ: ${s}`);
    return { start: parseClock(a.trim()), end: parseClock(b.trim()) };
  });
  periods.forEach((p, i) => {
    if (p.end <= p.start || (i > 0 && p.start < periods[i - 1].end)) throw new RangeError(`Khoảng giờ chồng chéo hoặc ngược: ${specs.join(', ')}`);
  });
  return periods;
}

/** Office hours with the same periods on the given weekdays (default Mon–Fri). */
export function makeOfficeHours(opts: { periods: readonly string[]; weekdays?: readonly number[]; saturdayMorningReception?: boolean }): OfficeHours {
  const periods = parsePeriods(opts.periods);
  const days = new Set(opts.weekdays ?? [1, 2, 3, 4, 5]);
  return {
    weekly: Array.from({ length: 7 }, (_, wd) => (days.has(wd) ? periods : [])),
    saturdayMorningReception: opts.saturdayMorningReception ?? false,
  };
}

/** Default (calendar.md): Monday–Friday 07:00–11:30 and 13:30–17:00; no Saturday reception. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = makeOfficeHours({ periods: ['07:00-11:30', '13:30-17:00'] });

// ---------------------------------------------------------------------------------------------
// The precomputed calendar
// ---------------------------------------------------------------------------------------------

export const UTC_OFFSET_MS = VN_OFFSET_MS;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
export const WORKING_DAY_MINUTES = 480;

export interface WorkCalendarInput {
  readonly fromYear: number;
  readonly toYear: number;
  /** Weekday days off (holidays, compensatory and swapped days), ISO dates. */
  readonly daysOff: Iterable<string>;
  /** Weekly rest days made working days (làm bù), ISO dates. */
  readonly workingDays?: Iterable<string>;
  readonly officeHours?: OfficeHours;
}

/** Office periods of one kind of day, in ms after local midnight, with cumulative lengths. */
interface DayPattern {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly total: number;
}

interface YearTable {
  /** Local day number (days since 1970-01-01 local) of 1 January. */
  readonly firstDay: number;
  readonly days: number;
  /** cum[d] = working ms of the year before day d (length days + 1). */
  readonly cum: Float64Array;
  /** Index into `patterns` for each day. */
  readonly pattern: Uint8Array;
}

function toPattern(periods: readonly Period[]): DayPattern {
  const starts = Float64Array.from(periods, (p) => p.start * MINUTE_MS);
  const ends = Float64Array.from(periods, (p) => p.end * MINUTE_MS);
  let total = 0;
  for (let i = 0; i < starts.length; i++) total += ends[i] - starts[i];
  return { starts, ends, total };
}

/** Local day number of an instant (days since 1970-01-01 in UTC+7). */
export function localDay(t: Date | number): number {
  return Math.floor(((typeof t === 'number' ? t : t.getTime()) + UTC_OFFSET_MS) / DAY_MS);
}

/** Weekday of a local day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** ISO date (UTC+7) of an instant. */
export function localIsoDate(t: Date | number): string {
  return isoFromJdn(localDay(t) + UNIX_EPOCH_JDN);
}

/** The instant `msInDay` milliseconds after local midnight of local day `day`. */
const instantOf = (day: number, msInDay: number): number => day * DAY_MS - UTC_OFFSET_MS + msInDay;

/**
 * Working-time calendar for a range of years. Build it with `createWorkCalendar` (or
 * `buildWorkCalendar` in calendar.build.ts, which adds holidays and official schedules).
 * Tables are filled lazily per year; the object is otherwise immutable.
 */
export class WorkCalendar {
  readonly fromYear: number;
  readonly toYear: number;
  readonly officeHours: OfficeHours;
  private readonly daysOff: ReadonlySet<number>;
  private readonly workingDays: ReadonlySet<number>;
  /** 0–6: weekday patterns; 7: swap-day pattern; 8: no work. */
  private readonly patterns: readonly DayPattern[];
  private readonly tables: (YearTable | undefined)[];
  /** base[i] = working ms before 1 January of fromYear + i; filled up to `basesKnown`. */
  private readonly base: Float64Array;
  private basesKnown = 1;
  /** Local day number of 1 January of fromYear + i, for i = 0 … years (one past the end). */
  private readonly yearStarts: Float64Array;

  constructor(input: WorkCalendarInput) {
    const { fromYear, toYear } = input;
    if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear || fromYear < 1900 || toYear > 2100) {
      throw new RangeError(`Khoảng năm không hợp lệ: ${fromYear}–${toYear} (1900–2100)`);
    }
    this.fromYear = fromYear;
    this.toYear = toYear;
    this.officeHours = input.officeHours ?? DEFAULT_OFFICE_HOURS;
    const dayNumbers = (isos: Iterable<string>): Set<number> => new Set([...isos].map((iso) => jdnFromIso(iso) - UNIX_EPOCH_JDN));
    this.daysOff = dayNumbers(input.daysOff);
    this.workingDays = dayNumbers(input.workingDays ?? []);
    for (const d of this.workingDays) {
      if (this.daysOff.has(d)) throw new RangeError(`Ngày ${isoFromJdn(d + UNIX_EPOCH_JDN)} vừa là ngày nghỉ vừa là ngày làm việc`);
    }
    const weekly = this.officeHours.weekly;
    if (weekly.length !== 7) throw new RangeError('Giờ làm việc phải có 7 ngày trong tuần');
    const swap = this.officeHours.swapDayPeriods ?? weekly[1];
    this.patterns = [...weekly.map(toPattern), toPattern(swap), toPattern([])];
    this.tables = new Array<YearTable | undefined>(toYear - fromYear + 1);
    this.base = new Float64Array(toYear - fromYear + 2);
    this.yearStarts = Float64Array.from({ length: toYear - fromYear + 2 }, (_, i) => jdnFromYmd(fromYear + i, 1, 1) - UNIX_EPOCH_JDN);
  }

  /** Pattern index of a local day: a working-day swap, a day off, or the weekday's periods. */
  private patternOf(day: number): number {
    if (this.workingDays.has(day)) return 7;
    if (this.daysOff.has(day)) return 8;
    return weekdayOfDay(day);
  }

  private table(year: number): YearTable {
    const i = year - this.fromYear;
    const cached = this.tables[i];
    if (cached) return cached;
    const firstDay = this.yearStarts[i];
    const days = this.yearStarts[i + 1] - firstDay;
    const cum = new Float64Array(days + 1);
    const pattern = new Uint8Array(days);
    for (let d = 0; d < days; d++) {
      pattern[d] = this.patternOf(firstDay + d);
      cum[d + 1] = cum[d] + this.patterns[pattern[d]].total;
    }
    const t: YearTable = { firstDay, days, cum, pattern };
    this.tables[i] = t;
    return t;
  }

  /** Working ms before 1 January of `year` (fromYear ≤ year ≤ toYear + 1). */
  private yearBase(year: number): number {
    const i = year - this.fromYear;
    while (this.basesKnown <= i) {
      const y = this.fromYear + this.basesKnown - 1;
      const t = this.table(y);
      this.base[this.basesKnown] = this.base[this.basesKnown - 1] + t.cum[t.days];
      this.basesKnown++;
    }
    return this.base[i];
  }

  /** Calendar year of a local day number; RangeError outside the calendar's years. */
  yearOfDay(day: number): number {
    const starts = this.yearStarts;
    const last = starts.length - 1;
    if (day < starts[0] || day >= starts[last]) {
      throw new RangeError(`Ngoài phạm vi lịch làm việc ${this.fromYear}–${this.toYear}: ${isoFromJdn(day + UNIX_EPOCH_JDN)}`);
    }
    let i = Math.min(last - 1, Math.max(0, Math.floor((day - starts[0]) / 365.2425)));
    while (starts[i] > day) i--;
    while (starts[i + 1] <= day) i++;
    return this.fromYear + i;
  }

  /** Office periods of the local day `day`. */
  patternOfDay(day: number): DayPatternView {
    const table = this.table(this.yearOfDay(day));
    return this.patterns[table.pattern[day - table.firstDay]];
  }

  /** W(t): working ms from the start of fromYear up to instant t (ms). O(1) once the year is built. */
  position(t: number): number {
    const day = localDay(t);
    const year = this.yearOfDay(day);
    const table = this.table(year);
    const pattern = this.patterns[table.pattern[day - table.firstDay]];
    const msInDay = t + UTC_OFFSET_MS - day * DAY_MS;
    let within = 0;
    for (let i = 0; i < pattern.starts.length; i++) {
      if (msInDay <= pattern.starts[i]) break;
      within += Math.min(msInDay, pattern.ends[i]) - pattern.starts[i];
    }
    return this.yearBase(year) + table.cum[day - table.firstDay] + within;
  }

  /**
   * The instant at working position w.
   * - 'due': the EARLIEST t with W(t) ≥ w (lands on a period end when w is a period boundary).
   * - 'resume': the first t from which working time runs beyond w (lands on a period start).
   * O(log) via binary search over the year's cumulative table.
   */
  instantAt(w: number, mode: 'due' | 'resume', hintYear: number): number {
    const strict = mode === 'resume';
    let y = Math.min(Math.max(hintYear, this.fromYear), this.toYear);
    while (y > this.fromYear && (strict ? this.yearBase(y) > w : this.yearBase(y) >= w)) y--;
    while (strict ? this.yearBase(y + 1) <= w : this.yearBase(y + 1) < w) {
      if (y >= this.toYear) throw new RangeError(`Hạn vượt quá phạm vi lịch làm việc (đến hết năm ${this.toYear})`);
      y++;
    }
    const table = this.table(y);
    const local = w - this.yearBase(y);
    // first index i in [1, days] with cum[i] ≥ local ('due') or > local ('resume')
    let lo = 1;
    let hi = table.days;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? table.cum[mid] > local : table.cum[mid] >= local) hi = mid;
      else lo = mid + 1;
    }
    const d = lo - 1;
    const pattern = this.patterns[table.pattern[d]];
    let r = local - table.cum[d];
    for (let i = 0; i < pattern.starts.length; i++) {
      const len = pattern.ends[i] - pattern.starts[i];
      if (strict ? r < len : r <= len) return instantOf(table.firstDay + d, pattern.starts[i] + r);
      r -= len;
    }
    throw new Error('instantAt: bảng giờ làm việc không nhất quán');
  }

  /** Is local day `day` a working day (has office periods)? */
  isWorkingDay(day: number): boolean {
    return this.patternOfDay(day).total > 0;
  }

  /** Is local day `day` listed as a day off (holiday, compensatory or swapped day)? */
  isListedDayOff(day: number): boolean {
    return this.daysOff.has(day);
  }
}

/** Read-only view of a day's office periods (ms after local midnight). */
export type DayPatternView = Readonly<DayPattern>;

export function createWorkCalendar(input: WorkCalendarInput): WorkCalendar {
  return new WorkCalendar(input);
}

// ---------------------------------------------------------------------------------------------
// Deadline functions
// ---------------------------------------------------------------------------------------------

export type WorkUnit = 'working_days' | 'working_hours' | 'calendar_days';

/** Approximate calendar year of an instant: only a starting hint for `instantAt`. */
const yearHint = (t: number): number => 1970 + Math.floor(localDay(t) / 365.2425);

function amountMs(amount: number, unit: 'working_days' | 'working_hours'): number {
  if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`Thời hạn không hợp lệ: ${amount}`);
  return Math.round(amount * (unit === 'working_days' ? WORKING_DAY_MINUTES : 60) * MINUTE_MS);
}

/** Minutes after local midnight of instant t (ms) on its local day. */
const msInLocalDay = (t: number): number => t + UTC_OFFSET_MS - localDay(t) * DAY_MS;

/** Is t inside working time (closed at period ends: 17:00 is inside)? */
export function isWorkingTime(cal: WorkCalendar, t: Date): boolean {
  const ms = t.getTime();
  const pattern = cal.patternOfDay(localDay(ms));
  const inDay = msInLocalDay(ms);
  for (let i = 0; i < pattern.starts.length; i++) if (inDay >= pattern.starts[i] && inDay <= pattern.ends[i]) return true;
  return false;
}

/**
 * Could a dossier be received at t: working time, or Saturday-morning reception when the agency
 * has it and that Saturday is not listed as a day off (pass weekend holidays in `daysOff` to
 * close them; `buildWorkCalendar` does). Reception does not start the clock: counting still
 * starts at `nextWorkingMoment`.
 */
export function isReceptionTime(cal: WorkCalendar, t: Date): boolean {
  if (isWorkingTime(cal, t)) return true;
  const oh = cal.officeHours;
  const ms = t.getTime();
  const day = localDay(ms);
  if (!oh.saturdayMorningReception || weekdayOfDay(day) !== 6 || cal.isListedDayOff(day)) return false;
  const reception = oh.saturdayReceptionPeriods ?? oh.weekly[1].slice(0, 1);
  const minute = msInLocalDay(ms) / MINUTE_MS;
  return reception.some((p) => minute >= p.start && minute < p.end);
}

/** The moment from which work proceeds: t if inside [start, end) of a period, else the next period start. */
export function nextWorkingMoment(cal: WorkCalendar, t: Date): Date {
  const ms = t.getTime();
  return new Date(cal.instantAt(cal.position(ms), 'resume', yearHint(ms)));
}

/** Working minutes from a to b (negative if b is before a). Exact (may be fractional for seconds). */
export function workingMinutesBetween(cal: WorkCalendar, a: Date, b: Date): number {
  return (cal.position(b.getTime()) - cal.position(a.getTime())) / MINUTE_MS;
}

/** End of office hours of the first working day on or after local day `day`. */
function endOfWorkingDayOnOrAfter(cal: WorkCalendar, day: number): number {
  let d = day;
  while (!cal.isWorkingDay(d)) d++; // holidays are at most ~10 consecutive days
  const p = cal.patternOfDay(d);
  return instantOf(d, p.ends[p.ends.length - 1]);
}

function calendarDaysDue(cal: WorkCalendar, from: number, amount: number): number {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`Số ngày lịch phải là số nguyên ≥ 0: ${amount}`);
  return endOfWorkingDayOnOrAfter(cal, localDay(from) + amount);
}

/**
 * The due moment of a processing time counted from `from` (see the module comment for the
 * conventions). Amount 0 of a working unit returns `nextWorkingMoment(from)`.
 */
export function addWorking(cal: WorkCalendar, from: Date, amount: number, unit: WorkUnit): Date {
  const ms = from.getTime();
  if (unit === 'calendar_days') return new Date(calendarDaysDue(cal, ms, amount));
  const add = amountMs(amount, unit);
  if (add === 0) return nextWorkingMoment(cal, from);
  return new Date(cal.instantAt(cal.position(ms) + add, 'due', yearHint(ms)));
}

export interface Pause {
  readonly from: Date;
  readonly to: Date;
}

/** Sorted, merged pause intervals clipped to start at or after `start` (ms). */
function mergePauses(pauses: readonly Pause[], start: number): [number, number][] {
  const list = pauses
    .map((p): [number, number] => [Math.max(p.from.getTime(), start), p.to.getTime()])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of list) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/**
 * Walk `amount` along a monotone position scale starting at `startPos`, skipping the pause
 * intervals (given as position intervals, sorted, non-overlapping): the clock stops during them.
 */
function extendOverPauses(startPos: number, amount: number, pauses: readonly [number, number][]): number {
  let cursor = startPos;
  let remaining = amount;
  for (const [a, b] of pauses) {
    if (b <= cursor) continue;
    if (cursor + remaining <= a) break;
    if (a > cursor) remaining -= a - cursor;
    cursor = Math.max(cursor, b);
  }
  return cursor + remaining;
}

/**
 * Like `addWorking`, but the clock stops during `pauses` (e.g. waiting for the citizen's financial
 * obligation): the paused working time (or, for calendar days, the paused time) is added, so
 * pauses only ever move the due moment later. For a restart from zero (supplementation under
 * Điều 19 khoản 4), call `addWorking` again from the new receipt instead.
 */
export function addWorkingWithPauses(cal: WorkCalendar, from: Date, amount: number, unit: WorkUnit, pauses: readonly Pause[]): Date {
  const start = from.getTime();
  const merged = mergePauses(pauses, start);
  if (unit === 'calendar_days') {
    if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`Số ngày lịch phải là số nguyên ≥ 0: ${amount}`);
    const rawEnd = instantOf(localDay(start) + amount + 1, 0); // 24:00 of the last day
    const end = extendOverPauses(start, rawEnd - start, merged);
    return new Date(endOfWorkingDayOnOrAfter(cal, localDay(end - 1)));
  }
  const add = amountMs(amount, unit);
  if (add === 0) return nextWorkingMoment(cal, from);
  const positions = merged.map(([a, b]): [number, number] => [cal.position(a), cal.position(b)]);
  const target = extendOverPauses(cal.position(start), add, positions);
  return new Date(cal.instantAt(target, 'due', yearHint(start)));
}

// ---------------------------------------------------------------------------------------------
// Display and classification
// ---------------------------------------------------------------------------------------------

const WORDS = {
  vi: {
    day: 'ngày',
    hour: 'giờ',
    minute: 'phút',
    left: (s: string) => `còn ${s}`,
    overdue: (s: string) => `quá hạn ${s}`,
    dueNow: 'đến hạn',
    overdueShort: 'quá hạn',
  },
  en: {
    day: 'day',
    hour: 'hour',
    minute: 'minute',
    left: (s: string) => `${s} left`,
    overdue: (s: string) => `${s} overdue`,
    dueNow: 'due now',
    overdueShort: 'overdue',
  },
} as const;

function unitText(n: number, word: string, lang: 'vi' | 'en'): string {
  return `${n} ${word}${lang === 'en' && n !== 1 ? 's' : ''}`;
}

/** "1 ngày 3 giờ" / "3 giờ 20 phút" / "45 phút": the two largest units, working days of 8 h. */
function durationText(minutes: number, lang: 'vi' | 'en'): string {
  const w = WORDS[lang];
  const total = Math.floor(minutes);
  const days = Math.floor(total / WORKING_DAY_MINUTES);
  const hours = Math.floor((total % WORKING_DAY_MINUTES) / 60);
  const mins = total % 60;
  const parts: string[] = [];
  if (days > 0) {
    parts.push(unitText(days, w.day, lang));
    if (hours > 0) parts.push(unitText(hours, w.hour, lang));
  } else {
    if (hours > 0) parts.push(unitText(hours, w.hour, lang));
    if (mins > 0) parts.push(unitText(mins, w.minute, lang));
  }
  return parts.join(' ');
}

/**
 * Remaining (or overdue) working time as text: "còn 1 ngày 3 giờ", "còn 45 phút", "quá hạn 2 ngày";
 * English: "1 day 3 hours left", "2 days overdue". Less than a minute: "đến hạn" / "quá hạn".
 */
export function remainingText(cal: WorkCalendar, now: Date, due: Date, lang: 'vi' | 'en' = 'vi'): string {
  const w = WORDS[lang];
  if (now.getTime() <= due.getTime()) {
    const text = durationText(workingMinutesBetween(cal, now, due), lang);
    return text ? w.left(text) : w.dueNow;
  }
  const text = durationText(workingMinutesBetween(cal, due, now), lang);
  return text ? w.overdue(text) : w.overdueShort;
}

export type FinishClass = 'early' | 'on_time' | 'late';

/**
 * Early (trước hạn) = finished on a local day before the appointment's day; on time (đúng hạn) =
 * on the appointment day, not after the appointment moment; late (quá hạn) = after it
 * (calendar.md). `cal` is taken for a uniform signature; days are local days in UTC+7.
 */
export function classifyFinish(_cal: WorkCalendar, finishedAt: Date, dueAt: Date): FinishClass {
  if (finishedAt.getTime() > dueAt.getTime()) return 'late';
  return localDay(finishedAt) < localDay(dueAt) ? 'early' : 'on_time';
}
