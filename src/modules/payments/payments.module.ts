import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { notConfiguredGateway, sandboxGateway } from './gateway.js';
import { createPaymentService } from './payments.service.js';
import { registerPaymentRoutes } from './payments.routes.js';

/** Every minute: pending orders past their expiry are checked with the gateway (timeout path). */
export const EXPIRE_CRON = '* * * * *';

export function registerPayments(app: App, deps: Deps): void {
  // The only gateway shipped is the SANDBOX, on in demo mode and in production only with
  // SANDBOX=payment; otherwise online payment answers 503 payment_gateway_not_configured until a
  // real adapter (national payment platform, a provincial gateway) replaces it (docs/operations.md).
  const gateway = deps.config.sandboxes.has('payment') ? sandboxGateway(deps.database, deps.config.paymentSandboxSecret) : notConfiguredGateway();
  const service = createPaymentService({
    database: deps.database,
    clock: deps.clock,
    gateway,
    dossiers: deps.dossiers.service,
    publicBaseUrl: deps.config.publicBaseUrl,
  });
  registerPaymentRoutes(app, service, gateway);
  deps.jobs.define('payments.expire-and-resume', EXPIRE_CRON, async () => {
    await service.expireDue();
  });
  deps.outbox.register('payments.resume_dossier', async (m) => {
    await service.resumeDossier(String(m.payload.paymentId));
  });
}
