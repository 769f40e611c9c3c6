/** The only file other modules import from the signatures module. */
import type { Deps } from '../../platform/deps.js';
import type { Config } from '../../platform/config.js';
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
 * A signatures service outside a running app (the demo seed, which signs and seals what it
 * generates as of the story's own clock). Same configuration rules as the app's: the sandbox CA
 * only when SANDBOX names `signing` (demo mode), a configured seal or CSC provider otherwise.
 */
export function signaturesFor(config: Pick<Config, 'signing' | 'sandboxes' | 'dataDir'>, now: () => Date): SignaturesService {
  return createSignaturesService(config, now);
}

