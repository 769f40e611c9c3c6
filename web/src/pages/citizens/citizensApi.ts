import { CSRF_HEADERS, request, withQuery, type Page } from '../../api';
import type { ApiOk } from '../../api/types';

/** The citizen portal's API (modules citizens and payments). */

// Wire types. The description documents most citizen and payment responses as open objects (the
// prefill, drafts, warehouse items, submission receipt, payments, fee quote, to-do, access log,
// ratings, once-only rows and the sandbox gateway's order are `{ [key: string]: unknown }` or have
// such parts), so these stay hand-copied from src/modules/citizens and src/modules/payments until
// the server documents them; the sign-in calls below use the generated types (ApiOk).
export interface PrefillField {
  key: string;
  label: string;
  type: 'string' | 'text' | 'date' | 'number' | 'integer' | 'boolean' | 'select';
  required: boolean;
  options?: string[] | null;
  maxLength?: number | null;
  value: string | number | boolean | null;
  prefilled: { source: string; from: string; itemId: string | null } | null;
}

export interface PrefillComponent {
  index: number;
  name: string;
  required: boolean;
  condition: string | null;
  replaceableByData: string | null;
  applies: boolean;
  satisfiedByData: boolean;
  satisfiedByForm: boolean;
  /** The warehouse documents of the same kind of paper (all of them when the component has no recognisable kind). */
  documentIds: string[];
}

export interface WarehouseItem {
  id: string;
  kind: 'profile' | 'component' | 'result';
  title: string;
  source: string;
  sourceRef: string | null;
  procedureCode: string | null;
  issuedOn: string | null;
  validUntil: string | null;
  certified: boolean;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  hasFile: boolean;
  sha256: string;
  data: Record<string, unknown>;
  expired?: boolean;
  expiresSoon?: boolean;
  renewalDraftId?: string | null;
}

export interface Prefill {
  procedure: { code: string; name: string; onlineLevel: string; agencyText: string; resultName: string; cases: { key: string; name: string }[] };
  caseKey: string;
  fields: PrefillField[];
  components: PrefillComponent[];
  documents: WarehouseItem[];
  stats: { fields: number; prefillable: number; toDeclare: number; reductionPercent: number; prefilledForYou: number };
  receivingPlaces: { id: string; name: string; kind: string }[];
}

export interface Draft {
  id: string;
  procedureCode: string;
  procedureName: string;
  caseKey: string;
  receivingAgencyId: string | null;
  formData: Record<string, unknown>;
  prefilled: Record<string, { source: string; from: string; value: unknown; itemId: string | null }>;
  attachments: { componentIndex: number; itemId: string }[];
  applicantGroups?: string[];
  renewalOf: string | null;
  status: 'draft' | 'submitted';
  dossierId: string | null;
  dossierCode: string | null;
  version: number;
  updatedAt: string;
}

export interface Receipt {
  draftId: string;
  dossier: { id: string; code: string; status: { code: number; name: string }; submittedAt: string };
  procedure: { code: string; name: string; caseKey: string; competentAgency: string };
  receivingAgency: { id: string; name: string } | null;
  applicant: { name: string };
  components: { index: number; name: string; how: 'upload' | 'warehouse' | 'national_data' | 'eform'; document: string | null }[];
  onceOnly: { fields: number; prefilled: number; kept: number };
  lookupUrl: string;
  /** The dossier's lookup key (XXXX-XXXX): with the code the public lookup shows the details. */
  lookupKey: string;
  message: string;
}

export interface Payment {
  id: string;
  dossierId: string;
  dossierCode: string;
  items: { name: string; amount: number; reductionPercent: number; due: number }[];
  grossAmount: number;
  amount: number;
  reduction: number;
  gateway: { id: string; name: string; sandbox: boolean };
  orderRef: string;
  checkoutUrl: string | null;
  status: 'pending' | 'paid' | 'failed' | 'expired';
  expiresAt: string;
  paidAt: string | null;
  failureReason: string | null;
  receipt: { series: string; number: string } | null;
  dossierResumedAt: string | null;
}

/** GET /api/v1/payments/fees/{code}: the case's fee lines and what an online applicant of the given groups pays. */
export interface FeeQuote {
  fees: { name: string; amountVnd: number | null; alternativeGroup: string | null; appliesToNames: string[]; onRequest: boolean; applies: boolean }[];
  groups: { key: string; name: string }[];
  needsChoice: boolean;
  unknownAmount: boolean;
  online: { lines: { name: string; amount: number; reductionPercent: number; due: number }[]; gross: number; total: number };
}

export interface Todo {
  /** `total` is what the applicant pays (the lines' `due`, online reduction applied once, when the fee was requested). */
  toPay: { id: string; code: string; procedureName: string; items: { name: string; amount: number; reductionPercent?: number; due?: number }[]; total: number }[];
  results: { id: string; code: string; procedureName: string; status: number; result: { decisionNumber: string; signedOn: string; fileId: string | null } | null }[];
  toRate: { id: string; code: string; procedureName: string }[];
}

export interface AccessEntry {
  id: string;
  at: string;
  readerUsername: string;
  readerKind: string;
  agencyName: string | null;
  purpose: 'read' | 'download' | 'reuse' | 'export';
  dossierCode: string | null;
  itemTitle: string | null;
}

export interface RatingInfo {
  dossier: { id: string; code: string; procedureName: string; status: number };
  rating: { answers: Record<string, number>; overall: number; comment: string | null; editableUntil: string; version: number } | null;
  criteria: { key: string; name: string }[];
  canRate: boolean;
  canEdit: boolean;
}

export interface OnceOnlyRow {
  code: string;
  name: string;
  caseKey: string;
  caseName: string;
  hasForm: boolean;
  fields: number;
  prefillable: number;
  toDeclare: number;
  reductionPercent: number;
  meetsTarget: boolean;
  observed: { submissions: number; prefilledPercent: number; keptPercent: number } | null;
}

const idem = (key: string) => ({ 'idempotency-key': key });

/** POST with an Idempotency-Key header (the shared client has no header option). */
async function postIdem<T>(path: string, key: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { accept: 'application/json, application/problem+json', ...CSRF_HEADERS, ...idem(key), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const { ApiError } = await import('../../api');
    throw new ApiError(res.status, data ? { status: res.status, ...data } : null, data?.detail ?? `HTTP ${res.status}`);
  }
  return data as T;
}

/** A random key (crypto.randomUUID where available, else getRandomValues). */
export function newKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export const citizensApi = {
  prefill: (code: string, caseKey?: string) => request<Prefill>(withQuery(`/api/v1/citizens/me/prefill/${encodeURIComponent(code)}`, { caseKey })),
  drafts: (status: 'draft' | 'submitted' = 'draft') => request<Page<Draft>>('/api/v1/citizens/me/drafts', { query: { status, limit: 50 } }),
  draft: (id: string) => request<Draft>(`/api/v1/citizens/me/drafts/${id}`),
  createDraft: (body: { procedureCode: string; caseKey?: string; receivingAgencyId?: string | null }) => request<Draft>('/api/v1/citizens/me/drafts', { method: 'POST', body }),
  feeQuote: (code: string, caseKey: string, groups: string[]) => request<FeeQuote>(`/api/v1/payments/fees/${encodeURIComponent(code)}`, { query: { caseKey, groups: groups.join(',') || undefined } }),
  saveDraft: (id: string, body: { version: number; caseKey?: string; receivingAgencyId?: string | null; formData?: Record<string, unknown>; attachments?: Draft['attachments']; applicantGroups?: string[] }) =>
    request<Draft>(`/api/v1/citizens/me/drafts/${id}`, { method: 'PATCH', body }),
  discardDraft: (id: string) => request<void>(`/api/v1/citizens/me/drafts/${id}`, { method: 'DELETE' }),
  async upload(id: string, componentIndex: number, file: File): Promise<{ item: WarehouseItem; draft: Draft }> {
    const fd = new FormData();
    fd.append('file', file);
    const res = await fetch(`/api/v1/citizens/me/drafts/${id}/files?componentIndex=${componentIndex}`, { method: 'POST', body: fd, credentials: 'same-origin', headers: { ...CSRF_HEADERS } });
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      const { ApiError } = await import('../../api');
      throw new ApiError(res.status, data ? { status: res.status, ...data } : null, data?.detail ?? `HTTP ${res.status}`);
    }
    return data;
  },
  submit: (id: string, key: string) => postIdem<Receipt>(`/api/v1/citizens/me/drafts/${id}/submit`, key),
  warehouse: () => request<{ profile: Record<string, unknown>; items: WarehouseItem[]; total: number }>('/api/v1/citizens/me/warehouse'),
  accessLog: (offset = 0) => request<Page<AccessEntry>>('/api/v1/citizens/me/access-log', { query: { limit: 20, offset } }),
  messages: () => request<Page<{ id: string; channel: string; payload: { to: string; text: string; subject: string | null }; deliveredAt: string }>>('/api/v1/citizens/me/messages', { query: { limit: 20 } }),
  todo: () => request<Todo>('/api/v1/citizens/me/todo'),
  rating: (dossierId: string) => request<RatingInfo>(`/api/v1/citizens/me/ratings/${dossierId}`),
  rate: (body: { dossierId: string; answers: Record<string, number>; comment?: string | null }) => request<unknown>('/api/v1/citizens/me/ratings', { method: 'POST', body }),
  updateRating: (dossierId: string, body: { version: number; answers: Record<string, number>; comment?: string | null }) => request<unknown>(`/api/v1/citizens/me/ratings/${dossierId}`, { method: 'PUT', body }),
  register: (body: Record<string, unknown>) => request<ApiOk<'/api/v1/citizens/register', 'post'>>('/api/v1/citizens/register', { method: 'POST', body }),
  oidcStart: (returnTo: string | null) => request<ApiOk<'/api/v1/citizens/oidc/vneid/start'>>('/api/v1/citizens/oidc/vneid/start', { query: { returnTo } }),
  oidcCallback: (code: string, state: string) => request<ApiOk<'/api/v1/citizens/oidc/vneid/callback', 'post'>>('/api/v1/citizens/oidc/vneid/callback', { method: 'POST', body: { code, state }, quiet401: true }),
  vneidLink: (returnTo: string | null) => request<ApiOk<'/api/v1/citizens/me/vneid-link', 'post'>>('/api/v1/citizens/me/vneid-link', { method: 'POST', body: returnTo ? { returnTo } : {} }),
  sandboxIdentities: () => request<ApiOk<'/api/v1/sandbox/vneid/identities'>>('/api/v1/sandbox/vneid/identities'),
  sandboxAuthorize: (state: string, identity: string) => request<ApiOk<'/api/v1/sandbox/vneid/authorize', 'post'>>('/api/v1/sandbox/vneid/authorize', { method: 'POST', body: { state, identity } }),
  onceOnly: () => request<{ targetPercent: number; summary: { cases: number; meetingTarget: number; averageReductionPercent: number }; items: OnceOnlyRow[]; total: number }>('/api/v1/citizens/once-only', { query: { limit: 500 } }),
  // payments
  payments: (dossierId: string) => request<Page<Payment>>('/api/v1/payments', { query: { dossierId } }),
  pay: (dossierId: string, key: string) => postIdem<Payment>('/api/v1/payments', key, { dossierId }),
  payment: (id: string) => request<Payment>(`/api/v1/payments/${id}`),
  refreshPayment: (id: string) => request<Payment>(`/api/v1/payments/${id}/refresh`, { method: 'POST' }),
  sandboxOrder: (ref: string) => request<{ orderRef: string; amount: number; description: string; returnUrl: string; status: string; expiresAt: string; gateway: string }>(`/api/v1/sandbox/payment-gateway/orders/${encodeURIComponent(ref)}`),
  sandboxComplete: (ref: string, outcome: 'success' | 'failure' | 'timeout') => request<{ returnUrl: string }>(`/api/v1/sandbox/payment-gateway/orders/${encodeURIComponent(ref)}/complete`, { method: 'POST', body: { outcome } }),
};

export const vnd = (n: number) => `${new Intl.NumberFormat('vi-VN').format(n)} đ`;
