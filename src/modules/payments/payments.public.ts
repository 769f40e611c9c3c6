/**
 * What other modules may use from payments: the province's reduction policy for online dossiers
 * (the dossiers module prices a payment request with it, so the amount is fixed once, at request
 * time, and is the same on every screen, at the gateway and on the e-receipt).
 */

export { onlineReductionPercent } from './payments.facade.js';
