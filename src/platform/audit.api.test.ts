/**
 * Issue 16 §5 over HTTP (both engines): the audit row's time and actor come from the database and
 * the session, not from the INSERT; staff reads that return personal data (lists, files, PDFs,
 * exports) write one audit row per request, naming the records read.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test/harness.js';
import { recordAudit } from './audit.js';
import { jobSettled } from './progress-jobs.js';
import { idsOfParams, idsOfPayload } from './http/read-audit.js';
import { multipart } from '../test/multipart.js';

let t: TestApp;
const tok: Record<string, string> = {};
before(async () => {
  t = await startTestApp();
  for (const u of ['one_stop_officer', 'specialist', 'provincial_office', 'admin', 'citizen']) tok[u] = await t.login(u);
});
after(async () => {
  await t.close();
});

interface Row {
  id: number;
  at: Date;
  actor_id: string | null;
  actor_username: string | null;
  role: string | null;
  agency_id: string | null;
  action: string;
  entity_id: string | null;
  db_role: string | null;
  summary: { url?: string; count?: number; ids?: string[] };
}
const lastId = async () => (await sql<{ n: number }>`SELECT coalesce(max(id), 0)::int AS n FROM audit_log`.execute(t.database.db)).rows[0].n;
const since = async (id: number) => (await sql<Row>`SELECT * FROM audit_log WHERE id > ${id} ORDER BY id`.execute(t.database.db)).rows;

describe("the audit row's time and actor come from the database and the session", () => {
  test("an INSERT that names a time and an actor gets the database's now() and the database role instead", async () => {
    const before = await lastId();
    const {
      rows: [{ who }],
    } = await sql<{ who: string }>`SELECT session_user::text AS who`.execute(t.database.db);
    const checked = await t.database.transaction(async (tx) => {
      await sql`INSERT INTO audit_log (at, actor_id, actor_username, role, agency_id, action, entity, entity_id)
        VALUES ('2020-01-01T00:00:00Z', '00000000-0000-4000-8000-000000000001', 'admin', 'admin', NULL, 'user.delete', 'user', 'forged')`.execute(tx);
      return (await sql<{ now_matches: boolean }>`SELECT at = now() AS now_matches FROM audit_log WHERE entity_id = 'forged'`.execute(tx)).rows[0];
    });
    assert.equal(checked.now_matches, true, "at is the transaction's now(), not 2020");
    const [row] = await since(before);
    assert.equal(row.actor_username, `db:${who}`);
    assert.equal(row.actor_id, null);
    assert.equal(row.role, null);
    assert.equal(row.db_role, who);
    assert.ok(row.at.getTime() > Date.parse('2026-01-01'), String(row.at));
  });

  test('the actor is the transaction-local motcua.actor the server sets, whatever the INSERT says; it does not outlive the transaction', async () => {
    const before = await lastId();
    const actor = {
      id: '00000000-0000-4000-8000-0000000000aa',
      username: 'one_stop_officer',
      fullName: 'x',
      kind: 'staff' as const,
      roles: ['one_stop_officer' as const],
      agencyId: null,
      agency: null,
      sessionId: 's',
    };
    await t.database.transaction(async (tx) => {
      await recordAudit(tx, { actor, requestId: 'req-audit-test-1', ip: '127.0.0.1' }, { action: 'test.server', entity: 'test', entityId: '1' });
      await sql`INSERT INTO audit_log (actor_username, action, entity) VALUES ('admin', 'test.same_tx', 'test')`.execute(tx);
    });
    await sql`INSERT INTO audit_log (actor_username, action, entity) VALUES ('admin', 'test.next_tx', 'test')`.execute(t.database.db);
    const rows = await since(before);
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor_username, r.actor_id, r.role]),
      [
        ['test.server', 'one_stop_officer', actor.id, 'one_stop_officer'],
        ['test.same_tx', 'one_stop_officer', actor.id, 'one_stop_officer'], // the setting of this transaction, not the row's 'admin'
        ['test.next_tx', rows[2].actor_username, null, null],
      ],
    );
    assert.match(rows[2].actor_username!, /^db:/, 'a later transaction without the setting is attributed to the database role');
  });

  test("a change over HTTP is audited under the session's account", async () => {
    const before = await lastId();
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: tok.admin,
      body: { username: 'audit.actor', fullName: 'Kiểm Tra', password: 'matkhau123', agencyId: null, roles: ['citizen'] },
    });
    assert.equal(r.statusCode, 201, r.body);
    const row = (await since(before)).find((x) => x.action === 'user.create')!;
    assert.equal(row.actor_username, 'admin');
    const me = (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: tok.admin })).json();
    assert.equal(row.actor_id, me.user.id);
  });
});

describe('staff reads of personal data: one audit row per request, with the ids read', () => {
  const applicant = {
    kind: 'citizen',
    name: 'Trần Thị Kiểm Toán',
    idNumber: '038190054321',
    phone: '0912000111',
    email: 'kiemtoan@example.vn',
    address: 'Phường Hạc Thành, Thanh Hóa',
  };
  let dossierId = '';
  before(async () => {
    for (let i = 0; i < 3; i++) {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/dossiers',
        token: tok.one_stop_officer,
        body: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
      });
      assert.equal(r.statusCode, 201, r.body);
      dossierId = r.json().id;
    }
  });

  async function readOnce(url: string, token: string, action: string): Promise<Row> {
    const before = await lastId();
    const r = await t.request({ method: 'GET', url, token });
    assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
    const rows = (await since(before)).filter((x) => x.action === action);
    assert.equal(rows.length, 1, `${url}: exactly one ${action} row`);
    return Object.assign(rows[0], { body: r });
  }

  test('a dossier list: the ids of the rows returned, the URL, the officer', async () => {
    const before = await lastId();
    const r = await t.request({ method: 'GET', url: '/api/v1/dossiers?limit=2', token: tok.one_stop_officer });
    assert.equal(r.statusCode, 200);
    const rows = await since(before);
    assert.equal(rows.length, 1, 'one INSERT for the whole page');
    const [row] = rows;
    assert.equal(row.action, 'dossier.list');
    assert.equal(row.actor_username, 'one_stop_officer');
    assert.equal(row.summary.url, '/api/v1/dossiers?limit=2');
    assert.deepEqual(
      row.summary.ids,
      r.json().items.map((i: { id: string }) => i.id),
    );
    assert.equal(row.summary.count, 2);
  });

  test('a receipt PDF, the tracking book (XLSX) and a file download', async () => {
    const pdf = await readOnce(`/api/v1/dossiers/${dossierId}/documents/receipt`, tok.one_stop_officer, 'dossier.document.read');
    assert.equal(pdf.entity_id, dossierId);
    assert.match(pdf.summary.url!, /documents\/receipt$/);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    // The tracking book is an export job (issue 23): its download is the read.
    const started = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers/tracking-book/exports',
      token: tok.one_stop_officer,
      body: { from: today, to: today },
    });
    assert.equal(started.statusCode, 202, started.body);
    await jobSettled(started.json().id);
    const book = await readOnce(`/api/v1/dossiers/tracking-book/exports/${started.json().id}/file`, tok.one_stop_officer, 'dossier.tracking_book.read');
    assert.ok(book.summary.ids!.includes(dossierId), 'the dossiers in the book');
    assert.ok(book.summary.count! >= 3);

    const form = multipart({ name: 'to-khai.pdf', data: Buffer.from('%PDF-1.4\n% tờ khai\n%%EOF\n'), type: 'application/pdf' });
    const up = await t.request({ method: 'POST', url: `/api/v1/dossiers/${dossierId}/files`, token: tok.one_stop_officer, ...form });
    assert.equal(up.statusCode, 201, up.body);
    const fileId = up.json().id;
    const dl = await readOnce(`/api/v1/dossiers/${dossierId}/files/${fileId}`, tok.one_stop_officer, 'dossier.file.read');
    assert.deepEqual(dl.summary.ids, [dossierId, fileId]);
    assert.equal(dl.entity_id, dossierId);
  });

  test('feedback list and detail (sender data), the staff/citizen account list', async () => {
    const list = await readOnce('/api/v1/feedback?limit=5', tok.provincial_office, 'feedback.list');
    const items = (list as unknown as { body: { json(): { items: { id: string }[] } } }).body.json().items;
    assert.ok(items.length > 0, 'the demo feedback is listed');
    assert.deepEqual(
      list.summary.ids,
      items.map((i) => i.id),
    );
    const one = await readOnce(`/api/v1/feedback/${items[0].id}`, tok.provincial_office, 'feedback.read');
    assert.equal(one.entity_id, items[0].id);
    const users = await readOnce('/api/v1/users?limit=10', tok.admin, 'user.list');
    assert.equal(users.summary.count, users.summary.ids!.length);
    assert.ok(users.summary.count! > 0);
    const search = await readOnce('/api/v1/audit?action=user.list', tok.admin, 'audit.search');
    assert.deepEqual(search.summary.ids, [String(users.id)], 'the audit rows shown');
  });

  test('no row for a refused or failed read, an empty page, nor a citizen reading their own records', async () => {
    const centre = (await t.request({ method: 'GET', url: '/api/v1/agencies?kind=provincial_service_centre&current=true' })).json().items[0];
    const own = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tok.citizen,
      body: { procedureCode: '2.000488', channel: 'online', receivingAgencyId: centre.id, applicant },
    });
    assert.equal(own.statusCode, 201, own.body);
    const before = await lastId();
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/users', token: tok.one_stop_officer })).statusCode, 403);
    assert.equal(
      (await t.request({ method: 'GET', url: `/api/v1/dossiers/${dossierId}/files/00000000-0000-4000-8000-000000000000`, token: tok.one_stop_officer }))
        .statusCode,
      404,
    );
    const mine = await t.request({ method: 'GET', url: '/api/v1/dossiers', token: tok.citizen });
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.json().items.length, 1, 'the citizen reads their own dossier');
    const empty = await t.request({ method: 'GET', url: '/api/v1/dossiers?q=khong-co-ho-so-nao', token: tok.one_stop_officer });
    assert.equal(empty.json().total, 0, 'an empty page');
    assert.deepEqual(
      (await since(before)).map((r) => r.action),
      [],
    );
  });
});

describe('which ids a read names (pure)', () => {
  test("items of a list, else the object's id, else nothing; uuid route parameters in order", () => {
    assert.deepEqual(idsOfPayload({ items: [{ id: 'a' }, { id: 'b' }, { code: 'no id' }], total: 3 }), ['a', 'b']);
    assert.deepEqual(idsOfPayload({ id: 'x', name: 'y' }), ['x']);
    assert.equal(idsOfPayload({ total: 0 }), null);
    assert.equal(idsOfPayload(null), null);
    assert.deepEqual(idsOfParams({ id: '7d1b0c9e-2f4a-4c1e-9a55-0d1b2c3d4e5f', kind: 'receipt', fileId: '8e2c1d0f-3a5b-4d2f-8b66-1e2c3d4e5f60' }), [
      '7d1b0c9e-2f4a-4c1e-9a55-0d1b2c3d4e5f',
      '8e2c1d0f-3a5b-4d2f-8b66-1e2c3d4e5f60',
    ]);
  });
});
