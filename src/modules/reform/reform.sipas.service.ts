import type { Database } from '../../platform/db/database.js';
import { systemContext, type Actor, type RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { agencyScope, getAgency } from '../org/org.public.js';
import { localIsoDate } from '../calendar/calendar.public.js';
import * as repo from './reform.repo.js';
import {
  questionnaireLock,
  questionnaireInForce,
  questionsForSector,
  sipasIndexVersioned,
  validateQuestionnaire,
  type QuestionnaireDraft,
} from './reform.rules.js';
import { DEFAULT_QUESTIONNAIRE_ID, SIPAS_SECTORS } from './reform.sipas.js';

export const SIPAS_CHANNELS = ['link', 'qr_counter', 'after_return'] as const;

export interface QuestionnaireIn extends QuestionnaireDraft {
  title: string;
  source?: string | null;
}

const clean = (q: QuestionnaireIn) => ({
  title: nfc(q.title.trim()),
  source: q.source?.trim() ? nfc(q.source.trim()) : null,
  elements: q.elements.map((e) => ({ key: e.key.trim(), name: nfc(e.name.trim()) })),
  questions: q.questions.map((x) => ({
    key: x.key.trim(),
    element: x.element.trim(),
    text: nfc(x.text.trim()),
    sectors: x.sectors && x.sectors.length ? [...new Set(x.sectors)] : (x.sectors ?? null),
  })),
});

/** SIPAS: versioned questionnaires (builder), anonymous responses, the index per agency and sector. */
export function createSipasService(database: Database, clock: { now(): Date }) {
  const db = database.db;

  const lockOf = (q: { id: string; status: repo.QuestionnaireRow['status'] }, responses: number) =>
    questionnaireLock(q.status, responses, q.id === DEFAULT_QUESTIONNAIRE_ID);
  const view = (q: repo.QuestionnaireRow) => {
    const locked = lockOf(q, q.responses);
    return { ...q, isDefault: q.id === DEFAULT_QUESTIONNAIRE_ID, editable: locked === null, locked };
  };

  async function inForce(year: number): Promise<repo.QuestionnaireRow> {
    const q = questionnaireInForce(await repo.listQuestionnaires(db), year);
    if (!q) throw notFound(`phiếu khảo sát áp dụng cho năm ${year}`);
    return q;
  }

  /** The questionnaire in force (public): what the survey page asks, per sector. */
  async function questionnaire(year = Number(localIsoDate(clock.now()).slice(0, 4))) {
    const q = await inForce(year);
    return {
      id: q.id,
      year: q.year,
      version: q.version,
      title: q.title,
      source: q.source,
      elements: q.elements,
      questions: q.questions,
      sectors: SIPAS_SECTORS,
      scale: [1, 2, 3, 4, 5],
      channels: SIPAS_CHANNELS,
    };
  }

  async function listQuestionnaires() {
    const items = (await repo.listQuestionnaires(db)).map(view);
    return { items, total: items.length };
  }

  async function getQuestionnaire(id: string) {
    const q = await repo.getQuestionnaire(db, id);
    if (!q) throw notFound('phiếu khảo sát');
    return view(q);
  }

  function check(input: QuestionnaireIn): ReturnType<typeof clean> {
    const c = clean(input);
    const errors = validateQuestionnaire(c);
    if (errors.length) throw badRequest('invalid_questionnaire', errors.join(' '), { errors });
    return c;
  }

  /** A new draft version for a year (from scratch, or a copy of an existing version when `copyFrom` is given). */
  async function createQuestionnaire(ctx: RequestContext, input: { year: number; copyFrom?: string } & Partial<QuestionnaireIn>) {
    let body: QuestionnaireIn;
    if (input.copyFrom) {
      const src = await repo.getQuestionnaire(db, input.copyFrom);
      if (!src) throw badRequest('unknown_questionnaire', 'Phiếu khảo sát dùng làm mẫu không tồn tại.');
      body = {
        title: input.title ?? `${src.title} (bản năm ${input.year})`,
        source: input.source ?? src.source,
        elements: input.elements ?? src.elements,
        questions: input.questions ?? src.questions,
      };
    } else {
      if (!input.title || !input.elements || !input.questions)
        throw badRequest('questionnaire_incomplete', 'Cần tiêu đề, danh sách yếu tố và câu hỏi (hoặc chọn một phiếu làm mẫu).');
      body = { title: input.title, source: input.source ?? null, elements: input.elements, questions: input.questions };
    }
    const c = check(body);
    const id = await database.transaction(async (tx) => {
      const newId = await repo.insertQuestionnaire(tx, { year: input.year, ...c, createdBy: ctx.actor?.id ?? null });
      await recordAudit(tx, ctx, {
        action: 'reform.sipas.questionnaire.create',
        entity: 'reform_sipas_questionnaire',
        entityId: newId,
        summary: { year: input.year, copyFrom: input.copyFrom ?? null, questions: c.questions.length },
      });
      await enqueue(tx, {
        topic: 'reform.sipas.questionnaire.created',
        aggregateKey: `reform_sipas_questionnaire:${newId}`,
        payload: { id: newId, year: input.year },
      });
      return newId;
    });
    return getQuestionnaire(id);
  }

  /** Changes a draft (or a published version nobody answered yet); 409 once it has responses, when retired, and always for the seeded default. */
  async function updateQuestionnaire(ctx: RequestContext, id: string, input: QuestionnaireIn & { rowVersion: number }) {
    const c = check(input);
    await database.transaction(async (tx) => {
      const q = await repo.getQuestionnaire(tx, id, true);
      if (!q) throw notFound('phiếu khảo sát');
      const responses = await repo.responsesOfQuestionnaire(tx, id);
      const locked = lockOf(q, responses);
      if (locked === 'default')
        throw conflict(
          'questionnaire_default',
          'Phiếu mặc định (5 yếu tố theo Quyết định 2640/QĐ-BNV) là phiếu gốc, không sửa được; hãy sao thành phiên bản mới cho năm cần áp dụng rồi sửa và công bố phiên bản đó.',
        );
      if (locked) {
        throw conflict(
          'questionnaire_in_use',
          locked === 'retired'
            ? 'Phiếu đã thôi áp dụng, không sửa được; hãy tạo phiên bản mới.'
            : `Phiếu đã có ${responses} phiếu trả lời nên không sửa được; hãy tạo phiên bản mới.`,
        );
      }
      if (!(await repo.updateQuestionnaire(tx, id, c, input.rowVersion))) throw conflict('stale_version', 'Phiếu đã được người khác sửa; hãy tải lại.');
      await recordAudit(tx, ctx, {
        action: 'reform.sipas.questionnaire.update',
        entity: 'reform_sipas_questionnaire',
        entityId: id,
        summary: { questions: c.questions.length, status: q.status },
      });
      await enqueue(tx, { topic: 'reform.sipas.questionnaire.updated', aggregateKey: `reform_sipas_questionnaire:${id}`, payload: { id } });
    });
    return getQuestionnaire(id);
  }

  /** Puts a version in force for its year (the version published before for that year is retired). */
  async function publishQuestionnaire(ctx: RequestContext, id: string) {
    await database.transaction(async (tx) => {
      const q = await repo.getQuestionnaire(tx, id, true);
      if (!q) throw notFound('phiếu khảo sát');
      if (q.status !== 'draft') throw conflict('not_draft', 'Chỉ công bố được phiếu đang soạn thảo.');
      const errors = validateQuestionnaire(q);
      if (errors.length) throw badRequest('invalid_questionnaire', errors.join(' '), { errors });
      await repo.publishQuestionnaire(tx, id, q.year, ctx.actor?.id ?? null);
      await recordAudit(tx, ctx, {
        action: 'reform.sipas.questionnaire.publish',
        entity: 'reform_sipas_questionnaire',
        entityId: id,
        summary: { year: q.year, version: q.version },
      });
      await enqueue(tx, {
        topic: 'reform.sipas.questionnaire.published',
        aggregateKey: `reform_sipas_questionnaire:${id}`,
        payload: { id, year: q.year, version: q.version },
      });
    });
    return getQuestionnaire(id);
  }

  /**
   * Stores one anonymous response to the questionnaire in force. Nothing that identifies the
   * respondent is stored: no user, no IP, no dossier, no time of day (the audit row is written as
   * "system" without the IP and without the response id). A response to a version that is no
   * longer in force is refused (409), so every answer is read with the questions it was given.
   */
  async function respond(
    input: { agencyId: string; sector: string; channel?: string; questionnaireId?: string; answers: Record<string, number> },
    now = clock.now(),
  ) {
    const agency = await getAgency(db, input.agencyId);
    if (!agency) throw badRequest('unknown_agency', 'Cơ quan được đánh giá không tồn tại.');
    const today = localIsoDate(now);
    const year = Number(today.slice(0, 4));
    const q = await inForce(year);
    if (input.questionnaireId && input.questionnaireId !== q.id)
      throw conflict('questionnaire_changed', 'Phiếu khảo sát vừa được cập nhật; vui lòng tải lại trang và trả lời phiếu mới.');
    const keys = new Set(questionsForSector(q.questions, input.sector).map((x) => x.key));
    const answered = Object.entries(input.answers);
    if (!answered.length) throw badRequest('no_answers', 'Phiếu chưa có câu trả lời nào.');
    for (const [k, v] of answered) {
      if (!keys.has(k)) throw badRequest('unknown_question', `Câu hỏi "${k}" không có trong phiếu khảo sát của lĩnh vực này.`);
      if (!Number.isInteger(v) || v < 1 || v > 5)
        throw badRequest('invalid_answer', 'Mỗi câu trả lời là một mức từ 1 (rất không hài lòng) đến 5 (rất hài lòng).');
    }
    const anon = systemContext('sipas');
    anon.ip = null;
    await database.transaction(async (tx) => {
      if ((await repo.shareQuestionnaire(tx, q.id)) !== 'published')
        throw conflict('questionnaire_changed', 'Phiếu khảo sát vừa được cập nhật; vui lòng tải lại trang và trả lời phiếu mới.');
      await repo.insertSipasResponse(tx, {
        year,
        agencyId: agency.id,
        sector: input.sector,
        channel: input.channel ?? 'link',
        answers: input.answers,
        submittedOn: today,
        questionnaireId: q.id,
      });
      await recordAudit(tx, anon, {
        action: 'reform.sipas.respond',
        entity: 'reform_sipas_response',
        entityId: null,
        summary: { agencyId: agency.id, sector: input.sector },
      });
      await enqueue(tx, { topic: 'reform.sipas.responded', aggregateKey: `reform_sipas:${agency.id}`, payload: { agencyId: agency.id, sector: input.sector } });
    });
    return { received: true };
  }

  /** The index per agency and sector, per sector, and overall, with sample sizes and responses per channel. */
  async function sipas(actor: Actor | null, year: number, sector?: string) {
    const scope = await agencyScope(db, actor);
    const responses = (await repo.sipasResponses(db, year, scope === 'all' ? null : scope)).filter((r) => !sector || r.sector === sector);
    const versions = new Map((await repo.questionnairesByIds(db, [...new Set(responses.map((r) => r.questionnaireId))])).map((q) => [q.id, q]));
    const current = questionnaireInForce(await repo.listQuestionnaires(db), year);
    const elementKeys = current?.elements.map((e) => e.key) ?? [];
    const names: Record<string, string> = {};
    for (const q of [...versions.values(), ...(current ? [current] : [])]) for (const e of q.elements) names[e.key] = e.name;
    const withQ = (rs: typeof responses) => rs.map((r) => ({ questions: versions.get(r.questionnaireId)?.questions ?? [], answers: r.answers }));
    const channels = (rs: typeof responses) =>
      Object.fromEntries(rs.reduce((m, r) => m.set(r.channel, (m.get(r.channel) ?? 0) + 1), new Map<string, number>()));
    const groups = new Map<string, { agencyId: string; agencyName: string; sector: string; rs: typeof responses }>();
    for (const r of responses) {
      const k = `${r.agencyId}|${r.sector}`;
      const g = groups.get(k) ?? { agencyId: r.agencyId, agencyName: r.agencyName, sector: r.sector, rs: [] };
      g.rs.push(r);
      groups.set(k, g);
    }
    const items = [...groups.values()].map((g) => ({
      agencyId: g.agencyId,
      agencyName: g.agencyName,
      sector: g.sector,
      ...sipasIndexVersioned(withQ(g.rs), elementKeys),
      channels: channels(g.rs),
    }));
    const bySector = SIPAS_SECTORS.map((s) => ({
      sector: s.key,
      ...sipasIndexVersioned(withQ(responses.filter((r) => r.sector === s.key)), elementKeys),
    })).filter((s) => s.sampleSize > 0);
    return {
      year,
      items,
      total: items.length,
      sectors: bySector,
      overall: sipasIndexVersioned(withQ(responses), elementKeys),
      elementNames: names,
      questionnaires: [...versions.values()].map((q) => ({ id: q.id, year: q.year, version: q.version, title: q.title })),
    };
  }

  return { questionnaire, listQuestionnaires, getQuestionnaire, createQuestionnaire, updateQuestionnaire, publishQuestionnaire, respond, sipas };
}
