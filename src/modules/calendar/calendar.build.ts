/**
 * Working calendars from the holiday rules and the official yearly schedules (pure): the merge that
 * calendar.service.ts caches per agency and that benches and rule tests call directly.
 */
import { weekdayOfIso } from './dates.js';
import { HOLIDAY_RULES, yearSchedule, type HolidayRule, type OfficialDecision, type YearSchedule } from './holidays.rules.js';
import { OFFICIAL_SCHEDULES } from './officialSchedules.js';
import { createWorkCalendar, DEFAULT_OFFICE_HOURS, type OfficeHours, type WorkCalendar } from './worktime.rules.js';

export interface BuildWorkCalendarOptions {
  readonly fromYear: number;
  readonly toYear: number;
  /** Official yearly schedules; default: the preloaded 2023–2026 ones. */
  readonly decisions?: readonly OfficialDecision[];
  readonly officeHours?: OfficeHours;
  /** Holiday rules table; default `HOLIDAY_RULES` (e.g. pass `enactRule(...)` to add 24/11). */
  readonly rules?: readonly HolidayRule[];
}

/** The merged schedules (rules + decisions) of each year of a range. */
export function schedulesFor(
  fromYear: number,
  toYear: number,
  decisions: readonly OfficialDecision[] = OFFICIAL_SCHEDULES,
  rules: readonly HolidayRule[] = HOLIDAY_RULES,
): YearSchedule[] {
  const out: YearSchedule[] = [];
  for (let y = fromYear; y <= toYear; y++) out.push(yearSchedule(y, decisions, rules));
  return out;
}

/**
 * A working calendar for [fromYear, toYear]: weekly rest days from the office hours, days off from
 * the holiday rules with each year's official decision merged over them, working Saturdays from
 * the decisions. Holidays falling on weekends are also passed as days off (they close
 * Saturday-morning reception; they change no working time).
 */
export function buildWorkCalendar(opts: BuildWorkCalendarOptions): WorkCalendar {
  const schedules = schedulesFor(opts.fromYear, opts.toYear, opts.decisions ?? OFFICIAL_SCHEDULES, opts.rules ?? HOLIDAY_RULES);
  const workingDays = new Set(schedules.flatMap((s) => s.workingDays.map((w) => w.date)));
  const daysOff = new Set<string>();
  for (const s of schedules) {
    for (const d of s.daysOff) daysOff.add(d.date);
    for (const h of s.holidays) if (!workingDays.has(h.date) && isWeekendIso(h.date)) daysOff.add(h.date);
  }
  return createWorkCalendar({ fromYear: opts.fromYear, toYear: opts.toYear, daysOff, workingDays, officeHours: opts.officeHours ?? DEFAULT_OFFICE_HOURS });
}

function isWeekendIso(iso: string): boolean {
  const wd = weekdayOfIso(iso);
  return wd === 0 || wd === 6;
}
