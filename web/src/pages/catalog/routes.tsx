import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { ProcedureListPage, PROCEDURES_PATH } from './ProcedureListPage';
import { ProcedureDetailPage } from './ProcedureDetailPage';
import { CatalogAdminPage, CATALOG_ADMIN_PATH } from './CatalogAdminPage';
import { CatalogEditPage } from './CatalogEditPage';

/** Who may use the catalogue-manager screens (the API allows the same roles). */
export const CATALOG_ROLES: readonly Role[] = ['catalog_manager', 'admin'];

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * The catalogue's screens: `/thu-tuc` (search), `/thu-tuc/{code}` (procedure page),
 * `/quan-tri/thu-tuc` (catalogue managers) and `/quan-tri/thu-tuc/{code}` (one procedure).
 */
export function resolveCatalogRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  if (pathname === PROCEDURES_PATH) return { roles: null, render: () => <ProcedureListPage /> };
  const detail = /^\/thu-tuc\/([^/]+)$/.exec(pathname);
  if (detail) return { roles: null, render: () => <ProcedureDetailPage code={decode(detail[1])} /> };
  if (pathname === CATALOG_ADMIN_PATH) return { roles: CATALOG_ROLES, render: () => <CatalogAdminPage /> };
  const edit = /^\/quan-tri\/thu-tuc\/([^/]+)$/.exec(pathname);
  if (edit) return { roles: CATALOG_ROLES, render: () => <CatalogEditPage code={decode(edit[1])} /> };
  return null;
}
