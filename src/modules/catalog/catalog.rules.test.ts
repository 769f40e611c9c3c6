import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalJson,
  checkWorkflow,
  addDays,
  effectiveDateProblem,
  eformJsonSchema,
  eformStats,
  feeSummary,
  formatDuration,
  generateWorkflow,
  normalizeContent,
  splitBudget,
  timeSummary,
  titleOf,
  toWorkingHours,
  todayVn,
  validateContent,
  defaultEForm,
} from './catalog.rules.js';
import type { Agencies, Budget, CaseDef, Duration, ProcedureInput, WorkflowStep } from './catalog.schemas.js';

const agencies: Agencies = {
  competent: { kind: 'department', id: null, code: null, name: 'Sở Tư pháp tỉnh Thanh Hóa' },
  receiving: [{ kind: 'provincial_service_centre', id: null, code: null, name: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa' }],
};
const step = (budget: Budget, extra: Partial<WorkflowStep> = {}): WorkflowStep => ({
  name: 'Bước',
  agency: agencies.competent!,
  department: null,
  role: 'specialist',
  budget,
  actions: ['review'],
  canSendBack: false,
  interAgency: false,
  ...extra,
});
const d = (amount: number, unit: Duration['unit']): Duration => ({ amount, unit, text: null });
const b = (amount: number, unit: Budget['unit']): Budget => ({ amount, unit });

describe('time units', () => {
  const cases: [Budget, number | null][] = [
    [b(1, 'working_days'), 8],
    [b(0.5, 'working_days'), 4],
    [b(3, 'working_hours'), 3],
    [b(10, 'working_days'), 80],
    [b(2, 'calendar_days'), null],
  ];
  for (const [input, hours] of cases) {
    test(`${input.amount} ${input.unit} = ${hours} working hours`, () => assert.equal(toWorkingHours(input), hours));
  }
  test('durations are written in Vietnamese', () => {
    assert.equal(formatDuration(b(8, 'working_hours')), '8 giờ làm việc');
    assert.equal(formatDuration(b(0.5, 'working_days')), '0,5 ngày làm việc');
    assert.equal(formatDuration(b(30, 'calendar_days')), '30 ngày');
  });
});

describe('workflow budget must fit the case time (1 working day = 8 working hours)', () => {
  const table: { name: string; time: Duration; reduced?: Duration; steps: Budget[]; ok: boolean; codes?: string[]; total?: number }[] = [
    {
      name: 'exactly the time, in days',
      time: d(3, 'working_days'),
      steps: [b(0.5, 'working_days'), b(2, 'working_days'), b(0.5, 'working_days')],
      ok: true,
      total: 24,
    },
    {
      name: 'days and hours mix',
      time: d(1, 'working_days'),
      steps: [b(2, 'working_hours'), b(4, 'working_hours'), b(0.25, 'working_days')],
      ok: true,
      total: 8,
    },
    { name: 'less than the time is fine', time: d(5, 'working_days'), steps: [b(1, 'working_days'), b(8, 'working_hours')], ok: true, total: 16 },
    {
      name: 'one hour over',
      time: d(1, 'working_days'),
      steps: [b(4, 'working_hours'), b(5, 'working_hours')],
      ok: false,
      codes: ['budget_exceeded'],
      total: 9,
    },
    {
      name: 'hours case with a day step',
      time: d(8, 'working_hours'),
      steps: [b(1, 'working_days'), b(1, 'working_hours')],
      ok: false,
      codes: ['budget_exceeded'],
    },
    { name: 'zero-time steps ("—" when collected)', time: d(2, 'working_days'), steps: [b(16, 'working_hours'), b(0, 'working_hours')], ok: true, total: 16 },
    {
      name: 'calendar days sum',
      time: d(30, 'calendar_days'),
      steps: [b(1, 'calendar_days'), b(27, 'calendar_days'), b(2, 'calendar_days')],
      ok: true,
      total: 30,
    },
    { name: 'calendar days over', time: d(23, 'calendar_days'), steps: [b(20, 'calendar_days'), b(4, 'calendar_days')], ok: false, codes: ['budget_exceeded'] },
    {
      name: 'calendar case with a working-day step',
      time: d(30, 'calendar_days'),
      steps: [b(1, 'working_days'), b(2, 'calendar_days')],
      ok: false,
      codes: ['unit_mismatch'],
    },
    { name: 'working case with a calendar step', time: d(3, 'working_days'), steps: [b(1, 'calendar_days')], ok: false, codes: ['unit_mismatch'] },
    {
      name: 'the reduced time binds',
      time: d(10, 'working_days'),
      reduced: d(7, 'working_days'),
      steps: [b(8, 'working_days')],
      ok: false,
      codes: ['budget_exceeded'],
    },
    { name: 'fits the reduced time', time: d(10, 'working_days'), reduced: d(7, 'working_days'), steps: [b(7, 'working_days')], ok: true, total: 56 },
    { name: 'floating point halves', time: d(1.5, 'working_days'), steps: [b(0.1, 'working_days'), b(0.2, 'working_days'), b(1.2, 'working_days')], ok: true },
  ];
  for (const row of table) {
    test(row.name, () => {
      const r = checkWorkflow(
        { time: row.time, reducedTime: row.reduced ?? null },
        row.steps.map((s) => step(s)),
      );
      assert.equal(r.ok, row.ok, JSON.stringify(r));
      if (row.codes)
        assert.deepEqual(
          r.problems.map((p) => p.code),
          row.codes,
        );
      if (row.total !== undefined) assert.equal(r.total.amount, row.total);
      for (const p of r.problems) assert.match(p.message, /[ạ-ỹ]/u, 'Vietnamese message');
    });
  }
  test('the first step cannot send back', () => {
    const r = checkWorkflow({ time: d(1, 'working_days') }, [step(b(1, 'working_hours'), { canSendBack: true })]);
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['first_step_send_back'],
    );
  });
  test('the over-budget message gives both totals', () => {
    const r = checkWorkflow({ time: d(1, 'working_days') }, [step(b(12, 'working_hours'))]);
    assert.match(r.problems[0].message, /12 giờ làm việc \(1,5 ngày làm việc\).*8 giờ làm việc/);
  });
});

describe('default workflow', () => {
  const times: Duration[] = [
    d(8, 'working_hours'),
    d(1, 'working_days'),
    d(2, 'working_days'),
    d(3, 'working_days'),
    d(5, 'working_days'),
    d(10, 'working_days'),
    d(25, 'working_days'),
    d(0.5, 'working_days'),
    d(0, 'working_days'),
    d(23, 'calendar_days'),
    d(30, 'calendar_days'),
    d(2, 'calendar_days'),
  ];
  for (const time of times) {
    test(`${formatDuration(time)}: four steps summing exactly to the time`, () => {
      const wf = generateWorkflow({ time }, agencies);
      assert.equal(wf.generated, true);
      assert.deepEqual(
        wf.steps.map((s) => s.role),
        ['one_stop_officer', 'specialist', 'unit_leader', 'one_stop_officer'],
      );
      const check = checkWorkflow({ time }, wf.steps);
      assert.ok(check.ok, JSON.stringify(check));
      assert.equal(check.total.amount, check.limit.amount);
      assert.equal(wf.steps[0].agency.kind, 'provincial_service_centre');
      assert.equal(wf.steps[1].agency.name, 'Sở Tư pháp tỉnh Thanh Hóa');
      assert.ok(wf.steps[0].actions.includes('receive') && wf.steps[3].actions.includes('return_result'));
      assert.ok(wf.steps.every((s) => s.budget.amount >= 0));
    });
  }
  test('the usual shares from four working days: ½ day, rest, 1 day, ½ day', () => {
    assert.deepEqual(splitBudget(80, false), [4, 64, 8, 4]);
    assert.deepEqual(splitBudget(8, false), [1, 4, 2, 1]);
    assert.deepEqual(splitBudget(30, true), [0.5, 28, 1, 0.5]);
  });
});

describe('e-forms', () => {
  test('counts fields to declare with and without pre-fill', () => {
    const form = defaultEForm({ subjects: ['citizen'], components: [] }, { name: 'Đăng ký khai sinh', fees: [] });
    const s = eformStats(form);
    assert.equal(s.fields, form.fields.length);
    assert.equal(s.prefillable, form.fields.filter((f) => f.prefill).length);
    assert.equal(s.toDeclare, s.fields - s.prefillable);
    assert.ok(s.reductionPercent >= 20, 'the default form pre-fills at least 20% (NQ 131)');
  });
  test('JSON Schema keeps order, required fields and the data source of each field', () => {
    const schema = eformJsonSchema({
      title: 'Tờ khai',
      fields: [
        { key: 'hoTen', label: 'Họ tên', type: 'string', required: true, prefill: { source: 'citizen_profile', ref: 'fullName' } },
        { key: 'ngay', label: 'Ngày', type: 'date', required: false },
        { key: 'loai', label: 'Loại', type: 'select', required: true, options: ['A', 'B'] },
      ],
    });
    assert.deepEqual(schema.required, ['hoTen', 'loai']);
    assert.deepEqual(schema['x-order'], ['hoTen', 'ngay', 'loai']);
    const props = schema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(props.hoTen['x-prefill'], { source: 'citizen_profile', ref: 'fullName' });
    assert.equal(props.ngay.format, 'date');
    assert.deepEqual(props.loai.enum, ['A', 'B']);
  });
});

describe('list summaries', () => {
  const kase = (time: Duration, amounts: (number | null)[]): CaseDef => ({
    key: 'k',
    name: 'k',
    time,
    fees: amounts.map((a) => ({ name: 'f', amountVnd: a, basis: 'per_dossier', payer: 'applicant', onlineReductionPercent: null, note: null })),
  });
  const table: [CaseDef[], string, string][] = [
    [[kase(d(8, 'working_hours'), [0])], '8 giờ làm việc', 'Miễn phí'],
    [[kase(d(3, 'working_days'), []), kase(d(5, 'working_days'), [])], '3 – 5 ngày làm việc', 'Không thu phí, lệ phí'],
    [[kase(d(3, 'working_days'), [8000])], '3 ngày làm việc', '8.000 đồng'],
    [[kase(d(3, 'working_days'), [0, 8000, null])], '3 ngày làm việc', '0 – 8.000 đồng (một số khoản theo mức HĐND tỉnh quy định)'],
    [[kase(d(3, 'working_days'), [null])], '3 ngày làm việc', 'Theo mức HĐND tỉnh quy định'],
    [[kase(d(3, 'working_days'), [100000]), kase(d(23, 'calendar_days'), [200000])], '3 ngày làm việc / 23 ngày', '100.000 – 200.000 đồng'],
  ];
  for (const [cases, time, fee] of table) {
    test(`${time} | ${fee}`, () => {
      assert.equal(timeSummary(cases), time);
      assert.equal(feeSummary(cases), fee);
    });
  }
  test('titles drop "Thủ tục" and parentheses (what search ranks length against)', () => {
    assert.equal(titleOf('Thủ tục đăng ký khai sinh'), 'đăng ký khai sinh');
    assert.equal(titleOf('Cấp giấy phép xây dựng mới (Công trình không theo tuyến/Dự án) và nhà ở riêng lẻ'), 'Cấp giấy phép xây dựng mới và nhà ở riêng lẻ');
  });
});

describe('content', () => {
  const input: ProcedureInput = {
    code: '1.001193',
    name: '  Thủ tục đăng ký khai sinh ',
    field: 'Hộ tịch',
    levels: ['commune'],
    subjects: ['citizen'],
    onlineLevel: 'full',
    channels: ['online'],
    cases: [{ key: 'a', name: 'A', time: d(1, 'working_days'), fees: [] }],
    components: [{ name: 'Tờ khai', originals: 1, copies: 0, required: true, condition: '', templateCode: null, replaceableByData: null }],
    result: { name: 'Giấy khai sinh', validityMonths: null },
    legalBasis: ['Luật Hộ tịch 2014'],
    steps: [],
  };
  test('normalisation fills every optional field, so equal meanings compare equal', () => {
    const a = normalizeContent({ ...input, agencies });
    const b2 = normalizeContent({ ...input, name: 'Thủ tục đăng ký khai sinh', agencies, requirements: [], sources: [] });
    assert.equal(canonicalJson(a), canonicalJson(b2));
    assert.equal(a.name, 'Thủ tục đăng ký khai sinh');
    assert.equal(a.components[0].condition, null);
    assert.equal(a.cases[0].onlineTime, null);
  });
  test('NFD input is stored NFC', () => {
    const a = normalizeContent({ ...input, name: 'Đăng ký khai sinh'.normalize('NFD'), agencies });
    assert.equal(a.name, 'Đăng ký khai sinh'.normalize('NFC'));
  });
  test('semantic problems: duplicate case keys, unknown case of a component, over-budget workflow', () => {
    const bad = normalizeContent({
      ...input,
      agencies,
      cases: [
        { key: 'a', name: 'A', time: d(1, 'working_days'), fees: [], workflow: { generated: false, steps: [step(b(2, 'working_days'))] } },
        { key: 'a', name: 'B', time: d(1, 'working_days'), fees: [] },
      ],
      components: [{ ...input.components[0], caseKeys: ['zz'] }],
    });
    const problems = validateContent(bad);
    assert.deepEqual(problems.map((p) => p.path).sort(), ['/cases/0/workflow', '/cases/1/key', '/components/0/caseKeys']);
  });
  test('canonical JSON ignores key order', () => {
    assert.equal(canonicalJson({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }), canonicalJson({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }));
  });
});

describe('versions', () => {
  test('a new version must take effect after the latest one', () => {
    assert.equal(effectiveDateProblem('2026-01-02', '2026-01-01'), null);
    assert.equal(effectiveDateProblem('2026-01-01', null), null);
    assert.match(effectiveDateProblem('2026-01-01', '2026-01-01')!, /phải sau ngày hiệu lực 01\/01\/2026/);
    assert.match(effectiveDateProblem('2025-12-31', '2026-01-01')!, /phải sau/);
    assert.match(effectiveDateProblem('2026-02-30', null)!, /không phải là ngày hợp lệ/);
  });
  test('day arithmetic and the Vietnam date', () => {
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(todayVn(new Date('2026-03-31T17:30:00Z')), '2026-04-01');
    assert.equal(todayVn(new Date('2026-03-31T16:59:59Z')), '2026-03-31');
  });
});
