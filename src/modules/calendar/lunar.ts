/**
 * Vietnamese lunar calendar (âm lịch) ↔ Gregorian conversion, pure and self-contained.
 *
 * Method (the well-known public astronomical method; formulas from Jean Meeus, "Astronomical
 * Algorithms", 2nd ed., implemented in `astronomy.ts`):
 *  - A lunar month starts on the LOCAL civil day (UTC+7 for Vietnam) that contains a true new moon
 *    (Meeus ch. 49, converted from TT to UT with ΔT).
 *  - The Sun's apparent longitude (Meeus ch. 25 with VSOP87, ≈1″) is sampled at the local midnight
 *    that starts a day; the 30° sector it lies in tells which major solar terms (trung khí:
 *    multiples of 30°) have already happened.
 *  - Month 11 is the month that contains the winter solstice (longitude 270°).
 *  - If 13 months lie between two months 11, the first month after the earlier month 11 that
 *    contains no major term is the leap month (tháng nhuận); it takes the number of the month
 *    before it.
 *
 * Vietnam uses the meridian of UTC+7; China uses UTC+8. The same rules at UTC+8 give the Chinese
 * calendar, which differs in some years (Tết 1985, 2007, 2030, 2053 …). The time zone is a
 * parameter of the internal functions only so that tests can show that difference.
 *
 * Supported: lunar years 1899–2100 and Gregorian dates 1900-01-01 … 2100-12-31
 * (see docs/calendar-web.md and the holiday law; checked against `src/modules/calendar/fixtures/tet-gioto-1900-2026.csv`).
 * Conversions are cached per 11th-month-to-11th-month cycle, so repeated calls are cheap.
 *
 * Known fragile month starts (a new moon or a major solar term less than 30 s from local
 * midnight, so the answer depends on seconds of ephemeris or ΔT error; the UTC+7 result here may
 * legitimately differ from another implementation): 1938 leap month (8 here; 7 if the equinox of
 * 1938-09-23/24 is taken 26 s later), month starts 1944-06-20, 1967-07-07, 2054-05-08,
 * 2077-11-15 and 2085-10-18 (each could be one day later, or 2054-05-07 earlier). Every other
 * month start of 1899–2101 agreed with an independent VSOP87-based ephemeris (astronomy-engine
 * 2.1.19, compared once by hand; it is not a dependency). None of these touch Tết or Giỗ Tổ.
 */

import { NEW_MOON_EPOCH_JDE, SYNODIC_MONTH, deltaTDays, newMoonJdUt, sunApparentLongitude } from './astronomy.js';
import { isoFromJdn, jdnFromIso, jdnFromYmd, ymdFromJdn } from './dates.js';

export { isoFromJdn, jdnFromIso, jdnFromYmd, ymdFromJdn } from './dates.js';

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

/** One lunar month: its number, leap flag, lunar year, first day (JDN) and length (29 or 30). */
export interface LunarMonth {
  readonly year: number;
  readonly month: number;
  readonly leap: boolean;
  readonly startJdn: number;
  readonly length: number;
}

/** Vietnam's calendar meridian: UTC+7 (hours). */
export const VN_TIME_ZONE = 7;
export const LUNAR_MIN_YEAR = 1899;
export const LUNAR_MAX_YEAR = 2100;
export const SOLAR_MIN_ISO = '1900-01-01';
export const SOLAR_MAX_ISO = '2100-12-31';

// ---------------------------------------------------------------------------------------------
// Local days of new moons and solar-term sectors
// ---------------------------------------------------------------------------------------------

/** JDN of the local civil day (UTC + tz hours) in which new moon k falls. */
export function newMoonLocalJdn(k: number, tz: number): number {
  return Math.floor(newMoonJdUt(k) + 0.5 + tz / 24);
}

/**
 * Sector 0…11 (30° each) of the Sun's longitude at the local midnight that starts day `jdn`.
 * A month [start, nextStart) contains a major term exactly when the sectors at its first day and
 * at the next month's first day differ.
 */
function sunSectorAtDayStart(jdn: number, tz: number): number {
  const jdUt = jdn - 0.5 - tz / 24;
  const jde = jdUt + deltaTDays(jdUt);
  return Math.floor(sunApparentLongitude(jde) / 30);
}

// ---------------------------------------------------------------------------------------------
// Month 11 and the leap month
// ---------------------------------------------------------------------------------------------

/** Index k of the new moon that starts month 11 (the month containing the winter solstice) of Gregorian year y. */
function month11K(year: number, tz: number): number {
  const dec31 = jdnFromYmd(year, 12, 31);
  const k = Math.floor((dec31 - NEW_MOON_EPOCH_JDE) / SYNODIC_MONTH);
  // Sector ≥ 9 (≥ 270°) at the start of that month's first day: the solstice is already past,
  // so month 11 is the previous one. Otherwise the solstice falls in month k (k is the last
  // mean new moon before 31 December, and the solstice is on 21–22 December).
  return sunSectorAtDayStart(newMoonLocalJdn(k, tz), tz) >= 9 ? k - 1 : k;
}

/**
 * The months of one "cycle": from month 11 of Gregorian year y−1 (inclusive) to month 11 of year y
 * (exclusive). Cycle y holds months 11 and 12 (and any leap 11/12) of lunar year y−1, then months
 * 1…10 (and any leap month among them) of lunar year y.
 */
function computeCycle(year: number, tz: number): LunarMonth[] {
  const k0 = month11K(year - 1, tz);
  const k1 = month11K(year, tz);
  const count = k1 - k0; // 12 or 13
  const starts: number[] = [];
  for (let i = 0; i <= count; i++) starts.push(newMoonLocalJdn(k0 + i, tz));
  const leapIndex = count === 13 ? findLeapIndex(starts, tz) : -1;
  const months: LunarMonth[] = [];
  for (let i = 0; i < count; i++) {
    const offset = leapIndex >= 0 && i >= leapIndex ? i - 1 : i; // months after 11, leap repeats
    const month = ((10 + offset) % 12) + 1; // offset 0 → 11, 1 → 12, 2 → 1 …
    const lunarYear = offset < 2 ? year - 1 : year;
    months.push(Object.freeze({ year: lunarYear, month, leap: i === leapIndex, startJdn: starts[i], length: starts[i + 1] - starts[i] }));
  }
  return months;
}

/** First month (index ≥ 1 after month 11) that contains no major solar term. */
function findLeapIndex(starts: readonly number[], tz: number): number {
  let previous = sunSectorAtDayStart(starts[1], tz);
  for (let i = 1; i < starts.length - 1; i++) {
    const next = sunSectorAtDayStart(starts[i + 1], tz);
    if (next === previous) return i;
    previous = next;
  }
  // A 13-month cycle always has a month without a major term; reaching here is a bug.
  throw new Error('Không tìm thấy tháng nhuận (lỗi thuật toán)');
}

const cycleCache = new Map<string, LunarMonth[]>();

/** Cycle y (see `computeCycle`), cached. */
function cycle(year: number, tz: number): LunarMonth[] {
  const key = `${tz}:${year}`;
  let months = cycleCache.get(key);
  if (!months) {
    months = computeCycle(year, tz);
    cycleCache.set(key, months);
  }
  return months;
}

// ---------------------------------------------------------------------------------------------
// Public conversions
// ---------------------------------------------------------------------------------------------

/** The months of lunar year `year` in order (1…12 with the leap month, if any, after its namesake). */
export function lunarYearMonths(year: number, tz: number = VN_TIME_ZONE): LunarMonth[] {
  assertLunarYear(year);
  return [...cycle(year, tz), ...cycle(year + 1, tz)].filter((m) => m.year === year);
}

/** The leap month number of lunar year `year`, or 0 when the year has none. */
export function leapMonthOf(year: number, tz: number = VN_TIME_ZONE): number {
  return lunarYearMonths(year, tz).find((m) => m.leap)?.month ?? 0;
}

/**
 * Gregorian date 'YYYY-MM-DD' of a Vietnamese lunar date. Throws RangeError when the year is out of
 * range, the month is not leap that year, or the day exceeds the month's length (29 or 30).
 */
export function lunarToSolar(year: number, month: number, day: number, leap = false, tz: number = VN_TIME_ZONE): string {
  assertLunarYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Tháng âm lịch không hợp lệ: ${month}`);
  const found = lunarYearMonths(year, tz).find((m) => m.month === month && m.leap === leap);
  if (!found) throw new RangeError(`Năm âm lịch ${year} không có tháng ${month} nhuận`);
  if (!Number.isInteger(day) || day < 1 || day > found.length) {
    throw new RangeError(`Tháng ${month}${leap ? ' nhuận' : ''} năm ${year} không có ngày ${day}`);
  }
  return isoFromJdn(found.startJdn + day - 1);
}

/** Vietnamese lunar date of a Gregorian 'YYYY-MM-DD' date (1900-01-01 … 2100-12-31). */
export function solarToLunar(iso: string, tz: number = VN_TIME_ZONE): LunarDate {
  const jdn = jdnFromIso(iso);
  if (iso < SOLAR_MIN_ISO || iso > SOLAR_MAX_ISO) throw new RangeError(`Ngoài phạm vi ${SOLAR_MIN_ISO}…${SOLAR_MAX_ISO}: ${iso}`);
  return lunarFromJdn(jdn, tz);
}

/** Lunar date of a JDN (no range check beyond what the cycles can compute). */
export function lunarFromJdn(jdn: number, tz: number = VN_TIME_ZONE): LunarDate {
  const year = ymdFromJdn(jdn)[0];
  const next = cycle(year + 1, tz);
  const months = jdn >= next[0].startJdn ? next : cycle(year, tz);
  let current = months[0];
  for (const m of months) {
    if (m.startJdn > jdn) break;
    current = m;
  }
  return { year: current.year, month: current.month, day: jdn - current.startJdn + 1, leap: current.leap };
}

function assertLunarYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`Năm âm lịch ngoài phạm vi ${LUNAR_MIN_YEAR}…${LUNAR_MAX_YEAR}: ${year}`);
  }
}
