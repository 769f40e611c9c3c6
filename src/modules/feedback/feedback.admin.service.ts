import { randomBytes } from 'node:crypto';
import { isProvinceWide, type RequestContext } from '../../platform/context.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { vnIso } from '../../platform/vn-time.js';
import type * as repo from './feedback.repo.js';
import type { Topic } from './feedback.rules.js';
import type { Category, CategoryCreate, CategoryUpdate } from './feedback.schemas.js';
import { sha256, type FeedbackCore } from './feedback.core.js';
import { iso } from './feedback.views.js';

/** Administration: the categories (Open311 services) and the Open311 API keys, and the reads the Open311 layer needs. */
export function createAdminService(core: FeedbackCore) {
  const { db, database, store } = core;

  return {
    listCategories: (q: { agencyId?: string; q?: string; all?: boolean }) => store.listCategories(db, { agencyId: q.agencyId, q: q.q, activeOnly: !q.all }),

    async createCategory(ctx: RequestContext, input: CategoryCreate): Promise<Category> {
      return database.transaction(async (tx) => {
        const a = await store.agencyExists(tx, input.agencyId);
        if (!a || !a.current) throw unprocessable('agency_not_found', 'Cơ quan không tồn tại hoặc đã ngừng hoạt động.');
        if (await store.getCategoryByCode(tx, input.code)) throw conflict('category_code_taken', `Mã lĩnh vực ${input.code} đã tồn tại.`);
        const id = await store.insertCategory(tx, {
          code: input.code,
          name: nfc(input.name.trim()),
          description: input.description ?? null,
          agencyId: input.agencyId,
          topic: (input.topic as Topic | null | undefined) ?? null,
          keywords: input.keywords ?? null,
          group: input.group ?? null,
          attributes: (input.attributes ?? []) as Category['attributes'],
        });
        await store.recordAudit(tx, ctx, { action: 'feedback.category.create', entity: 'feedback_category', entityId: id, summary: { code: input.code } });
        await store.enqueue(tx, { topic: 'feedback.category.changed', aggregateKey: `feedback_category:${id}`, payload: { id, change: 'created' } });
        return (await store.getCategory(tx, id))!;
      });
    },

    async updateCategory(ctx: RequestContext, id: string, patch: CategoryUpdate): Promise<Category> {
      return database.transaction(async (tx) => {
        if (!(await store.getCategory(tx, id))) throw notFound('lĩnh vực phản ánh');
        await store.updateCategory(tx, id, { ...patch, attributes: patch.attributes as Category['attributes'] | undefined });
        await store.recordAudit(tx, ctx, {
          action: 'feedback.category.update',
          entity: 'feedback_category',
          entityId: id,
          summary: { fields: Object.keys(patch) },
        });
        await store.enqueue(tx, { topic: 'feedback.category.changed', aggregateKey: `feedback_category:${id}`, payload: { id, change: 'updated' } });
        return (await store.getCategory(tx, id))!;
      });
    },

    // ---- Open311 keys ------------------------------------------------------------------------

    async checkApiKey(key: string | null | undefined): Promise<boolean> {
      if (!key) return false;
      const k = await store.findApiKey(db, sha256(key));
      if (!k) return false;
      await store.touchApiKey(db, k.id);
      return true;
    },

    async createApiKey(ctx: RequestContext, name: string): Promise<{ id: string; name: string; key: string }> {
      const key = randomBytes(24).toString('base64url');
      return database.transaction(async (tx) => {
        const id = await store.insertApiKey(tx, sha256(key), nfc(name.trim()));
        await store.recordAudit(tx, ctx, { action: 'feedback.open311_key.create', entity: 'open311_api_key', entityId: id, summary: { name } });
        await store.enqueue(tx, { topic: 'feedback.open311_key.changed', aggregateKey: `open311_key:${id}`, payload: { id, change: 'created' } });
        return { id, name, key };
      });
    },

    listApiKeys: async () => (await store.listApiKeys(db)).map((k) => ({ ...k, createdAt: vnIso(k.createdAt), lastUsedAt: iso(k.lastUsedAt) })),

    async setApiKeyActive(ctx: RequestContext, id: string, active: boolean) {
      await database.transaction(async (tx) => {
        if (!(await store.setApiKeyActive(tx, id, active))) throw notFound('khóa API');
        await store.recordAudit(tx, ctx, { action: 'feedback.open311_key.update', entity: 'open311_api_key', entityId: id, summary: { active } });
        await store.enqueue(tx, {
          topic: 'feedback.open311_key.changed',
          aggregateKey: `open311_key:${id}`,
          payload: { id, change: active ? 'activated' : 'revoked' },
        });
      });
    },

    // ---- for the Open311 layer ----------------------------------------------------------------
    getByCode: (code: string) => store.getFeedbackByCode(db, code),
    getByToken: (token: string) => store.getFeedbackByToken(db, token),
    listOpen311: (q: Parameters<typeof repo.listOpen311>[1]) => store.listOpen311(db, q),
    getCategoryByCode: (code: string) => store.getCategoryByCode(db, code),
    isProvinceWide,
  };
}
