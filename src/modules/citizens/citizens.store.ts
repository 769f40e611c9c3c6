/**
 * The reads and writes of the citizens ratings service (citizens.ratings.service.ts): the module's
 * repository, the dossiers, rating tokens and agency scope it reads, and the audit and outbox rows
 * it writes. Passed in (CitizenDeps.store; default: the real ones) so a service-level test can run a
 * rule against a typed fake with no database. The other citizens sub-services still call their
 * repository directly.
 */
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { agencyScope, getAgency } from '../org/org.public.js';
import { getDossier, listApplicantDossiers, ratingToken, verifyRatingToken } from '../dossiers/dossiers.public.js';
import * as citizensRepo from './citizens.repo.js';

export const citizensStore = {
  ...citizensRepo,
  getDossier,
  listApplicantDossiers,
  ratingToken,
  verifyRatingToken,
  agencyScope,
  getAgency,
  recordAudit,
  enqueue,
};
export type CitizensStore = typeof citizensStore;
