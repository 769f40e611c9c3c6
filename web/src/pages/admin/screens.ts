// The administrator's screens: one chunk, loaded on first visit.
export { UnitsPage } from './UnitsPage';
export { AgenciesPage } from './AgenciesPage';
export { StaffPage } from './StaffPage';
export { AuditPage } from './AuditPage';
export { OutboxPage } from './OutboxPage';
export { HistoryImportPage } from './HistoryImportPage';
