import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import { vnIso } from '../../platform/vn-time.js';

/** numeric columns arrive as strings; null stays null. */
const num = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: Date | string | null | undefined): string | null => (v instanceof Date ? vnIso(v) : v == null ? null : String(v));
type AgencyName = { agency_name: TableRow<'agency'>['name'] };
type PlanTableRow = TableRow<'reform_plan'>;
type ItemTableRow = TableRow<'reform_plan_item'>;
/** A jsonb value (parsed by the driver; text is parsed here in case). */
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

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

const toCriterion = (r: TableRow<'reform_par_criterion'>): CriterionRow => ({
  id: r.id,
  year: r.year,
  parentId: r.parent_id ?? null,
  ordinal: r.ordinal,
  code: r.code,
  title: r.title,
  maxPoints: Number(r.max_points),
  rule: r.rule as CriterionRow['rule'],
  ruleNote: r.rule_note ?? null,
  evidenceRequired: r.evidence_required,
});

export async function criteriaOfYear(db: Executor, year: number): Promise<CriterionRow[]> {
  const { rows } = await sql<
    TableRow<'reform_par_criterion'>
  >`SELECT id, year, parent_id, ordinal, code, title, max_points, rule, rule_note, evidence_required FROM reform_par_criterion WHERE year = ${year} ORDER BY ordinal`.execute(
    db,
  );
  return rows.map(toCriterion);
}

export async function yearHasScores(db: Executor, year: number): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM reform_par_score s JOIN reform_par_assessment a ON a.id = s.assessment_id WHERE a.year = ${year} LIMIT 1`.execute(
    db,
  );
  return rows.length > 0;
}

export async function replaceCriteria(tx: Executor, year: number, nodes: Omit<CriterionRow, 'year'>[]): Promise<void> {
  await sql`DELETE FROM reform_par_criterion WHERE year = ${year}`.execute(tx);
  for (const n of nodes) {
    await sql`INSERT INTO reform_par_criterion (id, year, parent_id, ordinal, code, title, max_points, rule, rule_note, evidence_required)
      VALUES (${n.id}, ${year}, ${n.parentId}, ${n.ordinal}, ${n.code}, ${n.title}, ${n.maxPoints}, ${n.rule}, ${n.ruleNote}, ${n.evidenceRequired})`.execute(
      tx,
    );
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

const ASSESSMENT_SELECT = sql`SELECT a.id, a.year, a.agency_id, a.status, a.submitted_at, a.created_at, a.updated_at, a.version, g.name AS agency_name FROM reform_par_assessment a JOIN agency g ON g.id = a.agency_id`;
type AssessmentTableRow = TableRow<'reform_par_assessment'> & AgencyName;
const toAssessment = (r: AssessmentTableRow): AssessmentRow => ({
  id: r.id,
  year: r.year,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  status: r.status as AssessmentRow['status'],
  submittedAt: iso(r.submitted_at),
  version: r.version,
});

export async function getAssessment(db: Executor, year: number, agencyId: string): Promise<AssessmentRow | null> {
  const { rows } = await sql<AssessmentTableRow>`${ASSESSMENT_SELECT} WHERE a.year = ${year} AND a.agency_id = ${agencyId}`.execute(db);
  return rows.length ? toAssessment(rows[0]) : null;
}

export async function assessmentsOfYear(db: Executor, year: number): Promise<AssessmentRow[]> {
  const { rows } = await sql<AssessmentTableRow>`${ASSESSMENT_SELECT} WHERE a.year = ${year} ORDER BY g.name`.execute(db);
  return rows.map(toAssessment);
}

export async function ensureAssessment(tx: Executor, year: number, agencyId: string): Promise<string> {
  await sql`INSERT INTO reform_par_assessment (year, agency_id) VALUES (${year}, ${agencyId}) ON CONFLICT (year, agency_id) DO NOTHING`.execute(tx);
  const { rows } = await sql<Pick<AssessmentTableRow, 'id'>>`SELECT id FROM reform_par_assessment WHERE year = ${year} AND agency_id = ${agencyId}`.execute(tx);
  return rows[0].id;
}

export async function setAssessmentStatus(tx: Executor, id: string, status: AssessmentRow['status']): Promise<void> {
  await sql`UPDATE reform_par_assessment SET status = ${status}, submitted_at = CASE WHEN ${status} = 'submitted' THEN now() ELSE submitted_at END, updated_at = now(), version = version + 1 WHERE id = ${id}`.execute(
    tx,
  );
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
  const { rows } = await sql<
    TableRow<'reform_par_score'>
  >`SELECT assessment_id, criterion_id, self_score, evidence, evidence_refs, appraised_score, appraisal_reason, survey_percent, appraised_by, appraised_at FROM reform_par_score WHERE assessment_id = ${assessmentId}`.execute(
    db,
  );
  return rows.map((r) => ({
    criterionId: r.criterion_id,
    selfScore: num(r.self_score),
    evidence: r.evidence ?? null,
    evidenceRefs: json<string[]>(r.evidence_refs),
    appraisedScore: num(r.appraised_score),
    appraisalReason: r.appraisal_reason ?? null,
    surveyPercent: num(r.survey_percent),
    appraisedAt: iso(r.appraised_at),
  }));
}

export async function upsertSelfScore(
  tx: Executor,
  assessmentId: string,
  s: { criterionId: string; selfScore: number; evidence: string | null; evidenceRefs: string[] },
): Promise<void> {
  await sql`INSERT INTO reform_par_score (assessment_id, criterion_id, self_score, evidence, evidence_refs) VALUES (${assessmentId}, ${s.criterionId}, ${s.selfScore}, ${s.evidence}, ${JSON.stringify(s.evidenceRefs)}::jsonb)
    ON CONFLICT (assessment_id, criterion_id) DO UPDATE SET self_score = EXCLUDED.self_score, evidence = EXCLUDED.evidence, evidence_refs = EXCLUDED.evidence_refs`.execute(
    tx,
  );
}

export async function upsertAppraisal(
  tx: Executor,
  assessmentId: string,
  a: { criterionId: string; appraisedScore: number | null; surveyPercent: number | null; reason: string | null; by: string | null },
): Promise<void> {
  await sql`INSERT INTO reform_par_score (assessment_id, criterion_id, appraised_score, survey_percent, appraisal_reason, appraised_by, appraised_at)
    VALUES (${assessmentId}, ${a.criterionId}, ${a.appraisedScore}, ${a.surveyPercent}, ${a.reason}, ${a.by}, now())
    ON CONFLICT (assessment_id, criterion_id) DO UPDATE SET appraised_score = EXCLUDED.appraised_score, survey_percent = EXCLUDED.survey_percent,
      appraisal_reason = EXCLUDED.appraisal_reason, appraised_by = EXCLUDED.appraised_by, appraised_at = EXCLUDED.appraised_at`.execute(tx);
}

export async function getPublication(db: Executor, year: number): Promise<{ publishedAt: string; results: unknown } | null> {
  const { rows } = await sql<
    TableRow<'reform_par_publication'>
  >`SELECT year, published_at, published_by, results FROM reform_par_publication WHERE year = ${year}`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  return { publishedAt: iso(r.published_at)!, results: json<unknown>(r.results) };
}

export async function savePublication(tx: Executor, year: number, by: string | null, results: unknown): Promise<void> {
  await sql`INSERT INTO reform_par_publication (year, published_by, results) VALUES (${year}, ${by}, ${JSON.stringify(results)}::jsonb)
    ON CONFLICT (year) DO UPDATE SET published_at = now(), published_by = EXCLUDED.published_by, results = EXCLUDED.results`.execute(tx);
}

// ---- plans --------------------------------------------------------------------------------------

export async function insertPlanItem(
  tx: Executor,
  i: { planId: string; ordinal: number; area: string; content: string; output: string | null; ownerAgencyId: string; dueOn: string; taskId: string },
): Promise<void> {
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
  kind: 'annual' | 'five_year';
  periodEnd: number;
  updatedAt: string | null;
  version: number;
  items: {
    id: string;
    ordinal: number;
    area: string;
    content: string;
    output: string | null;
    ownerAgencyId: string;
    ownerName: string;
    dueOn: string;
    taskId: string | null;
  }[];
}

export async function getReformPlan(db: Executor, id: string): Promise<ReformPlanRow | null> {
  const { rows } = await sql<
    PlanTableRow & AgencyName & { late: boolean }
  >`SELECT p.id, p.agency_id, p.year, p.level, p.due_on, p.title, p.task_plan_id, p.submitted_at, p.created_by, p.kind, p.period_end, p.updated_at, p.version, g.name AS agency_name, (((p.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date > p.due_on) AS late FROM reform_plan p JOIN agency g ON g.id = p.agency_id WHERE p.id = ${id}`.execute(
    db,
  );
  if (!rows.length) return null;
  const r = rows[0];
  const { rows: items } = await sql<
    ItemTableRow & { owner_name: TableRow<'agency'>['name'] }
  >`SELECT i.id, i.plan_id, i.ordinal, i.area, i.content, i.output, i.owner_agency_id, i.due_on, i.task_id, g.name AS owner_name FROM reform_plan_item i JOIN agency g ON g.id = i.owner_agency_id WHERE i.plan_id = ${id} ORDER BY i.ordinal`.execute(
    db,
  );
  return {
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    year: r.year,
    level: r.level,
    dueOn: String(r.due_on),
    title: r.title,
    taskPlanId: r.task_plan_id ?? null,
    submittedAt: iso(r.submitted_at)!,
    late: Boolean(r.late),
    kind: r.kind as ReformPlanRow['kind'],
    periodEnd: r.period_end,
    updatedAt: iso(r.updated_at),
    version: r.version,
    items: items.map((i) => ({
      id: i.id,
      ordinal: i.ordinal,
      area: i.area,
      content: i.content,
      output: i.output ?? null,
      ownerAgencyId: i.owner_agency_id,
      ownerName: i.owner_name,
      dueOn: String(i.due_on),
      taskId: i.task_id ?? null,
    })),
  };
}

// ---- evidence files (migration 003) -------------------------------------------------------------

export interface EvidenceFileRow {
  id: string;
  assessmentId: string;
  criterionId: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  uploadedByName: string | null;
  uploadedAt: string;
}

/** An evidence file row with its uploader's name (LEFT JOIN: may be NULL). */
type EvidenceTableRow = TableRow<'reform_par_evidence_file'> & { uploaded_by_name: TableRow<'app_user'>['full_name'] | null };
const toEvidence = (r: EvidenceTableRow): EvidenceFileRow => ({
  id: r.id,
  assessmentId: r.assessment_id,
  criterionId: r.criterion_id,
  fileName: r.file_name,
  mimeType: r.mime_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  storageKey: r.storage_key,
  uploadedBy: r.uploaded_by ?? null,
  uploadedByName: r.uploaded_by_name ?? null,
  uploadedAt: iso(r.uploaded_at)!,
});

export async function insertEvidenceFile(
  tx: Executor,
  f: {
    assessmentId: string;
    criterionId: string;
    fileName: string;
    mimeType: string;
    sizeBytes: number;
    sha256: string;
    storageKey: string;
    uploadedBy: string | null;
  },
): Promise<string> {
  const { rows } = await sql<
    Pick<EvidenceTableRow, 'id'>
  >`INSERT INTO reform_par_evidence_file (assessment_id, criterion_id, file_name, mime_type, size_bytes, sha256, storage_key, uploaded_by)
    VALUES (${f.assessmentId}, ${f.criterionId}, ${f.fileName}, ${f.mimeType}, ${f.sizeBytes}, ${f.sha256}, ${f.storageKey}, ${f.uploadedBy}) RETURNING id`.execute(
    tx,
  );
  return rows[0].id;
}

/** The files of an assessment that are not removed, oldest first. */
export async function evidenceFilesOf(db: Executor, assessmentId: string): Promise<EvidenceFileRow[]> {
  const { rows } =
    await sql<EvidenceTableRow>`SELECT f.id, f.assessment_id, f.criterion_id, f.file_name, f.mime_type, f.size_bytes, f.sha256, f.storage_key, f.uploaded_by, f.uploaded_at, f.removed_at, f.removed_by, u.full_name AS uploaded_by_name FROM reform_par_evidence_file f LEFT JOIN app_user u ON u.id = f.uploaded_by
    WHERE f.assessment_id = ${assessmentId} AND f.removed_at IS NULL ORDER BY f.uploaded_at, f.id`.execute(db);
  return rows.map(toEvidence);
}

export async function getEvidenceFile(db: Executor, assessmentId: string, id: string): Promise<EvidenceFileRow | null> {
  const { rows } =
    await sql<EvidenceTableRow>`SELECT f.id, f.assessment_id, f.criterion_id, f.file_name, f.mime_type, f.size_bytes, f.sha256, f.storage_key, f.uploaded_by, f.uploaded_at, f.removed_at, f.removed_by, u.full_name AS uploaded_by_name FROM reform_par_evidence_file f LEFT JOIN app_user u ON u.id = f.uploaded_by
    WHERE f.assessment_id = ${assessmentId} AND f.id = ${id} AND f.removed_at IS NULL`.execute(db);
  return rows.length ? toEvidence(rows[0]) : null;
}

export async function removeEvidenceFile(tx: Executor, id: string, by: string | null): Promise<boolean> {
  const r = await sql`UPDATE reform_par_evidence_file SET removed_at = now(), removed_by = ${by} WHERE id = ${id} AND removed_at IS NULL`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Locks the assessment row (FOR UPDATE) so a submission and an upload never interleave. */
export async function lockAssessment(tx: Executor, id: string): Promise<AssessmentRow['status'] | null> {
  const { rows } = await sql<{ status: AssessmentRow['status'] }>`SELECT status FROM reform_par_assessment WHERE id = ${id} FOR UPDATE`.execute(tx);
  return rows[0]?.status ?? null;
}

// ---- SIPAS questionnaires (migration 003) -------------------------------------------------------

export interface QuestionnaireRow {
  id: string;
  year: number;
  version: number;
  title: string;
  source: string | null;
  status: 'draft' | 'published' | 'retired';
  elements: { key: string; name: string }[];
  questions: { key: string; element: string; text: string; sectors: string[] | null }[];
  createdAt: string;
  publishedAt: string | null;
  rowVersion: number;
  responses: number;
}

/** A questionnaire row with its number of responses (0 when not counted). */
type QuestionnaireTableRow = TableRow<'reform_sipas_questionnaire'> & { responses: number | null };
const toQuestionnaire = (r: QuestionnaireTableRow): QuestionnaireRow => ({
  id: r.id,
  year: r.year,
  version: r.version,
  title: r.title,
  source: r.source ?? null,
  status: r.status as QuestionnaireRow['status'],
  elements: json(r.elements),
  questions: json(r.questions),
  createdAt: iso(r.created_at)!,
  publishedAt: iso(r.published_at),
  rowVersion: r.row_version,
  responses: Number(r.responses ?? 0),
});
const Q_SELECT = sql`SELECT q.id, q.year, q.version, q.title, q.source, q.status, q.elements, q.questions, q.created_by, q.created_at, q.updated_at, q.published_at, q.published_by, q.row_version, (SELECT count(*) FROM reform_sipas_response r WHERE r.questionnaire_id = q.id)::int AS responses FROM reform_sipas_questionnaire q`;

export async function listQuestionnaires(db: Executor): Promise<QuestionnaireRow[]> {
  const { rows } = await sql<QuestionnaireTableRow>`${Q_SELECT} ORDER BY q.year DESC, q.version DESC`.execute(db);
  return rows.map(toQuestionnaire);
}

export async function getQuestionnaire(db: Executor, id: string, lock = false): Promise<QuestionnaireRow | null> {
  const { rows } = lock
    ? await sql<QuestionnaireTableRow>`SELECT q.id, q.year, q.version, q.title, q.source, q.status, q.elements, q.questions, q.created_by, q.created_at, q.updated_at, q.published_at, q.published_by, q.row_version, 0 AS responses FROM reform_sipas_questionnaire q WHERE q.id = ${id} FOR UPDATE`.execute(
        db,
      )
    : await sql<QuestionnaireTableRow>`${Q_SELECT} WHERE q.id = ${id}`.execute(db);
  return rows.length ? toQuestionnaire(rows[0]) : null;
}

export async function questionnairesByIds(db: Executor, ids: string[]): Promise<QuestionnaireRow[]> {
  if (!ids.length) return [];
  const { rows } =
    await sql<QuestionnaireTableRow>`SELECT q.id, q.year, q.version, q.title, q.source, q.status, q.elements, q.questions, q.created_by, q.created_at, q.updated_at, q.published_at, q.published_by, q.row_version, 0 AS responses FROM reform_sipas_questionnaire q WHERE q.id = ANY(${ids}::uuid[])`.execute(
      db,
    );
  return rows.map(toQuestionnaire);
}

export async function responsesOfQuestionnaire(db: Executor, id: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_sipas_response WHERE questionnaire_id = ${id}`.execute(db);
  return rows[0].n;
}

export async function insertQuestionnaire(
  tx: Executor,
  q: { year: number; title: string; source: string | null; elements: unknown; questions: unknown; createdBy: string | null },
): Promise<string> {
  const { rows } = await sql<
    Pick<QuestionnaireTableRow, 'id'>
  >`INSERT INTO reform_sipas_questionnaire (year, version, title, source, elements, questions, created_by)
    VALUES (${q.year}, (SELECT coalesce(max(version), 0) + 1 FROM reform_sipas_questionnaire WHERE year = ${q.year}), ${q.title}, ${q.source}, ${JSON.stringify(q.elements)}::jsonb, ${JSON.stringify(q.questions)}::jsonb, ${q.createdBy})
    RETURNING id`.execute(tx);
  return rows[0].id;
}

export async function updateQuestionnaire(
  tx: Executor,
  id: string,
  q: { title: string; source: string | null; elements: unknown; questions: unknown },
  rowVersion: number,
): Promise<boolean> {
  const r =
    await sql`UPDATE reform_sipas_questionnaire SET title = ${q.title}, source = ${q.source}, elements = ${JSON.stringify(q.elements)}::jsonb, questions = ${JSON.stringify(q.questions)}::jsonb,
    updated_at = now(), row_version = row_version + 1 WHERE id = ${id} AND row_version = ${rowVersion}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function publishQuestionnaire(tx: Executor, id: string, year: number, by: string | null): Promise<void> {
  await sql`UPDATE reform_sipas_questionnaire SET status = 'retired', updated_at = now(), row_version = row_version + 1 WHERE year = ${year} AND status = 'published' AND id <> ${id}`.execute(
    tx,
  );
  await sql`UPDATE reform_sipas_questionnaire SET status = 'published', published_at = now(), published_by = ${by}, updated_at = now(), row_version = row_version + 1 WHERE id = ${id}`.execute(
    tx,
  );
}

/** Shares the questionnaire row while a response is stored, so an edit (FOR UPDATE) cannot interleave. */
export async function shareQuestionnaire(tx: Executor, id: string): Promise<string | null> {
  const { rows } = await sql<Pick<QuestionnaireTableRow, 'status'>>`SELECT status FROM reform_sipas_questionnaire WHERE id = ${id} FOR SHARE`.execute(tx);
  return rows[0]?.status ?? null;
}

export async function insertSipasResponse(
  tx: Executor,
  r: { year: number; agencyId: string; sector: string; channel: string; answers: Record<string, number>; submittedOn: string; questionnaireId: string },
): Promise<void> {
  await sql`INSERT INTO reform_sipas_response (year, agency_id, sector, channel, answers, submitted_on, questionnaire_id)
    VALUES (${r.year}, ${r.agencyId}, ${r.sector}, ${r.channel}, ${JSON.stringify(r.answers)}::jsonb, ${r.submittedOn}::date, ${r.questionnaireId})`.execute(
    tx,
  );
}

export async function sipasResponses(
  db: Executor,
  year: number,
  agencyIds: string[] | null,
): Promise<{ agencyId: string; agencyName: string; sector: string; channel: string; questionnaireId: string; answers: Record<string, number> }[]> {
  const filter = agencyIds ? (agencyIds.length ? sql`AND r.agency_id IN (${sql.join(agencyIds)})` : sql`AND false`) : sql``;
  const { rows } = await sql<
    Pick<TableRow<'reform_sipas_response'>, 'agency_id' | 'sector' | 'channel' | 'questionnaire_id' | 'answers'> & AgencyName
  >`SELECT r.agency_id, g.name AS agency_name, r.sector, r.channel, r.questionnaire_id, r.answers FROM reform_sipas_response r JOIN agency g ON g.id = r.agency_id WHERE r.year = ${year} ${filter} ORDER BY g.name`.execute(
    db,
  );
  return rows.map((r) => ({
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    sector: r.sector,
    channel: r.channel,
    questionnaireId: r.questionnaire_id,
    answers: json<Record<string, number>>(r.answers),
  }));
}

// ---- plans: kinds, editing, reminders (migration 003) ------------------------------------------

export interface PlanSummaryRow {
  id: string;
  agencyId: string;
  agencyName: string;
  kind: 'annual' | 'five_year';
  year: number;
  periodEnd: number;
  dueOn: string;
  title: string;
  submittedAt: string;
  updatedAt: string | null;
  late: boolean;
  items: number;
}

const LATE = sql`(((p.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date > p.due_on)`;

export async function listPlans(db: Executor, q: { agencyIds: string[] | null; year?: number; kind?: string }): Promise<PlanSummaryRow[]> {
  const conds = [sql`true`];
  if (q.agencyIds) conds.push(q.agencyIds.length ? sql`p.agency_id = ANY(${q.agencyIds}::uuid[])` : sql`false`);
  if (q.year !== undefined) conds.push(sql`${q.year} BETWEEN p.year AND p.period_end`);
  if (q.kind) conds.push(sql`p.kind = ${q.kind}`);
  const { rows } = await sql<
    PlanTableRow & AgencyName & { late: boolean; n_items: number }
  >`SELECT p.id, p.agency_id, p.year, p.level, p.due_on, p.title, p.task_plan_id, p.submitted_at, p.created_by, p.kind, p.period_end, p.updated_at, p.version, g.name AS agency_name, ${LATE} AS late, (SELECT count(*) FROM reform_plan_item i WHERE i.plan_id = p.id)::int AS n_items
    FROM reform_plan p JOIN agency g ON g.id = p.agency_id WHERE ${sql.join(conds, sql` AND `)} ORDER BY p.year DESC, p.kind, g.name`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    kind: r.kind as PlanSummaryRow['kind'],
    year: r.year,
    periodEnd: r.period_end,
    dueOn: String(r.due_on),
    title: r.title,
    submittedAt: iso(r.submitted_at)!,
    updatedAt: iso(r.updated_at),
    late: Boolean(r.late),
    items: r.n_items,
  }));
}

export async function plansOfKindYear(
  db: Executor,
  kind: string,
  year: number,
): Promise<{ id: string; agencyId: string; submittedAt: string; late: boolean }[]> {
  const { rows } = await sql<
    Pick<PlanTableRow, 'id' | 'agency_id' | 'submitted_at'> & { late: boolean }
  >`SELECT p.id, p.agency_id, p.submitted_at, ${LATE} AS late FROM reform_plan p WHERE p.kind = ${kind} AND p.year = ${year}`.execute(db);
  return rows.map((r) => ({ id: r.id, agencyId: r.agency_id, submittedAt: iso(r.submitted_at)!, late: Boolean(r.late) }));
}

/** `submittedAt`: the service's clock (the request time; the demo seed passes a date in the past). */
export async function insertReformPlan(
  tx: Executor,
  p: {
    agencyId: string;
    kind: string;
    year: number;
    periodEnd: number;
    level: string;
    dueOn: string;
    title: string;
    taskPlanId: string;
    createdBy: string | null;
    submittedAt: Date;
  },
): Promise<string | null> {
  const { rows } = await sql<
    Pick<PlanTableRow, 'id'>
  >`INSERT INTO reform_plan (agency_id, kind, year, period_end, level, due_on, title, task_plan_id, created_by, submitted_at)
    VALUES (${p.agencyId}, ${p.kind}, ${p.year}, ${p.periodEnd}, ${p.level}, ${p.dueOn}::date, ${p.title}, ${p.taskPlanId}, ${p.createdBy}, ${p.submittedAt.toISOString()}::timestamptz) ON CONFLICT (agency_id, kind, year) DO NOTHING RETURNING id`.execute(
    tx,
  );
  return rows[0]?.id ?? null;
}

export async function planHead(
  db: Executor,
  id: string,
  lock = false,
): Promise<{
  id: string;
  agencyId: string;
  kind: string;
  year: number;
  periodEnd: number;
  dueOn: string;
  title: string;
  taskPlanId: string | null;
  version: number;
  issuedOn: string;
} | null> {
  const q = sql`SELECT id, agency_id, kind, year, period_end, due_on, title, task_plan_id, version, (((submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date)::text AS issued_on FROM reform_plan WHERE id = ${id}`;
  type Head = Pick<PlanTableRow, 'id' | 'agency_id' | 'kind' | 'year' | 'period_end' | 'due_on' | 'title' | 'task_plan_id' | 'version'> & { issued_on: string };
  const { rows } = await (lock ? sql<Head>`${q} FOR UPDATE` : sql<Head>`${q}`).execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  return {
    id: r.id,
    agencyId: r.agency_id,
    kind: r.kind,
    year: r.year,
    periodEnd: r.period_end,
    dueOn: String(r.due_on),
    title: r.title,
    taskPlanId: r.task_plan_id ?? null,
    version: r.version,
    issuedOn: String(r.issued_on),
  };
}

export async function planItemsOf(
  db: Executor,
  planId: string,
): Promise<
  { id: string; ordinal: number; area: string; content: string; output: string | null; ownerAgencyId: string; dueOn: string; taskId: string | null }[]
> {
  const { rows } =
    await sql<ItemTableRow>`SELECT id, plan_id, ordinal, area, content, output, owner_agency_id, due_on, task_id FROM reform_plan_item WHERE plan_id = ${planId} ORDER BY ordinal`.execute(
      db,
    );
  return rows.map((i) => ({
    id: i.id,
    ordinal: i.ordinal,
    area: i.area,
    content: i.content,
    output: i.output ?? null,
    ownerAgencyId: i.owner_agency_id,
    dueOn: String(i.due_on),
    taskId: i.task_id ?? null,
  }));
}

export async function touchPlan(tx: Executor, id: string, title: string, version: number): Promise<boolean> {
  const r = await sql`UPDATE reform_plan SET title = ${title}, updated_at = now(), version = version + 1 WHERE id = ${id} AND version = ${version}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Moves every item's ordinal out of the way (negative) before items are renumbered. */
export async function parkItemOrdinals(tx: Executor, planId: string): Promise<void> {
  await sql`UPDATE reform_plan_item SET ordinal = -ordinal WHERE plan_id = ${planId}`.execute(tx);
}

export async function updatePlanItem(
  tx: Executor,
  id: string,
  i: { ordinal: number; area: string; content: string; output: string | null; ownerAgencyId: string; dueOn: string },
): Promise<void> {
  await sql`UPDATE reform_plan_item SET ordinal = ${i.ordinal}, area = ${i.area}, content = ${i.content}, output = ${i.output}, owner_agency_id = ${i.ownerAgencyId}, due_on = ${i.dueOn}::date WHERE id = ${id}`.execute(
    tx,
  );
}

export async function deletePlanItem(tx: Executor, id: string): Promise<void> {
  await sql`DELETE FROM reform_plan_item WHERE id = ${id}`.execute(tx);
}

export async function recordPlanReminder(tx: Executor, r: { agencyId: string; planKind: string; year: number; kind: string; on: string }): Promise<boolean> {
  const { rows } = await sql<
    Pick<TableRow<'reform_plan_reminder'>, 'agency_id'>
  >`INSERT INTO reform_plan_reminder (agency_id, plan_kind, year, kind, sent_on) VALUES (${r.agencyId}, ${r.planKind}, ${r.year}, ${r.kind}, ${r.on}::date)
    ON CONFLICT DO NOTHING RETURNING agency_id`.execute(tx);
  return rows.length > 0;
}

export async function leadersWithContact(db: Executor, agencyId: string): Promise<{ id: string; fullName: string; email: string | null }[]> {
  const { rows } = await sql<
    Pick<TableRow<'app_user'>, 'id' | 'full_name' | 'email'>
  >`SELECT id, full_name, email FROM app_user WHERE agency_id = ${agencyId} AND active AND 'unit_leader' = ANY(roles) ORDER BY username`.execute(db);
  return rows.map((r) => ({ id: r.id, fullName: r.full_name, email: r.email ?? null }));
}
