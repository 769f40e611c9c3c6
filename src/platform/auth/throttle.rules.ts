/**
 * Failed-login throttling rules (pure). Per account: 5 failures within 15 minutes lock the account
 * for 15 minutes. Per IP: 30 failures within 15 minutes lock the IP for 15 minutes.
 */
export interface ThrottleState {
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const IP_POLICY: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export function lockedFor(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000));
}

export function afterFailure(state: ThrottleState | null, now: Date, p: ThrottlePolicy): ThrottleState {
  const fresh = !state || now.getTime() - state.windowStart.getTime() > p.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now : state.windowStart;
  return {
    failures,
    windowStart,
    lockedUntil: failures >= p.maxFailures ? new Date(now.getTime() + p.lockMs) : (state?.lockedUntil ?? null),
  };
}
