/** Date formatting for Vietnam: dd/mm/yyyy, times in Asia/Ho_Chi_Minh. */

const TZ = 'Asia/Ho_Chi_Minh';
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function partsIn(d: Date): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** "2025-07-01" or an ISO timestamp → "01/07/2025" (timestamps in Vietnam time). Empty/invalid → "". */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = DATE_ONLY.exec(value);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const p = partsIn(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** ISO timestamp → "01/07/2025 08:05:09" in Vietnam time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const p = partsIn(d);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/** A yyyy-mm-dd value of <input type="date"> → the start (or end) of that day in Vietnam time, ISO 8601. */
export function dayBoundary(day: string, end: boolean): string | undefined {
  if (!DATE_ONLY.test(day)) return undefined;
  return `${day}T${end ? '23:59:59.999' : '00:00:00.000'}+07:00`;
}

/** Is a validity period over on `today` (yyyy-mm-dd, Vietnam time by default)? */
export function isExpired(validTo: string | null | undefined, today = todayInVietnam()): boolean {
  if (!validTo) return false;
  return validTo.slice(0, 10) < today;
}

export function todayInVietnam(now = new Date()): string {
  const p = partsIn(now);
  return `${p.year}-${p.month}-${p.day}`;
}

export interface SummaryLine {
  key: string;
  text: string;
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const isDiff = (v: unknown): v is { from: unknown; to: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'from' in v && 'to' in v && Object.keys(v).length === 2;

/**
 * An audit `summary` (a JSON object; field diffs are `{ field: { from, to } }`) as short lines:
 * "name: Sở A → Sở B", "sessionId: …". A plain string is one line; empty objects give none.
 */
export function describeSummary(summary: unknown): SummaryLine[] {
  if (summary === null || summary === undefined) return [];
  if (typeof summary !== 'object' || Array.isArray(summary)) return [{ key: '', text: valueText(summary) }];
  return Object.entries(summary as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => ({ key, text: isDiff(v) ? `${valueText(v.from)} → ${valueText(v.to)}` : valueText(v) }));
}
