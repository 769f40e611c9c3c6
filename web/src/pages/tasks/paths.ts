/** The task-monitoring addresses, shared by the route table and the pages (without loading the pages). */
export const TASK_PATHS = {
  board: '/giam-sat/nhiem-vu',
  importPlan: '/giam-sat/nhiem-vu/nhap-ke-hoach',
  overview: '/giam-sat/nhiem-vu/tong-hop',
  detail: '/giam-sat/nhiem-vu/chi-tiet',
} as const;
