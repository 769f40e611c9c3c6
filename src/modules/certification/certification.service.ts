/**
 * Certified electronic copies from originals at the counter (issue 19 §4; Nghị định 23/2015/NĐ-CP
 * as amended by Nghị định 07/2025/NĐ-CP; Thông tư 01/2020/TT-BTP):
 *  1. the officer scans the original (photos, one per page) and states that they compared the copy
 *     with the original;
 *  2. the next number of the agency's certification book is taken (certification.repo.ts);
 *  3. the copy is built: the pages, then the certifying statement (lời chứng) with the register
 *     number, date, agency and a QR code of the public verification page;
 *  4. it is signed with the agency's seal through the signatures module (PAdES) and verified;
 *  5. the fee of the table in force (certification.rules.ts), the record and the audit row are
 *     written in the same transaction, and the copy goes to the person's warehouse (citizens' public file).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import type { FileStore } from '../../platform/files.js';
import { sha256, sniffMime } from '../../platform/files.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { AppError, badRequest, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { qrcode } from '../../platform/doclibs.js';
import { nfc } from '../../platform/text.js';
import { agencyScope, getAgency, agencyPlaceName, personName } from '../org/org.public.js';
import * as L from '../../platform/pdf-layout.js';
import { storeCertifiedCopy } from '../citizens/citizens.public.js';
import type { SignaturesService } from '../signatures/signatures.public.js';
import { bookLabel, certificationFee, feeTableOn, registerLabel, vnDay, vnYear } from './certification.rules.js';
import * as repo from './certification.repo.js';

export const MAX_ORIGINAL_PAGES = 50;

export interface CertifyInput {
  pages: Buffer[];
  documentTitle: string;
  requesterName: string;
  requesterIdNumber: string;
  copies: number;
  comparedWithOriginal: boolean;
}

export const verificationUrl = (base: string, id: string): string => `${base.replace(/\/$/, '')}/chung-thuc/${id}`;

/** The copy: every page of the original fitted on an A4 page, then the certifying statement. */
async function buildCopy(
  pages: Buffer[],
  c: {
    agencyName: string;
    parentName: string | null;
    place: string;
    at: Date;
    registerNo: number;
    year: number;
    title: string;
    pagesCount: number;
    officer: string;
    url: string;
  },
): Promise<Buffer> {
  const doc = L.createDocument({
    title: `Bản sao điện tử được chứng thực từ bản chính — ${c.title}`,
    subject: registerLabel(c.registerNo, c.year),
    author: c.agencyName,
  });
  const [w, h] = [doc.page.width, doc.page.height];
  pages.forEach((img, i) => {
    if (i > 0) doc.addPage({ size: 'A4', margins: L.MARGINS });
    doc.image(img, 14, 14, { fit: [w - 28, h - 28], align: 'center', valign: 'center' });
  });
  doc.addPage({ size: 'A4', margins: L.MARGINS });
  L.drawHeader(doc, {
    parentAgency: c.parentName ? c.parentName.toUpperCase() : null,
    agency: c.agencyName.toUpperCase(),
    number: null,
    place: c.place,
    issuedAt: c.at,
  });
  L.drawTitle(doc, 'LỜI CHỨNG', ['(Chứng thực bản sao điện tử từ bản chính)']);
  L.para(doc, `Chứng thực bản sao điện tử này đúng với bản chính: ${c.title} (${c.pagesCount} trang).`, { indent: 28 });
  L.para(doc, `${registerLabel(c.registerNo, c.year)}.`, { indent: 28 });
  L.para(doc, `${L.placeAndDate(c.place, c.at)}.`, { indent: 28, style: 'italic' });
  L.para(doc, `Kiểm tra bản sao: quét mã QR hoặc truy cập ${c.url}`, { indent: 28 });
  const qr = await qrcode().toBuffer(c.url, { type: 'png', width: 200, margin: 1 });
  doc.image(qr, L.contentLeft(doc), doc.y + 6, { width: 90 });
  doc.moveDown(6);
  L.signatures(doc, null, { title: 'NGƯỜI THỰC HIỆN CHỨNG THỰC', hint: '(Ký số, đóng dấu điện tử của cơ quan)', name: c.officer });
  return L.finish(doc);
}

export function createCertificationService(d: {
  database: Database;
  files: FileStore;
  signatures: SignaturesService;
  publicBaseUrl: string;
  clock: { now(): Date };
}) {
  const { database, files, signatures } = d;
  const db = database.db;

  return {
    async certify(ctx: RequestContext, input: CertifyInput) {
      const actor = ctx.actor!;
      if (!actor.agencyId) throw forbidden('Tài khoản chưa thuộc cơ quan nào nên không thể chứng thực.');
      if (!input.comparedWithOriginal)
        throw unprocessable('comparison_required', 'Người thực hiện chứng thực phải đối chiếu bản sao với bản chính trước khi chứng thực.');
      if (input.pages.length === 0) throw badRequest('file_required', 'Cần ảnh quét của bản chính (trường "file", mỗi ảnh một trang).');
      if (input.pages.length > MAX_ORIGINAL_PAGES) throw unprocessable('scan_too_many_pages', `Bản chính tối đa ${MAX_ORIGINAL_PAGES} trang ảnh.`);
      if (
        input.pages.some((p) => {
          const m = sniffMime(p);
          return m !== 'image/jpeg' && m !== 'image/png';
        })
      )
        throw unprocessable('file_type', 'Bản quét của bản chính phải là ảnh JPEG hoặc PNG (mỗi ảnh một trang).');
      const agency = await getAgency(db, actor.agencyId);
      if (!agency) throw forbidden('Cơ quan của tài khoản không tồn tại.');
      const seal = await signatures.sealOf({ id: agency.id, name: agency.name });
      if (!seal) throw unprocessable('no_signing_certificate', 'Cơ quan chưa có chứng thư số (con dấu điện tử) nên chưa thể chứng thực bản sao điện tử.');
      const parent = agency.parentId ? await getAgency(db, agency.parentId) : null;
      const place = (await agencyPlaceName(db, agency.id)) ?? '';
      const officer = (await personName(db, actor.id))?.fullName ?? actor.fullName;
      const now = d.clock.now();
      const year = vnYear(now);
      const table = feeTableOn(vnDay(now));
      const fee = certificationFee(input.pages.length, input.copies, table);
      const id = randomUUID();
      const url = verificationUrl(d.publicBaseUrl, id);
      // The original's fingerprint: the SHA-256 of its pages' bytes in order (the images themselves are in the copy).
      const originalSha256 = sha256(Buffer.concat(input.pages));
      // The number is taken in the transaction that records the copy: signing happens while the
      // book's row is held, so numbers follow the order of certification and none is lost.
      const r = await database.transaction(async (tx) => {
        const no = await repo.nextRegisterNo(tx, agency.id, year);
        let pdf: Buffer;
        try {
          pdf = await buildCopy(input.pages, {
            agencyName: agency.name,
            parentName: parent?.name ?? null,
            place,
            at: now,
            registerNo: no,
            year,
            title: input.documentTitle,
            pagesCount: input.pages.length,
            officer,
            url,
          });
        } catch (err) {
          throw unprocessable('scan_unreadable', `Không đọc được ảnh quét (${(err as Error).message}).`);
        }
        let signed: Buffer;
        try {
          signed = await signatures.sign(pdf, seal, {
            signerName: agency.name,
            reason: `Chứng thực bản sao điện tử từ bản chính — ${registerLabel(no, year)}`,
            location: place,
          });
        } catch (err) {
          if (err instanceof AppError) throw err;
          throw new AppError(503, 'signing_unavailable', `Không ký số được bản sao (${(err as Error).message}).`);
        }
        const v = signatures.verify(signed);
        if (v.status !== 'valid') throw new AppError(503, 'signing_unavailable', `Chữ ký số của bản sao không hợp lệ: ${v.verdict}`);
        const stored = await files.put(signed);
        const copy = await repo.insertCopy(tx, {
          id,
          agencyId: agency.id,
          year,
          registerNo: no,
          book: bookLabel(year),
          documentTitle: input.documentTitle,
          pages: input.pages.length,
          copies: input.copies,
          feeVnd: fee,
          feeBasis: table.source,
          requesterName: input.requesterName,
          requesterIdNumber: input.requesterIdNumber,
          originalSha256,
          copySha256: stored.sha256,
          copyStorageKey: stored.key,
          copySize: stored.size,
          signatureVerdict: v.verdict,
          certifiedBy: actor.id,
          certifiedAt: now,
        });
        const wh = await storeCertifiedCopy(tx, {
          personalId: input.requesterIdNumber,
          title: `Bản sao chứng thực điện tử: ${input.documentTitle}`,
          issuedOn: vnDay(now),
          fileName: `ban-sao-chung-thuc-${year}-${no}.pdf`,
          sizeBytes: stored.size,
          storageKey: stored.key,
          sha256: stored.sha256,
          certification: { id, registerNo: no, book: bookLabel(year), agencyName: agency.name, certifiedAt: now.toISOString() },
        });
        if (wh) await repo.setWarehouse(tx, id, wh.ownerId, wh.itemId);
        await recordAudit(tx, ctx, {
          action: 'certification.certified',
          entity: 'certified_copy',
          entityId: id,
          summary: {
            agencyId: agency.id,
            year,
            registerNo: no,
            pages: input.pages.length,
            copies: input.copies,
            feeVnd: fee,
            sha256: stored.sha256,
            warehouse: wh !== null,
          },
        });
        await enqueue(tx, {
          topic: 'certification.copy.certified',
          aggregateKey: `certification:${agency.id}`,
          payload: { id, agencyId: agency.id, year, registerNo: no },
        });
        return { ...copy, warehouseOwnerId: wh?.ownerId ?? null, warehouseItemId: wh?.itemId ?? null };
      });
      return view(r, agency.name);
    },

    async list(ctx: RequestContext, q: { year?: number; limit: number; offset: number }) {
      const scope = await agencyScope(db, ctx.actor!);
      const r = await repo.listCopies(db, {
        agencyIds: scope === 'all' ? null : scope,
        year: q.year ?? vnYear(d.clock.now()),
        limit: q.limit,
        offset: q.offset,
      });
      const names = new Map<string, string>();
      for (const c of r.items) if (!names.has(c.agencyId)) names.set(c.agencyId, (await getAgency(db, c.agencyId))?.name ?? '');
      return { total: r.total, items: r.items.map((c) => view(c, names.get(c.agencyId) ?? '')) };
    },

    async file(ctx: RequestContext, id: string) {
      const c = await repo.getCopy(db, id);
      const scope = await agencyScope(db, ctx.actor!);
      if (!c || (scope !== 'all' && !scope.includes(c.agencyId))) throw notFound('bản sao chứng thực');
      return { copy: c, data: await files.get(c.copyStorageKey) };
    },

    /** The public check (QR on the copy): no personal data, only what the copy itself states. */
    async verify(id: string) {
      const c = await repo.getCopy(db, id);
      if (!c)
        return {
          valid: false,
          registerLabel: null,
          agencyName: null,
          certifiedAt: null,
          documentTitle: null,
          pages: null,
          sha256: null,
          signatureVerdict: null,
        };
      const a = await getAgency(db, c.agencyId);
      return {
        valid: true,
        registerLabel: registerLabel(c.registerNo, c.year),
        agencyName: a?.name ?? null,
        certifiedAt: c.certifiedAt.toISOString(),
        documentTitle: c.documentTitle,
        pages: c.pages,
        sha256: c.copySha256,
        signatureVerdict: c.signatureVerdict,
      };
    },
  };

  function view(c: repo.CopyRow, agencyName: string) {
    return {
      id: c.id,
      agencyId: c.agencyId,
      agencyName,
      year: c.year,
      registerNo: c.registerNo,
      book: c.book,
      registerLabel: registerLabel(c.registerNo, c.year),
      documentTitle: c.documentTitle,
      pages: c.pages,
      copies: c.copies,
      feeVnd: c.feeVnd,
      feeBasis: c.feeBasis,
      requesterName: c.requesterName,
      sha256: c.copySha256,
      sizeBytes: c.copySize,
      signatureVerdict: c.signatureVerdict,
      certifiedAt: c.certifiedAt.toISOString(),
      inWarehouse: c.warehouseItemId !== null,
      verificationUrl: verificationUrl(d.publicBaseUrl, c.id),
    };
  }
}

export type CertificationService = ReturnType<typeof createCertificationService>;
export const cleanText = (s: string): string => nfc(s.trim());
