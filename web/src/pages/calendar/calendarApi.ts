/** Client for the calendar module's API (src/modules/calendar/calendar.routes.ts). */
import { request } from '../../api';

export type DayOffKind = 'holiday' | 'compensatory' | 'swap' | 'other';
export type DaySource = 'rule' | 'decision';
export type WorkUnit = 'working_days' | 'working_hours' | 'calendar_days';
export const WORK_UNITS: readonly WorkUnit[] = ['working_days', 'working_hours', 'calendar_days'];

export interface HolidayOccurrence {
  date: string;
  name: string;
  key: string;
  source: string;
  basis: string;
}

export interface DayOff {
  date: string;
  name: string;
  key: string | null;
  kind: DayOffKind | string;
  source: DaySource | string;
}

export interface WorkingDay {
  date: string;
  name: string;
  source: string;
}

/** GET /api/v1/calendar/holidays?year= — the rules with the year's official decision merged over them. */
export interface YearSchedule {
  year: number;
  decisionNo: string | null;
  decisionSource: string | null;
  holidays: HolidayOccurrence[];
  daysOff: DayOff[];
  workingDays: WorkingDay[];
}

export interface NamedDate {
  date: string;
  name: string;
}

/** An official decision as stored (GET /decisions) and as sent (PUT /decisions/{year}, without `year`). */
export interface Decision {
  year: number;
  decisionNo: string | null;
  source?: string;
  daysOff: NamedDate[];
  workingDays: NamedDate[];
}

export interface DecisionBody {
  decisionNo: string | null;
  source?: string;
  daysOff: NamedDate[];
  workingDays: NamedDate[];
}

export interface OfficeHours {
  agencyId: string | null;
  periods: string[];
  weekdays: number[];
  saturdayMorningReception: boolean;
}

export interface DeadlineResult {
  dueAt: string;
  remaining: string;
}

const base = '/api/v1/calendar';

export const calendarApi = {
  holidays: (year: number, signal?: AbortSignal) => request<YearSchedule>(`${base}/holidays`, { query: { year }, signal }),
  decisions: (signal?: AbortSignal) => request<{ items: Decision[]; total: number }>(`${base}/decisions`, { signal }),
  putDecision: (year: number, body: DecisionBody) => request<Decision>(`${base}/decisions/${year}`, { method: 'PUT', body }),
  deleteDecision: (year: number) => request<void>(`${base}/decisions/${year}`, { method: 'DELETE' }),
  officeHours: (signal?: AbortSignal) => request<{ items: OfficeHours[] }>(`${base}/office-hours`, { signal }),
  putOfficeHours: (body: OfficeHours) => request<OfficeHours>(`${base}/office-hours`, { method: 'PUT', body }),
  deadline: (q: { from: string; amount: number; unit: WorkUnit }, signal?: AbortSignal) =>
    request<DeadlineResult>(`${base}/deadline`, { query: q, signal }),
};
