/**
 * Personal data (issue 18 §2; Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP) over HTTP: notice and
 * consent at registration and online submission, withdrawal, ROPA + XLSX, retention job with an
 * injected clock, correction requests. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { excel } from '../../platform/doclibs.js';
import { NOTICE_V1, PROCESSING_ACTIVITIES } from './citizens.privacy.rules.js';

let t: TestApp;
const tok: Record<string, string> = {};
let centreId = '';
let realNow: () => Date;
const DAY = 86_400_000;

const count = async (table: string, where = sql`true`) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(t.database.db)).rows[0].n;
const audits = (action: string) => count('audit_log', sql`action = ${action}`);
const person = {
  kind: 'citizen',
  password: 'matkhau-123',
  fullName: 'Trần Thị Hoa',
  personalId: '038196001234',
  dateOfBirth: '1996-02-03',
  gender: 'nu',
  residence: 'Phường Đông Thọ, Thanh Hóa',
  phone: '0912345678',
};

/** A draft of 2.000488 for the demo citizen, filled and with its document, ready to submit. */
async function readyDraft() {
  const draft = await t.request({
    method: 'POST',
    url: '/api/v1/citizens/me/drafts',
    token: tok.citizen,
    body: { procedureCode: '2.000488', receivingAgencyId: centreId, fresh: true },
  });
  assert.equal(draft.statusCode, 201, draft.body);
  const d = draft.json();
  const wh = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse', token: tok.citizen })).json();
  const doc = wh.items.find((i: { title: string }) => i.title.startsWith('Bản chụp Căn cước'));
  const formData = { ...d.formData, noiDungDeNghi: 'Cấp Phiếu lý lịch tư pháp số 1', hinhThucNhanKetQua: 'Nhận bản điện tử' };
  const p = await t.request({
    method: 'PATCH',
    url: `/api/v1/citizens/me/drafts/${d.id}`,
    token: tok.citizen,
    body: { version: d.version, formData, attachments: [{ componentIndex: 0, itemId: doc.id }] },
  });
  assert.equal(p.statusCode, 200, p.body);
  return d.id as string;
}
const submit = (id: string) =>
  t.request({ method: 'POST', url: `/api/v1/citizens/me/drafts/${id}/submit`, token: tok.citizen, headers: { 'idempotency-key': `privacy-${id}` } });

before(async () => {
  t = await startTestApp();
  realNow = t.deps.clock.now;
  for (const r of ['one_stop_officer', 'specialist', 'citizen', 'admin']) tok[r] = await t.login(r);
  centreId = (await t.request({ method: 'GET', url: `/api/v1/agencies?kind=provincial_service_centre&current=true` })).json().items[0].id;
});
after(async () => {
  t.deps.clock.now = realNow;
  await t.close();
});

describe('notice and consent (Luật 91/2025/QH15 Điều 9)', () => {
  test('the notice in force is public and names purposes, data, retention, recipients, rights, contact', async () => {
    const n = (await t.request({ method: 'GET', url: '/api/v1/privacy/notice' })).json();
    assert.equal(n.version, 1);
    assert.deepEqual(n.purposes, NOTICE_V1.purposes);
    for (const k of ['dataCategories', 'retention', 'recipients', 'rights']) assert.ok(n[k].length > 0, k);
    assert.ok(n.contact && n.withdrawal && n.legalBasis.includes('91/2025/QH15'));
  });

  test('registration without consent is 422 and creates nothing; with the version in force the consent is recorded', async () => {
    const users = await count('app_user');
    const r = await t.request({ method: 'POST', url: '/api/v1/citizens/register', body: person });
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'consent_required');
    assert.match(r.json().detail, /đồng ý.*91\/2025\/QH15/);
    const wrong = await t.request({ method: 'POST', url: '/api/v1/citizens/register', body: { ...person, consentNoticeVersion: 7 } });
    assert.equal(wrong.statusCode, 422);
    assert.equal(wrong.json().code, 'consent_outdated');
    assert.equal(await count('app_user'), users, 'nothing created');

    const ok = await t.request({ method: 'POST', url: '/api/v1/citizens/register', body: { ...person, consentNoticeVersion: 1 } });
    assert.equal(ok.statusCode, 201, ok.body);
    tok.hoa = await t.login(person.personalId, person.password);
    const c = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/consents', token: tok.hoa })).json();
    assert.equal(c.consented, true);
    assert.equal(c.items.length, 1);
    assert.equal(c.items[0].noticeVersion, 1);
    assert.equal(c.items[0].channel, 'registration');
    assert.equal(await audits('privacy.consent_given'), 1);
  });

  test('online submission needs consent: withdrawn → 422 consent_required; consent again at submission → submitted', async () => {
    const draftId = await readyDraft();
    const w = await t.request({ method: 'POST', url: '/api/v1/citizens/me/consents/withdraw', token: tok.citizen, body: { reason: 'Thử rút lại' } });
    assert.equal(w.statusCode, 200, w.body);
    assert.equal(w.json().consented, false);
    assert.ok(w.json().items.every((i: { withdrawnAt: string | null }) => i.withdrawnAt));
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/citizens/me/consents/withdraw', token: tok.citizen, body: {} })).json().code,
      'no_active_consent',
    );

    const dossiers = await count('dossier');
    const refused = await submit(draftId);
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().code, 'consent_required');
    assert.equal(await count('dossier'), dossiers, 'no dossier without consent');

    const again = await t.request({
      method: 'POST',
      url: '/api/v1/citizens/me/consents',
      token: tok.citizen,
      body: { noticeVersion: 1, channel: 'online_submission' },
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().consented, true);
    assert.equal(again.json().items[0].channel, 'online_submission');
    const s = await submit(draftId);
    assert.equal(s.statusCode, 201, s.body);
    assert.equal(await count('dossier'), dossiers + 1);
  });

  test('a new notice version asks again: the old consent no longer lets a dossier be submitted', async () => {
    const bad = await t.request({ method: 'POST', url: '/api/v1/privacy/notices', token: tok.admin, body: { ...NOTICE_V1, purposes: [] } });
    assert.equal(bad.statusCode, 400);
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/privacy/notices', token: tok.citizen, body: NOTICE_V1 })).statusCode, 403);
    const v2 = await t.request({
      method: 'POST',
      url: '/api/v1/privacy/notices',
      token: tok.admin,
      body: { ...NOTICE_V1, contact: 'Văn phòng UBND tỉnh, số điện thoại 0237 000 000' },
    });
    assert.equal(v2.statusCode, 201, v2.body);
    assert.equal(v2.json().version, 2);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/privacy/notice' })).json().version, 2);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/privacy/notices', token: tok.admin })).json().total, 2);

    const c = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/consents', token: tok.citizen })).json();
    assert.equal(c.currentVersion, 2);
    assert.equal(c.consented, false);
    const draftId = await readyDraft();
    assert.equal((await submit(draftId)).json().code, 'consent_required');
    const old = await t.request({ method: 'POST', url: '/api/v1/citizens/me/consents', token: tok.citizen, body: { noticeVersion: 1 } });
    assert.equal(old.statusCode, 422);
    assert.equal(old.json().code, 'consent_outdated');
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/citizens/me/consents', token: tok.citizen, body: { noticeVersion: 2, channel: 'online_submission' } }))
        .statusCode,
      200,
    );
    assert.equal((await submit(draftId)).statusCode, 201);
    // Registration now needs version 2.
    const reg = await t.request({ method: 'POST', url: '/api/v1/citizens/register', body: { ...person, personalId: '038196001235', consentNoticeVersion: 1 } });
    assert.equal(reg.json().code, 'consent_outdated');
  });
});

describe('record of processing activities', () => {
  test('the admin lists every activity with its purpose, basis, subjects, data, recipients, retention, security; exported as XLSX', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/privacy/processing-activities', token: tok.citizen })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/privacy/processing-activities', token: tok.one_stop_officer })).statusCode, 403);
    const r = (await t.request({ method: 'GET', url: '/api/v1/privacy/processing-activities', token: tok.admin })).json();
    assert.deepEqual(
      r.items.map((a: { key: string }) => a.key),
      PROCESSING_ACTIVITIES.map((a) => a.key),
    );
    for (const a of r.items)
      for (const k of ['purpose', 'legalBasis', 'subjects', 'dataCategories', 'recipients', 'retention', 'security'])
        assert.ok(a[k].length > 5, `${a.key}.${k}`);
    assert.ok(
      r.retention.find((c: { key: string; appliedByJob: boolean }) => c.key === 'dossier' && !c.appliedByJob),
      'dossiers are kept by archive law',
    );

    const x = await t.request({ method: 'GET', url: '/api/v1/privacy/processing-activities/export', token: tok.admin });
    assert.equal(x.statusCode, 200);
    assert.match(String(x.headers['content-type']), /spreadsheetml/);
    const wb = new (excel().Workbook)();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Hoạt động xử lý')!;
    const header = ws.getRow(4).values as unknown[];
    assert.equal(header[2], 'Hoạt động xử lý');
    assert.equal(ws.getRow(5).getCell(2).value, PROCESSING_ACTIVITIES[0].name);
    assert.equal(ws.rowCount, 4 + PROCESSING_ACTIVITIES.length);
    assert.ok(wb.getWorksheet('Thời hạn lưu'));
  });

  test('an admin changes a period within bounds; a class kept by law has no period', async () => {
    const short = await t.request({ method: 'PATCH', url: '/api/v1/privacy/retention/draft_unsubmitted', token: tok.admin, body: { periodDays: 10 } });
    assert.equal(short.statusCode, 422);
    assert.equal(short.json().code, 'invalid_retention_period');
    assert.equal(
      (await t.request({ method: 'PATCH', url: '/api/v1/privacy/retention/dossier', token: tok.admin, body: { periodDays: 3650 } })).statusCode,
      422,
    );
    assert.equal(
      (await t.request({ method: 'PATCH', url: '/api/v1/privacy/retention/nothing_here', token: tok.admin, body: { periodDays: 30 } })).statusCode,
      404,
    );
    const ok = await t.request({ method: 'PATCH', url: '/api/v1/privacy/retention/draft_unsubmitted', token: tok.admin, body: { periodDays: 180 } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().periodDays, 180);
    // Running the retention job now answers, per class it applies, the period and the cutoff used.
    const run = await t.request({ method: 'POST', url: '/api/v1/privacy/retention/run', token: tok.admin });
    assert.equal(run.statusCode, 200, run.body);
    const drafts = run.json().classes.find((c: { key: string }) => c.key === 'draft_unsubmitted');
    assert.equal(drafts.periodDays, 180);
    assert.ok(['delete', 'anonymise'].includes(drafts.action), drafts.action);
    assert.ok(Number.isInteger(drafts.rows));
  });
});

describe('correction requests (Luật 91/2025/QH15 Điều 13; Nghị định 356/2025: 2 working days)', () => {
  test('a self-declared account asks; the deadline is 2 working days; bad requests are 422/409 and change nothing', async () => {
    // Friday 04/12/2026 10:00 (Vietnam) + 2 working days = Tuesday 08/12/2026 10:00.
    t.deps.clock.now = () => new Date('2026-12-04T03:00:00Z');
    try {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/citizens/me/corrections',
        token: tok.hoa,
        body: { field: 'fullName', proposedValue: 'Trần Thị Hòa', reason: 'Sai dấu khi đăng ký' },
      });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().dueAt, '2026-12-08T10:00:00+07:00');
      assert.equal(r.json().currentValue, 'Trần Thị Hoa');
      assert.equal(r.json().status, 'pending');
      tok.corrId = r.json().id;
    } finally {
      t.deps.clock.now = realNow;
    }
    const before = await count('privacy_correction_request');
    for (const [token, body, status, code] of [
      [tok.hoa, { field: 'fullName', proposedValue: 'Trần Thị Hòa B' }, 409, 'correction_pending'],
      [tok.hoa, { field: 'dateOfBirth', proposedValue: '1985-02-03' }, 422, 'inconsistent_with_personal_id'],
      [tok.hoa, { field: 'dateOfBirth', proposedValue: '1996-02-30' }, 422, 'invalid_value'],
      [tok.hoa, { field: 'gender', proposedValue: 'nu' }, 422, 'same_value'],
      [tok.hoa, { field: 'businessName', proposedValue: 'Công ty A' }, 422, 'field_not_applicable'],
      [tok.hoa, { field: 'fullName', proposedValue: 'X' }, 422, 'invalid_value'],
      [tok.hoa, { field: 'dateOfBirth', proposedValue: '1996-03-02', evidenceItemId: '00000000-0000-4000-8000-000000000000' }, 422, 'invalid_document'],
      [tok.citizen, { field: 'fullName', proposedValue: 'Lê Văn Ân' }, 422, 'correct_at_source'],
      [tok.hoa, { field: 'personalId', proposedValue: '038196001299' }, 400, 'validation_failed'],
    ] as const) {
      const x = await t.request({ method: 'POST', url: '/api/v1/citizens/me/corrections', token, body });
      assert.equal(x.statusCode, status, `${JSON.stringify(body)}: ${x.body}`);
      assert.equal(x.json().code, code);
    }
    assert.equal(await count('privacy_correction_request'), before);
    assert.equal(
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/citizens/me/corrections',
          token: tok.one_stop_officer,
          body: { field: 'fullName', proposedValue: 'Ai đó' },
        })
      ).statusCode,
      403,
    );
  });

  test('the officer accepts: the profile is corrected with audit and outbox, the citizen is notified and sees it', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/privacy/corrections', token: tok.specialist })).statusCode, 403);
    const pending = async (at: string) => {
      t.deps.clock.now = () => new Date(at);
      try {
        const list = (await t.request({ method: 'GET', url: '/api/v1/privacy/corrections?status=pending', token: tok.one_stop_officer })).json();
        return list.items.find((i: { id: string }) => i.id === tok.corrId);
      } finally {
        t.deps.clock.now = realNow;
      }
    };
    assert.equal((await pending('2026-12-08T03:00:00Z')).overdue, false, 'Tuesday 10:00 is the deadline itself');
    const c = await pending('2026-12-08T03:01:00Z');
    assert.equal(c.overdue, true, 'one minute later it is overdue');
    assert.equal(c.subject.fullName, 'Trần Thị Hoa');
    const noReason = await t.request({
      method: 'POST',
      url: `/api/v1/privacy/corrections/${c.id}/decision`,
      token: tok.one_stop_officer,
      body: { version: c.version, decision: 'reject' },
    });
    assert.equal(noReason.json().code, 'reason_required');
    const outbox = await count('outbox', sql`topic = 'notifications.deliver'`);
    const ok = await t.request({
      method: 'POST',
      url: `/api/v1/privacy/corrections/${c.id}/decision`,
      token: tok.one_stop_officer,
      body: { version: c.version, decision: 'accept' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'accepted');
    assert.equal(ok.json().handledByName !== null, true);
    const twice = await t.request({
      method: 'POST',
      url: `/api/v1/privacy/corrections/${c.id}/decision`,
      token: tok.one_stop_officer,
      body: { version: ok.json().version, decision: 'accept' },
    });
    assert.equal(twice.statusCode, 409);

    const me = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: tok.hoa })).json();
    assert.equal(me.fullName, 'Trần Thị Hòa');
    assert.equal(await audits('citizen.profile_corrected'), 1);
    const a = (
      await sql<{ summary: { from: string; to: string } }>`SELECT summary FROM audit_log WHERE action = 'citizen.profile_corrected'`.execute(t.database.db)
    ).rows[0];
    assert.deepEqual([a.summary.from, a.summary.to], ['Trần Thị Hoa', 'Trần Thị Hòa']);
    assert.equal(await count('outbox', sql`topic = 'notifications.deliver'`), outbox + 1);
    const notes = (await t.request({ method: 'GET', url: '/api/v1/notifications', token: tok.hoa })).json();
    assert.ok(notes.items.some((n: { title: string }) => n.title.startsWith('Đã chỉnh sửa họ và tên')));
    const mine = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/corrections', token: tok.hoa })).json();
    assert.equal(mine.items[0].status, 'accepted');
  });

  test('the officer rejects with a reason; the citizen sees the reason; a citizen cancels their own pending request', async () => {
    const r = (
      await t.request({ method: 'POST', url: '/api/v1/citizens/me/corrections', token: tok.hoa, body: { field: 'dateOfBirth', proposedValue: '1996-03-02' } })
    ).json();
    const rej = await t.request({
      method: 'POST',
      url: `/api/v1/privacy/corrections/${r.id}/decision`,
      token: tok.admin,
      body: { version: r.version, decision: 'reject', reason: 'Giấy khai sinh ghi ngày 03/02/1996.' },
    });
    assert.equal(rej.statusCode, 200, rej.body);
    const me = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: tok.hoa })).json();
    assert.equal(me.dateOfBirth, '1996-02-03', 'unchanged');
    const mine = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/corrections', token: tok.hoa })).json();
    const seen = mine.items.find((i: { id: string }) => i.id === r.id);
    assert.equal(seen.status, 'rejected');
    assert.equal(seen.decisionReason, 'Giấy khai sinh ghi ngày 03/02/1996.');

    const g = await t.request({ method: 'POST', url: '/api/v1/citizens/me/corrections', token: tok.hoa, body: { field: 'gender', proposedValue: 'nam' } });
    assert.equal(g.statusCode, 422, 'the personal ID says female');
    const pr = await t.request({
      method: 'POST',
      url: '/api/v1/citizens/me/corrections',
      token: tok.hoa,
      body: { field: 'fullName', proposedValue: 'Trần Thị Hòa Bình' },
    });
    assert.equal(pr.statusCode, 201, pr.body);
    const p = pr.json();
    const other = await t.request({ method: 'POST', url: `/api/v1/citizens/me/corrections/${p.id}/cancel`, token: tok.citizen, body: { version: p.version } });
    assert.equal(other.statusCode, 404, other.body);
    const cancelled = await t.request({ method: 'POST', url: `/api/v1/citizens/me/corrections/${p.id}/cancel`, token: tok.hoa, body: { version: p.version } });
    assert.equal(cancelled.json().status, 'cancelled');

    // The export of all the person's data holds their consents and correction requests.
    const ex = JSON.parse((await t.request({ method: 'GET', url: '/api/v1/citizens/me/warehouse/export', token: tok.hoa })).body);
    assert.deepEqual(
      ex.privacy.consents.map((c: { channel: string }) => c.channel),
      ['registration'],
    );
    assert.deepEqual(ex.privacy.corrections.map((c: { status: string }) => c.status).sort(), ['accepted', 'cancelled', 'rejected']);
  });
});

describe('retention job (injected clock)', () => {
  test('erases and anonymises what is past its period, with audit rows; never touches dossiers; boundaries hold', async () => {
    const draftId = (
      await t.request({
        method: 'POST',
        url: '/api/v1/citizens/me/drafts',
        token: tok.citizen,
        body: { procedureCode: '2.000488', receivingAgencyId: centreId, fresh: true },
      })
    ).json().id;
    const dossiers = await count('dossier');
    const submitted = await count('submission_draft', sql`status = 'submitted'`);
    assert.ok(submitted >= 2);
    const base = realNow().getTime();

    // +150 days: the unsubmitted draft (180 days) stays; the submitted drafts' copies (90 days) are anonymised.
    t.deps.clock.now = () => new Date(base + 150 * DAY);
    try {
      await t.deps.jobs.runNow('citizens.privacy-retention');
      assert.equal(await count('submission_draft', sql`id = ${draftId}`), 1);
      assert.equal(await count('submission_draft', sql`status = 'submitted' AND form_data <> '{}'::jsonb`), 0);
      assert.equal(await count('submission_draft', sql`status = 'submitted' AND fields_total IS NOT NULL`), submitted, 'the once-only counts stay');
      assert.equal(await audits('privacy.retention_anonymised'), 1);
      assert.equal(await count('user_session'), 0, 'every session of this run expired more than 90 days before');

      // +181 days: the draft is erased; sessions expired 90+ days ago, old idempotency records too.
      t.deps.clock.now = () => new Date(base + 181 * DAY);
      await t.deps.jobs.runNow('citizens.privacy-retention');
      assert.equal(await count('submission_draft', sql`id = ${draftId}`), 0);
      assert.equal(await count('idempotency_key', sql`scope LIKE 'citizens.submit:%'`), 0);
      const erased = (
        await sql<{ entity_id: string; summary: { rows: number } }>`SELECT entity_id, summary FROM audit_log WHERE action = 'privacy.retention_erased'`.execute(
          t.database.db,
        )
      ).rows;
      assert.ok(erased.some((a) => a.entity_id === 'draft_unsubmitted' && a.summary.rows >= 1));
      assert.ok(erased.some((a) => a.entity_id === 'idempotency'));

      // +366 days: notifications (the correction's) are erased.
      t.deps.clock.now = () => new Date(base + 366 * DAY);
      const notes = await count('notification');
      assert.ok(notes > 0);
      await t.deps.jobs.runNow('citizens.privacy-retention');
      assert.equal(await count('notification', sql`created_at < ${new Date(base)}`), 0);
      assert.equal(await count('dossier'), dossiers, 'dossiers follow the archive periods, never this job');
      assert.equal(await count('submission_draft', sql`status = 'submitted'`), submitted);
    } finally {
      t.deps.clock.now = realNow;
    }
  });
});
