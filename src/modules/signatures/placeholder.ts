/**
 * A visible signature placeholder, appended as one incremental update: the signature dictionary
 * (with the /ByteRange and /Contents placeholders @signpdf/signpdf fills), its field and widget on
 * the LAST page with an appearance stream (appearance.ts), the page's /Annots and the AcroForm's
 * /Fields extended, a new cross-reference section and trailer (/Prev). Earlier revisions are kept
 * byte for byte, so earlier signatures stay valid. The PDF is read with @signpdf/placeholder-plain's
 * own parser (classic cross-reference tables; a PDF whose cross-reference is a stream is refused,
 * as with the invisible placeholder).
 */
import { createRequire } from 'node:module';
import { DEFAULT_BYTE_RANGE_PLACEHOLDER, removeTrailingNewLine } from '@signpdf/utils';
import type { Appearance, PdfObj } from './appearance.js';

interface RefTable {
  maxIndex: number;
  offsets: Map<number, number>;
}
interface PdfInfo {
  xref: RefTable;
  rootRef: string;
  root: string;
  infoRef?: string;
  xRefPosition: number;
}
const require = createRequire(import.meta.url);
const readPdf = (require('@signpdf/placeholder-plain/dist/readPdf.js') as { default: (pdf: Buffer) => PdfInfo }).default;

export interface SignatureDictionary {
  subFilter: string;
  signatureLength: number;
  signingTime: Date;
  /** Printable ASCII (pdfSafe). */
  name: string;
  reason: string;
  location: string;
  contactInfo: string;
}

type Rect = [number, number, number, number];

/** Where the block goes on the page, given the visible signatures already there (page coordinates from 0,0). */
export type Placement = (page: { width: number; height: number }, size: { width: number; height: number }, taken: Rect[]) => Rect;

const overlaps = (a: Rect, b: Rect) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * NĐ 30's signature place: bottom right (right margin 15 mm, bottom margin 20 mm). A later
 * signature never covers an earlier one: it moves left of it, then a row up.
 */
export const bottomRight: Placement = (page, size, taken) => {
  const right = page.width - (15 / 25.4) * 72;
  const left = (20 / 25.4) * 72;
  let x2 = right;
  let y1 = (20 / 25.4) * 72;
  for (let i = 0; i < 100; i++) {
    const r: Rect = [x2 - size.width, y1, x2, y1 + size.height];
    const hit = taken.filter((t) => overlaps(r, t));
    if (!hit.length) return r;
    x2 = Math.min(...hit.map((t) => t[0])) - 8;
    if (x2 - size.width < left) {
      x2 = right;
      y1 = Math.max(...hit.map((t) => t[3])) + 8;
    }
  }
  return [right - size.width, y1, right, y1 + size.height];
};

const num = (ref: string) => Number(ref.trim().split(/\s+/)[0]);

/** The raw text of object `n` ("<< … >>" or "[ … ]" body) at its xref offset. */
function objectText(pdf: Buffer, xref: RefTable, n: number): string {
  const off = xref.offsets.get(n);
  if (off === undefined) throw new Error(`object ${n} not found`);
  const s = pdf.subarray(off, pdf.indexOf('endobj', off)).toString('latin1');
  const body = s.replace(/^\s*\d+\s+\d+\s+obj\s*/, '');
  const streamAt = body.indexOf('stream');
  return (streamAt >= 0 && body.trimStart().startsWith('<<') ? body.slice(0, streamAt) : body).trim();
}

/** The inside of a dictionary's outer << >>. */
const inner = (dict: string) => dict.trim().replace(/^<</, '').replace(/>>$/, '');

interface Page {
  n: number;
  dict: string;
  mediaBox: number[];
}

function lastPage(pdf: Buffer, info: PdfInfo): Page {
  const pagesRef = /\/Pages\s+(\d+)\s+\d+\s+R/.exec(info.root)?.[1];
  if (!pagesRef) throw new Error('no /Pages in the catalog');
  // A box that is not four numbers (a malformed upload) is ignored: the inherited one (or A4) holds.
  const box = (d: string) => {
    const b = /\/MediaBox\s*\[([^\]]+)\]/.exec(d)?.[1]?.trim().split(/\s+/).map(Number);
    return b?.length === 4 && b.every(Number.isFinite) ? b : null;
  };
  let n = Number(pagesRef);
  let inherited = [0, 0, 595.28, 841.89];
  for (let depth = 0; depth < 32; depth++) {
    const d = objectText(pdf, info.xref, n);
    inherited = box(d) ?? inherited;
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(d);
    if (!kids || /\/Type\s*\/Page\b(?!s)/.test(d)) return { n, dict: d, mediaBox: inherited };
    const refs = [...kids[1]!.matchAll(/(\d+)\s+\d+\s+R/g)];
    if (!refs.length) throw new Error('empty page tree');
    n = Number(refs[refs.length - 1]![1]);
  }
  throw new Error('page tree too deep');
}

const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/** Appends the visible signature's placeholder; the result goes to @signpdf/signpdf's sign(). */
export function addVisiblePlaceholder(input: Buffer, sig: SignatureDictionary, ap: Appearance, place: Placement = bottomRight): Buffer {
  let pdf = removeTrailingNewLine(input);
  const info = readPdf(pdf);
  const page = lastPage(pdf, info);
  const [mx1, my1, mx2, my2] = page.mediaBox as [number, number, number, number];

  // The AcroForm: by reference in the catalog (ours and most writers'), or a new one.
  const acroRef = /\/AcroForm\s+(\d+)\s+\d+\s+R/.exec(info.root)?.[1];
  if (!acroRef && /\/AcroForm\s*<</.test(info.root)) throw new Error('inline AcroForm dictionary');
  const acro = acroRef ? inner(objectText(pdf, info.xref, Number(acroRef))) : null;
  const fields = acro ? [...(/\/Fields\s*\[([^\]]*)\]/.exec(acro)?.[1] ?? '').matchAll(/\d+\s+\d+\s+R/g)].map((m) => m[0]) : [];
  // How many visible signatures this page already has: the new one goes beside them.
  const annotsInline = /\/Annots\s*\[([^\]]*)\]/.exec(page.dict);
  const annotsRef = /\/Annots\s+(\d+)\s+\d+\s+R/.exec(page.dict)?.[1];
  const annots = annotsInline ? annotsInline[1]! : annotsRef ? objectText(pdf, info.xref, Number(annotsRef)).replace(/^\[|\]$/g, '') : '';
  const taken: Rect[] = [];
  for (const m of annots.matchAll(/(\d+)\s+\d+\s+R/g)) {
    try {
      const a = objectText(pdf, info.xref, Number(m[1]));
      const r = /\/Rect\s*\[([^\]]+)\]/.exec(a)?.[1]?.trim().split(/\s+/).map(Number);
      if (/\/FT\s*\/Sig/.test(a) && r?.length === 4 && r[2]! - r[0]! > 1) taken.push([r[0]! - mx1, r[1]! - my1, r[2]! - mx1, r[3]! - my1]);
    } catch {
      /* an annotation we cannot read is not ours */
    }
  }
  const rect = place({ width: mx2 - mx1, height: my2 - my1 }, ap, taken).map((v, i) => (i % 2 ? v + my1 : v + mx1));

  // Numbers for the new objects.
  let next = info.xref.maxIndex;
  const ids = new Map<string, number>();
  const idOf = (key: string) => {
    let v = ids.get(key);
    if (v === undefined) ids.set(key, (v = ++next));
    return v;
  };
  const objects: PdfObj[] = [
    ...ap.objects,
    {
      key: 'sig',
      body: Buffer.from(
        `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /${sig.subFilter} /ByteRange [0 /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER}] /Contents <${'0'.repeat(sig.signatureLength * 2)}> /Reason (${sig.reason}) /M (${pdfDate(sig.signingTime)}) /ContactInfo (${sig.contactInfo}) /Name (${sig.name}) /Location (${sig.location}) /Prop_Build << /Filter << /Name /Adobe.PPKLite >> /App << /Name /MotCua >> >> >>`,
      ),
    },
    {
      key: 'widget',
      body: Buffer.from(
        `<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [${rect.map((v) => Math.round(v * 100) / 100).join(' ')}] /V {{sig}} /T (Signature${fields.length + 1}) /F 132 /P ${page.n} 0 R /AP << /N {{ap}} >> >>`,
      ),
    },
  ];
  for (const o of objects) idOf(o.key);
  const resolve = (b: Buffer) => {
    const s = b.toString('latin1');
    if (!s.includes('{{')) return b;
    // Only the dictionary part holds references (stream data comes after "stream").
    const at = s.indexOf('stream\n');
    const head = at >= 0 ? s.slice(0, at) : s;
    const fixed = head.replace(/\{\{([\w.]+)\}\}/g, (_, k: string) => `${idOf(k)} 0 R`);
    return Buffer.concat([Buffer.from(fixed, 'latin1'), at >= 0 ? b.subarray(Buffer.byteLength(head, 'latin1')) : Buffer.alloc(0)]);
  };
  const widgetRef = `${idOf('widget')} 0 R`;

  const written = new Map<number, number>();
  const append = (n: number, body: Buffer) => {
    written.set(n, pdf.length + 1);
    pdf = Buffer.concat([pdf, Buffer.from(`\n${n} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
  };
  for (const o of objects) append(idOf(o.key), resolve(o.body));

  // The page lists the widget.
  if (annotsRef) {
    append(Number(annotsRef), Buffer.from(`[${annots.trim()} ${widgetRef}]`));
  } else {
    const d = inner(page.dict);
    const nd = annotsInline ? d.replace(/\/Annots\s*\[([^\]]*)\]/, (_, a: string) => `/Annots [${a.trim()} ${widgetRef}]`) : `${d}\n/Annots [${widgetRef}]`;
    append(page.n, Buffer.from(`<<${nd}>>`));
  }
  // The AcroForm lists the field.
  const fieldList = `/Fields [${[...fields, widgetRef].join(' ')}]`;
  if (acroRef && acro !== null) {
    let body = /\/Fields\s*\[[^\]]*\]/.test(acro) ? acro.replace(/\/Fields\s*\[[^\]]*\]/, fieldList) : `${acro} ${fieldList}`;
    body = /\/SigFlags\s+\d+/.test(body) ? body.replace(/\/SigFlags\s+\d+/, '/SigFlags 3') : `${body} /SigFlags 3`;
    append(Number(acroRef), Buffer.from(`<<${body}>>`));
  } else {
    const formN = ++next;
    append(formN, Buffer.from(`<< /Type /AcroForm /SigFlags 3 ${fieldList} >>`));
    append(num(info.rootRef), Buffer.from(`<<${inner(info.root)}\n/AcroForm ${formN} 0 R>>`));
  }

  // Cross-reference section and trailer.
  const rows = [...written.entries()].sort((a, b) => a[0] - b[0]).map(([n, off]) => `${n} 1\n${String(off).padStart(10, '0')} 00000 n \n`);
  const xrefAt = pdf.length + 1;
  const trailer = `\nxref\n0 1\n0000000000 65535 f \n${rows.join('')}trailer\n<< /Size ${next + 1} /Root ${info.rootRef}${info.infoRef ? ` /Info ${info.infoRef}` : ''} /Prev ${info.xRefPosition} >>\nstartxref\n${xrefAt}\n%%EOF`;
  return Buffer.concat([pdf, Buffer.from(trailer)]);
}
