import type { Role } from '../../api';
import { lazyScreens, type ScreenRoute } from '../../router';
import { FEEDBACK_PATHS } from './paths';

/** Who may open the staff screens (the API checks the same roles and the agency scope). */
export const FEEDBACK_QUEUE_ROLES: readonly Role[] = ['provincial_office', 'one_stop_officer', 'specialist', 'unit_leader', 'admin', 'home_affairs'];
export const FEEDBACK_STATS_ROLES: readonly Role[] = ['provincial_office', 'unit_leader', 'home_affairs', 'admin'];

// Two chunks: what the public sees (answers, submit, follow) and the officers' queue and statistics.
const publicScreens = lazyScreens(() => import('./PublicFeedbackPages'));
const PublicFeedbackPage = publicScreens.screen('PublicFeedbackPage');
const SubmitFeedbackPage = publicScreens.screen('SubmitFeedbackPage');
const TrackFeedbackPage = publicScreens.screen('TrackFeedbackPage');
const staffScreens = lazyScreens(() => import('./StaffFeedbackPages'));
const FeedbackQueuePage = staffScreens.screen('FeedbackQueuePage');
const FeedbackStatsPage = staffScreens.screen('FeedbackStatsPage');

/**
 * The feedback screens: `/phan-anh` (published answers), `/phan-anh/gui` (submit),
 * `/phan-anh/theo-doi` (follow with code + phone/e-mail), `/phan-anh-kien-nghi` (the officer's
 * queue; `?id=` opens one) and `/phan-anh-kien-nghi/thong-ke` (statistics for leaders).
 */
export const feedbackRoutes: ScreenRoute[] = [
  { path: FEEDBACK_PATHS.public, roles: null, render: () => <PublicFeedbackPage /> },
  { path: FEEDBACK_PATHS.submit, roles: null, render: () => <SubmitFeedbackPage /> },
  { path: FEEDBACK_PATHS.track, roles: null, render: () => <TrackFeedbackPage /> },
  { path: FEEDBACK_PATHS.queue, roles: FEEDBACK_QUEUE_ROLES, render: (u) => <FeedbackQueuePage user={u!} /> },
  { path: FEEDBACK_PATHS.stats, roles: FEEDBACK_STATS_ROLES, render: () => <FeedbackStatsPage /> },
];
