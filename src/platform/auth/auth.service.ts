import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Database } from '../db/database.js';
import type { Actor, RequestContext } from '../context.js';
import { recordAudit } from '../audit.js';
import { AppError, tooMany } from '../errors.js';
import * as repo from './auth.repo.js';
import { dummyVerify, verifyPassword } from './passwords.js';
import { ACCOUNT_POLICY, CLIENT_POLICY, PAIR_POLICY, afterFailure, loginWaitSeconds, throttleKeys } from './throttle.rules.js';

export const SESSION_COOKIE = 'motcua_session';

/**
 * A verified session is remembered for SESSION_CACHE_MS, so a request with a recently seen token
 * needs neither a signature check nor a database read. What ends or changes a session is still
 * honoured: logout, and every account change made through this process (deactivation, password,
 * roles, agency — see forgetUserSessions), take effect at once; the same change made by another
 * process sharing the database takes effect within SESSION_CACHE_MS. The token's own expiry is
 * checked on every request.
 */
export const SESSION_CACHE_MS = 5_000;

interface CachedSession {
  actor: Actor;
  at: number;
  expiresAtMs: number;
}
class SessionCache {
  readonly #byToken = new Map<string, CachedSession>();
  get(token: string, now: number): Actor | null {
    const hit = this.#byToken.get(token);
    if (!hit) return null;
    if (now - hit.at >= SESSION_CACHE_MS || now >= hit.expiresAtMs) {
      this.#byToken.delete(token);
      return null;
    }
    return hit.actor;
  }
  set(token: string, actor: Actor, expiresAtMs: number, now: number): void {
    if (this.#byToken.size >= 10_000) this.#byToken.clear();
    this.#byToken.set(token, { actor, at: now, expiresAtMs });
  }
  forget(match: (a: Actor) => boolean): void {
    for (const [token, s] of this.#byToken) if (match(s.actor)) this.#byToken.delete(token);
  }
}
const liveCaches = new Set<WeakRef<SessionCache>>();

/** Forgets the cached sessions of a user in this process, after a change to the account (roles, agency, deactivation, password). */
export function forgetUserSessions(userId: string): void {
  for (const ref of liveCaches) {
    const c = ref.deref();
    if (c) c.forget((a) => a.id === userId);
    else liveCaches.delete(ref);
  }
}

export interface AuthService {
  login(ctx: RequestContext, username: string, password: string, userAgent: string | null): Promise<{ token: string; actor: Actor; expiresAt: Date }>;
  logout(ctx: RequestContext): Promise<void>;
  authenticate(token: string): Promise<Actor | null>;
}

/**
 * The signing key: SESSION_SECRET in production (required); in demo mode a random key generated
 * once and kept in the database, so several processes on one PostgreSQL share it.
 */
export async function resolveSessionKey(database: Database, secret: string | null, production: boolean): Promise<Uint8Array> {
  if (secret) return new TextEncoder().encode(secret);
  if (production) throw new Error('SESSION_SECRET phải được đặt khi chạy NODE_ENV=production.');
  const value = await repo.ensureSetting(database.db, 'demo_session_secret', randomBytes(32).toString('base64url'));
  return new TextEncoder().encode(value);
}

export function createAuthService(database: Database, key: Uint8Array, ttlHours: number, clock: { now(): Date } = { now: () => new Date() }): AuthService {
  const sessions = new SessionCache();
  liveCaches.add(new WeakRef(sessions));
  const failure = async (ctx: RequestContext, username: string, reason: string) => {
    await database.transaction(async (tx) => {
      const now = clock.now();
      const keys = throttleKeys(username, ctx.ip);
      const current = await repo.getThrottles(tx, [keys.pair, keys.client, keys.account]);
      for (const [k, p] of [
        [keys.pair, PAIR_POLICY],
        [keys.client, CLIENT_POLICY],
        [keys.account, ACCOUNT_POLICY],
      ] as const) {
        await repo.saveThrottle(tx, k, afterFailure(current.get(k) ?? null, now, p));
      }
      await recordAudit(tx, ctx, { action: 'auth.login_failed', entity: 'user', entityId: null, summary: { username, reason } });
    });
    return new AppError(401, 'invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.');
  };

  return {
    async login(ctx, username, password, userAgent) {
      const now = clock.now();
      const keys = throttleKeys(username, ctx.ip);
      const counters = await repo.getThrottles(database.db, [keys.pair, keys.client, keys.account]);
      const wait = loginWaitSeconds(
        { pair: counters.get(keys.pair) ?? null, client: counters.get(keys.client) ?? null, account: counters.get(keys.account) ?? null },
        now,
      );
      if (wait > 0) {
        // A delay, not a lock: the password is not even checked until it has passed.
        const when = wait < 90 ? `${wait} giây` : `${Math.ceil(wait / 60)} phút`;
        throw tooMany(`Đăng nhập sai nhiều lần từ máy này. Vui lòng chờ ${when} rồi thử lại.`, wait);
      }
      const user = await repo.findUserByUsername(database.db, username);
      if (!user) {
        await dummyVerify(password);
        throw await failure(ctx, username, 'unknown_user');
      }
      if (!(await verifyPassword(user.passwordHash, password))) throw await failure(ctx, username, 'wrong_password');
      if (!user.active) throw await failure(ctx, username, 'inactive');
      // Sessions live in real time (the database checks expires_at against its own clock).
      const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
      const sessionId = await database.transaction(async (tx) => {
        await repo.clearThrottle(tx, keys.pair);
        const sid = await repo.createSession(tx, user.id, expiresAt, ctx.ip, userAgent);
        const actorCtx: RequestContext = {
          ...ctx,
          actor: {
            id: user.id,
            username: user.username,
            fullName: user.fullName,
            kind: user.kind,
            roles: user.roles,
            agencyId: user.agencyId,
            agency: null,
            sessionId: sid,
          },
        };
        await recordAudit(tx, actorCtx, { action: 'auth.login', entity: 'user', entityId: user.id, summary: { sessionId: sid } });
        return sid;
      });
      const token = await new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
      const actor = await repo.actorForSession(database.db, sessionId);
      return { token, actor: actor!, expiresAt };
    },

    async logout(ctx) {
      if (!ctx.actor) return;
      const sid = ctx.actor.sessionId;
      await database.transaction(async (tx) => {
        await repo.revokeSession(tx, sid);
        await recordAudit(tx, ctx, { action: 'auth.logout', entity: 'user', entityId: ctx.actor!.id });
      });
      sessions.forget((a) => a.sessionId === sid);
    },

    async authenticate(token) {
      const now = Date.now();
      const cached = sessions.get(token, now);
      if (cached) return cached;
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        if (typeof payload.sid !== 'string' || typeof payload.exp !== 'number') return null;
        const actor = await repo.actorForSession(database.db, payload.sid);
        if (actor) sessions.set(token, actor, payload.exp * 1000, now);
        return actor;
      } catch {
        return null;
      }
    },
  };
}
