import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { localFileStore } from '../../platform/files.js';
import { signaturesOf } from '../signatures/signatures.public.js';
import { registerCertificationRoutes } from './certification.routes.js';
import { createCertificationService } from './certification.service.js';

export function registerCertification(app: App, deps: Deps): void {
  const svc = createCertificationService({
    database: deps.database,
    files: localFileStore(deps.config.filesDir),
    signatures: signaturesOf(deps),
    publicBaseUrl: deps.config.publicBaseUrl,
    clock: deps.clock,
  });
  registerCertificationRoutes(app, svc);
}
