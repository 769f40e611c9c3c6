import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import type { Role } from '../../platform/context.js';
import { Pagination } from '../../platform/platform.routes.js';
import {
  Dashboard,
  Day,
  Definitions,
  Explanation,
  ExplanationBody,
  IndicatorDossiers,
  IndicatorsResponse,
  LateList,
  LatePublished,
  Month,
  PublishedMonths,
  RebuildResult,
  ScopeQuery,
  Trend,
} from './quality.schemas.js';
import { INDICATORS, GROUPS, BANDS } from './quality.rules.js';
import type { QualityService } from './quality.service.js';
import { MIME } from '../../platform/http/openapi.js';
import type { ProgressJobs } from '../../platform/progress-jobs.js';
import { exportJobSchema, registerExportJob } from '../../platform/export-jobs.js';

const STAFF: Role[] = ['admin', 'provincial_office', 'home_affairs', 'unit_leader', 'specialist', 'one_stop_officer'];
const LEADERS: Role[] = ['admin', 'provincial_office', 'home_affairs', 'unit_leader'];
const PROVINCE: Role[] = ['admin', 'provincial_office', 'home_affairs'];
const Period = { from: Day, to: Day };

/** The progress_job kind of a QĐ 766 export. */
export const QUALITY_EXPORT_JOB = 'quality.export';

const QualityExportBody = Type.Object({ ...Period, level: ScopeQuery.level }, { additionalProperties: false });

export const QualityExportJob = exportJobSchema({
  phase: 'ranking (tính bảng xếp hạng), indicators (tính bộ chỉ số), writing (ghi tệp)',
  processed: 'Số phần đã xong',
  total: 'Số phần của tệp (3: bảng xếp hạng, bộ chỉ số, ghi tệp)',
  result: {
    agencies: Type.Integer({ description: 'Số cơ quan trong bảng xếp hạng' }),
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    level: Type.Union([Type.String(), Type.Null()]),
  },
});

export function registerQualityRoutes(app: App, q: QualityService, jobs: ProgressJobs): void {
  app.get(
    '/api/v1/quality/indicators',
    {
      config: { access: 'public' },
      schema: {
        tags: ['quality'],
        summary: 'Bộ chỉ số QĐ 766 của tỉnh, một cơ quan, một đơn vị hành chính hoặc một cấp, cho một kỳ bất kỳ (công khai)',
        querystring: Type.Object({ ...Period, ...ScopeQuery }),
        response: { 200: IndicatorsResponse },
      },
    },
    async (req) => q.indicators(req.query),
  );

  app.get(
    '/api/v1/quality/definitions',
    {
      config: { access: 'public' },
      schema: {
        response: { 200: Definitions },
        tags: ['quality'],
        summary: 'Bảng chỉ số: tử số, mẫu số, điểm, cách quy đổi; nhóm; ngưỡng xếp loại (tạm tính)',
      },
    },
    async () => ({
      indicators: [...INDICATORS],
      groups: GROUPS,
      bands: BANDS.map((b) => ({ ...b, min: Number.isFinite(b.min) ? b.min : null })),
      bandsProvisional: true,
    }),
  );

  app.get(
    '/api/v1/quality/dashboard',
    {
      config: { access: 'public' },
      schema: {
        response: { 200: Dashboard },
        tags: ['quality'],
        summary: 'Điểm, xếp loại, xếp hạng từng cơ quan trong kỳ, so với kỳ trước cùng độ dài (công khai)',
        querystring: Type.Object({ ...Period, level: ScopeQuery.level, adminUnit: ScopeQuery.adminUnit }),
      },
    },
    async (req) => q.dashboard(req.query),
  );

  app.get(
    '/api/v1/quality/trend',
    {
      config: { access: 'public' },
      schema: {
        response: { 200: Trend },
        tags: ['quality'],
        summary: 'Điểm theo tháng (xu hướng) của tỉnh hoặc một cơ quan',
        querystring: Type.Object({ to: Month, months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 12 })), ...ScopeQuery }),
      },
    },
    async (req) => q.trend({ ...req.query, months: req.query.months ?? 12 }),
  );

  app.get(
    '/api/v1/quality/indicators/:code/dossiers',
    {
      config: { access: STAFF },
      schema: {
        response: { 200: IndicatorDossiers },
        tags: ['quality'],
        summary: 'Hồ sơ đứng sau một chỉ số (vì sao mất điểm): mặc định các hồ sơ làm mất điểm',
        params: Type.Object({ code: Type.String({ pattern: '^[A-Z_]{3,60}$' }) }),
        querystring: Type.Object({
          ...Period,
          agency: ScopeQuery.agency,
          adminUnit: ScopeQuery.adminUnit,
          kind: Type.Optional(
            Type.String({ enum: ['late', 'on_time', 'not_online', 'not_paid_online', 'no_e_result', 'not_digitised', 'not_reused', 'received'] }),
          ),
          ...Pagination,
        }),
      },
    },
    async (req) => q.drillDown(contextOf(req), req.params.code, { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/quality/late',
    {
      config: { access: LEADERS },
      schema: {
        response: { 200: LateList },
        tags: ['quality'],
        summary: 'Danh sách cơ quan, cán bộ có hồ sơ trễ hạn trong tháng và tình trạng giải trình (NQ 131/NQ-CP)',
        querystring: Type.Object({ month: Month, agency: ScopeQuery.agency }),
      },
    },
    async (req) => q.lateList(contextOf(req), req.query.month, req.query),
  );

  app.get(
    '/api/v1/quality/late/published',
    {
      config: { access: 'public' },
      schema: {
        response: { 200: LatePublished },
        tags: ['quality'],
        summary: 'Danh sách trễ hạn đã công khai của một tháng',
        querystring: Type.Object({ month: Month }),
      },
    },
    async (req) => q.publishedLate(req.query.month),
  );

  app.get(
    '/api/v1/quality/late/published-months',
    {
      config: { access: 'public' },
      schema: { response: { 200: PublishedMonths }, tags: ['quality'], summary: 'Các tháng đã công khai danh sách trễ hạn' },
    },
    async () => ({ items: await q.publicationMonths() }),
  );

  app.post(
    '/api/v1/quality/late/publish',
    {
      config: { access: PROVINCE },
      schema: {
        response: { 201: LatePublished },
        tags: ['quality'],
        summary: 'Công khai danh sách trễ hạn của một tháng đã kết thúc (một lần)',
        body: Type.Object({ month: Month }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(201).send(await q.publishLate(contextOf(req), req.body.month)),
  );

  app.put(
    '/api/v1/quality/late/:dossierId/explanation',
    {
      config: { access: ['unit_leader', 'specialist', 'admin'] },
      schema: {
        tags: ['quality'],
        summary: 'Báo cáo giải trình hồ sơ trễ hạn (nguyên nhân, trách nhiệm, biện pháp khắc phục)',
        params: Type.Object({ dossierId: Type.String({ format: 'uuid' }) }),
        body: ExplanationBody,
        response: { 200: Explanation },
      },
    },
    async (req) => q.explain(contextOf(req), req.params.dossierId, req.body),
  );

  app.get(
    '/api/v1/quality/late/:dossierId/explanation',
    {
      config: { access: STAFF },
      schema: {
        tags: ['quality'],
        summary: 'Báo cáo giải trình của một hồ sơ',
        params: Type.Object({ dossierId: Type.String({ format: 'uuid' }) }),
        response: { 200: Explanation },
      },
    },
    async (req) => q.getExplanation(contextOf(req), req.params.dossierId),
  );

  registerExportJob(app, jobs, {
    kind: QUALITY_EXPORT_JOB,
    path: '/api/v1/quality/exports',
    access: LEADERS,
    tag: 'quality',
    what: 'lần xuất bảng xếp hạng và bộ chỉ số',
    summary: {
      start: 'Xuất bảng xếp hạng và bộ chỉ số QĐ 766 ra Excel, dưới dạng công việc có tiến độ',
      progress: 'Tiến độ của một lần xuất bảng xếp hạng và bộ chỉ số',
      file: 'Tải tệp Excel bảng xếp hạng và bộ chỉ số đã xuất xong (409 khi chưa xong, 410 khi đã hết hạn lưu)',
    },
    description:
      'Trả về ngay (202) công việc; theo dõi tiến độ (3 phần: bảng xếp hạng, bộ chỉ số, ghi tệp) tại GET /api/v1/quality/exports/{id}, tải tệp khi xong tại GET /api/v1/quality/exports/{id}/file. Tệp được giữ 24 giờ. Chỉ người tạo xem và tải được.',
    body: QualityExportBody,
    job: QualityExportJob,
    fileDescription: 'Bảng xếp hạng và bộ chỉ số (XLSX)',
    mime: MIME.xlsx,
    check: (_ctx, b) => q.checkPeriod(b.from, b.to),
    run: async (_ctx, b, report) => {
      const { data, agencies } = await q.exportXlsx(b, (done, phase) => report({ phase, processed: done, total: 3 }));
      return {
        file: { name: `chi-so-766-${b.from}-${b.to}.xlsx`, contentType: MIME.xlsx, data },
        result: { agencies, from: b.from, to: b.to, level: b.level ?? null },
      };
    },
  });

  app.post(
    '/api/v1/quality/rebuild',
    {
      config: { access: ['admin'] },
      schema: {
        response: { 200: RebuildResult },
        tags: ['quality'],
        summary: 'Tính lại toàn bộ số liệu chỉ số từ nhật ký xử lý hồ sơ',
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
      },
    },
    async (req) => q.rebuild(contextOf(req)),
  );
}
