import { STAFF_ROLES } from '../../api';
import { lazyScreens, type ScreenRoute } from '../../router';
import { TASK_PATHS } from './paths';

const screens = lazyScreens(() => import('./screens'));
const TasksBoard = screens.screen('TasksBoard');
const PlanImportPage = screens.screen('PlanImportPage');
const TasksOverviewPage = screens.screen('TasksOverviewPage');
const TaskDetailPage = screens.screen('TaskDetailPage');

/** Task monitoring: the board, importing a plan's tasks, the overview and one task (`?id=`). */
export const taskRoutes: ScreenRoute[] = [
  { path: TASK_PATHS.board, roles: STAFF_ROLES, render: (u) => <TasksBoard user={u!} /> },
  { path: TASK_PATHS.importPlan, roles: ['provincial_office', 'admin'], render: () => <PlanImportPage /> },
  { path: TASK_PATHS.overview, roles: STAFF_ROLES, render: () => <TasksOverviewPage /> },
  { path: TASK_PATHS.detail, roles: STAFF_ROLES, render: () => <TaskDetailPage /> },
];
