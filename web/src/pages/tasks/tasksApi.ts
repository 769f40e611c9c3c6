/** Client for the tasks module's API (plans, tasks, progress, coordination). */
import { ApiError, CSRF_HEADERS, request, withQuery, type Page, type Problem } from '../../api';
import type { ApiOk } from '../../api/types';

export type TaskStatus = 'not_started' | 'in_progress' | 'done' | 'done_late' | 'overdue' | 'cannot_do';
export const TASK_STATUSES: readonly TaskStatus[] = ['not_started', 'in_progress', 'done', 'done_late', 'overdue', 'cannot_do'];

export interface Assignment {
  ordinal: number;
  written: string;
  agencyId: string | null;
  agencyName: string | null;
  group: 'departments' | 'communes' | 'related' | null;
  groupName: string | null;
  note: string | null;
  matched: boolean;
}

export interface Deadline {
  text: string;
  kind: string;
  dueOn: string | null;
  startOn: string | null;
  targetOn: string | null;
  recurrence: 'monthly' | 'quarterly' | 'semiannual' | 'annual' | null;
  reference: string | null;
  reviewOn: string | null;
  needsReview: boolean;
}

export interface Task {
  id: string;
  planId: string;
  planTitle: string;
  number: string | null;
  section: string | null;
  content: string;
  output: string | null;
  leadText: string;
  supportText: string;
  lead: Assignment[];
  support: Assignment[];
  deadline: Deadline;
  status: TaskStatus;
  percent: number;
  nextDueOn: string | null;
  version: number;
}

export interface Plan {
  id: string;
  number: string | null;
  issuedOn: string | null;
  signer: string | null;
  title: string;
  taskCount: number;
  reportDay: number;
  createdAt: string;
  version: number;
}

export interface Occurrence {
  id: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  status: TaskStatus;
}

export interface Progress {
  id: string;
  occurrenceId: string;
  periodKey: string;
  agencyId: string;
  agencyName: string;
  role: 'lead' | 'support';
  status: TaskStatus;
  percent: number;
  narrative: string;
  reason: string | null;
  fileIds: string[];
  reviewState: 'submitted' | 'accepted' | 'returned';
  reviewNote: string | null;
  reportedAt: string;
  reportedBy: string | null;
  version: number;
}

export interface TaskDetail {
  task: Task;
  occurrences: Occurrence[];
  progress: Progress[];
  history: { id: string; at: string; action: string; actorName: string | null; agencyName: string | null; payload: Record<string, unknown> }[];
  can: { report: { agencyId: string; agencyName: string; role: string }[]; review: boolean; edit: boolean };
}

export interface ImportResult {
  plan: Plan;
  taskCount: number;
  sections: string[];
  unmatched: string[];
  deadlinesToReview: { number: string | null; text: string }[];
  warnings: string[];
}

/** A plan import run as a job (POST /api/v1/plans/imports), as its progress route shows it. */
export type ImportJob = ApiOk<'/api/v1/plans/imports/{id}'>;

/** What an import would create (POST /api/v1/plans/import/preview writes nothing). */
export interface ImportPreview {
  plan: { kind: string; number: string | null; issuedOn: string | null; signer: string | null; title: string; reportDay: number };
  format: string;
  taskCount: number;
  sections: string[];
  tasks: { number: string | null; section: string | null; content: string; lead: string; support: string; deadline: string; dueOn: string | null; needsReview: boolean; unmatched: string[] }[];
  unmatched: string[];
  deadlinesToReview: { number: string | null; text: string }[];
  warnings: string[];
}

export interface OverviewRow {
  agencyId: string;
  agencyName: string;
  kind: string;
  assigned: number;
  done: number;
  doneLate: number;
  inProgress: number;
  overdue: number;
  notStarted: number;
  cannotDo: number;
  completionRate: number;
}

export interface Overview {
  asOf: string;
  totals: { tasks: number; byStatus: Record<string, number> };
  agencies: OverviewRow[];
}

async function upload<T>(path: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json, application/problem+json', ...CSRF_HEADERS } });
  } catch {
    throw new ApiError(0, null, 'network error');
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const problem = data && typeof data === 'object' ? ({ status: res.status, ...(data as object) } as Problem) : null;
    throw new ApiError(res.status, problem, problem?.detail ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export const tasksApi = {
  previewImport: (form: FormData) => upload<ImportPreview>('/api/v1/plans/import/preview', form),
  importPlan: (form: FormData) => upload<ImportResult>('/api/v1/plans/import', form),
  startImport: (form: FormData) => upload<ImportJob>('/api/v1/plans/imports', form),
  importJob: (id: string, signal?: AbortSignal) => request<ImportJob>(`/api/v1/plans/imports/${id}`, { signal }),
  plans: (signal?: AbortSignal) => request<Page<Plan>>('/api/v1/plans', { query: { limit: 200 }, signal }),
  review: (planId: string, signal?: AbortSignal) =>
    request<{ plan: Plan; unmatched: { written: string; role: string; tasks: string[] }[]; deadlines: { taskId: string; number: string | null; text: string }[] }>(`/api/v1/plans/${planId}/review`, { signal }),
  mapAgency: (planId: string, body: { written: string; agencyId?: string; group?: string }) => request<{ tasks: number }>(`/api/v1/plans/${planId}/agency-mappings`, { method: 'POST', body }),
  tasks: (q: { plan?: string; agency?: string; status?: string; view?: string; q?: string; limit: number; offset: number }, signal?: AbortSignal) => request<Page<Task>>('/api/v1/tasks', { query: q, signal }),
  task: (id: string, signal?: AbortSignal) => request<TaskDetail>(`/api/v1/tasks/${id}`, { signal }),
  report: (id: string, body: { status: string; percent: number; narrative: string; reason?: string; agencyId?: string; occurrenceId?: string; fileIds?: string[]; version?: number }) =>
    request<Progress>(`/api/v1/tasks/${id}/progress`, { method: 'POST', body }),
  reviewReport: (progressId: string, body: { decision: 'accept' | 'return'; note?: string; version: number }) => request<Progress>(`/api/v1/task-progress/${progressId}/review`, { method: 'POST', body }),
  assign: (id: string, body: { lead: { agencyId?: string; group?: string }[]; support: { agencyId?: string; group?: string }[]; version: number }) => request<Task>(`/api/v1/tasks/${id}/agencies`, { method: 'PUT', body }),
  uploadFile: (file: File) => {
    const f = new FormData();
    f.append('file', file);
    return upload<{ id: string; name: string; size: number }>('/api/v1/task-files', f);
  },
  overview: (plan?: string, signal?: AbortSignal) => request<Overview>('/api/v1/tasks/overview', { query: { plan }, signal }),
  exportUrl: (planId: string) => withQuery(`/api/v1/plans/${planId}/export.xlsx`),
};
