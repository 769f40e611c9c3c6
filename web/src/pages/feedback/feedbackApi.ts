/** Client of the feedback API (/api/v1/feedback…), on the shell's JSON `request`. */
import { request, type Page } from '../../api';
import type { ApiBody, ApiOk, Item } from '../../api/types';
import { allOf } from '../../api/values';

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
export type Category = Item<ApiOk<'/api/v1/feedback/categories'>['items']>;
export type Feedback = Item<ApiOk<'/api/v1/feedback'>['items']>;
export type Deadline = NonNullable<Feedback['deadline']>;
export type FeedbackDetail = ApiOk<'/api/v1/feedback/{id}'>;
export type TrackView = ApiOk<'/api/v1/feedback/track'>;
export type PublicItem = ApiOk<'/api/v1/feedback/public/{code}'>;
export type Stats = ApiOk<'/api/v1/feedback/stats'>;
export type StatsRow = Stats['total'];
export type SubmitInput = ApiBody<'/api/v1/feedback', 'post'>;
export type Submitted = ApiOk<'/api/v1/feedback', 'post'>;
export type ClassifyInput = ApiBody<'/api/v1/feedback/{id}/classify', 'post'>;
export type AnswerInput = ApiBody<'/api/v1/feedback/{id}/answer', 'post'>;
export type PublishInput = ApiBody<'/api/v1/feedback/{id}/publish', 'post'>;

export type FeedbackStatus = Feedback['status'];
export type Topic = NonNullable<Category['topic']>;
export type AnswerStatus = AnswerInput['answerStatus'];
export type Kind = NonNullable<SubmitInput['kind']>;
// The values in the screens' order; tsc checks each list names exactly the description's enum.
export const TOPICS = allOf<Topic>()(['regulation', 'procedure_handling', 'officer_conduct']);
export const ANSWER_STATUSES = allOf<AnswerStatus>()(['accepted', 'considering', 'rejected']);
export const STATUSES = allOf<FeedbackStatus>()(['received', 'forwarded', 'answered', 'published', 'closed']);

const B = '/api/v1/feedback';
const enc = encodeURIComponent;

export const feedbackApi = {
  categories: (signal?: AbortSignal) => request<Page<Category>>(`${B}/categories`, { signal }),
  submit: (input: SubmitInput) => request<Submitted>(B, { method: 'POST', body: input }),
  track: (code: string, contact: string, signal?: AbortSignal) => request<TrackView>(`${B}/track`, { query: { code, contact }, signal }),
  followUp: (code: string, contact: string, content: string) => request<TrackView>(`${B}/follow-up`, { method: 'POST', body: { code, contact, content } }),
  publicList: (q: { q?: string; topic?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    request<Page<PublicItem>>(`${B}/public`, { query: q, signal }),
  list: (q: { status?: string; overdue?: boolean; q?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    request<Page<Feedback>>(B, { query: q, signal }),
  get: (id: string, signal?: AbortSignal) => request<FeedbackDetail>(`${B}/${enc(id)}`, { signal }),
  /** The XLSX of the list with the same filters (a plain link: the session cookie authenticates the GET). */
  exportUrl: (q: { status?: string; overdue?: boolean; q?: string }) =>
    `${B}/export.xlsx?${new URLSearchParams(
      Object.entries(q)
        .filter(([, v]) => v !== undefined && v !== '' && v !== false)
        .map(([k, v]) => [k, String(v)]),
    ).toString()}`,
  classify: (id: string, body: ClassifyInput) => request<FeedbackDetail>(`${B}/${enc(id)}/classify`, { method: 'POST', body }),
  duplicate: (id: string, originalId: string, version: number) =>
    request<FeedbackDetail>(`${B}/${enc(id)}/duplicate`, { method: 'POST', body: { originalId, version } }),
  extend: (id: string, reason: string, version: number) => request<FeedbackDetail>(`${B}/${enc(id)}/extend`, { method: 'POST', body: { reason, version } }),
  answer: (id: string, body: AnswerInput) => request<FeedbackDetail>(`${B}/${enc(id)}/answer`, { method: 'POST', body }),
  publish: (id: string, body: PublishInput) => request<FeedbackDetail>(`${B}/${enc(id)}/publish`, { method: 'POST', body }),
  stats: (q: { from: string; to: string }, signal?: AbortSignal) => request<Stats>(`${B}/stats`, { query: q, signal }),
};
