import { randomUUID } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import { sql } from 'kysely';
import type { Database } from './db/database.js';
import { consoleLog, type WorkerLog } from './outbox.js';

/**
 * Cron-like scheduled jobs that several processes can run side by side: each job is a row; the
 * process that claims a due row (FOR UPDATE SKIP LOCKED + lease) runs it and sets next_run_at from
 * the cron expression in Asia/Ho_Chi_Minh. A crashed runner's lease expires and the job runs again.
 * Cron parsing: the cron-parser library.
 */
export type JobHandler = (ctx: { name: string; scheduledFor: Date }) => Promise<void>;

export const JOB_TZ = 'Asia/Ho_Chi_Minh';

export function nextCronRun(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: JOB_TZ }).next().toDate();
}

export class JobScheduler {
  readonly #jobs = new Map<string, { cron: string; handler: JobHandler }>();
  readonly #id = `${process.pid}-${randomUUID().slice(0, 8)}`;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopped = true;

  readonly #log: WorkerLog;

  constructor(
    private readonly database: Database,
    private readonly opts: { pollMs?: number; leaseSeconds?: number; log?: WorkerLog } = {},
  ) {
    this.#log = opts.log ?? consoleLog;
  }

  /** The names of the defined jobs. */
  names(): string[] {
    return [...this.#jobs.keys()];
  }

  /** Runs one job now, outside its schedule (tests; an operator's manual run). Errors are thrown. */
  async runNow(name: string): Promise<void> {
    const job = this.#jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    await job.handler({ name, scheduledFor: new Date() });
  }

  define(name: string, cron: string, handler: JobHandler): void {
    nextCronRun(cron, new Date()); // validates the expression now
    this.#jobs.set(name, { cron, handler });
  }

  /** Creates missing job rows and updates changed cron expressions. */
  async sync(now = new Date()): Promise<void> {
    for (const [name, j] of this.#jobs) {
      await sql`INSERT INTO scheduled_job (name, cron, next_run_at) VALUES (${name}, ${j.cron}, ${nextCronRun(j.cron, now)})
        ON CONFLICT (name) DO UPDATE SET cron = EXCLUDED.cron,
          next_run_at = CASE WHEN scheduled_job.cron = EXCLUDED.cron THEN scheduled_job.next_run_at ELSE EXCLUDED.next_run_at END`.execute(this.database.db);
    }
  }

  async runDue(): Promise<string[]> {
    const names = [...this.#jobs.keys()];
    if (!names.length) return [];
    const lease = this.opts.leaseSeconds ?? 600;
    const { rows } = await sql<{ name: string; next_run_at: Date }>`
      UPDATE scheduled_job SET locked_by = ${this.#id}, locked_until = now() + make_interval(secs => ${lease})
      WHERE name IN (SELECT name FROM scheduled_job
                     WHERE next_run_at <= now() AND (locked_until IS NULL OR locked_until < now()) AND name = ANY(${names}::text[])
                     FOR UPDATE SKIP LOCKED)
      RETURNING name, next_run_at`.execute(this.database.db);
    const ran: string[] = [];
    for (const r of rows) {
      const job = this.#jobs.get(r.name)!;
      let status = 'ok';
      let error: string | null = null;
      try {
        await job.handler({ name: r.name, scheduledFor: r.next_run_at });
      } catch (err) {
        status = 'error';
        error = (err as Error).message ?? String(err);
        // Kept in scheduled_job.last_error and logged; the job runs again at its next time.
        this.#log.error(
          {
            job: r.name,
            scheduledFor: r.next_run_at,
            workerId: this.#id,
            err: err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) },
          },
          'scheduled job failed',
        );
      }
      await sql`UPDATE scheduled_job SET last_run_at = now(), last_status = ${status}, last_error = ${error},
        next_run_at = ${nextCronRun(job.cron, new Date())}, locked_by = NULL, locked_until = NULL
        WHERE name = ${r.name} AND locked_by = ${this.#id}`.execute(this.database.db);
      ran.push(r.name);
    }
    return ran;
  }

  async start(): Promise<void> {
    await this.sync();
    this.#stopped = false;
    const loop = async () => {
      if (this.#stopped) return;
      this.#running = this.runDue().catch((err: unknown) => {
        this.#log.error(
          { workerId: this.#id, err: err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) } },
          'scheduled jobs pass failed',
        );
        return [];
      });
      await this.#running;
      this.#running = null;
      if (!this.#stopped) this.#timer = setTimeout(loop, this.opts.pollMs ?? 15_000);
    };
    this.#timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#running) await this.#running;
  }
}
