/**
 * A fixed "now" for test runs: `MOTCUA_TEST_NOW=2027-02-01T00:30:00+07:00` makes the whole test
 * process start at that instant (time still advances from there). The test harness installs it
 * when imported, so every date the tests, seeds, services and the embedded PGlite engine read —
 * `new Date()`, `Date.now()`, `deps.clock`, SQL `now()` in PGlite — comes from it. Nothing outside
 * src/test reads the variable. A PostgreSQL server keeps its own clock, so shifted runs use PGlite
 * (`.ci/run` runs the date-sensitive files at fixed instants; docs/testing.md).
 */
export const TEST_NOW_ENV = 'MOTCUA_TEST_NOW';

const RealDate = Date;
let installedOffset: number | null = null;

/** Shifts the process clock so that it reads `iso` now. Idempotent; returns the offset in ms (0 when unset). */
export function installTestNow(iso: string | undefined = process.env[TEST_NOW_ENV]): number {
  if (!iso) return 0;
  const target = RealDate.parse(iso);
  if (Number.isNaN(target)) throw new Error(`${TEST_NOW_ENV}=${iso} is not an ISO 8601 instant`);
  if (installedOffset !== null) return installedOffset;
  const offset = target - RealDate.now();
  installedOffset = offset;
  const realNow = RealDate.now.bind(RealDate);
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(realNow() + offset);
      else super(...(args as [string]));
    }
    static override now(): number {
      return realNow() + offset;
    }
    // Dates made by native code (or before the shift) are dates too.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof RealDate;
    }
  }
  Object.defineProperty(ShiftedDate, 'name', { value: 'Date' });
  // Date() called as a function returns a string of the current time.
  const Shifted = new Proxy(ShiftedDate, {
    apply: () => new ShiftedDate().toString(),
  });
  globalThis.Date = Shifted as DateConstructor;
  return offset;
}

installTestNow();
