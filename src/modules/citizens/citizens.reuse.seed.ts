/**
 * Demo re-use of the citizen's warehouse (issue 18 §4, QĐ 766 4.3), demo mode only: the demo
 * citizen's dossiers still in progress get one of the citizen's certified copies attached to their first component by the receiving officer through the real re-use function
 * (`staffReuse`: the file points at the stored content, the component is marked re-used, the
 * consent is recorded, the access is logged for the citizen). Runs after the certified copies.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import type { Actor, Role } from '../../platform/context.js';
import { ensureSetting, findUserByUsername, getSetting } from '../../platform/auth/auth.repo.js';
import { localFileStore } from '../../platform/files.js';
import type { Config } from '../../platform/config.js';
import { dossierServiceFor } from '../dossiers/dossiers.public.js';
import type { CalendarService } from '../calendar/calendar.public.js';
import { createCitizenService } from './citizens.service.js';
import * as repo from './citizens.repo.js';

export async function seedDemoReuse(
  database: Database,
  config: Pick<Config, 'filesDir' | 'publicBaseUrl'>,
  calendar: CalendarService,
  max = 6,
): Promise<number> {
  const db = database.db;
  if (await getSetting(db, 'demo_seed_reuse')) return 0;
  const citizen = await findUserByUsername(db, 'citizen');
  if (!citizen) return 0;
  const items = (await repo.listItems(db, citizen.id)).filter((i) => i.storageKey);
  if (!items.length) return 0;
  // The citizen's dossiers received and not finished (the officer can still add documents).
  const { rows } = await sql<{ id: string; agency_id: string }>`SELECT id, receiving_agency_id AS agency_id FROM dossier
    WHERE applicant_user_id = ${citizen.id} AND received_at IS NOT NULL AND status NOT IN (3, 7, 8, 10) AND jsonb_array_length(components) > 0 ORDER BY received_at DESC`.execute(
    db,
  );
  const officerOf = async (agencyId: string): Promise<Actor | null> => {
    const r = (
      await sql<
        Record<string, unknown>
      >`SELECT u.id, u.username, u.full_name, u.kind, u.password_hash, u.agency_id, u.roles, u.active, u.personal_id, u.email, u.phone, u.created_at, u.updated_at, a.code AS agency_code, a.name AS agency_name FROM app_user u JOIN agency a ON a.id = u.agency_id
      WHERE u.agency_id = ${agencyId} AND 'one_stop_officer' = ANY(u.roles) ORDER BY u.username LIMIT 1`.execute(db)
    ).rows[0];
    return r
      ? {
          id: r.id as string,
          username: r.username as string,
          fullName: r.full_name as string,
          kind: 'staff',
          roles: r.roles as Role[],
          agencyId,
          agency: { id: agencyId, code: r.agency_code as string, name: r.agency_name as string },
          sessionId: 'seed',
        }
      : null;
  };
  const clock = { now: () => new Date() };
  const svc = createCitizenService({
    database,
    clock,
    files: localFileStore(config.filesDir),
    sessionKey: randomBytes(32),
    sessionTtlHours: 1,
    idp: null,
    dossiers: dossierServiceFor({ database, clock, calendar }),
    publicBaseUrl: config.publicBaseUrl,
  });
  let n = 0;
  for (const d of rows) {
    if (n >= max) break;
    // Attached today (the re-use happens now, while the dossier is still open), one copy after the other.
    const item = items[n % items.length];
    const officer = await officerOf(d.agency_id);
    if (!item || !officer) continue;
    await svc.staffReuse({ actor: officer, requestId: 'demo-seed', ip: null }, d.id, item.id, {
      componentIndex: 0,
      consent: { given: true, how: 'in_person' },
    });
    n++;
  }
  await ensureSetting(db, 'demo_seed_reuse', new Date().toISOString());
  return n;
}
