import type { Actor, RequestContext } from '../../platform/context.js';
import { isProvinceWide } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import type * as repo from './tasks.repo.js';
import { GROUP_NAMES_VI, type AgencyGroup } from './tasks.import.js';
import { addDays, isValidIsoDate, parseDeadline, type DayOffRule, type ParsedDeadline } from './tasks.rules.js';
import type { AgencyMapping, AssignIn, TaskDetail, TaskOut, TaskUpdate } from './tasks.schemas.js';
import type { TasksCore } from './tasks.core.js';
import { groupsOf, loadDirectory, refreshTask } from './tasks.status.js';

/** The task board: lists and detail, assignment to agencies, and structuring a task (text, deadline, recurrence). */
export function createBoardService(core: TasksCore) {
  const { database, db, store, vnToday, actorFields, ownAgencies, isWorkingDayFn, ensureOccurrences, involvement, loadTask, checkCanSee, isAssigner } = core;

  async function listTasks(
    actor: Actor,
    q: { plan?: string; agency?: string; status?: string; view?: string; q?: string; needsReview?: boolean; limit: number; offset: number },
  ): Promise<{ items: TaskOut[]; total: number }> {
    const dir = await loadDirectory(store, db);
    let agencies: { ids: string[]; groups: AgencyGroup[] } | null = null;
    const own = await ownAgencies(actor);
    if (q.agency) {
      const ag = dir.find((a) => a.id === q.agency);
      if (!ag) throw notFound('cơ quan');
      if (!isProvinceWide(actor) && !own.includes(ag.id)) throw forbidden('Bạn chỉ xem được nhiệm vụ của cơ quan mình.');
      agencies = { ids: [ag.id], groups: groupsOf([ag]) };
    } else if (!isProvinceWide(actor) || q.view) {
      const mine = dir.filter((a) => own.includes(a.id));
      agencies = { ids: own, groups: groupsOf(mine) };
    }
    const today = vnToday();
    const view = q.view;
    const res = await store.listTasks(
      db,
      {
        planId: q.plan,
        status: view === 'overdue' ? 'overdue' : q.status,
        q: q.q,
        agencies,
        role: view === 'lead' ? 'lead' : view === 'support' ? 'support' : null,
        dueBefore: view === 'due_soon' ? addDays(today, 14) : undefined,
        needsReview: q.needsReview,
        limit: q.limit,
        offset: q.offset,
      },
      today,
    );
    const ag = await store.agenciesOfTasks(
      db,
      res.items.map((r) => r.id as string),
    );
    return { items: res.items.map((r) => store.toTask(r, ag.get(r.id as string)!)), total: res.total };
  }

  async function taskDetail(actor: Actor, id: string): Promise<TaskDetail> {
    const dir = await loadDirectory(store, db);
    const task = await loadTask(id);
    await checkCanSee(actor, task, dir);
    const inv = await involvement(actor, task, dir);
    const report = [
      ...inv.lead.map((a) => ({ agencyId: a.id, agencyName: a.shortName, role: 'lead' })),
      ...inv.support.filter((s) => !inv.lead.some((l) => l.id === s.id)).map((a) => ({ agencyId: a.id, agencyName: a.shortName, role: 'support' })),
    ];
    return {
      task,
      occurrences: await store.occurrencesOf(db, id),
      progress: await store.progressOfTask(db, id),
      history: await store.historyOfTask(db, id, task.planId),
      can: { report, review: isAssigner(actor), edit: isAssigner(actor) },
    };
  }

  // ---- assignment and structuring -----------------------------------------------------------

  async function assign(ctx: RequestContext, id: string, input: AssignIn): Promise<TaskOut> {
    const dir = await loadDirectory(store, db);
    const today = vnToday();
    return database.transaction(async (tx) => {
      const before = await loadTask(id, tx);
      const rows: repo.AgencyRowInsert[] = [];
      for (const [role, list] of [
        ['lead', input.lead],
        ['support', input.support],
      ] as const) {
        for (const a of list) {
          if (!!a.agencyId === !!a.group) throw badRequest('assignment_invalid', 'Mỗi cơ quan được giao phải có đúng một trong hai: agencyId hoặc group.');
          let written = a.written;
          if (a.agencyId) {
            const ag = dir.find((d) => d.id === a.agencyId);
            if (!ag) throw unprocessable('agency_not_found', 'Cơ quan được giao không tồn tại.');
            if (ag.validTo !== null) throw unprocessable('agency_not_current', `${ag.shortName} đã kết thúc hoạt động; hãy giao cho cơ quan kế thừa.`);
            written = written ?? ag.shortName;
          } else written = written ?? GROUP_NAMES_VI[a.group as AgencyGroup];
          rows.push({ role, written: nfc(written), agencyId: a.agencyId ?? null, group: (a.group as AgencyGroup) ?? null, note: a.note ?? null });
        }
      }
      if (!(await store.bumpTask(tx, id, input.version)))
        throw conflict('stale_version', 'Nhiệm vụ đã được người khác cập nhật. Vui lòng tải lại và thử lại.', { currentVersion: before.version });
      await store.replaceTaskAgencies(tx, id, rows);
      await refreshTask(store, tx, id, dir, today);
      const after = await loadTask(id, tx);
      const names = (l: TaskOut['lead']) => l.map((x) => x.agencyName ?? x.groupName ?? x.written);
      await store.logAction(tx, {
        planId: after.planId,
        taskId: id,
        action: 'task.assign',
        ...actorFields(ctx),
        payload: { lead: names(after.lead), support: names(after.support), before: { lead: names(before.lead), support: names(before.support) } },
      });
      await store.recordAudit(tx, ctx, {
        action: 'task.assign',
        entity: 'task',
        entityId: id,
        summary: { lead: names(after.lead), support: names(after.support) },
      });
      await store.enqueue(tx, {
        topic: 'tasks.task.assigned',
        aggregateKey: `task:${id}`,
        payload: { taskId: id, lead: after.lead.map((x) => x.agencyId ?? x.group), support: after.support.map((x) => x.agencyId ?? x.group) },
      });
      return after;
    });
  }

  async function mapAgency(ctx: RequestContext, planId: string, m: AgencyMapping): Promise<{ tasks: number }> {
    if (!!m.agencyId === !!m.group) throw badRequest('mapping_invalid', 'Cần đúng một trong hai: agencyId hoặc group.');
    const dir = await loadDirectory(store, db);
    if (m.agencyId) {
      const ag = dir.find((d) => d.id === m.agencyId);
      if (!ag) throw unprocessable('agency_not_found', 'Cơ quan không tồn tại.');
      if (ag.validTo !== null) throw unprocessable('agency_not_current', `${ag.shortName} đã kết thúc hoạt động; hãy chọn cơ quan kế thừa.`);
    }
    const today = vnToday();
    return database.transaction(async (tx) => {
      if (!(await store.getPlan(tx, planId))) throw notFound('kế hoạch');
      const tasks = await store.mapWritten(tx, planId, nfc(m.written), { agencyId: m.agencyId ?? null, group: (m.group as AgencyGroup) ?? null });
      if (!tasks.length) throw unprocessable('nothing_to_map', `Không còn nhiệm vụ nào của kế hoạch có tên cơ quan "${m.written}" chưa được ánh xạ.`);
      for (const t of tasks) {
        await store.bumpTask(tx, t);
        await refreshTask(store, tx, t, dir, today);
        await store.logAction(tx, {
          planId,
          taskId: t,
          action: 'task.agency_mapped',
          ...actorFields(ctx),
          payload: { written: m.written, agencyId: m.agencyId ?? null, group: m.group ?? null },
        });
      }
      await store.recordAudit(tx, ctx, {
        action: 'task_plan.map_agency',
        entity: 'task_plan',
        entityId: planId,
        summary: { written: m.written, agencyId: m.agencyId ?? null, group: m.group ?? null, tasks: tasks.length },
      });
      await store.enqueue(tx, { topic: 'tasks.task.assigned', aggregateKey: `task_plan:${planId}`, payload: { planId, tasks } });
      return { tasks: tasks.length };
    });
  }

  async function updateTask(ctx: RequestContext, id: string, u: TaskUpdate): Promise<TaskOut> {
    if (u.dueOn !== undefined && !isValidIsoDate(u.dueOn)) throw badRequest('invalid_date', 'Hạn phải là ngày có thật (YYYY-MM-DD).');
    const dir = await loadDirectory(store, db);
    const working = await isWorkingDayFn();
    const today = vnToday();
    return database.transaction(async (tx) => {
      const before = await loadTask(id, tx);
      const plan = (await store.getPlan(tx, before.planId))!;
      if (
        !(await store.updateTaskText(
          tx,
          id,
          { content: u.content !== undefined ? nfc(u.content) : undefined, output: u.output, section: u.section },
          u.version,
        ))
      ) {
        throw conflict('stale_version', 'Nhiệm vụ đã được người khác cập nhật. Vui lòng tải lại và thử lại.', { currentVersion: before.version });
      }
      let deadline: ParsedDeadline | null = null;
      if (u.deadlineText !== undefined || u.dueOn !== undefined || u.recurrence !== undefined) {
        let d = parseDeadline(u.deadlineText ?? before.deadline.text, plan.startOn);
        // A person structures what the parser could not: the words stay, the date/recurrence are set.
        if (u.dueOn !== undefined) d = { ...d, kind: d.kind === 'unparsed' ? 'date' : d.kind, dueOn: u.dueOn, needsReview: false };
        if (u.recurrence !== undefined) {
          const rec = (u.recurrence ?? null) as ParsedDeadline['recurrence'];
          d = { ...d, recurrence: rec, kind: rec && d.kind === 'unparsed' ? 'recurring' : d.kind, needsReview: d.needsReview && !rec };
        }
        deadline = d;
        await store.updateTaskDeadline(tx, id, d);
        await store.deleteUnreportedOccurrences(tx, id);
        await ensureOccurrences(tx, working, id, d, { startOn: plan.startOn, reportDay: plan.reportDay, dayOffRule: plan.dayOffRule as DayOffRule }, today);
        await refreshTask(store, tx, id, dir, today);
      }
      const after = await loadTask(id, tx);
      await store.logAction(tx, {
        planId: after.planId,
        taskId: id,
        action: 'task.update',
        ...actorFields(ctx),
        payload: { ...u, version: undefined, deadline: deadline ?? undefined },
      });
      await store.recordAudit(tx, ctx, { action: 'task.update', entity: 'task', entityId: id, summary: { ...u, version: undefined } });
      await store.enqueue(tx, { topic: 'tasks.task.updated', aggregateKey: `task:${id}`, payload: { taskId: id } });
      return after;
    });
  }

  return { listTasks, taskDetail, assign, mapAgency, updateTask };
}
