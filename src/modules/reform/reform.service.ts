import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.js';
import { hasAnyRole, type Actor, type RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import * as repo from './reform.repo.js';
import { agencyOr404, checkAgencyAccess as checkAccess } from './reform.shared.js';
import { createSipasService } from './reform.sipas.service.js';
import { createPlansService } from './reform.plans.service.js';
import { publicFile } from './reform.evidence.service.js';
import { missingEvidence, rankByTotal, scoreTree, validateTree, type ScoreInput } from './reform.rules.js';

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

/** `clock` is deps.clock: "now" of plans (deadlines, reminders) and the SIPAS questionnaire's year. */
export function createReformService(database: Database, clock: { now(): Date }) {
  const db = database.db;

  const checkAgencyAccess = (actor: Actor | null, agencyId: string) => checkAccess(db, actor, agencyId);

  // ---- criteria tree ------------------------------------------------------------------------

  async function tree(year: number) {
    const nodes = await repo.criteriaOfYear(db, year);
    return {
      year,
      items: nodes,
      total: nodes.length,
      maxTotal: nodes.filter((n) => !n.parentId).reduce((s, n) => s + n.maxPoints, 0),
      editable: !(await repo.yearHasScores(db, year)),
    };
  }

  async function replaceTree(ctx: RequestContext, year: number, input: CriterionIn[]) {
    const byCode = new Map<string, string>();
    for (const c of input) byCode.set(c.code, byCode.get(c.code) ?? randomUUID());
    const nodes = input.map((c, i) => ({
      id: byCode.get(c.code)!,
      parentId: c.parentCode ? (byCode.get(c.parentCode) ?? `missing:${c.parentCode}`) : null,
      ordinal: i + 1,
      code: nfc(c.code.trim()),
      title: nfc(c.title.trim()),
      maxPoints: c.maxPoints,
      rule: c.rule,
      ruleNote: c.ruleNote ? nfc(c.ruleNote) : null,
      evidenceRequired: c.evidenceRequired ?? false,
    }));
    const errors = validateTree(nodes);
    if (input.length !== new Set(input.map((c) => c.code)).size) errors.unshift('Mã tiêu chí bị trùng.');
    if (errors.length) throw badRequest('invalid_criteria_tree', errors.join(' '), { errors });
    return database.transaction(async (tx) => {
      if (await repo.yearHasScores(tx, year)) throw conflict('criteria_in_use', `Bộ tiêu chí năm ${year} đã có cơ quan chấm điểm nên không thể thay thế.`);
      await repo.replaceCriteria(tx, year, nodes);
      await recordAudit(tx, ctx, {
        action: 'reform.par.criteria.replace',
        entity: 'reform_par_criterion',
        entityId: String(year),
        summary: { year, count: nodes.length },
      });
      await enqueue(tx, { topic: 'reform.par.criteria.replaced', aggregateKey: `reform_par:${year}`, payload: { year, count: nodes.length } });
      return {
        year,
        items: await repo.criteriaOfYear(tx, year),
        total: nodes.length,
        maxTotal: nodes.filter((n) => !n.parentId).reduce((s, n) => s + n.maxPoints, 0),
        editable: true,
      };
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
    const files = assessment ? await repo.evidenceFilesOf(db, assessment.id) : [];
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
          criterionId: c.id,
          parentId: c.parentId,
          code: c.code,
          title: c.title,
          maxPoints: c.maxPoints,
          rule: c.rule,
          evidenceRequired: c.evidenceRequired,
          selfScore: s?.selfScore ?? null,
          evidence: s?.evidence ?? null,
          evidenceRefs: s?.evidenceRefs ?? [],
          appraisedScore: s?.appraisedScore ?? null,
          appraisalReason: s?.appraisalReason ?? null,
          surveyPercent: s?.surveyPercent ?? null,
          selfPoints: sc.self,
          finalPoints: sc.final,
          files: files.filter((f) => f.criterionId === c.id).map(publicFile),
        };
      }),
    };
  }

  async function selfAssess(
    ctx: RequestContext,
    year: number,
    agencyId: string,
    items: { criterionId: string; score: number; evidence?: string | null; evidenceRefs?: string[] }[],
  ) {
    await agencyOr404(db, agencyId);
    await checkAgencyAccess(ctx.actor, agencyId);
    const criteria = new Map((await repo.criteriaOfYear(db, year)).map((c) => [c.id, c]));
    if (!criteria.size) throw badRequest('no_criteria', `Chưa có bộ tiêu chí chấm điểm năm ${year}.`);
    for (const it of items) {
      const c = criteria.get(it.criterionId);
      if (!c) throw badRequest('unknown_criterion', 'Tiêu chí không thuộc bộ tiêu chí của năm này.');
      if (c.rule !== 'manual')
        throw badRequest(
          'not_self_scored',
          `Tiêu chí "${c.code}" ${c.rule === 'survey' ? 'lấy điểm từ điều tra xã hội học' : 'tính tổng từ tiêu chí con'}, cơ quan không tự chấm.`,
        );
      if (it.score < 0 || it.score > c.maxPoints) throw badRequest('score_out_of_range', `Điểm tự chấm tiêu chí "${c.code}" phải từ 0 đến ${c.maxPoints}.`);
    }
    const current = await repo.getAssessment(db, year, agencyId);
    const fileCount = new Map<string, number>();
    for (const f of current ? await repo.evidenceFilesOf(db, current.id) : []) fileCount.set(f.criterionId, (fileCount.get(f.criterionId) ?? 0) + 1);
    const lacking = missingEvidence(
      items.map((i) => criteria.get(i.criterionId)!),
      new Map(items.map((i) => [i.criterionId, { selfScore: i.score, evidence: i.evidence ?? null, evidenceRefs: i.evidenceRefs ?? [] }])),
      fileCount,
    );
    if (lacking.length)
      throw badRequest(
        'evidence_required',
        `Tiêu chí ${lacking.map((c) => `"${c}"`).join(', ')} cần tài liệu kiểm chứng (ghi chú, đường dẫn hoặc tệp đính kèm).`,
        { criteria: lacking },
      );
    return database
      .transaction(async (tx) => {
        const id = await repo.ensureAssessment(tx, year, agencyId);
        const a = (await repo.getAssessment(tx, year, agencyId))!;
        if (a.status !== 'draft') throw conflict('assessment_submitted', 'Bản tự đánh giá đã gửi thẩm định, không sửa được nữa.');
        for (const it of items)
          await repo.upsertSelfScore(tx, id, {
            criterionId: it.criterionId,
            selfScore: it.score,
            evidence: it.evidence ? nfc(it.evidence.trim()) : null,
            evidenceRefs: it.evidenceRefs ?? [],
          });
        await recordAudit(tx, ctx, {
          action: 'reform.par.self_assess',
          entity: 'reform_par_assessment',
          entityId: id,
          summary: { year, agencyId, items: items.map((i) => ({ criterionId: i.criterionId, score: i.score })) },
        });
        await enqueue(tx, { topic: 'reform.par.self_assessed', aggregateKey: `reform_par_assessment:${id}`, payload: { year, agencyId } });
        return id;
      })
      .then(() => assessmentDetail(ctx.actor, year, agencyId));
  }

  async function submit(ctx: RequestContext, year: number, agencyId: string) {
    await agencyOr404(db, agencyId);
    await checkAgencyAccess(ctx.actor, agencyId);
    await database.transaction(async (tx) => {
      const a = await repo.getAssessment(tx, year, agencyId);
      if (!a) throw conflict('nothing_to_submit', 'Cơ quan chưa tự chấm điểm.');
      if (a.status !== 'draft') throw conflict('assessment_submitted', 'Bản tự đánh giá đã được gửi.');
      await repo.lockAssessment(tx, a.id);
      const files = new Map<string, number>();
      for (const f of await repo.evidenceFilesOf(tx, a.id)) files.set(f.criterionId, (files.get(f.criterionId) ?? 0) + 1);
      const lacking = missingEvidence(await repo.criteriaOfYear(tx, year), new Map((await repo.scoresOf(tx, a.id)).map((x) => [x.criterionId, x])), files);
      if (lacking.length)
        throw conflict('evidence_missing', `Chưa gửi được: tiêu chí ${lacking.map((c) => `"${c}"`).join(', ')} đã chấm điểm nhưng thiếu tài liệu kiểm chứng.`, {
          criteria: lacking,
        });
      await repo.setAssessmentStatus(tx, a.id, 'submitted');
      await recordAudit(tx, ctx, { action: 'reform.par.submit', entity: 'reform_par_assessment', entityId: a.id, summary: { year, agencyId } });
      await enqueue(tx, { topic: 'reform.par.submitted', aggregateKey: `reform_par_assessment:${a.id}`, payload: { year, agencyId } });
    });
    return assessmentDetail(ctx.actor, year, agencyId);
  }

  async function appraise(
    ctx: RequestContext,
    year: number,
    agencyId: string,
    items: { criterionId: string; score?: number; surveyPercent?: number; reason?: string }[],
  ) {
    await agencyOr404(db, agencyId);
    const { criteria, assessment, byCriterion } = await computeFor(db, year, agencyId);
    if (!assessment || assessment.status === 'draft') throw conflict('not_submitted', 'Cơ quan chưa gửi bản tự đánh giá để thẩm định.');
    const byId = new Map(criteria.map((c) => [c.id, c]));
    for (const it of items) {
      const c = byId.get(it.criterionId);
      if (!c) throw badRequest('unknown_criterion', 'Tiêu chí không thuộc bộ tiêu chí của năm này.');
      if (c.rule === 'sum') throw badRequest('not_scored', `Tiêu chí "${c.code}" tính tổng từ tiêu chí con.`);
      if (c.rule === 'survey') {
        if (it.surveyPercent === undefined || it.score !== undefined)
          throw badRequest('survey_percent_required', `Tiêu chí "${c.code}" lấy điểm từ điều tra: nhập tỷ lệ (%) điều tra, không nhập điểm.`);
      } else {
        if (it.score === undefined || it.surveyPercent !== undefined) throw badRequest('score_required', `Tiêu chí "${c.code}": nhập điểm thẩm định.`);
        if (it.score > c.maxPoints) throw badRequest('score_out_of_range', `Điểm thẩm định tiêu chí "${c.code}" phải từ 0 đến ${c.maxPoints}.`);
        const self = byCriterion.get(c.id)?.selfScore ?? null;
        if (it.score !== self && !it.reason?.trim())
          throw badRequest('reason_required', `Điểm thẩm định tiêu chí "${c.code}" khác điểm tự chấm: phải ghi lý do điều chỉnh.`);
      }
    }
    await database.transaction(async (tx) => {
      for (const it of items) {
        await repo.upsertAppraisal(tx, assessment.id, {
          criterionId: it.criterionId,
          appraisedScore: it.score ?? null,
          surveyPercent: it.surveyPercent ?? null,
          reason: it.reason?.trim() ? nfc(it.reason.trim()) : null,
          by: ctx.actor?.id ?? null,
        });
      }
      await repo.setAssessmentStatus(tx, assessment.id, 'appraised');
      await recordAudit(tx, ctx, {
        action: 'reform.par.appraise',
        entity: 'reform_par_assessment',
        entityId: assessment.id,
        summary: { year, agencyId, items },
      });
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
      if (pending.length)
        throw conflict('appraisal_pending', `Còn ${pending.length} cơ quan chưa được thẩm định: ${pending.map((p) => p.agencyName).join('; ')}.`);
      const items = (await liveRanking(tx, year)).filter((r) => r.status === 'appraised');
      if (!items.length) throw conflict('nothing_to_publish', 'Chưa có cơ quan nào được thẩm định.');
      await repo.savePublication(tx, year, ctx.actor?.id ?? null, items);
      await recordAudit(tx, ctx, {
        action: 'reform.par.publish',
        entity: 'reform_par_publication',
        entityId: String(year),
        summary: { year, agencies: items.length },
      });
      await enqueue(tx, { topic: 'reform.par.published', aggregateKey: `reform_par:${year}`, payload: { year, agencies: items.length } });
    });
    return ranking(ctx.actor, year);
  }

  return {
    tree,
    replaceTree,
    assessmentDetail,
    selfAssess,
    submit,
    appraise,
    ranking,
    publish,
    ...createSipasService(database, clock),
    ...createPlansService(database, clock),
  };
}

export type ReformService = ReturnType<typeof createReformService>;
