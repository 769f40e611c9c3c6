import { sql } from 'kysely';
import type { Executor, TableRow } from '../db/database.js';
import type { Actor, Role } from '../context.js';
import type { ThrottleState } from './throttle.rules.js';

export interface UserRecord {
  id: string;
  username: string;
  fullName: string;
  kind: 'staff' | 'citizen';
  passwordHash: string;
  agencyId: string | null;
  roles: Role[];
  active: boolean;
}

type UserRow = TableRow<'app_user'>;

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  fullName: r.full_name,
  kind: r.kind as UserRecord['kind'],
  passwordHash: r.password_hash,
  agencyId: r.agency_id ?? null,
  roles: (r.roles as Role[]) ?? [],
  active: r.active,
});

/** The user and agency columns `actorForSession` reads. */
type ActorRow = Pick<UserRow, 'id' | 'username' | 'full_name' | 'kind' | 'roles' | 'agency_id'> & {
  agency_code: TableRow<'agency'>['code'] | null;
  agency_name: TableRow<'agency'>['name'] | null;
};

export async function findUserByUsername(db: Executor, username: string): Promise<UserRecord | null> {
  const { rows } =
    await sql<UserRow>`SELECT id, username, full_name, kind, password_hash, agency_id, roles, active, personal_id, email, phone, created_at, updated_at FROM app_user WHERE lower(username) = lower(${username})`.execute(
      db,
    );
  return rows.length ? toUser(rows[0]) : null;
}

export async function createSession(db: Executor, userId: string, expiresAt: Date, ip: string | null, userAgent: string | null): Promise<string> {
  const { rows } = await sql<
    Pick<TableRow<'user_session'>, 'id'>
  >`INSERT INTO user_session (user_id, expires_at, ip, user_agent) VALUES (${userId}, ${expiresAt}, ${ip}, ${userAgent}) RETURNING id`.execute(db);
  return rows[0].id;
}

export async function revokeSession(db: Executor, sessionId: string): Promise<void> {
  await sql`UPDATE user_session SET revoked_at = now() WHERE id = ${sessionId} AND revoked_at IS NULL`.execute(db);
}

/** The actor behind a live session, with the agency it belongs to (null when revoked/expired/inactive). */
export async function actorForSession(db: Executor, sessionId: string): Promise<Actor | null> {
  const { rows } = await sql<ActorRow>`
    SELECT u.id, u.username, u.full_name, u.kind, u.roles, u.agency_id, a.code AS agency_code, a.name AS agency_name
    FROM user_session s JOIN app_user u ON u.id = s.user_id LEFT JOIN agency a ON a.id = u.agency_id
    WHERE s.id = ${sessionId} AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    kind: r.kind as Actor['kind'],
    roles: r.roles as Role[],
    agencyId: r.agency_id ?? null,
    agency: r.agency_id && r.agency_code !== null && r.agency_name !== null ? { id: r.agency_id, code: r.agency_code, name: r.agency_name } : null,
    sessionId,
  };
}

/** The throttle counters under these keys (absent keys are missing from the map), in one statement. */
export async function getThrottles(db: Executor, keys: string[]): Promise<Map<string, ThrottleState>> {
  const { rows } = await sql<
    Pick<TableRow<'login_throttle'>, 'key' | 'failures' | 'last_failure_at'>
  >`SELECT key, failures, last_failure_at FROM login_throttle WHERE key IN (${sql.join(keys)})`.execute(db);
  return new Map(rows.map((r) => [r.key, { failures: r.failures, lastFailureAt: r.last_failure_at }]));
}

export async function saveThrottle(db: Executor, key: string, s: ThrottleState): Promise<void> {
  await sql`INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (${key}, ${s.failures}, ${s.lastFailureAt})
    ON CONFLICT (key) DO UPDATE SET failures = EXCLUDED.failures, last_failure_at = EXCLUDED.last_failure_at`.execute(db);
}

export async function clearThrottle(db: Executor, key: string): Promise<void> {
  await sql`DELETE FROM login_throttle WHERE key = ${key}`.execute(db);
}

export async function getSetting(db: Executor, key: string): Promise<string | null> {
  const { rows } = await sql<Pick<TableRow<'app_setting'>, 'value'>>`SELECT value FROM app_setting WHERE key = ${key}`.execute(db);
  return rows[0]?.value ?? null;
}

/** Inserts the setting unless present; returns the value now stored (race-safe across processes). */
export async function ensureSetting(db: Executor, key: string, value: string): Promise<string> {
  await sql`INSERT INTO app_setting (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO NOTHING`.execute(db);
  return (await getSetting(db, key))!;
}
