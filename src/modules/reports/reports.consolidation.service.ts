import type { RequestContext } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import type { ConsolidationIn, Transition } from './reports.schemas.js';
import type { ReportsCore } from './reports.core.js';
import type { AggregationService } from './reports.aggregation.service.js';

/**
 * The receiving office's consolidated report for the level above: its number, narrative and
 * signer, then sent once (the national reporting system receives it through the outbox,
 * `reports.national.send`).
 */
export function createConsolidationService(core: ReportsCore, aggregatePeriod: AggregationService['aggregatePeriod']) {
  const { database, db, store, clock, isReceiver, templateOf } = core;

  return {
    async saveConsolidation(ctx: RequestContext, periodId: string, input: ConsolidationIn) {
      const p = await store.getPeriod(db, periodId);
      if (!p) throw notFound('kỳ báo cáo');
      if (!isReceiver(ctx.actor!, p.receiverAgencyId)) throw forbidden('Chỉ cơ quan nhận báo cáo được lập báo cáo tổng hợp.');
      const { template } = await templateOf(p);
      const sections = new Set(template.sections.map((s) => s.id));
      const unknown = Object.keys(input.narrative ?? {}).filter((k) => !sections.has(k));
      if (unknown.length) throw badRequest('unknown_section', `Đề mục không có trong đề cương: ${unknown.join(', ')}.`);
      await database.transaction(async (tx) => {
        await store.ensureConsolidation(tx, periodId);
        const c = (await store.getConsolidation(tx, periodId))!;
        if (c.status === 'sent') throw conflict('consolidation_sent', 'Báo cáo tổng hợp đã gửi lên cấp trên, không sửa được.');
        if (c.version !== input.version)
          throw conflict('stale_version', 'Báo cáo tổng hợp vừa được người khác sửa. Vui lòng tải lại.', { currentVersion: c.version });
        const narrative = input.narrative
          ? Object.fromEntries(
              Object.entries({ ...c.narrative, ...input.narrative })
                .filter(([, v]) => v.trim() !== '')
                .map(([k, v]) => [k, v.normalize('NFC')]),
            )
          : undefined;
        if (
          !(await store.updateConsolidation(tx, periodId, c.version, {
            number: input.number,
            narrative,
            signerTitle: input.signerTitle,
            signerName: input.signerName,
          }))
        )
          throw conflict('stale_version', 'Báo cáo tổng hợp vừa được người khác sửa.');
        await store.recordAudit(tx, ctx, {
          action: 'report.consolidation.save',
          entity: 'report_period',
          entityId: periodId,
          summary: { fields: Object.keys(input).filter((k) => k !== 'version') },
        });
        await store.enqueue(tx, { topic: 'reports.consolidation.changed', aggregateKey: `report_period:${periodId}`, payload: { periodId, change: 'saved' } });
      });
      return store.getConsolidation(db, periodId);
    },
    async sendConsolidation(ctx: RequestContext, periodId: string, input: Transition) {
      const p = await store.getPeriod(db, periodId);
      if (!p) throw notFound('kỳ báo cáo');
      if (!isReceiver(ctx.actor!, p.receiverAgencyId)) throw forbidden('Chỉ cơ quan nhận báo cáo được gửi báo cáo tổng hợp.');
      const agg = await aggregatePeriod(ctx.actor!, periodId, 'accepted');
      if (!agg.agencies.length) throw unprocessable('nothing_to_send', 'Chưa có báo cáo nào được tiếp nhận để tổng hợp.');
      await database.transaction(async (tx) => {
        await store.ensureConsolidation(tx, periodId);
        const c = (await store.getConsolidation(tx, periodId))!;
        if (c.status === 'sent') throw conflict('consolidation_sent', 'Báo cáo tổng hợp đã được gửi.');
        if (c.version !== input.version)
          throw conflict('stale_version', 'Báo cáo tổng hợp vừa được người khác sửa. Vui lòng tải lại.', { currentVersion: c.version });
        await store.updateConsolidation(tx, periodId, c.version, { sent: { at: clock.now(), by: ctx.actor!.fullName } });
        await store.recordAudit(tx, ctx, {
          action: 'report.consolidation.send',
          entity: 'report_period',
          entityId: periodId,
          summary: { agencies: agg.agencies.length },
        });
        const values: Record<string, number | null> = {};
        for (const [ref, cell] of Object.entries(agg.cells)) if (cell.mode !== 'list') values[ref] = cell.value;
        await store.enqueue(tx, {
          topic: 'reports.national.send',
          aggregateKey: `report_period:${periodId}`,
          payload: {
            periodId,
            regimeCode: p.regimeCode,
            period: p.key,
            label: p.label,
            cutoffFrom: p.cutoffFrom,
            cutoffTo: p.cutoffTo,
            number: c.number,
            narrative: c.narrative,
            values,
            agencies: agg.agencies.length,
          },
        });
      });
      return store.getConsolidation(db, periodId);
    },
  };
}
