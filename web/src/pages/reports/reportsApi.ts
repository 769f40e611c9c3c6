/** Client of the reporting API (/api/v1/reports…), on the shell's JSON `request`. */
import { GET, POST, PUT, multipart, type Role } from '../../api';
import type { ApiBody, ApiOk, Item } from '../../api/types';

/**
 * Who reports and who receives (the server's REPORTER_ROLES and RECEIVER_ROLES in
 * src/modules/reports/reports.service.ts decide; these only choose what the home screen shows;
 * reportsApi.test.ts keeps them equal).
 */
export const REPORTER_ROLES: readonly Role[] = ['specialist', 'unit_leader', 'one_stop_officer'];
export const RECEIVER_ROLES: readonly Role[] = ['provincial_office', 'home_affairs', 'admin'];

export const REPORT_PATHS = {
  home: '/giam-sat/bao-cao',
  period: '/giam-sat/bao-cao/ky',
  submission: '/giam-sat/bao-cao/bao-cao',
} as const;

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
export type SubmissionPage = ApiOk<'/api/v1/reports/submissions'>;
export type SubmissionSummary = Item<SubmissionPage['items']>;
export type SubmissionStatus = SubmissionSummary['status'];
/** One report: template, cell values, system figures, checks, versions, log (GET /api/v1/reports/submissions/{id}). */
export type Submission = ApiOk<'/api/v1/reports/submissions/{id}'>;
/** A digitally signed PDF of a report and the verdict of its signature (as officers see it at intake). */
export type SignedPdf = NonNullable<Submission['signedPdf']>;
export type Issue = Item<Submission['issues']>;
/** What the caller may do next on a report (the buttons shown). */
export type SubmissionAction = Item<Submission['allowedActions']>;
export type PeriodPage = ApiOk<'/api/v1/reports/periods'>;
export type Period = Item<PeriodPage['items']>;
export type PeriodDetail = ApiOk<'/api/v1/reports/periods/{id}'>;
export type Consolidation = ApiOk<'/api/v1/reports/periods/{id}/consolidation', 'put'>;
/** A regime's template (đề cương + biểu số liệu) as the server sends it. */
export type Template = Submission['template'];
export type Section = Item<Template['sections']>;
export type Table = Item<Template['tables']>;
export type Column = Item<Table['columns']>;
export type Row = Item<Table['rows']>;
export type CellType = Column['type'];
export type CellValue = Submission['cells'][string];
export type FigureValue = Submission['systemFigures'][string];
/** Each cell aggregated across the reporting agencies (GET /api/v1/reports/periods/{id}/aggregate). */
export type Aggregate = ApiOk<'/api/v1/reports/periods/{id}/aggregate'>;
export type AggregateCell = Aggregate['cells'][string];
export type Include = Aggregate['include'];
export type SaveBody = ApiBody<'/api/v1/reports/submissions/{id}/data', 'put'>;
export type ConsolidationBody = ApiBody<'/api/v1/reports/periods/{id}/consolidation', 'put'>;

const at = (id: string) => ({ params: { path: { id } } });

export const reportsApi = {
  mine: (signal?: AbortSignal) => GET('/api/v1/reports/submissions', { params: { query: { mine: true, limit: 200 } }, signal }),
  lateOrMissing: (signal?: AbortSignal) => GET('/api/v1/reports/submissions', { params: { query: { lateOrMissing: true, limit: 100 } }, signal }),
  periods: (signal?: AbortSignal) => GET('/api/v1/reports/periods', { params: { query: { limit: 100 } }, signal }),
  period: (id: string, signal?: AbortSignal) => GET('/api/v1/reports/periods/{id}', { ...at(id), signal }),
  aggregate: (id: string, include: Include, signal?: AbortSignal) =>
    GET('/api/v1/reports/periods/{id}/aggregate', { params: { path: { id }, query: { include } }, signal }),
  submission: (id: string, signal?: AbortSignal) => GET('/api/v1/reports/submissions/{id}', { ...at(id), signal }),
  save: (id: string, body: SaveBody) => PUT('/api/v1/reports/submissions/{id}/data', { ...at(id), body }),
  prefill: (id: string, version: number) => POST('/api/v1/reports/submissions/{id}/prefill', { ...at(id), body: { version } }),
  transition: (id: string, action: Extract<SubmissionAction, 'sign' | 'submit' | 'accept'>, version: number, comment?: string) => {
    const init = { ...at(id), body: comment ? { version, comment } : { version } };
    if (action === 'sign') return POST('/api/v1/reports/submissions/{id}/sign', init);
    if (action === 'submit') return POST('/api/v1/reports/submissions/{id}/submit', init);
    return POST('/api/v1/reports/submissions/{id}/accept', init);
  },
  returnReport: (id: string, version: number, comment: string) => POST('/api/v1/reports/submissions/{id}/return', { ...at(id), body: { version, comment } }),
  saveConsolidation: (periodId: string, body: ConsolidationBody) => PUT('/api/v1/reports/periods/{id}/consolidation', { ...at(periodId), body }),
  sendConsolidation: (periodId: string, version: number) => POST('/api/v1/reports/periods/{id}/consolidation/send', { ...at(periodId), body: { version } }),
  /** Uploads a filled XLSX form (multipart: file, version). */
  uploadXlsx(id: string, version: number, file: File): Promise<Submission> {
    const fd = new FormData();
    fd.append('version', String(version));
    fd.append('file', file);
    return POST('/api/v1/reports/submissions/{id}/form.xlsx', { ...at(id), ...multipart(fd) });
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
