import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import type { Role } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { Centre, CentreQuery, Indicator, IndicatorCreate, IndicatorUpdate, Items, PromptBody, PromptList, PromptOut, Risk } from './direction.schemas.js';
import { CATALOGUE_ROLES, CENTRE_ROLES, PROMPT_ROLES, type DirectionService } from './direction.service.js';
import { centrePdf, centreXlsx } from './direction.export.js';
import { workingDays } from './direction.rules.js';
import { directionDossierItems } from '../dossiers/dossiers.public.js';
import type { Database } from '../../platform/db/database.js';
import { idempotencyKeyOf as idemKey } from '../../platform/idempotency.js';

const tags = ['direction'];
const Code = Type.Object({ code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,39}$' }) });
/** Staff who see a dossier's late-risk estimate on its detail (within their agency scope). */
const RISK_ROLES: Role[] = ['one_stop_officer', 'specialist', 'unit_leader', 'admin', 'provincial_office', 'home_affairs', 'province_leader'];
const binary = (type: string, description: string) => ({ description, content: { [type]: { schema: Type.String({ format: 'binary' }) } } });

export function registerDirectionRoutes(app: App, svc: DirectionService, database: Database): void {
  app.get(
    '/api/v1/direction/centre',
    {
      config: { access: CENTRE_ROLES },
      schema: {
        tags,
        summary: 'Trung tâm chỉ đạo, điều hành: các chỉ số với xu hướng, mục tiêu và cơ quan đứng sau (lãnh đạo cơ quan: phạm vi cơ quan mình)',
        querystring: CentreQuery,
        response: { 200: Centre },
      },
    },
    async (req) => svc.centre(req.actor, req.query),
  );

  app.get(
    '/api/v1/direction/indicators/:code/items',
    {
      config: { access: CENTRE_ROLES },
      schema: {
        tags,
        summary: 'Các mục đứng sau một con số (hồ sơ, nhiệm vụ, báo cáo, phản ánh, cơ quan) và người/cơ quan chịu trách nhiệm',
        params: Code,
        querystring: Type.Object({
          ...CentreQuery.properties,
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Items },
      },
    },
    async (req) => svc.items(req.actor, req.params.code, req.query),
  );

  app.get(
    '/api/v1/direction/export.pdf',
    {
      config: { access: CENTRE_ROLES },
      schema: {
        tags,
        summary: 'Xuất bộ chỉ số ra PDF cho giao ban tháng',
        querystring: CentreQuery,
        response: { 200: binary('application/pdf', 'Báo cáo PDF') },
      },
    },
    async (req, reply) => {
      const c = await svc.centre(req.actor, req.query);
      const pdf = await centrePdf(c, req.actor?.fullName ?? '');
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="chi-so-chi-dao-${c.period.to}.pdf"`)
        .send(pdf as never); // bytes: serialisation is skipped for a Buffer
    },
  );

  app.get(
    '/api/v1/direction/export.xlsx',
    {
      config: { access: CENTRE_ROLES },
      schema: {
        tags,
        summary: 'Xuất bộ chỉ số ra Excel cho giao ban tháng',
        querystring: CentreQuery,
        response: { 200: binary('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Bảng tính XLSX') },
      },
    },
    async (req, reply) => {
      const c = await svc.centre(req.actor, req.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="chi-so-chi-dao-${c.period.to}.xlsx"`)
        .send((await centreXlsx(c)) as never);
    },
  );

  // ---- prompts (đôn đốc) --------------------------------------------------------------------
  app.post(
    '/api/v1/direction/prompts',
    {
      config: { access: PROMPT_ROLES, readOnlyMayCall: true },
      schema: {
        tags,
        summary: 'Lãnh đạo đôn đốc người chịu trách nhiệm một mục (được ghi lại, gửi đến người nhận)',
        body: PromptBody,
        response: { 201: PromptOut },
      },
    },
    async (req, reply) => {
      const r = await svc.prompt(contextOf(req), req.body as never, idemKey(req));
      return reply.status(201).send(r.body);
    },
  );

  app.get(
    '/api/v1/direction/prompts',
    {
      config: { access: CENTRE_ROLES },
      schema: {
        tags,
        summary: 'Các lần đôn đốc (theo mục)',
        querystring: Type.Object({
          subjectKind: Type.Optional(Type.String({ enum: ['dossier', 'task', 'report', 'feedback'] })),
          subjectId: Type.Optional(Type.String({ format: 'uuid' })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: { 200: PromptList },
      },
    },
    async (req) => svc.prompts(req.actor, req.query),
  );

  // ---- catalogue of indicators -------------------------------------------------------------
  app.get(
    '/api/v1/direction/indicators',
    {
      config: { access: CENTRE_ROLES },
      schema: {
        tags,
        summary: 'Danh mục chỉ số (định nghĩa, công thức, nguồn, đơn vị chủ trì, tần suất cập nhật, mục tiêu)',
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ items: Type.Array(Indicator), total: Type.Integer() }) },
      },
    },
    async (req) => {
      const items = await svc.listIndicators(req.query.all === true);
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/v1/direction/indicators',
    {
      config: { access: CATALOGUE_ROLES },
      schema: { tags, summary: 'Thêm chỉ số của tỉnh (công thức trên các chỉ số đã có; không nhận SQL)', body: IndicatorCreate, response: { 201: Indicator } },
    },
    async (req, reply) => reply.status(201).send(await svc.createIndicator(contextOf(req), req.body as never)),
  );

  app.patch(
    '/api/v1/direction/indicators/:code',
    {
      config: { access: CATALOGUE_ROLES },
      schema: {
        tags,
        summary: 'Sửa chỉ số (tên, định nghĩa, mục tiêu, chiều tốt, ngừng dùng; công thức của chỉ số do tỉnh thêm)',
        params: Code,
        body: IndicatorUpdate,
        response: { 200: Indicator },
      },
    },
    async (req) => svc.updateIndicator(contextOf(req), req.params.code, req.body as never),
  );

  // ---- late-risk estimate of one dossier (dossier detail) -----------------------------------
  app.get(
    '/api/v1/direction/risk/dossiers/:id',
    {
      config: { access: RISK_ROLES },
      schema: {
        tags,
        summary: 'Ước tính nguy cơ trễ hạn của một hồ sơ đang xử lý và lý do',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Risk },
      },
    },
    async (req) => {
      const scope = await svc.scopeOf(req.actor).catch(async () => {
        // officers without the centre: their agency scope
        const { agencyScope } = await import('../org/org.public.js');
        const s = await agencyScope(database.db, req.actor);
        return s === 'all' ? null : s;
      });
      const seen = await directionDossierItems(database.db, {
        kind: 'ids',
        ids: [req.params.id],
        from: new Date(0),
        to: new Date(0),
        now: svc.now(),
        agencyIds: scope,
        limit: 1,
        offset: 0,
      });
      if (!seen.items.length) throw notFound('hồ sơ');
      const r = await svc.risk.detail(req.params.id);
      if (!r) throw notFound('ước tính cho hồ sơ này (hồ sơ không còn đang xử lý hoặc chưa có ngày hẹn trả)');
      const days = (m: number | null) => (m === null ? null : workingDays(m));
      return {
        dossierId: r.dossierId,
        probability: r.probability,
        samples: r.samples,
        flagged: r.flagged,
        reason: r.reason,
        dueAt: r.dueAt.toISOString(),
        computedAt: r.computedAt.toISOString(),
        step: r.step,
        stepName: r.stepName,
        typicalRemainingDays: days(r.typicalRemainingMinutes),
        steps: r.steps.map((s) => ({ index: s.index, name: s.name, typicalDays: days(s.typicalMinutes), samples: s.samples, current: s.current })),
      };
    },
  );
}
