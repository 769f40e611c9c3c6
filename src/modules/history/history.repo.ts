import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { HistoryImportJob, ImportError } from './history.schemas.js';

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v ? String(v) : null);

/** A history_import row as read (typed from the generated schema). */
type JobRow = TableRow<'history_import'>;

function toJob(r: JobRow): HistoryImportJob & { updatedAt: string } {
  return {
    id: r.id,
    fileName: r.file_name ?? null,
    format: r.format as 'ndjson',
    dryRun: r.dry_run,
    status: r.status as 'queued',
    phase: '',
    total: r.total,
    processed: r.processed,
    imported: r.imported,
    unchanged: r.unchanged,
    rejected: r.rejected,
    errors: (r.errors as ImportError[]) ?? [],
    createdBy: (r.created_by as string) ?? null,
    createdAt: iso(r.created_at)!,
    finishedAt: iso(r.finished_at),
    updatedAt: iso(r.updated_at)!,
  };
}

export async function insertJob(
  db: Executor,
  j: { format: 'ndjson' | 'xlsx' | 'zip'; fileName: string | null; dryRun: boolean; createdBy: string | null },
): Promise<string> {
  const { rows } = await sql<{ id: string }>`INSERT INTO history_import (file_name, format, dry_run, status, created_by)
    VALUES (${j.fileName}, ${j.format}, ${j.dryRun}, 'queued', ${j.createdBy}) RETURNING id`.execute(db);
  return rows[0].id;
}

export async function updateJob(
  db: Executor,
  id: string,
  p: {
    status: HistoryImportJob['status'];
    total: number;
    processed: number;
    imported: number;
    unchanged: number;
    rejected: number;
    errors?: ImportError[];
    finished?: boolean;
  },
): Promise<void> {
  await sql`UPDATE history_import SET status = ${p.status}, total = ${p.total}, processed = ${p.processed}, imported = ${p.imported}, unchanged = ${p.unchanged},
    rejected = ${p.rejected}, errors = coalesce(${p.errors ? JSON.stringify(p.errors) : null}::jsonb, errors), updated_at = now(),
    finished_at = CASE WHEN ${p.finished ?? false} THEN now() ELSE finished_at END WHERE id = ${id}`.execute(db);
}

export async function getJob(db: Executor, id: string) {
  const { rows } =
    await sql<JobRow>`SELECT id, file_name, format, dry_run, status, total, processed, imported, unchanged, rejected, errors, created_by, created_at, updated_at, finished_at FROM history_import WHERE id = ${id}`.execute(
      db,
    );
  return rows.length ? toJob(rows[0]) : null;
}

export async function listJobs(db: Executor, limit: number) {
  const { rows } =
    await sql<JobRow>`SELECT id, file_name, format, dry_run, status, total, processed, imported, unchanged, rejected, errors, created_by, created_at, updated_at, finished_at FROM history_import ORDER BY created_at DESC LIMIT ${limit}`.execute(
      db,
    );
  return rows.map(toJob);
}

export async function getImported(db: Executor, ref: string): Promise<{ dossierId: string; contentSha256: string; importId: string } | null> {
  const { rows } = await sql<
    Pick<TableRow<'history_imported_dossier'>, 'dossier_id' | 'content_sha256' | 'import_id'>
  >`SELECT dossier_id, content_sha256, import_id FROM history_imported_dossier WHERE source_ref = ${ref}`.execute(db);
  return rows.length ? { dossierId: rows[0].dossier_id, contentSha256: rows[0].content_sha256, importId: rows[0].import_id } : null;
}

export async function insertImported(db: Executor, r: { ref: string; dossierId: string; sha256: string; importId: string }): Promise<void> {
  await sql`INSERT INTO history_imported_dossier (source_ref, dossier_id, content_sha256, import_id) VALUES (${r.ref}, ${r.dossierId}, ${r.sha256}, ${r.importId})`.execute(
    db,
  );
}
