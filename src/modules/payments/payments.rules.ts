/**
 * Pure rules of online payment: the amount due online (catalogue fees with the reduction for
 * online payment), the gateway callback's signed string and its checks, receipt numbering.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { nameKey } from '../../platform/text.js';

export interface RequestedItem {
  name: string;
  amount: number;
}

export interface CatalogueFee {
  name: string;
  amountVnd: number | null;
  onlineReductionPercent: number | null;
}

export interface DueLine {
  name: string;
  amount: number;
  reductionPercent: number;
  /** Amount due when paid online, in whole đồng. */
  due: number;
}

/**
 * The lines of a payment request with their online reduction: the catalogue's
 * `onlineReductionPercent` for a fee of the same name (Unicode- and tone-placement-insensitive),
 * else the province's policy for online payment, else none. The reduction is rounded down to a
 * whole đồng in the payer's favour (due = amount − ⌊amount × % / 100⌋... rounded so due is whole).
 */
export function dueLines(items: readonly RequestedItem[], catalogue: readonly CatalogueFee[], policyPercent: number | null): DueLine[] {
  return items.map((i) => {
    const fee = catalogue.find((f) => nameKey(f.name) === nameKey(i.name));
    const pct = fee?.onlineReductionPercent ?? policyPercent ?? 0;
    const reduction = Math.ceil((i.amount * pct) / 100);
    return { name: i.name, amount: i.amount, reductionPercent: pct, due: Math.max(0, i.amount - reduction) };
  });
}

export const totalOf = (lines: readonly { due: number }[]) => lines.reduce((s, l) => s + l.due, 0);
export const grossOf = (lines: readonly { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);

/** The policy in force on a day for a procedure: the most specific (procedure over all), newest first. */
export function policyFor(
  policies: readonly { procedureCode: string | null; reductionPercent: number; validFrom: string; validTo: string | null }[],
  code: string,
  day: string,
): number | null {
  const live = policies.filter((p) => p.validFrom <= day && (!p.validTo || p.validTo >= day) && (p.procedureCode === null || p.procedureCode === code));
  live.sort((a, b) => (a.procedureCode === null ? 1 : 0) - (b.procedureCode === null ? 1 : 0) || b.validFrom.localeCompare(a.validFrom));
  return live[0]?.reductionPercent ?? null;
}

// ---- gateway callbacks ---------------------------------------------------------------------------

export interface CallbackFields {
  orderRef: string;
  txnId: string;
  amount: number;
  status: 'success' | 'failed';
  paidAt: string;
  /** When the gateway signed the callback (ISO instant): replays after the window are refused. */
  ts: string;
}

/** The string the gateway signs: fields in a fixed order, "|"-separated (as VNPay-style gateways do). */
export const signedString = (c: CallbackFields): string => [c.orderRef, c.txnId, String(c.amount), c.status, c.paidAt, c.ts].join('|');

export const signCallback = (c: CallbackFields, secret: string): string => createHmac('sha256', secret).update(signedString(c)).digest('hex');

export function signatureValid(c: CallbackFields, signature: string, secret: string): boolean {
  const expected = Buffer.from(signCallback(c, secret), 'hex');
  const got = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** How old (or how far in the future) a signed callback may be. */
export const CALLBACK_WINDOW_MS = 15 * 60_000;

export type CallbackVerdict =
  | { ok: true; effect: 'paid' | 'failed' | 'late_paid' }
  | {
      ok: false;
      code: 'invalid_signature' | 'callback_expired' | 'unknown_order' | 'callback_replayed' | 'amount_mismatch' | 'already_paid' | 'already_failed';
      status: 400 | 404 | 409 | 422;
    };

/**
 * Decides what a callback does to a payment. `signatureOk` and `txnSeen` (an accepted callback with
 * this transaction id exists) are facts the service establishes.
 */
export function judgeCallback(
  c: CallbackFields,
  f: {
    signatureOk: boolean;
    now: Date;
    payment: { status: 'pending' | 'paid' | 'failed' | 'expired'; amount: number; gatewayTxnId: string | null } | null;
    txnSeen: boolean;
  },
): CallbackVerdict {
  if (!f.signatureOk) return { ok: false, code: 'invalid_signature', status: 400 };
  const ts = Date.parse(c.ts);
  if (Number.isNaN(ts) || Math.abs(f.now.getTime() - ts) > CALLBACK_WINDOW_MS) return { ok: false, code: 'callback_expired', status: 400 };
  if (!f.payment) return { ok: false, code: 'unknown_order', status: 404 };
  if (f.txnSeen || (f.payment.gatewayTxnId !== null && f.payment.gatewayTxnId === c.txnId)) return { ok: false, code: 'callback_replayed', status: 409 };
  if (c.amount !== f.payment.amount) return { ok: false, code: 'amount_mismatch', status: 422 };
  if (c.status === 'failed') {
    return f.payment.status === 'pending'
      ? { ok: true, effect: 'failed' }
      : { ok: false, code: f.payment.status === 'paid' ? 'already_paid' : 'already_failed', status: 409 };
  }
  if (f.payment.status === 'paid') return { ok: false, code: 'already_paid', status: 409 };
  return { ok: true, effect: f.payment.status === 'pending' ? 'paid' : 'late_paid' };
}

// ---- receipts -----------------------------------------------------------------------------------

/** Receipt series per year: "BL26E" = biên lai, 2026, electronic. */
export const receiptSeries = (year: number) => `BL${String(year % 100).padStart(2, '0')}E`;
export const receiptNumber = (n: number) => String(n).padStart(7, '0');

/** Amount in words (Vietnamese), for the receipt: 250000 → "Hai trăm năm mươi nghìn đồng". */
export function vndInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error('amount must be a non-negative integer');
  if (n === 0) return 'Không đồng';
  const digits = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
  const units = ['', ' nghìn', ' triệu', ' tỷ', ' nghìn tỷ', ' triệu tỷ'];
  const three = (x: number, full: boolean): string => {
    const h = Math.floor(x / 100),
      t = Math.floor((x % 100) / 10),
      u = x % 10;
    const parts: string[] = [];
    if (h > 0 || full) parts.push(`${digits[h]} trăm`);
    if (t > 1) parts.push(`${digits[t]} mươi`);
    else if (t === 1) parts.push('mười');
    else if (u > 0 && (h > 0 || full)) parts.push('lẻ');
    if (u > 0) parts.push(u === 1 && t > 1 ? 'mốt' : u === 5 && t > 0 ? 'lăm' : u === 4 && t > 1 ? 'tư' : digits[u]);
    return parts.join(' ');
  };
  const groups: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 1000)) groups.push(x % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    if (groups[i] === 0) continue;
    words.push(three(groups[i], i < groups.length - 1) + units[i]);
  }
  const s = words.join(' ').trim() + ' đồng';
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The verification code printed on a receipt (and in its QR): 16 hex digits in groups of four from
 * SHA-256 over the payment's random id and the receipt's series, number and amount. The id is not
 * public, so the code cannot be derived from what the receipt shows; the public check
 * (GET /api/v1/payments/receipts/verify) needs series, number and code together.
 */
export function receiptVerificationCode(p: { id: string; series: string; number: string; amount: number }): string {
  const h = createHash('sha256').update(`motcua-receipt|${p.id}|${p.series}|${p.number}|${p.amount}`).digest('hex').slice(0, 16).toUpperCase();
  return h.match(/.{4}/g)!.join('-');
}
