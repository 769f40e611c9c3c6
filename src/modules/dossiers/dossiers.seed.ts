import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import type { Actor, Role } from '../../platform/context.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import type { CalendarService } from '../calendar/calendar.public.js';
import { listAgencies } from '../org/org.public.js';
import { createDossierService, type ActionInput } from './dossiers.service.js';
import { procedureSource } from './dossiers.services.js';
import { prng } from '../../platform/prng.js';
import { demoFullName } from '../../platform/demo-names.js';
import type { Config } from '../../platform/config.js';
import { localFileStore } from '../../platform/files.js';
import { signaturesFor } from '../signatures/signatures.public.js';
import { dossierSigning } from './dossiers.signing.js';
import { writtenRefusalIssuer } from './dossiers.written-refusal.js';
import { signResult } from './dossiers.documents.service.js';
import { createDigitisation } from './dossiers.digitisation.js';
import { demoResultPdf } from './documents/demo-result.js';
import { demoScanPng } from '../../platform/demo-scan.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import * as repo from './dossiers.repo.js';
import { returnsDocument } from '../quality/quality.public.js';

/**
 * Demo dossiers (demo mode only): a few hundred dossiers over the last four months, received at
 * the provincial public-service centre and at the Hạc Thành ward centre, processed by the
 * departments and the ward through the real service (so every appointment, clock and action row
 * is computed, not typed in), ending in every state: returned early/on time/late, late with and
 * without apology, supplemented, transferred between agencies, paid, withdrawn, stopped, refused,
 * and still open. Applicants are fictitious; their ID numbers are valid-looking but invented.
 */

type Fate =
  | 'returned'
  | 'returned_late'
  | 'late_apology'
  | 'late_no_apology'
  | 'open'
  | 'supplement'
  | 'transfer'
  | 'payment'
  | 'withdrawn'
  | 'stopped'
  | 'refused'
  | 'online_waiting'
  | 'result_ready'
  | 'received'
  | 'waiting_supplement'
  | 'waiting_payment';
const FATES: [Fate, number][] = [
  ['returned', 38],
  ['returned_late', 8],
  ['late_apology', 6],
  ['late_no_apology', 5],
  ['open', 10],
  ['supplement', 8],
  ['transfer', 5],
  ['payment', 5],
  ['withdrawn', 3],
  ['stopped', 2],
  ['refused', 3],
  ['online_waiting', 4],
  ['result_ready', 3],
  ['received', 3],
  ['waiting_supplement', 3],
  ['waiting_payment', 2],
];

/** What the seed needs to issue documents as the app does: the file store and the signing configuration. */
export type DemoDocumentsConfig = Pick<Config, 'filesDir' | 'dataDir' | 'signing' | 'sandboxes' | 'publicBaseUrl' | 'resultSigningKey'>;

export async function seedDemoDossiers(
  database: Database,
  config: DemoDocumentsConfig & Pick<Config, 'demoDossiers'>,
  calendar: CalendarService,
  count = config.demoDossiers,
): Promise<void> {
  if (count <= 0 || (await getSetting(database.db, 'demo_seed_dossiers'))) return;
  const db = database.db;
  const agency = async (q: string, kind?: string) => (await listAgencies(db, { q, kind, current: true, limit: 5, offset: 0 })).items[0];
  const centre = await agency('Trung tâm Phục vụ hành chính công tỉnh');
  const tuPhap = await agency('Sở Tư pháp');
  const taiChinh = await agency('Sở Tài chính');
  const nnmt = await agency('Sở Nông nghiệp và Môi trường');
  const wardCentre = await agency('Trung tâm Phục vụ hành chính công phường Hạc Thành');
  const ward = await agency('Ủy ban nhân dân phường Hạc Thành');
  if (!centre || !tuPhap || !taiChinh || !nnmt || !wardCentre || !ward) return;

  // Extra demo staff so every processing agency can act (same demo password, listed in the README).
  const hash = await hashPassword('demo12345');
  const staff: [string, string, Role, string][] = [
    ['demo.cv.taichinh', 'Ngô Thị Mai (demo)', 'specialist', taiChinh.id],
    ['demo.ld.taichinh', 'Vũ Đức Thắng (demo)', 'unit_leader', taiChinh.id],
    ['demo.cv.nnmt', 'Lê Hữu Phước (demo)', 'specialist', nnmt.id],
    ['demo.ld.nnmt', 'Trịnh Văn Toàn (demo)', 'unit_leader', nnmt.id],
    ['demo.mc.hacthanh', 'Bùi Thu Hà (demo)', 'one_stop_officer', wardCentre.id],
    ['demo.cv.hacthanh', 'Đặng Minh Châu (demo)', 'specialist', ward.id],
    ['demo.ld.hacthanh', 'Hoàng Quang Vinh (demo)', 'unit_leader', ward.id],
  ];
  await database.transaction(async (tx) => {
    for (const [username, fullName, role, agencyId] of staff) {
      await sql`INSERT INTO app_user (username, full_name, kind, password_hash, agency_id, roles) VALUES (${username}, ${fullName}, 'staff', ${hash}, ${agencyId}, ${[role]}::text[])
        ON CONFLICT DO NOTHING`.execute(tx);
    }
  });
  const actorOf = async (username: string): Promise<Actor> => {
    const { rows } = await sql<
      Record<string, unknown>
    >`SELECT u.id, u.username, u.full_name, u.kind, u.password_hash, u.agency_id, u.roles, u.active, u.personal_id, u.email, u.phone, u.created_at, u.updated_at, a.code AS agency_code, a.name AS agency_name FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id WHERE u.username = ${username}`.execute(
      db,
    );
    const r = rows[0];
    return {
      id: r.id as string,
      username,
      fullName: r.full_name as string,
      kind: r.kind as 'staff',
      roles: r.roles as Role[],
      agencyId: (r.agency_id as string) ?? null,
      agency: r.agency_id ? { id: r.agency_id as string, code: r.agency_code as string, name: r.agency_name as string } : null,
      sessionId: 'seed',
    };
  };
  const A = {
    officer: await actorOf('one_stop_officer'),
    cvTuPhap: await actorOf('specialist'),
    ldTuPhap: await actorOf('unit_leader'),
    citizen: await actorOf('citizen'),
    cvTaiChinh: await actorOf('demo.cv.taichinh'),
    ldTaiChinh: await actorOf('demo.ld.taichinh'),
    cvNnmt: await actorOf('demo.cv.nnmt'),
    ldNnmt: await actorOf('demo.ld.nnmt'),
    wardOfficer: await actorOf('demo.mc.hacthanh'),
    cvWard: await actorOf('demo.cv.hacthanh'),
    ldWard: await actorOf('demo.ld.hacthanh'),
  };

  // Which procedures, received where, processed by whom.
  const lines = [
    { code: '2.000488', caseKey: 'chuan', weight: 30, receiver: A.officer, cv: A.cvTuPhap, ld: A.ldTuPhap, fees: true },
    { code: '2.000635', caseKey: 'chuan', weight: 10, receiver: A.officer, cv: A.cvTuPhap, ld: A.ldTuPhap, fees: true },
    { code: '2.001610', caseKey: 'co_ban', weight: 12, receiver: A.officer, cv: A.cvTaiChinh, ld: A.ldTaiChinh, fees: true },
    { code: '1.012753', caseKey: 'chuan', weight: 6, receiver: A.officer, cv: A.cvNnmt, ld: A.ldNnmt, fees: false },
    { code: '1.001193', caseKey: 'dung_han', weight: 14, receiver: A.wardOfficer, cv: A.cvWard, ld: A.ldWard, fees: false },
    { code: '1.000894', caseKey: 'chuan', weight: 8, receiver: A.wardOfficer, cv: A.cvWard, ld: A.ldWard, fees: false },
    { code: '1.001612', caseKey: 'chuan', weight: 10, receiver: A.wardOfficer, cv: A.cvWard, ld: A.ldWard, fees: false },
    { code: '1.013225', caseKey: 'nha_o_rieng_le', weight: 10, receiver: A.wardOfficer, cv: A.cvWard, ld: A.ldWard, fees: false },
  ];
  const procedures = procedureSource(db);
  for (const l of lines) if (!(await procedures.current(l.code, new Date()))) return; // catalogue not seeded: nothing to do

  const clock = {
    t: new Date(),
    now() {
      return this.t;
    },
  };
  // Dossiers stopped after appraisal (status 8) get their written refusal through the real issuer:
  // PDF on the circular's form, numbered, sealed (the sandbox seal in demo mode), stored as the result.
  const files = localFileStore(config.filesDir);
  const signing = dossierSigning({
    database,
    files,
    signatures: signaturesFor(config, () => clock.now()),
    hmac: (h) => signResult(h, config.resultSigningKey),
    publicBaseUrl: config.publicBaseUrl,
  });
  const writtenRefusal = writtenRefusalIssuer({
    database,
    files,
    seal: (pdf, agency, reason) => signing.seal(pdf, agency, reason),
    check: (x, f) => signing.checkUpload(x, f),
    hmac: (h) => signResult(h, config.resultSigningKey),
  });
  const svc = createDossierService({ database, calendar, procedures, clock, writtenRefusal });
  // Digitisation at the counter (QĐ 766 4.2): the officer scans the paper component and confirms
  // the scan matches the original, through the real function, at the story's clock.
  const digitisation = createDigitisation({ service: svc, database, files, signing, clock });
  const rnd = prng(20261123);
  // A second stream for what was added later (scans, result files), so the stories above stay the same.
  const rnd2 = prng(20261208);
  const procedureOf = new Map<string, Awaited<ReturnType<typeof procedures.current>>>();
  for (const l of lines) procedureOf.set(l.code, await procedures.current(l.code, new Date()));
  /**
   * The officer at the counter photographs each paper component (a stand-in page image, demo only)
   * and confirms the scan matches the original; the digitisation function joins the photos into
   * the component's PDF (titled with the dossier code) as it does for a tablet's camera.
   */
  const pageImages = new Map<number, Buffer>();
  const scanAtCounter = async (actor: Actor, id: string, share: number) => {
    if (!rnd2.chance(share)) return;
    const d = await svc.load(actor, id);
    for (const c of d.components) {
      const pages = 1 + rnd2.int(2);
      const images = Array.from({ length: pages }, (_, p) => {
        const key = (c.index * 7 + p) % 6;
        if (!pageImages.has(key)) pageImages.set(key, demoScanPng(9000 + key));
        return { name: `trang-${p + 1}.png`, data: pageImages.get(key)! };
      });
      await digitisation.scan(ctx(actor), id, c.index, images, true);
    }
  };
  /**
   * The procedure's result as a PDF (its catalogue result name, the decision number), sealed by the
   * deciding agency as its written refusals are (the sandbox seal in demo mode), stored as the
   * dossier's result file: an electronic result (4.1). Null when the procedure returns no document.
   */
  const resultFile = async (
    leader: Actor,
    id: string,
    code: string,
    number: string,
    at: Date,
    applicant: { name: string; address: string },
  ): Promise<string | null> => {
    const p = procedureOf.get(code);
    if (!p || !returnsDocument(p.resultName)) return null;
    const agencyName = leader.agency!.name;
    const ubnd = /^Ủy ban nhân dân/i.test(agencyName);
    const dossierCode = (await svc.load(leader, id)).code;
    let pdf = await demoResultPdf({
      parentAgency: ubnd ? null : 'Ủy ban nhân dân tỉnh Thanh Hóa',
      agencyName,
      number,
      place: 'Thanh Hóa',
      issuedAt: at,
      resultName: p.resultName,
      procedureName: p.name,
      dossierCode,
      applicantName: applicant.name,
      applicantAddress: applicant.address,
      signerTitle: ubnd ? 'CHỦ TỊCH' : 'GIÁM ĐỐC',
      signerName: leader.fullName.replace(' (demo)', ''),
    });
    pdf = (await signing.seal(pdf, { id: leader.agencyId!, name: agencyName }, `result ${number}`)).pdf;
    const stored = await files.put(pdf);
    return database.transaction(async (tx) => {
      const f = await repo.insertFile(tx, {
        dossierId: id,
        componentIndex: null,
        kind: 'result',
        fileName: `${dossierCode}-ket-qua.pdf`,
        mimeType: 'application/pdf',
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
        digitised: false,
        reusedFrom: null,
        signature: signResult(stored.sha256, config.resultSigningKey),
        uploadedBy: leader.id,
      });
      const check = await signing.checkUpload(tx, { sha256: f.sha256, mimeType: f.mimeType, data: pdf });
      await recordAudit(tx, ctx(leader), {
        action: 'dossier.file.upload',
        entity: 'dossier',
        entityId: id,
        summary: {
          fileId: f.id,
          kind: 'result',
          sha256: f.sha256,
          size: f.sizeBytes,
          signatures: check?.signatures.length ?? 0,
          verdict: check?.verdict ?? null,
        },
      });
      await enqueue(tx, { topic: 'dossier.file.added', aggregateKey: `dossier:${id}:files`, payload: { dossierId: id, fileId: f.id, kind: 'result' } });
      return f.id;
    });
  };
  const weighted = <T extends { weight: number }>(xs: T[]) => {
    let r = rnd.int(xs.reduce((s, x) => s + x.weight, 0));
    for (const x of xs) if ((r -= x.weight) < 0) return x;
    return xs[0];
  };
  const fateOf = () => weighted(FATES.map(([f, weight]) => ({ f, weight }))).f;
  const ctx = (actor: Actor) => ({ actor, requestId: 'demo-seed', ip: null });
  const now = new Date();
  let version = 0;
  const step = async (actor: Actor, id: string, body: Omit<ActionInput, 'version'>, at: Date) => {
    if (at > now) return false;
    clock.t = at;
    try {
      await svc.act(ctx(actor), id, { ...body, version } as ActionInput, null, { view: false });
    } catch (err) {
      // A rule refused this step (e.g. an apology too close to the appointment): the story ends here.
      if ((err as { status?: number }).status && (err as { status: number }).status < 500) return false;
      throw err;
    }
    version++;
    return true;
  };
  const addHours = async (from: Date, hours: number, agencyId: string) => calendar.deadline(from, hours, 'working_hours', agencyId);

  // Refusals after appraisal (status 8), issued once every story is written (nothing follows them).
  const stops: { actor: Actor; id: string; version: number; at: Date }[] = [];
  for (let i = 0; i < count; i++) {
    const line = weighted(lines);
    let fate = fateOf();
    if (fate === 'payment' && !line.fees) fate = 'returned';
    // Received on a working day in the last 120 days, during office hours.
    const recent = fate === 'received' || fate === 'waiting_supplement' || fate === 'waiting_payment' || fate === 'online_waiting';
    const day = new Date(now.getTime() - (recent ? 1 + rnd.int(6) : 3 + rnd.int(118)) * 86_400_000);
    const start = await calendar.deadline(
      new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, 30 + rnd.int(420))),
      0,
      'working_hours',
      line.receiver.agencyId,
    );
    const name = demoFullName(rnd.pick);
    const applicant = {
      kind: 'citizen' as const,
      name,
      idNumber: `0381${String(80 + rnd.int(20))}${String(100000 + rnd.int(899999))}`,
      phone: `09${String(10000000 + rnd.int(89999999))}`,
      email: null,
      address: demoAddress(line.receiver.agency!.name, i),
    };
    clock.t = start;
    const online = fate === 'online_waiting' || rnd.chance(0.25);
    let id: string;
    if (online) {
      const r = await svc.create(
        ctx(A.citizen),
        {
          procedureCode: line.code,
          caseKey: line.caseKey,
          channel: 'online',
          receivingAgencyId: line.receiver.agencyId!,
          applicant,
          components: [{ index: 0 }],
        },
        null,
        { view: false },
      );
      id = (r.body as unknown as { id: string }).id;
      version = 1;
      if (fate === 'online_waiting') {
        // Submitted in the last days and not yet checked.
        continue;
      }
      const received = await addHours(start, 2 + rnd.int(6), line.receiver.agencyId!);
      if (fate === 'refused') {
        await step(line.receiver, id, { type: 'refuse', reason: 'Thủ tục không thuộc thẩm quyền giải quyết của cơ quan.' }, received);
        continue;
      }
      if (!(await step(line.receiver, id, { type: 'receive' }, received))) continue;
    } else {
      const r = await svc.create(
        ctx(line.receiver),
        {
          procedureCode: line.code,
          caseKey: line.caseKey,
          channel: rnd.chance(0.1) ? 'post' : 'counter',
          applicant,
          components: [{ index: 0 }],
          refuseReason: fate === 'refused' ? 'Hồ sơ không thuộc thẩm quyền; đã hướng dẫn công dân nộp tại cơ quan có thẩm quyền.' : null,
        },
        null,
        { view: false },
      );
      id = (r.body as unknown as { id: string }).id;
      version = 1;
      if (fate === 'refused') continue;
      // Most paper components are scanned at the provincial centre, fewer at the commune's.
      await scanAtCounter(line.receiver, id, line.receiver === A.officer ? 0.85 : 0.6);
      version = (await svc.load(line.receiver, id)).version;
    }
    const d0 = (await sql<{ appointment_current: Date; received_at: Date }>`SELECT appointment_current, received_at FROM dossier WHERE id = ${id}`.execute(db))
      .rows[0];
    const appointment = d0.appointment_current;
    // The processing time in WORKING hours (what addHours adds), not in calendar hours.
    const span = Math.max(4, (await calendar.workingMinutes(d0.received_at, appointment, line.receiver.agencyId)) / 60);
    if (fate === 'received') continue;
    let t = await addHours(d0.received_at, 1 + rnd.int(3), line.receiver.agencyId!);
    if (!(await step(line.receiver, id, { type: 'forward' }, t))) continue;
    // The last step of a dossier that is still waiting happens before now even when a weekend or
    // a holiday lies between its recent receipt and today (else the demo would lack states 5/6 on
    // some days of the week).
    const beforeNow = (at: Date) => (at <= now ? at : new Date(Math.max(t.getTime() + 60_000, now.getTime() - 60_000)));
    if (fate === 'waiting_supplement') {
      await step(
        line.cv,
        id,
        { type: 'request_supplement', reason: 'Hồ sơ thiếu giấy tờ theo quy định.', items: ['Bản sao giấy tờ chứng minh nơi cư trú'] },
        beforeNow(await addHours(t, 2 + rnd.int(8), line.cv.agencyId!)),
      );
      continue;
    }
    if (fate === 'waiting_payment' && line.fees) {
      await step(line.cv, id, { type: 'request_payment' }, beforeNow(await addHours(t, 2 + rnd.int(8), line.cv.agencyId!)));
      continue;
    }
    if (fate === 'withdrawn') {
      await step(
        line.receiver,
        id,
        { type: 'withdraw', reason: 'Công dân có đơn xin rút hồ sơ.' },
        await addHours(t, 3 + rnd.int(10), line.receiver.agencyId!),
      );
      continue;
    }
    if (fate === 'supplement') {
      t = await addHours(t, 2 + rnd.int(10), line.cv.agencyId!);
      if (
        !(await step(
          line.cv,
          id,
          { type: 'request_supplement', reason: 'Hồ sơ thiếu giấy tờ theo quy định.', items: ['Bản sao giấy tờ tùy thân có chứng thực'] },
          t,
        ))
      )
        continue;
      t = await addHours(t, 8 + rnd.int(24), line.receiver.agencyId!);
      if (!(await step(line.receiver, id, { type: 'supplement_received' }, t))) continue;
    }
    if (fate === 'transfer') {
      t = await addHours(t, 2 + rnd.int(8), line.cv.agencyId!);
      const partner = line.cv === A.cvTaiChinh ? A.cvNnmt : A.cvTaiChinh;
      if (!(await step(line.cv, id, { type: 'transfer', toAgencyId: partner.agencyId, task: 'Lấy ý kiến phối hợp (liên thông).', budgetDays: 2 }, t))) continue;
      t = await addHours(t, 4 + rnd.int(12), partner.agencyId!);
      if (!(await step(partner, id, { type: 'transfer_return', note: 'Đã có ý kiến phối hợp.' }, t))) continue;
    }
    if (fate === 'payment') {
      t = await addHours(t, 2 + rnd.int(6), line.cv.agencyId!);
      if (!(await step(line.cv, id, { type: 'request_payment' }, t))) continue;
      t = await addHours(t, 2 + rnd.int(16), line.receiver.agencyId!);
      if (!(await step(line.receiver, id, { type: 'payment_received', paidOnline: rnd.chance(0.5) }, t))) continue;
    }
    if (fate === 'stopped') {
      // Done after the loop in time order, so that each agency's written refusals are numbered by date.
      stops.push({ actor: line.cv, id, version, at: await addHours(t, 4 + rnd.int(8), line.cv.agencyId!) });
      continue;
    }
    // Processing: the specialist's step, then the leader signs.
    const late = fate === 'returned_late' || fate === 'late_apology' || fate === 'late_no_apology';
    const cur = (await sql<{ appointment_current: Date }>`SELECT appointment_current FROM dossier WHERE id = ${id}`.execute(db)).rows[0].appointment_current;
    if (fate === 'late_apology') {
      const apologyAt = new Date(Math.max(t.getTime(), cur.getTime() - 4 * 86_400_000));
      const newAppt = await calendar.deadline(cur, 5, 'working_days', line.receiver.agencyId);
      if (
        !(await step(
          line.ld,
          id,
          { type: 'apologise', reason: 'Hồ sơ cần xác minh thêm thông tin với cơ quan liên quan.', newAppointment: newAppt.toISOString() },
          apologyAt,
        ))
      )
        continue;
    }
    t = await addHours(t, Math.max(1, Math.floor(span * (0.2 + rnd.next() * 0.3))), line.cv.agencyId!);
    if (!(await step(line.cv, id, { type: 'next_step' }, t))) continue;
    if (fate === 'open' || fate === 'late_no_apology') continue;
    const resultAt = late
      ? await addHours(fate === 'late_apology' ? cur : cur, 2 + rnd.int(20), line.ld.agencyId!)
      : await addHours(t, Math.max(1, Math.floor(span * 0.3 * rnd.next())), line.ld.agencyId!);
    const fileId =
      resultAt <= now
        ? ((clock.t = resultAt), await resultFile(line.ld, id, line.code, `${100 + i}/QĐ`, resultAt, { name, address: applicant.address }))
        : null;
    if (
      !(await step(
        line.ld,
        id,
        {
          type: 'result_ready',
          decisionNumber: `${100 + i}/QĐ`,
          signer: line.ld.fullName.replace(' (demo)', ''),
          signedOn: resultAt.toISOString().slice(0, 10),
          ...(fileId ? { fileId } : {}),
        },
        resultAt,
      ))
    )
      continue;
    if (fate === 'result_ready') continue;
    const channel = rnd.pick(['counter', 'counter', 'post', 'electronic'] as const);
    // An online applicant receives the signed result electronically.
    await step(
      line.receiver,
      id,
      { type: 'return_result', channel: online && fileId ? 'electronic' : channel === 'electronic' && !fileId ? 'counter' : channel, receivedBy: name },
      await addHours(resultAt, 1 + rnd.int(16), line.receiver.agencyId!),
    );
  }
  for (const x of stops.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    version = x.version;
    if (!(await step(x.actor, x.id, { type: 'stop', reason: 'Không đủ điều kiện giải quyết theo quy định.' }, x.at))) continue;
    // The refusal's file is stored "now" (the database's clock); in the story it was issued at the stop.
    await sql`UPDATE dossier_file f SET uploaded_at = ${x.at.toISOString()}::timestamptz FROM dossier d
      WHERE d.id = ${x.id} AND f.dossier_id = d.id AND f.id::text = d.state->'closure'->'document'->>'fileId'`.execute(db);
  }
  await ensureSetting(db, 'demo_seed_dossiers', new Date().toISOString());
}

/**
 * A plausible address near the receiving centre: "12 đường Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa".
 * The provincial centre's name holds only "tỉnh Thanh Hóa", which used to give "tỉnh Thanh Hóa, tỉnh
 * Thanh Hóa"; the ward of the provincial seat is used there. No PRNG draw (the demo stays the same).
 */
export function demoAddress(centreName: string, i: number): string {
  const place = centreName.replace(/^Trung tâm Phục vụ hành chính công /, '').replace(/, tỉnh Thanh Hóa$/, '');
  const ward = /^tỉnh /.test(place) ? 'phường Hạc Thành' : place;
  const streets = ['Lê Lợi', 'Trần Phú', 'Bà Triệu', 'Lê Hoàn', 'Quang Trung', 'Nguyễn Trãi'];
  return `${((i * 37) % 200) + 1} đường ${streets[i % streets.length]}, ${ward}, tỉnh Thanh Hóa`;
}
