import { sql } from 'kysely';
import type { Executor, TableRow } from './db/database.js';
import { OUTBOX_TOPICS, type TopicSpec } from './outbox.topics.js';

/**
 * What operators see of the outbox (issue 17 §1): per topic the pending rows and the age of the
 * oldest, the dead rows with their last error; a retry for dead rows. All SQL of it is here.
 */
export interface TopicStat {
  topic: string;
  consumer: string | null;
  module: string | null;
  /** false: the topic is not (or no longer) declared as queued; its rows have no consumer. */
  declared: boolean;
  pending: number;
  /** Seconds since the oldest pending row was written; null when nothing is pending. */
  oldestPendingSeconds: number | null;
  /** Pending rows that failed at least once (waiting for a retry). */
  retrying: number;
  dead: number;
  late: boolean;
}

export interface DeadRow {
  id: number;
  topic: string;
  aggregateKey: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deadAt: Date;
}

export interface OutboxHealth {
  pending: number;
  oldestPendingSeconds: number | null;
  dead: number;
}

const num = (v: unknown) => Number(v ?? 0);

/** Counts of pending and dead rows and the age of the oldest pending row (for /api/health). */
export async function outboxHealth(db: Executor): Promise<OutboxHealth> {
  const { rows } = await sql<{ pending: number; oldest: number | null; dead: number }>`
    SELECT (SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL)::int AS pending,
           (SELECT extract(epoch FROM now() - min(created_at)) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL)::float AS oldest,
           (SELECT count(*) FROM outbox WHERE dead_at IS NOT NULL)::int AS dead`.execute(db);
  const r = rows[0];
  return { pending: num(r.pending), oldestPendingSeconds: r.oldest === null ? null : Math.floor(Number(r.oldest)), dead: num(r.dead) };
}

/** One line per queued topic of the registry, and per other topic that has pending or dead rows. */
export async function topicStats(db: Executor, alertSeconds: number): Promise<TopicStat[]> {
  const { rows } = await sql<{ topic: string; pending: number; oldest: number | null; retrying: number; dead: number }>`
    SELECT topic,
           count(*) FILTER (WHERE delivered_at IS NULL AND dead_at IS NULL)::int AS pending,
           extract(epoch FROM now() - min(created_at) FILTER (WHERE delivered_at IS NULL AND dead_at IS NULL))::float AS oldest,
           count(*) FILTER (WHERE delivered_at IS NULL AND dead_at IS NULL AND attempts > 0)::int AS retrying,
           count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead
    FROM outbox WHERE delivered_at IS NULL
    GROUP BY topic`.execute(db);
  const byTopic = new Map(rows.map((r) => [r.topic, r]));
  const specs = OUTBOX_TOPICS as Record<string, TopicSpec>;
  const topics = new Set([...Object.keys(specs).filter((t) => specs[t].consumer), ...byTopic.keys()]);
  return [...topics]
    .map((topic) => {
      const r = byTopic.get(topic);
      const spec = specs[topic];
      const oldest = r?.oldest === null || r?.oldest === undefined ? null : Math.floor(Number(r.oldest));
      return {
        topic,
        consumer: spec?.consumer ?? null,
        module: spec?.module ?? null,
        declared: !!spec?.consumer,
        pending: num(r?.pending),
        oldestPendingSeconds: oldest,
        retrying: num(r?.retrying),
        dead: num(r?.dead),
        late: oldest !== null && oldest > alertSeconds,
      };
    })
    .sort((a, b) => Number(b.late) - Number(a.late) || b.dead - a.dead || b.pending - a.pending || a.topic.localeCompare(b.topic));
}

/** Dead rows, newest first (optionally of one topic). */
export async function deadRows(db: Executor, opts: { topic?: string; limit: number; offset: number }): Promise<{ items: DeadRow[]; total: number }> {
  const where = opts.topic ? sql`dead_at IS NOT NULL AND topic = ${opts.topic}` : sql`dead_at IS NOT NULL`;
  const { rows } = await sql<
    Pick<TableRow<'outbox'>, 'id' | 'topic' | 'aggregate_key' | 'attempts' | 'last_error' | 'created_at' | 'dead_at'> & { total: number }
  >`
    SELECT id, topic, aggregate_key, attempts, last_error, created_at, dead_at, count(*) OVER ()::int AS total
    FROM outbox WHERE ${where} ORDER BY dead_at DESC, id DESC LIMIT ${opts.limit} OFFSET ${opts.offset}`.execute(db);
  return {
    total: rows.length ? rows[0].total : num((await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE ${where}`.execute(db)).rows[0].n),
    items: rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      aggregateKey: r.aggregate_key,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
      deadAt: r.dead_at!, // WHERE dead_at IS NOT NULL
    })),
  };
}

/**
 * Makes dead rows deliverable again (attempts from 0, due now; the last error is kept until a
 * delivery succeeds). Only dead rows are touched; returns the ids made pending again.
 */
export async function retryDead(tx: Executor, sel: { ids?: number[]; topic?: string }): Promise<{ id: number; topic: string }[]> {
  const where = sel.ids ? sql`id = ANY(${sel.ids}::bigint[])` : sql`topic = ${sel.topic!}`;
  const { rows } = await sql<{ id: number; topic: string }>`
    UPDATE outbox SET dead_at = NULL, attempts = 0, available_at = now(), locked_by = NULL, locked_until = NULL
    WHERE dead_at IS NOT NULL AND ${where}
    RETURNING id, topic`.execute(tx);
  return rows.map((r) => ({ id: Number(r.id), topic: r.topic })).sort((a, b) => a.id - b.id);
}

/** Undelivered (pending, not dead) rows of these topics: how far a read model fed by them is behind. */
export async function pendingCount(db: Executor, topics: readonly string[]): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL AND topic = ANY(${[...topics]}::text[])`.execute(db);
  return num(rows[0].n);
}

/** The distinct values of one payload field over the undelivered rows of a topic (e.g. the dossiers a read model has yet to refresh). */
export async function pendingPayloadValues(db: Executor, topic: string, field: string): Promise<string[]> {
  const { rows } = await sql<{ v: string }>`SELECT DISTINCT payload->>${field} AS v FROM outbox
    WHERE delivered_at IS NULL AND dead_at IS NULL AND topic = ${topic} AND payload ? ${field}`.execute(db);
  return rows.map((r) => r.v).filter((v) => v !== null);
}

/**
 * Marks the undelivered rows of a topic delivered because a full rebuild already covers them (e.g.
 * a read model built from the log at first start). Only for a caller that knows no other writer
 * is running (the setup process): a row committed during the rebuild would be settled unseen.
 */
export async function settleCoveredByRebuild(tx: Executor, topic: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`WITH s AS (
      UPDATE outbox SET delivered_at = now(), locked_until = NULL, last_error = NULL
      WHERE topic = ${topic} AND delivered_at IS NULL AND dead_at IS NULL AND (locked_until IS NULL OR locked_until < now())
      RETURNING 1)
    SELECT count(*)::int AS n FROM s`.execute(tx);
  return num(rows[0].n);
}
