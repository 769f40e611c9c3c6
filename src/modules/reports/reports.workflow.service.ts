import { hasAnyRole, type RequestContext } from '../../platform/context.js';
import { badRequest, conflict, forbidden, unprocessable } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { endOfVnDay } from './reports.periods.js';
import { blocking, cellIndex, validateReport } from './reports.template.js';
import type { ReturnIn, Transition } from './reports.schemas.js';
import { contentHash, SIGNER_ROLES, type ReportsCore } from './reports.core.js';
import type { SubmissionsService } from './reports.submissions.service.js';
import type { RenderPdf } from './reports.documents.service.js';

/**
 * The submission lifecycle after drafting: the leader signs off (with a digital signature when the
 * signing port is wired), the agency submits (every submitted version kept; late is decided by the
 * first submission), the receiver returns it with comments or accepts it.
 */
export function createWorkflowService(core: ReportsCore, getSubmission: SubmissionsService['getSubmission'], renderPdf: RenderPdf) {
  const { database, db, store, clock, signing, templateOf, loadSubmission, canEdit, assertEdit, assertStatus, assertVersion, isReceiver, logChange, update } =
    core;

  return {
    async sign(ctx: RequestContext, id: string, input: Transition, idemKey?: string) {
      const actor = ctx.actor!;
      // The digital signature is made before the transaction (a remote signer may wait for the
      // leader's confirmation on their phone), on the content as it is now; the transaction then
      // checks that nothing changed meanwhile. Only when every check of the sign-off would pass.
      let signed: { key: string; sha256: string; data: Buffer; contentHash: string } | null = null;
      if (signing) {
        const pre = await loadSubmission(db, id);
        const { template } = await templateOf(pre.p);
        const ready =
          ['draft', 'returned'].includes(pre.s.status) &&
          pre.s.version === input.version &&
          hasAnyRole(actor, SIGNER_ROLES) &&
          (await canEdit(actor, pre.s)) &&
          blocking(validateReport(template, pre.s.cells, pre.s.narrative, true)).length === 0;
        if (ready) {
          const pdf = await renderPdf(pre.s, pre.p, { signedByName: actor.fullName });
          signed = { ...(await signing.sign(actor, pdf, `Ky duyet bao cao ${pre.p.label}`)), contentHash: contentHash(pre.s) };
        }
      }
      await withIdempotency(database, { operation: 'reports.sign', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        await assertEdit(actor, s, tx);
        if (!hasAnyRole(actor, SIGNER_ROLES)) throw forbidden('Chỉ lãnh đạo cơ quan được ký duyệt báo cáo.');
        assertStatus(s, ['draft', 'returned'], 'ký duyệt');
        assertVersion(s, input.version);
        const { template } = await templateOf(p, tx);
        const issues = blocking(validateReport(template, s.cells, s.narrative, true));
        if (issues.length)
          throw unprocessable(
            'report_invalid',
            `Báo cáo chưa hợp lệ: ${issues
              .slice(0, 3)
              .map((i) => i.message)
              .join(' ')}${issues.length > 3 ? ` (và ${issues.length - 3} lỗi khác)` : ''}`,
            { issues },
          );
        const hash = contentHash(s);
        let pdf: { key: string; sha256: string } | null = null;
        let verdict: string | null = null;
        if (signing) {
          if (!signed || signed.contentHash !== hash) throw conflict('stale_version', 'Báo cáo vừa được người khác sửa trong lúc ký; hãy tải lại và ký lại.');
          const v = await signing.check(tx, { sha256: signed.sha256, data: signed.data });
          if (v?.status !== 'valid') throw unprocessable('signature_invalid', `Chữ ký số trên báo cáo không hợp lệ: ${v?.verdict ?? 'không kiểm tra được'}.`);
          pdf = { key: signed.key, sha256: signed.sha256 };
          verdict = v.verdict;
        }
        await update(tx, s, { status: 'signed', signature: { by: actor.id, name: actor.fullName, at: clock.now(), hash, pdf } });
        await logChange(
          tx,
          ctx,
          s,
          p,
          'sign',
          'signed',
          { contentHash: hash, comment: input.comment ?? null, signedPdfSha256: pdf?.sha256 ?? null, verdict },
          idemKey,
        );
        return { status: 200, body: { id } };
      });
      return getSubmission(actor, id);
    },

    async submit(ctx: RequestContext, id: string, input: Transition, idemKey?: string) {
      const actor = ctx.actor!;
      await withIdempotency(database, { operation: 'reports.submit', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        await assertEdit(actor, s, tx);
        assertStatus(s, ['signed'], 'gửi');
        assertVersion(s, input.version);
        if (s.signedHash !== contentHash(s)) throw conflict('signature_mismatch', 'Nội dung báo cáo đã thay đổi sau khi lãnh đạo ký duyệt; cần ký duyệt lại.');
        const { template } = await templateOf(p, tx);
        const issues = blocking(validateReport(template, s.cells, s.narrative, true));
        if (issues.length)
          throw unprocessable(
            'report_invalid',
            `Báo cáo chưa hợp lệ: ${issues
              .slice(0, 3)
              .map((i) => i.message)
              .join(' ')}`,
            { issues },
          );
        const now = clock.now();
        const firstTime = s.firstSubmittedAt === null;
        const late = firstTime ? now.getTime() >= endOfVnDay(p.dueOn).getTime() : s.late;
        const versionNo = s.submittedVersions + 1;
        await store.insertSubmissionVersion(tx, {
          submissionId: s.id,
          versionNo,
          cells: s.cells,
          narrative: s.narrative,
          annotations: s.annotations,
          systemFigures: s.systemFigures,
          contentHash: s.signedHash!,
          signedByName: s.signedByName,
          signedAt: s.signedAt,
          submittedAt: now,
          submittedBy: actor.fullName,
          late,
          signedPdf: s.signedPdf,
        });
        await update(tx, s, { status: 'submitted', submitted: { at: now, late, firstTime }, review: { comment: null, cellComments: {} } });
        await logChange(tx, ctx, s, p, 'submit', 'submitted', { versionNo, late, dueOn: p.dueOn, comment: input.comment ?? null }, idemKey);
        return { status: 200, body: { id } };
      });
      return getSubmission(actor, id);
    },

    async returnReport(ctx: RequestContext, id: string, input: ReturnIn, idemKey?: string) {
      const actor = ctx.actor!;
      await withIdempotency(database, { operation: 'reports.return', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        if (!isReceiver(actor, p.receiverAgencyId)) throw forbidden('Chỉ cơ quan nhận báo cáo được trả lại báo cáo này.');
        assertStatus(s, ['submitted'], 'trả lại');
        assertVersion(s, input.version);
        const { template } = await templateOf(p, tx);
        const index = cellIndex(template);
        const unknown = Object.keys(input.cellComments ?? {}).filter((k) => !index.has(k));
        if (unknown.length) throw badRequest('unknown_cell', `Ô không có trong mẫu báo cáo: ${unknown.join(', ')}.`);
        await update(tx, s, {
          status: 'returned',
          signature: null,
          review: { comment: input.comment.normalize('NFC'), cellComments: input.cellComments ?? {} },
        });
        await logChange(
          tx,
          ctx,
          s,
          p,
          'return',
          'returned',
          { versionNo: s.submittedVersions, comment: input.comment, cellComments: input.cellComments ?? {} },
          idemKey,
        );
        return { status: 200, body: { id } };
      });
      return getSubmission(actor, id);
    },

    async accept(ctx: RequestContext, id: string, input: Transition, idemKey?: string) {
      const actor = ctx.actor!;
      await withIdempotency(database, { operation: 'reports.accept', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        if (!isReceiver(actor, p.receiverAgencyId)) throw forbidden('Chỉ cơ quan nhận báo cáo được tiếp nhận báo cáo này.');
        assertStatus(s, ['submitted'], 'tiếp nhận');
        assertVersion(s, input.version);
        await update(tx, s, { status: 'accepted', acceptedAt: clock.now(), review: { comment: input.comment?.normalize('NFC') ?? null, cellComments: {} } });
        await logChange(tx, ctx, s, p, 'accept', 'accepted', { versionNo: s.submittedVersions, comment: input.comment ?? null }, idemKey);
        return { status: 200, body: { id } };
      });
      return getSubmission(actor, id);
    },
  };
}
