/**
 * The tasks service (plans assigned by the provincial People's Committee and their follow-up): one
 * object composed of the sub-services, each in its own file, sharing the core (tasks.core.ts):
 * - tasks.import.service.ts — reading a plan's appendix, preview, import (also as a progress job);
 * - tasks.board.service.ts — lists and detail, assignment, structuring a task's deadline;
 * - tasks.progress.service.ts — progress reports and their review;
 * - tasks.plans.service.ts — plans and files;
 * - tasks.followup.service.ts — statuses, reminders and escalation, overview, monthly digest;
 * - tasks.coordination.service.ts — requests for opinions between agencies.
 * The status engine (who must report, statuses from reports) is tasks.status.ts.
 */
import type { Database } from '../../platform/db/database.js';
import { createTasksCore, type TasksDeps } from './tasks.core.js';
import { createImportService } from './tasks.import.service.js';
import { createBoardService } from './tasks.board.service.js';
import { createProgressService } from './tasks.progress.service.js';
import { createPlansService } from './tasks.plans.service.js';
import { createFollowUpService } from './tasks.followup.service.js';
import { createCoordinationService } from './tasks.coordination.service.js';
import { loadDirectory } from './tasks.status.js';

export { ASSIGNING_ROLES, type TasksDeps } from './tasks.core.js';
export { PLAN_IMPORT_JOB, type ImportFields, type UploadedFile } from './tasks.import.service.js';
export { refreshTaskStatuses } from './tasks.status.js';
export { todayVn } from './tasks.store.js';

/**
 * `deps.calendar` is needed for import, a changed deadline and the statuses job; other modules
 * that only read tasks or report progress call it with the database alone (see TasksDeps).
 */
export function createTasksService(database: Database, deps: TasksDeps = {}) {
  const core = createTasksCore(database, deps);
  const followUp = createFollowUpService(core);
  return {
    ...createImportService(core),
    ...createPlansService(core),
    ...createBoardService(core),
    ...createProgressService(core),
    overview: (planId: string | null) => followUp.overview(planId),
    followUp: followUp.followUp,
    refreshStatuses: async (today?: string) => {
      const { occurrences, tasks } = await followUp.refreshStatuses(today);
      return { occurrences, tasks };
    },
    monthlyDigest: followUp.monthlyDigest,
    ...createCoordinationService(core),
    loadDirectory: () => loadDirectory(core.store, core.db),
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
