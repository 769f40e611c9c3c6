/** Client for the tasks module's API (plans, tasks, progress, coordination). */
import { GET, POST, PUT, apiUrl, multipart } from '../../api';
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

const at = (id: string) => ({ params: { path: { id } } });

export const tasksApi = {
  previewImport: (form: FormData) => POST('/api/v1/plans/import/preview', multipart(form)),
  importPlan: (form: FormData) => POST('/api/v1/plans/import', multipart(form)),
  startImport: (form: FormData) => POST('/api/v1/plans/imports', multipart(form)),
  importJob: (id: string, signal?: AbortSignal) => GET('/api/v1/plans/imports/{id}', { ...at(id), signal }),
  plans: (signal?: AbortSignal) => GET('/api/v1/plans', { params: { query: { limit: 200 } }, signal }),
  review: (planId: string, signal?: AbortSignal) => GET('/api/v1/plans/{id}/review', { ...at(planId), signal }),
  mapAgency: (planId: string, body: AgencyMappingBody) => POST('/api/v1/plans/{id}/agency-mappings', { ...at(planId), body }),
  tasks: (q: TaskQuery, signal?: AbortSignal) => GET('/api/v1/tasks', { params: { query: q }, signal }),
  task: (id: string, signal?: AbortSignal) => GET('/api/v1/tasks/{id}', { ...at(id), signal }),
  report: (id: string, body: ProgressBody) => POST('/api/v1/tasks/{id}/progress', { ...at(id), body }),
  reviewReport: (progressId: string, body: ReviewBody) => POST('/api/v1/task-progress/{id}/review', { ...at(progressId), body }),
  assign: (id: string, body: AssignBody) => PUT('/api/v1/tasks/{id}/agencies', { ...at(id), body }),
  uploadFile: (file: File) => {
    const f = new FormData();
    f.append('file', file);
    return POST('/api/v1/task-files', multipart(f));
  },
  overview: (plan?: string, signal?: AbortSignal) => GET('/api/v1/tasks/overview', { params: { query: { plan } }, signal }),
  exportUrl: (planId: string) => apiUrl('/api/v1/plans/{id}/export.xlsx', { path: { id: planId } }),
};
