/** Pure rules of the reform module: PAR INDEX scoring and ranking, SIPAS index, plan deadlines. */

export const REFORM_AREAS = ['direction', 'institution', 'procedure', 'organisation', 'civil_service', 'public_finance', 'digital_government', 'communication'] as const;
export type ReformArea = (typeof REFORM_AREAS)[number];
export const REFORM_AREA_NAMES_VI: Record<ReformArea, string> = {
  direction: 'Chỉ đạo, điều hành cải cách hành chính',
  institution: 'Cải cách thể chế',
  procedure: 'Cải cách thủ tục hành chính',
  organisation: 'Cải cách tổ chức bộ máy hành chính nhà nước',
  civil_service: 'Cải cách chế độ công vụ',
  public_finance: 'Cải cách tài chính công',
  digital_government: 'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số',
  communication: 'Công tác tuyên truyền cải cách hành chính',
};

export type ScoringRule = 'manual' | 'survey' | 'sum';
export interface CriterionNode {
  id: string;
  parentId: string | null;
  code: string;
  maxPoints: number;
  rule: ScoringRule;
}
export interface ScoreInput {
  selfScore: number | null;
  appraisedScore: number | null;
  surveyPercent: number | null;
}
export interface ScoredNode {
  id: string;
  code: string;
  maxPoints: number;
  self: number;
  final: number;
}

const round2 = (x: number): number => Math.round(x * 100 + Number.EPSILON * 100) / 100;
const clamp = (x: number, max: number): number => Math.min(Math.max(x, 0), max);

/**
 * Scores a criteria tree. A leaf scored by the agency (`manual`) counts the appraised score when the
 * council adjusted it, else the self-score, clamped to [0, max]. A `survey` leaf counts
 * max × survey% / 100 (agencies cannot self-score it). A node with children (rule `sum`) counts the
 * sum of its children, capped at its own maximum. Missing scores count 0.
 */
export function scoreTree(nodes: readonly CriterionNode[], scores: ReadonlyMap<string, ScoreInput>): { nodes: Map<string, ScoredNode>; total: number; selfTotal: number; maxTotal: number } {
  const children = new Map<string | null, CriterionNode[]>();
  for (const n of nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const out = new Map<string, ScoredNode>();
  const visit = (n: CriterionNode): ScoredNode => {
    const kids = children.get(n.id) ?? [];
    let self: number;
    let final: number;
    if (kids.length) {
      const scored = kids.map(visit);
      self = clamp(scored.reduce((s, k) => s + k.self, 0), n.maxPoints);
      final = clamp(scored.reduce((s, k) => s + k.final, 0), n.maxPoints);
    } else {
      const s = scores.get(n.id);
      if (n.rule === 'survey') {
        self = final = s?.surveyPercent == null ? 0 : clamp((n.maxPoints * s.surveyPercent) / 100, n.maxPoints);
      } else {
        self = clamp(s?.selfScore ?? 0, n.maxPoints);
        final = s?.appraisedScore != null ? clamp(s.appraisedScore, n.maxPoints) : self;
      }
    }
    const r: ScoredNode = { id: n.id, code: n.code, maxPoints: n.maxPoints, self: round2(self), final: round2(final) };
    out.set(n.id, r);
    return r;
  };
  const roots = (children.get(null) ?? []).map(visit);
  return {
    nodes: out,
    total: round2(roots.reduce((s, r) => s + r.final, 0)),
    selfTotal: round2(roots.reduce((s, r) => s + r.self, 0)),
    maxTotal: round2(roots.reduce((s, r) => s + r.maxPoints, 0)),
  };
}

/** Standard competition ranking ("1224"): equal totals share a rank; ties broken by name for display only. */
export function rankByTotal<T extends { total: number; name: string }>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'vi'));
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || r.total !== sorted[i - 1].total) rank = i + 1;
    return { ...r, rank };
  });
}

/** Checks a tree before it is stored: unique codes, parents exist, no cycle, children fit the parent's maximum. */
export function validateTree(nodes: readonly (CriterionNode & { title: string })[]): string[] {
  const errors: string[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const codes = new Set<string>();
  for (const n of nodes) {
    if (codes.has(n.code)) errors.push(`Mã tiêu chí "${n.code}" bị trùng.`);
    codes.add(n.code);
    if (n.parentId && !byId.has(n.parentId)) errors.push(`Tiêu chí "${n.code}" có tiêu chí cha không tồn tại.`);
    let p = n.parentId;
    let depth = 0;
    while (p && depth <= nodes.length) {
      p = byId.get(p)?.parentId ?? null;
      depth++;
    }
    if (depth > nodes.length) errors.push(`Tiêu chí "${n.code}" tạo vòng lặp cha–con.`);
    else if (depth > 2) errors.push(`Tiêu chí "${n.code}" sâu quá 3 cấp (lĩnh vực → tiêu chí → tiêu chí thành phần).`);
  }
  for (const n of nodes) {
    const kids = nodes.filter((k) => k.parentId === n.id);
    if (kids.length && n.rule !== 'sum') errors.push(`Tiêu chí "${n.code}" có tiêu chí con nên phải tính theo tổng (sum).`);
    if (!kids.length && n.rule === 'sum') errors.push(`Tiêu chí "${n.code}" không có tiêu chí con nên không thể tính theo tổng.`);
    const sum = kids.reduce((s, k) => s + k.maxPoints, 0);
    if (kids.length && round2(sum) < n.maxPoints) errors.push(`Tổng điểm tối đa các tiêu chí con của "${n.code}" (${round2(sum)}) nhỏ hơn điểm tối đa (${n.maxPoints}).`);
  }
  return errors;
}

// ---- SIPAS --------------------------------------------------------------------------------------

/** Likert 1..5: 1 rất không hài lòng … 4 hài lòng, 5 rất hài lòng. "Satisfied" = 4 or 5. */
export interface SipasQuestion {
  key: string;
  element: string;
}
export type SipasAnswers = Record<string, number>;

/**
 * SIPAS index of a group of responses: for each element, the share (%) of its answers that are
 * satisfied (4 or 5); the index is the mean of the element shares over elements that received at
 * least one answer. Unanswered questions (0 or missing) do not count. Sample size = responses.
 */
export function sipasIndex(questions: readonly SipasQuestion[], responses: readonly SipasAnswers[]): { index: number | null; sampleSize: number; elements: Record<string, { satisfiedPercent: number | null; answers: number }> } {
  const elements: Record<string, { sat: number; n: number }> = {};
  for (const q of questions) elements[q.element] ??= { sat: 0, n: 0 };
  for (const r of responses) {
    for (const q of questions) {
      const v = r[q.key];
      if (!Number.isInteger(v) || v < 1 || v > 5) continue;
      elements[q.element].n++;
      if (v >= 4) elements[q.element].sat++;
    }
  }
  const out: Record<string, { satisfiedPercent: number | null; answers: number }> = {};
  const shares: number[] = [];
  for (const [k, e] of Object.entries(elements)) {
    const share = e.n ? (100 * e.sat) / e.n : null;
    if (share !== null) shares.push(share);
    out[k] = { satisfiedPercent: share === null ? null : round2(share), answers: e.n };
  }
  return { index: shares.length ? round2(shares.reduce((s, x) => s + x, 0) / shares.length) : null, sampleSize: responses.length, elements: out };
}

// ---- plans --------------------------------------------------------------------------------------

/** Annual plans are due 30/01 (province-level agencies, districts) and 28/02 (communes) of the plan year. */
export function planDueOn(year: number, level: 'province' | 'commune'): string {
  return level === 'commune' ? `${year}-02-28` : `${year}-01-30`;
}
