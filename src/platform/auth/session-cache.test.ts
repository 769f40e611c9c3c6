import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { SESSION_CACHE_MS } from './auth.service.js';

/**
 * Verified sessions are remembered for SESSION_CACHE_MS (auth.service.ts). What ends or changes a
 * session must still be honoured: at once when done through this process, within
 * SESSION_CACHE_MS when done by another process sharing the database.
 */
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const me = (token: string) => t.request({ method: 'GET', url: '/api/v1/auth/me', token });

describe('remembered sessions', () => {
  test('a role change made through this process applies to the next request', async () => {
    const admin = await t.login('admin');
    const agency = (await t.request({ method: 'GET', url: `/api/v1/agencies?q=${encodeURIComponent('Sở Xây dựng')}` })).json().items[0];
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      body: { username: 'cv.phien', fullName: 'Lê Văn Phiên', password: 'matkhau-phien-1', agencyId: agency.id, roles: ['specialist'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const token = await t.login('cv.phien', 'matkhau-phien-1');
    assert.deepEqual((await me(token)).json().user.roles, ['specialist']);
    const patched = await t.request({ method: 'PATCH', url: `/api/v1/users/${created.json().id}`, token: admin, body: { roles: ['unit_leader'] } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual((await me(token)).json().user.roles, ['unit_leader'], 'not the remembered roles');
  });

  test('a session revoked by another process is refused within SESSION_CACHE_MS', async () => {
    const token = await t.login('specialist');
    assert.equal((await me(token)).statusCode, 200);
    // What another server process does on logout: the row changes, this process's memory does not.
    await sql`UPDATE user_session SET revoked_at = now() WHERE revoked_at IS NULL AND user_id = (SELECT id FROM app_user WHERE username = 'specialist')`.execute(
      t.database.db,
    );
    await new Promise((r) => setTimeout(r, SESSION_CACHE_MS + 200));
    assert.equal((await me(token)).statusCode, 401);
  });

  test('a forged or altered token is refused even right after the genuine one was accepted', async () => {
    const token = await t.login('one_stop_officer');
    assert.equal((await me(token)).statusCode, 200);
    const [h, p, s] = token.split('.');
    const altered = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal((await me(altered)).statusCode, 401);
  });
});
