/** Client of the reporting API (/api/v1/reports…), on the shell's JSON `request`. */
import { ApiError, request, type Page, type Problem } from '../../api';

export const REPORT_PATHS = {
  home: '/giam-sat/bao-cao',
  period: '/giam-sat/bao-cao/ky',
  submission: '/giam-sat/bao-cao/bao-cao',
} as const;

export type SubmissionStatus = 'not_started' | 'draft' | 'signed' | 'submitted' | 'returned' | 'accepted';
export type CellType = 'integer' | 'percent' | 'money' | 'text';
export type CellValue = number | string | null;

/** A digitally signed PDF of a report and the verdict of its signature (as officers see it at intake). */
export interface SignedPdf {
  sha256: string;
  status: 'none' | 'valid' | 'problem';
  verdict: string;
}

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

export interface Issue {
  severity: 'error' | 'warning';
  code: string;
  ref: string | null;
  message: string;
}

export interface FigureValue {
  value: number;
  source: string;
  at: string;
  basis: string;
}

export interface SubmissionSummary {
  id: string;
  periodId: string;
  periodLabel: string;
  regimeCode: string;
  regimeName: string;
  agency: { id: string; name: string };
  status: SubmissionStatus;
  statusName: string;
  dueOn: string;
  cutoffFrom: string;
  cutoffTo: string;
  submittedVersions: number;
  firstSubmittedAt: string | null;
  lastSubmittedAt: string | null;
  acceptedAt: string | null;
  late: boolean;
  overdue: boolean;
  daysLate: number | null;
  version: number;
}

export interface Submission extends SubmissionSummary {
  regime: { code: string; name: string; legalBasis: string; receiverAgencyId: string };
  template: Template;
  cells: Record<string, CellValue>;
  narrative: Record<string, string>;
  annotations: Record<string, string>;
  systemFigures: Record<string, FigureValue>;
  systemFiguresAt: string | null;
  overridden: string[];
  signedByName: string | null;
  signedAt: string | null;
  /** The report's PDF the leader signed digitally (issue 19 §5) and its verdict. */
  signedPdf: SignedPdf | null;
  reviewComment: string | null;
  cellComments: Record<string, string>;
  issues: Issue[];
  versions: { versionNo: number; submittedAt: string; submittedBy: string | null; signedByName: string | null; late: boolean; signedPdf: SignedPdf | null }[];
  actions: { seq: number; type: string; at: string; actor: string | null; fromStatus: string | null; toStatus: string; payload: Record<string, unknown> }[];
  allowedActions: string[];
}

export interface Period {
  id: string;
  regime: { id: string; code: string; name: string; receiverAgencyId: string };
  frequency: string;
  key: string;
  label: string;
  year: number;
  cutoffFrom: string;
  cutoffTo: string;
  dueOn: string;
  counts: Record<string, number>;
  late: number;
  missing: number;
}

export interface PeriodDetail extends Period {
  submissions: SubmissionSummary[];
  consolidation: Consolidation | null;
  canReceive: boolean;
}

export interface Consolidation {
  number: string | null;
  narrative: Record<string, string>;
  signerTitle: string | null;
  signerName: string | null;
  status: 'draft' | 'sent';
  sentAt: string | null;
  nationalReceipt: string | null;
  version: number;
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
  mine: (signal?: AbortSignal) => request<Page<SubmissionSummary>>('/api/v1/reports/submissions', { query: { mine: true, limit: 200 }, signal }),
  lateOrMissing: (signal?: AbortSignal) => request<Page<SubmissionSummary>>('/api/v1/reports/submissions', { query: { lateOrMissing: true, limit: 100 }, signal }),
  periods: (signal?: AbortSignal) => request<Page<Period>>('/api/v1/reports/periods', { query: { limit: 100 }, signal }),
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
