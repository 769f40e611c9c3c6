import { lazyScreens, type ScreenRoute } from '../../router';
import { AGENCY_PATHS, BUILDER_PATH, INDICES_PATH, REFORM_PATHS, REFORM_ROLES, SURVEY_PATH } from './paths';

// Two chunks: the SIPAS survey module (the public survey and its builder) and the reform screens.
const survey = lazyScreens(() => import('./SurveyPages'));
const PublicSurveyPage = survey.screen('PublicSurveyPage');
const QuestionnairesPage = survey.screen('QuestionnairesPage');
const screens = lazyScreens(() => import('./screens'));
const ReformDashboardPage = screens.screen('ReformDashboardPage');
const ReformAgencyPage = screens.screen('ReformAgencyPage');
const IndicesPage = screens.screen('IndicesPage');
const SelfAssessmentPage = screens.screen('SelfAssessmentPage');
const PlansPage = screens.screen('PlansPage');

/** Administrative-reform screens: the index dashboard (ranking, SIPAS) and one agency's evidence. */
export const reformRoutes: ScreenRoute[] = [
  { path: REFORM_PATHS.dashboard, roles: REFORM_ROLES, render: (u) => <ReformDashboardPage user={u!} /> },
  { path: REFORM_PATHS.agency, roles: REFORM_ROLES, render: (u) => <ReformAgencyPage user={u!} /> },
  { path: INDICES_PATH, roles: REFORM_ROLES, render: (u) => <IndicesPage user={u!} /> },
  // An agency's own reform work, the SIPAS builder, and the public anonymous survey.
  { path: AGENCY_PATHS.self, roles: ['specialist', 'unit_leader', 'admin'], render: (u) => <SelfAssessmentPage user={u!} /> },
  { path: AGENCY_PATHS.plans, roles: ['specialist', 'unit_leader', 'admin', 'home_affairs', 'provincial_office'], render: (u) => <PlansPage user={u!} /> },
  { path: BUILDER_PATH, roles: REFORM_ROLES, render: (u) => <QuestionnairesPage user={u!} /> },
  { path: SURVEY_PATH, roles: null, render: () => <PublicSurveyPage /> },
];
