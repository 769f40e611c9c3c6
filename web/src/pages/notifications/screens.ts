// The notification centre and the monthly task digest: one chunk, loaded on first visit.
export { NotificationsPage } from './NotificationsPage';
export { TaskDigestPage } from './DigestPage';
