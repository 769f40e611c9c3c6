/**
 * The demo province issues its documents through the modules' real paths (issue 18 §4): every
 * dossier refused after appraisal (status 8) has its sealed written refusal as its result, and the
 * counters have certified electronic copies (in book order, sealed, some in the demo citizen's
 * warehouse) that QĐ 766 indicator 4.x counts; paper components scanned and confirmed at the
 * counters (4.2), results issued as sealed PDFs (4.1), certified copies re-used from the demo
 * citizen's warehouse (4.3).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from './test/harness.js';
import { loadSnapshots } from './modules/dossiers/dossiers.public.js';
import { historyFromSnapshot } from './modules/quality/quality.public.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ demoDossiers: 240, demoCertifications: 36 });
});
after(async () => {
  await t.close();
});

const vnDay = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

test('every demo dossier refused after appraisal has its sealed written refusal, seen by the officer and downloadable', async () => {
  const db = t.database.db;
  const stopped = (await sql<{ id: string; code: string }>`SELECT id, code FROM dossier WHERE status = 8 ORDER BY code`.execute(db)).rows;
  assert.ok(stopped.length >= 2, `status-8 demo dossiers: ${stopped.length}`);
  const admin = await t.login('admin');
  const numbers = new Set<string>();
  const issued: { agency: string; n: number; at: string }[] = [];
  for (const d of stopped) {
    const view = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${d.id}`, token: admin })).json();
    const doc = view.closure?.document as { number: string; fileId: string } | undefined;
    assert.ok(doc, `${d.code} has a written refusal`);
    assert.match(doc.number, /^\d+\/TB-TCGQ$/);
    numbers.add(`${view.currentAgency.id}:${doc.number}`);
    issued.push({ agency: view.currentAgency.id, n: Number(doc.number.split('/')[0]), at: view.closure.at });
    const file = view.files.find((f: { id: string }) => f.id === doc.fileId);
    assert.equal(file.kind, 'result');
    assert.equal(new Date(file.uploadedAt).toISOString(), view.closure.at, 'stored when it was issued');
    assert.equal(file.signature?.status, 'valid', `${d.code}: sealed by the agency (sandbox seal)`);
    const pdf = await t.request({ method: 'GET', url: `/api/v1/dossiers/${d.id}/files/${doc.fileId}`, token: admin });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  }
  assert.equal(numbers.size, stopped.length, 'numbers are not reused');
  // Each agency numbers its refusals in the order it issued them (the register follows the dates).
  for (const a of new Set(issued.map((x) => x.agency))) {
    const mine = issued.filter((x) => x.agency === a).sort((x, y) => x.at.localeCompare(y.at));
    mine.forEach((x, i) => i > 0 && assert.ok(x.n > mine[i - 1].n, `${x.at}: ${x.n} after ${mine[i - 1].n}`));
  }
});

test("the demo counters certified electronic copies: books in order, sealed, the citizen's in the warehouse, counted by 4.x", async () => {
  const db = t.database.db;
  const copies = (
    await sql<{ agency_id: string; year: number; register_no: number; certified_at: Date; signature_verdict: string; warehouse_item_id: string | null }>`
    SELECT agency_id, year, register_no, certified_at, signature_verdict, warehouse_item_id FROM certified_copy ORDER BY agency_id, year, register_no`.execute(
      db,
    )
  ).rows;
  assert.ok(copies.length >= 24, `certified copies: ${copies.length}`);
  const agencies = new Set(copies.map((c) => c.agency_id));
  assert.ok(agencies.size >= 6, `certifying sections: ${agencies.size}`);
  // Each book: numbers 1, 2, 3… in the order of certification.
  for (const a of agencies) {
    const mine = copies.filter((c) => c.agency_id === a);
    mine.forEach((c, i) => assert.equal(c.register_no, i + 1, 'no gap in the book'));
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i].certified_at >= mine[i - 1].certified_at, 'numbers follow the order of certification');
  }
  const spanDays = (Math.max(...copies.map((c) => c.certified_at.getTime())) - Math.min(...copies.map((c) => c.certified_at.getTime()))) / 86_400_000;
  assert.ok(spanDays >= 60, `spread over the last months (${spanDays.toFixed(0)} days)`);
  assert.ok(
    copies.every((c) => c.certified_at <= new Date()),
    'none in the future',
  );
  assert.ok(copies.filter((c) => c.warehouse_item_id).length >= 1, 'the demo citizen has certified copies in the warehouse');

  // The demo citizen sees them in the warehouse.
  const citizen = await t.login('citizen');
  const wh = await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse', token: citizen });
  assert.equal(wh.statusCode, 200, wh.body);
  assert.match(wh.body, /Bản sao chứng thực điện tử/);

  // The provincial centre's officer sees its book.
  const officer = await t.login('one_stop_officer');
  const book = await t.request({ method: 'GET', url: '/api/v1/certifications', token: officer });
  assert.equal(book.statusCode, 200, book.body);
  assert.ok(book.json().total >= 1);
  assert.ok(
    book.json().items.every((c: { signatureVerdict: string }) => /hợp lệ|valid/i.test(c.signatureVerdict)),
    book.body,
  );

  // QĐ 766 4.x over the last 100 days: the communes that certified, out of all communes.
  const to = vnDay(new Date());
  const from = vnDay(new Date(Date.now() - 100 * 86_400_000));
  const r = await t.request({ method: 'GET', url: `/api/v1/quality/indicators?from=${from}&to=${to}` });
  assert.equal(r.statusCode, 200, r.body);
  const x = r.json().indicators.find((i: { code: string }) => i.code === 'ELECTRONIC_CERTIFIED_COPY');
  assert.equal(x.status, 'ok');
  assert.ok(x.numerator >= 5 && x.numerator <= x.denominator, `${x.numerator}/${x.denominator}`);
  assert.ok(x.points > 0, `4.x points: ${x.points}`);
});

test('QĐ 766 group 4 on the demo: digitised components, electronic results and re-use, each backed by its records', async () => {
  const db = t.database.db;
  const admin = await t.login('admin');
  const to = vnDay(new Date());
  const from = vnDay(new Date(Date.now() - 130 * 86_400_000));
  const r = await t.request({ method: 'GET', url: `/api/v1/quality/indicators?from=${from}&to=${to}` });
  assert.equal(r.statusCode, 200, r.body);
  const ind = (code: string) =>
    r.json().indicators.find((i: { code: string }) => i.code === code) as { numerator: number; denominator: number; points: number };
  for (const code of ['ORIGINAL_RESULT_AVAILABLE', 'SO_HOA_GIAY_TO_GIAI_QUYET', 'REUSED_DIGITIZED_DATA']) {
    const x = ind(code);
    assert.ok(x.numerator > 0 && x.numerator <= x.denominator, `${code}: ${x.numerator}/${x.denominator}`);
    assert.ok(x.points > 0, `${code}: ${x.points} points`);
  }
  // A realistic share, not everything: some components are not scanned, some procedures return no document.
  const digitised = ind('SO_HOA_GIAY_TO_GIAI_QUYET');
  assert.ok(digitised.numerator < digitised.denominator, `4.2 ${digitised.numerator}/${digitised.denominator}`);

  const ids = (await sql<{ id: string }>`SELECT id FROM dossier`.execute(db)).rows.map((x) => x.id);
  const facts = (await loadSnapshots(db, ids)).map((s) => ({ s, h: historyFromSnapshot(s) }));
  const scans = (
    await sql<{ dossier_id: string; component_index: number; scan_confirmed_at: Date | null; scan_confirmed_by: string | null }>`
    SELECT dossier_id, component_index, scan_confirmed_at, scan_confirmed_by FROM dossier_file WHERE kind = 'component'`.execute(db)
  ).rows;
  // 4.2: every component of a counted dossier has a stored scan confirmed by an officer, at the story's time (not the seed's run).
  const allDigitised = facts.filter((f) => f.h.allDigitised);
  assert.ok(allDigitised.length >= 20, `digitised dossiers: ${allDigitised.length}`);
  for (const { s } of allDigitised) {
    for (const [i, c] of s.components.entries()) {
      const index = (c as { index?: number }).index ?? i;
      const scan = scans.find((x) => x.dossier_id === s.id && x.component_index === index && x.scan_confirmed_at);
      assert.ok(scan?.scan_confirmed_by, `${s.code} component ${index}: a confirmed scan`);
      const received = new Date((s.state as { receivedAt: string }).receivedAt);
      assert.ok(
        scan.scan_confirmed_at!.getTime() >= received.getTime() && scan.scan_confirmed_at!.getTime() < received.getTime() + 86_400_000,
        `${s.code}: confirmed at the counter when received`,
      );
    }
  }
  // 4.1: a sealed PDF result on each dossier counted, downloadable, carrying the decision number.
  const withFile = facts.filter((f) => f.h.resultFile && f.s.status !== 8);
  assert.ok(withFile.length >= 20, `results with a file: ${withFile.length}`);
  for (const { s } of withFile.slice(0, 12)) {
    const view = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${s.id}`, token: admin })).json();
    const fileId = (s.state as { result: { fileId: string } }).result.fileId;
    const file = view.files.find((f: { id: string }) => f.id === fileId);
    assert.equal(file.kind, 'result', s.code);
    assert.equal(file.signature?.status, 'valid', `${s.code}: sealed by the agency (sandbox seal)`);
    const pdf = await t.request({ method: 'GET', url: `/api/v1/dossiers/${s.id}/files/${fileId}`, token: admin });
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  }
  // Online dossiers with a result file got it back electronically.
  const returnedOnline = (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id
    WHERE a.type = 'return_result' AND d.channel = 'online' AND a.payload->>'channel' = 'electronic'`.execute(db)
  ).rows[0].n;
  assert.ok(returnedOnline >= 1, `online results returned electronically: ${returnedOnline}`);
  // 4.3: each re-used component points at an item of the citizen's warehouse, the access is logged for the citizen with the dossier.
  const reused = facts.filter((f) => f.h.reused);
  assert.ok(reused.length >= 1, `re-use: ${reused.length}`);
  for (const { s } of reused) {
    const c = s.components.find((x) => typeof x.reusedFrom === 'string' && x.reusedFrom)!;
    const itemId = String(c.reusedFrom).replace(/^warehouse:/, '');
    const log = (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM warehouse_access WHERE item_id = ${itemId} AND purpose = 'reuse' AND dossier_code = ${s.code}`.execute(db)
    ).rows[0].n;
    assert.equal(log, 1, `${s.code}: the re-use is logged for the citizen`);
    const audit = (
      await sql<{
        summary: { consent: { given: boolean } | null };
      }>`SELECT summary FROM audit_log WHERE action = 'citizen.warehouse.reuse' AND summary->>'dossierCode' = ${s.code}`.execute(db)
    ).rows[0];
    assert.equal(audit?.summary.consent?.given, true, `${s.code}: consent recorded`);
  }
});
