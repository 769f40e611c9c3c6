/**
 * The feedback module's public surface: other modules (reports, quality) import only from here.
 * `feedbackStats` gives counts by agency, status and topic and the on-time rate for a period
 * (QĐ 766 indicators 5.1 and 5.2; the periodic reports of Nghị định 09/2019).
 */
import type { Database } from '../../platform/db/database.js';
import { createCalendarService } from '../calendar/calendar.service.js';
import { createFeedbackService } from './feedback.service.js';
import type { Stats } from './feedback.schemas.js';

export type { Stats as FeedbackStats, StatsRow as FeedbackStatsRow, PublicItem as FeedbackPublicItem } from './feedback.schemas.js';
export { TOPICS as FEEDBACK_TOPICS, STATUSES as FEEDBACK_STATUSES, timeliness, onTimeRate } from './feedback.rules.js';

/** Statistics of feedback received in [from, to] (YYYY-MM-DD, Vietnam dates), optionally for one agency. */
export async function feedbackStats(database: Database, q: { from: string; to: string; agencyId?: string }): Promise<Stats> {
  return createFeedbackService(database, createCalendarService(database)).stats(null, q);
}

/** Feedback overdue now by stage and answering agency (direction centre, issue 21). */
export { overdueFeedbackItems } from './feedback.repo.js';
