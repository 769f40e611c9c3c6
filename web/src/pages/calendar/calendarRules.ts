/**
 * Pure rules of the calendar administration screen: the month grids, what each day is, the
 * editable draft of an official decision (toggle, rename, validate, request body), the office-hours
 * form and the Vietnam-time conversions of the deadline box. No React, no I/O (tested with node:test).
 */
import type { MessageKey } from '../../i18n/vi';
import type { DayOff, DecisionBody, OfficeHours, YearSchedule } from './calendarApi';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
/** Limits of PUT /api/v1/calendar/decisions/{year} (calendar.routes.ts), mirrored to explain them before sending. */
export const LIMITS = { decisionNo: 100, source: 500, name: 200, daysOff: 60, workingDays: 20 } as const;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

export const pad2 = (n: number): string => String(n).padStart(2, '0');

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** 0 = Sunday … 6 = Saturday (the API's convention), for an ISO calendar date. */
export function weekdayOf(iso: string): number {
  const m = DATE.exec(iso);
  if (!m) throw new RangeError(`Not a date: ${iso}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
}

export const isWeekend = (iso: string): boolean => {
  const wd = weekdayOf(iso);
  return wd === 0 || wd === 6;
};

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The weeks of a month, Monday first (T2 … CN); days outside the month are null. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const first = weekdayOf(isoDate(year, month, 1));
  const lead = (first + 6) % 7; // Monday → 0 … Sunday → 6
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= daysInMonth(year, month); d++) cells.push(isoDate(year, month, d));
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Weekday columns of the grid as API weekday numbers, Monday first. */
export const GRID_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5, 6, 0];

/** The year to show from the `?nam=` parameter; anything else falls back (to the current year). */
export function parseYear(value: string | null | undefined, fallback: number): number {
  if (!value || !/^\d{4}$/.test(value.trim())) return fallback;
  const y = Number(value.trim());
  return y >= MIN_YEAR && y <= MAX_YEAR ? y : fallback;
}

/** "2026-02-16" → "16/02/2026". */
export function ddmmyyyy(iso: string): string {
  const m = DATE.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

// ---------------------------------------------------------------------------------------------
// What a day is
// ---------------------------------------------------------------------------------------------

export type DayCategory = 'workday' | 'weekend' | 'dayOff' | 'workingWeekend';
export type DayOffKind = 'holiday' | 'compensatory' | 'swap' | 'other';

export interface DayInfo {
  date: string;
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  category: DayCategory;
  /** Holidays by rule on this date (also when it falls on a weekend). */
  holidays: string[];
  dayOff: { name: string; kind: DayOffKind; source: 'rule' | 'decision' } | null;
  working: { name: string } | null;
}

const KINDS: readonly DayOffKind[] = ['holiday', 'compensatory', 'swap', 'other'];
const asKind = (k: string): DayOffKind => (KINDS.includes(k as DayOffKind) ? (k as DayOffKind) : 'other');

/** Lookup tables of a schedule, built once per render of a year. */
export interface ScheduleIndex {
  holidays: Map<string, string[]>;
  daysOff: Map<string, DayOff>;
  working: Map<string, string>;
}

export function indexSchedule(s: Pick<YearSchedule, 'holidays' | 'daysOff' | 'workingDays'>): ScheduleIndex {
  const holidays = new Map<string, string[]>();
  for (const h of s.holidays) holidays.set(h.date, [...(holidays.get(h.date) ?? []), h.name]);
  return {
    holidays,
    daysOff: new Map(s.daysOff.map((d) => [d.date, d])),
    working: new Map(s.workingDays.map((w) => [w.date, w.name])),
  };
}

export function dayInfo(date: string, idx: ScheduleIndex): DayInfo {
  const weekday = weekdayOf(date);
  const weekend = weekday === 0 || weekday === 6;
  const off = idx.daysOff.get(date);
  const work = idx.working.get(date);
  const dayOff = off ? { name: off.name, kind: asKind(off.kind), source: off.source === 'rule' ? ('rule' as const) : ('decision' as const) } : null;
  const working = work !== undefined && weekend ? { name: work } : null;
  const category: DayCategory = working ? 'workingWeekend' : weekend ? 'weekend' : dayOff ? 'dayOff' : 'workday';
  return { date, day: Number(date.slice(8, 10)), weekday, category, holidays: idx.holidays.get(date) ?? [], dayOff: weekend ? null : dayOff, working };
}

/**
 * The visible marker of a day (besides its colour), so a day off reads the same in high contrast,
 * in print and to colour-blind users: ★ holiday, B nghỉ bù, ⇄ swapped day, ● other day off,
 * ⚒ working weekend day (làm bù), ☆ a holiday that falls on a weekend. Empty for plain days.
 */
export function dayMarker(info: DayInfo): string {
  if (info.category === 'workingWeekend') return '⚒';
  if (info.dayOff) return { holiday: '★', compensatory: 'B', swap: '⇄', other: '●' }[info.dayOff.kind];
  if (info.holidays.length > 0) return '☆';
  return '';
}

/** Class names of a day cell (colour and pattern live in calendar.css). */
export function dayClasses(info: DayInfo): string {
  const c = ['cal-day', `cal-${info.category}`];
  if (info.dayOff) c.push(`cal-kind-${info.dayOff.kind}`, `cal-src-${info.dayOff.source}`);
  if (info.category === 'weekend' && info.holidays.length) c.push('cal-weekend-holiday');
  return c.join(' ');
}

/** Counts of a year: weekdays, weekday days off, working weekend days, working days. */
export function yearCounts(year: number, idx: ScheduleIndex): { weekdays: number; daysOff: number; workingWeekends: number; workingDays: number } {
  let weekdays = 0;
  let daysOff = 0;
  let workingWeekends = 0;
  for (let m = 1; m <= 12; m++) {
    for (let d = 1; d <= daysInMonth(year, m); d++) {
      const iso = isoDate(year, m, d);
      if (isWeekend(iso)) {
        if (idx.working.has(iso)) workingWeekends++;
      } else {
        weekdays++;
        if (idx.daysOff.has(iso)) daysOff++;
      }
    }
  }
  return { weekdays, daysOff, workingWeekends, workingDays: weekdays - daysOff + workingWeekends };
}

// ---------------------------------------------------------------------------------------------
// The editable official decision
// ---------------------------------------------------------------------------------------------

export interface DraftEntry {
  date: string;
  name: string;
}

export interface Draft {
  year: number;
  decisionNo: string;
  source: string;
  /** Weekday days off (Monday–Friday), sorted by date. */
  daysOff: DraftEntry[];
  /** Saturdays/Sundays made working days, sorted by date. */
  workingDays: DraftEntry[];
}

const byDate = (a: DraftEntry, b: DraftEntry): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** The editor starts from what the year shows now: the merged days off (rule and decision) and working days. */
export function draftFromSchedule(s: YearSchedule): Draft {
  return {
    year: s.year,
    decisionNo: s.decisionNo ?? '',
    source: s.decisionSource ?? '',
    daysOff: s.daysOff
      .filter((d) => !isWeekend(d.date))
      .map((d) => ({ date: d.date, name: d.name }))
      .sort(byDate),
    workingDays: s.workingDays
      .filter((w) => isWeekend(w.date))
      .map((w) => ({ date: w.date, name: w.name }))
      .sort(byDate),
  };
}

export type ToggleResult = { draft: Draft; change: 'addedDayOff' | 'removedDayOff' | 'addedWorkingDay' | 'removedWorkingDay' };

/**
 * A click on a day: a weekday becomes a day off or stops being one; a Saturday/Sunday becomes a
 * working day (làm bù) or stops being one. A new day off is named after the holiday on that date
 * when there is one; otherwise its name is left for the administrator to type.
 */
export function toggleDay(draft: Draft, date: string, idx?: ScheduleIndex): ToggleResult {
  if (Number(date.slice(0, 4)) !== draft.year) throw new RangeError(`${date} is not in ${draft.year}`);
  if (isWeekend(date)) {
    if (draft.workingDays.some((w) => w.date === date)) {
      return { draft: { ...draft, workingDays: draft.workingDays.filter((w) => w.date !== date) }, change: 'removedWorkingDay' };
    }
    return { draft: { ...draft, workingDays: [...draft.workingDays, { date, name: '' }].sort(byDate) }, change: 'addedWorkingDay' };
  }
  if (draft.daysOff.some((d) => d.date === date)) {
    return { draft: { ...draft, daysOff: draft.daysOff.filter((d) => d.date !== date) }, change: 'removedDayOff' };
  }
  const name = idx?.holidays.get(date)?.[0] ?? idx?.daysOff.get(date)?.name ?? '';
  return { draft: { ...draft, daysOff: [...draft.daysOff, { date, name }].sort(byDate) }, change: 'addedDayOff' };
}

export function renameDay(draft: Draft, date: string, name: string): Draft {
  const rename = (list: DraftEntry[]) => list.map((e) => (e.date === date ? { ...e, name } : e));
  return { ...draft, daysOff: rename(draft.daysOff), workingDays: rename(draft.workingDays) };
}

export function removeDay(draft: Draft, date: string): Draft {
  return { ...draft, daysOff: draft.daysOff.filter((d) => d.date !== date), workingDays: draft.workingDays.filter((w) => w.date !== date) };
}

/**
 * The grid of the draft as it will look once saved: every day off and working day from the
 * decision; kinds as the server will infer them (the current kind of that date, else a holiday
 * on that date, else a swapped day).
 */
export function previewSchedule(draft: Draft, current: YearSchedule): YearSchedule {
  const idx = indexSchedule(current);
  return {
    ...current,
    decisionNo: draft.decisionNo.trim() || null,
    decisionSource: draft.source.trim() || null,
    daysOff: draft.daysOff.map((d) => ({
      date: d.date,
      name: d.name.trim() || d.date,
      key: idx.daysOff.get(d.date)?.key ?? null,
      kind: idx.daysOff.get(d.date)?.kind ?? (idx.holidays.has(d.date) ? 'holiday' : 'swap'),
      source: 'decision',
    })),
    workingDays: draft.workingDays.map((w) => ({ date: w.date, name: w.name.trim() || w.date, source: 'decision' })),
  };
}

export interface DraftErrors {
  decisionNo?: MessageKey;
  source?: MessageKey;
  /** Per date: the name's problem. */
  names: Record<string, MessageKey>;
  daysOff?: MessageKey;
  workingDays?: MessageKey;
}

export function validateDraft(draft: Draft): DraftErrors {
  const errors: DraftErrors = { names: {} };
  if (draft.decisionNo.trim().length > LIMITS.decisionNo) errors.decisionNo = 'cal.err.decisionNoTooLong';
  if (draft.source.trim().length > LIMITS.source) errors.source = 'cal.err.sourceTooLong';
  for (const e of [...draft.daysOff, ...draft.workingDays]) {
    const n = e.name.trim();
    if (!n) errors.names[e.date] = 'cal.err.nameRequired';
    else if (n.length > LIMITS.name) errors.names[e.date] = 'cal.err.nameTooLong';
  }
  if (draft.daysOff.length > LIMITS.daysOff) errors.daysOff = 'cal.err.tooManyDaysOff';
  if (draft.workingDays.length > LIMITS.workingDays) errors.workingDays = 'cal.err.tooManyWorkingDays';
  return errors;
}

export function hasErrors(e: DraftErrors): boolean {
  return Boolean(e.decisionNo || e.source || e.daysOff || e.workingDays || Object.keys(e.names).length);
}

/** PUT /api/v1/calendar/decisions/{year}: trimmed; an empty number is null, an empty source is left out. */
export function decisionBody(draft: Draft): DecisionBody {
  const body: DecisionBody = {
    decisionNo: draft.decisionNo.trim() || null,
    daysOff: draft.daysOff.map((d) => ({ date: d.date, name: d.name.trim() })),
    workingDays: draft.workingDays.map((w) => ({ date: w.date, name: w.name.trim() })),
  };
  const source = draft.source.trim();
  if (source) body.source = source;
  return body;
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(decisionBody(a)) === JSON.stringify(decisionBody(b));
}

// ---------------------------------------------------------------------------------------------
// Office hours
// ---------------------------------------------------------------------------------------------

export interface PeriodRow {
  start: string;
  end: string;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  agencyId: null,
  periods: ['07:00-11:30', '13:30-17:00'],
  weekdays: [1, 2, 3, 4, 5],
  saturdayMorningReception: false,
};
export const MAX_PERIODS = 4;

/** The province default (agencyId null) among the rows of GET /office-hours. */
export function provinceDefault(items: readonly OfficeHours[]): OfficeHours {
  return items.find((o) => o.agencyId === null) ?? DEFAULT_OFFICE_HOURS;
}

export function periodRows(periods: readonly string[]): PeriodRow[] {
  return periods.map((p) => {
    const [start = '', end = ''] = p.split('-');
    return { start: start.trim(), end: end.trim() };
  });
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

export interface OfficeHoursErrors {
  periods?: MessageKey;
  weekdays?: MessageKey;
}

/** Periods must be valid clock times, each ending after it starts, in order and not overlapping (as the API's parsePeriods). */
export function validateOfficeHours(rows: readonly PeriodRow[], weekdays: readonly number[]): OfficeHoursErrors {
  const e: OfficeHoursErrors = {};
  if (rows.length < 1 || rows.length > MAX_PERIODS) e.periods = 'cal.err.periodCount';
  else if (rows.some((r) => !CLOCK.test(r.start) || !CLOCK.test(r.end))) e.periods = 'cal.err.periodFormat';
  else if (rows.some((r) => minutesOf(r.end) <= minutesOf(r.start))) e.periods = 'cal.err.periodReversed';
  else if (rows.some((r, i) => i > 0 && minutesOf(r.start) < minutesOf(rows[i - 1].end))) e.periods = 'cal.err.periodOverlap';
  if (weekdays.length === 0) e.weekdays = 'cal.err.noWeekday';
  return e;
}

/** Working minutes in one day of these periods (only meaningful when they are valid). */
export function dailyMinutes(rows: readonly PeriodRow[]): number {
  return rows.reduce((sum, r) => (CLOCK.test(r.start) && CLOCK.test(r.end) ? sum + Math.max(0, minutesOf(r.end) - minutesOf(r.start)) : sum), 0);
}

export function officeHoursBody(rows: readonly PeriodRow[], weekdays: readonly number[], saturdayMorningReception: boolean): OfficeHours {
  return {
    agencyId: null,
    periods: rows.map((r) => `${r.start}-${r.end}`),
    weekdays: [...new Set(weekdays)].sort((a, b) => a - b),
    saturdayMorningReception,
  };
}

// ---------------------------------------------------------------------------------------------
// The deadline box (Vietnam wall-clock time, whatever the browser's zone)
// ---------------------------------------------------------------------------------------------

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/;

/** A <input type="datetime-local"> value read as Vietnam time → ISO 8601 with +07:00; null if malformed. */
export function localToVnIso(local: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [y, mo, d] = m[1].split('-').map(Number);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const [h, mi] = m[2].split(':').map(Number);
  if (h > 23 || mi > 59) return null;
  return `${m[1]}T${m[2]}:00+07:00`;
}

/** Now in Vietnam as a datetime-local value ("2026-03-02T08:15"). */
export function vnLocalNow(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
}

/** An instant → { date: "06/02/2025", time: "10:00", weekday: 4 } in Vietnam time. */
export function vnParts(iso: string): { date: string; time: string; weekday: number } | null {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return null;
  const local = new Date(t.getTime() + 7 * 3_600_000);
  const s = local.toISOString();
  return { date: ddmmyyyy(s.slice(0, 10)), time: s.slice(11, 16), weekday: local.getUTCDay() };
}

/** Whether an amount is acceptable for a unit before asking the server (which has the last word). */
export function validAmount(text: string): number | null {
  if (!/^\d+([.,]\d+)?$/.test(text.trim())) return null;
  const n = Number(text.trim().replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? n : null;
}
