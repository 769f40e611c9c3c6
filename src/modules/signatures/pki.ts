/**
 * X.509 helpers on pkijs/asn1js: issuing certificates (the sandbox's local test CA), reading names,
 * verifying one certificate's signature with its issuer's key. Keys are node:crypto KeyObjects
 * (RSA 2048, SHA-256); nothing here talks to the network.
 */
import {
  constants,
  createPublicKey,
  generateKeyPairSync,
  privateEncrypt,
  randomBytes,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const OID = {
  c: '2.5.4.6',
  o: '2.5.4.10',
  ou: '2.5.4.11',
  title: '2.5.4.12',
  cn: '2.5.4.3',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha1: '1.3.14.3.2.26',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  sha1WithRSA: '1.2.840.113549.1.1.5',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

/** Hash algorithm OID → node:crypto name. */
export const HASH_NAMES: Record<string, string> = { [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512', [OID.sha1]: 'sha1' };
const SIG_HASH: Record<string, string> = {
  [OID.sha256WithRSA]: 'sha256',
  [OID.sha384WithRSA]: 'sha384',
  [OID.sha512WithRSA]: 'sha512',
  [OID.sha1WithRSA]: 'sha1',
  [OID.ecdsaSha256]: 'sha256',
  [OID.ecdsaSha384]: 'sha384',
};

export interface DistinguishedName {
  cn: string;
  o?: string;
  ou?: string;
  title?: string;
  c?: string;
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function rdn(n: DistinguishedName): pkijs.RelativeDistinguishedNames {
  const r = new pkijs.RelativeDistinguishedNames();
  const add = (type: string, v: string | undefined, printable = false) => {
    if (v)
      r.typesAndValues.push(
        new pkijs.AttributeTypeAndValue({ type, value: printable ? new asn1js.PrintableString({ value: v }) : new asn1js.Utf8String({ value: v }) }),
      );
  };
  add(OID.c, n.c ?? 'VN', true);
  add(OID.o, n.o);
  add(OID.ou, n.ou);
  add(OID.title, n.title);
  add(OID.cn, n.cn);
  return r;
}

/** The attributes of a name we show people (CN, O, OU, title). */
export function readName(n: pkijs.RelativeDistinguishedNames): DistinguishedName {
  const get = (oid: string) => {
    const v = n.typesAndValues.find((t) => t.type === oid)?.value as { valueBlock?: { value?: unknown } } | undefined;
    return typeof v?.valueBlock?.value === 'string' ? v.valueBlock.value : undefined;
  };
  return { cn: get(OID.cn) ?? '', o: get(OID.o), ou: get(OID.ou), title: get(OID.title), c: get(OID.c) };
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  const asn = asn1js.fromBER(ab(der));
  if (asn.offset === -1) throw new Error('not a DER certificate');
  return new pkijs.Certificate({ schema: asn.result });
}

export function certificateDer(c: pkijs.Certificate): Buffer {
  return Buffer.from(c.toSchema().toBER(false));
}

export function publicKeyOf(c: pkijs.Certificate): KeyObject {
  return createPublicKey({ key: Buffer.from(c.subjectPublicKeyInfo.toSchema().toBER(false)), format: 'der', type: 'spki' });
}

/** Whether `cert` was signed by the key of `issuer` (signature over the TBS part). */
export function signedBy(cert: pkijs.Certificate, issuer: pkijs.Certificate): boolean {
  const hash = SIG_HASH[cert.signatureAlgorithm.algorithmId];
  if (!hash) return false;
  try {
    return nodeVerify(hash, Buffer.from(cert.tbsView), publicKeyOf(issuer), Buffer.from(cert.signatureValue.valueBlock.valueHexView));
  } catch {
    return false;
  }
}

export const sameName = (a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean => a.isEqual(b);

export function newKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export interface IssueInput {
  subject: DistinguishedName;
  publicKey: KeyObject;
  /** The issuing CA; absent = self-signed with `signingKey`. */
  issuer?: pkijs.Certificate;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  ca?: boolean;
  /** The certificate of a timestamp authority (extended key usage timeStamping, critical). */
  timestamping?: boolean;
}

/** Issues an X.509 v3 certificate (RSA, SHA-256). */
export function issueCertificate(x: IssueInput): pkijs.Certificate {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = new asn1js.Integer({ valueHex: ab(serial) });
  const subject = rdn(x.subject);
  cert.subject = subject;
  cert.issuer = x.issuer ? x.issuer.subject : subject;
  cert.notBefore.value = x.notBefore;
  cert.notAfter.value = x.notAfter;
  const spki = x.publicKey.export({ type: 'spki', format: 'der' });
  cert.subjectPublicKeyInfo = new pkijs.PublicKeyInfo({ schema: asn1js.fromBER(ab(spki)).result });
  const exts: pkijs.Extension[] = [];
  const bc = new pkijs.BasicConstraints(x.ca ? { cA: true } : {});
  exts.push(new pkijs.Extension({ extnID: OID.basicConstraints, critical: true, extnValue: bc.toSchema().toBER(false) }));
  // keyUsage: CA → keyCertSign + cRLSign; end entity → digitalSignature + nonRepudiation.
  const ku = x.ca
    ? new asn1js.BitString({ valueHex: new Uint8Array([0x06]).buffer, unusedBits: 1 })
    : new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 });
  exts.push(new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: ku.toBER(false) }));
  if (x.timestamping) {
    exts.push(
      new pkijs.Extension({
        extnID: OID.extKeyUsage,
        critical: true,
        extnValue: new pkijs.ExtKeyUsage({ keyPurposes: [OID.timeStamping] }).toSchema().toBER(false),
      }),
    );
  }
  cert.extensions = exts;
  cert.signature = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() });
  cert.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() });
  const tbs = cert.encodeTBS().toBER(false);
  cert.tbsView = new Uint8Array(tbs);
  cert.signatureValue = new asn1js.BitString({ valueHex: ab(nodeSign('sha256', Buffer.from(tbs), x.signingKey)) });
  // Round-trip so that the object is exactly what a parser of the DER sees.
  return parseCertificate(certificateDer(cert));
}

const DIGEST_INFO_PREFIX: Record<string, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
};

/** RSA PKCS#1 v1.5 signature of a SHA-256 digest computed elsewhere (what signHash does remotely). */
export function signDigestRsa(key: KeyObject, digest: Buffer): Buffer {
  if (digest.length !== 32) throw new Error('expected a SHA-256 digest');
  // privateEncrypt with PKCS#1 v1.5 padding over DigestInfo(sha256, digest) = RSASSA-PKCS1-v1_5.
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO_PREFIX.sha256!, digest]));
}

export function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim();
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Certificates from a file's bytes: DER, or one or more PEM blocks. */
export function certificatesFromFile(buf: Buffer): pkijs.Certificate[] {
  const text = buf.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) =>
      parseCertificate(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')),
    );
  }
  return [parseCertificate(buf)];
}
