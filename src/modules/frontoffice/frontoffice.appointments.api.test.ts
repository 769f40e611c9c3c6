import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { DEMO_CENTRE, DEMO_DEVICE_TOKENS } from './frontoffice.seed.js';
import { slotCapacity, SLOT_MINUTES } from './frontoffice.rules.js';

const P = '/api/v1/front-office';
const at = (local: string) => new Date(`${local}+07:00`).getTime();
// A working Tuesday in Asia/Ho_Chi_Minh.
let clockAt = at('2026-12-08T08:00:00');

let t: TestApp;
let tk: Record<string, string>;
let centre: string;
let areaId: string; // the area of counter 1 (opened by one_stop_officer)
let counter1: string;
const kiosk = { 'x-device-token': DEMO_DEVICE_TOKENS.kiosk };
const person = { name: 'Trần Văn Hẹn', phone: '0912 345 678' };

const post = (url: string, body: unknown, token?: string, headers?: Record<string, string>) =>
  t.request({ method: 'POST', url, body, ...(token ? { token } : {}), ...(headers ? { headers } : {}) });
const get = (url: string, token?: string) => t.request({ method: 'GET', url, ...(token ? { token } : {}) });
async function book(startsAt: string, token?: string, area = areaId) {
  const r = await post(`${P}/appointments`, { agencyId: centre, areaId: area, startsAt: new Date(`${startsAt}+07:00`).toISOString(), ...person }, token);
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { code: string; status: string; startsAt: string; phone: string; bookingUrl: string };
}
const checkIn = (code: string) => post(`${P}/kiosk/check-in`, { code }, undefined, kiosk);
async function walkIn(priorityGroup?: string) {
  const r = await post(`${P}/kiosk/tickets`, { areaId, ...(priorityGroup ? { priorityGroup } : {}) }, undefined, kiosk);
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; number: number };
}
async function callAndFinish(): Promise<number | null> {
  const r = await post(`${P}/counters/${counter1}/call-next`, {}, tk.one_stop_officer);
  assert.equal(r.statusCode, 200, r.body);
  const ticket = r.json().ticket as { id: string; number: number } | null;
  if (ticket) assert.equal((await post(`${P}/tickets/${ticket.id}/finish`, {}, tk.one_stop_officer)).statusCode, 200);
  return ticket?.number ?? null;
}
const clearQueue = () => sql`UPDATE fo_ticket SET status = 'no_show' WHERE status IN ('waiting', 'called', 'serving')`.execute(t.database.db);

before(async () => {
  t = await startTestApp();
  t.deps.clock.now = () => new Date(clockAt);
  tk = await t.logins(['admin', 'one_stop_officer', 'citizen']);
  centre = await t.agencyId(DEMO_CENTRE);
  const c = (await get(`${P}/counters?agencyId=${centre}`, tk.admin)).json() as { items: { id: string; number: number; areaId: string }[] };
  const c1 = c.items.find((x) => x.number === 1)!;
  counter1 = c1.id;
  areaId = c1.areaId;
  assert.equal((await post(`${P}/counters/${counter1}/open`, {}, tk.one_stop_officer)).statusCode, 200);
});
after(async () => {
  await t.close();
});

describe('booking', () => {
  test('centres and slots follow reception hours, holidays and counter capacity', async () => {
    const centres = (await get(`${P}/booking/centres`)).json().items as { agencyId: string; areas: { id: string }[] }[];
    assert.ok(centres.find((x) => x.agencyId === centre)?.areas.some((a) => a.id === areaId));
    const r = await get(`${P}/booking/slots?agencyId=${centre}&areaId=${areaId}&date=2026-12-09`);
    assert.equal(r.statusCode, 200, r.body);
    const s = r.json() as { capacity: number; slots: { startsAt: string; endsAt: string; available: number }[] };
    const inDb = await sql<{
      n: number;
      avg: number;
    }>`SELECT count(*)::int AS n, max(a.avg_service_minutes)::int AS avg FROM fo_counter c JOIN fo_area a ON a.id = c.area_id WHERE c.area_id = ${areaId} AND c.active`.execute(
      t.database.db,
    );
    assert.equal(s.capacity, slotCapacity(inDb.rows[0].n, SLOT_MINUTES, inDb.rows[0].avg));
    assert.ok(s.capacity > 0 && s.slots.length > 0);
    const local = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(11, 16);
    const starts = s.slots.map((x) => local(x.startsAt));
    assert.ok(!starts.includes('12:00') && !starts.includes('06:30') && !starts.includes('17:30'), `office hours only: ${starts.join(' ')}`);
    assert.ok(starts.every((h) => h >= '07:00' && h < '17:00'));
    for (const x of s.slots) assert.equal(new Date(x.endsAt).getTime() - new Date(x.startsAt).getTime(), SLOT_MINUTES * 60_000);
    // A Sunday, a day in the past and a day beyond 30 days.
    assert.equal((await get(`${P}/booking/slots?agencyId=${centre}&areaId=${areaId}&date=2026-12-13`)).json().slots.length, 0);
    assert.equal((await get(`${P}/booking/slots?agencyId=${centre}&areaId=${areaId}&date=2026-12-07`)).statusCode, 422);
    assert.equal((await get(`${P}/booking/slots?agencyId=${centre}&areaId=${areaId}&date=2027-02-01`)).statusCode, 422);
    // Today: only the slots still ahead.
    const today = (await get(`${P}/booking/slots?agencyId=${centre}&areaId=${areaId}&date=2026-12-08`)).json() as { slots: { startsAt: string }[] };
    assert.ok(today.slots.every((x) => new Date(x.startsAt).getTime() > clockAt));
  });

  test('book, look up by code with its QR, list mine, cancel; bad input changes nothing', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fo_appointment`.execute(t.database.db);
    for (const [body, code] of [
      [{ ...person, phone: '123456789' }, 'invalid_phone'],
      [{ ...person, startsAt: new Date(at('2026-12-09T12:00:00')).toISOString() }, 'invalid_slot'],
      [{ ...person, startsAt: new Date(at('2026-12-09T09:10:00')).toISOString() }, 'invalid_slot'],
    ] as const) {
      const r = await post(`${P}/appointments`, { agencyId: centre, areaId, startsAt: new Date(at('2026-12-09T09:00:00')).toISOString(), ...body });
      assert.ok([400, 422].includes(r.statusCode), r.body);
      assert.equal(r.json().code, code);
    }
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM fo_appointment`.execute(t.database.db)).rows[0].n, before.rows[0].n);

    const a = await book('2026-12-09T09:00:00', tk.citizen);
    assert.match(a.code, /^[0-9A-HJ-NP-Z]{8}$/);
    assert.equal(a.phone, '091****678');
    assert.match(a.bookingUrl, new RegExp(`/dat-lich/xem\\?ma=${a.code}$`));
    const looked = await get(`${P}/appointments/${a.code.toLowerCase()}`);
    assert.equal(looked.statusCode, 200);
    assert.equal(looked.json().status, 'booked');
    const qr = await get(`${P}/appointments/${a.code}/qr.svg`);
    assert.equal(qr.statusCode, 200);
    assert.match(qr.body, /<svg/);
    const mine = (await get(`${P}/my-appointments`, tk.citizen)).json().items as { code: string }[];
    assert.ok(mine.some((x) => x.code === a.code));
    assert.equal((await get(`${P}/my-appointments`)).statusCode, 401);
    const slot = await get(`${P}/booking/slots?agencyId=${centre}&areaId=${areaId}&date=2026-12-09`);
    const s9 = slot.json().slots.find((x: { startsAt: string }) => new Date(x.startsAt).getTime() === at('2026-12-09T09:00:00'));
    assert.equal(s9.booked, 1);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'frontoffice.appointment.book'`.execute(t.database.db);
    assert.ok(audit.rows[0].n >= 1);

    const c = await post(`${P}/appointments/${a.code}/cancel`, {});
    assert.equal(c.statusCode, 200, c.body);
    assert.equal(c.json().status, 'cancelled');
    assert.equal((await post(`${P}/appointments/${a.code}/cancel`, {})).statusCode, 409);
    assert.equal(
      (await get(`${P}/booking/slots?agencyId=${centre}&areaId=${areaId}&date=2026-12-09`))
        .json()
        .slots.find((x: { startsAt: string }) => new Date(x.startsAt).getTime() === at('2026-12-09T09:00:00')).booked,
      0,
    );
    assert.equal((await get(`${P}/appointments/ZZZZZZZZ`)).statusCode, 404);
  });

  test('two bookings at once for the last place: one gets it, the other 409 slot_full', async () => {
    // An area with one counter and 15-minute services: one place per 30-minute slot.
    const area = await post(`${P}/areas`, { agencyId: centre, code: 'LH', name: 'Khu vực thử đặt lịch', numberBase: 8000, avgServiceMinutes: 15 }, tk.admin);
    assert.equal(area.statusCode, 201, area.body);
    assert.equal((await post(`${P}/counters`, { areaId: area.json().id, number: 88 }, tk.admin)).statusCode, 201);
    const id = area.json().id as string;
    assert.equal((await get(`${P}/booking/slots?agencyId=${centre}&areaId=${id}&date=2026-12-10`)).json().capacity, 1);
    const body = { agencyId: centre, areaId: id, startsAt: new Date(at('2026-12-10T14:00:00')).toISOString(), ...person };
    const rs = await Promise.all([post(`${P}/appointments`, body), post(`${P}/appointments`, body)]);
    assert.deepEqual(rs.map((r) => r.statusCode).sort(), [201, 409], rs.map((r) => r.body).join('\n'));
    assert.equal(rs.find((r) => r.statusCode === 409)!.json().code, 'slot_full');
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fo_appointment WHERE area_id = ${id} AND status = 'booked'`.execute(t.database.db);
    assert.equal(n.rows[0].n, 1);
    const slots = (await get(`${P}/booking/slots?agencyId=${centre}&areaId=${id}&date=2026-12-10`)).json().slots as { startsAt: string; available: number }[];
    assert.equal(slots.find((x) => new Date(x.startsAt).getTime() === at('2026-12-10T14:00:00'))!.available, 0);
  });
});

describe('check-in at the kiosk', () => {
  test('too early refused; early joins the queue and moves to the front at its time, after priority groups; a second check-in reprints', async () => {
    await clearQueue();
    clockAt = at('2026-12-08T08:30:00');
    const a = await book('2026-12-08T10:00:00');
    clockAt = at('2026-12-08T09:00:00');
    const early = await checkIn(a.code);
    assert.equal(early.statusCode, 422);
    assert.equal(early.json().code, 'appointment_too_early');
    assert.match(early.json().detail, /09:30/);

    clockAt = at('2026-12-08T09:40:00');
    const w1 = await walkIn();
    clockAt = at('2026-12-08T09:41:00');
    const r = await checkIn(`http://localhost/dat-lich/xem?ma=${a.code}`); // what a QR scanner types
    assert.equal(r.statusCode, 201, r.body);
    const ci = r.json() as {
      arrival: string;
      ticket: { number: number; appointmentAt: string; peopleAhead: number };
      appointment: { status: string; ticketNumber: number };
    };
    assert.equal(ci.arrival, 'early');
    assert.equal(ci.appointment.status, 'checked_in');
    assert.equal(ci.appointment.ticketNumber, ci.ticket.number);
    assert.equal(new Date(ci.ticket.appointmentAt).getTime(), at('2026-12-08T10:00:00'));
    assert.equal(ci.ticket.peopleAhead, 1, 'before its time it waits as an ordinary ticket');
    clockAt = at('2026-12-08T09:42:00');
    const w2 = await walkIn();
    clockAt = at('2026-12-08T09:45:00');
    assert.equal(await callAndFinish(), w1.number, 'before 10:00 the booking is not due yet');

    clockAt = at('2026-12-08T10:01:00');
    const p = await walkIn('elderly');
    clockAt = at('2026-12-08T10:02:00');
    assert.equal(await callAndFinish(), p.number, 'priority groups first');
    assert.equal(await callAndFinish(), ci.ticket.number, 'then the booked person whose time has come');
    assert.equal(await callAndFinish(), w2.number);

    const again = await checkIn(a.code.toLowerCase());
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().ticket.number, ci.ticket.number, 'reprint, no second ticket');
    assert.equal((await post(`${P}/appointments/${a.code}/cancel`, {})).statusCode, 409, 'checked in: no cancel');
  });

  test('late check-in gets an ordinary ticket; other day, cancelled and unknown codes are refused', async () => {
    await clearQueue();
    clockAt = at('2026-12-08T10:05:00');
    const late = await book('2026-12-08T10:30:00');
    const tomorrow = await book('2026-12-09T10:30:00');
    const cancelled = await book('2026-12-08T11:00:00');
    assert.equal((await post(`${P}/appointments/${cancelled.code}/cancel`, {})).statusCode, 200);
    clockAt = at('2026-12-08T10:50:00');
    const w = await walkIn();
    const r = await checkIn(late.code);
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().arrival, 'late');
    assert.equal(r.json().ticket.appointmentAt, null);
    assert.equal(r.json().ticket.peopleAhead, 1);
    for (const [code, err] of [
      [tomorrow.code, 'appointment_other_day'],
      [cancelled.code, 'appointment_cancelled'],
    ] as const) {
      const x = await checkIn(code);
      assert.equal(x.statusCode, 422, x.body);
      assert.equal(x.json().code, err);
    }
    assert.equal((await checkIn('ZZZZZZZZ')).statusCode, 404);
    assert.equal((await checkIn('AB!!CD??')).statusCode, 400);
    assert.equal((await post(`${P}/kiosk/check-in`, { code: late.code })).statusCode, 401, 'only a paired kiosk');
    assert.equal(await callAndFinish(), w.number);
  });
});

describe('call events retention', () => {
  test('the daily job deletes events older than the retention setting, with an audit row', async () => {
    clockAt = at('2026-12-08T11:00:00');
    const days = t.config.frontOfficeEventRetentionDays;
    assert.equal(days, 30);
    const old = new Date(clockAt - (days + 1) * 86_400_000);
    const recent = new Date(clockAt - (days - 1) * 86_400_000);
    await sql`INSERT INTO fo_event (agency_id, kind, payload, created_at) VALUES (${centre}, 'call', '{"test":"old"}'::jsonb, ${old}), (${centre}, 'call', '{"test":"recent"}'::jsonb, ${recent})`.execute(
      t.database.db,
    );
    const total = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM fo_event`.execute(t.database.db)).rows[0].n;
    const n0 = await total();
    await t.deps.jobs.runNow('frontoffice.event-cleanup');
    assert.equal(await total(), n0 - 1);
    const left = await sql<{ p: string }>`SELECT payload->>'test' AS p FROM fo_event WHERE payload ? 'test'`.execute(t.database.db);
    assert.deepEqual(
      left.rows.map((r) => r.p),
      ['recent'],
    );
    const audit = await sql<{ summary: { deleted: number } }>`SELECT summary FROM audit_log WHERE action = 'frontoffice.events.purge'`.execute(t.database.db);
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0].summary.deleted, 1);
    // Moving the clock past the recent one's retention deletes it too.
    clockAt += 2 * 86_400_000;
    await t.deps.jobs.runNow('frontoffice.event-cleanup');
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM fo_event WHERE payload ? 'test'`.execute(t.database.db)).rows[0].n, 0);
  });
});

describe('ticket ↔ dossier received from it', () => {
  test('the reception form links the ticket served; shown on the dossier and counted in the statistics', async () => {
    await clearQueue();
    clockAt = at('2026-12-08T14:00:00');
    const w = await walkIn();
    const r = await post(`${P}/counters/${counter1}/call-next`, {}, tk.one_stop_officer);
    assert.equal(r.json().ticket.id, w.id);
    const applicant = { kind: 'citizen', name: 'Lê Thị Quầy', idNumber: '038190054321', phone: '0912000111', email: 'quay@example.vn', address: 'Thanh Hóa' };
    const newDossier = async () => {
      const d = await post(
        '/api/v1/dossiers',
        { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
        tk.one_stop_officer,
      );
      assert.equal(d.statusCode, 201, d.body);
      return d.json() as { id: string; code: string };
    };
    const d = await newDossier();
    const before = await get(`${P}/dossiers/${d.id}/ticket`, tk.one_stop_officer);
    assert.equal(before.statusCode, 200, before.body);
    assert.equal(before.json().ticket, null);

    // Refused: unknown dossier, a citizen, another officer; nothing changes.
    const unknown = await post(`${P}/tickets/${w.id}/dossier`, { dossierId: '00000000-0000-4000-8000-000000000000' }, tk.one_stop_officer);
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().code, 'dossier_not_found');
    assert.equal((await post(`${P}/tickets/${w.id}/dossier`, { dossierId: d.id }, tk.citizen)).statusCode, 403);
    assert.equal((await sql<{ d: string | null }>`SELECT dossier_id AS d FROM fo_ticket WHERE id = ${w.id}`.execute(t.database.db)).rows[0].d, null);

    const link = await post(`${P}/tickets/${w.id}/dossier`, { dossierId: d.id }, tk.one_stop_officer);
    assert.equal(link.statusCode, 200, link.body);
    assert.equal((await post(`${P}/tickets/${w.id}/dossier`, { dossierId: d.id }, tk.one_stop_officer)).statusCode, 200, 'the same link again is a no-op');
    const other = await newDossier();
    const again = await post(`${P}/tickets/${w.id}/dossier`, { dossierId: other.id }, tk.one_stop_officer);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'ticket_linked');
    const row = await sql<{ d: string; at: Date | null }>`SELECT dossier_id AS d, dossier_linked_at AS at FROM fo_ticket WHERE id = ${w.id}`.execute(
      t.database.db,
    );
    assert.equal(row.rows[0].d, d.id);
    assert.equal(new Date(row.rows[0].at!).getTime(), clockAt);
    const audit = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'frontoffice.ticket.dossier' AND entity_id = ${w.id}`.execute(t.database.db);
    assert.equal(audit.rows[0].n, 1);

    const shown = (await get(`${P}/dossiers/${d.id}/ticket`, tk.one_stop_officer)).json().ticket;
    assert.equal(shown.number, w.number);
    assert.equal(shown.counterNumber, 1);
    assert.equal((await get(`${P}/dossiers/${d.id}/ticket`, tk.citizen)).statusCode, 403);
    assert.equal((await post(`${P}/tickets/${w.id}/finish`, {}, tk.one_stop_officer)).statusCode, 200);
    assert.equal(
      (await sql<{ d: string }>`SELECT dossier_id AS d FROM fo_ticket WHERE id = ${w.id}`.execute(t.database.db)).rows[0].d,
      d.id,
      'finish keeps the link',
    );

    const s = (await get(`${P}/stats?agencyId=${centre}&from=2026-12-08&to=2026-12-08`, tk.one_stop_officer)).json();
    const inDb = await sql<{
      n: number;
      b: number;
    }>`SELECT count(*) FILTER (WHERE dossier_id IS NOT NULL)::int AS n, count(*) FILTER (WHERE appointment_id IS NOT NULL)::int AS b FROM fo_ticket WHERE agency_id = ${centre} AND day = '2026-12-08'`.execute(
      t.database.db,
    );
    assert.equal(s.total.dossiers, inDb.rows[0].n);
    assert.ok(s.total.dossiers >= 1);
    assert.equal(s.total.booked, inDb.rows[0].b);
    assert.ok(s.total.booked >= 2, 'the booked check-ins of the earlier tests');
    assert.ok(s.byCounter.some((c: { label: string; dossiers: number }) => c.label === 'Quầy 1' && c.dossiers >= 1));
    const x = await get(`${P}/stats.xlsx?agencyId=${centre}&from=2026-12-08&to=2026-12-08`, tk.one_stop_officer);
    assert.equal(x.statusCode, 200);
    const { excel } = await import('../../platform/doclibs.js');
    const wb = new (excel().Workbook)();
    await wb.xlsx.load(x.rawPayload as never);
    const sheet = wb.getWorksheet('Theo quầy')!;
    assert.equal(sheet.getRow(4).getCell(7).value, 'Gắn hồ sơ');
    let counted = 0;
    sheet.eachRow((row, n) => {
      if (n > 4 && row.getCell(1).value === 'Quầy 1') counted = Number(row.getCell(7).value);
    });
    assert.ok(counted >= 1);
  });
});
