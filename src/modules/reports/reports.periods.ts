/**
 * Reporting periods of Nghị định 09/2019/NĐ-CP (pure: no I/O, no clock, no calendar lookups —
 * the caller passes `isWorkingDay`).
 *
 * Data cut-off windows (thời gian chốt số liệu, Điều 12; docs/reports.md):
 *   monthly      15th of the previous month → 14th of the reporting month
 *   quarterly    15th of the month before the quarter → 14th of the quarter's last month
 *   half_year    15 December of the previous year → 14 June
 *   nine_months  15 December of the previous year → 14 September (only where a regime asks for it)
 *   annual       15 December of the previous year → 14 December
 *   ad_hoc       set by the request
 * Example: Q1 2023 covers 15/12/2022 – 14/03/2023.
 *
 * Deadlines are set by each regime (Điều 8 khoản 5: at least one working day after the cut-off;
 * lower levels earlier than upper ones). A rule is one of:
 *   { kind: 'day_of_month', day, monthOffset? }  the day of the cut-off's last month (+ offset
 *                                                months): the seed plan's "ngày 18 tháng cuối quý";
 *   { kind: 'working_days_after_cutoff', days }  N working days after the cut-off (Khánh Hòa: 2);
 *   { kind: 'fixed', month, day, yearOffset? }   a calendar day (annual plans: 30/01 of the next year).
 * A fixed day falling on a day off moves by the regime's `dayOffRule` (default: the previous
 * working day, as the tasks module does), but never earlier than the first working day after the
 * cut-off.
 */
import { dayVnText, vnDay as vnDayOf } from '../../platform/vn-time.js';

export const FREQUENCIES = ['monthly', 'quarterly', 'half_year', 'nine_months', 'annual', 'ad_hoc'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export type ScheduledFrequency = Exclude<Frequency, 'ad_hoc'>;

export const FREQUENCY_VI: Record<Frequency, string> = {
  monthly: 'Hằng tháng',
  quarterly: 'Hằng quý',
  half_year: '6 tháng',
  nine_months: '9 tháng',
  annual: 'Hằng năm',
  ad_hoc: 'Đột xuất',
};

export type DeadlineRule =
  | { kind: 'day_of_month'; day: number; monthOffset?: number }
  | { kind: 'working_days_after_cutoff'; days: number }
  | { kind: 'fixed'; month: number; day: number; yearOffset?: number };

export type DayOffRule = 'previous' | 'next' | 'keep';

export interface PeriodWindow {
  frequency: Frequency;
  year: number;
  /** 1–12 (month), 1–4 (quarter), 1 for half_year / nine_months / annual. */
  index: number;
  key: string;
  label: string;
  /** YYYY-MM-DD, first day of the cut-off window (inclusive). */
  cutoffFrom: string;
  /** YYYY-MM-DD, last day of the cut-off window (inclusive). */
  cutoffTo: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const ROMAN = ['I', 'II', 'III', 'IV'];

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Days since 1970-01-01 (the calendar module's day number). */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Month `m` of year `y` shifted by `k` months. */
function shiftMonth(y: number, m: number, k: number): [number, number] {
  const t = y * 12 + (m - 1) + k;
  return [Math.floor(t / 12), (t % 12) + 1];
}

export function periodCount(f: ScheduledFrequency): number {
  return f === 'monthly' ? 12 : f === 'quarterly' ? 4 : 1;
}

/** The window of period `index` of `year` for a scheduled frequency. */
export function periodWindow(frequency: ScheduledFrequency, year: number, index = 1): PeriodWindow {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RangeError(`Năm ${year} không hợp lệ.`);
  if (!Number.isInteger(index) || index < 1 || index > periodCount(frequency)) throw new RangeError(`Kỳ số ${index} không hợp lệ cho tần suất ${frequency}.`);
  const fromPrevDec = iso(year - 1, 12, 15);
  switch (frequency) {
    case 'monthly': {
      const [py, pm] = shiftMonth(year, index, -1);
      return {
        frequency,
        year,
        index,
        key: `${year}-M${pad(index)}`,
        label: `Tháng ${index} năm ${year}`,
        cutoffFrom: iso(py, pm, 15),
        cutoffTo: iso(year, index, 14),
      };
    }
    case 'quarterly': {
      const last = index * 3;
      const [py, pm] = shiftMonth(year, last - 2, -1);
      return {
        frequency,
        year,
        index,
        key: `${year}-Q${index}`,
        label: `Quý ${ROMAN[index - 1]} năm ${year}`,
        cutoffFrom: iso(py, pm, 15),
        cutoffTo: iso(year, last, 14),
      };
    }
    case 'half_year':
      return { frequency, year, index, key: `${year}-H1`, label: `6 tháng đầu năm ${year}`, cutoffFrom: fromPrevDec, cutoffTo: iso(year, 6, 14) };
    case 'nine_months':
      return { frequency, year, index, key: `${year}-9M`, label: `9 tháng năm ${year}`, cutoffFrom: fromPrevDec, cutoffTo: iso(year, 9, 14) };
    case 'annual':
      return { frequency, year, index, key: `${year}-Y`, label: `Năm ${year}`, cutoffFrom: fromPrevDec, cutoffTo: iso(year, 12, 14) };
  }
}

/**
 * The period whose cut-off window contains `date`, or null (between 15 June and 14 December no
 * 6-month window runs; between 15 September and 14 December no 9-month window).
 */
export function periodContaining(frequency: ScheduledFrequency, date: string): PeriodWindow | null {
  const [y, m, d] = date.split('-').map(Number);
  // From the 15th on, a day belongs to the next month's window.
  const [ey, em] = d >= 15 ? shiftMonth(y, m, 1) : [y, m];
  switch (frequency) {
    case 'monthly':
      return periodWindow('monthly', ey, em);
    case 'quarterly':
      return periodWindow('quarterly', ey, Math.ceil(em / 3));
    case 'half_year':
      return em <= 6 ? periodWindow('half_year', ey) : null;
    case 'nine_months':
      return em <= 9 ? periodWindow('nine_months', ey) : null;
    case 'annual':
      return periodWindow('annual', ey);
  }
}

/** The period before `p` (same frequency). */
export function previousPeriod(p: PeriodWindow): PeriodWindow {
  if (p.frequency === 'ad_hoc') throw new RangeError('Kỳ đột xuất không có kỳ trước.');
  const f = p.frequency;
  if (p.index > 1) return periodWindow(f, p.year, p.index - 1);
  return periodWindow(f, p.year - 1, periodCount(f));
}

/** Every period of a frequency in a year. */
export function periodsOfYear(frequency: ScheduledFrequency, year: number): PeriodWindow[] {
  return Array.from({ length: periodCount(frequency) }, (_, i) => periodWindow(frequency, year, i + 1));
}

export function moveToWorkingDay(date: string, isWorkingDay: (d: string) => boolean, rule: DayOffRule): string {
  if (rule === 'keep') return date;
  let d = date;
  for (let i = 0; i < 40 && !isWorkingDay(d); i++) d = addDays(d, rule === 'previous' ? -1 : 1);
  return d;
}

/** The first working day after `date`. */
export function nextWorkingDay(date: string, isWorkingDay: (d: string) => boolean): string {
  let d = addDays(date, 1);
  for (let i = 0; i < 40 && !isWorkingDay(d); i++) d = addDays(d, 1);
  return d;
}

/** Checks a deadline rule's shape; returns a Vietnamese reason or null. */
export function deadlineRuleProblem(rule: DeadlineRule, frequency: Frequency): string | null {
  switch (rule.kind) {
    case 'day_of_month':
      if (!Number.isInteger(rule.day) || rule.day < 1 || rule.day > 31) return 'Ngày trong tháng phải từ 1 đến 31.';
      if ((rule.monthOffset ?? 0) === 0 && rule.day <= 14 && frequency !== 'ad_hoc')
        return `Hạn gửi ngày ${rule.day} rơi trước khi chốt số liệu (ngày 14): hạn gửi phải sau thời điểm chốt số liệu ít nhất 01 ngày làm việc (Điều 8 khoản 5 Nghị định 09/2019).`;
      if (!Number.isInteger(rule.monthOffset ?? 0) || (rule.monthOffset ?? 0) < 0 || (rule.monthOffset ?? 0) > 2) return 'Số tháng cộng thêm phải từ 0 đến 2.';
      return null;
    case 'working_days_after_cutoff':
      if (!Number.isInteger(rule.days) || rule.days < 1 || rule.days > 30) return 'Số ngày làm việc sau khi chốt số liệu phải từ 1 đến 30.';
      return null;
    case 'fixed':
      if (!Number.isInteger(rule.month) || rule.month < 1 || rule.month > 12 || !Number.isInteger(rule.day) || rule.day < 1 || rule.day > 31)
        return 'Ngày/tháng cố định không hợp lệ.';
      if (!Number.isInteger(rule.yearOffset ?? 0) || (rule.yearOffset ?? 0) < 0 || (rule.yearOffset ?? 0) > 1) return 'Số năm cộng thêm phải là 0 hoặc 1.';
      return null;
  }
}

/**
 * The due date of a period: the regime's rule, moved off days off by `dayOffRule`, never before the
 * first working day after the cut-off (Điều 8 khoản 5).
 */
export function dueDate(
  window: Pick<PeriodWindow, 'cutoffTo'>,
  rule: DeadlineRule,
  isWorkingDay: (d: string) => boolean,
  dayOffRule: DayOffRule = 'previous',
): string {
  const [cy, cm] = window.cutoffTo.split('-').map(Number);
  const earliest = nextWorkingDay(window.cutoffTo, isWorkingDay);
  let due: string;
  switch (rule.kind) {
    case 'day_of_month': {
      const [y, m] = shiftMonth(cy, cm, rule.monthOffset ?? 0);
      due = moveToWorkingDay(iso(y, m, Math.min(rule.day, lastDayOfMonth(y, m))), isWorkingDay, dayOffRule);
      break;
    }
    case 'working_days_after_cutoff': {
      due = window.cutoffTo;
      for (let n = 0; n < rule.days;) {
        due = addDays(due, 1);
        if (isWorkingDay(due)) n++;
      }
      break;
    }
    case 'fixed': {
      const y = cy + (rule.yearOffset ?? 0);
      due = moveToWorkingDay(iso(y, rule.month, Math.min(rule.day, lastDayOfMonth(y, rule.month))), isWorkingDay, dayOffRule);
      break;
    }
  }
  return due < earliest ? earliest : due;
}

/** Weekdays only (for tests and as a fallback); the service passes the province's calendar. */
export const weekdaysOnly = (d: string): boolean => {
  const wd = new Date(d + 'T00:00:00Z').getUTCDay();
  return wd !== 0 && wd !== 6;
};

/**
 * Which periods the scheduler opens on `today`: the period whose window contains today, and the
 * previous one while its due date has not passed (a regime created on 16 March still opens Q1,
 * due 18 March). Returns windows with their due dates.
 */
export function periodsToOpen(frequency: ScheduledFrequency, today: string, due: (w: PeriodWindow) => string): { window: PeriodWindow; dueOn: string }[] {
  const out: { window: PeriodWindow; dueOn: string }[] = [];
  const cur = periodContaining(frequency, today);
  // Half-year and nine-month windows: the last one may have ended months ago.
  const prev = cur ? previousPeriod(cur) : lastEndedBefore(frequency, today);
  if (prev) {
    const d = due(prev);
    if (d >= today) out.push({ window: prev, dueOn: d });
  }
  if (cur) out.push({ window: cur, dueOn: due(cur) });
  return out;
}

function lastEndedBefore(frequency: ScheduledFrequency, today: string): PeriodWindow | null {
  const y = Number(today.slice(0, 4));
  const w = periodWindow(frequency, y, periodCount(frequency));
  return w.cutoffTo < today ? w : null;
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** dd/mm/yyyy */
export function vnDay(date: string): string {
  return dayVnText(date);
}

/** The end of a Vietnam calendar day as an instant (the last moment a report is on time). */
export function endOfVnDay(date: string): Date {
  return new Date(`${addDays(date, 1)}T00:00:00+07:00`);
}

/** Today's date in Vietnam. */
export function vnToday(now: Date): string {
  return vnDayOf(now);
}
