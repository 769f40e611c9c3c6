/**
 * PAdES B-LT (ETSI EN 319 142-1 §5.4): the validation data — the certificates of the chain and the
 * CRLs of their issuers — in the Document Security Store (DSS) dictionary of the catalog, added
 * after the signature as an incremental update. A verifier then checks revocation from the file
 * itself. Also the reverse: reading the DSS, and telling whether the bytes after a signature are
 * only such a validation-data update (which does not "change the document after signing").
 * OCSP responses are not fetched (no OCSP client yet): B-LT here is CRL-based.
 */
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { removeTrailingNewLine } from '@signpdf/utils';

interface PdfInfo {
  xref: { maxIndex: number; offsets: Map<number, number> };
  rootRef: string;
  root: string;
  infoRef?: string;
  xRefPosition: number;
}
const require = createRequire(import.meta.url);
const readPdf = (require('@signpdf/placeholder-plain/dist/readPdf.js') as { default: (pdf: Buffer) => PdfInfo }).default;

/** Upper bound for one inflated DSS stream (a large CA's CRL is a few MB). */
const MAX_INFLATED = 32 * 1024 * 1024;

const refs = (s: string | undefined) => [...(s ?? '').matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1]));

/** The last definition of object `n` in the file (the newest revision's): its dictionary text and stream bytes. */
function lastObject(pdf: Buffer, n: number, text = pdf.toString('latin1')): { dict: string; data: Buffer | null } | null {
  const re = new RegExp(`(?:^|[\\r\\n\\s])${n}\\s+\\d+\\s+obj\\b`, 'g');
  let at = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) at = m.index + m[0].length;
  if (at < 0) return null;
  const end = text.indexOf('endobj', at);
  const body = text.slice(at, end < 0 ? undefined : end);
  const s = body.indexOf('stream');
  if (s < 0) return { dict: body.trim(), data: null };
  const dict = body.slice(0, s);
  const len = Number(/\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1] ?? NaN);
  let start = at + s + 'stream'.length;
  if (text[start] === '\r') start++;
  if (text[start] === '\n') start++;
  if (!Number.isFinite(len)) return { dict, data: null };
  let data = pdf.subarray(start, start + len);
  if (/\/Filter\s*\/FlateDecode/.test(dict)) {
    // Uploaded files are read here too: a stream that does not inflate (or inflates past any real
    // certificate or CRL) is no validation data, never an exception.
    try {
      data = inflateSync(data, { maxOutputLength: MAX_INFLATED });
    } catch {
      return { dict, data: null };
    }
  }
  return { dict, data: Buffer.from(data) };
}

const dssArrays = (dict: string) => ({
  certs: refs(/\/Certs\s*\[([^\]]*)\]/.exec(dict)?.[1]),
  crls: refs(/\/CRLs\s*\[([^\]]*)\]/.exec(dict)?.[1]),
  ocsps: refs(/\/OCSPs\s*\[([^\]]*)\]/.exec(dict)?.[1]),
});

/** The DSS of the newest revision: DER certificates, CRLs and OCSP responses (empty lists when none). */
export function readDss(pdf: Buffer): { certs: Buffer[]; crls: Buffer[]; ocsps: Buffer[] } {
  const empty = { certs: [], crls: [], ocsps: [] };
  const text = pdf.toString('latin1');
  const trailerRoot = [...text.matchAll(/\/Root\s+(\d+)\s+\d+\s+R/g)].pop()?.[1];
  if (!trailerRoot) return empty;
  const root = lastObject(pdf, Number(trailerRoot), text);
  const dssRef = root ? /\/DSS\s+(\d+)\s+\d+\s+R/.exec(root.dict)?.[1] : undefined;
  if (!dssRef) return empty;
  const dss = lastObject(pdf, Number(dssRef), text);
  if (!dss) return empty;
  const a = dssArrays(dss.dict);
  const load = (ns: number[]) => ns.map((n) => lastObject(pdf, n, text)?.data).filter((b): b is Buffer => !!b && b.length > 0);
  return { certs: load(a.certs), crls: load(a.crls), ocsps: load(a.ocsps) };
}

/**
 * Whether the bytes from `from` to the end only add validation data: every object defined there is
 * the DSS, a stream the DSS lists, or the catalog unchanged but for its /DSS entry.
 */
export function onlyValidationDataAfter(pdf: Buffer, from: number): boolean {
  const all = pdf.toString('latin1');
  const tail = all.slice(from);
  const defs = [...tail.matchAll(/(?:^|[\r\n\s])(\d+)\s+\d+\s+obj\b/g)];
  if (defs.length === 0) return false;
  const head = pdf.subarray(0, from);
  const before = all.slice(0, from);
  const rootNum = Number([...before.matchAll(/\/Root\s+(\d+)\s+\d+\s+R/g)].pop()?.[1] ?? NaN);
  const nums = [...new Set(defs.map((d) => Number(d[1])))];
  const dssObjs = nums.map((n) => ({ n, o: lastObject(pdf, n, all) })).filter((x) => x.o && /\/Type\s*\/DSS\b/.test(x.o.dict));
  if (dssObjs.length === 0) return false;
  const listed = new Set(dssObjs.flatMap((x) => Object.values(dssArrays(x.o!.dict)).flat()));
  const norm = (d: string) =>
    d
      .replace(/\/DSS\s+\d+\s+\d+\s+R/, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*(<<|>>)\s*/g, '$1')
      .trim();
  for (const n of nums) {
    const old = lastObject(head, n, before);
    // The DSS: new, or the earlier DSS extended.
    if (dssObjs.some((x) => x.n === n)) {
      if (old && !/\/Type\s*\/DSS\b/.test(old.dict)) return false;
      continue;
    }
    // A certificate, CRL or OCSP stream the DSS lists: always a new object (never a redefinition of page content).
    if (listed.has(n)) {
      if (old) return false;
      continue;
    }
    if (n === rootNum) {
      const now = lastObject(pdf, n, all);
      if (old && now && norm(old.dict) === norm(now.dict)) continue;
    }
    return false;
  }
  // The trailer must still name the same catalog.
  return Number([...tail.matchAll(/\/Root\s+(\d+)\s+\d+\s+R/g)].pop()?.[1] ?? NaN) === rootNum;
}

/** Appends (or extends) the DSS with certificates and CRLs, as an incremental update. */
export function addDss(input: Buffer, data: { certs: Buffer[]; crls: Buffer[] }): Buffer {
  let pdf = removeTrailingNewLine(input);
  const info = readPdf(pdf);
  const existing = readDss(pdf);
  const known = (list: Buffer[], b: Buffer) => list.some((x) => x.equals(b));
  const certs = data.certs.filter((c, i, all) => !known(existing.certs, c) && all.findIndex((x) => x.equals(c)) === i);
  const crls = data.crls.filter((c, i, all) => !known(existing.crls, c) && all.findIndex((x) => x.equals(c)) === i);
  if (certs.length === 0 && crls.length === 0) return input;
  const rootNum = Number(info.rootRef.split(/\s+/)[0]);
  const oldDssRef = /\/DSS\s+(\d+)\s+\d+\s+R/.exec(info.root)?.[1];
  const old = oldDssRef ? dssArrays(lastObject(pdf, Number(oldDssRef))?.dict ?? '') : { certs: [], crls: [], ocsps: [] };
  let next = info.xref.maxIndex;
  const written = new Map<number, number>();
  const append = (n: number, body: Buffer) => {
    written.set(n, pdf.length + 1);
    pdf = Buffer.concat([pdf, Buffer.from(`\n${n} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
  };
  const stream = (der: Buffer) => Buffer.concat([Buffer.from(`<< /Length ${der.length} >>\nstream\n`), der, Buffer.from('\nendstream')]);
  const certNums = certs.map((c) => {
    const n = ++next;
    append(n, stream(c));
    return n;
  });
  const crlNums = crls.map((c) => {
    const n = ++next;
    append(n, stream(c));
    return n;
  });
  const list = (ns: number[]) => `[${ns.map((n) => `${n} 0 R`).join(' ')}]`;
  const dssNum = oldDssRef ? Number(oldDssRef) : ++next;
  append(
    dssNum,
    Buffer.from(
      `<< /Type /DSS /Certs ${list([...old.certs, ...certNums])} /CRLs ${list([...old.crls, ...crlNums])}${old.ocsps.length ? ` /OCSPs ${list(old.ocsps)}` : ''} >>`,
    ),
  );
  if (!oldDssRef) append(rootNum, Buffer.from(`<<${info.root}\n/DSS ${dssNum} 0 R>>`));
  const rows = [...written.entries()].sort((a, b) => a[0] - b[0]).map(([n, off]) => `${n} 1\n${String(off).padStart(10, '0')} 00000 n \n`);
  const xrefAt = pdf.length + 1;
  return Buffer.concat([
    pdf,
    Buffer.from(
      `\nxref\n0 1\n0000000000 65535 f \n${rows.join('')}trailer\n<< /Size ${next + 1} /Root ${info.rootRef}${info.infoRef ? ` /Info ${info.infoRef}` : ''} /Prev ${info.xRefPosition} >>\nstartxref\n${xrefAt}\n%%EOF`,
    ),
  ]);
}
