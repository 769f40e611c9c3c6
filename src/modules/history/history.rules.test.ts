import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { actionInput, canonical, contentHash, recordProblems } from './history.rules.js';
import { parseNdjson } from './history.format.js';

const now = new Date('2026-12-07T00:00:00Z');
const base = {
  ref: 'A-1',
  procedure: '1.001612',
  channel: 'counter',
  receivingAgency: 'X',
  applicant: { kind: 'citizen', name: 'An', idNumber: '038190001234' },
  actions: [{ type: 'receive', at: '2026-03-02T08:00:00+07:00' }],
};

describe('history record checks', () => {
  test('a well-formed record has no problem', () => assert.deepEqual(recordProblems(base, now), []));
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [1], /đối tượng JSON/],
    ['no ref', { ...base, ref: '' }, /thiếu "ref"/],
    ['bad channel', { ...base, channel: 'fax' }, /"channel"/],
    ['no actions', { ...base, actions: [] }, /thiếu "actions"/],
    ['unknown action', { ...base, actions: [{ type: 'teleport', at: '2026-03-02T08:00:00+07:00' }] }, /không được hỗ trợ/],
    ['time without zone', { ...base, actions: [{ type: 'receive', at: '2026-03-02 08:00' }] }, /có múi giờ/],
    ['future', { ...base, actions: [{ type: 'receive', at: '2027-01-01T08:00:00+07:00' }] }, /ở tương lai/],
    [
      'out of order',
      {
        ...base,
        actions: [
          { type: 'receive', at: '2026-03-02T08:00:00+07:00' },
          { type: 'forward', at: '2026-03-01T08:00:00+07:00' },
        ],
      },
      /sớm hơn thao tác trước/,
    ],
    ['online without submission', { ...base, channel: 'online' }, /submit_online/],
    ['counter starting with forward', { ...base, actions: [{ type: 'forward', at: '2026-03-02T08:00:00+07:00' }] }, /bắt đầu bằng thao tác receive/],
    [
      'bad fees',
      { ...base, actions: [...base.actions, { type: 'request_payment', at: '2026-03-02T09:00:00+07:00', fees: [{ name: 'Lệ phí', amount: -5 }] }] },
      /"fees"/,
    ],
  ];
  for (const [name, r, re] of cases) {
    test(name, () =>
      assert.ok(
        recordProblems(r, now).some((p) => re.test(p)),
        JSON.stringify(recordProblems(r, now)),
      ),
    );
  }
  test('the content hash ignores key order and absent/null fields', () => {
    assert.equal(canonical({ b: 1, a: [{ y: null, x: 2 }] }), '{"a":[{"x":2}],"b":1}');
    assert.equal(contentHash({ ...base, code: null }), contentHash(JSON.parse(JSON.stringify(base))));
    assert.notEqual(contentHash(base), contentHash({ ...base, ref: 'A-2' }));
  });
  test('action fields go to the dossier service by type; the old officer stays in the payload', () => {
    const ids = (c: string) => (c === 'SOTP' ? 'uuid-sotp' : null);
    assert.deepEqual(actionInput({ type: 'transfer', at: 'x', toAgency: 'SOTP', task: 'Phối hợp', budgetDays: 2, by: 'Lan', reason: 'ignored' }, ids), {
      type: 'transfer',
      toAgencyId: 'uuid-sotp',
      task: 'Phối hợp',
      budgetDays: 2,
      importedActor: 'Lan',
    });
    assert.deepEqual(actionInput({ type: 'payment_received', at: 'x' }, ids), { type: 'payment_received', paidOnline: false });
    assert.deepEqual(actionInput({ type: 'request_payment', at: 'x', fees: [{ name: 'Phí', amount: 100000 }] }, ids), {
      type: 'request_payment',
      items: [{ name: 'Phí', amount: 100000 }],
    });
  });
  test('NDJSON: blank lines skipped, line numbers kept, bad JSON reported on its line', () => {
    const p = parseNdjson(Buffer.from('\uFEFF{"ref":"a"}\n\n{oops\r\n{"ref":"b"}\n'));
    assert.deepEqual(
      p.records.map((r) => r.line),
      [1, 3, 4],
    );
    assert.match(String((p.records[1].record as { __parseError: string }).__parseError), /không phải JSON hợp lệ/);
  });
});
