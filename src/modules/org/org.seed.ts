import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.js';
import type { Role } from '../../platform/context.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { nameKey } from '../../platform/text.js';
import { fromRoot } from '../../platform/paths.js';
import * as repo from './org.repo.js';
import { parseUnitsFile } from './units.parse.js';
import { thanhHoaAgencies, thanhHoaPredecessorUnits } from './seed/thanh-hoa-agencies.js';

/** The national administrative units after 1 July 2025 (real reference data; loaded in every mode). */
// A copy of the administrative-units dataset vn-units-2026.json (MIT, see seed/vn-units-2026.LICENSE), kept in the
// repository so a fresh clone starts on its own.
export const UNITS_FILE = fromRoot('src/modules/org/seed/vn-units-2026.json');
export const REFORM_DATE = '2025-07-01';

export async function seedUnits(database: Database, file: URL | string = UNITS_FILE): Promise<number> {
  if ((await repo.countUnits(database.db)) > 0) return 0;
  const { provinces, communes } = parseUnitsFile(JSON.parse(readFileSync(file, 'utf8')));
  const rows: repo.UnitInsert[] = [...provinces, ...communes].map((u) => ({
    code: u.code,
    level: u.level,
    name: u.name,
    fullName: u.fullName,
    nameEn: u.nameEn,
    kind: u.kind,
    parentCode: u.parentCode,
    validFrom: REFORM_DATE,
    validTo: null,
    nameKey: nameKey(u.fullName),
  }));
  await database.transaction((tx) => repo.insertUnits(tx, rows));
  return rows.length;
}

/** Demo province: Thanh Hóa (38), its agencies after the 2025 reorganisation and their predecessors. */
export async function seedDemoOrg(database: Database): Promise<void> {
  if (await getSetting(database.db, 'demo_seed_org')) return;
  await database.transaction(async (tx) => {
    await insertPredecessorUnits(tx);
    const ids = new Map<string, string>();
    // Parents first: insert in an order where each parentKey is already known.
    const pending = [...thanhHoaAgencies];
    while (pending.length) {
      const i = pending.findIndex((a) => a.parentKey === null || ids.has(a.parentKey));
      if (i < 0) throw new Error('thanh-hoa-agencies: a parentKey does not exist');
      const a = pending.splice(i, 1)[0];
      const id = await repo.insertAgency(tx, {
        code: a.code,
        name: a.name,
        shortName: a.shortName,
        kind: a.kind,
        parentId: a.parentKey ? ids.get(a.parentKey)! : null,
        unitCode: a.unitCode,
        validFrom: a.validFrom,
        validTo: a.validTo,
        codeVerified: a.codeVerified,
        nameKey: nameKey(a.name),
        shortNameKey: nameKey(a.shortName),
      });
      ids.set(a.key, id);
    }
    for (const a of thanhHoaAgencies) {
      if (a.successorKeys?.length && a.validTo) {
        const d = new Date(a.validTo + 'T00:00:00Z');
        d.setUTCDate(d.getUTCDate() + 1);
        await repo.setAgencySuccessors(
          tx,
          ids.get(a.key)!,
          a.successorKeys.map((k) => ids.get(k)!),
          d.toISOString().slice(0, 10),
          'Sắp xếp tổ chức bộ máy năm 2025',
        );
      }
    }
    await ensureSetting(tx, 'province_code', '38');
    await ensureSetting(tx, 'province_name', 'Thanh Hóa');
    await ensureSetting(tx, 'demo_seed_org', new Date().toISOString());
  });
}

async function insertPredecessorUnits(tx: Executor): Promise<void> {
  for (const u of thanhHoaPredecessorUnits) {
    await repo.insertUnits(tx, [
      {
        code: u.code,
        level: u.level,
        name: u.name,
        fullName: u.fullName,
        nameEn: null,
        kind: u.kind,
        parentCode: u.parentCode,
        validFrom: u.validFrom,
        validTo: u.validTo,
        nameKey: nameKey(u.fullName),
      },
    ]);
    const [pred] = await repo.findUnits(tx, { code: u.code, level: u.level });
    for (const s of u.successorCodes) {
      const [succ] = await repo.findUnits(tx, { code: s, level: 'commune' });
      if (succ) await repo.linkUnits(tx, pred.id, succ.id, REFORM_DATE, 'Sắp xếp đơn vị hành chính, bỏ cấp huyện từ 01/7/2025');
    }
  }
}

/** One demo account per role, username = role name, password demo12345 (demo mode only). */
export const DEMO_PASSWORD = 'demo12345';
export const DEMO_USERS: { username: Role; fullName: string; agencyName: string | null }[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống (demo)', agencyName: 'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa' },
  { username: 'catalog_manager', fullName: 'Lê Thị Minh Thu (demo)', agencyName: 'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa' },
  { username: 'one_stop_officer', fullName: 'Nguyễn Thị Hồng Đào (demo)', agencyName: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa' },
  { username: 'specialist', fullName: 'Trần Văn Bình (demo)', agencyName: 'Sở Tư pháp tỉnh Thanh Hóa' },
  { username: 'unit_leader', fullName: 'Phạm Quốc Hưng (demo)', agencyName: 'Sở Tư pháp tỉnh Thanh Hóa' },
  { username: 'provincial_office', fullName: 'Hoàng Thị Lan (demo)', agencyName: 'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa' },
  { username: 'home_affairs', fullName: 'Đỗ Mạnh Cường (demo)', agencyName: 'Sở Nội vụ tỉnh Thanh Hóa' },
  { username: 'province_leader', fullName: 'Lê Đức Thịnh (demo, Phó Chủ tịch UBND tỉnh)', agencyName: 'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa' },
  { username: 'citizen', fullName: 'Lê Văn An (demo)', agencyName: null },
];

export async function seedDemoUsers(database: Database): Promise<void> {
  // A database seeded before a role existed gets that role's demo account once (issue 21: province_leader).
  const seeded = await getSetting(database.db, 'demo_seed_users');
  const users = seeded ? [] : DEMO_USERS;
  const later = seeded ? DEMO_USERS.filter((u) => u.username === 'province_leader') : [];
  for (const u of later) {
    if ((await getSetting(database.db, `demo_seed_user:${u.username}`)) || (await repo.usernameTaken(database.db, u.username))) continue;
    users.push(u);
  }
  if (!users.length) return;
  const hash = await hashPassword(DEMO_PASSWORD);
  await database.transaction(async (tx) => {
    for (const u of users) {
      let agencyId: string | null = null;
      if (u.agencyName) {
        const found = await repo.findAgenciesByNameKey(tx, nameKey(u.agencyName));
        if (!found.length) throw new Error(`demo seed: agency "${u.agencyName}" missing`);
        agencyId = found[0].id;
      }
      await repo.insertUser(tx, {
        username: u.username,
        fullName: u.fullName,
        kind: u.username === 'citizen' ? 'citizen' : 'staff',
        passwordHash: hash,
        agencyId,
        roles: [u.username],
        personalId: u.username === 'citizen' ? '038090001234' : null,
      });
    }
    await ensureSetting(tx, 'demo_seed_users', new Date().toISOString());
    for (const u of users) if (u.username === 'province_leader') await ensureSetting(tx, `demo_seed_user:${u.username}`, new Date().toISOString());
  });
  void sql;
}
