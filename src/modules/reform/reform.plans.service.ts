import type { Database, Executor } from '../../platform/db/database.js';
import { systemContext, type Actor, type RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { agencyScope, agencySubtree, getAgency, listAgencies, type Agency } from '../org/org.public.js';
import { localIsoDate } from '../calendar/calendar.public.js';
import { addTaskToModulePlan, createPlanWithTasks, removeModuleTask, statusOfTasks, updateModuleTask } from '../tasks/tasks.public.js';
import * as repo from './reform.repo.js';
import {
  diffPlanItems,
  planDueOn,
  planEditable,
  planPeriod,
  planReminderFor,
  REFORM_AREA_NAMES_VI,
  REFORM_AREAS,
  type PlanKind,
  type ReformArea,
} from './reform.rules.js';
import { agencyOr404, checkAgencyAccess, isValidIsoDate } from './reform.shared.js';

export interface PlanItemInput {
  id?: string;
  area: string;
  content: string;
  output?: string | null;
  ownerAgencyId?: string;
  dueOn: string;
}

const levelOf = (a: Agency): 'province' | 'commune' => (a.kind === 'commune_people_committee' ? 'commune' : 'province');

/** Reform plans (annual and 5-year) on the standard frame; their items are tasks of the tasks module. */
export function createPlansService(database: Database, clock: { now(): Date }) {
  const db = database.db;

  /** Checks items against the frame and the plan's years; returns them normalised (owner defaults to the agency). */
  async function checkItems(agency: Agency, period: { start: number; end: number }, items: PlanItemInput[]) {
    const owners = new Set(await agencySubtree(db, agency.id));
    const out = [];
    for (const it of items) {
      if (!REFORM_AREAS.includes(it.area as ReformArea)) throw badRequest('unknown_area', `Lĩnh vực "${it.area}" không thuộc khung kế hoạch CCHC.`);
      if (!isValidIsoDate(it.dueOn)) throw badRequest('invalid_date', 'Thời hạn phải có dạng YYYY-MM-DD và là ngày có thật.');
      const y = Number(it.dueOn.slice(0, 4));
      if (y < period.start || y > period.end)
        throw badRequest(
          'due_outside_year',
          period.start === period.end
            ? `Thời hạn ${it.dueOn} nằm ngoài năm kế hoạch ${period.start}.`
            : `Thời hạn ${it.dueOn} nằm ngoài giai đoạn ${period.start}–${period.end}.`,
        );
      if (it.ownerAgencyId && !owners.has(it.ownerAgencyId))
        throw badRequest('owner_outside_agency', 'Đơn vị chủ trì phải là cơ quan lập kế hoạch hoặc đơn vị trực thuộc.');
      out.push({
        id: it.id,
        area: it.area,
        content: nfc(it.content.trim()),
        output: it.output?.trim() ? nfc(it.output.trim()) : null,
        ownerAgencyId: it.ownerAgencyId ?? agency.id,
        dueOn: it.dueOn,
      });
    }
    return out;
  }

  async function ownerNames(ids: Iterable<string>): Promise<Map<string, string>> {
    const m = new Map<string, string>();
    for (const id of new Set(ids)) m.set(id, (await getAgency(db, id))?.name ?? '');
    return m;
  }

  const taskItem = (it: { area: string; content: string; output: string | null; ownerAgencyId: string; dueOn: string }, names: Map<string, string>) => ({
    section: REFORM_AREA_NAMES_VI[it.area as ReformArea],
    content: it.content,
    output: it.output,
    leadAgencyId: it.ownerAgencyId,
    leadName: names.get(it.ownerAgencyId) ?? '',
    dueOn: it.dueOn,
  });

  /**
   * Submits a plan: it is recorded as submitted at `now` (the request time; routes never pass it,
   * the demo seed passes a day in the past so its plans are on time or late as a real year would be).
   */
  async function createPlan(
    ctx: RequestContext,
    input: { kind?: PlanKind; year: number; agencyId: string; title?: string; items: PlanItemInput[] },
    now = clock.now(),
  ) {
    const kind = input.kind ?? 'annual';
    const agency = await agencyOr404(db, input.agencyId);
    await checkAgencyAccess(db, ctx.actor, agency.id);
    const period = planPeriod(kind, input.year);
    if (!period)
      throw badRequest(
        'invalid_period',
        'Kế hoạch 5 năm theo giai đoạn của Chương trình tổng thể (2021–2025, 2026–2030): năm bắt đầu phải là 2021, 2026, 2031…',
      );
    const items = await checkItems(agency, period, input.items);
    if (items.some((i) => i.id)) throw badRequest('id_not_allowed', 'Nội dung của kế hoạch mới chưa có mã.');
    const level = levelOf(agency);
    const dueOn = planDueOn(period.start, level);
    const label = kind === 'annual' ? `năm ${input.year}` : `giai đoạn ${period.start}–${period.end}`;
    const title = nfc((input.title ?? `Kế hoạch cải cách hành chính ${label} của ${agency.name}`).trim());
    const names = await ownerNames(items.map((i) => i.ownerAgencyId));
    const exists = () => conflict('plan_exists', `${agency.name} đã có kế hoạch CCHC ${label}.`);
    const id = await database.transaction(async (tx) => {
      if ((await repo.plansOfKindYear(tx, kind, input.year)).some((p) => p.agencyId === agency.id)) throw exists();
      const created = await createPlanWithTasks(tx, {
        title,
        number: null,
        issuedOn: localIsoDate(now),
        issuingAgencyId: agency.id,
        createdBy: ctx.actor?.id ?? null,
        today: localIsoDate(now),
        items: items.map((it) => taskItem(it, names)),
      });
      const planId = await repo.insertReformPlan(tx, {
        agencyId: agency.id,
        kind,
        year: period.start,
        periodEnd: period.end,
        level,
        dueOn,
        title,
        taskPlanId: created.planId,
        createdBy: ctx.actor?.id ?? null,
        submittedAt: now,
      });
      if (!planId) throw exists();
      for (const [i, it] of items.entries()) await repo.insertPlanItem(tx, { planId, ordinal: i + 1, ...it, taskId: created.taskIds[i] });
      await recordAudit(tx, ctx, {
        action: 'reform.plan.create',
        entity: 'reform_plan',
        entityId: planId,
        summary: { kind, year: input.year, agencyId: agency.id, items: items.length, taskPlanId: created.planId },
      });
      await enqueue(tx, {
        topic: 'reform.plan.created',
        aggregateKey: `reform_plan:${planId}`,
        payload: { planId, kind, year: input.year, agencyId: agency.id, taskPlanId: created.planId },
      });
      return planId;
    });
    return planOut(id, now);
  }

  async function planOut(id: string, now = clock.now()) {
    const p = await repo.getReformPlan(db, id);
    if (!p) throw notFound('kế hoạch CCHC');
    const st = await statusOfTasks(
      db,
      p.items.map((i) => i.taskId).filter((x): x is string => !!x),
    );
    return {
      ...p,
      editable: planEditable(p.dueOn, localIsoDate(now)),
      items: p.items.map((i) => ({ ...i, task: i.taskId ? (st.get(i.taskId) ?? null) : null })),
    };
  }

  async function getPlan(actor: Actor | null, id: string, now = clock.now()) {
    const p = await repo.planHead(db, id);
    if (!p) throw notFound('kế hoạch CCHC');
    await checkAgencyAccess(db, actor, p.agencyId);
    return planOut(id, now);
  }

  /** Plans the caller may see (own agency subtree; every agency for province-wide roles). */
  async function listPlans(actor: Actor | null, q: { year?: number; kind?: PlanKind; agencyId?: string }) {
    const scope = await agencyScope(db, actor);
    let ids: string[] | null = scope === 'all' ? null : scope;
    if (q.agencyId) {
      await checkAgencyAccess(db, actor, q.agencyId);
      ids = [q.agencyId];
    }
    const items = await repo.listPlans(db, { agencyIds: ids, year: q.year, kind: q.kind });
    return { items, total: items.length };
  }

  /**
   * Edits a plan up to its due date: the title and the full list of items. Items keep their id
   * (changed → their task is changed), new items get a task, removed items lose their task (409 if
   * an agency already reported progress on it). Everything in one transaction.
   */
  async function updatePlan(ctx: RequestContext, id: string, input: { title?: string; version: number; items: PlanItemInput[] }, now = clock.now()) {
    const head = await repo.planHead(db, id);
    if (!head) throw notFound('kế hoạch CCHC');
    await checkAgencyAccess(db, ctx.actor, head.agencyId);
    const today = localIsoDate(now);
    if (!planEditable(head.dueOn, today))
      throw conflict('plan_locked', `Đã quá hạn gửi kế hoạch (${head.dueOn.split('-').reverse().join('/')}), không sửa được nữa.`);
    const agency = await agencyOr404(db, head.agencyId);
    const items = await checkItems(agency, { start: head.year, end: head.periodEnd }, input.items);
    const names = await ownerNames(items.map((i) => i.ownerAgencyId));
    const title = input.title ? nfc(input.title.trim()) : head.title;
    await database.transaction(async (tx) => {
      const locked = await repo.planHead(tx, id, true);
      if (!locked || locked.version !== input.version) throw conflict('stale_version', 'Kế hoạch đã được người khác sửa; hãy tải lại.');
      const have = await repo.planItemsOf(tx, id);
      const diff = diffPlanItems(have, items);
      if (diff.unknown.length) throw badRequest('unknown_item', 'Có nội dung không thuộc kế hoạch này.', { items: diff.unknown });
      for (const r of diff.removed) {
        await repo.deletePlanItem(tx, r.id);
        if (r.taskId && !(await removeModuleTask(tx, r.taskId)))
          throw conflict('item_has_progress', `Nội dung "${r.content.slice(0, 80)}" đã có báo cáo tiến độ nên không xóa được.`);
      }
      await repo.parkItemOrdinals(tx, id);
      const changedIds = new Set(diff.changed.map((c) => c.before.id));
      const byId = new Map(have.map((h) => [h.id, h]));
      let added = 0;
      for (const [i, it] of items.entries()) {
        const ordinal = i + 1;
        if (it.id) {
          const before = byId.get(it.id)!;
          await repo.updatePlanItem(tx, it.id, { ordinal, ...it });
          if (changedIds.has(it.id) && before.taskId && locked.taskPlanId)
            await updateModuleTask(tx, before.taskId, locked.issuedOn, taskItem(it, names), today);
        } else {
          const taskId = locked.taskPlanId ? await addTaskToModulePlan(tx, locked.taskPlanId, locked.issuedOn, taskItem(it, names), today) : null;
          await repo.insertPlanItem(tx, { planId: id, ordinal, ...it, taskId: taskId! });
          added++;
        }
      }
      if (!(await repo.touchPlan(tx, id, title, input.version))) throw conflict('stale_version', 'Kế hoạch đã được người khác sửa; hãy tải lại.');
      const summary = {
        added,
        changed: diff.changed.length,
        removed: diff.removed.length,
        title: title !== head.title ? { from: head.title, to: title } : undefined,
      };
      await recordAudit(tx, ctx, { action: 'reform.plan.update', entity: 'reform_plan', entityId: id, summary });
      await enqueue(tx, { topic: 'reform.plan.updated', aggregateKey: `reform_plan:${id}`, payload: { planId: id, agencyId: head.agencyId, ...summary } });
    });
    return planOut(id, now);
  }

  /** Which departments and communes submitted their plan (annual, or 5-year for the period starting that year), late, or not yet. */
  async function planStatus(year: number, kind: PlanKind = 'annual', now = clock.now()) {
    const today = localIsoDate(now);
    if (!planPeriod(kind, year)) throw badRequest('invalid_period', 'Kế hoạch 5 năm bắt đầu năm 2021, 2026, 2031…');
    const plans = new Map((await repo.plansOfKindYear(db, kind, year)).map((p) => [p.agencyId, p]));
    const counts = { on_time: 0, late: 0, missing: 0, pending: 0 };
    const items = [];
    for (const a of await plannedAgencies(db)) {
      const level = levelOf(a);
      const due = planDueOn(year, level);
      const p = plans.get(a.id);
      const status: keyof typeof counts = p ? (p.late ? 'late' : 'on_time') : today > due ? 'missing' : 'pending';
      items.push({ agencyId: a.id, agencyName: a.name, level, dueOn: due, status, planId: p?.id ?? null, submittedAt: p?.submittedAt ?? null });
    }
    for (const i of items) counts[i.status]++;
    return { year, kind, items, total: items.length, counts };
  }

  /**
   * The daily reminder job: every department and commune without its annual plan (and, in the
   * first year of a period, its 5-year plan) is reminded 7, 3 and 1 days before the due date, the
   * day after it, then weekly. One reminder per agency, plan, kind and day (safe in several
   * processes); each goes to the outbox for the agency's leaders.
   */
  async function planReminders(now = clock.now()) {
    const today = localIsoDate(now);
    const year = Number(today.slice(0, 4));
    const kinds: PlanKind[] = planPeriod('five_year', year) ? ['annual', 'five_year'] : ['annual'];
    let sent = 0;
    const agencies = await plannedAgencies(db);
    for (const kind of kinds) {
      const have = new Set((await repo.plansOfKindYear(db, kind, year)).map((p) => p.agencyId));
      for (const a of agencies) {
        if (have.has(a.id)) continue;
        const dueOn = planDueOn(year, levelOf(a));
        const reminder = planReminderFor(dueOn, today);
        if (!reminder) continue;
        await database.transaction(async (tx) => {
          if (!(await repo.recordPlanReminder(tx, { agencyId: a.id, planKind: kind, year, kind: reminder, on: today }))) return;
          const leaders = await repo.leadersWithContact(tx, a.id);
          sent++;
          await recordAudit(tx, systemContext('reform-plan-reminders'), {
            action: 'reform.plan.remind',
            entity: 'agency',
            entityId: a.id,
            summary: { planKind: kind, year, reminder, dueOn },
          });
          await enqueue(tx, {
            topic: 'reform.plan.reminder',
            aggregateKey: `reform_plan_reminder:${a.id}`,
            payload: { agencyId: a.id, agencyName: a.name, planKind: kind, year, reminder, dueOn, leaders: leaders.map((l) => l.id) },
          });
        });
      }
    }
    return { today, sent };
  }

  return { createPlan, getPlan, listPlans, updatePlan, planStatus, planReminders };
}

/** The agencies that must send a reform plan: current departments and communes. */
async function plannedAgencies(exec: Executor): Promise<Agency[]> {
  const out: Agency[] = [];
  for (const kind of ['department', 'commune_people_committee']) {
    for (let offset = 0; ; offset += 500) {
      const page = await listAgencies(exec, { kind, current: true, limit: 500, offset });
      out.push(...page.items);
      if (page.items.length < 500) break;
    }
  }
  return out;
}

/** The text of a plan reminder (pure; the notifier sends it). */
export function planReminderText(p: { agencyName: string; planKind: PlanKind; year: number; reminder: string; dueOn: string }): {
  subject: string;
  text: string;
} {
  const plan = p.planKind === 'annual' ? `kế hoạch cải cách hành chính năm ${p.year}` : `kế hoạch cải cách hành chính giai đoạn ${p.year}–${p.year + 4}`;
  const due = p.dueOn.split('-').reverse().join('/');
  const m = /^due_in_(\d+)$/.exec(p.reminder);
  const text = m
    ? `${p.agencyName} chưa gửi ${plan}. Hạn gửi Sở Nội vụ: ${due} (còn ${m[1]} ngày).`
    : `${p.agencyName} chưa gửi ${plan}; đã quá hạn ${due}. Đề nghị khẩn trương ban hành và gửi Sở Nội vụ.`;
  return { subject: `Nhắc gửi ${plan}`, text };
}
