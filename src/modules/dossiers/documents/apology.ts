/**
 * Mẫu 04 — the written apology of the agency at fault with the new appointment (the decree in
 * force for the dossier, legal-basis.ts `apology`: sent at the latest one day before the appointment, stating the reason
 * and the new date; the appointment may be moved only once). Title by form set: "Phiếu xin lỗi
 * và hẹn lại ngày trả kết quả" (Thông tư 01/2018) or "Văn bản xin lỗi và đề nghị gia hạn thời
 * gian giải quyết" (Thông tư 03/2025). Signed by the head of the agency.
 */
import { contentLeft, contentWidth, nfc, para, recipientsBlock, vnDate, vnDateTime, BODY_SIZE } from '../../../platform/pdf-layout.js';
import { closeForm, openForm, procedurePhrase } from './form-page.js';
import type { ApologyInput } from './types.js';

export async function apologyPdf(input: ApologyInput): Promise<Buffer> {
  const { doc, info } = openForm('apology', input);
  const agency = input.issuer.agencyName;
  const who = input.applicant.name;
  doc.font('bold').fontSize(BODY_SIZE);
  doc.text(nfc(`Kính gửi: Ông/Bà ${who}`), contentLeft(doc), doc.y, { width: contentWidth(doc), align: 'center' });
  if (input.applicant.address) {
    doc.font('regular').text(nfc(`(Địa chỉ: ${input.applicant.address})`), { width: contentWidth(doc), align: 'center' });
  }
  doc.moveDown(0.6);
  const id = input.applicant.idNumber ? `, số định danh cá nhân/tổ chức ${input.applicant.idNumber}` : '';
  para(
    doc,
    `Ngày ${vnDate(input.receivedAt)}, ${agency} tiếp nhận hồ sơ đề nghị giải quyết ${procedurePhrase(input.procedureName)} ` + `của ông/bà ${who}${id}.`,
    { indent: 28, align: 'justify' },
  );
  para(doc, `Mã hồ sơ: ${input.dossierCode}.`, { indent: 28 });
  para(doc, `Thời hạn trả kết quả giải quyết hồ sơ theo giấy hẹn: ${vnDateTime(input.originalAppointment)}.`, { indent: 28 });
  para(doc, `Tuy nhiên, ${agency} không thể trả kết quả giải quyết hồ sơ cho ông/bà đúng thời hạn nêu trên. Lý do: ${input.reason}`, {
    indent: 28,
    align: 'justify',
  });
  para(
    doc,
    `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của ông/bà. ${agency} thành thật xin lỗi ông/bà ` +
      'và đề nghị gia hạn thời gian giải quyết, hẹn lại thời gian trả kết quả vào:',
    { indent: 28, align: 'justify' },
  );
  para(doc, vnDateTime(input.newAppointment, true), { style: 'bold', align: 'center' });
  para(doc, `Xin trân trọng cảm ơn sự hợp tác của ông/bà./.`, { indent: 28 });

  // Nơi nhận (left) and the head's signature (right), side by side as in Nghị định 30/2020.
  const y = doc.y + 10;
  const half = contentWidth(doc) / 2;
  const x = contentLeft(doc) + half;
  doc.font('bold').fontSize(BODY_SIZE).text(nfc(input.signer.title.toUpperCase()), x, y, { width: half, align: 'center' });
  doc.font('italic').fontSize(10.5).text(nfc('(Ký, ghi rõ họ tên và đóng dấu)'), x, doc.y, { width: half, align: 'center' });
  const nameY = doc.y + 62;
  doc.font('bold').fontSize(BODY_SIZE).text(nfc(input.signer.name), x, nameY, { width: half, align: 'center' });
  const signEnd = doc.y;
  const listEnd = recipientsBlock(doc, ['Như trên;', `${input.oneStopName};`, 'Lưu: VT.'], y);
  doc.x = contentLeft(doc);
  doc.y = Math.max(signEnd, listEnd) + 10;
  return closeForm(doc, input, info);
}
