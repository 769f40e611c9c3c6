/** One-stop forms as PDF (pdfkit, Liberation Serif, metrically Times New Roman) and the tracking book as XLSX (exceljs). */
export { receiptPdf } from './receipt.js';
export { supplementRequestPdf } from './supplement-request.js';
export { refusalPdf } from './refusal.js';
export { appraisalRefusalPdf } from './appraisal-refusal.js';
export { apologyPdf } from './apology.js';
export { stopNoticePdf } from './stop-notice.js';
export { controlSheetPdf, handoverOutcome, OUTCOME_VI } from './control-sheet.js';
export { trackingBookXlsx, excelDay, TRACKING_BOOK_COLUMNS } from './tracking-book.js';
export { FORMS, formInfo, formSetFor, formSetInForce, TT03_2025_FORMS_FROM, type FormInfo, type FormKind } from './forms.js';
export { placeAndDate, vnDate, vnDateTime, FONT_FILES } from '../../../platform/pdf-layout.js';
export type * from './types.js';
