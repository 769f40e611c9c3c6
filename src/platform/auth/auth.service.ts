import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Database } from '../db/database.js';
import type { Actor, RequestContext } from '../context.js';
import { recordAudit } from '../audit.js';
import { AppError, tooMany } from '../errors.js';
import * as repo from './auth.repo.js';
import { dummyVerify, verifyPassword } from './passwords.js';
import { ACCOUNT_POLICY, IP_POLICY, afterFailure, lockedFor } from './throttle.rules.js';

export const SESSION_COOKIE = 'motcua_session';

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

export function createAuthService(database: Database, key: Uint8Array, ttlHours: number): AuthService {
  const failure = async (ctx: RequestContext, username: string, reason: string) => {
    await database.transaction(async (tx) => {
      const now = new Date();
      for (const [k, p] of [[`u:${username.toLowerCase()}`, ACCOUNT_POLICY], [`ip:${ctx.ip ?? '-'}`, IP_POLICY]] as const) {
        await repo.saveThrottle(tx, k, afterFailure(await repo.getThrottle(tx, k), now, p));
      }
      await recordAudit(tx, ctx, { action: 'auth.login_failed', entity: 'user', entityId: null, summary: { username, reason } });
    });
    return new AppError(401, 'invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.');
  };

  return {
    async login(ctx, username, password, userAgent) {
      const now = new Date();
      const accountWait = lockedFor(await repo.getThrottle(database.db, `u:${username.toLowerCase()}`), now);
      const ipWait = lockedFor(await repo.getThrottle(database.db, `ip:${ctx.ip ?? '-'}`), now);
      const wait = Math.max(accountWait, ipWait);
      if (wait > 0) {
        throw tooMany(`Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.`, wait);
      }
      const user = await repo.findUserByUsername(database.db, username);
      if (!user) {
        await dummyVerify(password);
        throw await failure(ctx, username, 'unknown_user');
      }
      if (!(await verifyPassword(user.passwordHash, password))) throw await failure(ctx, username, 'wrong_password');
      if (!user.active) throw await failure(ctx, username, 'inactive');
      const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
      const sessionId = await database.transaction(async (tx) => {
        await repo.clearThrottle(tx, `u:${username.toLowerCase()}`);
        const sid = await repo.createSession(tx, user.id, expiresAt, ctx.ip, userAgent);
        const actorCtx: RequestContext = { ...ctx, actor: { id: user.id, username: user.username, fullName: user.fullName, kind: user.kind, roles: user.roles, agencyId: user.agencyId, agency: null, sessionId: sid } };
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
      await database.transaction(async (tx) => {
        await repo.revokeSession(tx, ctx.actor!.sessionId);
        await recordAudit(tx, ctx, { action: 'auth.logout', entity: 'user', entityId: ctx.actor!.id });
      });
    },

    async authenticate(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        if (typeof payload.sid !== 'string') return null;
        return await repo.actorForSession(database.db, payload.sid);
      } catch {
        return null;
      }
    },
  };
}
