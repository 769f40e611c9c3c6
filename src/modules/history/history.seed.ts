import type { CalendarService } from '../calendar/calendar.public.js';
import JSZip from 'jszip';
import type { Database } from '../../platform/db/database.js';
import type { Config } from '../../platform/config.js';
import { systemContext } from '../../platform/context.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { localFileStore } from '../../platform/files.js';
import { demoScanPng } from '../../platform/demo-scan.js';
import { listAgencies } from '../org/org.public.js';
import { demoResultPdf, imagesToPdf } from '../dossiers/dossiers.public.js';
import { getCurrentVersion } from '../catalog/catalog.public.js';
import { signaturesFor, type SignaturesService } from '../signatures/signatures.public.js';
import { createHistoryImporter } from './history.service.js';
import { DEMO_LINES, SCAN_FILES, generateDemoHistory, resultFilePath } from './history.demo.js';
import { toNdjson } from './history.format.js';
import type { HistoryDossier } from './history.rules.js';

/**
 * The demo's migration package: the NDJSON of `records` and the files they reference — one scan PDF
 * per size class, one result PDF per procedure (sealed by the competent agency when `signatures`
 * has a seal signer: the sandbox seal in demo mode).
 */
export async function demoHistoryPackage(
  database: Database,
  records: readonly HistoryDossier[],
  signatures: SignaturesService | null,
  issuedAt: Date,
): Promise<Buffer> {
  const agency = async (q: string) => (await listAgencies(database.db, { q, current: true, limit: 5, offset: 0 })).items[0];
  const zip = new JSZip();
  zip.file('lich-su-ho-so.ndjson', toNdjson(records));
  for (const [i, path] of SCAN_FILES.entries()) {
    zip.file(
      path,
      await imagesToPdf(
        Array.from({ length: i + 1 }, (_, p) => demoScanPng(9100 + i * 3 + p)),
        `Bản quét (${i + 1} trang)`,
      ),
    );
  }
  for (const line of DEMO_LINES) {
    const v = await getCurrentVersion(database.db, line.procedure, new Date());
    if (!v) continue;
    const name = SIGNING_AGENCY[line.receiver][line.procedure] ?? SIGNING_AGENCY[line.receiver]['*'];
    const signer = name ? await agency(name) : undefined;
    const agencyName = signer?.name ?? name ?? 'Ủy ban nhân dân tỉnh Thanh Hóa';
    const ubnd = /^Ủy ban nhân dân/i.test(agencyName);
    let pdf = await demoResultPdf({
      parentAgency: ubnd ? null : 'Ủy ban nhân dân tỉnh Thanh Hóa',
      agencyName,
      number: `…/${line.decision}`,
      place: 'Thanh Hóa',
      issuedAt,
      resultName: v.content.result.name,
      procedureName: v.content.name,
      dossierCode: '(bản mẫu dùng chung cho hồ sơ nhập lịch sử)',
      applicantName: '(theo từng hồ sơ)',
      applicantAddress: '(theo từng hồ sơ)',
      signerTitle: ubnd ? 'CHỦ TỊCH' : 'GIÁM ĐỐC',
      signerName: ubnd ? 'Hoàng Quang Vinh' : 'Trịnh Thu Trang',
    });
    const seal = signer && signatures ? await signatures.sealOf({ id: signer.id, name: signer.name, code: signer.code }) : null;
    if (seal)
      pdf = await signatures!.sign(pdf, seal, {
        signerName: agencyName,
        reason: 'Ket qua giai quyet TTHC (he thong cu)',
        location: 'Thanh Hoa',
        visible: { kind: 'seal', agencyName },
      });
    zip.file(resultFilePath(line.procedure), pdf);
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Who signed each demo procedure's results in the previous system (the competent agency). */
const SIGNING_AGENCY: Record<'province' | 'ward', Record<string, string>> = {
  ward: { '*': 'Ủy ban nhân dân phường Hạc Thành' },
  province: { '2.000488': 'Sở Tư pháp', '2.001610': 'Sở Tài chính', '1.012753': 'Sở Nông nghiệp và Môi trường' },
};

/**
 * Demo only, once (setting `demo_seed_history`): a generated year of dossiers of the demo
 * province (history.demo.ts), loaded through the history importer like a province's real
 * migration package — a ZIP holding the NDJSON and the files it references (scans confirmed at
 * intake, result documents) — so the import runs on every first demo start. `DEMO_HISTORY` sets
 * how many (default 400; 0: none). The window ends two days before today (the dossiers of the last
 * months that staff work on are the dossiers seed's).
 *
 * The files: one scan PDF per size class (1–3 pages, the live demo's stand-in page images) and one
 * result PDF per procedure (its catalogue result name, marked as a demo document), each sealed by
 * the competent agency as the previous system did when a seal signer is configured (the sandbox
 * seal in demo mode). Many dossiers reference the same PDF; each gets its own file row.
 */
export async function seedDemoHistory(
  database: Database,
  config: Pick<Config, 'filesDir' | 'signing' | 'sandboxes' | 'dataDir' | 'demoHistory'>,
  calendar: CalendarService,
  count = config.demoHistory,
  now = new Date(),
): Promise<{ imported: number; rejected: number; ms: number } | null> {
  if (count <= 0 || (await getSetting(database.db, 'demo_seed_history'))) return null;
  const agency = async (q: string) => (await listAgencies(database.db, { q, current: true, limit: 5, offset: 0 })).items[0];
  const centre = await agency('Trung tâm Phục vụ hành chính công tỉnh');
  const ward = await agency('Trung tâm Phục vụ hành chính công phường Hạc Thành');
  if (!centre || !ward) return null;
  const started = Date.now();
  const to = new Date(now.getTime() - 2 * 86_400_000);
  const from = new Date(to.getTime() - 365 * 86_400_000);
  const records = generateDemoHistory({ provinceCentre: centre.code, wardCentre: ward.code, from, to, count });
  const signatures = signaturesFor(config, () => to);
  const file = await demoHistoryPackage(database, records, signatures, to);
  const importer = createHistoryImporter({
    database,
    calendar,
    clock: { now: () => now },
    files: localFileStore(config.filesDir),
    verify: (x, f) => signatures.checkAndStore(x, f),
  });
  const job = await importer.submit(systemContext('demo-seed'), file, 'demo-history.zip', { dryRun: false, wait: true });
  if (job.rejected > 0 || job.status !== 'succeeded')
    console.warn(
      `[history] demo history: ${job.rejected} of ${job.total} generated dossiers rejected, e.g. ${job.errors[0]?.where}: ${job.errors[0]?.message}`,
    );
  await ensureSetting(database.db, 'demo_seed_history', new Date().toISOString());
  return { imported: job.imported, rejected: job.rejected, ms: Date.now() - started };
}
