import type { Actor } from '../../platform/context.js';
import { badRequest, forbidden, notFound } from '../../platform/errors.js';
import { aggregate } from './reports.template.js';
import { STATUS_VI, type SubmissionStatus } from './reports.schemas.js';
import type { ReportsCore } from './reports.core.js';

/** The receiver's figures: a period aggregated over the accepted (or also submitted) reports, and one regime's series over the years. */
export function createAggregationService(core: ReportsCore) {
  const { db, store, loadRegime, isReceiver, periodView, templateOf } = core;

  const service = {
    async aggregatePeriod(actor: Actor, periodId: string, include: 'accepted' | 'submitted' = 'accepted') {
      const p = await store.getPeriod(db, periodId);
      if (!p) throw notFound('kỳ báo cáo');
      const scope = await store.agencyScope(db, actor);
      if (!isReceiver(actor, p.receiverAgencyId) && scope !== 'all') throw forbidden('Chỉ cơ quan nhận báo cáo xem được số liệu tổng hợp.');
      const { template, regime } = await templateOf(p);
      const statuses: SubmissionStatus[] = include === 'submitted' ? ['submitted', 'accepted'] : ['accepted'];
      const versions = await store.latestVersionsOfPeriod(db, periodId, statuses);
      const all = await store.listSubmissions(db, { periodId, limit: 500, offset: 0 });
      const included = new Set(versions.map((v) => v.agencyId));
      return {
        period: await periodView(p),
        regime: { code: regime.code, name: regime.name, legalBasis: regime.legalBasis, issuer: regime.issuer, receiverAgencyId: regime.receiverAgencyId },
        template,
        include,
        agencies: versions.map((v) => ({
          agencyId: v.agencyId,
          agencyName: v.agencyName,
          submissionId: v.submissionId,
          versionNo: v.versionNo,
          status: v.status,
          late: v.late,
        })),
        notIncluded: all.items
          .filter((s) => !included.has(s.agencyId))
          .map((s) => ({ agencyId: s.agencyId, agencyName: s.agencyName, status: s.status, statusName: STATUS_VI[s.status] })),
        cells: aggregate(
          template,
          versions.map((v) => ({ agencyId: v.agencyId, agencyName: v.agencyName, cells: v.cells })),
        ),
        narratives: versions.map((v) => ({ agencyName: v.agencyName, narrative: v.narrative })),
        consolidation: await store.getConsolidation(db, periodId),
      };
    },
    /** One regime's aggregate across the periods of a frequency and year (numeric cells). */
    async series(actor: Actor, regimeId: string, q: { frequency: string; fromYear: number; toYear: number; include?: 'accepted' | 'submitted' }) {
      const r = await loadRegime(regimeId);
      const scope = await store.agencyScope(db, actor);
      if (!isReceiver(actor, r.receiverAgencyId) && scope !== 'all') throw forbidden('Chỉ cơ quan nhận báo cáo xem được số liệu tổng hợp.');
      if (q.toYear < q.fromYear || q.toYear - q.fromYear > 10) throw badRequest('invalid_range', 'Khoảng năm không hợp lệ (tối đa 10 năm).');
      const periods = [];
      for (let y = q.fromYear; y <= q.toYear; y++)
        periods.push(...(await store.listPeriods(db, { regimeId, frequency: q.frequency, year: y, limit: 500, offset: 0 })).items);
      periods.sort((a, b) => a.cutoffTo.localeCompare(b.cutoffTo));
      const out = [];
      for (const p of periods) {
        const a = await service.aggregatePeriod(actor, p.id, q.include ?? 'accepted');
        const values: Record<string, number | null> = {};
        for (const [ref, c] of Object.entries(a.cells)) if (c.mode !== 'list' && c.mode !== 'none') values[ref] = c.value;
        out.push({ periodId: p.id, key: p.key, label: p.label, cutoffFrom: p.cutoffFrom, cutoffTo: p.cutoffTo, agencies: a.agencies.length, values });
      }
      return { regime: { id: r.id, code: r.code, name: r.name }, frequency: q.frequency, template: r.template, items: out, total: out.length };
    },
  };
  return service;
}
export type AggregationService = ReturnType<typeof createAggregationService>;
