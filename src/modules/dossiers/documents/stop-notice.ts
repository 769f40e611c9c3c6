/**
 * Mẫu 05 of Thông tư 03/2025 — Thông báo dừng giải quyết hồ sơ: issued when the applicant asks to
 * stop (withdraw) before a decision (Nghị định 118/2025 Điều 21; Thông tư 03/2025 Điều 7). The
 * form's exact wording was not read; the content follows the rule (who asked, when, which dossier,
 * the decision to stop).
 */
import { contentLeft, contentWidth, nfc, para, recipientsBlock, vnDate, vnDateTime, BODY_SIZE } from '../../../platform/pdf-layout.js';
import { closeForm, openForm, procedurePhrase } from './form-page.js';
import type { StopNoticeInput } from './types.js';

export async function stopNoticePdf(input: StopNoticeInput): Promise<Buffer> {
  const { doc, info } = openForm('stop_notice', { ...input, formSet: 'tt03_2025' });
  const agency = input.issuer.agencyName;
  doc.font('bold').fontSize(BODY_SIZE);
  doc.text(nfc(`Kính gửi: Ông/Bà ${input.applicant.name}`), contentLeft(doc), doc.y, { width: contentWidth(doc), align: 'center' });
  doc.moveDown(0.6);
  para(
    doc,
    `Ngày ${vnDate(input.receivedAt)}, ${agency} tiếp nhận hồ sơ đề nghị giải quyết ${procedurePhrase(input.procedureName)} ` +
      `của ông/bà ${input.applicant.name}.`,
    { indent: 28, align: 'justify' },
  );
  para(doc, `Mã hồ sơ: ${input.dossierCode}.`, { indent: 28 });
  para(doc, `Vào lúc ${vnDateTime(input.requestedAt)}, ông/bà có yêu cầu dừng giải quyết hồ sơ. Lý do: ${input.reason}`, { indent: 28 });
  para(doc, `${agency} thông báo dừng giải quyết hồ sơ nêu trên theo yêu cầu của ông/bà./.`, { indent: 28 });
  const y = doc.y + 10;
  const half = contentWidth(doc) / 2;
  const x = contentLeft(doc) + half;
  doc.font('bold').fontSize(BODY_SIZE).text(nfc(input.signer.title.toUpperCase()), x, y, { width: half, align: 'center' });
  doc.font('italic').fontSize(10.5).text(nfc('(Ký, ghi rõ họ tên và đóng dấu)'), x, doc.y, { width: half, align: 'center' });
  doc
    .font('bold')
    .fontSize(BODY_SIZE)
    .text(nfc(input.signer.name), x, doc.y + 62, { width: half, align: 'center' });
  const signEnd = doc.y;
  const listEnd = recipientsBlock(doc, ['Như trên;', 'Lưu: VT.'], y);
  doc.x = contentLeft(doc);
  doc.y = Math.max(signEnd, listEnd) + 10;
  return closeForm(doc, input, info);
}
