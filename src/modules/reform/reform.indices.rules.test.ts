import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gapToTarget, percentileOf, trendOf, validateResult, weakComponents, type ComponentDef, type ComponentFigure } from './reform.indices.rules.js';

// Thanh Hóa's PCI as published on pcivietnam.vn (see docs/reform.md): score and rank of 63.
const PCI = [
  { year: 2023, score: 66.79, rank: 30, outOf: 63 },
  { year: 2021, score: 63.21, rank: 43, outOf: 63 },
  { year: 2024, score: 68.74, rank: 21, outOf: 63 },
  { year: 2022, score: 63.67, rank: 47, outOf: 63 },
];

describe('trend (hand-checked)', () => {
  test('sorted by year; change against the previous result; positive rank change = places gained', () => {
    const t = trendOf(PCI);
    assert.deepEqual(
      t.map((r) => r.year),
      [2021, 2022, 2023, 2024],
    );
    assert.deepEqual(
      t.map((r) => [r.trend.previousYear, r.trend.scoreChange, r.trend.rankChange]),
      [
        [null, null, null],
        [2021, 0.46, -4], // 43 → 47: lost 4 places
        [2022, 3.12, 17], // 47 → 30: gained 17 (the press: "tăng 17 bậc")
        [2023, 1.95, 9],
      ],
    );
    assert.ok(t.slice(1).every((r) => r.trend.rankComparable));
  });

  test('a missing year is skipped and named; a missing score or rank gives no change', () => {
    const t = trendOf([
      { year: 2021, score: null, rank: 14, outOf: 63 },
      { year: 2023, score: 88.5, rank: 10, outOf: 63 },
      { year: 2024, score: 90, rank: null, outOf: 63 },
    ]);
    assert.deepEqual(t[1].trend, { previousYear: 2021, scoreChange: null, rankChange: 4, rankComparable: true, percentile: 85.48 });
    assert.equal(t[2].trend.rankChange, null);
    assert.equal(t[2].trend.scoreChange, 1.5);
    assert.equal(t[2].trend.percentile, null);
  });

  test('N changes 63 → 34 after the 2025 reorganisation: the raw rank change is flagged not comparable, the percentile is', () => {
    const t = trendOf([
      { year: 2024, score: 70, rank: 21, outOf: 63 },
      { year: 2025, score: 71, rank: 12, outOf: 34 },
    ]);
    assert.equal(t[1].trend.rankComparable, false);
    assert.equal(t[0].trend.percentile, 67.74); // (63 − 21) / 62
    assert.equal(t[1].trend.percentile, 66.67); // (34 − 12) / 33: about the same standing
  });

  test('percentile: first = 100, last = 0, a single province = 100, out of range = null', () => {
    assert.equal(percentileOf(1, 63), 100);
    assert.equal(percentileOf(63, 63), 0);
    assert.equal(percentileOf(1, 1), 100);
    assert.equal(percentileOf(64, 63), null);
    assert.equal(percentileOf(null, 63), null);
  });
});

describe('gap to the target rank (hand-checked)', () => {
  const top10by2025 = { rank: 10, year: 2025 };
  test('rank 43 in 2021 → 33 places to climb in 4 years = 9 a year', () => {
    assert.deepEqual(gapToTarget({ year: 2021, rank: 43 }, top10by2025), {
      targetRank: 10,
      targetYear: 2025,
      places: 33,
      met: false,
      yearsLeft: 4,
      placesPerYear: 9,
      missed: false,
    });
  });
  test('met at or above the target rank; missed when the target year is reached without it', () => {
    assert.equal(gapToTarget({ year: 2024, rank: 10 }, top10by2025)!.met, true);
    assert.equal(gapToTarget({ year: 2023, rank: 3 }, top10by2025)!.places, 0);
    const late = gapToTarget({ year: 2025, rank: 21 }, top10by2025)!;
    assert.deepEqual([late.places, late.missed, late.placesPerYear, late.yearsLeft], [11, true, null, 0]);
    assert.equal(gapToTarget({ year: 2026, rank: 11 }, top10by2025)!.yearsLeft, -1);
  });
  test('no rank or no target → no gap', () => {
    assert.equal(gapToTarget({ year: 2024, rank: null }, top10by2025), null);
    assert.equal(gapToTarget({ year: 2024, rank: 5 }, null), null);
  });
});

const PCI_DEFS: ComponentDef[] = [
  'entry_costs',
  'land_access',
  'transparency',
  'time_costs',
  'informal_charges',
  'policy_bias',
  'proactivity',
  'business_support',
  'labour_policy',
  'law_and_order',
].map((code) => ({ code, maxScore: 10 }));
const fig = (o: Record<string, number>): Map<string, ComponentFigure> => new Map(Object.entries(o).map(([k, v]) => [k, { score: v }]));
// Thanh Hóa PCI 2023 and 2024 component scores (pcivietnam.vn).
const PCI2023 = fig({
  entry_costs: 7.45,
  land_access: 7.27,
  transparency: 5.56,
  time_costs: 8.35,
  informal_charges: 7.7,
  policy_bias: 5.42,
  proactivity: 7.11,
  business_support: 4.88,
  labour_policy: 6.95,
  law_and_order: 7.63,
});
const PCI2024 = fig({
  entry_costs: 7.51,
  land_access: 7.06,
  transparency: 6.81,
  time_costs: 7.06,
  informal_charges: 6.47,
  policy_bias: 6.42,
  proactivity: 6.75,
  business_support: 6.82,
  labour_policy: 6.87,
  law_and_order: 7.64,
});

describe('weak components (hand-checked on Thanh Hóa PCI 2024)', () => {
  test('3 lowest (6.42, 6.47, 6.75) and declines of at least 0.5 points (time costs −1.29, informal charges −1.23)', () => {
    const w = weakComponents(PCI_DEFS, PCI2024, PCI2023);
    assert.deepEqual(
      w.map((x) => [x.code, x.reasons]),
      [
        ['policy_bias', ['lowest']],
        ['informal_charges', ['lowest', 'declined']],
        ['proactivity', ['lowest']], // −0.36 < 0.5: not a decline by the rule
        ['time_costs', ['declined']],
      ],
    );
    assert.equal(w.find((x) => x.code === 'time_costs')!.change, -1.29);
    assert.equal(w[0].share, 0.642);
  });

  test('without a previous year only the lowest count; a smaller threshold catches smaller declines', () => {
    assert.deepEqual(
      weakComponents(PCI_DEFS, PCI2024, null).map((x) => x.code),
      ['policy_bias', 'informal_charges', 'proactivity'],
    );
    const loose = weakComponents(PCI_DEFS, PCI2024, PCI2023, { minDropShare: 0.02 })
      .filter((x) => x.reasons.includes('declined'))
      .map((x) => x.code)
      .sort();
    assert.deepEqual(loose, ['informal_charges', 'land_access', 'proactivity', 'time_costs']); // labour −0.08 stays out
  });

  test('below the national median when one is recorded', () => {
    const cur = new Map<string, ComponentFigure>([
      ['entry_costs', { score: 7.51, nationalMedian: 7.6 }],
      ['law_and_order', { score: 7.64, nationalMedian: 7.2 }],
    ]);
    const w = weakComponents(PCI_DEFS, cur, null);
    assert.deepEqual(
      w.map((x) => [x.code, x.reasons]),
      [['entry_costs', ['below_median']]],
      'only 2 components: "lowest" does not apply',
    );
  });

  test('ties at the k-th lowest are all flagged; unknown maxima take no part in "lowest" but can decline', () => {
    const defs: ComponentDef[] = [
      { code: 'a', maxScore: 10 },
      { code: 'b', maxScore: 10 },
      { code: 'c', maxScore: 10 },
      { code: 'd', maxScore: 10 },
      { code: 'x', maxScore: null },
    ];
    const w = weakComponents(defs, fig({ a: 5, b: 6, c: 6, d: 9, x: 1 }), fig({ x: 2 }), { lowest: 2 });
    assert.deepEqual(
      w.map((r) => [r.code, r.reasons]),
      [
        ['a', ['lowest']],
        ['b', ['lowest']],
        ['c', ['lowest']],
        ['x', ['declined']],
      ],
    );
  });

  test('components without a score are never weak', () => {
    assert.deepEqual(weakComponents(PCI_DEFS, new Map(), PCI2023), []);
  });
});

describe('result validation', () => {
  test('range checks and unknown components', () => {
    const defs = PCI_DEFS;
    assert.deepEqual(validateResult({ score: 68.74, rank: 21, outOf: 63, scoreMax: 100, components: [{ code: 'entry_costs', score: 7.51 }], defs }), []);
    assert.equal(validateResult({ score: null, rank: null, outOf: 63, scoreMax: 100, components: [], defs }).length, 1);
    assert.equal(validateResult({ score: 101, rank: 64, outOf: 63, scoreMax: 100, components: [], defs }).length, 2);
    assert.equal(
      validateResult({
        score: 60,
        rank: 1,
        outOf: 34,
        scoreMax: 100,
        components: [
          { code: 'nope', score: 1 },
          { code: 'entry_costs', score: 11 },
          { code: 'land_access', score: 5, rank: 40 },
        ],
        defs,
      }).length,
      3,
    );
    assert.equal(
      validateResult({
        score: 60,
        rank: 1,
        outOf: 63,
        scoreMax: 100,
        components: [
          { code: 'entry_costs', score: 5 },
          { code: 'entry_costs', score: 6 },
        ],
        defs,
      }).length,
      1,
    );
  });
});

describe('properties', () => {
  const figure = fc
    .record({ score: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }), outOf: fc.integer({ min: 1, max: 63 }) })
    .chain((r) =>
      fc.record({ score: fc.constant(r.score), outOf: fc.constant(r.outOf), rank: fc.option(fc.integer({ min: 1, max: r.outOf }), { nil: null }) }),
    );
  const series = fc
    .uniqueArray(fc.integer({ min: 2000, max: 2100 }), { minLength: 1, maxLength: 10 })
    .chain((years) => fc.tuple(...years.map((y) => figure.map((f) => ({ ...f, year: y })))));

  test('rank changes telescope: over a run of ranked years their sum = first rank − last rank', () => {
    fc.assert(
      fc.property(series, (s) => {
        const t = trendOf(s.map((r) => ({ ...r, rank: r.rank ?? 1, outOf: 63 })));
        const sum = t.slice(1).reduce((acc, r) => acc + r.trend.rankChange!, 0);
        return sum === t[0].rank! - t[t.length - 1].rank!;
      }),
    );
  });

  test('trend is sorted by year, the first has no previous year, and the input order does not matter', () => {
    fc.assert(
      fc.property(series, (s) => {
        const a = trendOf(s);
        const b = trendOf([...s].reverse());
        return a[0].trend.previousYear === null && a.every((r, i) => i === 0 || r.year > a[i - 1].year) && JSON.stringify(a) === JSON.stringify(b);
      }),
    );
  });

  test('percentile lies in [0, 100] and never rises when the rank gets worse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 63 }), fc.integer({ min: 1, max: 63 }), fc.integer({ min: 1, max: 63 }), (n, a, b) => {
        const [r1, r2] = [Math.min(a, b, n), Math.min(Math.max(a, b), n)];
        const p1 = percentileOf(r1, n)!;
        const p2 = percentileOf(r2, n)!;
        return p1 >= 0 && p1 <= 100 && p2 >= 0 && p2 <= 100 && p1 >= p2;
      }),
    );
  });

  test('gap: places ≥ 0, met iff rank ≤ target, and rank − places ≤ target rank', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 63 }),
        fc.integer({ min: 1, max: 63 }),
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: 2000, max: 2100 }),
        (rank, tr, y, ty) => {
          const g = gapToTarget({ year: y, rank }, { rank: tr, year: ty })!;
          return g.places >= 0 && g.met === rank <= tr && rank - g.places <= tr && (g.placesPerYear === null || g.placesPerYear * g.yearsLeft >= g.places);
        },
      ),
    );
  });

  const comps = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), fc.double({ min: 0, max: 10, noNaN: true }), { minKeys: 0, maxKeys: 7 });
  const DEFS: ComponentDef[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((code) => ({ code, maxScore: 10 }));

  test('weak: every "lowest" is no higher than every non-flagged component; at least k flagged when more than k compete', () => {
    fc.assert(
      fc.property(comps, fc.integer({ min: 1, max: 4 }), (cur, k) => {
        const m = fig(cur);
        const w = weakComponents(DEFS, m, null, { lowest: k });
        const low = w.filter((x) => x.reasons.includes('lowest')).map((x) => x.score);
        const rest = [...m.entries()].filter(([c]) => !w.some((x) => x.code === c)).map(([, v]) => v.score);
        const n = m.size;
        return (n > k ? low.length >= k : low.length === 0) && low.every((s) => rest.every((r) => s <= r));
      }),
    );
  });

  test('weak: "declined" iff the drop is at least 5% of the maximum; the result does not depend on the order of definitions', () => {
    fc.assert(
      fc.property(comps, comps, (cur, prev) => {
        const w = weakComponents(DEFS, fig(cur), fig(prev));
        const ok = Object.keys(cur).every((c) => {
          const flagged = w.find((x) => x.code === c)?.reasons.includes('declined') ?? false;
          const should = prev[c] !== undefined && prev[c] - cur[c] > 0 && prev[c] - cur[c] >= 0.5 - 1e-9;
          return flagged === should;
        });
        const shuffled = weakComponents([...DEFS].reverse(), fig(cur), fig(prev));
        return ok && JSON.stringify(shuffled) === JSON.stringify(w);
      }),
    );
  });
});
