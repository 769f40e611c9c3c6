/**
 * Pure rules of the direction centre (issue 21): the safe formula language of province-added
 * indicators, target and trend judgements, and the late-risk estimate with its backtest.
 */

// ---------------------------------------------------------------------------------------------
// Formulas: arithmetic over other indicators' codes. No SQL, no function calls, no names other
// than indicator codes: + - * / ( ), numbers, codes. A province writes e.g.
// "100 * DOSSIER_OVERDUE / (DOSSIER_RECEIVED + 1)".
// ---------------------------------------------------------------------------------------------

export type Expr = { t: 'num'; v: number } | { t: 'ref'; code: string } | { t: 'neg'; e: Expr } | { t: 'bin'; op: '+' | '-' | '*' | '/'; a: Expr; b: Expr };

export class FormulaError extends Error {}

const MAX_FORMULA = 500;

/** Parses a formula; throws FormulaError (with a Vietnamese message) on anything else. */
export function parseFormula(text: string): Expr {
  if (text.length > MAX_FORMULA) throw new FormulaError(`Công thức dài quá ${MAX_FORMULA} ký tự.`);
  const tokens: string[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([A-Z][A-Z0-9_]*)|([-+*/()]))/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new FormulaError(`Ký tự không hợp lệ trong công thức ở vị trí ${i + 1}: chỉ dùng số, mã chỉ số (CHỮ_HOA), + - * / và ngoặc.`);
    tokens.push(m[1] ?? m[2] ?? m[3]);
    i = re.lastIndex;
  }
  let p = 0;
  let depth = 0;
  const peek = () => tokens[p];
  const expr = (): Expr => {
    let a = term();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[p++] as '+' | '-';
      a = { t: 'bin', op, a, b: term() };
    }
    return a;
  };
  const term = (): Expr => {
    let a = unary();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[p++] as '*' | '/';
      a = { t: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const unary = (): Expr => {
    if (peek() === '-') {
      p++;
      return { t: 'neg', e: unary() };
    }
    return atom();
  };
  const atom = (): Expr => {
    const tok = tokens[p++];
    if (tok === undefined) throw new FormulaError('Công thức kết thúc đột ngột.');
    if (tok === '(') {
      if (++depth > 20) throw new FormulaError('Công thức lồng ngoặc quá sâu.');
      const e = expr();
      if (tokens[p++] !== ')') throw new FormulaError('Thiếu dấu đóng ngoặc.');
      depth--;
      return e;
    }
    if (/^\d/.test(tok)) return { t: 'num', v: Number(tok) };
    if (/^[A-Z]/.test(tok)) return { t: 'ref', code: tok };
    throw new FormulaError(`Không mong đợi "${tok}" trong công thức.`);
  };
  if (!tokens.length) throw new FormulaError('Công thức trống.');
  const e = expr();
  if (p !== tokens.length) throw new FormulaError(`Không mong đợi "${tokens[p]}" trong công thức.`);
  return e;
}

/** The indicator codes a formula reads. */
export function formulaRefs(e: Expr): string[] {
  const out = new Set<string>();
  const walk = (x: Expr): void => {
    if (x.t === 'ref') out.add(x.code);
    else if (x.t === 'neg') walk(x.e);
    else if (x.t === 'bin') {
      walk(x.a);
      walk(x.b);
    }
  };
  walk(e);
  return [...out];
}

/** Evaluates a formula; null when a referenced value is missing or a division by zero occurs. */
export function evaluateFormula(e: Expr, values: ReadonlyMap<string, number | null>): number | null {
  switch (e.t) {
    case 'num':
      return e.v;
    case 'ref':
      return values.get(e.code) ?? null;
    case 'neg': {
      const v = evaluateFormula(e.e, values);
      return v === null ? null : -v;
    }
    case 'bin': {
      const a = evaluateFormula(e.a, values);
      const b = evaluateFormula(e.b, values);
      if (a === null || b === null) return null;
      if (e.op === '+') return a + b;
      if (e.op === '-') return a - b;
      if (e.op === '*') return a * b;
      if (b === 0) return null;
      return a / b;
    }
  }
}

/**
 * Order in which formula indicators can be computed (each after the ones it reads); throws
 * FormulaError naming the codes of a cycle or an unknown reference.
 */
export function formulaOrder(formulas: ReadonlyMap<string, Expr>, known: ReadonlySet<string>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (code: string, path: string[]): void => {
    if (state.get(code) === 'done') return;
    if (state.get(code) === 'visiting') throw new FormulaError(`Công thức tham chiếu vòng: ${[...path, code].join(' → ')}.`);
    const e = formulas.get(code);
    if (!e) {
      if (!known.has(code)) throw new FormulaError(`Không có chỉ số mã ${code}.`);
      return;
    }
    state.set(code, 'visiting');
    for (const r of formulaRefs(e)) visit(r, [...path, code]);
    state.set(code, 'done');
    order.push(code);
  };
  for (const code of formulas.keys()) visit(code, []);
  return order;
}

// ---------------------------------------------------------------------------------------------
// Targets and trends
// ---------------------------------------------------------------------------------------------

export type Direction = 'up' | 'down';

/** Whether a value meets its target (higher is better for 'up', lower for 'down'); null without one. */
export function targetMet(value: number | null, target: number | null, direction: Direction): boolean | null {
  if (value === null || target === null) return null;
  return direction === 'up' ? value >= target : value <= target;
}

/** The change from the previous value, judged by the indicator's direction. */
export function trendOf(value: number | null, previous: number | null, direction: Direction): { delta: number; judgement: 'better' | 'worse' | 'same' } | null {
  if (value === null || previous === null) return null;
  const delta = Math.round((value - previous) * 1000) / 1000;
  if (delta === 0) return { delta, judgement: 'same' };
  return { delta, judgement: delta > 0 === (direction === 'up') ? 'better' : 'worse' };
}

// ---------------------------------------------------------------------------------------------
// Late-risk estimate (issue 21 §2)
//
// History: for finished dossiers of the same procedure, the working minutes from the moment the
// dossier entered a step of processing to the end of processing ("what remained once it reached
// this step"). An open dossier entered its current step `elapsed` working minutes ago and has
// `left` working minutes until its appointment. Among the finished dossiers that had spent at
// least `elapsed` in that position (the ones still comparable), the estimate is the share whose
// remaining time exceeded elapsed + left: those would have finished after the appointment.
// ---------------------------------------------------------------------------------------------

export interface RiskInput {
  /** Remaining working minutes (entry into the step → processing end) of finished dossiers. */
  samples: readonly number[];
  /** Working minutes since the open dossier entered its step (≥ 0). */
  elapsed: number;
  /** Working minutes from now to the appointment (negative: already overdue). */
  left: number;
  /** Fewer comparable samples than this: no estimate. */
  minSamples?: number;
}

export interface RiskEstimate {
  /** Probability of finishing after the appointment, 0..1; null when history is too thin. */
  probability: number | null;
  /** How many finished dossiers were comparable. */
  comparable: number;
  /** Median remaining working minutes of the comparable ones after `elapsed` (the typical time still needed). */
  typicalRemaining: number | null;
}

export const DEFAULT_MIN_SAMPLES = 5;

export function estimateLateRisk(x: RiskInput): RiskEstimate {
  const min = x.minSamples ?? DEFAULT_MIN_SAMPLES;
  if (x.left < 0) return { probability: 1, comparable: x.samples.length, typicalRemaining: null };
  const elapsed = Math.max(0, x.elapsed);
  const comparable = x.samples.filter((s) => s >= elapsed);
  if (comparable.length < min) return { probability: null, comparable: comparable.length, typicalRemaining: null };
  const budget = elapsed + x.left;
  const late = comparable.filter((s) => s > budget).length;
  const rest = comparable.map((s) => s - elapsed);
  return { probability: late / comparable.length, comparable: comparable.length, typicalRemaining: median(rest) };
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const DEFAULT_RISK_THRESHOLD = 0.5;

export function isFlagged(e: RiskEstimate, threshold = DEFAULT_RISK_THRESHOLD): boolean {
  return e.probability !== null && e.probability >= threshold;
}

/** One working day of the estimates: 8 hours. */
export const WORKING_DAY_MINUTES = 480;

/** Working minutes as working days with one decimal (6.5). */
export function workingDays(minutes: number): number {
  return Math.round((minutes / WORKING_DAY_MINUTES) * 10) / 10;
}

/** Working days with one decimal, Vietnamese style ("6,5"). 480 working minutes = one day. */
export function workingDaysText(minutes: number, lang: 'vi' | 'en' = 'vi'): string {
  const d = workingDays(minutes);
  const s = Number.isInteger(d) ? String(d) : d.toFixed(1);
  return lang === 'vi' ? s.replace('.', ',') : s;
}

/** Why a dossier is (or is not) at risk, in Vietnamese, e.g. "Từ bước «Thẩm định», các hồ sơ cùng thủ tục thường cần thêm 6,5 ngày làm việc; còn 3 ngày làm việc đến hẹn trả (72% hồ sơ tương tự đã trễ)". */
export function riskReason(e: RiskEstimate, stepName: string | null, left: number): string {
  const at = stepName ? `Từ bước «${stepName}»` : 'Từ khâu hiện tại';
  if (left < 0) return `Đã quá hẹn trả ${workingDaysText(-left)} ngày làm việc.`;
  if (e.probability === null) return `${at}: chưa đủ lịch sử (${e.comparable} hồ sơ cùng thủ tục đã kết thúc, cần ít nhất ${DEFAULT_MIN_SAMPLES}) để ước tính.`;
  const pct = Math.round(e.probability * 100);
  return `${at}, hồ sơ cùng thủ tục thường cần thêm ${workingDaysText(e.typicalRemaining ?? 0)} ngày làm việc; còn ${workingDaysText(left)} ngày làm việc đến hẹn trả (${pct}% của ${e.comparable} hồ sơ tương tự đã trễ).`;
}

// ---------------------------------------------------------------------------------------------
// Backtest: of the dossiers flagged N working days before their appointment, how many were in
// fact late (precision), and how many late ones were flagged (recall).
// ---------------------------------------------------------------------------------------------

export interface BacktestCase {
  flagged: boolean;
  /** null when the estimate could not be made (too little history): counted apart. */
  probability: number | null;
  late: boolean;
}

export interface BacktestResult {
  cases: number;
  estimated: number;
  flagged: number;
  late: number;
  truePositives: number;
  precision: number | null;
  recall: number | null;
  /** Share of late dossiers among all estimated ones (what flagging at random would reach). */
  baseRate: number | null;
}

export function backtest(cases: readonly BacktestCase[]): BacktestResult {
  const est = cases.filter((c) => c.probability !== null);
  const flagged = est.filter((c) => c.flagged);
  const late = est.filter((c) => c.late);
  const tp = flagged.filter((c) => c.late).length;
  return {
    cases: cases.length,
    estimated: est.length,
    flagged: flagged.length,
    late: late.length,
    truePositives: tp,
    precision: flagged.length ? tp / flagged.length : null,
    recall: late.length ? tp / late.length : null,
    baseRate: est.length ? late.length / est.length : null,
  };
}
