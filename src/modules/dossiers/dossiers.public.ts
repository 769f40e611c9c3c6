/**
 * The dossiers module's public surface for other modules (citizens, payments). Added by the
 * citizen-portal work; it composes the dossier service and repository without changing the rules.
 */
import type { Database, Executor } from '../../platform/db/database.js';
import type { Actor, RequestContext, Role } from '../../platform/context.js';
import { createCalendarService } from '../calendar/calendar.service.js';
import { createDossierService, type DossierService } from './dossiers.service.js';
import { feePolicySource, procedureSource } from './dossiers.module.js';
import * as repo from './dossiers.repo.js';
import { enqueue } from '../../platform/outbox.js';

export type { DossierRow, FileRow, Applicant, ComponentEntry } from './dossiers.repo.js';
export type { DossierService, CreateDossierInput, ActionInput } from './dossiers.service.js';
export { STATUSES, paymentDue } from './dossiers.rules.js';
/** The lead agency's processing steps of a case, as a dossier's `currentStep` counts them (direction: the late-risk estimate's step names). */
export { leadSteps } from './dossiers.service.js';
export type { DossierState, PaymentRecord } from './dossiers.rules.js';

/** A dossier service bound to the platform's database and clock (same behaviour as the HTTP API's). */
export function dossierServiceFor(deps: { database: Database; clock?: { now(): Date } }): DossierService {
  return createDossierService({ database: deps.database, calendar: createCalendarService(deps.database), procedures: procedureSource(deps.database.db), feePolicy: feePolicySource(deps.database.db), clock: deps.clock });
}

export { ratingToken, verifyRatingToken, ratingUrl, type RatingChannel } from './rating-token.js';
/**
 * The service the history import replays old dossiers through (dossiers.service.ts `history`):
 * every action decided by the same rules at its own time (`clock`), no national sync and no
 * applicant message; the QĐ 766 read model is fed as for any dossier.
 */
export function historyDossierService(deps: { database: Database; clock: { now(): Date } }): DossierService {
  return createDossierService({ database: deps.database, calendar: createCalendarService(deps.database), procedures: procedureSource(deps.database.db), feePolicy: feePolicySource(deps.database.db), clock: deps.clock, history: true });
}

export const getDossier = (db: Executor, id: string) => repo.getDossier(db, id);
export const getDossierByCode = (db: Executor, code: string) => repo.getDossierByCode(db, code);
export const listDossierFiles = (db: Executor, dossierId: string) => repo.listFiles(db, dossierId);
export const getDossierFile = (db: Executor, dossierId: string, fileId: string) => repo.getFile(db, dossierId, fileId);

/** Every dossier of an applicant account (newest appointment last), for the citizen's own views. */
export async function listApplicantDossiers(db: Executor, userId: string, limit = 500): Promise<repo.DossierRow[]> {
  return (await repo.listDossiers(db, { agencyIds: null, applicantUserId: userId, now: new Date(), limit, offset: 0 })).items;
}

/**
 * Adds a file row to a dossier that points at content already stored (a document the applicant
 * holds in their data warehouse: no re-upload). The caller writes its audit and outbox rows in tx.
 */
export async function attachStoredFile(
  tx: Executor,
  f: { dossierId: string; componentIndex: number | null; fileName: string; mimeType: string; sizeBytes: number; sha256: string; storageKey: string; reusedFrom: string; uploadedBy: string },
): Promise<repo.FileRow> {
  return repo.insertFile(tx, { ...f, kind: 'component', digitised: true, signature: null });
}

/** The automated actor of an external system acting on a dossier held by `agencyId`. */
export function systemActor(name: string, agencyId: string | null): Actor {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: `system:${name}`,
    fullName: `Hệ thống (${name})`,
    kind: 'staff',
    roles: ['system' as Role],
    agencyId,
    agency: null,
    sessionId: 'system',
  };
}

/**
 * The payment gateway confirms that the applicant paid: the `payment_received` action by the
 * `system` actor (the rules allow it), on behalf of the agency holding the dossier. Idempotent by
 * `idemKey`. Returns the dossier's new status.
 */
export async function confirmPaymentAsSystem(
  service: DossierService,
  db: Executor,
  ctx: Omit<RequestContext, 'actor'>,
  dossierId: string,
  input: { paidOnline: boolean; reference: string },
  idemKey: string,
): Promise<{ status: number; applied: boolean; alreadyPaid: boolean }> {
  const d = await repo.getDossier(db, dossierId);
  if (!d) throw new Error(`dossier ${dossierId} not found`);
  if (d.status !== 6) {
    // Not waiting for a payment (already resumed by an earlier delivery, or withdrawn meanwhile).
    const last = d.state.payments[d.state.payments.length - 1];
    return { status: d.status, applied: false, alreadyPaid: !!last?.paidAt };
  }
  const actor = systemActor('payment-gateway', d.currentAgencyId ?? d.receivingAgencyId);
  const r = await service.act({ ...ctx, actor }, dossierId, { type: 'payment_received', version: d.version, paidOnline: input.paidOnline, reference: input.reference }, idemKey, { view: false });
  const after = await repo.getDossier(db, dossierId);
  return { status: after!.status, applied: !r.replayed, alreadyPaid: true };
}

// ---------------------------------------------------------------------------------------------
// Figures for periodic reports (added by the reports module, Nghị định 09/2019). Read-only SQL on
// the `dossier` snapshot, kept here so the reports module never reads this module's tables itself.
// ---------------------------------------------------------------------------------------------
import { sql as figuresSql } from 'kysely';

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
  const sql = figuresSql;
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
 * Administrative-document layout primitives (Nghị định 30/2020 Phụ lục I: header, title,
 * paragraphs, tables, signature, "Nơi nhận"), shared so other modules' PDFs look the same.
 */
export * as documentLayout from './documents/layout.js';
export { lookupUrl, formatLookupKey } from './lookup-key.js';

/** Counts, items and the late-risk inputs for the direction centre (issue 21; SQL in dossiers.repo.ts). */
export { directionDossierCounts, directionDossierItems, riskHistory, openForRisk, type DirectionDossierCounts, type DirectionDossierItem } from './dossiers.repo.js';
/**
 * Dossiers of a receiving agency whose result is ready to collect (status 9, "Đã xử lý xong"),
 * for the front office's public board: codes and procedure names only, never the applicant.
 */
export async function readyToCollect(db: Executor, receivingAgencyId: string, limit = 200): Promise<{ code: string; procedureName: string; since: Date }[]> {
  const { rows } = await figuresSql<{ code: string; procedure_name: string; updated_at: Date }>`SELECT code, procedure_name, updated_at FROM dossier
    WHERE receiving_agency_id = ${receivingAgencyId} AND status = 9 ORDER BY updated_at DESC LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ code: r.code, procedureName: r.procedure_name, since: r.updated_at }));
}

/**
 * Issue 19 §3: marks a listed component as re-used from `reusedFrom` (e.g. warehouse:<id>) and feeds
 * the QĐ 766 read model (4.3) in the caller's transaction. False when the dossier does not list it.
 */
export async function markComponentReused(tx: Executor, d: { id: string; code: string }, index: number, reusedFrom: string): Promise<boolean> {
  if (!(await repo.patchComponent(tx, d.id, index, { reusedFrom }))) return false;
  await enqueue(tx, { topic: 'quality.dossier_changed', aggregateKey: `quality:${d.id}`, payload: { dossierId: d.id, code: d.code, action: 'component_reused', componentIndex: index } });
  return true;
}

/**
 * The history import (docs/history-import.md) brings a dossier's files from the previous system: a
 * component's scan with its confirmation, or the result document. The same rows as a live scan or
 * result (`dossier_file`, the confirmation on the file row and in the component entry), with the
 * times of the previous system. `confirmed.by` is the import's actor; the previous system's officer
 * is kept by name in the component entry (`importedConfirmedBy`). The caller writes audit and outbox in tx.
 */
export async function importDossierFile(
  tx: Executor,
  f: { dossierId: string; componentIndex: number | null; kind: 'component' | 'result'; fileName: string; mimeType: string; sizeBytes: number; sha256: string; storageKey: string; uploadedBy: string; uploadedAt: Date; confirmed?: { by: string; byName: string; at: Date } },
): Promise<repo.FileRow> {
  const row = await repo.insertFile(tx, { ...f, digitised: false, reusedFrom: null, signature: null });
  if (f.confirmed && f.componentIndex !== null) {
    await repo.confirmComponentScan(tx, { dossierId: f.dossierId, index: f.componentIndex, fileId: row.id, by: f.confirmed.by, at: f.confirmed.at, extra: { importedConfirmedBy: f.confirmed.byName } });
  }
  return { ...row, digitised: !!f.confirmed };
}

/**
 * History import: the previous system declared a paper component "digitised" but brought no scan.
 * Since issue 19 that does not count (4.2 needs the stored, confirmed scan); the declaration is
 * kept on the component entry (`declaredDigitised`) so that nothing of the record is lost.
 */
export async function noteDeclaredDigitised(tx: Executor, dossierId: string, index: number): Promise<boolean> {
  return repo.patchComponent(tx, dossierId, index, { declaredDigitised: true });
}

/** Demo documents (the history seed makes the previous system's scans and results with the same code as the live demo). */
export { imagesToPdf } from './dossiers.digitisation.js';
export { demoResultPdf } from './documents/demo-result.js';
