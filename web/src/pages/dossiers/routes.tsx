import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { PATHS } from '../../nav';
import { IntakePage } from './IntakePage';
import { DossierListPage } from './DossierListPage';
import { DossierDetailPage } from './DossierDetailPage';
import { PublicLookupPage } from './PublicLookupPage';
import { MyDossiersPage } from './MyDossiersPage';
import { DETAIL_ROLES } from './shared';
import './dossiers.css';

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * The dossier screens: `/mot-cua/tiep-nhan` (counter), `/mot-cua/ho-so` and `/xu-ly/ho-so`
 * (queues), `/ho-so/{id}` (one dossier), `/tra-cuu` (public lookup), `/cong-dan/ho-so` (mine).
 */
export function resolveDossierRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  switch (pathname) {
    case PATHS.intake:
      return { roles: ['one_stop_officer'], render: (u) => <IntakePage user={u!} /> };
    case PATHS.dossiers:
      return { roles: ['one_stop_officer'], render: (u) => <DossierListPage key={PATHS.dossiers} user={u!} basePath={PATHS.dossiers} /> };
    case PATHS.toProcess:
      return { roles: ['specialist', 'unit_leader'], render: (u) => <DossierListPage key={PATHS.toProcess} user={u!} basePath={PATHS.toProcess} /> };
    case PATHS.lookup:
      return { roles: null, render: () => <PublicLookupPage /> };
    case PATHS.myDossiers:
      return { roles: ['citizen'], render: () => <MyDossiersPage /> };
  }
  const detail = /^\/ho-so\/([^/]+)$/.exec(pathname);
  if (detail) return { roles: DETAIL_ROLES, render: (u) => <DossierDetailPage key={detail[1]} id={decode(detail[1])} user={u!} /> };
  return null;
}
