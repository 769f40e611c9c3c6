import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clientDataProblem, findTextProblem, hardenSchema, isMalformedText } from './input-guard.js';

test('malformed text: NUL and lone surrogates, not surrogate pairs', () => {
  const table: [string, boolean][] = [
    ['Nguyễn Văn A', false],
    ['emoji 😀 ok', false],
    ['a\u0000b', true],
    ['\ud800', true],
    ['x\udc00', true],
    ['\ud83d\ude00\ud83d', true],
    ['', false],
  ];
  for (const [s, bad] of table) assert.equal(isMalformedText(s), bad, JSON.stringify(s));
  // Any well-formed string without NUL passes (fast-check's full-Unicode strings are well formed).
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => isMalformedText(s) === s.includes('\u0000')));
});

test('findTextProblem walks keys, nested values and names', () => {
  assert.deepEqual(findTextProblem({ a: [{ b: 'x\u0000' }] }), { path: '/a/0/b', kind: 'malformed' });
  assert.equal(findTextProblem({ ['k\u0000']: 1 })?.kind, 'malformed');
  assert.deepEqual(findTextProblem({ applicant: { fullName: 'A\u202Eb' } }), { path: '/applicant/fullName', kind: 'spoofing' });
  assert.deepEqual(findTextProblem({ agency: { shortName: 'Lê\u200BVăn' } }), { path: '/agency/shortName', kind: 'spoofing' });
  assert.equal(findTextProblem({ content: 'quoted \u202Btext\u202C' }), null);
  assert.equal(findTextProblem({ name: 'Nguyễn Thị Hồng Đào', n: 1, b: true, z: null }), null);
});

test('hardenSchema bounds numbers, checks pattern-only dates, keeps data and the original', () => {
  const original = {
    type: 'object',
    properties: {
      offset: { type: 'integer', minimum: 0, default: 0 },
      x: { type: 'number' },
      d: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
      e: { enum: [{ type: 'integer' }] },
    },
  };
  const copy = JSON.parse(JSON.stringify(original));
  const h = hardenSchema(original) as unknown as { properties: Record<string, Record<string, unknown>> };
  assert.deepEqual(original, copy);
  assert.deepEqual(h.properties.offset, { type: 'integer', minimum: 0, default: 0, maximum: Number.MAX_SAFE_INTEGER });
  assert.deepEqual(h.properties.x, { type: 'number', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER });
  assert.equal(h.properties.d.format, 'date');
  assert.deepEqual(h.properties.e, { enum: [{ type: 'integer' }] });
});

test('PostgreSQL data exceptions map to 400, anything else does not', () => {
  for (const code of ['22021', '22003', '22008', '22P02']) assert.equal(clientDataProblem({ code })?.status, 400);
  for (const e of [{ code: '23505' }, new Error('x'), null, { code: 5 }]) assert.equal(clientDataProblem(e), null);
});
