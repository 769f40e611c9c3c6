/**
 * Two independent ways to learn what QĐ 766 needs about a dossier (pure):
 *  - from its snapshot (`dossier.state`, written by the dossier service): the incremental path;
 *  - by folding its append-only action log (`dossier_action`): the full recomputation.
 * The equality test runs both on every dossier and compares the resulting facts and counters.
 */
import type { LogAction, SnapshotInput } from './quality.repo.js';
import type { DossierHistory } from './quality.rules.js';

const d = (v: unknown): Date | null => (typeof v === 'string' && v ? new Date(v) : v instanceof Date ? v : null);
const sumFees = (items: unknown): number => (Array.isArray(items) ? items.reduce((s: number, f) => s + (Number((f as { amount?: unknown }).amount) || 0), 0) : 0);

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
    feeTotal: (st.payments ?? []).reduce((sum, p) => sum + sumFees(p.items), 0),
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
  let feeTotal = 0;
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
        feeTotal += sumFees(p.items);
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
    feeTotal,
    paidOnline,
    hasResult,
    resultFile,
  };
}
