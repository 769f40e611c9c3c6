import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTION_FIELDS,
  appointmentParts,
  CLOSED_STATUSES,
  availableDocuments,
  buildActionBody,
  buildIntakeBody,
  buildRefusalBody,
  componentsForCase,
  emptyTick,
  formatVnd,
  isoToLocal,
  leadStepNames,
  localToIso,
  validIdNumber,
  type IntakeForm,
} from './dossierRules';
import type { CatalogComponent } from './dossiersApi';
import { newIdempotencyKey } from '../../api/mutation';
import { vi } from '../../i18n/vi';
import { en } from '../../i18n/en';
import { ACTION_TYPES, TERMINAL_STATUSES } from '../../../../src/modules/dossiers/dossiers.rules.js';

test('appointments read as dd/mm/yyyy HH:mm with the session of the day, in Vietnam time', () => {
  assert.deepEqual(appointmentParts('2026-12-07T09:00:00+07:00'), { date: '07/12/2026', time: '09:00', session: 'morning' });
  assert.deepEqual(appointmentParts('2026-12-07T06:30:00Z'), { date: '07/12/2026', time: '13:30', session: 'afternoon' });
  assert.deepEqual(appointmentParts('2026-12-07T12:40:00Z'), { date: '07/12/2026', time: '19:40', session: 'evening' });
  assert.deepEqual(
    appointmentParts('2026-12-06T17:00:00Z'),
    { date: '07/12/2026', time: '00:00', session: 'morning' },
    'UTC evening is the next Vietnamese day',
  );
  assert.equal(appointmentParts(null), null);
  assert.equal(appointmentParts('rubbish'), null);
});

test('datetime-local values are Vietnam wall-clock times, both ways', () => {
  assert.equal(localToIso('2026-12-10T14:30'), '2026-12-10T14:30:00+07:00');
  assert.equal(localToIso('2026-02-31T08:00'), null, 'no 31 February');
  assert.equal(localToIso('10/12/2026 14:30'), null);
  assert.equal(isoToLocal('2026-12-10T07:30:00Z'), '2026-12-10T14:30');
  assert.equal(isoToLocal(null), '');
});

test('every action form sends only its own fields, with the version', () => {
  const r = buildActionBody('request_supplement', 7, {
    reason: '  Thiếu bản sao  ',
    items: 'Bản sao CCCD\n\n  Giấy xác nhận cư trú ',
    deadline: '',
    toAgencyId: 'x',
    decisionNumber: 'y',
  });
  assert.deepEqual(r, { ok: true, body: { type: 'request_supplement', version: 7, reason: 'Thiếu bản sao', items: ['Bản sao CCCD', 'Giấy xác nhận cư trú'] } });
  assert.deepEqual(buildActionBody('forward', 2, {}), { ok: true, body: { type: 'forward', version: 2 } }, 'forward without a target: the competent agency');
  assert.deepEqual(buildActionBody('next_step', 3, { reason: 'ignored' }), { ok: true, body: { type: 'next_step', version: 3 } });
  assert.deepEqual(
    buildActionBody('next_step', 3, { note: ' Đề nghị cấp phép ' }),
    { ok: true, body: { type: 'next_step', version: 3, note: 'Đề nghị cấp phép' } },
    'the specialist’s opinion travels with the step',
  );
  const result = buildActionBody('result_ready', 4, { decisionNumber: '1234/LLTP', signer: 'Phạm Quốc Hưng', signedOn: '2026-11-24', fileId: '' });
  assert.deepEqual(result, {
    ok: true,
    body: { type: 'result_ready', version: 4, decisionNumber: '1234/LLTP', signer: 'Phạm Quốc Hưng', signedOn: '2026-11-24' },
  });
  const ret = buildActionBody('return_result', 5, { channel: 'post', receivedBy: 'Nguyễn Văn A, Thanh Hóa', trackingNumber: 'EMS123' });
  assert.deepEqual(ret, {
    ok: true,
    body: { type: 'return_result', version: 5, channel: 'post', receivedBy: 'Nguyễn Văn A, Thanh Hóa', trackingNumber: 'EMS123' },
  });
  const apology = buildActionBody('apologise', 6, { reason: 'Chậm xác minh', newAppointment: '2026-12-10T14:30' });
  assert.deepEqual(apology, { ok: true, body: { type: 'apologise', version: 6, reason: 'Chậm xác minh', newAppointment: '2026-12-10T14:30:00+07:00' } });
  const transfer = buildActionBody('transfer', 2, { toAgencyId: 'a-uuid', task: 'Xác nhận', budgetDays: '2,5' });
  assert.deepEqual(transfer, { ok: true, body: { type: 'transfer', version: 2, toAgencyId: 'a-uuid', task: 'Xác nhận', budgetDays: 2.5 } });
  assert.deepEqual(buildActionBody('send_back', 9, { toStep: '0', reason: 'Làm lại' }), {
    ok: true,
    body: { type: 'send_back', version: 9, toStep: 0, reason: 'Làm lại' },
  });
  assert.deepEqual(buildActionBody('payment_received', 3, {}), { ok: true, body: { type: 'payment_received', version: 3, paidOnline: false } });
});

test('action forms refuse what the API would refuse, field by field', () => {
  const miss = buildActionBody('request_supplement', 1, { reason: ' ', items: '\n' });
  assert.deepEqual(miss, { ok: false, errors: { reason: 'dos.err.required', items: 'dos.err.itemsRequired' } });
  assert.deepEqual(buildActionBody('result_ready', 1, { decisionNumber: 'x', signer: 'y', signedOn: '24/11/2026' }), {
    ok: false,
    errors: { signedOn: 'dos.err.invalid' },
  });
  assert.deepEqual(buildActionBody('return_result', 1, { channel: 'fax', receivedBy: 'x' }), { ok: false, errors: { channel: 'dos.err.required' } });
  assert.deepEqual(buildActionBody('apologise', 1, { reason: 'x', newAppointment: '2026-13-01T08:00' }), {
    ok: false,
    errors: { newAppointment: 'dos.err.dateTime' },
  });
  assert.deepEqual(buildActionBody('transfer', 1, { toAgencyId: 'a', task: 't', budgetDays: '0' }), {
    ok: false,
    errors: { budgetDays: 'dos.err.budgetDays' },
  });
  assert.deepEqual(buildActionBody('assign', 1, {}), { ok: false, errors: { officerId: 'dos.err.assignee' } });
  assert.deepEqual(buildActionBody('no_such_action', 1, {}), { ok: false, errors: { form: 'dos.err.unknownAction' } });
});

test('payment requests: fee rows become {name, amount}; empty rows mean the catalogue fees', () => {
  assert.deepEqual(buildActionBody('request_payment', 2, { fees: [{ name: '', amount: '' }] }), { ok: true, body: { type: 'request_payment', version: 2 } });
  assert.deepEqual(
    buildActionBody('request_payment', 2, {
      fees: [
        { name: 'Lệ phí', amount: '200.000' },
        { name: '', amount: '' },
      ],
    }),
    {
      ok: true,
      body: { type: 'request_payment', version: 2, items: [{ name: 'Lệ phí', amount: 200000 }] },
    },
  );
  assert.deepEqual(buildActionBody('request_payment', 2, { fees: [{ name: 'Lệ phí', amount: '-5' }] }), { ok: false, errors: { fees: 'dos.err.fees' } });
  assert.equal(formatVnd(1234567), '1.234.567');
});

test('every action of the API has a form, and every error key exists in both languages', () => {
  // The server's own list: a new action type in the API fails this test until the screen has its form.
  const apiActions = ACTION_TYPES.filter((a) => a !== 'submit_online');
  assert.deepEqual(Object.keys(ACTION_FIELDS).sort(), [...apiActions].sort());
  for (const a of apiActions) {
    assert.ok(`dos.action.${a}` in vi && `dos.action.${a}` in en, a);
  }
  for (let s = 1; s <= 10; s++) assert.ok(`dos.status.${s}` in vi && `dos.status.${s}` in en);
});

test("the statuses the screens treat as closed are the server's terminal statuses", () => {
  // The one runtime constant both sides keep (the type of a status code is generated; which codes
  // are terminal is a rule of the server): this test keeps them in step.
  assert.deepEqual(
    [...CLOSED_STATUSES].sort((a, b) => a - b),
    [...TERMINAL_STATUSES].sort((a, b) => a - b),
  );
});

const comps: CatalogComponent[] = [
  { name: 'Tờ khai', originals: 1, copies: 0, required: true, condition: null, replaceableByData: null, caseKeys: null },
  { name: 'Bản chụp giấy tờ tùy thân', originals: 0, copies: 1, required: true, condition: null, replaceableByData: 'population_db', caseKeys: null },
  {
    name: 'Giấy chứng minh cư trú',
    originals: 0,
    copies: 1,
    required: false,
    condition: 'Không khai thác được dữ liệu cư trú',
    replaceableByData: 'population_db',
    caseKeys: null,
  },
  { name: 'Hộ chiếu', originals: 0, copies: 1, required: true, condition: null, replaceableByData: null, caseKeys: ['phuc_tap'] },
];

test('a case shows its components with their catalogue index', () => {
  assert.deepEqual(
    componentsForCase(comps, 'chuan').map((c) => c.index),
    [0, 1, 2],
  );
  assert.deepEqual(
    componentsForCase(comps, 'phuc_tap').map((c) => c.index),
    [0, 1, 2, 3],
  );
});

function form(patch: Partial<IntakeForm> = {}): IntakeForm {
  const ticks = Object.fromEntries(comps.map((c, i) => [i, emptyTick(c)]));
  return {
    procedureCode: '2.000488',
    caseKey: 'chuan',
    channel: 'counter',
    applicant: { kind: 'citizen', name: ' Nguyễn Thị Hồng Đào ', idNumber: '038190012345', phone: '0912345678', email: '', address: '' },
    withRepresentative: false,
    representative: { name: '', idNumber: '', authorisationRef: '', relationship: '' },
    summary: '',
    ticks,
    ...patch,
  };
}

test('intake: only a complete dossier is received; ticked components are sent with their counts', () => {
  const list = componentsForCase(comps, 'chuan');
  const incomplete = buildIntakeBody(form(), list);
  assert.equal(incomplete.ok, false);
  assert.deepEqual(incomplete.missing, ['Tờ khai', 'Bản chụp giấy tờ tùy thân'], 'conditional and optional components are not demanded');
  const f = form();
  f.ticks[0] = { ...f.ticks[0], received: true };
  f.ticks[1] = { ...f.ticks[1], reused: true };
  const ok = buildIntakeBody(f, list);
  assert.ok(ok.ok);
  assert.deepEqual(ok.body, {
    procedureCode: '2.000488',
    caseKey: 'chuan',
    channel: 'counter',
    applicant: { kind: 'citizen', name: 'Nguyễn Thị Hồng Đào', idNumber: '038190012345', phone: '0912345678', email: null, address: null },
    components: [
      { index: 0, originals: 1, copies: 0 },
      { index: 1, originals: 0, copies: 1, reusedFrom: 'population_db' },
    ],
  });
});

test('intake: applicant and representative are checked as the law and the API expect', () => {
  const list = componentsForCase(comps, 'chuan');
  const bad = buildIntakeBody(
    form({
      applicant: { kind: 'citizen', name: 'A', idNumber: '03819001234', phone: 'abc', email: 'x@', address: '' },
      withRepresentative: true,
      procedureCode: '',
    }),
    list,
  );
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.errors.procedure, 'dos.err.procedure');
    assert.equal(bad.errors.name, 'dos.err.name');
    assert.equal(bad.errors.idNumber, 'dos.err.personalId');
    assert.equal(bad.errors.phone, 'dos.err.phone');
    assert.equal(bad.errors.email, 'dos.err.email');
    assert.equal(bad.errors.repName, 'dos.err.name');
    assert.equal(bad.errors.repIdNumber, 'dos.err.personalId');
    assert.equal(bad.errors.repAuthorisation, 'dos.err.required');
  }
  assert.ok(validIdNumber('citizen', '038190012345'));
  assert.ok(!validIdNumber('citizen', '0381900123456'));
  assert.ok(validIdNumber('business', '0101234567'));
  assert.ok(validIdNumber('business', '0101234567-001'));
  assert.ok(!validIdNumber('business', '038190012345'));
});

test('refusal at the counter needs a reason and no component', () => {
  assert.deepEqual(buildRefusalBody(form(), '  '), { ok: false, errors: { refuseReason: 'dos.err.required' } });
  const r = buildRefusalBody(
    form({
      withRepresentative: true,
      representative: { name: 'Lê Văn B', idNumber: '038090001234', authorisationRef: 'Giấy ủy quyền 12/UQ', relationship: '' },
    }),
    'Hồ sơ không thuộc thẩm quyền',
  );
  assert.ok(r.ok);
  assert.equal(r.body.refuseReason, 'Hồ sơ không thuộc thẩm quyền');
  assert.deepEqual(r.body.representative, { name: 'Lê Văn B', idNumber: '038090001234', authorisationRef: 'Giấy ủy quyền 12/UQ', relationship: null });
  assert.equal(r.body.components, undefined);
});

test('documents offered are those the dossier has', () => {
  const base = { receivedAt: null, appointment: { original: null, current: null }, supplements: [], closure: null, apology: null };
  assert.deepEqual(availableDocuments(base), []);
  assert.deepEqual(availableDocuments({ ...base, closure: { kind: 'refused', at: 'x', reason: 'r', reference: null } }), ['refusal']);
  const received = {
    ...base,
    receivedAt: '2026-11-23T09:00:00+07:00',
    appointment: { original: '2026-12-07T09:00:00+07:00', current: '2026-12-07T09:00:00+07:00' },
  };
  assert.deepEqual(availableDocuments(received), ['receipt', 'control-sheet']);
  const all = availableDocuments({
    ...received,
    supplements: [{ phase: 'processing', agencyId: 'a', requestedAt: 'x', reason: 'r', items: ['i'], deadline: null, receivedAt: null }],
    apology: { at: 'x', reason: 'r', previousAppointment: 'p', newAppointment: 'n' },
    closure: { kind: 'withdrawn', at: 'x', reason: 'r', reference: null },
  });
  assert.deepEqual(all, ['receipt', 'supplement-request', 'apology', 'stop-notice', 'control-sheet']);
  // A refusal after appraisal: its written refusal (the result), not a stop notice.
  const refused = { ...received, closure: { kind: 'stopped' as const, at: 'x', reason: 'r', reference: null, document: { number: '1/TB-TCGQ', fileId: 'f' } } };
  assert.deepEqual(availableDocuments(refused), ['receipt', 'appraisal-refusal', 'control-sheet']);
  assert.deepEqual(availableDocuments({ ...refused, closure: { ...refused.closure, document: null } }), ['receipt', 'stop-notice', 'control-sheet']);
});

test('lead steps skip one-stop and liên thông steps; none means the API default', () => {
  const c = {
    key: 'chuan',
    name: 'x',
    time: { amount: 10, unit: 'working_days' },
    workflow: {
      steps: [
        { name: 'Tiếp nhận', role: 'one_stop_officer', interAgency: false },
        { name: 'Thẩm định', role: 'specialist', interAgency: false },
        { name: 'Liên thông thuế', role: 'specialist', interAgency: true },
        { name: 'Phê duyệt', role: 'unit_leader', interAgency: false },
      ],
    },
  };
  assert.deepEqual(leadStepNames(c), ['Thẩm định', 'Phê duyệt']);
  assert.equal(leadStepNames({ ...c, workflow: null }), null);
});

test('idempotency keys are UUID v4 and differ each time', () => {
  const a = newIdempotencyKey();
  const b = newIdempotencyKey();
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
  const saved = globalThis.crypto.randomUUID;
  try {
    // Plain-http intranet pages are not a secure context: randomUUID is missing there.
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    assert.match(newIdempotencyKey(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  } finally {
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: saved, configurable: true });
  }
});
