import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import type { Role } from '../../platform/context.js';
import { Pagination } from '../../platform/platform.routes.js';
import { Dashboard, Day, Definitions, Explanation, ExplanationBody, IndicatorDossiers, IndicatorsResponse, LateList, LatePublished, Month, PublishedMonths, RebuildResult, ScopeQuery, Trend } from './quality.schemas.js';
import { INDICATORS, GROUPS, BANDS } from './quality.rules.js';
import type { QualityService } from './quality.service.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';

const STAFF: Role[] = ['admin', 'provincial_office', 'home_affairs', 'unit_leader', 'specialist', 'one_stop_officer'];
const LEADERS: Role[] = ['admin', 'provincial_office', 'home_affairs', 'unit_leader'];
const PROVINCE: Role[] = ['admin', 'provincial_office', 'home_affairs'];
const Period = { from: Day, to: Day };

export function registerQualityRoutes(app: App, q: QualityService): void {
  app.get('/api/v1/quality/indicators', {
    config: { access: 'public' },
    schema: {
      tags: ['quality'],
      summary: 'Bộ chỉ số QĐ 766 của tỉnh, một cơ quan, một đơn vị hành chính hoặc một cấp, cho một kỳ bất kỳ (công khai)',
      querystring: Type.Object({ ...Period, ...ScopeQuery }),
      response: { 200: IndicatorsResponse },
    },
  }, async (req) => q.indicators(req.query));

  app.get('/api/v1/quality/definitions', {
    config: { access: 'public' },
    schema: { response: { 200: Definitions }, tags: ['quality'], summary: 'Bảng chỉ số: tử số, mẫu số, điểm, cách quy đổi; nhóm; ngưỡng xếp loại (tạm tính)' },
  }, async () => ({ indicators: [...INDICATORS], groups: GROUPS, bands: BANDS.map((b) => ({ ...b, min: Number.isFinite(b.min) ? b.min : null })), bandsProvisional: true }));

  app.get('/api/v1/quality/dashboard', {
    config: { access: 'public' },
    schema: { response: { 200: Dashboard },
      tags: ['quality'],
      summary: 'Điểm, xếp loại, xếp hạng từng cơ quan trong kỳ, so với kỳ trước cùng độ dài (công khai)',
      querystring: Type.Object({ ...Period, level: ScopeQuery.level, adminUnit: ScopeQuery.adminUnit }),
    },
  }, async (req) => q.dashboard(req.query));

  app.get('/api/v1/quality/trend', {
    config: { access: 'public' },
    schema: { response: { 200: Trend },
      tags: ['quality'],
      summary: 'Điểm theo tháng (xu hướng) của tỉnh hoặc một cơ quan',
      querystring: Type.Object({ to: Month, months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 12 })), ...ScopeQuery }),
    },
  }, async (req) => q.trend({ ...req.query, months: req.query.months ?? 12 }));

  app.get('/api/v1/quality/indicators/:code/dossiers', {
    config: { access: STAFF },
    schema: { response: { 200: IndicatorDossiers },
      tags: ['quality'],
      summary: 'Hồ sơ đứng sau một chỉ số (vì sao mất điểm): mặc định các hồ sơ làm mất điểm',
      params: Type.Object({ code: Type.String({ pattern: '^[A-Z_]{3,60}$' }) }),
      querystring: Type.Object({ ...Period, agency: ScopeQuery.agency, adminUnit: ScopeQuery.adminUnit, kind: Type.Optional(Type.String({ enum: ['late', 'on_time', 'not_online', 'not_paid_online', 'no_e_result', 'not_digitised', 'not_reused', 'received'] })), ...Pagination }),
    },
  }, async (req) => q.drillDown(contextOf(req), req.params.code, { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.get('/api/v1/quality/late', {
    config: { access: LEADERS },
    schema: { response: { 200: LateList },
      tags: ['quality'],
      summary: 'Danh sách cơ quan, cán bộ có hồ sơ trễ hạn trong tháng và tình trạng giải trình (NQ 131/NQ-CP)',
      querystring: Type.Object({ month: Month, agency: ScopeQuery.agency }),
    },
  }, async (req) => q.lateList(contextOf(req), req.query.month, req.query));

  app.get('/api/v1/quality/late/published', {
    config: { access: 'public' },
    schema: { response: { 200: LatePublished }, tags: ['quality'], summary: 'Danh sách trễ hạn đã công khai của một tháng', querystring: Type.Object({ month: Month }) },
  }, async (req) => q.publishedLate(req.query.month));

  app.get('/api/v1/quality/late/published-months', {
    config: { access: 'public' },
    schema: { response: { 200: PublishedMonths }, tags: ['quality'], summary: 'Các tháng đã công khai danh sách trễ hạn' },
  }, async () => ({ items: await q.publicationMonths() }));

  app.post('/api/v1/quality/late/publish', {
    config: { access: PROVINCE },
    schema: { response: { 201: LatePublished }, tags: ['quality'], summary: 'Công khai danh sách trễ hạn của một tháng đã kết thúc (một lần)', body: Type.Object({ month: Month }, { additionalProperties: false }) },
  }, async (req, reply) => reply.status(201).send(await q.publishLate(contextOf(req), req.body.month)));

  app.put('/api/v1/quality/late/:dossierId/explanation', {
    config: { access: ['unit_leader', 'specialist', 'admin'] },
    schema: {
      tags: ['quality'],
      summary: 'Báo cáo giải trình hồ sơ trễ hạn (nguyên nhân, trách nhiệm, biện pháp khắc phục)',
      params: Type.Object({ dossierId: Type.String({ format: 'uuid' }) }),
      body: ExplanationBody,
      response: { 200: Explanation },
    },
  }, async (req) => q.explain(contextOf(req), req.params.dossierId, req.body));

  app.get('/api/v1/quality/late/:dossierId/explanation', {
    config: { access: STAFF },
    schema: { tags: ['quality'], summary: 'Báo cáo giải trình của một hồ sơ', params: Type.Object({ dossierId: Type.String({ format: 'uuid' }) }), response: { 200: Explanation } },
  }, async (req) => q.getExplanation(contextOf(req), req.params.dossierId));

  app.get('/api/v1/quality/export.xlsx', {
    config: { access: LEADERS },
    schema: { response: { 200: fileResponse(MIME.xlsx, 'Bảng xếp hạng và bộ chỉ số (XLSX)') }, tags: ['quality'], summary: 'Xuất bảng xếp hạng và bộ chỉ số ra Excel', querystring: Type.Object({ ...Period, level: ScopeQuery.level }) },
  }, async (req, reply) => {
    const buf = await q.exportXlsx(req.query);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="chi-so-766-${req.query.from}-${req.query.to}.xlsx"`)
      .send(buf);
  });

  app.post('/api/v1/quality/rebuild', {
    config: { access: ['admin'] },
    schema: { response: { 200: RebuildResult }, tags: ['quality'], summary: 'Tính lại toàn bộ số liệu chỉ số từ nhật ký xử lý hồ sơ', body: Type.Optional(Type.Object({}, { additionalProperties: false })) },
  }, async (req) => q.rebuild(contextOf(req)));
}
