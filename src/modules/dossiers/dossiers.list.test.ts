/**
 * The staff lists at scale (issue 25): pages without a full count (hasMore), queue counts read from
 * open dossiers only yet equal to a count over every dossier, and generated dossiers
 * (bench/dossier-generator.ts) that the screens read like real ones — every queue answers 200 over them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { generateDossiers } from '../../../bench/dossier-generator.js';
import { agencySubtree } from '../org/org.public.js';
import { listDossiers, type DossierFilter } from './dossiers.repo.js';

let t: TestApp;
const tok: Record<string, string> = {};
const QUEUES = ['to_receive', 'mine', 'department', 'due_soon', 'overdue', 'waiting'] as const;

before(async () => {
  t = await startTestApp({ demoDossiers: 60 });
  for (const r of ['one_stop_officer', 'specialist', 'unit_leader', 'provincial_office', 'citizen', 'admin']) tok[r] = await t.login(r);
  // 3,000 generated dossiers over the last year, beside the demo ones (made through the service).
  const now = t.deps.clock.now();
  const start = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  await t.database.transaction((tx) => generateDossiers(tx, { count: 3000, start, spanDays: 365, now, seed: 0.25, codePrefix: 'GL' }));
  const open = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier WHERE code LIKE 'GL-%' AND status IN (4, 5, 6)`.execute(t.database.db)).rows[0]
    .n;
  assert.ok(open >= 50, `${open} generated dossiers in progress`);
});
after(async () => t?.close());

const get = async (url: string, token: string) => {
  const r = await t.request({ method: 'GET', url, token });
  assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
  return r.json();
};

describe('dossier lists without a full count', () => {
  for (const role of ['one_stop_officer', 'specialist', 'provincial_office']) {
    test(`${role}: every queue and the whole list answer 200 over generated dossiers, and pages chain with hasMore`, async () => {
      for (const queue of [...QUEUES, null]) {
        const base = `/api/v1/dossiers?limit=40${queue ? `&queue=${queue}` : ''}`;
        const seen = new Set<string>();
        let keys: string[] = [];
        for (let offset = 0, pages = 0; ; offset += 40, pages++) {
          const page = await get(`${base}&offset=${offset}`, tok[role]);
          assert.ok(page.items.length <= 40);
          for (const d of page.items) {
            assert.ok(!seen.has(d.id), 'no dossier on two pages');
            seen.add(d.id);
            assert.ok(Array.isArray(d.allowedActions));
          }
          keys = keys.concat(
            page.items.map(
              (d: { appointment: { current: string | null }; createdAt: string; code: string }) =>
                `${Date.parse(d.appointment.current ?? d.createdAt)
                  .toString()
                  .padStart(15, '0')} ${d.code}`,
            ),
          );
          if (!page.hasMore) {
            assert.equal(page.total, offset + page.items.length, 'the last page knows the total');
            break;
          }
          assert.equal(page.items.length, 40);
          assert.equal(page.total, null, 'a page with more after it is not counted');
          if (pages >= 4) break; // the first pages are enough for the whole list
        }
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        assert.deepEqual(
          keys.map((k) => k.split(' ')[0]),
          sorted.map((k) => k.split(' ')[0]),
          `${queue ?? 'all'}: in appointment order`,
        );
        if (queue) {
          const counts = (await get(`${base}&offset=0`, tok[role])).counts;
          if (seen.size < 200) assert.equal(counts[queue], seen.size, `${role} ${queue}: the count is the number of dossiers listed`);
        }
      }
    });
  }

  test('queue counts (over open dossiers) equal a count over every dossier with the queue rules as first written', async () => {
    const now = t.deps.clock.now();
    const db = t.database.db;
    const page = await get('/api/v1/dossiers?limit=1', tok.provincial_office);
    const { rows } = await sql<Record<string, number>>`SELECT
        count(*) FILTER (WHERE d.status = 1 OR (d.status = 5 AND d.state->>'supplementPhase' = 'pre_receipt'))::int AS to_receive,
        count(*) FILTER (WHERE d.status IN (2, 4))::int AS department,
        count(*) FILTER (WHERE d.status IN (5, 6))::int AS waiting,
        count(*) FILTER (WHERE d.status IN (2, 4, 5, 6) AND d.appointment_current < ${now})::int AS overdue
      FROM dossier d`.execute(db);
    for (const q of ['to_receive', 'department', 'waiting', 'overdue']) assert.equal(page.counts[q], rows[0][q], q);
    assert.ok(page.counts.overdue > 0 && page.counts.waiting > 0, JSON.stringify(page.counts));
  });

  test("a supplement asked before receipt is in the one-stop officer's to_receive queue and count", async () => {
    const centre = (await t.request({ method: 'GET', url: `/api/v1/agencies?kind=provincial_service_centre&current=true` })).json().items[0];
    const applicant = { kind: 'citizen', name: 'Trần Văn Bổ Sung', idNumber: '038190099999', phone: null, email: null, address: null };
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tok.citizen,
      body: { procedureCode: '2.000488', channel: 'online', receivingAgencyId: centre.id, applicant },
    });
    assert.equal(r.statusCode, 201, r.body);
    const before = (await get('/api/v1/dossiers?queue=to_receive&limit=500', tok.one_stop_officer)).counts.to_receive;
    const g = await t.request({
      method: 'POST',
      url: `/api/v1/dossiers/${r.json().id}/actions`,
      token: tok.one_stop_officer,
      body: { type: 'guide_supplement_before_receipt', version: r.json().version, reason: 'Thiếu bản sao', items: ['Bản sao giấy khai sinh'] },
    });
    assert.equal(g.statusCode, 200, g.body);
    assert.equal(g.json().status.code, 5);
    const after = await get('/api/v1/dossiers?queue=to_receive&limit=500', tok.one_stop_officer);
    assert.ok(
      after.items.some((x: { id: string }) => x.id === r.json().id),
      'listed',
    );
    assert.equal(after.counts.to_receive, before, 'still counted (1 → 5 before receipt)');
    const waiting = await get('/api/v1/dossiers?queue=waiting&limit=500', tok.one_stop_officer);
    assert.ok(waiting.items.some((x: { id: string }) => x.id === r.json().id));
  });

  test("a citizen's own list keeps its exact total", async () => {
    const mine = await get('/api/v1/dossiers?limit=1', tok.citizen);
    assert.equal(typeof mine.total, 'number');
    assert.ok(mine.total >= 1);
    assert.equal(mine.hasMore, mine.total > 1);
    assert.equal(mine.counts, null);
  });

  test("search finds a generated dossier by a piece of its applicant's name, accents and case aside", async () => {
    const { rows } = await sql<{
      code: string;
      name: string;
    }>`SELECT code, applicant_name AS name FROM dossier WHERE code LIKE 'GL-%' ORDER BY length(code) DESC, code LIMIT 1`.execute(t.database.db);
    const page = await get(`/api/v1/dossiers?q=${encodeURIComponent('NGUOI NOP ' + rows[0].name.split(' ').pop())}&limit=50`, tok.provincial_office);
    assert.ok(
      page.items.some((d: { code: string }) => d.code === rows[0].code),
      JSON.stringify(page.items.map((d: { code: string }) => d.code)),
    );
  });
});

describe('a search over every year: newest first, in two bounded arms', () => {
  /** Every match, newest first (the answer searchQuery must give), straight from the table. */
  const reference = async (q: string, scope: string[] | null, limit: number, offset: number) =>
    (
      await sql<{ code: string }>`SELECT code FROM dossier d WHERE search_key LIKE '%' || f_search_key(${q}) || '%'
      AND (${scope === null} OR d.agency_ids && ${scope ?? []}::uuid[]) ORDER BY created_at DESC, code DESC LIMIT ${limit} OFFSET ${offset}`.execute(
        t.database.db,
      )
    ).rows.map((r) => r.code);
  const filter = async (role: string, q: string, limit: number, offset: number, recentWindow?: number): Promise<DossierFilter> => {
    const u = (await sql<{ agency_id: string }>`SELECT agency_id FROM app_user WHERE username = ${role}`.execute(t.database.db)).rows[0];
    return {
      agencyIds: role === 'provincial_office' ? null : await agencySubtree(t.database.db, u.agency_id),
      q,
      now: t.deps.clock.now(),
      limit,
      offset,
      recentWindow,
    };
  };

  for (const role of ['provincial_office', 'specialist', 'one_stop_officer']) {
    test(`${role}: a common term, a rare one and one found only in older dossiers give every match newest first, whichever arm answers`, async () => {
      const db = t.database.db;
      // A term only the oldest generated dossiers carry: beyond a window of the 200 newest.
      const old = (await sql<{ code: string }>`SELECT code FROM dossier WHERE code LIKE 'GL-%' ORDER BY created_at, code LIMIT 1`.execute(db)).rows[0].code;
      for (const [q, window] of [
        ['nộp', 200],
        ['nộp', undefined],
        ['NGUOI NOP 1', 200],
        [old, 200],
        [old, undefined],
        ['không có hồ sơ nào như thế', 200],
      ] as const) {
        const f = await filter(role, q, 20, 0, window);
        const scope = f.agencyIds;
        const seen: string[] = [];
        for (let offset = 0; offset < 60; offset += 20) {
          const page = await listDossiers(db, { ...f, offset });
          const want = await reference(q, scope, 21, offset);
          assert.deepEqual(
            page.items.map((d) => d.code),
            want.slice(0, 20),
            `${role} "${q}" window ${window ?? 'default'} offset ${offset}`,
          );
          assert.equal(page.hasMore, want.length > 20);
          seen.push(...page.items.map((d) => d.code));
          if (!page.hasMore) break;
        }
        assert.equal(new Set(seen).size, seen.length, 'no dossier on two pages');
      }
      // Through the API as well: the generated dossiers are found newest first.
      const page = await get(`/api/v1/dossiers?q=${encodeURIComponent('nộp')}&limit=30`, tok[role]);
      const created = page.items.map((d: { createdAt: string }) => Date.parse(d.createdAt));
      assert.deepEqual(
        created,
        [...created].sort((a, b) => b - a),
        'newest first',
      );
      assert.ok(page.items.length > 0);
    });
  }

  test("a search within a queue keeps the queue's order (appointment first)", async () => {
    const page = await get(`/api/v1/dossiers?queue=overdue&q=${encodeURIComponent('nộp')}&limit=30`, tok.provincial_office);
    const keys = page.items.map((d: { appointment: { current: string | null }; createdAt: string }) => Date.parse(d.appointment.current ?? d.createdAt));
    assert.ok(keys.length > 1);
    assert.deepEqual(
      keys,
      [...keys].sort((a, b) => a - b),
    );
  });
});

describe('generated dossiers are shaped like real ones', () => {
  test('the state of a generated dossier has every field the service writes, nested records included', async () => {
    const db = t.database.db;
    const keysOf = (o: unknown): string[] => (o && typeof o === 'object' && !Array.isArray(o) ? Object.keys(o).sort() : []);
    // A real dossier taken through supplement, payment and result by the demo seed or by the service.
    const real = (
      await sql<{
        state: Record<string, unknown>;
      }>`SELECT state FROM dossier WHERE code NOT LIKE 'GL-%' AND jsonb_typeof(state->'result') = 'object' LIMIT 1`.execute(db)
    ).rows[0].state;
    const gen = (
      await sql<{ state: Record<string, unknown> }>`SELECT state FROM dossier WHERE code LIKE 'GL-%' AND jsonb_typeof(state->'result') = 'object'
      AND jsonb_array_length(state->'supplements') > 0 LIMIT 1`.execute(db)
    ).rows[0].state;
    assert.deepEqual(keysOf(gen), keysOf(real), 'top-level fields');
    assert.deepEqual(keysOf(gen.result), keysOf(real.result), 'result');
    const sup = (
      await sql<{
        s: unknown;
      }>`SELECT state->'supplements'->0 AS s FROM dossier WHERE code NOT LIKE 'GL-%' AND jsonb_array_length(state->'supplements') > 0 LIMIT 1`.execute(db)
    ).rows[0]?.s;
    if (sup) assert.deepEqual(keysOf((gen.supplements as unknown[])[0]), keysOf(sup), 'supplement record');
    const ret = (await sql<{ s: unknown }>`SELECT state->'returnInfo' AS s FROM dossier WHERE code NOT LIKE 'GL-%' AND status = 10 LIMIT 1`.execute(db)).rows[0]
      ?.s;
    const genRet = (await sql<{ s: unknown }>`SELECT state->'returnInfo' AS s FROM dossier WHERE code LIKE 'GL-%' AND status = 10 LIMIT 1`.execute(db)).rows[0]
      .s;
    if (ret) assert.deepEqual(keysOf(genRet), keysOf(ret), 'return record');
    // Snapshot columns agree with the state, as repo.derived writes them.
    const bad = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier WHERE code LIKE 'GL-%' AND (
        (state->>'status')::int <> status OR state->'involvedAgencyIds' IS NULL OR state->'transferStack' IS NULL OR state->'clocks' IS NULL
        OR (state->'appointment'->>'current')::timestamptz IS DISTINCT FROM appointment_current
        OR (state->'assignee'->>'officerId')::uuid IS DISTINCT FROM assignee_id)`.execute(db)
    ).rows[0].n;
    assert.equal(bad, 0);
  });

  test('an open generated dossier opens in the detail view with its allowed actions', async () => {
    const { rows } = await sql<{ id: string }>`SELECT id FROM dossier WHERE code LIKE 'GL-%' AND status = 4 LIMIT 1`.execute(t.database.db);
    const d = await get(`/api/v1/dossiers/${rows[0].id}`, tok.provincial_office);
    assert.equal(d.status.code, 4);
    const leader = await get(`/api/v1/dossiers/${rows[0].id}`, tok.admin);
    assert.ok(Array.isArray(leader.timeline) && leader.timeline.length >= 2);
  });
});
