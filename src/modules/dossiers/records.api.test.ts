/**
 * Issue 20 "Names and records": documents and timelines name people (full name, title), not
 * usernames; the processing time carries the procedure's unit; no "thủ tục thủ tục"; a ward's
 * agency dates its documents with the ward's place name; "Trả kết quả" defaults to the
 * applicant's chosen way of receiving the result.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { agencyPlaceName, listAgencies, placeOfUnit } from '../org/org.public.js';
import { procedurePhrase } from './documents/form-page.js';
import { chosenReturnChannel } from './dossiers.rules.js';
import { nameKey } from '../../platform/text.js';
import { excel, pdfDocument } from '../../platform/doclibs.js';
import { jobSettled } from '../../platform/progress-jobs.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
const tok: Record<string, string> = {};
let centreId = '';

async function act(id: string, token: string, body: Record<string, unknown>) {
  const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
  const r = await t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, token, body: { version: d.version, ...body } });
  assert.equal(r.statusCode, 200, `${body.type}: ${r.body}`);
  return r.json();
}

function pdfText(buf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'records-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), buf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'd.pdf'), '-'], { encoding: 'utf8' })
      .normalize('NFC')
      .replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

before(async () => {
  t = await startTestApp();
  for (const r of ['one_stop_officer', 'specialist', 'unit_leader', 'citizen', 'admin']) tok[r] = await t.login(r);
  centreId = (await t.request({ method: 'GET', url: `/api/v1/agencies?kind=provincial_service_centre&current=true` })).json().items[0].id;
});
after(async () => t.close());

describe('names and records', () => {
  test('the receipt names the officer by full name and gives the time in the procedure’s unit', async () => {
    const me = (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: tok.one_stop_officer })).json();
    const fullName = me.fullName ?? me.user?.fullName;
    assert.ok(fullName && fullName !== 'one_stop_officer', JSON.stringify(me));
    const c = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tok.one_stop_officer,
      body: {
        procedureCode: '2.000488',
        channel: 'counter',
        applicant: { kind: 'citizen', name: 'Lê Văn Cường', idNumber: '038090001234', phone: null, email: null, address: null },
      },
    });
    assert.equal(c.statusCode, 201, c.body);
    const id = c.json().id;
    const pdf = await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}/documents/receipt`, token: tok.one_stop_officer });
    assert.equal(pdf.statusCode, 200);
    const text = pdfText(pdf.rawPayload);
    assert.ok(text.includes(fullName), 'the officer’s full name is printed');
    assert.doesNotMatch(text, /one_stop_officer/);
    assert.match(text, /Thời gian giải quyết hồ sơ theo quy định là: \d+ ngày làm việc\./);
    const view = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
    const receive = view.timeline.find((e: { type: string }) => e.type === 'receive');
    assert.equal(receive.actorName, fullName);
    assert.equal(receive.actorTitle, 'Cán bộ Bộ phận một cửa');
  });

  test('the tracking book gives each dossier its forward and result days', async () => {
    const c = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tok.one_stop_officer,
      body: {
        procedureCode: '2.000488',
        channel: 'counter',
        applicant: { kind: 'citizen', name: 'Trịnh Thị Sổ', idNumber: '038090004321', phone: null, email: null, address: null },
      },
    });
    assert.equal(c.statusCode, 201, c.body);
    const id = c.json().id;
    const code = c.json().code;
    await act(id, tok.one_stop_officer, { type: 'forward' });
    const day = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const started = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers/tracking-book/exports',
      token: tok.one_stop_officer,
      body: { from: day, to: day },
    });
    assert.equal(started.statusCode, 202, started.body);
    await jobSettled(started.json().id);
    const r = await t.request({ method: 'GET', url: `/api/v1/dossiers/tracking-book/exports/${started.json().id}/file`, token: tok.one_stop_officer });
    assert.equal(r.statusCode, 200, r.body);
    const wb = new (excel().Workbook)();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    let row: import('exceljs').Row | null = null;
    ws.eachRow((x) => {
      if (x.values && (x.values as unknown[]).includes(code)) row = x;
    });
    assert.ok(row, `dossier ${code} is in the book`);
    const cells = (row as unknown as import('exceljs').Row).values as unknown[];
    const at = (name: string) =>
      cells[
        1 +
          [
            'STT',
            'Mã hồ sơ',
            'Tên thủ tục hành chính',
            'Người nộp',
            'Ngày nhận',
            'Ngày hẹn trả',
            'Ngày chuyển',
            'Ngày có kết quả',
            'Ngày trả',
            'Ghi chú',
          ].indexOf(name)
      ];
    assert.ok(at('Ngày chuyển') instanceof Date, `forward day: ${String(at('Ngày chuyển'))}`);
    assert.equal((at('Ngày chuyển') as Date).toISOString().slice(0, 10), day);
    assert.ok(at('Ngày có kết quả') == null, 'no result yet');
  });

  test('"Trả kết quả" without a channel follows the applicant’s choice (electronic copy → electronic)', async () => {
    const d = (
      await t.request({
        method: 'POST',
        url: '/api/v1/citizens/me/drafts',
        token: tok.citizen,
        body: { procedureCode: '2.000488', receivingAgencyId: centreId },
      })
    ).json();
    await t.request({
      method: 'PATCH',
      url: `/api/v1/citizens/me/drafts/${d.id}`,
      token: tok.citizen,
      body: { version: d.version, formData: { ...d.formData, noiDungDeNghi: 'Cấp Phiếu lý lịch tư pháp số 1', hinhThucNhanKetQua: 'Nhận bản điện tử' } },
    });
    const s = await t.request({ method: 'POST', url: `/api/v1/citizens/me/drafts/${d.id}/submit`, token: tok.citizen });
    assert.equal(s.statusCode, 201, s.body);
    const id = s.json().dossier.id;
    await act(id, tok.one_stop_officer, { type: 'receive' });
    await act(id, tok.one_stop_officer, { type: 'forward' });
    await act(id, tok.specialist, { type: 'next_step' });
    // An electronic return needs a result PDF the leader signs at approval (issue 19).
    const doc = new (pdfDocument())({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((r) => doc.on('end', r));
    doc.text('Phieu ly lich tu phap so 1');
    doc.end();
    await done;
    const up = await t.request({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/files?kind=result`,
      token: tok.specialist,
      ...multipart({ name: 'kq.pdf', data: Buffer.concat(chunks), type: 'application/pdf' }),
    });
    assert.equal(up.statusCode, 201, up.body);
    const res = await act(id, tok.unit_leader, { type: 'result_ready', decisionNumber: '12/LLTP', signer: 'Phạm Quốc Hưng', fileId: up.json().id });
    assert.equal(res.resultChannel, 'electronic');
    const ret = await act(id, tok.one_stop_officer, { type: 'return_result', receivedBy: 'Lê Văn An' });
    assert.equal(ret.returnInfo.channel, 'electronic');
  });

  test('a ward’s agency dates documents with the ward’s place name', async () => {
    const db = t.deps.database.db;
    const communes = (await listAgencies(db, { kind: 'commune_people_committee', current: true, limit: 50, offset: 0 })).items;
    const withPlace = [];
    for (const a of communes) {
      const place = await agencyPlaceName(db, a.id);
      if (place) withPlace.push({ a, place });
    }
    assert.ok(withPlace.length > 0, 'demo communes have administrative units');
    for (const { a, place } of withPlace) {
      assert.doesNotMatch(place, /^(Xã|Phường|Thị trấn) /u);
      assert.ok(nameKey(a.name).includes(nameKey(place)), `${a.name} ↔ ${place}`);
    }
    assert.equal(await agencyPlaceName(db, centreId), null, 'a provincial agency uses the province’s name');
  });

  test('pure helpers: place names, procedure phrases, return channel', () => {
    assert.equal(placeOfUnit('Phường Hàm Rồng'), 'Hàm Rồng');
    assert.equal(placeOfUnit('Xã Quảng Phú'), 'Quảng Phú');
    assert.equal(placeOfUnit('Phường 15'), 'Phường 15');
    assert.equal(procedurePhrase('Thủ tục đăng ký khai sinh'), 'thủ tục đăng ký khai sinh');
    assert.equal(procedurePhrase('Đăng ký khai sinh'), 'thủ tục đăng ký khai sinh');
    assert.equal(procedurePhrase('thủ tục  Đăng ký kết hôn'.normalize('NFD')), 'thủ tục đăng ký kết hôn');
    assert.equal(chosenReturnChannel({ hinhThucNhanKetQua: 'Nhận bản điện tử' }), 'electronic');
    assert.equal(chosenReturnChannel({ hinhThucNhanKetQua: 'Nhận qua dịch vụ bưu chính' }), 'post');
    assert.equal(chosenReturnChannel({ hinhThucNhanKetQua: 'Nhận trực tiếp' }), 'counter');
    assert.equal(chosenReturnChannel({}), null);
  });
});
