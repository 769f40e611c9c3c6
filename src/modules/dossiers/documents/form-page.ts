import { contentLeft, contentWidth, createDocument, drawHeader, drawTitle, ensureSpace, finish, nfc } from '../../../platform/pdf-layout.js';
import { formInfo, formSetInForce, type FormInfo, type FormKind } from './forms.js';
import type { FormBase, Person } from './types.js';

/** Opens an A4 form: metadata, the Nghị định 30/2020 heading and the title of the form in force. */
export function openForm(
  kind: FormKind,
  base: FormBase,
  sublines: readonly string[] = [],
  layout: 'portrait' | 'landscape' = 'portrait',
): { doc: PDFKit.PDFDocument; info: FormInfo } {
  const info = formInfo(kind, base.formSet ?? formSetInForce(base.issuedAt));
  const doc = createDocument({ title: info.title, subject: `${info.number} — ${info.source}`, author: base.issuer.agencyName }, layout);
  drawHeader(doc, {
    parentAgency: base.issuer.parentAgency,
    agency: base.issuer.agencyName,
    number: base.number ?? null,
    place: base.issuer.place,
    issuedAt: base.issuedAt,
  });
  drawTitle(doc, info.title, sublines);
  return { doc, info };
}

/** "Ông/Bà" placeholder-free applicant lines shared by several forms. */
export function applicantLines(p: Person): Array<[string, string | null]> {
  const contact = [p.phone ? `${p.phone}` : null, p.email ? `Email: ${p.email}` : null].filter(Boolean).join('   ');
  return [
    ['Ông/Bà (tổ chức)', p.name],
    ['Số định danh cá nhân/tổ chức', p.idNumber ?? null],
    ['Địa chỉ', p.address ?? null],
    ['Số điện thoại', contact || null],
  ];
}

export const lower1 = (s: string): string => nfc(s.charAt(0).toLowerCase() + s.slice(1));

/** "thủ tục đăng ký khai sinh" for "Thủ tục đăng ký khai sinh" and for "Đăng ký khai sinh" alike (never "thủ tục thủ tục …"). */
export const procedurePhrase = (name: string): string =>
  `thủ tục ${lower1(
    nfc(name)
      .trim()
      .replace(/^thủ tục\s+/iu, ''),
  )}`;

/**
 * Ends a form: the "Căn cứ" line — the provision of the decree in force for THE dossier
 * (`FormBase.legalBasis`, from legal-basis.ts) and the form of the circular it is printed on —
 * then the page numbers and the bytes.
 */
export function closeForm(doc: PDFKit.PDFDocument, base: FormBase, info: FormInfo): Promise<Buffer> {
  if (base.legalBasis) {
    ensureSpace(doc, 36);
    doc.moveDown(0.6);
    doc.font('italic').fontSize(10.5);
    doc.text(nfc(`Căn cứ: ${base.legalBasis}; ${info.number}, ${info.source}.`), contentLeft(doc), doc.y, { width: contentWidth(doc), align: 'left' });
  }
  return finish(doc);
}
