/**
 * For other modules' tests (eslint.config.js lets tests import `*.testutil.ts`): the dossier state
 * machine, to build the states a real dossier goes through without a database.
 */
export { decide, type Action, type DecideContext, type DossierState } from './dossiers.rules.js';
