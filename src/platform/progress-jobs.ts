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

export type { JobError, JobFile, JobRow, JobStatus } from './progress-jobs.repo.js';

/** How long a job's file (a long export) is kept for download. */
export const JOB_FILE_KEEP_MS = 24 * 3_600_000;
/** The scheduled job that deletes the files whose time is up (hourly). */
export const JOB_FILES_CLEANUP = 'progress-job-files.cleanup';
export const JOB_FILES_CLEANUP_CRON = '20 * * * *';

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

/** Deletes the job files whose time is up (the JOB_FILES_CLEANUP job); returns how many. */
export function cleanupJobFiles(database: Database, now: Date): Promise<number> {
  return repo.deleteExpiredFiles(database.db, now);
}

export function createProgressJobs(database: Database, clock: { now(): Date } = { now: () => new Date() }) {
  const db = database.db;
  /** The jobs running in this process: their row as started, with the live progress. */
  const live = new Map<string, repo.JobRow>();

  /**
   * Records a job of `kind` and starts `work`; returns its id and a promise of its end (which
   * never rejects: a failure is recorded on the job). A job counts in steps of `work`'s own choosing.
   */
  async function start<R>(
    kind: string,
    createdBy: string | null,
    work: (report: Report, id: string) => Promise<R>,
  ): Promise<{ id: string; done: Promise<void> }> {
    const id = await repo.insertJob(db, { kind, createdBy });
    live.set(id, (await repo.getJob(db, id))!);
    const report: Report = async (step) => {
      Object.assign(live.get(id)!, { status: 'running', ...step });
      await hooks.get(kind)?.(id, step);
    };
    const done = (async () => {
      try {
        await repo.updateJob(db, id, { status: 'running' });
        const result = await work(report, id);
        const last = live.get(id);
        await repo.updateJob(db, id, {
          status: 'done',
          phase: last?.phase ?? null,
          processed: last?.total ?? 0,
          total: last?.total ?? 0,
          result,
          finished: true,
        });
      } catch (err) {
        const last = live.get(id);
        await repo
          .updateJob(db, id, {
            status: 'failed',
            phase: last?.phase ?? null,
            processed: last?.processed ?? 0,
            total: last?.total ?? 0,
            errors: [jobErrorOf(err)],
            finished: true,
          })
          .catch(() => undefined);
      } finally {
        live.delete(id);
        ends.delete(id);
      }
    })();
    ends.set(id, done);
    return { id, done };
  }

  /**
   * A job that produces a file (a long export): `work` returns the file and the job's result; the
   * file is kept JOB_FILE_KEEP_MS for `file()`, then deleted by the cleanup job.
   */
  function startFile<R>(
    kind: string,
    createdBy: string | null,
    work: (report: Report) => Promise<{ file: repo.JobFile; result: R }>,
  ): Promise<{ id: string; done: Promise<void> }> {
    return start(kind, createdBy, async (report, jobId) => {
      const { file, result } = await work(report);
      const expiresAt = new Date(clock.now().getTime() + JOB_FILE_KEEP_MS);
      await repo.insertFile(db, jobId, file, expiresAt);
      return { ...result, fileName: file.name, size: file.data.length, expiresAt: expiresAt.toISOString() };
    });
  }

  /**
   * The file of a finished job of `kind` started by `owner`: 404 when there is none (or another
   * user's), 409 `job_not_done` while it runs or when it failed, 410 `job_file_expired` once deleted.
   * The job comes with it (its result names what the file holds).
   */
  async function file(kind: string, id: string, owner: string | null, what: string): Promise<{ file: repo.JobFile; job: repo.JobRow }> {
    const job = await get(kind, id, what, owner);
    if (job.status !== 'done')
      throw new AppError(
        409,
        'job_not_done',
        job.status === 'failed' ? 'Công việc đã thất bại, không có tệp để tải.' : 'Tệp chưa sẵn sàng: công việc vẫn đang chạy.',
      );
    const f = await repo.getFile(db, id);
    if (!f || new Date(f.expiresAt).getTime() <= clock.now().getTime())
      throw new AppError(410, 'job_file_expired', 'Tệp đã hết thời hạn lưu và đã bị xoá; vui lòng xuất lại.');
    return { file: f, job };
  }

  /**
   * The job as the progress routes show it; 404 when there is no job of that kind with that id
   * (or, with `owner`, when another user started it).
   */
  async function get(kind: string, id: string, what: string, owner?: string | null): Promise<repo.JobRow> {
    const l = live.get(id);
    // A running job is answered from memory: its transaction may hold the database (PGlite).
    if (l && l.kind === kind && (owner === undefined || l.createdBy === owner)) return { ...l };
    const job = await repo.getJob(db, id);
    if (!job || job.kind !== kind || (owner !== undefined && job.createdBy !== owner)) throw notFound(what);
    if ((job.status === 'queued' || job.status === 'running') && Date.now() - new Date(job.updatedAt).getTime() > STALE_MS) {
      job.status = 'failed';
      job.errors = [
        { code: 'interrupted', message: 'Công việc bị gián đoạn (máy chủ khởi động lại); không có gì thay đổi. Vui lòng thực hiện lại.', line: null },
      ];
    }
    return job;
  }

  return { start, startFile, get, file };
}

export type ProgressJobs = ReturnType<typeof createProgressJobs>;
