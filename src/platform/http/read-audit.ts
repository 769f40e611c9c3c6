import type { FastifyInstance, FastifyReply, FastifyRequest, onSendAsyncHookHandler, preSerializationAsyncHookHandler } from 'fastify';
import { recordAudit } from '../audit.js';
import type { Executor } from '../db/database.js';

/**
 * Staff reads of personal data are audited (issue 16 §5; Luật Bảo vệ dữ liệu cá nhân 91/2025):
 * a route that returns personal data in bulk or as a file declares `config.auditRead`, and every
 * successful (2xx) answer of it to a staff account writes ONE audit row — one INSERT per request,
 * never one per record — naming what was read:
 *   summary = { url, count, ids }   (ids: the records returned, at most a page: limit ≤ 500)
 * The ids are, in this order: what the handler noted with `noteReadIds` (e.g. an export built from
 * a query), the `id` of each item of a `{ items: [...] }` list, the `id` of a single object, else
 * the route's uuid parameters (a file download: the dossier and the file). An empty page writes
 * nothing (it read no one's data). Citizens reading their
 * own records are not audited (their reads concern themselves). The row is written before the
 * answer leaves: if it cannot be written, the read fails (500) rather than going unrecorded.
 */
export interface ReadAudit {
  /** e.g. 'dossier.list', 'dossier.document.read' */
  action: string;
  /** the audited entity type, e.g. 'dossier' */
  entity: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auditRead?: ReadAudit;
  }
  interface FastifyRequest {
    /** ids of the records read, noted by a handler whose answer is not a JSON list (exports). */
    readIds: string[] | null;
    readAudited: boolean;
  }
}

/** For a handler whose answer is a file built from records (XLSX, PDF): the records it contains. */
export function noteReadIds(req: FastifyRequest, ids: readonly string[]): void {
  req.readIds = [...ids];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids a JSON answer holds: its items' ids, or its own id; null when it has neither. */
export function idsOfPayload(payload: unknown): string[] | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as { items?: unknown; id?: unknown };
  if (Array.isArray(p.items))
    return p.items.flatMap((i) => (i && typeof i === 'object' && typeof (i as { id?: unknown }).id === 'string' ? [(i as { id: string }).id] : []));
  if (typeof p.id === 'string') return [p.id];
  return null;
}

/** The route's uuid parameters, in declaration order (e.g. [dossierId, fileId]). */
export function idsOfParams(params: unknown): string[] {
  if (!params || typeof params !== 'object') return [];
  return Object.values(params as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && UUID_RE.test(v));
}

function auditable(req: FastifyRequest, reply: FastifyReply): boolean {
  if (req.readAudited || req.actor?.kind !== 'staff') return false;
  return reply.statusCode >= 200 && reply.statusCode < 300;
}

const asList = <T>(h: T | T[] | undefined): T[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);

export function registerReadAudit(app: FastifyInstance, db: Executor): void {
  app.decorateRequest('readIds', null);
  app.decorateRequest('readAudited', false);
  const write = async (req: FastifyRequest, spec: ReadAudit, ids: string[]) => {
    req.readAudited = true;
    if (ids.length === 0) return; // an empty page (e.g. a queue counter) read no one's data
    const params = idsOfParams(req.params);
    await recordAudit(
      db,
      { actor: req.actor, requestId: req.id, ip: req.ip ?? null },
      {
        action: spec.action,
        entity: spec.entity,
        entityId: params[0] ?? (ids.length === 1 ? ids[0] : null),
        summary: { url: req.url, count: ids.length, ids },
      },
    );
  };
  // Only the routes that declare config.auditRead get the two hooks (call before any route is
  // added); they run first among the route's own hooks, as they did when they were global.
  app.addHook('onRoute', (route) => {
    const spec = (route.config as { auditRead?: ReadAudit } | undefined)?.auditRead;
    if (!spec) return;
    // JSON answers: the object is still at hand (before serialisation).
    const preSerialization: preSerializationAsyncHookHandler = async (req, reply, payload) => {
      if (auditable(req, reply)) await write(req, spec, req.readIds ?? idsOfPayload(payload) ?? idsOfParams(req.params));
      return payload;
    };
    // Files (PDF, XLSX, downloads): what the handler noted, else the route's ids.
    const onSend: onSendAsyncHookHandler = async (req, reply, payload) => {
      if (auditable(req, reply)) await write(req, spec, req.readIds ?? idsOfParams(req.params));
      return payload;
    };
    route.preSerialization = [preSerialization, ...asList(route.preSerialization)] as never;
    route.onSend = [onSend, ...asList(route.onSend)] as never;
  });
}
