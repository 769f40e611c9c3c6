import type { Role } from '../../api';
import { lazyScreens, type ScreenRoute } from '../../router';
import { CERT_PATHS } from './certificationApi';

export const CERTIFIER_ROLES: readonly Role[] = ['one_stop_officer'];

const screens = lazyScreens(() => import('./CertificationPages'));
const CertificationCounterPage = screens.screen('CertificationCounterPage');
const CertifiedCopyCheckPage = screens.screen('CertifiedCopyCheckPage');

/** Certified electronic copies: the counter screen and the public check (QR on the copy). */
export const certificationRoutes: ScreenRoute[] = [
  { path: CERT_PATHS.counter, roles: CERTIFIER_ROLES, render: () => <CertificationCounterPage /> },
  {
    path: `${CERT_PATHS.publicPrefix}:id`,
    roles: null,
    accept: (p) => /^[0-9a-f-]{36}$/.test(p.id ?? ''),
    render: (_u, p) => <CertifiedCopyCheckPage id={p.id!} />,
  },
];
