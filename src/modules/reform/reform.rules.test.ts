import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planDueOn, rankByTotal, scoreTree, sipasIndex, validateTree, type CriterionNode, type ScoreInput } from './reform.rules.js';
import { SIPAS_QUESTIONS } from './reform.sipas.js';

const tree: (CriterionNode & { title: string })[] = [
  { id: 'a1', parentId: null, code: '1', title: 'Chỉ đạo', maxPoints: 10, rule: 'sum' },
  { id: 'a11', parentId: 'a1', code: '1.1', title: 'Kế hoạch', maxPoints: 4, rule: 'manual' },
  { id: 'a12', parentId: 'a1', code: '1.2', title: 'Báo cáo', maxPoints: 6, rule: 'manual' },
  { id: 'a2', parentId: null, code: '2', title: 'TTHC', maxPoints: 10, rule: 'sum' },
  { id: 'a21', parentId: 'a2', code: '2.1', title: 'Công khai', maxPoints: 10, rule: 'manual' },
  { id: 'a3', parentId: null, code: '3', title: 'Tác động (điều tra)', maxPoints: 20, rule: 'survey' },
];
const s = (selfScore: number | null, appraisedScore: number | null = null, surveyPercent: number | null = null): ScoreInput => ({ selfScore, appraisedScore, surveyPercent });

describe('PAR INDEX scoring (hand-checked)', () => {
  test('appraised score replaces the self-score; survey leaf = max × %; parents sum', () => {
    // self 4+6+9 = 19; appraisal cuts 1.1 to 3; survey 85% of 20 = 17. Final 3+6+9+17 = 35, max 40.
    const r = scoreTree(tree, new Map([['a11', s(4, 3)], ['a12', s(6)], ['a21', s(9, 9)], ['a3', s(null, null, 85)]]));
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
    const r = scoreTree(capped, new Map([['c1', s(4)], ['c2', s(99)]]));
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
    const r = rankByTotal([{ name: 'B', total: 80 }, { name: 'A', total: 90 }, { name: 'C', total: 80 }, { name: 'D', total: 70.5 }]);
    assert.deepEqual(r.map((x) => [x.name, x.rank]), [['A', 1], ['B', 2], ['C', 2], ['D', 4]]);
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
