import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeItem, homeFor, navFor, NAV_TABLE, PATHS, PUBLIC_NAV, rolesFor } from './nav';
import { dayBoundary, formatDate, formatDateTime, isExpired } from './format';
import { flattenTree, subtreeIds } from './pages/admin/agencyTree';
import type { Role } from './api';

const paths = (roles: Role[]) => navFor(roles).map((i) => i.path);

test('navFor: one table row per role', () => {
  const cases: [Role[], string[]][] = [
    [
      ['one_stop_officer'],
      [PATHS.workspace, PATHS.intake, PATHS.dossiers, PATHS.lookup, PATHS.feedbackQueue, PATHS.counter, PATHS.certification, PATHS.corrections],
    ],
    [['specialist'], [PATHS.workspace, PATHS.toProcess, PATHS.tasks, PATHS.reports, PATHS.reformAgency, PATHS.feedbackQueue]],
    [
      ['unit_leader'],
      [
        PATHS.workspace,
        PATHS.toProcess,
        PATHS.tasks,
        PATHS.reports,
        PATHS.reformAgency,
        PATHS.feedbackQueue,
        PATHS.feedbackStats,
        PATHS.quality,
        PATHS.monitoring,
      ],
    ],
    [['catalog_manager'], [PATHS.workspace, PATHS.catalog, PATHS.onceOnly]],
    [
      ['admin'],
      [
        PATHS.workspace,
        PATHS.units,
        PATHS.agencies,
        PATHS.staff,
        PATHS.audit,
        PATHS.outbox,
        PATHS.historyImport,
        PATHS.calendar,
        PATHS.catalog,
        PATHS.frontOffice,
        PATHS.privacyAdmin,
        PATHS.corrections,
      ],
    ],
    [['provincial_office'], [PATHS.workspace, PATHS.monitoring, PATHS.tasks, PATHS.reports, PATHS.feedbackQueue, PATHS.feedbackStats, PATHS.quality]],
    [['home_affairs'], [PATHS.workspace, PATHS.reform, PATHS.quality, PATHS.reports]],
    [['province_leader'], [PATHS.workspace, PATHS.monitoring, PATHS.tasks, PATHS.reports]],
    [['citizen'], [PATHS.home, PATHS.myDossiers, PATHS.submit, PATHS.citizenTodo, PATHS.warehouse, PATHS.feedback, PATHS.booking, PATHS.privacy]],
    [[], []],
  ];
  for (const [roles, expected] of cases) assert.deepEqual(paths(roles), expected, roles.join(','));
});

test('navFor: multi-role accounts get each entry once, in a stable order', () => {
  assert.deepEqual(paths(['unit_leader', 'specialist']), paths(['unit_leader']));
  const both = paths(['admin', 'one_stop_officer']);
  assert.equal(both[0], PATHS.workspace);
  assert.ok(both.indexOf(PATHS.intake) < both.indexOf(PATHS.units), 'officer entries before admin entries');
  assert.equal(new Set(both).size, both.length);
});

test("navFor: no staff screen in a citizen's or a visitor's navigation", () => {
  const staffOnly = [PATHS.workspace, PATHS.intake, PATHS.toProcess, PATHS.staff, PATHS.audit, PATHS.outbox, PATHS.catalog, PATHS.feedbackQueue];
  for (const p of [...paths(['citizen']), ...PUBLIC_NAV.map((i) => i.path)]) assert.ok(!staffOnly.includes(p as never), p);
});

test('navFor labels are the Vietnamese keys asked for', () => {
  assert.deepEqual(
    NAV_TABLE.one_stop_officer.map((i) => i.key),
    ['nav.intake', 'nav.dossiers', 'nav.search', 'nav.feedbackQueue', 'nav.counter', 'nav.certification', 'nav.corrections'],
  );
  assert.deepEqual(
    NAV_TABLE.citizen.map((i) => i.key),
    ['nav.myDossiers', 'nav.submit', 'nav.citizenTodo', 'nav.warehouse', 'nav.feedback', 'nav.booking', 'nav.privacy'],
  );
  assert.deepEqual(
    PUBLIC_NAV.map((i) => i.path),
    ['/', '/thu-tuc', '/tra-cuu', '/phan-anh', '/danh-gia-chat-luong', '/dat-lich'],
  );
});

test('homeFor and rolesFor', () => {
  assert.equal(homeFor(['one_stop_officer']), '/mot-cua');
  assert.equal(homeFor(['admin']), '/mot-cua');
  assert.equal(homeFor(['citizen']), PATHS.myDossiers);
  assert.deepEqual(rolesFor(PATHS.staff), ['admin']);
  assert.deepEqual(rolesFor(PATHS.toProcess), ['specialist', 'unit_leader']);
  assert.deepEqual(rolesFor(PATHS.feedbackStats), ['unit_leader', 'provincial_office']);
  assert.ok(!rolesFor(PATHS.workspace).includes('citizen'));
});

test('activeItem picks the deepest matching entry', () => {
  const items = navFor(['provincial_office']);
  assert.equal(activeItem(items, '/giam-sat')?.path, '/giam-sat');
  assert.equal(activeItem(items, '/giam-sat/nhiem-vu')?.path, '/giam-sat/nhiem-vu');
  assert.equal(activeItem(items, '/giam-sat/nhiem-vu/123')?.path, '/giam-sat/nhiem-vu');
  assert.equal(activeItem(PUBLIC_NAV, '/'), PUBLIC_NAV[0]);
  assert.equal(activeItem(PUBLIC_NAV, '/khac'), null);
});

test('dates are dd/mm/yyyy in Vietnam time', () => {
  assert.equal(formatDate('2025-07-01'), '01/07/2025');
  assert.equal(formatDate('2025-06-30T18:30:00Z'), '01/07/2025');
  assert.equal(formatDateTime('2025-06-30T18:30:05Z'), '01/07/2025 01:30:05');
  assert.equal(formatDate(null), '');
  assert.equal(formatDate('rubbish'), '');
  assert.equal(dayBoundary('2025-07-01', false), '2025-07-01T00:00:00.000+07:00');
  assert.equal(dayBoundary('2025-07-01', true), '2025-07-01T23:59:59.999+07:00');
  assert.equal(dayBoundary('', true), undefined);
  assert.equal(isExpired('2025-06-30', '2025-07-01'), true);
  assert.equal(isExpired('2025-07-01', '2025-07-01'), false);
  assert.equal(isExpired(null, '2025-07-01'), false);
});

test('agency tree: parents before children, orphans and cycles kept', () => {
  const items = [
    { id: 'c', parentId: 'b' },
    { id: 'a', parentId: null },
    { id: 'b', parentId: 'a' },
    { id: 'o', parentId: 'missing' },
    { id: 'x', parentId: 'y' },
    { id: 'y', parentId: 'x' },
  ];
  const flat = flattenTree(items).map((f) => `${f.item.id}${f.depth}`);
  assert.deepEqual(flat.slice(0, 4), ['a0', 'b1', 'c2', 'o0']);
  assert.equal(flat.length, 6);
  assert.deepEqual([...subtreeIds(items, 'a')].sort(), ['a', 'b', 'c']);
});

test('audit summaries read as lines', async () => {
  const { describeSummary } = await import('./format');
  assert.deepEqual(describeSummary({ sessionId: 's1' }), [{ key: 'sessionId', text: 's1' }]);
  assert.deepEqual(describeSummary({ name: { from: 'A', to: 'B' } }), [{ key: 'name', text: 'A → B' }]);
  assert.deepEqual(describeSummary({ roles: ['admin'], active: false, x: null }), [
    { key: 'roles', text: '["admin"]' },
    { key: 'active', text: 'false' },
    { key: 'x', text: '∅' },
  ]);
  assert.deepEqual(describeSummary({}), []);
  assert.deepEqual(describeSummary('Đăng nhập'), [{ key: '', text: 'Đăng nhập' }]);
  assert.deepEqual(describeSummary(null), []);
});
