/**
 * Database errors recognised by their SQLSTATE (and constraint name), never by message text: the
 * message depends on the server's language (lc_messages) and version; the code does not. pg and
 * PGlite both throw errors carrying `code` and `constraint` (PostgreSQL's error fields).
 */

/** SQLSTATE unique_violation. */
export const UNIQUE_VIOLATION = '23505';

interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
}

/** True when err is a unique violation (of `constraint`, when given: e.g. 'idempotency_key_pkey'). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as PgErrorFields;
  return e.code === UNIQUE_VIOLATION && (constraint === undefined || e.constraint === constraint);
}
