/** The only file other modules import from the signatures module. */
import type { Deps } from '../../platform/deps.js';
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
