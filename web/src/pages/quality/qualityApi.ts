import { request } from '../../api';
import type { ApiOk, Item } from '../../api/types';

export const QUALITY_PATHS = {
  dashboard: '/chat-luong-phuc-vu',
  late: '/chat-luong-phuc-vu/tre-han',
  public: '/danh-gia-chat-luong',
} as const;

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
export type Indicators = ApiOk<'/api/v1/quality/indicators'>;
export type IndicatorValue = Item<Indicators['indicators']>;
export type Score = Indicators['score'];
export type Timeliness = Indicators['timeliness'];
/** 5.4's counts: dossiers received in the period, the late ones, the rated and the dissatisfied ones. */
export type Satisfaction = Indicators['satisfaction'];
/** 5.2 under the portal's scope and limits. */
export type PortalFeedback = Indicators['feedback'];
export type Information = Indicators['information'];
/** `pendingChanges`: dossier changes not yet counted (the read model is catching up); 0 = up to date. */
export type Dashboard = ApiOk<'/api/v1/quality/dashboard'>;
export type DashboardItem = Item<Dashboard['items']>;
export type TrendPoint = Item<ApiOk<'/api/v1/quality/trend'>['items']>;
export type Drill = ApiOk<'/api/v1/quality/indicators/{code}/dossiers'>;
export type DrillItem = Item<Drill['items']>;
export type LateList = ApiOk<'/api/v1/quality/late'>;
export type PublishedLate = ApiOk<'/api/v1/quality/late/published'>;
export type RatingForm = ApiOk<'/api/v1/ratings/{token}'>;
/** The XLSX export as a job (POST /api/v1/quality/exports; components/ExportJob.tsx). */
export type QualityExportJob = ApiOk<'/api/v1/quality/exports/{id}'>;

/** Indicators whose points can be traced to dossiers (the API's default drill-down). */
export const DRILLABLE = new Set([
  'DVC_PROGRESS',
  'ONLINE_FULL_DOSSIER',
  'DOSSIER_ONLINE_PAYMENT',
  'ORIGINAL_RESULT_AVAILABLE',
  'SO_HOA_GIAY_TO_GIAI_QUYET',
  'REUSED_DIGITIZED_DATA',
]);

export const qualityApi = {
  indicators: (q: { from: string; to: string; agency?: string; level?: string }) => request<Indicators>('/api/v1/quality/indicators', { query: q }),
  dashboard: (q: { from: string; to: string; level?: string }) => request<Dashboard>('/api/v1/quality/dashboard', { query: q }),
  trend: (q: { to: string; months: number; agency?: string }) => request<ApiOk<'/api/v1/quality/trend'>>('/api/v1/quality/trend', { query: q }),
  drill: (code: string, q: { from: string; to: string; agency?: string; limit: number; offset: number }) =>
    request<Drill>(`/api/v1/quality/indicators/${code}/dossiers`, { query: q }),
  late: (month: string) => request<LateList>('/api/v1/quality/late', { query: { month } }),
  publish: (month: string) => request<PublishedLate>('/api/v1/quality/late/publish', { method: 'POST', body: { month } }),
  published: (month: string) => request<PublishedLate>('/api/v1/quality/late/published', { query: { month } }),
  publishedMonths: () => request<ApiOk<'/api/v1/quality/late/published-months'>>('/api/v1/quality/late/published-months'),
  ratingForm: (token: string) => request<RatingForm>(`/api/v1/ratings/${encodeURIComponent(token)}`),
  rate: (token: string, body: { answers: Record<string, number>; comment?: string | null }) =>
    request<{ rated: true; dossierCode: string }>(`/api/v1/ratings/${encodeURIComponent(token)}`, { method: 'POST', body }),
  counterToken: (dossierId: string) => request<{ dossierCode: string; token: string }>('/api/v1/ratings/counter', { method: 'POST', body: { dossierId } }),
};

/** Period presets in Vietnam dates. */
export function periodOf(kind: 'month' | 'quarter' | 'year', ref: string): { from: string; to: string } {
  const y = Number(ref.slice(0, 4));
  const m = Number(ref.slice(5, 7));
  const last = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 0)).toISOString().slice(0, 10);
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (kind === 'quarter') {
    const q0 = Math.floor((m - 1) / 3) * 3 + 1;
    return { from: `${y}-${String(q0).padStart(2, '0')}-01`, to: last(y, q0 + 2) };
  }
  return { from: `${ref.slice(0, 7)}-01`, to: last(y, m) };
}
