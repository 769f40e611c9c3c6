import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerSignatureRoutes } from './signatures.routes.js';
import { signaturesOf } from './signatures.public.js';

export function registerSignatures(app: App, deps: Deps): void {
  const svc = signaturesOf(deps);
  registerSignatureRoutes(app, svc, deps.abuse);
  if (deps.config.production && svc.mode === 'sandbox') app.log.warn('SANDBOX signing is ON: results are signed with a local test CA that has no legal value.');
}
