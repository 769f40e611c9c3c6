/**
 * Pure rules of the provincial indices (issue #10 §4): trend against the previous result, gap to
 * the target rank, and weak-component detection. See docs/reform.md "Provincial indices".
 */

export const INDEX_CODES = ['PAR_INDEX', 'SIPAS', 'PAPI', 'PCI'] as const;
export type IndexCode = (typeof INDEX_CODES)[number];

export interface YearFigure {
  year: number;
  score: number | null;
  rank: number | null;
  outOf: number;
}

export interface Trend {
  /** The year of the result compared against (the latest earlier year with a result), or null. */
  previousYear: number | null;
  /** score − previous score, 2 decimals; null when either score is missing. */
  scoreChange: number | null;
  /** previous rank − rank: positive = places gained (climbed), negative = places lost. */
  rankChange: number | null;
  /** false when N differs between the two years (e.g. 63 → 34 provinces after 1/7/2025): a raw rank change then means little. */
  rankComparable: boolean;
  /** Share of the other provinces ranked below: (N − rank) / (N − 1) × 100; 100 = first, 0 = last. Comparable across N. */
  percentile: number | null;
}

const round2 = (x: number): number => Math.round(x * 100 + Number.EPSILON * 100) / 100;

export function percentileOf(rank: number | null, outOf: number): number | null {
  if (rank === null || outOf < 1 || rank < 1 || rank > outOf) return null;
  return outOf === 1 ? 100 : round2((100 * (outOf - rank)) / (outOf - 1));
}

/**
 * Each result with its change against the latest earlier result (not necessarily the year before:
 * a missing year is skipped, and `previousYear` says which year was used). Output is sorted by year.
 */
export function trendOf<T extends YearFigure>(results: readonly T[]): (T & { trend: Trend })[] {
  const sorted = [...results].sort((a, b) => a.year - b.year);
  return sorted.map((r, i) => {
    const p = i > 0 ? sorted[i - 1] : null;
    const scoreChange = p && p.score !== null && r.score !== null ? round2(r.score - p.score) : null;
    const rankChange = p && p.rank !== null && r.rank !== null ? p.rank - r.rank : null;
    return {
      ...r,
      trend: { previousYear: p?.year ?? null, scoreChange, rankChange, rankComparable: !!p && p.outOf === r.outOf, percentile: percentileOf(r.rank, r.outOf) },
    };
  });
}

export interface Target {
  rank: number;
  year: number;
}

export interface Gap {
  targetRank: number;
  targetYear: number;
  /** Places still to climb: max(0, rank − target rank). */
  places: number;
  met: boolean;
  /** target year − result year (0 = the target year itself; negative = past it). */
  yearsLeft: number;
  /** Places to climb per remaining year, rounded up; null when met or no year is left. */
  placesPerYear: number | null;
  /** Not met and the target year has been reached or passed. */
  missed: boolean;
}

/** Gap of one result to the target rank ("top 10 by 2025" = rank ≤ 10 in the 2025 result). Null without a rank. */
export function gapToTarget(r: Pick<YearFigure, 'year' | 'rank'>, target: Target | null): Gap | null {
  if (!target || r.rank === null) return null;
  const places = Math.max(0, r.rank - target.rank);
  const met = places === 0;
  const yearsLeft = target.year - r.year;
  return {
    targetRank: target.rank,
    targetYear: target.year,
    places,
    met,
    yearsLeft,
    placesPerYear: !met && yearsLeft > 0 ? Math.ceil(places / yearsLeft) : null,
    missed: !met && yearsLeft <= 0,
  };
}

export interface ComponentDef {
  code: string;
  maxScore: number | null;
}
export interface ComponentFigure {
  score: number;
  nationalMedian?: number | null;
}
export type WeakReason = 'below_median' | 'lowest' | 'declined';
export interface WeakComponent {
  code: string;
  score: number;
  /** score / max (0..1), null when the component's maximum is unknown. */
  share: number | null;
  /** score − previous year's score, or null. */
  change: number | null;
  reasons: WeakReason[];
}

export interface WeakOptions {
  /** How many lowest components count as weak (default 3). */
  lowest?: number;
  /** A decline counts when it is at least this share of the component's maximum (or, when the maximum is unknown, of the previous score). Default 0.05. */
  minDropShare?: number;
}

/**
 * Weak components of one result. A component with a score is weak for each reason that holds:
 * - `below_median`: its score is below the national median of that component (only when the median was recorded);
 * - `lowest`: it is among the `lowest` (default 3) components with the smallest share of their maximum —
 *   only components whose maximum is known take part, only when more than `lowest` of them do (otherwise
 *   "lowest" would flag everything), and ties with the last one included are flagged too;
 * - `declined`: it fell against the previous result by at least `minDropShare` (default 5%) of its maximum
 *   (0.5 points on a 10-point PCI/PAPI component, 5 points on a % scale), or of its previous score when the
 *   maximum is unknown.
 * Components without a score are never weak (there is nothing to judge). Output: weakest share first,
 * then components without a share, each group by code.
 */
export function weakComponents(
  defs: readonly ComponentDef[],
  current: ReadonlyMap<string, ComponentFigure>,
  previous: ReadonlyMap<string, ComponentFigure> | null,
  opts: WeakOptions = {},
): WeakComponent[] {
  const k = opts.lowest ?? 3;
  const minDrop = opts.minDropShare ?? 0.05;
  const rows = defs
    .filter((d) => current.has(d.code))
    .map((d) => {
      const c = current.get(d.code)!;
      const prev = previous?.get(d.code);
      return {
        code: d.code,
        score: c.score,
        median: c.nationalMedian ?? null,
        share: d.maxScore ? c.score / d.maxScore : null,
        change: prev ? round2(c.score - prev.score) : null,
        drop: prev ? prev.score - c.score : null,
        base: d.maxScore ?? prev?.score ?? null,
      };
    });
  const comparable = rows.filter((r) => r.share !== null).sort((a, b) => a.share! - b.share!);
  const lowestShare = comparable.length > k && k > 0 ? comparable[k - 1].share! : null;
  const out: WeakComponent[] = [];
  for (const r of rows) {
    const reasons: WeakReason[] = [];
    if (r.median !== null && r.score < r.median) reasons.push('below_median');
    if (lowestShare !== null && r.share !== null && r.share <= lowestShare) reasons.push('lowest');
    if (r.drop !== null && r.base !== null && r.drop > 0 && r.drop >= minDrop * r.base - 1e-9) reasons.push('declined');
    if (reasons.length)
      out.push({ code: r.code, score: r.score, share: r.share === null ? null : Math.round(r.share * 10_000) / 10_000, change: r.change, reasons });
  }
  return out.sort((a, b) => (a.share === null ? 1 : 0) - (b.share === null ? 1 : 0) || (a.share ?? 0) - (b.share ?? 0) || a.code.localeCompare(b.code));
}

export interface ResultCheckInput {
  score: number | null;
  rank: number | null;
  outOf: number;
  scoreMax: number;
  components: { code: string; score: number; nationalMedian?: number | null; rank?: number | null }[];
  defs: readonly ComponentDef[];
}

/** Checks a result before it is stored; returns Vietnamese messages (empty = valid). */
export function validateResult(r: ResultCheckInput): string[] {
  const errors: string[] = [];
  if (r.score === null && r.rank === null) errors.push('Cần ít nhất điểm số hoặc thứ hạng.');
  if (r.score !== null && (r.score < 0 || r.score > r.scoreMax)) errors.push(`Điểm phải từ 0 đến ${r.scoreMax}.`);
  if (r.rank !== null && (r.rank < 1 || r.rank > r.outOf)) errors.push(`Thứ hạng phải từ 1 đến ${r.outOf} (số tỉnh được xếp hạng).`);
  const byCode = new Map(r.defs.map((d) => [d.code, d]));
  const seen = new Set<string>();
  for (const c of r.components) {
    const d = byCode.get(c.code);
    if (!d) {
      errors.push(`Chỉ số thành phần "${c.code}" không thuộc chỉ số này.`);
      continue;
    }
    if (seen.has(c.code)) errors.push(`Chỉ số thành phần "${c.code}" bị nhập trùng.`);
    seen.add(c.code);
    const max = d.maxScore ?? r.scoreMax;
    if (c.score < 0 || c.score > max) errors.push(`Điểm chỉ số thành phần "${c.code}" phải từ 0 đến ${max}.`);
    if (c.nationalMedian != null && (c.nationalMedian < 0 || c.nationalMedian > max)) errors.push(`Trung vị toàn quốc của "${c.code}" phải từ 0 đến ${max}.`);
    if (c.rank != null && (c.rank < 1 || c.rank > r.outOf)) errors.push(`Thứ hạng chỉ số thành phần "${c.code}" phải từ 1 đến ${r.outOf}.`);
  }
  return errors;
}
