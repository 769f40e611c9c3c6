import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  diffPlanItems,
  missingEvidence,
  planDueOn,
  planEditable,
  planPeriod,
  planReminderFor,
  questionnaireEditable,
  questionnaireInForce,
  questionnaireLock,
  questionsForSector,
  rankByTotal,
  scoreTree,
  sipasIndex,
  sipasIndexVersioned,
  validateQuestionnaire,
  validateTree,
  type CriterionNode,
  type PlanItemIn,
  type ScoreInput,
} from './reform.rules.js';
import { SIPAS_QUESTIONS } from './reform.sipas.js';

const tree: (CriterionNode & { title: string })[] = [
  { id: 'a1', parentId: null, code: '1', title: 'Chỉ đạo', maxPoints: 10, rule: 'sum' },
  { id: 'a11', parentId: 'a1', code: '1.1', title: 'Kế hoạch', maxPoints: 4, rule: 'manual' },
  { id: 'a12', parentId: 'a1', code: '1.2', title: 'Báo cáo', maxPoints: 6, rule: 'manual' },
  { id: 'a2', parentId: null, code: '2', title: 'TTHC', maxPoints: 10, rule: 'sum' },
  { id: 'a21', parentId: 'a2', code: '2.1', title: 'Công khai', maxPoints: 10, rule: 'manual' },
  { id: 'a3', parentId: null, code: '3', title: 'Tác động (điều tra)', maxPoints: 20, rule: 'survey' },
];
const s = (selfScore: number | null, appraisedScore: number | null = null, surveyPercent: number | null = null): ScoreInput => ({
  selfScore,
  appraisedScore,
  surveyPercent,
});

describe('PAR INDEX scoring (hand-checked)', () => {
  test('appraised score replaces the self-score; survey leaf = max × %; parents sum', () => {
    // self 4+6+9 = 19; appraisal cuts 1.1 to 3; survey 85% of 20 = 17. Final 3+6+9+17 = 35, max 40.
    const r = scoreTree(
      tree,
      new Map([
        ['a11', s(4, 3)],
        ['a12', s(6)],
        ['a21', s(9, 9)],
        ['a3', s(null, null, 85)],
      ]),
    );
    assert.equal(r.nodes.get('a1')!.final, 9);
    assert.equal(r.nodes.get('a1')!.self, 10);
    assert.equal(r.nodes.get('a3')!.final, 17);
    assert.equal(r.total, 35);
    assert.equal(r.selfTotal, 36);
    assert.equal(r.maxTotal, 40);
  });

  test('scores are clamped to the maximum and missing scores count 0; a parent never exceeds its own maximum', () => {
    const capped: CriterionNode[] = [
      { id: 'p', parentId: null, code: '1', maxPoints: 5, rule: 'sum' },
      { id: 'c1', parentId: 'p', code: '1.1', maxPoints: 4, rule: 'manual' },
      { id: 'c2', parentId: 'p', code: '1.2', maxPoints: 3, rule: 'manual' },
      { id: 'q', parentId: null, code: '2', maxPoints: 2, rule: 'manual' },
    ];
    const r = scoreTree(
      capped,
      new Map([
        ['c1', s(4)],
        ['c2', s(99)],
      ]),
    );
    assert.equal(r.nodes.get('c2')!.final, 3);
    assert.equal(r.nodes.get('p')!.final, 5, '4 + 3 = 7 capped at 5');
    assert.equal(r.nodes.get('q')!.final, 0);
    assert.equal(r.total, 5);
  });

  test('one decimal survey percentages round to 2 decimals: 20 × 83.3% = 16.66', () => {
    const r = scoreTree(tree, new Map([['a3', s(null, null, 83.3)]]));
    assert.equal(r.total, 16.66);
  });

  test('ranking: equal totals share a rank, the next rank skips (1, 2, 2, 4)', () => {
    const r = rankByTotal([
      { name: 'B', total: 80 },
      { name: 'A', total: 90 },
      { name: 'C', total: 80 },
      { name: 'D', total: 70.5 },
    ]);
    assert.deepEqual(
      r.map((x) => [x.name, x.rank]),
      [
        ['A', 1],
        ['B', 2],
        ['C', 2],
        ['D', 4],
      ],
    );
  });

  test('tree validation: a parent must be summed, children must cover its maximum, no unknown parent', () => {
    assert.deepEqual(validateTree(tree), []);
    const bad = validateTree([
      { id: 'x', parentId: null, code: '1', title: 'x', maxPoints: 10, rule: 'manual' },
      { id: 'y', parentId: 'x', code: '1.1', title: 'y', maxPoints: 4, rule: 'manual' },
      { id: 'z', parentId: 'nope', code: '2', title: 'z', maxPoints: 1, rule: 'manual' },
    ]);
    assert.equal(bad.length, 3, bad.join('\n'));
  });
});

describe('SIPAS index (hand-checked)', () => {
  test('share satisfied (4–5) per element, averaged over elements; unanswered ignored', () => {
    const responses: Record<string, number>[] = [
      { access: 5, procedure: 4, officials: 3, result: 4, feedback: 2 },
      { access: 4, procedure: 2, officials: 4, result: 5 },
      { access: 3, procedure: 4, officials: 5, result: 5, feedback: 4 },
      { access: 2, procedure: 5, officials: 4, result: 3, feedback: 5 },
    ];
    // access 2/4 = 50; procedure 3/4 = 75; officials 3/4 = 75; result 3/4 = 75; feedback 2/3 = 66.67
    // index = (50 + 75 + 75 + 75 + 66.667) / 5 = 68.33
    const r = sipasIndex(SIPAS_QUESTIONS, responses);
    assert.equal(r.sampleSize, 4);
    assert.equal(r.elements.access.satisfiedPercent, 50);
    assert.equal(r.elements.feedback.satisfiedPercent, 66.67);
    assert.equal(r.elements.feedback.answers, 3);
    assert.equal(r.index, 68.33);
  });

  test('no responses: no index, sample size 0', () => {
    assert.deepEqual(sipasIndex(SIPAS_QUESTIONS, []).index, null);
  });
});

test('plan deadlines: 30/01 for province-level agencies, 28/02 for communes', () => {
  assert.equal(planDueOn(2026, 'province'), '2026-01-30');
  assert.equal(planDueOn(2026, 'commune'), '2026-02-28');
});

describe('SIPAS across questionnaire versions', () => {
  const v1 = [
    { key: 'access', element: 'access' },
    { key: 'result', element: 'result' },
  ];
  const v2 = [
    { key: 'access_info', element: 'access' },
    { key: 'result', element: 'result' },
    { key: 'waiting', element: 'waiting' },
  ];

  test('answers map to elements through their own version (hand-checked)', () => {
    // access: 5 (v1), 2 (v1), 4 (v2) → 2/3; result: 3, 4 → 1/2; waiting: 5 → 1/1. Mean = (66.67 + 50 + 100) / 3 = 72.22
    const r = sipasIndexVersioned(
      [
        { questions: v1, answers: { access: 5, result: 3 } },
        { questions: v1, answers: { access: 2 } },
        { questions: v2, answers: { access_info: 4, result: 4, waiting: 5, access: 1 } },
      ],
      ['access', 'result', 'waiting', 'feedback'],
    );
    assert.equal(r.elements.access.answers, 3, 'the key "access" in a v2 response is not a v2 question and is ignored');
    assert.equal(r.elements.access.satisfiedPercent, 66.67);
    assert.equal(r.elements.result.satisfiedPercent, 50);
    assert.equal(r.elements.waiting.satisfiedPercent, 100);
    assert.deepEqual(r.elements.feedback, { satisfiedPercent: null, answers: 0 }, 'a listed element nobody answered is shown, not counted');
    assert.equal(r.index, 72.22);
    assert.equal(r.sampleSize, 3);
  });

  const answer = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(0));
  const responses = fc.array(fc.record({ access: answer, procedure: answer, officials: answer, result: answer, feedback: answer }), { maxLength: 40 });

  test('property: one version → the same index as the single-questionnaire rule; index within [0, 100]', () => {
    fc.assert(
      fc.property(responses, (rs) => {
        const a = sipasIndex(SIPAS_QUESTIONS, rs);
        const b = sipasIndexVersioned(
          rs.map((answers) => ({ questions: SIPAS_QUESTIONS, answers })),
          SIPAS_QUESTIONS.map((q) => q.element),
        );
        assert.deepEqual(a, b);
        if (a.index !== null) assert.ok(a.index >= 0 && a.index <= 100);
      }),
    );
  });

  test('property: renaming every question key in a new version does not change the index', () => {
    fc.assert(
      fc.property(responses, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (rs, useV2) => {
        const renamed = SIPAS_QUESTIONS.map((q) => ({ key: `${q.key}_v2`, element: q.element }));
        const mixed = rs.map((answers, i) =>
          useV2[i]
            ? { questions: renamed, answers: Object.fromEntries(Object.entries(answers).map(([k, v]) => [`${k}_v2`, v])) }
            : { questions: SIPAS_QUESTIONS, answers },
        );
        assert.deepEqual(
          sipasIndexVersioned(
            mixed,
            SIPAS_QUESTIONS.map((q) => q.element),
          ),
          sipasIndex(SIPAS_QUESTIONS, rs),
        );
      }),
    );
  });
});

describe('questionnaire rules', () => {
  const ok = {
    elements: [
      { key: 'access', name: 'Tiếp cận' },
      { key: 'waiting', name: 'Chờ khám' },
    ],
    questions: [
      { key: 'q1', element: 'access', text: 'Hài lòng không?', sectors: null },
      { key: 'q2', element: 'waiting', text: 'Thời gian chờ khám?', sectors: ['health'] },
    ],
  };

  test('a valid questionnaire; questions per sector', () => {
    assert.deepEqual(validateQuestionnaire(ok), []);
    assert.deepEqual(
      questionsForSector(ok.questions, 'administrative').map((q) => q.key),
      ['q1'],
    );
    assert.deepEqual(
      questionsForSector(ok.questions, 'health').map((q) => q.key),
      ['q1', 'q2'],
    );
  });

  test('table of invalid questionnaires, each with its reason', () => {
    const cases: [string, typeof ok, RegExp][] = [
      ['duplicate question', { ...ok, questions: [ok.questions[0], ok.questions[0], ok.questions[1]] }, /bị trùng/],
      ['unknown element', { ...ok, questions: [{ ...ok.questions[0], element: 'x' }, ok.questions[1]] }, /không có trong phiếu/],
      ['element without question', { ...ok, questions: [ok.questions[0]] }, /chưa có câu hỏi/],
      ['sector without question', { elements: [ok.elements[1]], questions: [ok.questions[1]] }, /Lĩnh vực "administrative" không có câu hỏi/],
      ['unknown sector', { ...ok, questions: [ok.questions[0], { ...ok.questions[1], sectors: ['police'] }] }, /lĩnh vực "police" không có/],
      ['empty sector list', { ...ok, questions: [ok.questions[0], { ...ok.questions[1], sectors: [] }] }, /ít nhất một lĩnh vực/],
      ['bad key', { ...ok, questions: [{ ...ok.questions[0], key: 'Câu 1' }, ok.questions[1]] }, /chữ thường/],
      ['too short', { ...ok, questions: [{ ...ok.questions[0], text: 'ok' }, ok.questions[1]] }, /quá ngắn/],
      ['no question', { elements: [], questions: [] }, /chưa có câu hỏi nào/],
    ];
    for (const [what, q, re] of cases) assert.match(validateQuestionnaire(q).join(' '), re, what);
  });

  test('editable while a draft or published without responses; the version in force is the latest published year <= Y', () => {
    assert.deepEqual(
      [questionnaireEditable('draft', 9), questionnaireEditable('published', 0), questionnaireEditable('published', 1), questionnaireEditable('retired', 0)],
      [true, true, false, false],
    );
    // The seeded default never changes, with or without responses; the reason is reported.
    assert.deepEqual([questionnaireEditable('published', 0, true), questionnaireEditable('published', 5, true)], [false, false]);
    const locks: [Parameters<typeof questionnaireLock>, ReturnType<typeof questionnaireLock>][] = [
      [['draft', 0], null],
      [['draft', 3], null],
      [['published', 0], null],
      [['published', 1], 'responses'],
      [['retired', 0], 'retired'],
      [['retired', 7], 'retired'],
      [['published', 0, true], 'default'],
      [['published', 12, true], 'default'],
    ];
    for (const [args, want] of locks) assert.equal(questionnaireLock(...args), want, JSON.stringify(args));
    const all = [
      { id: 'd', year: 2017, status: 'published' },
      { id: 'a', year: 2026, status: 'published' },
      { id: 'b', year: 2027, status: 'draft' },
      { id: 'c', year: 2025, status: 'retired' },
    ];
    assert.equal(questionnaireInForce(all, 2016), null);
    assert.equal(questionnaireInForce(all, 2025)?.id, 'd');
    assert.equal(questionnaireInForce(all, 2026)?.id, 'a');
    assert.equal(questionnaireInForce(all, 2030)?.id, 'a');
  });
});

test('evidence: a scored manual criterion that requires evidence needs a note, a link or a file', () => {
  const criteria = [
    { id: 'a', code: '1.1', rule: 'manual' as const, evidenceRequired: true },
    { id: 'b', code: '1.2', rule: 'manual' as const, evidenceRequired: false },
    { id: 'c', code: '2', rule: 'survey' as const, evidenceRequired: true },
  ];
  const sc = (selfScore: number | null, evidence: string | null = null, evidenceRefs: string[] = []) => ({ selfScore, evidence, evidenceRefs });
  const cases: [string, Map<string, ReturnType<typeof sc>>, Map<string, number>, string[]][] = [
    ['scored, nothing', new Map([['a', sc(3)]]), new Map(), ['1.1']],
    ['scored 0 needs nothing', new Map([['a', sc(0)]]), new Map(), []],
    ['not scored', new Map(), new Map(), []],
    ['blank note', new Map([['a', sc(3, '   ')]]), new Map(), ['1.1']],
    ['note', new Map([['a', sc(3, 'KH 12')]]), new Map(), []],
    ['link', new Map([['a', sc(3, null, ['https://x'])]]), new Map(), []],
    ['file', new Map([['a', sc(3)]]), new Map([['a', 1]]), []],
    ['not required', new Map([['b', sc(6)]]), new Map(), []],
    ['survey ignored', new Map([['c', sc(9)]]), new Map(), []],
  ];
  for (const [what, scores, files, want] of cases) assert.deepEqual(missingEvidence(criteria, scores, files), want, what);
});

describe('plans: periods, editing window, reminders, item diff', () => {
  test('periods: annual = its year; 5-year only from 2021, 2026, 2031…', () => {
    assert.deepEqual(planPeriod('annual', 2027), { start: 2027, end: 2027 });
    assert.deepEqual(planPeriod('five_year', 2021), { start: 2021, end: 2025 });
    assert.deepEqual(planPeriod('five_year', 2026), { start: 2026, end: 2030 });
    for (const y of [2020, 2022, 2025, 2027, 2030]) assert.equal(planPeriod('five_year', y), null, String(y));
    assert.equal(planEditable('2026-01-30', '2026-01-30'), true, 'editable on the due date');
    assert.equal(planEditable('2026-01-30', '2026-01-31'), false);
  });

  test('reminders table: 7, 3, 1 days before; the day after; then weekly', () => {
    const due = '2026-01-30';
    const cases: [string, string | null][] = [
      ['2026-01-22', null],
      ['2026-01-23', 'due_in_7'],
      ['2026-01-27', 'due_in_3'],
      ['2026-01-29', 'due_in_1'],
      ['2026-01-30', null],
      ['2026-01-31', 'overdue'],
      ['2026-02-01', null],
      ['2026-02-07', 'overdue_repeat'],
      ['2026-02-14', 'overdue_repeat'],
      ['2026-02-13', null],
    ];
    for (const [today, want] of cases) assert.equal(planReminderFor(due, today), want, today);
    assert.equal(planReminderFor('2028-02-28', '2028-02-21'), 'due_in_7', 'leap year: 21/02 is 7 days before 28/02');
  });

  test('property: the reminder days before the due date are exactly 7, 3 and 1; never on the due date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -60, max: 60 }), (d) => {
        const today = new Date(Date.UTC(2026, 0, 30) - d * 86_400_000).toISOString().slice(0, 10);
        const r = planReminderFor('2026-01-30', today);
        if (d > 0) assert.equal(r, [7, 3, 1].includes(d) ? `due_in_${d}` : null);
        if (d === 0) assert.equal(r, null);
        if (d < 0) assert.equal(r !== null, (-d - 1) % 7 === 0);
      }),
    );
  });

  const itemArb = fc.record({
    area: fc.constantFrom('procedure', 'institution'),
    content: fc.constantFrom('A', 'B', 'C'),
    output: fc.constantFrom(null, 'X'),
    ownerAgencyId: fc.constantFrom('o1', 'o2'),
    dueOn: fc.constantFrom('2026-05-01', '2026-06-01'),
  });

  test('property: an edit keeps listed ids, adds items without id, removes the rest, and reports unknown ids', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 8 }), fc.array(fc.tuple(fc.nat(10), itemArb, fc.boolean()), { maxLength: 10 }), (haveRaw, wantRaw) => {
        const have = haveRaw.map((h, i) => ({ ...h, id: `i${i}` }));
        const want: PlanItemIn[] = wantRaw.map(([k, it, keepSame]) =>
          k < have.length ? (keepSame ? { ...have[k] } : { ...it, id: have[k].id }) : k === 10 ? { ...it, id: 'zz' } : { ...it, id: undefined },
        );
        const d = diffPlanItems(have, want);
        assert.equal(d.added.length, want.filter((w) => !w.id).length);
        const keptIds = new Set([...d.changed.map((c) => c.before.id), ...d.unchanged.map((u) => u.id)]);
        for (const r of d.removed) assert.ok(!keptIds.has(r.id));
        assert.equal(keptIds.size + d.removed.length, have.length, 'every existing item is kept or removed, once');
        for (const c of d.changed) assert.notDeepEqual({ ...c.before }, { ...c.after, id: c.before.id, output: c.after.output ?? null });
        for (const u of d.unknown) assert.ok(u === 'zz' || keptIds.has(u), 'unknown = not an item, or listed twice');
      }),
    );
  });
});
