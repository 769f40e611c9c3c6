/**
 * Use cases of the signatures module: pick the signing adapters from the configuration, sign a PDF
 * as an official or with an agency's seal (PAdES, incremental), verify a PDF against the trust
 * anchors, and keep the verdict of an uploaded file.
 */
import path from 'node:path';
import type { Config } from '../../platform/config.js';
import type { Executor } from '../../platform/db/database.js';
import { httpTimestamper, type Timestamper } from './cms.js';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signPdf } from './pades.js';
import { addDss } from './dss.js';
import { certificateDer, parseCertificate, sameName } from './pki.js';
import { fileVerdict, signerBlockLines, type SignatureStatus } from './signatures.rules.js';
import {
  CscClient,
  CscSigning,
  Pkcs12Seal,
  Pkcs12SealDir,
  SandboxCa,
  SealOnlySigning,
  type Identity,
  type OfficialProfile,
  type SigningPort,
} from './signers.js';
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
  /**
   * The visible signature block of Nghị định 30/2020 on the last page: an official's (authority
   * lines from their title, KT./TL.) or the agency's seal. Absent: an invisible signature.
   */
  visible?:
    | { kind: 'personal'; title: string | null; agencyName: string; onBehalf?: { mode: 'KT' | 'TL' | 'TM'; headTitle: string }; qrUrl?: string }
    | { kind: 'seal'; agencyName: string; qrUrl?: string };
}

export interface SignaturesService {
  /** Which adapter signs for officials: csc, sandbox, or none. */
  readonly mode: 'csc' | 'sandbox' | 'none';
  readonly port: SigningPort;
  identityOf(official: OfficialProfile): Promise<Identity | null>;
  /** The agency's seal: its own PKCS#12 in SEAL_P12_DIR (by agency code), else the one of SEAL_P12_PATH, else the sandbox's. */
  sealOf(agency: { id: string; name: string; code?: string | null }): Promise<Identity | null>;
  sign(pdf: Buffer, id: Identity, o: SignOptions & { signerName: string }): Promise<Buffer>;
  verify(pdf: Buffer): FileVerification;
  /** Verifies a stored file and keeps its verdict by SHA-256 (PDFs only; other types: null). */
  checkAndStore(db: Executor, file: { sha256: string; mimeType: string; data: Buffer }): Promise<FileVerification | null>;
  storedVerdicts(db: Executor, hashes: string[]): Promise<Map<string, { status: string; verdict: string; checkedAt: Date }>>;
  /** Records that `signed` was made by signing `source` (in the caller's transaction). */
  recordSignedCopy(db: Executor, c: { source: string; signed: string }): Promise<void>;
  /** The latest signed copy reached from `sha256` (following later signatures, e.g. province after ward); the hash itself when none. */
  latestSigned(db: Executor, sha256: string): Promise<string>;
}

export function summarise(signatures: SignatureReport[]): FileVerification {
  const status = signatures.length === 0 ? 'none' : signatures.every((s) => s.status === 'valid') ? 'valid' : 'problem';
  return { status, verdict: fileVerdict(signatures.map((s) => ({ status: s.status as SignatureStatus, verdict: s.verdict }))), signatures };
}

export function createSignaturesService(config: Pick<Config, 'signing' | 'sandboxes' | 'dataDir'>, clock: () => Date): SignaturesService {
  const s = config.signing;
  const sandboxOn = config.sandboxes.has('signing');
  const sealP12 = s.sealP12 ? new Pkcs12Seal(s.sealP12.path, s.sealP12.password) : null;
  const sealDir = s.sealP12Dir ? new Pkcs12SealDir(s.sealP12Dir.path, s.sealP12Dir.password) : null;
  const sandbox = sandboxOn ? new SandboxCa(path.join(config.dataDir, 'signing-sandbox'), clock) : null;
  const tsa: Timestamper | null = s.tsaUrl ? httpTimestamper(s.tsaUrl) : (sandbox?.timestamper ?? null);
  let port: SigningPort;
  let mode: 'csc' | 'sandbox' | 'none';
  if (s.csc) {
    port = new CscSigning(
      new CscClient({ baseUrl: s.csc.url, token: s.csc.token, pollSeconds: s.csc.pollSeconds, timeoutSeconds: s.csc.timeoutSeconds }),
      sealP12,
      tsa,
    );
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

  /**
   * PAdES B-LT when revocation data is at hand: the CRLs of the chain's issuers (the trust-anchor
   * folder's, the sandbox CA's own) and the chain, in the DSS; else the signature stays B-B/B-T.
   */
  function withValidationData(signed: Buffer, chainDer: Buffer[]): Buffer {
    const store = trust();
    const chain = chainDer.map((c) => parseCertificate(c));
    const portCrls = (port.crls?.() ?? []).map((b) => ({
      der: b,
      crl: new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(new Uint8Array(b)).result }),
    }));
    const all = [...store.crls.map((crl) => ({ der: Buffer.from(crl.toSchema().toBER(false)), crl })), ...portCrls];
    const wanted = all.filter((x) => chain.some((c) => sameName(c.issuer, x.crl.issuer)));
    if (wanted.length === 0) return signed;
    const anchors = store.anchors.filter((a) => chain.some((c) => sameName(c.issuer, a.subject)));
    return addDss(signed, { certs: [...chainDer, ...anchors.map(certificateDer)], crls: wanted.map((x) => x.der) });
  }
  return {
    mode,
    port,
    identityOf: (o) => port.personal(o),
    // A configured PKCS#12 seal (the agency's own, then the common one) wins over the sandbox's per-agency test seal.
    sealOf: async (a) => (await sealDir?.identity(a.code)) ?? (sealP12 ? sealP12.identity() : port.seal(a)),
    async sign(pdf, id, o) {
      const signed = await signPdf(pdf, id, {
        signingTime: clock(),
        name: o.signerName,
        reason: o.reason,
        location: o.location,
        widgetRect: o.widgetRect,
        appearance: o.visible
          ? o.visible.kind === 'personal'
            ? {
                kind: 'personal',
                signerName: o.signerName,
                authority: signerBlockLines({ title: o.visible.title, onBehalf: o.visible.onBehalf }),
                agencyName: o.visible.agencyName,
                qrUrl: o.visible.qrUrl,
              }
            : { kind: 'seal', signerName: o.visible.agencyName, authority: [], agencyName: o.visible.agencyName, qrUrl: o.visible.qrUrl }
          : undefined,
        timestamper: port.timestamper ?? tsa ?? undefined,
      });
      return withValidationData(signed, id.chain);
    },
    verify,
    async checkAndStore(db, file) {
      if (file.mimeType !== 'application/pdf') return null;
      const v = verify(file.data);
      await repo.saveCheck(db, {
        sha256: file.sha256,
        checkedAt: clock(),
        status: v.status,
        signatureCount: v.signatures.length,
        verdict: v.verdict,
        details: v.signatures,
      });
      return v;
    },
    recordSignedCopy: (db, c) => repo.saveSignedCopy(db, { ...c, at: clock() }),
    async latestSigned(db, sha256) {
      let cur = sha256;
      for (let i = 0; i < 8; i++) {
        const next = await repo.latestSignedCopy(db, cur);
        if (!next || next === cur) break;
        cur = next;
      }
      return cur;
    },
    async storedVerdicts(db, hashes) {
      const m = await repo.getChecks(db, hashes);
      return new Map([...m].map(([k, v]) => [k, { status: v.status, verdict: v.verdict, checkedAt: v.checkedAt }]));
    },
  };
}
