import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Role } from '../context.js';
import { forbidden, unauthorized } from '../errors.js';

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
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    routeTable: { method: string; url: string; access: Access }[];
  }
}

export function checkAccess(access: Access, actor: Actor | null): void {
  if (access === 'public') return;
  if (!actor) throw unauthorized();
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
