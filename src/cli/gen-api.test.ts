/**
 * web/src/api/schema.d.ts is what `npm run gen:api` makes of the current OpenAPI description
 * (issue 23): a route whose schema changed without regenerating the web app's types fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { API_TYPES_FILE, apiTypesOf, openApiDocument } from './gen-api.js';

test('the committed web/src/api/schema.d.ts matches the OpenAPI description (run `npm run gen:api`)', async () => {
  const expected = await apiTypesOf(await openApiDocument());
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  if (committed !== expected) {
    const a = committed.split('\n');
    const b = expected.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(
      `web/src/api/schema.d.ts is stale: first difference at line ${line + 1}:\n  committed: ${a[line]}\n  generated: ${b[line]}\nRun \`npm run gen:api\`.`,
    );
  }
  assert.match(committed, /"\/api\/v1\/dossiers": \{/);
});
