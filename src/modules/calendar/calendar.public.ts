/**
 * Public surface of the calendar module: the only file other modules import.
 * Lunar calendar, holidays by rule + official schedules, and working-time deadlines (all pure).
 */

export { lunarToSolar, solarToLunar, leapMonthOf, lunarYearMonths, LUNAR_MIN_YEAR, LUNAR_MAX_YEAR, type LunarDate, type LunarMonth } from './lunar.js';
export { addDaysIso, weekdayOfIso } from './dates.js';
export {
  HOLIDAY_RULES,
  compensate,
  enactRule,
  mergeDecision,
  ruleHolidays,
  ruleSchedule,
  yearSchedule,
  type DayOff,
  type DayOffKind,
  type ExtraWorkingDay,
  type HolidayKey,
  type HolidayOccurrence,
  type HolidayRule,
  type OfficialDecision,
  type YearSchedule,
} from './holidays.rules.js';
export { OFFICIAL_SCHEDULES } from './officialSchedules.js';
export {
  DEFAULT_OFFICE_HOURS,
  WORKING_DAY_MINUTES,
  WorkCalendar,
  addWorking,
  addWorkingWithPauses,
  classifyFinish,
  createWorkCalendar,
  isReceptionTime,
  isWorkingTime,
  localIsoDate,
  makeOfficeHours,
  nextWorkingMoment,
  parsePeriods,
  remainingText,
  workingMinutesBetween,
  type FinishClass,
  type OfficeHours,
  type Pause,
  type Period,
  type WorkCalendarInput,
  type WorkUnit,
} from './worktime.rules.js';

export { buildWorkCalendar, schedulesFor, type BuildWorkCalendarOptions } from './calendar.build.js';

/** The calendar service (working calendars per agency, read from the database) and its helpers, for the composition root and other modules. */
export { createCalendarService, seedCalendar, CALENDAR_FROM_YEAR, CALENDAR_TO_YEAR, type CalendarService } from './calendar.service.js';
