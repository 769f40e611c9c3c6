import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatLookupKey, lookupUrl, normalizeLookupKey } from './lookup-key.js';

describe('normalizeLookupKey', () => {
  const table: [string, string | null][] = [
    ['7K2M9QXD', '7K2M9QXD'],
    ['7k2m-9qxd', '7K2M9QXD'],
    [' 7K2M 9QXD ', '7K2M9QXD'],
    ['OIL0-ABCD', '0110ABCD'],
    ['7K2M9QX', null],
    ['7K2M9QXDD', null],
    ['7K2M9QXU', null],
    ['', null],
    ["7K2M9QX'", null],
  ];
  for (const [raw, want] of table) test(`"${raw}"`, () => assert.equal(normalizeLookupKey(raw), want));
  test('property: a printed key always reads back as itself', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'), { minLength: 8, maxLength: 8 }), (cs) => {
        const k = cs.join('');
        assert.equal(normalizeLookupKey(formatLookupKey(k)), k);
        assert.equal(normalizeLookupKey(formatLookupKey(k).toLowerCase()), k);
      }),
    );
  });
});

test('lookupUrl', () => {
  assert.equal(lookupUrl('https://dvc.example.vn/', '000.00.15.H56-260101-0001'), 'https://dvc.example.vn/tra-cuu?ma=000.00.15.H56-260101-0001');
  assert.equal(
    lookupUrl('https://dvc.example.vn', '000.00.15.H56-260101-0001', '7K2M9QXD'),
    'https://dvc.example.vn/tra-cuu?ma=000.00.15.H56-260101-0001&k=7K2M-9QXD',
  );
});
