import { request, withQuery } from '../../api';
import type { ApiBody, ApiOk, Item } from '../../api/types';

/** The citizen portal's API (modules citizens and payments). */

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts),
// the server's exact response schemas (src/modules/citizens, src/modules/payments).
export type Prefill = ApiOk<'/api/v1/citizens/me/prefill/{code}'>;
export type PrefillField = Item<Prefill['fields']>;
export type PrefillComponent = Item<Prefill['components']>;
export type Warehouse = ApiOk<'/api/v1/citizens/me/warehouse'>;
export type WarehouseItem = Item<Warehouse['items']>;
/** A warehouse document as the pre-fill and the upload return it (without the validity flags of the warehouse page). */
export type WarehouseDocument = Item<Prefill['documents']>;
export type Draft = ApiOk<'/api/v1/citizens/me/drafts/{id}'>;
export type DraftList = ApiOk<'/api/v1/citizens/me/drafts'>;
export type DraftPatch = ApiBody<'/api/v1/citizens/me/drafts/{id}', 'patch'>;
export type DraftCreate = ApiBody<'/api/v1/citizens/me/drafts', 'post'>;
export type DraftUpload = ApiOk<'/api/v1/citizens/me/drafts/{id}/files', 'post'>;
export type Receipt = ApiOk<'/api/v1/citizens/me/drafts/{id}/submit', 'post'>;
export type Payment = ApiOk<'/api/v1/payments/{id}/refresh', 'post'>;
export type PaymentList = ApiOk<'/api/v1/payments'>;
/** GET /api/v1/payments/fees/{code}: the case's fee lines and what an online applicant of the given groups pays. */
export type FeeQuote = ApiOk<'/api/v1/payments/fees/{code}'>;
export type Todo = ApiOk<'/api/v1/citizens/me/todo'>;
export type AccessLog = ApiOk<'/api/v1/citizens/me/access-log'>;
export type AccessEntry = Item<AccessLog['items']>;
export type Messages = ApiOk<'/api/v1/citizens/me/messages'>;
export type RatingInfo = ApiOk<'/api/v1/citizens/me/ratings/{dossierId}'>;
export type Rating = ApiOk<'/api/v1/citizens/me/ratings', 'post'>;
export type RatingCreate = ApiBody<'/api/v1/citizens/me/ratings', 'post'>;
export type RatingUpdate = ApiBody<'/api/v1/citizens/me/ratings/{dossierId}', 'put'>;
export type OnceOnly = ApiOk<'/api/v1/citizens/once-only'>;
export type OnceOnlyRow = Item<OnceOnly['items']>;
export type RegisterBody = ApiBody<'/api/v1/citizens/register', 'post'>;
export type SandboxOrder = ApiOk<'/api/v1/sandbox/payment-gateway/orders/{orderRef}'>;
export type SandboxOutcome = ApiBody<'/api/v1/sandbox/payment-gateway/orders/{orderRef}/complete', 'post'>['outcome'];

/** A POST carrying the intent's Idempotency-Key (api/mutation.ts). */
const postIdem = <T>(path: string, key: string, body?: unknown) => request<T>(path, { method: 'POST', body, idempotencyKey: key });

export const citizensApi = {
  prefill: (code: string, caseKey?: string) => request<Prefill>(withQuery(`/api/v1/citizens/me/prefill/${encodeURIComponent(code)}`, { caseKey })),
  drafts: (status: 'draft' | 'submitted' = 'draft') => request<DraftList>('/api/v1/citizens/me/drafts', { query: { status, limit: 50 } }),
  draft: (id: string) => request<Draft>(`/api/v1/citizens/me/drafts/${id}`),
  createDraft: (body: DraftCreate) => request<Draft>('/api/v1/citizens/me/drafts', { method: 'POST', body }),
  feeQuote: (code: string, caseKey: string, groups: string[]) =>
    request<FeeQuote>(`/api/v1/payments/fees/${encodeURIComponent(code)}`, { query: { caseKey, groups: groups.join(',') || undefined } }),
  saveDraft: (id: string, body: DraftPatch) => request<Draft>(`/api/v1/citizens/me/drafts/${id}`, { method: 'PATCH', body }),
  discardDraft: (id: string) => request<void>(`/api/v1/citizens/me/drafts/${id}`, { method: 'DELETE' }),
  upload(id: string, componentIndex: number, file: File): Promise<DraftUpload> {
    const fd = new FormData();
    fd.append('file', file);
    return request<DraftUpload>(`/api/v1/citizens/me/drafts/${id}/files`, { method: 'POST', query: { componentIndex }, body: fd });
  },
  submit: (id: string, key: string) => postIdem<Receipt>(`/api/v1/citizens/me/drafts/${id}/submit`, key),
  warehouse: () => request<Warehouse>('/api/v1/citizens/me/warehouse'),
  accessLog: (offset = 0) => request<AccessLog>('/api/v1/citizens/me/access-log', { query: { limit: 20, offset } }),
  messages: () => request<Messages>('/api/v1/citizens/me/messages', { query: { limit: 20 } }),
  todo: () => request<Todo>('/api/v1/citizens/me/todo'),
  rating: (dossierId: string) => request<RatingInfo>(`/api/v1/citizens/me/ratings/${dossierId}`),
  rate: (body: RatingCreate) => request<Rating>('/api/v1/citizens/me/ratings', { method: 'POST', body }),
  updateRating: (dossierId: string, body: RatingUpdate) => request<Rating>(`/api/v1/citizens/me/ratings/${dossierId}`, { method: 'PUT', body }),
  register: (body: RegisterBody) => request<ApiOk<'/api/v1/citizens/register', 'post'>>('/api/v1/citizens/register', { method: 'POST', body }),
  oidcStart: (returnTo: string | null) => request<ApiOk<'/api/v1/citizens/oidc/vneid/start'>>('/api/v1/citizens/oidc/vneid/start', { query: { returnTo } }),
  oidcCallback: (code: string, state: string) =>
    request<ApiOk<'/api/v1/citizens/oidc/vneid/callback', 'post'>>('/api/v1/citizens/oidc/vneid/callback', {
      method: 'POST',
      body: { code, state },
      quiet401: true,
    }),
  vneidLink: (returnTo: string | null) =>
    request<ApiOk<'/api/v1/citizens/me/vneid-link', 'post'>>('/api/v1/citizens/me/vneid-link', { method: 'POST', body: returnTo ? { returnTo } : {} }),
  sandboxIdentities: () => request<ApiOk<'/api/v1/sandbox/vneid/identities'>>('/api/v1/sandbox/vneid/identities'),
  sandboxAuthorize: (state: string, identity: string) =>
    request<ApiOk<'/api/v1/sandbox/vneid/authorize', 'post'>>('/api/v1/sandbox/vneid/authorize', { method: 'POST', body: { state, identity } }),
  onceOnly: () => request<OnceOnly>('/api/v1/citizens/once-only', { query: { limit: 500 } }),
  // payments
  payments: (dossierId: string) => request<PaymentList>('/api/v1/payments', { query: { dossierId } }),
  pay: (dossierId: string, key: string) => postIdem<Payment>('/api/v1/payments', key, { dossierId }),
  payment: (id: string) => request<Payment>(`/api/v1/payments/${id}`),
  refreshPayment: (id: string) => request<Payment>(`/api/v1/payments/${id}/refresh`, { method: 'POST' }),
  sandboxOrder: (ref: string) => request<SandboxOrder>(`/api/v1/sandbox/payment-gateway/orders/${encodeURIComponent(ref)}`),
  sandboxComplete: (ref: string, outcome: SandboxOutcome) =>
    request<ApiOk<'/api/v1/sandbox/payment-gateway/orders/{orderRef}/complete', 'post'>>(
      `/api/v1/sandbox/payment-gateway/orders/${encodeURIComponent(ref)}/complete`,
      { method: 'POST', body: { outcome } },
    ),
};

export const vnd = (n: number) => `${new Intl.NumberFormat('vi-VN').format(n)} đ`;
