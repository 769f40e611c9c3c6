import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isReadOnly, type Actor, type Role } from '../context.js';
import { AppError, forbidden, unauthorized } from '../errors.js';

/**
 * Every route declares who may call it in `config.access`:
 * - 'public': anyone, logged in or not;
 * - 'authenticated': any logged-in account;
 * - a list of roles: an account holding at least one of them.
 * Agency scoping (an officer of another agency) is checked by the services, which know the record.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** A data-changing route that read-only accounts (context.ts READ_ONLY_ROLES) may still call, e.g. a leader's prompt. */
    readOnlyMayCall?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    routeTable: { method: string; url: string; access: Access }[];
  }
}

/** Data-changing routes a read-only account may still call without being named: its own session. */
const READ_ONLY_MAY_CALL = new Set(['/api/v1/auth/logout']);

export function checkAccess(access: Access, actor: Actor | null, req?: { method: string; url: string; readOnlyMayCall?: boolean }): void {
  if (access === 'public') return;
  if (!actor) throw unauthorized();
  // A read-only account (province_leader) changes nothing unless the route says it may (config.readOnlyMayCall):
  // role lists built as "every staff role" would otherwise let it write.
  if (req && !SAFE_METHODS.has(req.method) && isReadOnly(actor) && !READ_ONLY_MAY_CALL.has(req.url) && !req.readOnlyMayCall) {
    throw forbidden('Vai trò của bạn chỉ được xem, không được thay đổi dữ liệu.');
  }
  if (access === 'authenticated') return;
  if (!actor.roles.some((r) => access.includes(r))) throw forbidden();
}

/** Refuses to start if an API route forgets to declare its access rule. */
export function enforceAccessDeclarations(app: FastifyInstance): void {
  const table: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!url.startsWith('/api/') && !url.startsWith('/open311/')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (access === undefined) throw new Error(`Route ${String(route.method)} ${url} does not declare config.access`);
    for (const m of [route.method].flat()) if (m !== 'HEAD') table.push({ method: String(m), url, access });
  });
}

export function tokenFrom(req: FastifyRequest, cookieName: string): string | null {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim();
  const c = req.cookies?.[cookieName];
  return c ?? null;
}

/**
 * CSRF defence for cookie sessions (issue 16 §5). A browser attaches the session cookie to a
 * request another site makes (a form post, a cross-site fetch); SameSite=Lax alone still lets
 * some through (top-level POST navigations right after login in some browsers, same-site
 * subdomains). A request can only carry a custom header cross-origin after a CORS preflight, which
 * this server never grants, so an unsafe request (anything but GET, HEAD, OPTIONS) authenticated by
 * the cookie must carry `X-Requested-With: motcua` (the web app always sends it). `Authorization:
 * Bearer` clients are not concerned: a browser never adds that header by itself.
 */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'motcua';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const csrfRequired = () =>
  new AppError(
    403,
    'csrf_required',
    `Yêu cầu thay đổi dữ liệu bằng phiên đăng nhập trên trình duyệt phải có tiêu đề ${CSRF_HEADER}: ${CSRF_VALUE} (chống giả mạo yêu cầu từ trang khác).`,
  );

export interface Credential {
  token: string;
  /** true when the token is the session cookie (not an Authorization header). */
  viaCookie: boolean;
}

export function credentialFrom(req: FastifyRequest, cookieName: string): Credential | null {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return { token: h.replace(/^Bearer\s+/i, '').trim(), viaCookie: false };
  const c = req.cookies?.[cookieName];
  return c ? { token: c, viaCookie: true } : null;
}

/** Whether a cookie-authenticated request lacks the CSRF header although its method changes data. */
export function lacksCsrfHeader(req: FastifyRequest): boolean {
  return !SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== CSRF_VALUE;
}
