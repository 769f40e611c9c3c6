import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildWorkCalendar, schedulesFor } from '../src/modules/calendar/calendar.public.js';
import { naiveAddWorking, type NaiveCalendar } from '../src/modules/calendar/worktime.naive.js';
import { addWorking, DEFAULT_OFFICE_HOURS, type WorkCalendar, type WorkUnit } from '../src/modules/calendar/worktime.rules.js';

/**
 * Deadline computations per second: the precomputed WorkCalendar vs the naive day-by-day walk,
 * on the same deterministic random cases, measured one after the other in the same run, single
 * thread; results are checked equal on a sample first. Targets: fast ≥ 20× naive and
 * > 100,000/s. Also prints peak RSS (process.resourceUsage().maxRSS).
 */

interface Case {
  readonly from: Date;
  readonly amount: number;
  readonly unit: WorkUnit;
}

const FROM_YEAR = 2000;
const TO_YEAR = 2035;

/** Deterministic pseudo-random cases (LCG), starts in 2023–2030, realistic processing times. */
function makeCases(n: number): Case[] {
  let seed = 20_250_613;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  const start = Date.parse('2023-01-01T00:00:00+07:00');
  const span = Date.parse('2031-01-01T00:00:00+07:00') - start;
  return Array.from({ length: n }, (): Case => {
    const from = new Date(start + Math.floor((rnd() * span) / 60_000) * 60_000);
    const r = rnd();
    if (r < 0.7) return { from, amount: 1 + Math.floor(rnd() * 30), unit: 'working_days' };
    if (r < 0.9) return { from, amount: 1 + Math.floor(rnd() * 40), unit: 'working_hours' };
    return { from, amount: 1 + Math.floor(rnd() * 30), unit: 'calendar_days' };
  });
}

/** Runs `fn` over the cases for at least `ms` milliseconds; returns operations per second. */
function opsPerSecond(cases: readonly Case[], ms: number, fn: (c: Case) => Date): number {
  let ops = 0;
  let sink = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const c of cases) sink += fn(c).getTime() & 1;
    ops += cases.length;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  if (sink < 0) console.log(sink); // keep the results alive
  return (ops / elapsed) * 1000;
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<void> {
  const t0 = performance.now();
  const cal: WorkCalendar = buildWorkCalendar({ fromYear: FROM_YEAR, toYear: TO_YEAR });
  const schedules = schedulesFor(FROM_YEAR, TO_YEAR);
  const naive: NaiveCalendar = {
    daysOff: new Set(schedules.flatMap((s) => s.daysOff.map((d) => d.date))),
    workingDays: new Set(schedules.flatMap((s) => s.workingDays.map((d) => d.date))),
    officeHours: DEFAULT_OFFICE_HOURS,
  };
  const buildMs = performance.now() - t0;

  const cases = makeCases(20_000);
  // Correctness first: both implementations must agree (also warms up the JIT and the tables).
  for (const c of cases.slice(0, 3_000)) {
    const a = addWorking(cal, c.from, c.amount, c.unit).getTime();
    const b = naiveAddWorking(naive, c.from, c.amount, c.unit).getTime();
    if (a !== b) throw new Error(`mismatch for ${c.from.toISOString()} + ${c.amount} ${c.unit}: ${a} vs ${b}`);
  }

  const fastOps = opsPerSecond(cases, 3_000, (c) => addWorking(cal, c.from, c.amount, c.unit));
  const rssAfterFast = process.resourceUsage().maxRSS;
  const naiveOps = opsPerSecond(cases.slice(0, 2_000), 3_000, (c) => naiveAddWorking(naive, c.from, c.amount, c.unit));
  const rssAfterNaive = process.resourceUsage().maxRSS;
  const ratio = fastOps / naiveOps;

  console.log('\n## Deadline computations (addWorking), one thread, same cases, measured in this run');
  console.log(`cases: 70% 1–30 working days, 20% 1–40 working hours, 10% 1–30 calendar days; starts 2023–2030`);
  console.log(`calendar ${FROM_YEAR}–${TO_YEAR} with rules + official schedules built in ${buildMs.toFixed(0)} ms (tables filled lazily per year)`);
  console.log(`fast (precomputed tables) : ${fmt(fastOps)} /s  (target > 100,000/s → ${fastOps > 100_000 ? 'OK' : 'BELOW TARGET'})`);
  console.log(`naive (day-by-day walk)   : ${fmt(naiveOps)} /s`);
  console.log(`ratio fast / naive        : ${ratio.toFixed(1)}×  (target ≥ 20× → ${ratio >= 20 ? 'OK' : 'BELOW TARGET'})`);
  console.log(`peak RSS: ${mb(rssAfterFast)} after the fast phase, ${mb(rssAfterNaive)} after the naive phase (process maxRSS)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await run();
