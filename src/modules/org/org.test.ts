import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
let admin: string;
before(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
after(async () => {
  await t.close();
});

describe('administrative units', () => {
  test('34 provinces and 3,321 communes are loaded, valid from 1 July 2025', async () => {
    const p = (await t.request({ method: 'GET', url: '/api/v1/units?level=province&limit=1' })).json();
    const c = (await t.request({ method: 'GET', url: '/api/v1/units?level=commune&limit=1&at=2026-01-01' })).json();
    assert.equal(p.total, 34);
    assert.equal(c.total, 3321);
    assert.equal(c.items[0].validFrom, '2025-07-01');
  });

  test('search ignores diacritics and tone placement', async () => {
    const r = (await t.request({ method: 'GET', url: '/api/v1/units?q=thanh%20hoa&level=province' })).json();
    assert.equal(r.items[0].code, '38');
    const w = (await t.request({ method: 'GET', url: `/api/v1/units?q=${encodeURIComponent('Hạc Thành')}&parentCode=38` })).json();
    assert.equal(w.items[0].code, '14797');
  });

  test('a district abolished in 2025 is kept with its successors, and is not current', async () => {
    const before = (await t.request({ method: 'GET', url: '/api/v1/units?level=district&at=2025-06-30' })).json();
    assert.ok(before.total >= 3);
    const tp = before.items.find((u: { code: string }) => u.code === '380');
    assert.ok(tp, 'former TP Thanh Hóa (380)');
    assert.equal(tp.validTo, '2025-06-30');
    assert.ok(tp.successorIds.length >= 1);
    const now = (await t.request({ method: 'GET', url: '/api/v1/units?level=district&at=2026-01-01' })).json();
    assert.equal(now.total, 0);
  });
});

describe('agencies', () => {
  test('the demo tree has the departments after the 2025 reorganisation', async () => {
    const r = (await t.request({ method: 'GET', url: '/api/v1/agencies?current=true&limit=200' })).json();
    const names = r.items.map((a: { name: string }) => a.name);
    for (const n of [
      'Sở Nội vụ',
      'Sở Tư pháp',
      'Sở Tài chính',
      'Sở Xây dựng',
      'Sở Y tế',
      'Sở Giáo dục và Đào tạo',
      'Sở Khoa học và Công nghệ',
      'Sở Nông nghiệp và Môi trường',
    ]) {
      assert.ok(
        names.some((x: string) => x.startsWith(n)),
        n,
      );
    }
    assert.ok(!names.some((x: string) => x.startsWith('Sở Kế hoạch và Đầu tư')), 'merged departments are not current');
  });

  test('an old department name resolves to its successor, whatever the tone placement', async () => {
    for (const name of ['Sở Kế hoạch và Đầu tư', 'Sở Kế hoạch và Đầu tư tỉnh Thanh Hoá']) {
      const r = (await t.request({ method: 'GET', url: `/api/v1/agencies/resolve?name=${encodeURIComponent(name)}` })).json();
      assert.ok(r.current.length >= 1, name);
      assert.match(r.current[0].name, /^Sở Tài chính/);
    }
    const ict = (await t.request({ method: 'GET', url: `/api/v1/agencies/resolve?name=${encodeURIComponent('Sở Thông tin và Truyền thông')}` })).json();
    assert.match(ict.current[0].name, /^Sở Khoa học và Công nghệ/);
    const labour = (
      await t.request({ method: 'GET', url: `/api/v1/agencies/resolve?name=${encodeURIComponent('Sở Lao động - Thương binh và Xã hội')}` })
    ).json();
    assert.match(labour.current[0].name, /^Sở Nội vụ/, 'the main successor comes first');
  });

  test('admin creates and edits an agency; a stale version is 409; a cycle is 422; audit rows are written', async () => {
    const parent = (await t.request({ method: 'GET', url: `/api/v1/agencies?q=${encodeURIComponent('Sở Tư pháp')}` })).json().items[0];
    const c = await t.request({
      method: 'POST',
      url: '/api/v1/agencies',
      token: admin,
      body: { code: '000.01.16.H56', name: 'Phòng Hành chính tư pháp', kind: 'other', parentId: parent.id, unitCode: '38' },
    });
    assert.equal(c.statusCode, 201, c.body);
    const a = c.json();
    assert.equal(a.version, 1);
    const dup = await t.request({
      method: 'POST',
      url: '/api/v1/agencies',
      token: admin,
      body: { code: '000.01.16.H56', name: 'Trùng mã', kind: 'other', unitCode: '38' },
    });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'agency_code_taken');
    const u = await t.request({
      method: 'PATCH',
      url: `/api/v1/agencies/${a.id}`,
      token: admin,
      body: { name: 'Phòng Hành chính tư pháp và Bổ trợ tư pháp', version: 1 },
    });
    assert.equal(u.statusCode, 200, u.body);
    assert.equal(u.json().version, 2);
    const stale = await t.request({ method: 'PATCH', url: `/api/v1/agencies/${a.id}`, token: admin, body: { name: 'Cũ', version: 1 } });
    assert.equal(stale.statusCode, 409);
    const cycle = await t.request({ method: 'PATCH', url: `/api/v1/agencies/${parent.id}`, token: admin, body: { parentId: a.id } });
    assert.equal(cycle.statusCode, 422);
    assert.equal(cycle.json().code, 'agency_cycle');
    const audit = (await t.request({ method: 'GET', url: `/api/v1/audit?entity=agency&entityId=${a.id}`, token: admin })).json();
    assert.deepEqual(audit.items.map((i: { action: string }) => i.action).sort(), ['agency.create', 'agency.update']);
  });
});

describe('staff accounts', () => {
  test('admin creates a staff account that can log in; a deactivated account cannot', async () => {
    const agency = (await t.request({ method: 'GET', url: `/api/v1/agencies?q=${encodeURIComponent('Sở Xây dựng')}` })).json().items[0];
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      body: { username: 'cv.xaydung', fullName: 'Vũ Thị Hạnh', password: 'matkhau-moi-1', agencyId: agency.id, roles: ['specialist'] },
    });
    assert.equal(r.statusCode, 201, r.body);
    const token = await t.login('cv.xaydung', 'matkhau-moi-1');
    const me = (await t.request({ method: 'GET', url: '/api/v1/auth/me', token })).json();
    assert.equal(me.user.agency.id, agency.id);
    const off = await t.request({ method: 'PATCH', url: `/api/v1/users/${r.json().id}`, token: admin, body: { active: false } });
    assert.equal(off.statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/auth/me', token })).statusCode, 401, 'sessions end when deactivated');
    const again = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { username: 'cv.xaydung', password: 'matkhau-moi-1' } });
    assert.equal(again.statusCode, 401);
  });

  test('a staff account needs an agency; duplicate usernames are 409', async () => {
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      body: { username: 'no.agency', fullName: 'Không Cơ Quan', password: 'matkhau123', agencyId: null, roles: ['specialist'] },
    });
    assert.equal(r.statusCode, 422);
    const d = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      body: { username: 'Admin', fullName: 'Trùng', password: 'matkhau123', agencyId: null, roles: ['citizen'] },
    });
    assert.equal(d.statusCode, 409);
  });

  test('a unit leader sees only the accounts of its own agency subtree', async () => {
    const leader = await t.login('unit_leader');
    const r = (await t.request({ method: 'GET', url: '/api/v1/users?limit=500', token: leader })).json();
    assert.ok(r.items.length >= 2);
    assert.ok(
      r.items.every((u: { agency: { name: string } | null }) => u.agency?.name.startsWith('Sở Tư pháp')),
      JSON.stringify(r.items.map((u: { username: string }) => u.username)),
    );
    const all = (await t.request({ method: 'GET', url: '/api/v1/users?limit=500', token: admin })).json();
    assert.ok(all.total > r.total);
  });
});
