import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { Role } from '../../platform/context.js';
import type { Agency, AgencyKind, StaffUser, Unit } from './org.schemas.js';

/** An admin_unit row as read, with the ids of its successors (typed from the generated schema). */
type UnitRow = Pick<TableRow<'admin_unit'>, 'id' | 'code' | 'name' | 'full_name' | 'name_en' | 'level' | 'kind' | 'parent_code' | 'valid_from' | 'valid_to'> & {
  successor_ids: string[] | null;
};
/** An agency row as read, with the ids of its successors. */
type AgencyRow = Pick<
  TableRow<'agency'>,
  'id' | 'code' | 'name' | 'short_name' | 'kind' | 'parent_id' | 'unit_code' | 'valid_from' | 'valid_to' | 'code_verified' | 'tax_code' | 'version'
> & { successor_ids: string[] | null };
/** An app_user row as read, with its agency's code and name (LEFT JOIN: null without an agency). */
type UserRow = Pick<TableRow<'app_user'>, 'id' | 'username' | 'full_name' | 'kind' | 'agency_id' | 'roles' | 'active'> & {
  agency_code: TableRow<'agency'>['code'] | null;
  agency_name: TableRow<'agency'>['name'] | null;
};
type Total = { total_count: number };

export interface UnitInsert {
  code: string;
  level: 'province' | 'district' | 'commune';
  name: string;
  fullName: string;
  nameEn: string | null;
  kind: string;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
  nameKey: string;
}

export async function insertUnits(tx: Executor, units: UnitInsert[]): Promise<void> {
  for (let i = 0; i < units.length; i += 500) {
    const chunk = units.slice(i, i + 500);
    const values = sql.join(
      chunk.map(
        (u) =>
          sql`(${u.code}, ${u.level}, ${u.name}, ${u.fullName}, ${u.nameEn}, ${u.kind}, ${u.parentCode}, ${u.validFrom}::date, ${u.validTo}::date, ${u.nameKey})`,
      ),
    );
    await sql`INSERT INTO admin_unit (code, level, name, full_name, name_en, kind, parent_code, valid_from, valid_to, name_key) VALUES ${values}
      ON CONFLICT (level, code, valid_from) DO NOTHING`.execute(tx);
  }
}

export async function countUnits(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM admin_unit`.execute(db);
  return rows[0].n;
}

const toUnit = (r: UnitRow): Unit => ({
  id: r.id,
  code: r.code,
  name: r.name,
  fullName: r.full_name,
  nameEn: r.name_en ?? null,
  level: r.level,
  kind: r.kind,
  parentCode: r.parent_code ?? null,
  validFrom: r.valid_from,
  validTo: r.valid_to ?? null,
  successorIds: r.successor_ids ?? [],
});

export interface UnitQuery {
  q?: string;
  level?: string;
  parentCode?: string;
  at?: string;
  limit: number;
  offset: number;
}

export async function listUnits(db: Executor, q: UnitQuery): Promise<{ items: Unit[]; total: number }> {
  const conds = [sql`true`];
  if (q.level) conds.push(sql`u.level = ${q.level}`);
  if (q.parentCode) conds.push(sql`u.parent_code = ${q.parentCode}`);
  if (q.at) conds.push(sql`u.valid_from <= ${q.at}::date AND (u.valid_to IS NULL OR u.valid_to >= ${q.at}::date)`);
  if (q.q) conds.push(sql`(u.search_key LIKE '%' || f_search_key(${q.q}) || '%' OR u.code = ${q.q})`);
  const where = sql.join(conds, sql` AND `);
  const { rows } = await sql<
    UnitRow & Total
  >`SELECT u.id, u.code, u.level, u.name, u.full_name, u.name_en, u.kind, u.parent_code, u.valid_from, u.valid_to, u.name_key, u.search_key, count(*) OVER () AS total_count,
      (SELECT array_agg(s.successor_id::text) FROM admin_unit_succession s WHERE s.predecessor_id = u.id) AS successor_ids
    FROM admin_unit u WHERE ${where} ORDER BY u.level, u.code LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { items: rows.map(toUnit), total: rows.length ? rows[0].total_count : 0 };
}

export async function findUnits(db: Executor, where: { nameKey?: string; code?: string; level?: string }): Promise<Unit[]> {
  const conds = [sql`true`];
  if (where.nameKey) conds.push(sql`u.name_key = ${where.nameKey}`);
  if (where.code) conds.push(sql`u.code = ${where.code}`);
  if (where.level) conds.push(sql`u.level = ${where.level}`);
  const { rows } =
    await sql<UnitRow>`SELECT u.id, u.code, u.level, u.name, u.full_name, u.name_en, u.kind, u.parent_code, u.valid_from, u.valid_to, u.name_key, u.search_key, (SELECT array_agg(s.successor_id::text) FROM admin_unit_succession s WHERE s.predecessor_id = u.id) AS successor_ids
    FROM admin_unit u WHERE ${sql.join(conds, sql` AND `)} ORDER BY u.valid_from DESC`.execute(db);
  return rows.map(toUnit);
}

export async function getUnitById(db: Executor, id: string): Promise<Unit | null> {
  const { rows } =
    await sql<UnitRow>`SELECT u.id, u.code, u.level, u.name, u.full_name, u.name_en, u.kind, u.parent_code, u.valid_from, u.valid_to, u.name_key, u.search_key, (SELECT array_agg(s.successor_id::text) FROM admin_unit_succession s WHERE s.predecessor_id = u.id) AS successor_ids
    FROM admin_unit u WHERE u.id = ${id}`.execute(db);
  return rows.length ? toUnit(rows[0]) : null;
}

export async function linkUnits(tx: Executor, predecessorId: string, successorId: string, effectiveDate: string, note: string | null): Promise<void> {
  await sql`INSERT INTO admin_unit_succession (predecessor_id, successor_id, effective_date, note) VALUES (${predecessorId}, ${successorId}, ${effectiveDate}::date, ${note})
    ON CONFLICT DO NOTHING`.execute(tx);
}

// ---- agencies -------------------------------------------------------------------------------

const AGENCY_SELECT = sql`SELECT a.id, a.code, a.name, a.short_name, a.kind, a.parent_id, a.unit_code, a.valid_from, a.valid_to, a.code_verified, a.name_key, a.short_name_key, a.search_key, a.version, a.created_at, a.updated_at, a.tax_code, (SELECT array_agg(s.successor_id::text ORDER BY s.ordinal) FROM agency_succession s WHERE s.predecessor_id = a.id) AS successor_ids FROM agency a`;

const toAgency = (r: AgencyRow): Agency => ({
  id: r.id,
  code: r.code,
  name: r.name,
  shortName: r.short_name,
  kind: r.kind as AgencyKind, // text column; written only from AgencyKind values
  parentId: r.parent_id ?? null,
  unitCode: r.unit_code,
  validFrom: r.valid_from,
  validTo: r.valid_to ?? null,
  codeVerified: r.code_verified,
  taxCode: r.tax_code ?? null,
  successorIds: r.successor_ids ?? [],
  version: r.version,
});

export interface AgencyInsert {
  code: string;
  name: string;
  shortName: string;
  kind: AgencyKind;
  parentId: string | null;
  unitCode: string;
  validFrom: string;
  validTo: string | null;
  codeVerified: boolean;
  nameKey: string;
  shortNameKey: string;
  /** Only set by an update (an administrator enters it). */
  taxCode?: string | null;
}

export async function insertAgency(tx: Executor, a: AgencyInsert): Promise<string> {
  const { rows } = await sql<{
    id: string;
  }>`INSERT INTO agency (code, name, short_name, kind, parent_id, unit_code, valid_from, valid_to, code_verified, name_key, short_name_key)
    VALUES (${a.code}, ${a.name}, ${a.shortName}, ${a.kind}, ${a.parentId}, ${a.unitCode}, ${a.validFrom}::date, ${a.validTo}::date, ${a.codeVerified}, ${a.nameKey}, ${a.shortNameKey})
    RETURNING id`.execute(tx);
  return rows[0].id;
}

export async function updateAgency(tx: Executor, id: string, a: Partial<AgencyInsert>, expectedVersion?: number): Promise<boolean> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  if (a.code !== undefined) sets.push(sql`code = ${a.code}`);
  if (a.name !== undefined) sets.push(sql`name = ${a.name}`);
  if (a.nameKey !== undefined) sets.push(sql`name_key = ${a.nameKey}`);
  if (a.shortName !== undefined) sets.push(sql`short_name = ${a.shortName}`);
  if (a.shortNameKey !== undefined) sets.push(sql`short_name_key = ${a.shortNameKey}`);
  if (a.kind !== undefined) sets.push(sql`kind = ${a.kind}`);
  if (a.parentId !== undefined) sets.push(sql`parent_id = ${a.parentId}`);
  if (a.unitCode !== undefined) sets.push(sql`unit_code = ${a.unitCode}`);
  if (a.validTo !== undefined) sets.push(sql`valid_to = ${a.validTo}::date`);
  if (a.taxCode !== undefined) sets.push(sql`tax_code = ${a.taxCode}`);
  const versionCond = expectedVersion !== undefined ? sql`AND version = ${expectedVersion}` : sql``;
  const r = await sql`UPDATE agency SET ${sql.join(sets)} WHERE id = ${id} ${versionCond}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function getAgency(db: Executor, id: string): Promise<Agency | null> {
  const { rows } = await sql<AgencyRow>`${AGENCY_SELECT} WHERE a.id = ${id}`.execute(db);
  return rows.length ? toAgency(rows[0]) : null;
}

export async function getAgencyByCode(db: Executor, code: string): Promise<Agency | null> {
  const { rows } = await sql<AgencyRow>`${AGENCY_SELECT} WHERE a.code = ${code}`.execute(db);
  return rows.length ? toAgency(rows[0]) : null;
}

export async function listAgencies(
  db: Executor,
  q: { q?: string; kind?: string; parentId?: string; current?: boolean; limit: number; offset: number },
): Promise<{ items: Agency[]; total: number }> {
  const conds = [sql`true`];
  if (q.q) conds.push(sql`(a.search_key LIKE '%' || f_search_key(${q.q}) || '%' OR a.code = ${q.q})`);
  if (q.kind) conds.push(sql`a.kind = ${q.kind}`);
  if (q.parentId) conds.push(sql`a.parent_id = ${q.parentId}`);
  if (q.current) conds.push(sql`a.valid_to IS NULL`);
  const { rows } = await sql<AgencyRow & Total>`SELECT x.*, count(*) OVER () AS total_count FROM (${AGENCY_SELECT} WHERE ${sql.join(conds, sql` AND `)}) x
    ORDER BY (x.valid_to IS NOT NULL), x.code LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { items: rows.map(toAgency), total: rows.length ? rows[0].total_count : 0 };
}

export async function findAgenciesByNameKey(db: Executor, nameKey: string): Promise<Agency[]> {
  const { rows } = await sql<AgencyRow>`${AGENCY_SELECT} WHERE a.name_key = ${nameKey} OR a.short_name_key = ${nameKey} ORDER BY a.valid_from DESC`.execute(db);
  return rows.map(toAgency);
}

export async function setAgencySuccessors(
  tx: Executor,
  predecessorId: string,
  successorIds: string[],
  effectiveDate: string,
  note: string | null,
): Promise<void> {
  await sql`DELETE FROM agency_succession WHERE predecessor_id = ${predecessorId}`.execute(tx);
  for (const [i, s] of successorIds.entries()) {
    await sql`INSERT INTO agency_succession (predecessor_id, successor_id, effective_date, ordinal, note) VALUES (${predecessorId}, ${s}, ${effectiveDate}::date, ${i}, ${note})`.execute(
      tx,
    );
  }
}

/** The ids of an agency and all its descendants. */
export async function agencySubtree(db: Executor, rootId: string): Promise<string[]> {
  const { rows } = await sql<{
    id: string;
  }>`WITH RECURSIVE t(id) AS (SELECT ${rootId}::uuid UNION SELECT a.id FROM agency a JOIN t ON a.parent_id = t.id) SELECT id::text AS id FROM t`.execute(db);
  return rows.map((r) => r.id);
}

/** Whether `ancestorId` is `id` or one of its ancestors (used to refuse cycles). */
export async function isAncestorOrSelf(db: Executor, ancestorId: string, id: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM agency WHERE id = ${id}::uuid
      UNION SELECT a.id, a.parent_id FROM agency a JOIN up ON a.id = up.parent_id) SELECT id::text AS id FROM up WHERE id = ${ancestorId}::uuid`.execute(db);
  return rows.length > 0;
}

// ---- staff accounts -------------------------------------------------------------------------

const toStaff = (r: UserRow): StaffUser => ({
  id: r.id,
  username: r.username,
  fullName: r.full_name,
  kind: r.kind,
  // agency_id is a foreign key to agency: with an agency id the LEFT JOIN found its row
  agency: r.agency_id ? { id: r.agency_id, code: r.agency_code!, name: r.agency_name! } : null,
  roles: r.roles as Role[], // text[] column; written only from Role values
  active: r.active,
});

const USER_SELECT = sql`SELECT u.id, u.username, u.full_name, u.kind, u.agency_id, u.roles, u.active, a.code AS agency_code, a.name AS agency_name
  FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id`;

export async function listUsers(
  db: Executor,
  q: { q?: string; agencyIds?: string[] | null; kind?: string; limit: number; offset: number },
): Promise<{ items: StaffUser[]; total: number }> {
  const conds = [sql`true`];
  if (q.q) conds.push(sql`(f_search_key(u.full_name) LIKE '%' || f_search_key(${q.q}) || '%' OR lower(u.username) LIKE '%' || lower(${q.q}) || '%')`);
  if (q.agencyIds) conds.push(sql`u.agency_id = ANY(${q.agencyIds}::uuid[])`);
  if (q.kind) conds.push(sql`u.kind = ${q.kind}`);
  const { rows } = await sql<UserRow & Total>`SELECT x.*, count(*) OVER () AS total_count FROM (${USER_SELECT} WHERE ${sql.join(conds, sql` AND `)}) x
    ORDER BY x.username LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { items: rows.map(toStaff), total: rows.length ? rows[0].total_count : 0 };
}

export async function getUser(db: Executor, id: string): Promise<StaffUser | null> {
  const { rows } = await sql<UserRow>`${USER_SELECT} WHERE u.id = ${id}`.execute(db);
  return rows.length ? toStaff(rows[0]) : null;
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM app_user WHERE lower(username) = lower(${username})`.execute(db);
  return rows.length > 0;
}

export async function insertUser(
  tx: Executor,
  u: {
    username: string;
    fullName: string;
    kind: 'staff' | 'citizen';
    passwordHash: string;
    agencyId: string | null;
    roles: Role[];
    personalId?: string | null;
  },
): Promise<string> {
  const { rows } = await sql<{ id: string }>`INSERT INTO app_user (username, full_name, kind, password_hash, agency_id, roles, personal_id)
    VALUES (${u.username}, ${u.fullName}, ${u.kind}, ${u.passwordHash}, ${u.agencyId}, ${u.roles}::text[], ${u.personalId ?? null}) RETURNING id`.execute(tx);
  return rows[0].id;
}

export async function updateUser(
  tx: Executor,
  id: string,
  u: { fullName?: string; passwordHash?: string; agencyId?: string | null; roles?: Role[]; active?: boolean },
): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (u.fullName !== undefined) sets.push(sql`full_name = ${u.fullName}`);
  if (u.passwordHash !== undefined) sets.push(sql`password_hash = ${u.passwordHash}`);
  if (u.agencyId !== undefined) sets.push(sql`agency_id = ${u.agencyId}`);
  if (u.roles !== undefined) sets.push(sql`roles = ${u.roles}::text[]`);
  if (u.active !== undefined) sets.push(sql`active = ${u.active}`);
  await sql`UPDATE app_user SET ${sql.join(sets)} WHERE id = ${id}`.execute(tx);
  if (u.active === false || u.passwordHash !== undefined) {
    await sql`UPDATE user_session SET revoked_at = now() WHERE user_id = ${id} AND revoked_at IS NULL`.execute(tx);
  }
}
