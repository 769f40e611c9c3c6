/** A small JSON client for the MotCua API (same origin, cookie session, RFC 9457 problems). */
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

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  [k: string]: unknown;
}

/** A failed call: an HTTP problem from the server, or (status 0) no answer at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
  /** The server's Vietnamese `detail`, if there was one. */
  get detail(): string | null {
    return typeof this.problem?.detail === 'string' && this.problem.detail ? this.problem.detail : null;
  }
  get code(): string | null {
    return typeof this.problem?.code === 'string' ? this.problem.code : null;
  }
}

/** Fired on `window` when an authenticated call answers 401 (session ended or expired). */
export const UNAUTHORIZED_EVENT = 'motcua:unauthorized';

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not announce a 401 globally (login and session probing). */
  quiet401?: boolean;
}

/**
 * Sent with every request of the app: the server refuses a data-changing request authenticated by
 * the session cookie without it (CSRF defence; a page of another site cannot add a custom header).
 */
export const CSRF_HEADERS = { 'x-requested-with': 'motcua' } as const;

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...CSRF_HEADERS };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, null, 'network error');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const problem = data && typeof data === 'object' ? ({ status: res.status, ...(data as object) } as Problem) : null;
    if (res.status === 401 && !opts.quiet401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw new ApiError(res.status, problem, problem?.detail ?? `HTTP ${res.status}`);
  }
  return data as T;
}

const AGENCY_PAGE = 500;

export const api = {
  health: () => request<Health>('/api/health'),
  meta: () => request<Meta>('/api/v1/meta'),
  login: (username: string, password: string) =>
    request<{ token: string; user: User }>('/api/v1/auth/login', { method: 'POST', body: { username, password }, quiet401: true }),
  logout: () => request<void>('/api/v1/auth/logout', { method: 'POST', quiet401: true }),
  me: () => request<{ user: User }>('/api/v1/auth/me', { quiet401: true }),

  units: (q: { q?: string; level?: UnitLevel | ''; limit: number; offset: number }, signal?: AbortSignal) =>
    request<Page<AdminUnit>>('/api/v1/units', { query: q, signal }),
  agencies: (q: { q?: string; limit?: number; offset?: number }, signal?: AbortSignal) =>
    request<Page<Agency>>('/api/v1/agencies', { query: q, signal }),
  /** Every agency (the tree needs them all), fetched in pages of 500. */
  allAgencies: async (signal?: AbortSignal): Promise<Page<Agency>> => {
    const items: Agency[] = [];
    for (;;) {
      const page = await api.agencies({ limit: AGENCY_PAGE, offset: items.length }, signal);
      items.push(...page.items);
      if (page.items.length < AGENCY_PAGE || items.length >= page.total) return { items, total: page.total };
    }
  },
  createAgency: (input: AgencyInput) => request<Agency>('/api/v1/agencies', { method: 'POST', body: input }),
  updateAgency: (id: string, patch: AgencyPatch) =>
    request<Agency>(`/api/v1/agencies/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
  users: (q: { q?: string; agencyId?: string; kind?: 'staff' | 'citizen' | ''; limit?: number; offset?: number }, signal?: AbortSignal) =>
    request<Page<StaffUser>>('/api/v1/users', { query: q, signal }),
  createUser: (input: { username: string; fullName: string; password: string; agencyId: string | null; roles: Role[] }) =>
    request<StaffUser>('/api/v1/users', { method: 'POST', body: input }),
  updateUser: (id: string, patch: { fullName?: string; roles?: Role[]; active?: boolean; agencyId?: string | null; password?: string }) =>
    request<StaffUser>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
  audit: (q: { entity?: string; actor?: string; from?: string; to?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    request<Page<AuditEntry>>('/api/v1/audit', { query: q, signal }),
  outbox: (q: { topic?: string; limit: number; offset: number }, signal?: AbortSignal) => request<OutboxView>('/api/v1/admin/outbox', { query: q, signal }),
  retryOutbox: (sel: { ids: number[] } | { topic: string }) => request<{ retried: number; ids: number[] }>('/api/v1/admin/outbox/retry', { method: 'POST', body: sel }),
};
