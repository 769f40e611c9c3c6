import type { Executor } from '../../platform/db/database.js';

/**
 * What the dossiers module needs from the procedure catalogue, as a port: the composition root
 * wires it to catalog.public.ts. A dossier keeps the procedure version it was received under.
 */
export interface ProcedureDuration {
  amount: number;
  unit: 'working_days' | 'working_hours' | 'calendar_days';
  text?: string | null;
}

export interface ProcedureCase {
  key: string;
  name: string;
  time: ProcedureDuration;
  onlineTime?: ProcedureDuration | null;
  fees: {
    name: string;
    amountVnd: number | null;
    onlineReductionPercent: number | null;
    alternativeGroup?: string | null;
    appliesTo?: string[] | null;
    onRequest?: boolean;
  }[];
  workflow?: { steps: { name: string; role: string; canSendBack: boolean; interAgency: boolean; agency: { kind: string; id?: string | null } }[] } | null;
}

export interface ProcedureVersionView {
  id: string;
  code: string;
  name: string;
  field: string;
  onlineLevel: 'full' | 'partial' | 'none';
  competentAgency: { kind: string; id?: string | null } | null;
  cases: ProcedureCase[];
  components: { name: string; originals: number; copies: number; required: boolean; replaceableByData: string | null }[];
  resultName: string;
}

export interface ProcedureSource {
  /** The version in force at `at` (published, effective), or null. */
  current(code: string, at: Date, x?: Executor): Promise<ProcedureVersionView | null>;
  byId(versionId: string, x?: Executor): Promise<ProcedureVersionView | null>;
}

/**
 * The province's reduction for online dossiers in force on a day (percent, or null): owned by the
 * payments module (fee_online_policy), wired by dossiers.module.ts through payments.public.ts.
 */
export interface FeePolicySource {
  onlineReductionPercent(procedureCode: string, day: string, x?: Executor): Promise<number | null>;
}

/**
 * Digital signatures of results (issue 19), wired to the signatures module in dossiers.module.ts:
 * the approving leader's signature on the result file, and the verdicts of uploaded PDFs. Absent
 * (the demo seed, rule tests) = results are not signed and an electronic return is not checked.
 */
export interface DossierSigning {
  /** Signs the dossier's result file (a PDF) as `actor`; stores the signed copy and answers its file id. */
  signResult(x: { ctx: import('../../platform/context.js').RequestContext; dossierId: string; fileId: string; decisionNumber: string }): Promise<string>;
  /** Whether the file carries a valid signature (by its stored verdict). */
  isValidlySigned(dossierId: string, fileId: string): Promise<boolean>;
  /** Stored verdicts of files by SHA-256 (PDFs checked at upload). */
  verdicts(hashes: string[]): Promise<Map<string, { status: string; verdict: string }>>;
}

/**
 * Issues the written refusal after appraisal (issue 18 §2): renders the PDF on the form in force for
 * the dossier, numbers it, seals it for the agency and stores the bytes; answers its number and the
 * file row (kind `result`) the service writes together with the change.
 */
export type WrittenRefusalIssuer = (x: {
  ctx: import('../../platform/context.js').RequestContext;
  dossier: import('./dossiers.repo.js').DossierRow;
  reason: string;
  at: Date;
  lawDay: string;
}) => Promise<{
  number: string;
  file: Omit<import('./dossiers.repo.js').FileRow, 'uploadedAt'> & { uploadedBy: string | null };
}>;
