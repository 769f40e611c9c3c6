import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string | null => (v instanceof Date ? `${new Date(v.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00` : v == null ? null : String(v));

export interface CriterionRow {
  id: string;
  year: number;
  parentId: string | null;
  ordinal: number;
  code: string;
  title: string;
  maxPoints: number;
  rule: 'manual' | 'survey' | 'sum';
  ruleNote: string | null;
  evidenceRequired: boolean;
}

const toCriterion = (r: Row): CriterionRow => ({
  id: r.id as string, year: Number(r.year), parentId: (r.parent_id as string | null) ?? null, ordinal: Number(r.ordinal), code: r.code as string, title: r.title as string,
  maxPoints: Number(r.max_points), rule: r.rule as CriterionRow['rule'], ruleNote: (r.rule_note as string | null) ?? null, evidenceRequired: Boolean(r.evidence_required),
});

export async function criteriaOfYear(db: Executor, year: number): Promise<CriterionRow[]> {
  const { rows } = await sql<Row>`SELECT * FROM reform_par_criterion WHERE year = ${year} ORDER BY ordinal`.execute(db);
  return rows.map(toCriterion);
}

export async function yearHasScores(db: Executor, year: number): Promise<boolean> {
  const { rows } = await sql<Row>`SELECT 1 FROM reform_par_score s JOIN reform_par_assessment a ON a.id = s.assessment_id WHERE a.year = ${year} LIMIT 1`.execute(db);
  return rows.length > 0;
}

export async function replaceCriteria(tx: Executor, year: number, nodes: Omit<CriterionRow, 'year'>[]): Promise<void> {
  await sql`DELETE FROM reform_par_criterion WHERE year = ${year}`.execute(tx);
  for (const n of nodes) {
    await sql`INSERT INTO reform_par_criterion (id, year, parent_id, ordinal, code, title, max_points, rule, rule_note, evidence_required)
      VALUES (${n.id}, ${year}, ${n.parentId}, ${n.ordinal}, ${n.code}, ${n.title}, ${n.maxPoints}, ${n.rule}, ${n.ruleNote}, ${n.evidenceRequired})`.execute(tx);
  }
}

export interface AssessmentRow {
  id: string;
  year: number;
  agencyId: string;
  agencyName: string;
  status: 'draft' | 'submitted' | 'appraised';
  submittedAt: string | null;
  version: number;
}

const ASSESSMENT_SELECT = sql`SELECT a.*, g.name AS agency_name FROM reform_par_assessment a JOIN agency g ON g.id = a.agency_id`;
const toAssessment = (r: Row): AssessmentRow => ({
  id: r.id as string, year: Number(r.year), agencyId: r.agency_id as string, agencyName: r.agency_name as string, status: r.status as AssessmentRow['status'],
  submittedAt: iso(r.submitted_at), version: Number(r.version),
});

export async function getAssessment(db: Executor, year: number, agencyId: string): Promise<AssessmentRow | null> {
  const { rows } = await sql<Row>`${ASSESSMENT_SELECT} WHERE a.year = ${year} AND a.agency_id = ${agencyId}`.execute(db);
  return rows.length ? toAssessment(rows[0]) : null;
}

export async function assessmentsOfYear(db: Executor, year: number): Promise<AssessmentRow[]> {
  const { rows } = await sql<Row>`${ASSESSMENT_SELECT} WHERE a.year = ${year} ORDER BY g.name`.execute(db);
  return rows.map(toAssessment);
}

export async function ensureAssessment(tx: Executor, year: number, agencyId: string): Promise<string> {
  await sql`INSERT INTO reform_par_assessment (year, agency_id) VALUES (${year}, ${agencyId}) ON CONFLICT (year, agency_id) DO NOTHING`.execute(tx);
  const { rows } = await sql<{ id: string }>`SELECT id FROM reform_par_assessment WHERE year = ${year} AND agency_id = ${agencyId}`.execute(tx);
  return rows[0].id;
}

export async function setAssessmentStatus(tx: Executor, id: string, status: AssessmentRow['status']): Promise<void> {
  await sql`UPDATE reform_par_assessment SET status = ${status}, submitted_at = CASE WHEN ${status} = 'submitted' THEN now() ELSE submitted_at END, updated_at = now(), version = version + 1 WHERE id = ${id}`.execute(tx);
}

export interface ScoreRow {
  criterionId: string;
  selfScore: number | null;
  evidence: string | null;
  evidenceRefs: string[];
  appraisedScore: number | null;
  appraisalReason: string | null;
  surveyPercent: number | null;
  appraisedAt: string | null;
}

export async function scoresOf(db: Executor, assessmentId: string): Promise<ScoreRow[]> {
  const { rows } = await sql<Row>`SELECT * FROM reform_par_score WHERE assessment_id = ${assessmentId}`.execute(db);
  return rows.map((r) => ({
    criterionId: r.criterion_id as string, selfScore: num(r.self_score), evidence: (r.evidence as string | null) ?? null,
    evidenceRefs: (typeof r.evidence_refs === 'string' ? JSON.parse(r.evidence_refs) : r.evidence_refs) as string[],
    appraisedScore: num(r.appraised_score), appraisalReason: (r.appraisal_reason as string | null) ?? null, surveyPercent: num(r.survey_percent), appraisedAt: iso(r.appraised_at),
  }));
}

export async function upsertSelfScore(tx: Executor, assessmentId: string, s: { criterionId: string; selfScore: number; evidence: string | null; evidenceRefs: string[] }): Promise<void> {
  await sql`INSERT INTO reform_par_score (assessment_id, criterion_id, self_score, evidence, evidence_refs) VALUES (${assessmentId}, ${s.criterionId}, ${s.selfScore}, ${s.evidence}, ${JSON.stringify(s.evidenceRefs)}::jsonb)
    ON CONFLICT (assessment_id, criterion_id) DO UPDATE SET self_score = EXCLUDED.self_score, evidence = EXCLUDED.evidence, evidence_refs = EXCLUDED.evidence_refs`.execute(tx);
}

export async function upsertAppraisal(tx: Executor, assessmentId: string, a: { criterionId: string; appraisedScore: number | null; surveyPercent: number | null; reason: string | null; by: string | null }): Promise<void> {
  await sql`INSERT INTO reform_par_score (assessment_id, criterion_id, appraised_score, survey_percent, appraisal_reason, appraised_by, appraised_at)
    VALUES (${assessmentId}, ${a.criterionId}, ${a.appraisedScore}, ${a.surveyPercent}, ${a.reason}, ${a.by}, now())
    ON CONFLICT (assessment_id, criterion_id) DO UPDATE SET appraised_score = EXCLUDED.appraised_score, survey_percent = EXCLUDED.survey_percent,
      appraisal_reason = EXCLUDED.appraisal_reason, appraised_by = EXCLUDED.appraised_by, appraised_at = EXCLUDED.appraised_at`.execute(tx);
}

export async function getPublication(db: Executor, year: number): Promise<{ publishedAt: string; results: unknown } | null> {
  const { rows } = await sql<Row>`SELECT * FROM reform_par_publication WHERE year = ${year}`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  return { publishedAt: iso(r.published_at)!, results: typeof r.results === 'string' ? JSON.parse(r.results) : r.results };
}

export async function savePublication(tx: Executor, year: number, by: string | null, results: unknown): Promise<void> {
  await sql`INSERT INTO reform_par_publication (year, published_by, results) VALUES (${year}, ${by}, ${JSON.stringify(results)}::jsonb)
    ON CONFLICT (year) DO UPDATE SET published_at = now(), published_by = EXCLUDED.published_by, results = EXCLUDED.results`.execute(tx);
}

// ---- SIPAS --------------------------------------------------------------------------------------

export async function insertSipasResponse(tx: Executor, r: { year: number; agencyId: string; sector: string; channel: string; answers: Record<string, number>; submittedOn: string }): Promise<string> {
  const { rows } = await sql<{ id: string }>`INSERT INTO reform_sipas_response (year, agency_id, sector, channel, answers, submitted_on)
    VALUES (${r.year}, ${r.agencyId}, ${r.sector}, ${r.channel}, ${JSON.stringify(r.answers)}::jsonb, ${r.submittedOn}::date) RETURNING id`.execute(tx);
  return rows[0].id;
}

export async function sipasResponses(db: Executor, year: number, agencyIds: string[] | null): Promise<{ agencyId: string; agencyName: string; sector: string; answers: Record<string, number> }[]> {
  const filter = agencyIds ? (agencyIds.length ? sql`AND r.agency_id IN (${sql.join(agencyIds)})` : sql`AND false`) : sql``;
  const { rows } = await sql<Row>`SELECT r.agency_id, g.name AS agency_name, r.sector, r.answers FROM reform_sipas_response r JOIN agency g ON g.id = r.agency_id WHERE r.year = ${year} ${filter} ORDER BY g.name`.execute(db);
  return rows.map((r) => ({ agencyId: r.agency_id as string, agencyName: r.agency_name as string, sector: r.sector as string, answers: (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as Record<string, number> }));
}

// ---- plans --------------------------------------------------------------------------------------

export async function insertReformPlan(tx: Executor, p: { agencyId: string; year: number; level: string; dueOn: string; title: string; taskPlanId: string; createdBy: string | null }): Promise<string | null> {
  const { rows } = await sql<{ id: string }>`INSERT INTO reform_plan (agency_id, year, level, due_on, title, task_plan_id, created_by)
    VALUES (${p.agencyId}, ${p.year}, ${p.level}, ${p.dueOn}::date, ${p.title}, ${p.taskPlanId}, ${p.createdBy}) ON CONFLICT (agency_id, year) DO NOTHING RETURNING id`.execute(tx);
  return rows[0]?.id ?? null;
}

export async function insertPlanItem(tx: Executor, i: { planId: string; ordinal: number; area: string; content: string; output: string | null; ownerAgencyId: string; dueOn: string; taskId: string }): Promise<void> {
  await sql`INSERT INTO reform_plan_item (plan_id, ordinal, area, content, output, owner_agency_id, due_on, task_id)
    VALUES (${i.planId}, ${i.ordinal}, ${i.area}, ${i.content}, ${i.output}, ${i.ownerAgencyId}, ${i.dueOn}::date, ${i.taskId})`.execute(tx);
}

export interface ReformPlanRow {
  id: string;
  agencyId: string;
  agencyName: string;
  year: number;
  level: string;
  dueOn: string;
  title: string;
  taskPlanId: string | null;
  submittedAt: string;
  late: boolean;
  items: { ordinal: number; area: string; content: string; output: string | null; ownerAgencyId: string; ownerName: string; dueOn: string; taskId: string | null }[];
}

export async function getReformPlan(db: Executor, id: string): Promise<ReformPlanRow | null> {
  const { rows } = await sql<Row>`SELECT p.*, g.name AS agency_name, (((p.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date > p.due_on) AS late FROM reform_plan p JOIN agency g ON g.id = p.agency_id WHERE p.id = ${id}`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  const { rows: items } = await sql<Row>`SELECT i.*, g.name AS owner_name FROM reform_plan_item i JOIN agency g ON g.id = i.owner_agency_id WHERE i.plan_id = ${id} ORDER BY i.ordinal`.execute(db);
  return {
    id: r.id as string, agencyId: r.agency_id as string, agencyName: r.agency_name as string, year: Number(r.year), level: r.level as string, dueOn: String(r.due_on), title: r.title as string,
    taskPlanId: (r.task_plan_id as string | null) ?? null, submittedAt: iso(r.submitted_at)!, late: Boolean(r.late),
    items: items.map((i) => ({ ordinal: Number(i.ordinal), area: i.area as string, content: i.content as string, output: (i.output as string | null) ?? null, ownerAgencyId: i.owner_agency_id as string, ownerName: i.owner_name as string, dueOn: String(i.due_on), taskId: (i.task_id as string | null) ?? null })),
  };
}

export async function plansOfYear(db: Executor, year: number): Promise<{ id: string; agencyId: string; submittedAt: string; late: boolean }[]> {
  const { rows } = await sql<Row>`SELECT id, agency_id, submitted_at, (((submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date > due_on) AS late FROM reform_plan WHERE year = ${year}`.execute(db);
  return rows.map((r) => ({ id: r.id as string, agencyId: r.agency_id as string, submittedAt: iso(r.submitted_at)!, late: Boolean(r.late) }));
}
