import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Database, Executor, TableRow } from './db/database.js';
import { isAuditOnly, queuedTopics, topicSpec, type QueuedTopic, type Topic } from './outbox.topics.js';

/** The columns a claim returns (its RETURNING list). */
type ClaimedRow = Pick<TableRow<'outbox'>, 'id' | 'topic' | 'aggregate_key' | 'payload' | 'attempts' | 'max_attempts' | 'created_at'>;

/**
 * Transactional outbox. `enqueue` writes a row in the caller's transaction; a worker claims rows
 * with `FOR UPDATE SKIP LOCKED` and a lease (`locked_until`), delivers them through the handler
 * registered for the topic, and marks them delivered — or schedules a retry with exponential
 * backoff, and gives up (dead) after max_attempts, keeping the last error. Every topic is declared
 * in outbox.topics.ts with its consumer, or as audit-only (then no row is written). Rows sharing an
 * aggregate_key AND a consumer are delivered in id order: a row is not claimed while an earlier
 * undelivered row of its key and consumer exists; rows of other consumers never block it. Delivery
 * is at-least-once across crashes (a lease that expires is claimed again); receivers deduplicate by
 * the outbox id. Failures are logged (error level, with topic, id and attempt). Why our own ~200
 * lines and not pg-boss: see docs/architecture.md.
 */
export interface OutboxMessage {
  topic: Topic;
  aggregateKey: string;
  payload: Record<string, unknown>;
  availableAt?: Date;
  maxAttempts?: number;
}

export interface ClaimedMessage {
  id: number;
  topic: string;
  aggregateKey: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  createdAt: Date;
}

export type OutboxHandler = (msg: ClaimedMessage) => Promise<void>;

/**
 * A handler that delivers all of one pass's due rows of its topic in one call (e.g. one
 * transaction for the lot): at most one row per aggregate key and consumer is claimed in a pass,
 * so per-key order holds. If the call fails, the rows are delivered one at a time with `single`,
 * so one bad row neither holds back nor fails the others.
 */
export interface OutboxBatchHandler {
  batch: (msgs: ClaimedMessage[]) => Promise<void>;
  single: OutboxHandler;
}

/**
 * Writes the message in the caller's transaction and returns its id — or writes nothing and returns
 * null for an audit-only topic (the caller's audit row records the event). Throws for a topic that
 * is not declared.
 */
export async function enqueue(tx: Executor, m: OutboxMessage): Promise<number | null> {
  if (isAuditOnly(m.topic)) return null;
  const { rows } = await sql<{ id: number }>`INSERT INTO outbox (topic, aggregate_key, payload, available_at, max_attempts)
    VALUES (${m.topic}, ${m.aggregateKey}, ${JSON.stringify(m.payload)}::jsonb, ${m.availableAt ?? new Date()}, ${m.maxAttempts ?? 12})
    RETURNING id`.execute(tx);
  return rows[0].id;
}

/**
 * The INSERT of several outbox rows in one statement, for a caller that writes them together with
 * other rows (see write-together.ts); with `onlyIf`, the rows are written only when that condition
 * holds. Ids are assigned in list order, so rows sharing an aggregate_key are delivered in that order.
 */
export function outboxInsert(all: OutboxMessage[], onlyIf?: RawBuilder<unknown>): RawBuilder<unknown> {
  if (all.length === 0) throw new Error('outboxInsert: no message');
  // Audit-only topics are not written (a statement that writes nothing keeps the caller's shape).
  const ms = all.filter((m) => !isAuditOnly(m.topic));
  if (ms.length === 0) return sql`SELECT 1 WHERE false`;
  const now = new Date();
  const into = sql`INSERT INTO outbox (topic, aggregate_key, payload, available_at, max_attempts)`;
  // Messages often share one payload object (a dossier change goes to the national sync and to
  // the quality indicators): it is turned into JSON once.
  const json = new Map<unknown, string>();
  const payload = (m: OutboxMessage) => {
    let j = json.get(m.payload);
    if (j === undefined) json.set(m.payload, (j = JSON.stringify(m.payload)));
    return j;
  };
  if (!onlyIf) {
    const rows = ms.map((m) => sql`(${m.topic}, ${m.aggregateKey}, ${payload(m)}::jsonb, ${m.availableAt ?? now}, ${m.maxAttempts ?? 12})`);
    return sql`${into} VALUES ${sql.join(rows)}`;
  }
  // Typed explicitly: values in a sub-select are not typed from the target columns.
  const rows = ms.map(
    (m) => sql`(${m.topic}::text, ${m.aggregateKey}::text, ${payload(m)}::jsonb, ${m.availableAt ?? now}::timestamptz, ${m.maxAttempts ?? 12}::integer)`,
  );
  return sql`${into} SELECT * FROM (VALUES ${sql.join(rows)}) AS m WHERE ${onlyIf}`;
}

/** Retry delay after the n-th failed attempt: 2^n seconds (capped at 1 hour), with ±20% jitter. */
export function backoffSeconds(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(3600, 2 ** Math.max(0, attempt));
  return Math.max(1, Math.round(base * (0.8 + 0.4 * random())));
}

/** The part of a pino/Fastify logger the workers use. */
export interface WorkerLog {
  error(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Logs to stderr as JSON lines; used when no logger is given (e.g. a worker in a child process). */
export const consoleLog: WorkerLog = {
  error: (obj, msg) => console.error(JSON.stringify({ level: 'error', msg, ...obj })),
  warn: (obj, msg) => console.error(JSON.stringify({ level: 'warn', msg, ...obj })),
};

const errInfo = (err: unknown) => (err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) });

export interface OutboxWorkerOptions {
  workerId?: string;
  log?: WorkerLog;
  leaseSeconds?: number;
  batchSize?: number;
  pollMs?: number;
  topics?: string[];
}

export class OutboxWorker {
  readonly workerId: string;
  readonly #handlers = new Map<string, OutboxHandler>();
  readonly #batchHandlers = new Map<string, OutboxBatchHandler['batch']>();
  readonly #lease: number;
  readonly #batch: number;
  readonly #pollMs: number;
  readonly #log: WorkerLog;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopped = true;

  constructor(
    private readonly database: Database,
    opts: OutboxWorkerOptions = {},
  ) {
    this.workerId = opts.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.#lease = opts.leaseSeconds ?? 120;
    this.#batch = opts.batchSize ?? 20;
    this.#pollMs = opts.pollMs ?? 1000;
    this.#log = opts.log ?? consoleLog;
  }

  /** The consumer's handler of a queued topic (one handler per topic). */
  register(topic: QueuedTopic, handler: OutboxHandler): void {
    const spec = topicSpec(topic);
    if (!spec.consumer) throw new Error(`outbox: topic "${topic}" is audit-only; it has no consumer`);
    this.#handlers.set(topic, handler);
    this.#batchHandlers.delete(topic);
  }

  /** The consumer's handler of a queued topic that delivers a pass's rows together (OutboxBatchHandler). */
  registerBatch(topic: QueuedTopic, handler: OutboxBatchHandler): void {
    this.register(topic, handler.single);
    this.#batchHandlers.set(topic, handler.batch);
  }

  /** Queued topics that no handler delivers (the server refuses to start with any). */
  unhandledTopics(): string[] {
    return queuedTopics()
      .map((t) => t.topic)
      .filter((t) => !this.#handlers.has(t));
  }

  /**
   * Claims up to batchSize due rows whose topic has a handler. A row waits for an earlier
   * undelivered row of the same aggregate key only when both topics have the same consumer.
   */
  async claim(): Promise<ClaimedMessage[]> {
    const statement = this.claimStatement();
    if (!statement) return [];
    const { rows } = await statement.execute(this.database.db);
    return rows
      .map((r) => ({
        id: r.id,
        topic: r.topic,
        aggregateKey: r.aggregate_key,
        payload: r.payload as Record<string, unknown>,
        attempts: r.attempts,
        maxAttempts: r.max_attempts,
        createdAt: r.created_at,
      }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * The claim's statement (null without handlers); the outbox bench prints its plan. Topic by
   * topic (index outbox_claim_idx: topic, available_at, id), the first due rows not leased and not
   * waiting for an earlier row of their key and consumer; of those, the `batchSize` due first.
   * Rows backing off and other workers' topics are never read, so a backlog costs nothing here.
   */
  claimStatement(): RawBuilder<ClaimedRow> | null {
    const handled = [...this.#handlers.keys()];
    if (handled.length === 0) return null;
    const all = queuedTopics();
    const consumerOf = new Map(all.map((t) => [t.topic, t.consumer]));
    return sql<ClaimedRow>`
      UPDATE outbox SET locked_by = ${this.workerId}, locked_until = now() + make_interval(secs => ${this.#lease}), attempts = attempts + 1
      WHERE id IN (
        SELECT c.id FROM unnest(${handled}::text[], ${handled.map((t) => consumerOf.get(t) ?? '')}::text[]) AS h(topic, consumer)
        CROSS JOIN LATERAL (
          SELECT o.id, o.available_at FROM outbox o
          WHERE o.topic = h.topic AND o.delivered_at IS NULL AND o.dead_at IS NULL AND o.available_at <= now()
            AND (o.locked_until IS NULL OR o.locked_until < now())
            AND NOT EXISTS (SELECT 1 FROM outbox p
                              JOIN unnest(${all.map((t) => t.topic)}::text[], ${all.map((t) => t.consumer)}::text[]) AS mp(topic, consumer) ON mp.topic = p.topic
                            WHERE p.aggregate_key = o.aggregate_key AND p.id < o.id AND mp.consumer = h.consumer
                              AND p.delivered_at IS NULL AND p.dead_at IS NULL)
          ORDER BY o.available_at, o.id
          LIMIT ${this.#batch}
          FOR UPDATE OF o SKIP LOCKED) c
        ORDER BY c.available_at, c.id
        LIMIT ${this.#batch})
      RETURNING id, topic, aggregate_key, payload, attempts, max_attempts, created_at`;
  }

  /**
   * One pass: claim, deliver each (in order, per key), record the outcome. Returns rows handled.
   * The rows delivered are marked so in one UPDATE at the end of the pass (one round trip per pass,
   * not per row); a crash before it delivers them again after their lease, as any crash during a
   * delivery does (at-least-once: receivers deduplicate by the outbox id).
   */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    const failedKeys = new Set<string>();
    const delivered: number[] = [];
    // Topics with a batch handler: the pass's rows of the topic in one call (falling back to one
    // call per row when it fails).
    const batched = new Set<number>();
    const tried = new Set<string>();
    try {
      for (const m of claimed) {
        const batch = this.#batchHandlers.get(m.topic);
        if (!batch || tried.has(m.topic)) continue;
        tried.add(m.topic);
        const rows = claimed.filter((x) => x.topic === m.topic);
        if (rows.length < 2) continue;
        try {
          await batch(rows);
          for (const x of rows) batched.add(x.id);
          delivered.push(...rows.map((x) => x.id));
        } catch {
          // Delivered one at a time below: the failing row is then found, logged and retried alone.
        }
      }
      // Consumers are independent (order is kept per aggregate key within one consumer): each
      // consumer's rows are delivered in id order, the consumers side by side.
      const byConsumer = new Map<string, ClaimedMessage[]>();
      for (const m of claimed) {
        if (batched.has(m.id)) continue;
        const c = topicSpec(m.topic).consumer ?? m.topic;
        byConsumer.set(c, [...(byConsumer.get(c) ?? []), m]);
      }
      await Promise.all([...byConsumer.values()].map((rows) => this.#deliverEach(rows, failedKeys, delivered)));
    } finally {
      if (delivered.length) {
        await sql`UPDATE outbox SET delivered_at = now(), locked_until = NULL, last_error = NULL WHERE id = ANY(${delivered}::bigint[]) AND locked_by = ${this.workerId}`.execute(
          this.database.db,
        );
      }
    }
    return claimed.length;
  }

  async #deliverEach(claimed: ClaimedMessage[], failedKeys: Set<string>, delivered: number[]): Promise<void> {
    for (const m of claimed) {
      const orderKey = `${topicSpec(m.topic).consumer}\u0000${m.aggregateKey}`;
      if (failedKeys.has(orderKey)) {
        // Keep per-key order: release a later row of a key whose earlier row just failed.
        await sql`UPDATE outbox SET locked_by = NULL, locked_until = NULL, attempts = attempts - 1 WHERE id = ${m.id} AND locked_by = ${this.workerId}`.execute(
          this.database.db,
        );
        continue;
      }
      const handler = this.#handlers.get(m.topic);
      try {
        if (!handler) throw new Error(`no handler for topic ${m.topic}`);
        await handler(m);
        delivered.push(m.id);
      } catch (err) {
        failedKeys.add(orderKey);
        const msg = (err as Error).message?.slice(0, 2000) ?? String(err);
        // An error marked `permanent` (e.g. a 4xx rejection) is not retried.
        const dead = (err as { permanent?: boolean }).permanent === true || m.attempts >= m.maxAttempts;
        this.#log.error(
          { topic: m.topic, outboxId: m.id, aggregateKey: m.aggregateKey, attempt: m.attempts, maxAttempts: m.maxAttempts, dead, err: errInfo(err) },
          dead ? 'outbox delivery failed; the row is dead' : 'outbox delivery failed; will retry',
        );
        if (dead) {
          await sql`UPDATE outbox SET dead_at = now(), locked_until = NULL, last_error = ${msg} WHERE id = ${m.id} AND locked_by = ${this.workerId}`.execute(
            this.database.db,
          );
        } else {
          const delay = backoffSeconds(m.attempts);
          await sql`UPDATE outbox SET available_at = now() + make_interval(secs => ${delay}), locked_until = NULL, last_error = ${msg} WHERE id = ${m.id} AND locked_by = ${this.workerId}`.execute(
            this.database.db,
          );
        }
      }
    }
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const loop = async () => {
      if (this.#stopped) return;
      let handled = 0;
      const started = Date.now();
      this.#running = this.runOnce().then(
        (n) => (handled = n),
        (err: unknown) => {
          // A failed pass (e.g. the database unreachable) is logged and tried again at the next poll.
          this.#log.error({ workerId: this.workerId, err: errInfo(err) }, 'outbox pass failed');
          handled = 0;
        },
      );
      await this.#running;
      this.#running = null;
      // After a busy pass on PGlite, pause at least as long as the pass took: a backlog (e.g. the
      // demo's history on first start) is delivered at no more than half the capacity, so requests
      // stay responsive — the database runs on this process's event loop. On PostgreSQL the next
      // pass follows at once: one pass at a time holds at most one connection per consumer, and a
      // worker that paused half the time fell behind a sustained stream of writes (issue 25).
      const pause = this.database.kind === 'pglite' ? Math.max(25, Date.now() - started) : 0;
      if (!this.#stopped) this.#timer = setTimeout(loop, handled > 0 ? pause : this.#pollMs);
    };
    this.#timer = setTimeout(loop, 0);
  }

  /**
   * Delivers until no row is due (for tests, and for a first start that completes the read models
   * before it reports healthy). Rows another worker is delivering at that moment are waited for
   * (their delivery may release later rows of their key), up to `timeoutMs`. Returns the rows this
   * worker handled (delivered or failed).
   */
  async drain(opts: { timeoutMs?: number } = {}): Promise<number> {
    const end = Date.now() + (opts.timeoutMs ?? 60_000);
    const topics = [...this.#handlers.keys()];
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n > 0) continue;
      const { rows } = await sql`SELECT 1 FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL AND locked_until > now()
        AND topic = ANY(${topics}::text[]) LIMIT 1`.execute(this.database.db);
      if (rows.length === 0) return total;
      if (Date.now() > end) throw new Error('outbox drain: rows are still being delivered by another worker');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Stops polling and waits for the delivery in progress to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#running) await this.#running;
  }
}
