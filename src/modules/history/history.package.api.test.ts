/**
 * Issue 18 §3 over HTTP: a history import as a ZIP package (the NDJSON and the PDFs it references:
 * scans confirmed at intake, result documents) with the applicants' ratings. Expected QĐ 766 effects
 * (4.1, 4.2, 4.3, 5.4) are computed by hand on a tiny set of one agency in March 2026; invalid
 * packages are rejected per dossier with line and reason and store nothing; a zip bomb is refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { demoScanPng } from '../../platform/demo-scan.js';
import { imagesToPdf } from '../dossiers/dossiers.public.js';
import { buildXlsx, toNdjson } from './history.format.js';
import type { HistoryDossier } from './history.rules.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
let admin: string;
let ward: { centre: string; officeId: string };
let scanPdf: Buffer;
let resultPdf: Buffer;
before(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  const centreId = await t.agencyId('Trung tâm Phục vụ hành chính công phường Hạc Thành');
  ward = {
    centre: (await sql<{ code: string }>`SELECT code FROM agency WHERE id = ${centreId}`.execute(t.database.db)).rows[0].code,
    officeId: await t.agencyId('Ủy ban nhân dân phường Hạc Thành'),
  };
  scanPdf = await imagesToPdf([demoScanPng(1)], 'Bản quét');
  resultPdf = await imagesToPdf([demoScanPng(2), demoScanPng(3)], 'Kết quả');
});
after(async () => {
  await t.close();
});

interface Job {
  id: string;
  status: string;
  format: string;
  total: number;
  imported: number;
  unchanged: number;
  rejected: number;
  errors: { line: number | null; where: string; ref: string | null; action: number | null; code: string; message: string }[];
}

async function upload(fileName: string, content: Buffer, dryRun = false) {
  const r = await t.request({
    method: 'POST',
    url: `/api/v1/dossiers/import?wait=true${dryRun ? '&dryRun=true' : ''}`,
    token: admin,
    ...multipart({ name: fileName, data: content }),
  });
  return { status: r.statusCode, job: r.json() as Job };
}
async function zip(entries: Record<string, Buffer | string>): Promise<Buffer> {
  const z = new JSZip();
  for (const [k, v] of Object.entries(entries)) z.file(k, v);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
const count = async (table: string, where = sql`true`) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(t.database.db)).rows[0].n;
const snapshot = async () => ({
  dossiers: await count('dossier'),
  files: await count('dossier_file'),
  ratings: await count('dossier_rating'),
  outbox: await count('outbox'),
  imported: await count('history_imported_dossier'),
});

/**
 * A household business registered at the ward (1.001612: 3 working days; its result is a document),
 * received Monday 2 March 2026 08:00 (appointment Thursday 5 March 08:00), result Wednesday 4 March.
 */
function business(ref: string, over: Partial<HistoryDossier> = {}, resultFile: string | null = 'files/kq.pdf'): HistoryDossier {
  return {
    ref,
    procedure: '1.001612',
    case: 'chuan',
    channel: 'counter',
    receivingAgency: ward.centre,
    applicant: { kind: 'citizen', name: 'Trần Thị Lan', idNumber: '038190001234' },
    components: [{ index: 0, scan: { file: 'files/tp0.pdf', confirmedBy: 'Bùi Thu Hà', confirmedAt: '2026-03-02T08:06:00+07:00' } }],
    actions: [
      { type: 'receive', at: '2026-03-02T08:00:00+07:00', by: 'Bùi Thu Hà' },
      { type: 'forward', at: '2026-03-02T09:00:00+07:00' },
      {
        type: 'result_ready',
        at: '2026-03-04T10:00:00+07:00',
        decisionNumber: '12/GCN-HKD',
        signer: 'Hoàng Quang Vinh',
        signedOn: '2026-03-04',
        ...(resultFile ? { file: resultFile } : {}),
      },
      { type: 'return_result', at: '2026-03-04T15:00:00+07:00', channel: 'counter', receivedBy: 'Trần Thị Lan' },
    ],
    ...over,
  };
}

describe('history import package: files and ratings (docs/history-import.md)', () => {
  test('a package with scans, result files and ratings: the same rows as live ones, and the QĐ 766 effects computed by hand', async () => {
    const late = business('P-5', {
      components: [
        { index: 0, scan: { file: 'files/tp0.pdf', confirmedBy: 'Bùi Thu Hà', confirmedAt: '2026-03-02T08:06:00+07:00' } },
        { index: 1, digitised: true, reusedFrom: 'data:population_db' },
      ],
      rating: { at: '2026-03-09T16:00:00+07:00', level: 1, source: 'counter' },
    });
    late.actions[2] = { ...late.actions[2], at: '2026-03-09T10:00:00+07:00', signedOn: '2026-03-09' };
    late.actions[3] = { ...late.actions[3], at: '2026-03-09T15:00:00+07:00' };
    const set: HistoryDossier[] = [
      // scan confirmed + e-result, very satisfied at the counter's tablet
      business('P-1', { rating: { at: '2026-03-04T15:05:00+07:00', level: 5, source: 'counter' } }),
      // scan confirmed, but the result was paper only: neither 4.1 nor 4.2; dissatisfied through the receipt's link
      business('P-2', { rating: { at: '2026-03-05T20:00:00+07:00', level: 2, source: 'link', comment: 'Phải đi lại nhiều lần.' } }, null),
      // the previous system declared the paper "digitised" without bringing the scan: not counted for 4.2 (issue 19)
      business('P-3', { components: [{ index: 0, digitised: true }] }),
      // online: electronic from submission, returned electronically, rated from the account
      business('P-4', {
        channel: 'online',
        components: [{ index: 0, digitised: true }],
        rating: { at: '2026-03-04T21:00:00+07:00', level: 4, source: 'account' },
        actions: [
          { type: 'submit_online', at: '2026-03-01T20:00:00+07:00' },
          { type: 'receive', at: '2026-03-02T08:30:00+07:00' },
          { type: 'forward', at: '2026-03-02T09:00:00+07:00' },
          {
            type: 'result_ready',
            at: '2026-03-04T10:00:00+07:00',
            decisionNumber: '13/GCN-HKD',
            signer: 'Hoàng Quang Vinh',
            signedOn: '2026-03-04',
            file: 'files/kq.pdf',
          },
          { type: 'return_result', at: '2026-03-04T10:30:00+07:00', channel: 'electronic', receivedBy: 'Tài khoản định danh điện tử' },
        ],
      }),
      // late (result Monday 9 March), a paper re-used from the population database, very dissatisfied
      late,
    ];
    const pkg = await zip({ 'lich-su.ndjson': toNdjson(set), 'files/tp0.pdf': scanPdf, 'files/kq.pdf': resultPdf });
    const { status, job } = await upload('goi.zip', pkg);
    assert.equal(status, 200);
    assert.equal(job.format, 'zip');
    assert.deepEqual([job.status, job.imported, job.rejected], ['succeeded', 5, 0], JSON.stringify(job.errors));

    // The dossier page shows the imported files like live ones: the confirmed scan, the result with its time and verdict.
    const id = (await sql<{ id: string }>`SELECT id FROM dossier WHERE code = 'P-1'`.execute(t.database.db)).rows[0].id;
    const v = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: admin })).json();
    const scan = v.files.find((f: { kind: string }) => f.kind === 'component');
    const result = v.files.find((f: { kind: string }) => f.kind === 'result');
    assert.deepEqual([scan.componentIndex, scan.digitised, scan.uploadedAt, scan.mimeType], [0, true, '2026-03-02T08:06:00+07:00', 'application/pdf']);
    assert.deepEqual([result.uploadedAt, result.fileName, result.signature?.status], ['2026-03-04T10:00:00+07:00', 'kq.pdf', 'none']);
    assert.equal(v.result.fileId, result.id);
    assert.equal(v.components[0].digitised, true);
    assert.equal(v.components[0].importedConfirmedBy, 'Bùi Thu Hà');
    const stored = await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}/files/${result.id}`, token: admin });
    assert.equal(stored.statusCode, 200);
    assert.ok(Buffer.from(stored.rawPayload).equals(resultPdf), 'the stored result is the package file, byte for byte (kept as imported, not re-sealed)');
    const p3 = (
      await sql<{ components: { digitised: boolean; declaredDigitised?: boolean }[] }>`SELECT components FROM dossier WHERE code = 'P-3'`.execute(t.database.db)
    ).rows[0].components[0];
    assert.deepEqual([p3.digitised, p3.declaredDigitised], [false, true]);
    const ratings = (
      await sql<{
        dossier_code: string;
        overall: number;
        channel: string;
        created_at: Date;
      }>`SELECT dossier_code, overall, channel, created_at FROM dossier_rating ORDER BY dossier_code`.execute(t.database.db)
    ).rows;
    assert.deepEqual(
      ratings.map((r) => [r.dossier_code, r.overall, r.channel]),
      [
        ['P-1', 5, 'counter'],
        ['P-2', 2, 'link'],
        ['P-4', 4, 'account'],
        ['P-5', 1, 'counter'],
      ],
    );
    assert.equal(ratings[0].created_at.toISOString(), '2026-03-04T08:05:00.000Z');

    await t.deps.outbox.drain();
    const r = await t.request({ method: 'GET', url: `/api/v1/quality/indicators?from=2026-03-01&to=2026-03-31&agency=${ward.officeId}` });
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    const ind = (code: string) => b.indicators.find((i: { code: string }) => i.code === code);
    // 4.1: 5 dossiers of a procedure returning a document, 4 with the result file (all but P-2) → 6 × 4/5 = 4.8
    assert.deepEqual(
      [ind('ORIGINAL_RESULT_AVAILABLE').numerator, ind('ORIGINAL_RESULT_AVAILABLE').denominator, ind('ORIGINAL_RESULT_AVAILABLE').points],
      [4, 5, 4.8],
    );
    // 4.2: every component digitised and the result file: P-1, P-4, P-5 (P-2 no result file, P-3 no scan) → 4 × 3/5 = 2.4
    assert.deepEqual(
      [ind('SO_HOA_GIAY_TO_GIAI_QUYET').numerator, ind('SO_HOA_GIAY_TO_GIAI_QUYET').denominator, ind('SO_HOA_GIAY_TO_GIAI_QUYET').points],
      [3, 5, 2.4],
    );
    // 4.3: P-5 re-used a paper from the population database → 1 of 5
    assert.deepEqual([ind('REUSED_DIGITIZED_DATA').numerator, ind('REUSED_DIGITIZED_DATA').denominator], [1, 5]);
    // 5.4: 100% − (1 late + 2 dissatisfied (P-2, P-5))/5 = 40%
    assert.deepEqual(b.satisfaction, { received: 5, late: 1, rated: 4, dissatisfied: 2, numerator: 2 });
    assert.deepEqual([ind('DOSSIER_RECEIVING_SATISFACTION').numerator, ind('DOSSIER_RECEIVING_SATISFACTION').denominator], [2, 5]);

    // The same package again changes nothing.
    const before2 = await snapshot();
    const again = (await upload('goi.zip', pkg)).job;
    assert.deepEqual([again.imported, again.unchanged], [0, 5]);
    assert.deepEqual(await snapshot(), before2);
  });

  test('invalid dossiers of a package: line, reason and code for each, nothing of them stored; the good ones imported', async () => {
    const set: HistoryDossier[] = [
      business('B-1'),
      business('B-2', {
        components: [{ index: 0, scan: { file: 'files/khong-co.pdf', confirmedBy: 'Bùi Thu Hà', confirmedAt: '2026-03-02T08:06:00+07:00' } }],
      }),
      business('B-3', {}, 'files/anh.png'),
      business('B-4', { rating: { at: '2026-03-05T08:00:00+07:00', level: 6, source: 'counter' } }),
      business('B-5', { rating: { at: '2026-03-03T08:00:00+07:00', level: 4, source: 'link' } }),
      business('B-6', { components: [{ index: 0, scan: { file: 'files/tp0.pdf', confirmedBy: 'Bùi Thu Hà', confirmedAt: '2026-03-05T08:00:00+07:00' } }] }),
    ];
    const pkg = await zip({ 'lich-su.ndjson': toNdjson(set), 'files/tp0.pdf': scanPdf, 'files/kq.pdf': resultPdf, 'files/anh.png': demoScanPng(4) });
    const before1 = await snapshot();
    const dry = (await upload('goi.zip', pkg, true)).job;
    assert.deepEqual([dry.imported, dry.rejected], [1, 5], JSON.stringify(dry.errors));
    assert.deepEqual(await snapshot(), before1, 'a dry run stores nothing');
    const { job } = await upload('goi.zip', pkg);
    assert.deepEqual([job.imported, job.rejected], [1, 5], JSON.stringify(job.errors));
    const by = new Map(job.errors.map((e) => [e.ref, e]));
    assert.deepEqual(
      job.errors.map((e) => [e.ref, e.line, e.code]),
      [
        ['B-2', 2, 'file_not_found'],
        ['B-3', 3, 'file_not_pdf'],
        ['B-4', 4, 'invalid_rating'],
        ['B-5', 5, 'invalid_rating'],
        ['B-6', 6, 'invalid_scan'],
      ],
    );
    assert.match(by.get('B-2')!.message, /"files\/khong-co\.pdf" không có trong gói ZIP/);
    assert.equal(by.get('B-3')!.action, 3);
    assert.match(by.get('B-3')!.message, /không phải PDF/);
    assert.match(by.get('B-4')!.message, /từ 1 .* đến 5/);
    assert.match(by.get('B-5')!.message, /trước khi có kết quả/);
    assert.match(by.get('B-6')!.message, /sau khi hồ sơ đã kết thúc/);
    const after1 = await snapshot();
    assert.deepEqual(
      [after1.dossiers - before1.dossiers, after1.files - before1.files, after1.ratings - before1.ratings, after1.imported - before1.imported],
      [1, 2, 0, 1],
    );
    assert.equal(await count('dossier', sql`code LIKE 'B-%' AND code <> 'B-1'`), 0);
  });

  test('XLSX inside a package carries the same scans, result files and ratings', async () => {
    const a = business('X-1', { rating: { at: '2026-03-04T15:05:00+07:00', level: 4, source: 'link' } });
    const pkg = await zip({ 'lich-su.xlsx': await buildXlsx([a]), 'files/tp0.pdf': scanPdf, 'files/kq.pdf': resultPdf });
    const { job } = await upload('goi-xlsx.zip', pkg);
    assert.deepEqual([job.imported, job.rejected], [1, 0], JSON.stringify(job.errors));
    const id = (await sql<{ id: string }>`SELECT id FROM dossier WHERE code = 'X-1'`.execute(t.database.db)).rows[0].id;
    assert.equal(await count('dossier_file', sql`dossier_id = ${id}`), 2);
    assert.equal(await count('dossier_rating', sql`dossier_id = ${id} AND overall = 4`), 1);
  });

  test('a plain NDJSON that references files says to send a package; a package without a data file fails', async () => {
    const { job } = await upload('a.ndjson', Buffer.from(toNdjson([business('N-1')])), true);
    assert.equal(job.errors[0].code, 'file_not_found');
    assert.match(job.errors[0].message, /hãy gửi gói ZIP/);
    const none = (await upload('b.zip', await zip({ 'files/kq.pdf': resultPdf }))).job;
    assert.equal(none.status, 'failed');
    assert.match(none.errors[0].message, /không có tệp dữ liệu/);
  });

  test('a zip bomb is refused before anything is read or recorded', async () => {
    const jobs = await count('history_import');
    const bomb = await zip({ 'lich-su.ndjson': toNdjson([business('Z-1')]), 'files/kq.pdf': Buffer.alloc(12 * 1024 * 1024) });
    assert.ok(bomb.length < 100_000);
    const r = await t.request({ method: 'POST', url: '/api/v1/dossiers/import?wait=true', token: admin, ...multipart({ name: 'bom.zip', data: bomb }) });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'archive_too_large');
    assert.equal(await count('history_import'), jobs);
    assert.equal(await count('dossier', sql`code = 'Z-1'`), 0);
  });
});
