/** Client of the dossier API (src/modules/dossiers) and the parts of the catalogue API the counter needs. */
import { ApiError, CSRF_HEADERS, request, UNAUTHORIZED_EVENT, withQuery, type Problem } from '../../api';
import type { ApiBody, ApiOk, ApiQuery, Item, Known } from '../../api/types';

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts)
// where the description documents them; the rest of the dossier view is marked below.
export type DossierQuery = ApiQuery<'/api/v1/dossiers'>;
export type QueueName = NonNullable<DossierQuery['queue']>;
export type Channel = NonNullable<DossierQuery['channel']>;
export type CreateDossierBody = ApiBody<'/api/v1/dossiers', 'post'>;
export type Applicant = CreateDossierBody['applicant'];
export type ApplicantKind = Applicant['kind'];
export type Representative = NonNullable<CreateDossierBody['representative']>;
/** The body of POST /api/v1/dossiers/:id/actions. */
export type ActionBody = ApiBody<'/api/v1/dossiers/{id}/actions', 'post'>;
export type DocKind = 'receipt' | 'supplement-request' | 'refusal' | 'apology' | 'stop-notice' | 'control-sheet' | 'appraisal-refusal';

/** The dossier view as the description documents it (an open object: the rest is below). */
type DocumentedDossier = Known<ApiOk<'/api/v1/dossiers/{id}'>>;
export type AgencyBrief = NonNullable<DocumentedDossier['receivingAgency']>;

// ---- Not in the description yet (the server documents the dossier view as an open object with the
// ---- fields above only): hand-copied from src/modules/dossiers until the server documents them.

export interface ComponentEntry {
  index: number;
  name: string;
  originals: number;
  copies: number;
  digitised: boolean;
  reusedFrom: string | null;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  name: string;
  at: string;
  /** The person's full name and title ("Hệ thống" for automated actors). */
  actorName?: string | null;
  actorTitle?: string | null;
  /** Username: technical detail, shown to admins only. */
  actor: string | null;
  agency: string | null;
  fromStatus: number | null;
  toStatus: number | null;
  payload: Record<string, unknown> | null;
  /** The law the action applied, as in force for this dossier (null for actions recorded before it was kept). */
  law?: string | null;
}

export interface DossierFile {
  id: string;
  componentIndex: number | null;
  kind: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  digitised: boolean;
  uploadedAt: string;
  /** The digital-signature verdict of a PDF, checked when it was stored (issue 19); null for other files. */
  signature?: { status: 'none' | 'valid' | 'problem'; verdict: string } | null;
}

/** GET /api/v1/public/results/:sha256 — what a result's QR code opens (issue 19). */
export type PublicResultCheck = ApiOk<'/api/v1/public/results/{sha256}'>;
/** POST /api/v1/signatures/verify: one sentence for the file, and each signature. */
export type SignatureCheck = ApiOk<'/api/v1/signatures/verify', 'post'>;

export interface SupplementRecord {
  phase: 'pre_receipt' | 'processing';
  agencyId: string;
  requestedAt: string;
  reason: string;
  items: string[];
  deadline: string | null;
  receivedAt: string | null;
}

export interface PaymentRecord {
  requestedAt: string;
  /** `due` is what the applicant pays for the line (online reduction applied once, at request time); absent on old requests (= amount). */
  items: { name: string; amount: number; reductionPercent?: number; due?: number }[];
  paidAt: string | null;
  paidOnline: boolean | null;
}

export interface FeeOptions {
  lines: { name: string; amountVnd: number | null; alternativeGroup: string | null; appliesTo: string[] | null; onRequest: boolean; reductionPercent: number }[];
  suggested: number[];
  needsChoice: string[];
}

/** What the applicant pays for a payment request: the lines' due amounts. */
export const paymentTotal = (items: readonly { amount: number; due?: number }[]) => items.reduce((n, x) => n + (x.due ?? x.amount), 0);

/** The documented part of the view (`channel` narrowed to the channels the server records) and the rest. */
export type DossierView = DocumentedDossier & { channel: Channel } & UndocumentedDossier;

interface UndocumentedDossier {
  currentStep: number | null;
  assigneeId: string | null;
  applicant: Applicant;
  representative: Representative | null;
  summary: string | null;
  components: ComponentEntry[];
  submittedAt: string | null;
  receivedAt: string | null;
  apology: { at: string; reason: string; previousAppointment: string; newAppointment: string } | null;
  supplements: SupplementRecord[];
  payments: PaymentRecord[];
  /** The case's catalogue fee lines and the ones that apply to this applicant (the fee dialog's default); detail view only. */
  fees?: FeeOptions | null;
  applicantGroups?: string[];
  /** How the applicant chose to receive the result (from the submission), the default of "Trả kết quả". */
  resultChannel?: 'counter' | 'post' | 'electronic' | null;
  result: { readyAt: string; decisionNumber: string; signer: string; signedOn: string; fileId: string | null } | null;
  returnInfo: { at: string; channel: 'counter' | 'post' | 'electronic'; receivedBy: string; trackingNumber: string | null } | null;
  closure: {
    kind: 'refused' | 'withdrawn' | 'stopped' | 'supplement_timeout';
    at: string;
    reason: string;
    reference: string | null;
    /** A refusal after appraisal: the written refusal stating the reasons, the dossier's result. */
    document?: { number: string; fileId: string } | null;
  } | null;
  processingEndedAt: string | null;
  timeline: TimelineEntry[];
  files: DossierFile[];
  createdAt: string;
  updatedAt: string;
}

/**
 * A page of dossiers. Staff lists are not counted (that would read every dossier kept): `hasMore`
 * says whether a next page exists, `total` is known only on the last page (null before it).
 * A citizen's own list is always counted. `counts` is keyed by queue name.
 */
export type DossierPage = Omit<ApiOk<'/api/v1/dossiers'>, 'items' | 'counts'> & { items: DossierView[]; counts: Partial<Record<QueueName, number>> | null };

/**
 * The public lookup: the status by the code alone; the details only with the receipt's lookup key.
 * The description documents one object whose detail fields are optional; `detailed` tells which.
 */
type PublicLookup = ApiOk<'/api/v1/public/dossiers/{code}'>;
type LookupDetails = 'procedureName' | 'receivingAgency' | 'applicantName' | 'submittedAt' | 'receivedAt' | 'appointment' | 'originalAppointment' | 'returnedAt' | 'steps';
export type PublicDossier = Pick<PublicLookup, 'code' | 'status' | 'keyRejected'> &
  ({ detailed: false } | ({ detailed: true } & Required<Pick<PublicLookup, LookupDetails>> & Pick<PublicLookup, 'outcome'>));

// ---- the catalogue, as the counter reads it ---------------------------------------------------

export type ProcedurePage = ApiOk<'/api/v1/procedures'>;
export type ProcedureHit = Item<ProcedurePage['items']>;
export type ProcedureDetail = ApiOk<'/api/v1/procedures/{code}'>;
export type CatalogComponent = Item<ProcedureDetail['content']['components']>;
export type CatalogCase = Item<ProcedureDetail['content']['cases']>;
export type AgencyPage = ApiOk<'/api/v1/agencies'>;

/** A key for the Idempotency-Key header: crypto.randomUUID where the page is a secure context, else a v4 UUID from getRandomValues. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A POST with headers the shell's `request` does not take (Idempotency-Key) or a multipart body. */
async function send<T>(path: string, body: BodyInit | object, headers: Record<string, string> = {}): Promise<T> {
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json', ...CSRF_HEADERS, ...(isForm ? {} : { 'content-type': 'application/json' }), ...headers },
      body: isForm ? (body as FormData) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null, 'network error');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const problem = data && typeof data === 'object' ? ({ status: res.status, ...(data as object) } as Problem) : null;
    if (res.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw new ApiError(res.status, problem, problem?.detail ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export const documentUrl = (id: string, kind: DocKind) => `/api/v1/dossiers/${encodeURIComponent(id)}/documents/${kind}`;
export const fileUrl = (id: string, fileId: string) => `/api/v1/dossiers/${encodeURIComponent(id)}/files/${encodeURIComponent(fileId)}`;

export const dossiersApi = {
  list: (q: DossierQuery, signal?: AbortSignal) => request<DossierPage>('/api/v1/dossiers', { query: { ...q }, signal }),
  get: (id: string, signal?: AbortSignal) => request<DossierView>(`/api/v1/dossiers/${encodeURIComponent(id)}`, { signal }),
  create: (body: CreateDossierBody, idempotencyKey: string) => send<DossierView>('/api/v1/dossiers', body, { 'idempotency-key': idempotencyKey }),
  /** The body is built field by field from the action's form (dossierRules.buildActionBody); its shape is `ActionBody`. */
  act: (id: string, body: Record<string, unknown>, idempotencyKey: string) =>
    send<DossierView>(`/api/v1/dossiers/${encodeURIComponent(id)}/actions`, body, { 'idempotency-key': idempotencyKey }),
  upload: (id: string, file: File, opts: { componentIndex?: number; kind?: 'component' | 'result' | 'supplement' | 'other' }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return send<{ id: string; fileName: string }>(withQuery(`/api/v1/dossiers/${encodeURIComponent(id)}/files`, { componentIndex: opts.componentIndex, kind: opts.kind }), form);
  },
  /** Scan of a component (issue 19 §3): several photos become one PDF; matchesOriginal confirms it (counts as digitised). */
  scanComponent: (id: string, index: number, files: File[], matchesOriginal: boolean) => {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    return send<{ fileId: string; pages: number | null; digitised: boolean }>(withQuery(`/api/v1/dossiers/${encodeURIComponent(id)}/components/${index}/scan`, { matchesOriginal: matchesOriginal ? 'true' : undefined }), form);
  },
  /** Attaches a document of the applicant's warehouse to a component (issue 19 §3); consent given in person when asked. */
  reuseFromWarehouse: (id: string, itemId: string, componentIndex: number, consent: boolean) =>
    send<{ fileId: string }>(`/api/v1/citizens/warehouse/by-dossier/${encodeURIComponent(id)}/items/${encodeURIComponent(itemId)}/reuse`, { componentIndex, ...(consent ? { consent: { given: true, how: 'in_person' } } : {}) }),
  /** The officer confirms that a stored scan matches the original (issue 19 §3). */
  confirmScan: (id: string, index: number, fileId: string) => send<{ digitised: boolean }>(`/api/v1/dossiers/${encodeURIComponent(id)}/components/${index}/digitisation`, { fileId, matchesOriginal: true }),
  /** Checks the digital signatures of a PDF (issue 19): anyone may, nothing is stored. */
  verifySignatures: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return send<SignatureCheck>('/api/v1/signatures/verify', form);
  },
  resultCheck: (sha256: string, signal?: AbortSignal) => request<PublicResultCheck>(`/api/v1/public/results/${encodeURIComponent(sha256)}`, { signal }),
  lookup: (code: string, key: string, signal?: AbortSignal) => request<PublicDossier>(`/api/v1/public/dossiers/${encodeURIComponent(code)}`, { query: key ? { key } : {}, signal }),
  procedures: (q: string, signal?: AbortSignal) => request<ProcedurePage>('/api/v1/procedures', { query: { q, limit: 10 }, signal }),
  procedure: (code: string, signal?: AbortSignal) => request<ProcedureDetail>(`/api/v1/procedures/${encodeURIComponent(code)}`, { signal }),
  agencies: (signal?: AbortSignal) => request<AgencyPage>('/api/v1/agencies', { query: { current: true, limit: 500 }, signal }),
};
