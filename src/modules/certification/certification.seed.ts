/**
 * Demo certified electronic copies (demo mode only, idempotent: app setting
 * `demo_seed_certifications`). Over the last four months, the one-stop sections of a share of the
 * province's communes and wards, the Hạc Thành ward centre and the provincial centre certify copies
 * of citizens' originals at the counter through the real service (certification.service.ts): the
 * register numbers follow the order of certification in each agency's book, every copy is built,
 * sealed (the sandbox seal in demo mode) and verified, its fee comes from the table in force, and a
 * copy for a verified citizen (the demo citizen) lands in their warehouse. These records are what
 * QĐ 766 indicator 4.x counts (communes that provided the service in the period).
 *
 * Every demo commune certifies, the remote mountain commune only some months: 4.x shows what a
 * province part way through the roll-out (Nghị định 07/2025/NĐ-CP) shows, neither 0 nor a flat 100 %.
 * A few dozen copies (most certifications are still paper copies): each one is built, sealed and
 * verified for real, about 150 ms on a loaded machine, and the first demo start waits for them.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import type { Actor, Role } from '../../platform/context.js';
import type { Config } from '../../platform/config.js';
import { localFileStore } from '../../platform/files.js';
import { prng } from '../../platform/prng.js';
import { demoFullName } from '../../platform/demo-names.js';
import { demoScanPng } from '../../platform/demo-scan.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { ensureSetting, findUserByUsername, getSetting } from '../../platform/auth/auth.repo.js';
import type { CalendarService } from '../calendar/calendar.public.js';
import { listAgencies } from '../org/org.public.js';
import { getProfile } from '../citizens/citizens.public.js';
import { signaturesFor } from '../signatures/signatures.public.js';
import { createCertificationService } from './certification.service.js';

/** Originals people bring to the counter, weighted by how often (pages of a typical scan). */
const DOCUMENTS: [title: string, pages: number, weight: number][] = [
  ['Giấy khai sinh', 1, 24],
  ['Thẻ Căn cước', 2, 18],
  ['Bằng tốt nghiệp trung học phổ thông', 1, 12],
  ['Giấy chứng nhận quyền sử dụng đất', 4, 10],
  ['Giấy chứng nhận kết hôn', 1, 8],
  ['Bằng tốt nghiệp đại học', 1, 8],
  ['Giấy phép lái xe', 2, 6],
  ['Học bạ trung học phổ thông', 6, 5],
  ['Giấy xác nhận tình trạng hôn nhân', 1, 5],
  ['Giấy chứng nhận đăng ký hộ kinh doanh', 1, 4],
];

export type DemoCertificationsConfig = Pick<Config, 'filesDir' | 'dataDir' | 'signing' | 'sandboxes' | 'publicBaseUrl'>;

/**
 * `count`: about how many copies in all (DEMO_CERTIFICATIONS; tests ask for theirs); `communes`:
 * at most how many commune/ward one-stop sections certify besides Hạc Thành's.
 */
export async function seedDemoCertifications(
  database: Database,
  config: DemoCertificationsConfig & Pick<Config, 'demoCertifications'>,
  calendar: CalendarService,
  count = config.demoCertifications,
  communes = 24,
): Promise<void> {
  const db = database.db;
  if (count <= 0 || (await getSetting(db, 'demo_seed_certifications'))) return;
  const centres = (await listAgencies(db, { kind: 'commune_service_centre', current: true, limit: 1000, offset: 0 })).items;
  const province = (await listAgencies(db, { kind: 'provincial_service_centre', current: true, limit: 1, offset: 0 })).items[0];
  const hacThanh = centres.find((c) => c.name.endsWith('phường Hạc Thành'));
  const officer = await findUserByUsername(db, 'one_stop_officer');
  const wardOfficer = await findUserByUsername(db, 'demo.mc.hacthanh');
  if (!province || !hacThanh || !officer) return; // demo organisation not seeded
  const rnd = prng(20261207);

  // The certifying sections: the provincial centre, Hạc Thành (with its demo officer) and the
  // other demo communes' one-stop sections, each with a demo officer. A remote mountain commune
  // (Mường Lát) certifies only now and then, as such communes do.
  const others = centres.filter((c) => c.id !== hacThanh.id).slice(0, Math.max(0, communes));
  const hash = await hashPassword('demo12345');
  await database.transaction(async (tx) => {
    for (const c of others) {
      await sql`INSERT INTO app_user (username, full_name, kind, password_hash, agency_id, roles)
        VALUES (${`demo.ct.${c.code}`}, ${`${demoFullName(rnd.pick)} (demo)`}, 'staff', ${hash}, ${c.id}, ${['one_stop_officer' satisfies Role]}::text[])
        ON CONFLICT DO NOTHING`.execute(tx);
    }
  });
  const actorOf = async (username: string): Promise<Actor | null> => {
    const { rows } = await sql<
      Record<string, unknown>
    >`SELECT u.id, u.username, u.full_name, u.kind, u.password_hash, u.agency_id, u.roles, u.active, u.personal_id, u.email, u.phone, u.created_at, u.updated_at, a.code AS agency_code, a.name AS agency_name FROM app_user u JOIN agency a ON a.id = u.agency_id WHERE u.username = ${username}`.execute(
      db,
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id as string,
      username,
      fullName: r.full_name as string,
      kind: 'staff',
      roles: r.roles as Role[],
      agencyId: r.agency_id as string,
      agency: { id: r.agency_id as string, code: r.agency_code as string, name: r.agency_name as string },
      sessionId: 'seed',
    };
  };
  // Busier sections certify more (weights); `monthly`: certifies at least once every month.
  const sections: { actor: Actor; weight: number; monthly: boolean }[] = [];
  const wanted: [string, number, boolean][] = [
    ['one_stop_officer', 6, true],
    ...(wardOfficer ? [['demo.mc.hacthanh', 5, true] as [string, number, boolean]] : []),
    ...others.map((c): [string, number, boolean] => (/Mường Lát/.test(c.name) ? [`demo.ct.${c.code}`, 1, false] : [`demo.ct.${c.code}`, 2 + rnd.int(2), true])),
  ];
  for (const [username, weight, monthly] of wanted) {
    const a = await actorOf(username);
    if (a) sections.push({ actor: a, weight, monthly });
  }

  // The demo citizen (verified through the sandbox VNeID) has a few of their originals certified: those copies go to their warehouse.
  const citizenUser = await findUserByUsername(db, 'citizen');
  const citizen = citizenUser ? await getProfile(db, citizenUser.id) : null;

  // When: working hours of the last four months, in time order (the book's numbers follow it).
  const now = new Date();
  const events: { at: Date; section: (typeof sections)[number] }[] = [];
  const total = sections.reduce((s, x) => s + x.weight, 0);
  const regular = sections.filter((s) => s.monthly);
  for (let i = 0; i < count; i++) {
    let r = rnd.int(total);
    // First one copy a month for each regular section (so that it "provides" the service every month), then by weight.
    const first = i < regular.length * 4;
    const s = first ? regular[i % regular.length] : (sections.find((x) => (r -= x.weight) < 0) ?? sections[0]);
    const daysBack = first ? Math.floor(i / regular.length) * 30 + 1 + rnd.int(28) : 1 + rnd.int(120);
    const day = new Date(now.getTime() - daysBack * 86_400_000);
    const asked = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, 30 + rnd.int(420), rnd.int(60)));
    let at = await calendar.deadline(asked, 0, 'working_hours', s.actor.agencyId);
    // A day off moves the request to the next morning's opening: people come in over the first hours, not all at 07:00.
    if (at.getTime() !== asked.getTime()) at = new Date(at.getTime() + (10 + rnd.int(150)) * 60_000);
    if (at < now) events.push({ at, section: s });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());

  const clock = {
    t: now,
    now() {
      return this.t;
    },
  };
  const svc = createCertificationService({
    database,
    files: localFileStore(config.filesDir),
    signatures: signaturesFor(config, () => clock.now()),
    publicBaseUrl: config.publicBaseUrl,
    clock,
  });
  const weightOf = DOCUMENTS.reduce((s, d) => s + d[2], 0);
  const scans = new Map<string, Buffer>();
  for (const [i, e] of events.entries()) {
    let r = rnd.int(weightOf);
    const [title, pages] = DOCUMENTS.find((d) => (r -= d[2]) < 0) ?? DOCUMENTS[0];
    const mine = citizen?.personalId && i % 23 === 5;
    const requesterName = mine ? citizen.fullName : demoFullName(rnd.pick);
    const requesterIdNumber = mine ? citizen.personalId! : `0381${String(80 + rnd.int(20))}${String(100000 + rnd.int(899999))}`;
    const key = `${title}/${pages}`;
    if (!scans.has(key)) scans.set(key, demoScanPng(key.length * 7919));
    clock.t = e.at;
    await svc.certify(
      { actor: e.section.actor, requestId: 'demo-seed', ip: null },
      {
        pages: Array.from({ length: pages }, () => scans.get(key)!),
        documentTitle: title,
        requesterName,
        requesterIdNumber,
        copies: 1 + (rnd.chance(0.3) ? 1 + rnd.int(3) : 0),
        comparedWithOriginal: true,
      },
    );
  }
  await ensureSetting(db, 'demo_seed_certifications', new Date().toISOString());
}

// The stand-in scanned page moved to the platform (the demo dossiers' counter scans use it too).
export { demoScanPng } from '../../platform/demo-scan.js';
