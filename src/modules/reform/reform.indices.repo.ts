/** All SQL of the provincial indices (issue #10 §4). */
import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { IndexCode } from './reform.indices.rules.js';
import { vnIso } from '../../platform/vn-time.js';

/** numeric columns arrive as strings, integers as numbers; null stays null. */
const num = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: string | null | undefined): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: Date | string | null | undefined): string | null => (v instanceof Date ? vnIso(v) : v == null ? null : String(v));
type ResultTableRow = TableRow<'reform_index_result'>;

export interface IndexKindRow {
  code: IndexCode;
  ordinal: number;
  name: string;
  publisher: string;
  scoreMax: number;
  scoreUnit: 'percent' | 'points';
  note: string | null;
}

export interface ComponentRow {
  id: string;
  indexCode: IndexCode;
  ordinal: number;
  code: string;
  name: string;
  maxScore: number | null;
  note: string | null;
}

export async function indexKinds(db: Executor): Promise<IndexKindRow[]> {
  const { rows } = await sql<
    TableRow<'reform_index_kind'>
  >`SELECT code, ordinal, name, publisher, score_max, score_unit, note FROM reform_index_kind ORDER BY ordinal`.execute(db);
  return rows.map((r) => ({
    code: r.code as IndexCode,
    ordinal: r.ordinal,
    name: r.name,
    publisher: r.publisher,
    scoreMax: Number(r.score_max),
    scoreUnit: r.score_unit as IndexKindRow['scoreUnit'],
    note: str(r.note),
  }));
}

export async function components(db: Executor, indexCode?: IndexCode): Promise<ComponentRow[]> {
  const filter = indexCode ? sql`WHERE index_code = ${indexCode}` : sql``;
  const { rows } = await sql<
    TableRow<'reform_index_component'>
  >`SELECT id, index_code, ordinal, code, name, max_score, note FROM reform_index_component ${filter} ORDER BY index_code, ordinal`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    indexCode: r.index_code as IndexCode,
    ordinal: r.ordinal,
    code: r.code,
    name: r.name,
    maxScore: num(r.max_score),
    note: str(r.note),
  }));
}

export interface ComponentScoreRow {
  code: string;
  score: number;
  nationalMedian: number | null;
  rank: number | null;
}

export interface ResultRow {
  id: string;
  indexCode: IndexCode;
  provinceCode: string;
  provinceName: string;
  year: number;
  score: number | null;
  rank: number | null;
  outOf: number;
  sourceTitle: string;
  sourceUrl: string | null;
  verified: boolean;
  note: string | null;
  updatedAt: string;
  version: number;
  components: ComponentScoreRow[];
}

/** Results of one province (all indices, or one), oldest year first, with their component scores. */
export async function results(db: Executor, provinceCode: string, indexCode?: IndexCode): Promise<ResultRow[]> {
  const filter = indexCode ? sql`AND r.index_code = ${indexCode}` : sql``;
  const { rows } =
    await sql<ResultTableRow>`SELECT r.id, r.index_code, r.province_code, r.province_name, r.year, r.score, r.rank, r.out_of, r.source_title, r.source_url, r.verified, r.note, r.created_at, r.updated_at, r.updated_by, r.version FROM reform_index_result r WHERE r.province_code = ${provinceCode} ${filter} ORDER BY r.index_code, r.year`.execute(
      db,
    );
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const { rows: comps } = await sql<
    TableRow<'reform_index_component_score'> & Pick<TableRow<'reform_index_component'>, 'code'>
  >`SELECT s.result_id, s.component_id, s.score, s.national_median, s.rank, c.code FROM reform_index_component_score s JOIN reform_index_component c ON c.id = s.component_id
    WHERE s.result_id = ANY(${ids}::uuid[]) ORDER BY c.ordinal`.execute(db);
  const byResult = new Map<string, ComponentScoreRow[]>();
  for (const c of comps) {
    const list = byResult.get(c.result_id) ?? [];
    list.push({ code: c.code, score: Number(c.score), nationalMedian: num(c.national_median), rank: num(c.rank) });
    byResult.set(c.result_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    indexCode: r.index_code as IndexCode,
    provinceCode: r.province_code,
    provinceName: r.province_name,
    year: r.year,
    score: num(r.score),
    rank: num(r.rank),
    outOf: r.out_of,
    sourceTitle: r.source_title,
    sourceUrl: str(r.source_url),
    verified: r.verified,
    note: str(r.note),
    updatedAt: iso(r.updated_at)!,
    version: r.version,
    components: byResult.get(r.id) ?? [],
  }));
}

/** What recording a year's result writes: the row's own fields, and who recorded it. */
export type ResultWrite = Omit<ResultRow, 'id' | 'updatedAt' | 'version' | 'components'> & { by: string | null };

/** Inserts or replaces a year's result; returns its id and whether it existed before. */
export async function upsertResult(tx: Executor, r: ResultWrite): Promise<{ id: string; created: boolean }> {
  const { rows } = await sql<
    Pick<ResultTableRow, 'id'> & { created: boolean }
  >`INSERT INTO reform_index_result (index_code, province_code, province_name, year, score, rank, out_of, source_title, source_url, verified, note, updated_by)
    VALUES (${r.indexCode}, ${r.provinceCode}, ${r.provinceName}, ${r.year}, ${r.score}, ${r.rank}, ${r.outOf}, ${r.sourceTitle}, ${r.sourceUrl}, ${r.verified}, ${r.note}, ${r.by})
    ON CONFLICT (index_code, province_code, year) DO UPDATE SET province_name = EXCLUDED.province_name, score = EXCLUDED.score, rank = EXCLUDED.rank, out_of = EXCLUDED.out_of,
      source_title = EXCLUDED.source_title, source_url = EXCLUDED.source_url, verified = EXCLUDED.verified, note = EXCLUDED.note, updated_by = EXCLUDED.updated_by,
      updated_at = now(), version = reform_index_result.version + 1
    RETURNING id, (xmax = 0) AS created`.execute(tx);
  return { id: rows[0].id, created: Boolean(rows[0].created) };
}

export async function replaceComponentScores(
  tx: Executor,
  resultId: string,
  scores: { componentId: string; score: number; nationalMedian: number | null; rank: number | null }[],
): Promise<void> {
  await sql`DELETE FROM reform_index_component_score WHERE result_id = ${resultId}`.execute(tx);
  for (const s of scores) {
    await sql`INSERT INTO reform_index_component_score (result_id, component_id, score, national_median, rank) VALUES (${resultId}, ${s.componentId}, ${s.score}, ${s.nationalMedian}, ${s.rank})`.execute(
      tx,
    );
  }
}

export interface TargetRow {
  indexCode: IndexCode;
  rank: number;
  year: number;
  sourceTitle: string | null;
  note: string | null;
}

export async function targets(db: Executor, provinceCode: string): Promise<TargetRow[]> {
  const { rows } = await sql<
    TableRow<'reform_index_target'>
  >`SELECT index_code, province_code, target_rank, target_year, source_title, note, updated_at, updated_by FROM reform_index_target WHERE province_code = ${provinceCode}`.execute(
    db,
  );
  return rows.map((r) => ({
    indexCode: r.index_code as IndexCode,
    rank: r.target_rank,
    year: r.target_year,
    sourceTitle: str(r.source_title),
    note: str(r.note),
  }));
}

export async function upsertTarget(
  tx: Executor,
  t: { indexCode: IndexCode; provinceCode: string; rank: number; year: number; sourceTitle: string | null; note: string | null; by: string | null },
): Promise<void> {
  await sql`INSERT INTO reform_index_target (index_code, province_code, target_rank, target_year, source_title, note, updated_by) VALUES (${t.indexCode}, ${t.provinceCode}, ${t.rank}, ${t.year}, ${t.sourceTitle}, ${t.note}, ${t.by})
    ON CONFLICT (index_code, province_code) DO UPDATE SET target_rank = EXCLUDED.target_rank, target_year = EXCLUDED.target_year, source_title = EXCLUDED.source_title, note = EXCLUDED.note,
      updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(tx);
}

export interface LinkRow {
  componentId: string;
  code: string;
  indexCode: IndexCode;
  taskId: string;
  year: number | null;
  linkedAt: string;
}

export async function links(db: Executor, provinceCode: string, indexCode?: IndexCode): Promise<LinkRow[]> {
  const filter = indexCode ? sql`AND c.index_code = ${indexCode}` : sql``;
  const { rows } = await sql<
    TableRow<'reform_index_task'> & Pick<TableRow<'reform_index_component'>, 'code' | 'index_code'>
  >`SELECT l.component_id, l.province_code, l.task_id, l.year, l.linked_at, l.linked_by, c.code, c.index_code FROM reform_index_task l JOIN reform_index_component c ON c.id = l.component_id
    WHERE l.province_code = ${provinceCode} ${filter} ORDER BY c.index_code, c.ordinal, l.linked_at`.execute(db);
  return rows.map((r) => ({
    componentId: r.component_id,
    code: r.code,
    indexCode: r.index_code as IndexCode,
    taskId: r.task_id,
    year: num(r.year),
    linkedAt: iso(r.linked_at)!,
  }));
}

/** Links a task to a component; false when the link already existed. */
export async function insertLink(
  tx: Executor,
  l: { componentId: string; provinceCode: string; taskId: string; year: number | null; by: string | null },
): Promise<boolean> {
  const { rows } = await sql<
    Pick<TableRow<'reform_index_task'>, 'task_id'>
  >`INSERT INTO reform_index_task (component_id, province_code, task_id, year, linked_by) VALUES (${l.componentId}, ${l.provinceCode}, ${l.taskId}, ${l.year}, ${l.by})
    ON CONFLICT DO NOTHING RETURNING task_id`.execute(tx);
  return rows.length > 0;
}

export async function deleteLink(tx: Executor, componentId: string, provinceCode: string, taskId: string): Promise<boolean> {
  const { rows } = await sql<
    Pick<TableRow<'reform_index_task'>, 'task_id'>
  >`DELETE FROM reform_index_task WHERE component_id = ${componentId} AND province_code = ${provinceCode} AND task_id = ${taskId} RETURNING task_id`.execute(
    tx,
  );
  return rows.length > 0;
}

export async function taskPlanOf(db: Executor, indexCode: IndexCode, provinceCode: string): Promise<string | null> {
  const { rows } = await sql<
    Pick<TableRow<'reform_index_task_plan'>, 'task_plan_id'>
  >`SELECT task_plan_id FROM reform_index_task_plan WHERE index_code = ${indexCode} AND province_code = ${provinceCode}`.execute(db);
  return rows[0]?.task_plan_id ?? null;
}

export async function saveTaskPlan(tx: Executor, indexCode: IndexCode, provinceCode: string, taskPlanId: string): Promise<void> {
  await sql`INSERT INTO reform_index_task_plan (index_code, province_code, task_plan_id) VALUES (${indexCode}, ${provinceCode}, ${taskPlanId})`.execute(tx);
}

/** The latest published rank of each index for a province beside its target rank (direction centre, issue 21). */
export async function indexGaps(
  db: Executor,
  provinceCode: string,
): Promise<
  {
    indexCode: IndexCode;
    year: number | null;
    rank: number | null;
    outOf: number | null;
    score: number | null;
    targetRank: number | null;
    targetYear: number | null;
  }[]
> {
  // Both joins are LEFT: every column but the kind's code may be NULL.
  const { rows } = await sql<
    Pick<TableRow<'reform_index_kind'>, 'code'> & {
      year: ResultTableRow['year'] | null;
      rank: ResultTableRow['rank'];
      out_of: ResultTableRow['out_of'] | null;
      score: ResultTableRow['score'];
      target_rank: TableRow<'reform_index_target'>['target_rank'] | null;
      target_year: TableRow<'reform_index_target'>['target_year'] | null;
    }
  >`
    SELECT k.code, r.year, r.rank, r.out_of, r.score, t.target_rank, t.target_year
    FROM reform_index_kind k
    LEFT JOIN LATERAL (SELECT r.id, r.index_code, r.province_code, r.province_name, r.year, r.score, r.rank, r.out_of, r.source_title, r.source_url, r.verified, r.note, r.created_at, r.updated_at, r.updated_by, r.version FROM reform_index_result r WHERE r.index_code = k.code AND r.province_code = ${provinceCode} ORDER BY r.year DESC LIMIT 1) r ON true
    LEFT JOIN reform_index_target t ON t.index_code = k.code AND t.province_code = ${provinceCode}
    ORDER BY k.ordinal`.execute(db);
  return rows.map((r) => ({
    indexCode: r.code as IndexCode,
    year: num(r.year),
    rank: num(r.rank),
    outOf: num(r.out_of),
    score: num(r.score),
    targetRank: num(r.target_rank),
    targetYear: num(r.target_year),
  }));
}
