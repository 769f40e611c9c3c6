import { lazyScreens, type ScreenRoute } from '../../router';
import { CITIZEN_PATHS } from './paths';

const screens = lazyScreens(() => import('./screens'));
const SubmitHomePage = screens.screen('SubmitHomePage');
const SubmitProcedurePage = screens.screen('SubmitProcedurePage');
const WarehousePage = screens.screen('WarehousePage');
const TodoPage = screens.screen('TodoPage');
const RegisterPage = screens.screen('RegisterPage');
const VneidSandboxPage = screens.screen('VneidSandboxPage');
const VneidCallbackPage = screens.screen('VneidCallbackPage');
const OnceOnlyPage = screens.screen('OnceOnlyPage');
const MyPrivacyPage = screens.screen('MyPrivacyPage');
const PrivacyAdminPage = screens.screen('PrivacyAdminPage');
const CorrectionsQueuePage = screens.screen('CorrectionsQueuePage');
const PaymentPage = screens.screen('PaymentPage');
const RatingPage = screens.screen('RatingPage');
const SandboxGatewayPage = screens.screen('SandboxGatewayPage');

const UUID = /^[0-9a-f-]{36}$/;

/**
 * The citizen portal's screens: submission wizard (`/cong-dan/nop-ho-so`, `/nop-ho-so/{code}`),
 * data warehouse, payments and ratings, registration and the e-ID sandbox, and the once-only
 * measure for catalogue managers.
 */
export const citizenRoutes: ScreenRoute[] = [
  { path: CITIZEN_PATHS.submit, roles: ['citizen'], render: () => <SubmitHomePage /> },
  { path: CITIZEN_PATHS.warehouse, roles: ['citizen'], render: () => <WarehousePage /> },
  { path: CITIZEN_PATHS.todo, roles: ['citizen'], render: () => <TodoPage /> },
  { path: CITIZEN_PATHS.register, roles: null, render: () => <RegisterPage /> },
  { path: CITIZEN_PATHS.vneidSandbox, roles: null, render: () => <VneidSandboxPage /> },
  { path: CITIZEN_PATHS.vneidCallback, roles: null, render: () => <VneidCallbackPage /> },
  { path: CITIZEN_PATHS.onceOnly, roles: ['catalog_manager', 'admin', 'home_affairs', 'provincial_office'], render: () => <OnceOnlyPage /> },
  { path: CITIZEN_PATHS.privacy, roles: ['citizen'], render: () => <MyPrivacyPage /> },
  { path: CITIZEN_PATHS.privacyAdmin, roles: ['admin'], render: () => <PrivacyAdminPage /> },
  { path: CITIZEN_PATHS.corrections, roles: ['one_stop_officer', 'admin'], render: () => <CorrectionsQueuePage /> },
  { path: '/nop-ho-so/:code', roles: ['citizen'], render: (_u, p) => <SubmitProcedurePage key={p.code} code={p.code!} /> },
  {
    path: `${CITIZEN_PATHS.payPrefix}:id`,
    roles: ['citizen'],
    accept: (p) => UUID.test(p.id ?? ''),
    render: (_u, p) => <PaymentPage key={p.id} dossierId={p.id!} />,
  },
  {
    path: `${CITIZEN_PATHS.ratePrefix}:id`,
    roles: ['citizen'],
    accept: (p) => UUID.test(p.id ?? ''),
    render: (_u, p) => <RatingPage key={p.id} dossierId={p.id!} />,
  },
  {
    path: `${CITIZEN_PATHS.gatewayPrefix}:ref`,
    roles: ['citizen'],
    accept: (p) => /^[A-Z0-9]{6,40}$/.test(p.ref ?? ''),
    render: (_u, p) => <SandboxGatewayPage key={p.ref} orderRef={p.ref!} />,
  },
];
