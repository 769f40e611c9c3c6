/**
 * The law in force for a dossier: which one-stop decree (and guiding circular) applied on the day
 * it was received, so that every message, action-log entry, document and screen cites what
 * applied to THAT dossier (issue 18 §2). ONE table by effective date (docs/legal-basis.md):
 *
 *  - Nghị định 61/2018/NĐ-CP, in force 21/06/2018, guided by Thông tư 01/2018/TT-VPCP;
 *  - amended by Nghị định 107/2021/NĐ-CP (dated 06/12/2021; the row starts on that date);
 *  - Nghị định 118/2025/NĐ-CP, in force 01/07/2025, replacing both; guided by Thông tư
 *    03/2025/TT-VPCP (15/09/2025);
 *  - amended by Nghị định 367/2025/NĐ-CP (dated 31/12/2025; the row starts on that date, as for
 *    107/2021: its own effect clause was not read).
 *
 * Transition: a dossier keeps the law of the day it was received (else submitted online) for its
 * whole life, also when it is still open after a new decree came into force. This is the usual
 * transition clause of one-stop decrees; Nghị định 118/2025's own transition article was not read
 * (legal-research.md §10 item 3), so this is a stated assumption, one line to change here.
 *
 * Article numbers are given where the research read them. 61/2018's are those of the 2018 text as
 * codified (legal-research.md §2). The 2025 texts were read only through quotations, so their
 * articles are cited only where a quotation names one (Điều 17 khoản 2 online receipt, Điều 21
 * stop, Điều 24 fees); elsewhere the decree is cited without an article, never with a guessed one.
 *
 * The ONLY other places in src/ and web/src that name Nghị định 61/2018 are historical and stay:
 *  - applied migrations (quality 001, citizens 001, direction 001): their comments and seeded
 *    indicator description are checksummed history (platform/db/migrate.ts refuses an edited
 *    migration);
 *  - the reporting regime's legal basis (reports/seed/regimes.ts): the regime was established
 *    under both decrees and cites both, with Nghị định 09/2019;
 *  - the province's 2023 plan text (tasks/seed/ke-hoach-003.txt): a quoted document of its time;
 *  - tests that check dossiers received before 01/07/2025.
 */
import { vnDay } from '../../platform/vn-time.js';

export type Provision =
  | 'receive_direct'
  | 'receive_online'
  | 'refuse_intake'
  | 'guide_supplement'
  | 'receive_completed'
  | 'forward'
  | 'assign'
  | 'process'
  | 'interagency'
  | 'supplement_once'
  | 'supplement_within_3_days'
  | 'supplement_restart'
  | 'supplement_timeout'
  | 'fees'
  | 'withdraw'
  | 'refusal_after_appraisal'
  | 'result'
  | 'return_result'
  | 'apology';

export interface LegalFramework {
  /** First day (Vietnam date, yyyy-mm-dd) of dossiers received under this framework. */
  from: string;
  /** Full name as cited in documents. */
  decree: string;
  /** Short form for the action log ("NĐ 118/2025"). */
  decreeShort: string;
  circular: string;
  circularShort: string;
  /**
   * First day the circular applies, when later than `from`: before it, documents and the action
   * log cite the earlier circular's forms (Thông tư 03/2025 was issued on 15/09/2025; from 01/07 to
   * 14/09/2025 the 2018 forms were still used — documents/forms.ts, TT03_2025_FORMS_FROM).
   */
  circularFrom?: string;
  /** Article of the decree per provision; absent: cite the decree alone. */
  articles: Partial<Record<Provision, string>>;
  /** Article of the circular per provision, where one is known. */
  circularArticles: Partial<Record<Provision, string>>;
}

const ARTICLES_61: LegalFramework['articles'] = {
  receive_direct: 'Điều 17 khoản 1',
  receive_online: 'Điều 17 khoản 2',
  refuse_intake: 'Điều 17',
  guide_supplement: 'Điều 15 khoản 3, Điều 17',
  receive_completed: 'Điều 17',
  forward: 'Điều 18',
  assign: 'Điều 19 khoản 1',
  process: 'Điều 19',
  interagency: 'Điều 19 khoản 5–6',
  supplement_once: 'Điều 19 khoản 4',
  supplement_within_3_days: 'Điều 19 khoản 4',
  supplement_restart: 'Điều 19 khoản 4',
  supplement_timeout: 'Điều 19',
  fees: 'Điều 22',
  withdraw: 'Điều 19',
  refusal_after_appraisal: 'Điều 19',
  result: 'Điều 19',
  return_result: 'Điều 20',
  apology: 'Điều 19 khoản 9',
};

const ARTICLES_118: LegalFramework['articles'] = { receive_online: 'Điều 17 khoản 2', withdraw: 'Điều 21', fees: 'Điều 24' };

const D61 = { decree: 'Nghị định 61/2018/NĐ-CP', decreeShort: 'NĐ 61/2018', circular: 'Thông tư 01/2018/TT-VPCP', circularShort: 'TT 01/2018' };
const D118 = {
  circular: 'Thông tư 03/2025/TT-VPCP',
  circularShort: 'TT 03/2025',
  circularFrom: '2025-09-15',
  articles: ARTICLES_118,
  circularArticles: { withdraw: 'Điều 7' },
};

export const LEGAL_FRAMEWORKS: readonly LegalFramework[] = [
  { from: '2018-06-21', ...D61, articles: ARTICLES_61, circularArticles: {} },
  {
    from: '2021-12-06',
    ...D61,
    decree: 'Nghị định 61/2018/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP)',
    decreeShort: 'NĐ 61/2018 (sửa đổi bởi NĐ 107/2021)',
    articles: ARTICLES_61,
    circularArticles: {},
  },
  { from: '2025-07-01', ...D118, decree: 'Nghị định 118/2025/NĐ-CP', decreeShort: 'NĐ 118/2025' },
  {
    from: '2025-12-31',
    ...D118,
    decree: 'Nghị định 118/2025/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 367/2025/NĐ-CP)',
    decreeShort: 'NĐ 118/2025 (sửa đổi bởi NĐ 367/2025)',
  },
];

/**
 * The circular whose forms and articles apply to a dossier of `day` on `actionDay`: the framework's
 * own, or — before it was issued — the earlier one's forms (no article of it is cited then).
 */
function circularOn(f: LegalFramework, actionDay: string | undefined): { name: string; short: string; articles: LegalFramework['circularArticles'] } {
  if (actionDay && f.circularFrom && actionDay < f.circularFrom) {
    const earlier = LEGAL_FRAMEWORKS.filter((x) => x.circular !== f.circular).pop()!;
    return { name: earlier.circular, short: earlier.circularShort, articles: {} };
  }
  return { name: f.circular, short: f.circularShort, articles: f.circularArticles };
}

/** The Vietnam calendar day of an instant. */
export { vnDay };

/** The framework in force on a Vietnam day (the earliest one for days before 2018). */
export function frameworkOn(day: string): LegalFramework {
  let found = LEGAL_FRAMEWORKS[0];
  for (const f of LEGAL_FRAMEWORKS) if (f.from <= day) found = f;
  return found;
}

/**
 * The day whose law applies to a dossier: its receipt, else its online submission, else
 * `fallback` (default: the law in force now, for a dossier not yet submitted).
 */
export function lawDayOf(state: { receivedAt?: string | Date | null; submittedAt?: string | Date | null } | null, fallback?: string | Date): string {
  const at = state?.receivedAt ?? state?.submittedAt ?? fallback;
  return at ? vnDay(at) : '9999-12-31';
}

/** "Nghị định 118/2025/NĐ-CP" or "Nghị định 61/2018/NĐ-CP Điều 19 khoản 4": the provision as it applied that day. */
export function cite(provision: Provision, day: string): string {
  const f = frameworkOn(day);
  const art = f.articles[provision];
  return art ? `${f.decree} ${art}` : f.decree;
}

/**
 * The decree's provision (and the circular's article, where one is known) as in force for a
 * dossier, for a document's "Căn cứ" line (the form's circular is added by the document), e.g.
 * "Nghị định 118/2025/NĐ-CP Điều 21; Thông tư 03/2025/TT-VPCP Điều 7".
 */
export function basisLine(provision: Provision, day: string, issuedDay?: string): string {
  const c = circularOn(frameworkOn(day), issuedDay);
  const art = c.articles[provision];
  return art ? `${cite(provision, day)}; ${c.name} ${art}` : cite(provision, day);
}

/** A transition's legal reference: the provision, what it is about, and the form it issues. */
export interface LawRef {
  provision: Provision;
  /** e.g. "tiếp nhận trực tiếp, bưu chính". */
  note?: string;
  /** The form number in both circulars' sets, e.g. "Mẫu 03". */
  form?: string;
  /** An extra reference that does not depend on the decree (e.g. "QĐ 766 (trừ thời gian chờ bổ sung)"). */
  also?: string;
}

/**
 * The action log's law for a transition on a dossier whose law day is `day`, taken on `actionDay`
 * (for the circular: see `circularFrom`), e.g.
 * "NĐ 118/2025 (sửa đổi bởi NĐ 367/2025) (tiếp nhận trực tiếp, bưu chính)" or
 * "NĐ 61/2018 (sửa đổi bởi NĐ 107/2021) Điều 19 khoản 4; TT 01/2018 Mẫu 02".
 */
export function lawText(ref: LawRef, day: string, actionDay?: string): string {
  const f = frameworkOn(day);
  const c = circularOn(f, actionDay);
  const art = f.articles[ref.provision];
  const cArt = c.articles[ref.provision];
  const parts = [`${f.decreeShort}${art ? ` ${art}` : ''}${ref.note ? ` (${ref.note})` : ''}`];
  if (cArt || ref.form) parts.push(`${c.short}${cArt ? ` ${cArt}` : ''}${ref.form ? ` ${ref.form}` : ''}`);
  if (ref.also) parts.push(ref.also);
  return parts.join('; ');
}
