import { hash, randomBytes } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import type { Config } from '../config.js';
import type { Clock } from '../deps.js';
import { AppError } from '../errors.js';
import { countRequest, fitsBudget, nextVnMidnightMs, type LimitKind, type WindowCount } from './abuse.rules.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Limits anonymous traffic of this kind per client (RATE_LIMIT_* settings). */
    limit?: LimitKind;
  }
}

/**
 * Per-client limits of the public endpoints, kept in this process's memory only.
 *
 * A client is named by a keyed hash of its IP address (IPv6 by its /64): the key is random per
 * process and never stored, so the counters cannot be turned back into addresses and nothing is
 * written to the database — a SIPAS answer stays anonymous. Each process counts on its own: with
 * N processes behind a load balancer a client gets up to N times the limit (docs/operations.md).
 */
export interface AbuseGuards {
  /** The client's pseudonymous key (what the counters are keyed by). */
  clientKey(ip: string): string;
  /** Charges `size` bytes of anonymous upload to the client's and the whole server's daily budget, or throws 429 upload_quota_exceeded. */
  chargeUpload(ip: string, size: number): void;
  readonly store: WindowStore;
}

const MAX_KEYS = 100_000;

/** Fixed-window counters on an injectable clock; every limited route shares this one store (the key names the kind of limit). */
export class WindowStore {
  readonly #counts = new Map<string, WindowCount & { windowMs: number }>();
  constructor(private readonly clock: Clock) {}

  /** Counts one request of `key` in a window of `windowMs`: the count so far in this window and the milliseconds until it ends. */
  hit(key: string, windowMs: number): { current: number; ttl: number } {
    const now = this.clock.now().getTime();
    const { state, ttlMs } = countRequest(this.#counts.get(key), now, windowMs);
    this.#counts.delete(key); // re-inserted at the end: the map's order is the order of last use
    this.#counts.set(key, { count: state.count, startMs: state.startMs, windowMs });
    if (this.#counts.size > MAX_KEYS) this.#prune(now);
    return { current: state.count, ttl: ttlMs };
  }

  #prune(now: number): void {
    for (const [k, v] of this.#counts) if (now - v.startMs >= v.windowMs) this.#counts.delete(k);
    // Still too many live clients: forget the least recently seen (they start afresh).
    for (const k of this.#counts.keys()) {
      if (this.#counts.size <= MAX_KEYS * 0.9) break;
      this.#counts.delete(k);
    }
  }
}

export function createAbuseGuards(config: Config, clock: Clock): AbuseGuards {
  // SHA-256 of a random per-process secret followed by the address (one-shot crypto.hash: no Hash
  // object per request). Only the secret's holder can compute it, and it is never stored.
  const secret = randomBytes(32).toString('hex');
  const clientKey = (ip: string) => hash('sha256', secret + normalizeIP(ip || '-', 64), 'base64url').slice(0, 22);
  let day = 0;
  let total = 0;
  let perClient = new Map<string, number>();

  return {
    clientKey,
    store: new WindowStore(clock),
    chargeUpload(ip, size) {
      const now = clock.now().getTime();
      const dayEnd = nextVnMidnightMs(now);
      if (dayEnd !== day) {
        day = dayEnd;
        total = 0;
        perClient = new Map();
      }
      const key = clientKey(ip);
      const used = perClient.get(key) ?? 0;
      const retryAfterSeconds = Math.max(1, Math.ceil((dayEnd - now) / 1000));
      const { perClientBytes, totalBytes } = config.anonymousUploadDaily;
      if (!fitsBudget(used, size, perClientBytes)) {
        throw new AppError(
          429,
          'upload_quota_exceeded',
          `Bạn đã gửi quá dung lượng tệp cho phép trong ngày (${mb(perClientBytes!)} MB). Vui lòng thử lại vào ngày mai.`,
          { retryAfterSeconds },
        );
      }
      if (!fitsBudget(total, size, totalBytes)) {
        throw new AppError(
          429,
          'upload_quota_exceeded',
          'Hệ thống đã nhận đủ dung lượng tệp gửi không cần đăng nhập trong ngày. Vui lòng thử lại vào ngày mai hoặc gửi trực tiếp tại Bộ phận một cửa.',
          { retryAfterSeconds },
        );
      }
      perClient.set(key, used + size);
      total += size;
    },
  };
}

const mb = (n: number) => (n / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 2 });

function windowVi(ms: number): string {
  for (const [unit, name] of [
    [86_400_000, 'ngày'],
    [3_600_000, 'giờ'],
    [60_000, 'phút'],
  ] as const)
    if (ms % unit === 0) return `${ms / unit} ${name}`;
  return `${ms / 1000} giây`;
}

const KIND_NAMES_VI: Record<LimitKind, string> = {
  public_write: 'gửi yêu cầu',
  survey: 'gửi phiếu khảo sát',
  public_lookup: 'tra cứu',
};

/**
 * Adds the limit of its kind from the configuration to every route that declares `config.limit`
 * (call before any route is added), as a route-level onRequest hook (after the global ones: access
 * is checked first): the request is counted for its client, the answer carries
 * `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds until the window
 * ends), and an over-limit request is answered 429 problem+json (code rate_limited) with
 * Retry-After. (These are the headers @fastify/rate-limit sent, which did this before 8 December
 * 2026; the hook here is synchronous and reads the route's rule from its closure instead of
 * awaiting the key, the store and the rule on every request: issue 25.)
 */
export async function registerRateLimits(app: FastifyInstance, config: Config, guards: AbuseGuards): Promise<void> {
  app.addHook('onRoute', (route) => {
    const kind = route.config?.limit;
    if (!kind) return;
    const rule = config.rateLimits[kind];
    if (!rule) return;
    const hook = limitHook(kind, rule, guards);
    route.onRequest = route.onRequest === undefined ? [hook] : [...[route.onRequest].flat(), hook];
    // Said in the OpenAPI description too (the swagger plugin reads the schema after this hook).
    if (route.schema) {
      const note = `Giới hạn mỗi máy khách: ${rule.max} yêu cầu / ${windowVi(rule.windowMs)}; vượt quá → 429 (code rate_limited) kèm Retry-After.`;
      const schema = route.schema as { description?: string };
      schema.description = schema.description ? `${schema.description}\n\n${note}` : note;
    }
  });
}

function limitHook(kind: LimitKind, rule: { max: number; windowMs: number }, guards: AbuseGuards): onRequestHookHandler {
  const prefix = `${kind}:`;
  const { max, windowMs } = rule;
  return (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const { current, ttl } = guards.store.hit(prefix + guards.clientKey(req.ip), windowMs);
    const seconds = Math.ceil(ttl / 1000);
    reply.header('x-ratelimit-limit', max);
    reply.header('x-ratelimit-remaining', Math.max(0, max - current));
    reply.header('x-ratelimit-reset', seconds);
    if (current <= max) return done();
    const retry = Math.max(1, seconds);
    reply.header('retry-after', retry);
    done(
      new AppError(
        429,
        'rate_limited',
        `Bạn đã ${KIND_NAMES_VI[kind] ?? 'gửi yêu cầu'} quá nhiều lần (tối đa ${max} lần). Vui lòng thử lại sau ${retry} giây.`,
        {
          retryAfterSeconds: retry,
        },
      ),
    );
  };
}
