import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from './testing.js';
import { isUniqueViolation } from './errors.js';

test('isUniqueViolation: SQLSTATE 23505 and the constraint name, on the engine under test', async () => {
  const database = await openTestDatabase();
  try {
    await sql`CREATE TABLE t (id int PRIMARY KEY, code text UNIQUE, n int CHECK (n > 0))`.execute(database.db);
    await sql`INSERT INTO t VALUES (1, 'a', 1)`.execute(database.db);
    const caught = async (q: Promise<unknown>) =>
      q.then(
        () => assert.fail('no error'),
        (err: unknown) => err,
      );
    const pkey = await caught(sql`INSERT INTO t VALUES (1, 'b', 1)`.execute(database.db));
    assert.equal(isUniqueViolation(pkey), true);
    assert.equal(isUniqueViolation(pkey, 't_pkey'), true);
    assert.equal(isUniqueViolation(pkey, 't_code_key'), false);
    const code = await caught(sql`INSERT INTO t VALUES (2, 'a', 1)`.execute(database.db));
    assert.equal(isUniqueViolation(code, 't_code_key'), true);
    const check = await caught(sql`INSERT INTO t VALUES (3, 'c', 0)`.execute(database.db));
    assert.equal(isUniqueViolation(check), false);
    assert.equal(isUniqueViolation(new Error('duplicate key value violates unique constraint')), false);
    assert.equal(isUniqueViolation(null), false);
  } finally {
    await database.close();
  }
});
