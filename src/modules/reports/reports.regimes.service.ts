import type { RequestContext } from '../../platform/context.js';
import { badRequest, conflict, notFound, unprocessable } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { vnIso } from '../../platform/vn-time.js';
import { deadlineRuleProblem, periodsOfYear, type DeadlineRule, type Frequency } from './reports.periods.js';
import { templateProblems, type Template } from './reports.template.js';
import { SYSTEM_FIGURE_KEYS } from './reports.figures.js';
import type * as repo from './reports.repo.js';
import type { RegimeCreate, RegimeUpdate } from './reports.schemas.js';
import type { ReportsCore } from './reports.core.js';

/** Reporting regimes: their reporters, deadlines and template, each change kept as a new version; the periods a regime gives in a year. */
export function createRegimesService(core: ReportsCore) {
  const { database, db, store, workingDayFn, dueFor, reporterAgencies, loadRegime, assertManages } = core;

  function checkRegime(d: repo.RegimeData): void {
    const problems = templateProblems(d.template, SYSTEM_FIGURE_KEYS);
    for (const f of d.frequencies) {
      if (f === 'ad_hoc') continue;
      const rule = d.deadlines[f];
      if (!rule) problems.push(`Thiếu quy định hạn gửi báo cáo cho tần suất "${f}".`);
      else {
        const p = deadlineRuleProblem(rule, f);
        if (p) problems.push(`Hạn gửi (${f}): ${p}`);
      }
    }
    for (const k of Object.keys(d.deadlines))
      if (!d.frequencies.includes(k as Frequency)) problems.push(`Hạn gửi cho tần suất "${k}" nhưng chế độ không có tần suất này.`);
    if (!d.reporterKinds.length && !d.reporterAgencyIds.length) problems.push('Chưa xác định đối tượng báo cáo (loại cơ quan hoặc danh sách cơ quan).');
    if (problems.length)
      throw unprocessable(
        'regime_invalid',
        `Chế độ báo cáo chưa hợp lệ: ${problems.slice(0, 5).join(' ')}${problems.length > 5 ? ` (và ${problems.length - 5} lỗi khác)` : ''}`,
        { problems },
      );
  }

  async function regimeView(r: repo.RegimeRow) {
    const receiver = await store.getAgency(db, r.receiverAgencyId);
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      legalBasis: r.legalBasis,
      issuer: r.issuer,
      receiver: { id: r.receiverAgencyId, name: receiver?.name ?? '' },
      reporterKinds: r.reporterKinds,
      reporterAgencyIds: r.reporterAgencyIds,
      reporters: await reporterAgencies(db, r),
      frequencies: r.frequencies,
      deadlines: r.deadlines as Record<string, DeadlineRule>,
      dayOffRule: r.dayOffRule,
      reminderDays: r.reminderDays,
      sendingMethod: r.sendingMethod,
      nationalCode: r.nationalCode,
      template: r.template,
      active: r.active,
      version: r.version,
      updatedAt: vnIso(r.updatedAt),
    };
  }

  const regimeData = (r: repo.RegimeRow): repo.RegimeData => {
    const { id: _i, version: _v, updatedAt: _u, ...d } = r;
    return d;
  };

  const service = {
    async listRegimes(q: { q?: string; active?: boolean; limit: number; offset: number }) {
      const r = await store.listRegimes(db, q);
      return { total: r.total, items: await Promise.all(r.items.map(regimeView)) };
    },
    async getRegime(id: string) {
      const r = await loadRegime(id);
      return {
        ...(await regimeView(r)),
        versions: (await store.listRegimeVersions(db, id)).map((v) => ({ version: v.version, createdAt: vnIso(v.createdAt), createdBy: v.createdBy })),
      };
    },
    async createRegime(ctx: RequestContext, input: RegimeCreate, idemKey?: string) {
      const actor = ctx.actor!;
      assertManages(actor, input.receiverAgencyId);
      const d: repo.RegimeData = {
        ...input,
        frequencies: input.frequencies as Frequency[],
        deadlines: input.deadlines as repo.RegimeData['deadlines'],
        dayOffRule: input.dayOffRule as repo.RegimeData['dayOffRule'],
        template: input.template as Template,
        active: true,
        nationalCode: input.nationalCode ?? null,
      };
      checkRegime(d);
      const id = (
        await withIdempotency(database, { operation: 'reports.regime.create', principal: actor.id, key: idemKey, request: input }, async (tx) => {
          if (!(await store.getAgency(tx, d.receiverAgencyId))) throw unprocessable('agency_not_found', 'Cơ quan nhận báo cáo không tồn tại.');
          for (const a of d.reporterAgencyIds)
            if (!(await store.getAgency(tx, a))) throw unprocessable('agency_not_found', `Cơ quan báo cáo ${a} không tồn tại.`);
          if (await store.getRegimeByCode(tx, d.code)) throw conflict('regime_code_taken', `Mã chế độ báo cáo ${d.code} đã tồn tại.`);
          const newId = await store.insertRegime(tx, d);
          await store.insertRegimeVersion(tx, newId, 1, d, actor.username);
          await store.recordAudit(tx, ctx, {
            action: 'report.regime.create',
            entity: 'report_regime',
            entityId: newId,
            summary: { code: d.code, name: d.name },
          });
          await store.enqueue(tx, {
            topic: 'reports.regime.changed',
            aggregateKey: `report_regime:${newId}`,
            payload: { id: newId, version: 1, change: 'created' },
          });
          return { status: 201, body: newId };
        })
      ).body;
      return service.getRegime(id);
    },
    async updateRegime(ctx: RequestContext, id: string, patch: RegimeUpdate) {
      const actor = ctx.actor!;
      await database.transaction(async (tx) => {
        const before = await store.getRegime(tx, id);
        if (!before) throw notFound('chế độ báo cáo');
        assertManages(actor, before.receiverAgencyId);
        if (patch.receiverAgencyId) assertManages(actor, patch.receiverAgencyId);
        if (patch.version !== before.version)
          throw conflict('stale_version', 'Chế độ báo cáo đã được người khác sửa. Vui lòng tải lại.', { currentVersion: before.version });
        const { version: _v, ...rest } = patch;
        const d: repo.RegimeData = { ...regimeData(before), ...(rest as Partial<repo.RegimeData>) };
        checkRegime(d);
        if (!(await store.updateRegime(tx, id, d, before.version))) throw conflict('stale_version', 'Chế độ báo cáo đã được người khác sửa. Vui lòng tải lại.');
        await store.insertRegimeVersion(tx, id, before.version + 1, d, actor.username);
        await store.recordAudit(tx, ctx, {
          action: 'report.regime.update',
          entity: 'report_regime',
          entityId: id,
          summary: { fields: Object.keys(rest), version: before.version + 1 },
        });
        await store.enqueue(tx, {
          topic: 'reports.regime.changed',
          aggregateKey: `report_regime:${id}`,
          payload: { id, version: before.version + 1, change: 'updated' },
        });
      });
      return service.getRegime(id);
    },
    /** The periods of a year with cut-off windows and due dates (no change). */
    async previewPeriods(id: string, year: number) {
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badRequest('invalid_year', 'Năm phải từ 2000 đến 2100.');
      const r = await loadRegime(id);
      const working = await workingDayFn();
      const out = [];
      for (const f of r.frequencies) {
        if (f === 'ad_hoc') continue;
        for (const w of periodsOfYear(f, year))
          out.push({ frequency: f, key: w.key, label: w.label, cutoffFrom: w.cutoffFrom, cutoffTo: w.cutoffTo, dueOn: await dueFor(r, w, working) });
      }
      return { items: out, total: out.length };
    },
  };
  return service;
}
