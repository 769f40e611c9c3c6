/** The citizens module's public surface: other modules (quality, payments) import only from here. */
export { ratingStats } from './citizens.ratings.service.js';
export { RATING_CRITERIA, RATING_LEVELS, isSatisfied, onceOnlyStats, ONCE_ONLY_TARGET_PERCENT } from './citizens.rules.js';
export { notificationFor, type CitizenNotification } from './citizens.notify.js';
export { getProfile } from './citizens.repo.js';
export { storeCertifiedCopy, type CertifiedCopyForWarehouse } from './citizens.certified.js';
export { importRating } from './citizens.import.js';
