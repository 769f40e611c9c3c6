import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { getSetting } from '../../platform/auth/auth.repo.js';
import * as repo from './frontoffice.repo.js';
import { hashToken } from './frontoffice.service.js';

/** The demo centre (the one_stop_officer demo account works there). */
export const DEMO_CENTRE = 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa';

/**
 * Demo devices with published tokens (demo mode only, like the demo passwords): the pairing pages
 * accept them so a demo can open the kiosk, call screen and counter-1 tablet without an admin step.
 */
export const DEMO_DEVICE_TOKENS = {
  kiosk: 'demo-kiosk-thanhhoa-0000000001',
  call_screen: 'demo-screen-thanhhoa-000000001',
  rating_tablet: 'demo-tablet-thanhhoa-quay1-0001',
} as const;

/**
 * Demo configuration of the provincial centre: three areas by field of the published demo
 * procedures (the two fields with most procedures, then the rest), ten counters, and one device of
 * each kind. Idempotent (a setting marks it done).
 */
export async function seedDemoFrontOffice(database: Database): Promise<void> {
  const db = database.db;
  if (await getSetting(db, 'demo_seed_frontoffice')) return;
  const { rows: ag } = await sql<{ id: string }>`SELECT id FROM agency WHERE name = ${DEMO_CENTRE} AND valid_to IS NULL LIMIT 1`.execute(db);
  if (!ag[0]) return;
  const agencyId = ag[0].id;
  const { rows: procs } = await sql<{ code: string; field: string }>`SELECT DISTINCT ON (p.code) p.code, v.field FROM procedure p
    JOIN procedure_version v ON v.procedure_id = p.id WHERE v.status = 'published' ORDER BY p.code, v.version_no DESC`.execute(db);
  const byField = new Map<string, string[]>();
  for (const p of procs) byField.set(p.field, [...(byField.get(p.field) ?? []), p.code]);
  const fields = [...byField.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const [first, second, ...rest] = fields;
  const plan = [
    {
      code: 'A',
      name: first ? `Lĩnh vực ${first[0]}` : 'Khu vực A',
      nameEn: first ? `Field: ${first[0]}` : 'Area A',
      codes: first?.[1] ?? [],
      counters: [1, 2, 3, 4],
    },
    {
      code: 'B',
      name: second ? `Lĩnh vực ${second[0]}` : 'Khu vực B',
      nameEn: second ? `Field: ${second[0]}` : 'Area B',
      codes: second?.[1] ?? [],
      counters: [5, 6, 7],
    },
    { code: 'C', name: 'Các lĩnh vực khác', nameEn: 'Other fields', codes: rest.flatMap((f) => f[1]), counters: [8, 9, 10] },
  ];
  await database.transaction(async (tx) => {
    let counter1: string | null = null;
    for (const [i, p] of plan.entries()) {
      const a = await repo.insertArea(tx, {
        agencyId,
        code: p.code,
        name: p.name,
        nameEn: p.nameEn,
        numberBase: (i + 1) * 1000,
        procedureCodes: p.codes,
        avgServiceMinutes: 12,
        active: true,
      });
      for (const n of p.counters) {
        const c = await repo.insertCounter(tx, { agencyId, areaId: a.id, number: n, name: null });
        if (n === 1) counter1 = c.id;
      }
    }
    await repo.insertDevice(tx, { agencyId, kind: 'kiosk', counterId: null, name: 'Kiosk sảnh chính (demo)', tokenHash: hashToken(DEMO_DEVICE_TOKENS.kiosk) });
    await repo.insertDevice(tx, {
      agencyId,
      kind: 'call_screen',
      counterId: null,
      name: 'Màn hình gọi số sảnh chính (demo)',
      tokenHash: hashToken(DEMO_DEVICE_TOKENS.call_screen),
    });
    await repo.insertDevice(tx, {
      agencyId,
      kind: 'rating_tablet',
      counterId: counter1,
      name: 'Máy đánh giá quầy 1 (demo)',
      tokenHash: hashToken(DEMO_DEVICE_TOKENS.rating_tablet),
    });
    await sql`INSERT INTO app_setting (key, value) VALUES ('demo_seed_frontoffice', 'done') ON CONFLICT (key) DO NOTHING`.execute(tx);
  });
}
