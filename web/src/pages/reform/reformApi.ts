/** Client for the administrative reform module's API (src/modules/reform: PAR INDEX, SIPAS, plans, indices). */
import { DELETE, GET, POST, PUT, apiUrl, multipart } from '../../api';
import type { ApiBody, ApiPath, ApiQuery } from '../../api/types';

export type ScoresBody = ApiBody<'/api/v1/reform/par/{year}/assessments/{agencyId}/scores', 'put'>;
export type PlanCreate = ApiBody<'/api/v1/reform/plans', 'post'>;
export type PlanUpdate = ApiBody<'/api/v1/reform/plans/{id}', 'put'>;
export type IndexResultBody = ApiBody<'/api/v1/reform/indices/{index}/results/{year}', 'put'>;
export type NewIndexTaskBody = ApiBody<'/api/v1/reform/indices/{index}/components/{component}/tasks/new', 'post'>;
export type SipasResponseBody = ApiBody<'/api/v1/reform/sipas/responses', 'post'>;
export type QuestionnaireUpdate = ApiBody<'/api/v1/reform/sipas/questionnaires/{id}', 'put'>;
export type IndexCode = ApiPath<'/api/v1/reform/indices/{index}'>['index'];
export type AgencyQuery = ApiQuery<'/api/v1/agencies'>;

/** The link to an evidence file of an assessment (download; the session cookie authenticates it). */
export const evidenceUrl = (year: number, agencyId: string, fileId: string) =>
  apiUrl('/api/v1/reform/par/{year}/assessments/{agencyId}/evidence/{fileId}', { path: { year, agencyId, fileId } });

export const reformApi = {
  // PAR INDEX: the agency's self-assessment, its evidence, the ranking.
  assessment: (year: number, agencyId: string, signal?: AbortSignal) =>
    GET('/api/v1/reform/par/{year}/assessments/{agencyId}', { params: { path: { year, agencyId } }, signal }),
  saveScores: (year: number, agencyId: string, items: ScoresBody['items']) =>
    PUT('/api/v1/reform/par/{year}/assessments/{agencyId}/scores', { params: { path: { year, agencyId } }, body: { items } }),
  submitAssessment: (year: number, agencyId: string) =>
    POST('/api/v1/reform/par/{year}/assessments/{agencyId}/submit', { params: { path: { year, agencyId } } }),
  uploadEvidence: (year: number, agencyId: string, criterionId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return POST('/api/v1/reform/par/{year}/assessments/{agencyId}/evidence', {
      params: { path: { year, agencyId }, query: { criterionId } },
      ...multipart(form),
    });
  },
  deleteEvidence: (year: number, agencyId: string, fileId: string) =>
    DELETE('/api/v1/reform/par/{year}/assessments/{agencyId}/evidence/{fileId}', { params: { path: { year, agencyId, fileId } } }),
  ranking: (year: number) => GET('/api/v1/reform/par/{year}/ranking', { params: { path: { year } } }),

  // Reform plans.
  plans: (signal?: AbortSignal) => GET('/api/v1/reform/plans', { signal }),
  plan: (id: string, signal?: AbortSignal) => GET('/api/v1/reform/plans/{id}', { params: { path: { id } }, signal }),
  createPlan: (body: PlanCreate) => POST('/api/v1/reform/plans', { body }),
  updatePlan: (id: string, body: PlanUpdate) => PUT('/api/v1/reform/plans/{id}', { params: { path: { id } }, body }),
  planStatus: (year: number, signal?: AbortSignal) => GET('/api/v1/reform/plans/status', { params: { query: { year } }, signal }),

  // The province's indices (PAR INDEX, SIPAS, PAPI, PCI…) and the tasks of their components.
  indices: () => GET('/api/v1/reform/indices'),
  putIndexResult: (index: IndexCode, year: number, body: IndexResultBody) =>
    PUT('/api/v1/reform/indices/{index}/results/{year}', { params: { path: { index, year } }, body }),
  newComponentTask: (index: IndexCode, component: string, body: NewIndexTaskBody) =>
    POST('/api/v1/reform/indices/{index}/components/{component}/tasks/new', { params: { path: { index, component } }, body }),
  linkComponentTasks: (index: IndexCode, component: string, taskIds: string[], year: number) =>
    POST('/api/v1/reform/indices/{index}/components/{component}/tasks', { params: { path: { index, component } }, body: { taskIds, year } }),
  /** The tasks a component may be linked to, searched by text. */
  searchTasks: (q: string) => GET('/api/v1/tasks', { params: { query: { q, limit: 20 } } }),

  // SIPAS: the survey, its index and the questionnaires' builder.
  sipasIndex: (year: number) => GET('/api/v1/reform/sipas/index', { params: { query: { year } } }),
  questionnaire: (signal?: AbortSignal) => GET('/api/v1/reform/sipas/questionnaire', { signal }),
  respond: (body: SipasResponseBody) => POST('/api/v1/reform/sipas/responses', { body }),
  questionnaires: (signal?: AbortSignal) => GET('/api/v1/reform/sipas/questionnaires', { signal }),
  copyQuestionnaire: (year: number, copyFrom: string) => POST('/api/v1/reform/sipas/questionnaires', { body: { year, copyFrom } }),
  updateQuestionnaire: (id: string, body: QuestionnaireUpdate) => PUT('/api/v1/reform/sipas/questionnaires/{id}', { params: { path: { id } }, body }),
  publishQuestionnaire: (id: string) => POST('/api/v1/reform/sipas/questionnaires/{id}/publish', { params: { path: { id } } }),

  // The agencies the reform screens pick from.
  agencies: (q: AgencyQuery, signal?: AbortSignal) => GET('/api/v1/agencies', { params: { query: q }, signal }),
  agency: (id: string, signal?: AbortSignal) => GET('/api/v1/agencies/{id}', { params: { path: { id } }, signal }),
  resolveAgency: (name: string, signal?: AbortSignal) => GET('/api/v1/agencies/resolve', { params: { query: { name } }, signal }),
};
