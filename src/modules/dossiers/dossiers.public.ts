/**
 * The dossiers module's public surface for other modules: re-exports only (the logic lives in
 * dossiers.services.ts, dossiers.facade.ts, dossiers.queries.ts and the rule files).
 */
export type { DossierRow, FileRow, Applicant, ComponentEntry } from './dossiers.repo.js';
export type { DossierService, CreateDossierInput, ActionInput } from './dossiers.service.js';
export { STATUSES, paymentDue } from './dossiers.rules.js';
/** The lead agency's processing steps of a case, as a dossier's `currentStep` counts them (direction: the late-risk estimate's step names). */
export { leadSteps } from './dossiers.service.js';
export type { DossierState, PaymentRecord } from './dossiers.rules.js';

/** The app's dossier service (built once in src/app.ts: deps.dossiers), and the history import's replay service. */
export { buildDossierServices, dossierServiceFor, historyDossierService, type DossierServices } from './dossiers.services.js';
export {
  getDossier,
  getDossierByCode,
  listDossierFiles,
  getDossierFile,
  listApplicantDossiers,
  attachStoredFile,
  systemActor,
  confirmPaymentAsSystem,
  markComponentReused,
  importDossierFile,
  noteDeclaredDigitised,
} from './dossiers.facade.js';
/** Read-only SQL on the dossier tables for other modules (reports' figures, the front office's board, the QĐ 766 read model's sources). */
export {
  dossierFigures,
  readyToCollect,
  loadSnapshots,
  loadStatics,
  loadActions,
  dossierIdsAfter,
  type DossierFigures,
  type SnapshotInput,
  type LogAction,
} from './dossiers.queries.js';

export { ratingToken, verifyRatingToken, ratingUrl, type RatingChannel } from './rating-token.js';
export { lookupUrl, formatLookupKey } from './lookup-key.js';

/** Counts, items and the late-risk inputs for the direction centre (issue 21; SQL in dossiers.repo.ts). */
export {
  directionDossierCounts,
  directionDossierItems,
  riskHistory,
  openForRisk,
  type DirectionDossierCounts,
  type DirectionDossierItem,
} from './dossiers.repo.js';
/** Demo documents (the history seed makes the previous system's scans and results with the same code as the live demo). */
export { imagesToPdf } from './dossiers.digitisation.js';
/** The national portal adapter the configuration selects (the sandbox test checks which one). */
export { nationalPortalAdapter } from './dossiers.sync.js';
export { demoResultPdf } from './documents/demo-result.js';
