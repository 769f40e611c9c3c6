import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from './db/testing.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { fromRoot } from './paths.js';
import { AppError } from './errors.js';
import {
  idempotencyClaim,
  idempotencyInsert,
  idempotencyScope,
  isIdempotencyRace,
  raceWinner,
  replay,
  withIdempotency,
  type IdempotentRequest,
} from './idempotency.js';

let database: Database & { url: string | null };
before(async () => {
  database = await openTestDatabase();
  await migrate(database, [{ module: 'platform', dir: fromRoot('src/platform/migrations') }]);
  await sql`CREATE TABLE idem_test_effect (n serial PRIMARY KEY, label text NOT NULL)`.execute(database.db);
});
after(async () => {
  await database.close();
});

const effects = async (label: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM idem_test_effect WHERE label = ${label}`.execute(database.db)).rows[0].n;

/** One operation: writes an effect row and answers with its number. */
const write = (req: IdempotentRequest, label: string, status = 201) =>
  withIdempotency(database, req, async (tx) => {
    const { rows } = await sql<{ n: number }>`INSERT INTO idem_test_effect (label) VALUES (${label}) RETURNING n`.execute(tx);
    return { status, body: { n: rows[0].n } };
  });

const req = (over: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
  operation: 'test.op',
  principal: 'user-a',
  key: 'key-00000001',
  request: { a: 1 },
  ...over,
});

describe('withIdempotency: one behaviour', () => {
  // Each case: a first request, then a second; what the second answers, and how many effects happened.
  const cases: { name: string; first: IdempotentRequest; second: IdempotentRequest; expect: 'replay' | 'runs' | 409; effects: number }[] = [
    { name: 'same key, same request → the first response, replayed, one effect', first: req(), second: req(), expect: 'replay', effects: 1 },
    { name: 'same key, another request → 409 idempotency_key_reused, one effect', first: req(), second: req({ request: { a: 2 } }), expect: 409, effects: 1 },
    { name: 'same key, another principal → its own request (scoped per user)', first: req(), second: req({ principal: 'user-b' }), expect: 'runs', effects: 2 },
    {
      name: 'same key, another operation → its own request (scoped per operation)',
      first: req(),
      second: req({ operation: 'test.other' }),
      expect: 'runs',
      effects: 2,
    },
    { name: 'no key → runs every time', first: req({ key: undefined }), second: req({ key: null }), expect: 'runs', effects: 2 },
    {
      name: 'anonymous principals share the scope "anonymous"',
      first: req({ principal: null }),
      second: req({ principal: undefined }),
      expect: 'replay',
      effects: 1,
    },
  ];
  for (const [i, c] of cases.entries()) {
    test(c.name, async () => {
      const label = `case-${i}`;
      const key = (r: IdempotentRequest) => (r.key ? { key: `${r.key}-${i}` } : {});
      const first = await write({ ...c.first, ...key(c.first) }, label);
      assert.equal(first.status, 201);
      assert.equal(first.replayed, false);
      const second = write({ ...c.second, ...key(c.second) }, label, 200);
      if (c.expect === 409) {
        await assert.rejects(second, (e: unknown) => e instanceof AppError && e.status === 409 && e.code === 'idempotency_key_reused');
      } else {
        const r = await second;
        if (c.expect === 'replay') assert.deepEqual(r, { status: 201, body: first.body, replayed: true }, 'the first status and body');
        else assert.deepEqual([r.status, r.replayed, r.body.n !== first.body.n], [200, false, true]);
      }
      assert.equal(await effects(label), c.effects);
    });
  }

  test('an error stores nothing: the retry with the same key runs again', async () => {
    const r = req({ key: 'key-error-0001' });
    await assert.rejects(
      withIdempotency(database, r, async () => {
        throw new AppError(422, 'procedure_not_available', 'no');
      }),
    );
    const ok = await write(r, 'after-error');
    assert.equal(ok.replayed, false);
    assert.equal(await effects('after-error'), 1);
  });

  test('two requests with one key at once: one effect, both answer the same (the loser replays)', async () => {
    const r = req({ key: 'key-race-0001' });
    const all = await Promise.all([1, 2, 3, 4].map(() => write(r, 'race')));
    assert.equal(await effects('race'), 1);
    assert.equal(new Set(all.map((x) => x.body.n)).size, 1);
    assert.equal(all.filter((x) => !x.replayed).length, 1);
  });

  test('the write-together form: claim, replay, insert in the statement, race winner', async () => {
    assert.equal(idempotencyClaim(req({ key: '' })), null, 'no key, no claim');
    const claim = idempotencyClaim(req({ key: 'key-together-1' }))!;
    assert.equal(claim.scope, idempotencyScope('test.op', 'user-a'));
    assert.equal(claim.scope, 'test.op:user-a');
    assert.equal(await replay(database.db, claim), null);
    await idempotencyInsert(claim, { status: 201, body: { id: 'x' } }).execute(database.db);
    assert.deepEqual(await replay(database.db, claim), { status: 201, body: { id: 'x' }, replayed: true });
    // The loser's INSERT fails on the primary key; the error is recognised by SQLSTATE and constraint.
    const err = await idempotencyInsert(claim, { status: 201, body: { id: 'y' } })
      .execute(database.db)
      .then(
        () => null,
        (e: unknown) => e,
      );
    assert.ok(isIdempotencyRace(err));
    assert.deepEqual(await raceWinner(database.db, claim, err), { status: 201, body: { id: 'x' }, replayed: true });
    // Another unique violation is not a race of keys.
    const other = await sql`INSERT INTO idem_test_effect (n, label) VALUES (1, 'dup'), (1, 'dup')`.execute(database.db).then(
      () => null,
      (e: unknown) => e,
    );
    assert.equal(isIdempotencyRace(other), false);
    assert.equal(await raceWinner(database.db, claim, other), null);
    // `onlyIf`: written only when the condition holds.
    const c2 = idempotencyClaim(req({ key: 'key-together-2' }))!;
    await idempotencyInsert(c2, { status: 200, body: null }, sql`false`).execute(database.db);
    assert.equal(await replay(database.db, c2), null);
  });
});
