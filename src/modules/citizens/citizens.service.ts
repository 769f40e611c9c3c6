/**
 * The citizens module's service: one object made of four sub-services that share their
 * dependencies, checks and views (citizens.shared.ts): accounts (citizens.accounts.service.ts), the data warehouse
 * (citizens.warehouse.service.ts), online submission (citizens.submission.service.ts) and
 * ratings (citizens.ratings.service.ts).
 */
import type { CitizenDeps } from './citizens.shared.js';
import { createAccountService } from './citizens.accounts.service.js';
import { createWarehouseService } from './citizens.warehouse.service.js';
import { createSubmissionService } from './citizens.submission.service.js';
import { createRatingService } from './citizens.ratings.service.js';

export { ratingStats } from './citizens.ratings.service.js';
export { identityProviderNotConfigured, STAFF_READER_ROLES, todayVn, type CitizenDeps } from './citizens.shared.js';
export type { RegisterInput } from './citizens.accounts.service.js';

export function createCitizenService(deps: CitizenDeps) {
  return { ...createAccountService(deps), ...createWarehouseService(deps), ...createSubmissionService(deps), ...createRatingService(deps) };
}

export type CitizenService = ReturnType<typeof createCitizenService>;
