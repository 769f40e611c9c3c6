/** Client for the procedure catalogue API (src/modules/catalog). */
import { DELETE, GET, POST, PUT, apiUrl, multipart } from '../../api';
import type { ApiOk, Item } from '../../api/types';
import { oneOf } from '../../api/values';

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

const at = (code: string) => ({ params: { path: { code } } });

export const catalogApi = {
  search: (q: { q?: string; field?: string; level?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    GET('/api/v1/procedures', { params: { query: { ...q, level: oneOf(ALL_LEVELS, q.level) } }, signal }),
  fields: (signal?: AbortSignal) => GET('/api/v1/procedure-fields', { signal }),
  procedure: (code: string, signal?: AbortSignal) => GET('/api/v1/procedures/{code}', { params: { path: { code } }, signal }),

  list: (q: { q?: string; limit: number; offset: number }, signal?: AbortSignal) => GET('/api/v1/catalog/procedures', { params: { query: q }, signal }),
  detail: (code: string, signal?: AbortSignal) => GET('/api/v1/catalog/procedures/{code}', { ...at(code), signal }),
  create: (content: ProcedureContent) => POST('/api/v1/catalog/procedures', { body: content }),
  amend: (code: string) => POST('/api/v1/catalog/procedures/{code}/amendments', { ...at(code), body: {} }),
  saveDraft: (code: string, revision: number, content: ProcedureContent) =>
    PUT('/api/v1/catalog/procedures/{code}/draft', { ...at(code), body: { revision, content } }),
  discardDraft: (code: string): Promise<void> => DELETE('/api/v1/catalog/procedures/{code}/draft', at(code)),
  publish: (code: string, body: { decisionNo: string; decisionDate?: string | null; effectiveFrom: string; revision?: number }) =>
    POST('/api/v1/catalog/procedures/{code}/publish', { ...at(code), body }),
  abolish: (code: string, body: { decisionNo: string; decisionDate?: string | null; effectiveFrom: string }) =>
    POST('/api/v1/catalog/procedures/{code}/abolish', { ...at(code), body }),
  setWorkflow: (code: string, caseKey: string, revision: number, steps: WorkflowStep[]) =>
    PUT('/api/v1/catalog/procedures/{code}/draft/cases/{caseKey}/workflow', { params: { path: { code, caseKey } }, body: { revision, steps } }),
  generateWorkflow: (code: string, caseKey: string, revision: number) =>
    POST('/api/v1/catalog/procedures/{code}/draft/cases/{caseKey}/workflow/generate', { params: { path: { code, caseKey } }, body: { revision } }),
  checkWorkflow: (body: { time: Duration; reducedTime?: Duration | null; steps: WorkflowStep[] }, signal?: AbortSignal) =>
    POST('/api/v1/catalog/workflow-check', { body, signal }),
  importJob: (id: string, signal?: AbortSignal) => GET('/api/v1/catalog/imports/{id}', { params: { path: { id } }, signal }),
  exportUrl: (format: 'json' | 'xlsx') => apiUrl('/api/v1/catalog/export', { query: { format } }),

  /** Uploads a JSON/XLSX file (multipart, field "file") and returns the import job. */
  upload(file: File): Promise<ImportJob> {
    const form = new FormData();
    form.append('file', file, file.name);
    return POST('/api/v1/catalog/import', multipart(form));
  },
};
