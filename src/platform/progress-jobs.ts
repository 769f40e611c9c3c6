/**
 * Long work with progress (issue 23): a plan import today, long exports next. A job is a
 * progress_job row (queued → running → done | failed) with processed/total counters, then its
 * result or its errors. The work runs in the process that received the request; while it runs,
 * its progress is kept in memory (a single all-or-nothing transaction may be open, and on PGlite
 * nothing else reads the database until it commits) and the row is written at the start and end.
 * GET routes read `get(kind, id)`: the live progress when the job runs here, else the row; a job
 * left running by a process that stopped is reported failed.
 *
 * Tests observe progress through `onProgressStep(kind, fn)`: the work awaits fn at every step,
 * so a test can hold the job at a given count and read the progress route then (or throw there,
 * to fail the work at that point); `jobSettled(id)` waits for the end.
 */
import type { Database } from './db/database.js';
import { AppError, notFound } from './errors.js';
import * as repo from './progress-jobs.repo.js';

export type { JobError, JobRow, JobStatus } from './progress-jobs.repo.js';

/** A job not updated for this long, and not running here, was interrupted (process restarted). */
const STALE_MS = 10 * 60_000;

export interface Step {
  phase: string;
  processed: number;
  total: number;
}

/** Reports progress; awaits the test hook of the job's kind, if any. */
export type Report = (step: Step) => Promise<void>;

type StepHook = (jobId: string, step: Step) => Promise<void> | void;
const hooks = new Map<string, StepHook>();

/** For tests: fn is awaited at every step of jobs of `kind`. Returns the function that removes it. */
export function onProgressStep(kind: string, fn: StepHook): () => void {
  hooks.set(kind, fn);
  return () => {
    if (hooks.get(kind) === fn) hooks.delete(kind);
  };
}

const ends = new Map<string, Promise<void>>();

/** For tests: resolves when the job with this id, started in this process, has finished (at once if unknown). */
export function jobSettled(id: string): Promise<void> {
  return ends.get(id) ?? Promise.resolve();
}

/** An error of failed work as stored on the job (an AppError keeps its code; `line` when it has one). */
export function jobErrorOf(err: unknown): repo.JobError {
  if (err instanceof AppError) {
    const line = typeof err.extra.line === 'number' ? err.extra.line : null;
    return { code: err.code, message: err.detail, line };
  }
  return { code: 'internal_error', message: `Lỗi khi xử lý: ${(err as Error).message}`, line: null };
}

export function createProgressJobs(database: Database) {
  const db = database.db;
  /** The jobs running in this process: their row as started, with the live progress. */
  const live = new Map<string, repo.JobRow>();

  /**
   * Records a job of `kind` and starts `work`; returns its id and a promise of its end (which
   * never rejects: a failure is recorded on the job). A job counts in steps of `work`'s own choosing.
   */
  async function start<R>(kind: string, createdBy: string | null, work: (report: Report) => Promise<R>): Promise<{ id: string; done: Promise<void> }> {
    const id = await repo.insertJob(db, { kind, createdBy });
    live.set(id, (await repo.getJob(db, id))!);
    const report: Report = async (step) => {
      Object.assign(live.get(id)!, { status: 'running', ...step });
      await hooks.get(kind)?.(id, step);
    };
    const done = (async () => {
      try {
        await repo.updateJob(db, id, { status: 'running' });
        const result = await work(report);
        const last = live.get(id);
        await repo.updateJob(db, id, { status: 'done', phase: last?.phase ?? null, processed: last?.total ?? 0, total: last?.total ?? 0, result, finished: true });
      } catch (err) {
        const last = live.get(id);
        await repo.updateJob(db, id, { status: 'failed', phase: last?.phase ?? null, processed: last?.processed ?? 0, total: last?.total ?? 0, errors: [jobErrorOf(err)], finished: true }).catch(() => undefined);
      } finally {
        live.delete(id);
        ends.delete(id);
      }
    })();
    ends.set(id, done);
    return { id, done };
  }

  /** The job as the progress routes show it; 404 when there is no job of that kind with that id. */
  async function get(kind: string, id: string, what: string): Promise<repo.JobRow> {
    const l = live.get(id);
    // A running job is answered from memory: its transaction may hold the database (PGlite).
    if (l && l.kind === kind) return { ...l };
    const job = await repo.getJob(db, id);
    if (!job || job.kind !== kind) throw notFound(what);
    if ((job.status === 'queued' || job.status === 'running') && Date.now() - new Date(job.updatedAt).getTime() > STALE_MS) {
      job.status = 'failed';
      job.errors = [{ code: 'interrupted', message: 'Công việc bị gián đoạn (máy chủ khởi động lại); không có gì thay đổi. Vui lòng thực hiện lại.', line: null }];
    }
    return job;
  }

  return { start, get };
}

export type ProgressJobs = ReturnType<typeof createProgressJobs>;
