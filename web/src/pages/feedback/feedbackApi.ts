/** Client of the feedback API (/api/v1/feedback…), on the shell's JSON `request`. */
import { request, type AgencyRef, type Page } from '../../api';

export type FeedbackStatus = 'received' | 'forwarded' | 'answered' | 'published' | 'closed';
export type Topic = 'regulation' | 'procedure_handling' | 'officer_conduct';
export type AnswerStatus = 'accepted' | 'rejected' | 'considering';
export type Kind = 'feedback' | 'recommendation';
export const TOPICS: Topic[] = ['regulation', 'procedure_handling', 'officer_conduct'];
export const ANSWER_STATUSES: AnswerStatus[] = ['accepted', 'considering', 'rejected'];
export const STATUSES: FeedbackStatus[] = ['received', 'forwarded', 'answered', 'published', 'closed'];

export interface Category {
  id: string;
  code: string;
  name: string;
  description: string | null;
  agency: AgencyRef;
  topic: Topic | null;
  attributes: { code: string; datatype: string; required: boolean; description: string | null; values?: { key: string; name: string }[] }[];
}

export interface Deadline {
  stage: 'classify' | 'handle' | 'publish';
  dueAt: string;
  overdue: boolean;
}

export interface Feedback {
  id: string;
  code: string;
  channel: string;
  kind: Kind;
  topic: Topic | null;
  category: { id: string; code: string; name: string } | null;
  title: string;
  content: string;
  attributes: Record<string, unknown>;
  submitter: { name: string | null; phone: string | null; email: string | null; address: string | null };
  locationAddress: string | null;
  receivingAgency: AgencyRef;
  agency: AgencyRef | null;
  status: FeedbackStatus;
  closeReason: string | null;
  closeNote: string | null;
  duplicateOf: { id: string; code: string } | null;
  suspectedDuplicateOf: { id: string; code: string } | null;
  receivedAt: string;
  classifyDueAt: string;
  handleDueAt: string | null;
  extendedAt: string | null;
  extensionReason: string | null;
  answeredAt: string | null;
  publishDueAt: string | null;
  publishedAt: string | null;
  answerStatus: AnswerStatus | null;
  answerText: string | null;
  answerDocumentNo: string | null;
  publicSummary: string | null;
  publicAnswer: string | null;
  followUpText: string | null;
  followUpAt: string | null;
  escalatedStages: string[];
  deadline: Deadline | null;
  version: number;
}

export interface FeedbackDetail extends Feedback {
  actions: { id: string; at: string; action: string; actorUsername: string | null; actorName: string | null; agencyName: string | null; toStatus: string | null; note: string | null; payload: Record<string, unknown> }[];
  attachments: { id: string; purpose: string; fileName: string; size: number; createdAt: string }[];
  publicDraft: { publicSummary: string; publicAnswer: string } | null;
}

export interface TrackView {
  code: string;
  title: string;
  content: string;
  status: FeedbackStatus;
  statusText: string;
  receivedAt: string;
  agency: AgencyRef | null;
  deadline: Deadline | null;
  extendedAt: string | null;
  extensionReason: string | null;
  answerStatus: AnswerStatus | null;
  answerText: string | null;
  answerDocumentNo: string | null;
  answeredAt: string | null;
  closeReason: string | null;
  closeNote: string | null;
  followUpText: string | null;
  followUpAt: string | null;
  canFollowUp: boolean;
  history: { at: string; action: string; toStatus: string | null }[];
}

export interface PublicItem {
  code: string;
  title: string;
  kind: Kind;
  topic: Topic | null;
  category: string | null;
  agency: AgencyRef | null;
  receivedDate: string;
  answeredDate: string | null;
  publishedDate: string;
  answerStatus: AnswerStatus | null;
  publicSummary: string;
  publicAnswer: string;
  answerDocumentNo: string | null;
}

export interface StatsRow {
  agency: AgencyRef | null;
  total: number;
  byStatus: Record<string, number>;
  byTopic: Record<string, number>;
  onTime: number;
  late: number;
  inTime: number;
  overdue: number;
  onTimeRate: number | null;
  followUps: number;
}
export interface Stats {
  from: string;
  to: string;
  total: StatsRow;
  byAgency: StatsRow[];
  byChannel: Record<string, number>;
}

export interface SubmitInput {
  kind?: Kind;
  categoryId?: string | null;
  title?: string | null;
  content: string;
  name: string;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  locationAddress?: string | null;
}

const B = '/api/v1/feedback';
const enc = encodeURIComponent;

export const feedbackApi = {
  categories: (signal?: AbortSignal) => request<Page<Category>>(`${B}/categories`, { signal }),
  submit: (input: SubmitInput) => request<{ id: string; code: string; classifyDueAt: string }>(B, { method: 'POST', body: input }),
  track: (code: string, contact: string, signal?: AbortSignal) => request<TrackView>(`${B}/track`, { query: { code, contact }, signal }),
  followUp: (code: string, contact: string, content: string) => request<TrackView>(`${B}/follow-up`, { method: 'POST', body: { code, contact, content } }),
  publicList: (q: { q?: string; topic?: string; limit: number; offset: number }, signal?: AbortSignal) => request<Page<PublicItem>>(`${B}/public`, { query: q, signal }),
  list: (q: { status?: string; overdue?: boolean; q?: string; limit: number; offset: number }, signal?: AbortSignal) => request<Page<Feedback>>(B, { query: q, signal }),
  get: (id: string, signal?: AbortSignal) => request<FeedbackDetail>(`${B}/${enc(id)}`, { signal }),
  /** The XLSX of the list with the same filters (a plain link: the session cookie authenticates the GET). */
  exportUrl: (q: { status?: string; overdue?: boolean; q?: string }) =>
    `${B}/export.xlsx?${new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '' && v !== false).map(([k, v]) => [k, String(v)])).toString()}`,
  classify: (id: string, body: { decision: 'forward' | 'not_accepted' | 'complaint_redirected'; topic?: Topic; agencyId?: string; note?: string | null; version: number }) =>
    request<FeedbackDetail>(`${B}/${enc(id)}/classify`, { method: 'POST', body }),
  duplicate: (id: string, originalId: string, version: number) => request<FeedbackDetail>(`${B}/${enc(id)}/duplicate`, { method: 'POST', body: { originalId, version } }),
  extend: (id: string, reason: string, version: number) => request<FeedbackDetail>(`${B}/${enc(id)}/extend`, { method: 'POST', body: { reason, version } }),
  answer: (id: string, body: { answerStatus: AnswerStatus; text: string; documentNo?: string | null; version: number }) =>
    request<FeedbackDetail>(`${B}/${enc(id)}/answer`, { method: 'POST', body }),
  publish: (id: string, body: { publicSummary: string; publicAnswer: string; version: number }) => request<FeedbackDetail>(`${B}/${enc(id)}/publish`, { method: 'POST', body }),
  stats: (q: { from: string; to: string }, signal?: AbortSignal) => request<Stats>(`${B}/stats`, { query: q, signal }),
};
