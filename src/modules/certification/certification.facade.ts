/**
 * The certification module's functions for other modules, exposed through certification.public.ts (moved there
 * unchanged: a public file only re-exports).
 */
import type { Executor } from '../../platform/db/database.js';
import { agenciesCertifying, findByHash } from './certification.repo.js';
import { registerLabel } from './certification.rules.js';

/** Whether a file (by SHA-256) is an electronic copy certified from its original here, with its record. */
export async function isCertified(db: Executor, sha256: string): Promise<{ id: string; registerLabel: string; agencyId: string; certifiedAt: Date } | null> {
  const c = await findByHash(db, sha256);
  return c ? { id: c.id, registerLabel: registerLabel(c.registerNo, c.year), agencyId: c.agencyId, certifiedAt: c.certifiedAt } : null;
}

/** QĐ 766 4.x: the agencies that provided electronic certified copies in [from, to) (at least one certified). */
export const agenciesProvidingCertifiedCopies = (db: Executor, from: Date, to: Date): Promise<Set<string>> => agenciesCertifying(db, from, to);
