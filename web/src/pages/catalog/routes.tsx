import type { Role } from '../../api';
import { lazyScreens, type ScreenRoute } from '../../router';
import { CATALOG_ADMIN_PATH, PROCEDURES_PATH } from './paths';

/** Who may use the catalogue-manager screens (the API allows the same roles). */
export const CATALOG_ROLES: readonly Role[] = ['catalog_manager', 'admin'];

const publicScreens = lazyScreens(() => import('./publicScreens'));
const ProcedureListPage = publicScreens.screen('ProcedureListPage');
const ProcedureDetailPage = publicScreens.screen('ProcedureDetailPage');
const managerScreens = lazyScreens(() => import('./screens'));
const CatalogAdminPage = managerScreens.screen('CatalogAdminPage');
const CatalogEditPage = managerScreens.screen('CatalogEditPage');

/**
 * The catalogue's screens: `/thu-tuc` (search), `/thu-tuc/{code}` (procedure page),
 * `/quan-tri/thu-tuc` (catalogue managers) and `/quan-tri/thu-tuc/{code}` (one procedure).
 */
export const catalogRoutes: ScreenRoute[] = [
  { path: PROCEDURES_PATH, roles: null, render: () => <ProcedureListPage /> },
  { path: `${PROCEDURES_PATH}/:code`, roles: null, render: (_u, p) => <ProcedureDetailPage code={p.code!} /> },
  { path: CATALOG_ADMIN_PATH, roles: CATALOG_ROLES, render: () => <CatalogAdminPage /> },
  { path: `${CATALOG_ADMIN_PATH}/:code`, roles: CATALOG_ROLES, render: (_u, p) => <CatalogEditPage code={p.code!} /> },
];
