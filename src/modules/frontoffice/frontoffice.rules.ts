/**
 * Pure rules of the front office: queue order with priority groups, estimated waits, the spoken
 * call, and the tablet's satisfaction levels.
 */

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
}

/**
 * Queue order: every priority ticket before any other, then by the moment each joined the queue,
 * then by number. The SQL of the atomic call (frontoffice.repo.ts `claimNext`) orders by the same
 * three keys; the API test checks both agree.
 */
export function compareQueue(a: QueueEntry, b: QueueEntry): number {
  const pa = a.priorityGroup ? 0 : 1;
  const pb = b.priorityGroup ? 0 : 1;
  if (pa !== pb) return pa - pb;
  if (a.queuedAt !== b.queuedAt) return a.queuedAt - b.queuedAt;
  return a.number - b.number;
}

/** Whether a counter may call this waiting ticket. */
export function callableAt(e: Pick<QueueEntry, 'targetCounterId'>, counterId: string): boolean {
  return e.targetCounterId === null || e.targetCounterId === counterId;
}

/** The next ticket a counter calls from the waiting tickets of its area, or null. */
export function nextFor<T extends QueueEntry>(waiting: readonly T[], counterId: string): T | null {
  let best: T | null = null;
  for (const e of waiting) if (callableAt(e, counterId) && (best === null || compareQueue(e, best) < 0)) best = e;
  return best;
}

/** How many callable tickets are ahead of `e` for any counter of the area (the number printed). */
export function peopleAhead(waiting: readonly QueueEntry[], e: QueueEntry): number {
  return waiting.filter((w) => w !== e && compareQueue(w, e) < 0).length;
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
    const h = new Date(t.getTime() + 7 * 3_600_000).getUTCHours();
    by.set(h, (by.get(h) ?? 0) + 1);
  }
  return [...by.entries()].map(([hour, tickets]) => ({ hour, tickets })).sort((a, b) => b.tickets - a.tickets || a.hour - b.hour).slice(0, top);
}
