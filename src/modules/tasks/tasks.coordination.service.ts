import type { Actor, RequestContext } from '../../platform/context.js';
import { isProvinceWide } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import type { Executor } from '../../platform/db/database.js';
import { vnDay } from '../../platform/vn-time.js';
import { coordinationSummary, isValidIsoDate } from './tasks.rules.js';
import type { AnswerIn, CoordinationIn, CoordinationOut } from './tasks.schemas.js';
import type { TasksCore } from './tasks.core.js';
import { loadDirectory } from './tasks.status.js';

/** Coordination: a lead agency asks others for their opinion by a date; the answers and the summary submitted to the province. */
export function createCoordinationService(core: TasksCore) {
  const { database, db, store, clock, vnToday, actorFields, idempotent, ownAgencies, loadTask } = core;

  async function coordinationOut(exec: Executor, id: string): Promise<CoordinationOut> {
    const c = await store.getCoordination(exec, id);
    if (!c) throw notFound('văn bản xin ý kiến');
    const s = coordinationSummary(
      c.recipients.map((r) => ({ agencyId: r.agencyId, agencyName: r.agencyName, answeredOn: r.answeredOn })),
      c.dueOn,
    );
    return { ...c, summary: s };
  }

  async function checkCoordinationAccess(actor: Actor, c: CoordinationOut): Promise<{ lead: boolean; recipientOf: string[] }> {
    const own = await ownAgencies(actor);
    const lead = own.includes(c.leadAgencyId);
    const recipientOf = c.recipients.filter((r) => own.includes(r.agencyId)).map((r) => r.agencyId);
    if (!lead && !recipientOf.length && !isProvinceWide(actor)) throw forbidden('Văn bản này không liên quan đến cơ quan của bạn.');
    return { lead, recipientOf };
  }

  async function createCoordination(ctx: RequestContext, input: CoordinationIn, idemKey?: string): Promise<CoordinationOut> {
    const actor = ctx.actor!;
    if (!isValidIsoDate(input.dueOn)) throw badRequest('invalid_date', 'Hạn trả lời phải là ngày có thật (YYYY-MM-DD).');
    if (input.dueOn < vnToday()) throw unprocessable('due_in_past', 'Hạn trả lời không được trước ngày hôm nay.');
    const own = await ownAgencies(actor);
    const leadAgencyId = input.leadAgencyId ?? actor.agencyId;
    if (!leadAgencyId) throw unprocessable('agency_required', 'Tài khoản chưa thuộc cơ quan nào.');
    if (!own.includes(leadAgencyId)) throw forbidden('Bạn chỉ gửi văn bản xin ý kiến thay mặt cơ quan mình.');
    const dir = await loadDirectory(store, db);
    for (const r of input.recipientIds) {
      const a = dir.find((d) => d.id === r);
      if (!a) throw unprocessable('agency_not_found', 'Có cơ quan được xin ý kiến không tồn tại.');
      if (a.validTo !== null) throw unprocessable('agency_not_current', `${a.shortName} đã kết thúc hoạt động.`);
      if (r === leadAgencyId) throw unprocessable('self_recipient', 'Cơ quan chủ trì không tự xin ý kiến chính mình.');
    }
    if (input.taskId) await loadTask(input.taskId);
    if (input.fileId && !(await store.filesExist(db, [input.fileId]))) throw unprocessable('file_not_found', 'Tệp đính kèm không tồn tại.');
    return idempotent('tasks.coordination', actor.id, idemKey, input, 201, async (tx) => {
      const id = await store.insertCoordination(
        tx,
        {
          taskId: input.taskId ?? null,
          leadAgencyId,
          subject: nfc(input.subject),
          content: nfc(input.content ?? ''),
          dueOn: input.dueOn,
          fileId: input.fileId ?? null,
          createdBy: actor.id,
        },
        input.recipientIds,
      );
      if (input.taskId)
        await store.logAction(tx, {
          taskId: input.taskId,
          action: 'coordination.create',
          ...actorFields(ctx),
          agencyId: leadAgencyId,
          payload: { coordinationId: id, subject: input.subject, dueOn: input.dueOn, recipients: input.recipientIds.length },
        });
      await store.recordAudit(tx, ctx, {
        action: 'coordination.create',
        entity: 'coordination_request',
        entityId: id,
        summary: { subject: input.subject, dueOn: input.dueOn, recipients: input.recipientIds },
      });
      await store.enqueue(tx, {
        topic: 'tasks.coordination.requested',
        aggregateKey: `coordination:${id}`,
        payload: { id, recipients: input.recipientIds, dueOn: input.dueOn },
      });
      return coordinationOut(tx, id);
    });
  }

  async function answerCoordination(ctx: RequestContext, id: string, input: AnswerIn, idemKey?: string, now = clock.now()): Promise<CoordinationOut> {
    const actor = ctx.actor!;
    const c = await coordinationOut(db, id);
    const acc = await checkCoordinationAccess(actor, c);
    const agencyId = input.agencyId ?? acc.recipientOf[0];
    if (!agencyId || !acc.recipientOf.includes(agencyId)) throw forbidden('Cơ quan của bạn không được xin ý kiến trong văn bản này.');
    if (input.answer === 'comments' && !input.comment?.trim() && !input.fileId)
      throw badRequest('comment_required', 'Cần nêu ý kiến (nội dung hoặc tệp) khi không thống nhất hoàn toàn.');
    if (input.fileId && !(await store.filesExist(db, [input.fileId]))) throw unprocessable('file_not_found', 'Tệp đính kèm không tồn tại.');
    const on = vnDay(now);
    return idempotent('tasks.coordination.answer', actor.id, idemKey, { id, input }, 200, async (tx) => {
      if (
        !(await store.answerCoordination(tx, id, agencyId, {
          answer: input.answer,
          comment: input.comment ? nfc(input.comment) : null,
          fileId: input.fileId ?? null,
          by: actor.id,
          on,
        }))
      ) {
        throw conflict('already_answered', 'Cơ quan đã trả lời văn bản này.');
      }
      await store.bumpCoordination(tx, id);
      const late = on > c.dueOn;
      if (c.taskId)
        await store.logAction(tx, {
          taskId: c.taskId,
          action: 'coordination.answer',
          ...actorFields(ctx),
          agencyId,
          payload: { coordinationId: id, answer: input.answer, late },
        });
      await store.recordAudit(tx, ctx, {
        action: 'coordination.answer',
        entity: 'coordination_request',
        entityId: id,
        summary: { agencyId, answer: input.answer, late },
      });
      await store.enqueue(tx, {
        topic: 'tasks.coordination.answered',
        aggregateKey: `coordination:${id}`,
        payload: { id, agencyId, answer: input.answer, late },
      });
      return coordinationOut(tx, id);
    });
  }

  async function submitCoordination(ctx: RequestContext, id: string, version: number): Promise<CoordinationOut> {
    const c = await coordinationOut(db, id);
    const acc = await checkCoordinationAccess(ctx.actor!, c);
    if (!acc.lead) throw forbidden('Chỉ cơ quan chủ trì trình kết quả xin ý kiến.');
    return database.transaction(async (tx) => {
      if (!(await store.submitCoordination(tx, id, c.summary.text, version))) {
        throw conflict(c.submittedAt ? 'already_submitted' : 'stale_version', c.submittedAt ? 'Đã trình UBND tỉnh.' : 'Văn bản đã thay đổi. Vui lòng tải lại.');
      }
      if (c.taskId)
        await store.logAction(tx, {
          taskId: c.taskId,
          action: 'coordination.submit',
          ...actorFields(ctx),
          agencyId: c.leadAgencyId,
          payload: { coordinationId: id, text: c.summary.text },
        });
      await store.recordAudit(tx, ctx, {
        action: 'coordination.submit',
        entity: 'coordination_request',
        entityId: id,
        summary: { late: c.summary.late.map((r) => r.agencyName), notAnswered: c.summary.notAnswered.map((r) => r.agencyName) },
      });
      await store.enqueue(tx, { topic: 'tasks.coordination.submitted', aggregateKey: `coordination:${id}`, payload: { id, text: c.summary.text } });
      return coordinationOut(tx, id);
    });
  }

  return {
    async listCoordinations(actor: Actor, q: { limit: number; offset: number }) {
      const ids = isProvinceWide(actor) ? null : await ownAgencies(actor);
      const r = await store.listCoordinations(db, { agencyIds: ids, ...q });
      return { items: await Promise.all(r.ids.map((i) => coordinationOut(db, i))), total: r.total };
    },
    async getCoordination(actor: Actor, id: string) {
      const c = await coordinationOut(db, id);
      await checkCoordinationAccess(actor, c);
      return c;
    },
    createCoordination,
    answerCoordination,
    submitCoordination,
  };
}
