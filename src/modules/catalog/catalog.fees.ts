/**
 * Pure rules of a case's fees (phí, lệ phí) — the ONE place the amount an applicant owes is worked
 * out; the dossier's payment request, the gateway order and the e-receipt all carry its result.
 *
 * Model (docs/catalog-format.md, "Fees"): a case's fee lines are either standalone lines (each one
 * charged) or ALTERNATIVES sharing an `alternativeGroup` key, of which exactly one is charged —
 * e.g. "Cấp Phiếu lý lịch tư pháp": 200.000 đ (everyone) or 100.000 đ (`appliesTo`: students,
 * người có công, thân nhân liệt sĩ). A line with `appliesTo` applies only to applicants of those
 * groups; `onRequest` lines (extra copies) are charged only when asked for. Alternatives are never
 * summed.
 */
import type { ApplicantGroup, Fee } from './catalog.schemas.js';
import { APPLICANT_GROUPS } from './catalog.schemas.js';

export type FeeLine = Pick<Fee, 'name' | 'amountVnd' | 'onlineReductionPercent'> & {
  alternativeGroup?: string | null;
  appliesTo?: readonly string[] | null;
  onRequest?: boolean;
};

export const APPLICANT_GROUP_LABELS: Record<ApplicantGroup, string> = {
  student: 'Học sinh, sinh viên',
  meritorious: 'Người có công với cách mạng',
  martyr_relative: 'Thân nhân liệt sĩ',
  child: 'Trẻ em',
  elderly: 'Người cao tuổi',
  disabled: 'Người khuyết tật',
  poor_household: 'Người thuộc hộ nghèo',
  difficult_area: 'Người cư trú tại xã đặc biệt khó khăn',
};

export const isApplicantGroup = (s: unknown): s is ApplicantGroup => typeof s === 'string' && (APPLICANT_GROUPS as readonly string[]).includes(s);

export interface FeeSelection {
  /** The applicant's declared groups (đối tượng), e.g. ['student']. */
  groups?: readonly string[];
  /** An explicit choice: the index (in the case's fee list) of the line to charge for an alternative group. */
  choices?: Readonly<Record<string, number>>;
  /** Indexes of `onRequest` lines the applicant asked for. */
  requested?: readonly number[];
}

export interface ChosenFees {
  /** Indexes of the lines that apply, in catalogue order. */
  indexes: number[];
  /** Alternative groups where no line could be chosen (no line for the applicant's group and no default line). */
  needsChoice: string[];
  /** Chosen lines whose amount is not in the catalogue (set by the provincial council): an officer must state it. */
  unknownAmount: number[];
}

const qualifies = (f: FeeLine, groups: ReadonlySet<string>) => !f.appliesTo || f.appliesTo.length === 0 || f.appliesTo.some((g) => groups.has(g));
const isDefault = (f: FeeLine) => !f.appliesTo || f.appliesTo.length === 0;

/**
 * The lines that apply to an applicant: every qualifying standalone line; per alternative group the
 * explicitly chosen line, else the line for the applicant's group (the cheapest when several fit),
 * else the group's default line (no `appliesTo`). Never two lines of one group.
 */
export function chooseFees(fees: readonly FeeLine[], sel: FeeSelection = {}): ChosenFees {
  const groups = new Set(sel.groups ?? []);
  const requested = new Set(sel.requested ?? []);
  const indexes: number[] = [];
  const needsChoice: string[] = [];
  const seen = new Set<string>();
  fees.forEach((f, i) => {
    // An on-request line is never an alternative (feeProblems refuses it; here it is simply standalone).
    const g = f.onRequest ? null : (f.alternativeGroup ?? null);
    if (g === null) {
      if (f.onRequest ? requested.has(i) : qualifies(f, groups)) indexes.push(i);
      return;
    }
    if (seen.has(g)) return;
    seen.add(g);
    const members = fees.map((x, j) => ({ x, j })).filter((m) => m.x.alternativeGroup === g && !m.x.onRequest);
    const explicit = sel.choices?.[g];
    if (explicit !== undefined) {
      if (members.some((m) => m.j === explicit)) indexes.push(explicit);
      else needsChoice.push(g);
      return;
    }
    const fitting = members.filter((m) => !isDefault(m.x) && qualifies(m.x, groups));
    if (fitting.length) {
      // Several reduced rates fit: the applicant pays the lowest one (unknown amounts last).
      fitting.sort((a, b) => (a.x.amountVnd ?? Infinity) - (b.x.amountVnd ?? Infinity));
      indexes.push(fitting[0].j);
      return;
    }
    const defaults = members.filter((m) => isDefault(m.x));
    if (defaults.length === 1) indexes.push(defaults[0].j);
    else needsChoice.push(g);
  });
  indexes.sort((a, b) => a - b);
  return { indexes, needsChoice, unknownAmount: indexes.filter((i) => fees[i].amountVnd === null) };
}

export interface QuoteLine {
  name: string;
  /** The catalogue amount (đồng). */
  amount: number;
  /** The online reduction applied (0 when none). */
  reductionPercent: number;
  /** What the applicant pays for this line (đồng). */
  due: number;
}

/**
 * A line's reduction: the catalogue line's own online reduction, else the province's policy for
 * online dossiers, else none — applied only when `online`. Rounded in the payer's favour.
 */
export function quoteLine(item: { name: string; amount: number }, reductionPercent: number | null, online: boolean): QuoteLine {
  const pct = online ? (reductionPercent ?? 0) : 0;
  const reduction = Math.ceil((item.amount * pct) / 100);
  return { name: item.name, amount: item.amount, reductionPercent: pct, due: Math.max(0, item.amount - reduction) };
}

export const quoteTotal = (lines: readonly { due: number }[]) => lines.reduce((s, l) => s + l.due, 0);
export const quoteGross = (lines: readonly { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);

/** Rules of a case's fee list the JSON Schema cannot express (Vietnamese messages). */
export function feeProblems(fees: readonly FeeLine[]): { index: number; message: string }[] {
  const out: { index: number; message: string }[] = [];
  const byGroup = new Map<string, number[]>();
  fees.forEach((f, i) => {
    if (f.alternativeGroup) byGroup.set(f.alternativeGroup, [...(byGroup.get(f.alternativeGroup) ?? []), i]);
    if (f.onRequest && f.alternativeGroup) out.push({ index: i, message: `Khoản «${f.name}» thu theo yêu cầu không thể thuộc nhóm mức thay thế.` });
  });
  for (const [g, idx] of byGroup) {
    if (idx.length < 2) out.push({ index: idx[0], message: `Nhóm mức thay thế "${g}" phải có ít nhất hai khoản.` });
    const defaults = idx.filter((i) => isDefault(fees[i]));
    if (defaults.length > 1)
      out.push({ index: defaults[1], message: `Nhóm mức thay thế "${g}" chỉ được có một mức thông thường (không nêu đối tượng áp dụng).` });
  }
  return out;
}
