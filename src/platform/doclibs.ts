import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';
import type PDFDocumentClass from 'pdfkit';
import type QRCodeModule from 'qrcode';

/**
 * The document libraries (exceljs, pdfkit with fontkit, qrcode) are loaded on first use, not at
 * start-up: together they take ~55 MB of a server that otherwise idles near 250 MB, and most
 * processes serve no XLSX or PDF for long stretches (measured in docs/operations.md, "Memory").
 * `require` is synchronous and caches, so callers keep their synchronous code. Modules import
 * these three packages only through this file (ESLint `no-restricted-imports`; type imports allowed).
 */
const require = createRequire(import.meta.url);

export const excel = (): typeof ExcelJSModule => require('exceljs') as typeof ExcelJSModule;
export const pdfDocument = (): typeof PDFDocumentClass => require('pdfkit') as typeof PDFDocumentClass;
export const qrcode = (): typeof QRCodeModule => require('qrcode') as typeof QRCodeModule;
