import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chooseFees, feeProblems, quoteLine, quoteTotal, type FeeLine } from './catalog.fees.js';
import { APPLICANT_GROUPS } from './catalog.schemas.js';

const line = (name: string, amountVnd: number | null, extra: Partial<FeeLine> = {}): FeeLine => ({ name, amountVnd, onlineReductionPercent: null, ...extra });

/** "Cấp Phiếu lý lịch tư pháp": the normal rate and the reduced rate are alternatives. */
const LLTP: FeeLine[] = [
  line('Phí cung cấp thông tin lý lịch tư pháp', 200000, { alternativeGroup: 'muc_phi' }),
  line('Phí cung cấp thông tin lý lịch tư pháp (sinh viên, người có công, thân nhân liệt sĩ)', 100000, {
    alternativeGroup: 'muc_phi',
    appliesTo: ['student', 'meritorious', 'martyr_relative'],
  }),
];
const BIRTH: FeeLine[] = [line('Lệ phí đăng ký khai sinh', 0), line('Phí cấp bản sao Giấy khai sinh', 8000, { onRequest: true })];

describe('chooseFees', () => {
  const cases: { name: string; fees: FeeLine[]; sel: Parameters<typeof chooseFees>[1]; indexes: number[]; needsChoice?: string[]; unknown?: number[] }[] = [
    { name: 'alternatives, no declared group → the normal rate only (never both)', fees: LLTP, sel: {}, indexes: [0] },
    { name: 'a student → the reduced rate', fees: LLTP, sel: { groups: ['student'] }, indexes: [1] },
    { name: 'a group the reduced rate does not name → the normal rate', fees: LLTP, sel: { groups: ['elderly'] }, indexes: [0] },
    { name: 'an explicit choice wins over the declared group', fees: LLTP, sel: { groups: ['student'], choices: { muc_phi: 0 } }, indexes: [0] },
    { name: 'an explicit choice outside the group → needs a choice', fees: LLTP, sel: { choices: { muc_phi: 5 } }, indexes: [], needsChoice: ['muc_phi'] },
    { name: 'copies are charged only on request', fees: BIRTH, sel: {}, indexes: [0] },
    { name: 'copies requested', fees: BIRTH, sel: { requested: [1] }, indexes: [0, 1] },
    {
      name: 'two reduced rates fit → the lower one',
      fees: [
        line('A', 300, { alternativeGroup: 'g' }),
        line('B', 200, { alternativeGroup: 'g', appliesTo: ['student'] }),
        line('C', 100, { alternativeGroup: 'g', appliesTo: ['disabled'] }),
      ],
      sel: { groups: ['student', 'disabled'] },
      indexes: [2],
    },
    {
      name: 'alternatives without a default line and no group → needs a choice',
      fees: [line('A', 1, { alternativeGroup: 'g', appliesTo: ['child'] }), line('B', 2, { alternativeGroup: 'g', appliesTo: ['elderly'] })],
      sel: {},
      indexes: [],
      needsChoice: ['g'],
    },
    { name: 'unknown amounts are reported', fees: [line('Lệ phí', null), line('Bản sao', 8000, { onRequest: true })], sel: {}, indexes: [0], unknown: [0] },
    {
      name: 'a standalone line for a group applies only to it',
      fees: [line('Phí', 1000), line('Phụ thu người nước ngoài', 500, { appliesTo: ['elderly'] })],
      sel: {},
      indexes: [0],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = chooseFees(c.fees, c.sel);
      assert.deepEqual(r.indexes, c.indexes);
      assert.deepEqual(r.needsChoice, c.needsChoice ?? []);
      assert.deepEqual(r.unknownAmount, c.unknown ?? []);
    });
  }

  test('property: at most one line per alternative group, and never more than the most expensive alternative', () => {
    const arbLine = fc.record({
      name: fc.string({ minLength: 1, maxLength: 5 }),
      amountVnd: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
      onlineReductionPercent: fc.constant(null),
      alternativeGroup: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
      appliesTo: fc.option(fc.subarray([...APPLICANT_GROUPS], { minLength: 1 }), { nil: null }),
      onRequest: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 8 }), fc.subarray([...APPLICANT_GROUPS]), (fees, groups) => {
        const r = chooseFees(fees, { groups });
        for (const g of ['a', 'b']) {
          const chosen = r.indexes.filter((i) => fees[i].alternativeGroup === g);
          assert.ok(chosen.length <= 1, `group ${g}: ${chosen.length} lines`);
          const max = Math.max(0, ...fees.filter((f) => f.alternativeGroup === g).map((f) => f.amountVnd ?? 0));
          assert.ok(chosen.every((i) => (fees[i].amountVnd ?? 0) <= max));
        }
        assert.ok(
          r.indexes.every((i) => !fees[i].onRequest),
          'on-request lines only when requested',
        );
        assert.equal(new Set(r.indexes).size, r.indexes.length);
      }),
    );
  });
});

describe('quoteLine', () => {
  test('online reduction only for an online dossier, rounded in the payer’s favour', () => {
    assert.deepEqual(quoteLine({ name: 'x', amount: 200000 }, 50, true), { name: 'x', amount: 200000, reductionPercent: 50, due: 100000 });
    assert.deepEqual(quoteLine({ name: 'x', amount: 200000 }, 50, false), { name: 'x', amount: 200000, reductionPercent: 0, due: 200000 });
    assert.equal(quoteLine({ name: 'x', amount: 3 }, 50, true).due, 1);
    assert.equal(quoteTotal([quoteLine({ name: 'a', amount: 200000 }, 50, true)]), 100000);
  });
});

describe('feeProblems', () => {
  test('a group needs two lines and at most one default line', () => {
    assert.deepEqual(feeProblems(LLTP), []);
    assert.equal(feeProblems([line('A', 1, { alternativeGroup: 'g' })]).length, 1);
    assert.equal(feeProblems([line('A', 1, { alternativeGroup: 'g' }), line('B', 2, { alternativeGroup: 'g' })]).length, 1);
    assert.equal(
      feeProblems([line('A', 1, { alternativeGroup: 'g', onRequest: true }), line('B', 2, { alternativeGroup: 'g', appliesTo: ['child'] })]).length,
      1,
    );
  });
});
