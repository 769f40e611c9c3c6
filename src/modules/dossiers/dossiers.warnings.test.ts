import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warningsFor } from './dossiers.warnings.js';

const T = [480, 120]; // 1 working day, 2 working hours
const kinds = (ws: ReturnType<typeof warningsFor>) => ws.map((w) => `${w.kind}>${w.to}@${w.threshold}`);

test('warnings: the most urgent threshold crossed, overdue escalates, the apology reminder before the last day', () => {
  const cases: [number | null, number | null, boolean, string[]][] = [
    // stepLeft, dossierLeft, apologised, expected
    [null, null, false, []],
    [2000, 5000, false, []],
    [480, 5000, false, ['dossier.step_due_soon>holder@480']],
    [300, 5000, false, ['dossier.step_due_soon>holder@480']],
    [120, 5000, false, ['dossier.step_due_soon>holder@120']],
    [1, 5000, false, ['dossier.step_due_soon>holder@120']],
    [0, 5000, false, ['dossier.step_overdue>holder@0', 'dossier.step_overdue>leaders@0']],
    [-30, 960, false, ['dossier.step_overdue>holder@0', 'dossier.step_overdue>leaders@0', 'dossier.apology_due>one_stop@480']],
    [null, 961, false, []],
    [null, 960, true, []],
    [null, 400, false, ['dossier.due_soon>holder@480', 'dossier.apology_due>one_stop@480']],
    [null, 100, true, ['dossier.due_soon>holder@120']],
    [null, -1, false, ['dossier.overdue>holder@0', 'dossier.overdue>leaders@0']],
  ];
  for (const [stepLeft, dossierLeft, apologised, expected] of cases) {
    assert.deepEqual(kinds(warningsFor({ stepLeft, dossierLeft, thresholds: T, apologised })), expected, `${stepLeft} ${dossierLeft} ${apologised}`);
  }
});
