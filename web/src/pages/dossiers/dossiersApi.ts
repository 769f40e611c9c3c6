/** Client of the dossier API (src/modules/dossiers) and the parts of the catalogue API the counter needs. */
import { GET, POST, apiUrl, idempotency, multipart } from '../../api';
import type { ApiBody, ApiOk, ApiPath, ApiQuery, Item } from '../../api/types';

// Wire types: every one an alias of the types generated from the OpenAPI description
// (web/src/api/schema.d.ts, `npm run gen:api`), which documents the whole dossier view
// (src/modules/dossiers/dossiers.schemas.ts). Nothing here is copied from the server by hand.
export type DossierQuery = ApiQuery<'/api/v1/dossiers'>;
export type CreateDossierBody = ApiBody<'/api/v1/dossiers', 'post'>;
export type ApplicantKind = CreateDossierBody['applicant']['kind'];
/** The body of POST /api/v1/dossiers/:id/actions. */
export type ActionBody = ApiBody<'/api/v1/dossiers/{id}/actions', 'post'>;
/** The actions a user may ask for (every action but the online submission, which is POST /api/v1/dossiers). */
export type ActionType = ActionBody['type'];
/** The PDF documents of a dossier (GET /api/v1/dossiers/:id/documents/:kind). */
export type DocKind = ApiPath<'/api/v1/dossiers/{id}/documents/{kind}'>['kind'];

/** The dossier view: GET /api/v1/dossiers/:id, the list's items, the answer of a create or an action. */
export type DossierView = ApiOk<'/api/v1/dossiers/{id}'>;
export type Channel = DossierView['channel'];
export type AgencyBrief = NonNullable<DossierView['receivingAgency']>;
export type Applicant = DossierView['applicant'];
export type Representative = NonNullable<DossierView['representative']>;
export type ComponentEntry = Item<DossierView['components']>;
export type TimelineEntry = Item<DossierView['timeline']>;
export type DossierFile = Item<DossierView['files']>;
export type SupplementRecord = Item<DossierView['supplements']>;
export type PaymentRecord = Item<DossierView['payments']>;
/** The case's catalogue fee lines and the ones that apply to this applicant (the fee dialog's default); detail view only. */
export type FeeOptions = NonNullable<DossierView['fees']>;
export type Closure = NonNullable<DossierView['closure']>;
export type ClosureKind = Closure['kind'];
/** How a result is handed back (Điều 20): at the counter, by post, electronically. */
export type ReturnChannel = NonNullable<DossierView['returnInfo']>['channel'];

/**
 * A page of dossiers. Staff lists are not counted (that would read every dossier kept): `hasMore`
 * says whether a next page exists, `total` is known only on the last page (null before it).
 * A citizen's own list is always counted. `counts` (staff only) is keyed by queue name.
 */
export type DossierPage = ApiOk<'/api/v1/dossiers'>;
export type QueueName = keyof NonNullable<DossierPage['counts']>;

/** POST /api/v1/dossiers/:id/files (201): the stored file. */
export type UploadedFile = ApiOk<'/api/v1/dossiers/{id}/files', 'post'>;
export type UploadKind = NonNullable<ApiQuery<'/api/v1/dossiers/{id}/files', 'post'>['kind']>;
/** POST …/components/:index/scan (201) and …/digitisation (200). */
export type ScanResult = ApiOk<'/api/v1/dossiers/{id}/components/{index}/scan', 'post'>;
export type ScanConfirmation = ApiOk<'/api/v1/dossiers/{id}/components/{index}/digitisation', 'post'>;
/** POST /api/v1/citizens/warehouse/by-dossier/:dossierId/items/:id/reuse (201). */
export type WarehouseReuse = ApiOk<'/api/v1/citizens/warehouse/by-dossier/{dossierId}/items/{id}/reuse', 'post'>;

/** GET /api/v1/citizens/identity/by-dossier/:dossierId — whether the applicant's ID was verified (staff only). */
export type IdentityCheck = ApiOk<'/api/v1/citizens/identity/by-dossier/{dossierId}'>;

/** GET /api/v1/public/results/:sha256 — what a result's QR code opens (issue 19). */
export type PublicResultCheck = ApiOk<'/api/v1/public/results/{sha256}'>;
/** POST /api/v1/signatures/verify: one sentence for the file, and each signature. */
export type SignatureCheck = ApiOk<'/api/v1/signatures/verify', 'post'>;

/** What the applicant pays for a payment request: the lines' due amounts. */
export const paymentTotal = (items: readonly Pick<Item<PaymentRecord['items']>, 'amount' | 'due'>[]) => items.reduce((n, x) => n + (x.due ?? x.amount), 0);

/**
 * The public lookup: the status by the code alone; the details only with the receipt's lookup key.
 * The description documents one object whose detail fields are optional; `detailed` tells which.
 */
type PublicLookup = ApiOk<'/api/v1/public/dossiers/{code}'>;
type LookupDetails =
  'procedureName' | 'receivingAgency' | 'applicantName' | 'submittedAt' | 'receivedAt' | 'appointment' | 'originalAppointment' | 'returnedAt' | 'steps';
export type PublicDossier = Pick<PublicLookup, 'code' | 'status' | 'keyRejected'> &
  ({ detailed: false } | ({ detailed: true } & Required<Pick<PublicLookup, LookupDetails>> & Pick<PublicLookup, 'outcome'>));

// ---- the catalogue, as the counter reads it ---------------------------------------------------

export type ProcedurePage = ApiOk<'/api/v1/procedures'>;
export type ProcedureHit = Item<ProcedurePage['items']>;
export type ProcedureDetail = ApiOk<'/api/v1/procedures/{code}'>;
export type CatalogComponent = Item<ProcedureDetail['content']['components']>;
export type CatalogCase = Item<ProcedureDetail['content']['cases']>;
export type AgencyPage = ApiOk<'/api/v1/agencies'>;

export const documentUrl = (id: string, kind: DocKind) => apiUrl('/api/v1/dossiers/{id}/documents/{kind}', { path: { id, kind } });
export const fileUrl = (id: string, fileId: string) => apiUrl('/api/v1/dossiers/{id}/files/{fileId}', { path: { id, fileId } });

export const dossiersApi = {
  list: (q: DossierQuery, signal?: AbortSignal) => GET('/api/v1/dossiers', { params: { query: q }, signal }),
  get: (id: string, signal?: AbortSignal) => GET('/api/v1/dossiers/{id}', { params: { path: { id } }, signal }),
  create: (body: CreateDossierBody, idempotencyKey: string) => POST('/api/v1/dossiers', { params: { header: idempotency(idempotencyKey) }, body }),
  /** The body is built field by field from the action's form (dossierRules.buildActionBody); its shape is `ActionBody`. */
  act: (id: string, body: Record<string, unknown>, idempotencyKey: string) =>
    POST('/api/v1/dossiers/{id}/actions', { params: { path: { id }, header: idempotency(idempotencyKey) }, body: body as ActionBody }),
  upload: (id: string, file: File, opts: { componentIndex?: number; kind?: UploadKind }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return POST('/api/v1/dossiers/{id}/files', {
      params: { path: { id }, query: { componentIndex: opts.componentIndex, kind: opts.kind } },
      ...multipart(form),
    });
  },
  /** Scan of a component (issue 19 §3): several photos become one PDF; matchesOriginal confirms it (counts as digitised). */
  scanComponent: (id: string, index: number, files: File[], matchesOriginal: boolean) => {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    return POST('/api/v1/dossiers/{id}/components/{index}/scan', {
      params: { path: { id, index }, query: { matchesOriginal: matchesOriginal || undefined } },
      ...multipart(form),
    });
  },
  /** Attaches a document of the applicant's warehouse to a component (issue 19 §3); consent given in person when asked. */
  reuseFromWarehouse: (id: string, itemId: string, componentIndex: number, consent: boolean) =>
    POST('/api/v1/citizens/warehouse/by-dossier/{dossierId}/items/{id}/reuse', {
      params: { path: { dossierId: id, id: itemId } },
      body: { componentIndex, ...(consent ? { consent: { given: true, how: 'in_person' } } : {}) },
    }),
  /** The officer confirms that a stored scan matches the original (issue 19 §3). */
  confirmScan: (id: string, index: number, fileId: string) =>
    POST('/api/v1/dossiers/{id}/components/{index}/digitisation', { params: { path: { id, index } }, body: { fileId, matchesOriginal: true } }),
  /** Checks the digital signatures of a PDF (issue 19): anyone may, nothing is stored. */
  verifySignatures: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return POST('/api/v1/signatures/verify', multipart(form));
  },
  resultCheck: (sha256: string, signal?: AbortSignal) => GET('/api/v1/public/results/{sha256}', { params: { path: { sha256 } }, signal }),
  lookup: (code: string, key: string, signal?: AbortSignal): Promise<PublicDossier> =>
    GET('/api/v1/public/dossiers/{code}', { params: { path: { code }, query: { key: key || undefined } }, signal }) as Promise<PublicDossier>,
  procedures: (q: string, signal?: AbortSignal) => GET('/api/v1/procedures', { params: { query: { q, limit: 10 } }, signal }),
  procedure: (code: string, signal?: AbortSignal) => GET('/api/v1/procedures/{code}', { params: { path: { code } }, signal }),
  agencies: (signal?: AbortSignal) => GET('/api/v1/agencies', { params: { query: { current: true, limit: 500 } }, signal }),
  /** The applicant's document warehouse, as the dossier's officer sees it (issue 19 §3). */
  warehouse: (dossierId: string) => GET('/api/v1/citizens/warehouse/by-dossier/{dossierId}', { params: { path: { dossierId } } }),
  /** Whether the applicant's ID was verified (staff only; quiet: a refusal only hides the card). */
  identity: (dossierId: string, signal?: AbortSignal) =>
    GET('/api/v1/citizens/identity/by-dossier/{dossierId}', { params: { path: { dossierId } }, signal, quiet401: true }),
};
