/**
 * Pure rules of notifications: the channels a person may choose, the defaults, and quiet hours
 * (Vietnam time, UTC+7 all year: no daylight saving).
 */
import { vnMinuteOfDay } from '../../platform/vn-time.js';

export const CHANNELS = ['email', 'sms', 'zalo', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Web push reaches staff browsers only; citizens are reached by e-mail, SMS and Zalo. */
export function channelsFor(kind: 'staff' | 'citizen'): Channel[] {
  return kind === 'staff' ? ['email', 'sms', 'zalo', 'push'] : ['email', 'sms', 'zalo'];
}

/** Without a choice: staff get e-mail and web push; a citizen what the profile asks (default e-mail and SMS). */
export function defaultChannels(kind: 'staff' | 'citizen', profileChannels?: readonly string[] | null): Channel[] {
  if (kind === 'staff') return ['email', 'push'];
  const allowed = channelsFor('citizen');
  const chosen = (profileChannels ?? ['email', 'sms']).filter((c): c is Channel => (allowed as string[]).includes(c));
  return chosen;
}

const DAY_MIN = 1440;

/** "22:00" → 1320; null for anything else. */
export function parseClock(s: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** 1320 → "22:00". */
export function formatClock(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** Minutes after midnight in Vietnam of an instant. */
export { vnMinuteOfDay };

/**
 * When quiet hours [start, end) hold at `now`, the instant they end (the next `end` o'clock in
 * Vietnam); otherwise null. start > end wraps midnight (22:00–06:30); start = end means none.
 */
export function quietUntil(now: Date, start: number | null, end: number | null): Date | null {
  if (start === null || end === null || start === end) return null;
  const m = vnMinuteOfDay(now);
  const inside = start < end ? m >= start && m < end : m >= start || m < end;
  if (!inside) return null;
  const ahead = (end - m + DAY_MIN) % DAY_MIN; // minutes until the end o'clock (never 0 inside)
  const startOfMinute = Math.floor(now.getTime() / 60_000) * 60_000;
  return new Date(startOfMinute + ahead * 60_000);
}
