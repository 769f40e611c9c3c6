/**
 * The feedback service (Nghị định 20/2008, QĐ 766): one object composed of the sub-services, each
 * in its own file, sharing the core (feedback.core.ts):
 * - feedback.intake.service.ts — reception from the portal, an officer, or an Open311 client;
 * - feedback.workflow.service.ts — the staff queue and the transitions with their deadlines;
 * - feedback.sender.service.ts — the sender's tracking and follow-up, the public answers;
 * - feedback.attachments.service.ts — files of the sender and answer documents;
 * - feedback.admin.service.ts — categories (Open311 services) and Open311 API keys;
 * - feedback.stats.service.ts — statistics of a period;
 * - feedback.sweep.service.ts — reminders and escalation (scheduled job).
 */
import { createFeedbackCore, type FeedbackDeps } from './feedback.core.js';
import { createIntakeService } from './feedback.intake.service.js';
import { createWorkflowService } from './feedback.workflow.service.js';
import { createSenderService } from './feedback.sender.service.js';
import { createAttachmentsService } from './feedback.attachments.service.js';
import { createAdminService } from './feedback.admin.service.js';
import { createStatsService } from './feedback.stats.service.js';
import { createSweepService } from './feedback.sweep.service.js';

export {
  QUEUE_ROLES,
  INTAKE_ROLES,
  CLASSIFY_ROLES,
  HANDLE_ROLES,
  PUBLISH_ROLES,
  STATS_ROLES,
  MAX_FILE_BYTES,
  ALLOWED_FILE_TYPES,
  type FeedbackDeps,
} from './feedback.core.js';
export type { Open311Submission } from './feedback.intake.service.js';
export { toFeedback, toPublicItem, iso as toIsoOrNull } from './feedback.views.js';

export function createFeedbackService(deps: FeedbackDeps) {
  const core = createFeedbackCore(deps);
  const workflow = createWorkflowService(core);
  return {
    /** "Now" as the service sees it (the Open311 layer's default time window). */
    clock: core.clock,
    settings: core.settings,
    ...createAdminService(core),
    ...createIntakeService(core),
    ...workflow,
    ...createSenderService(core),
    ...createAttachmentsService(core, workflow.get),
    ...createStatsService(core),
    ...createSweepService(core),
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
