import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ACTION_TYPES,
  STATUSES,
  STATUS_CODES,
  TRANSITIONS,
  allowedActions,
  clockEffects,
  decide,
  isStatusCode,
  statusFromSlug,
  toAppError,
  type Action,
  type ActionType,
  type DecideContext,
  type DossierState,
  type FromState,
  type Instant,
  type StatusCode,
  type TransitionRule,
  type WorkflowStepInfo,
} from './dossiers.rules.js';

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const CENTRE = 'ttphvc-tinh'; // Trung tâm Phục vụ hành chính công (one-stop section)
const A = 'so-nong-nghiep'; // lead processing agency
const B = 'so-xay-dung'; // liên thông partner
const C = 'chi-cuc-thue'; // second partner

const STEPS: Record<string, readonly WorkflowStepInfo[]> = {
  [A]: [
    { name: 'Thụ lý', allowsSendBack: false },
    { name: 'Thẩm định', allowsSendBack: true },
    { name: 'Lãnh đạo ký', allowsSendBack: true },
  ],
  [B]: [
    { name: 'Thụ lý', allowsSendBack: false },
    { name: 'Cho ý kiến', allowsSendBack: true },
  ],
  [C]: [{ name: 'Xác định nghĩa vụ thuế', allowsSendBack: false }],
};

type Who = Omit<DecideContext, 'now' | 'workflow'>;
const citizen: Who = { actorRoles: ['citizen'], actorAgencyId: null, actorId: 'cd-1', actorIsApplicant: true };
const stranger: Who = { actorRoles: ['citizen'], actorAgencyId: null, actorId: 'cd-2', actorIsApplicant: false };
const officer: Who = { actorRoles: ['one_stop_officer'], actorAgencyId: CENTRE, actorId: 'mc-1' };
const otherOfficer: Who = { actorRoles: ['one_stop_officer'], actorAgencyId: 'ttphvc-xa', actorId: 'mc-9' };
const system: Who = { actorRoles: ['system'], actorAgencyId: null, actorId: 'dvcqg' };
const staff = (agency: string, role: 'specialist' | 'unit_leader'): Who => ({
  actorRoles: [role],
  actorAgencyId: agency,
  actorId: `${role}-${agency}`,
});
const specA = staff(A, 'specialist');
const leadA = staff(A, 'unit_leader');
const specB = staff(B, 'specialist');
const leadB = staff(B, 'unit_leader');
const specC = staff(C, 'specialist');
const leadCentre = staff(CENTRE, 'unit_leader');
const admin: Who = { actorRoles: ['admin'], actorAgencyId: null, actorId: 'admin' };
const ACTORS: readonly Who[] = [citizen, stranger, officer, otherOfficer, system, specA, leadA, specB, leadB, specC, leadCentre, admin];

const T0 = Date.parse('2026-11-02T01:00:00Z'); // Monday 08:00 in Vietnam
const hours = (h: number): Instant => new Date(T0 + h * 3_600_000).toISOString();

function ctxFor(who: Who, state: DossierState | null, now: Instant): DecideContext {
  const agency = state?.currentAgencyId;
  return { ...who, now, workflow: agency ? { steps: STEPS[agency] ?? STEPS[A] } : null };
}

/** A small driver that keeps the time moving and fails loudly. */
class Run {
  state: DossierState | null = null;
  h = 0;
  events: Extract<ReturnType<typeof decide>, { ok: true }>['events'] = [];
  do(who: Who, action: Action): this {
    this.h += 1;
    const d = decide(this.state, action, ctxFor(who, this.state, hours(this.h)));
    if (!d.ok) assert.fail(`${action.type} refused: ${d.code} — ${d.detail}`);
    this.state = d.next;
    this.events = d.events;
    return this;
  }
  try(who: Who, action: Action): ReturnType<typeof decide> {
    return decide(this.state, action, ctxFor(who, this.state, hours(this.h + 1)));
  }
  get s(): DossierState {
    assert.ok(this.state);
    return this.state;
  }
}

const appointmentIn = (h: number) => hours(h);
const submit: Action = { type: 'submit_online', receivingAgencyId: CENTRE };
const receive = (h = 200): Action => ({ type: 'receive', appointment: appointmentIn(h) });
const forward = (to = A): Action => ({ type: 'forward', toAgencyId: to });
const askSupplement: Action = {
  type: 'request_supplement',
  reason: 'Thiếu giấy tờ',
  items: ['Bản sao Giấy chứng nhận quyền sử dụng đất', 'Sơ đồ thửa đất'],
  withinThreeWorkingDays: true,
  deadline: null,
};

function atLead(): Run {
  return new Run().do(citizen, submit).do(officer, receive()).do(officer, forward());
}

// ---------------------------------------------------------------------------------------------
// Reaching every "from" state of the table
// ---------------------------------------------------------------------------------------------

function reach(from: FromState): Run {
  const r = new Run();
  if (from === null) return r;
  if (typeof from === 'object') {
    if (from.phase === 'pre_receipt') {
      return r.do(citizen, submit).do(officer, { type: 'guide_supplement_before_receipt', reason: 'Thiếu', items: ['Tờ khai'] });
    }
    return atLead().do(specA, askSupplement);
  }
  switch (from) {
    case 1:
      return r.do(citizen, submit);
    case 2:
      return r.do(citizen, submit).do(officer, receive());
    case 4:
      return atLead().do(leadA, { type: 'assign', departmentId: 'phong-1', officerId: 'cv-1' }).do(specA, { type: 'next_step' });
    case 6:
      return atLead().do(specA, { type: 'request_payment', items: [{ name: 'Lệ phí', amount: 50_000 }] });
    case 9:
      return atLead()
        .do(specA, { type: 'next_step' })
        .do(specA, { type: 'next_step' })
        .do(leadA, { type: 'result_ready', decisionNumber: '123/QĐ-SNN', signer: 'Nguyễn Văn A', signedOn: '2026-11-05' });
    default:
      throw new Error(`no path to ${String(from)}`);
  }
}

/** An actor satisfying the rule's role and agency. */
function actorFor(r: TransitionRule, s: DossierState | null): Who {
  const role = r.roles[0];
  switch (role) {
    case 'citizen':
      return citizen;
    case 'system':
      return system;
    case 'one_stop_officer':
      return officer;
    case 'specialist':
    case 'unit_leader':
      return staff(s?.currentAgencyId ?? s?.receivingAgencyId ?? CENTRE, role);
    default:
      throw new Error(role);
  }
}

/** A valid action of a type for a state (computed facts true, appointments in the future). */
function validAction(type: ActionType, s: DossierState | null, nowH: number): Action {
  const later = (h: number) => hours(nowH + h);
  switch (type) {
    case 'submit_online':
      return submit;
    case 'receive':
      return { type, appointment: later(100) };
    case 'refuse':
      return { type, reason: 'Không thuộc thẩm quyền' };
    case 'guide_supplement_before_receipt':
      return { type, reason: 'Thiếu thành phần', items: ['Tờ khai'] };
    case 'forward':
      return { type, toAgencyId: A };
    case 'assign':
      return { type, departmentId: 'phong-1', officerId: 'cv-1' };
    case 'next_step':
      return { type };
    case 'send_back':
      return { type, toStep: Math.max(0, (s?.currentStep ?? 1) - 1), reason: 'Cần thẩm định lại' };
    case 'transfer': {
      const chain = new Set([...(s?.transferStack.map((f) => f.agencyId) ?? []), s?.currentAgencyId]);
      const to = [B, C, 'so-tai-chinh'].find((x) => !chain.has(x)) ?? 'so-khac';
      return { type, toAgencyId: to, task: 'Cho ý kiến', dueAt: later(24) };
    }
    case 'transfer_return':
      return { type, note: 'Đã có ý kiến' };
    case 'request_supplement':
      return askSupplement;
    case 'supplement_received':
      return { type, newAppointment: later(150) };
    case 'supplement_timeout_stop':
      return { type, deadlinePassed: true };
    case 'request_payment':
      return { type, items: [{ name: 'Lệ phí cấp giấy', amount: 100_000 }] };
    case 'payment_received':
      return { type, paidOnline: true, newAppointment: null };
    case 'withdraw':
      return { type, reason: 'Công dân có đơn xin rút hồ sơ' };
    case 'stop':
      return { type, reason: 'Không đủ điều kiện' };
    case 'result_ready':
      return { type, decisionNumber: '45/QĐ-UBND', signer: 'Trần Thị B', signedOn: '2026-11-10' };
    case 'return_result':
      return { type, channel: 'electronic', receivedBy: 'cd1@example.vn' };
    case 'apologise': {
      const cur = s?.appointment.current ? Date.parse(s.appointment.current) : T0;
      return { type, reason: 'Cần xác minh thực địa', newAppointment: new Date(cur + 48 * 3_600_000).toISOString(), atLeastOneWorkingDayBefore: true };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------

describe('statuses', () => {
  test('codes 1–10 with Vietnamese names and portal slugs', () => {
    assert.deepEqual([...STATUS_CODES], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(STATUSES[5].nameVi, 'Yêu cầu bổ sung giấy tờ');
    assert.equal(STATUSES[10].slug, 'done');
    assert.equal(statusFromSlug('receiving'), 1);
    assert.equal(statusFromSlug('unresolved'), 8);
    assert.equal(statusFromSlug('nope'), null);
    assert.deepEqual(
      STATUS_CODES.filter((c) => STATUSES[c].terminal),
      [3, 7, 8, 10],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The transition table
// ---------------------------------------------------------------------------------------------

/** The domain note's transitions, written out independently of TRANSITIONS. */
const EXPECTED: ReadonlyArray<[string, ActionType, StatusCode | 'same']> = [
  ['∅', 'submit_online', 1],
  ['∅', 'receive', 2],
  ['∅', 'refuse', 3],
  ['1', 'receive', 2],
  ['1', 'refuse', 3],
  ['1', 'guide_supplement_before_receipt', 5],
  ['5pre', 'supplement_received', 2],
  ['5pre', 'refuse', 3],
  ['2', 'forward', 4],
  ['4', 'assign', 'same'],
  ['4', 'next_step', 'same'],
  ['4', 'send_back', 'same'],
  ['4', 'transfer', 'same'],
  ['4', 'transfer_return', 'same'],
  ['4', 'request_supplement', 5],
  ['5proc', 'supplement_received', 4],
  ['5proc', 'supplement_timeout_stop', 8],
  ['4', 'request_payment', 6],
  ['6', 'payment_received', 4],
  ['1', 'withdraw', 7],
  ['2', 'withdraw', 7],
  ['4', 'withdraw', 7],
  ['5pre', 'withdraw', 7],
  ['5proc', 'withdraw', 7],
  ['6', 'withdraw', 7],
  ['4', 'stop', 8],
  ['4', 'result_ready', 9],
  ['9', 'return_result', 10],
  ['2', 'apologise', 'same'],
  ['4', 'apologise', 'same'],
  ['6', 'apologise', 'same'],
];

const fromKey = (f: FromState) => (f === null ? '∅' : typeof f === 'number' ? String(f) : f.phase === 'pre_receipt' ? '5pre' : '5proc');
const keyFrom = (k: string): FromState =>
  k === '∅'
    ? null
    : k === '5pre'
      ? { status: 5, phase: 'pre_receipt' }
      : k === '5proc'
        ? { status: 5, phase: 'processing' }
        : (Number(k) as Exclude<StatusCode, 5>);

describe('transition table', () => {
  test('TRANSITIONS is exactly the domain note', () => {
    const actual = TRANSITIONS.map((r) => `${fromKey(r.from)} ${r.action} ${String(r.to)}`).sort();
    const expected = EXPECTED.map(([f, a, t]) => `${f} ${a} ${String(t)}`).sort();
    assert.deepEqual(actual, expected);
  });

  for (const [from, action, to] of EXPECTED) {
    test(`${from} —${action}→ ${String(to)}`, () => {
      const run = reach(keyFrom(from));
      // Some 4 → 4 rows need their own precondition: a pending transfer, the last workflow step.
      if (action === 'transfer_return') run.do(specA, { type: 'transfer', toAgencyId: B, task: 'Cho ý kiến' });
      if (action === 'result_ready') run.do(specA, { type: 'next_step' });
      const before = run.state;
      const r = TRANSITIONS.find((x) => x.action === action && fromKey(x.from) === from);
      assert.ok(r);
      const who = actorFor(r, before);
      run.do(who, validAction(action, before, run.h + 1));
      assert.equal(run.s.status, to === 'same' ? before?.status : to);
      // Clock effects announced as events match the table.
      for (const clock of ['legal', 'qd766'] as const) {
        const effect = r.clocks[clock];
        const announced = run.events.find((e) => e.type === 'clock' && e.clock === clock);
        if (effect === 'none') assert.equal(announced, undefined, `${clock} should not change`);
      }
      assert.deepEqual(clockEffects(before, action), r.clocks);
    });
  }

  test('terminal states accept nothing', () => {
    const terminals: Run[] = [
      new Run().do(officer, { type: 'refuse', reason: 'Không thuộc thẩm quyền' }),
      new Run().do(citizen, submit).do(citizen, { type: 'withdraw', reason: 'Không có nhu cầu' }),
      atLead().do(specA, { type: 'stop', reason: 'Không đủ điều kiện' }),
      reach(9).do(officer, { type: 'return_result', channel: 'counter', receivedBy: 'Lê Văn C' }),
    ];
    assert.deepEqual(
      terminals.map((t) => t.s.status),
      [3, 7, 8, 10],
    );
    for (const t of terminals) {
      for (const who of ACTORS) {
        assert.deepEqual(allowedActions(t.s, who), []);
        for (const type of ACTION_TYPES) {
          const d = t.try(who, validAction(type, t.s, t.h + 1));
          assert.equal(d.ok, false);
          if (!d.ok) assert.equal(d.code, 'illegal_transition');
        }
      }
    }
  });

  test('an illegal transition is a 409 with a Vietnamese detail', () => {
    const d = new Run().do(citizen, submit).try(specA, { type: 'result_ready', decisionNumber: '1', signer: 'x', signedOn: '2026-11-02' });
    assert.equal(d.ok, false);
    if (d.ok) return;
    assert.equal(d.code, 'illegal_transition');
    assert.equal(d.httpStatus, 409);
    assert.match(d.detail, /Không thể thực hiện "Có kết quả giải quyết" ở trạng thái "Mới đăng ký"/);
    const err = toAppError(d);
    assert.equal(err.status, 409);
    assert.equal(err.code, 'illegal_transition');
  });
});

// ---------------------------------------------------------------------------------------------
// Roles and agencies
// ---------------------------------------------------------------------------------------------

describe('who may act', () => {
  test('only the one-stop officer of the receiving section receives', () => {
    const run = new Run().do(citizen, submit);
    const asSpecialist = run.try(specA, receive());
    assert.equal(asSpecialist.ok, false);
    if (!asSpecialist.ok) {
      assert.equal(asSpecialist.code, 'forbidden_role');
      assert.equal(asSpecialist.httpStatus, 403);
    }
    const elsewhere = run.try(otherOfficer, receive());
    assert.equal(elsewhere.ok, false);
    if (!elsewhere.ok) assert.equal(elsewhere.code, 'wrong_agency');
    assert.ok(run.try(officer, receive()).ok);
  });

  test('a citizen withdraws only their own dossier', () => {
    const run = new Run().do(citizen, submit);
    const d = run.try(stranger, { type: 'withdraw', reason: 'x' });
    assert.equal(d.ok, false);
    if (!d.ok) assert.equal(d.code, 'not_applicant');
    assert.ok(run.try(citizen, { type: 'withdraw', reason: 'Không có nhu cầu' }).ok);
  });

  test('processing actions belong to the agency holding the dossier', () => {
    const run = atLead();
    const d = run.try(specB, { type: 'next_step' });
    assert.equal(d.ok, false);
    if (!d.ok) assert.equal(d.code, 'wrong_agency');
    const assignBySpecialist = run.try(specA, { type: 'assign', departmentId: 'p', officerId: null });
    assert.equal(assignBySpecialist.ok, false);
    if (!assignBySpecialist.ok) assert.equal(assignBySpecialist.code, 'forbidden_role');
    assert.ok(run.try(leadA, { type: 'assign', departmentId: 'p', officerId: 'cv' }).ok);
  });

  test('allowedActions lists the buttons for each actor', () => {
    assert.deepEqual(allowedActions(null, citizen), ['submit_online']);
    assert.deepEqual(allowedActions(null, officer), ['receive', 'refuse']);
    const one = new Run().do(citizen, submit).s;
    assert.deepEqual(allowedActions(one, officer), ['receive', 'refuse', 'guide_supplement_before_receipt', 'withdraw']);
    assert.deepEqual(allowedActions(one, citizen), ['withdraw']);
    assert.deepEqual(allowedActions(one, specA), []);
    const four = atLead().s;
    const wf = { workflow: { steps: STEPS[A] } };
    assert.deepEqual(allowedActions(four, { ...specA, ...wf }), ['next_step', 'transfer', 'request_supplement', 'request_payment', 'stop', 'apologise']);
    assert.deepEqual(allowedActions(four, { ...leadA, ...wf }), [
      'assign',
      'next_step',
      'transfer',
      'request_supplement',
      'request_payment',
      'stop',
      'apologise',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Scenarios from the domain note
// ---------------------------------------------------------------------------------------------

describe('scenarios', () => {
  test('online submission, receipt, forwarding: clocks start at receipt and the receipt is issued', () => {
    const run = new Run().do(citizen, submit);
    assert.equal(run.s.status, 1);
    assert.deepEqual(run.s.clocks, { legal: 'not_started', qd766: 'not_started' });
    run.do(officer, receive(200));
    assert.equal(run.s.status, 2);
    assert.equal(run.s.receivedAt, hours(2));
    assert.deepEqual(run.s.appointment, { original: hours(200), current: hours(200) });
    assert.deepEqual(run.s.clocks, { legal: 'running', qd766: 'running' });
    assert.ok(run.events.some((e) => e.type === 'document' && e.form === 'receipt'));
    assert.ok(run.events.some((e) => e.type === 'clock' && e.clock === 'legal' && e.effect === 'start'));
    run.do(officer, forward());
    assert.equal(run.s.status, 4);
    assert.equal(run.s.currentAgencyId, A);
    assert.equal(run.s.leadAgencyId, A);
    assert.equal(run.s.currentStep, 0);
    assert.equal(run.s.currentAgencyReceivedAt, hours(3));
    const h = run.events.find((e) => e.type === 'handover');
    assert.ok(h && h.type === 'handover');
    assert.equal(h.kind, 'forward');
    assert.equal(h.from.kind, 'one_stop');
    assert.equal(h.to.agencyId, A);
  });

  test('an appointment before the receipt is refused', () => {
    const d = new Run().do(citizen, submit).try(officer, { type: 'receive', appointment: hours(0) });
    assert.equal(d.ok, false);
    if (!d.ok) assert.equal(d.code, 'invalid_appointment');
  });

  test('counter intake goes straight to 2 with the officer’s section as receiving agency', () => {
    const run = new Run().do(officer, { type: 'receive', appointment: hours(50), channel: 'post' });
    assert.equal(run.s.status, 2);
    assert.equal(run.s.channel, 'post');
    assert.equal(run.s.receivingAgencyId, CENTRE);
  });

  test('supplementation asked twice by the same agency is refused; the limit restarts, the 766 clock subtracts', () => {
    const run = atLead();
    run.do(specA, askSupplement);
    assert.equal(run.s.status, 5);
    assert.equal(run.s.supplementPhase, 'processing');
    assert.deepEqual(run.s.clocks, { legal: 'paused', qd766: 'paused' });
    assert.deepEqual(run.s.supplementCountByAgency, { [A]: 1 });
    assert.ok(run.events.some((e) => e.type === 'document' && e.form === 'supplement_request'));
    run.do(citizen, { type: 'supplement_received', newAppointment: hours(300) });
    assert.equal(run.s.status, 4);
    assert.equal(run.s.legalClockStartedAt, hours(5));
    assert.deepEqual(run.s.appointment, { original: hours(200), current: hours(300) });
    assert.deepEqual(run.s.pausedIntervals, [{ reason: 'supplement', clocks: ['qd766'], from: hours(4), to: hours(5) }]);
    assert.ok(run.events.some((e) => e.type === 'clock' && e.clock === 'legal' && e.effect === 'restart'));
    assert.ok(run.events.some((e) => e.type === 'clock' && e.clock === 'qd766' && e.effect === 'resume'));
    const rec = run.s.supplements[0];
    assert.equal(rec.appointmentBefore, hours(200));
    assert.equal(rec.appointmentAfter, hours(300));

    const second = run.try(specA, askSupplement);
    assert.equal(second.ok, false);
    if (!second.ok) {
      assert.equal(second.code, 'supplement_already_requested');
      assert.equal(second.httpStatus, 422);
      assert.match(second.detail, /một lần/);
      // Received in November 2026: the law in force is Nghị định 118/2025 as amended, not the 2018 decree (legal-basis.ts).
      assert.match(second.detail, /\(Nghị định 118\/2025\/NĐ-CP \(sửa đổi, bổ sung bởi Nghị định 367\/2025\/NĐ-CP\)\)\.$/);
      // The same refusal for a dossier received before 1/7/2025 cites the decree of its day.
      const old = decide(
        { ...run.s, receivedAt: '2025-06-30T02:00:00.000Z' },
        { type: 'request_supplement', reason: 'x', items: ['y'], withinThreeWorkingDays: true },
        { ...specA, now: hours(6), workflow: { steps: STEPS[A] } },
      );
      assert.ok(
        !old.ok && /Nghị định 61\/2018\/NĐ-CP \(sửa đổi, bổ sung bởi Nghị định 107\/2021\/NĐ-CP\) Điều 19 khoản 4/.test(old.detail),
        JSON.stringify(old),
      );
    }
    assert.ok(!allowedActions(run.s, { ...specA, workflow: { steps: STEPS[A] } }).includes('request_supplement'));
  });

  test('a supplement request after 3 working days is refused', () => {
    const d = atLead().try(specA, { ...askSupplement, withinThreeWorkingDays: false });
    assert.equal(d.ok, false);
    if (!d.ok) {
      assert.equal(d.code, 'supplement_request_too_late');
      assert.match(d.detail, /\(Nghị định 118\/2025\/NĐ-CP \(sửa đổi, bổ sung bởi Nghị định 367\/2025\/NĐ-CP\)\)\.$/);
    }
  });

  test('a supplement request must list what is missing', () => {
    const d = atLead().try(specA, { ...askSupplement, items: [] });
    assert.equal(d.ok, false);
    if (!d.ok) assert.equal(d.code, 'supplement_items_required');
  });

  test('the applicant does not supplement: stop after the deadline only', () => {
    const run = atLead().do(specA, { ...askSupplement, deadline: hours(20) });
    const early = run.try(specA, { type: 'supplement_timeout_stop', deadlinePassed: false });
    assert.equal(early.ok, false);
    if (!early.ok) assert.equal(early.code, 'supplement_deadline_not_passed');
    run.do(specA, { type: 'supplement_timeout_stop', deadlinePassed: true });
    assert.equal(run.s.status, 8);
    assert.equal(run.s.closure?.kind, 'supplement_timeout');
    assert.deepEqual(run.s.clocks, { legal: 'stopped', qd766: 'stopped' });
    assert.equal(run.s.pausedIntervals[0].to, hours(5));
  });

  test('guidance before receipt: no clock, then the completed dossier is received with an appointment', () => {
    const run = new Run().do(citizen, submit).do(officer, { type: 'guide_supplement_before_receipt', reason: 'Thiếu', items: ['Tờ khai'] });
    assert.equal(run.s.status, 5);
    assert.equal(run.s.supplementPhase, 'pre_receipt');
    assert.deepEqual(run.s.clocks, { legal: 'not_started', qd766: 'not_started' });
    assert.deepEqual(run.s.supplementCountByAgency, {});
    run.do(officer, { type: 'supplement_received', newAppointment: hours(100) });
    assert.equal(run.s.status, 2);
    assert.equal(run.s.receivedAt, hours(3));
    assert.deepEqual(run.s.appointment, { original: hours(100), current: hours(100) });
    assert.deepEqual(run.s.clocks, { legal: 'running', qd766: 'running' });
  });

  test('steps forward and back where the workflow allows', () => {
    const run = atLead();
    const back0 = run.try(specA, { type: 'send_back', toStep: 0, reason: 'x' });
    assert.equal(back0.ok, false);
    if (!back0.ok) assert.equal(back0.code, 'send_back_not_allowed');
    run.do(specA, { type: 'next_step', assignee: { departmentId: 'phong-1', officerId: 'cv-2' } });
    assert.equal(run.s.currentStep, 1);
    assert.deepEqual(run.s.assignee, { departmentId: 'phong-1', officerId: 'cv-2' });
    const notLast = run.try(leadA, { type: 'result_ready', decisionNumber: '1', signer: 'x', signedOn: '2026-11-02' });
    assert.equal(notLast.ok, false);
    if (!notLast.ok) assert.equal(notLast.code, 'not_last_step');
    run.do(specA, { type: 'send_back', toStep: 0, reason: 'Bổ sung ý kiến thẩm định' });
    assert.equal(run.s.currentStep, 0);
    run.do(specA, { type: 'next_step' }).do(specA, { type: 'next_step' });
    const beyond = run.try(specA, { type: 'next_step' });
    assert.equal(beyond.ok, false);
    if (!beyond.ok) assert.equal(beyond.code, 'no_next_step');
    const forward2 = run.try(specA, { type: 'send_back', toStep: 2, reason: 'x' });
    assert.equal(forward2.ok, false);
    if (!forward2.ok) assert.equal(forward2.code, 'invalid_step');
  });

  test('transfer to another agency (liên thông) and back, nested', () => {
    const run = atLead().do(specA, { type: 'next_step' });
    run.do(specA, { type: 'transfer', toAgencyId: B, task: 'Cho ý kiến về quy hoạch', dueAt: hours(30) });
    assert.equal(run.s.status, 4);
    assert.equal(run.s.currentAgencyId, B);
    assert.equal(run.s.currentStep, 0);
    assert.equal(run.s.leadAgencyId, A);
    assert.deepEqual(run.s.involvedAgencyIds, [A, B]);
    // The lead cannot act while B holds it; B cannot conclude the dossier.
    const leadTries = run.try(specA, { type: 'next_step' });
    assert.equal(leadTries.ok, false);
    const bConcludes = run.try(specB, { type: 'stop', reason: 'x' });
    assert.equal(bConcludes.ok, false);
    if (!bConcludes.ok) assert.equal(bConcludes.code, 'transfer_pending');
    // B asks for a supplement once: A's and B's counts are separate.
    run.do(specB, askSupplement).do(citizen, { type: 'supplement_received', newAppointment: hours(400) });
    assert.deepEqual(run.s.supplementCountByAgency, { [B]: 1 });
    // Nested transfer B → C, and no cycle back to A.
    const cycle = run.try(specB, { type: 'transfer', toAgencyId: A, task: 'x' });
    assert.equal(cycle.ok, false);
    if (!cycle.ok) assert.equal(cycle.code, 'invalid_transfer_target');
    run.do(specB, { type: 'transfer', toAgencyId: C, task: 'Xác định nghĩa vụ tài chính' });
    assert.equal(run.s.transferStack.length, 2);
    run.do(specC, { type: 'transfer_return', note: 'Đã xác định' });
    assert.equal(run.s.currentAgencyId, B);
    run.do(leadB, { type: 'transfer_return', note: 'Thống nhất' });
    assert.equal(run.s.currentAgencyId, A);
    assert.equal(run.s.currentStep, 1);
    assert.equal(run.s.transferStack.length, 0);
    assert.deepEqual(run.s.involvedAgencyIds, [A, B, C]);
    const noMore = run.try(specA, { type: 'transfer_return' });
    assert.equal(noMore.ok, false);
    if (!noMore.ok) assert.equal(noMore.code, 'no_transfer_pending');
    // A may still ask for its own (first) supplement.
    assert.ok(run.try(specA, askSupplement).ok);
  });

  test('payment pauses both clocks and may move the appointment', () => {
    const run = atLead().do(specA, { type: 'request_payment', items: [{ name: 'Lệ phí trước bạ', amount: 1_250_000 }] });
    assert.equal(run.s.status, 6);
    assert.deepEqual(run.s.clocks, { legal: 'paused', qd766: 'paused' });
    run.do(system, { type: 'payment_received', paidOnline: true, newAppointment: hours(230) });
    assert.equal(run.s.status, 4);
    assert.deepEqual(run.s.clocks, { legal: 'running', qd766: 'running' });
    assert.deepEqual(run.s.appointment, { original: hours(200), current: hours(230) });
    assert.equal(run.s.payments[0].paidOnline, true);
    assert.deepEqual(run.s.pausedIntervals, [{ reason: 'payment', clocks: ['legal', 'qd766'], from: hours(4), to: hours(5) }]);
  });

  test('a late dossier gets an apology and a new appointment; a second apology is refused', () => {
    const run = atLead().do(specA, { type: 'next_step' });
    const tooLate = run.try(leadA, { type: 'apologise', reason: 'x', newAppointment: hours(300), atLeastOneWorkingDayBefore: false });
    assert.equal(tooLate.ok, false);
    if (!tooLate.ok) assert.equal(tooLate.code, 'apology_too_late');
    const earlier = run.try(leadA, { type: 'apologise', reason: 'x', newAppointment: hours(150), atLeastOneWorkingDayBefore: true });
    assert.equal(earlier.ok, false);
    if (!earlier.ok) assert.equal(earlier.code, 'invalid_appointment');
    run.do(leadA, { type: 'apologise', reason: 'Phải xác minh thực địa', newAppointment: hours(260), atLeastOneWorkingDayBefore: true });
    assert.equal(run.s.status, 4);
    assert.deepEqual(run.s.appointment, { original: hours(200), current: hours(260) });
    assert.deepEqual(run.s.apology, {
      at: hours(5),
      by: `unit_leader-${A}`,
      agencyId: A,
      reason: 'Phải xác minh thực địa',
      previousAppointment: hours(200),
      newAppointment: hours(260),
    });
    assert.ok(run.events.some((e) => e.type === 'document' && e.form === 'apology'));
    assert.ok(run.events.some((e) => e.type === 'appointment_changed' && e.reason === 'apology' && e.previous === hours(200)));
    const again = run.try(specA, { type: 'apologise', reason: 'y', newAppointment: hours(400), atLeastOneWorkingDayBefore: true });
    assert.equal(again.ok, false);
    if (!again.ok) assert.equal(again.code, 'apology_already_issued');
  });

  test('withdrawal at the applicant’s request from processing issues the stop notice', () => {
    const run = atLead().do(citizen, { type: 'withdraw', reason: 'Không còn nhu cầu', reference: 'Đơn ngày 05/11/2026' });
    assert.equal(run.s.status, 7);
    assert.equal(run.s.closure?.kind, 'withdrawn');
    assert.equal(run.s.processingEndedAt, hours(4));
    assert.ok(run.events.some((e) => e.type === 'document' && e.form === 'stop_notice'));
    // After the result is ready, withdrawal is no longer possible.
    const d = reach(9).try(citizen, { type: 'withdraw', reason: 'x' });
    assert.equal(d.ok, false);
    if (!d.ok) assert.equal(d.code, 'illegal_transition');
  });

  test('result ready then returned electronically', () => {
    const run = reach(9);
    assert.equal(run.s.status, 9);
    assert.equal(run.s.result?.decisionNumber, '123/QĐ-SNN');
    assert.deepEqual(run.s.clocks, { legal: 'stopped', qd766: 'stopped' });
    assert.equal(run.s.processingEndedAt, hours(6));
    run.do(officer, { type: 'return_result', channel: 'electronic', receivedBy: 'nguyenvana@example.vn' });
    assert.equal(run.s.status, 10);
    assert.deepEqual(run.s.returnInfo, { at: hours(7), channel: 'electronic', receivedBy: 'nguyenvana@example.vn', trackingNumber: null, by: 'mc-1' });
    const h = run.events.find((e) => e.type === 'handover');
    assert.ok(h && h.type === 'handover' && h.kind === 'result_returned' && h.to.kind === 'applicant');
  });

  test('reasons are NFC-normalised and required', () => {
    const nfd = 'Không đủ điều kiện'.normalize('NFD');
    const run = atLead().do(specA, { type: 'stop', reason: nfd });
    assert.equal(run.s.closure?.reason, 'Không đủ điều kiện'.normalize('NFC'));
    const d = atLead().try(specA, { type: 'stop', reason: '  ' });
    assert.equal(d.ok, false);
    if (!d.ok) assert.equal(d.code, 'reason_required');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

function clockInvariant(s: DossierState): boolean {
  const { legal, qd766 } = s.clocks;
  switch (s.status) {
    case 1:
    case 3:
      return legal === 'not_started' && qd766 === 'not_started';
    case 2:
    case 4:
      return legal === 'running' && qd766 === 'running';
    case 5:
      return s.supplementPhase === 'pre_receipt' ? legal === 'not_started' && qd766 === 'not_started' : legal === 'paused' && qd766 === 'paused';
    case 6:
      return legal === 'paused' && qd766 === 'paused';
    case 7:
      return legal === qd766 && (legal === 'stopped' || legal === 'not_started');
    case 8:
    case 9:
    case 10:
      return legal === 'stopped' && qd766 === 'stopped';
  }
}

const stepArb = fc.record({
  /** Mostly pick among the actions the actor may take, so that sequences go deep. */
  pickAllowed: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
  /** Rarely allow the actions that end a dossier early, so that sequences reach 9 and 10. */
  mayEnd: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  pick: fc.nat(),
  type: fc.constantFrom(...ACTION_TYPES),
  actor: fc.nat({ max: ACTORS.length - 1 }),
  valid: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  flip: fc.nat({ max: 5 }),
});

/** Either a valid action or one with a defect (a false computed fact, an empty list, a bad date). */
function arbitraryAction(type: ActionType, s: DossierState | null, h: number, valid: boolean, flip: number): Action {
  const a = validAction(type, s, h);
  if (valid) return a;
  switch (a.type) {
    case 'request_supplement':
      return flip % 2 ? { ...a, withinThreeWorkingDays: false } : { ...a, items: [] };
    case 'apologise':
      return flip % 2 ? { ...a, atLeastOneWorkingDayBefore: false } : { ...a, newAppointment: hours(h - 1000) };
    case 'supplement_timeout_stop':
      return { ...a, deadlinePassed: false };
    case 'receive':
      return { ...a, appointment: flip % 2 ? 'not a date' : hours(h - 1) };
    case 'send_back':
      return { ...a, toStep: flip };
    case 'stop':
    case 'withdraw':
    case 'refuse':
      return { ...a, reason: '' };
    default:
      return a;
  }
}

const ENDING: readonly ActionType[] = ['refuse', 'withdraw', 'stop', 'supplement_timeout_stop'];

describe('properties (fast-check)', () => {
  test('random action sequences keep every invariant', () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 5, maxLength: 60 }), (steps) => {
        let state: DossierState | null = null;
        let original: string | null = null;
        let apology: DossierState['apology'] = null;
        let h = 0;
        for (const st of steps) {
          h += 1;
          let who = ACTORS[st.actor];
          let type = st.type;
          if (st.pickAllowed) {
            // Draw uniformly among every (actor, action) pair that is allowed now.
            const pairs = ACTORS.flatMap((cand) => allowedActions(state, ctxFor(cand, state, hours(h))).map((t) => [cand, t] as const)).filter(
              ([, t]) => st.mayEnd || !ENDING.includes(t),
            );
            if (pairs.length > 0) [who, type] = pairs[st.pick % pairs.length];
          }
          const ctx = ctxFor(who, state, hours(h));
          const allowed = allowedActions(state, ctx);
          const d = decide(state, arbitraryAction(type, state, h, st.valid, st.flip), ctx);
          if (d.ok) {
            assert.ok(allowed.includes(type), `${type} accepted but not in allowedActions`);
            seen.add(d.next.status);
          } else {
            assert.ok(d.code.length > 0 && d.detail.length > 0);
            if (st.valid) assert.ok(!allowed.includes(type), `${type} allowed but refused: ${d.code}`);
            if (state && STATUSES[state.status].terminal) assert.equal(d.code, 'illegal_transition');
            continue;
          }
          const s = d.next;
          assert.ok(isStatusCode(s.status), `status ${String(s.status)}`);
          assert.ok(clockInvariant(s), `clocks ${JSON.stringify(s.clocks)} in ${s.status}/${String(s.supplementPhase)}`);
          assert.equal(s.status === 5, s.supplementPhase !== null);
          if (s.status === 4 || s.status === 6 || (s.status === 5 && s.supplementPhase === 'processing')) {
            assert.ok(s.currentAgencyId !== null);
          }
          assert.ok(Object.values(s.supplementCountByAgency).every((n) => n <= 1));
          const open = s.pausedIntervals.filter((p) => p.to === null);
          const expectedOpen = s.status === 6 || (s.status === 5 && s.supplementPhase === 'processing') ? 1 : 0;
          assert.equal(open.length, expectedOpen);
          if (original !== null && s.status !== 3) assert.equal(s.appointment.original, original);
          if (s.appointment.original !== null) original = s.appointment.original;
          if (apology !== null) assert.deepEqual(s.apology, apology);
          apology = s.apology;
          if (STATUSES[s.status].terminal) {
            for (const who2 of ACTORS) assert.deepEqual(allowedActions(s, { ...who2, workflow: ctx.workflow }), []);
          }
          state = s;
        }
      }),
      { numRuns: 500 },
    );
    // The sequences really explore the machine.
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [...STATUS_CODES],
    );
  });

  test('every action allowedActions offers succeeds with valid input', () => {
    const paths: FromState[] = [null, 1, 2, 4, 6, 9, { status: 5, phase: 'pre_receipt' }, { status: 5, phase: 'processing' }];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.nat({ max: ACTORS.length - 1 }), (from, i) => {
        const run = reach(from);
        const ctx = ctxFor(ACTORS[i], run.state, hours(run.h + 1));
        for (const type of allowedActions(run.state, ctx)) {
          const d = decide(run.state, validAction(type, run.state, run.h + 1), ctx);
          assert.ok(d.ok, `${type} from ${JSON.stringify(from)}: ${d.ok ? '' : d.code}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
