import type { ReactNode } from 'react';
import type { Role, User } from '../../api';
import { FEEDBACK_PATHS } from './paths';
import { PublicFeedbackPage, SubmitFeedbackPage, TrackFeedbackPage } from './PublicFeedbackPages';
import { FeedbackQueuePage, FeedbackStatsPage } from './StaffFeedbackPages';
import './feedback.css';

/** Who may open the staff screens (the API checks the same roles and the agency scope). */
export const FEEDBACK_QUEUE_ROLES: readonly Role[] = ['provincial_office', 'one_stop_officer', 'specialist', 'unit_leader', 'admin', 'home_affairs'];
export const FEEDBACK_STATS_ROLES: readonly Role[] = ['provincial_office', 'unit_leader', 'home_affairs', 'admin'];

/**
 * The feedback screens: `/phan-anh` (published answers), `/phan-anh/gui` (submit),
 * `/phan-anh/theo-doi` (follow with code + phone/e-mail), `/phan-anh-kien-nghi` (the officer's
 * queue; `?id=` opens one) and `/phan-anh-kien-nghi/thong-ke` (statistics for leaders).
 */
export function resolveFeedbackRoute(pathname: string): { roles: readonly Role[] | null; render: (user: User | null) => ReactNode } | null {
  switch (pathname) {
    case FEEDBACK_PATHS.public:
      return { roles: null, render: () => <PublicFeedbackPage /> };
    case FEEDBACK_PATHS.submit:
      return { roles: null, render: () => <SubmitFeedbackPage /> };
    case FEEDBACK_PATHS.track:
      return { roles: null, render: () => <TrackFeedbackPage /> };
    case FEEDBACK_PATHS.queue:
      return { roles: FEEDBACK_QUEUE_ROLES, render: (u) => <FeedbackQueuePage user={u!} /> };
    case FEEDBACK_PATHS.stats:
      return { roles: FEEDBACK_STATS_ROLES, render: () => <FeedbackStatsPage /> };
    default:
      return null;
  }
}
