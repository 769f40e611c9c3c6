// The citizen portal (submission wizard, warehouse, payments, privacy, e-ID): one chunk, loaded on first visit.
export { SubmitHomePage, SubmitProcedurePage } from './SubmitPage';
export {
  OnceOnlyPage,
  PaymentPage,
  RatingPage,
  RegisterPage,
  SandboxGatewayPage,
  TodoPage,
  VneidCallbackPage,
  VneidSandboxPage,
  WarehousePage,
} from './PortalPages';
export { CorrectionsQueuePage, MyPrivacyPage, PrivacyAdminPage } from './PrivacyPages';
