/** SQL of the progress_job table (src/platform/progress-jobs.ts). */
import { sql } from 'kysely';
import type { Executor, TableRow } from './db/database.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobError {
  code: string;
  message: string;
  line: number | null;
}

export interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  phase: string | null;
  processed: number;
  total: number;
  result: unknown;
  errors: JobError[] | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** A progress_job row as read: every column (typed from the generated schema). */
type Row = TableRow<'progress_job'>;

const toJob = (r: Row): JobRow => ({
  id: r.id,
  kind: r.kind,
  status: r.status as JobStatus,
  phase: r.phase,
  processed: r.processed,
  total: r.total,
  result: r.result ?? null,
  errors: (r.errors as JobError[] | null) ?? null,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
  finishedAt: r.finished_at === null ? null : new Date(r.finished_at).toISOString(),
});

export async function insertJob(db: Executor, j: { kind: string; createdBy: string | null }): Promise<string> {
  const { rows } = await sql<
    Pick<Row, 'id'>
  >`INSERT INTO progress_job (kind, status, created_by) VALUES (${j.kind}, 'queued', ${j.createdBy}) RETURNING id`.execute(db);
  return rows[0].id;
}

export async function updateJob(
  db: Executor,
  id: string,
  p: { status?: JobStatus; phase?: string | null; processed?: number; total?: number; result?: unknown; errors?: JobError[]; finished?: boolean },
): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (p.status !== undefined) sets.push(sql`status = ${p.status}`);
  if (p.phase !== undefined) sets.push(sql`phase = ${p.phase}`);
  if (p.processed !== undefined) sets.push(sql`processed = ${p.processed}`);
  if (p.total !== undefined) sets.push(sql`total = ${p.total}`);
  if (p.result !== undefined) sets.push(sql`result = ${JSON.stringify(p.result)}::jsonb`);
  if (p.errors !== undefined) sets.push(sql`errors = ${JSON.stringify(p.errors)}::jsonb`);
  if (p.finished) sets.push(sql`finished_at = now()`);
  await sql`UPDATE progress_job SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

export async function getJob(db: Executor, id: string): Promise<JobRow | null> {
  const { rows } =
    await sql<Row>`SELECT id, kind, status, phase, processed, total, result, errors, created_by, created_at, updated_at, finished_at FROM progress_job WHERE id = ${id}`.execute(
      db,
    );
  return rows.length ? toJob(rows[0]) : null;
}

export interface JobFile {
  name: string;
  contentType: string;
  data: Buffer;
}

export async function insertFile(db: Executor, jobId: string, f: JobFile, expiresAt: Date): Promise<void> {
  await sql`INSERT INTO progress_job_file (job_id, file_name, content_type, data, size, expires_at)
            VALUES (${jobId}, ${f.name}, ${f.contentType}, ${f.data}, ${f.data.length}, ${expiresAt.toISOString()})`.execute(db);
}

export async function getFile(db: Executor, jobId: string): Promise<(JobFile & { expiresAt: string }) | null> {
  const { rows } = await sql<Pick<TableRow<'progress_job_file'>, 'file_name' | 'content_type' | 'data' | 'expires_at'>>`
    SELECT file_name, content_type, data, expires_at FROM progress_job_file WHERE job_id = ${jobId}`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  return { name: r.file_name, contentType: r.content_type, data: Buffer.from(r.data), expiresAt: new Date(r.expires_at).toISOString() };
}

/** Deletes the files whose time is up; returns how many. */
export async function deleteExpiredFiles(db: Executor, now: Date): Promise<number> {
  const { rows } = await sql<
    Pick<TableRow<'progress_job_file'>, 'job_id'>
  >`DELETE FROM progress_job_file WHERE expires_at <= ${now.toISOString()} RETURNING job_id`.execute(db);
  return rows.length;
}
