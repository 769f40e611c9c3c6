import { DELETE, GET, POST, PUT, deviceRequest } from '../../api';
import type { ApiOk, ApiPathTemplate, Item } from '../../api/types';

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

/**
 * A call from a paired device: its token in the x-device-token header, no session. The path must be
 * a front-office path of the description (`${FO}/kiosk` is typed as its literal); the answer's type
 * is named by the caller, as the device screens have always done.
 */
export function deviceCall<T>(
  path: Extract<ApiPathTemplate, `${typeof FO}/${string}`>,
  opts: { method?: 'GET' | 'POST'; body?: unknown; idem?: string } = {},
): Promise<T> {
  // No session (credentials omitted), so a 401 is the device's pairing, not the user's sign-in.
  return deviceRequest<T>(path, { method: opts.method, body: opts.body, idempotencyKey: opts.idem, token: deviceToken() });
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
type TicketAction = 'recall' | 'start' | 'skip' | 'finish' | 'transfer';
const at = (id: string) => ({ params: { path: { id } } });

export const foApi = {
  /** The public results board of a centre (no session needed; quiet: a 401 is not the visitor's sign-in). */
  board: (agencyId: string) => GET('/api/v1/front-office/board', { params: { query: { agencyId } }, quiet401: true }),
  /** The public follow page of a ticket, by the code its QR carries. */
  follow: (token: string) => GET('/api/v1/front-office/follow/{token}', { params: { path: { token } }, quiet401: true }),
  /** The one-stop centres, for the administrator's picker. */
  centres: () => GET('/api/v1/agencies', { params: { query: { q: 'Trung tâm Phục vụ hành chính công', current: true, limit: 50 } } }),
  /** A dossier found by its code (the first hit of the list's search). */
  findDossiers: (code: string) => GET('/api/v1/dossiers', { params: { query: { q: code, limit: 1 } } }),
  areas: (agencyId?: string) => list(GET('/api/v1/front-office/areas', { params: { query: { agencyId } } })),
  counters: (agencyId?: string) => list(GET('/api/v1/front-office/counters', { params: { query: { agencyId } } })),
  devices: (agencyId: string) => list(GET('/api/v1/front-office/devices', { params: { query: { agencyId } } })),
  createArea: (b: {
    agencyId: string;
    code: string;
    name: string;
    nameEn?: string | null;
    numberBase: number;
    procedureCodes?: string[];
    avgServiceMinutes?: number;
  }) => POST('/api/v1/front-office/areas', { body: b }),
  createCounter: (b: { areaId: string; number: number; name?: string | null }) => POST('/api/v1/front-office/counters', { body: b }),
  createDevice: (b: { agencyId: string; kind: Device['kind']; name: string; counterId?: string | null }) => POST('/api/v1/front-office/devices', { body: b }),
  revokeDevice: (id: string) => POST('/api/v1/front-office/devices/{id}/revoke', at(id)),
  myCounters: () => list(GET('/api/v1/front-office/my-counters')),
  openCounter: (id: string) => POST('/api/v1/front-office/counters/{id}/open', at(id)),
  closeCounter: (id: string) => POST('/api/v1/front-office/counters/{id}/close', at(id)),
  view: (id: string) => GET('/api/v1/front-office/counters/{id}/view', at(id)),
  callNext: (id: string) => POST('/api/v1/front-office/counters/{id}/call-next', at(id)),
  act: (ticketId: string, action: TicketAction, body: unknown = {}): Promise<unknown> => {
    const init = { ...at(ticketId), body: body as never };
    switch (action) {
      case 'recall':
        return POST('/api/v1/front-office/tickets/{id}/recall', init);
      case 'start':
        return POST('/api/v1/front-office/tickets/{id}/start', init);
      case 'skip':
        return POST('/api/v1/front-office/tickets/{id}/skip', init);
      case 'finish':
        return POST('/api/v1/front-office/tickets/{id}/finish', init);
      case 'transfer':
        return POST('/api/v1/front-office/tickets/{id}/transfer', init);
    }
  },
  stats: (q: { agencyId?: string; from: string; to: string }) => GET('/api/v1/front-office/stats', { params: { query: q } }),
  bookingCentres: (procedureCode?: string) => list(GET('/api/v1/front-office/booking/centres', { params: { query: { procedureCode } } })),
  slots: (q: { agencyId: string; areaId: string; date: string }) => GET('/api/v1/front-office/booking/slots', { params: { query: q } }),
  book: (b: { agencyId: string; areaId: string; procedureCode?: string; startsAt: string; name: string; phone: string }) =>
    POST('/api/v1/front-office/appointments', { body: b }),
  appointment: (code: string) => GET('/api/v1/front-office/appointments/{code}', { params: { path: { code } } }),
  cancelAppointment: (code: string) => POST('/api/v1/front-office/appointments/{code}/cancel', { params: { path: { code } } }),
  myAppointments: () => list(GET('/api/v1/front-office/my-appointments')),
  linkDossier: (ticketId: string, dossierId: string) => POST('/api/v1/front-office/tickets/{id}/dossier', { ...at(ticketId), body: { dossierId } }),
  hours: (agencyId: string) => GET('/api/v1/front-office/centres/{id}/hours', at(agencyId)),
  setHours: (agencyId: string, b: { weekly: Weekly; servesOnHolidays: boolean; version: number }) =>
    PUT('/api/v1/front-office/centres/{id}/hours', { ...at(agencyId), body: b }),
  resetHours: (agencyId: string) => DELETE('/api/v1/front-office/centres/{id}/hours', at(agencyId)),
  dossierTicket: (dossierId: string) => GET('/api/v1/front-office/dossiers/{id}/ticket', at(dossierId)),
};
