/**
 * Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving since 1975): the one place that turns
 * an instant into Vietnamese calendar fields and texts. Deadlines are computed by the calendar
 * module; this file only reads and writes instants in Vietnam's offset.
 */

/** Vietnam's fixed offset from UTC. */
export const VN_OFFSET_MS = 7 * 3_600_000;

export interface VnParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const shifted = (t: Date | number | string): Date => new Date(new Date(t).getTime() + VN_OFFSET_MS);

/** The calendar fields of an instant in Vietnam. */
export function vnParts(t: Date | number | string): VnParts {
  const s = shifted(t);
  return {
    year: s.getUTCFullYear(),
    month: s.getUTCMonth() + 1,
    day: s.getUTCDate(),
    hour: s.getUTCHours(),
    minute: s.getUTCMinutes(),
    second: s.getUTCSeconds(),
    weekday: s.getUTCDay(),
  };
}

/** The day of an instant in Vietnam: `YYYY-MM-DD`. */
export function vnDay(t: Date | number | string): string {
  return shifted(t).toISOString().slice(0, 10);
}

/** The year of an instant in Vietnam. */
export function vnYear(t: Date | number | string): number {
  return shifted(t).getUTCFullYear();
}

/** Minutes since midnight in Vietnam (0–1439). */
export function vnMinuteOfDay(t: Date | number | string): number {
  const s = shifted(t);
  return s.getUTCHours() * 60 + s.getUTCMinutes();
}

/** An instant as ISO 8601 in Vietnam's offset, to the second: `2026-11-23T08:00:00+07:00`. */
export function vnIso(t: Date | number | string): string {
  return `${shifted(t).toISOString().slice(0, 19)}+07:00`;
}

/** A `YYYY-MM-DD` day as Vietnamese write it: `23/11/2026`. */
export function dayVnText(day: string): string {
  return day.split('-').reverse().join('/');
}

/** The day of an instant in Vietnam as Vietnamese write it: `23/11/2026`. */
export function vnDateText(t: Date | number | string): string {
  return dayVnText(vnDay(t));
}

/** `08:05 23/11/2026`: the time and day of an instant in Vietnam. */
export function vnDateTimeText(t: Date | number | string): string {
  const p = vnParts(t);
  const hh = String(p.hour).padStart(2, '0');
  const mm = String(p.minute).padStart(2, '0');
  return `${hh}:${mm} ${vnDateText(t)}`;
}

/** The instant of a Vietnamese wall-clock time (month 1–12). */
export function fromVnParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - VN_OFFSET_MS);
}

/** The instant a Vietnamese day (`YYYY-MM-DD`) begins. */
export function vnDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}
