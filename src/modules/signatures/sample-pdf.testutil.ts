import { pdfDocument } from '../../platform/doclibs.js';

/** A one-page A4 PDF with a line of text: a real PDF a signer can sign (signature tests and bench). */
export async function samplePdf(text: string): Promise<Buffer> {
  const doc = new (pdfDocument())({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => doc.on('end', r));
  doc.text(text);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
