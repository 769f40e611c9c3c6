import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { ParAssessment, ParCriteriaTree, ParRanking, Plan, PlanList, PlanStatus, SipasForm, SipasIndex, SipasReceived } from './reform.schemas.js';
import { contextOf } from '../../platform/http/server.js';
import { REFORM_AREAS, SIPAS_CHANNELS, SIPAS_SECTOR_KEYS } from './reform.rules.js';
import type { ReformService } from './reform.service.js';

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const YearParam = Type.Object({ year: Year });
const YearAgency = Type.Object({ year: Year, agencyId: Type.String({ format: 'uuid' }) });
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const OptText = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

const CriterionIn = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9A-Za-z.]+$' }),
    parentCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    title: Text(1000),
    maxPoints: Type.Number({ minimum: 0, maximum: 1000 }),
    rule: Type.String({ enum: ['manual', 'survey', 'sum'] }),
    ruleNote: OptText(2000),
    evidenceRequired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const SelfItem = Type.Object(
  {
    criterionId: Type.String({ format: 'uuid' }),
    score: Type.Number({ minimum: 0, maximum: 1000 }),
    evidence: OptText(4000),
    evidenceRefs: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

const AppraisalItem = Type.Object(
  {
    criterionId: Type.String({ format: 'uuid' }),
    score: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    surveyPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    reason: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

const SipasIn = Type.Object(
  {
    agencyId: Type.String({ format: 'uuid' }),
    sector: Type.String({ enum: [...SIPAS_SECTOR_KEYS] }),
    channel: Type.Optional(Type.String({ enum: [...SIPAS_CHANNELS] })),
    questionnaireId: Type.Optional(Type.String({ format: 'uuid' })),
    answers: Type.Record(Type.String({ maxLength: 40 }), Type.Integer(), { maxProperties: 200 }),
  },
  { additionalProperties: false },
);

const PlanItemIn = {
  area: Type.String({ enum: [...REFORM_AREAS] }),
  content: Text(4000),
  output: OptText(2000),
  ownerAgencyId: Type.Optional(Type.String({ format: 'uuid' })),
  dueOn: Type.String({ format: 'date' }),
};
const PlanKind = Type.String({ enum: ['annual', 'five_year'] });

const PlanIn = Type.Object(
  {
    kind: Type.Optional(PlanKind),
    year: Year,
    agencyId: Type.String({ format: 'uuid' }),
    title: Type.Optional(Text(1000)),
    items: Type.Array(Type.Object(PlanItemIn, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);

const PlanEdit = Type.Object(
  {
    title: Type.Optional(Text(1000)),
    version: Type.Integer({ minimum: 1 }),
    items: Type.Array(Type.Object({ id: Type.Optional(Type.String({ format: 'uuid' })), ...PlanItemIn }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 500,
    }),
  },
  { additionalProperties: false },
);

const STAFF = ['specialist', 'unit_leader', 'admin', 'home_affairs'] as const;
const APPRAISERS = ['home_affairs', 'admin'] as const;
const PROVINCE = ['home_affairs', 'admin', 'provincial_office'] as const;

export function registerReformRoutes(app: App, svc: ReformService): void {
  app.get(
    '/api/v1/reform/par/:year/criteria',
    {
      config: { access: 'authenticated' },
      schema: {
        response: { 200: ParCriteriaTree },
        tags: ['reform'],
        summary: 'Bộ tiêu chí Chỉ số CCHC của năm (lĩnh vực → tiêu chí → tiêu chí thành phần)',
        params: YearParam,
      },
    },
    async (req) => svc.tree(req.params.year),
  );

  app.put(
    '/api/v1/reform/par/:year/criteria',
    {
      config: { access: [...APPRAISERS] },
      schema: {
        response: { 200: ParCriteriaTree },
        tags: ['reform'],
        summary: 'Thay bộ tiêu chí của năm (khi chưa có cơ quan chấm điểm)',
        params: YearParam,
        body: Type.Object({ items: Type.Array(CriterionIn, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.replaceTree(contextOf(req), req.params.year, req.body.items as Parameters<ReformService['replaceTree']>[2]),
  );

  app.get(
    '/api/v1/reform/par/:year/assessments/:agencyId',
    {
      config: { access: [...STAFF, 'provincial_office'] },
      schema: {
        response: { 200: ParAssessment },
        tags: ['reform'],
        summary: 'Bản tự đánh giá, tài liệu kiểm chứng, điểm thẩm định của một cơ quan',
        params: YearAgency,
      },
    },
    async (req) => svc.assessmentDetail(contextOf(req).actor, req.params.year, req.params.agencyId),
  );

  app.put(
    '/api/v1/reform/par/:year/assessments/:agencyId/scores',
    {
      config: { access: ['specialist', 'unit_leader', 'admin'] },
      schema: {
        response: { 200: ParAssessment },
        tags: ['reform'],
        summary: 'Cơ quan tự chấm điểm kèm tài liệu kiểm chứng',
        params: YearAgency,
        body: Type.Object({ items: Type.Array(SelfItem, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.selfAssess(contextOf(req), req.params.year, req.params.agencyId, req.body.items),
  );

  app.post(
    '/api/v1/reform/par/:year/assessments/:agencyId/submit',
    {
      config: { access: ['unit_leader', 'admin'] },
      schema: { response: { 200: ParAssessment }, tags: ['reform'], summary: 'Gửi bản tự đánh giá để Sở Nội vụ thẩm định', params: YearAgency },
    },
    async (req) => svc.submit(contextOf(req), req.params.year, req.params.agencyId),
  );

  app.post(
    '/api/v1/reform/par/:year/assessments/:agencyId/appraisals',
    {
      config: { access: [...APPRAISERS] },
      schema: {
        response: { 200: ParAssessment },
        tags: ['reform'],
        summary: 'Hội đồng thẩm định (Sở Nội vụ) điều chỉnh điểm kèm lý do; nhập tỷ lệ điều tra xã hội học',
        params: YearAgency,
        body: Type.Object({ items: Type.Array(AppraisalItem, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.appraise(contextOf(req), req.params.year, req.params.agencyId, req.body.items),
  );

  app.get(
    '/api/v1/reform/par/:year/ranking',
    {
      config: { access: 'authenticated' },
      schema: {
        response: { 200: ParRanking },
        tags: ['reform'],
        summary: 'Xếp hạng Chỉ số CCHC các cơ quan (Sở Nội vụ xem cả kết quả chưa công bố)',
        params: YearParam,
      },
    },
    async (req) => svc.ranking(contextOf(req).actor, req.params.year),
  );

  app.post(
    '/api/v1/reform/par/:year/publish',
    {
      config: { access: [...APPRAISERS] },
      schema: { response: { 200: ParRanking }, tags: ['reform'], summary: 'Công bố điểm và xếp hạng Chỉ số CCHC của năm', params: YearParam },
    },
    async (req) => svc.publish(contextOf(req), req.params.year),
  );

  app.get(
    '/api/v1/reform/sipas/questionnaire',
    {
      config: { access: 'public' },
      schema: {
        response: { 200: SipasForm },
        tags: ['reform'],
        summary: 'Phiếu khảo sát SIPAS đang áp dụng cho năm (mặc định: năm nay), thang 1–5; câu hỏi có thể chỉ áp dụng cho một số lĩnh vực',
        querystring: Type.Object({ year: Type.Optional(Year) }),
      },
    },
    async (req) => svc.questionnaire(req.query.year),
  );

  app.post(
    '/api/v1/reform/sipas/responses',
    {
      config: { access: 'public', limit: 'survey' },
      schema: {
        response: { 201: SipasReceived },
        tags: ['reform'],
        summary: 'Gửi phiếu khảo sát ẩn danh theo phiếu đang áp dụng (không lưu người gửi, IP, hồ sơ, giờ gửi)',
        body: SipasIn,
      },
    },
    async (req, reply) => {
      reply.code(201);
      return svc.respond(req.body);
    },
  );

  app.get(
    '/api/v1/reform/sipas/index',
    {
      config: { access: ['home_affairs', 'admin', 'provincial_office', 'unit_leader'] },
      schema: {
        response: { 200: SipasIndex },
        tags: ['reform'],
        summary: 'Chỉ số SIPAS theo cơ quan và lĩnh vực, kèm cỡ mẫu',
        querystring: Type.Object({ year: Year, sector: Type.Optional(Type.String({ enum: ['administrative', 'education', 'health'] })) }),
      },
    },
    async (req) => svc.sipas(contextOf(req).actor, req.query.year, req.query.sector),
  );

  app.post(
    '/api/v1/reform/plans',
    {
      config: { access: ['specialist', 'unit_leader', 'admin'] },
      schema: {
        response: { 201: Plan },
        tags: ['reform'],
        summary: 'Lập kế hoạch CCHC năm hoặc 5 năm (2021–2025, 2026–2030) theo khung; mỗi nội dung thành một nhiệm vụ',
        body: PlanIn,
      },
    },
    async (req, reply) => {
      reply.code(201);
      return svc.createPlan(contextOf(req), { ...req.body, kind: req.body.kind as 'annual' | 'five_year' | undefined });
    },
  );

  app.get(
    '/api/v1/reform/plans/status',
    {
      config: { access: [...PROVINCE] },
      schema: {
        response: { 200: PlanStatus },
        tags: ['reform'],
        summary: 'Tình hình gửi kế hoạch CCHC (năm, hoặc 5 năm bắt đầu năm đó): đúng hạn, muộn, chưa gửi',
        querystring: Type.Object({ year: Year, kind: Type.Optional(PlanKind) }),
      },
    },
    async (req) => svc.planStatus(req.query.year, req.query.kind as 'annual' | 'five_year' | undefined),
  );

  app.get(
    '/api/v1/reform/plans',
    {
      config: { access: [...STAFF, 'provincial_office'] },
      schema: {
        response: { 200: PlanList },
        tags: ['reform'],
        summary: 'Các kế hoạch CCHC của cơ quan mình (toàn tỉnh với Sở Nội vụ, Văn phòng UBND tỉnh)',
        querystring: Type.Object({ year: Type.Optional(Year), kind: Type.Optional(PlanKind), agencyId: Type.Optional(Type.String({ format: 'uuid' })) }),
      },
    },
    async (req) =>
      svc.listPlans(contextOf(req).actor, { year: req.query.year, kind: req.query.kind as 'annual' | 'five_year' | undefined, agencyId: req.query.agencyId }),
  );

  app.put(
    '/api/v1/reform/plans/:id',
    {
      config: { access: ['specialist', 'unit_leader', 'admin'] },
      schema: {
        response: { 200: Plan },
        tags: ['reform'],
        summary:
          'Sửa kế hoạch CCHC trước hạn gửi: nội dung có mã được sửa (nhiệm vụ sửa theo), không mã là nội dung mới (thêm nhiệm vụ), nội dung không còn trong danh sách bị xóa (409 nếu đã có báo cáo tiến độ)',
        params: Id,
        body: PlanEdit,
      },
    },
    async (req) => svc.updatePlan(contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/reform/plans/:id',
    {
      config: { access: [...STAFF, 'provincial_office'] },
      schema: { response: { 200: Plan }, tags: ['reform'], summary: 'Chi tiết kế hoạch CCHC', params: Id },
    },
    async (req) => svc.getPlan(contextOf(req).actor, req.params.id),
  );
}
