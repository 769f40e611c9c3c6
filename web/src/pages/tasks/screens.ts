// Task monitoring (board, plan import, overview, one task): one chunk, loaded on first visit.
export { TasksBoard } from './TasksBoard';
export { PlanImportPage } from './PlanImportPage';
export { TasksOverviewPage } from './OverviewPage';
export { TaskDetailPage } from './TaskDetailPage';
