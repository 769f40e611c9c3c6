/**
 * Failed-login throttling rules (pure), after the practice of mature identity systems (progressive
 * delays, as Keycloak's and Cognito's; "smart lockout", as Entra ID's): no hard lock anyone can
 * trigger on someone else's account.
 *
 * Three counters of failures, each forgotten an hour after its last failure:
 * - per account *and* client (the pair): after 5 failures that client waits before its next try
 *   on that account, 30 s doubling to 15 min;
 * - per client, across accounts (password spraying): after 30 failures, 5 s doubling to 1 min —
 *   short, because a whole office or carrier NAT may share the address;
 * - per account, across clients (a distributed guess): after 10 failures, 30 s doubling to
 *   15 min — but only for clients that themselves failed recently. A client without failures is
 *   never delayed by what others did: the right password from it succeeds.
 * A successful login clears its pair's counter.
 */
export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
}

export interface ThrottlePolicy {
  /** Failures with no delay after them (the delay starts after failure free + 1). */
  free: number;
  /** The first delay; each further failure doubles it, up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** A counter is forgotten this long after its last failure. */
  resetMs: number;
}

const HOUR = 3_600_000;
export const PAIR_POLICY: ThrottlePolicy = { free: 4, baseMs: 30_000, maxMs: 15 * 60_000, resetMs: HOUR };
export const CLIENT_POLICY: ThrottlePolicy = { free: 29, baseMs: 5_000, maxMs: 60_000, resetMs: HOUR };
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 9, baseMs: 30_000, maxMs: 15 * 60_000, resetMs: HOUR };

/** The delay imposed after `failures` failures: none up to `free`, then baseMs doubling, capped. */
export function delayAfter(failures: number, p: ThrottlePolicy): number {
  if (failures <= p.free) return 0;
  const exp = failures - p.free - 1;
  return exp >= 30 ? p.maxMs : Math.min(p.baseMs * 2 ** exp, p.maxMs);
}

/** Whether the counter still counts at `now` (its last failure is less than resetMs ago). */
export function isActive(state: ThrottleState | null, now: Date, p: ThrottlePolicy): state is ThrottleState {
  return !!state && state.failures > 0 && now.getTime() - state.lastFailureAt.getTime() < p.resetMs;
}

/** Milliseconds to wait before the next attempt this counter allows (0 = now). */
export function waitMs(state: ThrottleState | null, now: Date, p: ThrottlePolicy): number {
  if (!isActive(state, now, p)) return 0;
  return Math.max(0, state.lastFailureAt.getTime() + delayAfter(state.failures, p) - now.getTime());
}

/** The counter after one more failure at `now` (a forgotten counter starts again at 1). */
export function afterFailure(state: ThrottleState | null, now: Date, p: ThrottlePolicy): ThrottleState {
  return { failures: isActive(state, now, p) ? state.failures + 1 : 1, lastFailureAt: now };
}

export interface LoginCounters {
  pair: ThrottleState | null;
  client: ThrottleState | null;
  account: ThrottleState | null;
}

/** Seconds the client must wait before trying this account (0 = go ahead). */
export function loginWaitSeconds(c: LoginCounters, now: Date): number {
  const clientHasFailures = isActive(c.pair, now, PAIR_POLICY) || isActive(c.client, now, CLIENT_POLICY);
  const ms = Math.max(waitMs(c.pair, now, PAIR_POLICY), waitMs(c.client, now, CLIENT_POLICY), clientHasFailures ? waitMs(c.account, now, ACCOUNT_POLICY) : 0);
  return Math.ceil(ms / 1000);
}

/** The throttle keys of an attempt on `username` from `ip`. */
export function throttleKeys(username: string, ip: string | null): { pair: string; client: string; account: string } {
  const u = username.normalize('NFC').toLowerCase();
  const c = ip ?? '-';
  return { pair: `uc:${u}|${c}`, client: `ip:${c}`, account: `u:${u}` };
}
