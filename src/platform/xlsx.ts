/**
 * One way to lay out a table sheet in the XLSX exports (issue 23): a bold, wrapped header row that
 * stays frozen while scrolling, a width for every column, and each column's type — numbers stored
 * as numbers and dates as dates (shown dd/mm/yyyy), never as text, so a reader can sort, filter
 * and sum. Usage:
 *
 *   const t = tableSheet(ws, COLUMNS);   // writes the header at the next row, widths, formats, freeze
 *   t.add([1, 'Nội dung', xlsxDate('2026-12-07'), 75]);
 */
import type ExcelJS from 'exceljs';
import { vnParts } from './vn-time.js';

export type CellKind = 'text' | 'int' | 'number' | 'date' | 'datetime' | 'percent';

export interface SheetColumn {
  header: string;
  /** Width in characters (Excel's unit). */
  width: number;
  kind?: CellKind;
}

const NUM_FMT: Record<CellKind, string | undefined> = {
  text: undefined,
  int: '#,##0',
  number: '#,##0.##',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
  percent: '0.0',
};

/**
 * A calendar day as an Excel date: 'YYYY-MM-DD' (or the date part of an ISO instant already in
 * Vietnam time, e.g. vnIso's "2026-12-07T08:30:00+07:00") → the Date at 00:00 UTC of that day,
 * which exceljs stores as the day's serial number (no time zone shift). Null stays null.
 */
export function xlsxDate(day: string | null | undefined): Date | null {
  if (!day) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) throw new Error(`not a date: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** A Vietnam wall-clock time as an Excel date-time (from an instant). */
export function xlsxDateTime(at: Date | string | null | undefined): Date | null {
  if (at === null || at === undefined) return null;
  const t = (typeof at === 'string' ? new Date(at) : at).getTime();
  if (Number.isNaN(t)) throw new Error(`not a time: ${String(at)}`);
  const p = vnParts(t);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute));
}

/** A label that is a whole number ("12") as the number; anything else ("1.2", "II", "") as text. */
export function xlsxNumberOrText(s: string | null | undefined): number | string {
  if (s === null || s === undefined) return '';
  return /^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : s;
}

export interface TableSheet {
  /** The header's row number (1-based). */
  headerRow: number;
  add(values: readonly (string | number | Date | boolean | null | undefined)[], opts?: { bold?: boolean; wrap?: boolean }): ExcelJS.Row;
}

/**
 * Writes the header row after what the sheet holds, sets every column's width and number format,
 * freezes the rows down to the header and turns the filter on over the header.
 */
export function tableSheet(ws: ExcelJS.Worksheet, columns: readonly SheetColumn[], opts: { filter?: boolean } = {}): TableSheet {
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    const fmt = NUM_FMT[c.kind ?? 'text'];
    if (fmt) col.numFmt = fmt;
  });
  const headerRow = header.number;
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];
  if (opts.filter !== false) ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
  return {
    headerRow,
    add(values, o = {}) {
      const row = ws.addRow(values.map((v) => (v === undefined ? null : v)));
      row.alignment = { wrapText: o.wrap ?? true, vertical: 'top' };
      if (o.bold) row.font = { bold: true };
      return row;
    },
  };
}
