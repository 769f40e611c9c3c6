import { qrcode } from '../../platform/doclibs.js';
import { createPdf, pdfBytes } from '../../platform/pdf.js';
import { nfc } from '../../platform/text.js';

/**
 * The SIPAS poster for a one-stop counter (A4, one page): the agency, a large QR code to the
 * anonymous survey page with channel `qr_counter`, the same link in words, and the promise of
 * anonymity. pdfkit (platform/pdf.ts) with the DejaVu Sans faces, QR by the `qrcode` package, both
 * loaded on first use (platform/doclibs.ts). All text is NFC-normalised before drawing.
 */

/** The survey link printed on posters and shown after a dossier is returned: agency, sector and channel only. */
export function surveyUrl(base: string, agencyId: string, sector: string, channel: 'link' | 'qr_counter' | 'after_return'): string {
  const u = new URL('/khao-sat', base.endsWith('/') ? base : `${base}/`);
  u.searchParams.set('co-quan', agencyId);
  u.searchParams.set('linh-vuc', sector);
  u.searchParams.set('kenh', channel);
  return u.toString();
}

export async function sipasPosterPdf(p: {
  agencyName: string;
  parentName: string | null;
  sectorName: string;
  url: string;
  questions: number;
  questionnaireTitle: string;
  demo: boolean;
}): Promise<Buffer> {
  const qr = await qrcode().toBuffer(p.url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 900 });
  const doc = createPdf({
    info: { title: `Khảo sát sự hài lòng — ${p.agencyName}` },
    margins: 56,
    fonts: { family: 'sans', names: { regular: 'r', bold: 'b', italic: 'i' } },
  });
  const w = doc.page.width - 112;
  if (p.demo) doc.font('b').fontSize(9).fillColor('#b00020').text('DỮ LIỆU MINH HỌA (DEMO)', { align: 'center' }).fillColor('#000').moveDown(0.3);
  if (p.parentName) doc.font('r').fontSize(12).text(nfc(p.parentName.toUpperCase()), { align: 'center' });
  doc.font('b').fontSize(15).text(nfc(p.agencyName.toUpperCase()), { align: 'center' });
  doc.moveDown(1.2);
  doc.font('b').fontSize(26).fillColor('#0b4f8a').text(nfc('Ý KIẾN CỦA ANH/CHỊ'), { align: 'center' });
  doc.font('b').fontSize(22).text(nfc('GIÚP CHÚNG TÔI PHỤC VỤ TỐT HƠN'), { align: 'center' }).fillColor('#000');
  doc.moveDown(0.6);
  doc
    .font('r')
    .fontSize(13)
    .text(nfc(`Khảo sát sự hài lòng về sự phục vụ (${p.sectorName}): ${p.questions} câu hỏi, thang điểm 1–5, khoảng 1 phút.`), { align: 'center', width: w });
  const size = 270;
  const top = doc.y + 18;
  doc.image(qr, (doc.page.width - size) / 2, top, { width: size, height: size });
  doc.y = top + size + 16;
  doc.font('b').fontSize(14).text(nfc('Quét mã QR bằng điện thoại để trả lời'), { align: 'center' });
  doc
    .font('r')
    .fontSize(10)
    .fillColor('#333')
    .text(nfc(`hoặc mở: ${p.url}`), { align: 'center', width: w })
    .fillColor('#000');
  doc.moveDown(1.2);
  doc.font('b').fontSize(12).text(nfc('Phiếu khảo sát ẩn danh'), { align: 'center' });
  doc
    .font('r')
    .fontSize(11)
    .text(
      nfc(
        'Không cần đăng nhập. Hệ thống không lưu tên, số điện thoại, địa chỉ IP, mã hồ sơ hay giờ trả lời của Anh/Chị: chỉ lưu cơ quan, lĩnh vực, ngày và các câu trả lời.',
      ),
      { align: 'center', width: w },
    );
  doc.moveDown(1);
  doc
    .font('i')
    .fontSize(9)
    .fillColor('#555')
    .text(nfc(`Phiếu khảo sát: ${p.questionnaireTitle}`), { align: 'center', width: w });
  return pdfBytes(doc);
}
