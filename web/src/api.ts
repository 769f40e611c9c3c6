/** A small JSON client for the MotCua API (same origin, cookie session, RFC 9457 problems). */

export type Role =
  | 'admin'
  | 'catalog_manager'
  | 'one_stop_officer'
  | 'specialist'
  | 'unit_leader'
  | 'provincial_office'
  | 'home_affairs'
  | 'province_leader'
  | 'citizen';

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

export interface AgencyRef {
  id: string;
  code: string;
  name: string;
}

export interface User {
  id: string;
  username: string;
  fullName: string;
  kind: 'staff' | 'citizen';
  roles: Role[];
  agency: AgencyRef | null;
}

export interface Meta {
  demo: boolean;
  /** Production server (NODE_ENV=production). */
  production?: boolean;
  /** Sandbox adapters on: vneid, payment, national_portal, notifications. */
  sandboxes?: string[];
  province: { code: string; name: string };
}

export interface Health {
  status: 'ok' | 'degraded';
  reasons: string[];
  db: 'pglite' | 'postgres';
  version: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type UnitLevel = 'province' | 'district' | 'commune';

export interface AdminUnit {
  id: string;
  code: string;
  name: string;
  fullName: string;
  nameEn?: string | null;
  level: UnitLevel;
  kind?: string;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
  successorIds?: string[];
}

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

export interface Agency {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: AgencyKind;
  parentId: string | null;
  unitCode: string | null;
  validFrom: string;
  validTo: string | null;
  successorIds: string[];
  codeVerified?: boolean;
  /** Optimistic-concurrency version; sent back on PATCH so a stale edit is refused (409). */
  version?: number;
}

export interface AgencyInput {
  code: string;
  name: string;
  shortName?: string;
  kind: AgencyKind;
  parentId?: string | null;
  unitCode: string;
}

export interface AgencyPatch {
  code?: string;
  name?: string;
  shortName?: string;
  kind?: AgencyKind;
  parentId?: string | null;
  unitCode?: string;
  validTo?: string | null;
  successorIds?: string[];
  version?: number;
}

export interface StaffUser {
  id: string;
  username: string;
  fullName: string;
  kind: 'staff' | 'citizen';
  agency: AgencyRef | null;
  roles: Role[];
  active: boolean;
}

/** One outbox topic on the operators' screen (GET /api/v1/admin/outbox). */
export interface OutboxTopic {
  topic: string;
  consumer: string | null;
  module: string | null;
  declared: boolean;
  pending: number;
  oldestPendingSeconds: number | null;
  retrying: number;
  dead: number;
  late: boolean;
}

export interface OutboxDeadRow {
  id: number;
  topic: string;
  aggregateKey: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deadAt: string;
}

export interface OutboxView {
  alertSeconds: number;
  status: 'ok' | 'degraded';
  pending: number;
  oldestPendingSeconds: number | null;
  topics: OutboxTopic[];
  dead: Page<OutboxDeadRow>;
  auditOnlyTopics: string[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actorUsername: string | null;
  /** The actor's full name (null for system actors). */
  actorName?: string | null;
  /** The actor's roles, comma-separated. */
  role: string | null;
  agencyId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  requestId: string | null;
  ip: string | null;
  /** A JSON object (field diffs are `{ field: { from, to } }`); older rows may hold a string. */
  summary: Record<string, unknown> | string | null;
}

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
