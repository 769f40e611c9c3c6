/** The shell's calls of the MotCua API (auth, units, agencies, users, audit, outbox) and the shared wire types. */
import { GET, PATCH, POST } from './api/client';
import type { ApiBody, ApiOk, Item } from './api/types';

export type Role = Item<User['roles']>;

export const ALL_ROLES: readonly Role[] = [
  'admin',
  'catalog_manager',
  'one_stop_officer',
  'specialist',
  'unit_leader',
  'provincial_office',
  'home_affairs',
  'province_leader',
  'citizen',
];

/** Roles an administrator may give a staff account. */
export const STAFF_ROLES: readonly Role[] = ALL_ROLES.filter((r) => r !== 'citizen');

export type AgencyRef = NonNullable<User['agency']>;

/** The signed-in account (GET /api/v1/auth/me), as the generated OpenAPI types describe it. */
export type User = ApiOk<'/api/v1/auth/me'>['user'];

export type Meta = ApiOk<'/api/v1/meta'>;

export type Health = ApiOk<'/api/health'>;

export interface Page<T> {
  items: T[];
  total: number;
}

export type UnitLevel = 'province' | 'district' | 'commune';

export type AdminUnit = Item<ApiOk<'/api/v1/units'>['items']>;

export const AGENCY_KINDS = [
  'provincial_people_committee',
  'provincial_office',
  'department',
  'provincial_service_centre',
  'district_people_committee',
  'commune_people_committee',
  'commune_service_centre',
  'police',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export type Agency = Item<ApiOk<'/api/v1/agencies'>['items']>;

export type AgencyInput = ApiBody<'/api/v1/agencies', 'post'>;

export type AgencyPatch = ApiBody<'/api/v1/agencies/{id}', 'patch'>;

export type StaffUser = Item<ApiOk<'/api/v1/users'>['items']>;

/** One outbox topic on the operators' screen (GET /api/v1/admin/outbox). */
export type OutboxTopic = Item<OutboxView['topics']>;

export type OutboxDeadRow = Item<OutboxView['dead']['items']>;

export type OutboxView = ApiOk<'/api/v1/admin/outbox'>;

export type AuditEntry = Item<ApiOk<'/api/v1/audit'>['items']>;

// The one client (web/src/api/client.ts); re-exported here, where the pages have always imported it from.
export {
  ApiError,
  CSRF_HEADERS,
  DELETE,
  GET,
  PATCH,
  POST,
  PUT,
  UNAUTHORIZED_EVENT,
  apiUrl,
  call,
  client,
  idempotency,
  multipart,
  deviceRequest,
  withQuery,
  type Problem,
} from './api/client';

const AGENCY_PAGE = 500;

export const api = {
  health: () => GET('/api/health'),
  meta: () => GET('/api/v1/meta'),
  login: (username: string, password: string) => POST('/api/v1/auth/login', { body: { username, password }, quiet401: true }),
  logout: (): Promise<void> => POST('/api/v1/auth/logout', { quiet401: true }),
  me: () => GET('/api/v1/auth/me', { quiet401: true }),

  units: (q: { q?: string; level?: UnitLevel | ''; limit: number; offset: number }, signal?: AbortSignal) =>
    GET('/api/v1/units', { params: { query: { ...q, level: q.level || undefined } }, signal }),
  agencies: (q: { q?: string; limit?: number; offset?: number }, signal?: AbortSignal) => GET('/api/v1/agencies', { params: { query: q }, signal }),
  /** Every agency (the tree needs them all), fetched in pages of 500. */
  allAgencies: async (signal?: AbortSignal): Promise<Page<Agency>> => {
    const items: Agency[] = [];
    for (;;) {
      const page = await api.agencies({ limit: AGENCY_PAGE, offset: items.length }, signal);
      items.push(...page.items);
      if (page.items.length < AGENCY_PAGE || items.length >= page.total) return { items, total: page.total };
    }
  },
  createAgency: (input: AgencyInput) => POST('/api/v1/agencies', { body: input }),
  updateAgency: (id: string, patch: AgencyPatch) => PATCH('/api/v1/agencies/{id}', { params: { path: { id } }, body: patch }),
  users: (q: { q?: string; agencyId?: string; kind?: 'staff' | 'citizen' | ''; limit?: number; offset?: number }, signal?: AbortSignal) =>
    GET('/api/v1/users', { params: { query: { ...q, kind: q.kind || undefined } }, signal }),
  createUser: (input: { username: string; fullName: string; password: string; agencyId: string | null; roles: Role[] }) =>
    POST('/api/v1/users', { body: input }),
  updateUser: (id: string, patch: { fullName?: string; roles?: Role[]; active?: boolean; agencyId?: string | null; password?: string }) =>
    PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: patch }),
  audit: (q: { entity?: string; actor?: string; from?: string; to?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    GET('/api/v1/audit', { params: { query: q }, signal }),
  outbox: (q: { topic?: string; limit: number; offset: number }, signal?: AbortSignal) => GET('/api/v1/admin/outbox', { params: { query: q }, signal }),
  retryOutbox: (sel: { ids: number[] } | { topic: string }) => POST('/api/v1/admin/outbox/retry', { body: sel }),
};
