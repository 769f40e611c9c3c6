/** The tasks module's public surface: other modules (reports, reform, direction) import only from here. */
export { createTasksService, type TasksService, type TasksDeps } from './tasks.service.js';
export {
  parseDeadline,
  periodOf,
  occurrencesFor,
  aggregateStatus,
  coordinationSummary,
  STATUSES as TASK_STATUSES,
  type ParsedDeadline,
  type TaskStatus,
} from './tasks.rules.js';
export type { TaskOut, PlanOut, Overview } from './tasks.schemas.js';
export {
  createPlanWithTasks,
  addTaskToModulePlan,
  updateModuleTask,
  removeModuleTask,
  statusOfTasks,
  tasksById,
  type PlanFromModule,
} from './tasks.module-plans.js';

/** Overdue and due-soon tasks by lead agency (direction centre, issue 21). */
export { directionTaskItems } from './tasks.repo.js';
