/**
 * The written refusal after appraisal (status 8): the competent agency found the dossier not
 * eligible and tells the applicant in writing, stating the reasons, within the time limit; the
 * notice is entered as the dossier's result (legal-research.md §2.4; legal-basis.ts
 * `refusal_after_appraisal`). Neither circular has a form of its own for it: the research lists
 * Mẫu 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ" in both sets (forms.ts), so the notice is
 * printed on the Mẫu 03 of the set in force, with the line "(Từ chối giải quyết hồ sơ sau thẩm
 * định)", signed by the head of the agency and sealed. The form's own text was not read; the
 * content follows the rule and the fields listed for Mẫu 03 (number, applicant and ID number,
 * address, contacts, dossier code, matter, reasons, signatures).
 */
import { contentLeft, contentWidth, field, nfc, para, recipientsBlock, vnDate, BODY_SIZE } from '../../../platform/pdf-layout.js';
import { applicantLines, closeForm, openForm, procedurePhrase } from './form-page.js';
import type { AppraisalRefusalInput } from './types.js';

export async function appraisalRefusalPdf(input: AppraisalRefusalInput): Promise<Buffer> {
  const { doc, info } = openForm('refusal', input, ['(Từ chối giải quyết hồ sơ sau thẩm định)', `Mã hồ sơ: ${input.dossierCode}`]);
  const agency = input.issuer.agencyName;
  for (const [label, value] of applicantLines(input.applicant)) field(doc, label, value);
  field(doc, 'Nội dung yêu cầu giải quyết', input.procedureName);
  para(
    doc,
    `Ngày ${vnDate(input.receivedAt)}, hồ sơ đề nghị giải quyết ${procedurePhrase(input.procedureName)} của ông/bà ` +
      `${input.applicant.name} (mã hồ sơ ${input.dossierCode}) được tiếp nhận. Qua thẩm định, ${agency} thông báo ` +
      'hồ sơ không đủ điều kiện giải quyết và từ chối giải quyết hồ sơ với lý do cụ thể như sau:',
    { indent: 28, align: 'justify' },
  );
  input.reasons.forEach((r, i) => para(doc, `${input.reasons.length > 1 ? `${i + 1}. ` : '- '}${r}`, { indent: 14, align: 'left' }));
  para(doc, 'Hồ sơ được trả lại cho ông/bà. Thông báo này là kết quả giải quyết hồ sơ.', { indent: 28 });
  para(doc, 'Xin thông báo để ông/bà được biết./.', { indent: 28 });

  // Nơi nhận (left) and the head's signature (right), side by side as in Nghị định 30/2020.
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
  const listEnd = recipientsBlock(doc, ['Như trên;', `${input.oneStopName};`, 'Lưu: VT, hồ sơ.'], y);
  doc.x = contentLeft(doc);
  doc.y = Math.max(signEnd, listEnd) + 10;
  return closeForm(doc, input, info);
}
