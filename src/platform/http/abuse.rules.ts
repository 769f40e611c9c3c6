import { isIP } from 'node:net';
import { VN_OFFSET_MS } from '../vn-time.js';

/**
 * Pure rules against abuse of the public endpoints (issue 16 §2): the rate-limit settings and the
 * list of trusted reverse proxies, parsed from configuration.
 */

/** A fixed-window limit: at most `max` requests per `windowMs` from one client. */
export interface RateRule {
  max: number;
  windowMs: number;
}

/** The kinds of anonymous traffic limited per client; a route names its kind in `config.limit`. */
export const LIMIT_KINDS = ['public_write', 'survey', 'public_lookup'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "20/10m" → 20 requests per 10 minutes; "off" → no limit. Throws a Vietnamese message otherwise. */
export function parseRate(name: string, raw: string): RateRule | null {
  const v = raw.trim();
  if (v === 'off') return null;
  const m = /^([1-9][0-9]{0,6})\/([1-9][0-9]{0,4})?(s|m|h|d)$/.exec(v);
  if (!m) throw new Error(`${name} phải có dạng SỐ/THỜI-GIAN, ví dụ 20/10m, 5/1h, 100/1d, hoặc off (nhận được "${raw}")`);
  return { max: Number(m[1]), windowMs: Number(m[2] ?? '1') * UNIT_MS[m[3]] };
}

/** The state of one client's counter in a fixed window. */
export interface WindowCount {
  count: number;
  startMs: number;
}

/** Counts one request at `nowMs`; the new state and the milliseconds until the window ends. */
export function countRequest(state: WindowCount | undefined, nowMs: number, windowMs: number): { state: WindowCount; ttlMs: number } {
  const fresh = !state || nowMs - state.startMs >= windowMs || nowMs < state.startMs;
  const next = fresh ? { count: 1, startMs: nowMs } : { count: state.count + 1, startMs: state.startMs };
  return { state: next, ttlMs: next.startMs + windowMs - nowMs };
}

/**
 * TRUST_PROXY: a comma-separated list of proxy addresses and CIDR ranges whose X-Forwarded-For is
 * believed (e.g. "10.0.0.1,10.1.0.0/16"). Empty → trust nobody. "true" (trust everyone) lets any
 * client forge its address, so it is refused in production and, elsewhere, means only loopback.
 */
export function parseTrustedProxies(raw: string | undefined, production: boolean): string[] {
  const v = (raw ?? '').trim();
  if (v === '' || v === 'false') return [];
  if (v === 'true') {
    if (production) {
      throw new Error(
        'TRUST_PROXY=true (tin mọi địa chỉ) không còn được chấp nhận khi NODE_ENV=production: hãy liệt kê địa chỉ IP/dải CIDR của reverse proxy, ví dụ TRUST_PROXY=10.0.0.1,10.1.0.0/16.',
      );
    }
    return ['127.0.0.1', '::1'];
  }
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    const [addr, bits, extra] = item.split('/');
    const family = isIP(addr);
    const maxBits = family === 4 ? 32 : 128;
    const okBits = bits === undefined || (/^[0-9]{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !okBits || extra !== undefined) {
      throw new Error(`TRUST_PROXY: "${item}" không phải địa chỉ IP hoặc dải CIDR (ví dụ 10.0.0.1 hoặc 10.1.0.0/16).`);
    }
  }
  return items;
}

/** The start of the next calendar day in Asia/Ho_Chi_Minh (UTC+7, no DST) after `nowMs`. */
export function nextVnMidnightMs(nowMs: number): number {
  return Math.floor((nowMs + VN_OFFSET_MS) / 86_400_000) * 86_400_000 + 86_400_000 - VN_OFFSET_MS;
}

/** A daily byte budget: whether `size` more bytes fit when `used` are spent out of `cap` (null = no cap). */
export function fitsBudget(used: number, size: number, cap: number | null): boolean {
  return cap === null || used + size <= cap;
}
