import type { RequestContext } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { isValidIsoDate } from './tasks.rules.js';
import type { PlanOut, PlanUpdate } from './tasks.schemas.js';
import type { TasksCore } from './tasks.core.js';
import type { UploadedFile } from './tasks.import.service.js';

/** Plans (their details and what needs review after an import) and the files attached to reports and coordination. */
export function createPlansService(core: TasksCore) {
  const { database, db, store, vnToday, actorFields } = core;

  async function updatePlan(ctx: RequestContext, id: string, u: PlanUpdate): Promise<PlanOut> {
    if (u.issuedOn && !isValidIsoDate(u.issuedOn)) throw badRequest('invalid_date', 'Ngày ban hành không hợp lệ.');
    return database.transaction(async (tx) => {
      const before = await store.getPlan(tx, id);
      if (!before) throw notFound('kế hoạch');
      const ok = await store.updatePlan(
        tx,
        id,
        {
          ...u,
          number: u.number === undefined ? undefined : u.number && nfc(u.number),
          title: u.title && nfc(u.title),
          signer: u.signer === undefined ? undefined : u.signer && nfc(u.signer),
        },
        u.version,
      );
      if (!ok) throw conflict('stale_version', 'Kế hoạch đã được người khác cập nhật. Vui lòng tải lại.', { currentVersion: before.version });
      await store.logAction(tx, { planId: id, action: 'plan.update', ...actorFields(ctx), payload: { ...u, version: undefined } });
      await store.recordAudit(tx, ctx, { action: 'task_plan.update', entity: 'task_plan', entityId: id, summary: { ...u, version: undefined } });
      await store.enqueue(tx, { topic: 'tasks.plan.updated', aggregateKey: `task_plan:${id}`, payload: { planId: id } });
      return (await store.getPlan(tx, id))!;
    });
  }

  async function planReview(id: string) {
    const plan = await store.getPlan(db, id);
    if (!plan) throw notFound('kế hoạch');
    const tasks = await store.listTasks(db, { planId: id, needsReview: true, limit: 500, offset: 0 }, vnToday());
    return {
      plan,
      unmatched: await store.unmatchedOfPlan(db, id),
      deadlines: tasks.items
        .filter((t) => t.deadline_needs_review)
        .map((t) => ({ taskId: t.id as string, number: (t.number as string | null) ?? null, text: t.deadline_text as string })),
    };
  }

  return {
    updatePlan,
    planReview,
    listPlans: (q: { q?: string; limit: number; offset: number }) => store.listPlans(db, q),
    async getPlan(id: string) {
      const p = await store.getPlan(db, id);
      if (!p) throw notFound('kế hoạch');
      return p;
    },
    async uploadFile(ctx: RequestContext, f: UploadedFile) {
      if (!f.data.length) throw badRequest('empty_file', 'Tệp gửi lên rỗng.');
      return database.transaction(async (tx) => {
        const id = await store.insertFile(tx, {
          name: f.name,
          contentType: f.contentType,
          data: f.data,
          createdBy: ctx.actor?.id ?? null,
          agencyId: ctx.actor?.agencyId ?? null,
        });
        await store.recordAudit(tx, ctx, { action: 'task_file.upload', entity: 'task_file', entityId: id, summary: { name: f.name, size: f.data.length } });
        await store.enqueue(tx, { topic: 'tasks.file.uploaded', aggregateKey: `task_file:${id}`, payload: { id } });
        return { id, name: f.name, size: f.data.length, contentType: f.contentType };
      });
    },
    async getFile(id: string) {
      const f = await store.getFile(db, id);
      if (!f) throw notFound('tệp');
      return f;
    },
  };
}
