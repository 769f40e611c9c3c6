/**
 * Calendar-date helpers on Julian day numbers (pure). A JDN is the integer Julian day of a civil
 * date (its noon UT); consecutive dates have consecutive JDNs, so date arithmetic is integer
 * arithmetic. Proleptic Gregorian calendar. ISO strings are 'YYYY-MM-DD'.
 */

/** JDN of a Gregorian date (Fliegel & Van Flandern integer formula). */
export function jdnFromYmd(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
}

/** Gregorian [year, month, day] of a JDN (inverse of `jdnFromYmd`). */
export function ymdFromJdn(jdn: number): [number, number, number] {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = 100 * b + d - 4800 + Math.floor(m / 10);
  return [year, month, day];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** JDN of a 'YYYY-MM-DD' string; throws RangeError for malformed or impossible dates. */
export function jdnFromIso(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`Ngày không hợp lệ (cần YYYY-MM-DD): ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const jdn = jdnFromYmd(y, mo, d);
  const back = ymdFromJdn(jdn);
  if (back[0] !== y || back[1] !== mo || back[2] !== d) throw new RangeError(`Ngày không tồn tại: ${iso}`);
  return jdn;
}

export function isoFromJdn(jdn: number): string {
  const [y, m, d] = ymdFromJdn(jdn);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Weekday of a JDN: 0 = Sunday … 6 = Saturday. */
export function weekdayOfJdn(jdn: number): number {
  return (jdn + 1) % 7;
}

/** Weekday of an ISO date: 0 = Sunday … 6 = Saturday. */
export function weekdayOfIso(iso: string): number {
  return weekdayOfJdn(jdnFromIso(iso));
}

/** ISO date `days` days after (or before, if negative) `iso`. */
export function addDaysIso(iso: string, days: number): string {
  return isoFromJdn(jdnFromIso(iso) + days);
}

/** JDN of 1970-01-01: the local day number used by the working-time tables is `jdn − UNIX_EPOCH_JDN`. */
export const UNIX_EPOCH_JDN = 2440588;
