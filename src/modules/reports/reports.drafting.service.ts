import type { Actor, RequestContext } from '../../platform/context.js';
import { badRequest, unprocessable } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { allCells, cellIndex, cellLabel, validateReport, type Cells, type Template } from './reports.template.js';
import { computeFigures, type FigureValue } from './reports.figures.js';
import type * as repo from './reports.repo.js';
import type { SaveData, SubmissionStatus, Transition } from './reports.schemas.js';
import { contentHash, overriddenCells, type ReportsCore } from './reports.core.js';
import type { SubmissionsService } from './reports.submissions.service.js';

/**
 * Filling a report: saving cells, narrative and annotations (a system figure is corrected only with
 * a written explanation), pre-filling the system figures, the content an XLSX import starts from.
 * Editing a signed report clears the leader's signature.
 */
export function createDraftingService(core: ReportsCore, getSubmission: SubmissionsService['getSubmission']) {
  const { database, db, store, clock, templateOf, loadSubmission, assertEdit, assertStatus, assertVersion, logChange, update } = core;

  /** Checks a patch of cells against the template and the system figures; returns the merged content. */
  function mergeContent(
    template: Template,
    s: repo.SubmissionRow,
    input: { cells?: Cells; narrative?: Record<string, string>; annotations?: Record<string, string> },
  ) {
    const index = cellIndex(template);
    const unknown = Object.keys(input.cells ?? {}).filter((k) => !index.has(k));
    if (unknown.length) throw badRequest('unknown_cell', `Ô không có trong mẫu báo cáo: ${unknown.slice(0, 5).join(', ')}.`, { cells: unknown });
    const unknownAnn = Object.keys(input.annotations ?? {}).filter((k) => !index.has(k));
    if (unknownAnn.length) throw badRequest('unknown_cell', `Ghi chú cho ô không có trong mẫu: ${unknownAnn.slice(0, 5).join(', ')}.`, { cells: unknownAnn });
    const sections = new Set(template.sections.map((x) => x.id));
    const unknownSec = Object.keys(input.narrative ?? {}).filter((k) => !sections.has(k));
    if (unknownSec.length) throw badRequest('unknown_section', `Đề mục không có trong đề cương: ${unknownSec.join(', ')}.`, { sections: unknownSec });
    const cells: Cells = { ...s.cells };
    for (const [k, v] of Object.entries(input.cells ?? {})) {
      if (v === null || v === '') delete cells[k];
      else cells[k] = typeof v === 'string' ? v.normalize('NFC') : v;
    }
    const narrative = { ...s.narrative };
    for (const [k, v] of Object.entries(input.narrative ?? {})) {
      if (v.trim() === '') delete narrative[k];
      else narrative[k] = v.normalize('NFC');
    }
    const annotations = { ...s.annotations };
    for (const [k, v] of Object.entries(input.annotations ?? {})) {
      if (v.trim() === '') delete annotations[k];
      else annotations[k] = v.normalize('NFC').trim();
    }
    // A value of the wrong type is bad input (400), whatever else is wrong.
    const typeErrors = validateReport(template, cells, narrative, false).filter((i) => i.code === 'cell_type');
    if (typeErrors.length)
      throw badRequest(
        'cell_invalid',
        typeErrors
          .slice(0, 3)
          .map((i) => i.message)
          .join(' '),
        { issues: typeErrors },
      );
    // A system figure may be corrected only with a written explanation (never silently).
    const silent: string[] = [];
    for (const ref of overriddenCells(template, cells, s.systemFigures)) {
      if (!annotations[ref]) silent.push(ref);
    }
    if (silent.length) {
      const c = index.get(silent[0])!;
      const f = s.systemFigures[c.system!];
      throw unprocessable(
        'system_figure_overwrite',
        `${cellLabel(c)} là số liệu hệ thống (${f.value.toLocaleString('vi-VN')}, ${f.basis}); muốn ghi số khác phải kèm ghi chú giải trình cho ô này.`,
        { cells: silent },
      );
    }
    return { cells, narrative, annotations };
  }

  async function figuresFor(s: repo.SubmissionRow, p: repo.PeriodRow, template: Template): Promise<Record<string, FigureValue>> {
    const keys = [
      ...new Set(
        allCells(template)
          .map((c) => c.system)
          .filter((k): k is string => !!k),
      ),
    ];
    if (!keys.length) return {};
    const agencyIds = await store.agencySubtree(db, s.agencyId);
    return computeFigures(
      { database, ...core.figureSources },
      { agencyId: s.agencyId, agencyIds, cutoffFrom: p.cutoffFrom, cutoffTo: p.cutoffTo, keys, now: clock.now() },
    );
  }

  /** Applies new system figures: cells that held the old figure (or nothing) take the new one; annotated corrections stay. */
  function applyFigures(
    template: Template,
    cells: Cells,
    annotations: Record<string, string>,
    old: Record<string, FigureValue>,
    fresh: Record<string, FigureValue>,
  ): Cells {
    const out = { ...cells };
    for (const c of allCells(template)) {
      if (!c.system || !fresh[c.system]) continue;
      const cur = out[c.ref];
      // An annotated correction of the previous figure stays; everything else takes the new figure.
      const correction = !!annotations[c.ref] && cur !== undefined && cur !== null && (!old[c.system] || cur !== old[c.system].value);
      if (!correction) out[c.ref] = fresh[c.system].value;
    }
    return out;
  }

  return {
    async save(ctx: RequestContext, id: string, input: SaveData, idemKey?: string) {
      const actor = ctx.actor!;
      await withIdempotency(database, { operation: 'reports.save', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        await assertEdit(actor, s, tx);
        assertStatus(s, ['not_started', 'draft', 'returned', 'signed'], 'sửa');
        assertVersion(s, input.version);
        const { template } = await templateOf(p, tx);
        const merged = mergeContent(template, s, input);
        const changed = contentHash(merged) !== contentHash(s);
        const to: SubmissionStatus = s.status === 'signed' ? (changed ? 'draft' : 'signed') : 'draft';
        await update(tx, s, { ...merged, status: to, ...(s.status === 'signed' && changed ? { signature: null } : {}) });
        await logChange(tx, ctx, s, p, 'save', to, {
          cells: Object.keys(input.cells ?? {}).length,
          sections: Object.keys(input.narrative ?? {}),
          annotations: Object.keys(input.annotations ?? {}),
          signatureCleared: s.status === 'signed' && changed,
        });
        return { status: 200, body: { id } };
      });
      return getSubmission(actor, id);
    },

    async prefill(ctx: RequestContext, id: string, input: Transition) {
      const actor = ctx.actor!;
      const pre = await loadSubmission(db, id);
      await assertEdit(actor, pre.s);
      const { template } = await templateOf(pre.p);
      const fresh = await figuresFor(pre.s, pre.p, template);
      await database.transaction(async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        assertStatus(s, ['not_started', 'draft', 'returned', 'signed'], 'lấy số liệu hệ thống');
        assertVersion(s, input.version);
        const cells = applyFigures(template, s.cells, s.annotations, s.systemFigures, fresh);
        const changed = contentHash({ ...s, cells }) !== contentHash(s);
        const to: SubmissionStatus = s.status === 'signed' && !changed ? 'signed' : 'draft';
        await update(tx, s, {
          cells,
          systemFigures: fresh,
          systemFiguresAt: clock.now(),
          status: to,
          ...(s.status === 'signed' && changed ? { signature: null } : {}),
        });
        await logChange(tx, ctx, s, p, 'prefill', to, { figures: Object.fromEntries(Object.entries(fresh).map(([k, v]) => [k, v.value])) });
      });
      return getSubmission(actor, id);
    },

    /** For XLSX import: the template and the current content of an editable submission. */
    async forImport(actor: Actor, id: string) {
      const { s, p } = await loadSubmission(db, id);
      await assertEdit(actor, s);
      return { s, p, template: (await templateOf(p)).template };
    },
  };
}
