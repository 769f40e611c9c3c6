import { request } from '../../api';

export const QUALITY_PATHS = {
  dashboard: '/chat-luong-phuc-vu',
  late: '/chat-luong-phuc-vu/tre-han',
  public: '/danh-gia-chat-luong',
} as const;

export interface IndicatorValue {
  code: string;
  no: string;
  name: string;
  group: string;
  numerator: number;
  denominator: number;
  points: number | null;
  maxPoints: number;
  ratio: number | null;
  status: 'ok' | 'not_applicable' | 'no_data';
  note: string | null;
}
export interface Score {
  total: number;
  maxPoints: number;
  /** The headline, out of 100 as the national portal counts it (= total): ranking and bands. */
  outOf100: number;
  maxWithData: number;
  /** Secondary, labelled: total scaled over the indicators with data. */
  scaledOverData: number | null;
  band: 'tot' | 'kha' | 'trung_binh' | 'yeu';
  bandName: string;
  bandProvisional: boolean;
  groups: { group: string; name: string; points: number; maxPoints: number; maxWithData: number }[];
}
export interface Timeliness { total: number; onTime: number; late: number; openOverdue: number; finishedLate: number }
/** `pendingChanges`: dossier changes not yet counted (the read model is catching up); 0 = up to date. */
/** 5.4's counts: dossiers received in the period, the late ones, the rated and the dissatisfied ones. */
export interface Satisfaction { received: number; late: number; rated: number; dissatisfied: number; numerator: number }
/** 5.2 under the portal's scope and limits. */
export interface PortalFeedback { total: number; excluded: number; onTime: number; late: number; inTime: number; overdue: number }
export interface Information {
  averageResolution: { procedureCode: string; procedureName: string; dossiers: number; averageWorkingDays: number }[];
  feedbackClassification: { total: number; procedures: number; staff: number; unclassified: number; proceduresPercent: number | null; staffPercent: number | null };
}
export interface Indicators {
  period: { from: string; to: string }; scope: { label: string }; indicators: IndicatorValue[]; score: Score; timeliness: Timeliness; pendingChanges: number;
  satisfaction: Satisfaction; feedback: PortalFeedback; information: Information;
}
export interface DashboardItem {
  agency: { id: string; name: string; unitName: string | null; level: string | null };
  score: Score;
  previousOutOf100: number | null;
  timeliness: Timeliness;
  rank: number;
}
export interface Dashboard { period: { from: string; to: string }; summary: { score: Score; timeliness: Timeliness }; items: DashboardItem[]; total: number; pendingChanges: number }
export interface TrendPoint { month: string; total: number; outOf100: number | null; onTimeRate: number | null; dossiers: number; late: number }
export interface DrillItem {
  id: string; code: string; procedureName: string; agency: { id: string; name: string }; receivedAt: string | null; dueAt: string | null; endedAt: string | null;
  outcome: string | null; reason: string | null; assignee: { name: string | null } | null; explained: boolean; waitingApplicant: boolean;
}
export interface LateList {
  month: string;
  agencies: { agency: { id: string; name: string }; late: number; explained: number; missing: number; open: number }[];
  officers: { officer: { id: string; name: string }; agency: { name: string }; late: number; explained: number; missing: number }[];
  totals: { late: number; explained: number; missing: number };
  published: { at: string; by: string | null } | null;
}
export interface PublishedLate { month: string; publishedAt: string; agencies: { agency: { name: string }; late: number; explained: number }[]; officers: { officer: { name: string }; agency: { name: string }; late: number }[]; totals: { late: number } }

export interface RatingForm {
  dossier: { code: string; procedureName: string; agencyName: string | null };
  channel: 'link' | 'counter';
  rated: boolean;
  canRate: boolean;
  reason: string | null;
  criteria: { key: string; name: string }[];
}

/** Indicators whose points can be traced to dossiers (the API's default drill-down). */
export const DRILLABLE = new Set(['DVC_PROGRESS', 'ONLINE_FULL_DOSSIER', 'DOSSIER_ONLINE_PAYMENT', 'ORIGINAL_RESULT_AVAILABLE', 'SO_HOA_GIAY_TO_GIAI_QUYET', 'REUSED_DIGITIZED_DATA']);

export const qualityApi = {
  indicators: (q: { from: string; to: string; agency?: string; level?: string }) => request<Indicators>('/api/v1/quality/indicators', { query: q }),
  dashboard: (q: { from: string; to: string; level?: string }) => request<Dashboard>('/api/v1/quality/dashboard', { query: q }),
  trend: (q: { to: string; months: number; agency?: string }) => request<{ items: TrendPoint[] }>('/api/v1/quality/trend', { query: q }),
  drill: (code: string, q: { from: string; to: string; agency?: string; limit: number; offset: number }) =>
    request<{ total: number; items: DrillItem[]; indicator: { name: string; no: string } }>(`/api/v1/quality/indicators/${code}/dossiers`, { query: q }),
  late: (month: string) => request<LateList>('/api/v1/quality/late', { query: { month } }),
  publish: (month: string) => request<PublishedLate>('/api/v1/quality/late/publish', { method: 'POST', body: { month } }),
  published: (month: string) => request<PublishedLate>('/api/v1/quality/late/published', { query: { month } }),
  publishedMonths: () => request<{ items: string[] }>('/api/v1/quality/late/published-months'),
  ratingForm: (token: string) => request<RatingForm>(`/api/v1/ratings/${encodeURIComponent(token)}`),
  rate: (token: string, body: { answers: Record<string, number>; comment?: string | null }) => request<{ rated: true; dossierCode: string }>(`/api/v1/ratings/${encodeURIComponent(token)}`, { method: 'POST', body }),
  counterToken: (dossierId: string) => request<{ dossierCode: string; token: string }>('/api/v1/ratings/counter', { method: 'POST', body: { dossierId } }),
  exportUrl: (q: { from: string; to: string; level?: string }) => `/api/v1/quality/export.xlsx?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString()}`,
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
