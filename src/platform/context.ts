/** Roles of the platform (issue #2). Staff roles are scoped to their agency unless province-wide. */
export const ROLES = [
  'admin',
  'catalog_manager',
  'one_stop_officer',
  'specialist',
  'unit_leader',
  'provincial_office',
  'home_affairs',
  'province_leader',
  'citizen',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose permissions span the whole province rather than one agency subtree. */
export const PROVINCE_WIDE_ROLES: readonly Role[] = ['admin', 'provincial_office', 'home_affairs', 'province_leader'];

/**
 * Roles that only read (issue 21: the Chairman, Vice-Chairmen and the provincial office's leaders
 * see the whole province but change nothing). An account holding only such roles may send a
 * data-changing request only to a route that declares `config.readOnlyMayCall` (a leader's prompt,
 * đôn đốc) or to log out; the HTTP layer refuses every other one (platform/http/access.ts).
 */
export const READ_ONLY_ROLES: readonly Role[] = ['province_leader'];

export const ROLE_NAMES_VI: Record<Role, string> = {
  admin: 'Quản trị hệ thống',
  catalog_manager: 'Quản lý danh mục thủ tục',
  one_stop_officer: 'Cán bộ Bộ phận một cửa',
  specialist: 'Chuyên viên xử lý',
  unit_leader: 'Lãnh đạo cơ quan/phòng',
  provincial_office: 'Văn phòng UBND tỉnh',
  home_affairs: 'Sở Nội vụ (cải cách hành chính)',
  province_leader: 'Lãnh đạo tỉnh (Chủ tịch, Phó Chủ tịch, lãnh đạo Văn phòng)',
  citizen: 'Công dân / tổ chức',
};

export interface Actor {
  id: string;
  username: string;
  fullName: string;
  kind: 'staff' | 'citizen';
  roles: Role[];
  agencyId: string | null;
  agency: { id: string; code: string; name: string } | null;
  sessionId: string;
}

/** What a service needs to know about the request it serves: who, which request, from where. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
  ip: string | null;
}

export const systemContext = (requestId = 'system'): RequestContext => ({ actor: null, requestId, ip: null });

export function hasAnyRole(actor: Actor | null, roles: readonly Role[]): boolean {
  return !!actor && actor.roles.some((r) => roles.includes(r));
}

/** True when every role the actor holds is read-only (an account with any other role acts by that role). */
export function isReadOnly(actor: Actor | null): boolean {
  return !!actor && actor.roles.length > 0 && actor.roles.every((r) => READ_ONLY_ROLES.includes(r));
}

export function isProvinceWide(actor: Actor | null): boolean {
  return hasAnyRole(actor, PROVINCE_WIDE_ROLES);
}
