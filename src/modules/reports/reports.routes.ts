import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { Pagination } from '../../platform/platform.routes.js';
import { ROLES, type Role } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import { getAgency } from '../org/org.public.js';
import type { Database } from '../../platform/db/database.js';
import { FREQUENCIES } from './reports.periods.js';
import { RECEIVER_ROLES, REPORTER_ROLES, type ReportsService } from './reports.service.js';
import {
  ConsolidationIn,
  ConsolidationOut,
  IncludeQ,
  PeriodAggregate,
  PeriodDetail,
  PeriodOpen,
  PeriodOut,
  PeriodPreview,
  RegimeCreate,
  RegimeDetail,
  RegimeOut,
  RegimeSeries,
  RegimeUpdate,
  ReturnIn,
  SaveData,
  ScheduleRun,
  SubmissionOut,
  SubmissionSummary,
  SubmissionVersion,
  SUBMISSION_STATUSES,
  Transition,
} from './reports.schemas.js';
import { aggregatePdf, aggregateXlsx, parseSubmissionXlsx, submissionXlsx } from './reports.export.js';
import { allCells } from './reports.template.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const list = <T extends import('typebox').TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
const STAFF: Role[] = ROLES.filter((r) => r !== 'citizen');
const RECEIVERS: Role[] = [...RECEIVER_ROLES];
const REPORTERS: Role[] = [...REPORTER_ROLES];
const IdemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128 })) });
const idem = (req: FastifyRequest) => (req.headers['idempotency-key'] as string | undefined) || undefined;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const TAG = ['reports'];

const uploads = new WeakMap<FastifyRequest, Buffer>();
async function readMultipart(req: FastifyRequest): Promise<void> {
  if (!req.isMultipart()) throw badRequest('multipart_required', 'Cần gửi dạng multipart/form-data với tệp trong trường "file".');
  const body: Record<string, unknown> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') throw badRequest('validation_failed', `Trường tệp "${part.fieldname}" không được phép; dùng "file".`);
      uploads.set(req, await part.toBuffer());
      body.file = part.filename || 'bao-cao.xlsx';
    } else body[part.fieldname] = part.fieldname === 'version' ? Number(part.value) : String(part.value);
  }
  if (!uploads.has(req)) throw badRequest('file_required', 'Thiếu tệp (trường "file").');
  req.body = body;
}

export function registerReportsRoutes(app: App, svc: ReportsService, database: Database, clock: { now(): Date }): void {
  // ---- regimes ------------------------------------------------------------------------------
  app.get(
    '/api/v1/reports/regimes',
    {
      config: { access: STAFF },
      schema: {
        tags: TAG,
        summary: 'Chế độ báo cáo (Nghị định 09/2019)',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), active: Type.Optional(Type.Boolean()), ...Pagination }),
        response: { 200: list(RegimeOut) },
      },
    },
    async (req) => svc.listRegimes({ q: req.query.q, active: req.query.active, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/reports/regimes/:id',
    {
      config: { access: STAFF },
      schema: { response: { 200: RegimeDetail }, tags: TAG, summary: 'Chi tiết chế độ báo cáo, mẫu đề cương và biểu số liệu, các phiên bản', params: Id },
    },
    async (req) => svc.getRegime(req.params.id),
  );

  app.post(
    '/api/v1/reports/regimes',
    {
      config: { access: RECEIVERS },
      schema: {
        response: { 201: RegimeDetail },
        tags: TAG,
        summary: 'Ban hành chế độ báo cáo (cơ quan nhận báo cáo)',
        headers: IdemHeader,
        body: RegimeCreate,
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createRegime(contextOf(req), req.body, idem(req))),
  );

  app.patch(
    '/api/v1/reports/regimes/:id',
    {
      config: { access: RECEIVERS },
      schema: {
        response: { 200: RegimeDetail },
        tags: TAG,
        summary: 'Sửa chế độ báo cáo (tạo phiên bản mới; kỳ đã mở giữ phiên bản cũ)',
        params: Id,
        body: RegimeUpdate,
      },
    },
    async (req) => svc.updateRegime(contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/reports/regimes/:id/schedule',
    {
      config: { access: STAFF },
      schema: {
        tags: TAG,
        summary: 'Các kỳ báo cáo của một năm: thời gian chốt số liệu và hạn gửi',
        params: Id,
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        response: { 200: list(PeriodPreview) },
      },
    },
    async (req) => svc.previewPeriods(req.params.id, req.query.year),
  );

  app.post(
    '/api/v1/reports/regimes/:id/periods',
    {
      config: { access: RECEIVERS },
      schema: {
        response: { 201: PeriodDetail },
        tags: TAG,
        summary: 'Mở một kỳ báo cáo (theo lịch, hoặc đột xuất) cho mọi cơ quan báo cáo',
        params: Id,
        headers: IdemHeader,
        body: PeriodOpen,
      },
    },
    async (req, reply) => reply.status(201).send(await svc.openPeriod(contextOf(req), req.params.id, req.body, idem(req))),
  );

  app.get(
    '/api/v1/reports/regimes/:id/series',
    {
      config: { access: RECEIVERS },
      schema: {
        response: { 200: RegimeSeries },
        tags: TAG,
        summary: 'Số liệu tổng hợp qua các kỳ (một tần suất, một khoảng năm)',
        params: Id,
        querystring: Type.Object({
          frequency: Type.String({ enum: [...FREQUENCIES] }),
          fromYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
          toYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
          include: IncludeQ,
        }),
      },
    },
    async (req) =>
      svc.series(req.actor!, req.params.id, {
        frequency: req.query.frequency,
        fromYear: req.query.fromYear,
        toYear: req.query.toYear,
        include: req.query.include as 'accepted' | 'submitted' | undefined,
      }),
  );

  // ---- periods --------------------------------------------------------------------------------
  app.get(
    '/api/v1/reports/periods',
    {
      config: { access: STAFF },
      schema: {
        tags: TAG,
        summary: 'Kỳ báo cáo (cơ quan nhận thấy mọi kỳ của chế độ mình nhận; cơ quan báo cáo thấy kỳ của mình)',
        querystring: Type.Object({
          regimeId: Type.Optional(Type.String({ format: 'uuid' })),
          frequency: Type.Optional(Type.String({ enum: [...FREQUENCIES] })),
          year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
          ...Pagination,
        }),
        response: { 200: list(PeriodOut) },
      },
    },
    async (req) => svc.listPeriods(req.actor!, { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/reports/periods/:id',
    {
      config: { access: STAFF },
      schema: { response: { 200: PeriodDetail }, tags: TAG, summary: 'Kỳ báo cáo và tình hình gửi của từng cơ quan (đúng hạn, muộn, chưa gửi)', params: Id },
    },
    async (req) => svc.getPeriod(req.actor!, req.params.id),
  );

  app.get(
    '/api/v1/reports/periods/:id/aggregate',
    {
      config: { access: RECEIVERS },
      schema: {
        response: { 200: PeriodAggregate },
        tags: TAG,
        summary: 'Tổng hợp từng ô (tổng / trung bình / tỷ lệ chung / danh sách) qua các cơ quan',
        params: Id,
        querystring: Type.Object({ include: IncludeQ }),
      },
    },
    async (req) => svc.aggregatePeriod(req.actor!, req.params.id, (req.query.include as 'accepted' | 'submitted' | undefined) ?? 'accepted'),
  );

  const aggregateDoc = async (req: FastifyRequest<{ Params: { id: string }; Querystring: { include?: string } }>) => {
    const a = await svc.aggregatePeriod(req.actor!, req.params.id, (req.query.include as 'accepted' | 'submitted' | undefined) ?? 'accepted');
    const receiver = await getAgency(database.db, a.regime.receiverAgencyId);
    const parent = receiver?.parentId ? await getAgency(database.db, receiver.parentId) : null;
    return {
      a,
      doc: {
        regimeName: a.regime.name,
        legalBasis: a.regime.legalBasis,
        periodLabel: a.period.label,
        periodKey: a.period.key,
        cutoffFrom: a.period.cutoffFrom,
        cutoffTo: a.period.cutoffTo,
        template: a.template,
        cells: a.cells,
        agencies: a.agencies,
        notIncluded: a.notIncluded,
        narrative: a.consolidation?.narrative ?? {},
        number: a.consolidation?.number ?? null,
        issuer: {
          parent: parent?.name ?? null,
          agency: receiver?.name ?? '',
          place: 'Thanh Hóa',
          signerTitle: a.consolidation?.signerTitle ?? 'Thủ trưởng cơ quan',
          signerName: a.consolidation?.signerName ?? null,
        },
        generatedAt: clock.now(),
      },
    };
  };

  app.get(
    '/api/v1/reports/periods/:id/aggregate.xlsx',
    {
      config: { access: RECEIVERS },
      schema: {
        response: { 200: fileResponse(MIME.xlsx, 'Số liệu tổng hợp (XLSX)') },
        tags: TAG,
        summary: 'Tải số liệu tổng hợp (XLSX: từng biểu, chi tiết từng cơ quan)',
        params: Id,
        querystring: Type.Object({ include: IncludeQ }),
      },
    },
    async (req, reply) => {
      const { a, doc } = await aggregateDoc(req);
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`tong-hop-${a.regime.code}-${a.period.key}.xlsx`))
        .send(await aggregateXlsx(doc));
    },
  );

  app.get(
    '/api/v1/reports/periods/:id/aggregate.pdf',
    {
      config: { access: RECEIVERS },
      schema: {
        response: { 200: fileResponse(MIME.pdf, 'Báo cáo tổng hợp (PDF)') },
        tags: TAG,
        summary: 'Báo cáo tổng hợp gửi cấp trên (PDF, thể thức văn bản hành chính)',
        params: Id,
        querystring: Type.Object({ include: IncludeQ }),
      },
    },
    async (req, reply) => {
      const { a, doc } = await aggregateDoc(req);
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(`bao-cao-${a.regime.code}-${a.period.key}.pdf`))
        .send(await aggregatePdf(doc));
    },
  );

  app.put(
    '/api/v1/reports/periods/:id/consolidation',
    {
      config: { access: RECEIVERS },
      schema: {
        response: { 200: Type.Union([ConsolidationOut, Type.Null()]) },
        tags: TAG,
        summary: 'Soạn báo cáo tổng hợp của cơ quan nhận (số văn bản, nội dung đề cương, người ký)',
        params: Id,
        body: ConsolidationIn,
      },
    },
    async (req) => svc.saveConsolidation(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/reports/periods/:id/consolidation/send',
    {
      config: { access: RECEIVERS },
      schema: {
        response: { 200: Type.Union([ConsolidationOut, Type.Null()]) },
        tags: TAG,
        summary: 'Gửi báo cáo tổng hợp lên Hệ thống thông tin báo cáo Chính phủ (bộ chuyển đổi sandbox)',
        params: Id,
        body: Transition,
      },
    },
    async (req) => svc.sendConsolidation(contextOf(req), req.params.id, req.body),
  );

  // ---- submissions ----------------------------------------------------------------------------
  app.get(
    '/api/v1/reports/submissions',
    {
      config: { access: STAFF },
      schema: {
        tags: TAG,
        summary: 'Báo cáo của các cơ quan (lọc theo kỳ, chế độ, trạng thái; mine = của cơ quan mình; lateOrMissing = gửi muộn hoặc quá hạn chưa gửi)',
        querystring: Type.Object({
          periodId: Type.Optional(Type.String({ format: 'uuid' })),
          regimeId: Type.Optional(Type.String({ format: 'uuid' })),
          status: Type.Optional(Type.String({ enum: [...SUBMISSION_STATUSES] })),
          mine: Type.Optional(Type.Boolean()),
          lateOrMissing: Type.Optional(Type.Boolean()),
          ...Pagination,
        }),
        response: { 200: list(SubmissionSummary) },
      },
    },
    async (req) => svc.listSubmissions(req.actor!, { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/reports/submissions/:id',
    {
      config: { access: STAFF },
      schema: { tags: TAG, summary: 'Một báo cáo: mẫu, số liệu, số liệu hệ thống, kiểm tra, phiên bản, nhật ký', params: Id, response: { 200: SubmissionOut } },
    },
    async (req) => svc.getSubmission(req.actor!, req.params.id),
  );

  app.put(
    '/api/v1/reports/submissions/:id/data',
    {
      config: { access: REPORTERS },
      schema: {
        tags: TAG,
        summary: 'Lưu nội dung (ô số liệu, đề mục, ghi chú giải trình); null xóa một ô',
        params: Id,
        headers: IdemHeader,
        body: SaveData,
        response: { 200: SubmissionOut },
      },
    },
    async (req) => svc.save(contextOf(req), req.params.id, req.body, idem(req)),
  );

  app.post(
    '/api/v1/reports/submissions/:id/prefill',
    {
      config: { access: REPORTERS },
      schema: { tags: TAG, summary: 'Lấy (lại) số liệu hệ thống cho kỳ chốt số liệu', params: Id, body: Transition, response: { 200: SubmissionOut } },
    },
    async (req) => svc.prefill(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/reports/submissions/:id/sign',
    {
      config: { access: ['unit_leader'] },
      schema: {
        tags: TAG,
        summary: 'Lãnh đạo cơ quan ký duyệt (kiểm tra đầy đủ; tổng phải khớp)',
        params: Id,
        headers: IdemHeader,
        body: Transition,
        response: { 200: SubmissionOut },
      },
    },
    async (req) => svc.sign(contextOf(req), req.params.id, req.body, idem(req)),
  );

  app.post(
    '/api/v1/reports/submissions/:id/submit',
    {
      config: { access: REPORTERS },
      schema: {
        tags: TAG,
        summary: 'Gửi báo cáo đã ký duyệt (lưu phiên bản; quá hạn thì ghi nhận gửi muộn)',
        params: Id,
        headers: IdemHeader,
        body: Transition,
        response: { 200: SubmissionOut },
      },
    },
    async (req) => svc.submit(contextOf(req), req.params.id, req.body, idem(req)),
  );

  app.post(
    '/api/v1/reports/submissions/:id/return',
    {
      config: { access: RECEIVERS },
      schema: {
        tags: TAG,
        summary: 'Cơ quan nhận trả lại báo cáo kèm ý kiến (chung và theo ô)',
        params: Id,
        headers: IdemHeader,
        body: ReturnIn,
        response: { 200: SubmissionOut },
      },
    },
    async (req) => svc.returnReport(contextOf(req), req.params.id, req.body, idem(req)),
  );

  app.post(
    '/api/v1/reports/submissions/:id/accept',
    {
      config: { access: RECEIVERS },
      schema: { tags: TAG, summary: 'Cơ quan nhận tiếp nhận báo cáo', params: Id, headers: IdemHeader, body: Transition, response: { 200: SubmissionOut } },
    },
    async (req) => svc.accept(contextOf(req), req.params.id, req.body, idem(req)),
  );

  app.get(
    '/api/v1/reports/submissions/:id/versions/:versionNo',
    {
      config: { access: STAFF },
      schema: {
        response: { 200: SubmissionVersion },
        tags: TAG,
        summary: 'Một phiên bản đã gửi, đúng như khi gửi',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), versionNo: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (req) => svc.getVersion(req.actor!, req.params.id, req.params.versionNo),
  );

  app.get(
    '/api/v1/reports/submissions/:id/form.xlsx',
    {
      config: { access: STAFF },
      schema: {
        response: { 200: fileResponse(MIME.xlsx, 'Biểu mẫu báo cáo (XLSX)') },
        tags: TAG,
        summary: 'Mẫu XLSX của báo cáo (kèm số liệu hiện có) để nhập ngoài hệ thống rồi tải lên',
        params: Id,
      },
    },
    async (req, reply) => {
      const { s, p, template, regime, agency } = await svc.forExport(req.actor!, req.params.id);
      const buf = await submissionXlsx(
        template,
        {
          regimeName: regime.name,
          agencyName: agency?.name ?? s.agencyName,
          periodLabel: p.label,
          cutoffFrom: p.cutoffFrom,
          cutoffTo: p.cutoffTo,
          dueOn: p.dueOn,
        },
        s,
      );
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`bao-cao-${regime.code}-${p.key}.xlsx`))
        .send(buf);
    },
  );

  app.post(
    '/api/v1/reports/submissions/:id/form.xlsx',
    {
      config: { access: REPORTERS },
      preValidation: readMultipart,
      schema: {
        tags: TAG,
        summary: 'Tải lên XLSX đã nhập theo mẫu (multipart: file, version); số liệu được kiểm tra như khi nhập trên trình duyệt',
        consumes: ['multipart/form-data'],
        params: Id,
        body: Type.Object({ file: Type.String(), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: SubmissionOut },
      },
    },
    async (req) => {
      const { template } = await svc.forImport(req.actor!, req.params.id);
      const parsed = await parseSubmissionXlsx(template, uploads.get(req)!);
      if (parsed.problems.length) throw badRequest('xlsx_invalid', `Tệp XLSX không đúng mẫu: ${parsed.problems.join(' ')}`, { problems: parsed.problems });
      // Cells absent from the file are cleared, except system figures (kept as computed).
      const systemRefs = new Set(
        allCells(template)
          .filter((c) => c.system)
          .map((c) => c.ref),
      );
      const cells = Object.fromEntries(
        allCells(template)
          .filter((c) => !systemRefs.has(c.ref) || parsed.cells[c.ref] !== undefined)
          .map((c) => [c.ref, parsed.cells[c.ref] ?? null]),
      );
      return svc.save(contextOf(req), req.params.id, { version: (req.body as { version: number }).version, cells, narrative: parsed.narrative });
    },
  );

  app.get(
    '/api/v1/reports/submissions/:id/report.pdf',
    {
      config: { access: STAFF },
      schema: {
        response: { 200: fileResponse(MIME.pdf, 'Báo cáo (PDF)') },
        tags: TAG,
        summary: 'Báo cáo của cơ quan (PDF, thể thức văn bản hành chính); version= một phiên bản đã gửi',
        params: Id,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (req, reply) => {
      const { regime, p } = await svc.forExport(req.actor!, req.params.id);
      const buf = await svc.reportPdf(req.actor!, req.params.id, req.query.version);
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(`bao-cao-${regime.code}-${p.key}.pdf`))
        .send(buf);
    },
  );

  app.get(
    '/api/v1/reports/submissions/:id/signed.pdf',
    {
      config: { access: STAFF },
      schema: {
        response: { 200: fileResponse(MIME.pdf, 'Báo cáo đã được lãnh đạo ký số (PAdES; tiêu đề x-content-sha256)') },
        tags: TAG,
        summary: 'Bản PDF báo cáo lãnh đạo đã ký số (lần ký hiện tại, hoặc của một phiên bản đã gửi: version=)',
        params: Id,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (req, reply) => {
      const { regime, p } = await svc.forExport(req.actor!, req.params.id);
      const f = await svc.signedPdf(req.actor!, req.params.id, req.query.version);
      return reply
        .type('application/pdf')
        .header('x-content-sha256', f.sha256)
        .header('content-disposition', attachment(`bao-cao-${regime.code}-${p.key}-da-ky.pdf`))
        .send(f.data);
    },
  );

  // ---- operations -----------------------------------------------------------------------------
  app.post(
    '/api/v1/reports/schedule/run',
    {
      config: { access: ['admin'] },
      schema: {
        response: { 200: ScheduleRun },
        tags: TAG,
        summary: 'Chạy ngay việc mở kỳ theo lịch và gửi nhắc hạn (bình thường chạy hằng ngày)',
        body: Type.Object({ today: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      const today = (req.body as { today?: string }).today;
      return { opened: await svc.openDuePeriods(today), reminders: await svc.sendReminders(today) };
    },
  );
}
