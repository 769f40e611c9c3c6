/**
 * Report templates (đề cương + biểu mẫu số liệu, Nghị định 09/2019 Điều 7) and the pure rules on
 * them: structure checks, cell validation with messages that name the cell, cross-cell formulas
 * (totals must add up, ratios must match), and aggregation across reporting agencies.
 *
 * A cell is addressed as "<table>.<row>.<column>" (e.g. "B01.total.received"). Its type, unit,
 * bounds and system source come from the cell's own spec, else the row, else the column.
 */

export const CELL_TYPES = ['integer', 'percent', 'money', 'text'] as const;
export type CellType = (typeof CELL_TYPES)[number];
export const AGGREGATE_MODES = ['sum', 'avg', 'ratio', 'list', 'none'] as const;
export type AggregateMode = (typeof AGGREGATE_MODES)[number];

export const CELL_TYPE_VI: Record<CellType, string> = { integer: 'số nguyên', percent: 'tỷ lệ %', money: 'số tiền (đồng)', text: 'văn bản' };

export interface CellSpec {
  type?: CellType;
  unit?: string;
  required?: boolean;
  min?: number;
  max?: number;
  /** A figure the system computes (see reports.figures.ts); the cell is pre-filled and marked. */
  system?: string;
  aggregate?: AggregateMode;
}

export interface TemplateColumn extends CellSpec {
  id: string;
  label: string;
  type: CellType;
}

export interface TemplateRow extends Omit<CellSpec, 'system'> {
  id: string;
  label: string;
  /** Outline level for indentation (0 = top). */
  level?: number;
}

export interface TemplateTable {
  id: string;
  title: string;
  note?: string;
  columns: TemplateColumn[];
  rows: TemplateRow[];
  /** Per-cell specs keyed "row.column". */
  cells?: Record<string, CellSpec>;
  /** Shorthand: this row is the total of every other row, for each integer/money column. */
  totalRow?: string;
}

export interface TemplateSection {
  id: string;
  title: string;
  guidance?: string;
  required?: boolean;
  level?: number;
}

export type Rule =
  | { id: string; kind: 'sum'; target: string; terms: string[]; severity?: Severity; message?: string }
  | { id: string; kind: 'ratio'; target: string; numerator: string[]; denominator: string[]; severity?: Severity; message?: string }
  | { id: string; kind: 'lte'; left: string[]; right: string[]; severity?: Severity; message?: string };

export const SEVERITIES = ['error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Template {
  sections: TemplateSection[];
  tables: TemplateTable[];
  rules: Rule[];
}

export type CellValue = number | string | null;
export type Cells = Record<string, CellValue>;

export interface Issue {
  severity: Severity;
  code: string;
  /** The cell ("B01.total.received") or narrative section ("section:I") concerned. */
  ref: string | null;
  message: string;
}

export interface ResolvedCell {
  ref: string;
  table: TemplateTable;
  row: TemplateRow;
  column: TemplateColumn;
  type: CellType;
  unit: string | null;
  required: boolean;
  min: number | null;
  max: number | null;
  system: string | null;
  aggregate: AggregateMode | null;
}

const ID_RE = /^[A-Za-z0-9_]{1,40}$/;

export function cellRef(table: string, row: string, column: string): string {
  return `${table}.${row}.${column}`;
}

/** Every cell of a template, resolved, in table/row/column order. */
export function allCells(t: Template): ResolvedCell[] {
  const out: ResolvedCell[] = [];
  for (const table of t.tables) {
    for (const row of table.rows) {
      for (const column of table.columns) {
        const spec = table.cells?.[`${row.id}.${column.id}`] ?? {};
        out.push({
          ref: cellRef(table.id, row.id, column.id),
          table,
          row,
          column,
          type: spec.type ?? row.type ?? column.type,
          unit: spec.unit ?? row.unit ?? column.unit ?? null,
          required: spec.required ?? row.required ?? column.required ?? false,
          min: spec.min ?? row.min ?? column.min ?? null,
          max: spec.max ?? row.max ?? column.max ?? null,
          system: spec.system ?? null,
          aggregate: spec.aggregate ?? row.aggregate ?? column.aggregate ?? null,
        });
      }
    }
  }
  return out;
}

export function cellIndex(t: Template): Map<string, ResolvedCell> {
  return new Map(allCells(t).map((c) => [c.ref, c]));
}

/** "Biểu B01 (Kết quả…), dòng «Tổng số», cột «Đã giải quyết»" */
export function cellLabel(c: ResolvedCell): string {
  const cols = c.table.columns.length > 1 ? `, cột «${c.column.label}»` : '';
  return `Biểu ${c.table.id}, dòng «${c.row.label}»${cols}`;
}

const isNumeric = (t: CellType) => t !== 'text';

/** The template's rules plus those its shorthands stand for (total rows). */
export function expandRules(t: Template): Rule[] {
  const rules = [...t.rules];
  for (const table of t.tables) {
    if (!table.totalRow) continue;
    const cells = cellIndex(t);
    for (const col of table.columns) {
      const target = cellRef(table.id, table.totalRow, col.id);
      const tc = cells.get(target);
      if (!tc || (tc.type !== 'integer' && tc.type !== 'money')) continue;
      const terms = table.rows.filter((r) => r.id !== table.totalRow && (r.level ?? 0) === 0).map((r) => cellRef(table.id, r.id, col.id));
      rules.push({ id: `${table.id}.${table.totalRow}.${col.id}.total`, kind: 'sum', target, terms });
    }
  }
  return rules;
}

/** Structure problems of a template (ids, duplicates, rules pointing at unknown or text cells). */
export function templateProblems(t: Template, knownSystemFigures: ReadonlySet<string>): string[] {
  const p: string[] = [];
  const seen = new Set<string>();
  const uniq = (kind: string, id: string) => {
    if (!ID_RE.test(id)) p.push(`Mã ${kind} "${id}" chỉ được gồm chữ, số, dấu gạch dưới (tối đa 40 ký tự).`);
    if (seen.has(`${kind}:${id}`)) p.push(`Mã ${kind} "${id}" bị trùng.`);
    seen.add(`${kind}:${id}`);
  };
  for (const s of t.sections) uniq('đề mục', s.id);
  if (!t.tables.length && !t.sections.length) p.push('Mẫu báo cáo phải có ít nhất một đề mục hoặc một biểu số liệu.');
  for (const table of t.tables) {
    uniq('biểu', table.id);
    if (!table.rows.length || !table.columns.length) p.push(`Biểu ${table.id} phải có ít nhất một dòng và một cột.`);
    const rs = new Set<string>();
    for (const r of table.rows) {
      if (!ID_RE.test(r.id) || rs.has(r.id)) p.push(`Biểu ${table.id}: mã dòng "${r.id}" không hợp lệ hoặc bị trùng.`);
      rs.add(r.id);
    }
    const cs = new Set<string>();
    for (const c of table.columns) {
      if (!ID_RE.test(c.id) || cs.has(c.id)) p.push(`Biểu ${table.id}: mã cột "${c.id}" không hợp lệ hoặc bị trùng.`);
      cs.add(c.id);
    }
    if (table.totalRow && !rs.has(table.totalRow)) p.push(`Biểu ${table.id}: dòng tổng "${table.totalRow}" không tồn tại.`);
    for (const key of Object.keys(table.cells ?? {})) {
      const [r, c] = key.split('.');
      if (!rs.has(r) || !cs.has(c)) p.push(`Biểu ${table.id}: ô "${key}" không tồn tại.`);
    }
  }
  const cells = cellIndex(t);
  for (const c of cells.values()) {
    if (c.system && !knownSystemFigures.has(c.system)) p.push(`${cellLabel(c)}: số liệu hệ thống "${c.system}" không có trong danh mục.`);
    if (c.min !== null && c.max !== null && c.min > c.max) p.push(`${cellLabel(c)}: giá trị nhỏ nhất lớn hơn giá trị lớn nhất.`);
  }
  const ruleIds = new Set<string>();
  for (const r of t.rules) {
    if (ruleIds.has(r.id)) p.push(`Quy tắc "${r.id}" bị trùng mã.`);
    ruleIds.add(r.id);
    for (const ref of refsOf(r)) {
      const c = cells.get(ref);
      if (!c) p.push(`Quy tắc "${r.id}": ô "${ref}" không tồn tại.`);
      else if (!isNumeric(c.type)) p.push(`Quy tắc "${r.id}": ô "${ref}" là ô văn bản, không dùng trong công thức được.`);
    }
    if (r.kind === 'ratio' && cells.get(r.target) && cells.get(r.target)!.type !== 'percent')
      p.push(`Quy tắc "${r.id}": ô kết quả của tỷ lệ phải có kiểu tỷ lệ %.`);
  }
  return p;
}

export function refsOf(r: Rule): string[] {
  switch (r.kind) {
    case 'sum':
      return [r.target, ...r.terms];
    case 'ratio':
      return [r.target, ...r.numerator, ...r.denominator];
    case 'lte':
      return [...r.left, ...r.right];
  }
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('vi-VN') : n.toLocaleString('vi-VN', { maximumFractionDigits: 2 }));

function typeIssue(c: ResolvedCell, v: CellValue): string | null {
  if (v === null) return null;
  if (c.type === 'text') {
    if (typeof v !== 'string') return `${cellLabel(c)} phải là văn bản.`;
    if (v.length > 4000) return `${cellLabel(c)} không được dài quá 4000 ký tự.`;
    return null;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${cellLabel(c)} phải là ${CELL_TYPE_VI[c.type]}.`;
  if ((c.type === 'integer' || c.type === 'money') && !Number.isInteger(v))
    return `${cellLabel(c)} phải là ${CELL_TYPE_VI[c.type]} (không có phần thập phân), đã nhập ${v}.`;
  if (c.type === 'percent') {
    if (v < 0 || v > 100) return `${cellLabel(c)} là tỷ lệ phần trăm, phải từ 0 đến 100 (đã nhập ${fmt(v)}).`;
    if (Math.round(v * 100) / 100 !== v) return `${cellLabel(c)}: tỷ lệ chỉ ghi tối đa 2 chữ số thập phân.`;
  }
  const min = c.min ?? 0;
  if (v < min) return `${cellLabel(c)} không được nhỏ hơn ${fmt(min)} (đã nhập ${fmt(v)}).`;
  if (c.max !== null && v > c.max) return `${cellLabel(c)} không được lớn hơn ${fmt(c.max)} (đã nhập ${fmt(v)}).`;
  return null;
}

const sumOf = (cells: Cells, refs: string[]): number | null => {
  let s = 0;
  for (const r of refs) {
    const v = cells[r];
    if (typeof v !== 'number') return null;
    s += v;
  }
  return s;
};

/** The ratio a percent cell must hold: round(num / den × 100, 2); null when den = 0. */
export function ratioValue(num: number, den: number): number | null {
  if (den === 0) return null;
  return Math.round((num / den) * 10000) / 100;
}

/**
 * Validates a report's values. `final` (sign-off, submission) also requires required cells and
 * sections; a draft only reports what is wrong in what was entered. Formulas are checked when all
 * their cells hold numbers.
 */
export function validateReport(t: Template, cells: Cells, narrative: Record<string, string>, final: boolean): Issue[] {
  const issues: Issue[] = [];
  const index = cellIndex(t);
  for (const c of index.values()) {
    const v = cells[c.ref] ?? null;
    const ti = typeIssue(c, v);
    if (ti) issues.push({ severity: 'error', code: 'cell_type', ref: c.ref, message: ti });
    else if (final && c.required && (v === null || v === ''))
      issues.push({ severity: 'error', code: 'cell_required', ref: c.ref, message: `${cellLabel(c)} chưa được nhập.` });
  }
  const bad = new Set(issues.map((i) => i.ref));
  for (const r of expandRules(t)) {
    if (refsOf(r).some((ref) => bad.has(ref))) continue;
    const severity = r.severity ?? 'error';
    const label = (ref: string) => {
      const c = index.get(ref);
      return c ? `«${c.row.label}${c.table.columns.length > 1 ? ' – ' + c.column.label : ''}»` : ref;
    };
    if (r.kind === 'sum') {
      const target = cells[r.target];
      const s = sumOf(cells, r.terms);
      if (typeof target !== 'number' || s === null) continue;
      const tol = index.get(r.target)?.type === 'percent' ? 0.05 : 0;
      if (Math.abs(target - s) > tol) {
        const c = index.get(r.target)!;
        issues.push({
          severity,
          code: 'sum_mismatch',
          ref: r.target,
          message: r.message ?? `${cellLabel(c)} ghi ${fmt(target)} nhưng tổng các ô ${r.terms.map(label).join(' + ')} là ${fmt(s)}: tổng số không khớp.`,
        });
      }
    } else if (r.kind === 'ratio') {
      const target = cells[r.target];
      const num = sumOf(cells, r.numerator);
      const den = sumOf(cells, r.denominator);
      if (typeof target !== 'number' || num === null || den === null) continue;
      const c = index.get(r.target)!;
      const expected = ratioValue(num, den);
      if (expected === null ? target !== 0 : Math.abs(target - expected) > 0.1) {
        issues.push({
          severity,
          code: 'ratio_mismatch',
          ref: r.target,
          message:
            r.message ??
            `${cellLabel(c)} ghi ${fmt(target)}% nhưng ${r.numerator.map(label).join(' + ')} / ${r.denominator.map(label).join(' + ')} = ${expected === null ? 'không xác định (mẫu số bằng 0), phải ghi 0' : fmt(expected) + '%'}.`,
        });
      }
    } else {
      const l = sumOf(cells, r.left);
      const rr = sumOf(cells, r.right);
      if (l === null || rr === null || l <= rr) continue;
      issues.push({
        severity,
        code: 'not_lte',
        ref: r.left[0],
        message: r.message ?? `${r.left.map(label).join(' + ')} (${fmt(l)}) không được lớn hơn ${r.right.map(label).join(' + ')} (${fmt(rr)}).`,
      });
    }
  }
  if (final) {
    for (const s of t.sections) {
      if (s.required && !(narrative[s.id] ?? '').trim())
        issues.push({ severity: 'error', code: 'section_required', ref: `section:${s.id}`, message: `Đề mục «${s.title}» chưa có nội dung.` });
    }
  }
  return issues;
}

export const blocking = (issues: Issue[]) => issues.filter((i) => i.severity === 'error');

// ---------------------------------------------------------------------------------------------
// Aggregation across reporting agencies
// ---------------------------------------------------------------------------------------------

export interface AgencyValues {
  agencyId: string;
  agencyName: string;
  cells: Cells;
}

export interface AggregateCell {
  ref: string;
  mode: AggregateMode;
  /** The sum, the average, or the ratio of sums; null for text cells or when nothing was reported. */
  value: number | null;
  count: number;
  min: number | null;
  max: number | null;
  items: { agencyId: string; agencyName: string; value: CellValue }[];
}

/** How a cell aggregates unless its spec says: sums for counts and money, ratio of sums for ratios, lists for text. */
export function aggregateModeOf(c: ResolvedCell, ratioTargets: ReadonlySet<string>): AggregateMode {
  if (c.aggregate) return c.aggregate;
  if (c.type === 'text') return 'list';
  if (c.type === 'percent') return ratioTargets.has(c.ref) ? 'ratio' : 'avg';
  return 'sum';
}

export function aggregate(t: Template, reports: AgencyValues[]): Record<string, AggregateCell> {
  const rules = expandRules(t);
  const ratios = new Map<string, Extract<Rule, { kind: 'ratio' }>>();
  for (const r of rules) if (r.kind === 'ratio') ratios.set(r.target, r);
  const out: Record<string, AggregateCell> = {};
  const cells = allCells(t);
  const sumAcross = (ref: string) => reports.reduce((s, r) => s + (typeof r.cells[ref] === 'number' ? (r.cells[ref] as number) : 0), 0);
  for (const c of cells) {
    const mode = aggregateModeOf(c, new Set(ratios.keys()));
    const items = reports.map((r) => ({ agencyId: r.agencyId, agencyName: r.agencyName, value: r.cells[c.ref] ?? null }));
    const nums = items.map((i) => i.value).filter((v): v is number => typeof v === 'number');
    let value: number | null = null;
    if (mode === 'sum') value = nums.length ? nums.reduce((a, b) => a + b, 0) : null;
    else if (mode === 'avg') value = nums.length ? Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 100) / 100 : null;
    else if (mode === 'ratio') {
      const r = ratios.get(c.ref)!;
      value = nums.length
        ? ratioValue(
            r.numerator.reduce((s, x) => s + sumAcross(x), 0),
            r.denominator.reduce((s, x) => s + sumAcross(x), 0),
          )
        : null;
    }
    out[c.ref] = {
      ref: c.ref,
      mode,
      value,
      count: items.filter((i) => i.value !== null && i.value !== '').length,
      min: nums.length ? Math.min(...nums) : null,
      max: nums.length ? Math.max(...nums) : null,
      items,
    };
  }
  return out;
}

/** Formats a value for print: 1.234, 56,7 %, 1.500.000 đ. */
export function formatCell(type: CellType, v: CellValue): string {
  if (v === null || v === '') return '';
  if (typeof v === 'string') return v;
  if (type === 'percent') return `${v.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%`;
  return v.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
}
