import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { AppError, badRequest, unprocessable } from '../../platform/errors.js';
import { UPLOAD_LIMIT_BYTES } from '../../platform/files.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';
import { cleanText, MAX_ORIGINAL_PAGES, type CertificationService } from './certification.service.js';
import { CertifiedCopy, CertifiedCopyPage, PublicCheck } from './certification.schemas.js';

const TOTAL_LIMIT = 60 * 1024 * 1024;
const CERTIFIERS = ['one_stop_officer'] as const;
const READERS = ['one_stop_officer', 'unit_leader', 'admin', 'provincial_office'] as const;

export function registerCertificationRoutes(app: App, svc: CertificationService): void {
  app.post(
    '/api/v1/certifications',
    {
      config: {
        access: [...CERTIFIERS],
        problems: { 422: ['comparison_required', 'scan_too_many_pages', 'file_type', 'scan_unreadable', 'no_signing_certificate'] },
      },
      schema: {
        tags: ['certification'],
        summary:
          'Chứng thực bản sao điện tử từ bản chính (multipart: các trang ảnh quét trong trường "file"; documentTitle, requesterName, requesterIdNumber, copies, comparedWithOriginal=true): số chứng thực, phí, ký số bằng con dấu của cơ quan, đưa vào kho dữ liệu của người yêu cầu',
        response: { 201: CertifiedCopy },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw badRequest('multipart_required', 'Cần gửi dạng multipart/form-data với các trang ảnh quét trong trường "file".');
      const pages: Buffer[] = [];
      const fields: Record<string, string> = {};
      let total = 0;
      try {
        for await (const part of req.parts({ limits: { files: MAX_ORIGINAL_PAGES + 1, fileSize: UPLOAD_LIMIT_BYTES } })) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') throw badRequest('validation_failed', `Trường tệp "${part.fieldname}" không được phép; dùng "file".`);
            const data = await part.toBuffer();
            if (part.file.truncated) throw badRequest('file_too_large', `Mỗi trang tối đa ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
            total += data.length;
            if (total > TOTAL_LIMIT) throw badRequest('file_too_large', `Bản quét vượt quá ${TOTAL_LIMIT / 1024 / 1024} MB.`);
            if (data.length === 0) throw badRequest('file_empty', 'Tệp rỗng.');
            pages.push(data);
          } else fields[part.fieldname] = String(part.value);
        }
      } catch (err) {
        if (err instanceof AppError) throw err;
        const code = (err as { code?: string }).code;
        if (code === 'FST_FILES_LIMIT') throw unprocessable('scan_too_many_pages', `Bản chính tối đa ${MAX_ORIGINAL_PAGES} trang ảnh.`);
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest('file_too_large', `Mỗi trang tối đa ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
        throw err;
      }
      const allowed = new Set(['documentTitle', 'requesterName', 'requesterIdNumber', 'copies', 'comparedWithOriginal']);
      const extra = Object.keys(fields).filter((k) => !allowed.has(k));
      if (extra.length) throw badRequest('validation_failed', `Trường không được phép: ${extra.join(', ')}.`);
      const title = cleanText(fields.documentTitle ?? '');
      if (title.length < 3 || title.length > 300) throw badRequest('validation_failed', 'Tên giấy tờ (documentTitle) từ 3 đến 300 ký tự.');
      const name = cleanText(fields.requesterName ?? '');
      if (name.length < 2 || name.length > 200) throw badRequest('validation_failed', 'Họ tên người yêu cầu (requesterName) từ 2 đến 200 ký tự.');
      const idNumber = (fields.requesterIdNumber ?? '').trim();
      if (!/^\d{12}$/.test(idNumber)) throw badRequest('validation_failed', 'Số định danh cá nhân (requesterIdNumber) gồm 12 chữ số.');
      const copies = fields.copies === undefined ? 1 : Number(fields.copies);
      if (!Number.isInteger(copies) || copies < 1 || copies > 100) throw badRequest('validation_failed', 'Số bản sao (copies) từ 1 đến 100.');
      if (fields.comparedWithOriginal !== undefined && fields.comparedWithOriginal !== 'true' && fields.comparedWithOriginal !== 'false')
        throw badRequest('validation_failed', 'comparedWithOriginal là true hoặc false.');
      const r = await svc.certify(contextOf(req), {
        pages,
        documentTitle: title,
        requesterName: name,
        requesterIdNumber: idNumber,
        copies,
        comparedWithOriginal: fields.comparedWithOriginal === 'true',
      });
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/v1/certifications',
    {
      config: { access: [...READERS], auditRead: { action: 'certification.book.read', entity: 'certified_copy' } },
      schema: {
        tags: ['certification'],
        summary: 'Sổ chứng thực bản sao điện tử của cơ quan (năm hiện tại hoặc năm chọn), mới nhất trước',
        querystring: Type.Object({
          year: Type.Optional(Type.Integer({ minimum: 2015, maximum: 2100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: CertifiedCopyPage },
      },
    },
    async (req) => svc.list(contextOf(req), { year: req.query.year, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/certifications/:id/file',
    {
      config: { access: [...READERS], auditRead: { action: 'certification.copy.read', entity: 'certified_copy' } },
      schema: {
        tags: ['certification'],
        summary: 'Tải bản sao điện tử đã chứng thực (PDF đã ký số)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: fileResponse(MIME.pdf, 'Bản sao điện tử có chữ ký số của cơ quan') },
      },
    },
    async (req, reply) => {
      const { copy, data } = await svc.file(contextOf(req), req.params.id);
      return reply
        .type('application/pdf')
        .header('x-content-sha256', copy.copySha256)
        .header('content-disposition', `inline; filename="ban-sao-chung-thuc-${copy.year}-${copy.registerNo}.pdf"`)
        .send(data);
    },
  );

  app.get(
    '/api/v1/public/certified-copies/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['certification'],
        summary:
          'Kiểm tra bản sao điện tử được chứng thực (mã QR trên bản sao): số chứng thực, cơ quan, thời điểm, mã băm và chữ ký số — không có thông tin cá nhân',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: PublicCheck },
      },
    },
    async (req) => svc.verify(req.params.id),
  );
}
