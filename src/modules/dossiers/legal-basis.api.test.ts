/**
 * Issue 18 §2 over HTTP (both engines): the law cited is the one in force for THE dossier — a
 * dossier received in May 2025 (Nghị định 61/2018 as amended by 107/2021, Thông tư 01/2018) and
 * one received in 2026 (Nghị định 118/2025 as amended by 367/2025, Thông tư 03/2025) — in the API
 * error message, the action log's law and the PDFs (pdftotext); and a refusal after appraisal
 * (status 8) issues the written refusal stating the reasons, numbered, sealed, entered as the
 * dossier's result: the applicant downloads it, the public lookup says "Từ chối giải quyết" and why.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { sha256 } from '../../platform/files.js';

let t: TestApp;
let realNow: () => Date;
let dir: string;
const tok: Record<string, string> = {};
let centreId = '';

const at = (iso: string) => {
  t.deps.clock.now = () => new Date(iso);
};

function pdfText(buf: Buffer): string {
  const f = join(dir, `${sha256(buf).slice(0, 12)}.pdf`);
  writeFileSync(f, buf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
}

async function act(id: string, token: string, body: Record<string, unknown>) {
  const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
  return t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, token, body: { version: d.version, ...body } });
}
async function ok(id: string, token: string, body: Record<string, unknown>) {
  const r = await act(id, token, body);
  assert.equal(r.statusCode, 200, `${body.type}: ${r.body}`);
  return r.json();
}
async function doc(id: string, kind: string, token = tok.admin): Promise<string> {
  const r = await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}/documents/${kind}`, token });
  assert.equal(r.statusCode, 200, `${kind}: ${r.body}`);
  return pdfText(r.rawPayload);
}

before(async () => {
  t = await startTestApp();
  realNow = t.deps.clock.now;
  for (const r of ['one_stop_officer', 'specialist', 'unit_leader', 'citizen', 'admin']) tok[r] = await t.login(r);
  centreId = (await t.request({ method: 'GET', url: `/api/v1/agencies?kind=provincial_service_centre&current=true` })).json().items[0].id;
  // The demo catalogue takes effect on 01/07/2025: a procedure of Sở Tư pháp published from 2025 on,
  // so that a dossier can be received in May 2025.
  const manager = await t.login('catalog_manager');
  const created = await t.request({ method: 'POST', url: '/api/v1/catalog/procedures', token: manager, body: PROCEDURE });
  assert.equal(created.statusCode, 201, created.body);
  const pub = await t.request({
    method: 'POST',
    url: `/api/v1/catalog/procedures/${PROCEDURE.code}/publish`,
    token: manager,
    body: { decisionNo: '15/QĐ-UBND', decisionDate: '2025-01-02', effectiveFrom: '2025-01-02' },
  });
  assert.equal(pub.statusCode, 200, pub.body);
  dir = mkdtempSync(join(tmpdir(), 'motcua-law-'));
});
after(async () => {
  t.deps.clock.now = realNow;
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const PROCEDURE = {
  code: '9.000118',
  name: 'Thủ tục thử nghiệm cấp giấy xác nhận',
  field: 'Thử nghiệm',
  levels: ['province'],
  agencies: { competent: { kind: 'department', code: '000.00.03.H56' }, receiving: [{ kind: 'provincial_service_centre', code: '000.01.01.H56' }] },
  subjects: ['citizen'],
  onlineLevel: 'full',
  channels: ['direct', 'online'],
  cases: [{ key: 'chuan', name: 'Trường hợp chuẩn', time: { amount: 5, unit: 'working_days', text: '05 ngày làm việc' }, fees: [] }],
  components: [{ name: 'Đơn đề nghị', originals: 1, copies: 0, required: true, condition: null, templateCode: 'Mẫu 01', replaceableByData: null }],
  result: { name: 'Giấy xác nhận', validityMonths: 6 },
  legalBasis: ['Văn bản thử nghiệm'],
  steps: ['Nộp hồ sơ', 'Nhận kết quả'],
};

const applicant = {
  kind: 'citizen',
  name: 'Nguyễn Thị Hồng Đào',
  idNumber: '038190012345',
  phone: '0912345678',
  email: 'dao@example.vn',
  address: 'Phường Hạc Thành, Thanh Hóa',
};

interface Case {
  label: string;
  /** Monday of receipt, Vietnam time. */
  receivedAt: string;
  decree: string;
  decreeShort: string;
  circular: string;
  circularShort: string;
}

const CASES: Case[] = [
  {
    label: 'received in May 2025',
    receivedAt: '2025-05-19T09:00:00+07:00',
    decree: 'Nghị định 61/2018/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP)',
    decreeShort: 'NĐ 61/2018 (sửa đổi bởi NĐ 107/2021)',
    circular: 'Thông tư 01/2018/TT-VPCP',
    circularShort: 'TT 01/2018',
  },
  {
    label: 'received in 2026',
    receivedAt: '2026-03-02T09:00:00+07:00',
    decree: 'Nghị định 118/2025/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 367/2025/NĐ-CP)',
    decreeShort: 'NĐ 118/2025 (sửa đổi bởi NĐ 367/2025)',
    circular: 'Thông tư 03/2025/TT-VPCP',
    circularShort: 'TT 03/2025',
  },
];

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

for (const c of CASES) {
  describe(`the law of a dossier ${c.label}`, () => {
    test('error message, action log and PDFs cite it; the refusal after appraisal is the written result', async () => {
      const other = c.decree.startsWith('Nghị định 61') ? /118\/2025|03\/2025/ : /61\/2018|01\/2018/;
      // Submitted online by the citizen, received the same morning, forwarded to Sở Tư pháp.
      at(c.receivedAt);
      const sub = await t.request({
        method: 'POST',
        url: '/api/v1/dossiers',
        token: tok.citizen,
        body: { procedureCode: PROCEDURE.code, channel: 'online', receivingAgencyId: centreId, applicant },
      });
      assert.equal(sub.statusCode, 201, sub.body);
      const id = sub.json().id as string;
      const received = await ok(id, tok.one_stop_officer, { type: 'receive' });
      assert.equal(received.status.code, 2);
      await ok(id, tok.one_stop_officer, { type: 'forward' });
      at(c.receivedAt.replace('T09', 'T10'));
      await ok(id, tok.specialist, { type: 'request_supplement', reason: 'Thiếu giấy chứng sinh', items: ['Giấy chứng sinh (bản chính)'] });

      // The supplement request's PDF cites the decree of the dossier and its circular's form.
      const supText = await doc(id, 'supplement-request');
      assert.ok(supText.includes(`Căn cứ: ${c.decree}`), supText);
      assert.match(supText, new RegExp(`Mẫu số 02, ${esc(c.circular)}`));
      assert.doesNotMatch(supText, other);

      at(c.receivedAt.replace('T09', 'T11'));
      await ok(id, tok.citizen, { type: 'supplement_received' });
      // A second request by the same agency: 422, and the message cites this dossier's decree.
      const second = await act(id, tok.specialist, { type: 'request_supplement', reason: 'Thiếu tờ khai', items: ['Tờ khai'] });
      assert.equal(second.statusCode, 422, second.body);
      assert.equal(second.json().code, 'supplement_already_requested');
      assert.ok(String(second.json().detail).includes(`(${c.decree}${c.decree.includes('61/2018') ? ' Điều 19 khoản 4' : ''})`), second.body);

      // Refusal after appraisal: status 8 with the reason.
      at(c.receivedAt.replace('T09', 'T14'));
      const noReason = await act(id, tok.specialist, { type: 'stop', reason: '  ' });
      assert.ok([400, 422].includes(noReason.statusCode), noReason.body);
      const stopped = await ok(id, tok.specialist, { type: 'stop', reason: 'Người đề nghị không thuộc đối tượng được giải quyết theo quy định' });
      assert.equal(stopped.status.code, 8);
      const document = stopped.closure.document as { number: string; fileId: string };
      assert.match(document.number, /^\d+\/TB-TCGQ$/);

      // The action log: every action cites this dossier's decree, none the other one.
      const view = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
      for (const a of view.timeline as { type: string; law: string }[]) {
        assert.ok(a.law.startsWith(c.decreeShort), `${a.type}: ${a.law}`);
        assert.doesNotMatch(a.law, other, `${a.type}: ${a.law}`);
      }
      const stopLaw = view.timeline.find((a: { type: string }) => a.type === 'stop').law;
      assert.equal(stopLaw, `${c.decreeShort}${c.decree.includes('61/2018') ? ' Điều 19' : ''} (từ chối giải quyết sau thẩm định); ${c.circularShort} Mẫu 03`);

      // The receipt cites the decree's receipt article (online) and form 01 of the dossier's circular.
      const receipt = await doc(id, 'receipt');
      assert.ok(receipt.includes(`Căn cứ: ${c.decree} Điều 17 khoản 2; Mẫu số 01, ${c.circular}`), receipt);

      // The written refusal: the result file, on Mẫu 03 of the circular in force for the dossier.
      const result = view.files.find((f: { id: string }) => f.id === document.fileId);
      assert.equal(result.kind, 'result');
      assert.equal(result.signature?.status, 'valid', 'sealed by the agency');
      const mine = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.citizen })).json();
      assert.equal(mine.closure.document.fileId, document.fileId);
      const file = await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}/files/${document.fileId}`, token: tok.citizen });
      assert.equal(file.statusCode, 200, 'the applicant downloads the result');
      const text = pdfText(file.rawPayload);
      assert.equal(text, await doc(id, 'appraisal-refusal', tok.citizen), 'the document route serves the stored result');
      assert.match(text, /PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ/);
      assert.match(text, /Từ chối giải quyết hồ sơ sau thẩm định/);
      assert.ok(text.includes(`Số: ${document.number}`), text);
      assert.ok(text.includes(view.code), text);
      assert.match(text, /không đủ điều kiện giải quyết/);
      assert.match(text, /Người đề nghị không thuộc đối tượng được giải quyết theo quy định/);
      assert.match(text, /Nguyễn Thị Hồng Đào/);
      assert.ok(text.includes(`Căn cứ: ${c.decree}${c.decree.includes('61/2018') ? ' Điều 19' : ''}; Mẫu số 03, ${c.circular}`), text);
      assert.doesNotMatch(text, other);
      // Anyone can check it is a result the agency issued.
      const check = (await t.request({ method: 'GET', url: `/api/v1/public/results/${result.sha256}` })).json();
      assert.equal(check.valid, true);
      assert.equal(check.dossierCode, view.code);

      // The public lookup with the receipt's key: "Từ chối giải quyết" and the reason.
      const pub = (
        await t.request({ method: 'GET', url: `/api/v1/public/dossiers/${encodeURIComponent(view.code)}?key=${encodeURIComponent(view.lookupKey)}` })
      ).json();
      assert.deepEqual(pub.outcome, { text: 'Từ chối giải quyết', reason: 'Người đề nghị không thuộc đối tượng được giải quyết theo quy định' });
      const bare = (await t.request({ method: 'GET', url: `/api/v1/public/dossiers/${encodeURIComponent(view.code)}` })).json();
      assert.equal(bare.outcome, undefined, 'the code alone shows the status only');
    });
  });
}

describe('numbering of written refusals', () => {
  test('each written refusal of an agency takes the next number of the year', async () => {
    at('2026-03-09T09:00:00+07:00');
    const numbers: number[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/dossiers',
        token: tok.one_stop_officer,
        body: { procedureCode: PROCEDURE.code, channel: 'counter', applicant },
      });
      assert.equal(r.statusCode, 201, r.body);
      const id = r.json().id as string;
      await ok(id, tok.one_stop_officer, { type: 'forward' });
      const s = await ok(id, tok.specialist, { type: 'stop', reason: `Lý do ${i + 1}` });
      numbers.push(Number(String(s.closure.document.number).split('/')[0]));
    }
    assert.equal(numbers[1], numbers[0] + 1);
  });
});
