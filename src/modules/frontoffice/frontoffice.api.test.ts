import { after, before, describe, test } from 'node:test';
import { satisfactionRatings } from '../quality/quality.public.js';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { DEMO_CENTRE, DEMO_DEVICE_TOKENS } from './frontoffice.seed.js';
import { frontOfficeRatings } from './frontoffice.public.js';

const P = '/api/v1/front-office';
// A working Tuesday morning in Asia/Ho_Chi_Minh: the centre is open.
const OPEN = new Date('2026-12-08T09:00:00+07:00');
const CLOSED = new Date('2026-12-06T09:00:00+07:00'); // a Sunday

let t: TestApp;
let tk: Record<string, string>;
let centre: string;
let areas: Record<string, { id: string; numberBase: number }>;
let counters: Record<number, { id: string; areaId: string }>;
let clockAt = OPEN.getTime();

const kiosk = { 'x-device-token': DEMO_DEVICE_TOKENS.kiosk };
const screen = { 'x-device-token': DEMO_DEVICE_TOKENS.call_screen };
const tablet = { 'x-device-token': DEMO_DEVICE_TOKENS.rating_tablet };

async function take(areaCode: string, priorityGroup: string | null = null) {
  clockAt += 1000; // each ticket a second later
  const r = await t.request({
    method: 'POST',
    url: `${P}/kiosk/tickets`,
    headers: kiosk,
    body: { areaId: areas[areaCode].id, ...(priorityGroup ? { priorityGroup } : {}) },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; number: number; peopleAhead: number; estimatedWaitMinutes: number; followToken: string; followUrl: string };
}
const post = (url: string, token: string, body?: unknown) => t.request({ method: 'POST', url, token, body: body ?? {} });
const callNext = async (counter: number, token = tk.one_stop_officer) => {
  const r = await post(`${P}/counters/${counters[counter].id}/call-next`, token);
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as { ticket: { id: string; number: number } | null }).ticket;
};
const finish = async (ticketId: string, token = tk.one_stop_officer, body: unknown = {}) => {
  const r = await post(`${P}/tickets/${ticketId}/finish`, token, body);
  assert.equal(r.statusCode, 200, r.body);
};
/** Everything still waiting today is cleared so each test starts from an empty queue. */
const clearQueue = () => sql`UPDATE fo_ticket SET status = 'no_show' WHERE status IN ('waiting', 'called', 'serving')`.execute(t.database.db);

before(async () => {
  t = await startTestApp();
  t.deps.clock.now = () => new Date(clockAt);
  // A second officer of the same centre (for two counters calling at once).
  await sql`INSERT INTO app_user (username, full_name, kind, password_hash, agency_id, roles)
    SELECT 'fo.officer2', 'Cán bộ quầy 2 (test)', kind, password_hash, agency_id, roles FROM app_user WHERE username = 'one_stop_officer'`.execute(
    t.database.db,
  );
  // A one-stop officer of another agency.
  await sql`INSERT INTO app_user (username, full_name, kind, password_hash, agency_id, roles)
    SELECT 'fo.elsewhere', 'Cán bộ một cửa nơi khác (test)', u.kind, u.password_hash, s.agency_id, u.roles FROM app_user u, app_user s
    WHERE u.username = 'one_stop_officer' AND s.username = 'specialist'`.execute(t.database.db);
  tk = await t.logins(['admin', 'one_stop_officer', 'fo.officer2', 'fo.elsewhere', 'citizen', 'specialist']);
  centre = await t.agencyId(DEMO_CENTRE);
  const a = (await t.request({ method: 'GET', url: `${P}/areas?agencyId=${centre}`, token: tk.admin })).json() as {
    items: { id: string; code: string; numberBase: number }[];
  };
  areas = Object.fromEntries(a.items.map((x) => [x.code, x]));
  const c = (await t.request({ method: 'GET', url: `${P}/counters?agencyId=${centre}`, token: tk.admin })).json() as {
    items: { id: string; number: number; areaId: string }[];
  };
  counters = Object.fromEntries(c.items.map((x) => [x.number, x]));
  assert.ok(areas.A && areas.B && areas.C && counters[1] && counters[10], 'demo seed: 3 areas, 10 counters');
  for (const [n, who] of [
    [1, 'one_stop_officer'],
    [2, 'fo.officer2'],
  ] as const)
    assert.equal((await post(`${P}/counters/${counters[n].id}/open`, tk[who])).statusCode, 200);
});
after(async () => {
  await t.close();
});

describe('configuration and access', () => {
  test('admin creates an area, a counter and a device; others may not', async () => {
    const body = { agencyId: centre, code: 'Z', name: 'Khu vực thử', numberBase: 9000 };
    for (const who of ['one_stop_officer', 'citizen', 'specialist']) assert.equal((await post(`${P}/areas`, tk[who], body)).statusCode, 403, who);
    assert.equal((await t.request({ method: 'POST', url: `${P}/areas`, body })).statusCode, 401);
    const r = await post(`${P}/areas`, tk.admin, body);
    assert.equal(r.statusCode, 201, r.body);
    assert.equal((await post(`${P}/areas`, tk.admin, body)).statusCode, 409);
    assert.equal((await post(`${P}/areas`, tk.admin, { ...body, code: 'Y', numberBase: 9500 })).statusCode, 400, 'number base must be a multiple of 1000');
    const area = r.json();
    const c = await post(`${P}/counters`, tk.admin, { areaId: area.id, number: 99 });
    assert.equal(c.statusCode, 201, c.body);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_id IN (${area.id}, ${c.json().id})`.execute(t.database.db);
    assert.equal(audit.rows[0].n, 2);
    const stale = await t.request({ method: 'PATCH', url: `${P}/areas/${area.id}`, token: tk.admin, body: { version: 1, active: false } });
    assert.equal(stale.statusCode, 200, stale.body);
    assert.equal(
      (await t.request({ method: 'PATCH', url: `${P}/areas/${area.id}`, token: tk.admin, body: { version: 1, name: 'Khác' } })).statusCode,
      409,
      'optimistic concurrency',
    );
  });

  test('device pairing: the token authenticates, a wrong or revoked one does not, and kinds are kept apart', async () => {
    const r = await post(`${P}/devices`, tk.admin, { agencyId: centre, kind: 'kiosk', name: 'Kiosk tầng 2' });
    assert.equal(r.statusCode, 201, r.body);
    const { token, pairingUrl, device } = r.json();
    assert.match(pairingUrl, new RegExp(`/quay/ghep-noi#token=${token}$`));
    const stored = await sql<{ token_hash: string }>`SELECT token_hash FROM fo_device WHERE id = ${device.id}`.execute(t.database.db);
    assert.notEqual(stored.rows[0].token_hash, token, 'only a hash is stored');
    const me = await t.request({ method: 'GET', url: `${P}/device`, headers: { 'x-device-token': token } });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().kind, 'kiosk');
    assert.equal((await t.request({ method: 'GET', url: `${P}/kiosk` })).statusCode, 401);
    assert.equal((await t.request({ method: 'GET', url: `${P}/kiosk`, headers: { 'x-device-token': 'x'.repeat(30) } })).statusCode, 401);
    assert.equal((await t.request({ method: 'GET', url: `${P}/kiosk`, headers: screen })).statusCode, 403, 'a call screen is not a kiosk');
    assert.equal((await t.request({ method: 'GET', url: `${P}/screen`, headers: kiosk })).statusCode, 403);
    assert.equal(
      (await post(`${P}/devices`, tk.admin, { agencyId: centre, kind: 'rating_tablet', name: 'Không quầy' })).statusCode,
      400,
      'a tablet needs a counter',
    );
    assert.equal((await post(`${P}/devices/${device.id}/revoke`, tk.admin)).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: `${P}/kiosk`, headers: { 'x-device-token': token } })).statusCode, 401, 'revoked');
  });

  test('an officer of another agency cannot open or call at this centre', async () => {
    assert.equal((await post(`${P}/counters/${counters[3].id}/open`, tk['fo.elsewhere'])).statusCode, 403);
    assert.equal((await post(`${P}/counters/${counters[3].id}/call-next`, tk['fo.elsewhere'])).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `${P}/counters?agencyId=${centre}`, token: tk['fo.elsewhere'] })).statusCode, 403);
    // A counter held by one officer cannot be taken by another; calling needs the counter opened.
    assert.equal((await post(`${P}/counters/${counters[1].id}/open`, tk['fo.officer2'])).statusCode, 409);
    assert.equal((await post(`${P}/counters/${counters[3].id}/call-next`, tk.one_stop_officer)).statusCode, 409);
    assert.equal((await post(`${P}/counters/${counters[1].id}/call-next`, tk.citizen)).statusCode, 403);
  });

  test('no ticket outside reception hours; a ticket by procedure goes to its area', async () => {
    clockAt = CLOSED.getTime();
    const r = await t.request({ method: 'POST', url: `${P}/kiosk/tickets`, headers: kiosk, body: { areaId: areas.A.id } });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'centre_closed');
    clockAt = OPEN.getTime();
    const info = (await t.request({ method: 'GET', url: `${P}/kiosk`, headers: kiosk })).json();
    assert.equal(info.open, true);
    const withCodes = info.areas.find((a: { procedureCodes: string[] }) => a.procedureCodes.length > 0);
    const code = withCodes.procedureCodes[0];
    const byProc = await t.request({ method: 'POST', url: `${P}/kiosk/tickets`, headers: kiosk, body: { procedureCode: code } });
    assert.equal(byProc.statusCode, 201, byProc.body);
    assert.equal(byProc.json().areaId, withCodes.id);
    assert.equal((await t.request({ method: 'POST', url: `${P}/kiosk/tickets`, headers: kiosk, body: { procedureCode: 'KHONG-CO' } })).statusCode, 422);
    assert.equal((await t.request({ method: 'POST', url: `${P}/kiosk/tickets`, headers: kiosk, body: {} })).statusCode, 400);
    await clearQueue();
  });
});

describe('the queue', () => {
  test('priority groups are called first, then by arrival; numbers run per area; the follow page tells the place', async () => {
    await clearQueue();
    const n1 = await take('A');
    const n2 = await take('A');
    const old = await take('A', 'elderly');
    const preg = await take('A', 'pregnant');
    assert.equal(n2.number, n1.number + 1);
    assert.equal(old.peopleAhead, 0, 'a priority ticket goes before the regular ones');
    assert.equal(preg.peopleAhead, 1);
    const f = await t.request({ method: 'GET', url: `${P}/follow/${n2.followToken}` });
    assert.equal(f.statusCode, 200);
    assert.equal(f.json().peopleAhead, 3);
    assert.equal(f.json().status, 'waiting');
    assert.equal((await t.request({ method: 'GET', url: `${P}/follow/khongtontai123` })).statusCode, 404);
    const order: number[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await callNext(1);
      order.push(c!.number);
      await finish(c!.id);
    }
    assert.deepEqual(order, [old.number, preg.number, n1.number, n2.number]);
    assert.equal(await callNext(1), null, 'queue empty');
  });

  test('idempotent ticket taking: a double tap with the same key prints one number', async () => {
    await clearQueue();
    const h = { ...kiosk, 'idempotency-key': 'kiosk-tap-000001' };
    const a = await t.request({ method: 'POST', url: `${P}/kiosk/tickets`, headers: h, body: { areaId: areas.B.id } });
    const b = await t.request({ method: 'POST', url: `${P}/kiosk/tickets`, headers: h, body: { areaId: areas.B.id } });
    assert.equal(a.statusCode, 201);
    assert.equal(b.json().id, a.json().id);
    assert.equal((await t.request({ method: 'POST', url: `${P}/kiosk/tickets`, headers: h, body: { areaId: areas.C.id } })).statusCode, 409);
    await clearQueue();
  });

  test('no ticket is served twice when two officers call at the same moment', async () => {
    await clearQueue();
    const taken = [];
    for (let i = 0; i < 16; i++) taken.push(await take('A', i % 5 === 0 ? 'merit' : null));
    const served: Record<string, string[]> = { one_stop_officer: [], 'fo.officer2': [] };
    const loop = async (who: 'one_stop_officer' | 'fo.officer2', counter: number) => {
      for (;;) {
        const c = await callNext(counter, tk[who]);
        if (!c) return;
        served[who].push(c.id);
        await finish(c.id, tk[who]);
      }
    };
    // Many rounds of simultaneous calls from the two counters.
    await Promise.all([loop('one_stop_officer', 1), loop('fo.officer2', 2)]);
    const all = [...served.one_stop_officer, ...served['fo.officer2']];
    assert.equal(all.length, 16);
    assert.equal(new Set(all).size, 16, 'each ticket called by exactly one counter');
    const calls = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'frontoffice.ticket.call' AND entity_id = ANY(${sql.val(taken.map((x) => x.id))}::text[])`.execute(
      t.database.db,
    );
    assert.equal(calls.rows[0].n, 16);
  });

  test('raw concurrency: simultaneous call-next requests from both counters never return the same ticket', async () => {
    await clearQueue();
    for (let i = 0; i < 6; i++) await take('A');
    const seen: string[] = [];
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([callNext(1), callNext(2, tk['fo.officer2'])]);
      assert.ok(a && b);
      assert.notEqual(a.id, b.id);
      seen.push(a.id, b.id);
      await finish(a.id);
      await finish(b.id, tk['fo.officer2']);
    }
    assert.equal(new Set(seen).size, 6);
  });

  test('call again, skip only after N calls, a counter has one ticket at a time', async () => {
    await clearQueue();
    await take('A');
    await take('A');
    const c = (await callNext(1))!;
    assert.equal((await post(`${P}/counters/${counters[1].id}/call-next`, tk.one_stop_officer)).statusCode, 409, 'finish first');
    const early = await post(`${P}/tickets/${c.id}/skip`, tk.one_stop_officer);
    assert.equal(early.statusCode, 422);
    assert.equal(early.json().code, 'not_enough_calls');
    assert.equal((await post(`${P}/tickets/${c.id}/recall`, tk['fo.officer2'])).statusCode, 409, "another counter's ticket");
    for (let i = 0; i < 2; i++) assert.equal((await post(`${P}/tickets/${c.id}/recall`, tk.one_stop_officer)).statusCode, 200);
    const s = await post(`${P}/tickets/${c.id}/skip`, tk.one_stop_officer);
    assert.equal(s.statusCode, 200, s.body);
    assert.equal(s.json().ticket.status, 'no_show');
    const next = (await callNext(1))!;
    assert.notEqual(next.id, c.id);
    await finish(next.id);
  });

  test('transfer to another counter keeps the place and only that counter calls it', async () => {
    await clearQueue();
    const first = await take('A');
    await take('A');
    const c = (await callNext(1))!;
    assert.equal(c.id, first.id);
    const r = await post(`${P}/tickets/${c.id}/transfer`, tk.one_stop_officer, { counterId: counters[2].id });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().ticket.status, 'waiting');
    const at1 = (await callNext(1))!;
    assert.notEqual(at1.id, first.id, 'counter 1 does not get the transferred ticket');
    const at2 = (await callNext(2, tk['fo.officer2']))!;
    assert.equal(at2.id, first.id, 'counter 2 gets it first (original place kept)');
    await finish(at1.id);
    await finish(at2.id, tk['fo.officer2']);
    // Transfer to another area.
    await take('A');
    const d = (await callNext(1))!;
    assert.equal((await post(`${P}/tickets/${d.id}/transfer`, tk.one_stop_officer, { areaId: areas.B.id })).statusCode, 200);
    const row = await sql<{ area_id: string; status: string }>`SELECT area_id, status FROM fo_ticket WHERE id = ${d.id}`.execute(t.database.db);
    assert.deepEqual(row.rows[0], { area_id: areas.B.id, status: 'waiting' });
    await clearQueue();
  });
});

describe('rating tablet', () => {
  test('once per ticket, at its counter, after it is finished; anonymous to the officer; counted for 5.4', async () => {
    await clearQueue();
    await take('A');
    const c = (await callNext(1))!;
    const early = await t.request({ method: 'POST', url: `${P}/tablet/ratings`, headers: tablet, body: { ticketId: c.id, level: 4 } });
    assert.equal(early.statusCode, 422, 'not finished yet');
    // A dossier received at the counter, in the QĐ 766 read model, not rated otherwise (so 5.4 must see this tablet rating).
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tk.one_stop_officer,
      body: {
        procedureCode: '2.000488',
        channel: 'counter',
        applicant: { kind: 'citizen', name: 'Lê Thị Quầy', idNumber: '038190054321', phone: null, email: null, address: null },
      },
    });
    assert.equal(made.statusCode, 201, made.body);
    await t.deps.outbox.drain();
    const { rows: dossiers } = await sql<{
      id: string;
      r_day: string;
    }>`SELECT f.dossier_id AS id, to_char(f.r_day, 'YYYY-MM-DD') AS r_day FROM quality_dossier_fact f
      WHERE f.dossier_id = ${made.json().id} AND f.accepted AND NOT EXISTS (SELECT 1 FROM dossier_rating r WHERE r.dossier_id = f.dossier_id)`.execute(
      t.database.db,
    );
    await finish(c.id, tk.one_stop_officer, dossiers[0] ? { dossierId: dossiers[0].id } : {});
    const st = await t.request({ method: 'GET', url: `${P}/tablet`, headers: tablet });
    assert.equal(st.statusCode, 200);
    assert.equal(st.json().ticket.id, c.id, 'the tablet asks about the ticket just finished');
    assert.equal((await t.request({ method: 'POST', url: `${P}/tablet/ratings`, headers: tablet, body: { ticketId: c.id, level: 5 } })).statusCode, 400);
    assert.equal(
      (await t.request({ method: 'POST', url: `${P}/tablet/ratings`, headers: tablet, body: { ticketId: c.id, level: 1, reasons: ['nonsense'] } })).statusCode,
      400,
    );
    const r = await t.request({ method: 'POST', url: `${P}/tablet/ratings`, headers: tablet, body: { ticketId: c.id, level: 1, reasons: ['waiting'] } });
    assert.equal(r.statusCode, 201, r.body);
    const again = await t.request({ method: 'POST', url: `${P}/tablet/ratings`, headers: tablet, body: { ticketId: c.id, level: 4 } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'already_rated');
    assert.equal((await t.request({ method: 'GET', url: `${P}/tablet`, headers: tablet })).json().ticket, null);
    const stored = await sql<{
      officer_id: string;
      dossier_id: string | null;
      level: number;
    }>`SELECT officer_id, dossier_id, level FROM fo_rating WHERE ticket_id = ${c.id}`.execute(t.database.db);
    assert.equal(stored.rows[0].level, 1);
    assert.ok(stored.rows[0].officer_id, 'linked to the officer');
    if (dossiers[0]) assert.equal(stored.rows[0].dossier_id, dossiers[0].id);
    // The officer's screen never shows ratings.
    const view = await t.request({ method: 'GET', url: `${P}/counters/${counters[1].id}/view`, token: tk.one_stop_officer });
    assert.equal(view.statusCode, 200);
    assert.doesNotMatch(view.body, /rating|level|reasons/i);
    // A ticket of another counter cannot be rated from this tablet.
    await take('A');
    const other = (await callNext(2, tk['fo.officer2']))!;
    await finish(other.id, tk['fo.officer2']);
    assert.equal((await t.request({ method: 'POST', url: `${P}/tablet/ratings`, headers: tablet, body: { ticketId: other.id, level: 3 } })).statusCode, 422);
    // The public function the quality module reads (indicator 5.4).
    const counts = await frontOfficeRatings(t.database.db, { from: new Date(0), to: new Date(Date.now() + 86_400_000), agencyId: centre });
    assert.equal(counts.length, 1);
    assert.equal(counts[0].ratings, 1);
    assert.equal(counts[0].dissatisfied, 1);
    assert.equal(counts[0].byLevel[1], 1);
    // Indicator 5.4 reads it: level 1 of the tablet is "không hài lòng" (2 on the five-level scale).
    assert.ok(dossiers[0], 'the demo has a dossier in the QĐ 766 read model');
    const next = new Date(`${dossiers[0].r_day}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const seen = await satisfactionRatings(t.database.db, { agencyIds: null, from: dossiers[0].r_day, toExcl: next.toISOString().slice(0, 10) });
    assert.deepEqual(
      seen.filter((x) => x.dossierId === dossiers[0].id).map((x) => [x.level, x.source]),
      [[2, 'tablet']],
    );
  });
});

describe('public board', () => {
  test('results ready to collect at the centre: codes without names', async () => {
    const applicant = {
      kind: 'citizen',
      name: 'Nguyễn Thị Bảng Tin',
      idNumber: '038190012345',
      phone: '0912345678',
      email: 'bangtin@example.vn',
      address: 'Thanh Hóa',
    };
    const d = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tk.one_stop_officer,
      body: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
    });
    assert.equal(d.statusCode, 201, d.body);
    const { id, code } = d.json();
    const before = (await t.request({ method: 'GET', url: `${P}/board?agencyId=${centre}` })).json();
    assert.ok(!before.items.some((i: { code: string }) => i.code === code), 'a received dossier is not on the board');
    // Shortcut for the test: the dossier's result is ready (status 9, "Đã xử lý xong").
    await sql`UPDATE dossier SET status = 9 WHERE id = ${id}`.execute(t.database.db);
    const r = await t.request({ method: 'GET', url: `${P}/board?agencyId=${centre}` });
    assert.equal(r.statusCode, 200);
    assert.ok(r.json().items.some((i: { code: string }) => i.code === code));
    assert.doesNotMatch(r.body, /Bảng Tin|038190012345|bangtin/, 'no applicant data');
  });
});

describe('statistics', () => {
  test('per area, counter and officer, with no-shows and peak hours; XLSX; access', async () => {
    const day = '2026-12-08';
    const r = await t.request({ method: 'GET', url: `${P}/stats?agencyId=${centre}&from=${day}&to=${day}`, token: tk.one_stop_officer });
    assert.equal(r.statusCode, 200, r.body);
    const s = r.json();
    const inDb = await sql<{
      n: number;
      ns: number;
    }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'no_show')::int AS ns FROM fo_ticket WHERE agency_id = ${centre} AND day = ${day}`.execute(
      t.database.db,
    );
    assert.equal(s.total.tickets, inDb.rows[0].n);
    assert.equal(s.total.noShows, inDb.rows[0].ns);
    assert.ok(s.byCounter.some((c: { label: string; served: number }) => c.label === 'Quầy 1' && c.served > 0));
    assert.ok(s.byOfficer.length >= 2);
    assert.equal(s.peakHours[0].hour, 9);
    const x = await t.request({ method: 'GET', url: `${P}/stats.xlsx?agencyId=${centre}&from=${day}&to=${day}`, token: tk.one_stop_officer });
    assert.equal(x.statusCode, 200);
    assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
    assert.equal((await t.request({ method: 'GET', url: `${P}/stats?agencyId=${centre}&from=${day}&to=${day}`, token: tk.citizen })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `${P}/stats?agencyId=${centre}&from=${day}&to=${day}`, token: tk['fo.elsewhere'] })).statusCode, 403);
  });
});
