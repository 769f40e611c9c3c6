/**
 * Verification of the signatures in a PDF: for each /ByteRange signature, the digest of the signed
 * bytes against the CMS message-digest, the CMS signature with the signer's key, the signing time
 * (a valid RFC 3161 timestamp's, else the /M the signer claimed), the certificate chain to the
 * configured trust anchors and its validity at that time, and revocation when a CRL is at hand.
 */
import { createHash, verify as nodeVerify } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { HASH_NAMES, OID, certificatesFromFile, parseCertificate, publicKeyOf, readName, sameName, signedBy } from './pki.js';
import { readTimestampToken } from './cms.js';
import { onlyValidationDataAfter, readDss } from './dss.js';
import { parsePdfDate, signatureStatus, verdictText, type SignatureStatus } from './signatures.rules.js';

export interface TrustStore {
  anchors: pkijs.Certificate[];
  crls: pkijs.CertificateRevocationList[];
}

export interface SignatureReport {
  index: number;
  subFilter: string | null;
  signerName: string | null;
  organization: string | null;
  title: string | null;
  issuerName: string | null;
  signedAt: string | null;
  timeSource: 'timestamp' | 'claimed' | null;
  intact: boolean;
  coversWholeFile: boolean;
  unchangedSince: boolean;
  trusted: boolean;
  validity: 'valid' | 'expired' | 'not_yet_valid';
  revoked: boolean | null;
  /** Where the revocation answer came from: the PDF's DSS (PAdES B-LT), the CMS or the trust-anchor folder; null = none. */
  revocationFrom: 'dss' | 'cms' | 'trust_store' | null;
  status: SignatureStatus;
  verdict: string;
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const der = (c: pkijs.Certificate) => Buffer.from(c.toSchema().toBER(false));

/** Certificates (.cer .crt .pem .der) and CRLs (.crl) of a folder; an unreadable file is skipped with its name. */
export function loadTrustStore(dir: string | null, extra: pkijs.Certificate[] = []): TrustStore & { skipped: string[] } {
  const anchors = [...extra];
  const crls: pkijs.CertificateRevocationList[] = [];
  const skipped: string[] = [];
  if (dir) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      names = [];
    }
    for (const n of names.sort()) {
      const p = path.join(dir, n);
      try {
        if (/\.(cer|crt|pem|der)$/i.test(n)) anchors.push(...certificatesFromFile(readFileSync(p)));
        else if (/\.crl$/i.test(n)) {
          let buf = readFileSync(p);
          const t = buf.toString('latin1');
          if (t.includes('-----BEGIN X509 CRL-----'))
            buf = Buffer.from(t.split('-----BEGIN X509 CRL-----')[1]!.split('-----END')[0]!.replace(/\s+/g, ''), 'base64');
          crls.push(new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(ab(buf)).result }));
        }
      } catch {
        skipped.push(n);
      }
    }
  }
  return { anchors, crls, skipped };
}

interface Found {
  byteRange: [number, number, number, number];
  dict: string;
}

/** The signature dictionaries of a PDF, in file order (string scan; signatures are never in object streams). */
function findSignatures(pdf: Buffer): Found[] {
  const text = pdf.toString('latin1');
  const out: Found[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const br = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    const start = Math.max(text.lastIndexOf(' obj', m.index), 0);
    const endObj = text.indexOf('endobj', m.index);
    out.push({ byteRange: br, dict: text.slice(start, endObj === -1 ? Math.min(text.length, m.index + 40000) : endObj) });
  }
  return out;
}

function attr(si: pkijs.SignerInfo, oid: string, unsigned = false): asn1js.AsnType | undefined {
  const set = unsigned ? si.unsignedAttrs : si.signedAttrs;
  return set?.attributes.find((a) => a.type === oid)?.values[0];
}

/** Checks one SignerInfo over `content`; returns the signer's certificate when it verifies. */
function verifySignerInfo(sd: pkijs.SignedData, content: Buffer): { ok: boolean; cert: pkijs.Certificate | null; signature: Buffer } {
  const si = sd.signerInfos[0];
  if (!si) return { ok: false, cert: null, signature: Buffer.alloc(0) };
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  let cert: pkijs.Certificate | null = null;
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = si.sid;
    cert = certs.find((c) => sameName(c.issuer, sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
  } else {
    cert = certs[0] ?? null;
  }
  const signature = Buffer.from(si.signature.valueBlock.valueHexView);
  const hash = HASH_NAMES[si.digestAlgorithm.algorithmId];
  if (!cert || !hash) return { ok: false, cert, signature };
  let signedBytes: Buffer = content;
  if (si.signedAttrs) {
    const md = attr(si, OID.messageDigest) as asn1js.OctetString | undefined;
    const digest = createHash(hash).update(content).digest();
    if (!md || !Buffer.from(md.valueBlock.valueHexView).equals(digest)) return { ok: false, cert, signature };
    signedBytes = Buffer.from(si.signedAttrs.encodedValue);
    signedBytes[0] = 0x31;
  }
  try {
    return { ok: nodeVerify(hash, signedBytes, publicKeyOf(cert), signature), cert, signature };
  } catch {
    return { ok: false, cert, signature };
  }
}

const isCa = (c: pkijs.Certificate) => {
  const ext = c.extensions?.find((e) => e.extnID === OID.basicConstraints);
  return !!(ext?.parsedValue as pkijs.BasicConstraints | undefined)?.cA;
};

/** The path from `leaf` to a trust anchor (anchor last), or null. */
function chainToAnchor(leaf: pkijs.Certificate, pool: pkijs.Certificate[], store: TrustStore): pkijs.Certificate[] | null {
  const anchorsDer = store.anchors.map(der);
  const path_: pkijs.Certificate[] = [leaf];
  let cur = leaf;
  for (let i = 0; i < 8; i++) {
    if (anchorsDer.some((a) => a.equals(der(cur)))) return path_;
    const anchor = store.anchors.find((a) => sameName(cur.issuer, a.subject) && signedBy(cur, a));
    if (anchor) return [...path_, anchor];
    const next = pool.find((c) => c !== cur && isCa(c) && sameName(cur.issuer, c.subject) && signedBy(cur, c));
    if (!next || path_.includes(next)) return null;
    path_.push(next);
    cur = next;
  }
  return null;
}

function validityAt(chain: pkijs.Certificate[], at: Date): 'valid' | 'expired' | 'not_yet_valid' {
  for (const c of chain) {
    if (at.getTime() > c.notAfter.value.getTime()) return 'expired';
    if (at.getTime() < c.notBefore.value.getTime()) return 'not_yet_valid';
  }
  return 'valid';
}

/** Revoked at `at` by a CRL its issuer signed; null when no such CRL is known. */
function revocation(cert: pkijs.Certificate, issuer: pkijs.Certificate | undefined, crls: pkijs.CertificateRevocationList[], at: Date): boolean | null {
  if (!issuer) return null;
  let seen = false;
  for (const crl of crls) {
    if (!sameName(crl.issuer, issuer.subject)) continue;
    const hash = { [OID.sha256WithRSA]: 'sha256', [OID.sha384WithRSA]: 'sha384', [OID.sha512WithRSA]: 'sha512' }[crl.signatureAlgorithm.algorithmId];
    try {
      if (!hash || !nodeVerify(hash, Buffer.from(crl.tbsView), publicKeyOf(issuer), Buffer.from(crl.signatureValue.valueBlock.valueHexView))) continue;
    } catch {
      continue;
    }
    seen = true;
    const hit = crl.revokedCertificates?.find((r) => r.userCertificate.isEqual(cert.serialNumber));
    if (hit && hit.revocationDate.value.getTime() <= at.getTime()) return true;
  }
  return seen ? false : null;
}

const pdfString = (dict: string, key: string): string | null => {
  const m = new RegExp(`/${key}\\s*\\(((?:\\\\.|[^\\\\)])*)\\)`).exec(dict);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : null;
};

/** Every signature of the PDF with its verdict (an empty list for a PDF without signatures). */
export function verifyPdf(pdf: Buffer, store: TrustStore, now: Date = new Date()): SignatureReport[] {
  const found = findSignatures(pdf);
  const reports: SignatureReport[] = [];
  // PAdES B-LT: certificates and CRLs the file carries in its DSS.
  const dss = found.length ? readDss(pdf) : { certs: [], crls: [], ocsps: [] };
  const dssCerts = dss.certs.flatMap((b) => {
    try {
      return [parseCertificate(b)];
    } catch {
      return [];
    }
  });
  const dssCrls = dss.crls.flatMap((b) => {
    try {
      return [new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(ab(b)).result })];
    } catch {
      return [];
    }
  });
  // settled[i]: what follows signature i's range is nothing, only validation data, or covered by a
  // later settled signature (a later signature signs every byte before it).
  const settled: boolean[] = found.map(() => false);
  for (let i = found.length - 1; i >= 0; i--) {
    const [a0, , c0, d0] = found[i]!.byteRange;
    const end = c0 + d0;
    settled[i] = a0 === 0 && end <= pdf.length && (end === pdf.length || onlyValidationDataAfter(pdf, end) || settled.slice(i + 1).some(Boolean));
  }
  found.forEach((f, index) => {
    const [a, b, c, d] = f.byteRange;
    const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(f.dict)?.[1] ?? null;
    const claimed = pdfString(f.dict, 'M');
    const base = {
      index,
      subFilter,
      signerName: null,
      organization: null,
      title: null,
      issuerName: null,
      signedAt: null,
      timeSource: null,
      trusted: false,
      validity: 'valid' as const,
      revoked: null,
      revocationFrom: null,
    };
    const wellFormed = a === 0 && b > 0 && c > b && c + d <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
    const coversWholeFile = wellFormed && c + d === pdf.length;
    if (!wellFormed) {
      const x = { ...base, intact: false, coversWholeFile, unchangedSince: false };
      reports.push({ ...x, status: 'invalid', verdict: verdictText({ ...x, signedAt: null }) });
      return;
    }
    const content = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const hex = pdf
      .subarray(b + 1, c - 1)
      .toString('latin1')
      .replace(/\s+/g, '');
    let sd: pkijs.SignedData | null = null;
    try {
      const ci = new pkijs.ContentInfo({ schema: asn1js.fromBER(ab(Buffer.from(hex, 'hex'))).result });
      if (ci.contentType === OID.signedData) sd = new pkijs.SignedData({ schema: ci.content });
    } catch {
      sd = null;
    }
    const checked = sd ? verifySignerInfo(sd, content) : { ok: false, cert: null, signature: Buffer.alloc(0) };
    const cert = checked.cert;
    const name = cert ? readName(cert.subject) : null;
    const pool = [...(sd ? (sd.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate) : []), ...dssCerts];

    // Signing time: a timestamp over this signature value from a trusted TSA, else the claimed /M.
    let signedAt: Date | null = null;
    let timeSource: 'timestamp' | 'claimed' | null = null;
    const si = sd?.signerInfos[0];
    const tokenAsn = si ? attr(si, OID.timeStampToken, true) : undefined;
    if (tokenAsn && checked.ok) {
      try {
        const token = new pkijs.ContentInfo({ schema: tokenAsn });
        const tst = readTimestampToken(token);
        const hash = tst ? HASH_NAMES[tst.hashAlgorithm] : undefined;
        if (tst && hash && createHash(hash).update(checked.signature).digest().equals(tst.digest)) {
          const e = tst.signedData.encapContentInfo.eContent;
          const tsv = e ? verifySignerInfo(tst.signedData, Buffer.from(e.getValue())) : null;
          const tsaPool = (tst.signedData.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate);
          if (tsv?.ok && tsv.cert && chainToAnchor(tsv.cert, tsaPool, store)) {
            signedAt = tst.genTime;
            timeSource = 'timestamp';
          }
        }
      } catch {
        /* an unreadable timestamp is ignored: the claimed time is used */
      }
    }
    if (!signedAt && claimed) {
      signedAt = parsePdfDate(claimed);
      timeSource = signedAt ? 'claimed' : null;
    }
    const at = signedAt ?? now;
    const chain = cert ? chainToAnchor(cert, pool, store) : null;
    const validity = cert ? validityAt(chain ?? [cert], at) : 'valid';
    // Revocation: the file's own DSS first (B-LT), then CRLs in the CMS, then the trust-anchor folder's.
    let revoked: boolean | null = null;
    let revocationFrom: SignatureReport['revocationFrom'] = null;
    if (cert && chain) {
      const cmsCrls = (sd?.crls ?? []).filter((x): x is pkijs.CertificateRevocationList => x instanceof pkijs.CertificateRevocationList);
      // Any source that says revoked wins; else the first that has an answer.
      for (const [from, list] of [
        ['dss', dssCrls],
        ['cms', cmsCrls],
        ['trust_store', store.crls],
      ] as const) {
        const r = revocation(cert, chain[1], list, at);
        if (r === true) {
          [revoked, revocationFrom] = [true, from];
          break;
        }
        if (r === false && revoked === null) [revoked, revocationFrom] = [false, from];
      }
    }
    // Bytes after this signature's range are later revisions: fine when a later signature covers the
    // whole file, or when they only add validation data (the DSS of B-LT).
    const laterSigned = settled.slice(index + 1).some(Boolean) || (!coversWholeFile && onlyValidationDataAfter(pdf, c + d));
    const x = {
      intact: checked.ok,
      unchangedSince: coversWholeFile || laterSigned,
      trusted: !!chain,
      validity,
      revoked,
      signerName: name?.cn || null,
      organization: name?.o ?? null,
      signedAt,
    };
    reports.push({
      index,
      subFilter,
      signerName: x.signerName,
      organization: x.organization,
      title: name?.title ?? null,
      issuerName: cert ? readName(cert.issuer).cn || readName(cert.issuer).o || null : null,
      signedAt: signedAt?.toISOString() ?? null,
      timeSource,
      intact: x.intact,
      coversWholeFile,
      unchangedSince: x.unchangedSince,
      trusted: x.trusted,
      validity,
      revoked,
      revocationFrom,
      status: signatureStatus(x),
      verdict: verdictText(x),
    });
  });
  return reports;
}
