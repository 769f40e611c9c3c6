/** The tasks module's public surface: other modules (reports, reform) import only from here. */
export { createTasksService, type TasksService } from './tasks.service.js';
export { parseDeadline, periodOf, occurrencesFor, aggregateStatus, coordinationSummary, type ParsedDeadline, type TaskStatus } from './tasks.rules.js';
export type { TaskOut, PlanOut, Overview } from './tasks.schemas.js';
