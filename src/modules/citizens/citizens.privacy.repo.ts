/** SQL of the personal-data features (issue 18 §2): notices, consents, retention, corrections, ROPA. */
import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { CorrectableField, NoticeContent, ProcessingActivity } from './citizens.privacy.rules.js';

const affected = (r: { numAffectedRows?: bigint | number }) => Number(r.numAffectedRows ?? 0);

// ---- notices -------------------------------------------------------------------------------------

export interface NoticeRow {
  version: number;
  effectiveFrom: Date;
  content: NoticeContent;
  createdAt: Date;
}
/** A privacy_notice row as read (every column, typed from the generated schema). */
type NoticeTableRow = TableRow<'privacy_notice'>;
const toNotice = (r: NoticeTableRow): NoticeRow => ({
  version: r.version,
  effectiveFrom: r.effective_from,
  content: r.content as unknown as NoticeContent,
  createdAt: r.created_at,
});

/** The notice in force at `at`: the highest version whose effective_from has come. */
export async function currentNotice(db: Executor, at: Date): Promise<NoticeRow | null> {
  const { rows } =
    await sql<NoticeTableRow>`SELECT version, effective_from, content, created_by, created_at FROM privacy_notice WHERE effective_from <= ${at} ORDER BY version DESC LIMIT 1`.execute(
      db,
    );
  return rows.length ? toNotice(rows[0]) : null;
}
export async function getNotice(db: Executor, version: number): Promise<NoticeRow | null> {
  const { rows } =
    await sql<NoticeTableRow>`SELECT version, effective_from, content, created_by, created_at FROM privacy_notice WHERE version = ${version}`.execute(db);
  return rows.length ? toNotice(rows[0]) : null;
}
export async function listNotices(db: Executor): Promise<NoticeRow[]> {
  const { rows } = await sql<NoticeTableRow>`SELECT version, effective_from, content, created_by, created_at FROM privacy_notice ORDER BY version DESC`.execute(
    db,
  );
  return rows.map(toNotice);
}
/** The next version number, inserted at once (a lock on the table serialises two publishers). */
export async function insertNotice(tx: Executor, content: NoticeContent, at: Date, by: string | null): Promise<number> {
  await sql`LOCK TABLE privacy_notice IN EXCLUSIVE MODE`.execute(tx);
  const { rows } = await sql<{ v: NoticeTableRow['version'] }>`INSERT INTO privacy_notice (version, effective_from, content, created_by)
    SELECT coalesce(max(version), 0) + 1, ${at}, ${JSON.stringify(content)}::jsonb, ${by} FROM privacy_notice RETURNING version AS v`.execute(tx);
  return rows[0].v;
}
/** Version 1 as the product ships it, once. */
export async function ensureFirstNotice(tx: Executor, content: NoticeContent): Promise<void> {
  await sql`INSERT INTO privacy_notice (version, effective_from, content) VALUES (1, '2000-01-01T00:00:00+07:00', ${JSON.stringify(content)}::jsonb) ON CONFLICT (version) DO NOTHING`.execute(
    tx,
  );
}

// ---- consents ------------------------------------------------------------------------------------

export type ConsentRowChannel = 'registration' | 'online_submission' | 'portal' | 'demo_seed';
export interface ConsentRow {
  id: string;
  userId: string;
  noticeVersion: number;
  channel: ConsentRowChannel;
  givenAt: Date;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
}
/** A privacy_consent row as read (every column, typed from the generated schema). */
type ConsentTableRow = TableRow<'privacy_consent'>;
const toConsent = (r: ConsentTableRow): ConsentRow => ({
  id: r.id,
  userId: r.user_id,
  noticeVersion: r.notice_version,
  channel: r.channel as ConsentRowChannel,
  givenAt: r.given_at,
  withdrawnAt: r.withdrawn_at ?? null,
  withdrawalReason: r.withdrawal_reason ?? null,
});

export async function activeConsentVersions(db: Executor, userId: string): Promise<number[]> {
  const { rows } = await sql<{
    v: ConsentTableRow['notice_version'];
  }>`SELECT notice_version AS v FROM privacy_consent WHERE user_id = ${userId} AND withdrawn_at IS NULL`.execute(db);
  return rows.map((r) => r.v);
}
/** Records a consent; false when the person already has an active consent to that version. */
export async function insertConsent(
  tx: Executor,
  c: { userId: string; noticeVersion: number; channel: ConsentRowChannel; at: Date; ip: string | null; requestId: string | null },
): Promise<string | null> {
  const { rows } = await sql<{ id: string }>`INSERT INTO privacy_consent (user_id, notice_version, channel, given_at, ip, request_id)
    VALUES (${c.userId}, ${c.noticeVersion}, ${c.channel}, ${c.at}, ${c.ip}, ${c.requestId})
    ON CONFLICT (user_id, notice_version) WHERE withdrawn_at IS NULL DO NOTHING RETURNING id`.execute(tx);
  return rows[0]?.id ?? null;
}
export async function listConsents(db: Executor, userId: string): Promise<ConsentRow[]> {
  const { rows } =
    await sql<ConsentTableRow>`SELECT id, user_id, notice_version, channel, given_at, ip, request_id, withdrawn_at, withdrawal_reason FROM privacy_consent WHERE user_id = ${userId} ORDER BY given_at DESC, notice_version DESC`.execute(
      db,
    );
  return rows.map(toConsent);
}
export async function withdrawConsents(tx: Executor, userId: string, at: Date, reason: string | null): Promise<number[]> {
  const { rows } = await sql<{ v: ConsentTableRow['notice_version'] }>`UPDATE privacy_consent SET withdrawn_at = ${at}, withdrawal_reason = ${reason}
    WHERE user_id = ${userId} AND withdrawn_at IS NULL RETURNING notice_version AS v`.execute(tx);
  return rows.map((r) => r.v);
}
/** Demo only: citizen accounts without any consent row. */
export async function citizenUsersWithoutConsent(db: Executor): Promise<string[]> {
  const { rows } = await sql<
    Pick<TableRow<'app_user'>, 'id'>
  >`SELECT u.id FROM app_user u WHERE u.kind = 'citizen' AND NOT EXISTS (SELECT 1 FROM privacy_consent c WHERE c.user_id = u.id)`.execute(db);
  return rows.map((r) => r.id);
}

// ---- retention -----------------------------------------------------------------------------------

export interface RetentionRow {
  key: string;
  position: number;
  name: string;
  data: string;
  periodDays: number | null;
  minDays: number | null;
  action: 'delete' | 'anonymise' | 'keep';
  basis: string;
  appliedByJob: boolean;
  updatedAt: Date;
}
/** A privacy_retention_class row as read (every column, typed from the generated schema). */
type RetentionTableRow = TableRow<'privacy_retention_class'>;
const toRetention = (r: RetentionTableRow): RetentionRow => ({
  key: r.key,
  position: r.position,
  name: r.name,
  data: r.data,
  periodDays: r.period_days ?? null,
  minDays: r.min_days ?? null,
  action: r.action as RetentionRow['action'],
  basis: r.basis,
  appliedByJob: r.applied_by_job,
  updatedAt: r.updated_at,
});
export async function listRetention(db: Executor): Promise<RetentionRow[]> {
  const { rows } =
    await sql<RetentionTableRow>`SELECT key, position, name, data, period_days, min_days, action, basis, applied_by_job, updated_at FROM privacy_retention_class ORDER BY position`.execute(
      db,
    );
  return rows.map(toRetention);
}
export async function getRetention(db: Executor, key: string): Promise<RetentionRow | null> {
  const { rows } =
    await sql<RetentionTableRow>`SELECT key, position, name, data, period_days, min_days, action, basis, applied_by_job, updated_at FROM privacy_retention_class WHERE key = ${key}`.execute(
      db,
    );
  return rows.length ? toRetention(rows[0]) : null;
}
export async function setRetentionPeriod(tx: Executor, key: string, periodDays: number): Promise<void> {
  await sql`UPDATE privacy_retention_class SET period_days = ${periodDays}, updated_at = now() WHERE key = ${key}`.execute(tx);
}

/**
 * Applies one class's period: rows past `cutoff` are erased or anonymised. Returns how many rows.
 * Classes without a statement here are never touched (dossiers, payments, audit: kept by law).
 */
export async function applyRetention(tx: Executor, key: string, cutoff: Date, now: Date): Promise<number> {
  switch (key) {
    case 'draft_unsubmitted':
      return affected(await sql`DELETE FROM submission_draft WHERE status IN ('draft', 'discarded') AND updated_at < ${cutoff}`.execute(tx));
    case 'draft_submitted_copy':
      // The dossier holds the official data; the draft keeps only the counts of the once-only measure.
      return affected(
        await sql`UPDATE submission_draft SET form_data = '{}'::jsonb, prefilled = '{}'::jsonb, attachments = '[]'::jsonb, updated_at = ${now}
        WHERE status = 'submitted' AND submitted_at < ${cutoff} AND (form_data <> '{}'::jsonb OR prefilled <> '{}'::jsonb OR attachments <> '[]'::jsonb)`.execute(
          tx,
        ),
      );
    case 'session_expired':
      return affected(
        await sql`DELETE FROM user_session WHERE coalesce(revoked_at, expires_at) < ${cutoff} AND (revoked_at IS NOT NULL OR expires_at < ${now})`.execute(tx),
      );
    case 'oidc_flow':
      return affected(await sql`DELETE FROM oidc_flow WHERE expires_at < ${cutoff}`.execute(tx));
    case 'login_throttle':
      return affected(await sql`DELETE FROM login_throttle WHERE last_failure_at < ${cutoff}`.execute(tx));
    case 'idempotency':
      return affected(await sql`DELETE FROM idempotency_key WHERE created_at < ${cutoff}`.execute(tx));
    case 'notification': {
      await sql`DELETE FROM notification_delivery WHERE notification_id IN (SELECT id FROM notification WHERE created_at < ${cutoff})`.execute(tx);
      return affected(await sql`DELETE FROM notification WHERE created_at < ${cutoff}`.execute(tx));
    }
    default:
      return 0;
  }
}

// ---- correction requests -------------------------------------------------------------------------

export interface CorrectionRow {
  id: string;
  userId: string;
  username: string;
  subjectName: string;
  field: CorrectableField;
  currentValue: string | null;
  proposedValue: string;
  reason: string | null;
  evidenceItemId: string | null;
  status: 'pending' | 'accepted' | 'rejected' | 'cancelled';
  receivedAt: Date;
  dueAt: Date;
  handledAt: Date | null;
  handledBy: string | null;
  handledByName: string | null;
  decisionReason: string | null;
  version: number;
}
/** A correction request with the person's username and (profile) name, as CORRECTION_SELECT reads it. */
type CorrectionTableRow = TableRow<'privacy_correction_request'> &
  Pick<TableRow<'app_user'>, 'username'> & { subject_name: TableRow<'citizen_profile'>['full_name'] | null };
const toCorrection = (r: CorrectionTableRow): CorrectionRow => ({
  id: r.id,
  userId: r.user_id,
  username: r.username ?? '',
  subjectName: r.subject_name ?? '',
  field: r.field as CorrectableField,
  currentValue: r.current_value ?? null,
  proposedValue: r.proposed_value,
  reason: r.reason ?? null,
  evidenceItemId: r.evidence_item_id ?? null,
  status: r.status as CorrectionRow['status'],
  receivedAt: r.received_at,
  dueAt: r.due_at,
  handledAt: r.handled_at ?? null,
  handledBy: r.handled_by ?? null,
  handledByName: r.handled_by_name ?? null,
  decisionReason: r.decision_reason ?? null,
  version: r.version,
});
const CORRECTION_SELECT = sql`SELECT c.id, c.user_id, c.field, c.current_value, c.proposed_value, c.reason, c.evidence_item_id, c.status, c.received_at, c.due_at, c.handled_at, c.handled_by, c.handled_by_name, c.decision_reason, c.version, u.username, p.full_name AS subject_name FROM privacy_correction_request c JOIN app_user u ON u.id = c.user_id LEFT JOIN citizen_profile p ON p.user_id = c.user_id`;

export async function insertCorrection(
  tx: Executor,
  c: {
    userId: string;
    field: CorrectableField;
    currentValue: string | null;
    proposedValue: string;
    reason: string | null;
    evidenceItemId: string | null;
    at: Date;
    dueAt: Date;
  },
): Promise<string | null> {
  const { rows } = await sql<
    Pick<CorrectionTableRow, 'id'>
  >`INSERT INTO privacy_correction_request (user_id, field, current_value, proposed_value, reason, evidence_item_id, received_at, due_at)
    VALUES (${c.userId}, ${c.field}, ${c.currentValue}, ${c.proposedValue}, ${c.reason}, ${c.evidenceItemId}, ${c.at}, ${c.dueAt})
    ON CONFLICT (user_id, field) WHERE status = 'pending' DO NOTHING RETURNING id`.execute(tx);
  return rows[0]?.id ?? null;
}
export async function getCorrection(db: Executor, id: string): Promise<CorrectionRow | null> {
  const { rows } = await sql<CorrectionTableRow>`${CORRECTION_SELECT} WHERE c.id = ${id}`.execute(db);
  return rows.length ? toCorrection(rows[0]) : null;
}
export async function listCorrections(
  db: Executor,
  q: { userId?: string; status?: string; limit: number; offset: number },
): Promise<{ items: CorrectionRow[]; total: number }> {
  const conds = [sql`true`];
  if (q.userId) conds.push(sql`c.user_id = ${q.userId}`);
  if (q.status) conds.push(sql`c.status = ${q.status}`);
  const where = sql.join(conds, sql` AND `);
  const { rows } =
    await sql<CorrectionTableRow>`${CORRECTION_SELECT} WHERE ${where} ORDER BY (c.status = 'pending') DESC, c.due_at, c.received_at DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(
      db,
    );
  const { rows: n } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM privacy_correction_request c WHERE ${where}`.execute(db);
  return { items: rows.map(toCorrection), total: Number(n[0].n) };
}
export async function decideCorrection(
  tx: Executor,
  id: string,
  expectedVersion: number,
  d: { status: 'accepted' | 'rejected' | 'cancelled'; at: Date; by: string | null; byName: string | null; reason: string | null },
): Promise<boolean> {
  const r =
    await sql`UPDATE privacy_correction_request SET status = ${d.status}, handled_at = ${d.at}, handled_by = ${d.by}, handled_by_name = ${d.byName}, decision_reason = ${d.reason}, version = version + 1
    WHERE id = ${id} AND version = ${expectedVersion} AND status = 'pending'`.execute(tx);
  return affected(r) === 1;
}
/** Applies an accepted correction to the profile (and the account's display name). */
export async function correctProfile(tx: Executor, userId: string, field: CorrectableField, value: string): Promise<void> {
  const col = { fullName: sql`full_name`, dateOfBirth: sql`date_of_birth`, gender: sql`gender`, businessName: sql`business_name` }[field];
  const v = field === 'dateOfBirth' ? sql`${value}::date` : sql`${value}`;
  await sql`UPDATE citizen_profile SET ${col} = ${v}, version = version + 1, updated_at = now() WHERE user_id = ${userId}`.execute(tx);
  await sql`UPDATE app_user u SET full_name = CASE WHEN p.subject_kind = 'business' THEN coalesce(p.business_name, p.full_name) ELSE p.full_name END, updated_at = now()
    FROM citizen_profile p WHERE p.user_id = u.id AND u.id = ${userId}`.execute(tx);
}
export async function ownItemExists(db: Executor, ownerId: string, itemId: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM warehouse_item WHERE id = ${itemId} AND owner_id = ${ownerId}`.execute(db);
  return rows.length > 0;
}

// ---- the record of processing activities ---------------------------------------------------------

export async function upsertActivities(tx: Executor, list: readonly ProcessingActivity[]): Promise<void> {
  let position = 0;
  for (const a of list) {
    position++;
    await sql`INSERT INTO privacy_processing_activity (key, position, name, purpose, legal_basis, subjects, data_categories, recipients, retention, security, module)
      VALUES (${a.key}, ${position}, ${a.name}, ${a.purpose}, ${a.legalBasis}, ${a.subjects}, ${a.dataCategories}, ${a.recipients}, ${a.retention}, ${a.security}, ${a.module})
      ON CONFLICT (key) DO UPDATE SET position = EXCLUDED.position, name = EXCLUDED.name, purpose = EXCLUDED.purpose, legal_basis = EXCLUDED.legal_basis, subjects = EXCLUDED.subjects,
        data_categories = EXCLUDED.data_categories, recipients = EXCLUDED.recipients, retention = EXCLUDED.retention, security = EXCLUDED.security, module = EXCLUDED.module`.execute(
      tx,
    );
  }
}
export async function listActivities(db: Executor): Promise<(ProcessingActivity & { position: number })[]> {
  const { rows } = await sql<
    TableRow<'privacy_processing_activity'>
  >`SELECT key, position, name, purpose, legal_basis, subjects, data_categories, recipients, retention, security, module FROM privacy_processing_activity ORDER BY position`.execute(
    db,
  );
  return rows.map((r) => ({
    key: r.key,
    position: r.position,
    name: r.name,
    purpose: r.purpose,
    legalBasis: r.legal_basis,
    subjects: r.subjects,
    dataCategories: r.data_categories,
    recipients: r.recipients,
    retention: r.retention,
    security: r.security,
    module: r.module,
  }));
}
