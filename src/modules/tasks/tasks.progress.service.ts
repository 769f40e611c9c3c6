import type { RequestContext } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { effectiveStatus, type TaskStatus } from './tasks.rules.js';
import type { ProgressIn, ProgressOut, ReviewIn } from './tasks.schemas.js';
import type { TasksCore } from './tasks.core.js';
import { loadDirectory, refreshTask } from './tasks.status.js';

/** Progress: an agency reports on a period of a task; the office accepts or returns the report. */
export function createProgressService(core: TasksCore) {
  const { database, db, store, vnToday, actorFields, idempotent, involvement, loadTask } = core;

  async function report(ctx: RequestContext, id: string, input: ProgressIn, idemKey?: string): Promise<ProgressOut> {
    const actor = ctx.actor!;
    if (input.status === 'cannot_do' && !input.reason?.trim()) throw badRequest('reason_required', 'Cần nêu lý do khi báo cáo nhiệm vụ không thể thực hiện.');
    const dir = await loadDirectory(store, db);
    const task = await loadTask(id);
    const inv = await involvement(actor, task, dir);
    const candidates = [...inv.lead.map((a) => ({ a, role: 'lead' as const })), ...inv.support.map((a) => ({ a, role: 'support' as const }))];
    if (!candidates.length) throw forbidden('Cơ quan của bạn không được giao nhiệm vụ này.');
    const chosen = input.agencyId ? candidates.find((c) => c.a.id === input.agencyId) : candidates[0];
    if (!chosen) throw forbidden('Bạn không báo cáo thay được cho cơ quan này.');
    if (input.fileIds?.length && !(await store.filesExist(db, input.fileIds))) throw unprocessable('file_not_found', 'Có tệp minh chứng không tồn tại.');
    const today = vnToday();
    const occs = await store.occurrencesOf(db, id);
    if (!occs.length) throw unprocessable('no_period', 'Nhiệm vụ chưa có kỳ báo cáo (thời hạn chưa được xác định). Văn phòng cần chuẩn hóa thời hạn trước.');
    let occ = input.occurrenceId ? occs.find((o) => o.id === input.occurrenceId) : undefined;
    if (input.occurrenceId && !occ) throw notFound('kỳ báo cáo của nhiệm vụ');
    // Default: the earliest unfinished period, else the latest.
    occ = occ ?? occs.find((o) => !['done', 'done_late', 'cannot_do'].includes(o.status) && o.periodStart <= today) ?? occs[occs.length - 1];
    const status = effectiveStatus(input.status as TaskStatus, occ.dueOn, today);
    const percent = status === 'done' || status === 'done_late' ? 100 : input.percent;
    return idempotent('tasks.progress', actor.id, idemKey, { id, input, agency: chosen.a.id }, 201, async (tx) => {
      const prior = await store.findProgress(tx, occ!.id, chosen.a.id);
      if (prior && input.version === undefined)
        throw conflict('progress_exists', 'Cơ quan đã có báo cáo cho kỳ này: gửi kèm "version" để cập nhật.', {
          progressId: prior.id,
          currentVersion: prior.version,
        });
      if (prior && prior.reviewState === 'accepted') throw conflict('progress_accepted', 'Báo cáo kỳ này đã được chấp nhận; không sửa được nữa.');
      const pid = await store.upsertProgress(
        tx,
        {
          occurrenceId: occ!.id,
          taskId: id,
          agencyId: chosen.a.id,
          role: chosen.role,
          status,
          percent,
          narrative: nfc(input.narrative),
          reason: input.reason ? nfc(input.reason) : null,
          fileIds: input.fileIds ?? [],
          reportedBy: actor.id,
          reportedOn: today,
        },
        prior ? input.version! : null,
      );
      if (!pid) throw conflict('stale_version', 'Báo cáo đã được cập nhật bởi người khác. Vui lòng tải lại.', { currentVersion: prior?.version });
      await refreshTask(store, tx, id, dir, today);
      await store.logAction(tx, {
        planId: task.planId,
        taskId: id,
        occurrenceId: occ!.id,
        action: 'task.report',
        ...actorFields(ctx),
        agencyId: chosen.a.id,
        payload: {
          period: occ!.periodKey,
          role: chosen.role,
          status,
          percent,
          narrative: input.narrative.slice(0, 500),
          reason: input.reason ?? null,
          files: input.fileIds?.length ?? 0,
        },
        idempotencyKey: idemKey ?? null,
      });
      await store.recordAudit(tx, ctx, {
        action: 'task.report',
        entity: 'task',
        entityId: id,
        summary: { period: occ!.periodKey, agency: chosen.a.shortName, status, percent },
      });
      await store.enqueue(tx, {
        topic: 'tasks.progress.reported',
        aggregateKey: `task:${id}`,
        payload: { taskId: id, progressId: pid, agencyId: chosen.a.id, status },
      });
      return (await store.getProgress(tx, pid))!;
    });
  }

  async function review(ctx: RequestContext, progressId: string, input: ReviewIn): Promise<ProgressOut> {
    if (input.decision === 'return' && !input.note?.trim()) throw badRequest('note_required', 'Cần ghi rõ lý do khi trả lại báo cáo.');
    const dir = await loadDirectory(store, db);
    const today = vnToday();
    return database.transaction(async (tx) => {
      const p = await store.getProgress(tx, progressId);
      if (!p) throw notFound('báo cáo tiến độ');
      if (p.reviewState !== 'submitted') throw conflict('already_reviewed', 'Báo cáo này đã được xử lý (chấp nhận hoặc trả lại).');
      const state = input.decision === 'accept' ? 'accepted' : 'returned';
      if (!(await store.reviewProgress(tx, progressId, state, input.note ?? null, ctx.actor?.id ?? null, input.version)))
        throw conflict('stale_version', 'Báo cáo đã thay đổi. Vui lòng tải lại.', { currentVersion: p.version });
      await refreshTask(store, tx, p.taskId, dir, today);
      const task = await loadTask(p.taskId, tx);
      await store.logAction(tx, {
        planId: task.planId,
        taskId: p.taskId,
        occurrenceId: p.occurrenceId,
        action: `task.report.${state}`,
        ...actorFields(ctx),
        payload: { agency: p.agencyName, period: p.periodKey, note: input.note ?? null },
      });
      await store.recordAudit(tx, ctx, {
        action: `task.report.${state}`,
        entity: 'task_progress',
        entityId: progressId,
        summary: { agency: p.agencyName, note: input.note ?? null },
      });
      await store.enqueue(tx, { topic: 'tasks.progress.reviewed', aggregateKey: `task:${p.taskId}`, payload: { progressId, state, agencyId: p.agencyId } });
      return (await store.getProgress(tx, progressId))!;
    });
  }

  return { report, review };
}
