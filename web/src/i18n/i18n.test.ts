import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLangLoaded, loadLang, translate } from './index';
import { vi } from './vi';

test('English is loaded on demand; until then the Vietnamese text is shown, never the key', async () => {
  assert.equal(isLangLoaded('vi'), true);
  assert.equal(isLangLoaded('en'), false);
  assert.equal(translate('en', 'app.name'), vi['app.name']);
  const first = loadLang('en');
  assert.equal(loadLang('en'), first, 'one fetch for concurrent requests');
  await first;
  assert.equal(isLangLoaded('en'), true);
  assert.equal(translate('en', 'app.name'), 'One-stop electronic system');
  assert.equal(translate('vi', 'app.name'), vi['app.name']);
  await loadLang('vi');
});
