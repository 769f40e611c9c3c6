/**
 * Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Thông tư 01/2018 and Thông tư 03/2025, same
 * title). Fields follow the 2025 version as printed by Bộ Y tế (legal-research.md §2.7): dossier
 * code, receiving unit, applicant and identification number, address, contacts, authorised
 * person, requested matter, components with originals/copies, number of sets, legal time limit,
 * receipt and return times to the minute, place to collect, tracking-book entry, signatures of the
 * applicant and the officer. The QR code encodes the public lookup URL (the one-stop
 * decree's receipt article, legal-basis.ts `receive_direct`: the code is used to look the dossier
 * up; barcodes/QR may be added, Thông tư 01/2018 Điều 19).
 */
import { qrcode } from '../../../platform/doclibs.js';
import { contentLeft, contentWidth, ensureSpace, field, nfc, para, signatures, table, vnDateTime, BODY_SIZE } from '../../../platform/pdf-layout.js';
import { applicantLines, closeForm, openForm } from './form-page.js';
import type { ReceiptInput } from './types.js';

const two = (n: number) => String(n).padStart(2, '0');

export async function receiptPdf(input: ReceiptInput): Promise<Buffer> {
  const { doc, info } = openForm('receipt', input, [`Mã hồ sơ: ${input.dossierCode}`]);
  para(doc, `${input.issuer.agencyName} đã tiếp nhận hồ sơ của:`);
  for (const [label, value] of applicantLines(input.applicant)) field(doc, label, value);
  if (input.authorisedPerson) {
    field(doc, 'Người được ủy quyền', input.authorisedPerson.name);
    if (input.authorisedPerson.idNumber) field(doc, 'Số định danh cá nhân người được ủy quyền', input.authorisedPerson.idNumber);
  }
  field(doc, 'Nội dung yêu cầu giải quyết', input.procedureName);

  para(doc, '1. Thành phần hồ sơ và số lượng mỗi loại giấy tờ:', { style: 'bold', gap: 4 });
  table(
    doc,
    [
      { header: 'STT', share: 0.07, align: 'center' },
      { header: 'Tên giấy tờ', share: 0.61 },
      { header: 'Bản chính', share: 0.16, align: 'center' },
      { header: 'Bản sao', share: 0.16, align: 'center' },
    ],
    input.components.map((c, i) => [
      String(i + 1),
      c.electronic ? `${c.name} (bản điện tử)` : c.name,
      c.originals ? two(c.originals) : '',
      c.copies ? two(c.copies) : '',
    ]),
  );
  para(doc, `2. Số lượng hồ sơ: ${two(input.sets ?? 1)} bộ.`);
  para(doc, `3. Thời gian giải quyết hồ sơ theo quy định là: ${input.processingTime}.`);
  para(doc, `4. Thời gian nhận hồ sơ: ${vnDateTime(input.receivedAt)}.`);
  field(doc, '5. Thời gian trả kết quả giải quyết hồ sơ', `${vnDateTime(input.appointmentAt, true)}.`);
  para(doc, `6. Đăng ký nhận kết quả tại: ${input.returnPlace}.`);
  if (input.trackingBook) {
    para(doc, `Vào Sổ theo dõi hồ sơ, Quyển số: ${input.trackingBook.volume}, Số thứ tự: ${input.trackingBook.entry}.`);
  }

  // Look-up block: text on the left, QR codes on the right (look-up; and the rating link, QĐ 766
  // indicator 5.4: the applicant rates without an account, once per dossier).
  ensureSpace(doc, 96);
  const qrSize = input.ratingUrl ? 56 : 80;
  const qrs = input.ratingUrl ? 2 : 1;
  const top = doc.y + 4;
  const textW = contentWidth(doc) - qrs * qrSize - (qrs - 1) * 8 - 14;
  const qrLeft = (i: number) => contentLeft(doc) + contentWidth(doc) - (qrs - i) * qrSize - (qrs - 1 - i) * 8;
  const qr = await qrcode().toBuffer(input.lookupUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 344 });
  doc.image(qr, qrLeft(0), top, { width: qrSize, height: qrSize });
  let captionsBottom = top + qrSize;
  if (input.ratingUrl) {
    const rq = await qrcode().toBuffer(input.ratingUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 344 });
    doc.image(rq, qrLeft(1), top, { width: qrSize, height: qrSize });
    doc.font('italic').fontSize(BODY_SIZE - 3);
    doc.text('Tra cứu', qrLeft(0), top + qrSize + 1, { width: qrSize, align: 'center' });
    doc.text('Đánh giá', qrLeft(1), top + qrSize + 1, { width: qrSize, align: 'center' });
    captionsBottom = doc.y;
  }
  doc.font('italic').fontSize(input.ratingUrl ? BODY_SIZE - 2 : BODY_SIZE - 1);
  const lookupText = input.lookupKey
    ? `Tra cứu tình trạng giải quyết hồ sơ: quét mã QR "Tra cứu", hoặc truy cập ${input.lookupUrl.split('?')[0]} và nhập mã hồ sơ ` +
      `${input.dossierCode} cùng mã tra cứu ${input.lookupKey} (giữ kín mã tra cứu: có nó mới xem được chi tiết hồ sơ), ` +
      `hoặc Cổng Dịch vụ công quốc gia (dichvucong.gov.vn).`
    : `Tra cứu tình trạng giải quyết hồ sơ: quét mã QR, hoặc truy cập ${input.lookupUrl}, ` +
      `hoặc Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) và nhập mã hồ sơ ${input.dossierCode}.`;
  const ratingText = input.ratingUrl ? ' Mã QR "Đánh giá": đánh giá mức độ hài lòng, không cần tài khoản.' : '';
  doc.text(nfc(lookupText + ratingText), contentLeft(doc), top + 2, { width: textW, align: 'left', lineGap: 1 });
  doc.y = Math.max(doc.y, captionsBottom) + 4;

  signatures(
    doc,
    { title: 'NGƯỜI NỘP HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: input.authorisedPerson?.name ?? input.applicant.name },
    { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: input.officer.name },
  );
  return closeForm(doc, input, info);
}
