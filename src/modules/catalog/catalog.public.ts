/**
 * The catalogue's public surface: other modules import only from here.
 *
 * A dossier stores the id of the procedure version it was received under
 * (`ProcedureVersion.version.versionId`) and reads it back with `getProcedureVersion`; versions
 * that are published are immutable, so that content never changes under the dossier.
 */
export { checkWorkflow, toWorkingHours, operativeTime, formatDuration, HOURS_PER_WORKING_DAY } from './catalog.rules.js';
export { TOPIC_PROCEDURE_CHANGED } from './catalog.service.js';
export {
  chooseFees,
  quoteLine,
  quoteTotal,
  quoteGross,
  isApplicantGroup,
  APPLICANT_GROUP_LABELS,
  type FeeLine,
  type QuoteLine,
  type ChosenFees,
} from './catalog.fees.js';
export { APPLICANT_GROUPS, type ApplicantGroup } from './catalog.schemas.js';
export type {
  ProcedureVersion,
  ProcedureContent,
  CaseDef,
  Component,
  Fee,
  EForm,
  EFormField,
  Workflow,
  WorkflowStep,
  Duration,
  Budget,
  AgencyRef,
  VersionMeta,
  TimeUnit,
} from './catalog.schemas.js';
export { getProcedureVersion, getCurrentVersion, getCurrentVersionId } from './catalog.facade.js';
