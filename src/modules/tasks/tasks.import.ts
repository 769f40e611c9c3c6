/**
 * Reading a plan's appendix table (Phụ lục) from what people actually have: text pasted out of a
 * document (tab-separated rows, repeated headers at page breaks, rows continued on the next page
 * without a number, HTML fragments left in cells), CSV/TSV, XLSX and DOCX. Pure except the XLSX
 * readers of XLSX (exceljs) and DOCX (a ZIP of XML), both async: every archive is read within the
 * limits of platform/archive.ts (entry count, inflated size, ratio) before anything parses it.
 */
import { checkArchive, readZip } from '../../platform/archive.js';
import { excel } from '../../platform/doclibs.js';
import { collapseSpaces, foldVietnamese, nfc } from '../../platform/text.js';
import { isValidIsoDate, pad2 } from './tasks.rules.js';

// ---------------------------------------------------------------------------------------------
// Cells

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ndash: '–', mdash: '—' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** HTML left over from conversion (<p>, <ul>, <li>, <br>) → plain text with line breaks. */
export function stripHtml(s: string): string {
  return decodeEntities(
    s
      .replace(/<\s*br\s*\/?>/gi, '\n')
      .replace(/<\s*\/\s*(p|li|div|ul|ol|tr)\s*>/gi, '\n')
      .replace(/<\s*li[^>]*>/gi, '\n- ')
      .replace(/<[^>]*>/g, ' '),
  );
}

/** A cell's text: HTML removed, NFC, spaces collapsed (line breaks kept as "\n"). */
export function cleanCell(s: string | null | undefined): string {
  return nfc(stripHtml(s ?? ''))
    .split('\n')
    .map((l) => collapseSpaces(l))
    .filter(Boolean)
    .join('\n');
}

/** Joins a cell continued on the next page to its first part ("nghiêm" + "túc" → "nghiêm túc"). */
export function joinContinued(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return collapseSpaces(`${a} ${b}`);
}

// ---------------------------------------------------------------------------------------------
// Rows from the different formats

/** Tab-separated rows of pasted text; lines without a tab are not table rows. */
export function rowsFromText(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.split('\t'));
}

/** CSV (RFC 4180 quotes; delimiter guessed among tab, semicolon, comma from the first line). */
export function rowsFromCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const first = src.split(/\r?\n/, 1)[0] ?? '';
  const counts: [string, number][] = ['\t', ';', ','].map((d) => [d, first.split(d).length - 1]);
  const delim = counts.sort((a, b) => b[1] - a[1])[0][1] > 0 ? counts[0][0] : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (q) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"' && cell === '') q = true;
    else if (c === delim) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** The rows of the first worksheet that holds an appendix header (or the first sheet). */
export async function rowsFromXlsx(buf: Buffer): Promise<string[][]> {
  await checkArchive(buf);
  const wb = new (excel().Workbook)();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const sheets: string[][][] = [];
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (r) => {
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(r.cellCount, 6); c++) {
        const cell = r.getCell(c);
        // A merged cell repeats its master's value in every slave cell: keep it once.
        cells.push(cell.isMerged && cell.master !== cell ? '' : (cell.text ?? ''));
      }
      rows.push(cells);
    });
    sheets.push(rows);
  });
  return sheets.find((rows) => findHeader(rows) !== null) ?? sheets[0] ?? [];
}

// ---- DOCX -------------------------------------------------------------------------------------

const xmlText = (s: string) => decodeEntities(s);

/** Text of WordprocessingML paragraphs: <w:t>, tabs and breaks. */
function paragraphText(pXml: string): string {
  let out = '';
  const re = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>|<w:cr\/>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pXml))) out += m[1] !== undefined ? xmlText(m[1]) : m[0] === '<w:tab/>' ? ' ' : '\n';
  return out;
}

function paragraphs(xml: string): string[] {
  const out: string[] = [];
  const re = /<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>|<w:p(?:\s[^>]*)?\/>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) out.push(m[1] ? paragraphText(m[1]) : '');
  return out;
}

/** The tables of a .docx (rows of cell texts; a cell spanning columns is followed by empty cells) and its body text. */
export async function readDocx(buf: Buffer): Promise<{ tables: string[][][]; text: string }> {
  const doc = (await readZip(buf, { keep: (n) => n === 'word/document.xml' })).files.get('word/document.xml');
  if (!doc) throw new Error('word/document.xml missing');
  const xml = doc.toString('utf8');
  const tables: string[][][] = [];
  const body = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (tbl) => {
    const rows: string[][] = [];
    for (const tr of tbl.match(/<w:tr[\s>][\s\S]*?<\/w:tr>/g) ?? []) {
      const cells: string[] = [];
      for (const tc of tr.match(/<w:tc[\s>][\s\S]*?<\/w:tc>/g) ?? []) {
        cells.push(paragraphs(tc).join('\n'));
        const span = /<w:gridSpan w:val="(\d+)"/.exec(tc);
        for (let i = 1; i < (span ? +span[1] : 1); i++) cells.push('');
      }
      rows.push(cells);
    }
    tables.push(rows);
    return '\n';
  });
  return { tables, text: paragraphs(body).join('\n') };
}

// ---------------------------------------------------------------------------------------------
// The appendix

export const COLUMNS = ['stt', 'content', 'lead', 'support', 'output', 'deadline'] as const;
type Column = (typeof COLUMNS)[number];

const HEADER_PATTERNS: [Column, RegExp][] = [
  ['stt', /^(stt|tt|so tt|so thu tu)$/],
  ['content', /nhiem vu|noi dung/],
  ['lead', /chu tri/],
  ['support', /phoi hop/],
  ['output', /san pham|ket qua/],
  ['deadline', /thoi gian|thoi han|tien do/],
];

/** Index of the first header row and its column map, or null. */
export function findHeader(rows: string[][]): { index: number; cols: Partial<Record<Column, number>> } | null {
  for (let i = 0; i < rows.length; i++) {
    const cols = headerCols(rows[i]);
    if (cols) return { index: i, cols };
  }
  return null;
}

function headerCols(row: string[]): Partial<Record<Column, number>> | null {
  const cols: Partial<Record<Column, number>> = {};
  row.forEach((c, i) => {
    const f = foldVietnamese(cleanCell(c));
    for (const [col, re] of HEADER_PATTERNS)
      if (cols[col] === undefined && re.test(f)) {
        cols[col] = i;
        break;
      }
  });
  return cols.content !== undefined && cols.lead !== undefined ? cols : null;
}

export interface AppendixRow {
  /** Number as written (STT). */
  number: string;
  section: string | null;
  content: string;
  lead: string;
  support: string;
  output: string;
  deadline: string;
}

export interface Appendix {
  sections: string[];
  tasks: AppendixRow[];
  /** Rows that could not be placed (e.g. text before the first task), for the review screen. */
  warnings: string[];
}

const SECTION_RE = /^([IVXLC]+|[A-Z])\s*[.)]\s*\S/;

/**
 * Turns table rows into tasks: header rows (first and repeated ones) are skipped; a row whose
 * first cell is a Roman-numbered heading with nothing else opens a section; a numbered row is a
 * task; a row without a number continues the previous task cell by cell (page breaks).
 */
export function rowsToAppendix(rows: string[][]): Appendix {
  const header = findHeader(rows);
  if (!header) throw new Error('no appendix header');
  const { cols } = header;
  const get = (r: string[], c: Column) => (cols[c] === undefined ? '' : cleanCell(r[cols[c]!] ?? ''));
  const out: Appendix = { sections: [], tasks: [], warnings: [] };
  let section: string | null = null;
  for (const r of rows.slice(header.index + 1)) {
    if (headerCols(r)) continue; // header repeated at a page break
    const cells = r.map((c) => cleanCell(c));
    const nonEmpty = cells.filter(Boolean);
    if (!nonEmpty.length) continue;
    const first = cells.find(Boolean)!;
    const onlyOne = nonEmpty.every((c) => c === first);
    if (onlyOne && SECTION_RE.test(first) && !/^\d/.test(first)) {
      section = first.replace(/\n/g, ' ');
      out.sections.push(section);
      continue;
    }
    const stt = get(r, 'stt');
    const row: AppendixRow = {
      number: stt,
      section,
      content: get(r, 'content'),
      lead: get(r, 'lead'),
      support: get(r, 'support'),
      output: get(r, 'output'),
      deadline: get(r, 'deadline'),
    };
    if (/^\d+[.)]?$/.test(stt)) {
      row.number = stt.replace(/[.)]$/, '');
      out.tasks.push(row);
    } else if (!stt && out.tasks.length) {
      const prev = out.tasks[out.tasks.length - 1];
      prev.content = joinContinued(prev.content, row.content);
      prev.lead = joinContinued(prev.lead, row.lead);
      prev.support = joinContinued(prev.support, row.support);
      prev.output = joinContinued(prev.output, row.output);
      prev.deadline = joinContinued(prev.deadline, row.deadline);
    } else {
      out.warnings.push(`Dòng không rõ thuộc nhiệm vụ nào: "${nonEmpty.join(' | ').slice(0, 200)}"`);
    }
  }
  for (const t of out.tasks) {
    for (const k of ['content', 'lead', 'support', 'output', 'deadline'] as const) t[k] = collapseSpaces(t[k].replace(/\n/g, ' '));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Agencies written in a cell

export const AGENCY_GROUPS = ['departments', 'communes', 'related'] as const;
export type AgencyGroup = (typeof AGENCY_GROUPS)[number];

export const GROUP_NAMES_VI: Record<AgencyGroup, string> = {
  departments: 'Các sở, ban, ngành',
  communes: 'UBND các xã, phường',
  related: 'Các cơ quan, đơn vị liên quan',
};

export interface AgencyPhrase {
  /** The phrase as written in the plan. */
  written: string;
  /** A group that stands for every agency of a kind. */
  group: AgencyGroup | null;
  /** The name to look up (for a single agency). */
  name: string | null;
  /** Extra words kept for the reader ("Phòng Tổng hợp"), or the group's note. */
  note: string | null;
}

const DISTRICT_NOTE =
  'Cấp huyện kết thúc hoạt động từ 01/7/2025 (Luật 72/2025/QH15): nhiệm vụ của UBND các huyện, thị xã, thành phố chuyển cho UBND các xã, phường.';

function classify(written: string): AgencyPhrase[] {
  const f = foldVietnamese(written);
  if (/^(cac )?so,? ban,? nganh/.test(f)) return [{ written, group: 'departments', name: null, note: null }];
  if (/^(ubnd|uy ban nhan dan) (cac )?(huyen|thi xa|thanh pho|quan)\b/.test(f)) return [{ written, group: 'communes', name: null, note: DISTRICT_NOTE }];
  if (/^(ubnd|uy ban nhan dan) (cac )?(xa|phuong)\b/.test(f)) return [{ written, group: 'communes', name: null, note: null }];
  if (/^(cac )?co quan,? (to chuc,? )?don vi (co )?lien quan|^cac don vi lien quan|^cac co quan lien quan/.test(f))
    return [{ written, group: 'related', name: null, note: null }];
  // "Các Sở: Nội vụ, Kế hoạch và Đầu tư, Tài chính" → one phrase per department.
  const many = /^Các\s+(Sở|sở)\s*:\s*(.+)$/u.exec(written);
  if (many) {
    return many[2]
      .split(',')
      .map((s) => collapseSpaces(s))
      .filter(Boolean)
      .map((s) => ({ written: `Sở ${s}`, group: null, name: `Sở ${s}`, note: null }));
  }
  const paren = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(written);
  if (paren && paren[1]) return [{ written, group: null, name: paren[1], note: paren[2] }];
  return [{ written, group: null, name: written, note: null }];
}

/**
 * Splits a cell such as "- Các sở, ban, ngành; - UBND các huyện, thị xã, thành phố." or
 * "- Văn phòng UBND tỉnh và các cơ quan, đơn vị liên quan." into agency phrases. A dash inside a
 * name ("Sở Lao động - Thương binh và Xã hội") is not a bullet: bullets start a line or follow
 * ";" or ".".
 */
export function splitAgencies(cell: string): AgencyPhrase[] {
  const text = cleanCell(cell);
  if (!text) return [];
  const parts = text
    .split(/(?:^|[;\n]|\.(?=\s*-\s))\s*-\s+|;|\n/)
    .map((s) =>
      collapseSpaces(s)
        .replace(/^[-–•]\s*/, '')
        .replace(/[.;,]+$/, '')
        .trim(),
    )
    .filter(Boolean);
  const out: AgencyPhrase[] = [];
  for (const part of parts) {
    // "X và các cơ quan, đơn vị liên quan"
    const rel = /^(.*\S)\s+và\s+(các (?:cơ quan|đơn vị)[^]*liên quan)$/iu.exec(part);
    if (rel) out.push(...classify(rel[1]), ...classify(rel[2]));
    else out.push(...classify(part));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The plan itself (from the document's text, when there is one)

export interface PlanInfo {
  title: string | null;
  number: string | null;
  issuedOn: string | null;
  signer: string | null;
  /** The reporting day of the quarter's last month ("định kỳ ngày 18 tháng cuối quý"). */
  reportDay: number | null;
}

/** Best-effort plan details from the document text; every field may be null. */
export function planInfoFromText(text: string): PlanInfo {
  const lines = nfc(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => collapseSpaces(l.replace(/\*\*/g, '')))
    .filter((l) => l && !l.includes('\t'));
  const info: PlanInfo = { title: null, number: null, issuedOn: null, signer: null, reportDay: null };
  const kh = lines.findIndex((l) => /^(KẾ HOẠCH|CHƯƠNG TRÌNH|CHỈ THỊ|THÔNG BÁO|QUYẾT ĐỊNH)$/u.test(l));
  if (kh >= 0 && lines[kh + 1]) info.title = `${lines[kh][0]}${lines[kh].slice(1).toLowerCase()} ${lines[kh + 1]}`.slice(0, 500);
  // The document's own number sits in its header as "Số: 123/KH-UBND" (not "Nghị quyết số …").
  const num = /^Số\s*:?\s*(\d+\s*\/\s*[A-ZĐ][A-ZĐ0-9-]*(?:\/[A-ZĐ0-9-]+)?)/mu.exec(lines.slice(0, 15).join('\n'));
  if (num) info.number = num[1].replace(/\s+/g, '');
  const dated = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u.exec(lines.slice(0, 15).join('\n'));
  if (dated) {
    const iso = `${dated[3]}-${pad2(+dated[2])}-${pad2(+dated[1])}`;
    if (isValidIsoDate(iso)) info.issuedOn = iso;
  }
  const sig = lines.findIndex((l) => /^(KT\.\s*)?(CHỦ TỊCH|PHÓ CHỦ TỊCH|TM\.)/u.test(l));
  if (sig >= 0) {
    const after = lines.slice(sig + 1).find((l) => !/^(PHÓ )?CHỦ TỊCH|^TM\.|^KT\./u.test(l));
    if (after && after.split(' ').length <= 6 && !/^phụ lục/iu.test(after)) info.signer = after;
  }
  const rd = /ngày\s+(\d{1,2})\s+(?:của\s+)?tháng cuối (?:mỗi\s+)?quý/u.exec(text);
  if (rd && +rd[1] >= 1 && +rd[1] <= 28) info.reportDay = +rd[1];
  return info;
}

// ---------------------------------------------------------------------------------------------
// Fuzzy agency names

const ABBREVIATIONS: [RegExp, string][] = [
  [/\bubnd\b/g, 'uy ban nhan dan'],
  [/\bvp\b/g, 'van phong'],
  [/\btt\b/g, 'trung tam'],
  [/\bpvhcc\b/g, 'phuc vu hanh chinh cong'],
  [/&/g, ' va '],
];

/** Accent-free, abbreviation-expanded comparison key ("VP UBND tỉnh" → "van phong uy ban nhan dan tinh"). */
export function fuzzyKey(s: string): string {
  let f = foldVietnamese(s).replace(/[.,;:()"“”]/g, ' ');
  for (const [re, to] of ABBREVIATIONS) f = f.replace(re, to);
  return collapseSpaces(f);
}

function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (const w of s.split(' ')) {
    const p = `  ${w} `;
    for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  }
  return out;
}

/** pg_trgm-style similarity of two strings (shared trigrams / all trigrams). */
export function similarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  const all = ta.size + tb.size - shared;
  return all === 0 ? 0 : shared / all;
}

export const FUZZY_THRESHOLD = 0.6;

/**
 * The directory entry closest to `written` (by name or short name, with and without the
 * province suffix), or null below the threshold. Ties keep the first (current agencies first).
 */
export function bestFuzzyMatch<T extends { name: string; shortName: string }>(
  written: string,
  directory: readonly T[],
  provinceSuffix = '',
): { agency: T; score: number } | null {
  const key = fuzzyKey(written);
  let best: { agency: T; score: number } | null = null;
  const suffix = provinceSuffix ? fuzzyKey(provinceSuffix) : '';
  for (const a of directory) {
    const names = [fuzzyKey(a.name), fuzzyKey(a.shortName)];
    if (suffix) names.push(...names.map((n) => (n.endsWith(' ' + suffix) ? n.slice(0, -suffix.length - 1) : n)));
    const score = Math.max(...names.map((n) => (n === key ? 1 : similarity(key, n))));
    if (!best || score > best.score) best = { agency: a, score };
  }
  return best && best.score >= FUZZY_THRESHOLD ? best : null;
}
