// The public catalogue (procedure search and pages): one chunk, loaded on first visit.
export { ProcedureListPage } from './ProcedureListPage';
export { ProcedureDetailPage } from './ProcedureDetailPage';
