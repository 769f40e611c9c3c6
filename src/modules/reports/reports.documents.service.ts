import type { Actor } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { allCells } from './reports.template.js';
import { submissionPdf } from './reports.export.js';
import type * as repo from './reports.repo.js';
import type { ReportsCore } from './reports.core.js';

/** Renders a report as a PDF in the administrative layout (the current content, or a submitted version's). */
export function reportPdfRenderer(core: ReportsCore) {
  const { db, store, clock, templateOf } = core;
  async function renderPdf(s: repo.SubmissionRow, p: repo.PeriodRow, o: { signedByName: string | null; version?: repo.VersionRow | null }): Promise<Buffer> {
    const { template, regime } = await templateOf(p);
    const agency = await store.getAgency(db, s.agencyId);
    const parent = agency?.parentId ? await store.getAgency(db, agency.parentId) : null;
    const receiver = await store.getAgency(db, regime.receiverAgencyId);
    const v = o.version ?? null;
    return submissionPdf({
      regimeName: regime.name,
      legalBasis: regime.legalBasis,
      receiverName: receiver?.name ?? '',
      periodLabel: p.label,
      cutoffFrom: p.cutoffFrom,
      cutoffTo: p.cutoffTo,
      template,
      cells: v?.cells ?? s.cells,
      narrative: v?.narrative ?? s.narrative,
      annotations: v?.annotations ?? s.annotations,
      systemRefs: new Set(
        allCells(template)
          .filter((c) => c.system)
          .map((c) => c.ref),
      ),
      agency: agency?.name ?? s.agencyName,
      parent: parent?.name ?? null,
      signedByName: o.signedByName,
      versionNo: v?.versionNo ?? null,
      at: clock.now(),
    });
  }
  return renderPdf;
}
export type RenderPdf = ReturnType<typeof reportPdfRenderer>;

/** A report as documents: its PDF, the PDF the leader signed digitally, and what the XLSX export needs. */
export function createDocumentsService(core: ReportsCore, renderPdf: RenderPdf) {
  const { db, store, signing, templateOf, loadSubmission, canSee } = core;
  return {
    /** The report as a PDF (current content or a submitted version), for anyone who may see it. */
    async reportPdf(actor: Actor, id: string, versionNo?: number): Promise<Buffer> {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      const v = versionNo ? (await store.listVersions(db, s.id)).find((x) => x.versionNo === versionNo) : null;
      if (versionNo && !v) throw notFound('phiên bản báo cáo');
      return renderPdf(s, p, { signedByName: v?.signedByName ?? s.signedByName, version: v });
    },

    /** The PDF the leader signed digitally (the current sign-off, or the one a submitted version was sent with). */
    async signedPdf(actor: Actor, id: string, versionNo?: number): Promise<{ data: Buffer; sha256: string }> {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      const f = versionNo ? (await store.listVersions(db, s.id)).find((x) => x.versionNo === versionNo)?.signedPdf : s.signedPdf;
      if (!f || !signing) throw notFound('bản báo cáo đã ký số');
      return { data: await signing.file(f.key), sha256: f.sha256 };
    },

    async forExport(actor: Actor, id: string) {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      const { template, regime } = await templateOf(p);
      const agency = await store.getAgency(db, s.agencyId);
      const parent = agency?.parentId ? await store.getAgency(db, agency.parentId) : null;
      return { s, p, template, regime, agency, parent };
    },
  };
}
