import { vnIso } from '../../platform/vn-time.js';
import type { Database, Executor, Tx } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { isProvinceWide } from '../../platform/context.js';
import { randomUUID } from 'node:crypto';
import type { RawBuilder } from 'kysely';
import { auditInsert, recordAudit } from '../../platform/audit.js';
import { outboxInsert, type OutboxMessage } from '../../platform/outbox.js';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { idempotencyClaim, idempotencyInsert, raceWinner, replay } from '../../platform/idempotency.js';
import { nfc } from '../../platform/text.js';
import { agencyScope, getAgency, listAgencies, personName } from '../org/org.public.js';
import { type CalendarService } from '../calendar/calendar.public.js';
import { formatDossierCode, vietnamYymmdd } from './dossier-code.js';
import { formatLookupKey } from './lookup-key.js';
import { publicLookupView } from './public-lookup.js';
import {
  ACTION_NAMES_VI,
  STATUSES,
  chosenReturnChannel,
  allowedActions,
  decide,
  toAppError,
  type Action,
  type ActionType,
  type DecideContext,
  type DossierState,
  type WorkflowStepInfo,
} from './dossiers.rules.js';
import * as repo from './dossiers.repo.js';
import { lawDayOf } from './legal-basis.js';
import type { WrittenRefusalIssuer } from './dossiers.ports.js';
import { intakeDigitisedRefused } from './digitisation.rules.js';
import type { DossierSigning, FeePolicySource, ProcedureCase, ProcedureSource, ProcedureVersionView } from './dossiers.ports.js';
import { chooseFees, quoteLine, type QuoteLine } from '../catalog/catalog.public.js';
import { nameKey } from '../../platform/text.js';

/** What a caller sends to create a dossier (counter, post, or online). */
export interface CreateDossierInput {
  procedureCode: string;
  caseKey?: string;
  channel: 'counter' | 'online' | 'post';
  receivingAgencyId?: string;
  applicant: repo.Applicant;
  representative?: { name: string; idNumber: string; authorisationRef: string; relationship?: string | null } | null;
  summary?: string | null;
  /** The applicant's declared groups for fee reductions (catalogue APPLICANT_GROUPS). */
  applicantGroups?: string[];
  formData?: Record<string, unknown>;
  components?: { index: number; originals?: number; copies?: number; digitised?: boolean; reusedFrom?: string | null }[];
  /** At the counter, the officer may refuse on the spot instead of receiving. */
  refuseReason?: string | null;
}

/** An action request: the type, the version the client saw, and the type's own fields. */
export type ActionInput = { type: ActionType; version: number } & Record<string, unknown>;

export interface Clock {
  now(): Date;
}

export interface DossierDeps {
  database: Database;
  calendar: CalendarService;
  /** Signing of results at approval and the check before an electronic return (signatures module). */
  signing?: DossierSigning;
  procedures: ProcedureSource;
  /** The province's online reduction (payments module); none when absent. */
  feePolicy?: FeePolicySource;
  clock?: Clock;
  /**
   * A service that replays a province's historical dossiers (the history module's import): the
   * same rules, calendar and rows, but no national-portal sync and no message to the applicant
   * (those happened in the previous system); only the QĐ 766 read model hears of the changes.
   * Online dossiers are submitted by the import's `system` actor, and a dossier keeps its code.
   */
  history?: boolean;
  /**
   * Issues the written refusal after appraisal (status 8) as a sealed PDF stored in the file store:
   * its number and the file row to write with the change (dossiers.written-refusal.ts). Absent
   * (rule tests, the history import): the refusal is recorded without a document.
   */
  writtenRefusal?: WrittenRefusalIssuer;
}

/**
 * The default fee lines of a case for an applicant (catalogue alternatives chosen, never summed),
 * or the reason an officer must choose them.
 */
export function defaultFeeItems(c: ProcedureCase, applicantGroups: readonly string[]): { items: { name: string; amount: number }[] } | { problem: string } {
  const chosen = chooseFees(c.fees, { groups: applicantGroups });
  if (chosen.needsChoice.length)
    return { problem: 'Thủ tục có các mức phí thay thế nhau mà chưa xác định được mức áp dụng cho người nộp; hãy chọn khoản phí áp dụng.' };
  if (chosen.unknownAmount.length)
    return { problem: `Mức thu của khoản «${c.fees[chosen.unknownAmount[0]].name}» do HĐND tỉnh quy định, chưa có trong danh mục; hãy nêu số tiền.` };
  const items = chosen.indexes.map((i) => ({ name: c.fees[i].name, amount: c.fees[i].amountVnd! })).filter((i) => i.amount > 0);
  if (!items.length) return { problem: 'Trường hợp này không có khoản phí, lệ phí phải nộp theo danh mục; nếu có, hãy nêu khoản và số tiền.' };
  return { items };
}

/**
 * A payment request's lines priced once, at request time: the reduction for online dossiers (the
 * catalogue line's own percentage, else the province's policy) is applied here, so the amount is
 * the same on every screen, at the gateway and on the e-receipt.
 */
export function priceFeeItems(
  items: readonly { name: string; amount: number }[],
  c: ProcedureCase | null,
  online: boolean,
  policyPercent: number | null,
): QuoteLine[] {
  return items.map((i) => {
    const line = c?.fees.find((f) => nameKey(f.name) === nameKey(i.name));
    return quoteLine(i, line?.onlineReductionPercent ?? policyPercent, online);
  });
}

/** Default internal steps when a case has no workflow in the catalogue. */
const DEFAULT_STEPS: WorkflowStepInfo[] = [
  { name: 'Chuyên viên thẩm định hồ sơ', allowsSendBack: false },
  { name: 'Lãnh đạo xem xét, phê duyệt', allowsSendBack: true },
];

export function pickCase(v: ProcedureVersionView, caseKey: string | undefined): ProcedureCase {
  const c = caseKey ? v.cases.find((x) => x.key === caseKey) : v.cases[0];
  if (!c) throw unprocessable('case_not_found', `Thủ tục ${v.code} không có trường hợp "${caseKey}".`);
  return c;
}

/** The processing steps of the lead agency for a case (one-stop and liên thông steps excluded). */
export function leadSteps(c: ProcedureCase): WorkflowStepInfo[] {
  const steps = (c.workflow?.steps ?? []).filter((s) => s.role !== 'one_stop_officer' && !s.interAgency);
  return steps.length ? steps.map((s) => ({ name: s.name, allowsSendBack: s.canSendBack })) : DEFAULT_STEPS;
}

export function processingTime(c: ProcedureCase, channel: string) {
  return channel === 'online' && c.onlineTime ? c.onlineTime : c.time;
}

export function createDossierService(deps: DossierDeps) {
  const { database, calendar, procedures } = deps;
  const db = database.db;
  const clock = deps.clock ?? { now: () => new Date() };

  // Agency trees and names change rarely; a short per-process cache saves several queries per
  // request. A change made in another process is seen within TTL_MS.
  const TTL_MS = 10_000;
  const scopeCache = new Map<string, { at: number; v: 'all' | string[] }>();
  const agencyCache = new Map<string, { at: number; v: Awaited<ReturnType<typeof getAgency>> }>();
  async function scopeOf(actor: Actor | null, x: Executor = db): Promise<'all' | string[]> {
    if (!actor) return [];
    const key = `${actor.id}:${actor.agencyId}:${actor.roles.join(',')}`;
    const hit = scopeCache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.v;
    const v = await agencyScope(x, actor);
    if (scopeCache.size > 5000) scopeCache.clear();
    scopeCache.set(key, { at: Date.now(), v });
    return v;
  }
  async function agencyById(x: Executor, id: string) {
    const hit = agencyCache.get(id);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.v;
    const v = await getAgency(x, id);
    if (agencyCache.size > 5000) agencyCache.clear();
    agencyCache.set(id, { at: Date.now(), v });
    return v;
  }

  /** May this actor see this dossier? Citizens: their own; staff: an agency it passed through in their scope. */
  async function canSee(actor: Actor, d: repo.DossierRow, x: Executor = db): Promise<boolean> {
    if (actor.kind === 'citizen') return d.applicantUserId === actor.id;
    if (isProvinceWide(actor)) return true;
    const scope = await scopeOf(actor, x);
    return scope === 'all' || d.agencyIds.some((a) => scope.includes(a));
  }

  async function load(actor: Actor, id: string): Promise<repo.DossierRow> {
    const d = /^[0-9a-f-]{36}$/i.test(id) ? await repo.getDossier(db, id) : null;
    if (!d) throw notFound('hồ sơ');
    if (!(await canSee(actor, d))) throw forbidden('Hồ sơ không thuộc phạm vi cơ quan của bạn (hoặc không phải hồ sơ của bạn).');
    return d;
  }

  /** The agency the actor acts for on this dossier: the dossier's agency when it is in the actor's subtree. */
  async function actingAgency(actor: Actor, state: DossierState | null, x: Executor): Promise<string | null> {
    if (!actor.agencyId) return null;
    if (!state) return actor.agencyId;
    const scope = await scopeOf(actor, x);
    for (const a of [state.currentAgencyId, state.receivingAgencyId, ...state.involvedAgencyIds]) {
      if (a && (scope === 'all' || scope.includes(a))) return a;
    }
    return actor.agencyId;
  }

  async function workflowFor(d: { procedureVersionId: string; caseKey: string }, state: DossierState | null, x: Executor) {
    const v = await procedures.byId(d.procedureVersionId, x);
    if (!v) return { steps: DEFAULT_STEPS };
    const c = pickCase(v, d.caseKey);
    if (state && state.transferStack.length > 0) return { steps: [{ name: 'Xử lý liên thông', allowsSendBack: false }] };
    return { steps: leadSteps(c) };
  }

  async function decideCtx(
    actor: Actor,
    state: DossierState | null,
    d: { procedureVersionId: string; caseKey: string; applicantUserId: string | null } | null,
    now: Date,
    x: Executor,
  ): Promise<DecideContext> {
    return {
      actorRoles: actor.roles,
      actorAgencyId: await actingAgency(actor, state, x),
      actorId: actor.id,
      actorIsApplicant: actor.kind === 'citizen' && !!d && d.applicantUserId === actor.id,
      now: now.toISOString(),
      workflow: d ? await workflowFor(d, state, x) : null,
    };
  }

  /** The competent (lead) agency to forward to: named in the catalogue, or found by kind near the receiving agency. */
  const competentCache = new Map<string, { at: number; v: string }>();
  async function competentAgency(tx: Executor, v: ProcedureVersionView, receivingAgencyId: string): Promise<string> {
    const comp = v.competentAgency;
    if (comp?.id) return comp.id;
    const key = `${v.id}:${receivingAgencyId}`;
    const hit = competentCache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.v;
    const found = await findCompetent(tx, comp, receivingAgencyId);
    competentCache.set(key, { at: Date.now(), v: found });
    return found;
  }
  async function findCompetent(tx: Executor, comp: ProcedureVersionView['competentAgency'], receivingAgencyId: string): Promise<string> {
    const receiving = await agencyById(tx, receivingAgencyId);
    const { items } = await listAgencies(tx, { kind: comp?.kind, current: true, limit: 500, offset: 0 });
    const sameUnit = items.find((a) => a.unitCode === receiving?.unitCode);
    const target = sameUnit ?? items[0];
    if (!target) throw unprocessable('no_competent_agency', 'Không xác định được cơ quan có thẩm quyền giải quyết; hãy chọn cơ quan nhận hồ sơ.');
    return target.id;
  }

  /** The agency a forward without a chosen agency goes to (the forward dialog names it); null when none can be found. */
  async function forwardTarget(x: Executor, d: repo.DossierRow): Promise<{ id: string; code: string; name: string } | null> {
    const v = await procedures.byId(d.procedureVersionId, x);
    if (!v) return null;
    try {
      const a = await agencyById(x, await competentAgency(x, v, d.receivingAgencyId));
      return a ? { id: a.id, code: a.code, name: a.name } : null;
    } catch (err) {
      if (err instanceof AppError) return null;
      throw err;
    }
  }

  /** The case's catalogue fee lines and the ones that apply to this applicant (the fee dialog's default). */
  async function feeOptions(x: Executor, d: repo.DossierRow) {
    const v = await procedures.byId(d.procedureVersionId, x);
    const c = v ? (v.cases.find((k) => k.key === d.caseKey) ?? null) : null;
    if (!c) return null;
    const chosen = chooseFees(c.fees, { groups: d.applicantGroups });
    const online = d.channel === 'online';
    const policy = online && deps.feePolicy ? await deps.feePolicy.onlineReductionPercent(d.procedureCode, vnIso(clock.now()).slice(0, 10), x) : null;
    return {
      lines: c.fees.map((f) => ({
        name: f.name,
        amountVnd: f.amountVnd,
        alternativeGroup: f.alternativeGroup ?? null,
        appliesTo: f.appliesTo ?? null,
        onRequest: f.onRequest ?? false,
        reductionPercent: online ? (f.onlineReductionPercent ?? policy ?? 0) : 0,
      })),
      suggested: chosen.indexes,
      needsChoice: chosen.needsChoice,
    };
  }

  /** Turns the API request into the rules' Action, computing the deadline facts with the calendar. */
  async function toAction(tx: Executor, d: repo.DossierRow, input: ActionInput, now: Date): Promise<Action> {
    const s = d.state;
    const str = (k: string) => (typeof input[k] === 'string' ? nfc(String(input[k]).trim()) : '');
    const optStr = (k: string) => (typeof input[k] === 'string' ? nfc(String(input[k]).trim()) : null);
    const items = () => (Array.isArray(input.items) ? (input.items as unknown[]).map((x) => nfc(String(x))) : []);
    const v = await procedures.byId(d.procedureVersionId, tx);
    const c = v ? pickCase(v, d.caseKey) : null;
    const fullTime = async (from: Date) => {
      if (!c) throw unprocessable('procedure_missing', 'Không tìm thấy phiên bản thủ tục của hồ sơ.');
      const t = processingTime(c, d.channel);
      return (await calendar.deadline(from, t.amount, t.unit, d.receivingAgencyId, [], tx)).toISOString();
    };
    switch (input.type) {
      case 'receive':
        return { type: 'receive', appointment: await fullTime(now), receivedAt: now.toISOString() };
      case 'refuse':
        return { type: 'refuse', reason: str('reason') };
      case 'guide_supplement_before_receipt':
        return { type: 'guide_supplement_before_receipt', reason: str('reason'), items: items(), deadline: optStr('deadline') };
      case 'forward': {
        const to = optStr('toAgencyId') ?? (v ? await competentAgency(tx, v, d.receivingAgencyId) : null);
        if (!to || !(await agencyById(tx, to))) throw unprocessable('agency_not_found', 'Cơ quan nhận hồ sơ không tồn tại.');
        return { type: 'forward', toAgencyId: to };
      }
      case 'assign':
        return { type: 'assign', departmentId: optStr('departmentId'), officerId: optStr('officerId') };
      case 'next_step':
        return {
          type: 'next_step',
          assignee: input.officerId ? { departmentId: optStr('departmentId'), officerId: optStr('officerId') } : null,
          ...(optStr('note') ? { note: optStr('note')! } : {}),
        };
      case 'send_back':
        return { type: 'send_back', toStep: Number(input.toStep), reason: str('reason') };
      case 'transfer': {
        const to = str('toAgencyId');
        if (!(await getAgency(tx, to))) throw unprocessable('agency_not_found', 'Cơ quan phối hợp không tồn tại.');
        const days = typeof input.budgetDays === 'number' ? input.budgetDays : null;
        const dueAt = days ? (await calendar.deadline(now, days, 'working_days', to, [], tx)).toISOString() : null;
        return { type: 'transfer', toAgencyId: to, task: str('task'), dueAt };
      }
      case 'transfer_return':
        return { type: 'transfer_return', note: optStr('note') ?? undefined };
      case 'request_supplement': {
        const since = s.currentAgencyReceivedAt ? new Date(s.currentAgencyReceivedAt) : now;
        const limit = await calendar.deadline(since, 3, 'working_days', s.currentAgencyId, [], tx);
        return { type: 'request_supplement', reason: str('reason'), items: items(), withinThreeWorkingDays: now <= limit, deadline: optStr('deadline') };
      }
      case 'supplement_received':
        return { type: 'supplement_received', newAppointment: await fullTime(now) };
      case 'supplement_timeout_stop': {
        const last = s.supplements[s.supplements.length - 1];
        return { type: 'supplement_timeout_stop', deadlinePassed: !!last?.deadline && now > new Date(last.deadline), reason: optStr('reason') ?? undefined };
      }
      case 'request_payment': {
        const fees = Array.isArray(input.items) ? (input.items as { name?: unknown; amount?: unknown }[]) : [];
        let list: { name: string; amount: number }[];
        if (fees.length) list = fees.map((f) => ({ name: nfc(String(f.name ?? '')), amount: Number(f.amount) }));
        else {
          // No lines stated: the catalogue's applicable lines for this applicant (alternatives are never summed).
          const def = c ? defaultFeeItems(c, d.applicantGroups) : { problem: 'Không tìm thấy phiên bản thủ tục của hồ sơ.' };
          if ('problem' in def) throw unprocessable('fee_choice_required', def.problem);
          list = def.items;
        }
        if (!list.length || list.some((f) => !f.name || !Number.isInteger(f.amount) || f.amount <= 0))
          throw badRequest('invalid_fees', 'Cần nêu các khoản phí, lệ phí với số tiền là số nguyên dương (VNĐ).');
        const online = d.channel === 'online';
        const policy = online && deps.feePolicy ? await deps.feePolicy.onlineReductionPercent(d.procedureCode, vnIso(now).slice(0, 10), tx) : null;
        return { type: 'request_payment', items: priceFeeItems(list, c, online, policy) };
      }
      case 'payment_received': {
        const open = [...s.pausedIntervals].reverse().find((p) => p.reason === 'payment' && p.to === null);
        let newAppointment: string | null = null;
        if (open && s.appointment.current) {
          const paused = await calendar.workingMinutes(new Date(open.from), now, s.currentAgencyId, tx);
          newAppointment = (await calendar.deadline(new Date(s.appointment.current), paused / 60, 'working_hours', d.receivingAgencyId, [], tx)).toISOString();
        }
        return { type: 'payment_received', paidOnline: input.paidOnline === true, newAppointment };
      }
      case 'withdraw':
        return { type: 'withdraw', reason: str('reason'), reference: optStr('reference') };
      case 'stop':
        return { type: 'stop', reason: str('reason'), reference: optStr('reference') };
      case 'result_ready':
        return {
          type: 'result_ready',
          decisionNumber: str('decisionNumber'),
          signer: str('signer'),
          signedOn: str('signedOn') || vnIso(now).slice(0, 10),
          fileId: optStr('fileId'),
        };
      case 'return_result': {
        // Not stated: the way the applicant chose in the submission (an electronic copy → electronic).
        const channel = str('channel') || chosenReturnChannel(d.formData) || '';
        if (!['counter', 'post', 'electronic'].includes(channel))
          throw badRequest('invalid_channel', 'Hình thức trả kết quả phải là counter, post hoặc electronic.');
        return { type: 'return_result', channel: channel as 'counter', receivedBy: str('receivedBy'), trackingNumber: optStr('trackingNumber') };
      }
      case 'apologise': {
        const na = optStr('newAppointment');
        if (!na || Number.isNaN(Date.parse(na))) throw badRequest('invalid_input', 'Cần ngày hẹn trả kết quả mới hợp lệ.');
        const dayBefore = await calendar.deadline(now, 1, 'working_days', d.receivingAgencyId, [], tx);
        const current = s.appointment.current ? new Date(s.appointment.current) : now;
        return { type: 'apologise', reason: str('reason'), newAppointment: new Date(na).toISOString(), atLeastOneWorkingDayBefore: dayBefore <= current };
      }
      case 'submit_online':
        throw badRequest('invalid_action', 'Nộp hồ sơ trực tuyến dùng POST /api/v1/dossiers.');
      default:
        throw badRequest('unknown_action', `Thao tác "${String(input.type)}" không tồn tại.`);
    }
  }

  /**
   * The rows that record a decision, written together in one statement with the snapshot (see
   * platform/write-together.ts): the action row, the audit row and the outbox rows (national sync,
   * quality, applicant notifications) — and the idempotency record when the request has a key.
   */
  function changeParts(
    ctx: RequestContext,
    d: { id: string; code: string; status: number | null },
    seq: number,
    type: ActionType,
    payload: Record<string, unknown>,
    next: DossierState,
    events: unknown[],
    law: string,
    now: Date,
    agencyId: string | null,
    idem: { scope: string; key: string; hash: string; response: { status: number; body: unknown } } | null,
    onlyIf?: RawBuilder<unknown>,
  ) {
    const change = { dossierId: d.id, code: d.code, seq, status: next.status, action: type, at: now.toISOString(), state: next };
    const messages: OutboxMessage[] = [
      ...(deps.history ? [] : [{ topic: 'national.sync' as const, aggregateKey: `dossier:${d.id}`, payload: change }]),
      { topic: 'quality.dossier_changed', aggregateKey: `quality:${d.id}`, payload: change },
    ];
    for (const e of deps.history ? [] : (events as { type: string; topic?: string }[])) {
      if (e.type === 'notify_applicant') {
        messages.push({
          topic: 'notify.applicant',
          aggregateKey: `dossier:${d.id}:notify`,
          payload: { dossierId: d.id, code: d.code, event: e.topic, status: next.status },
        });
      }
    }
    return [
      repo.actionInsert(
        {
          dossierId: d.id,
          seq,
          type,
          at: now,
          actorId: ctx.actor?.id ?? null,
          actorUsername: ctx.actor?.username ?? 'system',
          actorRole: ctx.actor?.roles.join(',') ?? 'system',
          agencyId,
          step: next.currentStep,
          fromStatus: d.status,
          toStatus: next.status,
          payload,
          events,
          idempotencyKey: idem?.key ?? null,
          law,
        },
        onlyIf,
      ),
      auditInsert(
        ctx,
        { action: `dossier.${type}`, entity: 'dossier', entityId: d.id, summary: { code: d.code, from: d.status, to: next.status, seq } },
        onlyIf,
      ),
      outboxInsert(messages, onlyIf),
      ...(idem ? [idempotencyInsert(idem, idem.response, onlyIf)] : []),
    ];
  }

  const service = {
    async create(
      ctx: RequestContext,
      input: CreateDossierInput,
      idemKey: string | null,
      opts: {
        view?: boolean;
        /** history service only */ code?: string;
        applicantUserId?: string | null;
        /** The caller's open transaction (another module's work that must commit or roll back with this one). */
        tx?: Tx;
      } = {},
    ) {
      const actor = ctx.actor!;
      const x: Executor = opts.tx ?? db;
      // The write-together form of platform/idempotency.ts: replay first, the record in the one statement.
      const claim = idempotencyClaim({ operation: 'dossier.create', principal: actor.id, key: idemKey, request: input });
      type View = Awaited<ReturnType<typeof service.view>>;
      const render = async (r: { status: number; body: { id: string }; replayed: boolean }, row?: repo.DossierRow) =>
        opts.view === false
          ? { ...r, body: r.body as unknown as View }
          : { ...r, body: await service.view(x, actor, row ?? (await repo.getDossier(x, r.body.id))!) };
      // A replay answers with the dossier its first request created, without new work.
      const prior = await replay<{ id: string }>(x, claim);
      if (prior) return render(prior);
      // Everything the rules need is read and decided before any write.
      const now = clock.now();
      const v = await procedures.current(input.procedureCode, now, x);
      if (!v) throw unprocessable('procedure_not_available', `Thủ tục ${input.procedureCode} không có phiên bản đang có hiệu lực.`);
      const c = pickCase(v, input.caseKey);
      const isCitizen = actor.kind === 'citizen';
      // The history import submits online dossiers as the `system` actor (as the previous system received them).
      const historyOnline = !!deps.history && input.channel === 'online' && actor.roles.includes('system' as never);
      if (isCitizen && input.channel !== 'online') throw forbidden('Công dân chỉ nộp hồ sơ trực tuyến.');
      if (!isCitizen && !historyOnline && input.channel === 'online') throw forbidden('Hồ sơ trực tuyến do người nộp gửi qua cổng dịch vụ công.');
      if (isCitizen && v.onlineLevel === 'none')
        throw unprocessable('not_online', 'Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp trực tiếp hoặc qua bưu chính.');
      const receivingAgencyId = isCitizen ? input.receivingAgencyId : actor.agencyId;
      if (!receivingAgencyId) throw badRequest('receiving_agency_required', 'Cần chọn nơi tiếp nhận hồ sơ (receivingAgencyId).');
      const receiving = await agencyById(x, receivingAgencyId);
      if (!receiving || receiving.validTo) throw unprocessable('agency_not_found', 'Nơi tiếp nhận hồ sơ không tồn tại hoặc đã ngừng hoạt động.');
      // Issue 19 §3: a paper component is digitised only once its scan is stored and confirmed
      // (POST /api/v1/dossiers/{id}/components/{index}/scan, then …/digitisation).
      if (intakeDigitisedRefused(input.channel, !!deps.history, input.components ?? []))
        throw unprocessable(
          'scan_required',
          'Chưa thể ghi nhận "đã số hóa" khi tiếp nhận: hãy quét và lưu bản điện tử của thành phần hồ sơ, rồi xác nhận bản quét khớp với bản chính.',
        );
      const components: repo.ComponentEntry[] = (input.components ?? []).map((x) => {
        const def = v.components[x.index];
        if (!def) throw badRequest('invalid_component', `Thành phần hồ sơ số ${x.index} không có trong danh mục của thủ tục.`);
        return {
          index: x.index,
          name: def.name,
          originals: x.originals ?? def.originals,
          copies: x.copies ?? def.copies,
          digitised: x.digitised ?? false,
          reusedFrom: x.reusedFrom ?? null,
        };
      });
      let action: Action;
      if (isCitizen || historyOnline) action = { type: 'submit_online', receivingAgencyId, submittedAt: now.toISOString() };
      else if (input.refuseReason) action = { type: 'refuse', reason: input.refuseReason, channel: input.channel as 'counter' | 'post' };
      else {
        const t = processingTime(c, input.channel);
        const appointment = await calendar.deadline(now, t.amount, t.unit, receivingAgencyId, [], x);
        action = { type: 'receive', appointment: appointment.toISOString(), receivedAt: now.toISOString(), channel: input.channel as 'counter' | 'post' };
      }
      const dctx = await decideCtx(actor, null, null, now, x);
      if (!isCitizen) dctx.actorAgencyId = receivingAgencyId;
      const decision = decide(null, action, dctx);
      if (!decision.ok) throw toAppError(decision);
      // The daily number is taken in its own short statement, so concurrent intakes at one counter do
      // not queue behind each other's transactions. Numbers are unique and never reused; a submission
      // that fails after this point leaves a gap in the day's sequence.
      const code =
        deps.history && opts.code ? opts.code : formatDossierCode(receiving.code, now, await repo.nextCodeSeq(x, receiving.code, vietnamYymmdd(now)));
      // The dossier, its first action row, the audit row, the outbox rows (and the idempotency
      // record) are written in ONE statement: all of them or none.
      const id = randomUUID();
      const response = { status: 201, body: { id } };
      const insert: repo.DossierInsert = {
        code,
        procedureCode: v.code,
        procedureVersionId: v.id,
        procedureName: v.name,
        field: v.field,
        caseKey: c.key,
        channel: input.channel,
        receivingAgencyId,
        applicantUserId: isCitizen ? actor.id : deps.history ? (opts.applicantUserId ?? null) : null,
        applicant: { ...input.applicant, name: nfc(input.applicant.name.trim()), address: input.applicant.address ? nfc(input.applicant.address) : null },
        applicantGroups: [...new Set(input.applicantGroups ?? [])],
        representative: input.representative ?? null,
        summary: input.summary ? nfc(input.summary) : null,
        formData: input.formData ?? {},
        components,
        state: decision.next,
        createdAt: now,
      };
      const parts = changeParts(
        ctx,
        { id, code, status: null },
        1,
        action.type,
        { ...action },
        decision.next,
        decision.events,
        decision.law,
        now,
        receivingAgencyId,
        claim ? { ...claim, response } : null,
      );
      let row: repo.DossierRow;
      try {
        row = await repo.insertDossierWith(x, id, insert, parts);
      } catch (err) {
        const winner = await raceWinner<{ id: string }>(x, claim, err);
        if (winner) return render(winner);
        throw err;
      }
      // The view is rendered after the write, from the row it returned.
      return render({ ...response, replayed: false }, row);
    },

    async act(
      ctx: RequestContext,
      id: string,
      input: ActionInput,
      idemKey: string | null,
      /** tx: the caller's open transaction (as for create). */
      opts: { view?: boolean; tx?: Tx } = {},
    ) {
      const actor = ctx.actor!;
      const x: Executor = opts.tx ?? db;
      type View = Awaited<ReturnType<typeof service.view>>;
      const d = /^[0-9a-f-]{36}$/i.test(id) ? await repo.getDossierForAction(x, id) : null;
      if (!d) throw notFound('hồ sơ');
      if (!(await canSee(actor, d, x))) throw forbidden('Hồ sơ không thuộc phạm vi cơ quan của bạn (hoặc không phải hồ sơ của bạn).');
      const claim = idempotencyClaim({ operation: 'dossier.action', principal: actor.id, key: idemKey, request: { id: d.id, input } });
      const render = async (r: { status: number; body: { id: string }; replayed: boolean }, row?: repo.DossierRow) =>
        opts.view === false
          ? { ...r, body: r.body as unknown as View }
          : { ...r, body: await service.view(x, actor, row ?? (await repo.getDossier(x, d.id))!) };
      const prior = await replay<{ id: string }>(x, claim);
      if (prior) return render(prior);
      const now = clock.now();
      if (input.version !== d.version) {
        throw conflict('stale_version', `Hồ sơ đã được cập nhật (phiên bản ${d.version}, bạn gửi ${input.version}). Vui lòng tải lại.`, {
          currentVersion: d.version,
        });
      }
      let action = await toAction(x, d, input, now);
      const dctx = await decideCtx(actor, d.state, d, now, x);
      let decision = decide(d.state, action, dctx);
      if (!decision.ok) throw toAppError(decision);
      // Issue 19: the approving leader signs the result file (outside any transaction: a remote
      // signature waits for the official's confirmation); an electronic return needs a validly signed result.
      if (deps.signing && action.type === 'result_ready' && action.fileId && actor.roles.includes('unit_leader')) {
        action = { ...action, fileId: await deps.signing.signResult({ ctx, dossierId: d.id, fileId: action.fileId, decisionNumber: action.decisionNumber }) };
        decision = decide(d.state, action, dctx);
        if (!decision.ok) throw toAppError(decision);
      }
      if (deps.signing && action.type === 'return_result' && action.channel === 'electronic') {
        const fid = d.state?.result?.fileId;
        if (!fid || !(await deps.signing.isValidlySigned(d.id, fid))) {
          throw unprocessable(
            'result_not_signed',
            'Kết quả chưa có tệp được ký số hợp lệ nên không thể trả bản điện tử. Lãnh đạo phê duyệt cần ký số tệp kết quả (PDF); hoặc trả kết quả trực tiếp hay qua bưu chính.',
          );
        }
      }
      // Issue 18 §2: a refusal after appraisal issues the written refusal stating the reasons
      // (numbered, sealed), entered as the dossier's result: its file row is written with the change.
      const extraParts: RawBuilder<unknown>[] = [];
      if (deps.writtenRefusal && action.type === 'stop' && decision.next.closure) {
        const w = await deps.writtenRefusal({ ctx, dossier: d, reason: decision.next.closure.reason, at: now, lawDay: lawDayOf(d.state, now) });
        action = { ...action, document: { number: w.number, fileId: w.file.id } };
        decision = decide(d.state, action, dctx);
        if (!decision.ok) throw toAppError(decision);
        extraParts.push(repo.fileInsert(w.file, repo.IF_SNAPSHOT_WRITTEN));
      }
      const { version: _v, type: _t, ...rest } = input;
      const response = { status: 200, body: { id: d.id } };
      // ONE statement: the versioned snapshot update, and — only if it matched — the action,
      // audit, outbox (and idempotency) rows. If someone else acted since the read, it writes nothing.
      const parts = [
        ...changeParts(
          ctx,
          d,
          d.lastSeq + 1,
          action.type,
          { ...rest, ...action },
          decision.next,
          decision.events,
          decision.law,
          now,
          dctx.actorAgencyId,
          claim ? { ...claim, response } : null,
          repo.IF_SNAPSHOT_WRITTEN,
        ),
        ...extraParts,
      ];
      let row: repo.DossierRow | null;
      try {
        row = await repo.writeSnapshotWith(x, d, decision.next, now, parts);
      } catch (err) {
        const winner = await raceWinner<{ id: string }>(x, claim, err);
        if (winner) return render(winner);
        throw err;
      }
      if (!row) {
        // A request with the same Idempotency-Key may be what got there first: answer as it did.
        const winner = await replay<{ id: string }>(x, claim);
        if (winner) return render(winner);
        throw conflict('stale_version', 'Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại.');
      }
      // Rendered after the write (so the dossier's row lock is held only for the writes), from the row written.
      return render({ ...response, replayed: false }, row);
    },

    async get(ctx: RequestContext, id: string) {
      const actor = ctx.actor!;
      const d = await load(actor, id);
      if (actor.kind === 'staff') {
        // Staff reads of a citizen's personal data are logged (Luật BVDLCN 2025).
        await database.transaction((tx) =>
          recordAudit(tx, ctx, {
            action: 'dossier.read',
            entity: 'dossier',
            entityId: d.id,
            summary: { code: d.code, applicantIdNumber: d.applicant.idNumber },
          }),
        );
      }
      return service.view(db, actor, d, true);
    },

    /** The API view of a dossier, with what this actor may do next and the time left. */
    async view(x: Executor, actor: Actor, d: repo.DossierRow, withTimeline = false) {
      const now = clock.now();
      const [receiving, current, lead] = await Promise.all([
        agencyById(x, d.receivingAgencyId),
        d.currentAgencyId ? agencyById(x, d.currentAgencyId) : null,
        d.leadAgencyId ? agencyById(x, d.leadAgencyId) : null,
      ]);
      const open = [2, 4, 5, 6].includes(d.status);
      const due = d.appointmentCurrent;
      const late = due ? (d.processingEndedAt ? d.processingEndedAt > due : open && now > due) : false;
      const ctxForActions = await decideCtx(actor, d.state, d, now, x);
      const actions = d.status === 5 || d.status === 6 || open || d.status === 1 || d.status === 9 ? allowedActions(d.state, ctxForActions) : [];
      const timeline = withTimeline ? await repo.listActions(x, d.id) : [];
      const people = new Map<string, { fullName: string; title: string | null } | null>();
      for (const id of new Set(timeline.map((a) => a.actorId).filter((v): v is string => !!v))) people.set(id, await personName(x, id));
      const files = withTimeline ? await repo.listFiles(x, d.id) : [];
      const verdicts =
        deps.signing && files.length ? await deps.signing.verdicts(files.map((f) => f.sha256)) : new Map<string, { status: string; verdict: string }>();
      return {
        id: d.id,
        code: d.code,
        lookupKey: formatLookupKey(d.lookupSecret),
        version: d.version,
        procedure: { code: d.procedureCode, name: d.procedureName, field: d.field, versionId: d.procedureVersionId, caseKey: d.caseKey },
        channel: d.channel,
        status: { code: d.status, name: STATUSES[d.status].nameVi, slug: STATUSES[d.status].slug },
        receivingAgency: receiving ? { id: receiving.id, code: receiving.code, name: receiving.name } : null,
        leadAgency: lead ? { id: lead.id, code: lead.code, name: lead.name } : null,
        currentAgency: current ? { id: current.id, code: current.code, name: current.name } : null,
        currentStep: d.state.currentStep,
        assigneeId: d.assigneeId,
        applicant: d.applicant,
        applicantGroups: d.applicantGroups,
        resultChannel: chosenReturnChannel(d.formData),
        fees: withTimeline ? await feeOptions(x, d) : null,
        forwardTo: withTimeline && actions.includes('forward') ? await forwardTarget(x, d) : null,
        representative: d.representative,
        summary: d.summary,
        formData: d.formData,
        components: d.components,
        submittedAt: d.submittedAt ? vnIso(d.submittedAt) : null,
        receivedAt: d.receivedAt ? vnIso(d.receivedAt) : null,
        appointment: { original: d.appointmentOriginal ? vnIso(d.appointmentOriginal) : null, current: due ? vnIso(due) : null },
        remaining: open && due ? await calendar.remaining(now, due, d.receivingAgencyId, 'vi', x) : null,
        late,
        flags: late && !d.hasApology && open ? ['late_without_apology'] : [],
        apology: d.state.apology,
        supplements: d.state.supplements,
        payments: d.state.payments,
        result: d.state.result,
        returnInfo: d.state.returnInfo,
        closure: d.state.closure,
        processingEndedAt: d.processingEndedAt ? vnIso(d.processingEndedAt) : null,
        allowedActions: actions.map((a) => ({ type: a, name: ACTION_NAMES_VI[a] })),
        timeline: timeline.map((a) => {
          const who = a.actorId ? people.get(a.actorId) : null;
          return {
            seq: a.seq,
            type: a.type,
            name: ACTION_NAMES_VI[a.type as ActionType] ?? a.type,
            at: vnIso(a.at),
            // People by name and title; the username stays for the technical detail admins may open.
            actorName: who?.fullName ?? (a.actorUsername?.startsWith('system:') ? 'Hệ thống' : null),
            actorTitle: who?.title ?? null,
            actor: a.actorUsername,
            agency: a.agencyName,
            fromStatus: a.fromStatus,
            toStatus: a.toStatus,
            payload: a.payload,
            // The law the action applied, as in force for this dossier (legal-basis.ts); null before it was recorded.
            law: a.law,
          };
        }),
        files: files.map((f) => ({
          id: f.id,
          componentIndex: f.componentIndex,
          kind: f.kind,
          fileName: f.fileName,
          mimeType: f.mimeType,
          sizeBytes: f.sizeBytes,
          sha256: f.sha256,
          digitised: f.digitised,
          uploadedAt: vnIso(f.uploadedAt),
          signature: verdicts.get(f.sha256) ?? null,
        })),
        createdAt: vnIso(d.createdAt),
        updatedAt: vnIso(d.updatedAt),
      };
    },

    async list(ctx: RequestContext, q: Omit<repo.DossierFilter, 'agencyIds' | 'now' | 'actorId' | 'applicantUserId' | 'dueSoonBefore'>) {
      const actor = ctx.actor!;
      const now = clock.now();
      const scope = actor.kind === 'citizen' ? null : await scopeOf(actor);
      const f: repo.DossierFilter = {
        ...q,
        agencyIds: scope === 'all' ? null : scope,
        applicantUserId: actor.kind === 'citizen' ? actor.id : undefined,
        actorId: actor.id,
        now,
        dueSoonBefore: await calendar.deadline(now, 1, 'working_days'),
      };
      if (actor.kind === 'staff' && scope !== 'all' && (scope as string[]).length === 0) return { items: [], total: 0, hasMore: false, counts: null };
      const { items, ...page } = await repo.listDossiers(db, f);
      const counts = actor.kind === 'staff' ? await repo.queueCounts(db, f) : null;
      return { items: await Promise.all(items.map((d) => service.view(db, actor, d))), ...page, counts };
    },

    /**
     * Public lookup (one statement). Codes are sequential and guessable, so the code alone shows
     * only the status; with the receipt's lookup key also what the receipt shows (procedure,
     * agency, the applicant's shortened name, dates, steps) — never ID number, phone or address.
     */
    async publicLookup(code: string, key: string | null) {
      const r = await repo.publicLookup(db, code.trim(), key);
      if (!r) throw notFound('hồ sơ có mã này');
      return publicLookupView(r, key !== null);
    },

    load,
    canSee,
  };
  return service;
}

export type DossierService = ReturnType<typeof createDossierService>;
