import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { resolveSessionKey } from '../../platform/auth/auth.service.js';
import { localFileStore } from '../../platform/files.js';
import { createNotifier } from '../integration/integration.public.js';
import { getDossier } from '../dossiers/dossiers.public.js';
import { createCitizenService } from './citizens.service.js';
import { registerCitizenRoutes } from './citizens.routes.js';
import { vneidSandboxProvider } from './identity.js';
import { notificationFor } from './citizens.notify.js';
import * as repo from './citizens.repo.js';
import { createPrivacyService, RETENTION_CRON, RETENTION_JOB } from './citizens.privacy.service.js';
import { registerPrivacyRoutes } from './citizens.privacy.routes.js';

/** Daily at 07:00 (Asia/Ho_Chi_Minh): results nearing expiry → reminder and renewal offer. */
export const EXPIRY_CRON = '0 7 * * *';

export async function registerCitizens(app: App, deps: Deps): Promise<void> {
  const sessionKey = await resolveSessionKey(deps.database, deps.config.sessionSecret, deps.config.production);
  // The only identity provider shipped is the SANDBOX, on in demo mode and in production only with
  // SANDBOX=vneid; otherwise e-ID sign-in answers 503 identity_provider_not_configured until a real
  // VNeID adapter is written and configured in its place (docs/operations.md).
  const idp = deps.config.sandboxes.has('vneid') ? vneidSandboxProvider(deps.database) : null;
  const service = createCitizenService({
    database: deps.database,
    clock: deps.clock,
    files: localFileStore(deps.config.filesDir),
    sessionKey,
    sessionTtlHours: deps.config.sessionTtlHours,
    idp,
    dossiers: deps.dossiers.service, // the app's one dossier service (src/app.ts)
    publicBaseUrl: deps.config.publicBaseUrl,
  });
  // Personal data (issue 18 §2): notice and consent, ROPA, retention, correction requests.
  const privacy = createPrivacyService({ database: deps.database, clock: deps.clock, calendar: deps.calendar });
  registerCitizenRoutes(app, service, { idp, production: deps.config.production, db: deps.database.db, privacy, clock: deps.clock });
  registerPrivacyRoutes(app, privacy);
  deps.jobs.define(RETENTION_JOB, RETENTION_CRON, async () => {
    await privacy.applyRetention();
  });

  deps.jobs.define('citizens.expiry-reminders', EXPIRY_CRON, async () => {
    await service.runExpiryReminders();
  });

  // Files added to a dossier (results, digitised components) go to the applicant's warehouse.
  deps.outbox.register('dossier.file.added', async (m) => {
    const d = await getDossier(deps.database.db, String(m.payload.dossierId));
    if (!d?.applicantUserId) return;
    await deps.database.transaction((tx) => service.syncFromDossiers(tx, d.applicantUserId!, d));
  });

  const notifier = createNotifier(deps.database.db, deps.config);
  deps.outbox.register('citizens.notify', async (m) => {
    const p = m.payload as { userId: string };
    const profile = await repo.getProfile(deps.database.db, p.userId);
    if (!profile) return;
    const msg = notificationFor(m.payload as never, deps.config.publicBaseUrl);
    for (const channel of profile.notifyChannels.length ? profile.notifyChannels : (['email', 'sms'] as const)) {
      const to = channel === 'email' ? profile.email : channel === 'zalo' ? (profile.zaloPhone ?? profile.phone) : profile.phone;
      if (!to) continue;
      await notifier.send({
        channel,
        to,
        subject: channel === 'email' ? msg.subject : null,
        text: msg.text,
        key: `${m.id}:${channel}`,
        reference: `user:${p.userId}`,
      });
    }
  });
  // citizens.rating and citizens.profile_changed are audit-only (src/platform/outbox.topics.ts):
  // the quality indicators read dossier_rating through citizens.public, and nothing subscribes to
  // profile changes yet.
}
