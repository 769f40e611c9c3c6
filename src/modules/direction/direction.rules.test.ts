import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  backtest,
  estimateLateRisk,
  evaluateFormula,
  FormulaError,
  formulaOrder,
  formulaRefs,
  isFlagged,
  median,
  parseFormula,
  riskReason,
  targetMet,
  trendOf,
  workingDaysText,
} from './direction.rules.js';

const vals = (o: Record<string, number | null>) => new Map(Object.entries(o));

test('formulas: a table of expressions and their values', () => {
  const v = vals({ A: 10, B: 4, Z: 0, N: null });
  const cases: [string, number | null][] = [
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['A - B - 1', 5],
    ['A / B', 2.5],
    ['100 * B / A', 40],
    ['-A + 3', -7],
    ['A / Z', null],
    ['A + N', null],
    ['MISSING', null],
    ['2.5 * 2', 5],
  ];
  for (const [text, want] of cases) assert.equal(evaluateFormula(parseFormula(text), v), want, text);
});

test('formulas: anything but numbers, codes and + - * / ( ) is refused', () => {
  for (const bad of [
    '',
    'A +',
    '(A',
    'A)',
    'select 1',
    'A; DROP TABLE x',
    'a + 1',
    'A ** 2',
    'A % 2',
    'f(A)',
    'A B',
    '1e9',
    '$A',
    'A,B',
    '('.repeat(30) + '1' + ')'.repeat(30),
    'A'.repeat(501),
  ]) {
    assert.throws(() => parseFormula(bad), FormulaError, bad);
  }
  assert.deepEqual(formulaRefs(parseFormula('A + B * (A - C)')).sort(), ['A', 'B', 'C']);
});

test('formula order: dependencies first; cycles and unknown codes refused', () => {
  const f = new Map([
    ['X', parseFormula('Y + A')],
    ['Y', parseFormula('A * 2')],
  ]);
  assert.deepEqual(formulaOrder(f, new Set(['A'])), ['Y', 'X']);
  assert.throws(
    () =>
      formulaOrder(
        new Map([
          ['X', parseFormula('Y')],
          ['Y', parseFormula('X')],
        ]),
        new Set(),
      ),
    /vòng/,
  );
  assert.throws(() => formulaOrder(new Map([['X', parseFormula('NOPE')]]), new Set(['A'])), /NOPE/);
});

test('formulas: property — printing a random expression tree and parsing it back evaluates the same', () => {
  const leaf = fc.oneof(
    fc.integer({ min: 0, max: 1000 }).map((n) => ({ text: String(n), value: n as number | null })),
    fc.constantFrom('A', 'B').map((c) => ({ text: c, value: c === 'A' ? 7 : 3 })),
  );
  const tree = fc.letrec<{ node: { text: string; value: number | null } }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('node'), fc.constantFrom('+', '-', '*', '/'), tie('node')).map(([a, op, b]) => {
        let value: number | null = null;
        if (a.value !== null && b.value !== null)
          value = op === '+' ? a.value + b.value : op === '-' ? a.value - b.value : op === '*' ? a.value * b.value : b.value === 0 ? null : a.value / b.value;
        return { text: `(${a.text} ${op} ${b.text})`, value };
      }),
    ),
  })).node;
  fc.assert(
    fc.property(tree, (t) => {
      const got = evaluateFormula(parseFormula(t.text), vals({ A: 7, B: 3 }));
      if (t.value === null) return got === null;
      return got !== null && Math.abs(got - t.value) <= 1e-9 * Math.max(1, Math.abs(t.value));
    }),
  );
});

test('targets and trends follow the indicator direction', () => {
  assert.equal(targetMet(96, 95, 'up'), true);
  assert.equal(targetMet(94, 95, 'up'), false);
  assert.equal(targetMet(0, 0, 'down'), true);
  assert.equal(targetMet(3, 0, 'down'), false);
  assert.equal(targetMet(3, null, 'down'), null);
  assert.deepEqual(trendOf(10, 8, 'up'), { delta: 2, judgement: 'better' });
  assert.deepEqual(trendOf(10, 8, 'down'), { delta: 2, judgement: 'worse' });
  assert.deepEqual(trendOf(5, 5, 'down'), { delta: 0, judgement: 'same' });
  assert.equal(trendOf(5, null, 'down'), null);
});

test('late risk: a table of histories', () => {
  const D = 480; // one working day in minutes
  const hist = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((d) => d * D);
  const cases: [string, { elapsed: number; left: number }, number | null][] = [
    ['plenty of time left', { elapsed: 0, left: 20 * D }, 0],
    ['6 working days budget from entry: 5 of 10 took longer', { elapsed: 0, left: 6 * D }, 0.5],
    ['already 4 days in step, 2 left: 7 comparable (4..10+), 5 took > 6', { elapsed: 4 * D, left: 2 * D }, 5 / 8],
    ['overdue is certain', { elapsed: 0, left: -1 }, 1],
    ['in step longer than any history but one: too few comparable', { elapsed: 10.5 * D, left: D }, null],
  ];
  for (const [name, x, want] of cases) {
    const e = estimateLateRisk({ samples: hist, ...x });
    assert.equal(e.probability, want, name);
  }
  assert.equal(estimateLateRisk({ samples: [D, D], elapsed: 0, left: 0 }).probability, null, 'thin history');
  const e = estimateLateRisk({ samples: hist, elapsed: 0, left: 3 * D });
  assert.equal(e.typicalRemaining, 6.5 * D);
  assert.equal(
    riskReason(e, 'Thẩm định', 3 * D),
    'Từ bước «Thẩm định», hồ sơ cùng thủ tục thường cần thêm 6,5 ngày làm việc; còn 3 ngày làm việc đến hẹn trả (80% của 10 hồ sơ tương tự đã trễ).',
  );
  assert.ok(isFlagged(e));
  assert.match(riskReason(estimateLateRisk({ samples: [], elapsed: 0, left: D }), null, D), /chưa đủ lịch sử/);
  assert.equal(workingDaysText(3120), '6,5');
  assert.equal(workingDaysText(3120, 'en'), '6.5');
  assert.equal(median([3, 1, 2, 4]), 2.5);
});

test('late risk: properties — a probability, never higher with more time left, 0 or 1 for one-sided histories', () => {
  const samples = fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 0, maxLength: 60 });
  fc.assert(
    fc.property(
      samples,
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 0, max: 5_000 }),
      (s, elapsed, left, more) => {
        const a = estimateLateRisk({ samples: s, elapsed, left });
        const b = estimateLateRisk({ samples: s, elapsed, left: left + more });
        if (a.probability === null) return b.probability === null;
        if (a.probability < 0 || a.probability > 1) return false;
        // more time left never raises the risk (same comparable set)
        return b.probability !== null && b.probability <= a.probability;
      },
    ),
  );
  fc.assert(
    fc.property(samples, fc.integer({ min: 0, max: 10_000 }), (s, left) => {
      // a history entirely within the budget gives zero risk; entirely beyond it gives one
      const within = estimateLateRisk({ samples: s.map((x) => x % (left + 1)), elapsed: 0, left });
      const beyond = estimateLateRisk({ samples: s.map((x) => left + 1 + x), elapsed: 0, left });
      return (within.probability === null || within.probability === 0) && (beyond.probability === null || beyond.probability === 1);
    }),
  );
});

test('backtest: precision and recall', () => {
  const r = backtest([
    { flagged: true, probability: 0.9, late: true },
    { flagged: true, probability: 0.6, late: false },
    { flagged: false, probability: 0.1, late: true },
    { flagged: false, probability: 0.2, late: false },
    { flagged: false, probability: null, late: true },
  ]);
  assert.deepEqual(r, { cases: 5, estimated: 4, flagged: 2, late: 2, truePositives: 1, precision: 0.5, recall: 0.5, baseRate: 0.5 });
  assert.equal(backtest([]).precision, null);
  fc.assert(
    fc.property(
      fc.array(fc.record({ flagged: fc.boolean(), probability: fc.option(fc.double({ min: 0, max: 1, noNaN: true })), late: fc.boolean() })),
      (cs) => {
        const b = backtest(cs);
        return (
          b.truePositives <= b.flagged &&
          b.truePositives <= b.late &&
          (b.precision === null || (b.precision >= 0 && b.precision <= 1)) &&
          (b.recall === null || (b.recall >= 0 && b.recall <= 1))
        );
      },
    ),
  );
});
