import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { buildApp, type Built } from '../../app.js';
import { openDatabase, type Database } from '../../platform/db/database.js';
import { DEMO_CENTRE, DEMO_DEVICE_TOKENS } from './frontoffice.seed.js';

/**
 * The call screen's Server-Sent Events: a call reaches a connected screen, a screen that reconnects
 * with Last-Event-ID catches up from the table, and — on PostgreSQL — a call made through one server
 * process reaches a screen connected to ANOTHER process on the same database (LISTEN/NOTIFY).
 */
const P = '/api/v1/front-office';
const OPEN = new Date('2026-12-08T09:00:00+07:00');

let t: TestApp;
let officer: string;
let counter1: string;
let areaA: string;
let base: string;
let second: { built: Built; database: Database; base: string } | null = null;

interface SseEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

/** An SSE client over fetch: collects events; `next` resolves with the first one matching. */
async function connect(baseUrl: string, lastEventId?: number) {
  const ac = new AbortController();
  const res = await fetch(`${baseUrl}${P}/screen/events?token=${DEMO_DEVICE_TOKENS.call_screen}`, {
    signal: ac.signal,
    headers: lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {},
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  let buf = '';
  const reader = res.body!.getReader();
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  void (async () => {
    const dec = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (block.startsWith(': ok')) opened();
        const f: Record<string, string> = {};
        for (const line of block.split('\n')) {
          const m = /^(\w+): ?(.*)$/.exec(line);
          if (m) f[m[1]] = m[2];
        }
        if (!f.id) continue;
        const e = { id: Number(f.id), event: f.event, data: JSON.parse(f.data) };
        events.push(e);
        for (const w of [...waiters])
          if (w.pred(e)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(e);
          }
      }
    }
  })();
  await open;
  return {
    events,
    next: (pred: (e: SseEvent) => boolean) =>
      new Promise<SseEvent>((resolve) => {
        const found = events.find(pred);
        if (found) resolve(found);
        else waiters.push({ pred, resolve });
      }),
    close: () => ac.abort(),
  };
}

async function takeAndCall(): Promise<{ number: number; id: string }> {
  const r = await t.request({ method: 'POST', url: `${P}/kiosk/tickets`, headers: { 'x-device-token': DEMO_DEVICE_TOKENS.kiosk }, body: { areaId: areaA } });
  assert.equal(r.statusCode, 201, r.body);
  const c = await t.request({ method: 'POST', url: `${P}/counters/${counter1}/call-next`, token: officer, body: {} });
  assert.equal(c.statusCode, 200, c.body);
  const ticket = c.json().ticket;
  assert.equal(ticket.number, r.json().number);
  const f = await t.request({ method: 'POST', url: `${P}/tickets/${ticket.id}/finish`, token: officer, body: {} });
  assert.equal(f.statusCode, 200);
  return ticket;
}

before(async () => {
  t = await startTestApp();
  t.deps.clock.now = () => OPEN;
  officer = await t.login('one_stop_officer');
  const admin = await t.login('admin');
  const centre = await t.agencyId(DEMO_CENTRE);
  const areas = (await t.request({ method: 'GET', url: `${P}/areas?agencyId=${centre}`, token: admin })).json().items as { id: string; code: string }[];
  areaA = areas.find((a) => a.code === 'A')!.id;
  const counters = (await t.request({ method: 'GET', url: `${P}/counters?agencyId=${centre}`, token: admin })).json().items as { id: string; number: number }[];
  counter1 = counters.find((c) => c.number === 1)!.id;
  assert.equal((await t.request({ method: 'POST', url: `${P}/counters/${counter1}/open`, token: officer, body: {} })).statusCode, 200);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  if (t.database.kind === 'postgres') {
    // A second server process's worth of state: its own pool, hub and LISTEN connection, same database.
    const database = await openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: null, poolSize: 4 });
    const built = await buildApp(t.config, database, { logger: false });
    built.deps.clock.now = () => OPEN;
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    second = { built, database, base: `http://127.0.0.1:${(built.app.server.address() as { port: number }).port}` };
  }
});
after(async () => {
  if (second) {
    await second.built.app.close();
    await second.database.close();
  }
  await t.close();
});

describe('call screen events', () => {
  test('an unpaired screen gets 401 before any stream', async () => {
    const r = await fetch(`${base}${P}/screen/events?token=${'x'.repeat(30)}`);
    assert.equal(r.status, 401);
    assert.match(r.headers.get('content-type') ?? '', /problem\+json/);
  });

  test('a call reaches the connected screen with the announcement; the screen state lists it', async () => {
    const sse = await connect(base);
    try {
      const ticket = await takeAndCall();
      const e = await sse.next((x) => x.event === 'call' && x.data.number === ticket.number);
      assert.equal(e.data.text, `Mời công dân số ${ticket.number} đến quầy số 1`);
      assert.equal(e.data.counterNumber, 1);
      const st = await t.request({ method: 'GET', url: `${P}/screen`, headers: { 'x-device-token': DEMO_DEVICE_TOKENS.call_screen } });
      assert.equal(st.json().calls[0].number, ticket.number);
      assert.ok(st.json().lastEventId >= e.id);
    } finally {
      sse.close();
    }
  });

  test('a screen reconnecting with Last-Event-ID gets what it missed, from the table', async () => {
    const { rows } = await sql<{ id: number }>`SELECT coalesce(max(id), 0)::int AS id FROM fo_event`.execute(t.database.db);
    const before = rows[0].id;
    const a = await takeAndCall();
    const b = await takeAndCall();
    const sse = await connect(base, before);
    try {
      const ea = await sse.next((x) => x.event === 'call' && x.data.number === a.number);
      const eb = await sse.next((x) => x.event === 'call' && x.data.number === b.number);
      assert.ok(ea.id < eb.id);
      assert.ok(sse.events.every((x) => x.id > before));
    } finally {
      sse.close();
    }
  });

  test('PostgreSQL: a call made on one server process reaches a screen connected to another', async (ctx) => {
    if (!second) return ctx.skip('PGlite is a single process: there is no second server to reach');
    // Both processes hold a LISTEN connection on this database (the hub also polls slowly as a safety net).
    const listeners = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN fo_event'`.execute(t.database.db);
    assert.equal(listeners.rows[0].n, 2);
    const sse = await connect(second.base);
    try {
      const ticket = await takeAndCall(); // through the first app
      const e = await sse.next((x) => x.event === 'call' && x.data.number === ticket.number);
      assert.equal(e.data.counterNumber, 1);
      // And the reverse: a call on the second process reaches a screen of the first.
      const back = await connect(base);
      try {
        const r = await second.built.app.inject({
          method: 'POST',
          url: `${P}/kiosk/tickets`,
          headers: { 'x-device-token': DEMO_DEVICE_TOKENS.kiosk, 'content-type': 'application/json' },
          payload: JSON.stringify({ areaId: areaA }),
        });
        assert.equal(r.statusCode, 201, r.body);
        const c = await second.built.app.inject({
          method: 'POST',
          url: `${P}/counters/${counter1}/call-next`,
          headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
          payload: '{}',
        });
        assert.equal(c.statusCode, 200, c.body);
        const n = c.json().ticket.number;
        const e2 = await back.next((x) => x.event === 'call' && x.data.number === n);
        assert.equal(e2.data.counterNumber, 1);
      } finally {
        back.close();
      }
    } finally {
      sse.close();
    }
  });
});
