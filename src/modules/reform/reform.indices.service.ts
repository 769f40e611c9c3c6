/**
 * Provincial indices (issue #10 §4): each year's national result of PAR INDEX, SIPAS, PAPI and PCI
 * for the province, trends, the gap to the target rank, weak components and the tasks assigned to
 * improve them (tasks are created and read through tasks.public.ts). Every change writes its audit
 * and outbox rows in the same transaction.
 */
import type { Database, Executor } from '../../platform/db/database.js';
import { isProvinceWide, type Actor, type RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { getSetting } from '../../platform/auth/auth.repo.js';
import { agencyScope, getAgency, inScope } from '../org/org.public.js';
import { localIsoDate } from '../calendar/calendar.public.js';
import { addTaskToModulePlan, createPlanWithTasks, tasksById, type TaskOut } from '../tasks/tasks.public.js';
import * as repo from './reform.indices.repo.js';
import {
  gapToTarget,
  INDEX_CODES,
  trendOf,
  validateResult,
  weakComponents,
  type ComponentFigure,
  type IndexCode,
  type WeakReason,
} from './reform.indices.rules.js';

export interface ResultIn {
  province?: string;
  provinceName?: string;
  score?: number | null;
  rank?: number | null;
  outOf: number;
  components?: { code: string; score: number; nationalMedian?: number | null; rank?: number | null }[];
  source: { title: string; url?: string | null };
  verified: boolean;
  note?: string | null;
}

export interface LinkedTask {
  id: string;
  content: string;
  section: string | null;
  planTitle: string;
  leads: string[];
  dueOn: string | null;
  status: TaskOut['status'];
  percent: number;
  year: number | null;
  linkedAt: string;
}

const isValidIsoDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export function createReformIndicesService(database: Database, clock: { now(): Date }) {
  const db = database.db;

  function indexOr404(code: string): IndexCode {
    if (!(INDEX_CODES as readonly string[]).includes(code)) throw notFound(`chỉ số "${code}"`);
    return code as IndexCode;
  }

  /** The province an operation is about: the one asked for, else the configured one (setting province_code). */
  async function province(exec: Executor, code: string | undefined, nameIn?: string): Promise<{ code: string; name: string }> {
    const own = await getSetting(exec, 'province_code');
    const c = code ?? own;
    if (!c) throw badRequest('province_required', 'Hệ thống chưa cấu hình tỉnh: cần chỉ rõ mã tỉnh (province).');
    if (c === own) return { code: c, name: (await getSetting(exec, 'province_name')) ?? nameIn ?? c };
    const known = (await repo.results(exec, c))[0]?.provinceName;
    const name = nameIn?.trim() ? nfc(nameIn.trim()) : known;
    if (!name) throw badRequest('province_name_required', `Tỉnh mã ${c} chưa có kết quả nào: cần nhập tên tỉnh (provinceName).`);
    return { code: c, name };
  }

  async function componentOr404(exec: Executor, index: IndexCode, code: string): Promise<repo.ComponentRow> {
    const c = (await repo.components(exec, index)).find((x) => x.code === code);
    if (!c) throw notFound(`chỉ số thành phần "${code}" của ${index}`);
    return c;
  }

  const toLinked = (t: TaskOut, l: repo.LinkRow): LinkedTask => ({
    id: t.id,
    content: t.content,
    section: t.section,
    planTitle: t.planTitle,
    leads: t.lead.map((a) => a.agencyName ?? a.groupName ?? a.written),
    dueOn: t.deadline.dueOn ?? t.nextDueOn,
    status: t.status,
    percent: t.percent,
    year: l.year,
    linkedAt: l.linkedAt,
  });

  /**
   * Linked tasks the caller may see: every task for province-wide roles (Sở Nội vụ, Văn phòng UBND,
   * admin); for other staff only tasks led by an agency in their scope (the task board's own rule
   * for agency staff). The hidden ones are counted.
   */
  async function visibleTasks(exec: Executor, actor: Actor | null, links: repo.LinkRow[]): Promise<Map<string, { tasks: LinkedTask[]; hidden: number }>> {
    const tasks = new Map(
      (
        await tasksById(
          exec,
          links.map((l) => l.taskId),
        )
      ).map((t) => [t.id, t]),
    );
    const scope = isProvinceWide(actor) ? 'all' : await agencyScope(exec, actor);
    const out = new Map<string, { tasks: LinkedTask[]; hidden: number }>();
    for (const l of links) {
      const t = tasks.get(l.taskId);
      if (!t) continue;
      const entry = out.get(l.componentId) ?? { tasks: [], hidden: 0 };
      if (scope === 'all' || t.lead.some((a) => inScope(scope, a.agencyId))) entry.tasks.push(toLinked(t, l));
      else entry.hidden++;
      out.set(l.componentId, entry);
    }
    return out;
  }

  async function view(exec: Executor, actor: Actor | null, prov: { code: string; name: string }, only?: IndexCode) {
    const kinds = (await repo.indexKinds(exec)).filter((k) => !only || k.code === only);
    const defs = await repo.components(exec, only);
    const all = await repo.results(exec, prov.code, only);
    const targets = new Map((await repo.targets(exec, prov.code)).map((t) => [t.indexCode, t]));
    const linksAll = await repo.links(exec, prov.code, only);
    const tasksByComponent = await visibleTasks(exec, actor, linksAll);
    return kinds.map((k) => {
      const compDefs = defs.filter((d) => d.indexCode === k.code);
      const target = targets.get(k.code) ?? null;
      const years = trendOf(all.filter((r) => r.indexCode === k.code)).map((r) => ({
        year: r.year,
        score: r.score,
        rank: r.rank,
        outOf: r.outOf,
        verified: r.verified,
        source: { title: r.sourceTitle, url: r.sourceUrl },
        note: r.note,
        updatedAt: r.updatedAt,
        version: r.version,
        components: r.components,
        trend: r.trend,
        gap: gapToTarget(r, target ? { rank: target.rank, year: target.year } : null),
      }));
      const withComponents = years.filter((y) => y.components.length > 0);
      const current = withComponents[withComponents.length - 1] ?? null;
      const previous = withComponents[withComponents.length - 2] ?? null;
      const fig = (y: typeof current) =>
        y ? new Map<string, ComponentFigure>(y.components.map((c) => [c.code, { score: c.score, nationalMedian: c.nationalMedian }])) : null;
      const weak = current ? weakComponents(compDefs, fig(current)!, fig(previous)) : [];
      const weakBy = new Map(weak.map((w) => [w.code, w]));
      const latest = years[years.length - 1] ?? null;
      const ranked = [...years].reverse().find((y) => y.rank !== null) ?? null;
      return {
        code: k.code,
        name: k.name,
        publisher: k.publisher,
        scoreMax: k.scoreMax,
        scoreUnit: k.scoreUnit,
        note: k.note,
        target: target ? { rank: target.rank, year: target.year, source: target.sourceTitle, note: target.note } : null,
        latestYear: latest?.year ?? null,
        /** Gap of the latest ranked result to the target. */
        gap: ranked?.gap ? { year: ranked.year, ...ranked.gap } : null,
        years,
        componentYear: current?.year ?? null,
        comparedWith: previous?.year ?? null,
        components: compDefs.map((d) => {
          const c = current?.components.find((x) => x.code === d.code) ?? null;
          const w = weakBy.get(d.code);
          const t = tasksByComponent.get(d.id);
          return {
            code: d.code,
            name: d.name,
            maxScore: d.maxScore,
            note: d.note,
            score: c?.score ?? null,
            nationalMedian: c?.nationalMedian ?? null,
            rank: c?.rank ?? null,
            change: w?.change ?? (c && previous ? changeOf(previous.components, d.code, c.score) : null),
            weak: (w?.reasons ?? []) as WeakReason[],
            tasks: t?.tasks ?? [],
            hiddenTasks: t?.hidden ?? 0,
          };
        }),
      };
    });
  }

  const changeOf = (prev: repo.ComponentScoreRow[], code: string, score: number): number | null => {
    const p = prev.find((x) => x.code === code);
    return p ? Math.round((score - p.score) * 100) / 100 : null;
  };

  async function overview(actor: Actor | null, provinceCode?: string) {
    const prov = await province(db, provinceCode);
    return { province: prov, indices: await view(db, actor, prov) };
  }

  async function detail(actor: Actor | null, index: string, provinceCode?: string) {
    const code = indexOr404(index);
    const prov = await province(db, provinceCode);
    return { province: prov, ...(await view(db, actor, prov, code))[0] };
  }

  async function recordResult(ctx: RequestContext, index: string, year: number, input: ResultIn) {
    const code = indexOr404(index);
    const kind = (await repo.indexKinds(db)).find((k) => k.code === code)!;
    const defs = await repo.components(db, code);
    const prov = await province(db, input.province, input.provinceName);
    const comps = input.components ?? [];
    const score = input.score ?? null;
    const rank = input.rank ?? null;
    const errors = validateResult({ score, rank, outOf: input.outOf, scoreMax: kind.scoreMax, components: comps, defs });
    if (!input.source.title.trim()) errors.push('Cần ghi nguồn công bố (tên văn bản, bài báo hoặc trang web).');
    if (input.source.url && !/^https?:\/\/\S+$/i.test(input.source.url.trim())) errors.push('Địa chỉ nguồn phải là một URL http(s).');
    if (errors.length) throw badRequest('invalid_index_result', errors.join(' '), { errors });
    const byCode = new Map(defs.map((d) => [d.code, d.id]));
    await database.transaction(async (tx) => {
      const saved = await repo.upsertResult(tx, {
        indexCode: code,
        provinceCode: prov.code,
        provinceName: prov.name,
        year,
        score,
        rank,
        outOf: input.outOf,
        sourceTitle: nfc(input.source.title.trim()),
        sourceUrl: input.source.url?.trim() || null,
        verified: input.verified,
        note: input.note?.trim() ? nfc(input.note.trim()) : null,
        by: ctx.actor?.id ?? null,
      });
      await repo.replaceComponentScores(
        tx,
        saved.id,
        comps.map((c) => ({ componentId: byCode.get(c.code)!, score: c.score, nationalMedian: c.nationalMedian ?? null, rank: c.rank ?? null })),
      );
      const summary = {
        index: code,
        province: prov.code,
        year,
        score,
        rank,
        outOf: input.outOf,
        components: comps.length,
        verified: input.verified,
        created: saved.created,
      };
      await recordAudit(tx, ctx, { action: 'reform.index.result.record', entity: 'reform_index_result', entityId: saved.id, summary });
      await enqueue(tx, { topic: 'reform.index.result.recorded', aggregateKey: `reform_index:${code}:${prov.code}`, payload: summary });
    });
    return detail(ctx.actor, code, prov.code);
  }

  async function setTarget(
    ctx: RequestContext,
    index: string,
    input: { province?: string; rank: number; year: number; source?: string | null; note?: string | null },
  ) {
    const code = indexOr404(index);
    const prov = await province(db, input.province);
    await database.transaction(async (tx) => {
      await repo.upsertTarget(tx, {
        indexCode: code,
        provinceCode: prov.code,
        rank: input.rank,
        year: input.year,
        sourceTitle: input.source?.trim() ? nfc(input.source.trim()) : null,
        note: input.note?.trim() ? nfc(input.note.trim()) : null,
        by: ctx.actor?.id ?? null,
      });
      const summary = { index: code, province: prov.code, rank: input.rank, year: input.year };
      await recordAudit(tx, ctx, { action: 'reform.index.target.set', entity: 'reform_index_target', entityId: `${code}:${prov.code}`, summary });
      await enqueue(tx, { topic: 'reform.index.target.set', aggregateKey: `reform_index:${code}:${prov.code}`, payload: summary });
    });
    return detail(ctx.actor, code, prov.code);
  }

  async function componentTasks(actor: Actor | null, index: string, component: string, provinceCode?: string) {
    const code = indexOr404(index);
    const comp = await componentOr404(db, code, component);
    const prov = await province(db, provinceCode);
    const l = (await repo.links(db, prov.code, code)).filter((x) => x.componentId === comp.id);
    const t = (await visibleTasks(db, actor, l)).get(comp.id);
    return {
      index: code,
      component: { code: comp.code, name: comp.name },
      province: prov,
      items: t?.tasks ?? [],
      total: t?.tasks.length ?? 0,
      hidden: t?.hidden ?? 0,
    };
  }

  async function linkTasks(ctx: RequestContext, index: string, component: string, input: { taskIds: string[]; year?: number | null; province?: string }) {
    const code = indexOr404(index);
    const comp = await componentOr404(db, code, component);
    const prov = await province(db, input.province);
    const found = new Set((await tasksById(db, input.taskIds)).map((t) => t.id));
    const missing = input.taskIds.filter((id) => !found.has(id));
    if (missing.length) throw badRequest('unknown_task', `Không tìm thấy nhiệm vụ: ${missing.join(', ')}.`, { missing });
    await database.transaction(async (tx) => {
      const added: string[] = [];
      for (const id of new Set(input.taskIds))
        if (await repo.insertLink(tx, { componentId: comp.id, provinceCode: prov.code, taskId: id, year: input.year ?? null, by: ctx.actor?.id ?? null }))
          added.push(id);
      if (!added.length) return;
      const summary = { index: code, component: comp.code, province: prov.code, taskIds: added, year: input.year ?? null };
      await recordAudit(tx, ctx, { action: 'reform.index.task.link', entity: 'reform_index_component', entityId: comp.id, summary });
      await enqueue(tx, { topic: 'reform.index.task.linked', aggregateKey: `reform_index:${code}:${prov.code}`, payload: summary });
    });
    return componentTasks(ctx.actor, code, comp.code, prov.code);
  }

  async function unlinkTask(ctx: RequestContext, index: string, component: string, taskId: string, provinceCode?: string) {
    const code = indexOr404(index);
    const comp = await componentOr404(db, code, component);
    const prov = await province(db, provinceCode);
    await database.transaction(async (tx) => {
      if (!(await repo.deleteLink(tx, comp.id, prov.code, taskId))) throw notFound('liên kết nhiệm vụ với chỉ số thành phần này');
      const summary = { index: code, component: comp.code, province: prov.code, taskId };
      await recordAudit(tx, ctx, { action: 'reform.index.task.unlink', entity: 'reform_index_component', entityId: comp.id, summary });
      await enqueue(tx, { topic: 'reform.index.task.unlinked', aggregateKey: `reform_index:${code}:${prov.code}`, payload: summary });
    });
    return componentTasks(ctx.actor, code, comp.code, prov.code);
  }

  /**
   * Creates a task to improve a component, in the index's own task plan ("Nhiệm vụ cải thiện chỉ
   * số …", created with the first task), led by one agency with a one-off deadline, and links it.
   */
  async function createTask(
    ctx: RequestContext,
    index: string,
    component: string,
    input: { content: string; output?: string | null; leadAgencyId: string; dueOn: string; year?: number | null; province?: string },
    now = clock.now(),
  ) {
    const code = indexOr404(index);
    const comp = await componentOr404(db, code, component);
    const prov = await province(db, input.province);
    const kind = (await repo.indexKinds(db)).find((k) => k.code === code)!;
    const lead = await getAgency(db, input.leadAgencyId);
    if (!lead) throw badRequest('unknown_agency', 'Cơ quan chủ trì không tồn tại.');
    if (lead.validTo) throw badRequest('agency_not_current', `${lead.name} không còn hoạt động; chọn cơ quan kế thừa.`);
    if (!isValidIsoDate(input.dueOn)) throw badRequest('invalid_date', 'Thời hạn phải có dạng YYYY-MM-DD và là ngày có thật.');
    const today = localIsoDate(now);
    if (input.dueOn < today) throw badRequest('due_in_past', `Thời hạn ${input.dueOn} đã qua.`);
    const content = nfc(input.content.trim());
    if (!content) throw badRequest('content_required', 'Cần nhập nội dung nhiệm vụ.');
    const item = {
      section: comp.name,
      content,
      output: input.output?.trim() ? nfc(input.output.trim()) : null,
      leadAgencyId: lead.id,
      leadName: lead.name,
      dueOn: input.dueOn,
    };
    const issuer = ctx.actor?.agencyId ?? lead.id;
    const taskId = await database.transaction(async (tx) => {
      let planId = await repo.taskPlanOf(tx, code, prov.code);
      let id: string;
      if (planId) id = await addTaskToModulePlan(tx, planId, today, item, today);
      else {
        const created = await createPlanWithTasks(tx, {
          title: `Nhiệm vụ cải thiện ${kind.name} tỉnh ${prov.name}`,
          number: null,
          issuedOn: today,
          issuingAgencyId: issuer,
          createdBy: ctx.actor?.id ?? null,
          today,
          items: [item],
        });
        planId = created.planId;
        id = created.taskIds[0];
        await repo.saveTaskPlan(tx, code, prov.code, planId);
      }
      if (!(await repo.insertLink(tx, { componentId: comp.id, provinceCode: prov.code, taskId: id, year: input.year ?? null, by: ctx.actor?.id ?? null })))
        throw conflict('already_linked', 'Nhiệm vụ đã gắn với chỉ số thành phần này.');
      const summary = { index: code, component: comp.code, province: prov.code, taskId: id, taskPlanId: planId, leadAgencyId: lead.id, dueOn: input.dueOn };
      await recordAudit(tx, ctx, { action: 'reform.index.task.create', entity: 'reform_index_component', entityId: comp.id, summary });
      await enqueue(tx, { topic: 'reform.index.task.created', aggregateKey: `reform_index:${code}:${prov.code}`, payload: summary });
      return id;
    });
    const list = await componentTasks(ctx.actor, code, comp.code, prov.code);
    return { taskId, ...list };
  }

  return { overview, detail, recordResult, setTarget, componentTasks, linkTasks, unlinkTask, createTask };
}

export type ReformIndicesService = ReturnType<typeof createReformIndicesService>;
