/** The reform module's public surface. */
export { createReformService, type ReformService } from './reform.service.js';
export { scoreTree, rankByTotal, sipasIndex, planDueOn, REFORM_AREAS, REFORM_AREA_NAMES_VI } from './reform.rules.js';
export { SIPAS_QUESTIONS, SIPAS_SECTORS } from './reform.sipas.js';
export { indexGaps } from './reform.facade.js';
