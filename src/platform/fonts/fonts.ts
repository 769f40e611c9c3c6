/**
 * The typeface of every official document (Nghị định 30/2020/NĐ-CP, Phụ lục I, asks for Times New
 * Roman): Liberation Serif 2.1.5, metrically compatible with Times New Roman (same advance widths,
 * so a line breaks where Times would break it) and with every Vietnamese glyph (Liberation 1.x, the
 * one many systems carry, lacks ơ ư ạ ấ …). The four TTFs are copied into the repository from
 * Debian's `fonts-liberation2` 2.1.5-1 (upstream https://github.com/liberationfonts), SIL Open Font
 * License 1.1 — LICENSE-Liberation.txt beside them. Never the system's fonts: the same bytes are
 * embedded (as subsets) on every machine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fromRoot } from '../paths.js';

type Doc = PDFKit.PDFDocument;

export const SERIF_FAMILY = 'Liberation Serif';

export const SERIF_FILES = {
  regular: fromRoot('src/platform/fonts/LiberationSerif-Regular.ttf'),
  bold: fromRoot('src/platform/fonts/LiberationSerif-Bold.ttf'),
  italic: fromRoot('src/platform/fonts/LiberationSerif-Italic.ttf'),
  boldItalic: fromRoot('src/platform/fonts/LiberationSerif-BoldItalic.ttf'),
} as const;

/** The four styles of a family (the sans faces use the same names). */
export type SerifStyle = keyof typeof SERIF_FILES;

/**
 * The faces' bytes, read once per process (every document embeds a subset of the same files).
 * Each document parses them again (fontkit): a parsed font shared between documents keeps state
 * that mixes up their subsets (letters missing in the second document), so only the bytes are shared.
 */
const serifBytes = new Map<SerifStyle, Buffer>();
const bytesOf = (style: SerifStyle): Buffer => {
  let b = serifBytes.get(style);
  if (!b) serifBytes.set(style, (b = readFileSync(SERIF_FILES[style])));
  return b;
};

const DEFAULT_NAMES: Record<SerifStyle, string> = { regular: 'regular', bold: 'bold', italic: 'italic', boldItalic: 'boldItalic' };

/** Registers the serif faces in a pdfkit document under the names given (default: the style names). */
export function registerSerif(doc: Doc, names: Partial<Record<SerifStyle, string>> = DEFAULT_NAMES): void {
  for (const [style, name] of Object.entries(names) as [SerifStyle, string][]) doc.registerFont(name, bytesOf(style));
}

/**
 * DejaVu Sans (the `dejavu-fonts-ttf` package), the sans-serif face of what is not an official
 * document: the counter's survey poster and the demo papers. Resolved lazily, where the package is.
 */
const sansFile = (style: SerifStyle): string => {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return join(
    dir,
    { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf', boldItalic: 'DejaVuSans-BoldOblique.ttf' }[style],
  );
};

/** Registers the sans faces in a pdfkit document under the names given (default: the style names). */
export function registerSans(doc: Doc, names: Partial<Record<SerifStyle, string>> = DEFAULT_NAMES): void {
  for (const [style, name] of Object.entries(names) as [SerifStyle, string][]) doc.registerFont(name, sansFile(style));
}

/**
 * Page numbers as Nghị định 30/2020 (Phụ lục I) sets them: from 1 in Arabic numerals, 13–14 pt
 * upright, centred in the top margin, the first page's number not shown. Call after the content
 * is complete, on a document created with `bufferPages: true`; a one-page document is unchanged.
 * Returns the number of pages.
 */
export function numberPages(doc: Doc, opts: { font: string; size?: number }): number {
  const range = doc.bufferedPageRange();
  for (let i = 1; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const { left, right, top } = doc.page.margins;
    const size = opts.size ?? 13;
    // Inside the top margin; lineBreak off and the cursor restored so nothing reflows.
    const [x, y] = [doc.x, doc.y];
    doc
      .font(opts.font)
      .fontSize(size)
      .text(String(i + 1), left, Math.max(8, (top - size) / 2), { width: doc.page.width - left - right, align: 'center', lineBreak: false });
    doc.x = x;
    doc.y = y;
  }
  if (range.count) doc.switchToPage(range.start + range.count - 1);
  return range.count;
}
