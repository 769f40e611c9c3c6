import { createPdf, pdfBytes } from '../../platform/pdf.js';
import type { Database } from '../../platform/db/database.js';
import type { Config } from '../../platform/config.js';
import { loadConfig } from '../../platform/config.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { findUserByUsername } from '../../platform/auth/auth.repo.js';
import { localFileStore } from '../../platform/files.js';
import * as repo from './citizens.repo.js';
import { addDays, addMonths, dataHash } from './citizens.rules.js';
import { SANDBOX_IDENTITIES } from './identity.js';
import { vnDay } from '../../platform/vn-time.js';

/** A one-page demo PDF clearly marked as a demo document (not a real paper). */
export async function demoPdf(title: string, lines: string[]): Promise<Buffer> {
  const doc = createPdf({ info: { title, creator: 'MotCua (demo)' }, margins: 56, fonts: { family: 'sans', names: { regular: 'sans' } } });
  doc.font('sans').fontSize(10).fillColor('#b00020').text('TÀI LIỆU MINH HỌA (DEMO) — KHÔNG CÓ GIÁ TRỊ PHÁP LÝ', { align: 'center' });
  doc.moveDown().fillColor('#000').fontSize(15).text(title.normalize('NFC'), { align: 'center' });
  doc.moveDown().fontSize(11);
  for (const l of lines) doc.text(l.normalize('NFC'));
  return pdfBytes(doc);
}

const vnToday = () => vnDay(Date.now());

/**
 * Demo only, idempotent (app setting `demo_seed_citizens`): the demo citizen account (username
 * `citizen`, Lê Văn An — the sandbox VNeID identity "le-van-an") gets a verified profile, data from
 * the (sandbox) population database, two documents it uploaded earlier, and a construction permit
 * issued 11 months ago and valid for 12 (so the proactive reminder has something to remind).
 */
export async function seedDemoCitizens(database: Database, config: Pick<Config, 'demo'> & Partial<Pick<Config, 'filesDir'>>): Promise<void> {
  if (!config.demo || (await getSetting(database.db, 'demo_seed_citizens'))) return;
  const user = await findUserByUsername(database.db, 'citizen');
  if (!user) return;
  const files = localFileStore(config.filesDir ?? loadConfig().filesDir);
  const who = SANDBOX_IDENTITIES[0];
  const today = vnToday();
  const permitIssued = addMonths(addDays(today, 20), -12);
  const docs = [
    {
      title: 'Bản chụp Căn cước (hai mặt)',
      file: 'can-cuoc-le-van-an.pdf',
      lines: [`Họ và tên: ${who.fullName}`, `Số định danh cá nhân: ${who.personalId}`, `Ngày sinh: 12/05/1990`, `Nơi cư trú: ${who.residence}`],
    },
    { title: 'Giấy xác nhận thông tin về cư trú', file: 'xac-nhan-cu-tru.pdf', lines: [`Công dân: ${who.fullName}`, `Nơi thường trú: ${who.residence}`] },
  ];
  const stored = await Promise.all(docs.map(async (d) => ({ ...d, s: await files.put(await demoPdf(d.title, d.lines)) })));
  const permit = await files.put(
    await demoPdf('GIẤY PHÉP XÂY DỰNG số 15/GPXD-DEMO', [
      `Cấp cho: ${who.fullName}`,
      'Công trình: Nhà ở riêng lẻ, 3 tầng',
      `Địa điểm: ${who.residence}`,
      `Ngày cấp: ${permitIssued.split('-').reverse().join('/')}`,
      'Thời hạn khởi công: 12 tháng kể từ ngày cấp',
    ]),
  );
  await database.transaction(async (tx) => {
    if (await getSetting(tx, 'demo_seed_citizens')) return;
    if (!(await repo.getProfile(tx, user.id))) {
      await repo.insertProfile(tx, user.id, {
        subjectKind: 'citizen',
        fullName: who.fullName,
        personalId: who.personalId,
        dateOfBirth: who.dateOfBirth,
        gender: who.gender,
        residence: who.residence,
        taxCode: null,
        businessName: null,
        email: who.email,
        phone: who.phone,
        zaloPhone: who.phone,
        identitySource: 'demo',
        oidcSubject: `sandbox-${who.personalId}`,
        verifiedAt: new Date(),
      });
      await repo.updateProfile(tx, user.id, null, { notifyChannels: ['email', 'sms', 'zalo'] });
    }
    const population = { personalId: who.personalId, fullName: who.fullName, dateOfBirth: who.dateOfBirth, gender: 'Nam', residence: who.residence };
    const base = { ownerId: user.id, dossierId: null, dossierFileId: null, validUntil: null };
    await repo.insertItem(tx, {
      ...base,
      kind: 'profile',
      title: 'Thông tin công dân từ Cơ sở dữ liệu quốc gia về dân cư',
      docType: 'population',
      source: 'vneid-sandbox:population',
      sourceRef: null,
      procedureCode: null,
      issuedOn: today,
      certified: true,
      fileName: null,
      mimeType: null,
      sizeBytes: null,
      storageKey: null,
      sha256: dataHash(population),
      data: population,
    });
    for (const d of stored) {
      await repo.insertItem(tx, {
        ...base,
        kind: 'component',
        title: d.title,
        docType: null,
        source: 'upload',
        sourceRef: null,
        procedureCode: null,
        issuedOn: addDays(today, -40),
        certified: false,
        fileName: d.file,
        mimeType: 'application/pdf',
        sizeBytes: d.s.size,
        storageKey: d.s.key,
        sha256: d.s.sha256,
        data: {},
      });
    }
    await repo.insertItem(tx, {
      ...base,
      kind: 'result',
      title: 'Giấy phép xây dựng (số 15/GPXD-DEMO)',
      docType: '1.013225',
      source: 'demo_seed',
      sourceRef: null,
      procedureCode: '1.013225',
      issuedOn: permitIssued,
      validUntil: addMonths(permitIssued, 12),
      certified: true,
      fileName: 'giay-phep-xay-dung-15.pdf',
      mimeType: 'application/pdf',
      sizeBytes: permit.size,
      storageKey: permit.key,
      sha256: permit.sha256,
      data: { permitNumber: '15/GPXD-DEMO', soGiayPhep: '15/GPXD-DEMO', ngayCap: permitIssued, congTrinh: 'Nhà ở riêng lẻ, 3 tầng' },
    });
    await ensureSetting(tx, 'demo_seed_citizens', new Date().toISOString());
  });
}
