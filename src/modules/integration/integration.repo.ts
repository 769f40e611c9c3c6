import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';

/** Records a delivery once per (channel, key); a repeat is ignored (receivers deduplicate). */
export async function recordDelivery(
  db: Executor,
  d: { channel: string; adapter: string; key: string; subject: string | null; payload: unknown },
): Promise<boolean> {
  const r =
    await sql`INSERT INTO integration_delivery (channel, adapter, idempotency_key, subject, payload) VALUES (${d.channel}, ${d.adapter}, ${d.key}, ${d.subject}, ${JSON.stringify(d.payload)}::jsonb)
    ON CONFLICT (channel, idempotency_key) DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** A recorded delivery; the payload is the message as sent (its shape is the channel's: callers narrow it). */
export interface DeliveryRow {
  id: string;
  channel: string;
  adapter: string;
  idempotencyKey: string;
  subject: string | null;
  payload: unknown;
  deliveredAt: string;
}

export async function listDeliveries(
  db: Executor,
  q: { channel?: string; subject?: string; limit: number; offset: number },
): Promise<{ total: number; items: DeliveryRow[] }> {
  const c = [sql`true`];
  if (q.channel) c.push(sql`channel = ${q.channel}`);
  if (q.subject) c.push(sql`subject = ${q.subject}`);
  const { rows } = await sql<
    Pick<TableRow<'integration_delivery'>, 'id' | 'channel' | 'adapter' | 'idempotency_key' | 'subject' | 'payload' | 'delivered_at'> & { total_count: number }
  >`SELECT id, channel, adapter, idempotency_key, subject, payload, delivered_at, count(*) OVER () AS total_count FROM integration_delivery WHERE ${sql.join(c, sql` AND `)} ORDER BY id DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(
    db,
  );
  return {
    total: rows.length ? rows[0].total_count : 0,
    items: rows.map((r) => ({
      id: String(r.id),
      channel: r.channel,
      adapter: r.adapter,
      idempotencyKey: r.idempotency_key,
      subject: r.subject ?? null,
      payload: r.payload,
      deliveredAt: r.delivered_at.toISOString(),
    })),
  };
}
