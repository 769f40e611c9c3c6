/**
 * The feedback module's public surface: other modules (reports, quality, direction) import only
 * from here. `feedbackStats` gives counts by agency, status and topic and the on-time rate for a
 * period (QĐ 766 indicators 5.1 and 5.2; the periodic reports of Nghị định 09/2019).
 */
export type { Stats as FeedbackStats, StatsRow as FeedbackStatsRow, PublicItem as FeedbackPublicItem } from './feedback.schemas.js';
export { TOPICS as FEEDBACK_TOPICS, STATUSES as FEEDBACK_STATUSES, timeliness, onTimeRate } from './feedback.rules.js';
export { feedbackStats } from './feedback.stats.service.js';

/** Feedback overdue now by stage and answering agency (direction centre, issue 21). */
export { overdueFeedbackItems } from './feedback.repo.js';
