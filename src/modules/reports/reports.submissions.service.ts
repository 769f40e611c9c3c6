import type { Executor } from '../../platform/db/database.js';
import { hasAnyRole, type Actor } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { vnIso } from '../../platform/vn-time.js';
import { vnToday } from './reports.periods.js';
import { validateReport } from './reports.template.js';
import type * as repo from './reports.repo.js';
import { allowedActions, overriddenCells, SIGNER_ROLES, vnIsoOrNull, type ReportsCore } from './reports.core.js';

/** Reading submissions: the lists an actor may see, one report with its versions, log and the actions open to the actor, a submitted version. */
export function createSubmissionsService(core: ReportsCore) {
  const { db, store, clock, signing, templateOf, loadSubmission, canSee, canEdit, isReceiver, periodView, summaryView } = core;

  /** The signed PDFs of a report (current and versions) with the verdicts of their signatures, as checked when stored: one query for all. */
  async function signedPdfViews(fs: ({ sha256: string } | null)[]): Promise<({ sha256: string; status: string; verdict: string } | null)[]> {
    const hashes = fs.flatMap((f) => (f ? [f.sha256] : []));
    const m = signing && hashes.length ? await signing.verdicts(hashes) : new Map<string, { status: string; verdict: string }>();
    return fs.map((f) => (f ? { sha256: f.sha256, status: m.get(f.sha256)?.status ?? 'none', verdict: m.get(f.sha256)?.verdict ?? '' } : null));
  }

  async function fullView(x: Executor, actor: Actor, s: repo.SubmissionRow, p: repo.PeriodRow) {
    const { template, regime } = await templateOf(p);
    const [versions, actions] = await Promise.all([store.listVersions(x, s.id), store.listActions(x, s.id)]);
    const edit = await canEdit(actor, s);
    const sign = edit && hasAnyRole(actor, SIGNER_ROLES);
    const pdfViews = await signedPdfViews([s.signedPdf, ...versions.map((v) => v.signedPdf)]);
    return {
      ...(await summaryView(s, p)),
      period: await periodView(p),
      regime: {
        code: regime.code,
        name: regime.name,
        legalBasis: regime.legalBasis,
        issuer: regime.issuer,
        receiverAgencyId: regime.receiverAgencyId,
        sendingMethod: regime.sendingMethod,
      },
      template,
      cells: s.cells,
      narrative: s.narrative,
      annotations: s.annotations,
      systemFigures: s.systemFigures,
      systemFiguresAt: vnIsoOrNull(s.systemFiguresAt),
      overridden: overriddenCells(template, s.cells, s.systemFigures),
      signedByName: s.signedByName,
      signedAt: vnIsoOrNull(s.signedAt),
      signedPdf: pdfViews[0] ?? null,
      reviewComment: s.reviewComment,
      cellComments: s.cellComments,
      issues: validateReport(template, s.cells, s.narrative, s.status !== 'not_started' && s.status !== 'draft' && s.status !== 'returned'),
      versions: versions.map((v, i) => ({
        versionNo: v.versionNo,
        submittedAt: vnIso(v.submittedAt),
        submittedBy: v.submittedBy,
        signedByName: v.signedByName,
        late: v.late,
        contentHash: v.contentHash,
        signedPdf: pdfViews[i + 1] ?? null,
      })),
      actions: actions.map((a) => ({ ...a, at: vnIso(a.at) })),
      allowedActions: allowedActions(s.status, { edit, sign, receive: isReceiver(actor, p.receiverAgencyId) }),
    };
  }

  return {
    async listSubmissions(
      actor: Actor,
      q: { periodId?: string; regimeId?: string; status?: string; mine?: boolean; lateOrMissing?: boolean; limit: number; offset: number },
    ) {
      const scope = await store.agencyScope(db, actor);
      const admin = actor.roles.includes('admin');
      let agencyIds: string[] | null = null;
      let receiverIn: string[] | null = null;
      if (q.mine) agencyIds = actor.agencyId ? (scope === 'all' ? [actor.agencyId] : scope) : [];
      else if (!admin && scope !== 'all') {
        agencyIds = scope;
        receiverIn = actor.agencyId ? [actor.agencyId] : [];
      }
      const r = await store.listSubmissions(db, {
        periodId: q.periodId,
        regimeId: q.regimeId,
        status: q.status,
        agencyIds,
        receiverIn,
        lateOrMissing: q.lateOrMissing ? { today: vnToday(clock.now()) } : undefined,
        limit: q.limit,
        offset: q.offset,
      });
      return { total: r.total, items: await Promise.all(r.items.map((s) => summaryView(s, s.period))) };
    },
    async getSubmission(actor: Actor, id: string) {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      return fullView(db, actor, s, p);
    },
    async getVersion(actor: Actor, id: string, versionNo: number) {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      const v = await store.getVersion(db, id, versionNo);
      if (!v) throw notFound(`phiên bản ${versionNo} của báo cáo`);
      return {
        versionNo: v.versionNo,
        cells: v.cells,
        narrative: v.narrative,
        annotations: v.annotations,
        systemFigures: v.systemFigures,
        contentHash: v.contentHash,
        signedByName: v.signedByName,
        signedAt: vnIsoOrNull(v.signedAt),
        submittedAt: vnIso(v.submittedAt),
        submittedBy: v.submittedBy,
        late: v.late,
      };
    },
  };
}
export type SubmissionsService = ReturnType<typeof createSubmissionsService>;
