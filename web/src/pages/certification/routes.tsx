import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { CERT_PATHS } from './certificationApi';
import { CertificationCounterPage, CertifiedCopyCheckPage } from './CertificationPages';
import './certification.css';

export const CERTIFIER_ROLES: readonly Role[] = ['one_stop_officer'];

/** Certified electronic copies: the counter screen and the public check (QR on the copy). */
export function resolveCertificationRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  if (pathname === CERT_PATHS.counter) return { roles: CERTIFIER_ROLES, render: () => <CertificationCounterPage /> };
  if (pathname.startsWith(CERT_PATHS.publicPrefix) && /^[0-9a-f-]{36}$/.test(pathname.slice(CERT_PATHS.publicPrefix.length))) {
    const id = pathname.slice(CERT_PATHS.publicPrefix.length);
    return { roles: null, render: () => <CertifiedCopyCheckPage id={id} /> };
  }
  return null;
}
