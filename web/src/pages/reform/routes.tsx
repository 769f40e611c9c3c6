import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { REFORM_PATHS, REFORM_ROLES, ReformAgencyPage, ReformDashboardPage } from './ReformPages';
import { INDICES_PATH, IndicesPage } from './IndicesPage';
import { AGENCY_PATHS, PlansPage, SelfAssessmentPage } from './AgencyPages';
import { BUILDER_PATH, PublicSurveyPage, QuestionnairesPage, SURVEY_PATH } from './SurveyPages';
import './reform.css';

/** Administrative-reform screens: the index dashboard (ranking, SIPAS) and one agency's evidence. */
export function resolveReformRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  switch (pathname) {
    case REFORM_PATHS.dashboard:
      return { roles: REFORM_ROLES, render: (u) => <ReformDashboardPage user={u!} /> };
    case REFORM_PATHS.agency:
      return { roles: REFORM_ROLES, render: (u) => <ReformAgencyPage user={u!} /> };
    case INDICES_PATH:
      return { roles: REFORM_ROLES, render: (u) => <IndicesPage user={u!} /> };
    // An agency's own reform work, the SIPAS builder, and the public anonymous survey.
    case AGENCY_PATHS.self:
      return { roles: ['specialist', 'unit_leader', 'admin'], render: (u) => <SelfAssessmentPage user={u!} /> };
    case AGENCY_PATHS.plans:
      return { roles: ['specialist', 'unit_leader', 'admin', 'home_affairs', 'provincial_office'], render: (u) => <PlansPage user={u!} /> };
    case BUILDER_PATH:
      return { roles: REFORM_ROLES, render: (u) => <QuestionnairesPage user={u!} /> };
    case SURVEY_PATH:
      return { roles: null, render: () => <PublicSurveyPage /> };
    default:
      return null;
  }
}
