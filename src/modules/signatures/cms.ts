/**
 * CMS (RFC 5652) for PAdES baseline signatures (ETSI EN 319 142-1, SubFilter ETSI.CAdES.detached):
 * a detached SignedData whose signed attributes are content-type, message-digest and ESS
 * signing-certificate-v2 (RFC 5035) — no signingTime attribute (the time is the PDF's /M, or the
 * timestamp's). B-T adds the RFC 3161 signature timestamp as the unsigned attribute
 * id-aa-timeStampToken over the signature value.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, parseCertificate, certificateDer } from './pki.js';

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

/** Whoever holds the key: the signer's certificate chain (signer first) and a signature over a SHA-256 digest. */
export interface SigningIdentity {
  /** DER certificates, the signer's first, then its issuers (the root may be left out). */
  chain: Buffer[];
  /** RSA PKCS#1 v1.5 (sha256WithRSAEncryption) signature of the given SHA-256 digest. */
  signDigest(digest: Buffer): Promise<Buffer>;
}

/** Obtains an RFC 3161 timestamp token (a CMS ContentInfo, DER) over a SHA-256 digest. */
export type Timestamper = (digest: Buffer) => Promise<Buffer>;

function essSigningCertificateV2(cert: pkijs.Certificate): asn1js.Sequence {
  // ESSCertIDv2 with the default hash algorithm (SHA-256) left out, as DER requires.
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })] }),
      cert.serialNumber,
    ],
  });
  const certId = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: ab(sha256(certificateDer(cert))) }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] });
}

/** A detached CAdES signature (DER ContentInfo) over `content`. */
export async function cadesDetached(content: Buffer, id: SigningIdentity, timestamper?: Timestamper): Promise<Buffer> {
  const certs = id.chain.map(parseCertificate);
  const signer = certs[0];
  if (!signer) throw new Error('empty certificate chain');
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(sha256(content)) })] }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [essSigningCertificateV2(signer)] }),
    ],
  });
  const toBeSigned = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toBeSigned[0] = 0x31; // signed attributes are signed as a SET OF (RFC 5652 §5.4)
  const signature = await id.signDigest(sha256(toBeSigned));
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: ab(signature) }),
  });
  if (timestamper) {
    const token = await timestamper(sha256(signature));
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.timeStampToken, values: [asn1js.fromBER(ab(token)).result] })],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: certs,
    signerInfos: [signerInfo],
  });
  const ci = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(ci.toSchema().toBER(false));
}

// ---- RFC 3161 ---------------------------------------------------------------------------------

/** The DER TimeStampReq for a SHA-256 digest. */
export function timestampRequest(digest: Buffer): Buffer {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: ab(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: ab(Buffer.concat([Buffer.from([0x01]), randomBytes(7)])) }),
    certReq: true,
  });
  return Buffer.from(req.toSchema().toBER(false));
}

/** A timestamp authority client over HTTP (RFC 3161 §3.4: application/timestamp-query). */
export function httpTimestamper(url: string, fetchImpl: typeof fetch = fetch): Timestamper {
  return async (digest) => {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(timestampRequest(digest)),
    });
    if (!res.ok) throw new Error(`TSA answered HTTP ${res.status}`);
    const resp = new pkijs.TimeStampResp({ schema: asn1js.fromBER(await res.arrayBuffer()).result });
    const status = resp.status.status;
    if ((status !== 0 && status !== 1) || !resp.timeStampToken) throw new Error(`TSA refused the request (status ${status})`);
    return Buffer.from(resp.timeStampToken.toSchema().toBER(false));
  };
}

/** What a timestamp token says: the time and the digest it covers; null when it is not one. */
export function readTimestampToken(token: pkijs.ContentInfo): { genTime: Date; digest: Buffer; hashAlgorithm: string; signedData: pkijs.SignedData } | null {
  try {
    const sd = new pkijs.SignedData({ schema: token.content });
    const e = sd.encapContentInfo;
    if (e.eContentType !== OID.tstInfo || !e.eContent) return null;
    const info = new pkijs.TSTInfo({ schema: asn1js.fromBER(e.eContent.getValue()).result });
    return {
      genTime: info.genTime,
      digest: Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView),
      hashAlgorithm: info.messageImprint.hashAlgorithm.algorithmId,
      signedData: sd,
    };
  } catch {
    return null;
  }
}

/** A timestamp authority (the sandbox's): signs TSTInfo for a digest with the given identity. */
export async function issueTimestampToken(digest: Buffer, at: Date, tsa: SigningIdentity): Promise<Buffer> {
  const info = new pkijs.TSTInfo({
    version: 1,
    policy: '1.3.6.1.4.1.99999.1.1', // a private arc: sandbox only
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: ab(digest) }),
    }),
    serialNumber: new asn1js.Integer({ valueHex: ab(randomBytes(8)) }),
    genTime: at,
  });
  const content = Buffer.from(info.toSchema().toBER(false));
  const cert = parseCertificate(tsa.chain[0]!);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.tstInfo })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(sha256(content)) })] }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [essSigningCertificateV2(cert)] }),
    ],
  });
  const tbs = new Uint8Array(signedAttrs.toSchema().toBER(false));
  tbs[0] = 0x31;
  const signature = await tsa.signDigest(sha256(tbs));
  const sd = new pkijs.SignedData({
    version: 3,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.tstInfo, eContent: new asn1js.OctetString({ valueHex: ab(content) }) }),
    certificates: tsa.chain.map(parseCertificate),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
        signedAttrs,
        signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() }),
        signature: new asn1js.OctetString({ valueHex: ab(signature) }),
      }),
    ],
  });
  return Buffer.from(new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) }).toSchema().toBER(false));
}
