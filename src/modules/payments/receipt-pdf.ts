import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pdfDocument } from '../../platform/doclibs.js';
import { vndInWords } from './payments.rules.js';

const require = createRequire(import.meta.url);
const DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

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
}

const vnd = (n: number) => n.toLocaleString('vi-VN');

/** Biên lai thu phí, lệ phí (electronic) — one A5-landscape-like page on A4. */
export function receiptPdf(r: ReceiptData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new (pdfDocument())({ size: 'A4', margin: 50, info: { Title: `Biên lai ${r.series}-${r.number}`, Creator: 'MotCua' } });
    const out: Buffer[] = [];
    doc.on('data', (c: Buffer) => out.push(c));
    doc.on('end', () => resolve(Buffer.concat(out)));
    doc.on('error', reject);
    doc.registerFont('r', join(DIR, 'DejaVuSerif.ttf'));
    doc.registerFont('b', join(DIR, 'DejaVuSerif-Bold.ttf'));
    doc.registerFont('i', join(DIR, 'DejaVuSerif-Italic.ttf'));
    const t = (s: string) => s.normalize('NFC');
    if (r.sandbox) doc.font('b').fontSize(9).fillColor('#b00020').text('BIÊN LAI THỬ NGHIỆM (SANDBOX) — KHÔNG CÓ GIÁ TRỊ THANH TOÁN', { align: 'center' }).fillColor('#000').moveDown(0.5);
    doc.font('r').fontSize(10).text(t((r.parentAgency ?? '').toUpperCase()));
    doc.font('b').text(t(r.agencyName.toUpperCase()));
    doc.moveDown();
    doc.font('b').fontSize(15).text('BIÊN LAI THU PHÍ, LỆ PHÍ', { align: 'center' });
    doc.font('i').fontSize(10).text('(Biên lai điện tử)', { align: 'center' });
    doc.font('r').text(t(`Ký hiệu: ${r.series}    Số: ${r.number}`), { align: 'center' });
    doc.moveDown();
    doc.fontSize(11);
    const line = (k: string, v: string) => doc.font('r').text(t(`${k}: `), { continued: true }).font('b').text(t(v));
    line('Tên người nộp', r.payerName);
    if (r.payerId) line('Số định danh / mã số thuế', r.payerId);
    line('Mã hồ sơ', r.dossierCode);
    line('Thủ tục', r.procedureName);
    doc.moveDown(0.5);
    for (const i of r.items) {
      doc.font('r').text(t(`• ${i.name}: ${vnd(i.amount)} đồng${i.reductionPercent ? ` − giảm ${i.reductionPercent}% khi nộp trực tuyến = ${vnd(i.due)} đồng` : ''}`));
    }
    doc.moveDown(0.5);
    line('Tổng số tiền', `${vnd(r.total)} đồng`);
    doc.font('i').text(t(`(Bằng chữ: ${vndInWords(r.total)})`));
    line('Hình thức thanh toán', r.method);
    line('Mã giao dịch', r.txnId);
    line('Thời điểm thu', r.issuedAt);
    doc.moveDown();
    doc.font('i').fontSize(9).text('Biên lai được lập bằng phương tiện điện tử; tra cứu và kiểm tra mã băm tại Cổng dịch vụ công của tỉnh.');
    doc.end();
  });
}
