/**
 * Statistics of feedback received in a period: counts by agency, status, topic and channel, the
 * timeliness of each stage and the on-time rate (QĐ 766 indicators 5.1 and 5.2; the periodic
 * reports of Nghị định 09/2019). Reads only: also used by other modules through feedback.public.ts.
 */
import type { Database, Executor } from '../../platform/db/database.js';
import type { Actor } from '../../platform/context.js';
import type { Clock } from '../../platform/deps.js';
import { badRequest, forbidden } from '../../platform/errors.js';
import { onTimeRate, timeliness, type Timeliness } from './feedback.rules.js';
import type { Stats, StatsRow } from './feedback.schemas.js';
import { feedbackStore, type FeedbackCore, type FeedbackStore } from './feedback.core.js';

interface StatsQuery {
  from: string;
  to: string;
  agencyId?: string;
}

/** `scopeOf` gives the agencies the reader may see ('all' for province-wide readers). */
async function statsOf(
  store: Pick<FeedbackStore, 'statsFacts'>,
  db: Executor,
  scopeOf: () => Promise<'all' | string[]>,
  q: StatsQuery,
  now: Date,
): Promise<Stats> {
  if (q.from > q.to) throw badRequest('invalid_range', 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.');
  const scope = await scopeOf();
  let agencyIds: string[] | null = scope === 'all' ? null : scope;
  if (q.agencyId) {
    if (agencyIds && !agencyIds.includes(q.agencyId)) throw forbidden('Bạn chỉ xem được thống kê của cơ quan mình.');
    agencyIds = [q.agencyId];
  }
  const facts = await store.statsFacts(db, { from: q.from, to: q.to, agencyIds });
  const empty = (agency: StatsRow['agency']): StatsRow => ({
    agency,
    total: 0,
    byStatus: {},
    byTopic: {},
    onTime: 0,
    late: 0,
    inTime: 0,
    overdue: 0,
    onTimeRate: null,
    followUps: 0,
  });
  const total = empty(null);
  const byAgency = new Map<string, StatsRow>();
  const byChannel: Record<string, number> = {};
  for (const f of facts) {
    const key = f.agencyId ?? '';
    let row = byAgency.get(key);
    if (!row) byAgency.set(key, (row = empty(f.agencyId ? { id: f.agencyId, code: f.agencyCode!, name: f.agencyName! } : null)));
    const t: Timeliness = timeliness(f, now);
    for (const r of [row, total]) {
      r.total++;
      r.byStatus[f.status] = (r.byStatus[f.status] ?? 0) + 1;
      const topic = f.topic ?? 'unclassified';
      r.byTopic[topic] = (r.byTopic[topic] ?? 0) + 1;
      if (t === 'on_time') r.onTime++;
      else if (t === 'late') r.late++;
      else if (t === 'in_time') r.inTime++;
      else if (t === 'overdue') r.overdue++;
      if (f.followUpAt) r.followUps++;
    }
    byChannel[f.channel] = (byChannel[f.channel] ?? 0) + 1;
  }
  const rate = (r: StatsRow) => ({ ...r, onTimeRate: onTimeRate({ on_time: r.onTime, late: r.late, in_time: r.inTime, overdue: r.overdue, not_counted: 0 }) });
  return {
    from: q.from,
    to: q.to,
    total: rate(total),
    byAgency: [...byAgency.values()].map(rate).sort((a, b) => (a.agency?.code ?? '').localeCompare(b.agency?.code ?? '')),
    byChannel,
  };
}

/** Statistics of feedback received in [from, to] (YYYY-MM-DD, Vietnam dates), optionally for one agency, province-wide; `clock` is the caller's (deps.clock). */
export async function feedbackStats(database: Pick<Database, 'db'>, q: StatsQuery, clock: Clock): Promise<Stats> {
  return statsOf(feedbackStore, database.db, async () => 'all', q, clock.now());
}

export function createStatsService(core: FeedbackCore) {
  const { db, store, clock } = core;
  return {
    /** Counts by agency and status, timeliness and the on-time rate, for items received in [from, to]. */
    async stats(actor: Actor | null, q: StatsQuery): Promise<Stats> {
      return statsOf(store, db, async () => (actor ? store.agencyScope(db, actor) : 'all'), q, clock());
    },
  };
}
