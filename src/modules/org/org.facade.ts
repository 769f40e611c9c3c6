/**
 * The org module's functions for other modules, exposed through org.public.ts (moved there
 * unchanged: a public file only re-exports).
 */
import type { Executor } from '../../platform/db/database.js';
import { ROLE_NAMES_VI, type Role } from '../../platform/context.js';
import { findUnits, getAgency as agencyById, getUser, listUsers as listUsersOf } from './org.repo.js';

/**
 * A person as documents and timelines show them: full name and title (the first role's name,
 * e.g. "Cán bộ Bộ phận một cửa"), or null for an unknown id (system actors, deleted accounts).
 */
export async function personName(db: Executor, userId: string | null | undefined): Promise<{ fullName: string; title: string | null } | null> {
  if (!userId || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const u = await getUser(db, userId);
  if (!u) return null;
  const role = u.roles[0] as Role | undefined;
  return { fullName: u.fullName, title: role ? ROLE_NAMES_VI[role] : null };
}

/**
 * The place name (địa danh, Nghị định 30/2020 Phụ lục I) on an agency's documents when the agency
 * serves a commune-level unit: the ward's or commune's name without "Xã/Phường/Thị trấn/Đặc khu"
 * ("Phường Hàm Rồng" → "Hàm Rồng"; a numbered ward keeps its level: "Phường 15"). Null for
 * provincial agencies (the caller uses the province's name).
 */
export async function agencyPlaceName(db: Executor, agencyId: string | null | undefined): Promise<string | null> {
  if (!agencyId) return null;
  const a = await agencyById(db, agencyId);
  if (!a?.unitCode) return null;
  const unit = (await findUnits(db, { code: a.unitCode, level: 'commune' }))[0];
  return unit ? placeOfUnit(unit.name) : null;
}

/** "Phường Hàm Rồng" → "Hàm Rồng"; "Phường 15" stays "Phường 15". */
export function placeOfUnit(name: string): string {
  const m = /^\s*(xã|phường|thị trấn|đặc khu)\s+(.+)$/iu.exec(name.normalize('NFC'));
  if (!m || /^\d+$/.test(m[2].trim())) return name.trim();
  return m[2].trim();
}

/** Active staff of an agency holding one of `roles` (e.g. the unit leaders a prompt goes to). */
export async function staffWithRoles(db: Executor, agencyId: string, roles: readonly Role[]): Promise<{ id: string; fullName: string }[]> {
  const { items } = await listUsersOf(db, { agencyIds: [agencyId], kind: 'staff', limit: 500, offset: 0 });
  return items.filter((u) => u.active && u.roles.some((r) => roles.includes(r as Role))).map((u) => ({ id: u.id, fullName: u.fullName }));
}
