/**
 * The one way a module starts a PDF: pdfkit (loaded on first use, doclibs.ts) with our embedded
 * fonts, A4 by default, the document information every file of ours carries (Title, Subject, Author,
 * Creator "MotCua"; NFC-normalised, as all text we draw), and `pdfBytes` to end it and collect its
 * bytes. Layouts stay with what they lay out: the Nghị định 30/2020 administrative document in
 * pdf-layout.ts, posters and receipts in their modules.
 */
import { pdfDocument } from './doclibs.js';
import { registerSans, registerSerif, type SerifStyle } from './fonts/fonts.js';
import { nfc } from './text.js';

export type PdfDoc = PDFKit.PDFDocument;

export interface PdfInfo {
  title: string;
  subject?: string;
  author?: string;
  /** Default "MotCua". */
  creator?: string;
  producer?: string;
}

export interface PdfOptions {
  info: PdfInfo;
  /** Default A4. */
  size?: string | [number, number];
  layout?: 'portrait' | 'landscape';
  /** One margin for all sides or each side (points); pdfkit's default 72 when left out. */
  margins?: number | { top: number; bottom: number; left: number; right: number };
  /** Keep pages in memory until the end (page numbers drawn afterwards). */
  bufferPages?: boolean;
  /** false: no page until the caller adds one (pages of different sizes). */
  autoFirstPage?: boolean;
  /**
   * The faces registered, by the names the caller draws with: 'serif' = Liberation Serif (Times New
   * Roman metrics, official documents), 'sans' = DejaVu Sans (posters, demo papers); none when left out.
   */
  fonts?: { family: 'serif' | 'sans'; names?: Partial<Record<SerifStyle, string>> };
}

/** A new pdfkit document with our fonts and metadata. */
export function createPdf(o: PdfOptions): PdfDoc {
  const { title, subject, author, creator, producer } = o.info;
  const doc = new (pdfDocument())({
    size: o.size ?? 'A4',
    ...(o.layout ? { layout: o.layout } : {}),
    ...(typeof o.margins === 'number' ? { margin: o.margins } : o.margins ? { margins: o.margins } : {}),
    info: {
      Title: nfc(title),
      ...(subject !== undefined ? { Subject: nfc(subject) } : {}),
      ...(author !== undefined ? { Author: nfc(author) } : {}),
      Creator: creator ?? 'MotCua',
      ...(producer !== undefined ? { Producer: producer } : {}),
    },
    autoFirstPage: o.autoFirstPage ?? true,
    bufferPages: o.bufferPages ?? false,
  });
  if (o.fonts?.family === 'serif') registerSerif(doc, o.fonts.names);
  if (o.fonts?.family === 'sans') registerSans(doc, o.fonts.names);
  return doc;
}

/**
 * Ends the document and collects its bytes. pdfkit buffers what it wrote until a reader attaches,
 * so this is called once the content is drawn.
 */
export function pdfBytes(doc: PdfDoc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Left edge and width of the text area of the current page. */
export const contentLeft = (doc: PdfDoc): number => doc.page.margins.left;
export const contentWidth = (doc: PdfDoc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
