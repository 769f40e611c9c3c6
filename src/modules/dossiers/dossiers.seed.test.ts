import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ demoDossiers: 240 });
});
after(async () => {
  await t.close();
});

test('the demo dossiers cover every state, channel and the late, supplement and transfer cases', async () => {
  const db = t.database.db;
  const statuses = (await sql<{ status: number }>`SELECT DISTINCT status FROM dossier ORDER BY status`.execute(db)).rows.map((r) => r.status);
  assert.deepEqual(statuses, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const channels = (await sql<{ channel: string }>`SELECT DISTINCT channel FROM dossier ORDER BY channel`.execute(db)).rows.map((r) => r.channel);
  assert.deepEqual(channels, ['counter', 'online', 'post']);
  const q = async (where: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier WHERE ${sql.raw(where)}`.execute(db)).rows[0].n;
  assert.ok((await q('has_apology')) >= 1, 'late with apology');
  assert.ok((await q(`NOT has_apology AND status IN (2,4,5,6) AND appointment_current < now()`)) >= 1, 'late without apology');
  assert.ok((await q(`processing_ended_at > appointment_original`)) >= 1, 'finished late');
  assert.ok((await q(`jsonb_array_length(state->'supplements') > 0`)) >= 1, 'supplementation');
  assert.ok((await q(`cardinality(agency_ids) >= 3`)) >= 1, 'transfers between agencies');
  assert.ok((await q(`applicant_id_number ~ '^[0-9]{12}$'`)) >= 200, 'personal identification numbers');
  assert.ok((await q(`received_at < now() - interval '60 days'`)) >= 10, 'spread over the last months');
  assert.equal(await q(`applicant_address LIKE '%tỉnh Thanh Hóa, tỉnh Thanh Hóa%'`), 0, 'addresses do not repeat the province');
  assert.ok((await q(`applicant_address ~ '^[0-9]+ đường .+, tỉnh Thanh Hóa$'`)) >= 200, 'street, ward and province');
  // The demo specialist (Sở Tư pháp) sees dossiers in its queues.
  const token = await t.login('specialist');
  const list = (await t.request({ method: 'GET', url: '/api/v1/dossiers?queue=department', token })).json();
  assert.ok(list.items.length >= 1 && list.counts.department >= 1, JSON.stringify(list.counts));
  const officer = await t.login('one_stop_officer');
  const all = (await t.request({ method: 'GET', url: '/api/v1/dossiers', token: officer })).json();
  assert.equal(all.items.length, 50);
  assert.equal(all.hasMore, true, 'more than one page of demo dossiers');
});
