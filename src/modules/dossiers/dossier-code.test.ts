import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatCentralisedDossierCode, formatDossierCode, parseDossierCode, vietnamYymmdd } from './dossier-code.js';

describe('dossier code', () => {
  test('formats the 2018 pattern with a 4-digit daily sequence', () => {
    assert.equal(formatDossierCode('000.00.15.H56', new Date('2025-11-03T02:00:00Z'), 7), '000.00.15.H56-251103-0007');
  });

  test('a receipt at 23:30 UTC is the next day in Vietnam', () => {
    const at = new Date('2025-11-02T23:30:00Z'); // 06:30 on 03/11 in Hà Nội
    assert.equal(vietnamYymmdd(at), '251103');
    assert.equal(formatDossierCode('000.00.15.H56', at, 7), '000.00.15.H56-251103-0007');
    // 16:59:59 UTC is still the same day; 17:00 UTC is midnight in Vietnam.
    assert.equal(vietnamYymmdd(new Date('2025-12-31T16:59:59Z')), '251231');
    assert.equal(vietnamYymmdd(new Date('2025-12-31T17:00:00Z')), '260101');
  });

  test('the sequence grows past 9999 instead of wrapping', () => {
    assert.equal(formatDossierCode('000.00.15.H56', new Date('2026-01-05T03:00:00Z'), 12345), '000.00.15.H56-260105-12345');
    assert.throws(() => formatDossierCode('000.00.15.H56', new Date(), 0), RangeError);
    assert.throws(() => formatDossierCode('000.00.15.H56', new Date(), 1.5), RangeError);
    assert.throws(() => formatDossierCode('H56', new Date(), 1), RangeError);
    assert.throws(() => formatDossierCode('000.00.15.H56', new Date('nope'), 1), RangeError);
  });

  test('parses both formats and rejects impossible dates', () => {
    assert.deepEqual(parseDossierCode('000.00.15.H56-251103-0007'), {
      format: 'tt01_2018',
      agencyCode: '000.00.15.H56',
      date: '2025-11-03',
      yymmdd: '251103',
      seq: 7,
      platformOwner: null,
    });
    assert.deepEqual(parseDossierCode('000.00.53.H48-220921-0099')?.date, '2022-09-21');
    assert.deepEqual(parseDossierCode('G22.001.01-260301-010007'), {
      format: 'tt04_2025_centralised',
      agencyCode: 'G22.001.01',
      date: '2026-03-01',
      yymmdd: '260301',
      seq: 7,
      platformOwner: '01',
    });
    assert.equal(formatCentralisedDossierCode('G22.001.01', new Date('2026-02-28T18:00:00Z'), '01', 7), 'G22.001.01-260301-010007');
    assert.equal(parseDossierCode('000.00.15.H56-250230-0001'), null); // 30/02
    assert.equal(parseDossierCode('000.00.15.H56-251103-007'), null);
    assert.equal(parseDossierCode('000.00.15.H56-251103-0000'), null);
    assert.equal(parseDossierCode('hello'), null);
  });

  test('format and parse round-trip (property)', () => {
    const agency = fc
      .tuple(fc.nat({ max: 999 }), fc.nat({ max: 99 }), fc.nat({ max: 99 }), fc.constantFrom('H', 'G'), fc.nat({ max: 99 }))
      .map(([a, b, c, l, d]) => `${String(a).padStart(3, '0')}.${String(b).padStart(2, '0')}.${String(c).padStart(2, '0')}.${l}${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        agency,
        fc.date({ min: new Date('2000-01-01T00:00:00+07:00'), max: new Date('2099-12-31T16:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (a, d, seq) => {
          const code = formatDossierCode(a, d, seq);
          const parsed = parseDossierCode(code);
          assert.ok(parsed);
          assert.equal(parsed.agencyCode, a);
          assert.equal(parsed.seq, seq);
          assert.equal(parsed.yymmdd, vietnamYymmdd(d));
          // The parsed date is the Vietnamese calendar date of the instant.
          assert.equal(parsed.date, new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10));
        },
      ),
    );
  });
});
