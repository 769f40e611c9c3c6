/** The certification module's public surface (the warehouse and the quality module ask here). */

export { isCertified, agenciesProvidingCertifiedCopies } from './certification.facade.js';
