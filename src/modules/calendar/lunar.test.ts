import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { newMoonJde, sunApparentLongitude } from './astronomy.js';
import { isoFromJdn, jdnFromIso } from './dates.js';
import { leapMonthOf, lunarFromJdn, lunarToSolar, lunarYearMonths, solarToLunar } from './lunar.js';

const CSV = new URL('./fixtures/tet-gioto-1900-2026.csv', import.meta.url);

function csvRows(): { year: number; tet: string; gioTo: string }[] {
  const [header, ...lines] = readFileSync(CSV, 'utf8').trim().split(/\r?\n/);
  assert.equal(header, 'year,tet_lunar_1_1,gio_to_lunar_3_10');
  return lines.map((line) => {
    const [year, tet, gioTo] = line.split(',');
    return { year: Number(year), tet, gioTo };
  });
}

describe('astronomy primitives (Meeus worked examples)', () => {
  it('new moon of 1977 February (example 49.a): JDE 2443192.65118', () => {
    assert.ok(Math.abs(newMoonJde(-283) - 2443192.65118) < 0.00001);
  });
  it('apparent solar longitude 1992-10-13 0h TD (example 25.b): 199°54′21.8″', () => {
    assert.ok(Math.abs(sunApparentLongitude(2448908.5) - 199.90606) < 0.0001);
  });
});

describe('lunar ↔ solar: fixtures/tet-gioto-1900-2026.csv (UTC+7)', () => {
  const rows = csvRows();
  it('has 127 rows, 1900–2026', () => {
    assert.equal(rows.length, 127);
    assert.equal(rows[0].year, 1900);
    assert.equal(rows[rows.length - 1].year, 2026);
  });
  for (const { year, tet, gioTo } of rows) {
    it(`${year}: Tết ${tet}, Giỗ Tổ ${gioTo}`, () => {
      assert.equal(lunarToSolar(year, 1, 1), tet);
      assert.equal(lunarToSolar(year, 3, 10), gioTo);
      assert.deepEqual(solarToLunar(tet), { year, month: 1, day: 1, leap: false });
      assert.deepEqual(solarToLunar(gioTo), { year, month: 3, day: 10, leap: false });
    });
  }
});

describe('known dates (calendar.md, stack-notes §6.1)', () => {
  const tet: [number, string][] = [
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
    [2030, '2030-02-02'],
  ];
  for (const [year, iso] of tet) it(`Tết ${year} = ${iso}`, () => assert.equal(lunarToSolar(year, 1, 1), iso));
  const gioTo: [number, string][] = [
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ];
  for (const [year, iso] of gioTo) it(`Giỗ Tổ ${year} = ${iso}`, () => assert.equal(lunarToSolar(year, 3, 10), iso));

  it('leap month 6 of 2025: 1/6 nhuận = 2025-07-25, 1/6 = 2025-06-25', () => {
    assert.equal(leapMonthOf(2025), 6);
    assert.equal(lunarToSolar(2025, 6, 1, true), '2025-07-25');
    assert.equal(lunarToSolar(2025, 6, 1), '2025-06-25');
    assert.deepEqual(solarToLunar('2025-07-25'), { year: 2025, month: 6, day: 1, leap: true });
    assert.equal(lunarYearMonths(2025).length, 13);
  });

  it('Vietnam (UTC+7) differs from China (UTC+8) exactly in the years listed in stack-notes §6.1 (2000–2100)', () => {
    const tetDiff: number[] = [];
    const gioToDiff: number[] = [];
    for (let y = 2000; y <= 2100; y++) {
      if (lunarToSolar(y, 1, 1) !== lunarToSolar(y, 1, 1, false, 8)) tetDiff.push(y);
      if (lunarToSolar(y, 3, 10) !== lunarToSolar(y, 3, 10, false, 8)) gioToDiff.push(y);
    }
    assert.deepEqual(tetDiff, [2007, 2030, 2053]);
    assert.deepEqual(gioToDiff, [2009, 2037, 2038, 2085, 2086, 2095, 2100]);
    assert.equal(lunarToSolar(1985, 1, 1, false, 8), '1985-02-20');
    assert.equal(lunarToSolar(2007, 1, 1, false, 8), '2007-02-18');
  });
});

describe('invalid input', () => {
  it('rejects a leap month that does not exist, a day 30 of a 29-day month, out-of-range years and bad ISO dates', () => {
    assert.throws(() => lunarToSolar(2024, 6, 1, true), RangeError);
    const short = lunarYearMonths(2025).find((m) => m.length === 29);
    assert.ok(short);
    assert.throws(() => lunarToSolar(2025, short.month, 30, short.leap), RangeError);
    assert.throws(() => lunarToSolar(1898, 1, 1), RangeError);
    assert.throws(() => lunarToSolar(2101, 1, 1), RangeError);
    assert.throws(() => lunarToSolar(2025, 13, 1), RangeError);
    assert.throws(() => solarToLunar('2025-02-30'), RangeError);
    assert.throws(() => solarToLunar('1899-12-31'), RangeError);
    assert.throws(() => solarToLunar('2025/01/01'), RangeError);
  });
});

describe('structure over 1900-01-01 … 2100-12-31 (every day)', () => {
  it('lunar days run 1, 2, … and restart at 1; months have 29 or 30 days; years have 12 or 13 months', () => {
    const first = jdnFromIso('1900-01-01');
    const last = jdnFromIso('2100-12-31');
    let prev = solarToLunar(isoFromJdn(first));
    for (let j = first + 1; j <= last; j++) {
      const cur = solarToLunar(isoFromJdn(j));
      if (cur.day === 1) assert.ok(prev.day === 29 || prev.day === 30, `${isoFromJdn(j)}: previous month had ${prev.day} days`);
      else assert.equal(cur.day, prev.day + 1, isoFromJdn(j));
      prev = cur;
    }
    let leapYears = 0;
    for (let y = 1900; y <= 2100; y++) {
      const months = lunarYearMonths(y);
      assert.ok(months.length === 12 || months.length === 13, `year ${y}`);
      if (months.length === 13) leapYears++;
      assert.deepEqual([...new Set(months.map((m) => m.month))], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    }
    // 7 leap years per 19 (Metonic cycle): 201 years → about 74
    assert.ok(leapYears >= 72 && leapYears <= 76, `leap years ${leapYears}`);
  });

  it('every lunar date of 1900–2100 converts to a solar date and back', () => {
    for (let y = 1900; y <= 2100; y++) {
      for (const m of lunarYearMonths(y)) {
        for (let d = 1; d <= m.length; d++) {
          const iso = lunarToSolar(y, m.month, d, m.leap);
          const back = lunarFromJdn(jdnFromIso(iso)); // lunar 2100's last months reach 2101
          assert.deepEqual(back, { year: y, month: m.month, day: d, leap: m.leap });
        }
      }
    }
  });
});

describe('property: solar → lunar → solar round trip', () => {
  it('holds for random dates 1900–2100', () => {
    const first = jdnFromIso('1900-01-01');
    const last = jdnFromIso('2100-12-31');
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (jdn) => {
        const iso = isoFromJdn(jdn);
        const l = solarToLunar(iso);
        return lunarToSolar(l.year, l.month, l.day, l.leap) === iso;
      }),
      { numRuns: 5000 },
    );
  });
});
