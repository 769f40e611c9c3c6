/**
 * Public surface of the front-office module: the only file other modules import.
 */
export { RATING_LEVELS, RATING_REASONS, isDissatisfied } from './frontoffice.rules.js';
export { tabletRatingsOfDossiers, frontOfficeRatings, type CounterRatings } from './frontoffice.facade.js';
