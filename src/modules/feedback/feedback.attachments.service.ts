import type { Actor, RequestContext } from '../../platform/context.js';
import { hasAnyRole } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { vnIso } from '../../platform/vn-time.js';
import { inScope } from '../org/org.public.js';
import type * as repo from './feedback.repo.js';
import { sniffFileType } from './feedback.rules.js';
import type { FeedbackDetail } from './feedback.schemas.js';
import { ALLOWED_FILE_TYPES, HANDLE_ROLES, MAX_FILE_BYTES, sha256, type FeedbackCore } from './feedback.core.js';
import { visible } from './feedback.views.js';

const MAX_SUBMITTER_FILES = 5;

/**
 * Attachments: the sender adds files while the item is still at reception; staff attach the
 * answer document. Types are checked by content, not by the name.
 */
export function createAttachmentsService(core: FeedbackCore, get: (actor: Actor, id: string) => Promise<FeedbackDetail>) {
  const { db, database, store, log, bySender } = core;

  return {
    async addAttachment(
      ctx: RequestContext,
      id: string,
      file: { fileName: string; contentType: string; data: Buffer },
      purpose: 'submission' | 'answer',
      sender?: { code: string; contact: string },
    ) {
      if (file.data.length === 0) throw badRequest('file_empty', 'Tệp rỗng.');
      const sniffed = sniffFileType(file.data);
      if (!sniffed || !ALLOWED_FILE_TYPES.includes(sniffed))
        throw badRequest('file_type_not_allowed', 'Chỉ nhận tệp PDF, JPEG, PNG hoặc Word (kiểm tra theo nội dung tệp).');
      file = { ...file, contentType: sniffed };
      if (file.data.length > MAX_FILE_BYTES) throw badRequest('file_too_large', `Tệp vượt quá ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
      return database.transaction(async (tx) => {
        let f: repo.FeedbackRecord;
        if (sender) {
          f = await bySender(tx, sender.code, sender.contact);
          if (f.status !== 'received') throw conflict('illegal_transition', 'Chỉ bổ sung tệp khi phản ánh chưa được chuyển xử lý.');
          if ((await store.countAttachments(tx, f.id, 'submission')) >= MAX_SUBMITTER_FILES)
            throw unprocessable('too_many_files', `Tối đa ${MAX_SUBMITTER_FILES} tệp đính kèm.`);
        } else {
          const found = await store.getFeedback(tx, id, true);
          const scope = await store.agencyScope(tx, ctx.actor);
          if (!found) throw notFound('phản ánh, kiến nghị');
          if (!visible(scope, found)) throw forbidden('Phản ánh này thuộc cơ quan khác.');
          f = found;
          const responsible = purpose === 'answer' ? (f.agency?.id ?? null) : f.receivingAgency.id;
          if (!inScope(scope, responsible)) throw forbidden();
          if (purpose === 'answer' && !hasAnyRole(ctx.actor, HANDLE_ROLES))
            throw forbidden('Chỉ chuyên viên hoặc lãnh đạo cơ quan có thẩm quyền được đính kèm văn bản trả lời.');
          if (purpose === 'answer' && !['forwarded', 'answered'].includes(f.status))
            throw conflict('illegal_transition', 'Văn bản trả lời chỉ đính kèm khi đang xử lý hoặc đã trả lời.');
        }
        const fileName =
          nfc(file.fileName)
            .replace(/[\\/\u0000-\u001f]/g, '_')
            .slice(0, 200) || 'tep';
        const attId = await store.insertAttachment(tx, {
          feedbackId: f.id,
          purpose,
          fileName,
          contentType: file.contentType,
          data: file.data,
          sha256: sha256(file.data),
          uploadedBy: ctx.actor?.id ?? null,
        });
        await log(tx, sender ? { ...ctx, actor: null } : ctx, f, 'attach', f.status, null, { attachmentId: attId, purpose, fileName, size: file.data.length });
        const [a] = (await store.listAttachments(tx, f.id))
          .filter((x) => x.id === attId)
          .map(({ createdAtDate, ...x }) => ({ ...x, createdAt: vnIso(createdAtDate) }));
        return a;
      });
    },

    async attachment(actor: Actor | null, id: string, attId: string, sender?: { code: string; contact: string }) {
      if (sender) {
        const f = await bySender(db, sender.code, sender.contact);
        const a = await store.getAttachmentData(db, f.id, attId);
        if (!a) throw notFound('tệp đính kèm');
        return a;
      }
      await get(actor!, id);
      const a = await store.getAttachmentData(db, id, attId);
      if (!a) throw notFound('tệp đính kèm');
      return a;
    },
  };
}
