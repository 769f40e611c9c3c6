import { qrcode } from '../../platform/doclibs.js';
import { contentLeft, contentWidth, createPdf, pdfBytes } from '../../platform/pdf.js';
import { vndInWords } from './payments.rules.js';

export interface ReceiptData {
  agencyName: string;
  parentAgency: string | null;
  series: string;
  number: string;
  sandbox: boolean;
  issuedAt: string; // dd/mm/yyyy HH:mm (Vietnam)
  payerName: string;
  payerId: string | null;
  dossierCode: string;
  procedureName: string;
  items: { name: string; amount: number; reductionPercent: number; due: number }[];
  total: number;
  method: string;
  txnId: string;
  /** The collecting agency's tax code (its parent's when it has none); null = not yet entered. */
  sellerTaxCode: string | null;
  /** The code a reader checks the receipt with (payments.rules.ts receiptVerificationCode). */
  verificationCode: string;
  /** The public verification address the QR holds. */
  verifyUrl: string;
}

const vnd = (n: number) => n.toLocaleString('vi-VN');

/**
 * Biên lai thu phí, lệ phí (electronic) — one page on A4, in Liberation Serif (Times New Roman
 * metrics): the collecting unit with its tax code, series and number, payer, items, total in
 * figures and words, and the verification code with its QR (the public check).
 */
export async function receiptPdf(r: ReceiptData): Promise<Buffer> {
  const qr = await qrcode().toBuffer(r.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 300 });
  const doc = createPdf({
    info: { title: `Biên lai ${r.series}-${r.number}` },
    margins: 50,
    fonts: { family: 'serif', names: { regular: 'r', bold: 'b', italic: 'i' } },
  });
  const t = (s: string) => s.normalize('NFC');
  if (r.sandbox)
    doc
      .font('b')
      .fontSize(9)
      .fillColor('#b00020')
      .text('BIÊN LAI THỬ NGHIỆM (SANDBOX) — KHÔNG CÓ GIÁ TRỊ THANH TOÁN', { align: 'center' })
      .fillColor('#000')
      .moveDown(0.5);
  doc
    .font('r')
    .fontSize(11)
    .text(t((r.parentAgency ?? '').toUpperCase()));
  doc.font('b').text(t(r.agencyName.toUpperCase()));
  doc.font('r').text(t(`Mã số thuế: ${r.sellerTaxCode ?? 'chưa khai báo'}`));
  doc.moveDown();
  doc.font('b').fontSize(15).text('BIÊN LAI THU PHÍ, LỆ PHÍ', { align: 'center' });
  doc.font('i').fontSize(10).text('(Biên lai điện tử)', { align: 'center' });
  doc.font('r').text(t(`Ký hiệu: ${r.series}    Số: ${r.number}`), { align: 'center' });
  doc.moveDown();
  doc.fontSize(12);
  const line = (k: string, v: string) =>
    doc
      .font('r')
      .text(t(`${k}: `), { continued: true })
      .font('b')
      .text(t(v));
  line('Tên người nộp', r.payerName);
  if (r.payerId) line('Số định danh / mã số thuế', r.payerId);
  line('Mã hồ sơ', r.dossierCode);
  line('Thủ tục', r.procedureName);
  doc.moveDown(0.5);
  for (const i of r.items) {
    doc
      .font('r')
      .text(t(`• ${i.name}: ${vnd(i.amount)} đồng${i.reductionPercent ? ` − giảm ${i.reductionPercent}% khi nộp trực tuyến = ${vnd(i.due)} đồng` : ''}`));
  }
  doc.moveDown(0.5);
  line('Tổng số tiền', `${vnd(r.total)} đồng`);
  doc.font('i').text(t(`(Bằng chữ: ${vndInWords(r.total)})`));
  line('Hình thức thanh toán', r.method);
  line('Mã giao dịch', r.txnId);
  line('Thời điểm thu', r.issuedAt);
  doc.moveDown();
  const size = 96;
  const y = doc.y;
  const left = contentLeft(doc);
  const width = contentWidth(doc);
  doc.image(qr, left + width - size, y, { width: size, height: size });
  doc
    .font('r')
    .fontSize(11)
    .text(t('Mã kiểm tra biên lai: '), left, y, { width: width - size - 12, continued: true })
    .font('b')
    .text(r.verificationCode);
  doc
    .font('i')
    .fontSize(10)
    .text(
      t(
        `Biên lai được lập bằng phương tiện điện tử. Kiểm tra tính xác thực: quét mã QR bên cạnh, hoặc nhập ký hiệu ${r.series}, số ${r.number} và mã kiểm tra tại ${r.verifyUrl.split('?')[0]}.`,
      ),
      left,
      doc.y + 4,
      { width: width - size - 12 },
    );
  return pdfBytes(doc);
}
