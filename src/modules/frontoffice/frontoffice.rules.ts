/**
 * Pure rules of the front office: queue order with priority groups, estimated waits, the spoken
 * call, and the tablet's satisfaction levels.
 */
import { localIsoDate } from '../calendar/calendar.public.js';
import { VN_OFFSET_MS, vnParts } from '../../platform/vn-time.js';
import type { ErrorCode } from '../../platform/error-codes.js';

/**
 * Groups served first at the counters, as issue 22 lists them: the elderly, people with
 * disabilities, pregnant women, people with meritorious service to the revolution. (The legal
 * basis for each group was not checked in this repository's legal notes; the list is configuration
 * the province confirms.)
 */
export const PRIORITY_GROUPS = ['elderly', 'disability', 'pregnant', 'merit'] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];

export const PRIORITY_NAMES: Record<PriorityGroup, { vi: string; en: string }> = {
  elderly: { vi: 'Người cao tuổi', en: 'Elderly person' },
  disability: { vi: 'Người khuyết tật', en: 'Person with a disability' },
  pregnant: { vi: 'Phụ nữ mang thai', en: 'Pregnant woman' },
  merit: { vi: 'Người có công với cách mạng', en: 'Person with meritorious service' },
};

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** What the queue order looks at. */
export interface QueueEntry {
  number: number;
  priorityGroup: PriorityGroup | null;
  /** When it joined the queue (ms since epoch); kept across a transfer. */
  queuedAt: number;
  /** A ticket transferred to one counter is only called there. */
  targetCounterId: string | null;
  /** A booked person checked in early or on time: the booked moment (ms), else null. */
  appointmentAt?: number | null;
}

/**
 * Rank in the queue at the moment `now`: 0 priority groups; 1 booked people whose time has come;
 * 2 everyone else (walk-ins, booked people before their time, late arrivals).
 */
export function queueRank(e: Pick<QueueEntry, 'priorityGroup' | 'appointmentAt'>, now: number): 0 | 1 | 2 {
  if (e.priorityGroup) return 0;
  if (e.appointmentAt != null && e.appointmentAt <= now) return 1;
  return 2;
}

/**
 * Queue order at `now`: every priority ticket before any other; then booked people whose booked
 * moment has come, by that moment; then the others by the moment each joined the queue; then by
 * number. Without `now` no booking counts as due (the order of the first version). The SQL of the
 * atomic call (frontoffice.repo.ts `claimNext`, `QUEUE_ORDER`) orders by the same keys; the API
 * tests check both agree.
 */
export function compareQueue(a: QueueEntry, b: QueueEntry, now = Number.NEGATIVE_INFINITY): number {
  const ra = queueRank(a, now);
  const rb = queueRank(b, now);
  if (ra !== rb) return ra - rb;
  const ka = ra === 1 ? a.appointmentAt! : a.queuedAt;
  const kb = rb === 1 ? b.appointmentAt! : b.queuedAt;
  if (ka !== kb) return ka - kb;
  return a.number - b.number;
}

/** Whether a counter may call this waiting ticket. */
export function callableAt(e: Pick<QueueEntry, 'targetCounterId'>, counterId: string): boolean {
  return e.targetCounterId === null || e.targetCounterId === counterId;
}

/** The next ticket a counter calls from the waiting tickets of its area, or null. */
export function nextFor<T extends QueueEntry>(waiting: readonly T[], counterId: string, now = Number.NEGATIVE_INFINITY): T | null {
  let best: T | null = null;
  for (const e of waiting) if (callableAt(e, counterId) && (best === null || compareQueue(e, best, now) < 0)) best = e;
  return best;
}

/** How many callable tickets are ahead of `e` for any counter of the area (the number printed). */
export function peopleAhead(waiting: readonly QueueEntry[], e: QueueEntry, now = Number.NEGATIVE_INFINITY): number {
  return waiting.filter((w) => w !== e && compareQueue(w, e, now) < 0).length;
}

/**
 * Estimated wait in whole minutes: the people ahead share the open counters of the area, each
 * taking the area's average service time; at least one counter is assumed (a closed area still
 * gives a figure, not infinity). Rounded up to 5 minutes as printed tickets usually show.
 */
export function estimatedWaitMinutes(ahead: number, openCounters: number, avgServiceMinutes: number): number {
  if (ahead <= 0) return 0;
  const raw = (ahead * avgServiceMinutes) / Math.max(1, openCounters);
  return Math.ceil(raw / 5) * 5;
}

/** A skipped ticket becomes a no-show only after it was called this many times. */
export const DEFAULT_NO_SHOW_AFTER_CALLS = 3;

export function canMarkNoShow(callCount: number, noShowAfter = DEFAULT_NO_SHOW_AFTER_CALLS): boolean {
  return callCount >= noShowAfter;
}

/** The announcement the call screen speaks and shows. */
export function announcement(number: number, counterNumber: number, lang: 'vi' | 'en' = 'vi'): string {
  return lang === 'vi' ? `Mời công dân số ${number} đến quầy số ${counterNumber}` : `Ticket number ${number}, please go to counter ${counterNumber}`;
}

/**
 * The tablet's four levels. QĐ 766 indicator 5.4 counts the "không hài lòng" answers (the national
 * portal's "dislike"); levels 4–2 are satisfied to different degrees.
 */
export const RATING_LEVELS = {
  4: { vi: 'Rất hài lòng', en: 'Very satisfied' },
  3: { vi: 'Hài lòng', en: 'Satisfied' },
  2: { vi: 'Bình thường', en: 'Neutral' },
  1: { vi: 'Không hài lòng', en: 'Not satisfied' },
} as const;
export type RatingLevel = 1 | 2 | 3 | 4;

/** Reasons a citizen may tick (optional) — the service lines the one-stop decree's evaluation asks about (citizens.rules.ts RATING_CRITERIA). */
export const RATING_REASONS = {
  attitude: { vi: 'Thái độ phục vụ của cán bộ', en: "Officer's attitude" },
  guidance: { vi: 'Hướng dẫn hồ sơ chưa rõ ràng', en: 'Unclear guidance on the dossier' },
  waiting: { vi: 'Thời gian chờ lâu', en: 'Long wait' },
  procedure: { vi: 'Thủ tục, giấy tờ phức tạp', en: 'Complicated procedure or papers' },
  facilities: { vi: 'Cơ sở vật chất, chỗ ngồi chờ', en: 'Facilities and waiting area' },
  other: { vi: 'Lý do khác', en: 'Other' },
} as const;
export type RatingReason = keyof typeof RATING_REASONS;

/** Null when the rating is acceptable, else the Vietnamese reason it is refused. */
export function ratingProblem(level: number, reasons: readonly string[]): string | null {
  if (!Number.isInteger(level) || level < 1 || level > 4) return 'Mức đánh giá phải từ 1 (không hài lòng) đến 4 (rất hài lòng).';
  for (const r of reasons) if (!(r in RATING_REASONS)) return `Lý do "${r}" không có trong phiếu đánh giá.`;
  if (new Set(reasons).size !== reasons.length) return 'Một lý do chỉ được chọn một lần.';
  return null;
}

/** Whether a rating counts as "not satisfied" for indicator 5.4. */
export const isDissatisfied = (level: number): boolean => level === 1;

/** A ticket number printed with its area, e.g. 1023. */
export function ticketNumber(numberBase: number, seq: number): number {
  return numberBase + seq;
}

/** The busiest hours of a list of ticket times (local hours, Asia/Ho_Chi_Minh), most tickets first. */
export function peakHours(times: readonly Date[], top = 3): { hour: number; tickets: number }[] {
  const by = new Map<number, number>();
  for (const t of times) {
    const h = vnParts(t).hour;
    by.set(h, (by.get(h) ?? 0) + 1);
  }
  return [...by.entries()]
    .map(([hour, tickets]) => ({ hour, tickets }))
    .sort((a, b) => b.tickets - a.tickets || a.hour - b.hour)
    .slice(0, top);
}

// ---- appointments (đặt lịch hẹn) ------------------------------------------------------------------

/** Length of a bookable slot, in minutes. */
export const SLOT_MINUTES = 30;
/**
 * Share of an area's counter time offered to bookings; the rest stays for walk-ins, who are most
 * of a centre's visitors. A policy figure the province may change, not a legal one.
 */
export const APPOINTMENT_SHARE = 0.5;
/** How far ahead a slot may be booked (days). */
export const BOOKING_DAYS_AHEAD = 30;
/** A booked person may check in this many minutes before the slot … */
export const CHECK_IN_EARLY_MINUTES = 30;
/** … and up to this many minutes after its start and still be served first. */
export const CHECK_IN_GRACE_MINUTES = 15;

/**
 * Places of one slot: the area's active counters, each serving `slotMinutes / avgServiceMinutes`
 * people in the slot, times the share offered to bookings, rounded down (no counter → no place).
 */
export function slotCapacity(counters: number, slotMinutes: number, avgServiceMinutes: number, share = APPOINTMENT_SHARE): number {
  if (counters <= 0 || avgServiceMinutes <= 0) return 0;
  return Math.floor(((counters * slotMinutes) / avgServiceMinutes) * share + 1e-9);
}

/** The moment of a local (Asia/Ho_Chi_Minh) date and minute of the day. */
export function localMoment(date: string, minuteOfDay: number): Date {
  return new Date(Date.parse(`${date}T00:00:00+07:00`) + minuteOfDay * 60_000);
}

/** The local date (YYYY-MM-DD, Asia/Ho_Chi_Minh) of a moment: the calendar's own. */
export const localDate = localIsoDate;

/**
 * The slots of a local day: consecutive `slotMinutes` periods from midnight whose first and last
 * minute both fall in the centre's reception time (`isOpen`: the calendar's isReceptionTime, which
 * knows office hours, holidays and Saturday reception). A slot across the lunch break is dropped.
 */
export function slotsOfDay(date: string, isOpen: (t: Date) => boolean, slotMinutes = SLOT_MINUTES): { startsAt: Date; endsAt: Date }[] {
  const out: { startsAt: Date; endsAt: Date }[] = [];
  for (let m = 0; m + slotMinutes <= 24 * 60; m += slotMinutes) {
    const startsAt = localMoment(date, m);
    const endsAt = localMoment(date, m + slotMinutes);
    if (isOpen(startsAt) && isOpen(new Date(endsAt.getTime() - 60_000))) out.push({ startsAt, endsAt });
  }
  return out;
}

export type Arrival = 'early' | 'on_time' | 'late';
export type CheckInVerdict = { ok: true; arrival: Arrival } | { ok: false; reason: 'other_day' | 'too_early' };

/**
 * How a check-in at `at` for a slot starting at `startsAt` is treated:
 * - another local day → refused (`other_day`); more than CHECK_IN_EARLY_MINUTES before → refused
 *   (`too_early`, come back later or take an ordinary number);
 * - up to that much before the slot → `early`: the ticket waits as an ordinary one and moves to
 *   the front (after priority groups) when the slot starts;
 * - from the start to CHECK_IN_GRACE_MINUTES after → `on_time`: served next (after priority groups);
 * - later the same day → `late`: an ordinary ticket, in the order of arrival.
 */
export function checkInVerdict(startsAt: Date, at: Date, early = CHECK_IN_EARLY_MINUTES, grace = CHECK_IN_GRACE_MINUTES): CheckInVerdict {
  if (localDate(startsAt) !== localDate(at)) return { ok: false, reason: 'other_day' };
  const d = (at.getTime() - startsAt.getTime()) / 60_000;
  if (d < -early) return { ok: false, reason: 'too_early' };
  if (d < 0) return { ok: true, arrival: 'early' };
  if (d <= grace) return { ok: true, arrival: 'on_time' };
  return { ok: true, arrival: 'late' };
}

/** Booking codes: 8 characters without I and O (read aloud and typed without confusion). */
export const BOOKING_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A booking code from what the kiosk's field received: the code typed (any case, spaces or dashes)
 * or the booking page's link a QR scanner typed (`…?ma=CODE`). Null when it is not a code.
 */
export function normalizeBookingCode(input: string): string | null {
  let raw = input.trim();
  const m = /[?&#]ma=([^&#\s]+)/.exec(raw);
  if (m) raw = decodeURIComponent(m[1]);
  const code = raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/I/g, '1');
  return /^[0-9A-HJ-NP-Z]{8}$/.test(code) ? code : null;
}

/** A Vietnamese phone number (0xxxxxxxxx or +84xxxxxxxxx), normalised to 0…, or null. */
export function normalizePhone(input: string): string | null {
  const p = input.replace(/[\s.-]/g, '').replace(/^\+84/, '0');
  return /^0\d{9,10}$/.test(p) ? p : null;
}

// ---- the centre's own reception hours (giờ tiếp nhận của trung tâm) -------------------------------

/** Weekdays of a centre's weekly schedule, Monday first (as Vietnamese schedules are written). */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];
/** One reception period of a day, local time (Asia/Ho_Chi_Minh), `HH:MM`; `end` may be `24:00`. */
export interface HoursPeriod {
  start: string;
  end: string;
}
/**
 * A centre's weekly reception schedule. Days off of the calendar (holidays, compensatory and
 * swapped days, weekend holidays) close the centre unless `servesOnHolidays`; every other day
 * follows the periods of its weekday (a working Saturday of the calendar too).
 */
export interface CentreHours {
  weekly: Record<WeekdayKey, HoursPeriod[]>;
  servesOnHolidays: boolean;
}
/** At most this many periods a day (morning, afternoon, evening and a spare). */
export const MAX_PERIODS_PER_DAY = 6;

/** `HH:MM` (00:00–24:00) to minutes after midnight, or null. */
export function hmToMinute(s: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 24 * 60 ? v : null;
}

const DAY_VI: Record<WeekdayKey, string> = { mon: 'Thứ Hai', tue: 'Thứ Ba', wed: 'Thứ Tư', thu: 'Thứ Năm', fri: 'Thứ Sáu', sat: 'Thứ Bảy', sun: 'Chủ nhật' };

/** Null when the schedule is acceptable, else why it is refused (machine code + Vietnamese). */
export function centreHoursProblem(h: CentreHours): { code: ErrorCode; message: string } | null {
  for (const d of WEEKDAY_KEYS) {
    const periods = h.weekly[d];
    if (!Array.isArray(periods)) return { code: 'hours_day_missing', message: `Thiếu lịch của ${DAY_VI[d]} (để trống nếu không tiếp nhận).` };
    if (periods.length > MAX_PERIODS_PER_DAY)
      return { code: 'hours_too_many_periods', message: `${DAY_VI[d]}: tối đa ${MAX_PERIODS_PER_DAY} khoảng thời gian.` };
    const ps = periods.map((p) => ({ p, s: hmToMinute(p.start), e: hmToMinute(p.end) }));
    for (const { p, s, e } of ps) {
      if (s === null || e === null)
        return { code: 'hours_invalid_time', message: `${DAY_VI[d]}: giờ "${p.start}–${p.end}" phải theo dạng HH:MM, từ 00:00 đến 24:00.` };
      if (s >= e) return { code: 'hours_empty_period', message: `${DAY_VI[d]}: giờ bắt đầu ${p.start} phải trước giờ kết thúc ${p.end}.` };
    }
    const sorted = [...ps].sort((a, b) => a.s! - b.s!);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].s! < sorted[i - 1].e!)
        return {
          code: 'hours_overlap',
          message: `${DAY_VI[d]}: khoảng ${sorted[i - 1].p.start}–${sorted[i - 1].p.end} và ${sorted[i].p.start}–${sorted[i].p.end} chồng lên nhau.`,
        };
    }
  }
  return null;
}

/** The schedule with each day's periods in time order (as stored and shown). */
export function normalizeCentreHours(h: CentreHours): CentreHours {
  const weekly = Object.fromEntries(
    WEEKDAY_KEYS.map((d) => [d, [...h.weekly[d]].sort((a, b) => hmToMinute(a.start)! - hmToMinute(b.start)!).map((p) => ({ start: p.start, end: p.end }))]),
  ) as Record<WeekdayKey, HoursPeriod[]>;
  return { weekly, servesOnHolidays: h.servesOnHolidays };
}

/**
 * Whether the centre receives at `t` under its own schedule. `isDayOff(isoDate)` says whether the
 * local date is a day off of the calendar (holiday, compensatory, swapped day); such a day is
 * closed unless the centre serves on holidays, in which case its weekday's periods apply. A
 * period is [start, end): 24:00 runs to the end of the day.
 */
export function centreOpenAt(h: CentreHours, t: Date, isDayOff: (isoDate: string) => boolean): boolean {
  const local = new Date(t.getTime() + VN_OFFSET_MS);
  const date = local.toISOString().slice(0, 10);
  if (!h.servesOnHolidays && isDayOff(date)) return false;
  const day = WEEKDAY_KEYS[(local.getUTCDay() + 6) % 7];
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60;
  return h.weekly[day].some((p) => minute >= hmToMinute(p.start)! && minute < hmToMinute(p.end)!);
}

const minuteToHm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * The calendar's reception time written as a weekly schedule (what a centre without its own hours
 * follows, for display): office periods per weekday (index 0 = Sunday as the calendar stores
 * them) and, when the agency receives on Saturday morning, those periods on Saturday.
 */
export function calendarReceptionWeek(oh: {
  weekly: readonly (readonly { start: number; end: number }[])[];
  saturdayMorningReception: boolean;
  saturdayReceptionPeriods?: readonly { start: number; end: number }[];
}): CentreHours {
  const toHm = (ps: readonly { start: number; end: number }[]) => ps.map((p) => ({ start: minuteToHm(p.start), end: minuteToHm(p.end) }));
  const weekly = Object.fromEntries(WEEKDAY_KEYS.map((d, i) => [d, toHm(oh.weekly[(i + 1) % 7] ?? [])])) as Record<WeekdayKey, HoursPeriod[]>;
  if (oh.saturdayMorningReception && weekly.sat.length === 0) weekly.sat = toHm(oh.saturdayReceptionPeriods ?? (oh.weekly[1] ?? []).slice(0, 1));
  return { weekly, servesOnHolidays: false };
}
