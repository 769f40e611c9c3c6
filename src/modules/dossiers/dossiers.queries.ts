/**
 * SQL the dossiers module runs for other modules' needs, on its own tables (dossier, dossier_action,
 * dossier_file), exposed through dossiers.public.ts: the figures of periodic reports (reports), the
 * front office's board of results ready to collect, and the sources of the QĐ 766 read model
 * (quality: snapshots, the action log, ids for a chunked recomputation). Moved here unchanged from
 * dossiers.public.ts and quality.repo.ts so that no other module reads these tables itself.
 */
import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { FeeLine } from '../catalog/catalog.public.js';

// ---------------------------------------------------------------------------------------------
// Figures for periodic reports (added by the reports module, Nghị định 09/2019). Read-only SQL on
// the `dossier` snapshot, kept here so the reports module never reads this module's tables itself.
// ---------------------------------------------------------------------------------------------

/**
 * Dossier counts for a reporting window [from, to) (instants; a cut-off window 15/12–14/03 is
 * from 15/12 00:00+07:00 to 15/03 00:00+07:00), for the dossiers an agency set answers for: the
 * lead processing agency, or the receiving agency while no lead is set (so a dossier is counted
 * once across agencies). `agencyIds` null = the whole province.
 *
 * Definitions (the same as the dossier view's `late`: processing end vs the appointment in force,
 * `appointment_current`; legal-research.md §1.4):
 *  - received: accepted (received_at) in the window, split by channel;
 *  - carriedOver: received before the window and not ended when it began;
 *  - resolved: processing ended in the window with a result (status 9 or 10), split into
 *    early (ended on a calendar day before the appointment day, Vietnam time), onTime (at or before
 *    the appointment, not early; or no appointment recorded) and late (after the appointment);
 *  - withdrawnOrStopped: processing ended in the window by withdrawal (7) or stop (8);
 *  - inProgressWithin / inProgressOverdue: received and not ended at the end of the window, with
 *    the appointment at or after / before that moment;
 *  - apologies: apology letters issued in the window;
 *  - paidOnline: dossiers with a fee paid online in the window;
 *  - digitised: dossiers received in the window with at least one digitised component file.
 */
export interface DossierFigures {
  received: number;
  receivedOnline: number;
  receivedCounter: number;
  receivedPost: number;
  carriedOver: number;
  resolved: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  withdrawnOrStopped: number;
  inProgressWithin: number;
  inProgressOverdue: number;
  apologies: number;
  paidOnline: number;
  digitised: number;
}

export async function dossierFigures(db: Executor, q: { from: Date; to: Date; agencyIds: string[] | null }): Promise<DossierFigures> {
  const scope = q.agencyIds === null ? sql`true` : sql`coalesce(d.lead_agency_id, d.receiving_agency_id) = ANY(${q.agencyIds}::uuid[])`;
  const { rows } = await sql<Record<string, number>>`
    WITH p AS (SELECT ${q.from.toISOString()}::timestamptz AS f, ${q.to.toISOString()}::timestamptz AS t),
    x AS (
      SELECT d.id, d.code, d.procedure_code, d.procedure_version_id, d.procedure_name, d.field, d.case_key, d.channel, d.status, d.receiving_agency_id, d.lead_agency_id, d.current_agency_id, d.assignee_id, d.agency_ids, d.applicant_user_id, d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, d.representative, d.summary, d.form_data, d.components, d.submitted_at, d.received_at, d.appointment_original, d.appointment_current, d.processing_ended_at, d.returned_at, d.has_apology, d.state, d.version, d.created_at, d.updated_at, d.search_key, d.applicant_groups, d.lookup_secret, p.f, p.t,
        (d.processing_ended_at >= p.f AND d.processing_ended_at < p.t) AS ended_in,
        (d.received_at >= p.f AND d.received_at < p.t) AS received_in,
        (d.received_at < p.t AND (d.processing_ended_at IS NULL OR d.processing_ended_at >= p.t)) AS pending_at_end,
        (d.appointment_current IS NOT NULL AND (d.processing_ended_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < (d.appointment_current AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS early
      FROM dossier d, p
      WHERE d.received_at IS NOT NULL AND ${scope})
    SELECT
      count(*) FILTER (WHERE received_in)::int AS received,
      count(*) FILTER (WHERE received_in AND channel = 'online')::int AS received_online,
      count(*) FILTER (WHERE received_in AND channel = 'counter')::int AS received_counter,
      count(*) FILTER (WHERE received_in AND channel = 'post')::int AS received_post,
      count(*) FILTER (WHERE received_at < f AND (processing_ended_at IS NULL OR processing_ended_at >= f))::int AS carried_over,
      count(*) FILTER (WHERE ended_in AND status IN (9, 10))::int AS resolved,
      count(*) FILTER (WHERE ended_in AND status IN (9, 10) AND early)::int AS resolved_early,
      count(*) FILTER (WHERE ended_in AND status IN (9, 10) AND NOT early AND (appointment_current IS NULL OR processing_ended_at <= appointment_current))::int AS resolved_on_time,
      count(*) FILTER (WHERE ended_in AND status IN (9, 10) AND processing_ended_at > appointment_current)::int AS resolved_late,
      count(*) FILTER (WHERE ended_in AND status IN (7, 8))::int AS withdrawn_or_stopped,
      count(*) FILTER (WHERE pending_at_end AND (appointment_current IS NULL OR appointment_current >= t))::int AS in_progress_within,
      count(*) FILTER (WHERE pending_at_end AND appointment_current < t)::int AS in_progress_overdue,
      count(*) FILTER (WHERE (state->'apology'->>'at') IS NOT NULL AND (state->'apology'->>'at')::timestamptz >= f AND (state->'apology'->>'at')::timestamptz < t)::int AS apologies,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(state->'payments', '[]'::jsonb)) pay
                                     WHERE (pay->>'paidOnline') = 'true' AND (pay->>'paidAt')::timestamptz >= f AND (pay->>'paidAt')::timestamptz < t))::int AS paid_online,
      count(*) FILTER (WHERE received_in AND EXISTS (SELECT 1 FROM dossier_file df WHERE df.dossier_id = x.id AND df.digitised))::int AS digitised
    FROM x`.execute(db);
  const r = rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    received: n('received'),
    receivedOnline: n('received_online'),
    receivedCounter: n('received_counter'),
    receivedPost: n('received_post'),
    carriedOver: n('carried_over'),
    resolved: n('resolved'),
    resolvedEarly: n('resolved_early'),
    resolvedOnTime: n('resolved_on_time'),
    resolvedLate: n('resolved_late'),
    withdrawnOrStopped: n('withdrawn_or_stopped'),
    inProgressWithin: n('in_progress_within'),
    inProgressOverdue: n('in_progress_overdue'),
    apologies: n('apologies'),
    paidOnline: n('paid_online'),
    digitised: n('digitised'),
  };
}

/**
 * Dossiers of a receiving agency whose result is ready to collect (status 9, "Đã xử lý xong"),
 * for the front office's public board: codes and procedure names only, never the applicant.
 */
export async function readyToCollect(db: Executor, receivingAgencyId: string, limit = 200): Promise<{ code: string; procedureName: string; since: Date }[]> {
  const { rows } = await sql<{ code: string; procedure_name: string; updated_at: Date }>`SELECT code, procedure_name, updated_at FROM dossier
    WHERE receiving_agency_id = ${receivingAgencyId} AND status = 9 ORDER BY updated_at DESC LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ code: r.code, procedureName: r.procedure_name, since: r.updated_at }));
}

// ---------------------------------------------------------------------------------------------
// Sources of the QĐ 766 read model (quality module): the dossier snapshots with the columns of the
// procedure version the rules need, and the append-only action log.
// ---------------------------------------------------------------------------------------------

export interface SnapshotInput {
  id: string;
  code: string;
  receivingAgencyId: string;
  leadAgencyId: string | null;
  procedureCode: string;
  channel: 'counter' | 'online' | 'post';
  status: number;
  state: Record<string, unknown>;
  components: { digitised?: boolean; reusedFrom?: string | null }[];
  onlineLevel: string | null;
  /** The catalogue fee lines of the dossier's case (null: version or case not found). */
  caseFees: FeeLine[] | null;
  applicantGroups: string[];
  /** The catalogue's result name (a document when present). */
  resultName: string | null;
}

/** A snapshot row: the dossier's columns (state NULL in loadStatics) and VERSION_COLS. */
type SnapshotRow = Pick<
  TableRow<'dossier'>,
  'id' | 'code' | 'receiving_agency_id' | 'lead_agency_id' | 'procedure_code' | 'channel' | 'status' | 'components' | 'applicant_groups'
> & {
  state: TableRow<'dossier'>['state'] | null;
  online_level: TableRow<'procedure_version'>['online_level'] | null;
  result_name: string | null;
  case_fees: TableRow<'procedure_version'>['content'] | null;
};

// channel is written only from SnapshotInput['channel']; the jsonb columns only in the shapes named.
const toSnapshot = (r: SnapshotRow): SnapshotInput => ({
  id: r.id,
  code: r.code,
  receivingAgencyId: r.receiving_agency_id,
  leadAgencyId: r.lead_agency_id ?? null,
  procedureCode: r.procedure_code,
  channel: r.channel as SnapshotInput['channel'],
  status: Number(r.status),
  state: (r.state as Record<string, unknown> | null) ?? {},
  components: (r.components as unknown as SnapshotInput['components'] | null) ?? [],
  onlineLevel: r.online_level ?? null,
  caseFees: (r.case_fees as unknown as FeeLine[] | null) ?? null,
  applicantGroups: r.applicant_groups ?? [],
  resultName: r.result_name ?? null,
});

/** Columns of the procedure version the rules need (fees of the dossier's case, result name). */
const VERSION_COLS = sql`pv.online_level, pv.content->'result'->>'name' AS result_name, d.applicant_groups,
  (SELECT c->'fees' FROM jsonb_array_elements(coalesce(pv.content->'cases', '[]'::jsonb)) c WHERE c->>'key' = d.case_key LIMIT 1) AS case_fees`;

/** The dossier snapshots (with the online level of the version each was received under). */
export async function loadSnapshots(db: Executor, ids: readonly string[]): Promise<SnapshotInput[]> {
  if (!ids.length) return [];
  const { rows } =
    await sql<SnapshotRow>`SELECT d.id, d.code, d.receiving_agency_id, d.lead_agency_id, d.procedure_code, d.channel, d.status, d.state, d.components, ${VERSION_COLS}
    FROM dossier d LEFT JOIN procedure_version pv ON pv.id = d.procedure_version_id
    WHERE d.id = ANY(${[...ids]}::uuid[])`.execute(db);
  return rows.map(toSnapshot);
}

/** The same columns without the snapshot state (the log fold replaces it). */
export async function loadStatics(db: Executor, ids: readonly string[]): Promise<SnapshotInput[]> {
  if (!ids.length) return [];
  const { rows } =
    await sql<SnapshotRow>`SELECT d.id, d.code, d.receiving_agency_id, NULL::uuid AS lead_agency_id, d.procedure_code, d.channel, d.status, NULL::jsonb AS state, d.components, ${VERSION_COLS}
    FROM dossier d LEFT JOIN procedure_version pv ON pv.id = d.procedure_version_id
    WHERE d.id = ANY(${[...ids]}::uuid[])`.execute(db);
  return rows.map(toSnapshot);
}

export interface LogAction {
  dossierId: string;
  seq: number;
  type: string;
  at: Date;
  fromStatus: number | null;
  toStatus: number;
  payload: Record<string, unknown>;
  events: Record<string, unknown>[];
}

export async function loadActions(db: Executor, ids: readonly string[]): Promise<LogAction[]> {
  if (!ids.length) return [];
  const { rows } = await sql<
    Pick<TableRow<'dossier_action'>, 'dossier_id' | 'seq' | 'type' | 'at' | 'from_status' | 'to_status' | 'payload' | 'events'>
  >`SELECT dossier_id, seq, type, at, from_status, to_status, payload, events FROM dossier_action
    WHERE dossier_id = ANY(${[...ids]}::uuid[]) ORDER BY dossier_id, seq`.execute(db);
  return rows.map((r) => ({
    dossierId: r.dossier_id,
    seq: Number(r.seq),
    type: r.type,
    at: r.at,
    fromStatus: r.from_status === null ? null : Number(r.from_status),
    toStatus: Number(r.to_status),
    payload: (r.payload as Record<string, unknown> | null) ?? {},
    events: (r.events as unknown as Record<string, unknown>[] | null) ?? [],
  }));
}

/** Dossier ids in id order after `after` (for chunked full recomputation). */
export async function dossierIdsAfter(db: Executor, after: string | null, limit: number): Promise<string[]> {
  const { rows } = after
    ? await sql<{ id: string }>`SELECT id FROM dossier WHERE id > ${after}::uuid ORDER BY id LIMIT ${limit}`.execute(db)
    : await sql<{ id: string }>`SELECT id FROM dossier ORDER BY id LIMIT ${limit}`.execute(db);
  return rows.map((r) => r.id);
}
