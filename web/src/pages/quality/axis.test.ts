import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { axisLabelShown, axisLabelStep } from './axis';

test('axis labels: all of them when there is room, every other one when there is not', () => {
  assert.equal(axisLabelStep(['01/26', '02/26'], 100), 1);
  // 12 months on the 500-unit axis of the QĐ 766 chart: "12/2026" needs 50 units, they are 45 apart.
  assert.equal(
    axisLabelStep(
      Array.from({ length: 12 }, (_, i) => `${String(i + 1).padStart(2, '0')}/2026`),
      500 / 11,
    ),
    2,
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((i) => axisLabelShown(i, 5, 2)),
    [true, false, true, false, true],
  );
  assert.equal(axisLabelShown(11, 12, 3), true, 'the latest point is always labelled');
});

test('axis labels never overlap: shown labels are at least a label width apart', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 12 }), { minLength: 2, maxLength: 40 }), fc.integer({ min: 100, max: 2000 }), (labels, width) => {
      const spacing = width / (labels.length - 1);
      const step = axisLabelStep(labels, spacing);
      const widest = Math.max(...labels.map((l) => l.length)) * 6;
      const shown = labels.map((_, i) => i).filter((i) => axisLabelShown(i, labels.length, step));
      assert.ok(shown.includes(labels.length - 1));
      for (let k = 1; k < shown.length; k++) assert.ok((shown[k] - shown[k - 1]) * spacing >= widest);
    }),
  );
});
