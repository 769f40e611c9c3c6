import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { SubmitHomePage, SubmitProcedurePage } from './SubmitPage';
import { OnceOnlyPage, PaymentPage, RatingPage, RegisterPage, SandboxGatewayPage, TodoPage, VneidCallbackPage, VneidSandboxPage, WarehousePage } from './PortalPages';
import { CITIZEN_PATHS } from './paths';
import { CorrectionsQueuePage, MyPrivacyPage, PrivacyAdminPage } from './PrivacyPages';
import './citizens.css';

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * The citizen portal's screens: submission wizard (`/cong-dan/nop-ho-so`, `/nop-ho-so/{code}`),
 * data warehouse, payments and ratings, registration and the e-ID sandbox, and the once-only
 * measure for catalogue managers.
 */
export function resolveCitizenRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  switch (pathname) {
    case CITIZEN_PATHS.submit:
      return { roles: ['citizen'], render: () => <SubmitHomePage /> };
    case CITIZEN_PATHS.warehouse:
      return { roles: ['citizen'], render: () => <WarehousePage /> };
    case CITIZEN_PATHS.todo:
      return { roles: ['citizen'], render: () => <TodoPage /> };
    case CITIZEN_PATHS.register:
      return { roles: null, render: () => <RegisterPage /> };
    case CITIZEN_PATHS.vneidSandbox:
      return { roles: null, render: () => <VneidSandboxPage /> };
    case CITIZEN_PATHS.vneidCallback:
      return { roles: null, render: () => <VneidCallbackPage /> };
    case CITIZEN_PATHS.onceOnly:
      return { roles: ['catalog_manager', 'admin', 'home_affairs', 'provincial_office'], render: () => <OnceOnlyPage /> };
    case CITIZEN_PATHS.privacy:
      return { roles: ['citizen'], render: () => <MyPrivacyPage /> };
    case CITIZEN_PATHS.privacyAdmin:
      return { roles: ['admin'], render: () => <PrivacyAdminPage /> };
    case CITIZEN_PATHS.corrections:
      return { roles: ['one_stop_officer', 'admin'], render: () => <CorrectionsQueuePage /> };
  }
  let m = /^\/nop-ho-so\/([^/]+)$/.exec(pathname);
  if (m) { const code = decode(m[1]); return { roles: ['citizen'], render: () => <SubmitProcedurePage key={code} code={code} /> }; }
  m = /^\/cong-dan\/thanh-toan\/([0-9a-f-]{36})$/.exec(pathname);
  if (m) { const id = m[1]; return { roles: ['citizen'], render: () => <PaymentPage key={id} dossierId={id} /> }; }
  m = /^\/cong-dan\/danh-gia\/([0-9a-f-]{36})$/.exec(pathname);
  if (m) { const id = m[1]; return { roles: ['citizen'], render: () => <RatingPage key={id} dossierId={id} /> }; }
  m = /^\/cong-thanh-toan-thu-nghiem\/([A-Z0-9]{6,40})$/.exec(pathname);
  if (m) { const ref = m[1]; return { roles: ['citizen'], render: () => <SandboxGatewayPage key={ref} orderRef={ref} /> }; }
  return null;
}
