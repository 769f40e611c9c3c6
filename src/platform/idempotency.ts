import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Database, Executor } from './db/database.js';
import { badRequest, conflict } from './errors.js';

/**
 * Idempotency keys (header `Idempotency-Key`), one behaviour for every write that takes one:
 *
 * - the key is scoped by operation and principal: `scope = "<operation>:<principal>"` (the user, or
 *   the kiosk device; `anonymous` without a login), so two users never see each other's answers;
 * - the request is fingerprinted (`request`: SHA-256 of its JSON; callers include the path ids, so
 *   the same key on another resource is a different request);
 * - same scope + key + same request → the FIRST response (status and body), without running the
 *   operation again, with `replayed: true` (routes send `idempotent-replayed: true`);
 * - same scope + key + a different request → 409 `idempotency_key_reused`;
 * - the response is stored in the same transaction as the change, so it exists exactly when the
 *   change does; an error stores nothing (a retry after an error runs again);
 * - two requests with one key at the same moment: the loser's INSERT hits the primary key
 *   (SQLSTATE 23505 on `idempotency_key_pkey`), its transaction rolls back, and it answers with the
 *   winner's response (replayed).
 *
 * Two ways to store, one behaviour:
 * - `withIdempotency(database, req, run)`: the wrapper opens the transaction, replays or runs
 *   `run(tx)`, stores its `{ status, body }`, and retries once on a race. Every module uses it.
 * - the write-together form for hot paths that write their change as ONE statement without a
 *   transaction (dossier intake and transitions, write-together.ts): `idempotencyClaim(req)`, then
 *   `replay(db, claim)` before the work, `idempotencyInsert(claim, response, onlyIf)` as a part of
 *   the statement, and `raceWinner(db, claim, err)` when it fails.
 * Records are erased after the retention period (citizens.privacy: `idempotency`).
 */
export interface StoredResponse<T> {
  status: number;
  body: T;
}

/** A response, and whether it is the stored answer to an earlier request with the same key. */
export interface IdempotentResponse<T> extends StoredResponse<T> {
  replayed: boolean;
}

/** What identifies one idempotent request. */
export interface IdempotentRequest {
  /** The operation, e.g. `reports.submit` (part of the scope). */
  operation: string;
  /** Who asks: the user id (or the kiosk device id); null → `anonymous`. */
  principal: string | null | undefined;
  /** The Idempotency-Key header; without one the operation simply runs. */
  key: string | null | undefined;
  /** What is asked: body and path ids (fingerprinted). */
  request: unknown;
}

/** A request that carries a key: where its record lives and its fingerprint. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  hash: string;
}

/** The transaction `run` receives (the one Database.transaction opens). */
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export const requestHash = (body: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');

export const idempotencyScope = (operation: string, principal: string | null | undefined): string => `${operation}:${principal ?? 'anonymous'}`;

/** The claim of a request, or null when it has no key (nothing to store or replay). */
export function idempotencyClaim(req: IdempotentRequest): IdempotencyClaim | null {
  if (!req.key) return null;
  return { scope: idempotencyScope(req.operation, req.principal), key: req.key, hash: requestHash(req.request) };
}

/** The stored response of an earlier request with this key, or null; a different request with it is a 409. */
export async function replay<T>(x: Executor, claim: IdempotencyClaim | null): Promise<IdempotentResponse<T> | null> {
  if (!claim) return null;
  const { rows } = await sql<{
    request_hash: string;
    status: number;
    response: T;
  }>`SELECT request_hash, status, response FROM idempotency_key WHERE scope = ${claim.scope} AND key = ${claim.key}`.execute(x);
  if (!rows.length) return null;
  if (rows[0].request_hash !== claim.hash) {
    throw conflict('idempotency_key_reused', 'Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.');
  }
  return { status: rows[0].status, body: rows[0].response, replayed: true };
}

/**
 * The INSERT that keeps the first response, for a caller that writes it together with the change
 * (see write-together.ts); with `onlyIf`, it is written only when that condition holds.
 */
export function idempotencyInsert(claim: IdempotencyClaim, res: StoredResponse<unknown>, onlyIf?: RawBuilder<unknown>): RawBuilder<unknown> {
  const into = sql`INSERT INTO idempotency_key (scope, key, request_hash, status, response)`;
  const values = sql`${claim.scope}, ${claim.key}, ${claim.hash}, ${res.status}, ${JSON.stringify(res.body ?? null)}::jsonb`;
  return onlyIf ? sql`${into} SELECT ${values} WHERE ${onlyIf}` : sql`${into} VALUES (${values})`;
}

/** Did this error come from two requests storing one key at once (unique violation on the key's primary key)? */
export function isIdempotencyRace(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'idempotency_key_pkey';
}

/** After a failed write: the response of the request with the same key that got there first, or null. */
export async function raceWinner<T>(x: Executor, claim: IdempotencyClaim | null, err: unknown): Promise<IdempotentResponse<T> | null> {
  if (!claim || !isIdempotencyRace(err)) return null;
  return replay<T>(x, claim);
}

/**
 * Runs `run` in one transaction under the request's idempotency key (see the top of this file):
 * replays the first response, refuses a reused key with another request, stores the response with
 * the change, and answers a lost race with the winner's response.
 */
export async function withIdempotency<T>(
  database: Database,
  req: IdempotentRequest | IdempotencyClaim | null,
  run: (tx: Tx) => Promise<StoredResponse<T>>,
): Promise<IdempotentResponse<T>> {
  const claim = req && 'operation' in req ? idempotencyClaim(req) : req;
  const attempt = () =>
    database.transaction(async (tx): Promise<IdempotentResponse<T>> => {
      const prior = await replay<T>(tx, claim);
      if (prior) return prior;
      const res = await run(tx);
      if (claim) await idempotencyInsert(claim, res).execute(tx);
      return { status: res.status, body: res.body, replayed: false };
    });
  try {
    return await attempt();
  } catch (err) {
    // The loser of a race: its transaction rolled back; the second attempt finds the winner's record.
    if (claim && isIdempotencyRace(err)) return attempt();
    throw err;
  }
}

/** The Idempotency-Key header checked by hand (routes without a header schema): 8–128 of [A-Za-z0-9._:-], else 400. */
export function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const h = req.headers['idempotency-key'];
  if (h === undefined) return undefined;
  if (typeof h !== 'string' || !/^[A-Za-z0-9._:-]{8,128}$/.test(h))
    throw badRequest('invalid_idempotency_key', 'Idempotency-Key phải gồm 8–128 ký tự chữ, số hoặc . _ : -');
  return h;
}
