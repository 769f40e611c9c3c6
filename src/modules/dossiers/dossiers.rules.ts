/**
 * The one-stop dossier lifecycle as an explicit, pure state machine (no I/O, no clock reads, no
 * calendar arithmetic). The service loads the snapshot, computes the time facts listed on each
 * action (appointments, "within 3 working days", "at least one working day before"), calls
 * `decide`, and in ONE transaction writes the action-log row, the new snapshot and the outbox rows
 * the events call for (documents, notifications, national sync).
 *
 * Legal basis (summarised in docs/dossiers.md and docs/legal-basis.md):
 *  - the one-stop decree and circular in force on the day the dossier was received, from ONE table by effective date
 *    (legal-basis.ts). The 2025 framework keeps the same mechanisms; "Điều n" below is the article
 *    of the earlier decree's structure (the research read that text), used only to explain a
 *    rule. What a message or the action log cites comes from legal-basis.ts for THAT dossier.
 *  - National status codes 1–10 and portal slugs: the national portal's dossier sync specification (STATUSES below).
 *  - Quyết định 766/QĐ-TTg for the index clock (docs/quality.md).
 *
 * Time values are ISO-8601 instants (`Instant`, e.g. "2026-11-23T01:00:00.000Z"); they are
 * compared as instants, never as strings.
 *
 * What the service computes with the calendar module and passes in (this file never does
 * deadline arithmetic):
 *  - receive / supplement_received: `appointment` = addWorking(cal, receivedAt, time limit of
 *    the procedure case) — after a processing-phase supplement, the FULL limit again from the
 *    moment the complete dossier arrives (Điều 19 khoản 4);
 *  - receive: `receivedAt` for online dossiers submitted outside office hours = start of the next
 *    working period (legal-research.md §2.10);
 *  - request_supplement: `withinThreeWorkingDays` = now ≤ addWorking(cal,
 *    state.currentAgencyReceivedAt, 3 working days);
 *  - supplement_timeout_stop: `deadlinePassed` = now > the deadline stated to the applicant;
 *  - payment_received: `newAppointment` = the current appointment moved by the working time spent
 *    waiting (both clocks pause);
 *  - apologise: `atLeastOneWorkingDayBefore` = addWorking(cal, now, 1 working day) ≤
 *    state.appointment.current; `newAppointment` chosen by the agency at fault;
 *  - QĐ 766 timeliness: elapsed working time from `receivedAt` to `processingEndedAt` minus the
 *    `pausedIntervals` whose `clocks` include 'qd766', compared with `appointment.original`
 *    (or the procedure's limit); a dossier with more than one processing supplement counts late.
 */
import { cite, lawDayOf, lawText, vnDay, type LawRef } from './legal-basis.js';
import { AppError } from '../../platform/errors.js';
import type {
  Action,
  ActionType,
  ActorContext,
  ActorRole,
  Channel,
  ClockEffect,
  ClockName,
  ClockStatus,
  Decision,
  DecideContext,
  DossierEvent,
  DossierState,
  FailureCode,
  FeeItem,
  FromState,
  Holder,
  Instant,
  PausedInterval,
  PaymentRecord,
  StatusCode,
  StatusInfo,
  SupplementPhase,
  SupplementRecord,
  TransferFrame,
  TransitionRule,
} from './dossiers.types.js';

// The types live in dossiers.types.ts; importers of this file keep getting them from here.
export type * from './dossiers.types.js';

type Failure = Extract<Decision, { ok: false }>;
import type { ErrorCode } from '../../platform/error-codes.js';

// ---------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------

export const STATUS_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const satisfies readonly StatusCode[];

export const STATUSES: Readonly<Record<StatusCode, StatusInfo>> = {
  1: { code: 1, nameVi: 'Mới đăng ký', slug: 'receiving', terminal: false },
  2: { code: 2, nameVi: 'Được tiếp nhận', slug: 'new', terminal: false },
  3: { code: 3, nameVi: 'Không được tiếp nhận', slug: 'denied', terminal: true },
  4: { code: 4, nameVi: 'Đang xử lý', slug: 'processing', terminal: false },
  5: { code: 5, nameVi: 'Yêu cầu bổ sung giấy tờ', slug: 'waiting', terminal: false },
  6: { code: 6, nameVi: 'Yêu cầu thực hiện nghĩa vụ tài chính', slug: 'paying', terminal: false },
  7: { code: 7, nameVi: 'Công dân yêu cầu rút hồ sơ', slug: 'cancelled', terminal: true },
  8: { code: 8, nameVi: 'Dừng xử lý', slug: 'unresolved', terminal: true },
  9: { code: 9, nameVi: 'Đã xử lý xong', slug: 'releasing', terminal: false },
  10: { code: 10, nameVi: 'Đã trả kết quả', slug: 'done', terminal: true },
};

export const TERMINAL_STATUSES: readonly StatusCode[] = STATUS_CODES.filter((c) => STATUSES[c].terminal);

export function isStatusCode(n: unknown): n is StatusCode {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10;
}

export function isTerminal(code: StatusCode): boolean {
  return STATUSES[code].terminal;
}

export function statusFromSlug(slug: string): StatusCode | null {
  const hit = STATUS_CODES.find((c) => STATUSES[c].slug === slug);
  return hit ?? null;
}

/**
 * How the applicant asked to receive the result (the e-form's "Hình thức nhận kết quả"): the
 * default of "Trả kết quả". Null when the applicant did not say.
 */
export function chosenReturnChannel(formData: Readonly<Record<string, unknown>>): 'counter' | 'post' | 'electronic' | null {
  const v = formData.hinhThucNhanKetQua;
  if (typeof v !== 'string') return null;
  const k = v.normalize('NFC').toLowerCase();
  if (k.includes('điện tử') || k.includes('trực tuyến')) return 'electronic';
  if (k.includes('bưu chính') || k.includes('bưu điện')) return 'post';
  if (k.includes('trực tiếp')) return 'counter';
  return null;
}

/** What the applicant pays for a payment request: the sum of the lines' due amounts. */
export const paymentDue = (items: readonly FeeItem[]): number => items.reduce((s, i) => s + (i.due ?? i.amount), 0);

export const ACTION_TYPES: readonly ActionType[] = [
  'submit_online',
  'receive',
  'refuse',
  'guide_supplement_before_receipt',
  'forward',
  'assign',
  'next_step',
  'send_back',
  'transfer',
  'transfer_return',
  'request_supplement',
  'supplement_received',
  'supplement_timeout_stop',
  'request_payment',
  'payment_received',
  'withdraw',
  'stop',
  'result_ready',
  'return_result',
  'apologise',
];

export const ACTION_NAMES_VI: Readonly<Record<ActionType, string>> = {
  submit_online: 'Nộp hồ sơ trực tuyến',
  receive: 'Tiếp nhận hồ sơ',
  refuse: 'Từ chối tiếp nhận hồ sơ',
  guide_supplement_before_receipt: 'Hướng dẫn bổ sung, hoàn thiện hồ sơ',
  forward: 'Chuyển hồ sơ đến cơ quan giải quyết',
  assign: 'Phân công xử lý',
  next_step: 'Chuyển bước xử lý',
  send_back: 'Trả lại bước trước',
  transfer: 'Chuyển liên thông',
  transfer_return: 'Trả kết quả liên thông',
  request_supplement: 'Yêu cầu bổ sung hồ sơ',
  supplement_received: 'Tiếp nhận hồ sơ bổ sung',
  supplement_timeout_stop: 'Dừng xử lý do không bổ sung hồ sơ',
  request_payment: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  payment_received: 'Xác nhận đã thực hiện nghĩa vụ tài chính',
  withdraw: 'Rút hồ sơ',
  stop: 'Dừng xử lý hồ sơ',
  result_ready: 'Có kết quả giải quyết',
  return_result: 'Trả kết quả',
  apologise: 'Xin lỗi và hẹn lại ngày trả kết quả',
};

// ---------------------------------------------------------------------------------------------
// The transition table
// ---------------------------------------------------------------------------------------------

const ONE_STOP: readonly ActorRole[] = ['one_stop_officer'];
const PROCESSORS: readonly ActorRole[] = ['specialist', 'unit_leader'];
const NONE = { legal: 'none', qd766: 'none' } as const;
const BOTH = (e: ClockEffect) => ({ legal: e, qd766: e });
const PRE = { status: 5, phase: 'pre_receipt' } as const;
const PROC = { status: 5, phase: 'processing' } as const;

function rule(
  action: ActionType,
  from: FromState,
  to: StatusCode | 'same',
  roles: readonly ActorRole[],
  clocks: Readonly<Record<ClockName, ClockEffect>>,
  law: LawRef,
  toPhase?: SupplementPhase,
): TransitionRule {
  return toPhase ? { action, from, to, toPhase, roles, clocks, law } : { action, from, to, roles, clocks, law };
}

const WITHDRAW_ROLES: readonly ActorRole[] = ['citizen', 'one_stop_officer'];
const WITHDRAW_LAW: LawRef = { provision: 'withdraw', note: 'chưa có kết quả giải quyết' };
const INTAKE_REFUSAL: LawRef = { provision: 'refuse_intake', form: 'Mẫu 03' };
const INTERAGENCY: LawRef = { provision: 'interagency', note: 'liên thông' };
const APOLOGY: LawRef = { provision: 'apology', form: 'Mẫu 04' };

/**
 * Every legal transition. Anything not listed is `illegal_transition`. Terminal states (3, 7, 8,
 * 10) have no outgoing row. `law` names the provision; the decree and article cited are those in
 * force for the dossier (legal-basis.ts, `lawText`), written in the action log.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  rule('submit_online', null, 1, ['citizen', 'system'], NONE, { provision: 'receive_online', also: 'NĐ 45/2020 Điều 11' }),
  rule('receive', null, 2, ONE_STOP, BOTH('start'), { provision: 'receive_direct', note: 'tiếp nhận trực tiếp, bưu chính' }),
  rule('receive', 1, 2, ONE_STOP, BOTH('start'), { provision: 'receive_online', note: 'hồ sơ trực tuyến' }),
  rule('refuse', null, 3, ONE_STOP, NONE, INTAKE_REFUSAL),
  rule('refuse', 1, 3, ONE_STOP, NONE, INTAKE_REFUSAL),
  rule('refuse', PRE, 3, ONE_STOP, NONE, { ...INTAKE_REFUSAL, note: 'không bổ sung sau hướng dẫn' }),
  rule('guide_supplement_before_receipt', 1, 5, ONE_STOP, NONE, { provision: 'guide_supplement', form: 'Mẫu 02' }, 'pre_receipt'),
  rule('supplement_received', PRE, 2, ONE_STOP, BOTH('start'), { provision: 'receive_completed', note: 'tiếp nhận hồ sơ đã hoàn thiện' }),
  rule('forward', 2, 4, ONE_STOP, NONE, { provision: 'forward' }),
  rule('assign', 4, 'same', ['unit_leader'], NONE, { provision: 'assign' }),
  rule('next_step', 4, 'same', PROCESSORS, NONE, { provision: 'process', note: 'quy trình nội bộ' }),
  rule('send_back', 4, 'same', PROCESSORS, NONE, { provision: 'process', note: 'quy trình nội bộ, bước cho phép trả lại' }),
  rule('transfer', 4, 'same', PROCESSORS, NONE, INTERAGENCY),
  rule('transfer_return', 4, 'same', PROCESSORS, NONE, INTERAGENCY),
  rule('request_supplement', 4, 5, PROCESSORS, BOTH('pause'), { provision: 'supplement_once', form: 'Mẫu 02' }, 'processing'),
  rule(
    'supplement_received',
    PROC,
    4,
    ['citizen', 'one_stop_officer', 'specialist', 'unit_leader'],
    { legal: 'restart', qd766: 'resume' },
    { provision: 'supplement_restart', note: 'tính lại từ đầu', also: 'QĐ 766 (trừ thời gian chờ bổ sung)' },
  ),
  rule('supplement_timeout_stop', PROC, 8, PROCESSORS, BOTH('stop'), { provision: 'supplement_timeout', note: 'không bổ sung trong thời hạn' }),
  rule('request_payment', 4, 6, PROCESSORS, BOTH('pause'), { provision: 'fees' }),
  rule('payment_received', 6, 4, ['one_stop_officer', 'specialist', 'unit_leader', 'system'], BOTH('resume'), { provision: 'fees' }),
  rule('withdraw', 1, 7, WITHDRAW_ROLES, NONE, WITHDRAW_LAW),
  rule('withdraw', 2, 7, WITHDRAW_ROLES, BOTH('stop'), WITHDRAW_LAW),
  rule('withdraw', 4, 7, WITHDRAW_ROLES, BOTH('stop'), WITHDRAW_LAW),
  rule('withdraw', PRE, 7, WITHDRAW_ROLES, NONE, WITHDRAW_LAW),
  rule('withdraw', PROC, 7, WITHDRAW_ROLES, BOTH('stop'), WITHDRAW_LAW),
  rule('withdraw', 6, 7, WITHDRAW_ROLES, BOTH('stop'), WITHDRAW_LAW),
  rule('stop', 4, 8, PROCESSORS, BOTH('stop'), { provision: 'refusal_after_appraisal', note: 'từ chối giải quyết sau thẩm định', form: 'Mẫu 03' }),
  rule('result_ready', 4, 9, PROCESSORS, BOTH('stop'), { provision: 'result', also: 'QĐ 766 (kết thúc xử lý)' }),
  rule('return_result', 9, 10, ONE_STOP, NONE, { provision: 'return_result' }),
  rule('apologise', 2, 'same', PROCESSORS, NONE, APOLOGY),
  rule('apologise', 4, 'same', PROCESSORS, NONE, APOLOGY),
  rule('apologise', 6, 'same', PROCESSORS, NONE, APOLOGY),
];

function matchesFrom(from: FromState, state: DossierState | null): boolean {
  if (from === null || state === null) return from === null && state === null;
  if (typeof from === 'number') return state.status === from;
  return state.status === 5 && state.supplementPhase === from.phase;
}

export function findRule(state: DossierState | null, type: ActionType): TransitionRule | null {
  return TRANSITIONS.find((r) => r.action === type && matchesFrom(r.from, state)) ?? null;
}

/** Clock effects of an action from a state (data for the service and the QĐ 766 module). */
export function clockEffects(state: DossierState | null, type: ActionType): Readonly<Record<ClockName, ClockEffect>> | null {
  return findRule(state, type)?.clocks ?? null;
}

// ---------------------------------------------------------------------------------------------
// Failures (Vietnamese detail, stable code)
// ---------------------------------------------------------------------------------------------

const HTTP: Readonly<Record<FailureCode, 400 | 403 | 409 | 422>> = {
  illegal_transition: 409,
  forbidden_role: 403,
  wrong_agency: 403,
  not_applicant: 403,
  invalid_input: 400,
  reason_required: 400,
  invalid_appointment: 422,
  supplement_items_required: 400,
  supplement_already_requested: 422,
  supplement_request_too_late: 422,
  supplement_deadline_not_passed: 422,
  apology_already_issued: 422,
  apology_too_late: 422,
  no_appointment: 422,
  workflow_required: 422,
  no_next_step: 422,
  not_last_step: 422,
  send_back_not_allowed: 422,
  invalid_step: 400,
  invalid_transfer_target: 422,
  no_transfer_pending: 409,
  transfer_pending: 422,
};

function fail(code: FailureCode, detail: string): Failure {
  return { ok: false, code, detail, httpStatus: HTTP[code] };
}

/** Turns a refusal into the platform's problem+json error. */
export function toAppError(f: { code: ErrorCode; detail: string; httpStatus: number }): AppError {
  return new AppError(f.httpStatus, f.code, f.detail);
}

function illegal(state: DossierState | null, type: ActionType): Failure {
  const where = state ? `trạng thái "${STATUSES[state.status].nameVi}" (${state.status})` : 'khi chưa có hồ sơ';
  const extra = state && STATUSES[state.status].terminal ? ' Hồ sơ đã kết thúc, không thực hiện thêm thao tác nào.' : '';
  return fail('illegal_transition', `Không thể thực hiện "${ACTION_NAMES_VI[type]}" ở ${where}.${extra}`);
}

// ---------------------------------------------------------------------------------------------
// Checks shared by decide and allowedActions
// ---------------------------------------------------------------------------------------------

/** The agency a role must belong to for an action on this dossier. */
function roleMayActOn(role: ActorRole, type: ActionType, state: DossierState | null, ctx: ActorContext): FailureCode | null {
  switch (role) {
    case 'system':
      return null;
    case 'citizen':
      return state === null || ctx.actorIsApplicant === true ? null : 'not_applicant';
    case 'one_stop_officer':
      if (ctx.actorAgencyId === null) return 'wrong_agency';
      // Counter intake: the officer's own section becomes the receiving agency.
      return state === null || state.receivingAgencyId === ctx.actorAgencyId ? null : 'wrong_agency';
    default: {
      if (ctx.actorAgencyId === null || state === null) return 'wrong_agency';
      if (type === 'apologise') {
        // The agency at fault may be any agency that has held the dossier, or the receiving one.
        const involved = [...state.involvedAgencyIds, state.receivingAgencyId];
        return involved.includes(ctx.actorAgencyId) ? null : 'wrong_agency';
      }
      return state.currentAgencyId === ctx.actorAgencyId ? null : 'wrong_agency';
    }
  }
}

function checkActor(rule: TransitionRule, state: DossierState | null, ctx: ActorContext): Failure | null {
  const candidates = ctx.actorRoles.filter((r) => rule.roles.includes(r));
  if (candidates.length === 0) {
    return fail('forbidden_role', `Vai trò của bạn không được thực hiện "${ACTION_NAMES_VI[rule.action]}".`);
  }
  let firstProblem: FailureCode | null = null;
  for (const role of candidates) {
    const problem = roleMayActOn(role, rule.action, state, ctx);
    if (problem === null) return null;
    firstProblem ??= problem;
  }
  if (firstProblem === 'not_applicant') {
    return fail('not_applicant', 'Chỉ người nộp hồ sơ (hoặc người được ủy quyền) mới được thực hiện thao tác này.');
  }
  return fail('wrong_agency', `Hồ sơ không thuộc cơ quan, đơn vị của bạn nên không thể thực hiện "${ACTION_NAMES_VI[rule.action]}".`);
}

/** Preconditions that depend only on the snapshot and the workflow (not on the action's inputs). */
function checkState(type: ActionType, state: DossierState | null, ctx: ActorContext): Failure | null {
  if (state === null) return null;
  const steps = ctx.workflow?.steps ?? null;
  switch (type) {
    case 'request_supplement': {
      const agency = state.currentAgencyId ?? '';
      if ((state.supplementCountByAgency[agency] ?? 0) >= 1) {
        return fail(
          'supplement_already_requested',
          `Cơ quan đã yêu cầu bổ sung hồ sơ này một lần; chỉ được yêu cầu bổ sung một lần, đầy đủ (${cite('supplement_once', lawDayOf(state))}).`,
        );
      }
      return null;
    }
    case 'apologise':
      if (state.apology !== null) {
        return fail('apology_already_issued', 'Hồ sơ đã có văn bản xin lỗi và hẹn lại; chỉ được hẹn lại ngày trả kết quả một lần.');
      }
      if (state.appointment.current === null) return fail('no_appointment', 'Hồ sơ chưa có ngày hẹn trả kết quả.');
      return null;
    case 'next_step':
      if (!steps) return fail('workflow_required', 'Thiếu thông tin quy trình xử lý của cơ quan.');
      if ((state.currentStep ?? 0) + 1 >= steps.length) {
        return fail('no_next_step', 'Đây là bước cuối của quy trình; hãy cập nhật kết quả giải quyết.');
      }
      return null;
    case 'send_back': {
      if (!steps) return fail('workflow_required', 'Thiếu thông tin quy trình xử lý của cơ quan.');
      const step = state.currentStep ?? 0;
      if (step === 0 || !steps[step]?.allowsSendBack) {
        return fail('send_back_not_allowed', 'Bước xử lý hiện tại không cho phép trả lại bước trước.');
      }
      return null;
    }
    case 'transfer_return':
      if (state.transferStack.length === 0) return fail('no_transfer_pending', 'Hồ sơ không ở trong một lượt chuyển liên thông.');
      return null;
    case 'result_ready':
    case 'stop':
      if (state.transferStack.length > 0) {
        return fail('transfer_pending', 'Hồ sơ đang ở cơ quan phối hợp (liên thông); cơ quan phối hợp phải trả lại cơ quan chủ trì trước.');
      }
      if (type === 'result_ready' && steps && (state.currentStep ?? 0) !== steps.length - 1) {
        return fail('not_last_step', 'Chỉ cập nhật kết quả ở bước cuối của quy trình xử lý.');
      }
      return null;
    default:
      return null;
  }
}

/** Rule lookup + actor + state checks. */
function precheck(state: DossierState | null, type: ActionType, ctx: ActorContext): { rule: TransitionRule } | Failure {
  const r = findRule(state, type);
  if (!r) return illegal(state, type);
  const actorProblem = checkActor(r, state, ctx);
  if (actorProblem) return actorProblem;
  const stateProblem = checkState(type, state, ctx);
  if (stateProblem) return stateProblem;
  return { rule: r };
}

/**
 * The actions this actor may take now (for the UI's buttons). Input-dependent checks (the
 * computed booleans, appointments) are not evaluated: the button is shown and `decide` answers.
 */
export function allowedActions(state: DossierState | null, actor: ActorContext): ActionType[] {
  return ACTION_TYPES.filter((t) => 'rule' in precheck(state, t, actor));
}

// ---------------------------------------------------------------------------------------------
// Input validation helpers
// ---------------------------------------------------------------------------------------------

const ms = (i: Instant) => Date.parse(i);
const validInstant = (i: unknown): i is Instant => typeof i === 'string' && Number.isFinite(Date.parse(i));
const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.normalize('NFC').trim().length > 0;
const clean = (s: string) => s.normalize('NFC').trim();

function requireReason(reason: unknown): Failure | null {
  return nonEmpty(reason) ? null : fail('reason_required', 'Phải nêu rõ lý do.');
}

function requireInstant(i: unknown, what: string): Failure | null {
  return validInstant(i) ? null : fail('invalid_input', `${what} không phải là thời điểm hợp lệ.`);
}

function requireAfter(i: Instant, ref: Instant, what: string): Failure | null {
  return ms(i) > ms(ref) ? null : fail('invalid_appointment', `${what} phải sau thời điểm ${ref}.`);
}

// ---------------------------------------------------------------------------------------------
// Applying a transition
// ---------------------------------------------------------------------------------------------

function applyClock(status: ClockStatus, effect: ClockEffect): ClockStatus {
  switch (effect) {
    case 'none':
      return status;
    case 'start':
    case 'resume':
    case 'restart':
      return 'running';
    case 'pause':
      return status === 'running' ? 'paused' : status;
    case 'stop':
      return status === 'not_started' ? status : 'stopped';
  }
}

function holderOf(state: DossierState): Holder {
  if (state.currentAgencyId === null) return { kind: 'one_stop', agencyId: state.receivingAgencyId, step: null, assignee: null };
  return { kind: 'agency', agencyId: state.currentAgencyId, step: state.currentStep, assignee: state.assignee };
}

const APPLICANT: Holder = { kind: 'applicant', agencyId: null, step: null, assignee: null };
const oneStop = (state: DossierState): Holder => ({ kind: 'one_stop', agencyId: state.receivingAgencyId, step: null, assignee: null });

function closeIntervals(list: readonly PausedInterval[], reason: PausedInterval['reason'] | 'any', at: Instant): PausedInterval[] {
  return list.map((p) => (p.to === null && (reason === 'any' || p.reason === reason) ? { ...p, to: at } : p));
}

function emptyState(receivingAgencyId: string, channel: Channel): DossierState {
  return {
    status: 1,
    channel,
    receivingAgencyId,
    submittedAt: null,
    receivedAt: null,
    leadAgencyId: null,
    currentAgencyId: null,
    currentAgencyReceivedAt: null,
    currentStep: null,
    assignee: null,
    transferStack: [],
    involvedAgencyIds: [],
    supplementPhase: null,
    supplementCountByAgency: {},
    supplements: [],
    payments: [],
    pausedIntervals: [],
    clocks: { legal: 'not_started', qd766: 'not_started' },
    legalClockStartedAt: null,
    appointment: { original: null, current: null },
    apology: null,
    result: null,
    returnInfo: null,
    closure: null,
    processingEndedAt: null,
  };
}

type Applied = { next: DossierState; events: DossierEvent[] } | Failure;

/** Action-specific validation and snapshot update. Status, clocks and generic events are added by `decide`. */
function apply(state: DossierState | null, action: Action, ctx: DecideContext): Applied {
  const now = ctx.now;
  const by = ctx.actorId ?? null;
  const ev: DossierEvent[] = [];

  switch (action.type) {
    case 'submit_online': {
      if (!nonEmpty(action.receivingAgencyId)) return fail('invalid_input', 'Thiếu cơ quan tiếp nhận.');
      const submittedAt = action.submittedAt ?? now;
      const bad = requireInstant(submittedAt, 'Thời điểm nộp');
      if (bad) return bad;
      ev.push({ type: 'notify_applicant', at: now, topic: 'submit_online' });
      return { next: { ...emptyState(action.receivingAgencyId, 'online'), submittedAt }, events: ev };
    }

    case 'receive': {
      const receivedAt = action.receivedAt ?? now;
      const bad = requireInstant(receivedAt, 'Thời điểm tiếp nhận') ?? requireInstant(action.appointment, 'Ngày hẹn trả');
      if (bad) return bad;
      const late = requireAfter(action.appointment, receivedAt, 'Ngày hẹn trả');
      if (late) return late;
      const base = state ?? { ...emptyState(ctx.actorAgencyId ?? '', action.channel ?? 'counter'), submittedAt: receivedAt };
      const next: DossierState = {
        ...base,
        receivedAt,
        legalClockStartedAt: receivedAt,
        appointment: { original: action.appointment, current: action.appointment },
      };
      ev.push(
        { type: 'appointment_changed', at: now, reason: 'receipt', previous: null, current: action.appointment },
        { type: 'handover', at: now, kind: 'receive', from: APPLICANT, to: oneStop(next) },
        { type: 'document', at: now, form: 'receipt' },
        { type: 'notify_applicant', at: now, topic: 'receive' },
      );
      return { next, events: ev };
    }

    case 'refuse': {
      const bad = requireReason(action.reason);
      if (bad) return bad;
      const base = state ?? { ...emptyState(ctx.actorAgencyId ?? '', action.channel ?? 'counter'), submittedAt: now };
      const next: DossierState = {
        ...base,
        supplementPhase: null,
        pausedIntervals: closeIntervals(base.pausedIntervals, 'any', now),
        closure: { kind: 'refused', at: now, by, reason: clean(action.reason), reference: null },
      };
      ev.push({ type: 'document', at: now, form: 'refusal' }, { type: 'notify_applicant', at: now, topic: 'refuse' });
      return { next, events: ev };
    }

    case 'guide_supplement_before_receipt': {
      const s = state as DossierState;
      const bad = requireReason(action.reason) ?? requireItems(action.items) ?? optionalInstant(action.deadline, 'Hạn bổ sung');
      if (bad) return bad;
      const rec: SupplementRecord = {
        phase: 'pre_receipt',
        agencyId: s.receivingAgencyId,
        requestedAt: now,
        requestedBy: by,
        reason: clean(action.reason),
        items: action.items.map(clean),
        deadline: action.deadline ?? null,
        receivedAt: null,
        receivedBy: null,
        appointmentBefore: null,
        appointmentAfter: null,
      };
      ev.push({ type: 'document', at: now, form: 'supplement_request' }, { type: 'notify_applicant', at: now, topic: 'guide_supplement_before_receipt' });
      return { next: { ...s, supplements: [...s.supplements, rec] }, events: ev };
    }

    case 'supplement_received': {
      const s = state as DossierState;
      const bad = requireInstant(action.newAppointment, 'Ngày hẹn trả mới') ?? requireAfter(action.newAppointment, now, 'Ngày hẹn trả mới');
      if (bad) return bad;
      const supplements = closeLastSupplement(s.supplements, now, by, action.newAppointment);
      const pre = s.supplementPhase === 'pre_receipt';
      const next: DossierState = {
        ...s,
        supplements,
        pausedIntervals: closeIntervals(s.pausedIntervals, 'supplement', now),
        legalClockStartedAt: now,
        receivedAt: pre ? now : s.receivedAt,
        appointment: pre ? { original: action.newAppointment, current: action.newAppointment } : { ...s.appointment, current: action.newAppointment },
        // Back at the agency that asked: its 3-day window does not start again.
      };
      ev.push(
        {
          type: 'appointment_changed',
          at: now,
          reason: pre ? 'receipt' : 'supplement_restart',
          previous: pre ? null : s.appointment.current,
          current: action.newAppointment,
        },
        {
          type: 'handover',
          at: now,
          kind: pre ? 'receive' : 'supplement_received',
          from: APPLICANT,
          to: pre ? oneStop(s) : holderOf(s),
        },
      );
      if (pre) ev.push({ type: 'document', at: now, form: 'receipt' });
      ev.push({ type: 'notify_applicant', at: now, topic: 'supplement_received' });
      return { next, events: ev };
    }

    case 'forward': {
      const s = state as DossierState;
      if (!nonEmpty(action.toAgencyId)) return fail('invalid_input', 'Thiếu cơ quan giải quyết.');
      const next: DossierState = {
        ...s,
        leadAgencyId: action.toAgencyId,
        currentAgencyId: action.toAgencyId,
        currentAgencyReceivedAt: now,
        currentStep: 0,
        assignee: null,
        involvedAgencyIds: addUnique(s.involvedAgencyIds, action.toAgencyId),
      };
      ev.push({ type: 'handover', at: now, kind: 'forward', from: oneStop(s), to: holderOf(next) });
      return { next, events: ev };
    }

    case 'assign': {
      const s = state as DossierState;
      if (action.departmentId === null && action.officerId === null) {
        return fail('invalid_input', 'Phải chọn phòng ban hoặc cán bộ xử lý.');
      }
      const next: DossierState = { ...s, assignee: { departmentId: action.departmentId, officerId: action.officerId } };
      ev.push({ type: 'handover', at: now, kind: 'assign', from: holderOf(s), to: holderOf(next) });
      return { next, events: ev };
    }

    case 'next_step': {
      const s = state as DossierState;
      const next: DossierState = { ...s, currentStep: (s.currentStep ?? 0) + 1, assignee: action.assignee ?? null };
      ev.push({ type: 'handover', at: now, kind: 'next_step', from: holderOf(s), to: holderOf(next) });
      return { next, events: ev };
    }

    case 'send_back': {
      const s = state as DossierState;
      const bad = requireReason(action.reason);
      if (bad) return bad;
      const cur = s.currentStep ?? 0;
      if (!Number.isInteger(action.toStep) || action.toStep < 0 || action.toStep >= cur) {
        return fail('invalid_step', 'Bước nhận lại phải là một bước trước bước hiện tại.');
      }
      const next: DossierState = { ...s, currentStep: action.toStep, assignee: action.assignee ?? null };
      ev.push({ type: 'handover', at: now, kind: 'send_back', from: holderOf(s), to: holderOf(next) });
      return { next, events: ev };
    }

    case 'transfer': {
      const s = state as DossierState;
      if (!nonEmpty(action.toAgencyId) || !nonEmpty(action.task)) {
        return fail('invalid_input', 'Phải nêu cơ quan phối hợp và nội dung công việc chuyển liên thông.');
      }
      const chain = [...s.transferStack.map((f) => f.agencyId), s.currentAgencyId];
      if (chain.includes(action.toAgencyId)) {
        return fail('invalid_transfer_target', 'Không thể chuyển liên thông đến cơ quan đang tham gia chuỗi chuyển hiện tại.');
      }
      const bad = optionalInstant(action.dueAt, 'Hạn xử lý của cơ quan phối hợp');
      if (bad) return bad;
      const frame: TransferFrame = {
        agencyId: s.currentAgencyId as string,
        step: s.currentStep,
        assignee: s.assignee,
        agencyReceivedAt: s.currentAgencyReceivedAt,
        transferredAt: now,
        toAgencyId: action.toAgencyId,
        task: clean(action.task),
        dueAt: action.dueAt ?? null,
      };
      const next: DossierState = {
        ...s,
        transferStack: [...s.transferStack, frame],
        currentAgencyId: action.toAgencyId,
        currentAgencyReceivedAt: now,
        currentStep: 0,
        assignee: null,
        involvedAgencyIds: addUnique(s.involvedAgencyIds, action.toAgencyId),
      };
      ev.push({ type: 'handover', at: now, kind: 'transfer', from: holderOf(s), to: holderOf(next) });
      return { next, events: ev };
    }

    case 'transfer_return': {
      const s = state as DossierState;
      const frame = s.transferStack[s.transferStack.length - 1];
      const next: DossierState = {
        ...s,
        transferStack: s.transferStack.slice(0, -1),
        currentAgencyId: frame.agencyId,
        currentAgencyReceivedAt: frame.agencyReceivedAt,
        currentStep: frame.step,
        assignee: frame.assignee,
      };
      ev.push({ type: 'handover', at: now, kind: 'transfer_return', from: holderOf(s), to: holderOf(next) });
      return { next, events: ev };
    }

    case 'request_supplement': {
      const s = state as DossierState;
      const bad = requireReason(action.reason) ?? requireItems(action.items) ?? optionalInstant(action.deadline, 'Hạn bổ sung');
      if (bad) return bad;
      if (action.withinThreeWorkingDays !== true) {
        return fail(
          'supplement_request_too_late',
          `Đã quá 03 ngày làm việc kể từ khi cơ quan nhận hồ sơ; không được yêu cầu bổ sung (${cite('supplement_within_3_days', lawDayOf(s, now))}).`,
        );
      }
      const agency = s.currentAgencyId as string;
      const rec: SupplementRecord = {
        phase: 'processing',
        agencyId: agency,
        requestedAt: now,
        requestedBy: by,
        reason: clean(action.reason),
        items: action.items.map(clean),
        deadline: action.deadline ?? null,
        receivedAt: null,
        receivedBy: null,
        appointmentBefore: s.appointment.current,
        appointmentAfter: null,
      };
      const next: DossierState = {
        ...s,
        supplements: [...s.supplements, rec],
        supplementCountByAgency: { ...s.supplementCountByAgency, [agency]: (s.supplementCountByAgency[agency] ?? 0) + 1 },
        pausedIntervals: [...s.pausedIntervals, { reason: 'supplement', clocks: ['qd766'], from: now, to: null }],
      };
      ev.push(
        { type: 'handover', at: now, kind: 'supplement_request', from: holderOf(s), to: APPLICANT },
        { type: 'document', at: now, form: 'supplement_request' },
        { type: 'notify_applicant', at: now, topic: 'request_supplement' },
      );
      return { next, events: ev };
    }

    case 'supplement_timeout_stop': {
      const s = state as DossierState;
      if (action.deadlinePassed !== true) {
        return fail('supplement_deadline_not_passed', 'Chưa hết thời hạn bổ sung hồ sơ đã thông báo cho người nộp.');
      }
      const next: DossierState = {
        ...s,
        pausedIntervals: closeIntervals(s.pausedIntervals, 'any', now),
        closure: {
          kind: 'supplement_timeout',
          at: now,
          by,
          reason: nonEmpty(action.reason) ? clean(action.reason) : 'Người nộp không bổ sung hồ sơ trong thời hạn.',
          reference: null,
        },
      };
      ev.push({ type: 'notify_applicant', at: now, topic: 'supplement_timeout_stop' });
      return { next, events: ev };
    }

    case 'request_payment': {
      const s = state as DossierState;
      if (!Array.isArray(action.items) || action.items.length === 0) {
        return fail('invalid_input', 'Phải nêu ít nhất một khoản phí, lệ phí hoặc nghĩa vụ tài chính.');
      }
      if (
        action.items.some(
          (i) =>
            !nonEmpty(i.name) ||
            !Number.isInteger(i.amount) ||
            i.amount < 0 ||
            (i.due !== undefined && (!Number.isInteger(i.due) || i.due < 0 || i.due > i.amount)),
        )
      ) {
        return fail('invalid_input', 'Mỗi khoản phải có tên và số tiền (đồng) là số nguyên không âm.');
      }
      const rec: PaymentRecord = {
        requestedAt: now,
        requestedBy: by,
        items: action.items.map((i) =>
          i.due === undefined
            ? { name: clean(i.name), amount: i.amount }
            : { name: clean(i.name), amount: i.amount, reductionPercent: i.reductionPercent ?? 0, due: i.due },
        ),
        paidAt: null,
        paidOnline: null,
      };
      const next: DossierState = {
        ...s,
        payments: [...s.payments, rec],
        pausedIntervals: [...s.pausedIntervals, { reason: 'payment', clocks: ['legal', 'qd766'], from: now, to: null }],
      };
      ev.push({ type: 'notify_applicant', at: now, topic: 'request_payment' });
      return { next, events: ev };
    }

    case 'payment_received': {
      const s = state as DossierState;
      if (action.newAppointment != null) {
        const bad = requireInstant(action.newAppointment, 'Ngày hẹn trả mới');
        if (bad) return bad;
        if (s.appointment.current && ms(action.newAppointment) < ms(s.appointment.current)) {
          return fail('invalid_appointment', 'Ngày hẹn trả sau khi tạm dừng không được sớm hơn ngày hẹn hiện tại.');
        }
      }
      const payments = s.payments.map((p, i) =>
        i === s.payments.length - 1 && p.paidAt === null ? { ...p, paidAt: now, paidOnline: action.paidOnline === true } : p,
      );
      const next: DossierState = {
        ...s,
        payments,
        pausedIntervals: closeIntervals(s.pausedIntervals, 'payment', now),
        appointment: action.newAppointment ? { ...s.appointment, current: action.newAppointment } : s.appointment,
      };
      if (action.newAppointment && action.newAppointment !== s.appointment.current) {
        ev.push({ type: 'appointment_changed', at: now, reason: 'payment_pause', previous: s.appointment.current, current: action.newAppointment });
      }
      return { next, events: ev };
    }

    case 'withdraw': {
      const s = state as DossierState;
      const bad = requireReason(action.reason);
      if (bad) return bad;
      const next: DossierState = {
        ...s,
        pausedIntervals: closeIntervals(s.pausedIntervals, 'any', now),
        closure: { kind: 'withdrawn', at: now, by, reason: clean(action.reason), reference: action.reference ?? null },
      };
      // Thông tư 03/2025 Mẫu 05: Thông báo dừng giải quyết hồ sơ (only once a dossier was received).
      if (s.receivedAt !== null) ev.push({ type: 'document', at: now, form: 'stop_notice' });
      ev.push({ type: 'notify_applicant', at: now, topic: 'withdraw' });
      return { next, events: ev };
    }

    case 'stop': {
      const s = state as DossierState;
      const bad = requireReason(action.reason);
      if (bad) return bad;
      const next: DossierState = {
        ...s,
        closure: { kind: 'stopped', at: now, by, reason: clean(action.reason), reference: action.reference ?? null, document: action.document ?? null },
      };
      ev.push({ type: 'handover', at: now, kind: 'result_ready', from: holderOf(s), to: oneStop(s) });
      ev.push({ type: 'notify_applicant', at: now, topic: 'stop' });
      return { next, events: ev };
    }

    case 'result_ready': {
      const s = state as DossierState;
      if (!nonEmpty(action.decisionNumber) || !nonEmpty(action.signer) || !/^\d{4}-\d{2}-\d{2}$/.test(action.signedOn ?? '')) {
        return fail('invalid_input', 'Phải có số văn bản kết quả, người ký và ngày ký (YYYY-MM-DD).');
      }
      const next: DossierState = {
        ...s,
        result: {
          readyAt: now,
          decisionNumber: clean(action.decisionNumber),
          signer: clean(action.signer),
          signedOn: action.signedOn,
          fileId: action.fileId ?? null,
          agencyId: s.currentAgencyId as string,
        },
      };
      ev.push({ type: 'handover', at: now, kind: 'result_ready', from: holderOf(s), to: oneStop(s) });
      ev.push({ type: 'notify_applicant', at: now, topic: 'result_ready' });
      return { next, events: ev };
    }

    case 'return_result': {
      const s = state as DossierState;
      if (!['counter', 'post', 'electronic'].includes(action.channel)) {
        return fail('invalid_input', 'Hình thức trả kết quả phải là trực tiếp, bưu chính hoặc trực tuyến.');
      }
      if (!nonEmpty(action.receivedBy)) return fail('invalid_input', 'Phải ghi người nhận (hoặc địa chỉ nhận) kết quả.');
      const next: DossierState = {
        ...s,
        returnInfo: { at: now, channel: action.channel, receivedBy: clean(action.receivedBy), trackingNumber: action.trackingNumber ?? null, by },
      };
      ev.push({ type: 'handover', at: now, kind: 'result_returned', from: oneStop(s), to: APPLICANT });
      ev.push({ type: 'notify_applicant', at: now, topic: 'return_result' });
      return { next, events: ev };
    }

    case 'apologise': {
      const s = state as DossierState;
      const bad = requireReason(action.reason) ?? requireInstant(action.newAppointment, 'Ngày hẹn trả mới');
      if (bad) return bad;
      if (action.atLeastOneWorkingDayBefore !== true) {
        return fail(
          'apology_too_late',
          `Văn bản xin lỗi và hẹn lại phải gửi chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả (${cite('apology', lawDayOf(s, now))}).`,
        );
      }
      const current = s.appointment.current as Instant;
      const notLater = requireAfter(action.newAppointment, current, 'Ngày hẹn trả mới');
      if (notLater) return notLater;
      const next: DossierState = {
        ...s,
        appointment: { ...s.appointment, current: action.newAppointment },
        apology: {
          at: now,
          by,
          agencyId: ctx.actorAgencyId as string,
          reason: clean(action.reason),
          previousAppointment: current,
          newAppointment: action.newAppointment,
        },
      };
      ev.push(
        { type: 'appointment_changed', at: now, reason: 'apology', previous: current, current: action.newAppointment },
        { type: 'document', at: now, form: 'apology' },
        { type: 'notify_applicant', at: now, topic: 'apologise' },
      );
      return { next, events: ev };
    }
  }
}

function requireItems(items: unknown): Failure | null {
  const ok = Array.isArray(items) && items.length > 0 && items.every(nonEmpty);
  return ok ? null : fail('supplement_items_required', 'Phải liệt kê đầy đủ, một lần các giấy tờ cần bổ sung, hoàn thiện.');
}

function optionalInstant(i: Instant | null | undefined, what: string): Failure | null {
  return i == null ? null : requireInstant(i, what);
}

function addUnique(list: readonly string[], id: string): string[] {
  return list.includes(id) ? [...list] : [...list, id];
}

function closeLastSupplement(list: readonly SupplementRecord[], at: Instant, by: string | null, appointment: Instant): SupplementRecord[] {
  const i = list.length - 1;
  return list.map((r, k) => (k === i && r.receivedAt === null ? { ...r, receivedAt: at, receivedBy: by, appointmentAfter: appointment } : r));
}

/**
 * Decides one action. Pure: same inputs, same output. On success `next` is the new snapshot and
 * `events` say what the service must do in the same transaction (documents to issue, applicant
 * notifications, handover rows for the control sheet, clock effects for the QĐ 766 ledger).
 * `state === null` means "no dossier yet" (online submission, counter intake or counter refusal).
 */
export function decide(state: DossierState | null, action: Action, ctx: DecideContext): Decision {
  if (!validInstant(ctx.now)) return fail('invalid_input', 'Thiếu thời điểm thực hiện thao tác.');
  const pre = precheck(state, action.type, ctx);
  if (!('rule' in pre)) return pre;
  const r = pre.rule;
  const applied = apply(state, action, ctx);
  if (!('next' in applied)) return applied;

  const before = state?.status ?? null;
  const to: StatusCode = r.to === 'same' ? (state as DossierState).status : r.to;
  const clocks = {
    legal: applyClock(applied.next.clocks.legal, r.clocks.legal),
    qd766: applyClock(applied.next.clocks.qd766, r.clocks.qd766),
  };
  const endsProcessing = r.clocks.qd766 === 'stop' && applied.next.clocks.qd766 !== 'not_started';
  const next: DossierState = {
    ...applied.next,
    status: to,
    supplementPhase: to === 5 ? (r.toPhase ?? applied.next.supplementPhase) : null,
    clocks,
    processingEndedAt: endsProcessing ? ctx.now : applied.next.processingEndedAt,
  };

  const events: DossierEvent[] = [];
  if (before !== to) events.push({ type: 'status_changed', at: ctx.now, from: before, to });
  for (const clock of ['legal', 'qd766'] as const) {
    const effect = r.clocks[clock];
    if (effect !== 'none' && clocks[clock] !== applied.next.clocks[clock]) {
      events.push({ type: 'clock', at: ctx.now, clock, effect });
    }
  }
  events.push(...applied.events);
  // The law cited in the action log: the provision as in force for THIS dossier (its receipt day).
  return { ok: true, next, events, law: lawText(r.law, lawDayOf(next, ctx.now), vnDay(ctx.now)) };
}
