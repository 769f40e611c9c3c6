import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import { prepared, type Executor, type TableRow } from '../../platform/db/database.js';
import { writeTogether } from '../../platform/write-together.js';
import type { DossierState, StatusCode } from './dossiers.rules.js';

/** A dossier row as read: every column (typed from the generated schema). */
type DossierTableRow = TableRow<'dossier'>;
/** A list page's row: the citizen's list also carries count(*) OVER () (bigint: a string from the driver). */
type DossierListRow = DossierTableRow & { total_count?: string | number | bigint };

export interface Applicant {
  kind: 'citizen' | 'business' | 'organisation';
  name: string;
  idNumber: string;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface ComponentEntry {
  index: number;
  name: string;
  originals: number;
  copies: number;
  digitised: boolean;
  reusedFrom: string | null;
  /** Set when an officer confirmed the component's scan (issue 19; dossiers.digitisation.ts). */
  scanFileId?: string;
  confirmedBy?: string;
  confirmedAt?: string;
  /** History import: the previous system's officer who confirmed the scan, by name. */
  importedConfirmedBy?: string;
  /** History import: "digitised" declared by the previous system without a scan (not counted for 4.2). */
  declaredDigitised?: boolean;
}

export interface DossierRow {
  id: string;
  code: string;
  procedureCode: string;
  procedureVersionId: string;
  procedureName: string;
  field: string;
  caseKey: string;
  channel: 'counter' | 'online' | 'post';
  status: StatusCode;
  receivingAgencyId: string;
  leadAgencyId: string | null;
  currentAgencyId: string | null;
  assigneeId: string | null;
  agencyIds: string[];
  applicantUserId: string | null;
  applicant: Applicant;
  /** Declared groups for fee reductions (catalogue APPLICANT_GROUPS). */
  applicantGroups: string[];
  representative: Record<string, unknown> | null;
  summary: string | null;
  formData: Record<string, unknown>;
  components: ComponentEntry[];
  submittedAt: Date | null;
  receivedAt: Date | null;
  appointmentOriginal: Date | null;
  appointmentCurrent: Date | null;
  processingEndedAt: Date | null;
  returnedAt: Date | null;
  hasApology: boolean;
  state: DossierState;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** The short secret printed on the receipt: with the code it opens the public lookup's details. */
  lookupSecret: string;
}

const toRow = (r: DossierTableRow): DossierRow => ({
  id: r.id,
  code: r.code,
  procedureCode: r.procedure_code,
  procedureVersionId: r.procedure_version_id,
  procedureName: r.procedure_name,
  field: r.field,
  caseKey: r.case_key,
  channel: r.channel as DossierRow['channel'],
  status: r.status as StatusCode,
  receivingAgencyId: r.receiving_agency_id,
  leadAgencyId: r.lead_agency_id ?? null,
  currentAgencyId: r.current_agency_id ?? null,
  assigneeId: r.assignee_id ?? null,
  agencyIds: r.agency_ids ?? [],
  applicantUserId: r.applicant_user_id ?? null,
  applicant: {
    kind: r.applicant_kind as Applicant['kind'],
    name: r.applicant_name,
    idNumber: r.applicant_id_number,
    phone: r.applicant_phone ?? null,
    email: r.applicant_email ?? null,
    address: r.applicant_address ?? null,
  },
  applicantGroups: r.applicant_groups ?? [],
  representative: (r.representative as Record<string, unknown> | null) ?? null,
  summary: r.summary ?? null,
  formData: (r.form_data as Record<string, unknown>) ?? {},
  components: (r.components as unknown as ComponentEntry[]) ?? [],
  submittedAt: r.submitted_at ?? null,
  receivedAt: r.received_at ?? null,
  appointmentOriginal: r.appointment_original ?? null,
  appointmentCurrent: r.appointment_current ?? null,
  processingEndedAt: r.processing_ended_at ?? null,
  returnedAt: r.returned_at ?? null,
  hasApology: r.has_apology,
  state: r.state as unknown as DossierState,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lookupSecret: r.lookup_secret,
});

/** The next number of the agency's daily sequence; concurrent callers get distinct numbers. */
export async function nextCodeSeq(tx: Executor, agencyCode: string, day: string): Promise<number> {
  const { rows } = await prepared(sql<{ last: number }>`INSERT INTO dossier_code_counter (agency_code, day, last) VALUES (${agencyCode}, ${day}, 1)
    ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_code_counter.last + 1 RETURNING last`).execute(tx);
  return rows[0].last;
}

export interface DossierInsert {
  code: string;
  procedureCode: string;
  procedureVersionId: string;
  procedureName: string;
  field: string;
  caseKey: string;
  channel: DossierRow['channel'];
  receivingAgencyId: string;
  applicantUserId: string | null;
  applicant: Applicant;
  applicantGroups?: string[];
  representative: Record<string, unknown> | null;
  summary: string | null;
  formData: Record<string, unknown>;
  components: ComponentEntry[];
  state: DossierState;
  createdAt?: Date;
}

/** Snapshot columns derived from the rules' state (kept in one place). */
function derived(s: DossierState) {
  return {
    status: s.status,
    leadAgencyId: s.leadAgencyId,
    currentAgencyId: s.currentAgencyId,
    assigneeId: s.assignee?.officerId ?? null,
    agencyIds: [...new Set([s.receivingAgencyId, ...s.involvedAgencyIds])],
    submittedAt: s.submittedAt,
    receivedAt: s.receivedAt,
    appointmentOriginal: s.appointment.original,
    appointmentCurrent: s.appointment.current,
    processingEndedAt: s.processingEndedAt,
    returnedAt: s.returnInfo?.at ?? null,
    hasApology: s.apology !== null,
  };
}

/** The INSERT of a new dossier with a caller-chosen id, returning the row. */
function dossierInsert(id: string, d: DossierInsert): RawBuilder<DossierTableRow> {
  const x = derived(d.state);
  return sql<DossierTableRow>`INSERT INTO dossier (id, code, procedure_code, procedure_version_id, procedure_name, field, case_key, channel, status,
      receiving_agency_id, lead_agency_id, current_agency_id, assignee_id, agency_ids, applicant_user_id, applicant_kind, applicant_name, applicant_id_number,
      applicant_phone, applicant_email, applicant_address, representative, summary, form_data, components, submitted_at, received_at,
      appointment_original, appointment_current, processing_ended_at, returned_at, has_apology, state, created_at, updated_at, applicant_groups)
    VALUES (${id}, ${d.code}, ${d.procedureCode}, ${d.procedureVersionId}, ${d.procedureName}, ${d.field}, ${d.caseKey}, ${d.channel}, ${x.status},
      ${d.receivingAgencyId}, ${x.leadAgencyId}, ${x.currentAgencyId}, ${x.assigneeId}, ${x.agencyIds}::uuid[], ${d.applicantUserId}, ${d.applicant.kind}, ${d.applicant.name},
      ${d.applicant.idNumber}, ${d.applicant.phone}, ${d.applicant.email}, ${d.applicant.address}, ${d.representative ? JSON.stringify(d.representative) : null}::jsonb,
      ${d.summary}, ${JSON.stringify(d.formData)}::jsonb, ${JSON.stringify(d.components)}::jsonb, ${x.submittedAt}::timestamptz, ${x.receivedAt}::timestamptz,
      ${x.appointmentOriginal}::timestamptz, ${x.appointmentCurrent}::timestamptz, ${x.processingEndedAt}::timestamptz, ${x.returnedAt}::timestamptz, ${x.hasApology},
      ${JSON.stringify(d.state)}::jsonb, ${d.createdAt ?? new Date()}, ${d.createdAt ?? new Date()}, ${d.applicantGroups ?? []}::text[])
    RETURNING id, code, procedure_code, procedure_version_id, procedure_name, field, case_key, channel, status, receiving_agency_id, lead_agency_id, current_agency_id, assignee_id, agency_ids, applicant_user_id, applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, representative, summary, form_data, components, submitted_at, received_at, appointment_original, appointment_current, processing_ended_at, returned_at, has_apology, state, version, created_at, updated_at, search_key, applicant_groups, lookup_secret`;
}

/**
 * Inserts a new dossier together with `parts` (its first action row, audit row, outbox rows…) in
 * ONE statement (platform/write-together.ts): all of them or none. Returns the dossier row written.
 */
export async function insertDossierWith(x: Executor, id: string, d: DossierInsert, parts: RawBuilder<unknown>[]): Promise<DossierRow> {
  return toRow((await writeTogether(x, dossierInsert(id, d), parts))[0]);
}

/** The condition for a part written with the snapshot by writeSnapshotWith: the versioned update matched. */
export const IF_SNAPSHOT_WRITTEN = sql`EXISTS (SELECT 1 FROM snap)`;

/**
 * Writes a new snapshot if `before` is still the dossier's version, together with `parts` (built
 * with IF_SNAPSHOT_WRITTEN) in ONE statement: the row written, or null — and nothing written at
 * all — when someone else changed the dossier first.
 *
 * The row written is not sent back by the database: it is `before` with the snapshot's columns
 * (rowAfterSnapshot). That is exact because every change of a dossier moves its version, so the
 * row the UPDATE matched is the row `before` was read as.
 */
export async function writeSnapshotWith(
  x: Executor,
  before: DossierRow,
  state: DossierState,
  at: Date,
  parts: RawBuilder<unknown>[],
): Promise<DossierRow | null> {
  const rows = await writeTogether(x, sql<Pick<DossierTableRow, 'version'>>`SELECT version FROM snap`, parts, {
    snap: snapshotUpdate(before.id, before.version, state, at),
  });
  return rows.length ? rowAfterSnapshot(before, state, at) : null;
}

/** The dossier row after snapshotUpdate wrote `state` at `at` over `before`. */
export function rowAfterSnapshot(before: DossierRow, state: DossierState, at: Date): DossierRow {
  const x = derived(state);
  const time = (i: string | null) => (i === null ? null : new Date(i));
  const { lastSeq: _lastSeq, ...columns } = before as DossierRow & { lastSeq?: number }; // getDossierForAction's extra field is not a column
  return {
    ...columns,
    status: x.status,
    leadAgencyId: x.leadAgencyId,
    currentAgencyId: x.currentAgencyId,
    assigneeId: x.assigneeId,
    agencyIds: x.agencyIds,
    submittedAt: time(x.submittedAt),
    receivedAt: time(x.receivedAt),
    appointmentOriginal: time(x.appointmentOriginal),
    appointmentCurrent: time(x.appointmentCurrent),
    processingEndedAt: time(x.processingEndedAt),
    returnedAt: time(x.returnedAt),
    hasApology: x.hasApology,
    state,
    version: before.version + 1,
    updatedAt: at,
  };
}

/** The UPDATE writing a new snapshot if the version is still `expectedVersion` (no row when stale). */
function snapshotUpdate(id: string, expectedVersion: number, state: DossierState, at: Date): RawBuilder<Pick<DossierTableRow, 'version'>> {
  const x = derived(state);
  return sql<
    Pick<DossierTableRow, 'version'>
  >`UPDATE dossier SET status = ${x.status}, lead_agency_id = ${x.leadAgencyId}, current_agency_id = ${x.currentAgencyId},
      assignee_id = ${x.assigneeId}, agency_ids = ${x.agencyIds}::uuid[], submitted_at = ${x.submittedAt}::timestamptz, received_at = ${x.receivedAt}::timestamptz,
      appointment_original = ${x.appointmentOriginal}::timestamptz, appointment_current = ${x.appointmentCurrent}::timestamptz,
      processing_ended_at = ${x.processingEndedAt}::timestamptz, returned_at = ${x.returnedAt}::timestamptz, has_apology = ${x.hasApology},
      state = ${JSON.stringify(state)}::jsonb, version = version + 1, updated_at = ${at}
    WHERE id = ${id} AND version = ${expectedVersion}
    RETURNING version`;
}

export async function getDossier(db: Executor, id: string): Promise<DossierRow | null> {
  const { rows } = await prepared(
    sql<DossierTableRow>`SELECT id, code, procedure_code, procedure_version_id, procedure_name, field, case_key, channel, status, receiving_agency_id, lead_agency_id, current_agency_id, assignee_id, agency_ids, applicant_user_id, applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, representative, summary, form_data, components, submitted_at, received_at, appointment_original, appointment_current, processing_ended_at, returned_at, has_apology, state, version, created_at, updated_at, search_key, applicant_groups, lookup_secret FROM dossier WHERE id = ${id}`,
  ).execute(db);
  return rows.length ? toRow(rows[0]) : null;
}

export async function getDossierByCode(db: Executor, code: string): Promise<DossierRow | null> {
  const { rows } = await prepared(
    sql<DossierTableRow>`SELECT id, code, procedure_code, procedure_version_id, procedure_name, field, case_key, channel, status, receiving_agency_id, lead_agency_id, current_agency_id, assignee_id, agency_ids, applicant_user_id, applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, representative, summary, form_data, components, submitted_at, received_at, appointment_original, appointment_current, processing_ended_at, returned_at, has_apology, state, version, created_at, updated_at, search_key, applicant_groups, lookup_secret FROM dossier WHERE code = ${code}`,
  ).execute(db);
  return rows.length ? toRow(rows[0]) : null;
}

/** What the public lookup shows: the status by the code alone; the rest only with the right secret. */
export interface PublicLookupRow {
  code: string;
  status: number;
  detail: null | {
    procedureName: string;
    receivingAgency: string | null;
    applicantName: string;
    submittedAt: number | null;
    receivedAt: number | null;
    appointment: number | null;
    originalAppointment: number | null;
    returnedAt: number | null;
    steps: { at: number; type: string; agency: string | null; toStatus: number }[];
    /** Status 8: why processing ended (a refusal after appraisal states its reasons). */
    closure: { kind: string; reason: string } | null;
  };
}

/**
 * The public lookup in ONE statement that reads only the columns it shows: the status, and — only
 * when `secret` is the dossier's — the details and the steps (times as epoch milliseconds).
 * Exported as a query so the bench's bare server (bench/bare-server.ts) sends the same text.
 */
export function publicLookupQuery(code: string, secret: string | null) {
  const ms = (c: string) => sql.raw(`(extract(epoch FROM ${c}) * 1000)::bigint`);
  return prepared(sql<{ code: string; status: number; detail: PublicLookupRow['detail'] }>`
    SELECT d.code, d.status,
      CASE WHEN d.lookup_secret = ${secret}::text THEN json_build_object(
        'procedureName', d.procedure_name,
        'receivingAgency', (SELECT g.name FROM agency g WHERE g.id = d.receiving_agency_id),
        'applicantName', d.applicant_name,
        'submittedAt', ${ms('d.submitted_at')}, 'receivedAt', ${ms('d.received_at')},
        'appointment', ${ms('d.appointment_current')}, 'originalAppointment', ${ms('d.appointment_original')},
        'returnedAt', ${ms('d.returned_at')},
        'closure', CASE WHEN d.status = 8 THEN json_build_object('kind', d.state->'closure'->>'kind', 'reason', d.state->'closure'->>'reason') END,
        'steps', (SELECT coalesce(json_agg(json_build_object('at', ${ms('a.at')}, 'type', a.type, 'agency', g.name, 'toStatus', a.to_status) ORDER BY a.seq), '[]'::json)
                  FROM dossier_action a LEFT JOIN agency g ON g.id = a.agency_id WHERE a.dossier_id = d.id)
      ) END AS detail
    FROM dossier d WHERE d.code = ${code}`);
}

/**
 * publicLookupQuery compiled once, with two markers whose places say where the code and the secret
 * go among its parameters: a lookup then only copies two values into the parameter list, instead of
 * building and compiling the statement's tree on every request (issue 25). Both engines compile
 * with Kysely's PostgresQueryCompiler, so the text is the same whichever executor compiles it.
 */
let lookupStatement: { sql: string; parameters: readonly unknown[]; code: number; secret: number } | null = null;
function compiledLookup(db: Executor): NonNullable<typeof lookupStatement> {
  if (lookupStatement) return lookupStatement;
  const CODE = '\u0000code';
  const SECRET = '\u0000secret';
  const { sql: text, parameters } = publicLookupQuery(CODE, SECRET).compile(db);
  const code = parameters.indexOf(CODE);
  const secret = parameters.indexOf(SECRET);
  if (code < 0 || secret < 0 || parameters.lastIndexOf(CODE) !== code || parameters.lastIndexOf(SECRET) !== secret)
    throw new Error('publicLookup: the statement must take the code and the secret once each');
  return (lookupStatement = { sql: text, parameters, code, secret });
}

export async function publicLookup(db: Executor, code: string, secret: string | null): Promise<PublicLookupRow | null> {
  const q = compiledLookup(db);
  const parameters = q.parameters.slice();
  parameters[q.code] = code;
  parameters[q.secret] = secret;
  const { rows } = await db.executeQuery(
    CompiledQuery.raw(q.sql, parameters) as CompiledQuery<{ code: string; status: number; detail: PublicLookupRow['detail'] }>,
  );
  if (!rows.length) return null;
  return { code: rows[0].code, status: Number(rows[0].status), detail: rows[0].detail };
}

/** The dossier with the last seq of its action log (the next action is lastSeq + 1). */
export async function getDossierForAction(db: Executor, id: string): Promise<(DossierRow & { lastSeq: number }) | null> {
  const { rows } = await prepared(sql<
    DossierTableRow & { last_seq: TableRow<'dossier_action'>['seq'] }
  >`SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret, (SELECT coalesce(max(a.seq), 0) FROM dossier_action a WHERE a.dossier_id = d.id) AS last_seq
    FROM dossier d WHERE d.id = ${id}`).execute(db);
  return rows.length ? { ...toRow(rows[0]), lastSeq: Number(rows[0].last_seq) } : null;
}

export interface ActionInsert {
  dossierId: string;
  seq: number;
  type: string;
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  agencyId: string | null;
  step: number | null;
  fromStatus: number | null;
  toStatus: number;
  payload: Record<string, unknown>;
  events: unknown[];
  idempotencyKey: string | null;
  /** The law applied, as in force for the dossier (the rules' decision, legal-basis.ts). */
  law: string | null;
}

/**
 * The INSERT of one action row (see platform/write-together.ts), only when `onlyIf` holds if given.
 * The seq is the caller's: lastSeq + 1 read with the dossier, safe because every action also moves
 * the dossier's version, so after a concurrent action the caller's versioned snapshot update
 * matches nothing and no row is written; UNIQUE (dossier_id, seq) refuses a duplicate in any case.
 */
export function actionInsert(a: ActionInsert, onlyIf?: RawBuilder<unknown>): RawBuilder<unknown> {
  const into = sql`INSERT INTO dossier_action (dossier_id, seq, type, at, actor_id, actor_username, actor_role, agency_id, step, from_status, to_status, payload, events, idempotency_key, law)`;
  const values = sql`${a.dossierId}, ${a.seq}, ${a.type}, ${a.at}, ${a.actorId}, ${a.actorUsername}, ${a.actorRole},
      ${a.agencyId}, ${a.step}, ${a.fromStatus}, ${a.toStatus}, ${JSON.stringify(a.payload)}::jsonb, ${JSON.stringify(a.events)}::jsonb, ${a.idempotencyKey}, ${a.law}`;
  return onlyIf ? sql`${into} SELECT ${values} WHERE ${onlyIf}` : sql`${into} VALUES (${values})`;
}

export interface ActionRow {
  seq: number;
  type: string;
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  agencyId: string | null;
  agencyName: string | null;
  step: number | null;
  fromStatus: number | null;
  toStatus: number;
  payload: Record<string, unknown>;
  events: Record<string, unknown>[];
  law: string | null;
}

/**
 * The first moment each of `types` happened, for many dossiers in one query per 5,000 ids (the
 * tracking book used to read every dossier's whole log, one query per dossier).
 */
/** The dossiers of a tracking book: received in [from, to] (days in Vietnam), in the scope (null = province-wide). */
export interface TrackingBookFilter {
  agencyIds: string[] | null;
  from: string;
  to: string;
}

/** One line of the tracking book (Sổ theo dõi hồ sơ), with the first forward and result times from the action log. */
export interface TrackingBookLine {
  id: string;
  code: string;
  procedureName: string;
  applicantName: string;
  receivingAgencyId: string;
  receivedAt: Date;
  appointmentAt: Date | null;
  forwardedAt: Date | null;
  resultAt: Date | null;
  returnedAt: Date | null;
  hasApology: boolean;
}

function trackingBookWhere(f: TrackingBookFilter): RawBuilder<unknown> {
  const c: RawBuilder<unknown>[] = [
    sql`d.received_at >= (${f.from}::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`,
    sql`d.received_at < (${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`,
  ];
  if (f.agencyIds !== null) c.push(sql`d.agency_ids && ${f.agencyIds}::uuid[]`);
  return sql.join(c, sql` AND `);
}

/** How many dossiers the tracking book holds (the progress' total). */
export async function trackingBookCount(db: Executor, f: TrackingBookFilter): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM dossier d WHERE ${trackingBookWhere(f)}`.execute(db);
  return Number(rows[0].n);
}

/** Where the next page starts: the last line's receipt time (as PostgreSQL's text) and code. */
export interface TrackingBookCursor {
  receivedAt: string;
  code: string;
}

const at = (v: Date | string | null | undefined): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v));

/**
 * A page of the tracking book in order of receipt (received_at, code), after the line `after`
 * (keyset: no OFFSET to skip over): ONE query reads the page's dossiers, only the columns the book
 * prints, and the first forward / result_ready of each from the action log.
 */
export async function trackingBookPage(
  db: Executor,
  f: TrackingBookFilter,
  after: TrackingBookCursor | null,
  limit: number,
): Promise<{ lines: TrackingBookLine[]; next: TrackingBookCursor | null }> {
  // The cursor's time travels as PostgreSQL's own text: a JS Date would cut its microseconds.
  const cursor = after ? sql`AND (d.received_at, d.code) > (${after.receivedAt}::timestamptz, ${after.code})` : sql``;
  const { rows } = await sql<
    Pick<
      DossierTableRow,
      'id' | 'code' | 'procedure_name' | 'applicant_name' | 'receiving_agency_id' | 'received_at' | 'appointment_current' | 'returned_at' | 'has_apology'
    > & { received_key: string; forwarded_at: TableRow<'dossier_action'>['at'] | null; result_at: TableRow<'dossier_action'>['at'] | null }
  >`WITH page AS (
      SELECT d.id, d.code, d.procedure_name, d.applicant_name, d.receiving_agency_id, d.received_at, d.received_at::text AS received_key, d.appointment_current, d.returned_at, d.has_apology
      FROM dossier d WHERE ${trackingBookWhere(f)} ${cursor}
      ORDER BY d.received_at, d.code LIMIT ${limit}
    ), firsts AS (
      SELECT a.dossier_id, min(a.at) FILTER (WHERE a.type = 'forward') AS forwarded_at, min(a.at) FILTER (WHERE a.type = 'result_ready') AS result_at
      FROM dossier_action a WHERE a.dossier_id IN (SELECT id FROM page) AND a.type IN ('forward', 'result_ready') GROUP BY a.dossier_id
    )
    SELECT p.id, p.code, p.procedure_name, p.applicant_name, p.receiving_agency_id, p.received_at, p.received_key, p.appointment_current, p.returned_at, p.has_apology,
      f.forwarded_at, f.result_at FROM page p LEFT JOIN firsts f ON f.dossier_id = p.id ORDER BY p.received_at, p.code`.execute(db);
  const lines = rows.map((r) => ({
    id: r.id,
    code: r.code,
    procedureName: r.procedure_name,
    applicantName: r.applicant_name,
    receivingAgencyId: r.receiving_agency_id,
    receivedAt: at(r.received_at)!,
    appointmentAt: at(r.appointment_current),
    forwardedAt: at(r.forwarded_at),
    resultAt: at(r.result_at),
    returnedAt: at(r.returned_at),
    hasApology: r.has_apology === true,
  }));
  const last = rows[rows.length - 1];
  return { lines, next: rows.length === limit ? { receivedAt: last.received_key, code: last.code } : null };
}

export async function listActions(db: Executor, dossierId: string): Promise<ActionRow[]> {
  const { rows } =
    await prepared(sql<ActionTableRow>`SELECT a.id, a.dossier_id, a.seq, a.type, a.at, a.actor_id, a.actor_username, a.actor_role, a.agency_id, a.step, a.from_status, a.to_status, a.payload, a.events, a.idempotency_key, a.law, g.name AS agency_name FROM dossier_action a LEFT JOIN agency g ON g.id = a.agency_id
    WHERE a.dossier_id = ${dossierId} ORDER BY a.seq`).execute(db);
  return rows.map(toActionRow);
}

/** A time read as a Date, or as the text JSON carries it (json_agg). */
const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

/** A dossier_action row with its agency's name; `at` is text when the row comes through json_agg. */
type ActionTableRow = Omit<TableRow<'dossier_action'>, 'at'> & { at: Date | string; agency_name: TableRow<'agency'>['name'] | null };

function toActionRow(r: ActionTableRow): ActionRow {
  return {
    seq: Number(r.seq),
    type: r.type,
    at: asDate(r.at),
    actorId: r.actor_id ?? null,
    actorUsername: r.actor_username ?? null,
    actorRole: r.actor_role ?? null,
    agencyId: r.agency_id ?? null,
    agencyName: r.agency_name ?? null,
    step: r.step === null ? null : Number(r.step),
    fromStatus: r.from_status === null ? null : Number(r.from_status),
    toStatus: Number(r.to_status),
    payload: r.payload as Record<string, unknown>,
    events: r.events as Record<string, unknown>[],
    law: r.law ?? null,
  };
}

/**
 * What the national sync sends for a dossier, in ONE statement: the dossier, its actions (as
 * listActions), its files (as listFiles) and the name of the agency handling it — `agencyId`, or
 * when null the lead agency of the dossier's stored state, else its receiving agency.
 */
export async function getSyncSource(
  db: Executor,
  id: string,
  agencyId: string | null,
  agencyFromState: boolean,
): Promise<{ dossier: DossierRow; actions: ActionRow[]; files: FileRow[]; agencyName: string | null } | null> {
  const { rows } = await prepared(sql<
    DossierTableRow & {
      sync_actions: ActionTableRow[] | string;
      sync_files: (Omit<FileTableRow, 'uploaded_at'> & { uploaded_at: Date | string })[] | string;
      sync_agency_name: TableRow<'agency'>['name'] | null;
    }
  >`SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret,
      (SELECT coalesce(json_agg(to_jsonb(a) || jsonb_build_object('agency_name', g.name) ORDER BY a.seq), '[]'::json)
         FROM dossier_action a LEFT JOIN agency g ON g.id = a.agency_id WHERE a.dossier_id = d.id) AS sync_actions,
      (SELECT coalesce(json_agg(f ORDER BY f.uploaded_at, f.id), '[]'::json) FROM dossier_file f WHERE f.dossier_id = d.id) AS sync_files,
      (SELECT g.name FROM agency g WHERE g.id = coalesce(${agencyId}::uuid, CASE WHEN ${agencyFromState}::boolean THEN (d.state->>'leadAgencyId')::uuid END, d.receiving_agency_id)) AS sync_agency_name
    FROM dossier d WHERE d.id = ${id}`).execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  // json_agg: the driver parses json into objects (PGlite and node-postgres); text is parsed here in case.
  const json = <T>(v: T[] | string): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : v);
  return {
    dossier: toRow(r),
    actions: json(r.sync_actions).map(toActionRow),
    files: json(r.sync_files).map((f) => toFile({ ...f, uploaded_at: asDate(f.uploaded_at) })),
    agencyName: r.sync_agency_name ?? null,
  };
}

export type Queue = 'to_receive' | 'mine' | 'department' | 'due_soon' | 'overdue' | 'waiting';

export interface DossierFilter {
  /** null = province-wide. */
  agencyIds: string[] | null;
  applicantUserId?: string;
  actorId?: string;
  queue?: Queue;
  /** For due_soon: appointments before this instant (now + 1 working day). */
  dueSoonBefore?: Date;
  now: Date;
  procedureCode?: string;
  channel?: string;
  status?: number;
  receivedFrom?: string;
  receivedTo?: string;
  q?: string;
  /** A search's first arm: how many of the newest dossiers it walks (default SEARCH_RECENT_WINDOW; tests make it small). */
  recentWindow?: number;
  limit: number;
  offset: number;
}

const OPEN = sql`(2, 4, 5, 6)`;
/** The statuses a queue can hold (every queue condition implies one of them): the partial indexes' predicate. */
const QUEUED = sql`(1, 2, 4, 5, 6)`;
/** The list order (served by the indexes of migration 002_list_indexes.sql). */
const SORT_KEY = sql`coalesce(d.appointment_current, d.created_at)`;

/**
 * A queue's condition. Written so that an index serves it: a received dossier (2, 4, 5, 6) always
 * has an appointment, so on those the sort key is the appointment and due_soon/overdue are ranges
 * of the sort key; a supplement asked before receipt is the only status 5 without received_at
 * (state.supplementPhase = 'pre_receipt'), so to_receive needs no read of the state.
 */
function queueCondition(q: Queue, f: DossierFilter): RawBuilder<unknown> {
  switch (q) {
    case 'to_receive':
      return sql`d.status = 1 OR (d.status = 5 AND d.received_at IS NULL)`;
    case 'mine':
      return sql`d.assignee_id = ${f.actorId ?? null} AND d.status IN ${OPEN}`;
    case 'department':
      return f.agencyIds === null
        ? sql`d.status IN (2, 4)`
        : sql`d.status IN (2, 4) AND (d.current_agency_id = ANY(${f.agencyIds}::uuid[]) OR (d.status = 2 AND d.receiving_agency_id = ANY(${f.agencyIds}::uuid[])))`;
    case 'due_soon':
      return sql`d.status IN (2, 4) AND d.appointment_current >= ${f.now} AND d.appointment_current <= ${f.dueSoonBefore ?? f.now}
        AND ${SORT_KEY} >= ${f.now} AND ${SORT_KEY} <= ${f.dueSoonBefore ?? f.now}`;
    case 'overdue':
      return sql`d.status IN ${OPEN} AND d.appointment_current < ${f.now} AND ${SORT_KEY} < ${f.now}`;
    case 'waiting':
      return sql`d.status IN (5, 6)`;
  }
}

function filterConditions(f: DossierFilter, withQueue: Queue | undefined, openOnly = withQueue !== undefined): RawBuilder<unknown> {
  const c: RawBuilder<unknown>[] = [sql`true`];
  // Over open dossiers (a queue, the counts) the scope is a filter on the rows an open-only index
  // yields, never the GIN index of agency_ids: that one would read every dossier the agencies ever
  // held, closed ones included (coalesce keeps the planner from using it).
  if (f.agencyIds !== null) c.push(openOnly ? sql`coalesce(d.agency_ids && ${f.agencyIds}::uuid[], false)` : sql`d.agency_ids && ${f.agencyIds}::uuid[]`);
  if (f.applicantUserId) c.push(sql`d.applicant_user_id = ${f.applicantUserId}`);
  // Every queue condition names its open statuses, so the partial indexes apply. (Adding
  // "status IN (1, 2, 4, 5, 6)" beside it would make the planner multiply the two selectivities,
  // expect a handful of rows and sort them all instead of reading the first page in index order.)
  if (withQueue) c.push(sql`(${queueCondition(withQueue, f)})`);
  if (f.procedureCode) c.push(sql`d.procedure_code = ${f.procedureCode}`);
  if (f.channel) c.push(sql`d.channel = ${f.channel}`);
  if (f.status) c.push(sql`d.status = ${f.status}`);
  // Calendar dates are days in Vietnam, whatever the session's time zone.
  if (f.receivedFrom) c.push(sql`d.received_at >= (${f.receivedFrom}::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  if (f.receivedTo) c.push(sql`d.received_at < (${f.receivedTo}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  if (f.q) c.push(sql`d.search_key LIKE '%' || f_search_key(${f.q}) || '%'`);
  return sql.join(c, sql` AND `);
}

/** The SQL of a list page (for the bench's EXPLAIN). */
export function listDossiersQuery(f: DossierFilter): RawBuilder<DossierListRow> {
  const where = filterConditions(f, f.queue);
  // A citizen's own dossiers are few: counted exactly, newest first (the one just submitted on top). Staff lists are never counted (the count
  // would read every matching row, closed ones included): one row more than the page says whether
  // there is a next page.
  if (f.applicantUserId)
    return sql<DossierListRow>`SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret, count(*) OVER () AS total_count FROM dossier d WHERE ${where} ORDER BY d.created_at DESC, d.code DESC LIMIT ${f.limit} OFFSET ${f.offset}`;
  if (f.queue === 'department' && f.agencyIds !== null) return departmentQueueQuery(f, f.agencyIds);
  if (isSearch(f)) return searchRecentQuery(f);
  return sql<DossierTableRow>`SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret FROM dossier d WHERE ${where} ORDER BY ${SORT_KEY} ASC, d.code LIMIT ${f.limit + 1} OFFSET ${f.offset}`;
}

/**
 * How many of the newest dossiers (province-wide, every status) a search over every year walks
 * before it turns to the trigram index (searchRecentQuery).
 */
export const SEARCH_RECENT_WINDOW = 10_000;

/** The columns a search's first arm reads: all in dossier_recent_search_idx (an index-only walk). */
const RECENT_COLUMNS = sql`id, created_at, code, search_key, agency_ids, procedure_code, channel, status, received_at`;

/**
 * A search over every year (a term, no queue) answers newest first (created_at DESC, code DESC):
 * the dossier a clerk looks for is most often one received lately. Two statements, each bounded:
 * 1. this one: the newest SEARCH_RECENT_WINDOW dossiers in creation order, read backwards from the
 *    covering dossier_recent_search_idx (index-only: no table row is read to test the term or the
 *    scope), keeping the matches in scope; it stops as soon as it has the page (offset + limit + 1
 *    rows). A common term (a family name, a procedure's name) fills it after a few hundred index
 *    entries, whatever the years kept. When it fills the page the answer is exact: every newer
 *    dossier was looked at.
 * 2. otherwise (searchEveryYearQuery) the term is rare among the latest dossiers: every match,
 *    through the trigram index, sorted — bounded by the term's matches over every year (a term
 *    rare lately yet common in older years costs its matches).
 * Two statements rather than one: the planner would cost (and JIT-compile, ~200 ms) the second
 * arm's plan even when it never runs.
 */
export function searchRecentQuery(f: DossierFilter): RawBuilder<DossierTableRow> {
  const where = filterConditions(f, undefined);
  const n = f.offset + f.limit + 1;
  return sql<DossierTableRow>`SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret FROM (
      SELECT d.id, d.created_at, d.code FROM (SELECT ${RECENT_COLUMNS} FROM dossier ORDER BY created_at DESC, code DESC LIMIT ${f.recentWindow ?? SEARCH_RECENT_WINDOW}) d
      WHERE ${where} ORDER BY d.created_at DESC, d.code DESC LIMIT ${n}
    ) p JOIN dossier d ON d.id = p.id ORDER BY p.created_at DESC, p.code DESC`;
}

/**
 * A search's second statement: every match (materialised, so the planner cannot turn it into a
 * walk of the whole table in order looking for a rare term), newest first, the page asked for.
 */
export function searchEveryYearQuery(f: DossierFilter): RawBuilder<DossierTableRow> {
  // The scope as a filter on the term's matches, never a BitmapAnd with the GIN index of agency_ids
  // (every dossier the agencies ever held: 47,620 entries read for 264 rows kept at 800,000).
  const where = filterConditions(f, undefined, true);
  return sql<DossierTableRow>`WITH m AS MATERIALIZED (SELECT d.id, d.created_at, d.code FROM dossier d WHERE ${where})
    SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret FROM (SELECT m.id, m.created_at, m.code FROM m ORDER BY created_at DESC, code DESC LIMIT ${f.limit + 1} OFFSET ${f.offset}) p
    JOIN dossier d ON d.id = p.id ORDER BY p.created_at DESC, p.code DESC`;
}

/** Is this a search over every year (searchRecentQuery, then searchEveryYearQuery)? */
export const isSearch = (f: DossierFilter) => !!f.q && !f.queue && !f.applicantUserId;

/**
 * An officer's department queue: the dossiers held by an agency in scope (status 2, 4), or received
 * there and not yet forwarded (status 2). Written as the OR of queueCondition, the planner at
 * 1 M dossiers estimated the two status lists' selectivities as independent, chose a BitmapAnd of
 * two whole partial indexes and read every open dossier of the province (544 ms); as two arms, each
 * is the first rows of its own partial index in list order (dossier_open_current_agency_idx,
 * dossier_open_receiving_idx) and the arms are merged in order. The second arm leaves out what the
 * first holds, so no dossier comes twice. A scope of one agency (a department without sub-units,
 * the usual case) is compared with `=`: PostgreSQL 15 reads an index in order for `col = $1` but
 * not for `col = ANY($1)`, which it reads as a bitmap and sorts (still bounded by the agencies'
 * open dossiers).
 */
function departmentQueueQuery(f: DossierFilter, scope: string[]): RawBuilder<DossierTableRow> {
  const rest = filterConditions({ ...f, queue: undefined }, undefined, true);
  const n = f.limit + 1 + f.offset;
  const inScope = (col: string) => (scope.length === 1 ? sql`${sql.ref(col)} = ${scope[0]}::uuid` : sql`${sql.ref(col)} = ANY(${scope}::uuid[])`);
  return sql<DossierTableRow>`SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret FROM (
      (SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret FROM dossier d WHERE ${rest} AND d.status IN (2, 4) AND ${inScope('d.current_agency_id')} ORDER BY ${SORT_KEY} ASC, d.code LIMIT ${n})
      UNION ALL
      (SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret FROM dossier d WHERE ${rest} AND d.status = 2 AND ${inScope('d.receiving_agency_id')}
        AND (d.current_agency_id IS NULL OR NOT ${inScope('d.current_agency_id')}) ORDER BY ${SORT_KEY} ASC, d.code LIMIT ${n})
    ) d ORDER BY ${SORT_KEY} ASC, d.code LIMIT ${f.limit + 1} OFFSET ${f.offset}`;
}

export interface DossierPage {
  items: DossierRow[];
  /** Exact when known without counting: a citizen's list, or a page that reaches the end; else null. */
  total: number | null;
  hasMore: boolean;
}

export async function listDossiers(db: Executor, f: DossierFilter): Promise<DossierPage> {
  let { rows }: { rows: DossierListRow[] } = await listDossiersQuery(f).execute(db);
  if (isSearch(f)) {
    // The newest dossiers held the page (searchRecentQuery), or the term is rare among them.
    rows = rows.length === f.offset + f.limit + 1 ? rows.slice(f.offset) : (await searchEveryYearQuery(f).execute(db)).rows;
  }
  if (f.applicantUserId) {
    const total = rows.length ? Number(rows[0].total_count) : f.offset === 0 ? 0 : null;
    return { items: rows.map(toRow), total, hasMore: total === null ? false : f.offset + rows.length < total };
  }
  const hasMore = rows.length > f.limit;
  const items = rows.slice(0, f.limit).map(toRow);
  return { items, total: hasMore ? null : f.offset + items.length, hasMore };
}

/** The SQL of the queue counts (for the bench's EXPLAIN): open dossiers only, whatever the years kept. */
export function queueCountsQuery(f: DossierFilter): RawBuilder<Record<Queue, number>> {
  const qs: Queue[] = ['to_receive', 'mine', 'department', 'due_soon', 'overdue', 'waiting'];
  const parts = qs.map((q) => sql`count(*) FILTER (WHERE ${queueCondition(q, f)})::int AS ${sql.ref(q)}`);
  return sql<Record<Queue, number>>`SELECT ${sql.join(parts)} FROM dossier d WHERE ${filterConditions(f, undefined, true)} AND d.status IN ${QUEUED}`;
}

export async function queueCounts(db: Executor, f: DossierFilter): Promise<Record<Queue, number>> {
  const { rows } = await queueCountsQuery(f).execute(db);
  return rows[0];
}

export interface FileRow {
  id: string;
  dossierId: string;
  componentIndex: number | null;
  kind: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  digitised: boolean;
  reusedFrom: string | null;
  signature: string | null;
  uploadedAt: Date;
}

/** A dossier_file row as read (every column, typed from the generated schema). */
type FileTableRow = TableRow<'dossier_file'>;

const toFile = (r: FileTableRow): FileRow => ({
  id: r.id,
  dossierId: r.dossier_id,
  componentIndex: r.component_index === null ? null : Number(r.component_index),
  kind: r.kind,
  fileName: r.file_name,
  mimeType: r.mime_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  storageKey: r.storage_key,
  digitised: r.digitised,
  reusedFrom: r.reused_from ?? null,
  signature: r.signature ?? null,
  uploadedAt: r.uploaded_at,
});

/**
 * The INSERT of a file row with a chosen id, as a part written together with the snapshot
 * (platform/write-together.ts) — e.g. the written refusal entered as the dossier's result.
 */
export function fileInsert(f: Omit<FileRow, 'uploadedAt'> & { uploadedBy: string | null }, onlyIf?: RawBuilder<unknown>): RawBuilder<unknown> {
  const into = sql`INSERT INTO dossier_file (id, dossier_id, component_index, kind, file_name, mime_type, size_bytes, sha256, storage_key, digitised, reused_from, signature, uploaded_by)`;
  const values = sql`${f.id}::uuid, ${f.dossierId}, ${f.componentIndex}, ${f.kind}, ${f.fileName}, ${f.mimeType}, ${f.sizeBytes}, ${f.sha256}, ${f.storageKey}, ${f.digitised}, ${f.reusedFrom}, ${f.signature}, ${f.uploadedBy}`;
  return onlyIf ? sql`${into} SELECT ${values} WHERE ${onlyIf}` : sql`${into} VALUES (${values})`;
}

/** `uploadedAt`: only for files brought from a previous system (history import); else the database's now(). */
export async function insertFile(tx: Executor, f: Omit<FileRow, 'id' | 'uploadedAt'> & { uploadedBy: string | null; uploadedAt?: Date }): Promise<FileRow> {
  const { rows } =
    await sql<FileTableRow>`INSERT INTO dossier_file (dossier_id, component_index, kind, file_name, mime_type, size_bytes, sha256, storage_key, digitised, reused_from, signature, uploaded_by, uploaded_at)
    VALUES (${f.dossierId}, ${f.componentIndex}, ${f.kind}, ${f.fileName}, ${f.mimeType}, ${f.sizeBytes}, ${f.sha256}, ${f.storageKey}, ${f.digitised}, ${f.reusedFrom}, ${f.signature}, ${f.uploadedBy},
      COALESCE(${f.uploadedAt?.toISOString() ?? null}::timestamptz, now()))
    RETURNING id, dossier_id, component_index, kind, file_name, mime_type, size_bytes, sha256, storage_key, digitised, reused_from, signature, uploaded_by, uploaded_at, scan_confirmed_by, scan_confirmed_at`.execute(
      tx,
    );
  return toFile(rows[0]);
}

export async function listFiles(db: Executor, dossierId: string): Promise<FileRow[]> {
  const { rows } =
    await sql<FileTableRow>`SELECT id, dossier_id, component_index, kind, file_name, mime_type, size_bytes, sha256, storage_key, digitised, reused_from, signature, uploaded_by, uploaded_at, scan_confirmed_by, scan_confirmed_at FROM dossier_file WHERE dossier_id = ${dossierId} ORDER BY uploaded_at, id`.execute(
      db,
    );
  return rows.map(toFile);
}

export async function getFile(db: Executor, dossierId: string, fileId: string): Promise<FileRow | null> {
  const { rows } =
    await sql<FileTableRow>`SELECT id, dossier_id, component_index, kind, file_name, mime_type, size_bytes, sha256, storage_key, digitised, reused_from, signature, uploaded_by, uploaded_at, scan_confirmed_by, scan_confirmed_at FROM dossier_file WHERE dossier_id = ${dossierId} AND id = ${fileId}`.execute(
      db,
    );
  return rows.length ? toFile(rows[0]) : null;
}

/** The result file with this SHA-256 and its dossier's code (for public verification), or null. */
export async function findResultByHash(
  db: Executor,
  hash: string,
): Promise<{ code: string; fileName: string; signature: string | null; uploadedAt: Date } | null> {
  const { rows } = await sql<
    Pick<DossierTableRow, 'code'> & Pick<FileTableRow, 'file_name' | 'signature' | 'uploaded_at'>
  >`SELECT d.code, f.file_name, f.signature, f.uploaded_at
    FROM dossier_file f JOIN dossier d ON d.id = f.dossier_id WHERE f.kind = 'result' AND f.sha256 = ${hash} LIMIT 1`.execute(db);
  return rows.length ? { code: rows[0].code, fileName: rows[0].file_name, signature: rows[0].signature, uploadedAt: rows[0].uploaded_at } : null;
}

// ---------------------------------------------------------------------------------------------
// Direction centre (issue 21). A dossier answers to its lead processing agency, or to the
// receiving agency while no lead is set (as in dossierFigures), so it is counted once.
// ---------------------------------------------------------------------------------------------

export interface DirectionDossierCounts {
  agencyId: string;
  received: number;
  resolved: number;
  resolvedOnTime: number;
  resolvedLate: number;
  overdue: number;
}

const OPEN_D = sql`d.status IN (2, 4, 5, 6)`;
const answerer = sql`coalesce(d.lead_agency_id, d.receiving_agency_id)`;

/** Received and resolved in [from, to), and overdue at `now`, per answering agency. */
export async function directionDossierCounts(
  db: Executor,
  q: { from: Date; to: Date; now: Date; agencyIds: string[] | null },
): Promise<DirectionDossierCounts[]> {
  const scope = q.agencyIds === null ? sql`true` : sql`${answerer} = ANY(${q.agencyIds}::uuid[])`;
  const { rows } = await sql<{
    ag: DossierTableRow['receiving_agency_id'];
    received: number;
    resolved: number;
    on_time: number;
    late: number;
    overdue: number;
  }>`
    SELECT ag, sum(rec)::int AS received, sum(res)::int AS resolved, sum(ontime)::int AS on_time, sum(late)::int AS late, sum(od)::int AS overdue FROM (
      SELECT ${answerer} AS ag, 1 AS rec, 0 AS res, 0 AS ontime, 0 AS late, 0 AS od FROM dossier d
        WHERE d.received_at >= ${q.from} AND d.received_at < ${q.to} AND ${scope}
      UNION ALL
      SELECT ${answerer}, 0, 1, (d.appointment_current IS NULL OR d.processing_ended_at <= d.appointment_current)::int, (d.processing_ended_at > d.appointment_current)::int, 0 FROM dossier d
        WHERE d.status IN (9, 10) AND d.processing_ended_at >= ${q.from} AND d.processing_ended_at < ${q.to} AND ${scope}
      UNION ALL
      SELECT ${answerer}, 0, 0, 0, 0, 1 FROM dossier d
        WHERE ${OPEN_D} AND d.appointment_current < ${q.now} AND ${scope}
    ) x GROUP BY ag`.execute(db);
  return rows.map((r) => ({
    agencyId: r.ag,
    received: r.received,
    resolved: r.resolved,
    resolvedOnTime: r.on_time,
    resolvedLate: r.late,
    overdue: r.overdue,
  }));
}

export interface DirectionDossierItem {
  id: string;
  code: string;
  procedureName: string;
  status: number;
  agencyId: string;
  agencyName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  receivedAt: Date | null;
  appointmentAt: Date | null;
  endedAt: Date | null;
}

/**
 * The dossiers behind a number: received or resolved (or resolved late) in [from, to), overdue at
 * `now`, or the given ids (e.g. the ones flagged at risk), oldest appointment first.
 */
export async function directionDossierItems(
  db: Executor,
  q: {
    kind: 'received' | 'resolved' | 'resolved_late' | 'overdue' | 'ids';
    from: Date;
    to: Date;
    now: Date;
    agencyIds: string[] | null;
    ids?: string[];
    limit: number;
    offset: number;
  },
): Promise<{ items: DirectionDossierItem[]; total: number }> {
  const scope = q.agencyIds === null ? sql`true` : sql`${answerer} = ANY(${q.agencyIds}::uuid[])`;
  const which =
    q.kind === 'received'
      ? sql`d.received_at >= ${q.from} AND d.received_at < ${q.to}`
      : q.kind === 'resolved'
        ? sql`d.status IN (9, 10) AND d.processing_ended_at >= ${q.from} AND d.processing_ended_at < ${q.to}`
        : q.kind === 'resolved_late'
          ? sql`d.status IN (9, 10) AND d.processing_ended_at >= ${q.from} AND d.processing_ended_at < ${q.to} AND d.processing_ended_at > d.appointment_current`
          : q.kind === 'overdue'
            ? sql`${OPEN_D} AND d.appointment_current < ${q.now}`
            : sql`d.id = ANY(${q.ids ?? []}::uuid[])`;
  const { rows } = await sql<
    Pick<DossierTableRow, 'id' | 'code' | 'procedure_name' | 'status' | 'assignee_id' | 'received_at' | 'appointment_current' | 'processing_ended_at'> & {
      agency_id: DossierTableRow['receiving_agency_id'];
      agency_name: TableRow<'agency'>['name'];
      assignee_name: TableRow<'app_user'>['full_name'] | null;
      total_count: string | number | bigint;
    }
  >`
    SELECT d.id, d.code, d.procedure_name, d.status, ${answerer} AS agency_id, a.name AS agency_name, d.assignee_id, u.full_name AS assignee_name,
      d.received_at, d.appointment_current, d.processing_ended_at, count(*) OVER () AS total_count
    FROM dossier d JOIN agency a ON a.id = ${answerer} LEFT JOIN app_user u ON u.id = d.assignee_id
    WHERE ${which} AND ${scope}
    ORDER BY d.appointment_current NULLS LAST, d.code
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return {
    total: rows.length ? Number(rows[0].total_count) : 0,
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      procedureName: r.procedure_name,
      status: r.status,
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      assigneeId: r.assignee_id ?? null,
      assigneeName: r.assignee_name ?? null,
      receivedAt: r.received_at ?? null,
      appointmentAt: r.appointment_current ?? null,
      endedAt: r.processing_ended_at ?? null,
    })),
  };
}

/**
 * History for the late-risk estimate: finished dossiers (status 9, 10) that ended in [since, until),
 * with their reception, end and appointment, and the first time they entered each processing
 * step (from the action log). Step −1 stands for "received" (the whole processing).
 */
export async function riskHistory(
  db: Executor,
  q: { since: Date; until: Date; procedureCodes?: string[] },
): Promise<{ id: string; procedureCode: string; receivedAt: Date; endedAt: Date; appointmentAt: Date | null; steps: { step: number; at: Date }[] }[]> {
  const procs = q.procedureCodes ? sql`AND d.procedure_code = ANY(${q.procedureCodes}::text[])` : sql``;
  // received_at IS NOT NULL and the ended statuses (9, 10) in the WHERE: both times are set.
  const { rows } = await sql<
    Pick<DossierTableRow, 'id' | 'procedure_code' | 'received_at' | 'processing_ended_at' | 'appointment_current'> & {
      steps: { step: number; at: string }[] | string;
    }
  >`
    SELECT d.id, d.procedure_code, d.received_at, d.processing_ended_at, d.appointment_current,
      (SELECT coalesce(json_agg(json_build_object('step', s.step, 'at', s.at) ORDER BY s.step), '[]'::json)
         FROM (SELECT a.step, min(a.at) AS at FROM dossier_action a WHERE a.dossier_id = d.id AND a.step IS NOT NULL AND a.to_status = 4 GROUP BY a.step) s) AS steps
    FROM dossier d
    WHERE d.status IN (9, 10) AND d.processing_ended_at >= ${q.since} AND d.processing_ended_at < ${q.until} AND d.received_at IS NOT NULL ${procs}`.execute(
    db,
  );
  return rows.map((r) => ({
    id: r.id,
    procedureCode: r.procedure_code,
    receivedAt: r.received_at as Date,
    endedAt: r.processing_ended_at as Date,
    appointmentAt: r.appointment_current ?? null,
    steps: (typeof r.steps === 'string' ? (JSON.parse(r.steps) as { step: number; at: string }[]) : r.steps).map((s) => ({
      step: Number(s.step),
      at: new Date(s.at),
    })),
  }));
}

/**
 * Open dossiers for the late-risk estimate: procedure, case and version (for the step's name),
 * the step being processed (status 4; otherwise null) and when the dossier entered it (the first
 * action of the latest run of actions at that step), its answering agency and appointment.
 */
export async function openForRisk(
  db: Executor,
  q: { ids?: string[] } = {},
): Promise<
  {
    id: string;
    procedureCode: string;
    procedureVersionId: string;
    caseKey: string;
    agencyId: string;
    receivedAt: Date;
    appointmentAt: Date;
    step: number | null;
    stepEnteredAt: Date | null;
  }[]
> {
  const only = q.ids ? sql`AND d.id = ANY(${q.ids}::uuid[])` : sql``;
  // received_at and appointment_current IS NOT NULL in the WHERE.
  const { rows } = await sql<
    Pick<DossierTableRow, 'id' | 'procedure_code' | 'procedure_version_id' | 'case_key' | 'received_at' | 'appointment_current'> & {
      agency_id: DossierTableRow['receiving_agency_id'];
      step: number | null;
      step_entered_at: TableRow<'dossier_action'>['at'] | null;
    }
  >`
    SELECT d.id, d.procedure_code, d.procedure_version_id, d.case_key, ${answerer} AS agency_id, d.received_at, d.appointment_current,
      CASE WHEN d.status = 4 THEN (d.state->>'currentStep')::int END AS step,
      CASE WHEN d.status = 4 THEN (SELECT min(a.at) FROM dossier_action a WHERE a.dossier_id = d.id AND a.step = (d.state->>'currentStep')::int
        AND a.seq > coalesce((SELECT max(b.seq) FROM dossier_action b WHERE b.dossier_id = d.id AND b.step IS DISTINCT FROM (d.state->>'currentStep')::int), 0)) END AS step_entered_at
    FROM dossier d
    WHERE ${OPEN_D} AND d.received_at IS NOT NULL AND d.appointment_current IS NOT NULL ${only}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    procedureCode: r.procedure_code,
    procedureVersionId: r.procedure_version_id,
    caseKey: r.case_key,
    agencyId: r.agency_id,
    receivedAt: r.received_at as Date,
    appointmentAt: r.appointment_current as Date,
    step: r.step ?? null,
    stepEnteredAt: r.step_entered_at ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Digitisation (issue 19 §3): confirmed scans and the component entries they make digitised.
// ---------------------------------------------------------------------------------------------

/** Records the officer's confirmation that a stored scan matches the original (once; false if already confirmed). */
export async function confirmScan(tx: Executor, fileId: string, by: string, at: Date | null = null): Promise<{ confirmedAt: Date } | null> {
  const { rows } = await sql<{
    scan_confirmed_at: NonNullable<FileTableRow['scan_confirmed_at']>;
  }>`UPDATE dossier_file SET digitised = true, scan_confirmed_by = ${by}, scan_confirmed_at = COALESCE(${at?.toISOString() ?? null}::timestamptz, now())
    WHERE id = ${fileId} AND scan_confirmed_at IS NULL RETURNING scan_confirmed_at`.execute(tx);
  return rows[0] ? { confirmedAt: rows[0].scan_confirmed_at } : null;
}

/**
 * A component's scan confirmed against the original: the file row (confirmScan) and the component
 * entry (digitised, which file, who and when; `extra` adds e.g. the imported officer's name).
 * Null when the file was already confirmed (nothing changed).
 */
export async function confirmComponentScan(
  tx: Executor,
  c: { dossierId: string; index: number; fileId: string; by: string; at: Date | null; extra?: Partial<ComponentEntry> },
): Promise<{ confirmedAt: Date } | null> {
  const done = await confirmScan(tx, c.fileId, c.by, c.at);
  if (done)
    await patchComponent(tx, c.dossierId, c.index, {
      digitised: true,
      scanFileId: c.fileId,
      confirmedBy: c.by,
      confirmedAt: done.confirmedAt.toISOString(),
      ...c.extra,
    });
  return done;
}

/** Who confirmed which scans of a dossier (file id → confirmation). */
export async function scanConfirmations(db: Executor, dossierId: string): Promise<Map<string, { by: string; at: Date }>> {
  // scan_confirmed_at IS NOT NULL in the WHERE, and confirmScan sets both together.
  const { rows } = await sql<
    Pick<FileTableRow, 'id'> & {
      scan_confirmed_by: NonNullable<FileTableRow['scan_confirmed_by']>;
      scan_confirmed_at: NonNullable<FileTableRow['scan_confirmed_at']>;
    }
  >`SELECT id, scan_confirmed_by, scan_confirmed_at FROM dossier_file
    WHERE dossier_id = ${dossierId} AND scan_confirmed_at IS NOT NULL`.execute(db);
  return new Map(rows.map((r) => [r.id, { by: r.scan_confirmed_by, at: r.scan_confirmed_at }]));
}

/**
 * Merges `patch` into the entry of component `index` in the dossier's component list, in one
 * statement (two officers confirming two components at once lose nothing). False if not listed.
 */
export async function patchComponent(tx: Executor, dossierId: string, index: number, patch: Record<string, unknown>): Promise<boolean> {
  const { rows } = await sql<Pick<DossierTableRow, 'id'>>`UPDATE dossier SET components = (
      SELECT coalesce(jsonb_agg(CASE WHEN (c->>'index')::int = ${index} THEN c || ${JSON.stringify(patch)}::jsonb ELSE c END ORDER BY o), '[]'::jsonb)
      FROM jsonb_array_elements(components) WITH ORDINALITY AS t(c, o))
    WHERE id = ${dossierId} AND EXISTS (SELECT 1 FROM jsonb_array_elements(components) c WHERE (c->>'index')::int = ${index})
    RETURNING id`.execute(tx);
  return rows.length > 0;
}
