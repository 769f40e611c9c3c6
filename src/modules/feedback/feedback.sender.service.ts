import type { Actor, RequestContext } from '../../platform/context.js';
import { conflict, notFound } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { vnIso } from '../../platform/vn-time.js';
import { canDo } from './feedback.rules.js';
import type { FollowUpBody, PublicItem, TrackView } from './feedback.schemas.js';
import type { FeedbackCore } from './feedback.core.js';
import { toFeedback, toPublicItem } from './feedback.views.js';

/** The sender (with the code and the phone or e-mail they gave) and the public pages of published answers. */
export function createSenderService(core: FeedbackCore) {
  const { db, database, store, clock, settings, calendars, due, notify, log, save, bySender, trackView } = core;

  return {
    track: async (code: string, contact: string) => trackView(db, await bySender(db, code, contact)),

    async mine(actor: Actor, q: { limit: number; offset: number }) {
      const now = clock();
      const r = await store.listFeedback(db, { agencyIds: null, submitterUserId: actor.id, now, limit: q.limit, offset: q.offset });
      return { items: r.items.map((f) => toFeedback(f, now)), total: r.total };
    },

    /** The sender may answer back once after the official answer (not satisfied, new facts): handling starts again. */
    async followUp(ctx: RequestContext, body: FollowUpBody): Promise<TrackView> {
      const cals = await calendars([(await store.getFeedbackByCode(db, body.code.toUpperCase()))?.agency?.id]);
      return database.transaction(async (tx) => {
        const found = await bySender(tx, body.code, body.contact);
        const f = (await store.getFeedback(tx, found.id, true))!;
        if (f.followUpAt) throw conflict('follow_up_used', 'Mỗi phản ánh chỉ được phản hồi lại kết quả một lần.');
        if (!canDo('follow_up', f.status)) throw conflict('illegal_transition', 'Chỉ có thể phản hồi sau khi cơ quan đã trả lời.', { status: f.status });
        const now = clock();
        const handleDueAt = due(cals, now, (await settings(tx)).handleDays, f.agency?.id ?? null);
        const next = await save(tx, f, {
          status: 'forwarded',
          followUpText: nfc(body.content.trim()),
          followUpAt: now,
          handleDueAt,
          publishDueAt: null,
          extendedAt: null,
          extensionReason: null,
        });
        await log(tx, { ...ctx, actor: null }, f, 'follow_up', 'forwarded', null, { handleDueAt: vnIso(handleDueAt) });
        await notify(tx, f, 'received');
        return trackView(tx, next);
      });
    },

    // ---- public ------------------------------------------------------------------------------

    async publicList(q: { q?: string; agencyId?: string; topic?: string; limit: number; offset: number }) {
      const r = await store.listPublished(db, q);
      return { items: r.items.map(toPublicItem), total: r.total };
    },

    async publicItem(code: string): Promise<PublicItem> {
      const f = await store.getFeedbackByCode(db, code.toUpperCase());
      if (!f || !f.publishedAt) throw notFound('kết quả phản ánh đã công khai');
      return toPublicItem(f);
    },
  };
}
