/**
 * The visible signature block (Nghị định 30/2020/NĐ-CP, Phụ lục I, "thể thức chữ ký số"), drawn as
 * the appearance stream (a Form XObject) of the signature's widget:
 *  - an official's signature: the authority lines ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC", bold, upper
 *    case), the signature mark in blue (the decree's "màu xanh"; MotCua holds no scanned handwritten
 *    signature, so the mark is the signer's name in italic with "Đã ký số"), the signer's name in
 *    bold, then the agency and the signing time (ISO 8601, Vietnam's offset) in 10 pt upright;
 *  - an agency seal: the seal in red (two rings, the agency's name around, a star), actual seal
 *    size (36 mm), beside the agency's name and the signing time, 10 pt upright black.
 * Text is set in Liberation Serif (metrically Times New Roman, as the decree asks), embedded as a
 * TrueType subset (Type 0 / Identity-H with a ToUnicode map, so the text can be copied) by fontkit.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { qrcode } from '../../platform/doclibs.js';
import { SERIF_FILES, type SerifStyle } from '../../platform/fonts/fonts.js';
import { isoVnTime } from './signatures.rules.js';

interface FkGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface FkSubset {
  includeGlyph(g: number): number;
  encode(): Uint8Array;
}
interface FkFont {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  italicAngle: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  glyphForCodePoint(cp: number): FkGlyph;
  createSubset(): FkSubset;
}

// fontkit (pdfkit's own font engine) is loaded on first use, like the document libraries (doclibs.ts).
const require = createRequire(import.meta.url);
const opened = new Map<SerifStyle, FkFont>();
const fontOf = (s: SerifStyle): FkFont => {
  let f = opened.get(s);
  if (!f) opened.set(s, (f = (require('fontkit') as { openSync(file: string): FkFont }).openSync(SERIF_FILES[s])));
  return f;
};

/** One PDF object of the incremental update: its body (without "N 0 obj"), refs written as {{name}}. */
export interface PdfObj {
  key: string;
  body: Buffer;
}

/** A font used in one appearance: a fresh subset of the glyphs the block needs. */
class EmbeddedFont {
  private readonly subset: FkSubset;
  private readonly used = new Map<number, { width: number; codePoints: number[] }>();
  constructor(
    readonly style: SerifStyle,
    readonly resName: string,
  ) {
    this.subset = fontOf(style).createSubset();
  }
  private get font() {
    return fontOf(this.style);
  }
  /** The glyphs of `text` (NFC), each with its subset id (hex, 2 bytes) and advance in 1/1000 em. */
  glyphs(text: string): { hex: string; w: number }[] {
    // One glyph per code point (NFC: Vietnamese letters are precomposed in Liberation Serif), no
    // shaping; the code point is ours, not fontkit's cached glyph's, for the ToUnicode map.
    const f = this.font;
    return [...text.normalize('NFC')].map((ch) => {
      const cp = ch.codePointAt(0)!;
      const g = f.glyphForCodePoint(cp);
      const gid = this.subset.includeGlyph(g.id);
      const w = Math.round((g.advanceWidth * 1000) / f.unitsPerEm);
      if (!this.used.has(gid)) this.used.set(gid, { width: w, codePoints: [cp] });
      return { hex: gid.toString(16).padStart(4, '0'), w };
    });
  }
  width(text: string, size: number): number {
    const f = this.font;
    return ([...text.normalize('NFC')].reduce((s, ch) => s + f.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth, 0) * size) / f.unitsPerEm;
  }
  /** The five objects of a Type 0 font: font, CIDFont, descriptor, FontFile2, ToUnicode. */
  objects(prefix: string): PdfObj[] {
    const f = this.font;
    const scale = (v: number) => Math.round((v * 1000) / f.unitsPerEm);
    const ids = [...this.used.keys()].sort((a, b) => a - b);
    const tag = createHash('sha256')
      .update(`${this.style}:${ids.join(',')}`)
      .digest()
      .subarray(0, 6);
    const name = `${[...tag].map((b) => String.fromCharCode(65 + (b % 26))).join('')}+${f.postscriptName}`;
    const file = Buffer.from(this.subset.encode());
    const packed = deflateSync(file);
    const w = ids.map((id) => `${id} [${this.used.get(id)!.width}]`).join(' ');
    const hex4 = (n: number) => n.toString(16).padStart(4, '0');
    const utf16 = (cps: number[]) =>
      Buffer.from(String.fromCodePoint(...cps), 'utf16le')
        .swap16()
        .toString('hex');
    const bf = ids.filter((id) => this.used.get(id)!.codePoints.length > 0).map((id) => `<${hex4(id)}> <${utf16(this.used.get(id)!.codePoints)}>`);
    const chunks: string[] = [];
    for (let i = 0; i < bf.length; i += 100) chunks.push(`${Math.min(100, bf.length - i)} beginbfchar\n${bf.slice(i, i + 100).join('\n')}\nendbfchar`);
    const cmap = Buffer.from(
      `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n${chunks.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n`,
    );
    const flags = 2 | 32 | (this.style.includes('talic') ? 64 : 0) | (this.style === 'bold' ? 262144 : 0);
    const stream = (dict: string, data: Buffer) =>
      Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
    return [
      {
        key: `${prefix}`,
        body: Buffer.from(
          `<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [{{${prefix}.cid}}] /ToUnicode {{${prefix}.tu}} >>`,
        ),
      },
      {
        key: `${prefix}.cid`,
        body: Buffer.from(
          `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {{${prefix}.fd}} /W [${w}] /CIDToGIDMap /Identity >>`,
        ),
      },
      {
        key: `${prefix}.fd`,
        body: Buffer.from(
          `<< /Type /FontDescriptor /FontName /${name} /Flags ${flags} /FontBBox [${[f.bbox.minX, f.bbox.minY, f.bbox.maxX, f.bbox.maxY].map(scale).join(' ')}] /ItalicAngle ${f.italicAngle} /Ascent ${scale(f.ascent)} /Descent ${scale(f.descent)} /CapHeight ${scale(f.capHeight)} /StemV 80 /FontFile2 {{${prefix}.ff}} >>`,
        ),
      },
      { key: `${prefix}.ff`, body: stream(`/Filter /FlateDecode /Length1 ${file.length}`, packed) },
      { key: `${prefix}.tu`, body: stream('/Filter /FlateDecode', deflateSync(cmap)) },
    ];
  }
}

export interface AppearanceInput {
  kind: 'personal' | 'seal';
  /** The official's full name, or the agency's name for a seal. */
  signerName: string;
  /** Authority lines above the signature, already upper case (signerBlockLines in the rules). */
  authority: string[];
  agencyName: string;
  signedAt: Date;
  /** A verification QR code (the public check page's address), drawn left of the block with the address printed under it. */
  qrUrl?: string;
}

export interface Appearance {
  width: number;
  height: number;
  /** The Form XObject and its fonts; the XObject's key is "ap". */
  objects: PdfObj[];
}

const n2 = (v: number) => (Math.round(v * 100) / 100).toString();

/** Four Bézier arcs approximating a circle (PDF has no circle operator). */
function circle(cx: number, cy: number, r: number): string {
  const k = 0.5523 * r;
  return [
    `${n2(cx + r)} ${n2(cy)} m`,
    `${n2(cx + r)} ${n2(cy + k)} ${n2(cx + k)} ${n2(cy + r)} ${n2(cx)} ${n2(cy + r)} c`,
    `${n2(cx - k)} ${n2(cy + r)} ${n2(cx - r)} ${n2(cy + k)} ${n2(cx - r)} ${n2(cy)} c`,
    `${n2(cx - r)} ${n2(cy - k)} ${n2(cx - k)} ${n2(cy - r)} ${n2(cx)} ${n2(cy - r)} c`,
    `${n2(cx + k)} ${n2(cy - r)} ${n2(cx + r)} ${n2(cy - k)} ${n2(cx + r)} ${n2(cy)} c`,
  ].join('\n');
}

/** Greedy word wrap to `max` points. */
function wrap(font: EmbeddedFont, text: string, size: number, max: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/).filter(Boolean)) {
    const next = cur ? `${cur} ${w}` : w;
    if (cur && font.width(next, size) > max) {
      lines.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** The seal's diameter: 36 mm, the usual size of an agency's round seal. */
export const SEAL_DIAMETER = (36 / 25.4) * 72;

/** Builds the appearance of a signature block (see the file's header for the layout). */
export function buildAppearance(a: AppearanceInput): Appearance {
  const regular = new EmbeddedFont('regular', 'F1');
  const bold = new EmbeddedFont('bold', 'F2');
  const italic = new EmbeddedFont('italic', 'F3');
  const ops: string[] = [];
  const text = (f: EmbeddedFont, size: number, x: number, y: number, s: string) =>
    ops.push(
      `BT /${f.resName} ${size} Tf ${n2(x)} ${n2(y)} Td <${f
        .glyphs(s)
        .map((g) => g.hex)
        .join('')}> Tj ET`,
    );
  const centred = (f: EmbeddedFont, size: number, cx: number, y: number, s: string) => text(f, size, cx - f.width(s, size) / 2, y, s);
  const time = isoVnTime(a.signedAt);
  let width: number;
  let height: number;

  if (a.kind === 'personal') {
    width = 240;
    const info = [...wrap(regular, a.agencyName, 10, width - 8), `Thời gian ký: ${time}`];
    height = a.authority.length * 14 + 66 + info.length * 12 + 12;
    const cx = width / 2;
    let y = height - 14;
    ops.push('0 0 0 rg');
    for (const l of a.authority) {
      centred(bold, 12, cx, y, l);
      y -= 14;
    }
    // The signature mark, blue: the name in italic in a rounded frame, with "Đã ký số".
    const top = y + 4;
    const markH = 42;
    ops.push('0 0.2 0.6 RG 0 0.2 0.6 rg 0.8 w');
    ops.push(`${n2(cx - 95)} ${n2(top - markH)} 190 ${markH} re S`);
    const size = Math.min(15, (180 / Math.max(1, italic.width(a.signerName, 15))) * 15);
    centred(italic, size, cx, top - 22, a.signerName);
    centred(regular, 8, cx, top - 36, 'Đã ký số');
    y = top - markH - 16;
    ops.push('0 0 0 rg');
    centred(bold, 12, cx, y, a.signerName);
    y -= 14;
    for (const l of info) {
      centred(regular, 10, cx, y, l);
      y -= 12;
    }
  } else {
    const d = SEAL_DIAMETER;
    const infoX = d + 6;
    width = d + 6 + 150;
    const info = [...wrap(regular, a.agencyName, 10, 150), 'Thời gian ký:', time];
    height = Math.max(d + 4, info.length * 12 + 8);
    let y = height / 2 + (info.length * 12) / 2 - 10;
    ops.push('0 0 0 rg');
    for (const l of info) {
      text(regular, 10, infoX, y, l);
      y -= 12;
    }
    // The seal in red: outer rings, the agency's name around, an inner ring and a star.
    const cx = d / 2 + 1;
    const cy = height / 2;
    const R = d / 2 - 1;
    ops.push('0.85 0.05 0.1 RG 0.85 0.05 0.1 rg');
    ops.push(`1.8 w ${circle(cx, cy, R)} S`, `0.6 w ${circle(cx, cy, R - 3.5)} S`, `0.6 w ${circle(cx, cy, R * 0.58)} S`);
    const ring = R * 0.79;
    const label = a.signerName.toLocaleUpperCase('vi');
    let size = 7.5;
    const arcOf = (sz: number) => (bold.width(label, sz) * 1.06) / ring;
    while (arcOf(size) > 1.8 * Math.PI && size > 4) size -= 0.5;
    const glyphs = bold.glyphs(label);
    const total = arcOf(size);
    let theta = Math.PI / 2 + total / 2;
    for (const g of glyphs) {
      const w = ((g.w * size) / 1000) * 1.06;
      const phi = theta - w / 2 / ring;
      const [s, c] = [Math.sin(phi), Math.cos(phi)];
      const x = cx + ring * c - ((g.w * size) / 1000 / 2) * s;
      const yy = cy + ring * s + ((g.w * size) / 1000 / 2) * c;
      ops.push(`BT /${bold.resName} ${size} Tf ${n2(s)} ${n2(-c)} ${n2(c)} ${n2(s)} ${n2(x)} ${n2(yy)} Tm <${g.hex}> Tj ET`);
      theta -= w / ring;
    }
    // A five-pointed star in the centre.
    const pts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = i % 2 ? R * 0.13 : R * 0.33;
      const ang = Math.PI / 2 + (i * Math.PI) / 5;
      pts.push(`${n2(cx + r * Math.cos(ang))} ${n2(cy + r * Math.sin(ang))} ${i ? 'l' : 'm'}`);
    }
    ops.push(`${pts.join('\n')} h f`);
  }

  if (a.qrUrl) {
    // The QR column on the left (white behind it, 4-module quiet zone), the address under everything.
    const qr = qrcode().create(a.qrUrl, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const side = 64;
    const m = side / (n + 8);
    const col = side + 6;
    const urlLines: string[] = [];
    let line = '';
    for (const ch of a.qrUrl) {
      if (line && regular.width(line + ch, 6) > width + col - 4) {
        urlLines.push(line);
        line = '';
      }
      line += ch;
    }
    if (line) urlLines.push(line);
    const urlH = urlLines.length * 7 + 3;
    const main = ops.splice(0, ops.length);
    ops.push(`q 1 0 0 1 ${col} ${urlH} cm`, ...main, 'Q');
    const top = urlH + height;
    const qy = top - side - 2;
    ops.push('1 1 1 rg', `0 ${n2(qy)} ${side} ${side} re f`, '0 0 0 rg');
    const cells: string[] = [];
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) cells.push(`${n2((c + 4) * m)} ${n2(qy + side - (r + 5) * m)} ${n2(m)} ${n2(m)} re`);
    ops.push(cells.join('\n'), 'f');
    centred(regular, 7, side / 2, qy - 8, 'Quét mã để kiểm tra');
    centred(regular, 7, side / 2, qy - 16, 'kết quả và chữ ký số');
    urlLines.forEach((l, i) => text(regular, 6, 2, urlH - 7 * (i + 1), l));
    width += col;
    height += urlH;
  }

  const content = deflateSync(Buffer.from(ops.join('\n')));
  const fonts = [regular, bold, italic];
  const xobj: PdfObj = {
    key: 'ap',
    body: Buffer.concat([
      Buffer.from(
        `<< /Type /XObject /Subtype /Form /FormType 1 /BBox [0 0 ${n2(width)} ${n2(height)}] /Resources << /Font << ${fonts.map((f) => `/${f.resName} {{${f.resName}}}`).join(' ')} >> >> /Filter /FlateDecode /Length ${content.length} >>\nstream\n`,
      ),
      content,
      Buffer.from('\nendstream'),
    ]),
  };
  return { width, height, objects: [xobj, ...fonts.flatMap((f) => f.objects(f.resName))] };
}
