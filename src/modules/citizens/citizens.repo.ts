import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { PrefillSource, Profile } from './citizens.rules.js';
import type { ApplicantGroup } from '../catalog/catalog.public.js';

/** A date column (read as 'YYYY-MM-DD…' text) cut to the day. */
const day = (v: string | null | undefined) => (v === null || v === undefined ? null : String(v).slice(0, 10));

// ---- accounts and profiles ----------------------------------------------------------------------

export interface ProfileRow extends Profile {
  userId: string;
  username: string;
  zaloPhone: string | null;
  notifyChannels: ('email' | 'sms' | 'zalo')[];
  identitySource: 'self_declared' | 'vneid_sandbox' | 'vneid' | 'demo';
  oidcSubject: string | null;
  verifiedAt: Date | null;
  version: number;
  createdAt: Date;
}

/** A profile as PROFILE_SELECT reads it: the citizen_profile columns and the account's username. */
type ProfileTableRow = TableRow<'citizen_profile'> & Pick<TableRow<'app_user'>, 'username'>;
const PROFILE_SELECT = sql`SELECT p.user_id, p.subject_kind, p.full_name, p.personal_id, p.date_of_birth, p.gender, p.residence, p.tax_code, p.business_name, p.email, p.phone, p.zalo_phone, p.notify_channels, p.identity_source, p.oidc_subject, p.verified_at, p.created_at, p.updated_at, p.version, u.username FROM citizen_profile p JOIN app_user u ON u.id = p.user_id`;

const toProfile = (r: ProfileTableRow): ProfileRow => ({
  userId: r.user_id,
  username: r.username,
  subjectKind: r.subject_kind as Profile['subjectKind'],
  fullName: r.full_name,
  personalId: r.personal_id ?? null,
  dateOfBirth: day(r.date_of_birth),
  gender: (r.gender as Profile['gender']) ?? null,
  residence: r.residence ?? null,
  taxCode: r.tax_code ?? null,
  businessName: r.business_name ?? null,
  email: r.email ?? null,
  phone: r.phone ?? null,
  zaloPhone: r.zalo_phone ?? null,
  notifyChannels: (r.notify_channels as ProfileRow['notifyChannels']) ?? [],
  identitySource: r.identity_source as ProfileRow['identitySource'],
  oidcSubject: r.oidc_subject ?? null,
  verifiedAt: r.verified_at ?? null,
  version: r.version,
  createdAt: r.created_at,
});

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM app_user WHERE lower(username) = lower(${username})`.execute(db);
  return rows.length > 0;
}

/** Creates the citizen account (app_user, kind citizen, role citizen). */
export async function insertCitizenUser(
  tx: Executor,
  u: { username: string; fullName: string; passwordHash: string; personalId: string | null; email: string | null; phone: string | null },
): Promise<string> {
  const { rows } = await sql<
    Pick<TableRow<'app_user'>, 'id'>
  >`INSERT INTO app_user (username, full_name, kind, password_hash, agency_id, roles, personal_id, email, phone)
    VALUES (${u.username}, ${u.fullName}, 'citizen', ${u.passwordHash}, NULL, ARRAY['citizen']::text[], ${u.personalId}, ${u.email}, ${u.phone}) RETURNING id`.execute(
    tx,
  );
  return rows[0].id;
}

export async function insertProfile(
  tx: Executor,
  userId: string,
  p: Profile & { zaloPhone?: string | null; identitySource: ProfileRow['identitySource']; oidcSubject?: string | null; verifiedAt?: Date | null },
): Promise<void> {
  await sql`INSERT INTO citizen_profile (user_id, subject_kind, full_name, personal_id, date_of_birth, gender, residence, tax_code, business_name, email, phone, zalo_phone, identity_source, oidc_subject, verified_at)
    VALUES (${userId}, ${p.subjectKind}, ${p.fullName}, ${p.personalId}, ${p.dateOfBirth}, ${p.gender}, ${p.residence}, ${p.taxCode}, ${p.businessName}, ${p.email}, ${p.phone}, ${p.zaloPhone ?? null},
            ${p.identitySource}, ${p.oidcSubject ?? null}, ${p.verifiedAt ?? null})`.execute(tx);
}

export async function getProfile(db: Executor, userId: string): Promise<ProfileRow | null> {
  const { rows } = await sql<ProfileTableRow>`${PROFILE_SELECT} WHERE p.user_id = ${userId}`.execute(db);
  return rows.length ? toProfile(rows[0]) : null;
}

/**
 * One profile by e-ID subject, tax code or personal ID. By personal ID a citizen may have a
 * verified and an unverified account: `verified` picks one (the verified one first otherwise).
 */
export async function findProfile(
  db: Executor,
  by: { personalId?: string; taxCode?: string; oidcSubject?: string; verified?: boolean },
): Promise<ProfileRow | null> {
  const verified = by.verified === undefined ? sql`true` : by.verified ? sql`p.verified_at IS NOT NULL` : sql`p.verified_at IS NULL`;
  const cond = by.oidcSubject
    ? sql`p.oidc_subject = ${by.oidcSubject}`
    : by.taxCode
      ? sql`p.subject_kind = 'business' AND p.tax_code = ${by.taxCode}`
      : sql`p.subject_kind = 'citizen' AND p.personal_id = ${by.personalId ?? ''}`;
  const { rows } = await sql<ProfileTableRow>`${PROFILE_SELECT} WHERE ${cond} AND ${verified}
    ORDER BY p.verified_at IS NULL LIMIT 1`.execute(db);
  return rows.length ? toProfile(rows[0]) : null;
}

export async function updateProfile(
  tx: Executor,
  userId: string,
  expectedVersion: number | null,
  p: Partial<
    Pick<
      ProfileRow,
      'fullName' | 'residence' | 'email' | 'phone' | 'zaloPhone' | 'notifyChannels' | 'dateOfBirth' | 'gender' | 'identitySource' | 'oidcSubject' | 'verifiedAt'
    >
  >,
): Promise<boolean> {
  const sets = [sql`updated_at = now()`, sql`version = version + 1`];
  if (p.fullName !== undefined) sets.push(sql`full_name = ${p.fullName}`);
  if (p.residence !== undefined) sets.push(sql`residence = ${p.residence}`);
  if (p.email !== undefined) sets.push(sql`email = ${p.email}`);
  if (p.phone !== undefined) sets.push(sql`phone = ${p.phone}`);
  if (p.zaloPhone !== undefined) sets.push(sql`zalo_phone = ${p.zaloPhone}`);
  if (p.notifyChannels !== undefined) sets.push(sql`notify_channels = ${p.notifyChannels}::text[]`);
  if (p.dateOfBirth !== undefined) sets.push(sql`date_of_birth = ${p.dateOfBirth}`);
  if (p.gender !== undefined) sets.push(sql`gender = ${p.gender}`);
  if (p.identitySource !== undefined) sets.push(sql`identity_source = ${p.identitySource}`);
  if (p.oidcSubject !== undefined) sets.push(sql`oidc_subject = ${p.oidcSubject}`);
  if (p.verifiedAt !== undefined) sets.push(sql`verified_at = ${p.verifiedAt}`);
  const v = expectedVersion === null ? sql`true` : sql`version = ${expectedVersion}`;
  const r = await sql`UPDATE citizen_profile SET ${sql.join(sets)} WHERE user_id = ${userId} AND ${v}`.execute(tx);
  if (Number(r.numAffectedRows ?? 0) !== 1) return false;
  await sql`UPDATE app_user SET full_name = (SELECT full_name FROM citizen_profile WHERE user_id = ${userId}),
    email = (SELECT email FROM citizen_profile WHERE user_id = ${userId}), phone = (SELECT phone FROM citizen_profile WHERE user_id = ${userId}), updated_at = now()
    WHERE id = ${userId}`.execute(tx);
  return true;
}

// ---- warehouse ----------------------------------------------------------------------------------

export interface ItemRow {
  id: string;
  ownerId: string;
  kind: 'profile' | 'component' | 'result';
  title: string;
  docType: string | null;
  source: string;
  sourceRef: string | null;
  dossierId: string | null;
  dossierFileId: string | null;
  procedureCode: string | null;
  issuedOn: string | null;
  validUntil: string | null;
  certified: boolean;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  storageKey: string | null;
  sha256: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** A warehouse_item row as read (every column, typed from the generated schema). */
type ItemTableRow = TableRow<'warehouse_item'>;
const toItem = (r: ItemTableRow): ItemRow => ({
  id: r.id,
  ownerId: r.owner_id,
  kind: r.kind as ItemRow['kind'],
  title: r.title,
  docType: r.doc_type ?? null,
  source: r.source,
  sourceRef: r.source_ref ?? null,
  dossierId: r.dossier_id ?? null,
  dossierFileId: r.dossier_file_id ?? null,
  procedureCode: r.procedure_code ?? null,
  issuedOn: day(r.issued_on),
  validUntil: day(r.valid_until),
  certified: r.certified,
  fileName: r.file_name ?? null,
  mimeType: r.mime_type ?? null,
  sizeBytes: r.size_bytes === null || r.size_bytes === undefined ? null : Number(r.size_bytes),
  storageKey: r.storage_key ?? null,
  sha256: r.sha256,
  data: (r.data as Record<string, unknown>) ?? {},
  createdAt: r.created_at,
});

export type ItemInsert = Omit<ItemRow, 'id' | 'createdAt'>;

/** Inserts an item; a second copy of the same dossier file for the same owner is ignored (returns null). */
export async function insertItem(tx: Executor, i: ItemInsert): Promise<string | null> {
  const { rows } = await sql<
    Pick<ItemTableRow, 'id'>
  >`INSERT INTO warehouse_item (owner_id, kind, title, doc_type, source, source_ref, dossier_id, dossier_file_id, procedure_code, issued_on, valid_until,
      certified, file_name, mime_type, size_bytes, storage_key, sha256, data)
    VALUES (${i.ownerId}, ${i.kind}, ${i.title}, ${i.docType}, ${i.source}, ${i.sourceRef}, ${i.dossierId}, ${i.dossierFileId}, ${i.procedureCode}, ${i.issuedOn}, ${i.validUntil},
      ${i.certified}, ${i.fileName}, ${i.mimeType}, ${i.sizeBytes}, ${i.storageKey}, ${i.sha256}, ${JSON.stringify(i.data)}::jsonb)
    ON CONFLICT (owner_id, dossier_file_id) WHERE dossier_file_id IS NOT NULL DO NOTHING
    RETURNING id`.execute(tx);
  return rows[0]?.id ?? null;
}

export async function replaceProfileItem(tx: Executor, ownerId: string, source: string, i: ItemInsert): Promise<void> {
  await sql`DELETE FROM warehouse_item WHERE owner_id = ${ownerId} AND kind = 'profile' AND source = ${source}`.execute(tx);
  await insertItem(tx, i);
}

export async function listItems(db: Executor, ownerId: string, kind?: string): Promise<ItemRow[]> {
  const k = kind ? sql`AND kind = ${kind}` : sql``;
  const { rows } =
    await sql<ItemTableRow>`SELECT id, owner_id, kind, title, doc_type, source, source_ref, dossier_id, dossier_file_id, procedure_code, issued_on, valid_until, certified, file_name, mime_type, size_bytes, storage_key, sha256, data, created_at FROM warehouse_item WHERE owner_id = ${ownerId} ${k}
    ORDER BY CASE kind WHEN 'profile' THEN 0 WHEN 'result' THEN 1 ELSE 2 END, coalesce(issued_on, created_at::date) DESC, created_at DESC`.execute(db);
  return rows.map(toItem);
}

export async function getItem(db: Executor, id: string): Promise<ItemRow | null> {
  const { rows } =
    await sql<ItemTableRow>`SELECT id, owner_id, kind, title, doc_type, source, source_ref, dossier_id, dossier_file_id, procedure_code, issued_on, valid_until, certified, file_name, mime_type, size_bytes, storage_key, sha256, data, created_at FROM warehouse_item WHERE id = ${id}`.execute(
      db,
    );
  return rows.length ? toItem(rows[0]) : null;
}

export async function knownDossierFileIds(db: Executor, ownerId: string): Promise<Set<string>> {
  const { rows } = await sql<{
    dossier_file_id: NonNullable<ItemTableRow['dossier_file_id']>;
  }>`SELECT dossier_file_id FROM warehouse_item WHERE owner_id = ${ownerId} AND dossier_file_id IS NOT NULL`.execute(db);
  return new Set(rows.map((r) => r.dossier_file_id));
}

/** Results valid until a day in [from, to] that have no reminder of `stage` yet. */
export async function expiringWithoutReminder(db: Executor, from: string, to: string, stage: string): Promise<ItemRow[]> {
  const { rows } =
    await sql<ItemTableRow>`SELECT i.id, i.owner_id, i.kind, i.title, i.doc_type, i.source, i.source_ref, i.dossier_id, i.dossier_file_id, i.procedure_code, i.issued_on, i.valid_until, i.certified, i.file_name, i.mime_type, i.size_bytes, i.storage_key, i.sha256, i.data, i.created_at FROM warehouse_item i
    WHERE i.kind = 'result' AND i.valid_until BETWEEN ${from}::date AND ${to}::date
      AND NOT EXISTS (SELECT 1 FROM expiry_reminder r WHERE r.item_id = i.id AND r.stage = ${stage})
    ORDER BY i.valid_until LIMIT 1000`.execute(db);
  return rows.map(toItem);
}

export async function insertReminder(tx: Executor, itemId: string, stage: string, draftId: string | null): Promise<boolean> {
  const r = await sql`INSERT INTO expiry_reminder (item_id, stage, draft_id) VALUES (${itemId}, ${stage}, ${draftId}) ON CONFLICT DO NOTHING`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function reminderFor(db: Executor, itemId: string): Promise<{ stage: string; sentAt: Date; draftId: string | null } | null> {
  const { rows } = await sql<
    TableRow<'expiry_reminder'>
  >`SELECT item_id, stage, sent_at, draft_id FROM expiry_reminder WHERE item_id = ${itemId} ORDER BY sent_at DESC LIMIT 1`.execute(db);
  return rows.length ? { stage: rows[0].stage, sentAt: rows[0].sent_at, draftId: rows[0].draft_id ?? null } : null;
}

// ---- access log -----------------------------------------------------------------------------------

export interface AccessInsert {
  ownerId: string;
  itemId: string | null;
  readerId: string | null;
  readerUsername: string;
  readerKind: 'staff' | 'citizen' | 'system';
  agencyId: string | null;
  agencyName: string | null;
  purpose: 'read' | 'download' | 'reuse' | 'export';
  dossierCode: string | null;
  requestId: string | null;
}

export async function insertAccess(tx: Executor, a: AccessInsert): Promise<void> {
  await sql`INSERT INTO warehouse_access (owner_id, item_id, reader_id, reader_username, reader_kind, agency_id, agency_name, purpose, dossier_code, request_id)
    VALUES (${a.ownerId}, ${a.itemId}, ${a.readerId}, ${a.readerUsername}, ${a.readerKind}, ${a.agencyId}, ${a.agencyName}, ${a.purpose}, ${a.dossierCode}, ${a.requestId})`.execute(
    tx,
  );
}

export async function listAccess(db: Executor, ownerId: string, q: { readerKind?: string; limit: number; offset: number }) {
  const k = q.readerKind ? sql`AND a.reader_kind = ${q.readerKind}` : sql``;
  const { rows } = await sql<
    TableRow<'warehouse_access'> & { item_title: TableRow<'warehouse_item'>['title'] | null; total_count: string | number }
  >`SELECT a.id, a.owner_id, a.item_id, a.at, a.reader_id, a.reader_username, a.reader_kind, a.agency_id, a.agency_name, a.purpose, a.dossier_code, a.request_id, i.title AS item_title, count(*) OVER () AS total_count FROM warehouse_access a LEFT JOIN warehouse_item i ON i.id = a.item_id
    WHERE a.owner_id = ${ownerId} ${k} ORDER BY a.at DESC, a.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return {
    total: rows.length ? Number(rows[0].total_count) : 0,
    items: rows.map((r) => ({
      id: String(r.id),
      at: r.at,
      readerUsername: r.reader_username,
      readerKind: r.reader_kind as AccessInsert['readerKind'],
      agencyName: r.agency_name ?? null,
      purpose: r.purpose as AccessInsert['purpose'],
      dossierCode: r.dossier_code ?? null,
      itemId: r.item_id ?? null,
      itemTitle: r.item_title ?? null,
    })),
  };
}

// ---- drafts -------------------------------------------------------------------------------------

export interface DraftRow {
  id: string;
  ownerId: string;
  procedureCode: string;
  procedureName: string;
  caseKey: string;
  receivingAgencyId: string | null;
  formData: Record<string, unknown>;
  prefilled: Record<string, { value: unknown; source: PrefillSource; ref: string; from: string; itemId: string | null }>;
  attachments: { componentIndex: number; itemId: string }[];
  /** Declared groups for a reduced fee (catalogue APPLICANT_GROUPS). */
  applicantGroups: ApplicantGroup[];
  renewalOf: string | null;
  status: 'draft' | 'submitted' | 'discarded';
  dossierId: string | null;
  dossierCode: string | null;
  fieldsTotal: number | null;
  fieldsPrefilled: number | null;
  fieldsKept: number | null;
  submittedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A submission_draft row as read (every column, typed from the generated schema). */
type DraftTableRow = TableRow<'submission_draft'>;
const toDraft = (r: DraftTableRow): DraftRow => ({
  id: r.id,
  ownerId: r.owner_id,
  procedureCode: r.procedure_code,
  procedureName: r.procedure_name,
  caseKey: r.case_key,
  receivingAgencyId: r.receiving_agency_id ?? null,
  formData: (r.form_data as Record<string, unknown>) ?? {},
  prefilled: (r.prefilled as DraftRow['prefilled']) ?? {},
  attachments: (r.attachments as DraftRow['attachments']) ?? [],
  applicantGroups: (r.applicant_groups as ApplicantGroup[] | null | undefined) ?? [],
  renewalOf: r.renewal_of ?? null,
  status: r.status as DraftRow['status'],
  dossierId: r.dossier_id ?? null,
  dossierCode: r.dossier_code ?? null,
  fieldsTotal: r.fields_total ?? null,
  fieldsPrefilled: r.fields_prefilled ?? null,
  fieldsKept: r.fields_kept ?? null,
  submittedAt: r.submitted_at ?? null,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertDraft(
  tx: Executor,
  d: Pick<DraftRow, 'ownerId' | 'procedureCode' | 'procedureName' | 'caseKey' | 'receivingAgencyId' | 'formData' | 'prefilled' | 'attachments' | 'renewalOf'>,
): Promise<DraftRow> {
  const { rows } =
    await sql<DraftTableRow>`INSERT INTO submission_draft (owner_id, procedure_code, procedure_name, case_key, receiving_agency_id, form_data, prefilled, attachments, renewal_of)
    VALUES (${d.ownerId}, ${d.procedureCode}, ${d.procedureName}, ${d.caseKey}, ${d.receivingAgencyId}, ${JSON.stringify(d.formData)}::jsonb, ${JSON.stringify(d.prefilled)}::jsonb,
            ${JSON.stringify(d.attachments)}::jsonb, ${d.renewalOf}) RETURNING id, owner_id, procedure_code, procedure_name, case_key, receiving_agency_id, form_data, prefilled, attachments, renewal_of, status, dossier_id, dossier_code, fields_total, fields_prefilled, fields_kept, submitted_at, version, created_at, updated_at, applicant_groups`.execute(
      tx,
    );
  return toDraft(rows[0]);
}

/**
 * The citizen's open draft of a procedure that a new start would duplicate (same case and place
 * when the start names them; renewal drafts are separate). Locks the owner+procedure pair for the
 * transaction so two starts at once make one draft.
 */
export async function findOpenDraft(
  tx: Executor,
  ownerId: string,
  procedureCode: string,
  want: { caseKey?: string; receivingAgencyId?: string | null },
): Promise<DraftRow | null> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`draft:${ownerId}:${procedureCode}`}))`.execute(tx);
  const { rows } =
    await sql<DraftTableRow>`SELECT id, owner_id, procedure_code, procedure_name, case_key, receiving_agency_id, form_data, prefilled, attachments, renewal_of, status, dossier_id, dossier_code, fields_total, fields_prefilled, fields_kept, submitted_at, version, created_at, updated_at, applicant_groups FROM submission_draft
    WHERE owner_id = ${ownerId} AND procedure_code = ${procedureCode} AND status = 'draft' AND renewal_of IS NULL
      AND (${want.caseKey ?? null}::text IS NULL OR case_key = ${want.caseKey ?? null})
      AND (${want.receivingAgencyId === undefined}::boolean OR receiving_agency_id IS NOT DISTINCT FROM ${want.receivingAgencyId ?? null}::uuid)
    ORDER BY updated_at DESC LIMIT 1`.execute(tx);
  return rows.length ? toDraft(rows[0]) : null;
}

export async function getDraft(db: Executor, id: string): Promise<DraftRow | null> {
  const { rows } =
    await sql<DraftTableRow>`SELECT id, owner_id, procedure_code, procedure_name, case_key, receiving_agency_id, form_data, prefilled, attachments, renewal_of, status, dossier_id, dossier_code, fields_total, fields_prefilled, fields_kept, submitted_at, version, created_at, updated_at, applicant_groups FROM submission_draft WHERE id = ${id}`.execute(
      db,
    );
  return rows.length ? toDraft(rows[0]) : null;
}

export async function listDrafts(db: Executor, ownerId: string, status: string, limit: number, offset: number) {
  const { rows } = await sql<
    DraftTableRow & { total_count: string | number }
  >`SELECT id, owner_id, procedure_code, procedure_name, case_key, receiving_agency_id, form_data, prefilled, attachments, renewal_of, status, dossier_id, dossier_code, fields_total, fields_prefilled, fields_kept, submitted_at, version, created_at, updated_at, applicant_groups, count(*) OVER () AS total_count FROM submission_draft WHERE owner_id = ${ownerId} AND status = ${status}
    ORDER BY updated_at DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return { items: rows.map(toDraft), total: rows.length ? Number(rows[0].total_count) : 0 };
}

export async function updateDraft(
  tx: Executor,
  id: string,
  expectedVersion: number,
  p: Partial<
    Pick<
      DraftRow,
      | 'caseKey'
      | 'receivingAgencyId'
      | 'formData'
      | 'attachments'
      | 'applicantGroups'
      | 'prefilled'
      | 'status'
      | 'dossierId'
      | 'dossierCode'
      | 'fieldsTotal'
      | 'fieldsPrefilled'
      | 'fieldsKept'
      | 'submittedAt'
    >
  >,
): Promise<DraftRow | null> {
  const sets = [sql`updated_at = now()`, sql`version = version + 1`];
  if (p.caseKey !== undefined) sets.push(sql`case_key = ${p.caseKey}`);
  if (p.receivingAgencyId !== undefined) sets.push(sql`receiving_agency_id = ${p.receivingAgencyId}`);
  if (p.formData !== undefined) sets.push(sql`form_data = ${JSON.stringify(p.formData)}::jsonb`);
  if (p.prefilled !== undefined) sets.push(sql`prefilled = ${JSON.stringify(p.prefilled)}::jsonb`);
  if (p.attachments !== undefined) sets.push(sql`attachments = ${JSON.stringify(p.attachments)}::jsonb`);
  if (p.applicantGroups !== undefined) sets.push(sql`applicant_groups = ${p.applicantGroups}::text[]`);
  if (p.status !== undefined) sets.push(sql`status = ${p.status}`);
  if (p.dossierId !== undefined) sets.push(sql`dossier_id = ${p.dossierId}`);
  if (p.dossierCode !== undefined) sets.push(sql`dossier_code = ${p.dossierCode}`);
  if (p.fieldsTotal !== undefined) sets.push(sql`fields_total = ${p.fieldsTotal}`);
  if (p.fieldsPrefilled !== undefined) sets.push(sql`fields_prefilled = ${p.fieldsPrefilled}`);
  if (p.fieldsKept !== undefined) sets.push(sql`fields_kept = ${p.fieldsKept}`);
  if (p.submittedAt !== undefined) sets.push(sql`submitted_at = ${p.submittedAt}`);
  const { rows } =
    await sql<DraftTableRow>`UPDATE submission_draft SET ${sql.join(sets)} WHERE id = ${id} AND version = ${expectedVersion} RETURNING id, owner_id, procedure_code, procedure_name, case_key, receiving_agency_id, form_data, prefilled, attachments, renewal_of, status, dossier_id, dossier_code, fields_total, fields_prefilled, fields_kept, submitted_at, version, created_at, updated_at, applicant_groups`.execute(
      tx,
    );
  return rows.length ? toDraft(rows[0]) : null;
}

/** What online submissions actually pre-filled, per procedure (the measured side of once-only). */
export async function observedPrefill(db: Executor): Promise<Map<string, { submissions: number; fields: number; prefilled: number; kept: number }>> {
  const { rows } = await sql<{
    procedure_code: DraftTableRow['procedure_code'];
    n: number;
    f: number | null;
    p: number | null;
    k: number | null;
  }>`SELECT procedure_code, count(*)::int AS n, sum(fields_total)::int AS f, sum(fields_prefilled)::int AS p, sum(fields_kept)::int AS k
    FROM submission_draft WHERE status = 'submitted' GROUP BY procedure_code`.execute(db);
  return new Map(rows.map((r) => [r.procedure_code, { submissions: r.n, fields: r.f ?? 0, prefilled: r.p ?? 0, kept: r.k ?? 0 }]));
}

// ---- ratings ------------------------------------------------------------------------------------

export interface RatingRow {
  dossierId: string;
  dossierCode: string;
  /** null: rated without an account (link/QR on the receipt, or the counter screen). */
  ownerId: string | null;
  /** Where the rating came from (QĐ 766 5.4 counts all three). */
  channel: 'account' | 'link' | 'counter';
  procedureCode: string;
  receivingAgencyId: string;
  leadAgencyId: string | null;
  agencyIds: string[];
  answers: Record<string, number>;
  overall: number;
  comment: string | null;
  editableUntil: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A dossier_rating row as read (every column, typed from the generated schema). */
type RatingTableRow = TableRow<'dossier_rating'>;
const toRating = (r: RatingTableRow): RatingRow => ({
  dossierId: r.dossier_id,
  dossierCode: r.dossier_code,
  ownerId: r.owner_id ?? null,
  channel: (r.channel as RatingRow['channel']) ?? 'account',
  procedureCode: r.procedure_code,
  receivingAgencyId: r.receiving_agency_id,
  leadAgencyId: r.lead_agency_id ?? null,
  agencyIds: r.agency_ids ?? [],
  answers: r.answers as Record<string, number>,
  overall: r.overall,
  comment: r.comment ?? null,
  editableUntil: r.editable_until,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Inserts the rating unless the dossier already has one (returns false then). */
export async function insertRating(
  tx: Executor,
  r: Omit<RatingRow, 'version' | 'createdAt' | 'updatedAt' | 'channel'> & { at: Date; channel?: RatingRow['channel'] },
): Promise<boolean> {
  const res =
    await sql`INSERT INTO dossier_rating (dossier_id, dossier_code, owner_id, channel, procedure_code, receiving_agency_id, lead_agency_id, agency_ids, answers, overall, comment, editable_until, created_at, updated_at)
    VALUES (${r.dossierId}, ${r.dossierCode}, ${r.ownerId}, ${r.channel ?? 'account'}, ${r.procedureCode}, ${r.receivingAgencyId}, ${r.leadAgencyId}, ${r.agencyIds}::uuid[], ${JSON.stringify(r.answers)}::jsonb,
            ${r.overall}, ${r.comment}, ${r.editableUntil}, ${r.at}, ${r.at})
    ON CONFLICT (dossier_id) DO NOTHING`.execute(tx);
  return Number(res.numAffectedRows ?? 0) === 1;
}

export async function getRating(db: Executor, dossierId: string): Promise<RatingRow | null> {
  const { rows } =
    await sql<RatingTableRow>`SELECT dossier_id, dossier_code, owner_id, procedure_code, receiving_agency_id, lead_agency_id, agency_ids, answers, overall, comment, editable_until, version, created_at, updated_at, channel FROM dossier_rating WHERE dossier_id = ${dossierId}`.execute(
      db,
    );
  return rows.length ? toRating(rows[0]) : null;
}

/** Every rating a person gave from their account (one query, for the personal data export), keyed by dossier. */
export async function ratingsOfOwner(db: Executor, ownerId: string): Promise<Map<string, RatingRow>> {
  const { rows } =
    await sql<RatingTableRow>`SELECT dossier_id, dossier_code, owner_id, procedure_code, receiving_agency_id, lead_agency_id, agency_ids, answers, overall, comment, editable_until, version, created_at, updated_at, channel FROM dossier_rating WHERE owner_id = ${ownerId}`.execute(
      db,
    );
  return new Map(rows.map((r) => [r.dossier_id, toRating(r)]));
}

export async function updateRating(
  tx: Executor,
  dossierId: string,
  expectedVersion: number,
  p: { answers: Record<string, number>; overall: number; comment: string | null; at: Date },
): Promise<boolean> {
  const r =
    await sql`UPDATE dossier_rating SET answers = ${JSON.stringify(p.answers)}::jsonb, overall = ${p.overall}, comment = ${p.comment}, updated_at = ${p.at}, version = version + 1
    WHERE dossier_id = ${dossierId} AND version = ${expectedVersion}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function ratedDossierIds(db: Executor, ownerId: string): Promise<Set<string>> {
  const { rows } = await sql<Pick<RatingTableRow, 'dossier_id'>>`SELECT dossier_id FROM dossier_rating WHERE owner_id = ${ownerId}`.execute(db);
  return new Set(rows.map((r) => r.dossier_id));
}

/** Ratings in a period, optionally only those of dossiers that passed through some agencies. */
export async function listRatings(db: Executor, q: { from?: string; to?: string; agencyIds: string[] | null }): Promise<RatingRow[]> {
  const c = [sql`true`];
  if (q.from) c.push(sql`created_at >= ${q.from}::date`);
  if (q.to) c.push(sql`created_at < ${q.to}::date + 1`);
  if (q.agencyIds) c.push(sql`agency_ids && ${q.agencyIds}::uuid[]`);
  const { rows } =
    await sql<RatingTableRow>`SELECT dossier_id, dossier_code, owner_id, procedure_code, receiving_agency_id, lead_agency_id, agency_ids, answers, overall, comment, editable_until, version, created_at, updated_at, channel FROM dossier_rating WHERE ${sql.join(c, sql` AND `)} ORDER BY created_at LIMIT 100000`.execute(
      db,
    );
  return rows.map(toRating);
}

// ---- OpenID Connect flows ---------------------------------------------------------------------------

export async function insertFlow(
  tx: Executor,
  f: { state: string; nonce: string; provider: string; returnTo: string | null; expiresAt: Date; linkUserId?: string | null },
): Promise<void> {
  await sql`INSERT INTO oidc_flow (state, nonce, provider, return_to, expires_at, link_user_id)
    VALUES (${f.state}, ${f.nonce}, ${f.provider}, ${f.returnTo}, ${f.expiresAt}, ${f.linkUserId ?? null})`.execute(tx);
}

/** The account a flow was started by to verify its ID (null for a plain sign-in, or an unknown flow). */
export async function flowLinkUser(db: Executor, state: string): Promise<string | null> {
  const { rows } = await sql<Pick<TableRow<'oidc_flow'>, 'link_user_id'>>`SELECT link_user_id FROM oidc_flow WHERE state = ${state}`.execute(db);
  return rows[0]?.link_user_id ?? null;
}

/** Marks the flow used (once): returns it, or null when unknown, expired or already used. */
export async function consumeFlow(
  tx: Executor,
  state: string,
  provider: string,
): Promise<{ nonce: string; returnTo: string | null; linkUserId: string | null } | null> {
  const { rows } = await sql<
    Pick<TableRow<'oidc_flow'>, 'nonce' | 'return_to' | 'link_user_id'>
  >`UPDATE oidc_flow SET consumed_at = now() WHERE state = ${state} AND provider = ${provider} AND consumed_at IS NULL AND expires_at > now()
    RETURNING nonce, return_to, link_user_id`.execute(tx);
  return rows.length ? { nonce: rows[0].nonce, returnTo: rows[0].return_to ?? null, linkUserId: rows[0].link_user_id ?? null } : null;
}

// ---- catalogue codes (read-only) ------------------------------------------------------------------

/**
 * Codes of all procedures in the catalogue. catalog.public.ts has no list function yet, so this
 * reads the catalogue's `procedure` table directly (read-only, codes only); the versions themselves
 * are read through catalog.public.getCurrentVersion.
 */
export async function catalogCodes(db: Executor): Promise<string[]> {
  const { rows } = await sql<Pick<TableRow<'procedure'>, 'code'>>`SELECT code FROM procedure ORDER BY code`.execute(db);
  return rows.map((r) => r.code);
}
