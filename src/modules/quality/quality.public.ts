/** The quality module's public surface. */
export { createQualityService, satisfactionRatings, type QualityService } from './quality.service.js';
export { INDICATORS, GROUPS, BANDS, scoreOf, evaluate, toPoints } from './quality.rules.js';
export { TOPIC_DOSSIER_CHANGED } from './quality.module.js';
export { returnsDocument } from './quality.history.js';
/** Pure: what QĐ 766 needs about a dossier, from its snapshot (tests compare it with the dossiers' own state). */
export { historyFromSnapshot } from './quality.history.js';
