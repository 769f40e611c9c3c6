import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
const tokens: Record<string, string> = {};
const agencies: Record<string, string> = {};
const regimes: Record<string, string> = {};

const at = (iso: string) => {
  t.deps.clock.now = () => new Date(iso);
};

async function call(method: string, url: string, token: string | undefined, body?: unknown, headers?: Record<string, string>) {
  const r = await t.request({ method, url, token, body, headers });
  return { status: r.statusCode, json: () => r.json(), body: r.body, raw: r };
}

async function agencyId(q: string): Promise<string> {
  const r = await call('GET', `/api/v1/agencies?q=${encodeURIComponent(q)}&current=true`, undefined);
  const hit = r.json().items.find((a: { shortName: string; name: string }) => a.shortName === q || a.name === q);
  assert.ok(hit, `agency ${q}`);
  return hit.id;
}

async function mySubmission(token: string, regime: string, period: string): Promise<{ id: string; version: number; status: string; dueOn: string }> {
  const r = await call('GET', `/api/v1/reports/submissions?mine=true&regimeId=${regimes[regime]}&limit=500`, token);
  assert.equal(r.status, 200, r.body);
  const s = r.json().items.find((x: { periodLabel: string }) => x.periodLabel === period);
  assert.ok(s, `submission ${regime} ${period}`);
  return s;
}

const CCHC_ROWS = ['direction', 'institution', 'procedure', 'apparatus', 'civil_service', 'public_finance', 'digital', 'communication'];

/** Valid CCHC B01 cells from per-row planned/done counts (totals and ratios computed). */
function cchcCells(planned: number[], done: number[], funding: number) {
  const cells: Record<string, number | string> = {};
  const rate = (d: number, p: number) => (p === 0 ? 0 : Math.round((d / p) * 10000) / 100);
  CCHC_ROWS.forEach((r, i) => {
    cells[`B01.${r}.planned`] = planned[i];
    cells[`B01.${r}.done`] = done[i];
    cells[`B01.${r}.rate`] = rate(done[i], planned[i]);
  });
  const P = planned.reduce((a, b) => a + b, 0);
  const D = done.reduce((a, b) => a + b, 0);
  Object.assign(cells, {
    'B01.total.planned': P,
    'B01.total.done': D,
    'B01.total.rate': rate(D, P),
    'B01.digital.funding': funding,
    'B01.total.funding': funding,
  });
  return cells;
}

const NARRATIVE = { I: 'Đã ban hành kế hoạch triển khai.', II: 'Hoàn thành các nhiệm vụ theo tiến độ.', III: 'Một số nhiệm vụ còn chậm do thiếu nhân lực.' };

before(async () => {
  t = await startTestApp();
  for (const role of ['admin', 'provincial_office', 'home_affairs', 'specialist', 'unit_leader', 'citizen', 'one_stop_officer'])
    tokens[role] = await t.login(role);
  for (const [k, q] of [
    ['taichinh', 'Sở Tài chính'],
    ['hacthanh', 'Ủy ban nhân dân phường Hạc Thành'],
    ['vp', 'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa'],
    ['tuphap', 'Sở Tư pháp'],
  ])
    agencies[k] = await agencyId(q);
  // Leaders of two more reporting agencies (demo users exist only for Sở Tư pháp).
  for (const [username, agency] of [
    ['ld.taichinh', 'taichinh'],
    ['ld.hacthanh', 'hacthanh'],
  ]) {
    const r = await call('POST', '/api/v1/users', tokens.admin, {
      username,
      fullName: `Lãnh đạo ${agency}`,
      password: 'demo12345',
      agencyId: agencies[agency],
      roles: ['unit_leader'],
    });
    assert.equal(r.status, 201, r.body);
    tokens[username] = await t.login(username);
  }
  const list = await call('GET', '/api/v1/reports/regimes', tokens.provincial_office);
  for (const r of list.json().items) regimes[r.code] = r.id;
});
after(async () => t.close());

describe('regimes', () => {
  test('the three regimes of the seeds are shipped, with receivers, reporters and deadlines', async () => {
    const r = await call('GET', '/api/v1/reports/regimes', tokens.specialist);
    assert.equal(r.status, 200);
    const byCode = Object.fromEntries(r.json().items.map((x: { code: string }) => [x.code, x]));
    assert.deepEqual(Object.keys(byCode).sort(), ['CCHC', 'NQ131-QUY', 'TTHC-DINHKY']);
    assert.equal(byCode['NQ131-QUY'].receiver.name, 'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa');
    assert.deepEqual(byCode['NQ131-QUY'].deadlines.quarterly, { kind: 'day_of_month', day: 18 });
    assert.equal(byCode.CCHC.receiver.name, 'Sở Nội vụ tỉnh Thanh Hóa');
    assert.deepEqual(byCode.CCHC.frequencies, ['quarterly', 'half_year', 'annual', 'ad_hoc']);
    const names = byCode['NQ131-QUY'].reporters.map((a: { name: string }) => a.name);
    assert.ok(names.includes('Sở Tư pháp') && names.includes('UBND phường Hạc Thành'));
    assert.ok(!names.includes('Văn phòng UBND tỉnh'), 'the receiver does not report to itself');
    assert.ok(!byCode.CCHC.reporters.some((a: { name: string }) => a.name === 'Sở Nội vụ'));
  });

  test('the schedule of a year: cut-off windows and due dates per frequency', async () => {
    const r = await call('GET', `/api/v1/reports/regimes/${regimes['NQ131-QUY']}/schedule?year=2023`, tokens.specialist);
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(
      r.json().items.map((p: { key: string; cutoffFrom: string; cutoffTo: string; dueOn: string }) => [p.key, p.cutoffFrom, p.cutoffTo, p.dueOn]),
      [
        ['2023-Q1', '2022-12-15', '2023-03-14', '2023-03-17'], // 18/03/2023 is a Saturday
        ['2023-Q2', '2023-03-15', '2023-06-14', '2023-06-16'], // Sunday → Friday
        ['2023-Q3', '2023-06-15', '2023-09-14', '2023-09-18'],
        ['2023-Q4', '2023-09-15', '2023-12-14', '2023-12-18'],
      ],
    );
  });

  test('issuing a regime: validated, versioned; a deadline before the cut-off is refused', async () => {
    const base = {
      code: 'THU-NGHIEM',
      name: 'Báo cáo thử nghiệm hằng tháng',
      legalBasis: 'Nghị định 09/2019/NĐ-CP',
      issuer: 'Ủy ban nhân dân tỉnh',
      receiverAgencyId: agencies.vp,
      reporterKinds: [],
      reporterAgencyIds: [agencies.taichinh, agencies.tuphap],
      frequencies: ['monthly'],
      deadlines: { monthly: { kind: 'day_of_month', day: 10 } },
      dayOffRule: 'previous',
      reminderDays: [2],
      sendingMethod: 'Qua hệ thống',
      nationalCode: null,
      template: { sections: [{ id: 'I', title: 'I. Kết quả', required: true }], tables: [], rules: [] },
    };
    const bad = await call('POST', '/api/v1/reports/regimes', tokens.provincial_office, base);
    assert.equal(bad.status, 422);
    assert.match(bad.json().detail, /Điều 8 khoản 5/);
    const typo = await call('POST', '/api/v1/reports/regimes', tokens.provincial_office, {
      ...base,
      deadlines: { monthly: { kind: 'day_of_month', day: 20 } },
      colour: 'red',
    });
    assert.equal(typo.status, 400);
    const notReceiver = await call('POST', '/api/v1/reports/regimes', tokens.home_affairs, {
      ...base,
      deadlines: { monthly: { kind: 'day_of_month', day: 20 } },
    });
    assert.equal(notReceiver.status, 403, 'Sở Nội vụ cannot issue a regime received by the provincial office');
    const ok = await call('POST', '/api/v1/reports/regimes', tokens.provincial_office, { ...base, deadlines: { monthly: { kind: 'day_of_month', day: 20 } } });
    assert.equal(ok.status, 201, ok.body);
    assert.deepEqual(
      ok
        .json()
        .reporters.map((a: { name: string }) => a.name)
        .sort(),
      ['Sở Tài chính', 'Sở Tư pháp'],
    );
    const upd = await call('PATCH', `/api/v1/reports/regimes/${ok.json().id}`, tokens.provincial_office, {
      version: 1,
      name: 'Báo cáo thử nghiệm hằng tháng (sửa đổi)',
    });
    assert.equal(upd.status, 200, upd.body);
    assert.equal(upd.json().version, 2);
    assert.deepEqual(
      upd.json().versions.map((v: { version: number }) => v.version),
      [1, 2],
    );
    const stale = await call('PATCH', `/api/v1/reports/regimes/${ok.json().id}`, tokens.provincial_office, { version: 1, name: 'Lần sửa cũ' });
    assert.equal(stale.status, 409);
  });
});

describe('a quarterly report from fill-in to acceptance (NQ131, Q1 2026)', () => {
  let period: string;
  let sub: string;

  test('the provincial office opens the period: one submission per reporting agency', async () => {
    at('2026-03-02T09:00:00+07:00');
    const denied = await call('POST', `/api/v1/reports/regimes/${regimes['NQ131-QUY']}/periods`, tokens.home_affairs, {
      frequency: 'quarterly',
      year: 2026,
      index: 1,
    });
    assert.equal(denied.status, 403);
    const r = await call(
      'POST',
      `/api/v1/reports/regimes/${regimes['NQ131-QUY']}/periods`,
      tokens.provincial_office,
      { frequency: 'quarterly', year: 2026, index: 1 },
      { 'idempotency-key': 'open-nq131-2026q1' },
    );
    assert.equal(r.status, 201, r.body);
    const p = r.json();
    period = p.id;
    assert.equal(p.label, 'Quý I năm 2026');
    assert.deepEqual([p.cutoffFrom, p.cutoffTo, p.dueOn], ['2025-12-15', '2026-03-14', '2026-03-18']);
    assert.equal(p.submissions.length, 16);
    assert.ok(p.submissions.every((s: { status: string }) => s.status === 'not_started'));
    const again = await call('POST', `/api/v1/reports/regimes/${regimes['NQ131-QUY']}/periods`, tokens.provincial_office, {
      frequency: 'quarterly',
      year: 2026,
      index: 1,
    });
    assert.equal(again.json().id, period, 'opening twice returns the same period');
  });

  test('the department sees its own report, pre-filled with system figures', async () => {
    const s = await mySubmission(tokens.specialist, 'NQ131-QUY', 'Quý I năm 2026');
    sub = s.id;
    const other = await call('GET', `/api/v1/reports/submissions?periodId=${period}`, tokens.specialist);
    assert.deepEqual(
      other.json().items.map((x: { agency: { name: string } }) => x.agency.name),
      ['Sở Tư pháp'],
      'a department sees only its own',
    );
    const pre = await call('POST', `/api/v1/reports/submissions/${sub}/prefill`, tokens.specialist, { version: s.version });
    assert.equal(pre.status, 200, pre.body);
    const v = pre.json();
    assert.equal(v.status, 'draft');
    assert.equal(v.cells['B01.received.value'], 0);
    assert.equal(v.systemFigures['dossiers.received'].source, 'dossiers');
    assert.match(v.systemFigures['dossiers.received'].basis, /15\/12\/2025 đến 14\/03\/2026/);
    assert.ok(v.allowedActions.includes('save') && !v.allowedActions.includes('sign'), 'a specialist may fill, not sign');
  });

  test('bad input is refused with 400 and changes nothing', async () => {
    const before = (await call('GET', `/api/v1/reports/submissions/${sub}`, tokens.specialist)).json();
    for (const body of [
      { version: before.version, narrative: { I: 'x' }, extra: 1 },
      { version: before.version, cells: { 'B01.received.value': 'mười' } },
      { version: before.version, cells: { 'B09.x.value': 1 } },
      { version: before.version, narrative: { VII: 'không có đề mục này' } },
      { version: '1', narrative: { I: 'x' } },
    ]) {
      const r = await call('PUT', `/api/v1/reports/submissions/${sub}/data`, tokens.specialist, body);
      assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.body}`);
      assert.equal(r.raw.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    const after = (await call('GET', `/api/v1/reports/submissions/${sub}`, tokens.specialist)).json();
    assert.equal(after.version, before.version);
    assert.deepEqual(after.cells, before.cells);
  });

  test("access: anonymous 401, citizen 403, another agency's staff 403, the wrong receiver 403", async () => {
    assert.equal((await call('GET', `/api/v1/reports/submissions/${sub}`, undefined)).status, 401);
    assert.equal((await call('GET', `/api/v1/reports/submissions/${sub}`, tokens.citizen)).status, 403);
    const v = (await call('GET', `/api/v1/reports/submissions/${sub}`, tokens.specialist)).json().version;
    assert.equal((await call('GET', `/api/v1/reports/submissions/${sub}`, tokens['ld.taichinh'])).status, 403);
    assert.equal((await call('PUT', `/api/v1/reports/submissions/${sub}/data`, tokens['ld.taichinh'], { version: v, narrative: { I: 'x' } })).status, 403);
    assert.equal((await call('POST', `/api/v1/reports/submissions/${sub}/sign`, tokens.specialist, { version: v })).status, 403, 'only a leader signs');
    assert.equal(
      (await call('PUT', `/api/v1/reports/submissions/${sub}/data`, tokens.provincial_office, { version: v, narrative: { I: 'x' } })).status,
      403,
      "the receiver cannot write a department's report",
    );
    assert.equal((await call('GET', `/api/v1/reports/periods/${period}/aggregate`, tokens.specialist)).status, 403);
  });

  test('a system figure is not overwritten silently: a different value needs an explanation', async () => {
    const s = (await call('GET', `/api/v1/reports/submissions/${sub}`, tokens.specialist)).json();
    const silent = await call('PUT', `/api/v1/reports/submissions/${sub}/data`, tokens.specialist, { version: s.version, cells: { 'B01.received.value': 12 } });
    assert.equal(silent.status, 422);
    assert.equal(silent.json().code, 'system_figure_overwrite');
    assert.match(silent.json().detail, /Biểu B01, dòng «Số hồ sơ tiếp nhận mới trong kỳ» là số liệu hệ thống/);
    const annotated = await call('PUT', `/api/v1/reports/submissions/${sub}/data`, tokens.specialist, {
      version: s.version,
      cells: { 'B01.received.value': 12, 'B01.received_online.value': 6, 'B01.online_share.value': 50 },
      annotations: {
        'B01.received.value': '12 hồ sơ lý lịch tư pháp tiếp nhận tại Sở trước khi kết nối hệ thống.',
        'B01.received_online.value': 'Như trên.',
        'B01.online_share.value': 'Tính lại theo số điều chỉnh.',
      },
    });
    assert.equal(annotated.status, 200, annotated.body);
    assert.deepEqual(annotated.json().overridden.sort(), ['B01.online_share.value', 'B01.received.value', 'B01.received_online.value']);
    assert.equal(annotated.json().systemFigures['dossiers.received'].value, 0, 'the system figure is kept beside the correction');
  });

  test('a report whose total does not add up is refused at sign-off, with the cell named', async () => {
    let s = (await call('GET', `/api/v1/reports/submissions/${sub}`, tokens.specialist)).json();
    const r = await call('PUT', `/api/v1/reports/submissions/${sub}/data`, tokens.specialist, {
      version: s.version,
      narrative: NARRATIVE,
      cells: { 'B01.early.value': 3 },
      annotations: { 'B01.early.value': 'Ba hồ sơ giải quyết trước hạn ngoài hệ thống.' },
    });
    assert.equal(r.status, 200, r.body);
    assert.ok(
      r.json().issues.some((i: { code: string; ref: string }) => i.code === 'sum_mismatch' && i.ref === 'B01.resolved.value'),
      'the draft shows the problem',
    );
    s = r.json();
    const sign = await call('POST', `/api/v1/reports/submissions/${sub}/sign`, tokens.unit_leader, { version: s.version });
    assert.equal(sign.status, 422);
    assert.equal(sign.json().code, 'report_invalid');
    assert.match(
      sign.json().detail,
      /Biểu B01, dòng «Số hồ sơ đã giải quyết» ghi 0 nhưng tổng các ô «Giải quyết trước hạn» \+ «Giải quyết đúng hạn» \+ «Giải quyết quá hạn» là 3/,
    );
    assert.equal((await call('GET', `/api/v1/reports/submissions/${sub}`, tokens.specialist)).json().status, 'draft', 'nothing changed');
    // Put the system figure back (clearing the explanation) so the totals add up again.
    const fix = await call('PUT', `/api/v1/reports/submissions/${sub}/data`, tokens.specialist, {
      version: s.version,
      cells: { 'B01.early.value': 0 },
      annotations: { 'B01.early.value': '' },
    });
    assert.equal(fix.status, 200, fix.body);
    assert.ok(!fix.json().issues.some((i: { severity: string }) => i.severity === 'error'), JSON.stringify(fix.json().issues));
  });

  test("submit needs the leader's sign-off; the leader signs; the department submits (on time)", async () => {
    at('2026-03-16T10:00:00+07:00');
    let s = (await call('GET', `/api/v1/reports/submissions/${sub}`, tokens.specialist)).json();
    const early = await call('POST', `/api/v1/reports/submissions/${sub}/submit`, tokens.specialist, { version: s.version });
    assert.equal(early.status, 409);
    const signed = await call('POST', `/api/v1/reports/submissions/${sub}/sign`, tokens.unit_leader, { version: s.version });
    assert.equal(signed.status, 200, signed.body);
    assert.equal(signed.json().status, 'signed');
    assert.equal(signed.json().signedByName, 'Phạm Quốc Hưng (demo)');
    // Signed digitally (issue 19 §5): the report's PDF with the leader's own certificate, not a click.
    assert.equal(signed.json().signedPdf.status, 'valid');
    assert.match(signed.json().signedPdf.verdict, /^Ký số hợp lệ — Phạm Quốc Hưng \(demo\), Sở Tư pháp tỉnh Thanh Hóa, \d\d\/\d\d\/\d{4}$/);
    s = signed.json();
    const stale = await call('POST', `/api/v1/reports/submissions/${sub}/submit`, tokens.specialist, { version: s.version - 1 });
    assert.equal(stale.status, 409);
    const sent = await call(
      'POST',
      `/api/v1/reports/submissions/${sub}/submit`,
      tokens.specialist,
      { version: s.version },
      { 'idempotency-key': 'submit-tuphap-q1-v1' },
    );
    assert.equal(sent.status, 200, sent.body);
    assert.equal(sent.json().status, 'submitted');
    assert.equal(sent.json().late, false);
    assert.equal(sent.json().versions.length, 1);
    assert.equal(sent.json().versions[0].signedPdf.sha256, s.signedPdf.sha256, 'the version keeps the PDF it was sent with');
    // The receiving office downloads the signed PDF and verifies it independently (pdfsig) and with MotCua.
    const pdf = await call('GET', `/api/v1/reports/submissions/${sub}/signed.pdf?version=1`, tokens.provincial_office);
    assert.equal(pdf.status, 200, pdf.body);
    const bytes = pdf.raw.rawPayload;
    assert.equal(pdf.raw.headers['x-content-sha256'], s.signedPdf.sha256);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), s.signedPdf.sha256);
    const dir = mkdtempSync(join(tmpdir(), 'motcua-report-sig-'));
    writeFileSync(join(dir, 'r.pdf'), bytes);
    const out = spawnSync('pdfsig', [join(dir, 'r.pdf')], { encoding: 'utf8' }).stdout;
    rmSync(dir, { recursive: true, force: true });
    assert.match(out, /Signer Certificate Common Name: Phạm Quốc Hưng \(demo\)/);
    assert.match(out, /Signature Validation: Signature is Valid\./);
    const v = await t.request({
      method: 'POST',
      url: '/api/v1/signatures/verify',
      token: tokens.provincial_office,
      ...multipart({ name: 'r.pdf', data: bytes, type: 'application/pdf' }),
    });
    assert.equal(v.json().status, 'valid', v.body);
    assert.equal((await call('GET', `/api/v1/reports/submissions/${sub}/signed.pdf?version=9`, tokens.provincial_office)).status, 404);
    assert.equal((await call('GET', `/api/v1/reports/submissions/${sub}/signed.pdf`, tokens.citizen)).status, 403);
    const replay = await call(
      'POST',
      `/api/v1/reports/submissions/${sub}/submit`,
      tokens.specialist,
      { version: s.version },
      { 'idempotency-key': 'submit-tuphap-q1-v1' },
    );
    assert.equal(replay.status, 200);
    assert.equal(replay.json().versions.length, 1, 'the same key twice submits once');
  });

  test('the office returns it with comments; the second version is accepted; both versions are kept', async () => {
    let s = (await call('GET', `/api/v1/reports/submissions/${sub}`, tokens.provincial_office)).json();
    assert.ok(s.allowedActions.includes('return') && s.allowedActions.includes('accept'));
    const wrongReceiver = await call('POST', `/api/v1/reports/submissions/${sub}/return`, tokens.home_affairs, {
      version: s.version,
      comment: 'Không phải cơ quan nhận',
    });
    assert.equal(wrongReceiver.status, 403);
    const noComment = await call('POST', `/api/v1/reports/submissions/${sub}/return`, tokens.provincial_office, { version: s.version });
    assert.equal(noComment.status, 400);
    const ret = await call('POST', `/api/v1/reports/submissions/${sub}/return`, tokens.provincial_office, {
      version: s.version,
      comment: 'Bổ sung kết quả nhiệm vụ số 8.',
      cellComments: { 'B01.received.value': 'Giải trình rõ nguồn số liệu.' },
    });
    assert.equal(ret.status, 200, ret.body);
    assert.equal(ret.json().status, 'returned');
    assert.equal(ret.json().signedPdf, null, 'a returned report needs signing again');
    assert.ok(ret.json().versions[0].signedPdf, 'the submitted version keeps its signed PDF');
    assert.equal(ret.json().reviewComment, 'Bổ sung kết quả nhiệm vụ số 8.');
    s = ret.json();
    const edit = await call('PUT', `/api/v1/reports/submissions/${sub}/data`, tokens.specialist, {
      version: s.version,
      narrative: { II: 'Hoàn thành nhiệm vụ số 8: hệ thống đồng bộ hồ sơ.' },
    });
    assert.equal(edit.status, 200, edit.body);
    const signed = await call('POST', `/api/v1/reports/submissions/${sub}/sign`, tokens.unit_leader, { version: edit.json().version });
    assert.equal(signed.status, 200, signed.body);
    const sent = await call('POST', `/api/v1/reports/submissions/${sub}/submit`, tokens.unit_leader, { version: signed.json().version });
    assert.equal(sent.status, 200, sent.body);
    assert.equal(sent.json().versions.length, 2);
    assert.notEqual(sent.json().versions[1].signedPdf.sha256, sent.json().versions[0].signedPdf.sha256, 'the second version was signed anew');
    assert.equal(sent.json().versions[1].signedPdf.status, 'valid');
    const acc = await call('POST', `/api/v1/reports/submissions/${sub}/accept`, tokens.provincial_office, { version: sent.json().version });
    assert.equal(acc.status, 200, acc.body);
    assert.equal(acc.json().status, 'accepted');
    const v1 = await call('GET', `/api/v1/reports/submissions/${sub}/versions/1`, tokens.provincial_office);
    assert.equal(v1.json().narrative.II, NARRATIVE.II);
    const v2 = await call('GET', `/api/v1/reports/submissions/${sub}/versions/2`, tokens.provincial_office);
    assert.equal(v2.json().narrative.II, 'Hoàn thành nhiệm vụ số 8: hệ thống đồng bộ hồ sơ.');
    assert.deepEqual(
      acc.json().actions.map((a: { type: string }) => a.type),
      ['prefill', 'save', 'save', 'save', 'sign', 'submit', 'return', 'save', 'sign', 'submit', 'accept'],
    );
    // Every state change wrote its audit row; the action log cannot be rewritten.
    const audit = await call('GET', `/api/v1/audit?entity=report_submission&entityId=${sub}&limit=50`, tokens.admin);
    assert.equal(audit.json().total, 11);
    await assert.rejects(sql`UPDATE report_action SET type = 'x'`.execute(t.database.db), /append-only/);
  });

  test('a late submission is listed as late; agencies that did not report are listed as missing', async () => {
    const s = await mySubmission(tokens['ld.taichinh'], 'NQ131-QUY', 'Quý I năm 2026');
    at('2026-03-19T08:30:00+07:00'); // the day after the due date
    const pre = await call('POST', `/api/v1/reports/submissions/${s.id}/prefill`, tokens['ld.taichinh'], { version: s.version });
    const saved = await call('PUT', `/api/v1/reports/submissions/${s.id}/data`, tokens['ld.taichinh'], { version: pre.json().version, narrative: NARRATIVE });
    const signed = await call('POST', `/api/v1/reports/submissions/${s.id}/sign`, tokens['ld.taichinh'], { version: saved.json().version });
    assert.equal(signed.status, 200, signed.body);
    const sent = await call('POST', `/api/v1/reports/submissions/${s.id}/submit`, tokens['ld.taichinh'], { version: signed.json().version });
    assert.equal(sent.status, 200, sent.body);
    assert.equal(sent.json().late, true);
    assert.equal(sent.json().daysLate, 1);
    const list = await call('GET', `/api/v1/reports/submissions?periodId=${period}&lateOrMissing=true&limit=500`, tokens.provincial_office);
    const rows = list.json().items as { agency: { name: string }; late: boolean; overdue: boolean; status: string }[];
    const tc = rows.find((x) => x.agency.name === 'Sở Tài chính')!;
    assert.equal(tc.late, true);
    assert.equal(tc.status, 'submitted');
    assert.ok(!rows.some((x) => x.agency.name === 'Sở Tư pháp'), 'on time is not listed');
    assert.equal(rows.filter((x) => x.overdue).length, 14, 'the 14 agencies that sent nothing are overdue');
    const p = (await call('GET', `/api/v1/reports/periods/${period}`, tokens.provincial_office)).json();
    assert.equal(p.late, 1);
    assert.equal(p.missing, 14);
  });

  test('reminders before the due date and once overdue, each sent once', async () => {
    at('2026-03-13T07:30:00+07:00');
    const n1 = await call('POST', '/api/v1/reports/schedule/run', tokens.admin, { today: '2026-03-13' });
    assert.equal(n1.status, 200, n1.body);
    assert.ok(n1.json().opened >= 2, 'the scheduler opened the periods running on 13/03/2026');
    const tthc = await mySubmission(tokens.specialist, 'TTHC-DINHKY', 'Quý I năm 2026');
    assert.equal(tthc.dueOn, '2026-03-17', 'two working days after Saturday 14/03/2026');
    const sentBefore = n1.json().reminders;
    assert.ok(sentBefore >= 14, `reminders: ${sentBefore}`);
    const again = await call('POST', '/api/v1/reports/schedule/run', tokens.admin, { today: '2026-03-13' });
    assert.equal(again.json().reminders, 0, 'not twice the same day');
    const overdue = await call('POST', '/api/v1/reports/schedule/run', tokens.admin, { today: '2026-03-20' });
    assert.ok(overdue.json().reminders >= 14);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'reports.reminder'`.execute(t.database.db);
    assert.ok(rows[0].n >= 28);
  });
});

describe('aggregation of three agencies (CCHC, Q1 2026) and export', () => {
  let period: string;
  let adHoc: string;
  const plans: Record<string, { planned: number[]; done: number[]; funding: number }> = {
    unit_leader: { planned: [2, 3, 5, 1, 2, 1, 4, 2], done: [2, 2, 4, 1, 1, 1, 3, 2], funding: 120_000_000 },
    'ld.taichinh': { planned: [1, 4, 6, 2, 2, 3, 5, 1], done: [1, 4, 5, 2, 2, 3, 4, 1], funding: 80_000_000 },
    'ld.hacthanh': { planned: [3, 1, 8, 0, 1, 1, 6, 3], done: [3, 1, 6, 0, 1, 0, 5, 3], funding: 35_500_000 },
  };

  test('three agencies fill, sign and submit; the Department of Home Affairs accepts', async () => {
    at('2026-03-10T09:00:00+07:00');
    const r = await call('POST', `/api/v1/reports/regimes/${regimes.CCHC}/periods`, tokens.home_affairs, { frequency: 'quarterly', year: 2026, index: 1 });
    assert.equal(r.status, 201, r.body);
    period = r.json().id;
    assert.equal(r.json().dueOn, '2026-03-18', 'three working days after Saturday 14/03/2026');
    for (const [who, p] of Object.entries(plans)) {
      const s = await mySubmission(tokens[who], 'CCHC', 'Quý I năm 2026');
      const pre = await call('POST', `/api/v1/reports/submissions/${s.id}/prefill`, tokens[who], { version: s.version });
      assert.equal(pre.status, 200, pre.body);
      const saved = await call('PUT', `/api/v1/reports/submissions/${s.id}/data`, tokens[who], {
        version: pre.json().version,
        cells: cchcCells(p.planned, p.done, p.funding),
        narrative: NARRATIVE,
      });
      assert.equal(saved.status, 200, saved.body);
      const signed = await call('POST', `/api/v1/reports/submissions/${s.id}/sign`, tokens[who], { version: saved.json().version });
      assert.equal(signed.status, 200, `${who}: ${signed.body}`);
      const sent = await call('POST', `/api/v1/reports/submissions/${s.id}/submit`, tokens[who], { version: signed.json().version });
      assert.equal(sent.status, 200, sent.body);
      const acc = await call('POST', `/api/v1/reports/submissions/${s.id}/accept`, tokens.home_affairs, { version: sent.json().version });
      assert.equal(acc.status, 200, acc.body);
    }
  });

  test('a CCHC total that does not add up is refused with the total cell named (ad-hoc period)', async () => {
    const r = await call('POST', `/api/v1/reports/regimes/${regimes.CCHC}/periods`, tokens.home_affairs, {
      frequency: 'ad_hoc',
      label: 'Báo cáo đột xuất về sắp xếp bộ máy',
      cutoffFrom: '2026-01-01',
      cutoffTo: '2026-03-31',
      dueOn: '2026-04-10',
    });
    assert.equal(r.status, 201, r.body);
    adHoc = r.json().id;
    const s = (await call('GET', `/api/v1/reports/submissions?periodId=${adHoc}&mine=true`, tokens.unit_leader)).json().items[0];
    assert.equal(
      (await call('PUT', `/api/v1/reports/submissions/${s.id}/data`, tokens.home_affairs, { version: s.version, narrative: NARRATIVE })).status,
      403,
      'the receiver does not write reports',
    );
    const pre = await call('POST', `/api/v1/reports/submissions/${s.id}/prefill`, tokens.unit_leader, { version: s.version });
    const cells = { ...cchcCells([1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1], 0), 'B01.total.planned': 9, 'B01.total.rate': 88.89 };
    const saved = await call('PUT', `/api/v1/reports/submissions/${s.id}/data`, tokens.unit_leader, {
      version: pre.json().version,
      cells,
      narrative: NARRATIVE,
    });
    assert.equal(saved.status, 200, saved.body);
    const sign = await call('POST', `/api/v1/reports/submissions/${s.id}/sign`, tokens.unit_leader, { version: saved.json().version });
    assert.equal(sign.status, 422);
    assert.match(sign.json().detail, /Biểu B01, dòng «Tổng cộng», cột «Nhiệm vụ theo kế hoạch» ghi 9 nhưng tổng các ô .* là 8/);
    assert.deepEqual(
      sign.json().issues.map((i: { ref: string }) => i.ref),
      ['B01.total.planned'],
    );
  });

  test('the aggregate sums the three agencies cell by cell; ratios are ratios of sums', async () => {
    const r = await call('GET', `/api/v1/reports/periods/${period}/aggregate`, tokens.home_affairs);
    assert.equal(r.status, 200, r.body);
    const a = r.json();
    assert.equal(a.agencies.length, 3);
    const sum = (f: (p: (typeof plans)[string]) => number) => Object.values(plans).reduce((s, p) => s + f(p), 0);
    const P = sum((p) => p.planned.reduce((x, y) => x + y, 0));
    const D = sum((p) => p.done.reduce((x, y) => x + y, 0));
    assert.equal(a.cells['B01.total.planned'].value, P);
    assert.equal(a.cells['B01.total.done'].value, D);
    assert.equal(a.cells['B01.procedure.planned'].value, 5 + 6 + 8);
    assert.equal(a.cells['B01.procedure.done'].value, 4 + 5 + 6);
    assert.equal(a.cells['B01.total.funding'].value, 235_500_000);
    assert.equal(a.cells['B01.total.rate'].mode, 'ratio');
    assert.equal(a.cells['B01.total.rate'].value, Math.round((D / P) * 10000) / 100);
    assert.equal(a.cells['B01.procedure.rate'].value, Math.round((15 / 19) * 10000) / 100);
    assert.equal(a.notIncluded.length, a.period.counts.not_started);
    assert.equal(a.cells['B01.total.planned'].items.length, 3);
  });

  test('the aggregate exports as XLSX and as a PDF; the consolidated report goes to the national system (sandbox)', async () => {
    const x = await call('GET', `/api/v1/reports/periods/${period}/aggregate.xlsx`, tokens.home_affairs);
    assert.equal(x.status, 200);
    assert.match(String(x.raw.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('B01')!;
    const totalRow = ws.getRows(1, ws.rowCount)!.find((row) => row.getCell(1).value === 'Tổng cộng')!;
    assert.equal(totalRow.getCell(2).value, 67);
    assert.equal(totalRow.getCell(5).value, 235_500_000);
    const pdf = await call('GET', `/api/v1/reports/periods/${period}/aggregate.pdf`, tokens.home_affairs);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.raw.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.equal(
      (await call('GET', `/api/v1/reports/periods/${period}/aggregate.pdf`, tokens.provincial_office)).status,
      200,
      'province-wide roles may read it',
    );
    assert.equal((await call('GET', `/api/v1/reports/periods/${period}/aggregate.xlsx`, tokens.unit_leader)).status, 403);
    const c0 = await call('PUT', `/api/v1/reports/periods/${period}/consolidation`, tokens.home_affairs, {
      version: 1,
      number: '45/BC-SNV',
      narrative: { I: 'Các cơ quan đã triển khai đầy đủ.' },
      signerTitle: 'Giám đốc',
      signerName: 'Đỗ Mạnh Cường',
    });
    assert.equal(c0.status, 200, c0.body);
    const sent = await call('POST', `/api/v1/reports/periods/${period}/consolidation/send`, tokens.home_affairs, { version: c0.json().version });
    assert.equal(sent.status, 200, sent.body);
    assert.equal(sent.json().status, 'sent');
    for (let i = 0; i < 50 && (await t.deps.outbox.runOnce()) > 0; i++);
    const { rows } = await sql<{ national_receipt: string }>`SELECT national_receipt FROM report_consolidation WHERE period_id = ${period}`.execute(
      t.database.db,
    );
    assert.match(rows[0].national_receipt, /^SANDBOX-CCHC-2026-Q1-/);
  });

  test("across periods: the series of a regime lists each period's aggregate", async () => {
    const r = await call('GET', `/api/v1/reports/regimes/${regimes.CCHC}/series?frequency=quarterly&fromYear=2026&toYear=2026`, tokens.home_affairs);
    assert.equal(r.status, 200, r.body);
    const q1 = r.json().items.find((x: { key: string }) => x.key === '2026-Q1');
    assert.equal(q1.values['B01.total.funding'], 235_500_000);
    assert.equal(q1.agencies, 3);
  });
});

describe('XLSX upload of the template', () => {
  test('a department downloads its form, fills it offline and uploads it; wrong values are refused', async () => {
    const sub = (await call('GET', `/api/v1/reports/submissions?regimeId=${regimes.CCHC}&mine=true&limit=500`, tokens.unit_leader))
      .json()
      .items.find((x: { periodLabel: string }) => x.periodLabel === 'Báo cáo đột xuất về sắp xếp bộ máy');
    assert.equal(sub.status, 'draft');
    const form = await call('GET', `/api/v1/reports/submissions/${sub.id}/form.xlsx`, tokens.unit_leader);
    assert.equal(form.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(form.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('B01')!;
    const cells = cchcCells([1, 1, 2, 0, 0, 0, 1, 1], [1, 0, 2, 0, 0, 0, 1, 1], 2_000_000);
    ws.eachRow((row, n) => {
      if (n <= 5) return;
      const rid = row.getCell(1).value as string;
      ['planned', 'done', 'rate', 'funding'].forEach((c, i) => {
        const v = cells[`B01.${rid}.${c}`];
        if (v !== undefined) row.getCell(3 + i).value = v;
      });
    });
    wb.getWorksheet('De_cuong')!.getRow(5).getCell(3).value = 'Đã rà soát chức năng, nhiệm vụ.';
    const upload = async (buf: Buffer, version: number) => {
      const form = multipart(
        { name: 'bc.xlsx', data: buf, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        { version: String(version) },
      );
      return t.request({ method: 'POST', url: `/api/v1/reports/submissions/${sub.id}/form.xlsx`, token: tokens.unit_leader, ...form });
    };
    const ok = await upload(Buffer.from(await wb.xlsx.writeBuffer()), sub.version);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().cells['B01.total.planned'], 6);
    assert.equal(ok.json().cells['B01.total.funding'], 2_000_000);
    assert.equal(ok.json().narrative.I, 'Đã rà soát chức năng, nhiệm vụ.');
    // A text in a number cell: refused, nothing saved.
    ws.getRow(6).getCell(3).value = 'hai';
    const bad = await upload(Buffer.from(await wb.xlsx.writeBuffer()), ok.json().version);
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.json().detail, /phải là số nguyên/);
    const notXlsx = await upload(Buffer.from('hello'), ok.json().version);
    assert.equal(notXlsx.statusCode, 400);
    const pdf = await call('GET', `/api/v1/reports/submissions/${sub.id}/report.pdf`, tokens.unit_leader);
    assert.equal(pdf.status, 200);
  });
});
