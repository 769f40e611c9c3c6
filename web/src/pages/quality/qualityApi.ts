import { GET, POST } from '../../api';
import type { ApiOk, ApiQuery, Item } from '../../api/types';
import { allOf, oneOf } from '../../api/values';

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

/** The administrative levels the indicators may be read at (tsc checks the list against the description's enum). */
const LEVELS = allOf<NonNullable<ApiQuery<'/api/v1/quality/indicators'>['level']>>()(['province', 'district', 'commune']);

export const qualityApi = {
  indicators: (q: { from: string; to: string; agency?: string; level?: string }) =>
    GET('/api/v1/quality/indicators', { params: { query: { ...q, level: oneOf(LEVELS, q.level) } } }),
  dashboard: (q: { from: string; to: string; level?: string }) =>
    GET('/api/v1/quality/dashboard', { params: { query: { ...q, level: oneOf(LEVELS, q.level) } } }),
  trend: (q: { to: string; months: number; agency?: string }) => GET('/api/v1/quality/trend', { params: { query: q } }),
  drill: (code: string, q: { from: string; to: string; agency?: string; limit: number; offset: number }) =>
    GET('/api/v1/quality/indicators/{code}/dossiers', { params: { path: { code }, query: q } }),
  late: (month: string) => GET('/api/v1/quality/late', { params: { query: { month } } }),
  publish: (month: string) => POST('/api/v1/quality/late/publish', { body: { month } }),
  published: (month: string) => GET('/api/v1/quality/late/published', { params: { query: { month } } }),
  publishedMonths: () => GET('/api/v1/quality/late/published-months'),
  ratingForm: (token: string) => GET('/api/v1/ratings/{token}', { params: { path: { token } } }),
  rate: (token: string, body: { answers: Record<string, number>; comment?: string | null }) =>
    POST('/api/v1/ratings/{token}', { params: { path: { token } }, body }),
  counterToken: (dossierId: string) => POST('/api/v1/ratings/counter', { body: { dossierId } }),
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
