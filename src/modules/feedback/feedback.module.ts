import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerFeedbackRoutes } from './feedback.routes.js';
import { createFeedbackService } from './feedback.service.js';
import { NOTIFY_TOPICS, SandboxFeedbackNotifier } from './feedback.notify.js';
import { registerOpen311Routes } from './open311.routes.js';

/** The path of the public page where a sender follows a feedback (used in notifications). */
export const TRACK_PATH = '/phan-anh/theo-doi';

export function registerFeedback(app: App, deps: Deps): void {
  const feedback = createFeedbackService(deps);
  registerFeedbackRoutes(app, feedback, deps.abuse);
  registerOpen311Routes(app, feedback, deps.database, deps.config);

  // Notifications to senders and staff go through the outbox; the notifier is a sandbox adapter.
  const notifier = new SandboxFeedbackNotifier(deps.database, deps.config.publicBaseUrl.replace(/\/$/, '') + TRACK_PATH);
  for (const topic of Object.values(NOTIFY_TOPICS)) deps.outbox.register(topic, (m) => notifier.deliver(m));

  // Reminders (≤ 1 working day left) and escalation of overdue stages, every 30 minutes.
  deps.jobs.define('feedback.sweep', '*/30 * * * *', async () => {
    await feedback.sweep();
  });
}
