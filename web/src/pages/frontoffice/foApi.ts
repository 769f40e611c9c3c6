import { ApiError, request, type Problem } from '../../api';

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
export async function deviceCall<T>(path: string, opts: { method?: 'GET' | 'POST'; body?: unknown; idem?: string } = {}): Promise<T> {
  const token = deviceToken();
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...(token ? { 'x-device-token': token } : {}) };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idem) headers['idempotency-key'] = opts.idem;
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? 'GET', headers, body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined, credentials: 'omit' });
  } catch {
    throw new ApiError(0, null, 'network error');
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const problem = data && typeof data === 'object' ? ({ status: res.status, ...(data as object) } as Problem) : null;
    throw new ApiError(res.status, problem, problem?.detail ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export type PriorityGroup = 'elderly' | 'disability' | 'pregnant' | 'merit';
export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'no_show';

export interface Area {
  id: string;
  agencyId: string;
  code: string;
  name: string;
  nameEn: string | null;
  numberBase: number;
  procedureCodes: string[];
  avgServiceMinutes: number;
  active: boolean;
  version: number;
}
export interface Counter {
  id: string;
  agencyId: string;
  areaId: string;
  number: number;
  name: string | null;
  officerId: string | null;
  officerName: string | null;
  openedAt: string | null;
  active: boolean;
  version: number;
}
export interface Device {
  id: string;
  agencyId: string;
  kind: 'kiosk' | 'call_screen' | 'rating_tablet';
  counterId: string | null;
  name: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  createdAt: string;
}
export interface DeviceInfo {
  id: string;
  kind: Device['kind'];
  name: string;
  agencyId: string;
  centreName: string;
  counterNumber: number | null;
}
export interface Ticket {
  id: string;
  number: number;
  areaId: string;
  areaCode: string;
  areaName: string;
  areaNameEn: string | null;
  status: TicketStatus;
  priorityGroup: PriorityGroup | null;
  procedureCode: string | null;
  peopleAhead: number;
  estimatedWaitMinutes: number;
  counterNumber: number | null;
  followToken: string;
  followUrl: string;
  createdAt: string;
  centreName: string;
  appointmentAt: string | null;
}
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Weekly = Record<Weekday, { start: string; end: string }[]>;
/** A centre's reception hours: its own weekly schedule, or the calendar's office hours (source 'calendar'). */
export interface CentreHours {
  agencyId: string;
  source: 'centre' | 'calendar';
  weekly: Weekly;
  servesOnHolidays: boolean;
  version: number;
  updatedAt: string | null;
}
export interface KioskInfo {
  centreName: string;
  open: boolean;
  hours: CentreHours;
  areas: (Area & { waiting: number; estimatedWaitMinutes: number })[];
}
export interface ScreenCall {
  counterNumber: number;
  number: number;
  areaCode: string;
  calledAt: string;
  status: TicketStatus;
  callCount: number;
  text: string;
}
export interface ScreenState {
  centreName: string;
  lastEventId: number;
  calls: ScreenCall[];
  areas: { code: string; name: string; nameEn: string | null; waiting: number }[];
}
export interface CounterView {
  counter: Counter;
  area: Area;
  noShowAfterCalls: number;
  current: { id: string; number: number; status: TicketStatus; callCount: number; priorityGroup: PriorityGroup | null; procedureCode: string | null; calledAt: string | null; dossierId: string | null; version: number } | null;
  waiting: { id: string; number: number; priorityGroup: PriorityGroup | null; procedureCode: string | null; waitedMinutes: number; transferred: boolean; booked: boolean }[];
}
interface StatRow {
  key: string;
  label: string;
  tickets: number;
  served: number;
  noShows: number;
  avgWaitMinutes: number | null;
  avgServiceMinutes: number | null;
  dossiers: number;
  booked: number;
}
export interface Stats {
  agencyId: string;
  centreName: string;
  from: string;
  to: string;
  total: { tickets: number; served: number; noShows: number; dossiers: number; booked: number };
  byArea: StatRow[];
  byCounter: StatRow[];
  byOfficer: StatRow[];
  peakHours: { hour: number; tickets: number }[];
}

export interface BookingCentre {
  agencyId: string;
  centreName: string;
  areas: { id: string; code: string; name: string; nameEn: string | null }[];
}
export interface Slots {
  agencyId: string;
  areaId: string;
  areaName: string;
  areaNameEn: string | null;
  date: string;
  capacity: number;
  slots: { startsAt: string; endsAt: string; booked: number; available: number }[];
}
export interface Appointment {
  code: string;
  status: 'booked' | 'cancelled' | 'checked_in';
  agencyId: string;
  centreName: string;
  areaId: string;
  areaCode: string;
  areaName: string;
  areaNameEn: string | null;
  procedureCode: string | null;
  startsAt: string;
  endsAt: string;
  name: string;
  phone: string;
  arrival: 'early' | 'on_time' | 'late' | null;
  ticketNumber: number | null;
  bookingUrl: string;
  createdAt: string;
}
export interface CheckedIn {
  appointment: Appointment;
  ticket: Ticket;
  arrival: 'early' | 'on_time' | 'late';
}
export interface DossierTicket {
  id: string;
  number: number;
  day: string;
  areaCode: string;
  areaName: string;
  counterNumber: number | null;
  officerName: string | null;
  status: TicketStatus;
  calledAt: string | null;
  finishedAt: string | null;
  booked: boolean;
}

const list = <T,>(p: Promise<{ items: T[] }>) => p.then((r) => r.items);
export const foApi = {
  areas: (agencyId?: string) => list(request<{ items: Area[] }>(`${FO}/areas`, { query: { agencyId } })),
  counters: (agencyId?: string) => list(request<{ items: Counter[] }>(`${FO}/counters`, { query: { agencyId } })),
  devices: (agencyId: string) => list(request<{ items: Device[] }>(`${FO}/devices`, { query: { agencyId } })),
  createArea: (b: { agencyId: string; code: string; name: string; nameEn?: string | null; numberBase: number; procedureCodes?: string[]; avgServiceMinutes?: number }) => request<Area>(`${FO}/areas`, { method: 'POST', body: b }),
  createCounter: (b: { areaId: string; number: number; name?: string | null }) => request<Counter>(`${FO}/counters`, { method: 'POST', body: b }),
  createDevice: (b: { agencyId: string; kind: Device['kind']; name: string; counterId?: string | null }) => request<{ device: Device; token: string; pairingUrl: string }>(`${FO}/devices`, { method: 'POST', body: b }),
  revokeDevice: (id: string) => request<Device>(`${FO}/devices/${id}/revoke`, { method: 'POST' }),
  myCounters: () => list(request<{ items: Counter[] }>(`${FO}/my-counters`)),
  openCounter: (id: string) => request<Counter>(`${FO}/counters/${id}/open`, { method: 'POST' }),
  closeCounter: (id: string) => request<Counter>(`${FO}/counters/${id}/close`, { method: 'POST' }),
  view: (id: string) => request<CounterView>(`${FO}/counters/${id}/view`),
  callNext: (id: string) => request<{ ticket: { id: string; number: number } | null }>(`${FO}/counters/${id}/call-next`, { method: 'POST' }),
  act: (ticketId: string, action: 'recall' | 'start' | 'skip' | 'finish' | 'transfer', body: unknown = {}) => request(`${FO}/tickets/${ticketId}/${action}`, { method: 'POST', body }),
  stats: (q: { agencyId?: string; from: string; to: string }) => request<Stats>(`${FO}/stats`, { query: q }),
  bookingCentres: (procedureCode?: string) => list(request<{ items: BookingCentre[] }>(`${FO}/booking/centres`, { query: { procedureCode } })),
  slots: (q: { agencyId: string; areaId: string; date: string }) => request<Slots>(`${FO}/booking/slots`, { query: q }),
  book: (b: { agencyId: string; areaId: string; procedureCode?: string; startsAt: string; name: string; phone: string }) => request<Appointment>(`${FO}/appointments`, { method: 'POST', body: b }),
  appointment: (code: string) => request<Appointment>(`${FO}/appointments/${encodeURIComponent(code)}`),
  cancelAppointment: (code: string) => request<Appointment>(`${FO}/appointments/${encodeURIComponent(code)}/cancel`, { method: 'POST' }),
  myAppointments: () => list(request<{ items: Appointment[] }>(`${FO}/my-appointments`)),
  linkDossier: (ticketId: string, dossierId: string) => request(`${FO}/tickets/${ticketId}/dossier`, { method: 'POST', body: { dossierId } }),
  hours: (agencyId: string) => request<CentreHours>(`${FO}/centres/${agencyId}/hours`),
  setHours: (agencyId: string, b: { weekly: Weekly; servesOnHolidays: boolean; version: number }) => request<CentreHours>(`${FO}/centres/${agencyId}/hours`, { method: 'PUT', body: b }),
  resetHours: (agencyId: string) => request<CentreHours>(`${FO}/centres/${agencyId}/hours`, { method: 'DELETE' }),
  dossierTicket: (dossierId: string) => request<{ ticket: DossierTicket | null }>(`${FO}/dossiers/${dossierId}/ticket`),
};
