import type { Role } from './api';
import type { MessageKey } from './i18n/vi';

/** One navigation entry: an i18n label key and a path. */
export interface NavItem {
  key: MessageKey;
  path: string;
}

export const PATHS = {
  home: '/',
  login: '/dang-nhap',
  procedures: '/thu-tuc',
  lookup: '/tra-cuu',
  workspace: '/mot-cua',
  intake: '/mot-cua/tiep-nhan',
  dossiers: '/mot-cua/ho-so',
  search: '/tra-cuu',
  toProcess: '/xu-ly/ho-so',
  catalog: '/quan-tri/thu-tuc',
  units: '/quan-tri/don-vi-hanh-chinh',
  agencies: '/quan-tri/co-quan',
  staff: '/quan-tri/can-bo',
  audit: '/quan-tri/nhat-ky',
  outbox: '/quan-tri/hang-doi',
  historyImport: '/quan-tri/nhap-lich-su',
  calendar: '/quan-tri/lich',
  monitoring: '/giam-sat',
  tasks: '/giam-sat/nhiem-vu',
  reports: '/giam-sat/bao-cao',
  reform: '/cai-cach-hanh-chinh',
  reformAgency: '/cai-cach-hanh-chinh/don-vi',
  survey: '/khao-sat',
  myDossiers: '/cong-dan/ho-so',
  submit: '/cong-dan/nop-ho-so',
  warehouse: '/cong-dan/kho-du-lieu',
  citizenTodo: '/cong-dan/viec-can-lam',
  onceOnly: '/quan-tri/mot-lan',
  feedback: '/phan-anh',
  feedbackQueue: '/phan-anh-kien-nghi',
  feedbackStats: '/phan-anh-kien-nghi/thong-ke',
  quality: '/chat-luong-phuc-vu',
  qualityPublic: '/danh-gia-chat-luong',
  counter: '/quay/lam-viec',
  frontOffice: '/quan-tri/quay',
  booking: '/dat-lich',
  privacy: '/cong-dan/du-lieu-ca-nhan',
  privacyAdmin: '/quan-tri/du-lieu-ca-nhan',
  corrections: '/mot-cua/yeu-cau-chinh-sua',
  certification: '/mot-cua/chung-thuc',
} as const;

/** Navigation shown to visitors who are not logged in. */
export const PUBLIC_NAV: readonly NavItem[] = [
  { key: 'nav.home', path: PATHS.home },
  { key: 'nav.procedures', path: PATHS.procedures },
  { key: 'nav.lookup', path: PATHS.lookup },
  { key: 'nav.feedback', path: PATHS.feedback },
  { key: 'nav.qualityPublic', path: PATHS.qualityPublic },
  { key: 'nav.booking', path: PATHS.booking },
];

/** The per-role navigation table. The order of `ROLE_ORDER` decides the order for multi-role accounts. */
export const NAV_TABLE: Readonly<Record<Role, readonly NavItem[]>> = {
  one_stop_officer: [
    { key: 'nav.intake', path: PATHS.intake },
    { key: 'nav.dossiers', path: PATHS.dossiers },
    { key: 'nav.search', path: PATHS.search },
    { key: 'nav.feedbackQueue', path: PATHS.feedbackQueue },
    { key: 'nav.counter', path: PATHS.counter },
    { key: 'nav.certification', path: PATHS.certification },
    { key: 'nav.corrections', path: PATHS.corrections },
  ],
  specialist: [
    { key: 'nav.toProcess', path: PATHS.toProcess },
    { key: 'nav.tasks', path: PATHS.tasks },
    { key: 'nav.reports', path: PATHS.reports },
    { key: 'nav.reformAgency', path: PATHS.reformAgency },
    { key: 'nav.feedbackQueue', path: PATHS.feedbackQueue },
  ],
  unit_leader: [
    { key: 'nav.toProcess', path: PATHS.toProcess },
    { key: 'nav.tasks', path: PATHS.tasks },
    { key: 'nav.reports', path: PATHS.reports },
    { key: 'nav.reformAgency', path: PATHS.reformAgency },
    { key: 'nav.feedbackQueue', path: PATHS.feedbackQueue },
    { key: 'nav.feedbackStats', path: PATHS.feedbackStats },
    { key: 'nav.quality', path: PATHS.quality },
    { key: 'nav.monitoring', path: PATHS.monitoring },
  ],
  catalog_manager: [
    { key: 'nav.catalog', path: PATHS.catalog },
    { key: 'nav.onceOnly', path: PATHS.onceOnly },
  ],
  provincial_office: [
    { key: 'nav.monitoring', path: PATHS.monitoring },
    { key: 'nav.tasks', path: PATHS.tasks },
    { key: 'nav.reports', path: PATHS.reports },
    { key: 'nav.feedbackQueue', path: PATHS.feedbackQueue },
    { key: 'nav.feedbackStats', path: PATHS.feedbackStats },
    { key: 'nav.quality', path: PATHS.quality },
  ],
  province_leader: [
    { key: 'nav.monitoring', path: PATHS.monitoring },
    { key: 'nav.tasks', path: PATHS.tasks },
    { key: 'nav.reports', path: PATHS.reports },
  ],
  home_affairs: [
    { key: 'nav.reform', path: PATHS.reform },
    { key: 'nav.quality', path: PATHS.quality },
    { key: 'nav.reports', path: PATHS.reports },
  ],
  admin: [
    { key: 'nav.units', path: PATHS.units },
    { key: 'nav.agencies', path: PATHS.agencies },
    { key: 'nav.staff', path: PATHS.staff },
    { key: 'nav.audit', path: PATHS.audit },
    { key: 'nav.outbox', path: PATHS.outbox },
    { key: 'nav.historyImport', path: PATHS.historyImport },
    { key: 'nav.calendar', path: PATHS.calendar },
    { key: 'nav.catalog', path: PATHS.catalog },
    { key: 'nav.frontOffice', path: PATHS.frontOffice },
    { key: 'nav.privacyAdmin', path: PATHS.privacyAdmin },
    { key: 'nav.corrections', path: PATHS.corrections },
  ],
  citizen: [
    { key: 'nav.myDossiers', path: PATHS.myDossiers },
    { key: 'nav.submit', path: PATHS.submit },
    { key: 'nav.citizenTodo', path: PATHS.citizenTodo },
    { key: 'nav.warehouse', path: PATHS.warehouse },
    { key: 'nav.feedback', path: PATHS.feedback },
    { key: 'nav.booking', path: PATHS.booking },
    { key: 'nav.privacy', path: PATHS.privacy },
  ],
};

export const ROLE_ORDER: readonly Role[] = [
  'one_stop_officer',
  'specialist',
  'unit_leader',
  'catalog_manager',
  'provincial_office',
  'home_affairs',
  'province_leader',
  'admin',
  'citizen',
];

export function isStaff(roles: readonly Role[]): boolean {
  return roles.some((r) => r !== 'citizen');
}

/**
 * The navigation of a logged-in account: the workspace (staff) or the home page (citizens) first,
 * then every role's entries in ROLE_ORDER, each path once. Unknown roles are ignored.
 */
export function navFor(roles: readonly Role[]): NavItem[] {
  const held = new Set(roles);
  const items: NavItem[] = [];
  const seen = new Set<string>();
  const add = (item: NavItem) => {
    if (seen.has(item.path)) return;
    seen.add(item.path);
    items.push(item);
  };
  if (isStaff(roles)) add({ key: 'nav.workspace', path: PATHS.workspace });
  else if (held.has('citizen')) add({ key: 'nav.home', path: PATHS.home });
  for (const role of ROLE_ORDER) {
    if (!held.has(role)) continue;
    for (const item of NAV_TABLE[role]) add(item);
  }
  return items;
}

/** Where an account lands after logging in. */
export function homeFor(roles: readonly Role[]): string {
  if (isStaff(roles)) return PATHS.workspace;
  if (roles.includes('citizen')) return PATHS.myDossiers;
  return PATHS.home;
}

/** The roles allowed on a path: every role whose navigation lists it (the workspace: every staff role). */
export function rolesFor(path: string): Role[] {
  if (path === PATHS.workspace) return ROLE_ORDER.filter((r) => r !== 'citizen');
  return ROLE_ORDER.filter((r) => NAV_TABLE[r].some((i) => i.path === path));
}

/** The entry to highlight for `pathname`: the longest path that equals it or is a parent of it. */
export function activeItem(items: readonly NavItem[], pathname: string): NavItem | null {
  let best: NavItem | null = null;
  for (const item of items) {
    const match = item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(item.path + '/');
    if (match && (!best || item.path.length > best.path.length)) best = item;
  }
  return best;
}
