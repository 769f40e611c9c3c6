import { sql } from 'kysely';
import { prepared, type Executor, type TableRow } from '../../platform/db/database.js';
import type { ImportError, ImportJob, ProcedureContent, VersionMeta, VersionStatus } from './catalog.schemas.js';

/** All SQL of the catalogue. Every function takes the executor (database or transaction) it runs in. */

type Version = TableRow<'procedure_version'>;
/** The procedure_version columns toVersion reads (typed from the generated schema). */
type VersionDbRow = Pick<
  Version,
  | 'id'
  | 'procedure_id'
  | 'version_no'
  | 'status'
  | 'code'
  | 'decision_no'
  | 'decision_date'
  | 'effective_from'
  | 'effective_to'
  | 'revision'
  | 'name'
  | 'content'
  | 'time_text'
  | 'fee_text'
  | 'agency_text'
  | 'created_at'
  | 'created_by'
  | 'published_at'
  | 'published_by'
>;
/** A search hit: the version's list columns, its competent agency (from content) and its score. */
type SearchDbRow = Pick<
  Version,
  'id' | 'version_no' | 'code' | 'portal_code' | 'name' | 'field' | 'levels' | 'online_level' | 'time_text' | 'fee_text' | 'agency_text' | 'effective_from'
> & {
  competent_id: string | null;
  /** real (no query) or numeric (an arithmetic of numeric terms: read as a string). */
  score: number | string | null;
  total_count: number;
};
type ImportDbRow = TableRow<'catalog_import'>;
const iso = (v: Date | null): string | null => (v == null ? null : v.toISOString());

export interface VersionRow {
  id: string;
  procedureId: string;
  versionNo: number;
  status: VersionStatus;
  code: string;
  decisionNo: string | null;
  decisionDate: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  revision: number;
  name: string;
  content: ProcedureContent;
  timeText: string;
  feeText: string;
  agencyText: string;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
}

const toVersion = (r: VersionDbRow): VersionRow => ({
  id: r.id,
  procedureId: r.procedure_id,
  versionNo: r.version_no,
  status: r.status as VersionStatus, // text column; written only from VersionStatus values
  code: r.code,
  decisionNo: r.decision_no ?? null,
  decisionDate: r.decision_date ?? null,
  effectiveFrom: r.effective_from ?? null,
  effectiveTo: r.effective_to ?? null,
  revision: r.revision,
  name: r.name,
  content: r.content as unknown as ProcedureContent, // jsonb written from a validated ProcedureContent
  timeText: r.time_text,
  feeText: r.fee_text,
  agencyText: r.agency_text,
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by ?? null,
  publishedAt: iso(r.published_at),
  publishedBy: r.published_by ?? null,
});

export const metaOf = (v: VersionRow): VersionMeta => ({
  versionId: v.id,
  versionNo: v.versionNo,
  status: v.status,
  decisionNo: v.decisionNo,
  decisionDate: v.decisionDate,
  effectiveFrom: v.effectiveFrom,
  effectiveTo: v.effectiveTo,
  revision: v.revision,
  name: v.name,
  createdAt: v.createdAt,
  createdBy: v.createdBy,
  publishedAt: v.publishedAt,
  publishedBy: v.publishedBy,
});

// ---- procedures -----------------------------------------------------------------------------

export async function getProcedureByCode(db: Executor, code: string): Promise<{ id: string; code: string } | null> {
  const { rows } = await sql<Pick<TableRow<'procedure'>, 'id' | 'code'>>`SELECT id, code FROM procedure WHERE code = ${code}`.execute(db);
  return rows[0] ?? null;
}

/** Locks the procedure row for the rest of the transaction (serialises its version changes). */
export async function lockProcedure(tx: Executor, code: string): Promise<{ id: string; code: string } | null> {
  const { rows } = await sql<Pick<TableRow<'procedure'>, 'id' | 'code'>>`SELECT id, code FROM procedure WHERE code = ${code} FOR UPDATE`.execute(tx);
  return rows[0] ?? null;
}

export async function insertProcedure(tx: Executor, code: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`INSERT INTO procedure (code) VALUES (${code}) RETURNING id`.execute(tx);
  return rows[0].id;
}

export async function touchProcedure(tx: Executor, id: string): Promise<void> {
  await sql`UPDATE procedure SET updated_at = now() WHERE id = ${id}`.execute(tx);
}

// ---- versions -------------------------------------------------------------------------------

/** The columns extracted from a version's content. */
export interface Extracted {
  code: string;
  portalCode: string | null;
  name: string;
  title: string;
  field: string;
  levels: string[];
  onlineLevel: string;
  agencyIds: string[];
  genericAgencyKinds: string[];
  timeText: string;
  feeText: string;
  agencyText: string;
  eformFields: number;
  eformPrefillable: number;
}

export interface VersionInsert extends Extracted {
  procedureId: string;
  versionNo: number;
  status: VersionStatus;
  decisionNo: string | null;
  decisionDate: string | null;
  effectiveFrom: string | null;
  content: ProcedureContent;
  createdBy: string | null;
  publishedBy?: string | null;
}

export async function insertVersion(tx: Executor, v: VersionInsert): Promise<string> {
  const published = v.status !== 'draft';
  const { rows } = await sql<{ id: string }>`INSERT INTO procedure_version (
      procedure_id, version_no, status, code, portal_code, name, title, field, levels, online_level, agency_ids, generic_agency_kinds,
      time_text, fee_text, agency_text, eform_fields, eform_prefillable, decision_no, decision_date, effective_from, content,
      created_by, published_by, published_at)
    VALUES (${v.procedureId}, ${v.versionNo}, ${v.status}, ${v.code}, ${v.portalCode}, ${v.name}, ${v.title}, ${v.field}, ${v.levels}::text[],
      ${v.onlineLevel}, ${v.agencyIds}::uuid[], ${v.genericAgencyKinds}::text[], ${v.timeText}, ${v.feeText}, ${v.agencyText},
      ${v.eformFields}, ${v.eformPrefillable}, ${v.decisionNo}, ${v.decisionDate}::date, ${v.effectiveFrom}::date, ${JSON.stringify(v.content)}::jsonb,
      ${v.createdBy}, ${published ? (v.publishedBy ?? v.createdBy) : null}, ${published ? sql`now()` : null})
    RETURNING id`.execute(tx);
  return rows[0].id;
}

/** Replaces a draft's content; false when the draft is gone or its revision moved on. */
export async function updateDraft(tx: Executor, versionId: string, expectedRevision: number | null, e: Extracted, content: ProcedureContent): Promise<boolean> {
  const rev = expectedRevision === null ? sql`` : sql`AND revision = ${expectedRevision}`;
  const r = await sql`UPDATE procedure_version SET
      portal_code = ${e.portalCode}, name = ${e.name}, title = ${e.title}, field = ${e.field}, levels = ${e.levels}::text[],
      online_level = ${e.onlineLevel}, agency_ids = ${e.agencyIds}::uuid[], generic_agency_kinds = ${e.genericAgencyKinds}::text[],
      time_text = ${e.timeText}, fee_text = ${e.feeText}, agency_text = ${e.agencyText},
      eform_fields = ${e.eformFields}, eform_prefillable = ${e.eformPrefillable},
      content = ${JSON.stringify(content)}::jsonb, revision = revision + 1, updated_at = now()
    WHERE id = ${versionId} AND status = 'draft' ${rev}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function deleteDraft(tx: Executor, versionId: string): Promise<void> {
  await sql`DELETE FROM procedure_version WHERE id = ${versionId} AND status = 'draft'`.execute(tx);
}

export async function publishDraft(
  tx: Executor,
  versionId: string,
  p: { decisionNo: string; decisionDate: string | null; effectiveFrom: string; by: string | null },
): Promise<void> {
  await sql`UPDATE procedure_version SET status = 'published', decision_no = ${p.decisionNo}, decision_date = ${p.decisionDate}::date,
      effective_from = ${p.effectiveFrom}::date, published_by = ${p.by}, published_at = now(), updated_at = now()
    WHERE id = ${versionId} AND status = 'draft'`.execute(tx);
}

export async function setEffectiveTo(tx: Executor, versionId: string, day: string): Promise<void> {
  await sql`UPDATE procedure_version SET effective_to = ${day}::date, updated_at = now() WHERE id = ${versionId}`.execute(tx);
}

export async function getVersion(db: Executor, id: string): Promise<VersionRow | null> {
  const { rows } =
    await sql<VersionDbRow>`SELECT id, procedure_id, version_no, status, code, portal_code, name, title, field, levels, online_level, agency_ids, generic_agency_kinds, time_text, fee_text, agency_text, eform_fields, eform_prefillable, decision_no, decision_date, effective_from, effective_to, content, revision, created_by, created_at, updated_at, published_by, published_at, name_key, title_key, doc_key, doc_words, field_key FROM procedure_version WHERE id = ${id}`.execute(
      db,
    );
  return rows.length ? toVersion(rows[0]) : null;
}

export async function listVersions(db: Executor, procedureId: string): Promise<VersionRow[]> {
  const { rows } =
    await sql<VersionDbRow>`SELECT id, procedure_id, version_no, status, code, portal_code, name, title, field, levels, online_level, agency_ids, generic_agency_kinds, time_text, fee_text, agency_text, eform_fields, eform_prefillable, decision_no, decision_date, effective_from, effective_to, content, revision, created_by, created_at, updated_at, published_by, published_at, name_key, title_key, doc_key, doc_words, field_key FROM procedure_version WHERE procedure_id = ${procedureId} ORDER BY version_no`.execute(
      db,
    );
  return rows.map(toVersion);
}

export async function getVersionByNo(db: Executor, code: string, versionNo: number): Promise<VersionRow | null> {
  const { rows } =
    await sql<VersionDbRow>`SELECT id, procedure_id, version_no, status, code, portal_code, name, title, field, levels, online_level, agency_ids, generic_agency_kinds, time_text, fee_text, agency_text, eform_fields, eform_prefillable, decision_no, decision_date, effective_from, effective_to, content, revision, created_by, created_at, updated_at, published_by, published_at, name_key, title_key, doc_key, doc_words, field_key FROM procedure_version WHERE code = ${code} AND version_no = ${versionNo}`.execute(
      db,
    );
  return rows.length ? toVersion(rows[0]) : null;
}

const inForce = (at: string) => sql`v.status = 'published' AND v.effective_from <= ${at}::date AND (v.effective_to IS NULL OR v.effective_to >= ${at}::date)`;

/** The version of `code` in force on day `at` (yyyy-mm-dd), if any. */
export async function findInForce(db: Executor, code: string, at: string): Promise<VersionRow | null> {
  const { rows } =
    await sql<VersionDbRow>`SELECT v.id, v.procedure_id, v.version_no, v.status, v.code, v.portal_code, v.name, v.title, v.field, v.levels, v.online_level, v.agency_ids, v.generic_agency_kinds, v.time_text, v.fee_text, v.agency_text, v.eform_fields, v.eform_prefillable, v.decision_no, v.decision_date, v.effective_from, v.effective_to, v.content, v.revision, v.created_by, v.created_at, v.updated_at, v.published_by, v.published_at, v.name_key, v.title_key, v.doc_key, v.doc_words, v.field_key FROM procedure_version v WHERE v.code = ${code} AND ${inForce(at)} ORDER BY v.effective_from DESC LIMIT 1`.execute(
      db,
    );
  return rows.length ? toVersion(rows[0]) : null;
}

/** Only the id of the version findInForce would return (no content read). */
export async function findInForceId(db: Executor, code: string, at: string): Promise<string | null> {
  const { rows } = await prepared(
    sql<{ id: string }>`SELECT v.id FROM procedure_version v WHERE v.code = ${code} AND ${inForce(at)} ORDER BY v.effective_from DESC LIMIT 1`,
  ).execute(db);
  return rows[0]?.id ?? null;
}

// ---- public search --------------------------------------------------------------------------

export interface SearchQuery {
  q?: string;
  field?: string;
  level?: string;
  agencyId?: string;
  at: string;
  limit: number;
  offset: number;
}

export interface SearchRow {
  versionId: string;
  versionNo: number;
  code: string;
  portalCode: string | null;
  name: string;
  field: string;
  levels: string[];
  onlineLevel: string;
  timeText: string;
  feeText: string;
  agencyText: string;
  agencyId: string | null;
  effectiveFrom: string | null;
  score: number | null;
}

const toSearchRow = (r: SearchDbRow): SearchRow => ({
  versionId: r.id,
  versionNo: r.version_no,
  code: r.code,
  portalCode: r.portal_code ?? null,
  name: r.name,
  field: r.field,
  levels: r.levels,
  onlineLevel: r.online_level,
  timeText: r.time_text,
  feeText: r.fee_text,
  agencyText: r.agency_text,
  agencyId: r.competent_id ?? null,
  effectiveFrom: r.effective_from ?? null,
  score: r.score == null ? null : Math.round(Number(r.score) * 1000) / 1000,
});

function filters(q: SearchQuery) {
  const conds = [inForce(q.at)];
  if (q.field) conds.push(sql`v.field_key = f_catalog_key(${q.field})`);
  if (q.level) conds.push(sql`${q.level} = ANY(v.levels)`);
  if (q.agencyId) {
    conds.push(sql`(${q.agencyId}::uuid = ANY(v.agency_ids)
      OR EXISTS (SELECT 1 FROM agency a WHERE a.id = ${q.agencyId}::uuid AND a.kind = ANY(v.generic_agency_kinds)))`);
  }
  return sql.join(conds, sql` AND `);
}

/**
 * Relevance search over the versions in force. The query and the documents are compared on their
 * search keys (f_catalog_key: no diacritics, lower case, đ→d, punctuation removed). Candidates:
 * pg_trgm `<%` (word_similarity ≥ 0.6, GIN-indexable), an exact substring, or a word coverage of
 * at least 0.6 (each query word scores 1 when present, 0.9 one edit away — a wrong, missing, extra
 * or transposed letter —, 0.8 as a prefix, else a fraction of its trigram word_similarity; see
 * f_catalog_word_match). Score:
 *   10 × query words present as they are (accents restored: compared on the search keys)
 *                                                           (how much of the query matches comes first, typo
 *                                                            tolerance only orders what matches as much: the
 *                                                            terms below add up to less than 10)
 *   + 3 × word coverage + 2 × similarity(query, title)       (title = name without "Thủ tục" and parentheses:
 *                                                            rewards names that are mostly the query)
 *   + 0.6 / (1 + words before the exact phrase in the title) (exact-substring boost, stronger near the start)
 *   + 0.3 / (1 + position of the first query word), when the phrase itself is not in the title
 *   + 1000 for an exact code or portal code.
 */
export async function searchInForce(db: Executor, q: SearchQuery): Promise<{ items: SearchRow[]; total: number }> {
  const where = filters(q);
  const text = (q.q ?? '').trim();
  if (!text) {
    const { rows } =
      await sql<SearchDbRow>`SELECT v.id, v.procedure_id, v.version_no, v.status, v.code, v.portal_code, v.name, v.title, v.field, v.levels, v.online_level, v.agency_ids, v.generic_agency_kinds, v.time_text, v.fee_text, v.agency_text, v.eform_fields, v.eform_prefillable, v.decision_no, v.decision_date, v.effective_from, v.effective_to, v.content, v.revision, v.created_by, v.created_at, v.updated_at, v.published_by, v.published_at, v.name_key, v.title_key, v.doc_key, v.doc_words, v.field_key, v.content->'agencies'->'competent'->>'id' AS competent_id, NULL::real AS score, count(*) OVER () AS total_count
      FROM procedure_version v WHERE ${where} ORDER BY v.field, v.name, v.code LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
    return { items: rows.map(toSearchRow), total: rows.length ? rows[0].total_count : await countWhere(db, where) };
  }
  const { rows } = await sql<SearchDbRow>`
    WITH q AS (SELECT f_catalog_key(${text}) AS k, ${text}::text AS raw),
    f AS (
      SELECT v.id, v.procedure_id, v.version_no, v.status, v.code, v.portal_code, v.name, v.title, v.field, v.levels, v.online_level, v.agency_ids, v.generic_agency_kinds, v.time_text, v.fee_text, v.agency_text, v.eform_fields, v.eform_prefillable, v.decision_no, v.decision_date, v.effective_from, v.effective_to, v.content, v.revision, v.created_by, v.created_at, v.updated_at, v.published_by, v.published_at, v.name_key, v.title_key, v.doc_key, v.doc_words, v.field_key, q.k, q.raw,
        (SELECT coalesce(avg(f_catalog_word_match(w, v.doc_words, v.doc_key)), 0) FROM unnest(string_to_array(q.k, ' ')) AS w WHERE w <> '') AS cov,
        (SELECT count(*) FROM unnest(string_to_array(q.k, ' ')) AS w WHERE w <> '' AND w = ANY(v.doc_words)) AS exact_words,
        similarity(q.k, v.title_key) AS sim,
        strpos(v.title_key, q.k) AS pos,
        array_position(string_to_array(v.title_key, ' '), split_part(q.k, ' ', 1)) AS first_pos
      FROM procedure_version v, q
      WHERE ${where} AND q.k <> ''
    ),
    s AS (
      SELECT f.*,
        10 * f.exact_words + 3 * f.cov + 2 * f.sim
        + CASE WHEN f.pos > 0 THEN 0.6 / (1 + length(left(f.title_key, f.pos - 1)) - length(replace(left(f.title_key, f.pos - 1), ' ', '')))
               WHEN f.first_pos IS NOT NULL THEN 0.3 / f.first_pos
               ELSE 0 END
        + CASE WHEN f.code = f.raw OR f.portal_code = f.raw THEN 1000 ELSE 0 END AS score
      FROM f
      WHERE f.k <% f.doc_key OR f.doc_key LIKE '%' || f.k || '%' OR f.cov >= 0.6 OR f.code = f.raw OR f.portal_code = f.raw
    )
    SELECT s.*, s.content->'agencies'->'competent'->>'id' AS competent_id, count(*) OVER () AS total_count
    FROM s ORDER BY s.score DESC, s.code LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  if (rows.length || q.offset === 0) return { items: rows.map(toSearchRow), total: rows.length ? rows[0].total_count : 0 };
  // Past the last page: count without paging.
  const again = await searchInForce(db, { ...q, offset: 0, limit: 500 });
  return { items: [], total: again.total };
}

async function countWhere(db: Executor, where: ReturnType<typeof filters>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM procedure_version v WHERE ${where}`.execute(db);
  return rows[0].n;
}

export async function fieldCounts(db: Executor, at: string, level?: string): Promise<{ field: string; count: number }[]> {
  const where = filters({ at, level, limit: 0, offset: 0 });
  const { rows } = await sql<{ field: string; n: number }>`SELECT v.field, count(*)::int AS n FROM procedure_version v WHERE ${where}
    GROUP BY v.field ORDER BY v.field`.execute(db);
  return rows.map((r) => ({ field: r.field, count: r.n }));
}

// ---- manager lists --------------------------------------------------------------------------

export async function listProcedures(db: Executor, q: { q?: string; limit: number; offset: number }): Promise<{ ids: string[]; total: number }> {
  const cond = q.q
    ? sql`EXISTS (SELECT 1 FROM procedure_version v WHERE v.procedure_id = p.id
          AND v.doc_key LIKE '%' || f_catalog_key(${q.q}) || '%')`
    : sql`true`;
  const { rows } = await sql<
    Pick<TableRow<'procedure'>, 'id'> & { total_count: number }
  >`SELECT p.id, count(*) OVER () AS total_count FROM procedure p WHERE ${cond}
    ORDER BY p.code LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { ids: rows.map((r) => r.id), total: rows.length ? rows[0].total_count : 0 };
}

export async function versionsOf(db: Executor, procedureIds: string[]): Promise<VersionRow[]> {
  if (!procedureIds.length) return [];
  const { rows } =
    await sql<VersionDbRow>`SELECT id, procedure_id, version_no, status, code, portal_code, name, title, field, levels, online_level, agency_ids, generic_agency_kinds, time_text, fee_text, agency_text, eform_fields, eform_prefillable, decision_no, decision_date, effective_from, effective_to, content, revision, created_by, created_at, updated_at, published_by, published_at, name_key, title_key, doc_key, doc_words, field_key FROM procedure_version WHERE procedure_id = ANY(${procedureIds}::uuid[]) ORDER BY code, version_no`.execute(
      db,
    );
  return rows.map(toVersion);
}

/**
 * For export: per procedure, the version in force on `at`; for a procedure with none in force
 * (abolished, or first published with a later date), its latest published or abolished version.
 */
export async function catalogAt(db: Executor, at: string): Promise<VersionRow[]> {
  const { rows } =
    await sql<VersionDbRow>`SELECT DISTINCT ON (v.procedure_id) v.id, v.procedure_id, v.version_no, v.status, v.code, v.portal_code, v.name, v.title, v.field, v.levels, v.online_level, v.agency_ids, v.generic_agency_kinds, v.time_text, v.fee_text, v.agency_text, v.eform_fields, v.eform_prefillable, v.decision_no, v.decision_date, v.effective_from, v.effective_to, v.content, v.revision, v.created_by, v.created_at, v.updated_at, v.published_by, v.published_at, v.name_key, v.title_key, v.doc_key, v.doc_words, v.field_key FROM procedure_version v WHERE v.status <> 'draft'
    ORDER BY v.procedure_id, (${inForce(at)}) DESC, v.version_no DESC`.execute(db);
  return rows.map(toVersion).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

// ---- import jobs ----------------------------------------------------------------------------

// text and jsonb columns written only from these types (insertImportJob, updateImportJob)
const toJob = (r: ImportDbRow): ImportJob => ({
  id: r.id,
  format: r.format as 'json' | 'xlsx',
  fileName: r.file_name ?? null,
  status: r.status as ImportJob['status'],
  phase: '',
  total: r.total,
  processed: r.processed,
  errors: (r.errors as unknown as ImportError[]) ?? [],
  errorCount: r.error_count,
  result: (r.result as unknown as ImportJob['result']) ?? null,
  createdBy: r.created_by ?? null,
  createdAt: r.created_at.toISOString(),
  finishedAt: iso(r.finished_at),
});

export async function insertImportJob(db: Executor, j: { format: 'json' | 'xlsx'; fileName: string | null; createdBy: string | null }): Promise<string> {
  const { rows } = await sql<{
    id: string;
  }>`INSERT INTO catalog_import (format, file_name, status, created_by) VALUES (${j.format}, ${j.fileName}, 'queued', ${j.createdBy}) RETURNING id`.execute(db);
  return rows[0].id;
}

export async function updateImportJob(
  db: Executor,
  id: string,
  p: {
    status?: ImportJob['status'];
    total?: number;
    processed?: number;
    errors?: ImportError[];
    errorCount?: number;
    result?: ImportJob['result'];
    finished?: boolean;
  },
): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (p.status !== undefined) sets.push(sql`status = ${p.status}`);
  if (p.total !== undefined) sets.push(sql`total = ${p.total}`);
  if (p.processed !== undefined) sets.push(sql`processed = ${p.processed}`);
  if (p.errors !== undefined) sets.push(sql`errors = ${JSON.stringify(p.errors)}::jsonb`);
  if (p.errorCount !== undefined) sets.push(sql`error_count = ${p.errorCount}`);
  if (p.result !== undefined) sets.push(sql`result = ${JSON.stringify(p.result)}::jsonb`);
  if (p.finished) sets.push(sql`finished_at = now()`);
  await sql`UPDATE catalog_import SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

export async function getImportJob(db: Executor, id: string): Promise<(ImportJob & { updatedAt: string }) | null> {
  const { rows } =
    await sql<ImportDbRow>`SELECT id, format, file_name, status, total, processed, errors, error_count, result, created_by, created_at, updated_at, finished_at FROM catalog_import WHERE id = ${id}`.execute(
      db,
    );
  return rows.length ? { ...toJob(rows[0]), updatedAt: rows[0].updated_at.toISOString() } : null;
}

export async function listImportJobs(db: Executor, limit: number): Promise<ImportJob[]> {
  const { rows } =
    await sql<ImportDbRow>`SELECT id, format, file_name, status, total, processed, errors, error_count, result, created_by, created_at, updated_at, finished_at FROM catalog_import ORDER BY created_at DESC LIMIT ${limit}`.execute(
      db,
    );
  return rows.map(toJob);
}
