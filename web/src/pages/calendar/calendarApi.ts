/** Client for the calendar module's API (src/modules/calendar/calendar.routes.ts). */
import { request } from '../../api';
import type { ApiBody, ApiOk, ApiQuery, Item } from '../../api/types';

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
/** GET /api/v1/calendar/holidays?year= — the rules with the year's official decision merged over them. */
export type YearSchedule = ApiOk<'/api/v1/calendar/holidays'>;
export type HolidayOccurrence = Item<YearSchedule['holidays']>;
export type DayOff = Item<YearSchedule['daysOff']>;
export type WorkingDay = Item<YearSchedule['workingDays']>;
export type DeadlineQuery = ApiQuery<'/api/v1/calendar/deadline'>;
export type WorkUnit = DeadlineQuery['unit'];
export const WORK_UNITS: readonly WorkUnit[] = ['working_days', 'working_hours', 'calendar_days'];
/** An official decision as stored (GET /decisions) and as sent (PUT /decisions/{year}, without `year`). */
export type Decision = Item<ApiOk<'/api/v1/calendar/decisions'>['items']>;
export type DecisionBody = ApiBody<'/api/v1/calendar/decisions/{year}', 'put'>;
export type NamedDate = Item<DecisionBody['daysOff']>;
export type OfficeHours = Item<ApiOk<'/api/v1/calendar/office-hours'>['items']>;
export type OfficeHoursBody = ApiBody<'/api/v1/calendar/office-hours', 'put'>;
export type DeadlineResult = ApiOk<'/api/v1/calendar/deadline'>;

const base = '/api/v1/calendar';

export const calendarApi = {
  holidays: (year: number, signal?: AbortSignal) => request<YearSchedule>(`${base}/holidays`, { query: { year }, signal }),
  decisions: (signal?: AbortSignal) => request<ApiOk<'/api/v1/calendar/decisions'>>(`${base}/decisions`, { signal }),
  putDecision: (year: number, body: DecisionBody) => request<Decision>(`${base}/decisions/${year}`, { method: 'PUT', body }),
  deleteDecision: (year: number) => request<void>(`${base}/decisions/${year}`, { method: 'DELETE' }),
  officeHours: (signal?: AbortSignal) => request<ApiOk<'/api/v1/calendar/office-hours'>>(`${base}/office-hours`, { signal }),
  putOfficeHours: (body: OfficeHoursBody) => request<OfficeHours>(`${base}/office-hours`, { method: 'PUT', body }),
  deadline: (q: DeadlineQuery, signal?: AbortSignal) => request<DeadlineResult>(`${base}/deadline`, { query: q, signal }),
};
