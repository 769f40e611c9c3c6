import type { Executor } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { badRequest, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { dueDate, isIsoDate, periodWindow, periodsToOpen, vnToday, type Frequency, type PeriodWindow, type ScheduledFrequency } from './reports.periods.js';
import type * as repo from './reports.repo.js';
import type { PeriodOpen } from './reports.schemas.js';
import { vnIsoOrNull, type ReportsCore } from './reports.core.js';

/** Reporting periods: opened by a receiver (scheduled or ad hoc) or by the daily job, each with one submission per reporting agency. */
export function createPeriodsService(core: ReportsCore) {
  const { database, db, store, clock, workingDayFn, dueFor, reporterAgencies, loadRegime, assertManages, isReceiver, periodView, summaryView } = core;

  /** Creates a period (if new) and one submission per reporting agency. */
  async function openPeriodTx(tx: Executor, ctx: RequestContext, r: repo.RegimeRow, w: PeriodWindow, dueOn: string): Promise<{ id: string; created: boolean }> {
    const p = await store.insertPeriod(tx, {
      regimeId: r.id,
      regimeVersion: r.version,
      frequency: w.frequency,
      key: w.key,
      label: w.label,
      year: w.year,
      cutoffFrom: w.cutoffFrom,
      cutoffTo: w.cutoffTo,
      dueOn,
      openedBy: ctx.actor?.username ?? 'system',
    });
    if (!p.created) return p;
    const reporters = await reporterAgencies(tx, r);
    for (const a of reporters) await store.insertSubmission(tx, p.id, a.id);
    await store.recordAudit(tx, ctx, {
      action: 'report.period.open',
      entity: 'report_period',
      entityId: p.id,
      summary: { regime: r.code, period: w.key, cutoffFrom: w.cutoffFrom, cutoffTo: w.cutoffTo, dueOn, reporters: reporters.length },
    });
    await store.enqueue(tx, {
      topic: 'reports.period.opened',
      aggregateKey: `report_period:${p.id}`,
      payload: { periodId: p.id, regime: r.code, period: w.key, label: w.label, dueOn, agencyIds: reporters.map((a) => a.id) },
    });
    return p;
  }

  const service = {
    async openPeriod(ctx: RequestContext, regimeId: string, input: PeriodOpen, idemKey?: string) {
      const r = await loadRegime(regimeId);
      assertManages(ctx.actor!, r.receiverAgencyId);
      let w: PeriodWindow;
      let dueOn: string;
      if (input.frequency === 'ad_hoc') {
        const a = input as Extract<PeriodOpen, { frequency: 'ad_hoc' }>;
        for (const d of [a.cutoffFrom, a.cutoffTo, a.dueOn]) if (!isIsoDate(d)) throw badRequest('invalid_date', `Ngày ${d} không hợp lệ.`);
        if (a.cutoffTo < a.cutoffFrom) throw badRequest('invalid_range', 'Ngày kết thúc chốt số liệu phải sau ngày bắt đầu.');
        if (a.dueOn <= a.cutoffTo) throw unprocessable('due_before_cutoff', 'Hạn gửi báo cáo phải sau ngày chốt số liệu (Điều 8 khoản 5 Nghị định 09/2019).');
        const year = Number(a.cutoffTo.slice(0, 4));
        w = {
          frequency: 'ad_hoc',
          year,
          index: 1,
          key: `${year}-DX-${a.cutoffFrom}-${a.cutoffTo}`,
          label: a.label.normalize('NFC'),
          cutoffFrom: a.cutoffFrom,
          cutoffTo: a.cutoffTo,
        };
        dueOn = a.dueOn;
      } else {
        const s = input as { frequency: string; year: number; index?: number };
        if (!r.frequencies.includes(s.frequency as Frequency))
          throw unprocessable('frequency_not_in_regime', `Chế độ báo cáo ${r.code} không có kỳ báo cáo "${s.frequency}".`);
        try {
          w = periodWindow(s.frequency as ScheduledFrequency, s.year, s.index ?? 1);
        } catch (e) {
          throw badRequest('invalid_period', (e as Error).message);
        }
        dueOn = await dueFor(r, w, await workingDayFn());
      }
      const p = (
        await withIdempotency(
          database,
          { operation: 'reports.period.open', principal: ctx.actor?.id, key: idemKey, request: { regimeId, input } },
          async (tx) => ({ status: 201, body: await openPeriodTx(tx, ctx, r, w, dueOn) }),
        )
      ).body;
      if (!p.created && input.frequency !== 'ad_hoc' && !idemKey) {
        // Opening twice is harmless: the existing period is returned.
      }
      return service.getPeriod(ctx.actor!, p.id);
    },
    /** The scheduler: opens the periods due on `today` for every active regime. */
    async openDuePeriods(today = vnToday(clock.now())): Promise<number> {
      const working = await workingDayFn();
      let n = 0;
      for (const r of await store.activeRegimes(db)) {
        for (const f of r.frequencies) {
          if (f === 'ad_hoc' || !r.deadlines[f]) continue;
          const due = (w: PeriodWindow) => dueDate(w, r.deadlines[f]!, working, r.dayOffRule);
          for (const { window, dueOn } of periodsToOpen(f, today, due)) {
            const p = await database.transaction((tx) => openPeriodTx(tx, { actor: null, requestId: 'job:reports.open-periods', ip: null }, r, window, dueOn));
            if (p.created) n++;
          }
        }
      }
      return n;
    },
    async listPeriods(actor: Actor, q: { regimeId?: string; frequency?: string; year?: number; limit: number; offset: number }) {
      const scope = await store.agencyScope(db, actor);
      const vis = actor.roles.includes('admin') || scope === 'all' ? {} : { receiverIn: actor.agencyId ? [actor.agencyId] : [], reporterIn: scope };
      const r = await store.listPeriods(db, { ...q, ...vis });
      const counts = await store.periodCounts(
        db,
        r.items.map((p) => p.id),
        vnToday(clock.now()),
      );
      return { total: r.total, items: await Promise.all(r.items.map((p) => periodView(p, counts.get(p.id) ?? { counts: {}, late: 0, missing: 0 }))) };
    },
    async getPeriod(actor: Actor, id: string) {
      const p = await store.getPeriod(db, id);
      if (!p) throw notFound('kỳ báo cáo');
      const scope = await store.agencyScope(db, actor);
      const receiver = isReceiver(actor, p.receiverAgencyId) || scope === 'all';
      const subs = await store.listSubmissions(db, { periodId: id, agencyIds: receiver ? null : (scope as string[]), limit: 500, offset: 0 });
      if (!receiver && subs.total === 0) throw forbidden('Cơ quan của bạn không thuộc đối tượng của kỳ báo cáo này.');
      const consolidation = await store.getConsolidation(db, id);
      return {
        ...(await periodView(p)),
        submissions: await Promise.all(subs.items.map((s) => summaryView(s, p))),
        consolidation: consolidation ? { ...consolidation, sentAt: vnIsoOrNull(consolidation.sentAt) } : null,
        canReceive: isReceiver(actor, p.receiverAgencyId),
      };
    },
  };
  return service;
}
