import { createHash, randomBytes } from 'node:crypto';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

/** A fixed-window counter store for @fastify/rate-limit, on an injectable clock. */
export class WindowStore {
  readonly #counts = new Map<string, WindowCount & { windowMs: number }>();
  constructor(private readonly clock: Clock) {}

  incr(key: string, cb: (err: Error | null, res: { current: number; ttl: number }) => void, timeWindow: number): void {
    const now = this.clock.now().getTime();
    const { state, ttlMs } = countRequest(this.#counts.get(key), now, timeWindow);
    this.#counts.delete(key); // re-inserted at the end: the map's order is the order of last use
    this.#counts.set(key, { ...state, windowMs: timeWindow });
    if (this.#counts.size > MAX_KEYS) this.#prune(now);
    cb(null, { current: state.count, ttl: ttlMs });
  }

  /** Every route shares this one store; the key names the kind of limit. */
  child(): WindowStore {
    return this;
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
  const secret = randomBytes(32);
  const clientKey = (ip: string) =>
    createHash('sha256')
      .update(secret)
      .update(normalizeIP(ip || '-', 64))
      .digest('base64url')
      .slice(0, 22);
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
 * Registers @fastify/rate-limit for the routes that declare `config.limit` (before any route is
 * added): each gets the rule of its kind from the configuration; an over-limit request is answered
 * 429 problem+json (code rate_limited) with Retry-After.
 */
export async function registerRateLimits(app: FastifyInstance, config: Config, guards: AbuseGuards): Promise<void> {
  app.addHook('onRoute', (route) => {
    const kind = route.config?.limit;
    if (!kind) return;
    const rule = config.rateLimits[kind];
    if (!rule) return;
    (route.config as Record<string, unknown>).rateLimit = { max: rule.max, timeWindow: rule.windowMs };
    // Said in the OpenAPI description too (the swagger plugin reads the schema after this hook).
    if (route.schema) {
      const note = `Giới hạn mỗi máy khách: ${rule.max} yêu cầu / ${windowVi(rule.windowMs)}; vượt quá → 429 (code rate_limited) kèm Retry-After.`;
      const schema = route.schema as { description?: string };
      schema.description = schema.description ? `${schema.description}\n\n${note}` : note;
    }
  });
  await app.register(rateLimit, {
    global: false,
    store: function () {
      return guards.store;
    } as never,
    keyGenerator: (req: FastifyRequest) => `${req.routeOptions.config.limit ?? '-'}:${guards.clientKey(req.ip)}`,
    errorResponseBuilder: (req, ctx) => {
      const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      const what = KIND_NAMES_VI[req.routeOptions.config.limit ?? 'public_write'] ?? 'gửi yêu cầu';
      return new AppError(429, 'rate_limited', `Bạn đã ${what} quá nhiều lần (tối đa ${ctx.max} lần). Vui lòng thử lại sau ${seconds} giây.`, {
        retryAfterSeconds: seconds,
      }) as never;
    },
  });
}
