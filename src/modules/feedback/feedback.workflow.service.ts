import type { Actor, RequestContext } from '../../platform/context.js';
import { badRequest, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { vnIso } from '../../platform/vn-time.js';
import type * as repo from './feedback.repo.js';
import { personalDataIn, type Kind, type Topic } from './feedback.rules.js';
import type { AnswerBody, ClassifyBody, DuplicateBody, ExtendBody, FeedbackDetail, PublishBody, RerouteBody } from './feedback.schemas.js';
import type { FeedbackCore } from './feedback.core.js';
import { personalOf, toFeedback, visible } from './feedback.views.js';

/** The staff queue: lists and detail, and the transitions of the procedure (classify, reroute, extend, answer, publish, link a duplicate). */
export function createWorkflowService(core: FeedbackCore) {
  const { db, database, store, clock, settings, calendars, due, notify, log, forTransition, save, detail } = core;

  /** A record as staff see it, if the actor's agency received it or handles it. */
  async function get(actor: Actor, id: string): Promise<FeedbackDetail> {
    const f = await store.getFeedback(db, id);
    if (!f) throw notFound('phản ánh, kiến nghị');
    if (!visible(await store.agencyScope(db, actor), f)) throw forbidden('Phản ánh này thuộc cơ quan khác.');
    return detail(db, f, true);
  }

  return {
    async list(actor: Actor, q: Omit<repo.ListQuery, 'agencyIds' | 'now'>) {
      const scope = await store.agencyScope(db, actor);
      const now = clock();
      const r = await store.listFeedback(db, { ...q, agencyIds: scope === 'all' ? null : scope, now });
      return { items: r.items.map((f) => toFeedback(f, now)), total: r.total };
    },

    get,

    async notifications(actor: Actor, id: string) {
      await get(actor, id);
      return (await store.listNotifications(db, id)).map((n) => ({ ...n, createdAt: vnIso(n.createdAt) }));
    },

    // ---- transitions -------------------------------------------------------------------------

    /** The receiving office classifies: forwards to the competent agency (handling deadline starts), or closes. */
    async classify(ctx: RequestContext, id: string, body: ClassifyBody): Promise<FeedbackDetail> {
      const pre = await store.getFeedback(db, id);
      const categoryAgency = pre?.categoryId ? (await store.getCategory(db, pre.categoryId))?.agency.id : null;
      const cals = await calendars([body.agencyId, categoryAgency]);
      return database.transaction(async (tx) => {
        const f = await forTransition(
          tx,
          ctx.actor!,
          id,
          body.version,
          body.decision === 'forward' ? 'classify_forward' : 'classify_close',
          (x) => x.receivingAgency.id,
        );
        const now = clock();
        let next: repo.FeedbackRecord;
        if (body.decision === 'forward') {
          const topic = (body.topic as Topic | undefined) ?? f.topic;
          if (!topic) throw badRequest('topic_required', 'Cần phân loại phản ánh (về quy định, về giải quyết thủ tục hay về hành vi cán bộ) trước khi chuyển.');
          let agencyId = body.agencyId ?? null;
          if (!agencyId && f.categoryId) agencyId = (await store.getCategory(tx, f.categoryId))?.agency.id ?? null;
          if (!agencyId) throw badRequest('agency_required', 'Cần chọn cơ quan có thẩm quyền xử lý.');
          const a = await store.agencyExists(tx, agencyId);
          if (!a || !a.current) throw unprocessable('agency_not_found', 'Cơ quan có thẩm quyền không tồn tại hoặc đã ngừng hoạt động.');
          const s = await settings(tx);
          const handleDueAt = due(cals, now, s.handleDays, agencyId);
          next = await save(tx, f, { status: 'forwarded', topic, kind: (body.kind as Kind | undefined) ?? f.kind, agencyId, forwardedAt: now, handleDueAt });
          await log(tx, ctx, f, 'forward', 'forwarded', body.note ?? null, {
            topic,
            agencyId,
            handleDueAt: vnIso(handleDueAt),
            onTime: now.getTime() <= f.classifyDueAt.getTime(),
          });
        } else {
          if (!body.note || body.note.trim().length < 10) throw badRequest('note_required', 'Cần ghi rõ lý do (ít nhất 10 ký tự) để thông báo cho người gửi.');
          next = await save(tx, f, {
            status: 'closed',
            closeReason: body.decision as 'not_accepted' | 'complaint_redirected',
            closeNote: body.note.trim(),
            closedAt: now,
            topic: (body.topic as Topic | undefined) ?? f.topic,
          });
          await log(tx, ctx, f, 'close', 'closed', body.note, { reason: body.decision });
          await notify(tx, f, 'closed');
        }
        return detail(tx, next, true);
      });
    },

    /** The provincial office sends a forwarded item to another agency (wrong competence); the handling deadline restarts. */
    async reroute(ctx: RequestContext, id: string, body: RerouteBody): Promise<FeedbackDetail> {
      const cals = await calendars([body.agencyId]);
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'reroute', (x) => x.receivingAgency.id);
        if (body.agencyId === f.agency?.id) throw unprocessable('same_agency', 'Phản ánh đang ở chính cơ quan này.');
        const a = await store.agencyExists(tx, body.agencyId);
        if (!a || !a.current) throw unprocessable('agency_not_found', 'Cơ quan có thẩm quyền không tồn tại hoặc đã ngừng hoạt động.');
        const now = clock();
        const handleDueAt = due(cals, now, (await settings(tx)).handleDays, body.agencyId);
        const next = await save(tx, f, { agencyId: body.agencyId, forwardedAt: now, handleDueAt, extendedAt: null, extensionReason: null });
        await log(tx, ctx, f, 'reroute', 'forwarded', body.note, { from: f.agency?.id ?? null, to: body.agencyId, handleDueAt: vnIso(handleDueAt) });
        return detail(tx, next, true);
      });
    },

    /** A complex case: once, up to `extensionDays` more working days; the sender is told. */
    async extend(ctx: RequestContext, id: string, body: ExtendBody): Promise<FeedbackDetail> {
      const cals = await calendars([(await store.getFeedback(db, id))?.agency?.id]);
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'extend', (x) => x.agency?.id ?? null);
        if (f.extendedAt) throw unprocessable('already_extended', 'Phản ánh này đã được gia hạn một lần.');
        const now = clock();
        if (now.getTime() > f.handleDueAt!.getTime()) throw unprocessable('extension_too_late', 'Đã quá hạn xử lý: không thể gia hạn sau khi hết hạn.');
        const handleDueAt = due(cals, f.handleDueAt!, (await settings(tx)).extensionDays, f.agency!.id);
        const next = await save(tx, f, { extendedAt: now, extensionReason: body.reason.trim(), handleDueAt });
        await log(tx, ctx, f, 'extend', 'forwarded', body.reason, { previousDueAt: vnIso(f.handleDueAt!), handleDueAt: vnIso(handleDueAt) });
        await notify(tx, f, 'extended');
        return detail(tx, next, true);
      });
    },

    /** The competent agency answers in writing; the sender is notified; the publication deadline starts. */
    async answer(ctx: RequestContext, id: string, body: AnswerBody): Promise<FeedbackDetail> {
      const cals = await calendars([(await store.getFeedback(db, id))?.agency?.id]);
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'answer', (x) => x.agency?.id ?? null);
        const now = clock();
        const publishDueAt = due(cals, now, (await settings(tx)).publishDays, f.agency!.id);
        const next = await save(tx, f, {
          status: 'answered',
          answerStatus: body.answerStatus as repo.FeedbackPatch['answerStatus'],
          answerText: nfc(body.text.trim()),
          answerDocumentNo: body.documentNo?.trim() || null,
          answeredAt: now,
          answeredBy: ctx.actor!.id,
          publishDueAt,
        });
        await log(tx, ctx, f, 'answer', 'answered', null, {
          answerStatus: body.answerStatus,
          documentNo: body.documentNo ?? null,
          text: body.text,
          onTime: now.getTime() <= f.handleDueAt!.getTime(),
          publishDueAt: vnIso(publishDueAt),
        });
        await notify(tx, f, 'answered');
        for (const dupId of await store.listDuplicatesOf(tx, f.id)) await notify(tx, { id: dupId }, 'duplicateAnswered');
        return detail(tx, next, true);
      });
    },

    /** Moderation: the texts to publish must not carry the sender's personal data. */
    async publish(ctx: RequestContext, id: string, body: PublishBody): Promise<FeedbackDetail> {
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'publish', (x) => x.agency?.id ?? null);
        const p = personalOf(f);
        const found = [...new Set([...personalDataIn(body.publicSummary, p), ...personalDataIn(body.publicAnswer, p)])];
        if (found.length) {
          const vi: Record<string, string> = {
            phone: 'số điện thoại',
            email: 'thư điện tử',
            personal_id: 'số định danh',
            name: 'họ tên người gửi',
            address: 'địa chỉ người gửi',
          };
          throw unprocessable(
            'personal_data_in_public_text',
            `Nội dung công khai còn thông tin cá nhân: ${found.map((x) => vi[x]).join(', ')}. Hãy ẩn trước khi công khai.`,
            { found },
          );
        }
        const now = clock();
        const next = await save(tx, f, {
          status: 'published',
          publicSummary: nfc(body.publicSummary.trim()),
          publicAnswer: nfc(body.publicAnswer.trim()),
          publishedAt: now,
        });
        await log(tx, ctx, f, 'publish', 'published', null, { onTime: now.getTime() <= f.publishDueAt!.getTime() });
        await notify(tx, f, 'published');
        await store.enqueue(tx, { topic: 'feedback.published', aggregateKey: `feedback:${f.id}`, payload: { feedbackId: f.id, code: f.code } });
        return detail(tx, next, true);
      });
    },

    /** Links a duplicate to the original: the duplicate is closed, its sender told, and told again when the original is answered. */
    async linkDuplicate(ctx: RequestContext, id: string, body: DuplicateBody): Promise<FeedbackDetail> {
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'link_duplicate', (x) => x.receivingAgency.id);
        if (body.originalId === f.id) throw unprocessable('duplicate_of_self', 'Không thể gộp phản ánh vào chính nó.');
        const original = await store.getFeedback(tx, body.originalId);
        if (!original) throw unprocessable('original_not_found', 'Phản ánh gốc không tồn tại.');
        if (original.duplicateOf)
          throw unprocessable('original_is_duplicate', `Phản ánh ${original.code} cũng là bản trùng; hãy gộp vào ${original.duplicateOf.code}.`);
        const now = clock();
        const next = await save(tx, f, {
          status: 'closed',
          closeReason: 'duplicate',
          duplicateOf: original.id,
          closedAt: now,
          closeNote: `Trùng với phản ánh ${original.code}.`,
        });
        await log(tx, ctx, f, 'link_duplicate', 'closed', null, { originalId: original.id, originalCode: original.code });
        await notify(tx, f, 'closed');
        return detail(tx, next, true);
      });
    },
  };
}
