/**
 * src/platform/db/schema.ts is what `npm run gen:db` makes of the current migrations (issue 24): a
 * migration added without regenerating the database types fails here. The schema is built on the
 * engine the suite runs on (PGlite, or PostgreSQL with DATABASE_URL), so this also checks that both
 * engines give the same types.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DB_TYPES_FILE, dbTypesOf } from './gen-db.js';
import { openTestDatabase } from '../platform/db/testing.js';
import { migrate } from '../platform/db/migrate.js';
import { migrationSources } from '../modules.js';

test('the committed src/platform/db/schema.ts matches the migrations (run `npm run gen:db`)', async () => {
  const database = await openTestDatabase();
  let expected: string;
  try {
    await migrate(database, migrationSources());
    expected = await dbTypesOf(database.db);
  } finally {
    await database.close();
  }
  const committed = readFileSync(DB_TYPES_FILE, 'utf8');
  if (committed !== expected) {
    const a = committed.split('\n');
    const b = expected.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(
      `src/platform/db/schema.ts is stale: first difference at line ${line + 1}:\n  committed: ${a[line]}\n  generated: ${b[line]}\nRun \`npm run gen:db\`.`,
    );
  }
  assert.match(committed, /export interface DB \{/);
});
