/**
 * The types of the dossier lifecycle: statuses, the snapshot (DossierState), actions, the decision
 * context, events and decisions, and the transition table's row. The pure rules that use them are in
 * dossiers.rules.ts, which re-exports every type here (importers may use either file).
 */
import type { Role } from '../../platform/context.js';
import type { LawRef } from './legal-basis.js';

// ---------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------

/** An ISO-8601 instant with offset or `Z`. */
export type Instant = string;

/** The national status codes 1–10 (STATUS_CODES in dossiers.rules.ts lists them). */
export type StatusCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** The national portal's slugs for the same states (dossier-lifecycle.md). */
export type PortalSlug = 'receiving' | 'new' | 'denied' | 'processing' | 'waiting' | 'paying' | 'cancelled' | 'unresolved' | 'releasing' | 'done';

export interface StatusInfo {
  code: StatusCode;
  nameVi: string;
  slug: PortalSlug;
  /** No action is accepted any more. */
  terminal: boolean;
}

// ---------------------------------------------------------------------------------------------
// Snapshot
// ---------------------------------------------------------------------------------------------

/** Submission channel (Điều 16): at the one-stop counter, by public postal service, online. */
export type Channel = 'counter' | 'online' | 'post';
/** How the result is handed back (Điều 20): at the counter, by post, electronically. */
export type ReturnChannel = 'counter' | 'post' | 'electronic';
/**
 * Why status 5 was entered: guidance by the one-stop section before receipt (Điều 17, the clock
 * has not started) or a request by the processing agency during processing (Điều 19 khoản 4).
 */
export type SupplementPhase = 'pre_receipt' | 'processing';

export type ClockName = 'legal' | 'qd766';
export type ClockStatus = 'not_started' | 'running' | 'paused' | 'stopped';
/**
 * What an action does to a clock:
 *  - start: begins counting (at receipt of the complete dossier);
 *  - pause: stops counting, keeping the elapsed time;
 *  - resume: continues from the elapsed time (QĐ 766: the waiting interval is subtracted);
 *  - restart: continues from ZERO (Điều 19 khoản 4: the legal time limit is counted again from the
 *    receipt of the complete dossier; a new appointment is set);
 *  - stop: processing has ended (end of processing for QĐ 766, §1.4);
 *  - none: no effect.
 */
export type ClockEffect = 'none' | 'start' | 'pause' | 'resume' | 'restart' | 'stop';

export interface Assignee {
  departmentId: string | null;
  officerId: string | null;
}

/** One level of liên thông: where the dossier was when it was transferred to another agency. */
export interface TransferFrame {
  agencyId: string;
  step: number | null;
  assignee: Assignee | null;
  agencyReceivedAt: Instant | null;
  transferredAt: Instant;
  toAgencyId: string;
  task: string;
  dueAt: Instant | null;
}

export interface SupplementRecord {
  phase: SupplementPhase;
  /** The agency that asked (the receiving agency for pre-receipt guidance). */
  agencyId: string;
  requestedAt: Instant;
  requestedBy: string | null;
  reason: string;
  items: readonly string[];
  /** Deadline given to the applicant, if any. */
  deadline: Instant | null;
  receivedAt: Instant | null;
  receivedBy: string | null;
  /** The appointment in force when the request was made, and the one set on receipt. */
  appointmentBefore: Instant | null;
  appointmentAfter: Instant | null;
}

export interface FeeItem {
  name: string;
  /** Amount in VND (integer), as in the catalogue. */
  amount: number;
  /** Reduction for an online dossier (percent; 0 or absent when none). */
  reductionPercent?: number;
  /** What the applicant pays for the line (VND) — THE amount, shown everywhere; absent on requests made before it existed (= amount). */
  due?: number;
}

export interface PaymentRecord {
  requestedAt: Instant;
  requestedBy: string | null;
  items: readonly FeeItem[];
  paidAt: Instant | null;
  /** True when paid through the online payment function (QĐ 766 payment indicator). */
  paidOnline: boolean | null;
}

export interface PausedInterval {
  reason: 'supplement' | 'payment';
  /** Clocks that do not count during the interval. */
  clocks: readonly ClockName[];
  from: Instant;
  to: Instant | null;
}

export interface ApologyRecord {
  at: Instant;
  by: string | null;
  /** The agency at fault (Điều 19 khoản 9). */
  agencyId: string;
  reason: string;
  previousAppointment: Instant;
  newAppointment: Instant;
}

export interface ResultRecord {
  readyAt: Instant;
  decisionNumber: string;
  signer: string;
  /** Calendar date of signature, YYYY-MM-DD. */
  signedOn: string;
  fileId: string | null;
  agencyId: string;
}

export interface ReturnRecord {
  at: Instant;
  channel: ReturnChannel;
  /** Who took the result (name), or the address/e-mail it was sent to. */
  receivedBy: string;
  trackingNumber: string | null;
  by: string | null;
}

/** How a terminal state other than 10 was reached. */
export interface ClosureRecord {
  kind: 'refused' | 'withdrawn' | 'stopped' | 'supplement_timeout';
  at: Instant;
  by: string | null;
  reason: string;
  reference: string | null;
  /** A refusal after appraisal: the written refusal stating the reasons, entered as the result. */
  document?: { number: string; fileId: string } | null;
}

export interface DossierState {
  status: StatusCode;
  channel: Channel;
  /** The one-stop section (its agency) that receives and returns. */
  receivingAgencyId: string;
  submittedAt: Instant | null;
  /** Receipt of the complete dossier: the legal clock starts here. */
  receivedAt: Instant | null;
  /** Lead processing agency (cơ quan chủ trì), set on forward. */
  leadAgencyId: string | null;
  /** The agency holding the dossier now (the lead, or a liên thông partner). */
  currentAgencyId: string | null;
  /** When the current agency received it — the 3-working-day supplement window runs from here. */
  currentAgencyReceivedAt: Instant | null;
  /** Index into the current agency's workflow steps (catalog). */
  currentStep: number | null;
  assignee: Assignee | null;
  /** Liên thông: frames to return to, innermost last. */
  transferStack: readonly TransferFrame[];
  /** Every processing agency that has held the dossier, in order of first arrival. */
  involvedAgencyIds: readonly string[];
  /** Set while status = 5. */
  supplementPhase: SupplementPhase | null;
  /** Processing-phase supplementation requests per agency (at most 1, Điều 19 khoản 4). */
  supplementCountByAgency: Readonly<Record<string, number>>;
  supplements: readonly SupplementRecord[];
  payments: readonly PaymentRecord[];
  pausedIntervals: readonly PausedInterval[];
  clocks: Readonly<Record<ClockName, ClockStatus>>;
  /** When the legal clock last started or restarted from zero. */
  legalClockStartedAt: Instant | null;
  /**
   * `original`: the appointment on the receipt voucher. `current`: the one in force (changed by a
   * supplement restart, a payment pause or an apology). The original is never overwritten.
   */
  appointment: { original: Instant | null; current: Instant | null };
  apology: ApologyRecord | null;
  result: ResultRecord | null;
  returnInfo: ReturnRecord | null;
  closure: ClosureRecord | null;
  /** QĐ 766 "end of processing": first of result ready, stop, supplement timeout, withdrawal. */
  processingEndedAt: Instant | null;
}

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

/**
 * Every action carries the facts the service computed with the calendar module. Comments say
 * how to compute them; `decide` only checks them.
 */
export type Action =
  /** Online submission (via the national portal since 01/07/2025). ∅ → 1. */
  | { type: 'submit_online'; receivingAgencyId: string; submittedAt?: Instant }
  /**
   * Receipt of a complete dossier: 1 → 2, or counter/postal intake ∅ → 2 (the actor's agency is
   * the receiving agency). `appointment` = addWorking(cal, receivedAt, procedure time limit).
   * `receivedAt` defaults to ctx.now; for an online dossier submitted outside office hours the
   * service passes the start of the next working period (legal-research.md §2.10).
   */
  | { type: 'receive'; appointment: Instant; receivedAt?: Instant; channel?: 'counter' | 'post' }
  /** Refusal at intake with reasons (Phiếu từ chối tiếp nhận): 1 → 3, 5(pre-receipt) → 3, ∅ → 3. */
  | { type: 'refuse'; reason: string; channel?: 'counter' | 'post' }
  /**
   * Guidance to complete the dossier before receipt, once and completely (Điều 15 khoản 3,
   * Điều 17): 1 → 5. The clock has not started. `deadline` optional.
   */
  | { type: 'guide_supplement_before_receipt'; reason: string; items: readonly string[]; deadline?: Instant | null }
  /** Forward to the processing (lead) agency (Điều 18): 2 → 4. */
  | { type: 'forward'; toAgencyId: string }
  /** Head assigns a department/officer (Điều 19 khoản 1): 4 → 4. */
  | { type: 'assign'; departmentId: string | null; officerId: string | null }
  /**
   * Next workflow step of the current agency: 4 → 4. `note` is the specialist's opinion or
   * proposal handed to the next step (ý kiến, đề xuất), kept in the action log.
   */
  | { type: 'next_step'; assignee?: Assignee | null; note?: string }
  /** Back to an earlier step, when the current step allows it: 4 → 4. */
  | { type: 'send_back'; toStep: number; reason: string; assignee?: Assignee | null }
  /** Liên thông to another agency (Điều 19 khoản 5–6): 4 → 4. `dueAt` = that agency's budget. */
  | { type: 'transfer'; toAgencyId: string; task: string; dueAt?: Instant | null }
  /** The liên thông partner hands back to the agency that transferred: 4 → 4. */
  | { type: 'transfer_return'; note?: string }
  /**
   * Request by the processing agency to supplement (Điều 19 khoản 4): 4 → 5; once per agency.
   * `withinThreeWorkingDays` = now ≤ addWorking(cal, state.currentAgencyReceivedAt, 3, 'day')
   * (or the specialised-law limit). `deadline` = the period given to the applicant, if any.
   */
  | {
      type: 'request_supplement';
      reason: string;
      items: readonly string[];
      withinThreeWorkingDays: boolean;
      deadline?: Instant | null;
    }
  /**
   * The complete supplement arrives. Pre-receipt (5 → 2): it is a receipt; `newAppointment` =
   * addWorking(cal, now, time limit). Processing (5 → 4): the legal limit restarts from zero,
   * `newAppointment` = addWorking(cal, now, full time limit) (Điều 19 khoản 4).
   */
  | { type: 'supplement_received'; newAppointment: Instant }
  /** The applicant did not supplement in time: 5(processing) → 8. `deadlinePassed` = now > deadline. */
  | { type: 'supplement_timeout_stop'; deadlinePassed: boolean; reason?: string }
  /** Financial obligation (fees, taxes): 4 → 6; both clocks pause. */
  | { type: 'request_payment'; items: readonly FeeItem[] }
  /**
   * Paid: 6 → 4; both clocks resume. `newAppointment` = current appointment moved by the paused
   * working time (addWorking(cal, appointment, workingTimeBetween(pausedFrom, now))), or null to
   * keep it.
   */
  | { type: 'payment_received'; paidOnline: boolean; newAppointment?: Instant | null }
  /**
   * Withdrawal at the applicant's written request (Nghị định 118/2025 Điều 21; Thông tư 03/2025
   * Điều 7): any open state before a result exists → 7.
   */
  | { type: 'withdraw'; reason: string; reference?: string | null }
  /** Not eligible; a letter with reasons is the result (Điều 19, refusal after appraisal): 4 → 8. */
  | { type: 'stop'; reason: string; reference?: string | null; document?: { number: string; fileId: string } | null }
  /** Result signed and ready: 4 → 9. */
  | { type: 'result_ready'; decisionNumber: string; signer: string; signedOn: string; fileId?: string | null }
  /** Result handed back (Điều 20): 9 → 10. */
  | { type: 'return_result'; channel: ReturnChannel; receivedBy: string; trackingNumber?: string | null }
  /**
   * Written apology with a new appointment by the agency at fault (Điều 19 khoản 9): no status
   * change, only once. `atLeastOneWorkingDayBefore` = addWorking(cal, now, 1, 'day') ≤
   * appointment.current (the service decides the exact reading; see report).
   */
  | { type: 'apologise'; reason: string; newAppointment: Instant; atLeastOneWorkingDayBefore: boolean };

export type ActionType = Action['type'];

// ---------------------------------------------------------------------------------------------
// Context, events, decision
// ---------------------------------------------------------------------------------------------

/** `system`: an automated actor (national-portal intake, payment gateway callback). */
export type ActorRole = Role | 'system';

export interface WorkflowStepInfo {
  name: string;
  /** The workflow lets this step send the dossier back to an earlier step. */
  allowsSendBack: boolean;
}

export interface DecideContext {
  actorRoles: readonly ActorRole[];
  actorAgencyId: string | null;
  actorId?: string | null;
  /** For citizens: the actor is the dossier's applicant (or their authorised person). */
  actorIsApplicant?: boolean;
  now: Instant;
  /** Steps of the CURRENT agency's workflow for this procedure (catalog). */
  workflow?: { steps: readonly WorkflowStepInfo[] } | null;
}

export type ActorContext = Omit<DecideContext, 'now'>;

export type DocumentForm = 'receipt' | 'supplement_request' | 'refusal' | 'apology' | 'stop_notice';

export interface Holder {
  kind: 'applicant' | 'one_stop' | 'agency';
  agencyId: string | null;
  step: number | null;
  assignee: Assignee | null;
}

export type HandoverKind =
  | 'receive'
  | 'forward'
  | 'assign'
  | 'next_step'
  | 'send_back'
  | 'transfer'
  | 'transfer_return'
  | 'supplement_request'
  | 'supplement_received'
  | 'result_ready'
  | 'result_returned';

export type AppointmentChangeReason = 'receipt' | 'supplement_restart' | 'payment_pause' | 'apology';

export type DossierEvent =
  | { type: 'status_changed'; at: Instant; from: StatusCode | null; to: StatusCode }
  | { type: 'clock'; at: Instant; clock: ClockName; effect: Exclude<ClockEffect, 'none'> }
  | {
      type: 'appointment_changed';
      at: Instant;
      reason: AppointmentChangeReason;
      previous: Instant | null;
      current: Instant;
    }
  /** A row of the Phiếu kiểm soát quá trình giải quyết hồ sơ; the service adds due/on-time. */
  | { type: 'handover'; at: Instant; kind: HandoverKind; from: Holder; to: Holder }
  /** A form to issue (Thông tư 03/2025 Phụ lục I). */
  | { type: 'document'; at: Instant; form: DocumentForm }
  | { type: 'notify_applicant'; at: Instant; topic: ActionType };

export type FailureCode =
  | 'illegal_transition'
  | 'forbidden_role'
  | 'wrong_agency'
  | 'not_applicant'
  | 'invalid_input'
  | 'reason_required'
  | 'invalid_appointment'
  | 'supplement_items_required'
  | 'supplement_already_requested'
  | 'supplement_request_too_late'
  | 'supplement_deadline_not_passed'
  | 'apology_already_issued'
  | 'apology_too_late'
  | 'no_appointment'
  | 'workflow_required'
  | 'no_next_step'
  | 'not_last_step'
  | 'send_back_not_allowed'
  | 'invalid_step'
  | 'invalid_transfer_target'
  | 'no_transfer_pending'
  | 'transfer_pending';

export type Decision =
  { ok: true; next: DossierState; events: DossierEvent[]; law: string } | { ok: false; code: FailureCode; detail: string; httpStatus: 400 | 403 | 409 | 422 };

// ---------------------------------------------------------------------------------------------
// The transition table
// ---------------------------------------------------------------------------------------------

/** Where a transition starts: no dossier yet (null), a status, or status 5 in a given phase. */
export type FromState = null | Exclude<StatusCode, 5> | { status: 5; phase: SupplementPhase };

export interface TransitionRule {
  action: ActionType;
  from: FromState;
  /** `same` = no status change. */
  to: StatusCode | 'same';
  /** Phase of status 5 entered, when `to` is 5. */
  toPhase?: SupplementPhase;
  roles: readonly ActorRole[];
  clocks: Readonly<Record<ClockName, ClockEffect>>;
  /** The provision applied; cited as in force for the dossier by `lawText` (legal-basis.ts). */
  law: LawRef;
}
