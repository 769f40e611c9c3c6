import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './db/database.js';
import { conflict } from './errors.js';

/**
 * Idempotency keys (header `Idempotency-Key`): the first response to (scope, key) is stored in the
 * same transaction as the change; a repeat with the same body gets that response back, and a
 * repeat with a different body is a 409.
 */
export interface StoredResponse<T> {
  status: number;
  body: T;
}

export const requestHash = (body: unknown): string => createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');

export async function findIdempotent<T>(tx: Executor, scope: string, key: string, hash: string): Promise<StoredResponse<T> | null> {
  const { rows } = await sql<{ request_hash: string; status: number; response: T }>`SELECT request_hash, status, response FROM idempotency_key WHERE scope = ${scope} AND key = ${key}`.execute(tx);
  if (!rows.length) return null;
  if (rows[0].request_hash !== hash) {
    throw conflict('idempotency_key_reused', 'Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.');
  }
  return { status: rows[0].status, body: rows[0].response };
}

/**
 * The INSERT that keeps the first response, for a caller that writes it together with the change
 * (see write-together.ts); with `onlyIf`, it is written only when that condition holds.
 */
export function idempotencyInsert(scope: string, key: string, hash: string, res: StoredResponse<unknown>, onlyIf?: RawBuilder<unknown>): RawBuilder<unknown> {
  const into = sql`INSERT INTO idempotency_key (scope, key, request_hash, status, response)`;
  const values = sql`${scope}, ${key}, ${hash}, ${res.status}, ${JSON.stringify(res.body)}::jsonb`;
  return onlyIf ? sql`${into} SELECT ${values} WHERE ${onlyIf}` : sql`${into} VALUES (${values})`;
}

export async function saveIdempotent(tx: Executor, scope: string, key: string, hash: string, res: StoredResponse<unknown>): Promise<void> {
  await idempotencyInsert(scope, key, hash, res).execute(tx);
}

