/**
 * Reading (and, for the example and the demo, writing) historical-dossier files: NDJSON (one
 * dossier per line) or XLSX (a sheet of dossiers and a sheet of actions, joined by `ref`), both
 * giving the same records (history.rules.ts). XLSX goes through exceljs (platform/doclibs.ts).
 */
import type ExcelJS from 'exceljs';
import { excel } from '../../platform/doclibs.js';
import type { HistoryDossier, Located } from './history.rules.js';
import { VN_OFFSET_MS } from '../../platform/vn-time.js';

export const SHEET_DOSSIERS = 'HoSo';
export const SHEET_ACTIONS = 'ThaoTac';

/** Columns of the dossier sheet (header = key). */
export const DOSSIER_COLUMNS = [
  'ref',
  'code',
  'procedure',
  'case',
  'channel',
  'receivingAgency',
  'applicantKind',
  'applicantName',
  'applicantIdNumber',
  'applicantPhone',
  'applicantEmail',
  'applicantAddress',
  'summary',
  'components',
  'digitisedComponents',
  'scans',
  'ratingAt',
  'ratingLevel',
  'ratingSource',
  'ratingComment',
] as const;
/** Columns of the action sheet (one row per action, in time order within a dossier). */
export const ACTION_COLUMNS = [
  'ref',
  'type',
  'at',
  'agency',
  'by',
  'reason',
  'items',
  'deadline',
  'toAgency',
  'task',
  'budgetDays',
  'note',
  'fees',
  'paidOnline',
  'decisionNumber',
  'signer',
  'signedOn',
  'channel',
  'receivedBy',
  'trackingNumber',
  'newAppointment',
  'reference',
  'file',
] as const;

export interface ParsedFile {
  records: Located[];
  /** Problems of the file itself (not of one record): unreadable, missing sheet. */
  fileErrors: string[];
}

/**
 * The data file of a ZIP package: exactly one `.ndjson`/`.jsonl` or `.xlsx` at the package's root
 * (the other entries are the files it references).
 */
export function packageDataFile(names: readonly string[]): { ok: true; name: string; kind: 'ndjson' | 'xlsx' } | { ok: false; message: string } {
  const data = names.filter((n) => !n.includes('/') && /\.(ndjson|jsonl|xlsx)$/i.test(n));
  if (data.length !== 1) {
    return {
      ok: false,
      message:
        data.length === 0
          ? 'gói ZIP không có tệp dữ liệu: cần đúng một tệp .ndjson (hoặc .xlsx) ở thư mục gốc của gói, kèm các tệp PDF được tham chiếu.'
          : `gói ZIP có ${data.length} tệp dữ liệu ở thư mục gốc (${data.join(', ')}); chỉ được có một.`,
    };
  }
  return { ok: true, name: data[0], kind: /\.xlsx$/i.test(data[0]) ? 'xlsx' : 'ndjson' };
}

export function detectFormat(buf: Buffer, fileName: string | null): 'ndjson' | 'xlsx' | null {
  if (buf.length >= 2 && buf[0] === 0x50 && buf[1] === 0x4b) return 'xlsx';
  const head = buf
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('{')) return 'ndjson';
  const n = fileName?.toLowerCase() ?? '';
  if (n.endsWith('.ndjson') || n.endsWith('.jsonl')) return 'ndjson';
  if (n.endsWith('.xlsx')) return 'xlsx';
  return null;
}

export function parseNdjson(buf: Buffer): ParsedFile {
  const records: Located[] = [];
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (err) {
      record = { __parseError: `dòng không phải JSON hợp lệ (${(err as Error).message}).` };
    }
    records.push({ line: i + 1, where: `dòng ${i + 1}`, record });
  });
  return { records, fileErrors: [] };
}

export const toNdjson = (ds: readonly HistoryDossier[]): string => ds.map((d) => JSON.stringify(d)).join('\n') + '\n';

/** A cell's text (numbers as written, dates as ISO; a date typed without a zone is Vietnam time). */
function cellText(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    // exceljs reads a typed date-time as that wall-clock time in UTC; it was typed in Vietnam.
    return new Date(v.getTime() - VN_OFFSET_MS).toISOString().replace('.000Z', 'Z');
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined || v.result === null ? null : String(v.result);
    return null;
  }
  const s = String(v).trim();
  return s.length ? s : null;
}

function sheetRows(ws: ExcelJS.Worksheet): { row: number; get: (k: string) => string | null }[] {
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((c, col) => {
    const t = cellText(c.value);
    if (t) header.set(t.replace(/\*$/, '').trim(), col);
  });
  const out: { row: number; get: (k: string) => string | null }[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const get = (k: string) => {
      const col = header.get(k);
      return col ? cellText(r.getCell(col).value) : null;
    };
    if ([...header.values()].every((col) => cellText(r.getCell(col).value) === null)) return;
    out.push({ row: n, get });
  });
  return out;
}

const intList = (s: string | null) =>
  s
    ? s
        .split(/[,;\s]+/)
        .filter(Boolean)
        .map((x) => (/^\d+$/.test(x) ? Number(x) : NaN))
    : [];
const lines = (s: string | null) =>
  s
    ? s
        .split(/\r?\n|;/)
        .map((x) => x.trim())
        .filter(Boolean)
    : null;
const yes = (s: string | null) => (s === null ? null : /^(1|true|có|co|x|yes)$/i.test(s));

export async function parseXlsx(buf: Buffer): Promise<ParsedFile> {
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch (err) {
    return { records: [], fileErrors: [`không đọc được tệp XLSX (${(err as Error).message}).`] };
  }
  const wd = wb.getWorksheet(SHEET_DOSSIERS);
  const wa = wb.getWorksheet(SHEET_ACTIONS);
  const fileErrors: string[] = [];
  if (!wd) fileErrors.push(`thiếu trang tính "${SHEET_DOSSIERS}" (danh sách hồ sơ).`);
  if (!wa) fileErrors.push(`thiếu trang tính "${SHEET_ACTIONS}" (các thao tác).`);
  if (!wd || !wa) return { records: [], fileErrors };
  const actions = new Map<string, { row: number; a: Record<string, unknown> }[]>();
  for (const r of sheetRows(wa)) {
    const ref = r.get('ref') ?? '';
    const num = r.get('budgetDays');
    const feeLines = lines(r.get('fees'));
    const a: Record<string, unknown> = {
      type: r.get('type'),
      at: r.get('at'),
      agency: r.get('agency'),
      by: r.get('by'),
      reason: r.get('reason'),
      items: lines(r.get('items')),
      deadline: r.get('deadline'),
      toAgency: r.get('toAgency'),
      task: r.get('task'),
      budgetDays: num === null ? null : Number(num),
      note: r.get('note'),
      // "Lệ phí hộ tịch: 8000" per line
      fees: feeLines
        ? feeLines.map((l) => {
            const m = /^(.*?)[:=]\s*([\d.]+)\s*$/.exec(l);
            return m ? { name: m[1].trim(), amount: Number(m[2].replace(/\./g, '')) } : { name: l, amount: NaN };
          })
        : null,
      paidOnline: yes(r.get('paidOnline')),
      decisionNumber: r.get('decisionNumber'),
      signer: r.get('signer'),
      signedOn: r.get('signedOn')?.slice(0, 10) ?? null,
      channel: r.get('channel'),
      receivedBy: r.get('receivedBy'),
      trackingNumber: r.get('trackingNumber'),
      newAppointment: r.get('newAppointment'),
      reference: r.get('reference'),
      file: r.get('file'),
    };
    for (const k of Object.keys(a)) if (a[k] === null) delete a[k];
    const list = actions.get(ref) ?? [];
    list.push({ row: r.row, a });
    actions.set(ref, list);
  }
  const records: Located[] = [];
  const seen = new Set<string>();
  for (const r of sheetRows(wd)) {
    const ref = r.get('ref') ?? '';
    seen.add(ref);
    const comps = intList(r.get('components'));
    const dig = new Set(intList(r.get('digitisedComponents')));
    for (const i of dig) if (!comps.includes(i)) comps.push(i);
    const acts = actions.get(ref) ?? [];
    // One scan per line: "index | file | confirmedBy | confirmedAt".
    const scans = new Map(
      (lines(r.get('scans')) ?? []).map((l) => {
        const [i, file, confirmedBy, confirmedAt] = l.split('|').map((x) => x.trim());
        return [/^\d+$/.test(i) ? Number(i) : NaN, { file, confirmedBy, confirmedAt }] as const;
      }),
    );
    for (const i of scans.keys()) if (!comps.includes(i)) comps.push(i);
    const level = r.get('ratingLevel');
    const rating =
      r.get('ratingAt') || level
        ? {
            at: r.get('ratingAt'),
            level: level !== null && /^\d+$/.test(level) ? Number(level) : level,
            source: r.get('ratingSource'),
            comment: r.get('ratingComment'),
          }
        : null;
    const record: Record<string, unknown> = {
      ref: r.get('ref'),
      code: r.get('code'),
      procedure: r.get('procedure'),
      case: r.get('case'),
      channel: r.get('channel'),
      receivingAgency: r.get('receivingAgency'),
      applicant: {
        kind: r.get('applicantKind') ?? 'citizen',
        name: r.get('applicantName'),
        idNumber: r.get('applicantIdNumber'),
        phone: r.get('applicantPhone'),
        email: r.get('applicantEmail'),
        address: r.get('applicantAddress'),
      },
      summary: r.get('summary'),
      components: comps.length ? comps.map((index) => ({ index, digitised: dig.has(index), ...(scans.has(index) ? { scan: scans.get(index) } : {}) })) : null,
      actions: acts.map((x) => x.a),
      ...(rating ? { rating } : {}),
    };
    records.push({ line: r.row, where: `trang ${SHEET_DOSSIERS} dòng ${r.row}`, actionWhere: acts.map((x) => `trang ${SHEET_ACTIONS} dòng ${x.row}`), record });
  }
  for (const [ref, acts] of actions) {
    if (!seen.has(ref)) fileErrors.push(`trang ${SHEET_ACTIONS} dòng ${acts[0].row}: mã hồ sơ "${ref}" không có trong trang ${SHEET_DOSSIERS}.`);
  }
  return { records, fileErrors };
}

/** The same dossiers as an XLSX workbook (the example file and round-trip tests). */
export async function buildXlsx(ds: readonly HistoryDossier[]): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  wb.created = new Date(0);
  const wd = wb.addWorksheet(SHEET_DOSSIERS, { views: [{ state: 'frozen', ySplit: 1 }] });
  wd.columns = DOSSIER_COLUMNS.map((k) => ({ header: k, key: k, width: 18 }));
  const wa = wb.addWorksheet(SHEET_ACTIONS, { views: [{ state: 'frozen', ySplit: 1 }] });
  wa.columns = ACTION_COLUMNS.map((k) => ({ header: k, key: k, width: 18 }));
  for (const s of [wd, wa]) s.getRow(1).font = { bold: true };
  for (const d of ds) {
    wd.addRow({
      ref: d.ref,
      code: d.code ?? null,
      procedure: d.procedure,
      case: d.case ?? null,
      channel: d.channel,
      receivingAgency: d.receivingAgency,
      applicantKind: d.applicant.kind,
      applicantName: d.applicant.name,
      applicantIdNumber: d.applicant.idNumber,
      applicantPhone: d.applicant.phone ?? null,
      applicantEmail: d.applicant.email ?? null,
      applicantAddress: d.applicant.address ?? null,
      summary: d.summary ?? null,
      components: d.components?.map((c) => c.index).join(',') || null,
      digitisedComponents:
        d.components
          ?.filter((c) => c.digitised)
          .map((c) => c.index)
          .join(',') || null,
      scans:
        d.components
          ?.filter((c) => c.scan)
          .map((c) => `${c.index} | ${c.scan!.file} | ${c.scan!.confirmedBy} | ${c.scan!.confirmedAt}`)
          .join('\n') || null,
      ratingAt: d.rating?.at ?? null,
      ratingLevel: d.rating?.level ?? null,
      ratingSource: d.rating?.source ?? null,
      ratingComment: d.rating?.comment ?? null,
    });
    for (const a of d.actions) {
      wa.addRow({
        ...a,
        ref: d.ref,
        items: a.items?.join('\n') ?? null,
        fees: a.fees?.map((f) => `${f.name}: ${f.amount}`).join('\n') ?? null,
        paidOnline: a.paidOnline === undefined || a.paidOnline === null ? null : a.paidOnline ? 'có' : 'không',
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
