import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as React from 'react';
import type { ReactElement } from 'react';
import { matchRoutes } from 'react-router';
import { NAV_TABLE, PATHS, rolesFor } from './nav';
import type { Role, User } from './api';
import type { RouteParams, ScreenRoute } from './router';
import { REFORM_ROLES } from './pages/reform/paths';
import { ALL_ROLES, STAFF_ROLES } from './api';

// tsx compiles web/src's .tsx here with the classic JSX transform (React.createElement on a global
// React; the app's build uses the automatic one), so the route modules load after React is global.
Object.assign(globalThis, { React });
const { appRoutes } = await import('./App');
const { NOT_BUILT_ROUTES, SCREEN_ROUTES } = await import('./routes');
const { CATALOG_ROLES } = await import('./pages/catalog/routes');
const { DETAIL_ROLES } = await import('./pages/dossiers/routes');
const { FEEDBACK_QUEUE_ROLES, FEEDBACK_STATS_ROLES } = await import('./pages/feedback/routes');
const { COUNTER_RATING_ROLES, QUALITY_ROLES } = await import('./pages/quality/routes');

const USER = { id: 'u1', username: 'x', fullName: 'X', roles: ['admin'] } as unknown as User;
const UUID = '0b6c1c3e-9a7d-4c55-8f0e-3d2b1a4c5e6f';

interface Resolved {
  screen: string;
  roles?: readonly Role[] | null;
  fullscreen?: boolean;
  props?: Record<string, unknown>;
  key?: string | null;
}

/** What the app shows at `pathname`: the screen's name, its roles, the frame, and the props it gets. */
function resolve(pathname: string): Resolved {
  const matches = matchRoutes(appRoutes(), pathname);
  assert.ok(matches, `no match for ${pathname}`);
  const leaf = matches[matches.length - 1];
  if (leaf.route.path === '*') return { screen: 'NotFoundPage' };
  const route = (leaf.route.element as ReactElement<{ route: ScreenRoute }>).props.route;
  const params = leaf.params as RouteParams;
  if (route.accept && !route.accept(params)) return { screen: 'NotFoundPage' };
  const el = route.render(USER, params) as ReactElement<Record<string, unknown>>;
  const type = el.type as { displayName?: string; name?: string };
  const { user: _user, ...props } = el.props;
  return { screen: type.displayName ?? type.name ?? '?', roles: route.roles, fullscreen: route.fullscreen === true, props, key: el.key };
}

const screen = (path: string) => resolve(path).screen;

test('routes: the shell, administration, calendar, direction and tasks', () => {
  assert.deepEqual(resolve('/'), { screen: 'HomePage', roles: null, fullscreen: false, props: {}, key: null });
  assert.equal(screen('/dang-nhap'), 'LoginPage');
  assert.deepEqual(resolve('/mot-cua').roles, rolesFor(PATHS.workspace));
  assert.equal(screen('/mot-cua'), 'WorkspaceScreen');
  for (const [path, name] of [
    [PATHS.units, 'UnitsPage'],
    [PATHS.agencies, 'AgenciesPage'],
    [PATHS.staff, 'StaffPage'],
    [PATHS.audit, 'AuditPage'],
    [PATHS.outbox, 'OutboxPage'],
    [PATHS.historyImport, 'HistoryImportPage'],
    [PATHS.calendar, 'CalendarAdminPage'],
  ] as const) {
    const r = resolve(path);
    assert.equal(r.screen, name);
    assert.deepEqual(r.roles, rolesFor(path));
  }
  assert.deepEqual(resolve('/giam-sat'), {
    screen: 'DirectionPage',
    roles: ['province_leader', 'provincial_office', 'admin', 'home_affairs', 'unit_leader'],
    fullscreen: false,
    props: {},
    key: null,
  });
  assert.deepEqual(resolve('/giam-sat/nhiem-vu').roles, STAFF_ROLES);
  assert.equal(screen('/giam-sat/nhiem-vu'), 'TasksBoard');
  assert.deepEqual(resolve('/giam-sat/nhiem-vu/nhap-ke-hoach').roles, ['provincial_office', 'admin']);
  assert.equal(screen('/giam-sat/nhiem-vu/tong-hop'), 'TasksOverviewPage');
  assert.equal(screen('/giam-sat/nhiem-vu/chi-tiet'), 'TaskDetailPage');
});

test('routes: the catalogue, with decoded codes, case-sensitive paths and no trailing-slash difference', () => {
  assert.deepEqual(resolve('/thu-tuc'), { screen: 'ProcedureListPage', roles: null, fullscreen: false, props: {}, key: null });
  assert.equal(screen('/thu-tuc/'), 'ProcedureListPage');
  assert.deepEqual(resolve('/thu-tuc/1.001234').props, { code: '1.001234' });
  assert.deepEqual(resolve('/thu-tuc/a%20b%2Fc').props, { code: 'a b/c' });
  assert.equal(screen('/thu-tuc/a/b'), 'NotFoundPage');
  assert.equal(screen('/THU-TUC'), 'NotFoundPage');
  assert.deepEqual(resolve('/quan-tri/thu-tuc').roles, CATALOG_ROLES);
  assert.deepEqual(resolve('/quan-tri/thu-tuc/X.1'), { screen: 'CatalogEditPage', roles: CATALOG_ROLES, fullscreen: false, props: { code: 'X.1' }, key: null });
});

test('routes: feedback, dossiers and reports', () => {
  assert.equal(screen('/phan-anh'), 'PublicFeedbackPage');
  assert.equal(screen('/phan-anh/gui'), 'SubmitFeedbackPage');
  assert.equal(screen('/phan-anh/theo-doi'), 'TrackFeedbackPage');
  assert.deepEqual(resolve('/phan-anh-kien-nghi').roles, FEEDBACK_QUEUE_ROLES);
  assert.deepEqual(resolve('/phan-anh-kien-nghi/thong-ke').roles, FEEDBACK_STATS_ROLES);

  assert.deepEqual(resolve('/mot-cua/tiep-nhan'), { screen: 'IntakePage', roles: ['one_stop_officer'], fullscreen: false, props: {}, key: null });
  assert.deepEqual(resolve('/mot-cua/ho-so'), {
    screen: 'DossierListPage',
    roles: ['one_stop_officer'],
    fullscreen: false,
    props: { basePath: '/mot-cua/ho-so' },
    key: '/mot-cua/ho-so',
  });
  assert.deepEqual(resolve('/xu-ly/ho-so'), {
    screen: 'DossierListPage',
    roles: ['specialist', 'unit_leader'],
    fullscreen: false,
    props: { basePath: '/xu-ly/ho-so' },
    key: '/xu-ly/ho-so',
  });
  assert.deepEqual(resolve('/tra-cuu'), { screen: 'PublicLookupPage', roles: null, fullscreen: false, props: {}, key: null });
  assert.deepEqual(resolve('/cong-dan/ho-so').roles, ['citizen']);
  assert.deepEqual(resolve(`/ho-so/${UUID}`), { screen: 'DossierDetailPage', roles: DETAIL_ROLES, fullscreen: false, props: { id: UUID }, key: UUID });

  for (const [path, name] of [
    ['/giam-sat/bao-cao', 'ReportsHomePage'],
    ['/giam-sat/bao-cao/ky', 'PeriodPage'],
    ['/giam-sat/bao-cao/bao-cao', 'SubmissionPage'],
  ] as const) {
    assert.equal(screen(path), name);
    assert.deepEqual(resolve(path).roles, STAFF_ROLES);
  }
});

test('routes: the citizen portal, with the shapes of ids and order references', () => {
  for (const [path, name, roles] of [
    ['/cong-dan/nop-ho-so', 'SubmitHomePage', ['citizen']],
    ['/cong-dan/kho-du-lieu', 'WarehousePage', ['citizen']],
    ['/cong-dan/viec-can-lam', 'TodoPage', ['citizen']],
    ['/dang-ky', 'RegisterPage', null],
    ['/vneid-thu-nghiem', 'VneidSandboxPage', null],
    ['/dang-nhap/vneid', 'VneidCallbackPage', null],
    ['/quan-tri/mot-lan', 'OnceOnlyPage', ['catalog_manager', 'admin', 'home_affairs', 'provincial_office']],
    ['/cong-dan/du-lieu-ca-nhan', 'MyPrivacyPage', ['citizen']],
    ['/quan-tri/du-lieu-ca-nhan', 'PrivacyAdminPage', ['admin']],
    ['/mot-cua/yeu-cau-chinh-sua', 'CorrectionsQueuePage', ['one_stop_officer', 'admin']],
  ] as const) {
    const r = resolve(path);
    assert.equal(r.screen, name, path);
    assert.deepEqual(r.roles, roles, path);
  }
  assert.deepEqual(resolve('/nop-ho-so/1.00%2012'), {
    screen: 'SubmitProcedurePage',
    roles: ['citizen'],
    fullscreen: false,
    props: { code: '1.00 12' },
    key: '1.00 12',
  });
  assert.deepEqual(resolve(`/cong-dan/thanh-toan/${UUID}`).props, { dossierId: UUID });
  assert.equal(screen('/cong-dan/thanh-toan/not-a-uuid'), 'NotFoundPage');
  assert.deepEqual(resolve(`/cong-dan/danh-gia/${UUID}`), {
    screen: 'RatingPage',
    roles: ['citizen'],
    fullscreen: false,
    props: { dossierId: UUID },
    key: UUID,
  });
  assert.equal(screen('/cong-dan/danh-gia/X'), 'NotFoundPage');
  assert.deepEqual(resolve('/cong-thanh-toan-thu-nghiem/ABC123').props, { orderRef: 'ABC123' });
  assert.equal(screen('/cong-thanh-toan-thu-nghiem/abc123'), 'NotFoundPage');
  assert.equal(screen('/cong-thanh-toan-thu-nghiem/AB1'), 'NotFoundPage');
});

test('routes: quality ratings (the rest of the path, slashes included), reform, notifications', () => {
  assert.deepEqual(resolve('/danh-gia/tok-1'), { screen: 'PublicRatingPage', roles: null, fullscreen: false, props: { token: 'tok-1' }, key: null });
  assert.deepEqual(resolve('/danh-gia/a/b').props, { token: 'a/b' });
  assert.equal(screen('/danh-gia/'), 'NotFoundPage');
  assert.equal(screen('/danh-gia'), 'NotFoundPage');
  assert.deepEqual(resolve(`/danh-gia-tai-quay/${UUID}`), {
    screen: 'CounterRatingPage',
    roles: COUNTER_RATING_ROLES,
    fullscreen: false,
    props: { dossierId: UUID },
    key: null,
  });
  assert.deepEqual(resolve('/chat-luong-phuc-vu').roles, QUALITY_ROLES);
  assert.equal(screen('/chat-luong-phuc-vu/tre-han'), 'QualityLatePage');
  assert.deepEqual(resolve('/danh-gia-chat-luong').roles, null);

  for (const [path, name, roles] of [
    ['/cai-cach-hanh-chinh', 'ReformDashboardPage', REFORM_ROLES],
    ['/cai-cach-hanh-chinh/co-quan', 'ReformAgencyPage', REFORM_ROLES],
    ['/cai-cach-hanh-chinh/chi-so-tinh', 'IndicesPage', REFORM_ROLES],
    ['/cai-cach-hanh-chinh/don-vi', 'SelfAssessmentPage', ['specialist', 'unit_leader', 'admin']],
    ['/cai-cach-hanh-chinh/don-vi/ke-hoach', 'PlansPage', ['specialist', 'unit_leader', 'admin', 'home_affairs', 'provincial_office']],
    ['/cai-cach-hanh-chinh/phieu-khao-sat', 'QuestionnairesPage', REFORM_ROLES],
    ['/khao-sat', 'PublicSurveyPage', null],
    ['/thong-bao', 'NotificationsPage', ALL_ROLES],
    ['/giam-sat/nhiem-vu/tong-hop-thang', 'TaskDigestPage', ['provincial_office', 'admin']],
  ] as const) {
    const r = resolve(path);
    assert.equal(r.screen, name, path);
    assert.deepEqual(r.roles, roles, path);
  }
});

test('routes: the front office (device screens fill the browser) and certified copies', () => {
  for (const [path, name] of [
    ['/quay/ghep-noi', 'PairPage'],
    ['/quay/kiosk', 'KioskPage'],
    ['/quay/man-hinh', 'CallScreenPage'],
    ['/quay/danh-gia', 'TabletPage'],
    ['/quay/bang-ket-qua', 'BoardPage'],
    ['/quay/theo-doi', 'FollowPage'],
  ] as const) {
    assert.deepEqual(resolve(path), { screen: name, roles: null, fullscreen: true, props: {}, key: null });
  }
  assert.deepEqual(resolve('/dat-lich'), { screen: 'BookingPage', roles: null, fullscreen: false, props: {}, key: null });
  assert.equal(screen('/dat-lich/xem'), 'BookingViewPage');
  assert.deepEqual(resolve('/quay/lam-viec').roles, ['one_stop_officer']);
  assert.deepEqual(resolve('/quan-tri/quay').roles, ['admin']);
  assert.deepEqual(resolve('/quay/thong-ke').roles, ['one_stop_officer', 'unit_leader', 'admin', 'provincial_office', 'home_affairs']);

  assert.deepEqual(resolve('/mot-cua/chung-thuc').roles, ['one_stop_officer']);
  assert.deepEqual(resolve(`/chung-thuc/${UUID}`), { screen: 'CertifiedCopyCheckPage', roles: null, fullscreen: false, props: { id: UUID }, key: null });
  assert.equal(screen('/chung-thuc/123'), 'NotFoundPage');
});

test('routes: every navigation entry opens a screen or the honest "not built" page; the rest is 404', () => {
  const navPaths = new Set(Object.values(NAV_TABLE).flatMap((items) => items.map((i) => i.path)));
  for (const path of navPaths) assert.notEqual(screen(path), 'NotFoundPage', path);
  for (const r of NOT_BUILT_ROUTES) {
    assert.deepEqual(resolve(r.path), { screen: 'NotBuiltPage', roles: rolesFor(r.path), fullscreen: false, props: {}, key: null });
  }
  assert.equal(screen('/khong-co-trang-nay'), 'NotFoundPage');
  assert.equal(screen('/quan-tri'), 'NotFoundPage');
});

test('routes: each fixed path is declared once, and no pattern hides it', () => {
  const fixed = SCREEN_ROUTES.filter((r) => !/[:*]/.test(r.path));
  const seen = new Set<string>();
  for (const r of fixed) {
    assert.ok(!seen.has(r.path), `${r.path} declared twice`);
    seen.add(r.path);
    const leaf = matchRoutes(appRoutes(), r.path)!.at(-1)!;
    assert.equal((leaf.route.element as ReactElement<{ route: ScreenRoute }>).props.route, r, r.path);
  }
});
