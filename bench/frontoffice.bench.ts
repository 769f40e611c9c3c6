import { sql } from 'kysely';
import { startTestApp } from '../src/test/harness.js';
import { DEMO_CENTRE, DEMO_DEVICE_TOKENS } from '../src/modules/frontoffice/frontoffice.seed.js';

/**
 * `npm run bench -- frontoffice`: a centre of 30 counters taking 2,000 tickets a day, driven at ten
 * times its peak rate. The peak hour is taken as 20% of the day's tickets (400 an hour); ten times
 * that is 4,000 tickets and 4,000 calls an hour, about 1.1 of each per second. Each call is made over
 * HTTP; a call screen connected over SSE receives it. Prints the call-to-screen latency (from the
 * moment the officer's call request is sent to the moment the screen has the event) p50/p95/max,
 * and the CPU per call of the process (process.cpuUsage), which here also runs the load generator
 * and the SSE client: an upper bound for the server alone.
 *
 * PGlite by default; DATABASE_URL runs it on PostgreSQL (events then go through LISTEN/NOTIFY).
 * BENCH_FO_CALLS (default 120) sets how many calls are measured.
 */
const P = '/api/v1/front-office';
const COUNTERS = 30;
const PER_HOUR = (2000 * 0.2 * 10) / 3600; // tickets (and calls) per second at ten times peak

export async function run(): Promise<void> {
  const calls = Number(process.env.BENCH_FO_CALLS ?? 120);
  const t = await startTestApp();
  // A working morning, so the centre is open.
  t.deps.clock.now = () => new Date(Date.UTC(2026, 11, 8, 2, 0, 0) + (Date.now() % 3_600_000));
  try {
    const centre = await t.agencyId(DEMO_CENTRE);
    const admin = await t.login('admin');
    const areas = (await t.request({ method: 'GET', url: `${P}/areas?agencyId=${centre}`, token: admin })).json().items as { id: string }[];
    // 30 counters (the demo has 10) spread over the 3 areas, one officer each.
    for (let n = 11; n <= COUNTERS; n++) await t.request({ method: 'POST', url: `${P}/counters`, token: admin, body: { areaId: areas[n % 3].id, number: n } });
    const counters = (await t.request({ method: 'GET', url: `${P}/counters?agencyId=${centre}`, token: admin })).json().items as { id: string; number: number; areaId: string }[];
    const officers: { token: string; counter: { id: string; areaId: string } }[] = [];
    for (const c of counters) {
      const u = `bench.officer${c.number}`;
      await sql`INSERT INTO app_user (username, full_name, kind, password_hash, agency_id, roles)
        SELECT ${u}, ${'Cán bộ quầy ' + c.number}, kind, password_hash, agency_id, roles FROM app_user WHERE username = 'one_stop_officer'`.execute(t.database.db);
      const token = await t.login(u);
      await t.request({ method: 'POST', url: `${P}/counters/${c.id}/open`, token, body: {} });
      officers.push({ token, counter: c });
    }
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const post = (url: string, body: unknown, headers: Record<string, string>) =>
      fetch(base + url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

    // The call screen.
    const sent = new Map<number, number>();
    const latencies: number[] = [];
    let resolveAll!: () => void;
    const allArrived = new Promise<void>((r) => (resolveAll = r));
    const ac = new AbortController();
    const res = await fetch(`${base}${P}/screen/events?token=${DEMO_DEVICE_TOKENS.call_screen}`, { signal: ac.signal });
    const reader = res.body!.getReader();
    void (async () => {
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!block.includes('event: call')) continue;
          const data = JSON.parse(block.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as { number: number; counterNumber: number };
          const key = data.counterNumber * 100_000 + data.number;
          const at = sent.get(key);
          if (at !== undefined) {
            latencies.push(performance.now() - at);
            sent.delete(key);
            if (latencies.length >= calls) resolveAll();
          }
        }
      }
    })();

    const kiosk = { 'x-device-token': DEMO_DEVICE_TOKENS.kiosk };
    // A few tickets already waiting, then tickets and calls at the same rate.
    for (let i = 0; i < 20; i++) await post(`${P}/kiosk/tickets`, { areaId: areas[i % 3].id }, kiosk);
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const intervalMs = 1000 / PER_HOUR;
    let busy = 0;
    for (let i = 0; i < calls; i++) {
      const due = wall0 + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await post(`${P}/kiosk/tickets`, { areaId: areas[i % 3].id }, kiosk);
      // The next officer of that area finishes their ticket (if any) and calls.
      const ofArea = officers.filter((x) => x.counter.areaId === areas[i % 3].id);
      const o = ofArea[Math.floor(i / 3) % ofArea.length];
      const v = await fetch(`${base}${P}/counters/${o.counter.id}/view`, { headers: { authorization: `Bearer ${o.token}` } }).then((r) => r.json() as Promise<{ current: { id: string } | null; counter: { number: number } }>);
      if (v.current) await post(`${P}/tickets/${v.current.id}/finish`, {}, { authorization: `Bearer ${o.token}` });
      const started = performance.now();
      const r = await post(`${P}/counters/${o.counter.id}/call-next`, {}, { authorization: `Bearer ${o.token}` });
      if (r.status !== 200 || !r.body.ticket) {
        busy++;
        continue;
      }
      const key = v.counter.number * 100_000 + (r.body.ticket as { number: number }).number;
      // Arrival may come before the response: the screen compares to the request's start.
      sent.set(key, started);
    }
    const expected = calls - busy;
    if (latencies.length < expected) await Promise.race([allArrived, new Promise((r) => setTimeout(r, 15_000))]);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    ac.abort();
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    console.log(`\n## front office: ${COUNTERS} counters, ${expected} calls at ${PER_HOUR.toFixed(2)}/s (ten times a 400-ticket peak hour), engine ${t.database.kind}`);
    console.log(`call → screen latency: p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms (${latencies.length}/${expected} calls seen on the screen) → p95 ${q(0.95) < 1000 ? 'under' : 'OVER'} 1 s`);
    console.log(`CPU of the process per call (ticket + view + finish + call + SSE push, load generator included): ${((cpu.user + cpu.system) / 1000 / Math.max(1, expected)).toFixed(1)} ms; CPU busy ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)}% of one core over ${(wall / 1000).toFixed(0)} s`);
    if (busy) console.log(`(${busy} calls found no waiting ticket)`);
  } finally {
    await t.close();
  }
}
