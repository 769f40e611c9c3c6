import { sql, type RawBuilder } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { AnswerStatus, AttributeDef, Channel, CloseReason, FeedbackStatus, Kind, Topic } from './feedback.rules.js';
import type { ActionT, Attachment, Category } from './feedback.schemas.js';

/** All SQL of the feedback module. Every function takes the executor (database or transaction) it runs on. */

// Rows as read, typed from the generated schema (src/platform/db/schema.ts): a renamed or removed
// column breaks the compilation of its mapper. Text columns holding the rules' enumerations
// (status, kind, topic, …) are written only from those types, so the mappers narrow them with `as`.
type AgencyRef = { code: TableRow<'agency'>['code']; name: TableRow<'agency'>['name'] };
type CategoryRow = Pick<
  TableRow<'feedback_category'>,
  'id' | 'code' | 'name' | 'description' | 'agency_id' | 'topic' | 'keywords' | 'grp' | 'attributes' | 'active'
> & { agency_code: AgencyRef['code']; agency_name: AgencyRef['name'] };
type FeedbackRow = Omit<TableRow<'feedback'>, 'search_key' | 'created_at' | 'answered_by'> & {
  category_code: TableRow<'feedback_category'>['code'] | null;
  category_name: TableRow<'feedback_category'>['name'] | null;
  receiving_code: AgencyRef['code'];
  receiving_name: AgencyRef['name'];
  agency_code: AgencyRef['code'] | null;
  agency_name: AgencyRef['name'] | null;
  duplicate_code: TableRow<'feedback'>['code'] | null;
  suspected_code: TableRow<'feedback'>['code'] | null;
};
type Total = { total_count: number };

// ---- categories (Open311 services) ---------------------------------------------------------------

const CATEGORY_SELECT = sql`SELECT c.id, c.code, c.name, c.description, c.agency_id, c.topic, c.keywords, c.grp, c.attributes, c.active, c.created_at, c.updated_at, a.code AS agency_code, a.name AS agency_name FROM feedback_category c JOIN agency a ON a.id = c.agency_id`;

const toCategory = (r: CategoryRow): Category => ({
  id: r.id,
  code: r.code,
  name: r.name,
  description: r.description ?? null,
  agency: { id: r.agency_id, code: r.agency_code, name: r.agency_name },
  topic: (r.topic ?? null) as Topic | null,
  keywords: r.keywords ?? null,
  group: r.grp ?? null,
  attributes: (r.attributes as unknown as AttributeDef[] | null) ?? [], // jsonb written from AttributeDef[]
  active: r.active,
});

export async function listCategories(db: Executor, q: { agencyId?: string; activeOnly?: boolean; q?: string } = {}): Promise<Category[]> {
  const conds = [sql`true`];
  if (q.agencyId) conds.push(sql`c.agency_id = ${q.agencyId}`);
  if (q.activeOnly) conds.push(sql`c.active`);
  if (q.q) conds.push(sql`f_search_key(c.name || ' ' || a.name) LIKE '%' || f_search_key(${q.q}) || '%'`);
  const { rows } = await sql<CategoryRow>`${CATEGORY_SELECT} WHERE ${sql.join(conds, sql` AND `)} ORDER BY a.code, c.code`.execute(db);
  return rows.map(toCategory);
}

export async function getCategory(db: Executor, id: string): Promise<Category | null> {
  const { rows } = await sql<CategoryRow>`${CATEGORY_SELECT} WHERE c.id = ${id}`.execute(db);
  return rows.length ? toCategory(rows[0]) : null;
}

export async function getCategoryByCode(db: Executor, code: string): Promise<Category | null> {
  const { rows } = await sql<CategoryRow>`${CATEGORY_SELECT} WHERE c.code = ${code}`.execute(db);
  return rows.length ? toCategory(rows[0]) : null;
}

export interface CategoryInsert {
  code: string;
  name: string;
  description: string | null;
  agencyId: string;
  topic: Topic | null;
  keywords: string | null;
  group: string | null;
  attributes: AttributeDef[];
}

export async function insertCategory(tx: Executor, c: CategoryInsert): Promise<string> {
  const { rows } = await sql<{ id: string }>`INSERT INTO feedback_category (code, name, description, agency_id, topic, keywords, grp, attributes)
    VALUES (${c.code}, ${c.name}, ${c.description}, ${c.agencyId}, ${c.topic}, ${c.keywords}, ${c.group}, ${JSON.stringify(c.attributes)}::jsonb)
    ON CONFLICT (code) DO NOTHING RETURNING id`.execute(tx);
  return rows[0]?.id ?? '';
}

export async function updateCategory(
  tx: Executor,
  id: string,
  c: { name?: string; description?: string | null; keywords?: string | null; group?: string | null; attributes?: AttributeDef[]; active?: boolean },
): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (c.name !== undefined) sets.push(sql`name = ${c.name}`);
  if (c.description !== undefined) sets.push(sql`description = ${c.description}`);
  if (c.keywords !== undefined) sets.push(sql`keywords = ${c.keywords}`);
  if (c.group !== undefined) sets.push(sql`grp = ${c.group}`);
  if (c.attributes !== undefined) sets.push(sql`attributes = ${JSON.stringify(c.attributes)}::jsonb`);
  if (c.active !== undefined) sets.push(sql`active = ${c.active}`);
  await sql`UPDATE feedback_category SET ${sql.join(sets)} WHERE id = ${id}`.execute(tx);
}

// ---- feedback snapshot ------------------------------------------------------------------------------

/** The next number of the year's sequence (row-locked, so concurrent intakes never share a code). */
export async function nextNumber(tx: Executor, year: number): Promise<number> {
  const { rows } = await sql<Pick<TableRow<'feedback_code_counter'>, 'last'>>`INSERT INTO feedback_code_counter (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = feedback_code_counter.last + 1 RETURNING last`.execute(tx);
  return rows[0].last;
}

export interface FeedbackRecord {
  id: string;
  code: string;
  channel: Channel;
  kind: Kind;
  topic: Topic | null;
  categoryId: string | null;
  categoryCode: string | null;
  categoryName: string | null;
  title: string;
  content: string;
  attributes: Record<string, unknown>;
  submitterName: string | null;
  submitterPhone: string | null;
  submitterEmail: string | null;
  submitterAddress: string | null;
  submitterUserId: string | null;
  locationAddress: string | null;
  lat: number | null;
  long: number | null;
  mediaUrl: string | null;
  receivingAgency: { id: string; code: string; name: string };
  agency: { id: string; code: string; name: string } | null;
  status: FeedbackStatus;
  closeReason: CloseReason | null;
  closeNote: string | null;
  duplicateOf: { id: string; code: string } | null;
  suspectedDuplicateOf: { id: string; code: string } | null;
  receivedAt: Date;
  classifyDueAt: Date;
  forwardedAt: Date | null;
  handleDueAt: Date | null;
  extendedAt: Date | null;
  extensionReason: string | null;
  answeredAt: Date | null;
  publishDueAt: Date | null;
  publishedAt: Date | null;
  closedAt: Date | null;
  answerStatus: AnswerStatus | null;
  answerText: string | null;
  answerDocumentNo: string | null;
  publicSummary: string | null;
  publicAnswer: string | null;
  followUpText: string | null;
  followUpAt: Date | null;
  escalatedStages: string[];
  remindedStages: string[];
  open311Token: string | null;
  updatedAt: Date;
  version: number;
}

const FEEDBACK_SELECT = sql`SELECT f.id, f.code, f.channel, f.kind, f.topic, f.category_id, f.title, f.content, f.attributes, f.submitter_name, f.submitter_phone, f.submitter_email, f.submitter_address, f.submitter_user_id, f.location_address, f.lat, f.long, f.media_url, f.receiving_agency_id, f.agency_id, f.status, f.close_reason, f.close_note, f.duplicate_of, f.suspected_duplicate_of, f.received_at, f.classify_due_at, f.forwarded_at, f.handle_due_at, f.extended_at, f.extension_reason, f.answered_at, f.publish_due_at, f.published_at, f.closed_at, f.answer_status, f.answer_text, f.answer_document_no, f.answered_by, f.public_summary, f.public_answer, f.follow_up_text, f.follow_up_at, f.escalated_stages, f.reminded_stages, f.open311_token, f.search_key, f.version, f.created_at, f.updated_at, c.code AS category_code, c.name AS category_name,
    ra.code AS receiving_code, ra.name AS receiving_name, ag.code AS agency_code, ag.name AS agency_name,
    d.code AS duplicate_code, sd.code AS suspected_code
  FROM feedback f
  LEFT JOIN feedback_category c ON c.id = f.category_id
  JOIN agency ra ON ra.id = f.receiving_agency_id
  LEFT JOIN agency ag ON ag.id = f.agency_id
  LEFT JOIN feedback d ON d.id = f.duplicate_of
  LEFT JOIN feedback sd ON sd.id = f.suspected_duplicate_of`;

const toRecord = (r: FeedbackRow): FeedbackRecord => ({
  id: r.id,
  code: r.code,
  channel: r.channel as Channel,
  kind: r.kind as Kind,
  topic: (r.topic ?? null) as Topic | null,
  categoryId: r.category_id ?? null,
  categoryCode: r.category_code ?? null,
  categoryName: r.category_name ?? null,
  title: r.title,
  content: r.content,
  attributes: (r.attributes as Record<string, unknown> | null) ?? {}, // jsonb written from an object
  submitterName: r.submitter_name ?? null,
  submitterPhone: r.submitter_phone ?? null,
  submitterEmail: r.submitter_email ?? null,
  submitterAddress: r.submitter_address ?? null,
  submitterUserId: r.submitter_user_id ?? null,
  locationAddress: r.location_address ?? null,
  lat: r.lat ?? null,
  long: r.long ?? null,
  mediaUrl: r.media_url ?? null,
  // Foreign keys: with an id the join found the row, so its code and name are there.
  receivingAgency: { id: r.receiving_agency_id, code: r.receiving_code, name: r.receiving_name },
  agency: r.agency_id ? { id: r.agency_id, code: r.agency_code!, name: r.agency_name! } : null,
  status: r.status as FeedbackStatus,
  closeReason: (r.close_reason ?? null) as CloseReason | null,
  closeNote: r.close_note ?? null,
  duplicateOf: r.duplicate_of ? { id: r.duplicate_of, code: r.duplicate_code! } : null,
  suspectedDuplicateOf: r.suspected_duplicate_of ? { id: r.suspected_duplicate_of, code: r.suspected_code! } : null,
  receivedAt: r.received_at,
  classifyDueAt: r.classify_due_at,
  forwardedAt: r.forwarded_at ?? null,
  handleDueAt: r.handle_due_at ?? null,
  extendedAt: r.extended_at ?? null,
  extensionReason: r.extension_reason ?? null,
  answeredAt: r.answered_at ?? null,
  publishDueAt: r.publish_due_at ?? null,
  publishedAt: r.published_at ?? null,
  closedAt: r.closed_at ?? null,
  answerStatus: (r.answer_status ?? null) as AnswerStatus | null,
  answerText: r.answer_text ?? null,
  answerDocumentNo: r.answer_document_no ?? null,
  publicSummary: r.public_summary ?? null,
  publicAnswer: r.public_answer ?? null,
  followUpText: r.follow_up_text ?? null,
  followUpAt: r.follow_up_at ?? null,
  escalatedStages: r.escalated_stages ?? [],
  remindedStages: r.reminded_stages ?? [],
  open311Token: r.open311_token ?? null,
  updatedAt: r.updated_at,
  version: r.version,
});

export interface FeedbackInsert {
  code: string;
  channel: Channel;
  kind: Kind;
  topic: Topic | null;
  categoryId: string | null;
  title: string;
  content: string;
  attributes: Record<string, unknown>;
  submitterName: string | null;
  submitterPhone: string | null;
  submitterEmail: string | null;
  submitterAddress: string | null;
  submitterUserId: string | null;
  locationAddress: string | null;
  lat: number | null;
  long: number | null;
  mediaUrl: string | null;
  receivingAgencyId: string;
  receivedAt: Date;
  classifyDueAt: Date;
  suspectedDuplicateOf: string | null;
  open311Token: string | null;
}

export async function insertFeedback(tx: Executor, f: FeedbackInsert): Promise<string> {
  const { rows } = await sql<{ id: string }>`INSERT INTO feedback (code, channel, kind, topic, category_id, title, content, attributes,
      submitter_name, submitter_phone, submitter_email, submitter_address, submitter_user_id, location_address, lat, long, media_url,
      receiving_agency_id, status, received_at, classify_due_at, suspected_duplicate_of, open311_token)
    VALUES (${f.code}, ${f.channel}, ${f.kind}, ${f.topic}, ${f.categoryId}, ${f.title}, ${f.content}, ${JSON.stringify(f.attributes)}::jsonb,
      ${f.submitterName}, ${f.submitterPhone}, ${f.submitterEmail}, ${f.submitterAddress}, ${f.submitterUserId}, ${f.locationAddress}, ${f.lat}, ${f.long}, ${f.mediaUrl},
      ${f.receivingAgencyId}, 'received', ${f.receivedAt}, ${f.classifyDueAt}, ${f.suspectedDuplicateOf}, ${f.open311Token})
    RETURNING id`.execute(tx);
  return rows[0].id;
}

export async function getFeedback(db: Executor, id: string, forUpdate = false): Promise<FeedbackRecord | null> {
  if (forUpdate) await sql`SELECT 1 FROM feedback WHERE id = ${id} FOR UPDATE`.execute(db);
  const { rows } = await sql<FeedbackRow>`${FEEDBACK_SELECT} WHERE f.id = ${id}`.execute(db);
  return rows.length ? toRecord(rows[0]) : null;
}

export async function getFeedbackByCode(db: Executor, code: string): Promise<FeedbackRecord | null> {
  const { rows } = await sql<FeedbackRow>`${FEEDBACK_SELECT} WHERE f.code = ${code}`.execute(db);
  return rows.length ? toRecord(rows[0]) : null;
}

export async function getFeedbackByToken(db: Executor, token: string): Promise<FeedbackRecord | null> {
  const { rows } = await sql<FeedbackRow>`${FEEDBACK_SELECT} WHERE f.open311_token = ${token}`.execute(db);
  return rows.length ? toRecord(rows[0]) : null;
}

export interface FeedbackPatch {
  status?: FeedbackStatus;
  kind?: Kind;
  topic?: Topic | null;
  agencyId?: string | null;
  closeReason?: CloseReason | null;
  closeNote?: string | null;
  duplicateOf?: string | null;
  forwardedAt?: Date | null;
  handleDueAt?: Date | null;
  extendedAt?: Date | null;
  extensionReason?: string | null;
  answeredAt?: Date | null;
  publishDueAt?: Date | null;
  publishedAt?: Date | null;
  closedAt?: Date | null;
  answerStatus?: AnswerStatus | null;
  answerText?: string | null;
  answerDocumentNo?: string | null;
  answeredBy?: string | null;
  publicSummary?: string | null;
  publicAnswer?: string | null;
  followUpText?: string | null;
  followUpAt?: Date | null;
  escalatedStages?: string[];
  remindedStages?: string[];
}

const COLUMNS: Record<keyof FeedbackPatch, keyof TableRow<'feedback'>> = {
  status: 'status',
  kind: 'kind',
  topic: 'topic',
  agencyId: 'agency_id',
  closeReason: 'close_reason',
  closeNote: 'close_note',
  duplicateOf: 'duplicate_of',
  forwardedAt: 'forwarded_at',
  handleDueAt: 'handle_due_at',
  extendedAt: 'extended_at',
  extensionReason: 'extension_reason',
  answeredAt: 'answered_at',
  publishDueAt: 'publish_due_at',
  publishedAt: 'published_at',
  closedAt: 'closed_at',
  answerStatus: 'answer_status',
  answerText: 'answer_text',
  answerDocumentNo: 'answer_document_no',
  answeredBy: 'answered_by',
  publicSummary: 'public_summary',
  publicAnswer: 'public_answer',
  followUpText: 'follow_up_text',
  followUpAt: 'follow_up_at',
  escalatedStages: 'escalated_stages',
  remindedStages: 'reminded_stages',
};

/** Applies a patch if the version is still `expectedVersion`; false when someone else changed it first. */
export async function updateFeedback(tx: Executor, id: string, patch: FeedbackPatch, expectedVersion: number): Promise<boolean> {
  const sets: RawBuilder<unknown>[] = [sql`version = version + 1`, sql`updated_at = now()`];
  for (const [k, col] of Object.entries(COLUMNS) as [keyof FeedbackPatch, string][]) {
    const v = patch[k];
    if (v === undefined) continue;
    if (k === 'escalatedStages' || k === 'remindedStages') sets.push(sql`${sql.ref(col)} = ${v as string[]}::text[]`);
    else sets.push(sql`${sql.ref(col)} = ${v as unknown}`);
  }
  const r = await sql`UPDATE feedback SET ${sql.join(sets)} WHERE id = ${id} AND version = ${expectedVersion}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export interface ListQuery {
  /** null: every agency (province-wide); otherwise items received by or forwarded to one of these. */
  agencyIds: string[] | null;
  status?: string[];
  topic?: string;
  channel?: string;
  agencyId?: string;
  overdue?: boolean;
  escalated?: boolean;
  q?: string;
  from?: string;
  to?: string;
  submitterUserId?: string;
  now: Date;
  limit: number;
  offset: number;
}

export async function listFeedback(db: Executor, q: ListQuery): Promise<{ items: FeedbackRecord[]; total: number }> {
  const conds = [sql`true`];
  if (q.agencyIds) conds.push(sql`(f.agency_id = ANY(${q.agencyIds}::uuid[]) OR f.receiving_agency_id = ANY(${q.agencyIds}::uuid[]))`);
  if (q.status?.length) conds.push(sql`f.status = ANY(${q.status}::text[])`);
  if (q.topic) conds.push(sql`f.topic = ${q.topic}`);
  if (q.channel) conds.push(sql`f.channel = ${q.channel}`);
  if (q.agencyId) conds.push(sql`(f.agency_id = ${q.agencyId} OR (f.agency_id IS NULL AND f.receiving_agency_id = ${q.agencyId}))`);
  if (q.submitterUserId) conds.push(sql`f.submitter_user_id = ${q.submitterUserId}`);
  if (q.from) conds.push(sql`f.received_at >= ${q.from}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  if (q.to) conds.push(sql`f.received_at < (${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  if (q.escalated) conds.push(sql`cardinality(f.escalated_stages) > 0`);
  if (q.overdue) {
    conds.push(sql`((f.status = 'received' AND f.classify_due_at < ${q.now}) OR (f.status = 'forwarded' AND f.handle_due_at < ${q.now})
      OR (f.status = 'answered' AND f.publish_due_at < ${q.now}))`);
  }
  if (q.q) conds.push(sql`(f.search_key LIKE '%' || f_search_key(${q.q}) || '%' OR f.code = upper(${q.q}))`);
  const { rows } = await sql<FeedbackRow & Total>`SELECT x.*, count(*) OVER () AS total_count FROM (${FEEDBACK_SELECT} WHERE ${sql.join(conds, sql` AND `)}) x
    ORDER BY CASE x.status WHEN 'received' THEN x.classify_due_at WHEN 'forwarded' THEN x.handle_due_at WHEN 'answered' THEN x.publish_due_at ELSE NULL END ASC NULLS LAST,
      x.received_at DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { items: rows.map(toRecord), total: rows.length ? rows[0].total_count : 0 };
}

/** Items whose current stage has a deadline (for reminders and escalation). */
export async function listActive(db: Executor): Promise<FeedbackRecord[]> {
  const { rows } = await sql<FeedbackRow>`${FEEDBACK_SELECT} WHERE f.status IN ('received', 'forwarded', 'answered') ORDER BY f.received_at`.execute(db);
  return rows.map(toRecord);
}

/**
 * A likely duplicate received in the last 90 days: same sender contact, or very similar text to
 * the same category; the most similar wins. Returns null when none is close enough.
 */
export async function findDuplicateCandidate(
  db: Executor,
  c: { content: string; phone: string | null; email: string | null; categoryId: string | null; since: Date },
): Promise<string | null> {
  const sameContact = c.phone || c.email ? sql`(f.submitter_phone = ${c.phone} OR f.submitter_email = ${c.email})` : sql`false`;
  const sameCategory = c.categoryId ? sql`f.category_id = ${c.categoryId}` : sql`false`;
  const { rows } = await sql<Pick<TableRow<'feedback'>, 'id'> & { s: number }>`SELECT f.id, similarity(f.search_key, f_search_key(${c.content})) AS s
    FROM feedback f
    WHERE f.received_at >= ${c.since} AND f.duplicate_of IS NULL AND (${sameContact} OR ${sameCategory})
      AND similarity(f.search_key, f_search_key(${c.content})) >= CASE WHEN ${sameContact} THEN 0.5 ELSE 0.75 END
    ORDER BY s DESC, f.received_at DESC LIMIT 1`.execute(db);
  return rows[0]?.id ?? null;
}

export async function listDuplicatesOf(db: Executor, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM feedback WHERE duplicate_of = ${id}`.execute(db);
  return rows.map((r) => r.id);
}

// ---- public list -----------------------------------------------------------------------------------

export async function listPublished(
  db: Executor,
  q: { q?: string; agencyId?: string; topic?: string; limit: number; offset: number },
): Promise<{ items: FeedbackRecord[]; total: number }> {
  const conds = [sql`f.published_at IS NOT NULL`];
  if (q.agencyId) conds.push(sql`f.agency_id = ${q.agencyId}`);
  if (q.topic) conds.push(sql`f.topic = ${q.topic}`);
  // Search the published texts only: the sender's original text may hold personal data.
  if (q.q)
    conds.push(
      sql`(f_search_key(f.public_summary || ' ' || f.public_answer || ' ' || f.title) LIKE '%' || f_search_key(${q.q}) || '%' OR f.code = upper(${q.q}))`,
    );
  const { rows } = await sql<FeedbackRow & Total>`SELECT x.*, count(*) OVER () AS total_count FROM (${FEEDBACK_SELECT} WHERE ${sql.join(conds, sql` AND `)}) x
    ORDER BY x.published_at DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { items: rows.map(toRecord), total: rows.length ? rows[0].total_count : 0 };
}

// ---- Open311 request search ---------------------------------------------------------------------------

export async function listOpen311(
  db: Executor,
  q: { codes?: string[]; serviceCode?: string; start?: Date; end?: Date; statuses?: FeedbackStatus[]; limit: number },
): Promise<FeedbackRecord[]> {
  const conds = [sql`true`];
  if (q.codes?.length) conds.push(sql`f.code = ANY(${q.codes}::text[])`);
  // The general service (PAKN) is every request without a category: Open311 shows them as PAKN.
  if (q.serviceCode === 'PAKN') conds.push(sql`(f.category_id IS NULL OR c.code = 'PAKN')`);
  else if (q.serviceCode) conds.push(sql`c.code = ${q.serviceCode}`);
  if (q.start) conds.push(sql`f.received_at >= ${q.start}`);
  if (q.end) conds.push(sql`f.received_at <= ${q.end}`);
  if (q.statuses) conds.push(sql`f.status = ANY(${q.statuses}::text[])`);
  const { rows } = await sql<FeedbackRow>`${FEEDBACK_SELECT} WHERE ${sql.join(
    conds.map((c) => sql`(${c})`),
    sql` AND `,
  )} ORDER BY f.received_at DESC LIMIT ${q.limit}`.execute(db);
  return rows.map(toRecord);
}

// ---- action log ---------------------------------------------------------------------------------------

export interface ActionInsert {
  feedbackId: string;
  action: string;
  actorId: string | null;
  actorUsername: string | null;
  role: string | null;
  agencyId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  payload: Record<string, unknown>;
  at?: Date;
}

export async function insertAction(tx: Executor, a: ActionInsert): Promise<void> {
  await sql`INSERT INTO feedback_action (feedback_id, at, action, actor_id, actor_username, role, agency_id, from_status, to_status, note, payload)
    VALUES (${a.feedbackId}, ${a.at ?? new Date()}, ${a.action}, ${a.actorId}, ${a.actorUsername}, ${a.role}, ${a.agencyId}, ${a.fromStatus}, ${a.toStatus}, ${a.note},
            ${JSON.stringify(a.payload)}::jsonb)`.execute(tx);
}

export async function listActions(db: Executor, feedbackId: string): Promise<(ActionT & { atDate: Date })[]> {
  // The officer's full name and agency, as on the dossier timeline (a username means nothing to a reader).
  const { rows } = await sql<
    Pick<TableRow<'feedback_action'>, 'id' | 'at' | 'action' | 'actor_username' | 'from_status' | 'to_status' | 'note' | 'payload'> & {
      actor_full_name: TableRow<'app_user'>['full_name'] | null;
      agency_name: AgencyRef['name'] | null;
    }
  >`SELECT a.id, a.feedback_id, a.at, a.action, a.actor_id, a.actor_username, a.role, a.agency_id, a.from_status, a.to_status, a.note, a.payload, a.idempotency_key, u.full_name AS actor_full_name, g.name AS agency_name
    FROM feedback_action a LEFT JOIN app_user u ON u.id = a.actor_id LEFT JOIN agency g ON g.id = a.agency_id
    WHERE a.feedback_id = ${feedbackId} ORDER BY a.id`.execute(db);
  return rows.map((r) => ({
    id: String(r.id),
    at: '',
    atDate: r.at,
    action: r.action,
    actorUsername: r.actor_username ?? null,
    actorName: r.actor_full_name ?? null,
    agencyName: r.agency_name ?? null,
    fromStatus: r.from_status ?? null,
    toStatus: r.to_status ?? null,
    note: r.note ?? null,
    payload: (r.payload as Record<string, unknown> | null) ?? {}, // jsonb written by insertAction from an object
  }));
}

// ---- attachments ----------------------------------------------------------------------------------------

export async function insertAttachment(
  tx: Executor,
  a: { feedbackId: string; purpose: 'submission' | 'answer'; fileName: string; contentType: string; data: Buffer; sha256: string; uploadedBy: string | null },
): Promise<string> {
  const { rows } = await sql<{ id: string }>`INSERT INTO feedback_attachment (feedback_id, purpose, file_name, content_type, size, sha256, data, uploaded_by)
    VALUES (${a.feedbackId}, ${a.purpose}, ${a.fileName}, ${a.contentType}, ${a.data.length}, ${a.sha256}, ${a.data}, ${a.uploadedBy}) RETURNING id`.execute(
    tx,
  );
  return rows[0].id;
}

const toAttachment = (
  r: Pick<TableRow<'feedback_attachment'>, 'id' | 'purpose' | 'file_name' | 'content_type' | 'size' | 'created_at'>,
): Attachment & { createdAtDate: Date } => ({
  id: r.id,
  purpose: r.purpose as 'submission' | 'answer', // written by insertAttachment from this union
  fileName: r.file_name,
  contentType: r.content_type,
  size: r.size,
  createdAt: '',
  createdAtDate: r.created_at,
});

export async function listAttachments(db: Executor, feedbackId: string): Promise<(Attachment & { createdAtDate: Date })[]> {
  const { rows } = await sql<
    Parameters<typeof toAttachment>[0]
  >`SELECT id, purpose, file_name, content_type, size, created_at FROM feedback_attachment WHERE feedback_id = ${feedbackId} ORDER BY created_at, id`.execute(
    db,
  );
  return rows.map(toAttachment);
}

export async function getAttachmentData(
  db: Executor,
  feedbackId: string,
  id: string,
): Promise<{ fileName: string; contentType: string; data: Buffer; purpose: string } | null> {
  const { rows } = await sql<
    Pick<TableRow<'feedback_attachment'>, 'file_name' | 'content_type' | 'data' | 'purpose'>
  >`SELECT file_name, content_type, data, purpose FROM feedback_attachment WHERE feedback_id = ${feedbackId} AND id = ${id}`.execute(db);
  if (!rows.length) return null;
  // bytea: a Buffer on PostgreSQL, a Uint8Array on PGlite
  return { fileName: rows[0].file_name, contentType: rows[0].content_type, data: Buffer.from(rows[0].data), purpose: rows[0].purpose };
}

export async function countAttachments(db: Executor, feedbackId: string, purpose: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM feedback_attachment WHERE feedback_id = ${feedbackId} AND purpose = ${purpose}`.execute(db);
  return rows[0].n;
}

// ---- statistics facts ----------------------------------------------------------------------------------------

export interface StatsFact {
  agencyId: string | null;
  agencyCode: string | null;
  agencyName: string | null;
  status: FeedbackStatus;
  topic: Topic | null;
  channel: Channel;
  closeReason: CloseReason | null;
  handleDueAt: Date | null;
  answeredAt: Date | null;
  followUpAt: Date | null;
}

/** The facts statistics need, for items received in [from, to] (calendar dates in Vietnam). */
export async function statsFacts(db: Executor, q: { from: string; to: string; agencyIds: string[] | null }): Promise<StatsFact[]> {
  const conds = [
    sql`f.received_at >= ${q.from}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`,
    sql`f.received_at < (${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`,
  ];
  if (q.agencyIds) conds.push(sql`coalesce(f.agency_id, f.receiving_agency_id) = ANY(${q.agencyIds}::uuid[])`);
  const { rows } = await sql<
    Pick<TableRow<'feedback'>, 'status' | 'topic' | 'channel' | 'close_reason' | 'handle_due_at' | 'answered_at' | 'follow_up_at'> & {
      agency_id: TableRow<'feedback'>['receiving_agency_id'];
      agency_code: AgencyRef['code'];
      agency_name: AgencyRef['name'];
    }
  >`SELECT coalesce(f.agency_id, f.receiving_agency_id) AS agency_id, a.code AS agency_code, a.name AS agency_name,
      f.status, f.topic, f.channel, f.close_reason, f.handle_due_at, f.answered_at, f.follow_up_at
    FROM feedback f JOIN agency a ON a.id = coalesce(f.agency_id, f.receiving_agency_id)
    WHERE ${sql.join(conds, sql` AND `)}`.execute(db);
  return rows.map((r) => ({
    agencyId: r.agency_id ?? null,
    agencyCode: r.agency_code ?? null,
    agencyName: r.agency_name ?? null,
    status: r.status as FeedbackStatus,
    topic: (r.topic ?? null) as Topic | null,
    channel: r.channel as Channel,
    closeReason: (r.close_reason ?? null) as CloseReason | null,
    handleDueAt: r.handle_due_at ?? null,
    answeredAt: r.answered_at ?? null,
    followUpAt: r.follow_up_at ?? null,
  }));
}

// ---- Open311 keys, notifications, recipients ----------------------------------------------------------------------

export async function findApiKey(db: Executor, keyHash: string): Promise<{ id: string; name: string } | null> {
  const { rows } = await sql<
    Pick<TableRow<'open311_api_key'>, 'id' | 'name'>
  >`SELECT id, name FROM open311_api_key WHERE key_hash = ${keyHash} AND active`.execute(db);
  return rows[0] ?? null;
}

export async function touchApiKey(db: Executor, id: string): Promise<void> {
  await sql`UPDATE open311_api_key SET last_used_at = now() WHERE id = ${id}`.execute(db);
}

export async function insertApiKey(tx: Executor, keyHash: string, name: string): Promise<string> {
  const { rows } = await sql<{
    id: string;
  }>`INSERT INTO open311_api_key (key_hash, name) VALUES (${keyHash}, ${name}) ON CONFLICT (key_hash) DO NOTHING RETURNING id`.execute(tx);
  return rows[0]?.id ?? '';
}

export async function listApiKeys(db: Executor): Promise<{ id: string; name: string; active: boolean; createdAt: Date; lastUsedAt: Date | null }[]> {
  const { rows } = await sql<
    Pick<TableRow<'open311_api_key'>, 'id' | 'name' | 'active' | 'created_at' | 'last_used_at'>
  >`SELECT id, name, active, created_at, last_used_at FROM open311_api_key ORDER BY created_at`.execute(db);
  return rows.map((r) => ({ id: r.id, name: r.name, active: r.active, createdAt: r.created_at, lastUsedAt: r.last_used_at ?? null }));
}

export async function setApiKeyActive(tx: Executor, id: string, active: boolean): Promise<boolean> {
  const r = await sql`UPDATE open311_api_key SET active = ${active} WHERE id = ${id}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function insertNotification(
  db: Executor,
  n: { outboxId: number; feedbackId: string; event: string; channel: 'sms' | 'email' | 'staff'; recipient: string; subject: string; body: string },
): Promise<void> {
  await sql`INSERT INTO feedback_notification (outbox_id, feedback_id, event, channel, recipient, subject, body)
    VALUES (${n.outboxId}, ${n.feedbackId}, ${n.event}, ${n.channel}, ${n.recipient}, ${n.subject}, ${n.body})
    ON CONFLICT (outbox_id, channel, recipient) DO NOTHING`.execute(db);
}

export async function listNotifications(
  db: Executor,
  feedbackId: string,
): Promise<{ event: string; channel: string; recipient: string; subject: string; body: string; createdAt: Date }[]> {
  const { rows } = await sql<
    Pick<TableRow<'feedback_notification'>, 'event' | 'channel' | 'recipient' | 'subject' | 'body' | 'created_at'>
  >`SELECT event, channel, recipient, subject, body, created_at FROM feedback_notification WHERE feedback_id = ${feedbackId} ORDER BY id`.execute(db);
  return rows.map((r) => ({ event: r.event, channel: r.channel, recipient: r.recipient, subject: r.subject, body: r.body, createdAt: r.created_at }));
}

/** Active staff accounts of an agency holding one of the roles (e.g. its leaders, for escalation). */
export async function staffOf(db: Executor, agencyId: string, roles: string[]): Promise<{ id: string; username: string }[]> {
  const { rows } = await sql<
    Pick<TableRow<'app_user'>, 'id' | 'username'>
  >`SELECT id, username FROM app_user WHERE agency_id = ${agencyId} AND active AND roles && ${roles}::text[] ORDER BY username`.execute(db);
  return rows;
}

/** The agency of the province that receives feedback sent to the province (Văn phòng UBND tỉnh). */
export async function provincialOfficeAgency(db: Executor): Promise<string | null> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM agency WHERE kind = 'provincial_office' AND valid_to IS NULL ORDER BY code LIMIT 1`.execute(db);
  return rows[0]?.id ?? null;
}

export async function agencyExists(db: Executor, id: string): Promise<{ id: string; current: boolean } | null> {
  const { rows } = await sql<Pick<TableRow<'agency'>, 'id' | 'valid_to'>>`SELECT id, valid_to FROM agency WHERE id = ${id}`.execute(db);
  return rows.length ? { id: rows[0].id, current: rows[0].valid_to === null } : null;
}

/**
 * Feedback overdue now (direction centre, issue 21), at the stage it is in: classification
 * (received, classify_due_at passed; the receiving agency answers for it), handling (forwarded,
 * handle_due_at passed; the handling agency) or publication (answered, publish_due_at passed).
 */
export async function overdueFeedbackItems(
  db: Executor,
  q: { now: Date; agencyIds: string[] | null; limit: number },
): Promise<{ id: string; code: string; title: string; stage: 'classify' | 'handle' | 'publish'; dueAt: Date; agencyId: string; agencyName: string }[]> {
  const scope = q.agencyIds === null ? sql`true` : sql`x.agency_id = ANY(${q.agencyIds}::uuid[])`;
  const { rows } = await sql<
    Pick<TableRow<'feedback'>, 'id' | 'code' | 'title'> & {
      stage: 'classify' | 'handle' | 'publish';
      due_at: TableRow<'feedback'>['classify_due_at'];
      agency_id: TableRow<'feedback'>['receiving_agency_id'];
      agency_name: AgencyRef['name'];
    }
  >`
    SELECT x.*, a.name AS agency_name FROM (
      SELECT f.id, f.code, f.title,
        CASE f.status WHEN 'received' THEN 'classify' WHEN 'forwarded' THEN 'handle' ELSE 'publish' END AS stage,
        CASE f.status WHEN 'received' THEN f.classify_due_at WHEN 'forwarded' THEN f.handle_due_at ELSE f.publish_due_at END AS due_at,
        CASE f.status WHEN 'received' THEN f.receiving_agency_id ELSE coalesce(f.agency_id, f.receiving_agency_id) END AS agency_id
      FROM feedback f WHERE f.status IN ('received', 'forwarded', 'answered')) x
    JOIN agency a ON a.id = x.agency_id
    WHERE x.due_at < ${q.now} AND ${scope}
    ORDER BY x.due_at, x.id
    LIMIT ${q.limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    stage: r.stage,
    dueAt: r.due_at,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
  }));
}
