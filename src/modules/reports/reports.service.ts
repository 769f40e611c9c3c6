/**
 * Use cases of the reporting system (Nghị định 09/2019/NĐ-CP): one object composed of the
 * sub-services, each in its own file, sharing the core (reports.core.ts: deps, store, roles,
 * access checks, loaders, the action log, the period and submission summaries):
 * - reports.regimes.service.ts — regimes with versions, the periods a regime gives in a year;
 * - reports.periods.service.ts — periods opened by a receiver or by schedule (daily job);
 * - reports.submissions.service.ts — reading submissions, their versions and log;
 * - reports.drafting.service.ts — filling a report: save, system figures, XLSX import;
 * - reports.workflow.service.ts — leader sign-off, submission (late or not), return, acceptance;
 * - reports.documents.service.ts — the report's PDF, the signed PDF, the export's content;
 * - reports.aggregation.service.ts — a period's aggregate and a regime's series;
 * - reports.consolidation.service.ts — the receiver's consolidated report for the level above;
 * - reports.reminders.service.ts — due and overdue reminders (daily job).
 *
 * Every state change writes its action-log row (submissions), audit row and outbox row in the
 * transaction of the change.
 */
import type { Issue } from './reports.template.js';
import { createReportsCore, type ReportsDeps } from './reports.core.js';
import { createRegimesService } from './reports.regimes.service.js';
import { createPeriodsService } from './reports.periods.service.js';
import { createSubmissionsService } from './reports.submissions.service.js';
import { createDraftingService } from './reports.drafting.service.js';
import { createWorkflowService } from './reports.workflow.service.js';
import { createDocumentsService, reportPdfRenderer } from './reports.documents.service.js';
import { createAggregationService } from './reports.aggregation.service.js';
import { createConsolidationService } from './reports.consolidation.service.js';
import { createRemindersService } from './reports.reminders.service.js';

export {
  REPORTER_ROLES,
  SIGNER_ROLES,
  RECEIVER_ROLES,
  contentHash,
  overriddenCells,
  allowedActions,
  type ReportSigning,
  type ReportsDeps,
} from './reports.core.js';

export function createReportsService(deps: ReportsDeps) {
  const core = createReportsCore(deps);
  const renderPdf = reportPdfRenderer(core);
  const submissions = createSubmissionsService(core);
  const aggregation = createAggregationService(core);
  return {
    ...createRegimesService(core),
    ...createPeriodsService(core),
    ...submissions,
    ...createDraftingService(core, submissions.getSubmission),
    ...createWorkflowService(core, submissions.getSubmission, renderPdf),
    ...createDocumentsService(core, renderPdf),
    ...aggregation,
    ...createConsolidationService(core, aggregation.aggregatePeriod),
    ...createRemindersService(core),
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
export type { Issue };
