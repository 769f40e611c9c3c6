import type { App } from '../../platform/http/server.js';
import type { AbuseGuards } from '../../platform/http/rate-limit.js';
import { badRequest } from '../../platform/errors.js';
import { sniffMime, UPLOAD_LIMIT_BYTES } from '../../platform/files.js';
import type { SignaturesService } from './signatures.service.js';
import { VerifyResult } from './signatures.schemas.js';

export function registerSignatureRoutes(app: App, svc: SignaturesService, abuse: AbuseGuards): void {
  app.post(
    '/api/v1/signatures/verify',
    {
      config: { access: 'public', limit: 'public_write' },
      schema: {
        tags: ['signatures'],
        summary: 'Kiểm tra chữ ký số của một tệp PDF (multipart, trường "file"): từng chữ ký — toàn vẹn, người ký, thời điểm ký, chứng thư số, kết luận',
        response: { 200: VerifyResult },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw badRequest('multipart_required', 'Cần gửi tệp dạng multipart/form-data, trường "file".');
      const part = await req.file({ limits: { fileSize: UPLOAD_LIMIT_BYTES } });
      if (!part || part.fieldname !== 'file') throw badRequest('file_required', 'Thiếu tệp trong trường "file".');
      const buf = await part.toBuffer().catch(() => {
        throw badRequest('file_too_large', `Tệp vượt quá ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
      });
      if (part.file.truncated) throw badRequest('file_too_large', `Tệp vượt quá ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
      if (buf.length === 0) throw badRequest('file_empty', 'Tệp rỗng.');
      if (sniffMime(buf) !== 'application/pdf') throw badRequest('file_type', 'Chỉ kiểm tra chữ ký số của tệp PDF.');
      // Without an account the bytes count against the daily anonymous upload budget (nothing is stored).
      if (!req.actor) abuse.chargeUpload(req.ip, buf.length);
      return svc.verify(buf);
    },
  );
}
