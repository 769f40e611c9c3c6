/** The reports module's public surface (direction centre, issue 21): other modules import only from here. */
export { directionReportItems } from './reports.repo.js';
