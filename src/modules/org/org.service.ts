import type { Database, Executor } from '../../platform/db/database.js';
import { isProvinceWide, type Actor, type RequestContext, type Role } from '../../platform/context.js';
import { diffForAudit, recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { forgetUserSessions } from '../../platform/auth/auth.service.js';
import { nameKey, nfc } from '../../platform/text.js';
import * as repo from './org.repo.js';
import type { Agency, AgencyCreate, AgencyKind, AgencyUpdate, StaffUser, UserCreate, UserUpdate } from './org.schemas.js';

/** The agencies an actor may act for: 'all' for province-wide roles, else its agency's subtree. */
export async function agencyScope(db: Executor, actor: Actor | null): Promise<'all' | string[]> {
  if (!actor) return [];
  if (isProvinceWide(actor)) return 'all';
  if (!actor.agencyId) return [];
  return repo.agencySubtree(db, actor.agencyId);
}

export function inScope(scope: 'all' | string[], agencyId: string | null): boolean {
  return scope === 'all' || (agencyId !== null && scope.includes(agencyId));
}

/**
 * Resolves an agency name as written in an older document to the agencies that carry its duties
 * today, following the succession records (e.g. "Sở Kế hoạch và Đầu tư" → Sở Tài chính).
 * Name matching ignores Unicode form and tone-mark placement ("Thanh Hoá" = "Thanh Hóa").
 */
export async function resolveAgencyByName(db: Executor, name: string): Promise<{ matched: Agency[]; current: Agency[] }> {
  const matched = await repo.findAgenciesByNameKey(db, nameKey(name));
  const current: Agency[] = [];
  const seen = new Set<string>();
  const walk = async (a: Agency, depth: number): Promise<void> => {
    if (seen.has(a.id) || depth > 10) return;
    seen.add(a.id);
    if (a.validTo === null || a.successorIds.length === 0) {
      if (!current.some((c) => c.id === a.id)) current.push(a);
      return;
    }
    for (const s of a.successorIds) {
      const next = await repo.getAgency(db, s);
      if (next) await walk(next, depth + 1);
    }
  };
  for (const a of matched) await walk(a, 0);
  return { matched, current };
}

export function createOrgService(database: Database, clock: { now(): Date }) {
  const db = database.db;
  /** The default start of a succession record: today's date (UTC, as before the clock was injected). */
  const today = () => clock.now().toISOString().slice(0, 10);

  async function checkParent(tx: Executor, parentId: string | null | undefined, selfId?: string): Promise<void> {
    if (!parentId) return;
    const parent = await repo.getAgency(tx, parentId);
    if (!parent) throw unprocessable('parent_not_found', 'Cơ quan cấp trên không tồn tại.');
    if (selfId && (await repo.isAncestorOrSelf(tx, selfId, parentId))) {
      throw unprocessable('agency_cycle', 'Không thể đặt một cơ quan làm cấp trên của chính nó hoặc của cơ quan cấp trên nó.');
    }
  }

  return {
    listUnits: (q: repo.UnitQuery) => repo.listUnits(db, q),
    listAgencies: (q: Parameters<typeof repo.listAgencies>[1]) => repo.listAgencies(db, q),
    async getAgency(id: string): Promise<Agency> {
      const a = await repo.getAgency(db, id);
      if (!a) throw notFound('cơ quan');
      return a;
    },
    resolveAgencyByName: (name: string) => resolveAgencyByName(db, name),

    async createAgency(ctx: RequestContext, input: AgencyCreate): Promise<Agency> {
      return database.transaction(async (tx) => {
        if (await repo.getAgencyByCode(tx, input.code)) throw conflict('agency_code_taken', `Mã định danh ${input.code} đã được dùng cho cơ quan khác.`);
        await checkParent(tx, input.parentId);
        const name = nfc(input.name.trim());
        const shortName = nfc((input.shortName ?? input.name).trim());
        const id = await repo.insertAgency(tx, {
          code: input.code,
          name,
          shortName,
          shortNameKey: nameKey(shortName),
          kind: input.kind as AgencyKind,
          parentId: input.parentId ?? null,
          unitCode: input.unitCode,
          validFrom: input.validFrom ?? today(),
          validTo: null,
          codeVerified: input.codeVerified ?? false,
          nameKey: nameKey(name),
        });
        await recordAudit(tx, ctx, { action: 'agency.create', entity: 'agency', entityId: id, summary: { code: input.code, name } });
        await enqueue(tx, { topic: 'org.agency.changed', aggregateKey: `agency:${id}`, payload: { id, change: 'created', code: input.code } });
        return (await repo.getAgency(tx, id))!;
      });
    },

    async updateAgency(ctx: RequestContext, id: string, patch: AgencyUpdate): Promise<Agency> {
      return database.transaction(async (tx) => {
        const before = await repo.getAgency(tx, id);
        if (!before) throw notFound('cơ quan');
        if (patch.version !== undefined && patch.version !== before.version) {
          throw conflict('stale_version', 'Cơ quan đã được người khác cập nhật. Vui lòng tải lại và thử lại.', { currentVersion: before.version });
        }
        if (patch.code && patch.code !== before.code && (await repo.getAgencyByCode(tx, patch.code))) {
          throw conflict('agency_code_taken', `Mã định danh ${patch.code} đã được dùng cho cơ quan khác.`);
        }
        if (patch.parentId !== undefined) await checkParent(tx, patch.parentId, id);
        if (patch.successorIds) {
          for (const s of patch.successorIds) {
            if (s === id || !(await repo.getAgency(tx, s))) throw unprocessable('successor_invalid', 'Cơ quan kế thừa không hợp lệ.');
          }
          if (patch.successorIds.length && !(patch.validTo ?? before.validTo)) {
            throw unprocessable('successor_requires_end', 'Cần nhập ngày kết thúc hoạt động (validTo) khi khai báo cơ quan kế thừa.');
          }
        }
        const name = patch.name !== undefined ? nfc(patch.name.trim()) : undefined;
        const ok = await repo.updateAgency(
          tx,
          id,
          {
            code: patch.code,
            name,
            nameKey: name !== undefined ? nameKey(name) : undefined,
            shortName: patch.shortName !== undefined ? nfc(patch.shortName.trim()) : undefined,
            shortNameKey: patch.shortName !== undefined ? nameKey(patch.shortName) : undefined,
            kind: patch.kind as AgencyKind | undefined,
            parentId: patch.parentId,
            unitCode: patch.unitCode,
            validTo: patch.validTo,
            taxCode: patch.taxCode,
          },
          before.version,
        );
        if (!ok) throw conflict('stale_version', 'Cơ quan đã được người khác cập nhật. Vui lòng tải lại và thử lại.');
        if (patch.successorIds) {
          const end = patch.validTo ?? before.validTo!;
          const d = new Date(end + 'T00:00:00Z');
          d.setUTCDate(d.getUTCDate() + 1);
          await repo.setAgencySuccessors(tx, id, patch.successorIds, d.toISOString().slice(0, 10), null);
        }
        const after = (await repo.getAgency(tx, id))!;
        await recordAudit(tx, ctx, {
          action: 'agency.update',
          entity: 'agency',
          entityId: id,
          summary: diffForAudit(before as unknown as Record<string, unknown>, { ...patch, version: undefined } as Record<string, unknown>),
        });
        await enqueue(tx, { topic: 'org.agency.changed', aggregateKey: `agency:${id}`, payload: { id, change: 'updated', version: after.version } });
        return after;
      });
    },

    async listUsers(actor: Actor, q: { q?: string; agencyId?: string; kind?: string; limit: number; offset: number }) {
      const scope = await agencyScope(db, actor);
      let agencyIds: string[] | null = scope === 'all' ? null : scope;
      if (q.agencyId) agencyIds = agencyIds === null || agencyIds.includes(q.agencyId) ? [q.agencyId] : [];
      return repo.listUsers(db, { q: q.q, agencyIds, kind: q.kind, limit: q.limit, offset: q.offset });
    },

    async createUser(ctx: RequestContext, input: UserCreate): Promise<StaffUser> {
      const kind = input.roles.includes('citizen') ? 'citizen' : 'staff';
      if (kind === 'citizen' && input.roles.length > 1) throw unprocessable('roles_mixed', 'Tài khoản công dân không thể có thêm vai trò cán bộ.');
      if (kind === 'staff' && !input.agencyId) throw unprocessable('agency_required', 'Tài khoản cán bộ phải thuộc một cơ quan.');
      const passwordHash = await hashPassword(input.password);
      return database.transaction(async (tx) => {
        if (await repo.usernameTaken(tx, input.username)) throw conflict('username_taken', `Tên đăng nhập "${input.username}" đã tồn tại.`);
        if (input.agencyId && !(await repo.getAgency(tx, input.agencyId))) throw unprocessable('agency_not_found', 'Cơ quan không tồn tại.');
        const id = await repo.insertUser(tx, {
          username: input.username,
          fullName: nfc(input.fullName.trim()),
          kind,
          passwordHash,
          agencyId: input.agencyId,
          roles: input.roles as Role[],
        });
        await recordAudit(tx, ctx, {
          action: 'user.create',
          entity: 'user',
          entityId: id,
          summary: { username: input.username, roles: input.roles, agencyId: input.agencyId },
        });
        await enqueue(tx, { topic: 'org.user.changed', aggregateKey: `user:${id}`, payload: { id, change: 'created' } });
        return (await repo.getUser(tx, id))!;
      });
    },

    async updateUser(ctx: RequestContext, id: string, patch: UserUpdate): Promise<StaffUser> {
      const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
      const updated = await database.transaction(async (tx) => {
        const before = await repo.getUser(tx, id);
        if (!before) throw notFound('tài khoản');
        if (patch.agencyId && !(await repo.getAgency(tx, patch.agencyId))) throw unprocessable('agency_not_found', 'Cơ quan không tồn tại.');
        if (patch.roles && before.kind === 'citizen' && patch.roles.some((r) => r !== 'citizen'))
          throw unprocessable('roles_mixed', 'Tài khoản công dân không thể có vai trò cán bộ.');
        if (patch.roles && before.kind === 'staff' && patch.roles.includes('citizen'))
          throw unprocessable('roles_mixed', 'Tài khoản cán bộ không thể có vai trò công dân.');
        if (ctx.actor?.id === id && (patch.active === false || (patch.roles && !patch.roles.includes('admin') && before.roles.includes('admin')))) {
          throw unprocessable('self_lockout', 'Bạn không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình.');
        }
        await repo.updateUser(tx, id, {
          fullName: patch.fullName ? nfc(patch.fullName.trim()) : undefined,
          passwordHash,
          agencyId: patch.agencyId,
          roles: patch.roles as Role[] | undefined,
          active: patch.active,
        });
        await recordAudit(tx, ctx, {
          action: 'user.update',
          entity: 'user',
          entityId: id,
          summary: diffForAudit({ ...before, agencyId: before.agency?.id ?? null } as unknown as Record<string, unknown>, patch as Record<string, unknown>),
        });
        await enqueue(tx, { topic: 'org.user.changed', aggregateKey: `user:${id}`, payload: { id, change: 'updated' } });
        return (await repo.getUser(tx, id))!;
      });
      // Sessions remembered by this process see the change at once (platform/auth/auth.service.ts).
      forgetUserSessions(id);
      return updated;
    },
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
