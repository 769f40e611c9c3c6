/** Vietnamese texts of the citizen portal's own notifications (reminders, receipts), sent to e-mail, SMS and Zalo. */
import { dayVnText } from '../../platform/vn-time.js';

export type CitizenNotification =
  | { kind: 'expiry'; title: string; validUntil: string; draftId: string | null; renewalProcedure: string | null }
  | { kind: 'payment_receipt'; dossierCode: string; receiptNo: string; amount: number; paymentId: string };

const dmy = dayVnText;
const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đồng`;

export function notificationFor(n: CitizenNotification, baseUrl: string): { subject: string; text: string } {
  switch (n.kind) {
    case 'expiry':
      return {
        subject: `Giấy tờ sắp hết hiệu lực: ${n.title}`,
        text:
          `${n.title} của bạn hết hiệu lực ngày ${dmy(n.validUntil)}.` +
          (n.draftId
            ? ` Hệ thống đã chuẩn bị sẵn hồ sơ đề nghị gia hạn/cấp lại với thông tin điền sẵn: ${baseUrl}/cong-dan/nop-ho-so?nhap=${n.draftId}`
            : ' Vui lòng liên hệ bộ phận một cửa để được hướng dẫn gia hạn, cấp lại.'),
      };
    case 'payment_receipt':
      return {
        subject: `Biên lai điện tử ${n.receiptNo} — hồ sơ ${n.dossierCode}`,
        text: `Đã nhận ${vnd(n.amount)} phí, lệ phí của hồ sơ ${n.dossierCode}. Biên lai điện tử số ${n.receiptNo}: ${baseUrl}/cong-dan/thanh-toan/bien-lai/${n.paymentId}`,
      };
  }
}
