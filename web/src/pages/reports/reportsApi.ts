/** Client of the reporting API (/api/v1/reports…), on the shell's JSON `request`. */
import { ApiError, request, type Problem } from '../../api';
import type { ApiOk, Item, Known } from '../../api/types';

export const REPORT_PATHS = {
  home: '/giam-sat/bao-cao',
  period: '/giam-sat/bao-cao/ky',
  submission: '/giam-sat/bao-cao/bao-cao',
} as const;

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
export type SubmissionPage = ApiOk<'/api/v1/reports/submissions'>;
export type SubmissionSummary = Item<SubmissionPage['items']>;
export type SubmissionStatus = SubmissionSummary['status'];
type DocumentedSubmission = ApiOk<'/api/v1/reports/submissions/{id}'>;
/** The documented submission, with the parts the description leaves open (template, cell values, system figures, action payloads) typed below. */
export type Submission = Omit<DocumentedSubmission, 'template' | 'cells' | 'systemFigures' | 'actions'> & {
  template: Template;
  cells: Record<string, CellValue>;
  systemFigures: Record<string, FigureValue>;
  actions: (Omit<Item<DocumentedSubmission['actions']>, 'payload'> & { payload: Record<string, unknown> })[];
};
/** A digitally signed PDF of a report and the verdict of its signature (as officers see it at intake). */
export type SignedPdf = NonNullable<DocumentedSubmission['signedPdf']>;
export type Issue = Item<DocumentedSubmission['issues']>;
export type PeriodPage = ApiOk<'/api/v1/reports/periods'>;
export type Period = Item<PeriodPage['items']>;
/** An open object in the description: its known properties only. */
export type PeriodDetail = Known<ApiOk<'/api/v1/reports/periods/{id}'>>;
export type Consolidation = ApiOk<'/api/v1/reports/periods/{id}/consolidation', 'put'>;

// ---- Not in the description (the server documents a regime's template, the cell values, the
// ---- system figures and the aggregate as open objects): hand-copied from src/modules/reports.

export type CellType = 'integer' | 'percent' | 'money' | 'text';
export type CellValue = number | string | null;

export interface CellSpec {
  type?: CellType;
  unit?: string;
  required?: boolean;
  system?: string;
}
export interface Column extends CellSpec {
  id: string;
  label: string;
  type: CellType;
}
export interface Row {
  id: string;
  label: string;
  level?: number;
  type?: CellType;
  unit?: string;
}
export interface Table {
  id: string;
  title: string;
  note?: string;
  columns: Column[];
  rows: Row[];
  cells?: Record<string, CellSpec>;
  totalRow?: string;
}
export interface Section {
  id: string;
  title: string;
  guidance?: string;
  required?: boolean;
  level?: number;
}
export interface Template {
  sections: Section[];
  tables: Table[];
}

export interface FigureValue {
  value: number;
  source: string;
  at: string;
  basis: string;
}
export interface AggregateCell {
  ref: string;
  mode: 'sum' | 'avg' | 'ratio' | 'list' | 'none';
  value: number | null;
  count: number;
  items: { agencyId: string; agencyName: string; value: CellValue }[];
}
export interface Aggregate {
  period: Period;
  template: Template;
  include: 'accepted' | 'submitted';
  agencies: { agencyId: string; agencyName: string; versionNo: number; late: boolean }[];
  notIncluded: { agencyId: string; agencyName: string; statusName: string }[];
  cells: Record<string, AggregateCell>;
  consolidation: Consolidation | null;
}
export const reportsApi = {
  mine: (signal?: AbortSignal) => request<SubmissionPage>('/api/v1/reports/submissions', { query: { mine: true, limit: 200 }, signal }),
  lateOrMissing: (signal?: AbortSignal) => request<SubmissionPage>('/api/v1/reports/submissions', { query: { lateOrMissing: true, limit: 100 }, signal }),
  periods: (signal?: AbortSignal) => request<PeriodPage>('/api/v1/reports/periods', { query: { limit: 100 }, signal }),
  period: (id: string, signal?: AbortSignal) => request<PeriodDetail>(`/api/v1/reports/periods/${id}`, { signal }),
  aggregate: (id: string, include: 'accepted' | 'submitted', signal?: AbortSignal) => request<Aggregate>(`/api/v1/reports/periods/${id}/aggregate`, { query: { include }, signal }),
  submission: (id: string, signal?: AbortSignal) => request<Submission>(`/api/v1/reports/submissions/${id}`, { signal }),
  save: (id: string, body: { version: number; cells?: Record<string, CellValue>; narrative?: Record<string, string>; annotations?: Record<string, string> }) =>
    request<Submission>(`/api/v1/reports/submissions/${id}/data`, { method: 'PUT', body }),
  prefill: (id: string, version: number) => request<Submission>(`/api/v1/reports/submissions/${id}/prefill`, { method: 'POST', body: { version } }),
  transition: (id: string, action: 'sign' | 'submit' | 'accept', version: number, comment?: string) =>
    request<Submission>(`/api/v1/reports/submissions/${id}/${action}`, { method: 'POST', body: comment ? { version, comment } : { version } }),
  returnReport: (id: string, version: number, comment: string) => request<Submission>(`/api/v1/reports/submissions/${id}/return`, { method: 'POST', body: { version, comment } }),
  saveConsolidation: (periodId: string, body: { version: number; number?: string | null; narrative?: Record<string, string>; signerTitle?: string | null; signerName?: string | null }) =>
    request<Consolidation>(`/api/v1/reports/periods/${periodId}/consolidation`, { method: 'PUT', body }),
  sendConsolidation: (periodId: string, version: number) => request<Consolidation>(`/api/v1/reports/periods/${periodId}/consolidation/send`, { method: 'POST', body: { version } }),
  /** Uploads a filled XLSX form (multipart: file, version). */
  async uploadXlsx(id: string, version: number, file: File): Promise<Submission> {
    const fd = new FormData();
    fd.append('version', String(version));
    fd.append('file', file);
    const res = await fetch(`/api/v1/reports/submissions/${id}/form.xlsx`, { method: 'POST', body: fd, credentials: 'same-origin' });
    const data = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const problem = data && typeof data === 'object' ? ({ status: res.status, ...(data as object) } as Problem) : null;
      throw new ApiError(res.status, problem, problem?.detail ?? `HTTP ${res.status}`);
    }
    return data as Submission;
  },
};

export const cellTypeOf = (t: Table, rowId: string, colId: string): CellType => {
  const spec = t.cells?.[`${rowId}.${colId}`];
  const row = t.rows.find((r) => r.id === rowId);
  return spec?.type ?? row?.type ?? t.columns.find((c) => c.id === colId)!.type;
};

/** 1.234 / 56,7% for display (Vietnamese separators). */
export function showNumber(v: CellValue, type: CellType): string {
  if (v === null || v === '') return '';
  if (typeof v === 'string') return v;
  const s = v.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
  return type === 'percent' ? `${s}%` : s;
}
