/** The only file other modules import from the signatures module. */
import type { Deps } from '../../platform/deps.js';
import type { Executor } from '../../platform/db/database.js';
import { getChecks } from './signatures.repo.js';
import { createSignaturesService, type SignaturesService } from './signatures.service.js';

export type { SignaturesService, FileVerification, SignOptions } from './signatures.service.js';
export type { OfficialProfile, Identity } from './signers.js';
export type { SignatureReport } from './verify.js';
export { CscError } from './signers.js';

const services = new WeakMap<Deps, SignaturesService>();

/** The one signatures service of an app (built on first use from its configuration and clock). */
export function signaturesOf(deps: Deps): SignaturesService {
  let s = services.get(deps);
  if (!s) {
    s = createSignaturesService(deps.config, () => deps.clock.now());
    services.set(deps, s);
  }
  return s;
}

/**
 * The kept verdicts of files by SHA-256 (every PDF uploaded to a dossier and every signed result is
 * checked when stored): `valid` means every signature in it is valid. Hashes never checked are absent.
 */
export async function storedSignatureStatus(db: Executor, hashes: string[]): Promise<Map<string, 'none' | 'valid' | 'problem'>> {
  const m = await getChecks(db, [...new Set(hashes)]);
  return new Map([...m].map(([k, v]) => [k, v.status]));
}
