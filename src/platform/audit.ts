import { sql, type RawBuilder } from 'kysely';
import { Type } from 'typebox';
import type { Executor, TableRow } from './db/database.js';
import type { RequestContext } from './context.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  /** What changed: field names with before/after, or a short description. Never passwords. */
  summary?: Record<string, unknown>;
}

/**
 * The INSERT of one audit row, for a caller that writes it together with other rows (see
 * write-together.ts); with `onlyIf`, the row is written only when that condition holds.
 *
 * The row's time and actor are not inserted by us: a trigger (migration
 * 002_audit_time_and_actor_from_session.sql) stamps `at` with the database's now() and copies the
 * actor from the transaction-local setting `motcua.actor`, which this same statement sets first
 * (the FROM subquery is evaluated before the row is produced, so before the trigger runs).
 */
export function auditInsert(ctx: RequestContext, e: AuditEntry, onlyIf?: RawBuilder<unknown>): RawBuilder<unknown> {
  const a = ctx.actor;
  const actor = JSON.stringify(
    a
      ? { id: a.id, username: a.username, roles: a.roles.join(','), agencyId: a.agencyId ?? null }
      : { id: null, username: 'system', roles: null, agencyId: null },
  );
  return sql`INSERT INTO audit_log (action, entity, entity_id, request_id, ip, summary)
    SELECT ${e.action}, ${e.entity}, ${e.entityId ?? null}, ${ctx.requestId}, ${ctx.ip}, ${JSON.stringify(e.summary ?? {})}::jsonb
    FROM (SELECT set_config('motcua.actor', ${actor}, true)) AS actor_setting${onlyIf ? sql` WHERE ${onlyIf}` : sql``}`;
}

/** Appends one audit row in the caller's transaction (so it commits or rolls back with the change). */
export async function recordAudit(tx: Executor, ctx: RequestContext, e: AuditEntry): Promise<void> {
  await auditInsert(ctx, e).execute(tx);
}

/** Field-by-field diff for the audit summary; secrets are never included. */
export function diffForAudit(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  secret: string[] = ['password', 'passwordHash', 'password_hash'],
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(after)) {
    if (secret.includes(k)) {
      if (after[k] !== undefined) out[k] = { from: '***', to: '***' };
      continue;
    }
    if (after[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { from: before[k] ?? null, to: after[k] };
  }
  return out;
}

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface AuditRow {
  id: string;
  at: string;
  actorUsername: string | null;
  /** The actor's full name (null for system actors). */
  actorName: string | null;
  role: string | null;
  agencyId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  requestId: string | null;
  ip: string | null;
  summary: Record<string, unknown>;
}

const NullableString = Type.Union([Type.String(), Type.Null()]);
/** GET /api/v1/audit's body (AuditRow as documented in /openapi.json). */
export const AuditPage = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      actorUsername: NullableString,
      actorName: NullableString,
      role: NullableString,
      agencyId: NullableString,
      action: Type.String(),
      entity: Type.String(),
      entityId: NullableString,
      requestId: NullableString,
      ip: NullableString,
      summary: Type.Record(Type.String(), Type.Unknown(), { description: 'Tóm tắt thay đổi (tùy hành động)' }),
    }),
  ),
  total: Type.Integer(),
});

export async function searchAudit(db: Executor, q: AuditQuery): Promise<{ items: AuditRow[]; total: number }> {
  const where = sql.join(
    [
      sql`true`,
      ...(q.entity ? [sql`entity = ${q.entity}`] : []),
      ...(q.entityId ? [sql`entity_id = ${q.entityId}`] : []),
      ...(q.actor ? [sql`actor_username = ${q.actor}`] : []),
      ...(q.action ? [sql`action = ${q.action}`] : []),
      ...(q.from ? [sql`at >= ${q.from}::timestamptz`] : []),
      ...(q.to ? [sql`at <= ${q.to}::timestamptz`] : []),
    ],
    sql` AND `,
  );
  // The actor's full name (app_user) for the audit screen, which shows people by name.
  const { rows } = await sql<
    TableRow<'audit_log'> & { actor_name: TableRow<'app_user'>['full_name'] | null; total_count: number }
  >`SELECT l.*, u.full_name AS actor_name, count(*) OVER () AS total_count
    FROM (SELECT id, at, actor_id, actor_username, role, agency_id, action, entity, entity_id, request_id, ip, summary, db_role FROM audit_log WHERE ${where}) l LEFT JOIN app_user u ON u.id = l.actor_id ORDER BY l.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(
    db,
  );
  const total = rows.length ? rows[0].total_count : (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`.execute(db)).rows[0].n;
  return {
    total,
    items: rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actorUsername: r.actor_username,
      actorName: r.actor_name,
      role: r.role,
      agencyId: r.agency_id,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      requestId: r.request_id,
      ip: r.ip,
      summary: (r.summary as Record<string, unknown> | null) ?? {},
    })),
  };
}
