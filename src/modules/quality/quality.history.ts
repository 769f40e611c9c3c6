/**
 * Two independent ways to learn what QĐ 766 needs about a dossier (pure):
 *  - from its snapshot (`dossier.state`, written by the dossier service): the incremental path;
 *  - by folding its append-only action log (`dossier_action`): the full recomputation.
 * The equality test runs both on every dossier and compares the resulting facts and counters.
 */
import { chooseFees, type FeeLine } from '../catalog/catalog.public.js';
import type { LogAction, SnapshotInput } from '../dossiers/dossiers.public.js';
import type { DossierHistory } from './quality.rules.js';

const d = (v: unknown): Date | null => (typeof v === 'string' && v ? new Date(v) : v instanceof Date ? v : null);

/** Net amount of a payment request: each line's `due` (after the reduction) where priced, else its amount. */
export const netFees = (items: unknown): number =>
  Array.isArray(items)
    ? items.reduce((s: number, f) => s + (Number((f as { due?: unknown; amount?: unknown }).due ?? (f as { amount?: unknown }).amount) || 0), 0)
    : 0;

/**
 * The financial obligation before any payment request (a fee collected at the counter at intake):
 * the catalogue lines of the dossier's case that apply to the applicant (`chooseFees`: one line per
 * alternative group, exemptions and reduced rates by the applicant's declared groups). An amount the
 * catalogue leaves to the province's council (null) is an obligation of unknown amount.
 */
export function catalogueObligation(caseFees: readonly FeeLine[] | null, groups: readonly string[]): { total: number; unknown: boolean } {
  if (!caseFees?.length) return { total: 0, unknown: false };
  const chosen = chooseFees(caseFees, { groups });
  return { total: chosen.indexes.reduce((s, i) => s + (caseFees[i].amountVnd ?? 0), 0), unknown: chosen.unknownAmount.length > 0 };
}

/** The net amount due: what the payment requests ask when there is one, else the catalogue obligation. */
function feeOf(s: SnapshotInput, requested: number | null): { feeTotal: number; feeAmountUnknown: boolean } {
  if (requested !== null) return { feeTotal: requested, feeAmountUnknown: false };
  const c = catalogueObligation(s.caseFees, s.applicantGroups);
  return { feeTotal: c.total, feeAmountUnknown: c.unknown };
}

/** A result name in the catalogue = the procedure returns a document (văn bản, giấy tờ). */
export const returnsDocument = (resultName: string | null): boolean => !!resultName && resultName.trim().length > 0 && !/^không\b/i.test(resultName.trim());

function statics(s: SnapshotInput) {
  const comps = s.components ?? [];
  return {
    dossierId: s.id,
    code: s.code,
    procedureCode: s.procedureCode,
    channel: s.channel,
    allDigitised: comps.length > 0 && comps.every((c) => c.digitised === true),
    reused: comps.some((c) => typeof c.reusedFrom === 'string' && c.reusedFrom.length > 0),
    fullOnlineEligible: s.onlineLevel === 'full',
    returnsDocument: returnsDocument(s.resultName),
  };
}

interface StateShape {
  receivedAt?: string | null;
  leadAgencyId?: string | null;
  appointment?: { original?: string | null };
  pausedIntervals?: { clocks?: string[]; from: string; to: string | null }[];
  processingEndedAt?: string | null;
  supplements?: { phase?: string }[];
  payments?: { items?: unknown; paidOnline?: boolean | null }[];
  result?: { fileId?: string | null } | null;
}

export function historyFromSnapshot(s: SnapshotInput): DossierHistory {
  const st = s.state as StateShape;
  return {
    ...statics(s),
    agencyId: st.leadAgencyId ?? s.leadAgencyId ?? s.receivingAgencyId,
    receivedAt: d(st.receivedAt),
    appointmentOriginal: d(st.appointment?.original),
    pauses: (st.pausedIntervals ?? []).filter((p) => (p.clocks ?? []).includes('qd766')).map((p) => ({ from: new Date(p.from), to: d(p.to) })),
    endedAt: d(st.processingEndedAt),
    processingSupplements: (st.supplements ?? []).filter((x) => x.phase === 'processing').length,
    ...feeOf(s, st.payments?.length ? st.payments.reduce((sum, p) => sum + netFees(p.items), 0) : null),
    paidOnline: (st.payments ?? []).some((p) => p.paidOnline === true),
    hasResult: !!st.result,
    resultFile: !!st.result?.fileId,
  };
}

/** Folds the action log (ordered by seq) of one dossier; `s` gives only the columns the log does not carry. */
export function historyFromLog(s: SnapshotInput, actions: readonly LogAction[]): DossierHistory {
  let receivedAt: Date | null = null;
  let appointment: Date | null = null;
  let lead: string | null = null;
  let endedAt: Date | null = null;
  let supplements = 0;
  let requested: number | null = null;
  let paidOnline = false;
  let hasResult = false;
  let resultFile = false;
  const pauses: { reason: 'supplement' | 'payment'; from: Date; to: Date | null }[] = [];
  const close = (reason: 'supplement' | 'payment' | 'any', at: Date) => {
    for (const p of pauses) if (p.to === null && (reason === 'any' || p.reason === reason)) p.to = at;
  };
  for (const a of actions) {
    const p = a.payload;
    switch (a.type) {
      case 'receive':
        receivedAt = d(p.receivedAt) ?? a.at;
        appointment = d(p.appointment);
        break;
      case 'supplement_received':
        if (a.toStatus === 2) {
          receivedAt = a.at;
          appointment = d(p.newAppointment);
        }
        close('supplement', a.at);
        break;
      case 'forward':
        lead = typeof p.toAgencyId === 'string' ? p.toAgencyId : lead;
        break;
      case 'request_supplement':
        supplements++;
        pauses.push({ reason: 'supplement', from: a.at, to: null });
        break;
      case 'request_payment':
        requested = (requested ?? 0) + netFees(p.items);
        pauses.push({ reason: 'payment', from: a.at, to: null });
        break;
      case 'payment_received':
        if (p.paidOnline === true) paidOnline = true;
        close('payment', a.at);
        break;
      case 'withdraw':
      case 'supplement_timeout_stop':
      case 'refuse':
        close('any', a.at);
        break;
      case 'result_ready':
        hasResult = true;
        resultFile = typeof p.fileId === 'string' && p.fileId.length > 0;
        break;
    }
    if (endedAt === null && a.events.some((e) => e.type === 'clock' && e.clock === 'qd766' && e.effect === 'stop')) endedAt = a.at;
  }
  return {
    ...statics(s),
    agencyId: lead ?? s.receivingAgencyId,
    receivedAt,
    appointmentOriginal: appointment,
    pauses: pauses.map((x) => ({ from: x.from, to: x.to })),
    endedAt,
    processingSupplements: supplements,
    ...feeOf(s, requested),
    paidOnline,
    hasResult,
    resultFile,
  };
}
