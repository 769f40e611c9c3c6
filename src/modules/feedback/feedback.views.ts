/**
 * How a feedback record is shown: to staff (`toFeedback`), on the public page (`toPublicItem`), and
 * who may see it. Pure functions of a record (and "now" for the overdue flag).
 */
import { vnDay, vnIso } from '../../platform/vn-time.js';
import { inScope } from '../org/org.public.js';
import type * as repo from './feedback.repo.js';
import { currentStage } from './feedback.rules.js';
import type { Feedback, PublicItem } from './feedback.schemas.js';

export const iso = (d: Date | null): string | null => (d ? vnIso(d) : null);

/** The current stage's deadline as shown to people. */
export function deadlineOf(f: repo.FeedbackRecord, now: Date): Feedback['deadline'] {
  const c = currentStage(f);
  return c ? { stage: c.stage, dueAt: vnIso(c.dueAt), overdue: now.getTime() > c.dueAt.getTime() } : null;
}

export function toFeedback(f: repo.FeedbackRecord, now: Date): Feedback {
  return {
    id: f.id,
    code: f.code,
    channel: f.channel,
    kind: f.kind,
    topic: f.topic,
    category: f.categoryId ? { id: f.categoryId, code: f.categoryCode!, name: f.categoryName! } : null,
    title: f.title,
    content: f.content,
    attributes: f.attributes,
    submitter: { name: f.submitterName, phone: f.submitterPhone, email: f.submitterEmail, address: f.submitterAddress },
    locationAddress: f.locationAddress,
    lat: f.lat,
    long: f.long,
    mediaUrl: f.mediaUrl,
    receivingAgency: f.receivingAgency,
    agency: f.agency,
    status: f.status,
    closeReason: f.closeReason,
    closeNote: f.closeNote,
    duplicateOf: f.duplicateOf,
    suspectedDuplicateOf: f.suspectedDuplicateOf,
    receivedAt: vnIso(f.receivedAt),
    classifyDueAt: vnIso(f.classifyDueAt),
    forwardedAt: iso(f.forwardedAt),
    handleDueAt: iso(f.handleDueAt),
    extendedAt: iso(f.extendedAt),
    extensionReason: f.extensionReason,
    answeredAt: iso(f.answeredAt),
    publishDueAt: iso(f.publishDueAt),
    publishedAt: iso(f.publishedAt),
    closedAt: iso(f.closedAt),
    answerStatus: f.answerStatus,
    answerText: f.answerText,
    answerDocumentNo: f.answerDocumentNo,
    publicSummary: f.publicSummary,
    publicAnswer: f.publicAnswer,
    followUpText: f.followUpText,
    followUpAt: iso(f.followUpAt),
    escalatedStages: f.escalatedStages,
    deadline: deadlineOf(f, now),
    version: f.version,
  };
}

export function toPublicItem(f: repo.FeedbackRecord): PublicItem {
  return {
    code: f.code,
    title: f.title,
    kind: f.kind,
    topic: f.topic,
    category: f.categoryName,
    agency: f.agency,
    receivedDate: vnDay(f.receivedAt),
    answeredDate: f.answeredAt ? vnDay(f.answeredAt) : null,
    publishedDate: vnDay(f.publishedAt!),
    answerStatus: f.answerStatus,
    publicSummary: f.publicSummary ?? '',
    publicAnswer: f.publicAnswer ?? '',
    answerDocumentNo: f.answerDocumentNo,
  };
}

/** Staff see the items their agency received or must handle (province-wide roles: all). */
export const visible = (scope: 'all' | string[], f: repo.FeedbackRecord): boolean =>
  inScope(scope, f.receivingAgency.id) || inScope(scope, f.agency?.id ?? null);

export const personalOf = (f: repo.FeedbackRecord) => ({
  name: f.submitterName,
  phone: f.submitterPhone,
  email: f.submitterEmail,
  address: f.submitterAddress,
});
