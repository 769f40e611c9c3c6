import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.js';
import { hasAnyRole, systemContext, type Actor, type RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { agencyScope, agencySubtree, getAgency, inScope, listAgencies, type Agency } from '../org/org.public.js';
import { localIsoDate } from '../calendar/calendar.public.js';
import { createPlanWithTasks } from '../tasks/tasks.public.js';
import * as repo from './reform.repo.js';
import { planDueOn, rankByTotal, REFORM_AREA_NAMES_VI, REFORM_AREAS, scoreTree, sipasIndex, validateTree, type ReformArea, type ScoreInput } from './reform.rules.js';
import { SIPAS_QUESTIONS, SIPAS_SECTORS } from './reform.sipas.js';

/** Sở Nội vụ (appraisal council secretariat) and the administrator appraise and publish. */
export const APPRAISER_ROLES = ['home_affairs', 'admin'] as const;
/** Staff who prepare their own agency's self-assessment and plan. */
export const AGENCY_STAFF_ROLES = ['specialist', 'unit_leader', 'admin'] as const;

export interface CriterionIn {
  code: string;
  parentCode?: string | null;
  title: string;
  maxPoints: number;
  rule: 'manual' | 'survey' | 'sum';
  ruleNote?: string | null;
  evidenceRequired?: boolean;
}

const isValidIsoDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export function createReformService(database: Database) {
  const db = database.db;

  async function agencyOr404(exec: Executor, id: string): Promise<Agency> {
    const a = await getAgency(exec, id);
    if (!a) throw notFound('cơ quan');
    return a;
  }

  async function checkAgencyAccess(actor: Actor | null, agencyId: string): Promise<void> {
    const scope = await agencyScope(db, actor);
    if (!inScope(scope, agencyId)) throw forbidden('Bạn chỉ thao tác được với cơ quan của mình.');
  }

  // ---- criteria tree ------------------------------------------------------------------------

  async function tree(year: number) {
    const nodes = await repo.criteriaOfYear(db, year);
    return { year, items: nodes, total: nodes.length, maxTotal: nodes.filter((n) => !n.parentId).reduce((s, n) => s + n.maxPoints, 0), editable: !(await repo.yearHasScores(db, year)) };
  }

  async function replaceTree(ctx: RequestContext, year: number, input: CriterionIn[]) {
    const byCode = new Map<string, string>();
    for (const c of input) byCode.set(c.code, byCode.get(c.code) ?? randomUUID());
    const nodes = input.map((c, i) => ({
      id: byCode.get(c.code)!, parentId: c.parentCode ? (byCode.get(c.parentCode) ?? `missing:${c.parentCode}`) : null, ordinal: i + 1, code: nfc(c.code.trim()), title: nfc(c.title.trim()),
      maxPoints: c.maxPoints, rule: c.rule, ruleNote: c.ruleNote ? nfc(c.ruleNote) : null, evidenceRequired: c.evidenceRequired ?? false,
    }));
    const errors = validateTree(nodes);
    if (input.length !== new Set(input.map((c) => c.code)).size) errors.unshift('Mã tiêu chí bị trùng.');
    if (errors.length) throw badRequest('invalid_criteria_tree', errors.join(' '), { errors });
    return database.transaction(async (tx) => {
      if (await repo.yearHasScores(tx, year)) throw conflict('criteria_in_use', `Bộ tiêu chí năm ${year} đã có cơ quan chấm điểm nên không thể thay thế.`);
      await repo.replaceCriteria(tx, year, nodes);
      await recordAudit(tx, ctx, { action: 'reform.par.criteria.replace', entity: 'reform_par_criterion', entityId: String(year), summary: { year, count: nodes.length } });
      await enqueue(tx, { topic: 'reform.par.criteria.replaced', aggregateKey: `reform_par:${year}`, payload: { year, count: nodes.length } });
      return { year, items: await repo.criteriaOfYear(tx, year), total: nodes.length, maxTotal: nodes.filter((n) => !n.parentId).reduce((s, n) => s + n.maxPoints, 0), editable: true };
    });
  }

  // ---- assessments --------------------------------------------------------------------------

  async function computeFor(exec: Executor, year: number, agencyId: string) {
    const criteria = await repo.criteriaOfYear(exec, year);
    const assessment = await repo.getAssessment(exec, year, agencyId);
    const scores = assessment ? await repo.scoresOf(exec, assessment.id) : [];
    const byCriterion = new Map(scores.map((s) => [s.criterionId, s]));
    const result = scoreTree(criteria, new Map<string, ScoreInput>(scores.map((s) => [s.criterionId, s])));
    return { criteria, assessment, byCriterion, result };
  }

  async function assessmentDetail(actor: Actor | null, year: number, agencyId: string) {
    const agency = await agencyOr404(db, agencyId);
    await checkAgencyAccess(actor, agencyId);
    const { criteria, assessment, byCriterion, result } = await computeFor(db, year, agencyId);
    return {
      year,
      agency: { id: agency.id, name: agency.name },
      status: assessment?.status ?? 'draft',
      submittedAt: assessment?.submittedAt ?? null,
      selfTotal: result.selfTotal,
      total: result.total,
      maxTotal: result.maxTotal,
      items: criteria.map((c) => {
        const s = byCriterion.get(c.id);
        const sc = result.nodes.get(c.id)!;
        return {
          criterionId: c.id, parentId: c.parentId, code: c.code, title: c.title, maxPoints: c.maxPoints, rule: c.rule, evidenceRequired: c.evidenceRequired,
          selfScore: s?.selfScore ?? null, evidence: s?.evidence ?? null, evidenceRefs: s?.evidenceRefs ?? [],
          appraisedScore: s?.appraisedScore ?? null, appraisalReason: s?.appraisalReason ?? null, surveyPercent: s?.surveyPercent ?? null,
          selfPoints: sc.self, finalPoints: sc.final,
        };
      }),
    };
  }

  async function selfAssess(ctx: RequestContext, year: number, agencyId: string, items: { criterionId: string; score: number; evidence?: string | null; evidenceRefs?: string[] }[]) {
    await agencyOr404(db, agencyId);
    await checkAgencyAccess(ctx.actor, agencyId);
    const criteria = new Map((await repo.criteriaOfYear(db, year)).map((c) => [c.id, c]));
    if (!criteria.size) throw badRequest('no_criteria', `Chưa có bộ tiêu chí chấm điểm năm ${year}.`);
    for (const it of items) {
      const c = criteria.get(it.criterionId);
      if (!c) throw badRequest('unknown_criterion', 'Tiêu chí không thuộc bộ tiêu chí của năm này.');
      if (c.rule !== 'manual') throw badRequest('not_self_scored', `Tiêu chí "${c.code}" ${c.rule === 'survey' ? 'lấy điểm từ điều tra xã hội học' : 'tính tổng từ tiêu chí con'}, cơ quan không tự chấm.`);
      if (it.score < 0 || it.score > c.maxPoints) throw badRequest('score_out_of_range', `Điểm tự chấm tiêu chí "${c.code}" phải từ 0 đến ${c.maxPoints}.`);
      if (c.evidenceRequired && it.score > 0 && !(it.evidence?.trim() || it.evidenceRefs?.length)) throw badRequest('evidence_required', `Tiêu chí "${c.code}" cần tài liệu kiểm chứng.`);
    }
    return database.transaction(async (tx) => {
      const id = await repo.ensureAssessment(tx, year, agencyId);
      const a = (await repo.getAssessment(tx, year, agencyId))!;
      if (a.status !== 'draft') throw conflict('assessment_submitted', 'Bản tự đánh giá đã gửi thẩm định, không sửa được nữa.');
      for (const it of items) await repo.upsertSelfScore(tx, id, { criterionId: it.criterionId, selfScore: it.score, evidence: it.evidence ? nfc(it.evidence.trim()) : null, evidenceRefs: it.evidenceRefs ?? [] });
      await recordAudit(tx, ctx, { action: 'reform.par.self_assess', entity: 'reform_par_assessment', entityId: id, summary: { year, agencyId, items: items.map((i) => ({ criterionId: i.criterionId, score: i.score })) } });
      await enqueue(tx, { topic: 'reform.par.self_assessed', aggregateKey: `reform_par_assessment:${id}`, payload: { year, agencyId } });
      return id;
    }).then(() => assessmentDetail(ctx.actor, year, agencyId));
  }

  async function submit(ctx: RequestContext, year: number, agencyId: string) {
    await agencyOr404(db, agencyId);
    await checkAgencyAccess(ctx.actor, agencyId);
    await database.transaction(async (tx) => {
      const a = await repo.getAssessment(tx, year, agencyId);
      if (!a) throw conflict('nothing_to_submit', 'Cơ quan chưa tự chấm điểm.');
      if (a.status !== 'draft') throw conflict('assessment_submitted', 'Bản tự đánh giá đã được gửi.');
      await repo.setAssessmentStatus(tx, a.id, 'submitted');
      await recordAudit(tx, ctx, { action: 'reform.par.submit', entity: 'reform_par_assessment', entityId: a.id, summary: { year, agencyId } });
      await enqueue(tx, { topic: 'reform.par.submitted', aggregateKey: `reform_par_assessment:${a.id}`, payload: { year, agencyId } });
    });
    return assessmentDetail(ctx.actor, year, agencyId);
  }

  async function appraise(ctx: RequestContext, year: number, agencyId: string, items: { criterionId: string; score?: number; surveyPercent?: number; reason?: string }[]) {
    await agencyOr404(db, agencyId);
    const { criteria, assessment, byCriterion } = await computeFor(db, year, agencyId);
    if (!assessment || assessment.status === 'draft') throw conflict('not_submitted', 'Cơ quan chưa gửi bản tự đánh giá để thẩm định.');
    const byId = new Map(criteria.map((c) => [c.id, c]));
    for (const it of items) {
      const c = byId.get(it.criterionId);
      if (!c) throw badRequest('unknown_criterion', 'Tiêu chí không thuộc bộ tiêu chí của năm này.');
      if (c.rule === 'sum') throw badRequest('not_scored', `Tiêu chí "${c.code}" tính tổng từ tiêu chí con.`);
      if (c.rule === 'survey') {
        if (it.surveyPercent === undefined || it.score !== undefined) throw badRequest('survey_percent_required', `Tiêu chí "${c.code}" lấy điểm từ điều tra: nhập tỷ lệ (%) điều tra, không nhập điểm.`);
      } else {
        if (it.score === undefined || it.surveyPercent !== undefined) throw badRequest('score_required', `Tiêu chí "${c.code}": nhập điểm thẩm định.`);
        if (it.score > c.maxPoints) throw badRequest('score_out_of_range', `Điểm thẩm định tiêu chí "${c.code}" phải từ 0 đến ${c.maxPoints}.`);
        const self = byCriterion.get(c.id)?.selfScore ?? null;
        if (it.score !== self && !it.reason?.trim()) throw badRequest('reason_required', `Điểm thẩm định tiêu chí "${c.code}" khác điểm tự chấm: phải ghi lý do điều chỉnh.`);
      }
    }
    await database.transaction(async (tx) => {
      for (const it of items) {
        await repo.upsertAppraisal(tx, assessment.id, { criterionId: it.criterionId, appraisedScore: it.score ?? null, surveyPercent: it.surveyPercent ?? null, reason: it.reason?.trim() ? nfc(it.reason.trim()) : null, by: ctx.actor?.id ?? null });
      }
      await repo.setAssessmentStatus(tx, assessment.id, 'appraised');
      await recordAudit(tx, ctx, { action: 'reform.par.appraise', entity: 'reform_par_assessment', entityId: assessment.id, summary: { year, agencyId, items } });
      await enqueue(tx, { topic: 'reform.par.appraised', aggregateKey: `reform_par_assessment:${assessment.id}`, payload: { year, agencyId } });
    });
    return assessmentDetail(ctx.actor, year, agencyId);
  }

  async function liveRanking(exec: Executor, year: number) {
    const assessments = await repo.assessmentsOfYear(exec, year);
    const rows = [];
    for (const a of assessments) {
      const { result } = await computeFor(exec, year, a.agencyId);
      rows.push({ agencyId: a.agencyId, name: a.agencyName, status: a.status, selfTotal: result.selfTotal, total: result.total, maxTotal: result.maxTotal });
    }
    return rankByTotal(rows);
  }

  async function ranking(actor: Actor | null, year: number) {
    const published = await repo.getPublication(db, year);
    if (hasAnyRole(actor, ['home_affairs', 'admin', 'provincial_office'])) {
      const items = await liveRanking(db, year);
      return { year, published: published !== null, publishedAt: published?.publishedAt ?? null, items, total: items.length };
    }
    if (!published) throw notFound(`kết quả Chỉ số CCHC năm ${year} đã công bố`);
    const items = published.results as Awaited<ReturnType<typeof liveRanking>>;
    return { year, published: true, publishedAt: published.publishedAt, items, total: items.length };
  }

  async function publish(ctx: RequestContext, year: number) {
    await database.transaction(async (tx) => {
      const assessments = await repo.assessmentsOfYear(tx, year);
      const pending = assessments.filter((a) => a.status === 'submitted');
      if (pending.length) throw conflict('appraisal_pending', `Còn ${pending.length} cơ quan chưa được thẩm định: ${pending.map((p) => p.agencyName).join('; ')}.`);
      const items = (await liveRanking(tx, year)).filter((r) => r.status === 'appraised');
      if (!items.length) throw conflict('nothing_to_publish', 'Chưa có cơ quan nào được thẩm định.');
      await repo.savePublication(tx, year, ctx.actor?.id ?? null, items);
      await recordAudit(tx, ctx, { action: 'reform.par.publish', entity: 'reform_par_publication', entityId: String(year), summary: { year, agencies: items.length } });
      await enqueue(tx, { topic: 'reform.par.published', aggregateKey: `reform_par:${year}`, payload: { year, agencies: items.length } });
    });
    return ranking(ctx.actor, year);
  }

  // ---- SIPAS --------------------------------------------------------------------------------

  const questionnaire = () => ({ sectors: SIPAS_SECTORS, questions: SIPAS_QUESTIONS, scale: [1, 2, 3, 4, 5] });

  /**
   * Stores one anonymous response. Nothing that identifies the respondent is stored: no user,
   * no IP, no dossier, no time of day (the audit row is written as "system" without the IP and
   * without the response id).
   */
  async function respond(input: { agencyId: string; sector: string; channel?: string; answers: Record<string, number> }, now = new Date()) {
    const agency = await getAgency(db, input.agencyId);
    if (!agency) throw badRequest('unknown_agency', 'Cơ quan được đánh giá không tồn tại.');
    const keys = new Set<string>(SIPAS_QUESTIONS.map((q) => q.key));
    const answered = Object.entries(input.answers);
    if (!answered.length) throw badRequest('no_answers', 'Phiếu chưa có câu trả lời nào.');
    for (const [k, v] of answered) {
      if (!keys.has(k)) throw badRequest('unknown_question', `Câu hỏi "${k}" không có trong phiếu khảo sát.`);
      if (!Number.isInteger(v) || v < 1 || v > 5) throw badRequest('invalid_answer', 'Mỗi câu trả lời là một mức từ 1 (rất không hài lòng) đến 5 (rất hài lòng).');
    }
    const today = localIsoDate(now);
    const anon = systemContext('sipas');
    anon.ip = null;
    await database.transaction(async (tx) => {
      await repo.insertSipasResponse(tx, { year: Number(today.slice(0, 4)), agencyId: agency.id, sector: input.sector, channel: input.channel ?? 'link', answers: input.answers, submittedOn: today });
      await recordAudit(tx, anon, { action: 'reform.sipas.respond', entity: 'reform_sipas_response', entityId: null, summary: { agencyId: agency.id, sector: input.sector } });
      await enqueue(tx, { topic: 'reform.sipas.responded', aggregateKey: `reform_sipas:${agency.id}`, payload: { agencyId: agency.id, sector: input.sector } });
    });
    return { received: true };
  }

  async function sipas(actor: Actor | null, year: number, sector?: string) {
    const scope = await agencyScope(db, actor);
    const responses = (await repo.sipasResponses(db, year, scope === 'all' ? null : scope)).filter((r) => !sector || r.sector === sector);
    const groups = new Map<string, { agencyId: string; agencyName: string; sector: string; answers: Record<string, number>[] }>();
    for (const r of responses) {
      const k = `${r.agencyId}|${r.sector}`;
      const g = groups.get(k) ?? { agencyId: r.agencyId, agencyName: r.agencyName, sector: r.sector, answers: [] };
      g.answers.push(r.answers);
      groups.set(k, g);
    }
    const items = [...groups.values()].map((g) => ({ agencyId: g.agencyId, agencyName: g.agencyName, sector: g.sector, ...sipasIndex(SIPAS_QUESTIONS, g.answers) }));
    const bySector = SIPAS_SECTORS.map((s) => ({ sector: s.key, ...sipasIndex(SIPAS_QUESTIONS, responses.filter((r) => r.sector === s.key).map((r) => r.answers)) })).filter((s) => s.sampleSize > 0);
    return { year, items, total: items.length, sectors: bySector, overall: sipasIndex(SIPAS_QUESTIONS, responses.map((r) => r.answers)) };
  }

  // ---- reform plans -------------------------------------------------------------------------

  async function createPlan(ctx: RequestContext, input: { year: number; agencyId: string; title?: string; items: { area: string; content: string; output?: string | null; ownerAgencyId?: string; dueOn: string }[] }, now = new Date()) {
    const agency = await agencyOr404(db, input.agencyId);
    await checkAgencyAccess(ctx.actor, agency.id);
    const owners = new Set(await agencySubtree(db, agency.id));
    for (const it of input.items) {
      if (!REFORM_AREAS.includes(it.area as ReformArea)) throw badRequest('unknown_area', `Lĩnh vực "${it.area}" không thuộc khung kế hoạch CCHC.`);
      if (!isValidIsoDate(it.dueOn)) throw badRequest('invalid_date', 'Thời hạn phải có dạng YYYY-MM-DD và là ngày có thật.');
      if (!it.dueOn.startsWith(String(input.year))) throw badRequest('due_outside_year', `Thời hạn ${it.dueOn} nằm ngoài năm kế hoạch ${input.year}.`);
      if (it.ownerAgencyId && !owners.has(it.ownerAgencyId)) throw badRequest('owner_outside_agency', 'Đơn vị chủ trì phải là cơ quan lập kế hoạch hoặc đơn vị trực thuộc.');
    }
    const level = agency.kind === 'commune_people_committee' ? 'commune' : 'province';
    const dueOn = planDueOn(input.year, level);
    const title = nfc((input.title ?? `Kế hoạch cải cách hành chính năm ${input.year} của ${agency.name}`).trim());
    const ownerNames = new Map<string, string>();
    for (const id of new Set(input.items.map((i) => i.ownerAgencyId ?? agency.id))) ownerNames.set(id, (await getAgency(db, id))?.name ?? agency.name);
    const id = await database.transaction(async (tx) => {
      const existing = await repo.plansOfYear(tx, input.year);
      if (existing.some((p) => p.agencyId === agency.id)) throw conflict('plan_exists', `${agency.name} đã có kế hoạch CCHC năm ${input.year}.`);
      const created = await createPlanWithTasks(tx, {
        title, number: null, issuedOn: localIsoDate(now), issuingAgencyId: agency.id, createdBy: ctx.actor?.id ?? null,
        items: input.items.map((it) => ({ section: REFORM_AREA_NAMES_VI[it.area as ReformArea], content: nfc(it.content.trim()), output: it.output ? nfc(it.output.trim()) : null, leadAgencyId: it.ownerAgencyId ?? agency.id, leadName: ownerNames.get(it.ownerAgencyId ?? agency.id)!, dueOn: it.dueOn })),
      });
      const planId = await repo.insertReformPlan(tx, { agencyId: agency.id, year: input.year, level, dueOn, title, taskPlanId: created.planId, createdBy: ctx.actor?.id ?? null });
      if (!planId) throw conflict('plan_exists', `${agency.name} đã có kế hoạch CCHC năm ${input.year}.`);
      let ordinal = 0;
      for (const [i, it] of input.items.entries()) {
        await repo.insertPlanItem(tx, { planId, ordinal: ++ordinal, area: it.area, content: nfc(it.content.trim()), output: it.output ? nfc(it.output.trim()) : null, ownerAgencyId: it.ownerAgencyId ?? agency.id, dueOn: it.dueOn, taskId: created.taskIds[i] });
      }
      await recordAudit(tx, ctx, { action: 'reform.plan.create', entity: 'reform_plan', entityId: planId, summary: { year: input.year, agencyId: agency.id, items: input.items.length, taskPlanId: created.planId } });
      await enqueue(tx, { topic: 'reform.plan.created', aggregateKey: `reform_plan:${planId}`, payload: { planId, year: input.year, agencyId: agency.id, taskPlanId: created.planId } });
      return planId;
    });
    return (await repo.getReformPlan(db, id))!;
  }

  async function getPlan(actor: Actor | null, id: string) {
    const p = await repo.getReformPlan(db, id);
    if (!p) throw notFound('kế hoạch CCHC');
    await checkAgencyAccess(actor, p.agencyId);
    return p;
  }

  /** Which departments and communes submitted their annual plan, late, or not yet (missing once the due date has passed). */
  async function planStatus(year: number, now = new Date()) {
    const today = localIsoDate(now);
    const plans = new Map((await repo.plansOfYear(db, year)).map((p) => [p.agencyId, p]));
    const items = [];
    for (const kind of ['department', 'commune_people_committee']) {
      for (let offset = 0; ; offset += 500) {
        const page = await listAgencies(db, { kind, current: true, limit: 500, offset });
        for (const a of page.items) {
          const level = kind === 'department' ? 'province' : 'commune';
          const due = planDueOn(year, level);
          const p = plans.get(a.id);
          const status = p ? (p.late ? 'late' : 'on_time') : today > due ? 'missing' : 'pending';
          items.push({ agencyId: a.id, agencyName: a.name, level, dueOn: due, status, planId: p?.id ?? null, submittedAt: p?.submittedAt ?? null });
        }
        if (page.items.length < 500) break;
      }
    }
    return { year, items, total: items.length };
  }

  return { tree, replaceTree, assessmentDetail, selfAssess, submit, appraise, ranking, publish, questionnaire, respond, sipas, createPlan, getPlan, planStatus };
}

export type ReformService = ReturnType<typeof createReformService>;
