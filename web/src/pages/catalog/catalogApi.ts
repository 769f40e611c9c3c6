/** Client for the procedure catalogue API (src/modules/catalog). */
import { request } from '../../api';
import type { ApiOk, Item } from '../../api/types';

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
export type ProcedurePage = ApiOk<'/api/v1/procedures'>;
export type ProcedureSummary = Item<ProcedurePage['items']>;
export type ProcedureVersion = ApiOk<'/api/v1/procedures/{code}'>;
export type ProcedureContent = ProcedureVersion['content'];
export type VersionMeta = ProcedureVersion['version'];
export type Level = Item<ProcedureContent['levels']>;
/** The levels in the catalogue's order; the list documents `levels` as plain strings, the detail as these. */
export const ALL_LEVELS: readonly Level[] = ['province', 'district', 'commune'];
export const isLevel = (x: string): x is Level => (ALL_LEVELS as readonly string[]).includes(x);
export type OnlineLevel = ProcedureContent['onlineLevel'];
export type VersionStatus = VersionMeta['status'];
export type CaseDef = Item<ProcedureContent['cases']>;
export type Duration = CaseDef['time'];
export type TimeUnit = Duration['unit'];
export type Fee = Item<CaseDef['fees']>;
export type WorkflowStep = Item<NonNullable<CaseDef['workflow']>['steps']>;
export type AgencyRef = WorkflowStep['agency'];
export type Component = Item<ProcedureContent['components']>;
export type WorkflowCheck = ApiOk<'/api/v1/catalog/workflow-check', 'post'>;
export type ManagerPage = ApiOk<'/api/v1/catalog/procedures'>;
export type ManagerItem = Item<ManagerPage['items']>;
export type ManagerDetail = ApiOk<'/api/v1/catalog/procedures/{code}'>;
export type ImportJob = ApiOk<'/api/v1/catalog/imports/{id}'>;

const enc = encodeURIComponent;
const base = '/api/v1/catalog/procedures';

export const catalogApi = {
  search: (q: { q?: string; field?: string; level?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    request<ProcedurePage>('/api/v1/procedures', { query: q, signal }),
  fields: (signal?: AbortSignal) => request<ApiOk<'/api/v1/procedure-fields'>>('/api/v1/procedure-fields', { signal }),
  procedure: (code: string, signal?: AbortSignal) => request<ProcedureVersion>(`/api/v1/procedures/${enc(code)}`, { signal }),

  list: (q: { q?: string; limit: number; offset: number }, signal?: AbortSignal) => request<ManagerPage>(base, { query: q, signal }),
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
  upload(file: File): Promise<ImportJob> {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<ImportJob>('/api/v1/catalog/import', { method: 'POST', body: form });
  },
};
