/**
 * The signing port and its adapters.
 *  - CscSigning: remote signing over the Cloud Signature Consortium API v2 (credentials/list,
 *    credentials/info, credentials/authorize, signatures/signHash), with the wait while the official
 *    confirms on their phone (polling credentials/authorizeCheck with injected timers).
 *  - Pkcs12Seal: an organisation ("seal") certificate held by the server as a PKCS#12 file.
 *  - SandboxCa: the named sandbox `signing` — a local test CA generated at first use in the data
 *    folder, issuing a test certificate per official and per agency. Never on in production unless
 *    SANDBOX names `signing`.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, webcrypto, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, certificateDer, issueCertificate, newKeyPair, parseCertificate, pem, signDigestRsa, type DistinguishedName } from './pki.js';
import { issueTimestampToken, type SigningIdentity, type Timestamper } from './cms.js';

/** Who signs: an official (their name, title, agency) — what the certificate and the visible block show. */
export interface OfficialProfile {
  userId: string;
  username: string;
  fullName: string;
  title: string | null;
  agencyId: string;
  agencyName: string;
}

export interface Identity extends SigningIdentity {
  /** How the key is held, for the audit row: sandbox, csc, pkcs12. */
  source: 'sandbox' | 'csc' | 'pkcs12';
}

export interface SigningPort {
  /** The official's own certificate; null when none is set up for them. */
  personal(official: OfficialProfile): Promise<Identity | null>;
  /** The agency's seal certificate; null when no seal signer is configured. */
  seal(agency: { id: string; name: string }): Promise<Identity | null>;
  /** The RFC 3161 timestamper, when a TSA is configured (B-T). */
  timestamper: Timestamper | null;
  /** Extra trust anchors this port brings (the sandbox CA), added to TRUST_ANCHORS_DIR's. */
  anchors(): pkijs.Certificate[];
  /** Current CRLs (DER) this port can vouch for (the sandbox CA's), embedded for PAdES B-LT. */
  crls?(): Buffer[];
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

// ---- sandbox: a local test CA ------------------------------------------------------------------

interface Stored {
  keyPem: string;
  certPem: string;
}

const DAY = 86_400_000;

/** Reads a JSON key+certificate file, or creates it once (another process may win the race: theirs is read). */
function loadOrCreate(file: string, make: () => Stored): Stored {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Stored;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const s = make();
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(s), { mode: 0o600 });
  try {
    writeFileSync(file, JSON.stringify(s), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    try {
      renameSync(tmp, `${tmp}.done`);
    } catch {
      /* ignore */
    }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Stored;
}

const fromPem = (p: string) => parseCertificate(Buffer.from(p.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));

/** The sandbox CA in `<dir>` (DATA_DIR/signing-sandbox): ca.json, tsa.json, officials/<id>.json, seals/<id>.json. */
export class SandboxCa implements SigningPort {
  private ca: { cert: pkijs.Certificate; key: KeyObject } | null = null;
  private readonly cache = new Map<string, Identity>();
  readonly timestamper: Timestamper;

  constructor(
    private readonly dir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.timestamper = async (digest) => issueTimestampToken(digest, this.clock(), this.tsa());
  }

  private root(): { cert: pkijs.Certificate; key: KeyObject } {
    if (this.ca) return this.ca;
    const s = loadOrCreate(path.join(this.dir, 'ca.json'), () => {
      const k = newKeyPair();
      const now = this.clock();
      const cert = issueCertificate({
        subject: { cn: 'MotCua SANDBOX CA — không có giá trị pháp lý', o: 'MotCua (sandbox)' },
        publicKey: k.publicKey,
        signingKey: k.privateKey,
        notBefore: new Date(now.getTime() - 5 * 365 * DAY),
        notAfter: new Date(now.getTime() + 20 * 365 * DAY),
        ca: true,
      });
      return { keyPem: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem: pem('CERTIFICATE', certificateDer(cert)) };
    });
    return (this.ca = { cert: fromPem(s.certPem), key: createPrivateKey(s.keyPem) });
  }

  /** The CA certificate (PEM) — what a test or a demo verifier trusts. */
  caPem(): string {
    return pem('CERTIFICATE', certificateDer(this.root().cert));
  }

  anchors(): pkijs.Certificate[] {
    return [this.root().cert];
  }

  /**
   * Issues (once) and loads a leaf certificate kept in `file`. Sandbox certificates start two years
   * back (the CA five) so that tests whose clock is set in the past still sign within validity.
   */
  private leaf(file: string, subject: DistinguishedName, o: { timestamping?: boolean; days?: number } = {}): Identity {
    const hit = this.cache.get(file);
    if (hit) return hit;
    const ca = this.root();
    const s = loadOrCreate(path.join(this.dir, file), () => {
      const k = newKeyPair();
      const now = this.clock();
      const cert = issueCertificate({
        subject,
        publicKey: k.publicKey,
        issuer: ca.cert,
        signingKey: ca.key,
        notBefore: new Date(now.getTime() - 2 * 365 * DAY),
        notAfter: new Date(now.getTime() + (o.days ?? 3 * 365) * DAY),
        timestamping: o.timestamping,
      });
      return { keyPem: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem: pem('CERTIFICATE', certificateDer(cert)) };
    });
    const key = createPrivateKey(s.keyPem);
    const id: Identity = {
      source: 'sandbox',
      chain: [certificateDer(fromPem(s.certPem)), certificateDer(ca.cert)],
      signDigest: async (d) => signDigestRsa(key, d),
    };
    this.cache.set(file, id);
    return id;
  }

  private tsa(): Identity {
    return this.leaf('tsa.json', { cn: 'MotCua SANDBOX TSA', o: 'MotCua (sandbox)' }, { timestamping: true });
  }

  async personal(p: OfficialProfile): Promise<Identity> {
    return this.leaf(path.join('officials', `${p.userId.replace(/[^a-zA-Z0-9-]/g, '')}.json`), {
      cn: p.fullName || p.username,
      title: p.title ?? undefined,
      o: p.agencyName || undefined,
    });
  }

  async seal(a: { id: string; name: string }): Promise<Identity> {
    return this.leaf(path.join('seals', `${a.id.replace(/[^a-zA-Z0-9-]/g, '')}.json`), { cn: a.name, o: a.name });
  }

  /**
   * The CA's current CRL (DER): this update now, next update in 7 days, listing the serial numbers
   * (hex) in `revoked` — empty unless a test or a demo revokes a certificate.
   */
  crl(revoked: { serialHex: string; at: Date }[] = []): Buffer {
    const ca = this.root();
    const now = this.clock();
    const crl = new pkijs.CertificateRevocationList();
    crl.version = 1;
    crl.issuer = ca.cert.subject;
    crl.thisUpdate = new pkijs.Time({ type: 0, value: now });
    crl.nextUpdate = new pkijs.Time({ type: 0, value: new Date(now.getTime() + 7 * DAY) });
    if (revoked.length)
      crl.revokedCertificates = revoked.map(
        (r) =>
          new pkijs.RevokedCertificate({
            userCertificate: new asn1js.Integer({ valueHex: ab(Buffer.from(r.serialHex, 'hex')) }),
            revocationDate: new pkijs.Time({ type: 0, value: r.at }),
          }),
      );
    crl.signature = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() });
    crl.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() });
    // encodeTBS is protected in the typings; it is how pkijs builds the TBS part it then signs.
    const tbs = Buffer.from((crl as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS().toBER(false));
    crl.tbsView = new Uint8Array(tbs);
    crl.signatureValue = new asn1js.BitString({ valueHex: ab(nodeSign('sha256', tbs, ca.key)) });
    return Buffer.from(crl.toSchema().toBER(false));
  }

  crls(): Buffer[] {
    return [this.crl()];
  }

  /** A certificate for tests: issued by this CA with explicit validity (e.g. already expired). */
  issueForTest(subject: DistinguishedName, notBefore: Date, notAfter: Date): Identity {
    const ca = this.root();
    const k = newKeyPair();
    const cert = issueCertificate({ subject, publicKey: k.publicKey, issuer: ca.cert, signingKey: ca.key, notBefore, notAfter });
    return { source: 'sandbox', chain: [certificateDer(cert), certificateDer(ca.cert)], signDigest: async (d) => signDigestRsa(k.privateKey, d) };
  }
}

// ---- PKCS#12 seal --------------------------------------------------------------------------------

const BAG = { key: '1.2.840.113549.1.12.10.1.1', shroudedKey: '1.2.840.113549.1.12.10.1.2', cert: '1.2.840.113549.1.12.10.1.3' };

/** The private key and certificates of a PKCS#12 file (PBES2/AES as OpenSSL 3 writes them). */
export async function readPkcs12(buf: Buffer, password: string): Promise<{ key: KeyObject; chain: Buffer[] }> {
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }) as unknown as pkijs.ICryptoEngine);
  const pw = ab(Buffer.from(password, 'utf8'));
  const pfx = new pkijs.PFX({ schema: asn1js.fromBER(ab(buf)).result });
  await pfx.parseInternalValues({ password: pw, checkIntegrity: true });
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error('PKCS#12 without content');
  await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw })) });
  let key: KeyObject | null = null;
  const certs: pkijs.Certificate[] = [];
  for (const sc of safe.parsedValue?.safeContents ?? []) {
    for (const bag of sc.value.safeBags) {
      if (bag.bagId === BAG.shroudedKey) {
        const v = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        // parseInternalValues is protected in the typings; it is the documented way to decrypt the bag.
        await (v as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: pw });
        if (v.parsedValue) key = createPrivateKey({ key: Buffer.from(v.parsedValue.toSchema().toBER(false)), format: 'der', type: 'pkcs8' });
      } else if (bag.bagId === BAG.key) {
        key = createPrivateKey({ key: Buffer.from((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER(false)), format: 'der', type: 'pkcs8' });
      } else if (bag.bagId === BAG.cert) {
        const c = (bag.bagValue as pkijs.CertBag).parsedValue;
        if (c instanceof pkijs.Certificate) certs.push(c);
      }
    }
  }
  if (!key || certs.length === 0) throw new Error('PKCS#12 must hold a private key and its certificate');
  // The certificate of this key first, then the others (its issuers).
  const pub = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const mine = certs.findIndex((c) => Buffer.from(c.subjectPublicKeyInfo.toSchema().toBER(false)).equals(pub));
  if (mine < 0) throw new Error('PKCS#12: no certificate matches the private key');
  const ordered = [certs[mine]!, ...certs.filter((_, i) => i !== mine)];
  return { key, chain: ordered.map(certificateDer) };
}

export class Pkcs12Seal {
  private id: Promise<Identity> | null = null;
  constructor(
    private readonly file: string,
    private readonly password: string,
  ) {}
  identity(): Promise<Identity> {
    this.id ??= readPkcs12(readFileSync(this.file), this.password).then(({ key, chain }) => ({
      source: 'pkcs12' as const,
      chain,
      signDigest: async (d: Buffer) => signDigestRsa(key, d),
    }));
    return this.id;
  }
}

/**
 * A seal per agency: `<dir>/<agency code>.p12` (or `.pfx`), its password in `<agency code>.password`
 * beside it (first line), else the common password. An agency without a file has no seal here
 * (the caller falls back to the one seal of SEAL_P12_PATH).
 */
export class Pkcs12SealDir {
  private readonly seals = new Map<string, Pkcs12Seal | null>();
  constructor(
    private readonly dir: string,
    private readonly commonPassword: string | null,
  ) {}
  /** The agency's seal, or null when the folder has none for this code. */
  async identity(agencyCode: string | null | undefined): Promise<Identity | null> {
    if (!agencyCode || !/^[\p{L}\p{N}._-]+$/u.test(agencyCode) || agencyCode.startsWith('.')) return null;
    if (!this.seals.has(agencyCode)) {
      const file = ['.p12', '.pfx'].map((ext) => path.join(this.dir, `${agencyCode}${ext}`)).find((f) => existsSync(f));
      let password = this.commonPassword;
      try {
        password = readFileSync(path.join(this.dir, `${agencyCode}.password`), 'utf8').split(/\r?\n/)[0]!;
      } catch {
        /* no password file: the common password */
      }
      this.seals.set(agencyCode, file && password !== null ? new Pkcs12Seal(file, password) : null);
    }
    const seal = this.seals.get(agencyCode);
    return seal ? seal.identity() : null;
  }
}

// ---- Cloud Signature Consortium API v2 -----------------------------------------------------------

export interface CscOptions {
  /** Base URL of the provider's CSC API, e.g. https://csc.example.vn/csc/v2 */
  baseUrl: string;
  /** Bearer token of MotCua's service account at the provider. */
  token: string;
  /** Seconds between two checks while the official confirms; and the longest wait. */
  pollSeconds: number;
  timeoutSeconds: number;
  fetch?: typeof fetch;
  /** Injected timers (tests): wait `ms`, and the current time in ms. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export class CscError extends Error {
  constructor(
    readonly code: 'csc_unavailable' | 'csc_no_credential' | 'csc_refused' | 'csc_timeout',
    message: string,
  ) {
    super(message);
  }
}

const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA256_RSA = '1.2.840.113549.1.1.11';

export class CscClient {
  private readonly f: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  constructor(private readonly o: CscOptions) {
    this.f = o.fetch ?? fetch;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = o.now ?? Date.now;
  }

  private async call<T>(method: string, body: Record<string, unknown>): Promise<{ status: number; body: T }> {
    let res: Response;
    try {
      res = await this.f(`${this.o.baseUrl.replace(/\/$/, '')}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.o.token}` },
        body: JSON.stringify(body),
      });
    } catch (err) {
      throw new CscError('csc_unavailable', `Không kết nối được dịch vụ ký số từ xa (${(err as Error).message}).`);
    }
    const json = (await res.json().catch(() => ({}))) as T & { error?: string; error_description?: string };
    if (res.status >= 500) throw new CscError('csc_unavailable', `Dịch vụ ký số từ xa lỗi (HTTP ${res.status}).`);
    if (res.status >= 400) throw new CscError('csc_refused', `Dịch vụ ký số từ xa từ chối: ${json.error_description ?? json.error ?? res.status}.`);
    return { status: res.status, body: json };
  }

  async listCredentials(userID: string): Promise<string[]> {
    return (await this.call<{ credentialIDs?: string[] }>('credentials/list', { userID, maxResults: 10 })).body.credentialIDs ?? [];
  }

  async certificateChain(credentialID: string): Promise<Buffer[]> {
    const r = await this.call<{ cert?: { certificates?: string[]; status?: string } }>('credentials/info', {
      credentialID,
      certificates: 'chain',
      certInfo: true,
    });
    const certs = r.body.cert?.certificates ?? [];
    if (certs.length === 0) throw new CscError('csc_no_credential', 'Dịch vụ ký số không trả về chứng thư số của người ký.');
    return certs.map((c) => Buffer.from(c, 'base64'));
  }

  /**
   * credentials/authorize for one hash. A provider that needs the official's confirmation (push to
   * their phone) answers without SAD; MotCua then asks credentials/authorizeCheck every
   * pollSeconds until the SAD comes, the official refuses, or timeoutSeconds pass.
   */
  async authorize(credentialID: string, hash: Buffer, description: string): Promise<string> {
    const hashes = [hash.toString('base64')];
    const first = await this.call<{ SAD?: string }>('credentials/authorize', { credentialID, numSignatures: 1, hashes, hashAlgorithmOID: SHA256, description });
    if (first.body.SAD) return first.body.SAD;
    const deadline = this.now() + this.o.timeoutSeconds * 1000;
    while (this.now() < deadline) {
      await this.sleep(this.o.pollSeconds * 1000);
      const r = await this.call<{ SAD?: string; status?: string }>('credentials/authorizeCheck', { credentialID, hashes });
      if (r.body.SAD) return r.body.SAD;
      if (r.body.status && r.body.status !== 'pending') throw new CscError('csc_refused', 'Người ký đã từ chối xác nhận ký.');
    }
    throw new CscError('csc_timeout', `Người ký chưa xác nhận trong ${this.o.timeoutSeconds} giây.`);
  }

  async signHash(credentialID: string, SAD: string, hash: Buffer): Promise<Buffer> {
    const r = await this.call<{ signatures?: string[] }>('signatures/signHash', {
      credentialID,
      SAD,
      hashes: [hash.toString('base64')],
      hashAlgorithmOID: SHA256,
      signAlgo: SHA256_RSA,
    });
    const s = r.body.signatures?.[0];
    if (!s) throw new CscError('csc_refused', 'Dịch vụ ký số không trả về chữ ký.');
    return Buffer.from(s, 'base64');
  }
}

/** Officials sign with their credential at the CSC provider (their MotCua username is the provider's userID). */
export class CscSigning implements SigningPort {
  readonly timestamper: Timestamper | null;
  constructor(
    private readonly client: CscClient,
    private readonly sealSigner: Pkcs12Seal | null,
    timestamper: Timestamper | null,
  ) {
    this.timestamper = timestamper;
  }
  async personal(p: OfficialProfile): Promise<Identity | null> {
    const ids = await this.client.listCredentials(p.username);
    const credentialID = ids[0];
    if (!credentialID) return null;
    const chain = await this.client.certificateChain(credentialID);
    const client = this.client;
    return {
      source: 'csc',
      chain,
      async signDigest(d: Buffer) {
        const sad = await client.authorize(credentialID, d, 'MotCua: ký kết quả giải quyết thủ tục hành chính');
        return client.signHash(credentialID, sad, d);
      },
    };
  }
  async seal(): Promise<Identity | null> {
    return this.sealSigner ? this.sealSigner.identity() : null;
  }
  anchors(): pkijs.Certificate[] {
    return [];
  }
}

/** No remote provider and no sandbox: only a configured PKCS#12 seal can sign (officials cannot). */
export class SealOnlySigning implements SigningPort {
  constructor(
    private readonly sealSigner: Pkcs12Seal | null,
    readonly timestamper: Timestamper | null,
  ) {}
  async personal(): Promise<null> {
    return null;
  }
  async seal(): Promise<Identity | null> {
    return this.sealSigner ? this.sealSigner.identity() : null;
  }
  anchors(): pkijs.Certificate[] {
    return [];
  }
}
