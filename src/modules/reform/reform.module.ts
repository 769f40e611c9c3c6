import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerReformRoutes } from './reform.routes.js';
import { createReformService } from './reform.service.js';
import { registerReformIndicesRoutes } from './reform.indices.routes.js';
import { createReformIndicesService } from './reform.indices.service.js';
import { registerReformExportRoutes } from './reform.exports.js';
import { getSetting } from '../../platform/auth/auth.repo.js';
import { localFileStore } from '../../platform/files.js';
import { createNotifier } from '../integration/integration.public.js';
import { createEvidenceService } from './reform.evidence.service.js';
import { registerReformEvidenceRoutes } from './reform.evidence.routes.js';
import { registerReformSipasRoutes } from './reform.sipas.routes.js';
import { planReminderText } from './reform.plans.service.js';
import { leadersWithContact } from './reform.repo.js';
import type { PlanKind } from './reform.rules.js';

/** Daily at 07:45 (Asia/Ho_Chi_Minh): reminders for reform plans not submitted as the due date nears or has passed. */
export const PLAN_REMINDER_CRON = '45 7 * * *';

export function registerReform(app: App, deps: Deps): void {
  const reform = createReformService(deps.database, deps.clock);
  registerReformRoutes(app, reform);
  // Provincial indices (issue #10 §4) and exports of the reform results.
  const indices = createReformIndicesService(deps.database, deps.clock);
  registerReformIndicesRoutes(app, indices);
  registerReformExportRoutes(app, reform, indices, async () => (await getSetting(deps.database.db, 'province_name')) ?? '', deps.clock);

  // Evidence files (stored like dossier files), the SIPAS questionnaire builder and counter posters,
  // and the reminder job for missing plans.
  registerReformEvidenceRoutes(app, createEvidenceService(deps.database, localFileStore(deps.config.filesDir)));
  registerReformSipasRoutes(app, reform, { database: deps.database, publicBaseUrl: deps.config.publicBaseUrl, demo: deps.config.demo });
  deps.jobs.define('reform.plan-reminders', PLAN_REMINDER_CRON, async () => {
    await reform.planReminders(deps.clock.now());
  });
  // Each reminder goes by e-mail to the agency's leaders who have an address, through the
  // integration notifier (a SANDBOX adapter: recorded in integration_delivery, not sent).
  const notifier = createNotifier(deps.database.db, deps.config);
  deps.outbox.register('reform.plan.reminder', async (m) => {
    const p = m.payload as { agencyId: string; agencyName: string; planKind: PlanKind; year: number; reminder: string; dueOn: string };
    const { subject, text } = planReminderText(p);
    const leaders = await leadersWithContact(deps.database.db, p.agencyId);
    for (const l of leaders.filter((x) => x.email))
      await notifier.send({
        channel: 'email',
        to: l.email!,
        subject,
        text,
        key: `${m.id}:${l.id}`,
        reference: `reform_plan:${p.agencyId}:${p.planKind}:${p.year}`,
      });
    if (!leaders.some((x) => x.email))
      app.log.info({ outboxId: m.id, agencyId: p.agencyId, reminder: p.reminder }, 'reform plan reminder: no leader with an e-mail address');
  });
}
