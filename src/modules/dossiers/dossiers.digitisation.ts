import { vnIso } from '../../platform/vn-time.js';
/**
 * Digitisation at the counter and in processing (issue 19 §3). A paper component counts as
 * digitised only when its scan is stored as a file of that component and an officer confirmed that
 * the scan matches the original; the confirmation (who, when) is kept on the file row, written to
 * the audit log and announced to the QĐ 766 read model (4.2) in the same transaction.
 *
 * Quick scanning: several photos (JPEG/PNG, e.g. a tablet's camera, one per page) become ONE PDF per
 * component (pdfkit: A4 pages, each image fitted, orientation from the image); a PDF from a scanner
 * is kept as it is.
 */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import type { Database } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { AppError, badRequest, unprocessable } from '../../platform/errors.js';
import { sniffMime, UPLOAD_LIMIT_BYTES, type FileStore } from '../../platform/files.js';
import { createPdf, pdfBytes } from '../../platform/pdf.js';
import { nfc } from '../../platform/text.js';
import { checkConfirmation, MAX_SCAN_PAGES, planScan } from './digitisation.rules.js';
import type { DossierService } from './dossiers.service.js';
import type { dossierSigning } from './dossiers.signing.js';
import * as repo from './dossiers.repo.js';

/** All pages of one scan together (the photos of a tablet's camera are 2–5 MB each). */
export const SCAN_TOTAL_LIMIT_BYTES = 60 * 1024 * 1024;
const CLOSED = [3, 7, 8, 10];
const STAFF = ['one_stop_officer', 'specialist', 'unit_leader'] as const;

/** JPEG/PNG pages → one PDF: an A4 page per image, portrait or landscape as the image, fitted with a 14 pt margin. */
export async function imagesToPdf(images: Buffer[], title: string): Promise<Buffer> {
  const doc = createPdf({ info: { title, producer: 'MotCua (pdfkit)' }, autoFirstPage: false });
  const [w, h] = [595.28, 841.89];
  for (const img of images) {
    // openImage parses the header with pdfkit's own JPEG/PNG readers (a corrupt image throws here).
    const o = (doc as unknown as { openImage(b: Buffer): { width: number; height: number } }).openImage(img);
    const landscape = o.width > o.height;
    const [pw, ph] = landscape ? [h, w] : [w, h];
    doc.addPage({ size: [pw, ph], margin: 0 });
    doc.image(img, 14, 14, { fit: [pw - 28, ph - 28], align: 'center', valign: 'center' });
  }
  return pdfBytes(doc);
}

export interface ScanResult {
  fileId: string;
  componentIndex: number;
  fileName: string;
  mimeType: string;
  pages: number | null;
  sizeBytes: number;
  sha256: string;
  digitised: boolean;
  confirmedAt: string | null;
}

/** `clock`: when the confirmation happened (the demo seed's story clock); without it, the database's now(). */
export function createDigitisation(d: {
  service: DossierService;
  database: Database;
  files: FileStore;
  signing?: ReturnType<typeof dossierSigning>;
  clock?: { now(): Date };
}) {
  const { service, database, files } = d;

  async function loadOpen(ctx: RequestContext, dossierId: string, index: number) {
    const dossier = await service.load(ctx.actor!, dossierId);
    if (CLOSED.includes(dossier.status)) throw unprocessable('dossier_closed', 'Hồ sơ đã kết thúc, không thể số hóa thêm thành phần.');
    const comp = dossier.components.find((c) => c.index === index);
    if (!comp) throw unprocessable('component_not_in_dossier', `Hồ sơ không có thành phần số ${index}.`);
    return { dossier, comp };
  }

  /** Confirms inside `tx`: file row, component entry, audit, QĐ 766 feed. */
  async function confirmIn(
    tx: Parameters<Parameters<Database['transaction']>[0]>[0],
    ctx: RequestContext,
    dossier: { id: string; code: string },
    index: number,
    file: repo.FileRow,
  ) {
    const c = await repo.confirmComponentScan(tx, { dossierId: dossier.id, index, fileId: file.id, by: ctx.actor!.id, at: d.clock?.now() ?? null });
    if (!c) throw new AppError(409, 'scan_already_confirmed', 'Bản quét này đã được xác nhận.');
    await recordAudit(tx, ctx, {
      action: 'dossier.component.digitised',
      entity: 'dossier',
      entityId: dossier.id,
      summary: { code: dossier.code, componentIndex: index, fileId: file.id, sha256: file.sha256, matchesOriginal: true },
    });
    await enqueue(tx, {
      topic: 'quality.dossier_changed',
      aggregateKey: `quality:${dossier.id}`,
      payload: { dossierId: dossier.id, code: dossier.code, action: 'component_digitised', componentIndex: index },
    });
    return c.confirmedAt;
  }

  return {
    /** Stores the scan of a component (one PDF) and, when the officer says so, confirms it at once. */
    async scan(ctx: RequestContext, dossierId: string, index: number, pages: { name: string; data: Buffer }[], matchesOriginal: boolean): Promise<ScanResult> {
      const { dossier, comp } = await loadOpen(ctx, dossierId, index);
      const mimes = pages.map((p) => sniffMime(p.data));
      const plan = planScan(mimes);
      if (!plan.ok) throw (plan.code === 'file_required' ? badRequest : unprocessable)(plan.code, plan.detail);
      let pdf: Buffer;
      if (plan.kind === 'pdf') pdf = pages[0].data;
      else {
        try {
          pdf = await imagesToPdf(
            pages.map((p) => p.data),
            `${dossier.code} — ${comp.name}`,
          );
        } catch (err) {
          throw unprocessable('scan_unreadable', `Không đọc được ảnh quét (${(err as Error).message}).`);
        }
      }
      const fileName = plan.kind === 'pdf' ? nfc(pages[0].name).slice(0, 255) : `${dossier.code}-thanh-phan-${index + 1}.pdf`;
      const stored = await files.put(pdf);
      return database.transaction(async (tx) => {
        const f = await repo.insertFile(tx, {
          dossierId: dossier.id,
          componentIndex: index,
          kind: 'component',
          fileName,
          mimeType: 'application/pdf',
          sizeBytes: stored.size,
          sha256: stored.sha256,
          storageKey: stored.key,
          digitised: false,
          reusedFrom: null,
          signature: null,
          uploadedBy: ctx.actor!.id,
        });
        const check = d.signing ? await d.signing.checkUpload(tx, { sha256: f.sha256, mimeType: f.mimeType, data: pdf }) : null;
        await recordAudit(tx, ctx, {
          action: 'dossier.component.scanned',
          entity: 'dossier',
          entityId: dossier.id,
          summary: {
            code: dossier.code,
            componentIndex: index,
            fileId: f.id,
            sha256: f.sha256,
            size: f.sizeBytes,
            pages: plan.kind === 'images' ? plan.pages : null,
            ...(check ? { verdict: check.verdict } : {}),
          },
        });
        await enqueue(tx, {
          topic: 'dossier.file.added',
          aggregateKey: `dossier:${dossier.id}:files`,
          payload: { dossierId: dossier.id, fileId: f.id, kind: 'component' },
        });
        const confirmedAt = matchesOriginal ? await confirmIn(tx, ctx, dossier, index, f) : null;
        return scanResult(f, index, plan.kind === 'images' ? plan.pages : null, confirmedAt);
      });
    },

    /** The officer confirms that a stored scan of the component matches the original. */
    async confirm(ctx: RequestContext, dossierId: string, index: number, fileId: string): Promise<ScanResult> {
      const { dossier } = await loadOpen(ctx, dossierId, index);
      const file = await repo.getFile(database.db, dossier.id, fileId);
      const ok = checkConfirmation(
        file,
        index,
        dossier.components.map((c) => c.index),
      );
      if (!ok.ok) throw unprocessable(ok.code, ok.detail);
      const confirmedAt = await database.transaction((tx) => confirmIn(tx, ctx, dossier, index, file!));
      return scanResult(file!, index, null, confirmedAt);
    },
  };
}

/** What the scan and confirm routes answer for a stored scan (`confirmedAt` null: not confirmed yet). */
function scanResult(f: repo.FileRow, index: number, pages: number | null, confirmedAt: Date | null): ScanResult {
  return {
    fileId: f.id,
    componentIndex: index,
    fileName: f.fileName,
    mimeType: f.mimeType,
    pages,
    sizeBytes: f.sizeBytes,
    sha256: f.sha256,
    digitised: confirmedAt !== null,
    confirmedAt: confirmedAt ? vnIso(confirmedAt) : null,
  };
}

const ScanResultSchema = Type.Object({
  fileId: Type.String({ format: 'uuid' }),
  componentIndex: Type.Integer(),
  fileName: Type.String(),
  mimeType: Type.String(),
  pages: Type.Union([Type.Integer(), Type.Null()], { description: 'number of photos joined into the PDF; null for a PDF kept as uploaded' }),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  digitised: Type.Boolean({ description: 'true once an officer confirmed the scan matches the original' }),
  confirmedAt: Type.Union([Type.String(), Type.Null()]),
});

const Params = Type.Object({ id: Type.String({ format: 'uuid' }), index: Type.Integer({ minimum: 0, maximum: 100 }) });

export function registerDigitisationRoutes(app: App, dg: ReturnType<typeof createDigitisation>): void {
  app.post(
    '/api/v1/dossiers/:id/components/:index/scan',
    {
      config: {
        access: [...STAFF],
        problems: {
          422: ['dossier_closed', 'component_not_in_dossier', 'file_type', 'scan_mixed', 'scan_too_many_pages', 'scan_unreadable'],
          409: ['scan_already_confirmed'],
        },
      },
      schema: {
        tags: ['dossiers'],
        summary:
          'Quét thành phần hồ sơ (multipart, một hay nhiều trường "file": nhiều ảnh JPEG/PNG ghép thành một PDF, hoặc một PDF); matchesOriginal=true: cán bộ xác nhận bản quét khớp bản chính',
        params: Params,
        querystring: Type.Object({ matchesOriginal: Type.Optional(Type.Boolean()) }),
        response: { 201: ScanResultSchema },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw badRequest('multipart_required', 'Cần gửi tệp dạng multipart/form-data, trường "file".');
      const pages: { name: string; data: Buffer }[] = [];
      let total = 0;
      try {
        for await (const part of req.parts({ limits: { files: MAX_SCAN_PAGES + 1, fileSize: UPLOAD_LIMIT_BYTES } })) {
          if (part.type !== 'file') continue;
          if (part.fieldname !== 'file') throw badRequest('validation_failed', `Trường tệp "${part.fieldname}" không được phép; dùng "file".`);
          const data = await part.toBuffer();
          if (part.file.truncated) throw badRequest('file_too_large', `Mỗi trang quét tối đa ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
          total += data.length;
          if (total > SCAN_TOTAL_LIMIT_BYTES) throw badRequest('file_too_large', `Bản quét vượt quá ${SCAN_TOTAL_LIMIT_BYTES / 1024 / 1024} MB.`);
          if (data.length === 0) throw badRequest('file_empty', 'Tệp rỗng.');
          pages.push({ name: part.filename || 'ban-quet', data });
        }
      } catch (err) {
        if (err instanceof AppError) throw err;
        const code = (err as { code?: string }).code;
        if (code === 'FST_FILES_LIMIT') throw unprocessable('scan_too_many_pages', `Một thành phần hồ sơ tối đa ${MAX_SCAN_PAGES} trang ảnh.`);
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest('file_too_large', `Mỗi trang quét tối đa ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
        throw err;
      }
      const r = await dg.scan(contextOf(req), req.params.id, req.params.index, pages, req.query.matchesOriginal === true);
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/api/v1/dossiers/:id/components/:index/digitisation',
    {
      config: {
        access: [...STAFF],
        problems: {
          422: ['dossier_closed', 'component_not_in_dossier', 'scan_required', 'scan_wrong_component', 'scan_reused'],
          409: ['scan_already_confirmed'],
        },
      },
      schema: {
        tags: ['dossiers'],
        summary: 'Xác nhận bản quét đã lưu của thành phần hồ sơ khớp với bản chính: thành phần được tính là đã số hóa (chỉ số 4.2, QĐ 766)',
        params: Params,
        body: Type.Object(
          { fileId: Type.String({ format: 'uuid' }), matchesOriginal: Type.Literal(true, { description: 'the officer compared the scan with the original' }) },
          { additionalProperties: false },
        ),
        response: { 200: ScanResultSchema },
      },
    },
    async (req) => dg.confirm(contextOf(req), req.params.id, req.params.index, req.body.fileId),
  );
}
