/**
 * A demo database seeded before fee lines could be alternatives: upgradeDemoFeeModel publishes an
 * amended version in force today, after which the default fee is one rate, not the sum.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { getCurrentVersion } from './catalog.public.js';
import { saveDraftTx, publishTx } from './catalog.service.js';
import { upgradeDemoFeeModel } from './catalog.seed.js';
import { chooseFees } from './catalog.fees.js';
import { systemContext } from '../../platform/context.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

test('an old-model LLTP version is amended to alternatives once; the default is then one rate', async () => {
  const db = t.deps.database.db;
  // Simulate the old data: a version whose two rates are plain lines (both would be billed).
  const cur = (await getCurrentVersion(db, '2.000488', new Date()))!;
  const old = structuredClone(cur.content);
  for (const c of old.cases) for (const f of c.fees) Object.assign(f, { alternativeGroup: null, appliesTo: null, onRequest: false });
  await t.deps.database.transaction(async (tx) => {
    await saveDraftTx(tx, systemContext('test'), '2.000488', old, null, { mustNotExist: true });
    await publishTx(tx, systemContext('test'), '2.000488', { decisionNo: 'TEST-OLD', effectiveFrom: '2025-08-01' });
  });
  await sql`DELETE FROM app_setting WHERE key = 'demo_seed_catalog_fee_model'`.execute(db);
  const before = (await getCurrentVersion(db, '2.000488', new Date()))!;
  assert.equal(before.version.decisionNo, 'TEST-OLD');
  assert.deepEqual(chooseFees(before.content.cases[0].fees).indexes, [0, 1], 'old data: both lines apply');

  assert.ok((await upgradeDemoFeeModel(t.deps.database)) >= 1);
  const after = (await getCurrentVersion(db, '2.000488', new Date()))!;
  assert.match(after.version.decisionNo ?? '', /^DEMO-02/);
  assert.deepEqual(chooseFees(after.content.cases[0].fees).indexes, [0], 'one rate after the upgrade');
  assert.equal(await upgradeDemoFeeModel(t.deps.database), 0, 'runs once');
});
