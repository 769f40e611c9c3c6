/** Client for the tasks module's API (plans, tasks, progress, coordination). */
import { request, withQuery } from '../../api';
import type { ApiBody, ApiOk, ApiQuery, Item } from '../../api/types';

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
export type TaskPage = ApiOk<'/api/v1/tasks'>;
export type Task = Item<TaskPage['items']>;
export type TaskStatus = Task['status'];
/** Every task status, in the order the screens list them (tasksApi.test.ts keeps it equal to the server's STATUSES). */
export const TASK_STATUSES: readonly TaskStatus[] = ['not_started', 'in_progress', 'done', 'done_late', 'overdue', 'cannot_do'];
export type Assignment = Item<Task['lead']>;
export type Deadline = Task['deadline'];
export type PlanPage = ApiOk<'/api/v1/plans'>;
export type Plan = Item<PlanPage['items']>;
export type PlanReview = ApiOk<'/api/v1/plans/{id}/review'>;
export type TaskDetail = ApiOk<'/api/v1/tasks/{id}'>;
export type Occurrence = Item<TaskDetail['occurrences']>;
export type Progress = Item<TaskDetail['progress']>;
/** The plan and its tasks as created (POST /api/v1/plans/import). */
export type ImportResult = ApiOk<'/api/v1/plans/import', 'post'>;
/** A plan import run as a job (POST /api/v1/plans/imports), as its progress route shows it. */
export type ImportJob = ApiOk<'/api/v1/plans/imports/{id}'>;
/** What an import would create (POST /api/v1/plans/import/preview writes nothing). */
export type ImportPreview = ApiOk<'/api/v1/plans/import/preview', 'post'>;
export type Overview = ApiOk<'/api/v1/tasks/overview'>;
export type OverviewRow = Item<Overview['agencies']>;
export type TaskQuery = ApiQuery<'/api/v1/tasks'>;
/** The task board's views of the caller's agency (GET /api/v1/tasks?view=). */
export type TaskView = NonNullable<TaskQuery['view']>;
/** The views in the order the board's tabs show them (tasksApi.test.ts keeps it equal to the server's TASK_VIEWS). */
export const TASK_VIEWS: readonly TaskView[] = ['lead', 'support', 'due_soon', 'overdue'];
export type ProgressBody = ApiBody<'/api/v1/tasks/{id}/progress', 'post'>;
/** The statuses an agency may report (the others follow from the deadline). */
export type ReportedStatus = ProgressBody['status'];
/** The statuses an agency may report, in the order the form lists them (tasksApi.test.ts keeps it equal to the server's). */
export const REPORTED_STATUSES: readonly ReportedStatus[] = ['not_started', 'in_progress', 'done', 'cannot_do'];
export type ReviewBody = ApiBody<'/api/v1/task-progress/{id}/review', 'post'>;
export type AssignBody = ApiBody<'/api/v1/tasks/{id}/agencies', 'put'>;
export type AgencyMappingBody = ApiBody<'/api/v1/plans/{id}/agency-mappings', 'post'>;
/** A group of agencies a task may be given to as a whole (tất cả các sở, UBND các xã, các cơ quan liên quan). */
export type AgencyGroup = NonNullable<AgencyMappingBody['group']>;
/** The groups, in the order the mapping list shows them (tasksApi.test.ts keeps it equal to the server's AGENCY_GROUPS). */
export const AGENCY_GROUPS: readonly AgencyGroup[] = ['departments', 'communes', 'related'];
export type UploadedFile = ApiOk<'/api/v1/task-files', 'post'>;

const upload = <T>(path: string, form: FormData) => request<T>(path, { method: 'POST', body: form });

export const tasksApi = {
  previewImport: (form: FormData) => upload<ImportPreview>('/api/v1/plans/import/preview', form),
  importPlan: (form: FormData) => upload<ImportResult>('/api/v1/plans/import', form),
  startImport: (form: FormData) => upload<ImportJob>('/api/v1/plans/imports', form),
  importJob: (id: string, signal?: AbortSignal) => request<ImportJob>(`/api/v1/plans/imports/${id}`, { signal }),
  plans: (signal?: AbortSignal) => request<PlanPage>('/api/v1/plans', { query: { limit: 200 }, signal }),
  review: (planId: string, signal?: AbortSignal) => request<PlanReview>(`/api/v1/plans/${planId}/review`, { signal }),
  mapAgency: (planId: string, body: AgencyMappingBody) =>
    request<ApiOk<'/api/v1/plans/{id}/agency-mappings', 'post'>>(`/api/v1/plans/${planId}/agency-mappings`, { method: 'POST', body }),
  tasks: (q: TaskQuery, signal?: AbortSignal) => request<TaskPage>('/api/v1/tasks', { query: q, signal }),
  task: (id: string, signal?: AbortSignal) => request<TaskDetail>(`/api/v1/tasks/${id}`, { signal }),
  report: (id: string, body: ProgressBody) => request<Progress>(`/api/v1/tasks/${id}/progress`, { method: 'POST', body }),
  reviewReport: (progressId: string, body: ReviewBody) => request<Progress>(`/api/v1/task-progress/${progressId}/review`, { method: 'POST', body }),
  assign: (id: string, body: AssignBody) => request<Task>(`/api/v1/tasks/${id}/agencies`, { method: 'PUT', body }),
  uploadFile: (file: File) => {
    const f = new FormData();
    f.append('file', file);
    return upload<UploadedFile>('/api/v1/task-files', f);
  },
  overview: (plan?: string, signal?: AbortSignal) => request<Overview>('/api/v1/tasks/overview', { query: { plan }, signal }),
  exportUrl: (planId: string) => withQuery(`/api/v1/plans/${planId}/export.xlsx`),
};
