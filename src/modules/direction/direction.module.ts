import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { notify } from '../notifications/notifications.public.js';
import { registerDirectionRoutes } from './direction.routes.js';
import { createDirectionService, TOPIC_PROMPT } from './direction.service.js';

export function registerDirection(app: App, deps: Deps): void {
  const svc = createDirectionService(deps.database, { clock: () => deps.clock.now(), calendar: deps.calendar, quality: deps.quality });
  registerDirectionRoutes(app, svc, deps.database);

  // Delivery of a prompt (đôn đốc) to its recipient: a notification in their centre (bell,
  // /thong-bao) and on the channels they chose (e-mail, web push, …), once per prompt and person.
  deps.outbox.register(TOPIC_PROMPT, async (m) => {
    const p = m.payload as {
      recipient: { userId: string };
      title: string;
      body: string;
      link: string;
      dedupeKey: string;
      promptId: string;
      subject?: { kind: string; id: string } | null;
    };
    await deps.database.transaction((tx) =>
      notify(tx, {
        recipient: { userId: p.recipient.userId },
        kind: 'direction.prompt',
        title: p.title,
        body: p.body,
        link: p.link,
        subject: p.subject ? { type: p.subject.kind, id: p.subject.id } : { type: 'direction_prompt', id: p.promptId },
        dedupeKey: p.dedupeKey,
      }),
    );
  });

  // The late-risk estimate of every open dossier, every 30 minutes; the day's values for trends.
  deps.jobs.define('direction.risk', '*/30 * * * *', async () => {
    await svc.risk.refresh();
  });
  deps.jobs.define('direction.snapshot', '55 23 * * *', async () => {
    await svc.snapshot();
  });
}
