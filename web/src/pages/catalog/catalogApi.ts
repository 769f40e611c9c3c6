/** Client for the procedure catalogue API (src/modules/catalog). */
import { ApiError, CSRF_HEADERS, request, type Page } from '../../api';

export type Level = 'province' | 'commune' | 'district';
export type OnlineLevel = 'full' | 'partial' | 'none';
export type TimeUnit = 'working_days' | 'working_hours' | 'calendar_days';
export type VersionStatus = 'draft' | 'published' | 'abolished';

export interface ProcedureSummary {
  code: string;
  portalCode: string | null;
  name: string;
  field: string;
  levels: Level[];
  onlineLevel: OnlineLevel;
  processingTime: string;
  fees: string;
  agency: string;
  agencyId: string | null;
  versionId: string;
  versionNo: number;
  effectiveFrom: string | null;
  score?: number;
}

export interface Duration {
  amount: number;
  unit: TimeUnit;
  text?: string | null;
}
export interface AgencyRef {
  kind: string;
  id?: string | null;
  code?: string | null;
  name?: string | null;
}
export interface Fee {
  name: string;
  amountVnd: number | null;
  basis: string;
  payer: string;
  onlineReductionPercent: number | null;
  note: string | null;
  /** Lines with the same group are alternatives: only one is charged. */
  alternativeGroup?: string | null;
  /** Applicant groups the line applies to (null: everyone). */
  appliesTo?: string[] | null;
  /** Charged only when the applicant asks (e.g. copies). */
  onRequest?: boolean;
}
export interface WorkflowStep {
  name: string;
  agency: AgencyRef;
  department?: string | null;
  role: string;
  budget: { amount: number; unit: TimeUnit };
  actions: string[];
  canSendBack: boolean;
  interAgency: boolean;
}
export interface CaseDef {
  key: string;
  name: string;
  time: Duration;
  onlineTime?: Duration | null;
  reducedTime?: Duration | null;
  fees: Fee[];
  eform?: { title: string; generated?: boolean; fields: { key: string; label: string; prefill?: { source: string; ref: string } | null }[] } | null;
  workflow?: { generated: boolean; steps: WorkflowStep[] } | null;
}
export interface Component {
  name: string;
  originals: number;
  copies: number;
  required: boolean;
  condition: string | null;
  templateCode: string | null;
  templateFile?: string | null;
  replaceableByData: string | null;
  caseKeys?: string[] | null;
}
export interface ProcedureContent {
  code: string;
  portalCode?: string | null;
  name: string;
  field: string;
  levels: Level[];
  agencyKind?: string | null;
  agencies?: { competent: AgencyRef | null; receiving: AgencyRef[] };
  subjects: string[];
  onlineLevel: OnlineLevel;
  channels: string[];
  requirements?: string[];
  cases: CaseDef[];
  components: Component[];
  result: { name: string; validityMonths: number | null };
  legalBasis: string[];
  steps: string[];
  sources?: string[];
  unverified?: string[];
}
export interface VersionMeta {
  versionId: string;
  versionNo: number;
  status: VersionStatus;
  decisionNo: string | null;
  decisionDate: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  revision: number;
  name: string;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
}
export interface WorkflowCheck {
  ok: boolean;
  limit: { amount: number; unit: string };
  total: { amount: number; unit: string };
  problems: { code: string; message: string; step: number | null }[];
}
export interface ProcedureVersion {
  procedureId: string;
  code: string;
  version: VersionMeta;
  content: ProcedureContent;
  summary: { timeText: string; feeText: string; agencyText: string };
  derived: {
    cases: {
      key: string;
      timeText: string;
      eformStats: { fields: number; prefillable: number; toDeclare: number; reductionPercent: number } | null;
      workflowCheck: WorkflowCheck | null;
    }[];
  };
}
export interface ManagerItem {
  procedureId: string;
  code: string;
  name: string;
  field: string;
  levels: Level[];
  state: 'draft_only' | 'in_force' | 'scheduled' | 'abolished' | 'not_in_force';
  draft: VersionMeta | null;
  inForce: VersionMeta | null;
  latest: VersionMeta;
}
export interface ManagerDetail {
  procedureId: string;
  code: string;
  versions: VersionMeta[];
  draft: ProcedureVersion | null;
  inForce: ProcedureVersion | null;
  latest: ProcedureVersion;
}
export interface ImportJob {
  id: string;
  format: 'json' | 'xlsx';
  fileName: string | null;
  status: 'queued' | 'validating' | 'applying' | 'succeeded' | 'failed';
  phase: string;
  total: number;
  processed: number;
  errors: { sheet: string; row: number | null; column: string | null; message: string }[];
  errorCount: number;
  result: { created: number; updated: number; unchanged: number; codes: string[] } | null;
}

const enc = encodeURIComponent;
const base = '/api/v1/catalog/procedures';

export const catalogApi = {
  search: (q: { q?: string; field?: string; level?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    request<Page<ProcedureSummary>>('/api/v1/procedures', { query: q, signal }),
  fields: (signal?: AbortSignal) => request<Page<{ field: string; count: number }>>('/api/v1/procedure-fields', { signal }),
  procedure: (code: string, signal?: AbortSignal) => request<ProcedureVersion>(`/api/v1/procedures/${enc(code)}`, { signal }),

  list: (q: { q?: string; limit: number; offset: number }, signal?: AbortSignal) => request<Page<ManagerItem>>(base, { query: q, signal }),
  detail: (code: string, signal?: AbortSignal) => request<ManagerDetail>(`${base}/${enc(code)}`, { signal }),
  create: (content: ProcedureContent) => request<ProcedureVersion>(base, { method: 'POST', body: content }),
  amend: (code: string) => request<ProcedureVersion>(`${base}/${enc(code)}/amendments`, { method: 'POST', body: {} }),
  saveDraft: (code: string, revision: number, content: ProcedureContent) =>
    request<ProcedureVersion>(`${base}/${enc(code)}/draft`, { method: 'PUT', body: { revision, content } }),
  discardDraft: (code: string) => request<void>(`${base}/${enc(code)}/draft`, { method: 'DELETE' }),
  publish: (code: string, body: { decisionNo: string; decisionDate?: string | null; effectiveFrom: string; revision?: number }) =>
    request<ProcedureVersion>(`${base}/${enc(code)}/publish`, { method: 'POST', body }),
  abolish: (code: string, body: { decisionNo: string; decisionDate?: string | null; effectiveFrom: string }) =>
    request<ProcedureVersion>(`${base}/${enc(code)}/abolish`, { method: 'POST', body }),
  setWorkflow: (code: string, caseKey: string, revision: number, steps: WorkflowStep[]) =>
    request<ProcedureVersion>(`${base}/${enc(code)}/draft/cases/${enc(caseKey)}/workflow`, { method: 'PUT', body: { revision, steps } }),
  generateWorkflow: (code: string, caseKey: string, revision: number) =>
    request<ProcedureVersion>(`${base}/${enc(code)}/draft/cases/${enc(caseKey)}/workflow/generate`, { method: 'POST', body: { revision } }),
  checkWorkflow: (body: { time: Duration; reducedTime?: Duration | null; steps: WorkflowStep[] }, signal?: AbortSignal) =>
    request<WorkflowCheck>('/api/v1/catalog/workflow-check', { method: 'POST', body, signal }),
  importJob: (id: string, signal?: AbortSignal) => request<ImportJob>(`/api/v1/catalog/imports/${enc(id)}`, { signal }),
  exportUrl: (format: 'json' | 'xlsx') => `/api/v1/catalog/export?format=${format}`,

  /** Uploads a JSON/XLSX file (multipart, field "file") and returns the import job. */
  async upload(file: File): Promise<ImportJob> {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await fetch('/api/v1/catalog/import', { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', ...CSRF_HEADERS } });
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, data, (data as { detail?: string } | null)?.detail ?? `HTTP ${res.status}`);
    return data as ImportJob;
  },
};
