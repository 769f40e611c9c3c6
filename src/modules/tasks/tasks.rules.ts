/**
 * Pure rules of the tasks module (no I/O): deadline phrases as plans write them, reporting
 * periods and their due days, status aggregation, reminder schedule, coordination summary.
 * Domain: docs/tasks.md and reporting.md.
 */
import { collapseSpaces, foldVietnamese, nfc } from '../../platform/text.js';

// ---------------------------------------------------------------------------------------------
// Calendar-date helpers (ISO 'YYYY-MM-DD', proleptic Gregorian, no time zone involved)

const DAY_MS = 86_400_000;
export const isoFromDayNumber = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** Days since 1970-01-01 of a calendar date (equal to the calendar module's local day number). */
export const dayNumber = (iso: string): number => Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);
export const addDays = (iso: string, n: number): string => isoFromDayNumber(dayNumber(iso) + n);
export const lastDayOfMonth = (year: number, month: number): string => isoFromDayNumber(Math.round(Date.UTC(year, month, 0) / DAY_MS));
export const pad2 = (n: number): string => String(n).padStart(2, '0');
export function isValidIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
export function addMonths(iso: string, n: number): string {
  const y = +iso.slice(0, 4);
  const m = +iso.slice(5, 7) - 1 + n;
  const year = y + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  const day = Math.min(+iso.slice(8, 10), +lastDayOfMonth(year, month).slice(8, 10));
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

// ---------------------------------------------------------------------------------------------
// Deadline phrases

export const RECURRENCES = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const DEADLINE_KINDS = ['date', 'month', 'quarter', 'year', 'target_and_hard', 'range', 'recurring', 'continuous', 'external', 'unparsed'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** A deadline as the plan wrote it (`text`) and in structured form. */
export interface ParsedDeadline {
  kind: DeadlineKind;
  /** The plan's own words, kept verbatim (whitespace collapsed). */
  text: string;
  /** The hard deadline (last day), when there is one. */
  dueOn: string | null;
  /** The first day of a range ("Giai đoạn 2023 - 2025" → 2023-01-01). */
  startOn: string | null;
  /** A target earlier than the hard deadline ("Tháng 11/2022, chậm nhất tháng 3/2023"). */
  targetOn: string | null;
  /** How often progress is reported (recurring, continuous, range and external tasks). */
  recurrence: Recurrence | null;
  /** The external schedule a task follows ("Nghị định số 107/2021/NĐ-CP", "Đề án 06"). */
  reference: string | null;
  /** When a person should look at an external-schedule task again. */
  reviewOn: string | null;
  /** True when the phrase was not understood: kept as written, a person must structure it. */
  needsReview: boolean;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

function quarterEnd(q: number, year: number): string {
  return lastDayOfMonth(year, q * 3);
}

/** Parses one date expression (no recurrence): returns its last day, or null. */
function parsePoint(f: string): { kind: 'date' | 'month' | 'quarter' | 'year'; due: string } | null {
  let m = /^(?:truoc |den |trong |cham nhat |han |ngay |truoc ngay |den ngay )*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(f);
  if (m) {
    const iso = `${m[3]}-${pad2(+m[2])}-${pad2(+m[1])}`;
    return isValidIsoDate(iso) ? { kind: 'date', due: iso } : null;
  }
  m = /^(?:truoc |den |trong |cham nhat |truoc ngay |ngay )*(\d{1,2}) thang (\d{1,2}) nam (\d{4})$/.exec(f);
  if (m) {
    const iso = `${m[3]}-${pad2(+m[2])}-${pad2(+m[1])}`;
    return isValidIsoDate(iso) ? { kind: 'date', due: iso } : null;
  }
  m = /^(?:truoc |den |trong |cham nhat |het |cuoi )*thang (\d{1,2})(?:\s*[/.-]\s*|\s+nam\s+)(\d{4})$/.exec(f);
  if (m && +m[1] >= 1 && +m[1] <= 12) return { kind: 'month', due: lastDayOfMonth(+m[2], +m[1]) };
  m = /^(?:truoc |den |trong |cham nhat |het |cuoi )*quy (i{1,3}|iv|[1-4])(?:\s*[/.-]\s*|\s+nam\s+)(\d{4})$/.exec(f);
  if (m) {
    const q = ROMAN[m[1]] ?? +m[1];
    return { kind: 'quarter', due: quarterEnd(q, +m[2]) };
  }
  m = /^(?:truoc |den |trong |cham nhat |het |cuoi )*(6|sau) thang dau nam (\d{4})$/.exec(f);
  if (m) return { kind: 'month', due: `${m[2]}-06-30` };
  m = /^(?:trong |den |cham nhat |het |cuoi )*nam (\d{4})$/.exec(f);
  if (m) return { kind: 'year', due: `${m[1]}-12-31` };
  return null;
}

const RECURRING: [RegExp, Recurrence][] = [
  [/^(?:dinh ky )?hang thang$/, 'monthly'],
  [/^(?:dinh ky )?hang quy$/, 'quarterly'],
  [/^(?:dinh ky )?(?:6 thang|sau thang)(?: mot lan)?$|^(?:dinh ky )?hang 6 thang$/, 'semiannual'],
  [/^(?:dinh ky )?hang nam$/, 'annual'],
];

/**
 * Parses a deadline phrase of a plan. `ref` is the plan's date (or the import date): it sets the
 * review date of external-schedule tasks (three months later). Unknown phrases are kept and
 * flagged (`needsReview`), never dropped.
 */
export function parseDeadline(raw: string, ref: string): ParsedDeadline {
  const text = collapseSpaces(nfc(raw ?? ''));
  const base: ParsedDeadline = {
    kind: 'unparsed',
    text,
    dueOn: null,
    startOn: null,
    targetOn: null,
    recurrence: null,
    reference: null,
    reviewOn: null,
    needsReview: true,
  };
  // "hằng" and "hàng" both occur; fold accents and trailing punctuation away.
  const f = foldVietnamese(text)
    .replace(/[.;,]+$/, '')
    .trim();
  if (!f) return base;
  if (/^thuong xuyen(?:, lien tuc)?$|^lien tuc$/.test(f)) return { ...base, kind: 'continuous', recurrence: 'quarterly', needsReview: false };
  for (const [re, rec] of RECURRING) if (re.test(f)) return { ...base, kind: 'recurring', recurrence: rec, needsReview: false };
  // "Tháng 11/2022, chậm nhất tháng 3/2023"
  const th = /^(.+?)[,;]?\s+(?:cham nhat|muon nhat|khong qua|han cuoi)(?: la| vao)?\s+(.+)$/.exec(f);
  if (th) {
    const a = parsePoint(th[1].trim());
    const b = parsePoint(th[2].trim());
    if (a && b) return { ...base, kind: 'target_and_hard', targetOn: a.due, dueOn: b.due, needsReview: false };
  }
  // "Giai đoạn 2023 - 2025", "2023-2025"
  const range = /^(?:giai doan |trong giai doan |nam )?(\d{4})\s*-\s*(\d{4})$/.exec(f);
  if (range && +range[2] >= +range[1])
    return { ...base, kind: 'range', startOn: `${range[1]}-01-01`, dueOn: `${range[2]}-12-31`, recurrence: 'annual', needsReview: false };
  const p = parsePoint(f);
  if (p) return { ...base, kind: p.kind, dueOn: p.due, needsReview: false };
  // "Theo lộ trình Nghị định …", "Theo tiến độ (của) Đề án 06 …"
  const ext = /^theo (?:lo trinh|tien do|ke hoach|yeu cau)(?: cua| tai| quy dinh tai)?\s*(.*)$/.exec(f);
  if (ext) {
    const words = text.split(' ');
    // Keep the reference in its original spelling: drop the same number of leading words.
    const lead = f.split(' ').length - (ext[1] ? ext[1].split(' ').length : 0);
    const reference = ext[1]
      ? words
          .slice(lead)
          .join(' ')
          .replace(/[.;,]+$/, '')
      : null;
    return { ...base, kind: 'external', reference, recurrence: 'quarterly', reviewOn: addMonths(ref, 3), needsReview: false };
  }
  return base;
}

// ---------------------------------------------------------------------------------------------
// Reporting periods

export interface Period {
  /** 2023-Q1, 2023-01, 2023-H1, 2023, or 'once'. */
  key: string;
  start: string;
  end: string;
  /** The reporting day before any move to a working day. */
  nominalDue: string;
}

/** Rule for a fixed reporting day falling on a day off (an agency setting; default previous). */
export type DayOffRule = 'previous' | 'next';

/** Moves a date off days off: to the previous (default) or next working day. */
export function moveToWorkingDay(iso: string, isWorkingDay: (iso: string) => boolean, rule: DayOffRule = 'previous'): string {
  let d = iso;
  for (let i = 0; i < 30 && !isWorkingDay(d); i++) d = addDays(d, rule === 'previous' ? -1 : 1);
  return d;
}

/** The period of `recurrence` containing date `iso`. `reportDay` is the day of the period's last month reports are due (e.g. 18). */
export function periodOf(recurrence: Recurrence, iso: string, reportDay: number): Period {
  const y = +iso.slice(0, 4);
  const m = +iso.slice(5, 7);
  const due = (year: number, month: number) => `${year}-${pad2(month)}-${pad2(Math.min(reportDay, +lastDayOfMonth(year, month).slice(8, 10)))}`;
  switch (recurrence) {
    case 'monthly':
      return { key: `${y}-${pad2(m)}`, start: `${y}-${pad2(m)}-01`, end: lastDayOfMonth(y, m), nominalDue: due(y, m) };
    case 'quarterly': {
      const q = Math.ceil(m / 3);
      return { key: `${y}-Q${q}`, start: `${y}-${pad2(q * 3 - 2)}-01`, end: lastDayOfMonth(y, q * 3), nominalDue: due(y, q * 3) };
    }
    case 'semiannual': {
      const h = m <= 6 ? 1 : 2;
      return { key: `${y}-H${h}`, start: `${y}-${h === 1 ? '01' : '07'}-01`, end: lastDayOfMonth(y, h * 6), nominalDue: due(y, h * 6) };
    }
    case 'annual':
      return { key: `${y}`, start: `${y}-01-01`, end: `${y}-12-31`, nominalDue: due(y, 12) };
  }
}

/** Every period of `recurrence` from the one containing `from` to the one containing `to`. */
export function periodsBetween(recurrence: Recurrence, from: string, to: string, reportDay: number): Period[] {
  const out: Period[] = [];
  let p = periodOf(recurrence, from, reportDay);
  while (p.start <= to && out.length < 1200) {
    out.push(p);
    p = periodOf(recurrence, addDays(p.end, 1), reportDay);
  }
  return out;
}

/**
 * The occurrences a task needs: one for a one-off deadline; one per period for recurring,
 * continuous, range and external-schedule tasks, from the plan's start until `until` (and for a
 * range, not beyond its last year). Unparsed deadlines get none until a person structures them.
 */
export function occurrencesFor(
  d: Pick<ParsedDeadline, 'kind' | 'dueOn' | 'recurrence' | 'startOn'>,
  planStart: string,
  until: string,
  reportDay: number,
): Period[] {
  if (d.kind === 'unparsed') return [];
  if (!d.recurrence) {
    if (!d.dueOn) return [];
    return [{ key: 'once', start: planStart < d.dueOn ? planStart : d.dueOn, end: d.dueOn, nominalDue: d.dueOn }];
  }
  const end = d.kind === 'range' && d.dueOn && d.dueOn < until ? d.dueOn : until;
  const start = d.kind === 'range' && d.startOn && d.startOn > planStart ? d.startOn : planStart;
  return periodsBetween(d.recurrence, start, end, reportDay);
}

// ---------------------------------------------------------------------------------------------
// Progress status

export const STATUSES = ['not_started', 'in_progress', 'done', 'done_late', 'overdue', 'cannot_do'] as const;
export type TaskStatus = (typeof STATUSES)[number];

/**
 * The status recorded for a report: "done" after the due day becomes "done_late"; "in progress"
 * or "not started" after the due day becomes "overdue". "cannot_do" stays (with its reason).
 */
export function effectiveStatus(reported: TaskStatus, dueOn: string | null, on: string): TaskStatus {
  const late = dueOn !== null && on > dueOn;
  if (reported === 'done' || reported === 'done_late') return late ? 'done_late' : 'done';
  if (reported === 'cannot_do') return 'cannot_do';
  if (late) return 'overdue';
  return reported === 'overdue' ? 'in_progress' : reported;
}

/**
 * A task's (or occurrence's) status from the statuses of the agencies that must report:
 * all finished → done (done_late if any was late); any cannot_do and the rest finished →
 * cannot_do; otherwise overdue when past due, in progress when anyone started, else not started.
 */
export function aggregateStatus(statuses: readonly (TaskStatus | null)[], dueOn: string | null, today: string): TaskStatus {
  const finished = (s: TaskStatus | null) => s === 'done' || s === 'done_late' || s === 'cannot_do';
  if (statuses.length > 0 && statuses.every(finished)) {
    if (statuses.some((s) => s === 'cannot_do')) return 'cannot_do';
    return statuses.some((s) => s === 'done_late') ? 'done_late' : 'done';
  }
  if (dueOn !== null && today > dueOn) return 'overdue';
  if (statuses.some((s) => s !== null && s !== 'not_started')) return 'in_progress';
  return 'not_started';
}

// ---------------------------------------------------------------------------------------------
// Follow-up (đôn đốc)

export type ReminderKind = 'before_7' | 'before_3' | 'before_1' | 'due_today' | 'overdue' | 'escalation';

/** Days (calendar) before the due day on which a reminder goes out. */
export const REMINDER_OFFSETS: [number, ReminderKind][] = [
  [7, 'before_7'],
  [3, 'before_3'],
  [1, 'before_1'],
  [0, 'due_today'],
];
/** After this many days overdue a reminder also goes to the agency's leader, and weekly after. */
export const ESCALATE_AFTER_DAYS = 3;

/**
 * The reminder due today for an unfinished occurrence, or null: before the deadline on the
 * offsets above; the day after it "overdue"; from ESCALATE_AFTER_DAYS overdue (then every 7 days)
 * an "escalation" to the agency's leader.
 */
export function reminderFor(dueOn: string, today: string): ReminderKind | null {
  const diff = dayNumber(dueOn) - dayNumber(today);
  for (const [days, kind] of REMINDER_OFFSETS) if (diff === days) return kind;
  if (diff === -1) return 'overdue';
  const late = -diff;
  if (late >= ESCALATE_AFTER_DAYS && (late - ESCALATE_AFTER_DAYS) % 7 === 0) return 'escalation';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Coordination requests (Công văn 529)

export interface Recipient {
  agencyId: string;
  agencyName: string;
  /** Calendar date (VN) of the answer, or null. */
  answeredOn: string | null;
}

export interface CoordinationSummary {
  onTime: Recipient[];
  late: Recipient[];
  notAnswered: Recipient[];
  /** The paragraph for the cover note (Tờ trình) to the People's Committee. */
  text: string;
}

/** Who answered on time, who late, who not at all, and the sentence the Tờ trình must carry. */
export function coordinationSummary(recipients: readonly Recipient[], dueOn: string): CoordinationSummary {
  const onTime = recipients.filter((r) => r.answeredOn !== null && r.answeredOn <= dueOn);
  const late = recipients.filter((r) => r.answeredOn !== null && r.answeredOn > dueOn);
  const notAnswered = recipients.filter((r) => r.answeredOn === null);
  const names = (rs: Recipient[]) => rs.map((r) => r.agencyName).join(', ');
  const dd = `${dueOn.slice(8, 10)}/${dueOn.slice(5, 7)}/${dueOn.slice(0, 4)}`;
  const parts = [`Đã đề nghị ${recipients.length} cơ quan cho ý kiến, hạn trả lời ngày ${dd}.`];
  parts.push(onTime.length ? `Đã có ý kiến đúng hạn: ${names(onTime)}.` : 'Không có cơ quan nào có ý kiến đúng hạn.');
  if (late.length)
    parts.push(
      `Có ý kiến chậm so với thời hạn: ${late.map((r) => `${r.agencyName} (ngày ${r.answeredOn!.slice(8, 10)}/${r.answeredOn!.slice(5, 7)}/${r.answeredOn!.slice(0, 4)})`).join(', ')}.`,
    );
  if (notAnswered.length) parts.push(`Chưa có ý kiến: ${names(notAnswered)}.`);
  return { onTime, late, notAnswered, text: parts.join(' ') };
}
