import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConfirmation, intakeDigitisedRefused, MAX_SCAN_PAGES, planScan } from './digitisation.rules.js';

test('a scan: several JPEG/PNG pages → one PDF; one PDF kept; mixed, several PDFs or other types refused', () => {
  assert.deepEqual(planScan(['image/jpeg', 'image/png', 'image/jpeg']), { ok: true, kind: 'images', pages: 3 });
  assert.deepEqual(planScan(['application/pdf']), { ok: true, kind: 'pdf' });
  const refused: [(string | null)[], string][] = [
    [[], 'file_required'],
    [['application/pdf', 'image/png'], 'scan_mixed'],
    [['application/pdf', 'application/pdf'], 'scan_mixed'],
    [['application/zip'], 'file_type'],
    [[null], 'file_type'],
    [Array(MAX_SCAN_PAGES + 1).fill('image/png'), 'scan_too_many_pages'],
  ];
  for (const [m, code] of refused) {
    const r = planScan(m);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.code, code, m.join(','));
  }
});

test('confirmation needs a stored scan of that very component, not a re-used document', () => {
  const scan = { kind: 'component', componentIndex: 1, reusedFrom: null };
  assert.deepEqual(checkConfirmation(scan, 1, [0, 1]), { ok: true });
  const codes: [Parameters<typeof checkConfirmation>, string][] = [
    [[null, 1, [0, 1]], 'scan_required'],
    [[scan, 2, [0, 1]], 'component_not_in_dossier'],
    [[scan, 0, [0, 1]], 'scan_wrong_component'],
    [[{ ...scan, kind: 'result' }, 1, [0, 1]], 'scan_wrong_component'],
    [[{ ...scan, reusedFrom: 'warehouse:x' }, 1, [0, 1]], 'scan_reused'],
  ];
  for (const [args, code] of codes) {
    const r = checkConfirmation(...args);
    assert.equal(r.ok ? 'ok' : r.code, code);
  }
});

test('the "digitised" tick at intake: refused at the counter and by post, kept online and for the history import', () => {
  assert.equal(intakeDigitisedRefused('counter', false, [{ digitised: true }]), true);
  assert.equal(intakeDigitisedRefused('post', false, [{}, { digitised: true }]), true);
  assert.equal(intakeDigitisedRefused('counter', false, [{ digitised: false }, {}]), false);
  assert.equal(intakeDigitisedRefused('online', false, [{ digitised: true }]), false);
  assert.equal(intakeDigitisedRefused('counter', true, [{ digitised: true }]), false);
});
