/** Client of the feedback API (/api/v1/feedback…), on the shell's JSON `request`. */
import { GET, POST, apiUrl } from '../../api';
import type { ApiBody, ApiOk, Item } from '../../api/types';
import { allOf, oneOf } from '../../api/values';

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

const at = (id: string) => ({ params: { path: { id } } });

export const feedbackApi = {
  categories: (signal?: AbortSignal) => GET('/api/v1/feedback/categories', { signal }),
  submit: (input: SubmitInput) => POST('/api/v1/feedback', { body: input }),
  track: (code: string, contact: string, signal?: AbortSignal) => GET('/api/v1/feedback/track', { params: { query: { code, contact } }, signal }),
  followUp: (code: string, contact: string, content: string) => POST('/api/v1/feedback/follow-up', { body: { code, contact, content } }),
  publicList: (q: { q?: string; topic?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    GET('/api/v1/feedback/public', { params: { query: { ...q, topic: oneOf(TOPICS, q.topic) } }, signal }),
  list: (q: { status?: string; overdue?: boolean; q?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    GET('/api/v1/feedback', { params: { query: q }, signal }),
  get: (id: string, signal?: AbortSignal) => GET('/api/v1/feedback/{id}', { params: { path: { id } }, signal }),
  /** The XLSX of the list with the same filters (a plain link: the session cookie authenticates the GET). */
  exportUrl: (q: { status?: string; overdue?: boolean; q?: string }) =>
    apiUrl('/api/v1/feedback/export.xlsx', { query: { status: q.status, q: q.q, overdue: q.overdue || undefined } }),
  classify: (id: string, body: ClassifyInput) => POST('/api/v1/feedback/{id}/classify', { ...at(id), body }),
  duplicate: (id: string, originalId: string, version: number) => POST('/api/v1/feedback/{id}/duplicate', { ...at(id), body: { originalId, version } }),
  extend: (id: string, reason: string, version: number) => POST('/api/v1/feedback/{id}/extend', { ...at(id), body: { reason, version } }),
  answer: (id: string, body: AnswerInput) => POST('/api/v1/feedback/{id}/answer', { ...at(id), body }),
  publish: (id: string, body: PublishInput) => POST('/api/v1/feedback/{id}/publish', { ...at(id), body }),
  stats: (q: { from: string; to: string }, signal?: AbortSignal) => GET('/api/v1/feedback/stats', { params: { query: q }, signal }),
};
