import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { weekdayOfIso } from './dates.js';
import { enactRule, HOLIDAY_RULES, mergeDecision, ruleHolidays, ruleSchedule, yearSchedule, type OfficialDecision } from './holidays.rules.js';
import { OFFICIAL_SCHEDULES } from './officialSchedules.js';

/** calendar.md, "Official schedules to preload": days off besides weekends, and working Saturdays. */
const CALENDAR_MD: Record<number, { daysOff: string[]; workingDays: string[] }> = {
  2023: {
    daysOff: ['01-02', '01-20', '01-23', '01-24', '01-25', '01-26', '05-01', '05-02', '05-03', '09-01', '09-04'],
    workingDays: [],
  },
  2024: {
    daysOff: ['01-01', '02-08', '02-09', '02-12', '02-13', '02-14', '04-18', '04-29', '04-30', '05-01', '09-02', '09-03'],
    workingDays: ['05-04'],
  },
  2025: {
    daysOff: ['01-01', '01-27', '01-28', '01-29', '01-30', '01-31', '04-07', '04-30', '05-01', '05-02', '09-01', '09-02'],
    workingDays: ['04-26'],
  },
  // Quốc khánh 2026 "enter when announced": not in the table
  2026: { daysOff: ['01-01', '01-02', '02-16', '02-17', '02-18', '02-19', '02-20', '04-27', '04-30', '05-01'], workingDays: ['01-10'] },
};

/** Swapped days (hoán đổi) are decided by the government, never derived by rule. */
const SWAPS: Record<number, string[]> = { 2023: [], 2024: ['04-29'], 2025: ['05-02'], 2026: ['01-02'] };

const mmdd = (isos: readonly { date: string }[], year: number) => isos.filter((d) => d.date.startsWith(`${year}-`)).map((d) => d.date.slice(5));

describe('rule-derived days off vs calendar.md 2023–2026', () => {
  for (const year of [2023, 2024, 2025, 2026]) {
    it(`${year}: rules give the announced days off except the swapped days${year === 2026 ? ' (and add Quốc khánh 2–3/9)' : ''}`, () => {
      const expected = CALENDAR_MD[year].daysOff.filter((d) => !SWAPS[year].includes(d));
      if (year === 2026) expected.push('09-02', '09-03');
      assert.deepEqual(mmdd(ruleSchedule(year).daysOff, year), expected);
      assert.ok(ruleSchedule(year).daysOff.every((d) => d.source === 'rule'));
    });
    it(`${year}: rules merged with the preloaded official schedule equal calendar.md exactly`, () => {
      const s = yearSchedule(year, OFFICIAL_SCHEDULES);
      const expected = [...CALENDAR_MD[year].daysOff, ...(year === 2026 ? ['09-02', '09-03'] : [])];
      assert.deepEqual(mmdd(s.daysOff, year), expected);
      assert.deepEqual(mmdd(s.workingDays, year), CALENDAR_MD[year].workingDays);
      for (const w of s.workingDays) assert.equal(weekdayOfIso(w.date), 6, `${w.date} is a Saturday`);
      for (const d of s.daysOff) assert.ok(weekdayOfIso(d.date) >= 1 && weekdayOfIso(d.date) <= 5, `${d.date} is a weekday`);
    });
  }

  it('2026: the decision number is kept, and Quốc khánh (pending) comes from the rule', () => {
    const s = yearSchedule(2026, OFFICIAL_SCHEDULES);
    assert.equal(s.decisionNo, '12729/VPCP-KGVX');
    const qk = s.daysOff.filter((d) => d.key === 'national_day');
    assert.deepEqual(
      qk.map((d) => [d.date, d.source]),
      [
        ['2026-09-02', 'rule'],
        ['2026-09-03', 'rule'],
      ],
    );
    assert.deepEqual(s.daysOff.find((d) => d.date === '2026-01-02')?.kind, 'swap');
    assert.deepEqual(s.daysOff.find((d) => d.date === '2026-04-27')?.kind, 'compensatory');
  });
});

describe('holidays listed on their own dates (weekends included)', () => {
  it('2026: 11 holiday dates with Vietnamese names; Giỗ Tổ on Sunday 26/4 is listed, its day off is Monday 27/4', () => {
    const h = ruleHolidays(2026);
    assert.deepEqual(
      h.map((x) => [x.date, x.name]),
      [
        ['2026-01-01', 'Tết Dương lịch'],
        ['2026-02-15', 'Tết Nguyên đán (28 tháng Chạp)'],
        ['2026-02-16', 'Tết Nguyên đán (29 tháng Chạp)'],
        ['2026-02-17', 'Tết Nguyên đán (mùng 1)'],
        ['2026-02-18', 'Tết Nguyên đán (mùng 2)'],
        ['2026-02-19', 'Tết Nguyên đán (mùng 3)'],
        ['2026-04-26', 'Giỗ Tổ Hùng Vương'],
        ['2026-04-30', 'Ngày Chiến thắng'],
        ['2026-05-01', 'Ngày Quốc tế Lao động'],
        ['2026-09-02', 'Quốc khánh'],
        ['2026-09-03', 'Quốc khánh (ngày liền kề)'],
      ],
    );
    assert.ok(h.every((x) => x.source === 'rule'));
    const off = ruleSchedule(2026).daysOff.find((d) => d.date === '2026-04-27');
    assert.deepEqual(off && [off.kind, off.key, off.name], ['compensatory', 'gio_to', 'Nghỉ bù Giỗ Tổ Hùng Vương (26/4)']);
  });
});

describe('rule periods (effective dates, not constants)', () => {
  const count = (year: number, key: string) => ruleHolidays(year).filter((h) => h.key === key).length;
  const table: [number, string, number][] = [
    [2006, 'gio_to', 0],
    [2007, 'gio_to', 1], // Luật 84/2007/QH11
    [2013, 'tet', 4],
    [2014, 'tet', 5], // BLLĐ 2012 in force 01/05/2013
    [2020, 'national_day', 1],
    [2021, 'national_day', 2], // BLLĐ 2019 in force 01/01/2021
    [1990, 'tet', 4],
    [2100, 'tet', 5],
    [1900, 'new_year', 1],
    [2026, 'culture_day', 0],
    [2030, 'culture_day', 0], // 24/11 pending: not law as of 26/02/2026
  ];
  for (const [year, key, n] of table) it(`${year}: ${key} has ${n} day(s)`, () => assert.equal(count(year, key), n));

  it('totals: 8 days (1995–2006), 9 (2007–2013), 10 (2014–2020), 11 (2021–)', () => {
    assert.equal(ruleHolidays(2000).length, 8);
    assert.equal(ruleHolidays(2010).length, 9);
    assert.equal(ruleHolidays(2018).length, 10);
    assert.equal(ruleHolidays(2025).length, 11);
  });

  it('24/11 (Ngày Văn hóa Việt Nam) can be enacted with its effective date; then compensated like the others', () => {
    const rules = enactRule(HOLIDAY_RULES, 'culture_day', '2026-07-01', 'test basis');
    assert.equal(count(2026, 'culture_day'), 0);
    const h = ruleHolidays(2026, rules).filter((x) => x.key === 'culture_day');
    assert.deepEqual(
      h.map((x) => x.date),
      ['2026-11-24'],
    );
    assert.equal(ruleHolidays(2025, rules).filter((x) => x.key === 'culture_day').length, 0);
    // 24/11/2029 is a Saturday → nghỉ bù Monday 26/11/2029
    const off = ruleSchedule(2029, rules).daysOff.filter((d) => d.key === 'culture_day');
    assert.deepEqual(
      off.map((d) => [d.date, d.kind]),
      [['2029-11-26', 'compensatory']],
    );
  });

  it('Quốc khánh second day: before 2/9 on Tue/Fri/Sat, after otherwise (2021–2025 match the announcements)', () => {
    const qk = (y: number) =>
      ruleHolidays(y)
        .filter((h) => h.key === 'national_day')
        .map((h) => h.date.slice(5));
    assert.deepEqual(qk(2021), ['09-02', '09-03']); // Thursday
    assert.deepEqual(qk(2022), ['09-01', '09-02']); // Friday
    assert.deepEqual(qk(2023), ['09-01', '09-02']); // Saturday
    assert.deepEqual(qk(2024), ['09-02', '09-03']); // Monday
    assert.deepEqual(qk(2025), ['09-01', '09-02']); // Tuesday
  });
});

describe('compensation (nghỉ bù, BLLĐ 2019 Điều 111 khoản 3)', () => {
  it('two holidays on a weekend give the next two working days (2023: 29/4 Sat, 30/4 Sun → 2/5, 3/5 after 1/5)', () => {
    const off = ruleSchedule(2023).daysOff.filter((d) => d.date >= '2023-04-01' && d.date <= '2023-05-31');
    assert.deepEqual(
      off.map((d) => [d.date, d.kind, d.key]),
      [
        ['2023-05-01', 'holiday', 'labour'],
        ['2023-05-02', 'compensatory', 'gio_to'],
        ['2023-05-03', 'compensatory', 'reunification'],
      ],
    );
  });
  it('every rule year 1900–2100 has one day off per holiday, all on distinct weekdays', () => {
    for (let y = 1900; y <= 2100; y++) {
      const s = ruleSchedule(y);
      assert.equal(s.daysOff.length, s.holidays.length, `year ${y}`);
      assert.equal(new Set(s.daysOff.map((d) => d.date)).size, s.daysOff.length, `year ${y}`);
      for (const d of s.daysOff) assert.ok(weekdayOfIso(d.date) >= 1 && weekdayOfIso(d.date) <= 5, `${d.date}`);
    }
  });
});

describe('mergeDecision', () => {
  const decision: OfficialDecision = {
    year: 2027,
    decisionNo: 'TEST/2027',
    daysOff: [
      { date: '2027-01-01', name: 'Tết Dương lịch' },
      { date: '2027-03-15', name: 'Nghỉ hoán đổi' },
    ],
    workingDays: [{ date: '2027-03-20', name: 'Làm bù' }],
    pending: ['gio_to'],
  };
  it('replaces the rule days off by the decision, keeps pending holidays from the rule and all holidays for display', () => {
    const rule = ruleSchedule(2027);
    const merged = mergeDecision(rule, decision);
    assert.equal(merged.holidays, rule.holidays);
    const gioTo = rule.daysOff.filter((d) => d.key === 'gio_to');
    assert.deepEqual(
      merged.daysOff.map((d) => d.date),
      ['2027-01-01', '2027-03-15', ...gioTo.map((d) => d.date)].sort(),
    );
    assert.equal(merged.daysOff.find((d) => d.date === '2027-03-15')?.kind, 'swap');
    assert.equal(merged.daysOff.find((d) => d.date === '2027-01-01')?.kind, 'holiday');
    assert.deepEqual(merged.workingDays, [{ date: '2027-03-20', name: 'Làm bù', source: 'decision' }]);
    assert.equal(merged.decisionNo, 'TEST/2027');
  });
  it('without a decision the rule schedule is returned; a decision for another year or a date outside its year is rejected', () => {
    const rule = ruleSchedule(2027);
    assert.equal(mergeDecision(rule, undefined), rule);
    assert.throws(() => mergeDecision(ruleSchedule(2028), decision), RangeError);
    assert.throws(() => mergeDecision(rule, { ...decision, daysOff: [{ date: '2028-01-01', name: 'x' }] }), RangeError);
  });
});
