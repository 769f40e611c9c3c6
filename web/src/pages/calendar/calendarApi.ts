/** Client for the calendar module's API (src/modules/calendar/calendar.routes.ts). */
import { DELETE, GET, PUT } from '../../api';
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

export const calendarApi = {
  holidays: (year: number, signal?: AbortSignal) => GET('/api/v1/calendar/holidays', { params: { query: { year } }, signal }),
  decisions: (signal?: AbortSignal) => GET('/api/v1/calendar/decisions', { signal }),
  putDecision: (year: number, body: DecisionBody) => PUT('/api/v1/calendar/decisions/{year}', { params: { path: { year } }, body }),
  deleteDecision: (year: number): Promise<void> => DELETE('/api/v1/calendar/decisions/{year}', { params: { path: { year } } }),
  officeHours: (signal?: AbortSignal) => GET('/api/v1/calendar/office-hours', { signal }),
  putOfficeHours: (body: OfficeHoursBody) => PUT('/api/v1/calendar/office-hours', { body }),
  deadline: (q: DeadlineQuery, signal?: AbortSignal) => GET('/api/v1/calendar/deadline', { params: { query: q }, signal }),
};
