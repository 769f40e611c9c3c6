/**
 * The law in force for a dossier: which one-stop decree (and guiding circular) applied on the day
 * it was received, so that a message or a document cites what applied to THAT dossier (issue 18
 * §2). Data, by effective date, from the repository's legal notes (docs/legal-basis.md):
 *
 *  - Nghị định 61/2018/NĐ-CP, in force 21/06/2018 (Thông tư 01/2018/TT-VPCP);
 *  - amended by Nghị định 107/2021/NĐ-CP (dated 06/12/2021; the row starts on that date);
 *  - Nghị định 118/2025/NĐ-CP, in force 01/07/2025, replacing both (Thông tư 03/2025/TT-VPCP,
 *    15/09/2025, guides it; amended by Nghị định 367/2025/NĐ-CP of 31/12/2025).
 *
 * Article numbers are given where they are known; the 2025 texts were read only through
 * quotations, so their articles are cited only where a quotation names them (Điều 21 stop, Điều 24
 * fees); elsewhere the decree is cited without an article rather than with a guessed one.
 */

export type Provision = 'supplement_once' | 'supplement_within_3_days' | 'apology' | 'refusal_after_appraisal' | 'withdraw' | 'fees';

export interface LegalFramework {
  /** First day (Vietnam date, yyyy-mm-dd) of dossiers received under this framework. */
  from: string;
  decree: string;
  circular: string | null;
  /** Article of the decree per provision; absent: cite the decree alone. */
  articles: Partial<Record<Provision, string>>;
}

const ARTICLES_61: LegalFramework['articles'] = {
  supplement_once: 'Điều 19 khoản 4',
  supplement_within_3_days: 'Điều 19 khoản 4',
  apology: 'Điều 19 khoản 9',
  refusal_after_appraisal: 'Điều 19',
  withdraw: 'Điều 19',
  fees: 'Điều 22',
};

export const LEGAL_FRAMEWORKS: readonly LegalFramework[] = [
  { from: '2018-06-21', decree: 'Nghị định 61/2018/NĐ-CP', circular: 'Thông tư 01/2018/TT-VPCP', articles: ARTICLES_61 },
  { from: '2021-12-06', decree: 'Nghị định 61/2018/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP)', circular: 'Thông tư 01/2018/TT-VPCP', articles: ARTICLES_61 },
  { from: '2025-07-01', decree: 'Nghị định 118/2025/NĐ-CP', circular: 'Thông tư 03/2025/TT-VPCP', articles: { withdraw: 'Điều 21', fees: 'Điều 24' } },
];

/** The Vietnam calendar day of an instant. */
export function vnDay(at: string | Date): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(t + 7 * 3_600_000).toISOString().slice(0, 10);
}

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
export function lawDayOf(state: { receivedAt?: string | null; submittedAt?: string | null } | null, fallback?: string | Date): string {
  const at = state?.receivedAt ?? state?.submittedAt ?? fallback;
  return at ? vnDay(at) : '9999-12-31';
}

/** "Nghị định 118/2025/NĐ-CP" or "Nghị định 61/2018/NĐ-CP Điều 19 khoản 4": the provision as it applied that day. */
export function cite(provision: Provision, day: string): string {
  const f = frameworkOn(day);
  const art = f.articles[provision];
  return art ? `${f.decree} ${art}` : f.decree;
}
