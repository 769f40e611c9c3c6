import pg from 'pg';
import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.js';
import * as repo from './frontoffice.repo.js';

/**
 * Call events for the screens (issue 22, "several server processes on one PostgreSQL must deliver
 * the same calls"). Nothing lives only in memory: every event is a row of `fo_event`, written in
 * the transaction of the call. On PostgreSQL the same transaction sends `pg_notify('fo_event',
 * <agency id>)`, which PostgreSQL delivers at commit to every process LISTENing (one dedicated
 * connection per process); each process then reads the new rows of that centre and pushes them to
 * its own SSE clients. On PGlite (one process) the service pokes the hub after the commit. A
 * screen that reconnects sends Last-Event-ID and gets the rows after it from the table.
 *
 * Ids come from a sequence, so on PostgreSQL a transaction may commit a lower id after a higher
 * one was read: each read also takes the rows of the last few seconds, and ids already delivered
 * are skipped. A slow poll (every POLL_MS while someone listens) covers a lost LISTEN connection.
 */
export const NOTIFY_CHANNEL = 'fo_event';
const RECENT_SECONDS = 10;
const POLL_MS = 5_000;

export type EventListener = (e: repo.EventRow) => void;

interface AgencyState {
  listeners: Set<EventListener>;
  cursor: number;
  /** Rows up to this id existed before anyone here listened: never pushed (a reconnecting screen replays them itself). */
  floor: number;
  delivered: Map<number, number>;
  reading: Promise<void> | null;
  again: boolean;
}

export class CallHub {
  private readonly agencies = new Map<string, AgencyState>();
  private listenClient: pg.Client | null = null;
  private stopped = false;
  private poll: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: Database,
    private readonly databaseUrl: string | null,
    private readonly log: { warn: (o: object, m: string) => void } = { warn: () => {} },
  ) {}

  /** Writes the event in the caller's transaction (and its NOTIFY on PostgreSQL). */
  async publish(tx: Executor, agencyId: string, kind: string, payload: Record<string, unknown>): Promise<number> {
    const id = await repo.insertEvent(tx, agencyId, kind, payload);
    if (this.database.kind === 'postgres') await sql`SELECT pg_notify(${NOTIFY_CHANNEL}, ${agencyId})`.execute(tx);
    return id;
  }

  /** After the commit: on PGlite the only process reads the new rows now (PostgreSQL's NOTIFY does it there). */
  committed(agencyId: string): void {
    if (this.database.kind !== 'postgres' || !this.listenClient) this.poke(agencyId);
  }

  /** Starts listening (PostgreSQL). Resolves once LISTEN is in place. */
  async start(): Promise<void> {
    this.stopped = false;
    if (this.database.kind === 'postgres' && this.databaseUrl) await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl! });
    client.on('notification', (n) => {
      if (n.channel === NOTIFY_CHANNEL && n.payload) this.poke(n.payload);
    });
    client.on('error', (err) => {
      this.log.warn({ err: err.message }, 'front office: LISTEN connection lost, reconnecting');
      this.listenClient = null;
      client.end().catch(() => {});
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.listenClient = client;
      // Events committed while we were not listening.
      for (const agencyId of this.agencies.keys()) this.poke(agencyId);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'front office: LISTEN failed, retrying');
      client.end().catch(() => {});
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnect) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      void this.connect();
    }, 2_000);
    this.reconnect.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.reconnect) clearTimeout(this.reconnect);
    this.poll = null;
    const c = this.listenClient;
    this.listenClient = null;
    if (c) await c.end().catch(() => {});
    for (const s of this.agencies.values()) s.listeners.clear();
    this.agencies.clear();
  }

  /** Registers a listener for a centre's events from now on; returns the function that removes it. */
  async subscribe(agencyId: string, fn: EventListener): Promise<() => void> {
    let s = this.agencies.get(agencyId);
    if (!s) {
      const last = await repo.lastEventId(this.database.db, agencyId);
      s = { listeners: new Set(), cursor: last, floor: last, delivered: new Map(), reading: null, again: false };
      this.agencies.set(agencyId, s);
    }
    s.listeners.add(fn);
    this.ensurePoll();
    return () => {
      s.listeners.delete(fn);
      if (s.listeners.size === 0 && this.agencies.get(agencyId) === s) this.agencies.delete(agencyId);
    };
  }

  listenerCount(agencyId?: string): number {
    if (agencyId) return this.agencies.get(agencyId)?.listeners.size ?? 0;
    let n = 0;
    for (const s of this.agencies.values()) n += s.listeners.size;
    return n;
  }

  private ensurePoll(): void {
    if (this.poll) return;
    this.poll = setInterval(() => {
      if (this.agencies.size === 0) {
        clearInterval(this.poll!);
        this.poll = null;
        return;
      }
      for (const id of this.agencies.keys()) this.poke(id);
    }, POLL_MS);
    this.poll.unref();
  }

  /** Reads the centre's new rows and hands them to its listeners (one read at a time per centre). */
  poke(agencyId: string): void {
    const s = this.agencies.get(agencyId);
    if (!s) return;
    if (s.reading) {
      s.again = true;
      return;
    }
    s.reading = (async () => {
      do {
        s.again = false;
        try {
          const rows = await repo.eventsSince(this.database.db, agencyId, s.cursor, this.database.kind === 'postgres' ? RECENT_SECONDS : 0);
          const now = Date.now();
          for (const e of rows) {
            if (e.id <= s.floor || s.delivered.has(e.id)) continue;
            s.delivered.set(e.id, now);
            if (e.id > s.cursor) s.cursor = e.id;
            for (const l of s.listeners) l(e);
          }
          for (const [id, at] of s.delivered) if (now - at > (RECENT_SECONDS + 5) * 1000) s.delivered.delete(id);
        } catch (err) {
          this.log.warn({ err: (err as Error).message }, 'front office: reading call events failed');
        }
      } while (s.again && !this.stopped);
      s.reading = null;
    })();
  }
}
