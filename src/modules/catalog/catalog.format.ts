/**
 * The catalogue's file formats (docs/catalog-format.md): JSON (an array of procedures, or
 * `{ format: "motcua.catalog", procedures: [...] }`) and XLSX (one sheet per kind of row).
 * Parsing never throws on bad content: it returns the procedures it could assemble, a map from
 * each value's JSON pointer to where it came from (sheet, row, column), and the errors found so
 * far, in Vietnamese, naming sheet, row and column.
 */
import type ExcelJS from 'exceljs';
import { excel } from '../../platform/doclibs.js';
import { ROLE_NAMES_VI, ROLES } from '../../platform/context.js';
import { foldVietnamese } from '../../platform/text.js';
import { AGENCY_KIND_LABELS, formatDay } from './catalog.rules.js';
import { APPLICANT_GROUP_LABELS } from './catalog.fees.js';
import {
  AGENCY_KINDS,
  CHANNELS,
  DATA_SOURCES,
  FEE_BASES,
  FEE_PAYERS,
  APPLICANT_GROUPS,
  FIELD_TYPES,
  LEVELS,
  ONLINE_LEVELS,
  PREFILL_SOURCES,
  SUBJECTS,
  TIME_UNITS,
  VERSION_STATUSES,
  WORKFLOW_ACTIONS,
  type AgencyRef,
  type CaseDef,
  type EFormField,
  type ImportError,
  type ProcedureFile,
  type WorkflowStep,
} from './catalog.schemas.js';

export const FORMAT_ID = 'motcua.catalog';
export const FORMAT_VERSION = 1;

export interface Loc {
  sheet: string;
  row: number | null;
  column: string | null;
}

export interface Parsed {
  procedures: ProcedureFile[];
  /** Per procedure: JSON pointer (e.g. "/cases/0/fees/1/amountVnd") → where the value came from. */
  locs: Map<string, Loc>[];
  errors: ImportError[];
  /** Rows read (all sheets), for progress. */
  rows: number;
}

export function describeLoc(l: Loc): string {
  if (l.sheet === 'JSON') return `Tệp JSON, thủ tục thứ ${l.row ?? '?'}${l.column ? `, trường «${l.column}»` : ''}`;
  return `Trang tính «${l.sheet}»${l.row !== null ? `, dòng ${l.row}` : ''}${l.column ? `, cột «${l.column}»` : ''}`;
}

export function locError(l: Loc, message: string): ImportError {
  return { sheet: l.sheet, row: l.row, column: l.column, message: `${describeLoc(l)}: ${message}` };
}

/** The location of the longest pointer prefix known for `pointer`. */
export function findLoc(locs: Map<string, Loc> | undefined, pointer: string, fallback: Loc): Loc {
  if (!locs) return fallback;
  let p = pointer;
  for (;;) {
    const l = locs.get(p);
    if (l) return l;
    if (p === '') return fallback;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

// ---- labels ---------------------------------------------------------------------------------

type Labels<T extends string> = Record<T, string>;
const labels = {
  level: { province: 'Cấp tỉnh', commune: 'Cấp xã', district: 'Cấp huyện' } as Labels<(typeof LEVELS)[number]>,
  online: { full: 'Toàn trình', partial: 'Một phần', none: 'Không' } as Labels<(typeof ONLINE_LEVELS)[number]>,
  channel: { direct: 'Trực tiếp', online: 'Trực tuyến', post: 'Bưu chính' } as Labels<(typeof CHANNELS)[number]>,
  subject: {
    citizen: 'Công dân Việt Nam',
    foreigner: 'Người nước ngoài',
    overseas_vietnamese: 'Người Việt Nam định cư ở nước ngoài',
    organisation: 'Tổ chức',
    business: 'Doanh nghiệp',
    other: 'Đối tượng khác',
  } as Labels<(typeof SUBJECTS)[number]>,
  unit: { working_days: 'Ngày làm việc', working_hours: 'Giờ làm việc', calendar_days: 'Ngày' } as Labels<(typeof TIME_UNITS)[number]>,
  basis: { per_dossier: 'Theo hồ sơ', per_copy: 'Theo bản', per_page: 'Theo trang', by_value: 'Theo giá trị', other: 'Cách tính khác' } as Labels<
    (typeof FEE_BASES)[number]
  >,
  payer: { applicant: 'Người nộp hồ sơ', other: 'Người nộp khác' } as Labels<(typeof FEE_PAYERS)[number]>,
  applicantGroup: APPLICANT_GROUP_LABELS as Labels<(typeof APPLICANT_GROUPS)[number]>,
  source: {
    population_db: 'CSDL quốc gia về dân cư',
    civil_status_db: 'CSDL hộ tịch điện tử',
    land_db: 'CSDL đất đai',
    business_db: 'CSDL quốc gia về đăng ký doanh nghiệp',
    insurance_db: 'CSDL bảo hiểm',
    vehicle_db: 'CSDL phương tiện',
    warehouse: 'Kho dữ liệu của người dân, tổ chức',
    previous_result: 'Kết quả giải quyết thủ tục trước đó',
  } as Labels<(typeof DATA_SOURCES)[number]>,
  prefill: { citizen_profile: 'Hồ sơ tài khoản', previous_result: 'Kết quả trước đó', national_db: 'CSDL quốc gia' } as Labels<
    (typeof PREFILL_SOURCES)[number]
  >,
  fieldType: { string: 'Chuỗi', text: 'Đoạn văn', date: 'Ngày tháng', number: 'Số', integer: 'Số nguyên', boolean: 'Có/Không', select: 'Lựa chọn' } as Labels<
    (typeof FIELD_TYPES)[number]
  >,
  status: { draft: 'Nháp', published: 'Đã công bố', abolished: 'Đã bãi bỏ' } as Labels<(typeof VERSION_STATUSES)[number]>,
  kind: AGENCY_KIND_LABELS as Labels<(typeof AGENCY_KINDS)[number]>,
  role: ROLE_NAMES_VI as Labels<(typeof ROLES)[number]>,
  action: {
    receive: 'Tiếp nhận',
    request_supplement: 'Yêu cầu bổ sung',
    refuse: 'Từ chối',
    review: 'Thẩm định',
    consult: 'Xin ý kiến',
    forward: 'Chuyển bước',
    approve: 'Phê duyệt',
    sign: 'Ký',
    issue: 'Vào sổ và đóng dấu',
    return_result: 'Trả kết quả',
    send_back: 'Trả lại',
  } as Labels<(typeof WORKFLOW_ACTIONS)[number]>,
  agencyRole: { competent: 'Có thẩm quyền', receiving: 'Tiếp nhận' } as Labels<'competent' | 'receiving'>,
};
export const LABELS = labels;

/** The code for a label or a code, compared without diacritics and case. */
function fromLabel<T extends string>(map: Labels<T>, value: string): T | null {
  const f = foldVietnamese(value);
  for (const [code, label] of Object.entries(map) as [T, string][]) {
    if (foldVietnamese(code) === f || foldVietnamese(label) === f) return code;
  }
  return null;
}

// ---- sheets ---------------------------------------------------------------------------------

interface Col {
  key: string;
  header: string;
  width: number;
  required?: boolean;
}
interface SheetSpec {
  name: string;
  cols: Col[];
}
const c = (key: string, header: string, width = 18, required = false): Col => ({ key, header, width, required });

export const SHEETS = {
  procedures: {
    name: 'Thủ tục',
    cols: [
      c('code', 'Mã thủ tục', 12, true),
      c('portalCode', 'Mã trên Cổng DVC quốc gia', 24),
      c('name', 'Tên thủ tục', 50, true),
      c('field', 'Lĩnh vực', 24, true),
      c('levels', 'Cấp thực hiện', 14, true),
      c('agencyKind', 'Khóa cơ quan', 14),
      c('subjects', 'Đối tượng thực hiện', 22),
      c('onlineLevel', 'Mức độ dịch vụ công trực tuyến', 16, true),
      c('channels', 'Cách thức thực hiện', 16),
      c('requirements', 'Yêu cầu, điều kiện', 30),
      c('resultName', 'Kết quả thực hiện', 30, true),
      c('resultValidity', 'Thời hạn hiệu lực của kết quả (tháng)', 14),
      c('legalBasis', 'Căn cứ pháp lý', 40),
      c('steps', 'Trình tự thực hiện', 40),
      c('sources', 'Nguồn dữ liệu', 30),
      c('unverified', 'Trường chưa kiểm chứng', 20),
      c('status', 'Trạng thái', 12),
      c('decisionNo', 'Số quyết định công bố', 22),
      c('decisionDate', 'Ngày quyết định', 14),
      c('effectiveFrom', 'Ngày hiệu lực', 14),
    ],
  },
  agencies: {
    name: 'Cơ quan',
    cols: [
      c('code', 'Mã thủ tục', 12, true),
      c('role', 'Vai trò', 14, true),
      c('kind', 'Loại cơ quan', 30, true),
      c('agencyCode', 'Mã định danh cơ quan', 18),
      c('agencyName', 'Tên cơ quan', 40),
    ],
  },
  cases: {
    name: 'Trường hợp',
    cols: [
      c('code', 'Mã thủ tục', 12, true),
      c('caseKey', 'Mã trường hợp', 16, true),
      c('name', 'Tên trường hợp', 40, true),
      c('timeAmount', 'Thời hạn giải quyết', 10, true),
      c('timeUnit', 'Đơn vị thời hạn', 14, true),
      c('timeText', 'Diễn giải thời hạn', 40),
      c('onlineAmount', 'Thời hạn khi nộp trực tuyến', 10),
      c('onlineUnit', 'Đơn vị thời hạn trực tuyến', 14),
      c('onlineText', 'Diễn giải thời hạn trực tuyến', 30),
      c('reducedAmount', 'Thời hạn cắt giảm', 10),
      c('reducedUnit', 'Đơn vị thời hạn cắt giảm', 14),
      c('reducedText', 'Diễn giải thời hạn cắt giảm', 30),
      c('eformTitle', 'Tiêu đề biểu mẫu điện tử', 30),
      c('eformGenerated', 'Biểu mẫu do hệ thống sinh', 12),
      c('workflowGenerated', 'Quy trình do hệ thống sinh', 12),
    ],
  },
  fees: {
    name: 'Phí, lệ phí',
    cols: [
      c('code', 'Mã thủ tục', 12, true),
      c('caseKey', 'Mã trường hợp', 16, true),
      c('name', 'Tên khoản thu', 40, true),
      c('amountVnd', 'Số tiền (đồng)', 14),
      c('basis', 'Cách tính', 14, true),
      c('payer', 'Người nộp', 16, true),
      c('onlineReductionPercent', 'Giảm khi nộp trực tuyến (%)', 12),
      c('note', 'Ghi chú', 40),
      c('alternativeGroup', 'Nhóm mức thay thế', 16),
      c('appliesTo', 'Đối tượng áp dụng', 30),
      c('onRequest', 'Chỉ thu khi có yêu cầu', 12),
    ],
  },
  components: {
    name: 'Thành phần hồ sơ',
    cols: [
      c('code', 'Mã thủ tục', 12, true),
      c('caseKeys', 'Áp dụng cho trường hợp', 18),
      c('name', 'Tên giấy tờ', 50, true),
      c('originals', 'Số bản chính', 10, true),
      c('copies', 'Số bản sao', 10, true),
      c('required', 'Bắt buộc', 10, true),
      c('condition', 'Điều kiện phải nộp', 30),
      c('templateCode', 'Mẫu đơn, tờ khai', 30),
      c('templateFile', 'Tệp mẫu', 24),
      c('replaceableByData', 'Thay thế bằng dữ liệu', 26),
    ],
  },
  eform: {
    name: 'Biểu mẫu',
    cols: [
      c('code', 'Mã thủ tục', 12, true),
      c('caseKey', 'Mã trường hợp', 16, true),
      c('key', 'Mã trường', 16, true),
      c('label', 'Nhãn', 30, true),
      c('type', 'Kiểu dữ liệu', 12, true),
      c('required', 'Bắt buộc', 10, true),
      c('options', 'Các lựa chọn', 24),
      c('maxLength', 'Độ dài tối đa', 10),
      c('prefillSource', 'Nguồn điền sẵn', 18),
      c('prefillRef', 'Tham chiếu điền sẵn', 28),
    ],
  },
  workflow: {
    name: 'Quy trình',
    cols: [
      c('code', 'Mã thủ tục', 12, true),
      c('caseKey', 'Mã trường hợp', 16, true),
      c('name', 'Tên bước', 30, true),
      c('kind', 'Loại cơ quan thực hiện', 28, true),
      c('agencyCode', 'Mã định danh cơ quan', 18),
      c('agencyName', 'Tên cơ quan', 36),
      c('department', 'Phòng, bộ phận', 20),
      c('role', 'Vai trò', 24, true),
      c('budgetAmount', 'Thời gian', 10, true),
      c('budgetUnit', 'Đơn vị thời gian', 14, true),
      c('actions', 'Thao tác được phép', 30, true),
      c('canSendBack', 'Được trả lại bước trước', 12, true),
      c('interAgency', 'Liên thông (cơ quan khác thực hiện)', 12, true),
    ],
  },
} satisfies Record<string, SheetSpec>;
const GUIDE_SHEET = 'Hướng dẫn';

// ---- cell helpers ---------------------------------------------------------------------------

function cellText(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return v.result === undefined || v.result === null ? null : cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return null;
  }
  return String(v);
}

const lines = (s: string | null): string[] =>
  s
    ? s
        .split(/\r?\n/)
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
const items = (s: string | null): string[] =>
  s
    ? s
        .split(/[\n;]/)
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/** One data row of a sheet, with typed getters that record errors at the cell. */
class RowReader {
  constructor(
    private readonly sheet: SheetSpec,
    readonly row: number,
    private readonly values: Map<string, ExcelJS.CellValue>,
    private readonly errors: ImportError[],
  ) {}

  loc(key: string | null): Loc {
    return { sheet: this.sheet.name, row: this.row, column: key ? this.sheet.cols.find((x) => x.key === key)!.header : null };
  }

  error(key: string | null, message: string): void {
    this.errors.push(locError(this.loc(key), message));
  }

  raw(key: string): ExcelJS.CellValue {
    return this.values.get(key) ?? null;
  }

  text(key: string): string | null {
    const t = cellText(this.raw(key));
    const s = t === null ? null : t.normalize('NFC').trim();
    if (!s) {
      if (this.sheet.cols.find((x) => x.key === key)?.required) this.error(key, 'không được để trống.');
      return null;
    }
    return s;
  }

  number(key: string, opts: { integer?: boolean; min?: number; max?: number } = {}): number | null {
    const v = this.raw(key);
    const t = this.text(key);
    if (t === null) return null;
    const n =
      typeof v === 'number'
        ? v
        : Number(
            t
              .replace(/\s/g, '')
              .replace(/\.(?=\d{3}(\D|$))/g, '')
              .replace(',', '.'),
          );
    if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      const what = opts.integer ? 'số nguyên' : 'số';
      const range =
        opts.min !== undefined && opts.max !== undefined ? ` từ ${opts.min} đến ${opts.max}` : opts.min !== undefined ? ` không nhỏ hơn ${opts.min}` : '';
      this.error(key, `phải là ${what}${range} (nhận được "${t}").`);
      return null;
    }
    return n;
  }

  bool(key: string): boolean | null {
    const t = this.text(key);
    if (t === null) return null;
    const f = foldVietnamese(t);
    if (['co', 'x', 'true', '1', 'yes'].includes(f)) return true;
    if (['khong', 'false', '0', 'no'].includes(f)) return false;
    this.error(key, `phải là "Có" hoặc "Không" (nhận được "${t}").`);
    return null;
  }

  one<T extends string>(key: string, map: Labels<T>): T | null {
    const t = this.text(key);
    if (t === null) return null;
    const v = fromLabel(map, t);
    if (!v) this.error(key, `giá trị "${t}" không hợp lệ; dùng một trong: ${Object.values<string>(map).join('; ')}.`);
    return v;
  }

  many<T extends string>(key: string, map: Labels<T>): T[] {
    const out: T[] = [];
    for (const t of items(this.text(key))) {
      const v = fromLabel(map, t);
      if (!v)
        this.error(
          key,
          `giá trị "${t}" không hợp lệ; dùng các giá trị: ${Object.values<string>(map).join('; ')} (cách nhau bằng dấu chấm phẩy hoặc xuống dòng).`,
        );
      else if (!out.includes(v)) out.push(v);
    }
    return out;
  }

  date(key: string): string | null {
    const v = this.raw(key);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    const t = this.text(key);
    if (t === null) return null;
    let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    let iso: string | null = null;
    if (m) iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (m) iso = t;
    const d = iso ? new Date(iso + 'T00:00:00Z') : null;
    if (!iso || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
      this.error(key, `phải là ngày dạng dd/mm/yyyy (nhận được "${t}").`);
      return null;
    }
    return iso;
  }

  lines(key: string): string[] {
    return lines(this.text(key));
  }
}

/** Reads a sheet's data rows by header; reports missing required columns. */
function readSheet(wb: ExcelJS.Workbook, spec: SheetSpec, errors: ImportError[], optional: boolean): RowReader[] {
  const ws = wb.worksheets.find((w) => foldVietnamese(w.name) === foldVietnamese(spec.name));
  if (!ws) {
    if (!optional) errors.push(locError({ sheet: spec.name, row: null, column: null }, 'thiếu trang tính này trong tệp.'));
    return [];
  }
  const header = ws.getRow(1);
  const colOf = new Map<string, number>();
  header.eachCell((cell, col) => {
    const t = cellText(cell.value);
    if (!t) return;
    const f = foldVietnamese(t.replace(/\*$/, ''));
    const spec0 = spec.cols.find((x) => foldVietnamese(x.header) === f || x.key.toLowerCase() === t.trim().toLowerCase());
    if (spec0) colOf.set(spec0.key, col);
  });
  let missing = false;
  for (const col of spec.cols) {
    if (col.required && !colOf.has(col.key)) {
      errors.push(locError({ sheet: spec.name, row: 1, column: col.header }, 'thiếu cột bắt buộc này ở dòng tiêu đề.'));
      missing = true;
    }
  }
  if (missing) return [];
  const out: RowReader[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values = new Map<string, ExcelJS.CellValue>();
    let any = false;
    for (const [key, col] of colOf) {
      const v = row.getCell(col).value;
      values.set(key, v);
      const t = cellText(v);
      if (t !== null && t.trim() !== '') any = true;
    }
    if (any) out.push(new RowReader(spec, r, values, errors));
  }
  return out;
}

// ---- XLSX → procedures ----------------------------------------------------------------------

export async function parseXlsx(buf: Buffer): Promise<Parsed> {
  const errors: ImportError[] = [];
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch (err) {
    return {
      procedures: [],
      locs: [],
      errors: [locError({ sheet: '(tệp)', row: null, column: null }, `không đọc được tệp XLSX (${(err as Error).message}).`)],
      rows: 0,
    };
  }
  const procedures: ProcedureFile[] = [];
  const locs: Map<string, Loc>[] = [];
  const byCode = new Map<string, number>();
  let rows = 0;

  const procRows = readSheet(wb, SHEETS.procedures, errors, false);
  rows += procRows.length;
  for (const r of procRows) {
    const code = r.text('code');
    if (code === null) continue;
    if (byCode.has(code)) {
      r.error('code', `mã thủ tục ${code} bị trùng (đã có ở dòng ${locs[byCode.get(code)!].get('')!.row}).`);
      continue;
    }
    const validity = r.number('resultValidity', { integer: true, min: 0, max: 1200 });
    const p: ProcedureFile = {
      code,
      portalCode: r.text('portalCode'),
      name: r.text('name') ?? '',
      field: r.text('field') ?? '',
      levels: r.many('levels', labels.level),
      agencyKind: r.text('agencyKind'),
      subjects: r.many('subjects', labels.subject),
      onlineLevel: r.one('onlineLevel', labels.online) ?? 'none',
      channels: r.many('channels', labels.channel),
      requirements: r.lines('requirements'),
      cases: [],
      components: [],
      result: { name: r.text('resultName') ?? '', validityMonths: validity },
      legalBasis: r.lines('legalBasis'),
      steps: r.lines('steps'),
      sources: r.lines('sources'),
      unverified: r.lines('unverified'),
      status: r.one('status', labels.status) ?? undefined,
      decisionNo: r.text('decisionNo'),
      decisionDate: r.date('decisionDate'),
      effectiveFrom: r.date('effectiveFrom'),
    };
    const m = new Map<string, Loc>();
    m.set('', r.loc(null));
    const colFor: Record<string, string> = {
      code: 'code',
      portalCode: 'portalCode',
      name: 'name',
      field: 'field',
      levels: 'levels',
      agencyKind: 'agencyKind',
      subjects: 'subjects',
      onlineLevel: 'onlineLevel',
      channels: 'channels',
      requirements: 'requirements',
      result: 'resultName',
      'result/name': 'resultName',
      'result/validityMonths': 'resultValidity',
      legalBasis: 'legalBasis',
      steps: 'steps',
      sources: 'sources',
      unverified: 'unverified',
      status: 'status',
      decisionNo: 'decisionNo',
      decisionDate: 'decisionDate',
      effectiveFrom: 'effectiveFrom',
      cases: null as unknown as string,
    };
    for (const [ptr, key] of Object.entries(colFor)) m.set('/' + ptr, r.loc(key ?? null));
    byCode.set(code, procedures.length);
    procedures.push(p);
    locs.push(m);
  }

  const owner = (r: RowReader): number | null => {
    const code = r.text('code');
    if (code === null) return null;
    const i = byCode.get(code);
    if (i === undefined) {
      r.error('code', `mã thủ tục ${code} không có trong trang tính «${SHEETS.procedures.name}».`);
      return null;
    }
    return i;
  };

  for (const r of readSheet(wb, SHEETS.agencies, errors, true)) {
    rows++;
    const i = owner(r);
    const role = r.one('role', labels.agencyRole);
    const kind = r.one('kind', labels.kind);
    if (i === null || !role || !kind) continue;
    const p = procedures[i];
    p.agencies ??= { competent: null, receiving: [] };
    const ref: AgencyRef = { kind, id: null, code: r.text('agencyCode'), name: r.text('agencyName') };
    let ptr: string;
    if (role === 'competent') {
      if (p.agencies.competent) {
        r.error('role', 'mỗi thủ tục chỉ có một cơ quan có thẩm quyền.');
        continue;
      }
      p.agencies.competent = ref;
      ptr = '/agencies/competent';
    } else {
      ptr = `/agencies/receiving/${p.agencies.receiving.length}`;
      p.agencies.receiving.push(ref);
    }
    locs[i].set(ptr, r.loc('agencyCode'));
    locs[i].set(ptr + '/kind', r.loc('kind'));
  }

  const caseIndex = new Map<
    string,
    { proc: number; idx: number; eformTitle: string | null; eformGenerated: boolean | null; workflowGenerated: boolean | null }
  >();
  for (const r of readSheet(wb, SHEETS.cases, errors, false)) {
    rows++;
    const i = owner(r);
    const key = r.text('caseKey');
    if (i === null || key === null) continue;
    const p = procedures[i];
    if (caseIndex.has(`${p.code}/${key}`)) {
      r.error('caseKey', `mã trường hợp "${key}" của thủ tục ${p.code} bị trùng.`);
      continue;
    }
    const duration = (a: string, u: string, t: string) => {
      const amount = r.number(a, { min: 0, max: 10000 });
      const unit = r.one(u, labels.unit);
      const text = r.text(t);
      if (amount === null && unit === null) {
        if (text) r.error(a, 'có diễn giải nhưng thiếu thời hạn và đơn vị.');
        return null;
      }
      if (amount === null || unit === null) {
        // A value that is present but invalid was reported already; only report what is missing.
        if (r.text(a) === null || r.text(u) === null) r.error(r.text(a) === null ? a : u, 'cần nhập cả thời hạn và đơn vị.');
        return null;
      }
      return { amount, unit, text };
    };
    const time = duration('timeAmount', 'timeUnit', 'timeText');
    const kase: CaseDef = {
      key,
      name: r.text('name') ?? '',
      time: time ?? { amount: 0, unit: 'working_days', text: null },
      onlineTime: duration('onlineAmount', 'onlineUnit', 'onlineText'),
      reducedTime: duration('reducedAmount', 'reducedUnit', 'reducedText'),
      fees: [],
      eform: null,
      workflow: null,
    };
    const idx = p.cases.length;
    p.cases.push(kase);
    caseIndex.set(`${p.code}/${key}`, {
      proc: i,
      idx,
      eformTitle: r.text('eformTitle'),
      eformGenerated: r.bool('eformGenerated'),
      workflowGenerated: r.bool('workflowGenerated'),
    });
    const base = `/cases/${idx}`;
    const m = locs[i];
    m.set(base, r.loc(null));
    m.set(base + '/key', r.loc('caseKey'));
    m.set(base + '/name', r.loc('name'));
    m.set(base + '/time', r.loc('timeAmount'));
    m.set(base + '/time/unit', r.loc('timeUnit'));
    m.set(base + '/time/text', r.loc('timeText'));
    m.set(base + '/onlineTime', r.loc('onlineAmount'));
    m.set(base + '/reducedTime', r.loc('reducedAmount'));
    m.set(base + '/workflow', r.loc('workflowGenerated'));
    m.set(base + '/eform', r.loc('eformTitle'));
  }

  const caseOf = (r: RowReader, i: number | null): { kase: CaseDef; idx: number; meta: NonNullable<ReturnType<typeof caseIndex.get>> } | null => {
    const key = r.text('caseKey');
    if (i === null || key === null) return null;
    const meta = caseIndex.get(`${procedures[i].code}/${key}`);
    if (!meta) {
      r.error('caseKey', `thủ tục ${procedures[i].code} không có trường hợp "${key}" trong trang tính «${SHEETS.cases.name}».`);
      return null;
    }
    return { kase: procedures[i].cases[meta.idx], idx: meta.idx, meta };
  };

  for (const r of readSheet(wb, SHEETS.fees, errors, true)) {
    rows++;
    const i = owner(r);
    const k = caseOf(r, i);
    const fee = {
      name: r.text('name') ?? '',
      amountVnd: r.number('amountVnd', { integer: true, min: 0 }),
      basis: r.one('basis', labels.basis) ?? 'per_dossier',
      payer: r.one('payer', labels.payer) ?? 'applicant',
      onlineReductionPercent: r.number('onlineReductionPercent', { min: 0, max: 100 }),
      note: r.text('note'),
      alternativeGroup: r.text('alternativeGroup'),
      appliesTo: r.many('appliesTo', labels.applicantGroup),
      onRequest: r.bool('onRequest') ?? false,
    };
    if (!k || i === null) continue;
    const ptr = `/cases/${k.idx}/fees/${k.kase.fees.length}`;
    k.kase.fees.push(fee);
    locs[i].set(ptr, r.loc(null));
    for (const key of ['name', 'amountVnd', 'basis', 'payer', 'onlineReductionPercent', 'note', 'alternativeGroup', 'appliesTo', 'onRequest'])
      locs[i].set(`${ptr}/${key}`, r.loc(key));
  }

  for (const r of readSheet(wb, SHEETS.components, errors, false)) {
    rows++;
    const i = owner(r);
    const caseKeys = items(r.text('caseKeys'));
    const comp = {
      name: r.text('name') ?? '',
      originals: r.number('originals', { integer: true, min: 0, max: 100 }) ?? 0,
      copies: r.number('copies', { integer: true, min: 0, max: 100 }) ?? 0,
      required: r.bool('required') ?? false,
      condition: r.text('condition'),
      templateCode: r.text('templateCode'),
      templateFile: r.text('templateFile'),
      replaceableByData: r.one('replaceableByData', labels.source),
      caseKeys: caseKeys.length ? caseKeys : null,
    };
    if (i === null) continue;
    const p = procedures[i];
    for (const ck of caseKeys) if (!caseIndex.has(`${p.code}/${ck}`)) r.error('caseKeys', `thủ tục ${p.code} không có trường hợp "${ck}".`);
    const ptr = `/components/${p.components.length}`;
    p.components.push(comp);
    locs[i].set(ptr, r.loc(null));
    for (const key of ['name', 'originals', 'copies', 'required', 'condition', 'templateCode', 'templateFile', 'replaceableByData', 'caseKeys'])
      locs[i].set(`${ptr}/${key}`, r.loc(key));
  }

  for (const r of readSheet(wb, SHEETS.eform, errors, true)) {
    rows++;
    const i = owner(r);
    const k = caseOf(r, i);
    const source = r.one('prefillSource', labels.prefill);
    const sourceGiven = r.text('prefillSource') !== null;
    const ref = r.text('prefillRef');
    if (sourceGiven !== (ref !== null)) {
      r.error(sourceGiven ? 'prefillRef' : 'prefillSource', 'cần nhập cả nguồn điền sẵn và tham chiếu điền sẵn, hoặc để trống cả hai.');
    }
    const options = r.lines('options');
    const field: EFormField = {
      key: r.text('key') ?? '',
      label: r.text('label') ?? '',
      type: r.one('type', labels.fieldType) ?? 'string',
      required: r.bool('required') ?? false,
      options: options.length ? options : null,
      maxLength: r.number('maxLength', { integer: true, min: 1, max: 100000 }),
      prefill: source && ref ? { source, ref } : null,
    };
    if (!k || i === null) continue;
    k.kase.eform ??= { title: k.meta.eformTitle ?? `Tờ khai: ${k.kase.name}`.slice(0, 300), generated: k.meta.eformGenerated ?? false, fields: [] };
    const ptr = `/cases/${k.idx}/eform/fields/${k.kase.eform.fields.length}`;
    k.kase.eform.fields.push(field);
    locs[i].set(ptr, r.loc(null));
    for (const key of ['key', 'label', 'type', 'required', 'options', 'maxLength']) locs[i].set(`${ptr}/${key}`, r.loc(key));
    locs[i].set(`${ptr}/prefill`, r.loc('prefillSource'));
  }

  for (const r of readSheet(wb, SHEETS.workflow, errors, true)) {
    rows++;
    const i = owner(r);
    const k = caseOf(r, i);
    const step: WorkflowStep = {
      name: r.text('name') ?? '',
      agency: { kind: r.one('kind', labels.kind) ?? 'other', id: null, code: r.text('agencyCode'), name: r.text('agencyName') },
      department: r.text('department'),
      role: r.one('role', labels.role) ?? 'specialist',
      budget: { amount: r.number('budgetAmount', { min: 0, max: 10000 }) ?? 0, unit: r.one('budgetUnit', labels.unit) ?? 'working_days' },
      actions: r.many('actions', labels.action),
      canSendBack: r.bool('canSendBack') ?? false,
      interAgency: r.bool('interAgency') ?? false,
    };
    if (!k || i === null) continue;
    if (!k.kase.workflow) {
      k.kase.workflow = { generated: k.meta.workflowGenerated ?? false, steps: [] };
      locs[i].set(`/cases/${k.idx}/workflow`, r.loc('budgetAmount'));
    }
    const ptr = `/cases/${k.idx}/workflow/steps/${k.kase.workflow.steps.length}`;
    k.kase.workflow.steps.push(step);
    locs[i].set(ptr, r.loc(null));
    for (const key of ['name', 'department', 'role', 'actions', 'canSendBack', 'interAgency']) locs[i].set(`${ptr}/${key}`, r.loc(key));
    locs[i].set(`${ptr}/agency`, r.loc('agencyCode'));
    locs[i].set(`${ptr}/budget`, r.loc('budgetAmount'));
  }

  // Cases whose e-form has a title but no field rows keep an empty form.
  for (const meta of caseIndex.values()) {
    const kase = procedures[meta.proc].cases[meta.idx];
    if (!kase.eform && meta.eformTitle) kase.eform = { title: meta.eformTitle, generated: meta.eformGenerated ?? false, fields: [] };
  }
  for (const [i, p] of procedures.entries()) {
    if (p.cases.length === 0) errors.push(locError(locs[i].get('')!, `thủ tục ${p.code} chưa có trường hợp nào trong trang tính «${SHEETS.cases.name}».`));
  }
  return { procedures, locs, errors, rows };
}

// ---- JSON → procedures ----------------------------------------------------------------------

export function parseJson(buf: Buffer): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    return {
      procedures: [],
      locs: [],
      errors: [locError({ sheet: 'JSON', row: null, column: null }, `không phải JSON hợp lệ (${(err as Error).message}).`)],
      rows: 0,
    };
  }
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { procedures?: unknown }).procedures)
      ? (data as { procedures: unknown[] }).procedures
      : null;
  if (!list) {
    return {
      procedures: [],
      locs: [],
      errors: [
        locError(
          { sheet: 'JSON', row: null, column: null },
          'tệp phải là một mảng thủ tục hoặc đối tượng { "format": "motcua.catalog", "procedures": [...] }.',
        ),
      ],
      rows: 0,
    };
  }
  const locs = list.map((_, i) => new Map<string, Loc>([['', { sheet: 'JSON', row: i + 1, column: null }]]));
  return { procedures: list as ProcedureFile[], locs, errors: [], rows: list.length };
}

/** The location of a JSON import error: procedure number and the field path. */
export function jsonLoc(index: number, pointer: string): Loc {
  return { sheet: 'JSON', row: index + 1, column: pointer.replace(/^\//, '').replace(/\//g, '.') || null };
}

// ---- procedures → XLSX ----------------------------------------------------------------------

const yes = (b: boolean) => (b ? 'Có' : 'Không');
const day = (d: string | null | undefined) => (d ? formatDay(d) : null);

export async function buildXlsx(procs: ProcedureFile[]): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  wb.created = new Date(0);
  const sheet = (spec: SheetSpec) => {
    const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = spec.cols.map((col) => ({ header: col.required ? col.header + '*' : col.header, key: col.key, width: col.width }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
    return ws;
  };
  const wp = sheet(SHEETS.procedures);
  const wa = sheet(SHEETS.agencies);
  const wc = sheet(SHEETS.cases);
  const wf = sheet(SHEETS.fees);
  const wk = sheet(SHEETS.components);
  const we = sheet(SHEETS.eform);
  const ww = sheet(SHEETS.workflow);
  const join = (xs: readonly string[] | undefined | null) => (xs && xs.length ? xs.join('\n') : null);
  const list = <T extends string>(xs: readonly T[], map: Labels<T>) => (xs.length ? xs.map((x) => map[x]).join('; ') : null);
  for (const p of procs) {
    wp.addRow({
      code: p.code,
      portalCode: p.portalCode ?? null,
      name: p.name,
      field: p.field,
      levels: list(p.levels, labels.level),
      agencyKind: p.agencyKind ?? null,
      subjects: list(p.subjects, labels.subject),
      onlineLevel: labels.online[p.onlineLevel],
      channels: list(p.channels, labels.channel),
      requirements: join(p.requirements),
      resultName: p.result.name,
      resultValidity: p.result.validityMonths,
      legalBasis: join(p.legalBasis),
      steps: join(p.steps),
      sources: join(p.sources),
      unverified: join(p.unverified),
      status: p.status ? labels.status[p.status] : null,
      decisionNo: p.decisionNo ?? null,
      decisionDate: day(p.decisionDate),
      effectiveFrom: day(p.effectiveFrom),
    });
    const agencyRow = (role: 'competent' | 'receiving', r: AgencyRef) =>
      wa.addRow({ code: p.code, role: labels.agencyRole[role], kind: labels.kind[r.kind], agencyCode: r.code ?? null, agencyName: r.name ?? null });
    if (p.agencies) {
      if (p.agencies.competent) agencyRow('competent', p.agencies.competent);
      for (const r of p.agencies.receiving) agencyRow('receiving', r);
    }
    for (const k of p.cases) {
      wc.addRow({
        code: p.code,
        caseKey: k.key,
        name: k.name,
        timeAmount: k.time.amount,
        timeUnit: labels.unit[k.time.unit],
        timeText: k.time.text ?? null,
        onlineAmount: k.onlineTime?.amount ?? null,
        onlineUnit: k.onlineTime ? labels.unit[k.onlineTime.unit] : null,
        onlineText: k.onlineTime?.text ?? null,
        reducedAmount: k.reducedTime?.amount ?? null,
        reducedUnit: k.reducedTime ? labels.unit[k.reducedTime.unit] : null,
        reducedText: k.reducedTime?.text ?? null,
        eformTitle: k.eform?.title ?? null,
        eformGenerated: k.eform ? yes(k.eform.generated ?? false) : null,
        workflowGenerated: k.workflow ? yes(k.workflow.generated) : null,
      });
      for (const f of k.fees) {
        wf.addRow({
          code: p.code,
          caseKey: k.key,
          name: f.name,
          amountVnd: f.amountVnd,
          basis: labels.basis[f.basis],
          payer: labels.payer[f.payer],
          onlineReductionPercent: f.onlineReductionPercent,
          note: f.note,
          alternativeGroup: f.alternativeGroup ?? null,
          appliesTo: f.appliesTo?.length ? list(f.appliesTo, labels.applicantGroup) : null,
          onRequest: f.onRequest ? yes(true) : null,
        });
      }
      for (const fl of k.eform?.fields ?? []) {
        we.addRow({
          code: p.code,
          caseKey: k.key,
          key: fl.key,
          label: fl.label,
          type: labels.fieldType[fl.type],
          required: yes(fl.required),
          options: join(fl.options ?? null),
          maxLength: fl.maxLength ?? null,
          prefillSource: fl.prefill ? labels.prefill[fl.prefill.source] : null,
          prefillRef: fl.prefill?.ref ?? null,
        });
      }
      for (const s of k.workflow?.steps ?? []) {
        ww.addRow({
          code: p.code,
          caseKey: k.key,
          name: s.name,
          kind: labels.kind[s.agency.kind],
          agencyCode: s.agency.code ?? null,
          agencyName: s.agency.name ?? null,
          department: s.department ?? null,
          role: labels.role[s.role],
          budgetAmount: s.budget.amount,
          budgetUnit: labels.unit[s.budget.unit],
          actions: list(s.actions, labels.action),
          canSendBack: yes(s.canSendBack),
          interAgency: yes(s.interAgency),
        });
      }
    }
    for (const k of p.components) {
      wk.addRow({
        code: p.code,
        caseKeys: k.caseKeys && k.caseKeys.length ? k.caseKeys.join('; ') : null,
        name: k.name,
        originals: k.originals,
        copies: k.copies,
        required: yes(k.required),
        condition: k.condition,
        templateCode: k.templateCode,
        templateFile: k.templateFile ?? null,
        replaceableByData: k.replaceableByData ? labels.source[k.replaceableByData] : null,
      });
    }
  }
  for (const ws of [wp, wa, wc, wf, wk, we, ww]) {
    ws.eachRow((row, n) => {
      if (n > 1) row.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [
    { header: 'Mục', key: 'a', width: 34 },
    { header: 'Giá trị được chấp nhận / hướng dẫn', key: 'b', width: 110 },
  ];
  guide.getRow(1).font = { bold: true };
  const g = (a: string, b: string) => guide.addRow({ a, b });
  g(
    'Định dạng',
    `${FORMAT_ID} phiên bản ${FORMAT_VERSION}. Mỗi trang tính một loại dòng; dòng 1 là tiêu đề, cột có dấu * là bắt buộc. Xem docs/catalog-format.md.`,
  );
  g(
    'Danh sách trong một ô',
    'Các giá trị liệt kê (cấp, đối tượng, thao tác…) cách nhau bằng dấu chấm phẩy hoặc xuống dòng; văn bản nhiều dòng (căn cứ pháp lý, trình tự) mỗi mục một dòng.',
  );
  g('Ngày', 'dd/mm/yyyy, ví dụ 01/07/2025.');
  g('Có/Không', 'Có hoặc Không.');
  const vals = (m: Record<string, string>) => Object.values(m).join('; ');
  g('Cấp thực hiện', vals(labels.level));
  g('Mức độ dịch vụ công trực tuyến', vals(labels.online));
  g('Cách thức thực hiện', vals(labels.channel));
  g('Đối tượng thực hiện', vals(labels.subject));
  g('Đơn vị thời hạn', `${vals(labels.unit)} (1 ngày làm việc = 8 giờ làm việc).`);
  g('Trạng thái', `${vals(labels.status)}. Để trống: "Đã công bố" nếu có số quyết định và ngày hiệu lực, nếu không là "Nháp".`);
  g('Cách tính phí', vals(labels.basis));
  g('Người nộp phí', vals(labels.payer));
  g(
    'Nhóm mức thay thế (phí)',
    'Các khoản cùng mã nhóm (chữ thường, số, gạch dưới) là các mức thay thế nhau: chỉ thu MỘT khoản — khoản ghi «Đối tượng áp dụng» cho người thuộc đối tượng đó, khoản không ghi đối tượng cho người nộp còn lại. Không bao giờ cộng các mức trong nhóm.',
  );
  g('Đối tượng áp dụng (phí)', vals(labels.applicantGroup));
  g('Thay thế bằng dữ liệu', vals(labels.source));
  g('Kiểu dữ liệu (biểu mẫu)', vals(labels.fieldType));
  g('Nguồn điền sẵn (biểu mẫu)', vals(labels.prefill));
  g('Loại cơ quan', vals(labels.kind));
  g('Vai trò cơ quan', vals(labels.agencyRole));
  g('Vai trò người thực hiện bước', vals(labels.role));
  g('Thao tác được phép', vals(labels.action));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
