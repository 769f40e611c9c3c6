import { request } from '../../api';
import type { ApiOk, Item } from '../../api/types';

export const FO = '/api/v1/front-office';
export const FO_PATHS = {
  pair: '/quay/ghep-noi',
  kiosk: '/quay/kiosk',
  screen: '/quay/man-hinh',
  tablet: '/quay/danh-gia',
  follow: '/quay/theo-doi',
  board: '/quay/bang-ket-qua',
  counter: '/quay/lam-viec',
  admin: '/quan-tri/quay',
  stats: '/quay/thong-ke',
  booking: '/dat-lich',
  bookingView: '/dat-lich/xem',
} as const;

/** The paired device's secret, kept in this browser only (localStorage). */
const KEY = 'motcua.fo.device';
export const deviceToken = (): string | null => window.localStorage.getItem(KEY);
export const setDeviceToken = (t: string | null) => (t ? window.localStorage.setItem(KEY, t) : window.localStorage.removeItem(KEY));

/** A call from a paired device: its token in the x-device-token header, no session. */
export function deviceCall<T>(path: string, opts: { method?: 'GET' | 'POST'; body?: unknown; idem?: string } = {}): Promise<T> {
  const token = deviceToken();
  // No session (credentials omitted), so a 401 is the device's pairing, not the user's sign-in.
  return request<T>(path, {
    method: opts.method,
    body: opts.body,
    idempotencyKey: opts.idem,
    headers: token ? { 'x-device-token': token } : {},
    credentials: 'omit',
    quiet401: true,
  });
}

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
export type Area = Item<ApiOk<'/api/v1/front-office/areas'>['items']>;
export type Counter = Item<ApiOk<'/api/v1/front-office/counters'>['items']>;
export type Device = Item<ApiOk<'/api/v1/front-office/devices'>['items']>;
export type DeviceInfo = ApiOk<'/api/v1/front-office/device'>;
export type Ticket = ApiOk<'/api/v1/front-office/kiosk/tickets', 'post'>;
export type TicketStatus = Ticket['status'];
export type PriorityGroup = NonNullable<Ticket['priorityGroup']>;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** A centre's reception hours: its own weekly schedule, or the calendar's office hours (source 'calendar'). */
export type CentreHours = ApiOk<'/api/v1/front-office/centres/{id}/hours'>;
export type Weekly = CentreHours['weekly'];
export type KioskInfo = ApiOk<'/api/v1/front-office/kiosk'>;
export type ScreenState = ApiOk<'/api/v1/front-office/screen'>;
export type ScreenCall = Item<ScreenState['calls']>;
export type CounterView = ApiOk<'/api/v1/front-office/counters/{id}/view'>;
export type Stats = ApiOk<'/api/v1/front-office/stats'>;
export type BookingCentre = Item<ApiOk<'/api/v1/front-office/booking/centres'>['items']>;
export type Slots = ApiOk<'/api/v1/front-office/booking/slots'>;
export type Appointment = ApiOk<'/api/v1/front-office/appointments/{code}'>;
export type CheckedIn = ApiOk<'/api/v1/front-office/kiosk/check-in', 'post'>;
export type DossierTicket = NonNullable<ApiOk<'/api/v1/front-office/dossiers/{id}/ticket'>['ticket']>;

const list = <T>(p: Promise<{ items: T[] }>) => p.then((r) => r.items);
export const foApi = {
  areas: (agencyId?: string) => list(request<{ items: Area[] }>(`${FO}/areas`, { query: { agencyId } })),
  counters: (agencyId?: string) => list(request<{ items: Counter[] }>(`${FO}/counters`, { query: { agencyId } })),
  devices: (agencyId: string) => list(request<{ items: Device[] }>(`${FO}/devices`, { query: { agencyId } })),
  createArea: (b: {
    agencyId: string;
    code: string;
    name: string;
    nameEn?: string | null;
    numberBase: number;
    procedureCodes?: string[];
    avgServiceMinutes?: number;
  }) => request<Area>(`${FO}/areas`, { method: 'POST', body: b }),
  createCounter: (b: { areaId: string; number: number; name?: string | null }) => request<Counter>(`${FO}/counters`, { method: 'POST', body: b }),
  createDevice: (b: { agencyId: string; kind: Device['kind']; name: string; counterId?: string | null }) =>
    request<{ device: Device; token: string; pairingUrl: string }>(`${FO}/devices`, { method: 'POST', body: b }),
  revokeDevice: (id: string) => request<Device>(`${FO}/devices/${id}/revoke`, { method: 'POST' }),
  myCounters: () => list(request<{ items: Counter[] }>(`${FO}/my-counters`)),
  openCounter: (id: string) => request<Counter>(`${FO}/counters/${id}/open`, { method: 'POST' }),
  closeCounter: (id: string) => request<Counter>(`${FO}/counters/${id}/close`, { method: 'POST' }),
  view: (id: string) => request<CounterView>(`${FO}/counters/${id}/view`),
  callNext: (id: string) => request<{ ticket: { id: string; number: number } | null }>(`${FO}/counters/${id}/call-next`, { method: 'POST' }),
  act: (ticketId: string, action: 'recall' | 'start' | 'skip' | 'finish' | 'transfer', body: unknown = {}) =>
    request(`${FO}/tickets/${ticketId}/${action}`, { method: 'POST', body }),
  stats: (q: { agencyId?: string; from: string; to: string }) => request<Stats>(`${FO}/stats`, { query: q }),
  bookingCentres: (procedureCode?: string) => list(request<{ items: BookingCentre[] }>(`${FO}/booking/centres`, { query: { procedureCode } })),
  slots: (q: { agencyId: string; areaId: string; date: string }) => request<Slots>(`${FO}/booking/slots`, { query: q }),
  book: (b: { agencyId: string; areaId: string; procedureCode?: string; startsAt: string; name: string; phone: string }) =>
    request<Appointment>(`${FO}/appointments`, { method: 'POST', body: b }),
  appointment: (code: string) => request<Appointment>(`${FO}/appointments/${encodeURIComponent(code)}`),
  cancelAppointment: (code: string) => request<Appointment>(`${FO}/appointments/${encodeURIComponent(code)}/cancel`, { method: 'POST' }),
  myAppointments: () => list(request<{ items: Appointment[] }>(`${FO}/my-appointments`)),
  linkDossier: (ticketId: string, dossierId: string) => request(`${FO}/tickets/${ticketId}/dossier`, { method: 'POST', body: { dossierId } }),
  hours: (agencyId: string) => request<CentreHours>(`${FO}/centres/${agencyId}/hours`),
  setHours: (agencyId: string, b: { weekly: Weekly; servesOnHolidays: boolean; version: number }) =>
    request<CentreHours>(`${FO}/centres/${agencyId}/hours`, { method: 'PUT', body: b }),
  resetHours: (agencyId: string) => request<CentreHours>(`${FO}/centres/${agencyId}/hours`, { method: 'DELETE' }),
  dossierTicket: (dossierId: string) => request<{ ticket: DossierTicket | null }>(`${FO}/dossiers/${dossierId}/ticket`),
};
