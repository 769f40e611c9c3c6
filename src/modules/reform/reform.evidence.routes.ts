import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { badRequest } from '../../platform/errors.js';
import { EVIDENCE_LIMIT_BYTES, type createEvidenceService } from './reform.evidence.service.js';
import { fileResponse, MIME, noContent } from '../../platform/http/openapi.js';

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Params = Type.Object({ year: Year, agencyId: Type.String({ format: 'uuid' }) });
const FileParams = Type.Object({ year: Year, agencyId: Type.String({ format: 'uuid' }), fileId: Type.String({ format: 'uuid' }) });
const FileOut = Type.Object({
  id: Type.String(),
  criterionId: Type.String(),
  fileName: Type.String(),
  mimeType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
  uploadedBy: Type.Union([Type.String(), Type.Null()]),
});

/** Evidence files of the PAR INDEX self-assessment: upload, download (SHA-256 checked), removal while a draft. */
export function registerReformEvidenceRoutes(app: App, svc: ReturnType<typeof createEvidenceService>): void {
  app.post(
    '/api/v1/reform/par/:year/assessments/:agencyId/evidence',
    {
      config: { access: ['specialist', 'unit_leader', 'admin'] },
      schema: {
        tags: ['reform'],
        summary: `Đính kèm tài liệu kiểm chứng cho một tiêu chí tự chấm (multipart, trường "file"; PDF, JPEG, PNG, DOCX/XLSX, tối đa ${EVIDENCE_LIMIT_BYTES / 1024 / 1024} MB); ghi nhận SHA-256`,
        consumes: ['multipart/form-data'],
        params: Params,
        querystring: Type.Object({ criterionId: Type.String({ format: 'uuid' }) }),
        response: { 201: FileOut },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw badRequest('multipart_required', 'Cần gửi tệp dạng multipart/form-data, trường "file".');
      const part = await req.file({ limits: { fileSize: EVIDENCE_LIMIT_BYTES } });
      if (!part || part.fieldname !== 'file') throw badRequest('file_required', 'Thiếu tệp trong trường "file".');
      const content = await part.toBuffer().catch(() => {
        throw badRequest('file_too_large', `Tệp vượt quá ${EVIDENCE_LIMIT_BYTES / 1024 / 1024} MB.`);
      });
      if (part.file.truncated) throw badRequest('file_too_large', `Tệp vượt quá ${EVIDENCE_LIMIT_BYTES / 1024 / 1024} MB.`);
      const out = await svc.upload(contextOf(req), req.params.year, req.params.agencyId, req.query.criterionId, { fileName: part.filename, content });
      return reply.status(201).send(out);
    },
  );

  app.get(
    '/api/v1/reform/par/:year/assessments/:agencyId/evidence/:fileId',
    {
      config: { access: ['specialist', 'unit_leader', 'admin', 'home_affairs', 'provincial_office'] },
      schema: {
        response: { 200: fileResponse(MIME.any, 'Tài liệu kiểm chứng, đúng kiểu đã lưu (tiêu đề x-content-sha256)') },
        tags: ['reform'],
        summary: 'Tải tài liệu kiểm chứng (kiểm tra SHA-256 trước khi gửi)',
        params: FileParams,
      },
    },
    async (req, reply) => {
      const { file, content } = await svc.download(contextOf(req).actor, req.params.year, req.params.agencyId, req.params.fileId);
      return reply
        .type(file.mimeType)
        .header('x-content-sha256', file.sha256)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(content);
    },
  );

  app.delete(
    '/api/v1/reform/par/:year/assessments/:agencyId/evidence/:fileId',
    {
      config: { access: ['specialist', 'unit_leader', 'admin'] },
      schema: {
        response: { 204: noContent('Đã gỡ') },
        tags: ['reform'],
        summary: 'Gỡ tài liệu kiểm chứng khi bản tự đánh giá chưa gửi (tệp vẫn được lưu vết)',
        params: FileParams,
      },
    },
    async (req, reply) => {
      await svc.remove(contextOf(req), req.params.year, req.params.agencyId, req.params.fileId);
      return reply.status(204).send();
    },
  );
}
