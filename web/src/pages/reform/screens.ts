// The reform dashboards, the province's indices and an agency's own reform work: one chunk, loaded on first visit.
export { ReformAgencyPage, ReformDashboardPage } from './ReformPages';
export { IndicesPage } from './IndicesPage';
export { PlansPage, SelfAssessmentPage } from './AgencyPages';
