import { DELETE, GET, PATCH, POST, PUT, idempotency, multipart } from '../../api';
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

export const citizensApi = {
  /** The procedures a citizen may submit, searched by name or code. */
  procedures: (q: string) => GET('/api/v1/procedures', { params: { query: { q, limit: 20 } } }),
  prefill: (code: string, caseKey?: string) => GET('/api/v1/citizens/me/prefill/{code}', { params: { path: { code }, query: { caseKey } } }),
  drafts: (status: 'draft' | 'submitted' = 'draft') => GET('/api/v1/citizens/me/drafts', { params: { query: { status, limit: 50 } } }),
  draft: (id: string) => GET('/api/v1/citizens/me/drafts/{id}', { params: { path: { id } } }),
  createDraft: (body: DraftCreate) => POST('/api/v1/citizens/me/drafts', { body }),
  feeQuote: (code: string, caseKey: string, groups: string[]) =>
    GET('/api/v1/payments/fees/{code}', { params: { path: { code }, query: { caseKey, groups: groups.join(',') || undefined } } }),
  saveDraft: (id: string, body: DraftPatch) => PATCH('/api/v1/citizens/me/drafts/{id}', { params: { path: { id } }, body }),
  discardDraft: (id: string): Promise<void> => DELETE('/api/v1/citizens/me/drafts/{id}', { params: { path: { id } } }),
  upload(id: string, componentIndex: number, file: File): Promise<DraftUpload> {
    const fd = new FormData();
    fd.append('file', file);
    return POST('/api/v1/citizens/me/drafts/{id}/files', { params: { path: { id }, query: { componentIndex } }, ...multipart(fd) });
  },
  submit: (id: string, key: string) => POST('/api/v1/citizens/me/drafts/{id}/submit', { params: { path: { id }, header: idempotency(key) } }),
  warehouse: () => GET('/api/v1/citizens/me/warehouse'),
  accessLog: (offset = 0) => GET('/api/v1/citizens/me/access-log', { params: { query: { limit: 20, offset } } }),
  messages: () => GET('/api/v1/citizens/me/messages', { params: { query: { limit: 20 } } }),
  todo: () => GET('/api/v1/citizens/me/todo'),
  rating: (dossierId: string) => GET('/api/v1/citizens/me/ratings/{dossierId}', { params: { path: { dossierId } } }),
  rate: (body: RatingCreate) => POST('/api/v1/citizens/me/ratings', { body }),
  updateRating: (dossierId: string, body: RatingUpdate) => PUT('/api/v1/citizens/me/ratings/{dossierId}', { params: { path: { dossierId } }, body }),
  register: (body: RegisterBody) => POST('/api/v1/citizens/register', { body }),
  oidcStart: (returnTo: string | null) => GET('/api/v1/citizens/oidc/vneid/start', { params: { query: { returnTo: returnTo ?? undefined } } }),
  oidcCallback: (code: string, state: string) => POST('/api/v1/citizens/oidc/vneid/callback', { body: { code, state }, quiet401: true }),
  vneidLink: (returnTo: string | null) => POST('/api/v1/citizens/me/vneid-link', { body: returnTo ? { returnTo } : {} }),
  sandboxIdentities: () => GET('/api/v1/sandbox/vneid/identities'),
  sandboxAuthorize: (state: string, identity: string) => POST('/api/v1/sandbox/vneid/authorize', { body: { state, identity } }),
  onceOnly: () => GET('/api/v1/citizens/once-only', { params: { query: { limit: 500 } } }),
  // payments
  payments: (dossierId: string) => GET('/api/v1/payments', { params: { query: { dossierId } } }),
  pay: (dossierId: string, key: string) => POST('/api/v1/payments', { params: { header: idempotency(key) }, body: { dossierId } }),
  payment: (id: string) => GET('/api/v1/payments/{id}', { params: { path: { id } } }),
  refreshPayment: (id: string) => POST('/api/v1/payments/{id}/refresh', { params: { path: { id } } }),
  sandboxOrder: (ref: string) => GET('/api/v1/sandbox/payment-gateway/orders/{orderRef}', { params: { path: { orderRef: ref } } }),
  sandboxComplete: (ref: string, outcome: SandboxOutcome) =>
    POST('/api/v1/sandbox/payment-gateway/orders/{orderRef}/complete', { params: { path: { orderRef: ref } }, body: { outcome } }),
};

export const vnd = (n: number) => `${new Intl.NumberFormat('vi-VN').format(n)} đ`;
