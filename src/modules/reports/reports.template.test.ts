import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, blocking, expandRules, templateProblems, validateReport, type Template } from './reports.template.js';
import { SYSTEM_FIGURE_KEYS } from './reports.figures.js';
import { CCHC_TEMPLATE, NQ131_TEMPLATE, REGIME_SEEDS, TTHC_TEMPLATE } from './seed/regimes.js';
import { parseNumberText, parseSubmissionXlsx, submissionXlsx } from './reports.export.js';

const T: Template = {
  sections: [{ id: 'I', title: 'I. Kết quả', required: true }],
  tables: [
    {
      id: 'B01',
      title: 'Hồ sơ',
      columns: [
        { id: 'received', label: 'Tiếp nhận', type: 'integer', required: true },
        { id: 'resolved', label: 'Đã giải quyết', type: 'integer', required: true },
        { id: 'rate', label: 'Tỷ lệ', type: 'percent' },
        { id: 'funding', label: 'Kinh phí', type: 'money' },
        { id: 'note', label: 'Ghi chú', type: 'text' },
      ],
      rows: [
        { id: 'online', label: 'Trực tuyến' },
        { id: 'counter', label: 'Trực tiếp' },
        { id: 'total', label: 'Tổng số' },
      ],
      totalRow: 'total',
    },
  ],
  rules: [{ id: 'rate_total', kind: 'ratio', target: 'B01.total.rate', numerator: ['B01.total.resolved'], denominator: ['B01.total.received'] }],
};

const good = {
  'B01.online.received': 60,
  'B01.online.resolved': 50,
  'B01.counter.received': 40,
  'B01.counter.resolved': 30,
  'B01.total.received': 100,
  'B01.total.resolved': 80,
  'B01.total.rate': 80,
  'B01.total.funding': 1_500_000,
};

describe('template validation', () => {
  test("the seeded regimes' templates are well formed", () => {
    for (const r of REGIME_SEEDS) assert.deepEqual(templateProblems(r.template, SYSTEM_FIGURE_KEYS), [], r.code);
    assert.ok(NQ131_TEMPLATE.tables.length >= 3 && TTHC_TEMPLATE.tables.length >= 2 && CCHC_TEMPLATE.tables.length >= 2);
  });

  test('structure problems are found: duplicate ids, unknown cells in rules, text cells in formulas, unknown system figures', () => {
    const bad: Template = {
      sections: [
        { id: 'I', title: 'a' },
        { id: 'I', title: 'b' },
      ],
      tables: [
        {
          id: 'B1',
          title: 'x',
          columns: [
            { id: 'a', label: 'A', type: 'integer' },
            { id: 't', label: 'T', type: 'text' },
          ],
          rows: [{ id: 'r', label: 'R' }],
          cells: { 'r.a': { system: 'dossiers.nonsense' } },
        },
      ],
      rules: [{ id: 'x', kind: 'sum', target: 'B1.r.a', terms: ['B1.r.t', 'B1.zz.a'] }],
    };
    const p = templateProblems(bad, SYSTEM_FIGURE_KEYS).join('\n');
    assert.match(p, /"I" bị trùng/);
    assert.match(p, /B1\.zz\.a" không tồn tại/);
    assert.match(p, /ô văn bản/);
    assert.match(p, /dossiers\.nonsense/);
  });

  test('a correct report has no issues', () => {
    assert.deepEqual(validateReport(T, good, { I: 'Nội dung' }, true), []);
  });

  test('a total that does not add up is refused, naming the cell and the terms', () => {
    const issues = validateReport(T, { ...good, 'B01.total.received': 101 }, { I: 'x' }, true);
    const e = blocking(issues);
    assert.equal(e.length, 2, JSON.stringify(e)); // the total and (through it) the ratio
    const sum = e.find((i) => i.code === 'sum_mismatch')!;
    assert.equal(sum.ref, 'B01.total.received');
    assert.match(sum.message, /Biểu B01, dòng «Tổng số», cột «Tiếp nhận» ghi 101 nhưng tổng các ô «Trực tuyến – Tiếp nhận» \+ «Trực tiếp – Tiếp nhận» là 100/);
  });

  test('the total-row shorthand covers integer and money columns, not percent or text', () => {
    const refs = expandRules(T)
      .filter((r) => r.kind === 'sum')
      .map((r) => (r as { target: string }).target);
    assert.deepEqual(refs.sort(), ['B01.total.funding', 'B01.total.received', 'B01.total.resolved']);
  });

  test('types: integers, percent 0–100 with at most 2 decimals, whole đồng, text', () => {
    const msgs = (cells: Record<string, number | string | null>) =>
      validateReport(T, { ...good, ...cells }, {}, false)
        .filter((i) => i.code === 'cell_type')
        .map((i) => i.message);
    assert.match(msgs({ 'B01.online.received': 2.5 })[0], /phải là số nguyên/);
    assert.match(msgs({ 'B01.online.received': -1 })[0], /không được nhỏ hơn 0/);
    assert.match(msgs({ 'B01.total.rate': 120 })[0], /từ 0 đến 100/);
    assert.match(msgs({ 'B01.total.rate': 33.333 })[0], /2 chữ số thập phân/);
    assert.match(msgs({ 'B01.total.funding': 10.5 })[0], /số tiền/);
    assert.match(msgs({ 'B01.online.received': 'sáu mươi' })[0], /phải là số nguyên/);
    assert.match(msgs({ 'B01.total.note': 12 })[0], /phải là văn bản/);
  });

  test('ratios must match their cells; a zero denominator requires 0', () => {
    const e = blocking(validateReport(T, { ...good, 'B01.total.rate': 75 }, {}, false));
    assert.equal(e[0].code, 'ratio_mismatch');
    assert.match(e[0].message, /75%.*= 80%/);
    const zero = {
      'B01.online.received': 0,
      'B01.online.resolved': 0,
      'B01.counter.received': 0,
      'B01.counter.resolved': 0,
      'B01.total.received': 0,
      'B01.total.resolved': 0,
      'B01.total.rate': 0,
    };
    assert.deepEqual(blocking(validateReport(T, zero, {}, false)), []);
  });

  test('a draft reports only what is wrong; the final check also wants required cells and sections', () => {
    assert.deepEqual(validateReport(T, {}, {}, false), []);
    const final = validateReport(T, {}, {}, true);
    assert.ok(final.some((i) => i.code === 'cell_required' && i.ref === 'B01.online.received'));
    assert.ok(final.some((i) => i.code === 'section_required' && /I\. Kết quả/.test(i.message)));
  });

  test('warnings do not block', () => {
    const t: Template = {
      ...T,
      rules: [...T.rules, { id: 'w', kind: 'lte', severity: 'warning', left: ['B01.total.resolved'], right: ['B01.online.resolved'] }],
    };
    const issues = validateReport(t, good, { I: 'x' }, true);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].severity, 'warning');
    assert.deepEqual(blocking(issues), []);
  });
});

describe('aggregation across agencies', () => {
  const a = { agencyId: 'a', agencyName: 'Sở A', cells: { ...good, 'B01.total.note': 'Ổn định' } };
  const b = {
    agencyId: 'b',
    agencyName: 'Sở B',
    cells: {
      'B01.online.received': 10,
      'B01.online.resolved': 10,
      'B01.counter.received': 10,
      'B01.counter.resolved': 0,
      'B01.total.received': 20,
      'B01.total.resolved': 10,
      'B01.total.rate': 50,
    },
  };
  const c = {
    agencyId: 'c',
    agencyName: 'UBND xã C',
    cells: {
      'B01.online.received': 5,
      'B01.online.resolved': 5,
      'B01.counter.received': 25,
      'B01.counter.resolved': 15,
      'B01.total.received': 30,
      'B01.total.resolved': 20,
      'B01.total.rate': 66.67,
      'B01.total.funding': 500_000,
      'B01.total.note': 'Thiếu biên chế',
    },
  };

  test('sums counts and money, takes the ratio of sums for ratio cells, lists text', () => {
    const agg = aggregate(T, [a, b, c]);
    assert.equal(agg['B01.total.received'].value, 150);
    assert.equal(agg['B01.total.resolved'].value, 110);
    assert.equal(agg['B01.online.received'].value, 75);
    assert.equal(agg['B01.total.funding'].value, 2_000_000);
    assert.equal(agg['B01.total.funding'].count, 2);
    // 110 / 150 = 73.33%, not the mean of 80, 50 and 66.67.
    assert.equal(agg['B01.total.rate'].mode, 'ratio');
    assert.equal(agg['B01.total.rate'].value, 73.33);
    assert.equal(agg['B01.total.note'].mode, 'list');
    assert.deepEqual(
      agg['B01.total.note'].items.filter((i) => i.value).map((i) => `${i.agencyName}: ${i.value}`),
      ['Sở A: Ổn định', 'UBND xã C: Thiếu biên chế'],
    );
    assert.equal(agg['B01.total.received'].min, 20);
    assert.equal(agg['B01.total.received'].max, 100);
  });

  test('the aggregate of valid reports is itself a valid report (totals add up)', () => {
    const agg = aggregate(T, [a, b, c]);
    const cells = Object.fromEntries(
      Object.entries(agg)
        .filter(([, v]) => v.mode !== 'list')
        .map(([k, v]) => [k, v.value]),
    );
    assert.deepEqual(blocking(validateReport(T, cells, { I: 'x' }, false)), []);
  });
});

describe('XLSX round trip', () => {
  test('a filled workbook reads back to the same cells and narrative; Vietnamese number text is understood', async () => {
    const buf = await submissionXlsx(
      T,
      { regimeName: 'Báo cáo thử', agencyName: 'Sở A', periodLabel: 'Quý I năm 2026', cutoffFrom: '2025-12-15', cutoffTo: '2026-03-14', dueOn: '2026-03-18' },
      { cells: { ...good, 'B01.total.note': 'Ghi chú' }, narrative: { I: 'Đã triển khai.' }, annotations: {}, systemFigures: {} },
    );
    const back = await parseSubmissionXlsx(T, buf);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.cells, { ...good, 'B01.total.note': 'Ghi chú' });
    assert.deepEqual(back.narrative, { I: 'Đã triển khai.' });
    assert.equal(parseNumberText('1.500.000'), 1_500_000);
    assert.equal(parseNumberText('12,5'), 12.5);
    assert.equal(parseNumberText('12,5%'), 12.5);
    assert.equal(parseNumberText('mười'), 'mười');
  });

  test('a workbook that is not the template is refused with the missing sheet named', async () => {
    const r = await parseSubmissionXlsx(T, Buffer.from('not a zip'));
    assert.match(r.problems[0], /không phải bảng tính XLSX/);
  });
});
