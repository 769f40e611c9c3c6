import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import type { Actor } from '../../platform/context.js';
import { TxJoinError } from '../../platform/db/database.js';

// Issue 24 §3: a dossier created or acted on inside another module's transaction (the citizens
// portal's submission, the history import, the payment confirmation) is part of that transaction —
// passed explicitly (opts.tx), with no query on the root handle while it is open.

let t: TestApp;
let officer: Actor;
before(async () => {
  t = await startTestApp();
  const me = (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: await t.login('one_stop_officer') })).json().user;
  officer = {
    id: me.id,
    username: me.username,
    fullName: me.fullName,
    kind: 'staff',
    roles: me.roles,
    agencyId: me.agency.id,
    agency: me.agency,
    sessionId: 'tx-test',
  };
});
after(async () => t.close());

const input = {
  procedureCode: '2.000488',
  caseKey: 'chuan',
  channel: 'counter' as const,
  applicant: { kind: 'citizen' as const, name: 'Nguyễn Văn Giao Dịch', idNumber: '001099012345', phone: null, email: null, address: null },
  components: [{ index: 0 }],
};
const count = async (name: string) =>
  (await sql<{ n: number }>`SELECT count(*) AS n FROM dossier WHERE applicant_name = ${name}`.execute(t.database.db)).rows[0].n;

test('the dossier service in a caller’s transaction: no root-handle query while it is open, and it rolls back with the caller', async () => {
  const svc = t.deps.dossiers.service;
  const ctx = { actor: officer, requestId: 'tx-test', ip: null };
  t.database.txJoins.setMode('throw');
  try {
    // Rolled back by the caller: neither the dossier nor the caller's own write stays.
    await assert.rejects(
      t.database.transaction(async (tx) => {
        await sql`CREATE TABLE tx_probe (v int)`.execute(tx);
        const r = await svc.create(ctx, input, null, { view: false, tx });
        assert.ok((r.body as unknown as { id: string }).id);
        throw new Error('caller fails after the dossier was created');
      }),
      /caller fails/,
    );
    assert.equal(await count(input.applicant.name), 0, 'the dossier rolled back with the caller');
    assert.equal((await sql<{ r: string | null }>`SELECT to_regclass('tx_probe')::text AS r`.execute(t.database.db)).rows[0].r, null);

    // Committed by the caller: created and acted on in one transaction, without a root-handle query.
    const id = await t.database.transaction(async (tx) => {
      const r = await svc.create(ctx, { ...input, applicant: { ...input.applicant, name: 'Trần Thị Cam Kết' } }, null, { view: false, tx });
      const id = (r.body as unknown as { id: string }).id;
      const v = (await sql<{ version: number }>`SELECT version FROM dossier WHERE id = ${id}`.execute(tx)).rows[0].version;
      await svc.act(ctx, id, { type: 'withdraw', version: v, reason: 'Thử giao dịch' }, null, { view: false, tx });
      return id;
    });
    const row = (await sql<{ status: number }>`SELECT status FROM dossier WHERE id = ${id}`.execute(t.database.db)).rows[0];
    assert.equal(row.status, 7, 'created and withdrawn in the caller’s transaction');

    // Without the tx, the same call inside a transaction is refused in strict mode (the test can fail).
    await assert.rejects(
      t.database.transaction(async () => svc.create(ctx, { ...input, applicant: { ...input.applicant, name: 'Lê Văn Ngầm' } }, null, { view: false })),
      (e: unknown) => e instanceof TxJoinError,
    );
    assert.equal(await count('Lê Văn Ngầm'), 0);
  } finally {
    t.database.txJoins.setMode('allow');
  }
});
