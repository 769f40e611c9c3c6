/**
 * Public holidays (ngày nghỉ lễ, Tết) by rule, and the merge of official yearly schedules over them.
 * Pure: no I/O. See docs/calendar-web.md and the holiday law and `legal-research.md` §4.2.
 *
 * Law modelled (each rule is a record with an effective period, never a constant):
 *  - Bộ luật Lao động 1994 (in force 01/01/1995), Điều 73: Tết Dương lịch 1, Tết Âm lịch 4 ("một
 *    ngày cuối năm và ba ngày đầu năm âm lịch"), 30/4 1, 1/5 1, Quốc khánh 2/9 1 day.
 *  - Luật 84/2007/QH11 (passed 02/04/2007, in force on promulgation): adds Giỗ Tổ Hùng Vương,
 *    10/3 lunar, first observed 26/04/2007.
 *  - Bộ luật Lao động 2012 (in force 01/05/2013), Điều 115: Tết Âm lịch 5 days, placed by the
 *    Prime Minister.
 *  - Bộ luật Lao động 2019 (in force 01/01/2021), Điều 112: Quốc khánh 2 days (2/9 and one day
 *    immediately before or after it, fixed by the Prime Minister).
 *  - 24/11 "Ngày Văn hóa Việt Nam": chosen by the Politburo as a paid holiday; Nghị quyết
 *    30/NQ-CP (2026) tasks amending Điều 112 khoản 1; per legal-research.md §4.2 and §10 item 9 it
 *    was NOT yet law as of 26/02/2026 and no effective date is known. It is in the table with
 *    status 'pending' (ignored) until an administrator enacts it with `enactRule`.
 *  - Compensation (nghỉ bù): a holiday on a weekly rest day is taken on the next working day
 *    (BLLĐ 2019 Điều 111 khoản 3; same rule in Điều 73 of 1994). Civil servants rest on Saturday
 *    and Sunday (Quyết định 188/1999/QĐ-TTg). Two holidays on one date are treated the same way
 *    (each still gives one day off).
 *
 * Assumptions (documented defaults, overridden by the official schedule of each year):
 *  - Years before 1995: the 1994 Code's set is applied as a stand-in (earlier law not modelled);
 *    those rows have `from: null`. This only matters for historical dates.
 *  - Tết, 4-day period (to 30/04/2013): the statutory "last day of the lunar year + 1/1…3/1".
 *  - Tết, 5-day period (from 01/05/2013): the last TWO days of the lunar year (28+29 or 29+30
 *    tháng Chạp) + 1/1…3/1. This is the pattern of the government's schedules for 2021, 2023,
 *    2024 and 2025 and it yields exactly the announced days off of 2023–2026 (calendar.md).
 *    The real five days are decided each year by the Prime Minister.
 *  - Quốc khánh's second day: 1/9 when 2/9 is a Tuesday, Friday or Saturday, else 3/9 (this
 *    joins the holiday to a weekend where possible; matches 2021–2025). Decided yearly in reality.
 *  - The rule for a holiday applies when its anchor date (1/1, lunar 1/1, 10/3 lunar, 30/4, 1/5,
 *    2/9, 24/11 of that year) lies within the rule's effective period.
 */

import { addDaysIso, isoFromJdn, jdnFromIso, weekdayOfIso } from './dates.js';
import { lunarToSolar, solarToLunar } from './lunar.js';

export type HolidayKey = 'new_year' | 'tet' | 'gio_to' | 'reunification' | 'labour' | 'national_day' | 'culture_day';

export interface HolidayRule {
  readonly key: HolidayKey;
  /** Vietnamese display name. */
  readonly name: string;
  readonly days: number;
  /** First date (ISO) the rule applies to; null = no earlier rule modelled (stand-in back to 1900). */
  readonly from: string | null;
  /** Last date (ISO, inclusive) the rule applies to; null = open-ended. */
  readonly to: string | null;
  readonly status: 'in_force' | 'pending';
  /** Legal basis, for display and audit. */
  readonly basis: string;
}

/** Effective periods of the holiday rules (see the module comment for sources). */
export const HOLIDAY_RULES: readonly HolidayRule[] = Object.freeze([
  { key: 'new_year', name: 'Tết Dương lịch', days: 1, from: null, to: null, status: 'in_force', basis: 'BLLĐ 1994 Đ73; BLLĐ 2012 Đ115; BLLĐ 2019 Đ112 k1a' },
  {
    key: 'tet',
    name: 'Tết Nguyên đán',
    days: 4,
    from: null,
    to: '2013-04-30',
    status: 'in_force',
    basis: 'BLLĐ 1994 Đ73 (1 ngày cuối năm, 3 ngày đầu năm âm lịch)',
  },
  {
    key: 'tet',
    name: 'Tết Nguyên đán',
    days: 5,
    from: '2013-05-01',
    to: null,
    status: 'in_force',
    basis: 'BLLĐ 2012 Đ115; BLLĐ 2019 Đ112 k1b, k3 (Thủ tướng quyết định cụ thể)',
  },
  {
    key: 'gio_to',
    name: 'Giỗ Tổ Hùng Vương',
    days: 1,
    from: '2007-04-02',
    to: null,
    status: 'in_force',
    basis: 'Luật 84/2007/QH11 sửa đổi Đ73 BLLĐ 1994; BLLĐ 2019 Đ112 k1đ',
  },
  { key: 'reunification', name: 'Ngày Chiến thắng', days: 1, from: null, to: null, status: 'in_force', basis: 'BLLĐ 1994 Đ73; BLLĐ 2019 Đ112 k1c' },
  { key: 'labour', name: 'Ngày Quốc tế Lao động', days: 1, from: null, to: null, status: 'in_force', basis: 'BLLĐ 1994 Đ73; BLLĐ 2019 Đ112 k1d' },
  { key: 'national_day', name: 'Quốc khánh', days: 1, from: null, to: '2020-12-31', status: 'in_force', basis: 'BLLĐ 1994 Đ73; BLLĐ 2012 Đ115' },
  {
    key: 'national_day',
    name: 'Quốc khánh',
    days: 2,
    from: '2021-01-01',
    to: null,
    status: 'in_force',
    basis: 'BLLĐ 2019 Đ112 k1e (2/9 và 1 ngày liền kề trước hoặc sau)',
  },
  {
    key: 'culture_day',
    name: 'Ngày Văn hóa Việt Nam',
    days: 1,
    from: null,
    to: null,
    status: 'pending',
    basis: 'Chủ trương của Bộ Chính trị; NQ 30/NQ-CP (2026) giao sửa Đ112 k1; chưa có hiệu lực tại 26/02/2026',
  },
] satisfies HolidayRule[]);

/**
 * A new rules table in which the pending rule for `key` (e.g. 'culture_day') is in force from
 * `from` (ISO), citing `basis` (the enacting text). Other rules are unchanged.
 */
export function enactRule(rules: readonly HolidayRule[], key: HolidayKey, from: string, basis: string): HolidayRule[] {
  jdnFromIso(from);
  return rules.map((r) => (r.key === key && r.status === 'pending' ? { ...r, status: 'in_force', from, basis } : r));
}

/** One holiday date, shown on its own date even on a weekend. */
export interface HolidayOccurrence {
  readonly date: string;
  readonly key: HolidayKey;
  readonly name: string;
  readonly basis: string;
  readonly source: 'rule';
}

export type DayOffKind = 'holiday' | 'compensatory' | 'swap' | 'other';

/** A weekday (Mon–Fri) on which civil servants do not work. */
export interface DayOff {
  readonly date: string;
  readonly name: string;
  /** Holiday this day belongs to (for a compensatory day: the holiday compensated); null if none. */
  readonly key: HolidayKey | null;
  readonly kind: DayOffKind;
  readonly source: 'rule' | 'decision';
}

/** A weekly rest day made a working day (làm bù). */
export interface ExtraWorkingDay {
  readonly date: string;
  readonly name: string;
  readonly source: 'decision';
}

export interface YearSchedule {
  readonly year: number;
  /** Every holiday date with its name (display), by rule. */
  readonly holidays: readonly HolidayOccurrence[];
  /** Days off besides Saturdays and Sundays, sorted by date. */
  readonly daysOff: readonly DayOff[];
  /** Saturdays/Sundays that are working days. */
  readonly workingDays: readonly ExtraWorkingDay[];
  /** The official decision applied, if any. */
  readonly decisionNo: string | null;
  readonly decisionSource: string | null;
}

// ---------------------------------------------------------------------------------------------
// Rule-derived holidays
// ---------------------------------------------------------------------------------------------

const isWeekend = (iso: string): boolean => {
  const wd = weekdayOfIso(iso);
  return wd === 0 || wd === 6;
};

/** The anchor date of a holiday in a year (used for the rule's effective period). */
function anchorDate(key: HolidayKey, year: number): string {
  const y = String(year).padStart(4, '0');
  switch (key) {
    case 'new_year':
      return `${y}-01-01`;
    case 'tet':
      return lunarToSolar(year, 1, 1);
    case 'gio_to':
      return lunarToSolar(year, 3, 10);
    case 'reunification':
      return `${y}-04-30`;
    case 'labour':
      return `${y}-05-01`;
    case 'national_day':
      return `${y}-09-02`;
    case 'culture_day':
      return `${y}-11-24`;
  }
}

function ruleApplies(rule: HolidayRule, anchor: string): boolean {
  return rule.status === 'in_force' && (rule.from === null || anchor >= rule.from) && (rule.to === null || anchor <= rule.to);
}

const LUNAR_DAY_NAMES = ['', 'mùng 1', 'mùng 2', 'mùng 3', 'mùng 4', 'mùng 5'];

/** Tết day name with its lunar date, e.g. "Tết Nguyên đán (29 tháng Chạp)". */
function tetDayName(base: string, iso: string): string {
  const l = solarToLunar(iso);
  const label = l.month === 12 ? `${l.day} tháng Chạp` : (LUNAR_DAY_NAMES[l.day] ?? `${l.day} tháng Giêng`);
  return `${base} (${label})`;
}

/** Dates of one holiday under one rule (see the module comment for the default placements). */
function ruleDates(rule: HolidayRule, anchor: string): { date: string; name: string }[] {
  if (rule.key === 'tet') {
    const first = rule.days >= 5 ? -2 : -1; // last two (or one) days of the lunar year, then 1/1…
    return Array.from({ length: rule.days }, (_, i) => {
      const date = addDaysIso(anchor, first + i);
      return { date, name: tetDayName(rule.name, date) };
    });
  }
  if (rule.key === 'national_day' && rule.days === 2) {
    const wd = weekdayOfIso(anchor);
    const adjacent = wd === 2 || wd === 5 || wd === 6 ? -1 : 1;
    const extra = { date: addDaysIso(anchor, adjacent), name: `${rule.name} (ngày liền kề)` };
    return adjacent < 0 ? [extra, { date: anchor, name: rule.name }] : [{ date: anchor, name: rule.name }, extra];
  }
  return Array.from({ length: rule.days }, (_, i) => ({ date: addDaysIso(anchor, i), name: rule.name }));
}

/** Every holiday date of `year` by rule, sorted by date (weekends included). */
export function ruleHolidays(year: number, rules: readonly HolidayRule[] = HOLIDAY_RULES): HolidayOccurrence[] {
  const out: HolidayOccurrence[] = [];
  const keys = [...new Set(rules.map((r) => r.key))];
  for (const key of keys) {
    const anchor = anchorDate(key, year);
    const rule = rules.find((r) => r.key === key && ruleApplies(r, anchor));
    if (!rule) continue;
    for (const d of ruleDates(rule, anchor)) out.push({ date: d.date, key, name: d.name, basis: rule.basis, source: 'rule' });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Days off resulting from the holidays: each holiday on a weekday is a day off; a holiday on a
 * Saturday/Sunday (or on a date already taken by another holiday) gives a compensatory day on the
 * next weekday that is neither a holiday nor already a compensatory day.
 */
export function compensate(holidays: readonly HolidayOccurrence[]): DayOff[] {
  const holidayDates = new Set(holidays.map((h) => h.date));
  const taken = new Set<string>();
  const out: DayOff[] = [];
  for (const h of holidays) {
    if (!isWeekend(h.date) && !taken.has(h.date)) {
      taken.add(h.date);
      out.push({ date: h.date, name: h.name, key: h.key, kind: 'holiday', source: 'rule' });
      continue;
    }
    let jdn = jdnFromIso(h.date) + 1;
    while (isWeekend(isoFromJdn(jdn)) || holidayDates.has(isoFromJdn(jdn)) || taken.has(isoFromJdn(jdn))) jdn++;
    const date = isoFromJdn(jdn);
    taken.add(date);
    out.push({ date, name: `Nghỉ bù ${baseName(h.name)} (${formatDayMonth(h.date)})`, key: h.key, kind: 'compensatory', source: 'rule' });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const baseName = (name: string): string => name.replace(/ \(.*\)$/, '');
const formatDayMonth = (iso: string): string => `${Number(iso.slice(8, 10))}/${Number(iso.slice(5, 7))}`;

/** The schedule of `year` by rule alone (no official decision). */
export function ruleSchedule(year: number, rules: readonly HolidayRule[] = HOLIDAY_RULES): YearSchedule {
  const holidays = ruleHolidays(year, rules);
  return { year, holidays, daysOff: compensate(holidays), workingDays: [], decisionNo: null, decisionSource: null };
}

// ---------------------------------------------------------------------------------------------
// Official yearly decisions
// ---------------------------------------------------------------------------------------------

/**
 * An official schedule for civil servants for one year (thông báo / công văn), entered as data.
 * It lists the COMPLETE set of weekday days off of the year (holidays on weekdays, compensatory
 * days, swapped days) and the weekend days made working days — except the holidays named in
 * `pending` (not yet announced), whose rule-derived days off are kept until it is amended.
 */
export interface OfficialDecision {
  readonly year: number;
  /** Document number when known (e.g. '12729/VPCP-KGVX'), else null. */
  readonly decisionNo: string | null;
  /** Where the data comes from (document, press report). */
  readonly source?: string;
  readonly daysOff: readonly { readonly date: string; readonly name: string; readonly key?: HolidayKey; readonly kind?: DayOffKind }[];
  readonly workingDays: readonly { readonly date: string; readonly name: string }[];
  readonly pending?: readonly HolidayKey[];
}

/**
 * Merge an official decision over the rule-derived schedule of its year. Without a decision the
 * rule schedule is returned as is. With one, its days off and working days replace the rule's
 * (source 'decision'); rule days off of holidays listed in `pending` are kept (source 'rule');
 * the rule holidays stay listed for display.
 */
export function mergeDecision(rule: YearSchedule, decision: OfficialDecision | undefined): YearSchedule {
  if (!decision) return rule;
  if (decision.year !== rule.year) throw new RangeError(`Quyết định năm ${decision.year} không khớp năm ${rule.year}`);
  const byDate = new Map<string, DayOff>();
  for (const d of decision.daysOff) {
    assertInYear(d.date, decision.year);
    const inferred = inferKind(rule, d.date);
    byDate.set(d.date, { date: d.date, name: d.name, key: d.key ?? inferred.key, kind: d.kind ?? inferred.kind, source: 'decision' });
  }
  const pending = new Set(decision.pending ?? []);
  for (const d of rule.daysOff) if (d.key && pending.has(d.key) && !byDate.has(d.date)) byDate.set(d.date, d);
  const workingDays = decision.workingDays.map((w): ExtraWorkingDay => {
    assertInYear(w.date, decision.year);
    return { date: w.date, name: w.name, source: 'decision' };
  });
  const daysOff = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  return { ...rule, daysOff, workingDays, decisionNo: decision.decisionNo, decisionSource: decision.source ?? null };
}

/** Kind and holiday of a decision's day off, inferred from the rule schedule when not given. */
function inferKind(rule: YearSchedule, date: string): { key: HolidayKey | null; kind: DayOffKind } {
  const r = rule.daysOff.find((d) => d.date === date);
  return r ? { key: r.key, kind: r.kind } : { key: null, kind: 'swap' };
}

function assertInYear(iso: string, year: number): void {
  jdnFromIso(iso);
  if (Number(iso.slice(0, 4)) !== year) throw new RangeError(`Ngày ${iso} không thuộc năm ${year}`);
}

/** The schedule of `year`: rules, with the official decision for that year merged over them. */
export function yearSchedule(year: number, decisions: readonly OfficialDecision[], rules: readonly HolidayRule[] = HOLIDAY_RULES): YearSchedule {
  return mergeDecision(
    ruleSchedule(year, rules),
    decisions.find((d) => d.year === year),
  );
}
