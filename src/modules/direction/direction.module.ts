import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { createNotifier } from '../integration/integration.public.js';
import { registerDirectionRoutes } from './direction.routes.js';
import { createDirectionService, TOPIC_PROMPT } from './direction.service.js';

export function registerDirection(app: App, deps: Deps): void {
  const svc = createDirectionService(deps.database, { clock: () => deps.clock.now() });
  registerDirectionRoutes(app, svc, deps.database);

  // Delivery of a prompt (đôn đốc) to its recipient. Until the notifications module (branch
  // wip/notify, notify()) is merged, it goes through the integration notifier port (SANDBOX:
  // recorded in integration_delivery; not configured: the row stays dead with that error).
  const notifier = createNotifier(deps.database.db, deps.config);
  deps.outbox.register(TOPIC_PROMPT, async (m) => {
    const p = m.payload as { recipient: { userId: string }; title: string; body: string; link: string; dedupeKey: string; promptId: string };
    await notifier.send({ channel: 'email', to: `user:${p.recipient.userId}`, subject: p.title, text: `${p.body}\n${p.link}`, key: p.dedupeKey, reference: `direction.prompt:${p.promptId}` });
  });

  // The late-risk estimate of every open dossier, every 30 minutes; the day's values for trends.
  deps.jobs.define('direction.risk', '*/30 * * * *', async () => {
    await svc.risk.refresh();
  });
  deps.jobs.define('direction.snapshot', '55 23 * * *', async () => {
    await svc.snapshot();
  });
}
