/** All SQL of the direction module (its own tables). Every function takes the executor it runs on. */
import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';

/** numeric columns arrive as strings; null stays null. */
const num = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

export interface IndicatorRow {
  code: string;
  ordinal: number;
  nameVi: string;
  nameEn: string;
  definition: string;
  kind: 'builtin' | 'formula';
  formula: string;
  source: string;
  owner: string;
  refresh: string;
  unit: 'count' | 'percent' | 'points' | 'rank';
  target: number | null;
  direction: 'up' | 'down';
  drill: 'dossier' | 'task' | 'report' | 'feedback' | 'agency' | null;
  active: boolean;
  version: number;
}

/** A direction_indicator row as read (every column, typed from the generated schema). */
type IndicatorTableRow = TableRow<'direction_indicator'>;

const toIndicator = (r: IndicatorTableRow): IndicatorRow => ({
  code: r.code,
  ordinal: r.ordinal,
  nameVi: r.name_vi,
  nameEn: r.name_en,
  definition: r.definition,
  kind: r.kind as IndicatorRow['kind'],
  formula: r.formula,
  source: r.source,
  owner: r.owner,
  refresh: r.refresh,
  unit: r.unit as IndicatorRow['unit'],
  target: num(r.target),
  direction: r.direction as IndicatorRow['direction'],
  drill: (r.drill as IndicatorRow['drill']) ?? null,
  active: r.active,
  version: r.version,
});

export async function listIndicators(db: Executor, q: { all?: boolean } = {}): Promise<IndicatorRow[]> {
  const { rows } =
    await sql<IndicatorTableRow>`SELECT code, ordinal, name_vi, name_en, definition, kind, formula, source, owner, refresh, unit, target, direction, drill, active, version, created_at, updated_at, updated_by FROM direction_indicator ${q.all ? sql`` : sql`WHERE active`} ORDER BY ordinal, code`.execute(
      db,
    );
  return rows.map(toIndicator);
}

export async function getIndicator(db: Executor, code: string): Promise<IndicatorRow | null> {
  const { rows } =
    await sql<IndicatorTableRow>`SELECT code, ordinal, name_vi, name_en, definition, kind, formula, source, owner, refresh, unit, target, direction, drill, active, version, created_at, updated_at, updated_by FROM direction_indicator WHERE code = ${code}`.execute(
      db,
    );
  return rows[0] ? toIndicator(rows[0]) : null;
}

export async function insertIndicator(tx: Executor, i: Omit<IndicatorRow, 'version' | 'active'> & { by: string | null }): Promise<boolean> {
  const { rows } = await sql<
    Pick<IndicatorTableRow, 'code'>
  >`INSERT INTO direction_indicator (code, ordinal, name_vi, name_en, definition, kind, formula, source, owner, refresh, unit, target, direction, drill, updated_by)
    VALUES (${i.code}, ${i.ordinal}, ${i.nameVi}, ${i.nameEn}, ${i.definition}, ${i.kind}, ${i.formula}, ${i.source}, ${i.owner}, ${i.refresh}, ${i.unit}, ${i.target}, ${i.direction}, ${i.drill}, ${i.by})
    ON CONFLICT (code) DO NOTHING RETURNING code`.execute(tx);
  return rows.length > 0;
}

/** Updates the editable fields when `version` matches; false otherwise (someone changed it meanwhile). */
export async function updateIndicator(
  tx: Executor,
  code: string,
  version: number,
  f: Partial<Pick<IndicatorRow, 'ordinal' | 'nameVi' | 'nameEn' | 'definition' | 'formula' | 'owner' | 'refresh' | 'target' | 'direction' | 'active'>>,
  by: string | null,
): Promise<boolean> {
  const set = [sql`version = version + 1`, sql`updated_at = now()`, sql`updated_by = ${by}`];
  if (f.ordinal !== undefined) set.push(sql`ordinal = ${f.ordinal}`);
  if (f.nameVi !== undefined) set.push(sql`name_vi = ${f.nameVi}`);
  if (f.nameEn !== undefined) set.push(sql`name_en = ${f.nameEn}`);
  if (f.definition !== undefined) set.push(sql`definition = ${f.definition}`);
  if (f.formula !== undefined) set.push(sql`formula = ${f.formula}`);
  if (f.owner !== undefined) set.push(sql`owner = ${f.owner}`);
  if (f.refresh !== undefined) set.push(sql`refresh = ${f.refresh}`);
  if (f.target !== undefined) set.push(sql`target = ${f.target}`);
  if (f.direction !== undefined) set.push(sql`direction = ${f.direction}`);
  if (f.active !== undefined) set.push(sql`active = ${f.active}`);
  const { rows } = await sql<
    Pick<IndicatorTableRow, 'code'>
  >`UPDATE direction_indicator SET ${sql.join(set, sql`, `)} WHERE code = ${code} AND version = ${version} RETURNING code`.execute(tx);
  return rows.length > 0;
}

// ---- prompts ---------------------------------------------------------------------------------

export interface PromptRow {
  id: string;
  indicatorCode: string;
  subjectKind: 'dossier' | 'task' | 'report' | 'feedback';
  subjectId: string;
  subjectLabel: string;
  agencyId: string | null;
  recipientUserIds: string[];
  message: string;
  createdBy: string;
  createdByName: string | null;
  createdAt: Date;
}

/** A direction_prompt row with its author's name (NULL when not joined). */
type PromptTableRow = TableRow<'direction_prompt'> & { created_by_name: TableRow<'app_user'>['full_name'] | null };

const toPrompt = (r: PromptTableRow): PromptRow => ({
  id: r.id,
  indicatorCode: r.indicator_code,
  subjectKind: r.subject_kind as PromptRow['subjectKind'],
  subjectId: r.subject_id,
  subjectLabel: r.subject_label,
  agencyId: r.agency_id ?? null,
  recipientUserIds: r.recipient_user_ids.map(String),
  message: r.message,
  createdBy: r.created_by,
  createdByName: r.created_by_name ?? null,
  createdAt: r.created_at,
});

export async function insertPrompt(tx: Executor, p: Omit<PromptRow, 'id' | 'createdAt' | 'createdByName'>): Promise<PromptRow> {
  const { rows } =
    await sql<PromptTableRow>`INSERT INTO direction_prompt (indicator_code, subject_kind, subject_id, subject_label, agency_id, recipient_user_ids, message, created_by)
    VALUES (${p.indicatorCode}, ${p.subjectKind}, ${p.subjectId}, ${p.subjectLabel}, ${p.agencyId}, ${p.recipientUserIds}::uuid[], ${p.message}, ${p.createdBy})
    RETURNING id, indicator_code, subject_kind, subject_id, subject_label, agency_id, recipient_user_ids, message, created_by, created_at, NULL AS created_by_name`.execute(
      tx,
    );
  return toPrompt(rows[0]);
}

export async function listPrompts(
  db: Executor,
  q: { subjectKind?: string; subjectId?: string; agencyIds: string[] | null; limit: number },
): Promise<PromptRow[]> {
  const conds = [sql`true`];
  if (q.subjectKind) conds.push(sql`p.subject_kind = ${q.subjectKind}`);
  if (q.subjectId) conds.push(sql`p.subject_id = ${q.subjectId}`);
  if (q.agencyIds) conds.push(sql`p.agency_id = ANY(${q.agencyIds}::uuid[])`);
  const { rows } =
    await sql<PromptTableRow>`SELECT p.id, p.indicator_code, p.subject_kind, p.subject_id, p.subject_label, p.agency_id, p.recipient_user_ids, p.message, p.created_by, p.created_at, u.full_name AS created_by_name FROM direction_prompt p LEFT JOIN app_user u ON u.id = p.created_by
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY p.created_at DESC, p.id LIMIT ${q.limit}`.execute(db);
  return rows.map(toPrompt);
}

// ---- snapshots -------------------------------------------------------------------------------

export async function upsertSnapshots(tx: Executor, day: string, values: { code: string; value: number | null }[]): Promise<void> {
  for (const v of values) {
    await sql`INSERT INTO direction_snapshot (code, day, value) VALUES (${v.code}, ${day}, ${v.value}) ON CONFLICT (code, day) DO UPDATE SET value = EXCLUDED.value`.execute(
      tx,
    );
  }
}

/** The latest snapshot of each code strictly before `day`. */
export async function snapshotsBefore(db: Executor, day: string): Promise<Map<string, number | null>> {
  const { rows } = await sql<
    Pick<TableRow<'direction_snapshot'>, 'code' | 'value'>
  >`SELECT DISTINCT ON (code) code, value FROM direction_snapshot WHERE day < ${day} ORDER BY code, day DESC`.execute(db);
  return new Map(rows.map((r) => [r.code, num(r.value)]));
}

// ---- late-risk estimates ---------------------------------------------------------------------

export interface RiskRow {
  dossierId: string;
  agencyId: string | null;
  procedureCode: string;
  step: number | null;
  dueAt: Date;
  probability: number | null;
  samples: number;
  flagged: boolean;
  reason: string;
  computedAt: Date;
}

/** Replaces every estimate (one run of the job) in the caller's transaction. */
export async function replaceRisks(tx: Executor, rows: RiskRow[]): Promise<void> {
  await sql`DELETE FROM direction_risk`.execute(tx);
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await sql`INSERT INTO direction_risk (dossier_id, agency_id, procedure_code, step, due_at, probability, samples, flagged, reason, computed_at)
      SELECT * FROM unnest(${chunk.map((r) => r.dossierId)}::uuid[], ${chunk.map((r) => r.agencyId)}::uuid[], ${chunk.map((r) => r.procedureCode)}::text[], ${chunk.map((r) => r.step)}::int[],
        ${chunk.map((r) => r.dueAt.toISOString())}::timestamptz[], ${chunk.map((r) => r.probability)}::numeric[], ${chunk.map((r) => r.samples)}::int[], ${chunk.map((r) => r.flagged)}::boolean[],
        ${chunk.map((r) => r.reason)}::text[], ${chunk.map((r) => r.computedAt.toISOString())}::timestamptz[])`.execute(tx);
  }
}

/** A direction_risk row as read (every column, typed from the generated schema). */
type RiskTableRow = TableRow<'direction_risk'>;

const toRisk = (r: RiskTableRow): RiskRow => ({
  dossierId: r.dossier_id,
  agencyId: r.agency_id ?? null,
  procedureCode: r.procedure_code,
  step: r.step ?? null,
  dueAt: r.due_at,
  probability: num(r.probability),
  samples: r.samples,
  flagged: r.flagged,
  reason: r.reason,
  computedAt: r.computed_at,
});

/** Flagged dossiers due in [from, until], by agency (scope null = all). */
export async function flaggedByAgency(db: Executor, q: { from: Date; until: Date; agencyIds: string[] | null }): Promise<{ agencyId: string; n: number }[]> {
  const scope = q.agencyIds === null ? sql`true` : sql`agency_id = ANY(${q.agencyIds}::uuid[])`;
  const { rows } = await sql<{
    agency_id: RiskTableRow['agency_id'];
    n: number;
  }>`SELECT agency_id, count(*)::int AS n FROM direction_risk WHERE flagged AND due_at >= ${q.from} AND due_at <= ${q.until} AND ${scope} GROUP BY agency_id`.execute(
    db,
  );
  return rows.map((r) => ({ agencyId: String(r.agency_id), n: r.n }));
}

export async function flaggedRisks(db: Executor, q: { from: Date; until: Date; agencyIds: string[] | null; limit: number }): Promise<RiskRow[]> {
  const scope = q.agencyIds === null ? sql`true` : sql`agency_id = ANY(${q.agencyIds}::uuid[])`;
  const { rows } =
    await sql<RiskTableRow>`SELECT dossier_id, agency_id, procedure_code, step, due_at, probability, samples, flagged, reason, computed_at FROM direction_risk WHERE flagged AND due_at >= ${q.from} AND due_at <= ${q.until} AND ${scope} ORDER BY due_at, dossier_id LIMIT ${q.limit}`.execute(
      db,
    );
  return rows.map(toRisk);
}

export async function risksOf(db: Executor, ids: string[]): Promise<Map<string, RiskRow>> {
  if (!ids.length) return new Map();
  const { rows } =
    await sql<RiskTableRow>`SELECT dossier_id, agency_id, procedure_code, step, due_at, probability, samples, flagged, reason, computed_at FROM direction_risk WHERE dossier_id = ANY(${ids}::uuid[])`.execute(
      db,
    );
  return new Map(rows.map((r) => [r.dossier_id, toRisk(r)]));
}
