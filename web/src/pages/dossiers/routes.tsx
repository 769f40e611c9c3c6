import type { Role } from '../../api';
import { PATHS } from '../../nav';
import { lazyScreens, type ScreenRoute } from '../../router';

/** Roles that may open a dossier (the API then checks the agency scope or the applicant). */
export const DETAIL_ROLES: readonly Role[] = ['one_stop_officer', 'specialist', 'unit_leader', 'admin', 'provincial_office', 'home_affairs', 'citizen'];

// The public lookup is its own small chunk: a visitor with a receipt loads no officer screen.
const lookup = lazyScreens(() => import('./PublicLookupPage'));
const PublicLookupPage = lookup.screen('PublicLookupPage');
const screens = lazyScreens(() => import('./screens'));
const IntakePage = screens.screen('IntakePage');
const DossierListPage = screens.screen('DossierListPage');
const DossierDetailPage = screens.screen('DossierDetailPage');
const MyDossiersPage = screens.screen('MyDossiersPage');

/**
 * The dossier screens: `/mot-cua/tiep-nhan` (counter), `/mot-cua/ho-so` and `/xu-ly/ho-so`
 * (queues), `/ho-so/{id}` (one dossier), `/tra-cuu` (public lookup), `/cong-dan/ho-so` (mine).
 */
export const dossierRoutes: ScreenRoute[] = [
  { path: PATHS.intake, roles: ['one_stop_officer'], render: (u) => <IntakePage user={u!} /> },
  { path: PATHS.dossiers, roles: ['one_stop_officer'], render: (u) => <DossierListPage key={PATHS.dossiers} user={u!} basePath={PATHS.dossiers} /> },
  {
    path: PATHS.toProcess,
    roles: ['specialist', 'unit_leader'],
    render: (u) => <DossierListPage key={PATHS.toProcess} user={u!} basePath={PATHS.toProcess} />,
  },
  { path: PATHS.lookup, roles: null, render: () => <PublicLookupPage /> },
  { path: PATHS.myDossiers, roles: ['citizen'], render: () => <MyDossiersPage /> },
  { path: '/ho-so/:id', roles: DETAIL_ROLES, render: (u, p) => <DossierDetailPage key={p.id} id={p.id!} user={u!} /> },
];
