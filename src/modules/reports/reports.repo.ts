/** All SQL of the reports module. Every function takes the executor (root or transaction) it runs in. */
import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { DayOffRule, DeadlineRule, Frequency } from './reports.periods.js';
import type { Cells, Template } from './reports.template.js';
import type { FigureValue } from './reports.figures.js';
import type { LoggedAction, SubmissionStatus } from './reports.schemas.js';

/** count(*) without a cast: the driver gives a string (or number/bigint); read it with Number(). */
type WithTotal = { total_count: string | number | bigint };
/** The short name of an agency joined in. */
type AgencyShortName = TableRow<'agency'>['short_name'];

export interface RegimeRow {
  id: string;
  code: string;
  name: string;
  legalBasis: string;
  issuer: string;
  receiverAgencyId: string;
  reporterKinds: string[];
  reporterAgencyIds: string[];
  frequencies: Frequency[];
  deadlines: Partial<Record<Frequency, DeadlineRule>>;
  dayOffRule: DayOffRule;
  reminderDays: number[];
  sendingMethod: string;
  nationalCode: string | null;
  template: Template;
  active: boolean;
  version: number;
  updatedAt: Date;
}

export type RegimeData = Omit<RegimeRow, 'id' | 'version' | 'updatedAt'>;

/** A report_regime row as read: every column (typed from the generated schema). */
type RegimeTableRow = TableRow<'report_regime'>;

const toRegime = (r: RegimeTableRow): RegimeRow => ({
  id: r.id,
  code: r.code,
  name: r.name,
  legalBasis: r.legal_basis,
  issuer: r.issuer,
  receiverAgencyId: r.receiver_agency_id,
  reporterKinds: r.reporter_kinds,
  reporterAgencyIds: r.reporter_agency_ids,
  frequencies: r.frequencies as Frequency[],
  deadlines: r.deadlines as RegimeRow['deadlines'],
  dayOffRule: r.day_off_rule as DayOffRule,
  reminderDays: r.reminder_days.map(Number),
  sendingMethod: r.sending_method,
  nationalCode: r.national_code ?? null,
  template: r.template as unknown as Template, // jsonb written from a validated Template
  active: r.active,
  version: r.version,
  updatedAt: r.updated_at,
});

export async function insertRegime(tx: Executor, d: RegimeData): Promise<string> {
  const { rows } = await sql<
    Pick<RegimeTableRow, 'id'>
  >`INSERT INTO report_regime (code, name, legal_basis, issuer, receiver_agency_id, reporter_kinds, reporter_agency_ids,
      frequencies, deadlines, day_off_rule, reminder_days, sending_method, national_code, template, active)
    VALUES (${d.code}, ${d.name}, ${d.legalBasis}, ${d.issuer}, ${d.receiverAgencyId}, ${d.reporterKinds}::text[], ${d.reporterAgencyIds}::uuid[],
      ${d.frequencies}::text[], ${JSON.stringify(d.deadlines)}::jsonb, ${d.dayOffRule}, ${d.reminderDays}::int[], ${d.sendingMethod}, ${d.nationalCode},
      ${JSON.stringify(d.template)}::jsonb, ${d.active})
    RETURNING id`.execute(tx);
  return rows[0].id;
}

/** Writes the whole regime if it is still at `expectedVersion`; the version goes up by one. */
export async function updateRegime(tx: Executor, id: string, d: RegimeData, expectedVersion: number): Promise<boolean> {
  const r =
    await sql`UPDATE report_regime SET name = ${d.name}, legal_basis = ${d.legalBasis}, issuer = ${d.issuer}, receiver_agency_id = ${d.receiverAgencyId},
      reporter_kinds = ${d.reporterKinds}::text[], reporter_agency_ids = ${d.reporterAgencyIds}::uuid[], frequencies = ${d.frequencies}::text[],
      deadlines = ${JSON.stringify(d.deadlines)}::jsonb, day_off_rule = ${d.dayOffRule}, reminder_days = ${d.reminderDays}::int[],
      sending_method = ${d.sendingMethod}, national_code = ${d.nationalCode}, template = ${JSON.stringify(d.template)}::jsonb, active = ${d.active},
      version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${expectedVersion}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function getRegime(db: Executor, id: string): Promise<RegimeRow | null> {
  const { rows } =
    await sql<RegimeTableRow>`SELECT id, code, name, legal_basis, issuer, receiver_agency_id, reporter_kinds, reporter_agency_ids, frequencies, deadlines, day_off_rule, reminder_days, sending_method, national_code, template, active, version, created_at, updated_at, search_key FROM report_regime WHERE id = ${id}`.execute(
      db,
    );
  return rows.length ? toRegime(rows[0]) : null;
}

export async function getRegimeByCode(db: Executor, code: string): Promise<RegimeRow | null> {
  const { rows } =
    await sql<RegimeTableRow>`SELECT id, code, name, legal_basis, issuer, receiver_agency_id, reporter_kinds, reporter_agency_ids, frequencies, deadlines, day_off_rule, reminder_days, sending_method, national_code, template, active, version, created_at, updated_at, search_key FROM report_regime WHERE code = ${code}`.execute(
      db,
    );
  return rows.length ? toRegime(rows[0]) : null;
}

export async function listRegimes(
  db: Executor,
  q: { q?: string; active?: boolean; limit: number; offset: number },
): Promise<{ items: RegimeRow[]; total: number }> {
  const c = [sql`true`];
  if (q.q) c.push(sql`search_key LIKE '%' || f_search_key(${q.q}) || '%'`);
  if (q.active !== undefined) c.push(sql`active = ${q.active}`);
  const where = sql.join(c, sql` AND `);
  const { rows } = await sql<
    RegimeTableRow & WithTotal
  >`SELECT id, code, name, legal_basis, issuer, receiver_agency_id, reporter_kinds, reporter_agency_ids, frequencies, deadlines, day_off_rule, reminder_days, sending_method, national_code, template, active, version, created_at, updated_at, search_key, count(*) OVER () AS total_count FROM report_regime WHERE ${where} ORDER BY code LIMIT ${q.limit} OFFSET ${q.offset}`.execute(
    db,
  );
  return { items: rows.map(toRegime), total: rows.length ? Number(rows[0].total_count) : 0 };
}

export async function activeRegimes(db: Executor): Promise<RegimeRow[]> {
  const { rows } =
    await sql<RegimeTableRow>`SELECT id, code, name, legal_basis, issuer, receiver_agency_id, reporter_kinds, reporter_agency_ids, frequencies, deadlines, day_off_rule, reminder_days, sending_method, national_code, template, active, version, created_at, updated_at, search_key FROM report_regime WHERE active ORDER BY code`.execute(
      db,
    );
  return rows.map(toRegime);
}

export async function insertRegimeVersion(tx: Executor, regimeId: string, version: number, definition: RegimeData, by: string | null): Promise<void> {
  await sql`INSERT INTO report_regime_version (regime_id, version, definition, created_by) VALUES (${regimeId}, ${version}, ${JSON.stringify(definition)}::jsonb, ${by})`.execute(
    tx,
  );
}

export async function getRegimeVersion(db: Executor, regimeId: string, version: number): Promise<RegimeData | null> {
  const { rows } = await sql<
    Pick<TableRow<'report_regime_version'>, 'definition'>
  >`SELECT definition FROM report_regime_version WHERE regime_id = ${regimeId} AND version = ${version}`.execute(db);
  return rows.length ? (rows[0].definition as unknown as RegimeData) : null;
}

export async function listRegimeVersions(db: Executor, regimeId: string): Promise<{ version: number; createdAt: Date; createdBy: string | null }[]> {
  const { rows } = await sql<
    Pick<TableRow<'report_regime_version'>, 'version' | 'created_at' | 'created_by'>
  >`SELECT version, created_at, created_by FROM report_regime_version WHERE regime_id = ${regimeId} ORDER BY version`.execute(db);
  return rows.map((r) => ({ version: r.version, createdAt: r.created_at, createdBy: r.created_by ?? null }));
}

// ---- periods ----------------------------------------------------------------------------------

export interface PeriodRow {
  id: string;
  regimeId: string;
  regimeCode: string;
  regimeName: string;
  receiverAgencyId: string;
  regimeVersion: number;
  frequency: Frequency;
  key: string;
  label: string;
  year: number;
  cutoffFrom: string;
  cutoffTo: string;
  dueOn: string;
  openedAt: Date;
}

/** The period columns `toPeriod` reads, with its regime's code, name and receiver joined in. */
type PeriodJoinRow = Pick<
  TableRow<'report_period'>,
  'id' | 'regime_id' | 'regime_version' | 'frequency' | 'period_key' | 'label' | 'year' | 'cutoff_from' | 'cutoff_to' | 'due_on' | 'opened_at'
> & { regime_code: RegimeTableRow['code']; regime_name: RegimeTableRow['name']; receiver_agency_id: RegimeTableRow['receiver_agency_id'] };
/** What PERIOD_SELECT returns. */
type PeriodSelectRow = PeriodJoinRow & Pick<TableRow<'report_period'>, 'opened_by'>;

const toPeriod = (r: PeriodJoinRow): PeriodRow => ({
  id: r.id,
  regimeId: r.regime_id,
  regimeCode: r.regime_code,
  regimeName: r.regime_name,
  receiverAgencyId: r.receiver_agency_id,
  regimeVersion: r.regime_version,
  frequency: r.frequency as Frequency,
  key: r.period_key,
  label: r.label,
  year: r.year,
  cutoffFrom: r.cutoff_from,
  cutoffTo: r.cutoff_to,
  dueOn: r.due_on,
  openedAt: r.opened_at,
});

const PERIOD_SELECT = sql`SELECT p.id, p.regime_id, p.regime_version, p.frequency, p.period_key, p.label, p.year, p.cutoff_from, p.cutoff_to, p.due_on, p.opened_at, p.opened_by, g.code AS regime_code, g.name AS regime_name, g.receiver_agency_id FROM report_period p JOIN report_regime g ON g.id = p.regime_id`;

/** Inserts a period unless its key exists; returns the id of the new or existing row and whether it was new. */
export async function insertPeriod(
  tx: Executor,
  p: {
    regimeId: string;
    regimeVersion: number;
    frequency: Frequency;
    key: string;
    label: string;
    year: number;
    cutoffFrom: string;
    cutoffTo: string;
    dueOn: string;
    openedBy: string | null;
  },
): Promise<{ id: string; created: boolean }> {
  const { rows } = await sql<
    Pick<TableRow<'report_period'>, 'id'>
  >`INSERT INTO report_period (regime_id, regime_version, frequency, period_key, label, year, cutoff_from, cutoff_to, due_on, opened_by)
    VALUES (${p.regimeId}, ${p.regimeVersion}, ${p.frequency}, ${p.key}, ${p.label}, ${p.year}, ${p.cutoffFrom}::date, ${p.cutoffTo}::date, ${p.dueOn}::date, ${p.openedBy})
    ON CONFLICT (regime_id, period_key) DO NOTHING RETURNING id`.execute(tx);
  if (rows.length) return { id: rows[0].id, created: true };
  const { rows: ex } = await sql<
    Pick<TableRow<'report_period'>, 'id'>
  >`SELECT id FROM report_period WHERE regime_id = ${p.regimeId} AND period_key = ${p.key}`.execute(tx);
  return { id: ex[0].id, created: false };
}

export async function getPeriod(db: Executor, id: string): Promise<PeriodRow | null> {
  const { rows } = await sql<PeriodSelectRow>`${PERIOD_SELECT} WHERE p.id = ${id}`.execute(db);
  return rows.length ? toPeriod(rows[0]) : null;
}

export async function listPeriods(
  db: Executor,
  q: { regimeId?: string; frequency?: string; year?: number; receiverIn?: string[] | null; reporterIn?: string[] | null; limit: number; offset: number },
): Promise<{ items: PeriodRow[]; total: number }> {
  const c = [sql`true`];
  if (q.regimeId) c.push(sql`p.regime_id = ${q.regimeId}`);
  if (q.frequency) c.push(sql`p.frequency = ${q.frequency}`);
  if (q.year) c.push(sql`p.year = ${q.year}`);
  const vis: ReturnType<typeof sql>[] = [];
  if (q.receiverIn) vis.push(sql`g.receiver_agency_id = ANY(${q.receiverIn}::uuid[])`);
  if (q.reporterIn) vis.push(sql`EXISTS (SELECT 1 FROM report_submission s WHERE s.period_id = p.id AND s.agency_id = ANY(${q.reporterIn}::uuid[]))`);
  if (q.receiverIn || q.reporterIn) c.push(vis.length ? sql`(${sql.join(vis, sql` OR `)})` : sql`false`);
  const { rows } = await sql<PeriodSelectRow>`${PERIOD_SELECT} ${sql`WHERE`} ${sql.join(c, sql` AND `)}
    ORDER BY p.cutoff_to DESC, g.code, p.period_key LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  const { rows: n } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM report_period p JOIN report_regime g ON g.id = p.regime_id WHERE ${sql.join(c, sql` AND `)}`.execute(db);
  return { items: rows.map(toPeriod), total: n[0].n };
}

/** Status counts, late and missing (not submitted, due date passed) per period. */
export async function periodCounts(
  db: Executor,
  periodIds: string[],
  today: string,
): Promise<Map<string, { counts: Record<string, number>; late: number; missing: number }>> {
  const out = new Map<string, { counts: Record<string, number>; late: number; missing: number }>();
  if (!periodIds.length) return out;
  const { rows } = await sql<
    Pick<TableRow<'report_submission'>, 'period_id' | 'status'> & { n: number; late: number; missing: number }
  >`SELECT s.period_id, s.status, count(*)::int AS n,
      count(*) FILTER (WHERE s.late)::int AS late,
      count(*) FILTER (WHERE s.first_submitted_at IS NULL AND p.due_on < ${today}::date)::int AS missing
    FROM report_submission s JOIN report_period p ON p.id = s.period_id
    WHERE s.period_id = ANY(${periodIds}::uuid[]) GROUP BY s.period_id, s.status`.execute(db);
  for (const r of rows) {
    const id = r.period_id;
    const e = out.get(id) ?? { counts: {}, late: 0, missing: 0 };
    e.counts[r.status] = r.n;
    e.late += r.late;
    e.missing += r.missing;
    out.set(id, e);
  }
  return out;
}

// ---- submissions ------------------------------------------------------------------------------

export interface SubmissionRow {
  id: string;
  periodId: string;
  agencyId: string;
  agencyName: string;
  status: SubmissionStatus;
  cells: Cells;
  narrative: Record<string, string>;
  annotations: Record<string, string>;
  systemFigures: Record<string, FigureValue>;
  systemFiguresAt: Date | null;
  signedBy: string | null;
  signedByName: string | null;
  signedAt: Date | null;
  signedHash: string | null;
  /** The PAdES-signed PDF of the report the leader signed (issue 19 §5). */
  signedPdf: { key: string; sha256: string } | null;
  submittedVersions: number;
  firstSubmittedAt: Date | null;
  lastSubmittedAt: Date | null;
  late: boolean;
  acceptedAt: Date | null;
  reviewComment: string | null;
  cellComments: Record<string, string>;
  version: number;
  updatedAt: Date;
}

/** A report_submission row as read (every column) with the agency's short name joined in. */
type SubmissionJoinRow = TableRow<'report_submission'> & { agency_name: AgencyShortName };

/** The signed PDF columns of a submission or version (both set or both null). */
const signedPdfOf = (r: Pick<TableRow<'report_submission'>, 'signed_pdf_key' | 'signed_pdf_sha256'>): { key: string; sha256: string } | null =>
  r.signed_pdf_key && r.signed_pdf_sha256 !== null ? { key: r.signed_pdf_key, sha256: r.signed_pdf_sha256 } : null;

const toSubmission = (r: SubmissionJoinRow): SubmissionRow => ({
  id: r.id,
  periodId: r.period_id,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  status: r.status as SubmissionStatus,
  cells: (r.cells as Cells | null) ?? {},
  narrative: (r.narrative as Record<string, string> | null) ?? {},
  annotations: (r.annotations as Record<string, string> | null) ?? {},
  systemFigures: (r.system_figures as Record<string, FigureValue> | null) ?? {},
  systemFiguresAt: r.system_figures_at,
  signedBy: r.signed_by,
  signedByName: r.signed_by_name,
  signedAt: r.signed_at,
  signedHash: r.signed_hash,
  signedPdf: signedPdfOf(r),
  submittedVersions: r.submitted_versions,
  firstSubmittedAt: r.first_submitted_at,
  lastSubmittedAt: r.last_submitted_at,
  late: r.late,
  acceptedAt: r.accepted_at,
  reviewComment: r.review_comment,
  cellComments: (r.cell_comments as Record<string, string> | null) ?? {},
  version: r.version,
  updatedAt: r.updated_at,
});

const SUB_SELECT = sql`SELECT s.id, s.period_id, s.agency_id, s.status, s.cells, s.narrative, s.annotations, s.system_figures, s.system_figures_at, s.signed_by, s.signed_by_name, s.signed_at, s.signed_hash, s.submitted_versions, s.first_submitted_at, s.last_submitted_at, s.late, s.accepted_at, s.review_comment, s.cell_comments, s.version, s.created_at, s.updated_at, s.signed_pdf_key, s.signed_pdf_sha256, a.short_name AS agency_name FROM report_submission s JOIN agency a ON a.id = s.agency_id`;

export async function insertSubmission(tx: Executor, periodId: string, agencyId: string): Promise<boolean> {
  const r =
    await sql`INSERT INTO report_submission (period_id, agency_id) VALUES (${periodId}, ${agencyId}) ON CONFLICT (period_id, agency_id) DO NOTHING`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function getSubmission(db: Executor, id: string, forUpdate = false): Promise<SubmissionRow | null> {
  const { rows } = await sql<SubmissionJoinRow>`${SUB_SELECT} WHERE s.id = ${id} ${forUpdate ? sql`FOR UPDATE OF s` : sql``}`.execute(db);
  return rows.length ? toSubmission(rows[0]) : null;
}

export interface SubmissionFilter {
  periodId?: string;
  regimeId?: string;
  agencyIds?: string[] | null;
  /** Periods whose regime is received by one of these agencies. */
  receiverIn?: string[] | null;
  status?: string;
  lateOrMissing?: { today: string };
  limit: number;
  offset: number;
}

export async function listSubmissions(db: Executor, f: SubmissionFilter): Promise<{ items: (SubmissionRow & { period: PeriodRow })[]; total: number }> {
  const c = [sql`true`];
  if (f.periodId) c.push(sql`s.period_id = ${f.periodId}`);
  if (f.regimeId) c.push(sql`p.regime_id = ${f.regimeId}`);
  if (f.status) c.push(sql`s.status = ${f.status}`);
  const vis: ReturnType<typeof sql>[] = [];
  if (f.agencyIds) vis.push(sql`s.agency_id = ANY(${f.agencyIds}::uuid[])`);
  if (f.receiverIn) vis.push(sql`g.receiver_agency_id = ANY(${f.receiverIn}::uuid[])`);
  if (f.agencyIds || f.receiverIn) c.push(vis.length ? sql`(${sql.join(vis, sql` OR `)})` : sql`false`);
  if (f.lateOrMissing) c.push(sql`(s.late OR (s.first_submitted_at IS NULL AND p.due_on < ${f.lateOrMissing.today}::date))`);
  const where = sql.join(c, sql` AND `);
  const { rows } = await sql<
    SubmissionJoinRow & Omit<PeriodJoinRow, 'id'> & WithTotal
  >`SELECT s.id, s.period_id, s.agency_id, s.status, s.cells, s.narrative, s.annotations, s.system_figures, s.system_figures_at, s.signed_by, s.signed_by_name, s.signed_at, s.signed_hash, s.submitted_versions, s.first_submitted_at, s.last_submitted_at, s.late, s.accepted_at, s.review_comment, s.cell_comments, s.version, s.created_at, s.updated_at, s.signed_pdf_key, s.signed_pdf_sha256, a.short_name AS agency_name,
      p.regime_id, p.regime_version, p.frequency, p.period_key, p.label, p.year, p.cutoff_from, p.cutoff_to, p.due_on, p.opened_at,
      g.code AS regime_code, g.name AS regime_name, g.receiver_agency_id, count(*) OVER () AS total_count
    FROM report_submission s JOIN agency a ON a.id = s.agency_id JOIN report_period p ON p.id = s.period_id JOIN report_regime g ON g.id = p.regime_id
    WHERE ${where}
    ORDER BY p.due_on DESC, g.code, a.short_name LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return {
    total: rows.length ? Number(rows[0].total_count) : 0,
    items: rows.map((r) => ({ ...toSubmission(r), period: toPeriod({ ...r, id: r.period_id }) })),
  };
}

export interface SubmissionPatch {
  status?: SubmissionStatus;
  cells?: Cells;
  narrative?: Record<string, string>;
  annotations?: Record<string, string>;
  systemFigures?: Record<string, FigureValue>;
  systemFiguresAt?: Date;
  signature?: { by: string; name: string; at: Date; hash: string; pdf?: { key: string; sha256: string } | null } | null;
  submitted?: { at: Date; late: boolean; firstTime: boolean };
  acceptedAt?: Date;
  review?: { comment: string | null; cellComments: Record<string, string> };
}

/** Optimistic update: applies the patch only if the row is still at `expectedVersion`. */
export async function updateSubmission(tx: Executor, id: string, expectedVersion: number, p: SubmissionPatch): Promise<boolean> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  if (p.status) sets.push(sql`status = ${p.status}`);
  if (p.cells) sets.push(sql`cells = ${JSON.stringify(p.cells)}::jsonb`);
  if (p.narrative) sets.push(sql`narrative = ${JSON.stringify(p.narrative)}::jsonb`);
  if (p.annotations) sets.push(sql`annotations = ${JSON.stringify(p.annotations)}::jsonb`);
  if (p.systemFigures) sets.push(sql`system_figures = ${JSON.stringify(p.systemFigures)}::jsonb`);
  if (p.systemFiguresAt) sets.push(sql`system_figures_at = ${p.systemFiguresAt}`);
  if (p.signature === null)
    sets.push(sql`signed_by = NULL, signed_by_name = NULL, signed_at = NULL, signed_hash = NULL, signed_pdf_key = NULL, signed_pdf_sha256 = NULL`);
  else if (p.signature)
    sets.push(
      sql`signed_by = ${p.signature.by}, signed_by_name = ${p.signature.name}, signed_at = ${p.signature.at}, signed_hash = ${p.signature.hash}, signed_pdf_key = ${p.signature.pdf?.key ?? null}, signed_pdf_sha256 = ${p.signature.pdf?.sha256 ?? null}`,
    );
  if (p.submitted) {
    sets.push(sql`submitted_versions = submitted_versions + 1, last_submitted_at = ${p.submitted.at}`);
    if (p.submitted.firstTime) sets.push(sql`first_submitted_at = ${p.submitted.at}, late = ${p.submitted.late}`);
  }
  if (p.acceptedAt) sets.push(sql`accepted_at = ${p.acceptedAt}`);
  if (p.review) sets.push(sql`review_comment = ${p.review.comment}, cell_comments = ${JSON.stringify(p.review.cellComments)}::jsonb`);
  const r = await sql`UPDATE report_submission SET ${sql.join(sets, sql`, `)} WHERE id = ${id} AND version = ${expectedVersion}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function insertSubmissionVersion(
  tx: Executor,
  v: {
    submissionId: string;
    versionNo: number;
    cells: Cells;
    narrative: Record<string, string>;
    annotations: Record<string, string>;
    systemFigures: Record<string, FigureValue>;
    contentHash: string;
    signedByName: string | null;
    signedAt: Date | null;
    submittedAt: Date;
    submittedBy: string | null;
    late: boolean;
    signedPdf: { key: string; sha256: string } | null;
  },
): Promise<void> {
  await sql`INSERT INTO report_submission_version (submission_id, version_no, cells, narrative, annotations, system_figures, content_hash, signed_by_name, signed_at, submitted_at, submitted_by, late, signed_pdf_key, signed_pdf_sha256)
    VALUES (${v.submissionId}, ${v.versionNo}, ${JSON.stringify(v.cells)}::jsonb, ${JSON.stringify(v.narrative)}::jsonb, ${JSON.stringify(v.annotations)}::jsonb,
      ${JSON.stringify(v.systemFigures)}::jsonb, ${v.contentHash}, ${v.signedByName}, ${v.signedAt}, ${v.submittedAt}, ${v.submittedBy}, ${v.late}, ${v.signedPdf?.key ?? null}, ${v.signedPdf?.sha256 ?? null})`.execute(
    tx,
  );
}

export interface VersionRow {
  versionNo: number;
  cells: Cells;
  narrative: Record<string, string>;
  annotations: Record<string, string>;
  systemFigures: Record<string, FigureValue>;
  contentHash: string;
  signedByName: string | null;
  signedAt: Date | null;
  submittedAt: Date;
  submittedBy: string | null;
  late: boolean;
  signedPdf: { key: string; sha256: string } | null;
}

/** A report_submission_version row as read: every column (typed from the generated schema). */
type VersionTableRow = TableRow<'report_submission_version'>;

const toVersion = (r: VersionTableRow): VersionRow => ({
  versionNo: r.version_no,
  cells: r.cells as Cells,
  narrative: r.narrative as Record<string, string>,
  annotations: r.annotations as Record<string, string>,
  systemFigures: r.system_figures as unknown as Record<string, FigureValue>,
  contentHash: r.content_hash,
  signedByName: r.signed_by_name,
  signedAt: r.signed_at,
  submittedAt: r.submitted_at,
  submittedBy: r.submitted_by,
  late: r.late,
  signedPdf: signedPdfOf(r),
});

export async function listVersions(db: Executor, submissionId: string): Promise<VersionRow[]> {
  const { rows } =
    await sql<VersionTableRow>`SELECT submission_id, version_no, cells, narrative, annotations, system_figures, content_hash, signed_by_name, signed_at, submitted_at, submitted_by, late, signed_pdf_key, signed_pdf_sha256 FROM report_submission_version WHERE submission_id = ${submissionId} ORDER BY version_no`.execute(
      db,
    );
  return rows.map(toVersion);
}

export async function getVersion(db: Executor, submissionId: string, versionNo: number): Promise<VersionRow | null> {
  const { rows } =
    await sql<VersionTableRow>`SELECT submission_id, version_no, cells, narrative, annotations, system_figures, content_hash, signed_by_name, signed_at, submitted_at, submitted_by, late, signed_pdf_key, signed_pdf_sha256 FROM report_submission_version WHERE submission_id = ${submissionId} AND version_no = ${versionNo}`.execute(
      db,
    );
  return rows.length ? toVersion(rows[0]) : null;
}

/** The latest submitted version of each submission of a period with one of the given statuses. */
export async function latestVersionsOfPeriod(
  db: Executor,
  periodId: string,
  statuses: SubmissionStatus[],
): Promise<(VersionRow & { submissionId: string; agencyId: string; agencyName: string; status: SubmissionStatus })[]> {
  const { rows } = await sql<
    VersionTableRow & Pick<TableRow<'report_submission'>, 'agency_id' | 'status'> & { agency_name: AgencyShortName }
  >`SELECT v.submission_id, v.version_no, v.cells, v.narrative, v.annotations, v.system_figures, v.content_hash, v.signed_by_name, v.signed_at, v.submitted_at, v.submitted_by, v.late, v.signed_pdf_key, v.signed_pdf_sha256, s.id AS submission_id, s.agency_id, s.status, a.short_name AS agency_name
    FROM report_submission s JOIN agency a ON a.id = s.agency_id
    JOIN report_submission_version v ON v.submission_id = s.id AND v.version_no = s.submitted_versions
    WHERE s.period_id = ${periodId} AND s.status = ANY(${statuses}::text[]) ORDER BY a.short_name`.execute(db);
  return rows.map((r) => ({
    ...toVersion(r),
    submissionId: r.submission_id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    status: r.status as SubmissionStatus,
  }));
}

// ---- action log -------------------------------------------------------------------------------

export interface ActionInsert {
  submissionId: string;
  type: LoggedAction;
  actorId: string | null;
  actorUsername: string | null;
  actorName: string | null;
  actorRole: string | null;
  agencyId: string | null;
  fromStatus: SubmissionStatus | null;
  toStatus: SubmissionStatus;
  payload: Record<string, unknown>;
  idempotencyKey: string | null;
}

export async function appendAction(tx: Executor, a: ActionInsert): Promise<number> {
  const { rows } = await sql<
    Pick<TableRow<'report_action'>, 'seq'>
  >`INSERT INTO report_action (submission_id, seq, type, actor_id, actor_username, actor_name, actor_role, agency_id, from_status, to_status, payload, idempotency_key)
    SELECT ${a.submissionId}, coalesce(max(seq), 0) + 1, ${a.type}, ${a.actorId}, ${a.actorUsername}, ${a.actorName}, ${a.actorRole}, ${a.agencyId},
      ${a.fromStatus}, ${a.toStatus}, ${JSON.stringify(a.payload)}::jsonb, ${a.idempotencyKey}
    FROM report_action WHERE submission_id = ${a.submissionId}
    RETURNING seq`.execute(tx);
  return rows[0].seq;
}

export async function findActionByKey(db: Executor, submissionId: string, type: string, key: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM report_action WHERE submission_id = ${submissionId} AND type = ${type} AND idempotency_key = ${key}`.execute(db);
  return rows.length > 0;
}

export async function listActions(
  db: Executor,
  submissionId: string,
): Promise<
  {
    seq: number;
    type: LoggedAction;
    at: Date;
    actor: string | null;
    fromStatus: SubmissionStatus | null;
    toStatus: SubmissionStatus;
    payload: Record<string, unknown>;
  }[]
> {
  const { rows } = await sql<
    TableRow<'report_action'>
  >`SELECT id, submission_id, seq, type, at, actor_id, actor_username, actor_name, actor_role, agency_id, from_status, to_status, payload, idempotency_key FROM report_action WHERE submission_id = ${submissionId} ORDER BY seq`.execute(
    db,
  );
  return rows.map((r) => ({
    seq: r.seq,
    type: r.type as LoggedAction,
    at: r.at,
    actor: r.actor_name ?? r.actor_username ?? null,
    fromStatus: r.from_status as SubmissionStatus | null,
    toStatus: r.to_status as SubmissionStatus,
    payload: (r.payload as Record<string, unknown> | null) ?? {},
  }));
}

// ---- reminders --------------------------------------------------------------------------------

export async function openSubmissionsDueBy(db: Executor, until: string): Promise<(SubmissionRow & { period: PeriodRow })[]> {
  return (await listSubmissions(db, { limit: 100000, offset: 0 })).items.filter((s) => s.firstSubmittedAt === null && s.period.dueOn <= until);
}

export async function insertReminder(tx: Executor, submissionId: string, kind: string, sentOn: string): Promise<boolean> {
  const r =
    await sql`INSERT INTO report_reminder (submission_id, kind, sent_on) VALUES (${submissionId}, ${kind}, ${sentOn}::date) ON CONFLICT DO NOTHING`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

// ---- consolidation ----------------------------------------------------------------------------

export interface ConsolidationRow {
  periodId: string;
  number: string | null;
  narrative: Record<string, string>;
  signerTitle: string | null;
  signerName: string | null;
  status: 'draft' | 'sent';
  sentAt: Date | null;
  sentBy: string | null;
  nationalReceipt: string | null;
  version: number;
}

export async function getConsolidation(db: Executor, periodId: string): Promise<ConsolidationRow | null> {
  const { rows } = await sql<
    TableRow<'report_consolidation'>
  >`SELECT period_id, number, narrative, signer_title, signer_name, status, sent_at, sent_by, national_receipt, version, updated_at FROM report_consolidation WHERE period_id = ${periodId}`.execute(
    db,
  );
  if (!rows.length) return null;
  const r = rows[0];
  return {
    periodId,
    number: r.number,
    narrative: (r.narrative as Record<string, string> | null) ?? {},
    signerTitle: r.signer_title,
    signerName: r.signer_name,
    status: r.status as ConsolidationRow['status'],
    sentAt: r.sent_at,
    sentBy: r.sent_by,
    nationalReceipt: r.national_receipt,
    version: r.version,
  };
}

export async function ensureConsolidation(tx: Executor, periodId: string): Promise<void> {
  await sql`INSERT INTO report_consolidation (period_id) VALUES (${periodId}) ON CONFLICT DO NOTHING`.execute(tx);
}

export async function updateConsolidation(
  tx: Executor,
  periodId: string,
  expectedVersion: number,
  p: { number?: string | null; narrative?: Record<string, string>; signerTitle?: string | null; signerName?: string | null; sent?: { at: Date; by: string } },
): Promise<boolean> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  if (p.number !== undefined) sets.push(sql`number = ${p.number}`);
  if (p.narrative) sets.push(sql`narrative = ${JSON.stringify(p.narrative)}::jsonb`);
  if (p.signerTitle !== undefined) sets.push(sql`signer_title = ${p.signerTitle}`);
  if (p.signerName !== undefined) sets.push(sql`signer_name = ${p.signerName}`);
  if (p.sent) sets.push(sql`status = 'sent', sent_at = ${p.sent.at}, sent_by = ${p.sent.by}`);
  const r = await sql`UPDATE report_consolidation SET ${sql.join(sets, sql`, `)} WHERE period_id = ${periodId} AND version = ${expectedVersion}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function setNationalReceipt(db: Executor, periodId: string, receipt: string): Promise<void> {
  await sql`UPDATE report_consolidation SET national_receipt = ${receipt} WHERE period_id = ${periodId}`.execute(db);
}

/**
 * Submissions for the direction centre (issue 21): `missing` — not sent (nor accepted) although
 * the period's deadline (due_on < today) has passed; `late` — sent after the deadline. Only
 * periods due on or after `since` (the open ones).
 */
export async function directionReportItems(
  db: Executor,
  q: { kind: 'missing' | 'late'; today: string; since: string; agencyIds: string[] | null; limit: number },
): Promise<{ id: string; periodId: string; regimeName: string; periodLabel: string; dueOn: string; status: string; agencyId: string; agencyName: string }[]> {
  const which = q.kind === 'missing' ? sql`s.status NOT IN ('submitted', 'accepted') AND p.due_on < ${q.today}::date` : sql`s.late`;
  const scope = q.agencyIds === null ? sql`true` : sql`s.agency_id = ANY(${q.agencyIds}::uuid[])`;
  const { rows } = await sql<
    Pick<TableRow<'report_submission'>, 'id' | 'status' | 'agency_id'> & {
      period_id: TableRow<'report_period'>['id'];
      regime_name: RegimeTableRow['name'];
      label: TableRow<'report_period'>['label'];
      due_on: string;
      agency_name: TableRow<'agency'>['name'];
    }
  >`
    SELECT s.id, p.id AS period_id, r.name AS regime_name, p.label, p.due_on::text AS due_on, s.status, s.agency_id, a.name AS agency_name
    FROM report_submission s
    JOIN report_period p ON p.id = s.period_id
    JOIN report_regime r ON r.id = p.regime_id
    JOIN agency a ON a.id = s.agency_id
    WHERE ${which} AND p.due_on >= ${q.since}::date AND ${scope}
    ORDER BY p.due_on, a.name, s.id
    LIMIT ${q.limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    periodId: r.period_id,
    regimeName: r.regime_name,
    periodLabel: r.label,
    dueOn: r.due_on,
    status: r.status,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
  }));
}
