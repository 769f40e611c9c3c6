/** Pure rules of the reform module: PAR INDEX scoring and ranking, SIPAS index, plan deadlines. */

export const REFORM_AREAS = [
  'direction',
  'institution',
  'procedure',
  'organisation',
  'civil_service',
  'public_finance',
  'digital_government',
  'communication',
] as const;
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
export function scoreTree(
  nodes: readonly CriterionNode[],
  scores: ReadonlyMap<string, ScoreInput>,
): { nodes: Map<string, ScoredNode>; total: number; selfTotal: number; maxTotal: number } {
  const children = new Map<string | null, CriterionNode[]>();
  for (const n of nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const out = new Map<string, ScoredNode>();
  const visit = (n: CriterionNode): ScoredNode => {
    const kids = children.get(n.id) ?? [];
    let self: number;
    let final: number;
    if (kids.length) {
      const scored = kids.map(visit);
      self = clamp(
        scored.reduce((s, k) => s + k.self, 0),
        n.maxPoints,
      );
      final = clamp(
        scored.reduce((s, k) => s + k.final, 0),
        n.maxPoints,
      );
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
    if (kids.length && round2(sum) < n.maxPoints)
      errors.push(`Tổng điểm tối đa các tiêu chí con của "${n.code}" (${round2(sum)}) nhỏ hơn điểm tối đa (${n.maxPoints}).`);
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
 * All responses here answered the same questionnaire; `sipasIndexVersioned` mixes versions.
 */
export function sipasIndex(questions: readonly SipasQuestion[], responses: readonly SipasAnswers[]): SipasResult {
  return sipasIndexVersioned(
    responses.map((answers) => ({ questions, answers })),
    questions.map((q) => q.element),
  );
}

export interface SipasResult {
  index: number | null;
  sampleSize: number;
  elements: Record<string, { satisfiedPercent: number | null; answers: number }>;
}

/**
 * The same index over responses that answered different questionnaire versions: each response's
 * answers are mapped to elements through the questions of the version it answered, so a question
 * renamed or added in a later version still counts for its element. `elements` lists the elements
 * to report even when nobody answered them (e.g. those of the version in force).
 */
export function sipasIndexVersioned(
  responses: readonly { questions: readonly SipasQuestion[]; answers: SipasAnswers }[],
  elements: readonly string[] = [],
): SipasResult {
  const acc: Record<string, { sat: number; n: number }> = {};
  for (const e of elements) acc[e] ??= { sat: 0, n: 0 };
  for (const r of responses) {
    for (const q of r.questions) {
      acc[q.element] ??= { sat: 0, n: 0 };
      const v = r.answers[q.key];
      if (!Number.isInteger(v) || v < 1 || v > 5) continue;
      acc[q.element].n++;
      if (v >= 4) acc[q.element].sat++;
    }
  }
  const out: Record<string, { satisfiedPercent: number | null; answers: number }> = {};
  const shares: number[] = [];
  for (const [k, e] of Object.entries(acc)) {
    const share = e.n ? (100 * e.sat) / e.n : null;
    if (share !== null) shares.push(share);
    out[k] = { satisfiedPercent: share === null ? null : round2(share), answers: e.n };
  }
  return { index: shares.length ? round2(shares.reduce((s, x) => s + x, 0) / shares.length) : null, sampleSize: responses.length, elements: out };
}

export const SIPAS_SECTOR_KEYS = ['administrative', 'education', 'health'] as const;
export type SipasSector = (typeof SIPAS_SECTOR_KEYS)[number];
/** How a SIPAS answer reached us: the survey link, the QR code at the counter, or the link sent when the result was returned. */
export const SIPAS_CHANNELS = ['link', 'qr_counter', 'after_return'] as const;
export type SipasChannel = (typeof SIPAS_CHANNELS)[number];

export interface QuestionnaireDraft {
  elements: { key: string; name: string }[];
  /** `sectors` null = asked in every sector. */
  questions: { key: string; element: string; text: string; sectors: string[] | null }[];
}

const KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;

/** The questions of a questionnaire asked in one sector. */
export function questionsForSector<Q extends { sectors: readonly string[] | null }>(questions: readonly Q[], sector: string): Q[] {
  return questions.filter((q) => !q.sectors || q.sectors.includes(sector));
}

/**
 * Checks a questionnaire before it is stored: keys are short identifiers and unique, every
 * question belongs to a known element, every element has a question, sectors are known, and every
 * sector is asked at least one question (else its respondents would get an empty form).
 */
export function validateQuestionnaire(q: QuestionnaireDraft): string[] {
  const errors: string[] = [];
  const elements = new Set<string>();
  for (const e of q.elements) {
    if (!KEY_RE.test(e.key)) errors.push(`Mã yếu tố "${e.key}" chỉ gồm chữ thường không dấu, số, gạch dưới (tối đa 40 ký tự).`);
    if (elements.has(e.key)) errors.push(`Mã yếu tố "${e.key}" bị trùng.`);
    if (!e.name.trim()) errors.push(`Yếu tố "${e.key}" chưa có tên.`);
    elements.add(e.key);
  }
  const keys = new Set<string>();
  const used = new Set<string>();
  for (const x of q.questions) {
    if (!KEY_RE.test(x.key)) errors.push(`Mã câu hỏi "${x.key}" chỉ gồm chữ thường không dấu, số, gạch dưới (tối đa 40 ký tự).`);
    if (keys.has(x.key)) errors.push(`Mã câu hỏi "${x.key}" bị trùng.`);
    keys.add(x.key);
    if (!elements.has(x.element)) errors.push(`Câu hỏi "${x.key}" thuộc yếu tố "${x.element}" không có trong phiếu.`);
    used.add(x.element);
    if (x.text.trim().length < 5) errors.push(`Câu hỏi "${x.key}" quá ngắn.`);
    if (x.sectors) {
      if (!x.sectors.length) errors.push(`Câu hỏi "${x.key}": chọn ít nhất một lĩnh vực, hoặc để trống để hỏi mọi lĩnh vực.`);
      for (const s of x.sectors) if (!(SIPAS_SECTOR_KEYS as readonly string[]).includes(s)) errors.push(`Câu hỏi "${x.key}": lĩnh vực "${s}" không có.`);
    }
  }
  for (const e of elements) if (!used.has(e)) errors.push(`Yếu tố "${e}" chưa có câu hỏi nào.`);
  if (!q.questions.length) errors.push('Phiếu chưa có câu hỏi nào.');
  else for (const s of SIPAS_SECTOR_KEYS) if (!questionsForSector(q.questions, s).length) errors.push(`Lĩnh vực "${s}" không có câu hỏi nào.`);
  return errors;
}

/**
 * Why a questionnaire cannot change, or null when it can: the seeded default (the reference form of
 * Quyết định 2640/QĐ-BNV, in force from 2017) never changes — it is copied into a new version
 * instead, so what "the default" asked is the same in every installation and at every time; a
 * retired version never changes; a published version changes only until its first response.
 */
export type QuestionnaireLock = 'default' | 'retired' | 'responses' | null;
export function questionnaireLock(status: 'draft' | 'published' | 'retired', responses: number, isDefault = false): QuestionnaireLock {
  if (isDefault) return 'default';
  if (status === 'retired') return 'retired';
  if (status === 'published' && responses > 0) return 'responses';
  return null;
}

/** A questionnaire may change while it is a draft, or published without any response yet — never the seeded default. */
export function questionnaireEditable(status: 'draft' | 'published' | 'retired', responses: number, isDefault = false): boolean {
  return questionnaireLock(status, responses, isDefault) === null;
}

/** The questionnaire in force for a year: the published version with the greatest year <= that year. */
export function questionnaireInForce<T extends { year: number; status: string }>(all: readonly T[], year: number): T | null {
  let best: T | null = null;
  for (const q of all) if (q.status === 'published' && q.year <= year && (!best || q.year > best.year)) best = q;
  return best;
}

// ---- evidence -----------------------------------------------------------------------------------

/**
 * The criteria an assessment cannot be submitted without: a self-scored (manual) leaf that
 * requires evidence and was given points, but has neither an evidence note, a link nor a file.
 */
export function missingEvidence(
  criteria: readonly { id: string; code: string; rule: ScoringRule; evidenceRequired: boolean }[],
  scores: ReadonlyMap<string, { selfScore: number | null; evidence: string | null; evidenceRefs: readonly string[] }>,
  files: ReadonlyMap<string, number>,
): string[] {
  const out: string[] = [];
  for (const c of criteria) {
    if (c.rule !== 'manual' || !c.evidenceRequired) continue;
    const s = scores.get(c.id);
    if (!s || !s.selfScore) continue;
    if (s.evidence?.trim() || s.evidenceRefs.length || (files.get(c.id) ?? 0) > 0) continue;
    out.push(c.code);
  }
  return out;
}

// ---- plans --------------------------------------------------------------------------------------

/**
 * Annual plans are due 30/01 (province-level agencies, districts) and 28/02 (communes) of the plan
 * year. A 5-year plan uses the date of the annual plan of its first year: the sources give no
 * separate date for it (documented assumption, docs/reform.md).
 */
export function planDueOn(year: number, level: 'province' | 'commune'): string {
  return level === 'commune' ? `${year}-02-28` : `${year}-01-30`;
}

export type PlanKind = 'annual' | 'five_year';

/**
 * The years a plan covers. A 5-year plan follows the master programme's periods (Nghị quyết
 * 76/NQ-CP: 2021–2025, 2026–2030), so it starts in 2021, 2026, 2031…; null when it does not.
 */
export function planPeriod(kind: PlanKind, year: number): { start: number; end: number } | null {
  if (kind === 'annual') return { start: year, end: year };
  if (year < 2021 || (year - 2021) % 5 !== 0) return null;
  return { start: year, end: year + 4 };
}

/** A plan can be edited up to and including its due date (Vietnam calendar date). */
export function planEditable(dueOn: string, today: string): boolean {
  return today <= dueOn;
}

const dayNo = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/** Days before the due date on which an agency without a plan is reminded. */
export const PLAN_REMINDER_DAYS_BEFORE = [7, 3, 1] as const;

/**
 * Which reminder (if any) an agency that has not submitted its plan gets today: 7, 3 and 1 days
 * before the due date, the day after it ("overdue"), then every 7 days while it is still missing.
 */
export function planReminderFor(dueOn: string, today: string): string | null {
  const diff = dayNo(dueOn) - dayNo(today);
  if ((PLAN_REMINDER_DAYS_BEFORE as readonly number[]).includes(diff)) return `due_in_${diff}`;
  if (diff === -1) return 'overdue';
  if (diff < -1 && (-diff - 1) % 7 === 0) return 'overdue_repeat';
  return null;
}

export interface PlanItemIn {
  id?: string;
  area: string;
  content: string;
  output: string | null;
  ownerAgencyId: string;
  dueOn: string;
}
export interface PlanItemHave {
  id: string;
  area: string;
  content: string;
  output: string | null;
  ownerAgencyId: string;
  dueOn: string;
}

/**
 * What an edit does to a plan's items: items with an id that exists are kept (changed when a field
 * differs), items without an id are added, existing items not listed are removed. An id that is
 * not an item of this plan is reported as unknown.
 */
export function diffPlanItems<H extends PlanItemHave, W extends PlanItemIn>(
  have: readonly H[],
  want: readonly W[],
): { added: W[]; changed: { before: H; after: W }[]; unchanged: H[]; removed: H[]; unknown: string[] } {
  const byId = new Map(have.map((h) => [h.id, h]));
  const seen = new Set<string>();
  const added: W[] = [];
  const changed: { before: H; after: W }[] = [];
  const unchanged: H[] = [];
  const unknown: string[] = [];
  for (const w of want) {
    if (!w.id) {
      added.push(w);
      continue;
    }
    const h = byId.get(w.id);
    if (!h || seen.has(w.id)) {
      unknown.push(w.id);
      continue;
    }
    seen.add(w.id);
    const same =
      h.area === w.area && h.content === w.content && (h.output ?? null) === (w.output ?? null) && h.ownerAgencyId === w.ownerAgencyId && h.dueOn === w.dueOn;
    if (same) unchanged.push(h);
    else changed.push({ before: h, after: w });
  }
  return { added, changed, unchanged, removed: have.filter((h) => !seen.has(h.id)), unknown };
}
