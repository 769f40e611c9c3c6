import type { Database } from '../../platform/db/database.js';
import type { ClaimedMessage } from '../../platform/outbox.js';
import { ANSWER_STATUS_VI, CLOSE_REASON_VI, STATUS_VI } from './feedback.rules.js';
import * as repo from './feedback.repo.js';
import { notify } from '../notifications/notifications.public.js';
import { vnDateText } from '../../platform/vn-time.js';

/**
 * Notifications of the feedback module, delivered from the outbox (at-least-once).
 *
 * SANDBOX ADAPTER: `SandboxFeedbackNotifier` does not send SMS or e-mail; it records each message
 * in `feedback_notification` (deduplicated by outbox id, channel and recipient), where tests and
 * the demo can read them. A production adapter (an SMS brandname gateway, SMTP) implements the
 * same `FeedbackNotifier.deliver` and is chosen in feedback.module.ts.
 *
 * Payloads carry only the feedback id and the event: the recipient's contact is read when the
 * message is delivered, so no personal data is copied into the outbox.
 */

export const NOTIFY_TOPICS = {
  received: 'notify.feedback.received',
  extended: 'notify.feedback.extended',
  answered: 'notify.feedback.answered',
  closed: 'notify.feedback.closed',
  published: 'notify.feedback.published',
  reminder: 'notify.feedback.reminder',
  escalated: 'notify.feedback.escalated',
  duplicateAnswered: 'notify.feedback.duplicate_answered',
} as const;
export type NotifyEvent = keyof typeof NOTIFY_TOPICS;

export interface Message {
  channel: 'sms' | 'email' | 'staff';
  recipient: string;
  subject: string;
  body: string;
}

const fmtDate = (d: Date | null): string => (d ? vnDateText(d) : '');

/** The messages an event produces for a feedback record (pure; recipients chosen by the caller). */
export function composeForSender(event: NotifyEvent, f: repo.FeedbackRecord, trackUrl: string): { subject: string; body: string } | null {
  const hello = f.submitterName ? `Kính gửi ${f.submitterName},` : 'Kính gửi Quý ông/bà,';
  const link = `Theo dõi tại: ${trackUrl}?ma=${encodeURIComponent(f.code)}`;
  switch (event) {
    case 'received':
      return {
        subject: `Đã tiếp nhận phản ánh, kiến nghị ${f.code}`,
        body: `${hello}\nPhản ánh, kiến nghị "${f.title}" đã được tiếp nhận ngày ${fmtDate(f.receivedAt)} với mã ${f.code}. ${link}`,
      };
    case 'extended':
      return {
        subject: `Gia hạn xử lý phản ánh ${f.code}`,
        body: `${hello}\nPhản ánh ${f.code} cần thêm thời gian xử lý do: ${f.extensionReason ?? ''}. Hạn trả lời mới: ${fmtDate(f.handleDueAt)}. ${link}`,
      };
    case 'answered':
      return {
        subject: `Kết quả xử lý phản ánh ${f.code}`,
        body: `${hello}\n${f.agency?.name ?? 'Cơ quan có thẩm quyền'} đã trả lời phản ánh ${f.code} (${f.answerStatus ? ANSWER_STATUS_VI[f.answerStatus] : ''}${f.answerDocumentNo ? `, văn bản số ${f.answerDocumentNo}` : ''}):\n${f.answerText ?? ''}\n${link}`,
      };
    case 'closed':
      return {
        subject: `Phản ánh ${f.code}: ${f.closeReason ? CLOSE_REASON_VI[f.closeReason] : STATUS_VI.closed}`,
        body: `${hello}\nPhản ánh ${f.code} đã được kết thúc: ${f.closeReason ? CLOSE_REASON_VI[f.closeReason] : ''}.${f.closeNote ? ` ${f.closeNote}` : ''}${f.duplicateOf ? ` Phản ánh trùng với ${f.duplicateOf.code}; kết quả sẽ được thông báo khi có.` : ''} ${link}`,
      };
    case 'published':
      return {
        subject: `Kết quả phản ánh ${f.code} đã được công khai`,
        body: `${hello}\nKết quả xử lý phản ánh ${f.code} đã được công khai (không kèm thông tin cá nhân). ${link}`,
      };
    case 'duplicateAnswered':
      return {
        subject: `Phản ánh trùng ${f.code} đã có kết quả`,
        body: `${hello}\nPhản ánh ${f.duplicateOf?.code ?? ''} mà phản ánh ${f.code} của Quý ông/bà được gộp vào đã có văn bản trả lời; kết quả sẽ được công khai trên Cổng. ${link}`,
      };
    default:
      return null;
  }
}

export function composeForStaff(event: 'reminder' | 'escalated', f: repo.FeedbackRecord, stage: string, dueAt: Date): { subject: string; body: string } {
  const stageVi = stage === 'classify' ? 'phân loại, chuyển xử lý' : stage === 'handle' ? 'xử lý, trả lời' : 'công khai kết quả';
  return event === 'reminder'
    ? { subject: `Sắp đến hạn ${stageVi}: ${f.code}`, body: `Phản ánh ${f.code} "${f.title}" đến hạn ${stageVi} lúc ${fmtDate(dueAt)}.` }
    : {
        subject: `QUÁ HẠN ${stageVi}: ${f.code}`,
        body: `Phản ánh ${f.code} "${f.title}" đã quá hạn ${stageVi} (hạn ${fmtDate(dueAt)}). Đề nghị lãnh đạo chỉ đạo xử lý dứt điểm.`,
      };
}

export interface FeedbackNotifier {
  deliver(msg: ClaimedMessage): Promise<void>;
}

/** Records messages instead of sending them (see the header). */
export class SandboxFeedbackNotifier implements FeedbackNotifier {
  constructor(
    private readonly database: Database,
    private readonly trackUrl: string,
  ) {}

  async deliver(msg: ClaimedMessage): Promise<void> {
    const event = msg.payload.event as NotifyEvent;
    const f = await repo.getFeedback(this.database.db, String(msg.payload.feedbackId));
    if (!f) return;
    const out: Message[] = [];
    // People with an account also get it in their notification centre (once per outbox row).
    const inApp: { userId: string; title: string; body: string; link: string }[] = [];
    if (event === 'reminder' || event === 'escalated') {
      const text = composeForStaff(event, f, String(msg.payload.stage), new Date(String(msg.payload.dueAt)));
      const agencyId = msg.payload.stage === 'classify' ? f.receivingAgency.id : (f.agency?.id ?? f.receivingAgency.id);
      const roles = event === 'escalated' ? ['unit_leader'] : ['specialist', 'one_stop_officer', 'provincial_office', 'unit_leader'];
      const staff = await repo.staffOf(this.database.db, agencyId, roles);
      for (const s of staff) out.push({ channel: 'staff', recipient: s.username, ...text });
      for (const s of staff) inApp.push({ userId: s.id, title: text.subject, body: text.body, link: `/phan-anh-kien-nghi?id=${f.id}` });
      if (!staff.length) out.push({ channel: 'staff', recipient: `agency:${agencyId}`, ...text });
    } else {
      const text = composeForSender(event, f, this.trackUrl);
      if (!text) return;
      if (f.submitterPhone)
        out.push({ channel: 'sms', recipient: f.submitterPhone, subject: text.subject, body: text.subject + '. ' + `Tra cứu: ${this.trackUrl}?ma=${f.code}` });
      if (f.submitterEmail) out.push({ channel: 'email', recipient: f.submitterEmail, ...text });
      if (f.submitterUserId)
        inApp.push({
          userId: f.submitterUserId,
          title: text.subject,
          body: text.body,
          link: `${new URL(this.trackUrl).pathname}?ma=${encodeURIComponent(f.code)}`,
        });
    }
    for (const m of out) await repo.insertNotification(this.database.db, { outboxId: msg.id, feedbackId: f.id, event, ...m });
    if (inApp.length) {
      await this.database.transaction(async (tx) => {
        for (const n of inApp) {
          await notify(tx, {
            recipient: { userId: n.userId },
            kind: `feedback.${event}`,
            title: n.title,
            body: n.body,
            link: n.link,
            subject: { type: 'feedback', id: f.id },
            dedupeKey: `feedback:${msg.id}`,
          });
        }
      });
    }
  }
}
