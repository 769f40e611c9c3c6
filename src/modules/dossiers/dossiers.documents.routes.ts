import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { badRequest } from '../../platform/errors.js';
import { UPLOAD_LIMIT_BYTES } from '../../platform/files.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';
import { UploadedFile } from './dossiers.schemas.js';
import { DOC_KINDS, type DocKind, type DossierDocuments } from './dossiers.documents.service.js';

/** HTTP of a dossier's documents and files; what they do is in dossiers.documents.service.ts. */
export function registerDossierDocumentRoutes(app: App, docs: DossierDocuments): void {
  app.get(
    '/api/v1/dossiers/:id/documents/:kind',
    {
      config: {
        access: ['one_stop_officer', 'specialist', 'unit_leader', 'admin', 'provincial_office', 'citizen'],
        auditRead: { action: 'dossier.document.read', entity: 'dossier' },
      },
      schema: {
        tags: ['dossiers'],
        summary:
          'Tải giấy tờ của hồ sơ (PDF): giấy tiếp nhận và hẹn trả, phiếu yêu cầu bổ sung, phiếu từ chối, văn bản xin lỗi, thông báo dừng, phiếu kiểm soát, thông báo từ chối giải quyết sau thẩm định (kết quả của hồ sơ)',
        description:
          'Mỗi giấy tờ ghi «Căn cứ»: nghị định, điều khoản và mẫu của thông tư có hiệu lực đối với hồ sơ (theo ngày tiếp nhận). `appraisal-refusal` trả đúng tệp kết quả đã đóng dấu và lưu khi từ chối giải quyết.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), kind: Type.String({ enum: [...DOC_KINDS] }) }),
        response: { 200: fileResponse(MIME.pdf, 'Giấy tờ (PDF)') },
      },
    },
    async (req, reply) => {
      const { fileName, pdf } = await docs.issue(req.actor!, req.params.id, req.params.kind as DocKind);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  app.post(
    '/api/v1/dossiers/:id/files',
    {
      config: { access: ['one_stop_officer', 'specialist', 'unit_leader', 'citizen'], problems: { 422: ['dossier_closed', 'scan_confirmation_required'] } },
      schema: {
        tags: ['dossiers'],
        summary: 'Tải lên tệp của hồ sơ (multipart, trường "file"): thành phần hồ sơ, tệp kết quả, tệp bổ sung',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({
          kind: Type.Optional(Type.Union([Type.Literal('component'), Type.Literal('result'), Type.Literal('supplement'), Type.Literal('other')])),
          componentIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
          digitised: Type.Optional(
            Type.Boolean({
              description:
                'only false: a component becomes digitised through POST /api/v1/dossiers/{id}/components/{index}/scan or …/digitisation (issue 19 §3)',
            }),
          ),
        }),
        response: { 201: UploadedFile },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const kind = req.query.kind ?? 'component';
      const dossier = await docs.acceptUpload(ctx, req.params.id, { kind, digitised: req.query.digitised });
      if (!req.isMultipart()) throw badRequest('multipart_required', 'Cần gửi tệp dạng multipart/form-data, trường "file".');
      const part = await req.file({ limits: { fileSize: UPLOAD_LIMIT_BYTES } });
      if (!part || part.fieldname !== 'file') throw badRequest('file_required', 'Thiếu tệp trong trường "file".');
      const buf = await part.toBuffer().catch(() => {
        throw badRequest('file_too_large', `Tệp vượt quá ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
      });
      if (part.file.truncated) throw badRequest('file_too_large', `Tệp vượt quá ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
      if (buf.length === 0) throw badRequest('file_empty', 'Tệp rỗng.');
      const uploaded = await docs.storeUpload(ctx, dossier, { kind, componentIndex: req.query.componentIndex ?? null, fileName: part.filename, content: buf });
      return reply.status(201).send(uploaded);
    },
  );

  app.get(
    '/api/v1/dossiers/:id/files/:fileId',
    {
      config: {
        access: ['one_stop_officer', 'specialist', 'unit_leader', 'admin', 'provincial_office', 'citizen'],
        auditRead: { action: 'dossier.file.read', entity: 'dossier' },
      },
      schema: {
        response: { 200: fileResponse(MIME.any, 'Tệp của hồ sơ, đúng kiểu đã lưu (tiêu đề x-content-sha256)') },
        tags: ['dossiers'],
        summary: 'Tải tệp của hồ sơ',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), fileId: Type.String({ format: 'uuid' }) }),
      },
    },
    async (req, reply) => {
      const { file: f, content } = await docs.readFile(req.actor!, req.params.id, req.params.fileId);
      return reply
        .type(f.mimeType)
        .header('x-content-sha256', f.sha256)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .send(content);
    },
  );

  app.get(
    '/api/v1/public/results/:sha256',
    {
      config: { access: 'public' },
      schema: {
        tags: ['dossiers'],
        summary: 'Kiểm tra bản điện tử của kết quả: mã băm SHA-256 có khớp một kết quả đã cấp không (và chữ ký, nếu có cấu hình khóa ký)',
        params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        response: {
          200: Type.Object({
            valid: Type.Boolean(),
            sha256: Type.Union([Type.String(), Type.Null()], {
              description:
                'the result this answer is about: the latest signed copy of the file whose hash was asked (a result QR carries the hash before the first signature), else that file',
            }),
            dossierCode: Type.Union([Type.String(), Type.Null()]),
            fileName: Type.Union([Type.String(), Type.Null()]),
            signed: Type.Boolean(),
            signatureValid: Type.Union([Type.Boolean(), Type.Null()]),
            issuedAt: Type.Union([Type.String(), Type.Null()]),
            digitalSignature: Type.Union([Type.Object({ status: Type.String({ enum: ['none', 'valid', 'problem'] }), verdict: Type.String() }), Type.Null()], {
              description: 'the verdict of the PAdES signatures in the file (issue 19), as checked when MotCua stored it',
            }),
          }),
        },
      },
    },
    async (req) => docs.verifyResult(req.params.sha256),
  );
}
