/** The only file other modules import from the signatures module. */
export type { SignaturesService, FileVerification, SignOptions } from './signatures.service.js';
export type { OfficialProfile, Identity } from './signers.js';
export type { SignatureReport } from './verify.js';
export { CscError } from './signers.js';
export { signaturesOf, storedSignatureStatus, signingProblem, signAsOfficial, signaturesFor } from './signatures.facade.js';
