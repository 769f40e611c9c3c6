/**
 * Use cases of the signatures module: pick the signing adapters from the configuration, sign a PDF
 * as an official or with an agency's seal (PAdES, incremental), verify a PDF against the trust
 * anchors, and keep the verdict of an uploaded file.
 */
import path from 'node:path';
import type { Config } from '../../platform/config.js';
import type { Executor } from '../../platform/db/database.js';
import { httpTimestamper, type Timestamper } from './cms.js';
import { signPdf } from './pades.js';
import { fileVerdict, type SignatureStatus } from './signatures.rules.js';
import { CscClient, CscSigning, Pkcs12Seal, SandboxCa, SealOnlySigning, type Identity, type OfficialProfile, type SigningPort } from './signers.js';
import { loadTrustStore, verifyPdf, type SignatureReport } from './verify.js';
import * as repo from './signatures.repo.js';

export interface FileVerification {
  /** none: no signature; valid: all valid; problem: at least one is not. */
  status: 'none' | 'valid' | 'problem';
  /** One plain-Vietnamese sentence for officers and citizens. */
  verdict: string;
  signatures: SignatureReport[];
}

export interface SignOptions {
  reason: string;
  location: string;
  /** Visible block's rectangle on page 1 (points, [x1,y1,x2,y2]) — drawn by the document itself. */
  widgetRect?: [number, number, number, number];
}

export interface SignaturesService {
  /** Which adapter signs for officials: csc, sandbox, or none. */
  readonly mode: 'csc' | 'sandbox' | 'none';
  readonly port: SigningPort;
  identityOf(official: OfficialProfile): Promise<Identity | null>;
  sealOf(agency: { id: string; name: string }): Promise<Identity | null>;
  sign(pdf: Buffer, id: Identity, o: SignOptions & { signerName: string }): Promise<Buffer>;
  verify(pdf: Buffer): FileVerification;
  /** Verifies a stored file and keeps its verdict by SHA-256 (PDFs only; other types: null). */
  checkAndStore(db: Executor, file: { sha256: string; mimeType: string; data: Buffer }): Promise<FileVerification | null>;
  storedVerdicts(db: Executor, hashes: string[]): Promise<Map<string, { status: string; verdict: string; checkedAt: Date }>>;
}

export function summarise(signatures: SignatureReport[]): FileVerification {
  const status = signatures.length === 0 ? 'none' : signatures.every((s) => s.status === 'valid') ? 'valid' : 'problem';
  return { status, verdict: fileVerdict(signatures.map((s) => ({ status: s.status as SignatureStatus, verdict: s.verdict }))), signatures };
}

export function createSignaturesService(config: Pick<Config, 'signing' | 'sandboxes' | 'dataDir'>, clock: () => Date): SignaturesService {
  const s = config.signing;
  const sandboxOn = config.sandboxes.has('signing');
  const sealP12 = s.sealP12 ? new Pkcs12Seal(s.sealP12.path, s.sealP12.password) : null;
  const sandbox = sandboxOn ? new SandboxCa(path.join(config.dataDir, 'signing-sandbox'), clock) : null;
  const tsa: Timestamper | null = s.tsaUrl ? httpTimestamper(s.tsaUrl) : (sandbox?.timestamper ?? null);
  let port: SigningPort;
  let mode: 'csc' | 'sandbox' | 'none';
  if (s.csc) {
    port = new CscSigning(new CscClient({ baseUrl: s.csc.url, token: s.csc.token, pollSeconds: s.csc.pollSeconds, timeoutSeconds: s.csc.timeoutSeconds }), sealP12, tsa);
    mode = 'csc';
  } else if (sandbox) {
    port = sandbox;
    mode = 'sandbox';
  } else {
    port = new SealOnlySigning(sealP12, tsa);
    mode = 'none';
  }
  const trust = () => loadTrustStore(s.trustAnchorsDir, [...port.anchors(), ...(sandbox && port !== sandbox ? sandbox.anchors() : [])]);

  const verify = (pdf: Buffer) => summarise(verifyPdf(pdf, trust(), clock()));
  return {
    mode,
    port,
    identityOf: (o) => port.personal(o),
    // A configured PKCS#12 seal wins over the sandbox's per-agency test seal.
    sealOf: async (a) => (sealP12 ? sealP12.identity() : port.seal(a)),
    sign: (pdf, id, o) => signPdf(pdf, id, { signingTime: clock(), name: o.signerName, reason: o.reason, location: o.location, widgetRect: o.widgetRect, timestamper: port.timestamper ?? tsa ?? undefined }),
    verify,
    async checkAndStore(db, file) {
      if (file.mimeType !== 'application/pdf') return null;
      const v = verify(file.data);
      await repo.saveCheck(db, { sha256: file.sha256, checkedAt: clock(), status: v.status, signatureCount: v.signatures.length, verdict: v.verdict, details: v.signatures });
      return v;
    },
    async storedVerdicts(db, hashes) {
      const m = await repo.getChecks(db, hashes);
      return new Map([...m].map(([k, v]) => [k, { status: v.status, verdict: v.verdict, checkedAt: v.checkedAt }]));
    },
  };
}
