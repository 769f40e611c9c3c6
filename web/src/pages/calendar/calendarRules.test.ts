import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dailyMinutes,
  dayClasses,
  dayInfo,
  dayMarker,
  ddmmyyyy,
  decisionBody,
  draftFromSchedule,
  hasErrors,
  indexSchedule,
  localToVnIso,
  monthWeeks,
  officeHoursBody,
  parseYear,
  periodRows,
  previewSchedule,
  provinceDefault,
  removeDay,
  renameDay,
  sameDraft,
  toggleDay,
  validAmount,
  validateDraft,
  validateOfficeHours,
  vnLocalNow,
  vnParts,
  weekdayOf,
  yearCounts,
} from './calendarRules';
import type { YearSchedule } from './calendarApi';
import { vi } from '../../i18n/vi';
import { en } from '../../i18n/en';

/** The answer of GET /api/v1/calendar/holidays?year=2026 on the seeded database (abridged to what matters). */
const Y2026: YearSchedule = {
  year: 2026,
  decisionNo: '12729/VPCP-KGVX',
  decisionSource: 'Văn bản 12729/VPCP-KGVX',
  holidays: [
    { date: '2026-01-01', name: 'Tết Dương lịch', key: 'new_year', source: 'rule', basis: 'BLLĐ 2019 Đ112' },
    { date: '2026-02-15', name: 'Tết Nguyên đán (28 tháng Chạp)', key: 'tet', source: 'rule', basis: 'BLLĐ 2019 Đ112' },
    { date: '2026-02-16', name: 'Tết Nguyên đán (29 tháng Chạp)', key: 'tet', source: 'rule', basis: 'BLLĐ 2019 Đ112' },
    { date: '2026-04-26', name: 'Giỗ Tổ Hùng Vương', key: 'gio_to', source: 'rule', basis: 'Luật 84/2007/QH11' },
    { date: '2026-09-02', name: 'Quốc khánh', key: 'national_day', source: 'rule', basis: 'BLLĐ 2019 Đ112' },
  ],
  daysOff: [
    { date: '2026-01-01', name: 'Tết Dương lịch', key: 'new_year', kind: 'holiday', source: 'decision' },
    { date: '2026-01-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/1)', key: null, kind: 'swap', source: 'decision' },
    { date: '2026-02-16', name: 'Tết Nguyên đán (29 tháng Chạp)', key: 'tet', kind: 'holiday', source: 'decision' },
    { date: '2026-02-20', name: 'Nghỉ bù Tết Nguyên đán', key: 'tet', kind: 'compensatory', source: 'decision' },
    { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', key: 'gio_to', kind: 'compensatory', source: 'decision' },
    { date: '2026-09-02', name: 'Quốc khánh', key: 'national_day', kind: 'holiday', source: 'rule' },
  ],
  workingDays: [{ date: '2026-01-10', name: 'Làm bù cho ngày nghỉ 2/1', source: 'decision' }],
};

test('month grids start on Monday and hold every day once', () => {
  const feb = monthWeeks(2026, 2); // 1/2/2026 is a Sunday
  assert.deepEqual(feb[0], [null, null, null, null, null, null, '2026-02-01']);
  assert.equal(feb.flat().filter(Boolean).length, 28);
  assert.ok(feb.every((w) => w.length === 7));
  const leap = monthWeeks(2024, 2);
  assert.equal(leap.flat().filter(Boolean).length, 29);
  assert.equal(leap[0][3], '2024-02-01'); // a Thursday
  assert.equal(weekdayOf('2026-01-10'), 6);
  assert.equal(ddmmyyyy('2026-02-16'), '16/02/2026');
});

test('each kind of day is told apart by category, class AND a text marker', () => {
  const idx = indexSchedule(Y2026);
  const tet = dayInfo('2026-02-16', idx);
  assert.equal(tet.category, 'dayOff');
  assert.deepEqual(tet.dayOff, { name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'holiday', source: 'decision' });
  assert.equal(dayMarker(tet), '★');
  assert.match(dayClasses(tet), /cal-kind-holiday cal-src-decision/);

  assert.equal(dayMarker(dayInfo('2026-02-20', idx)), 'B');
  assert.equal(dayMarker(dayInfo('2026-01-02', idx)), '⇄');
  const byRule = dayInfo('2026-09-02', idx);
  assert.equal(byRule.dayOff?.source, 'rule');
  assert.match(dayClasses(byRule), /cal-src-rule/);

  const sat = dayInfo('2026-01-10', idx);
  assert.equal(sat.category, 'workingWeekend');
  assert.equal(sat.working?.name, 'Làm bù cho ngày nghỉ 2/1');
  assert.equal(dayMarker(sat), '⚒');

  const sundayHoliday = dayInfo('2026-04-26', idx);
  assert.equal(sundayHoliday.category, 'weekend');
  assert.deepEqual(sundayHoliday.holidays, ['Giỗ Tổ Hùng Vương']);
  assert.equal(dayMarker(sundayHoliday), '☆');
  assert.match(dayClasses(sundayHoliday), /cal-weekend-holiday/);

  const plain = dayInfo('2026-03-03', idx);
  assert.equal(plain.category, 'workday');
  assert.equal(dayMarker(plain), '');
  assert.equal(dayMarker(dayInfo('2026-03-07', idx)), ''); // an ordinary Saturday
});

test('year counts: working days = weekdays − weekday days off + working weekend days', () => {
  const c = yearCounts(2026, indexSchedule(Y2026));
  assert.equal(c.weekdays, 261);
  assert.equal(c.daysOff, 6);
  assert.equal(c.workingWeekends, 1);
  assert.equal(c.workingDays, 256);
});

test('the editor starts from the merged schedule and toggles weekdays as days off, weekends as working days', () => {
  const idx = indexSchedule(Y2026);
  const start = draftFromSchedule(Y2026);
  assert.equal(start.decisionNo, '12729/VPCP-KGVX');
  assert.equal(start.daysOff.length, 6); // the rule-derived Quốc khánh day is carried into the decision
  assert.deepEqual(start.workingDays, [{ date: '2026-01-10', name: 'Làm bù cho ngày nghỉ 2/1' }]);

  const off = toggleDay(start, '2026-02-16', idx);
  assert.equal(off.change, 'removedDayOff');
  assert.ok(!off.draft.daysOff.some((d) => d.date === '2026-02-16'));
  const back = toggleDay(off.draft, '2026-02-16', idx);
  assert.equal(back.change, 'addedDayOff');
  assert.equal(back.draft.daysOff.find((d) => d.date === '2026-02-16')?.name, 'Tết Nguyên đán (29 tháng Chạp)', 'named after the holiday');

  const added = toggleDay(start, '2026-06-15', idx);
  assert.equal(added.change, 'addedDayOff');
  assert.equal(added.draft.daysOff.find((d) => d.date === '2026-06-15')?.name, '');
  assert.deepEqual(
    added.draft.daysOff.map((d) => d.date),
    [...added.draft.daysOff.map((d) => d.date)].sort(),
    'kept in date order',
  );

  const sat = toggleDay(start, '2026-06-20', idx);
  assert.equal(sat.change, 'addedWorkingDay');
  assert.equal(sat.draft.workingDays.length, 2);
  assert.equal(toggleDay(start, '2026-01-10', idx).change, 'removedWorkingDay');
  assert.throws(() => toggleDay(start, '2027-01-04', idx), RangeError);

  const named = renameDay(added.draft, '2026-06-15', '  Nghỉ theo quyết định của tỉnh ');
  const removed = removeDay(named, '2026-01-10');
  assert.equal(removed.workingDays.length, 0);
  assert.equal(start.daysOff.length, 6, 'the start is not mutated');
});

test('a draft is validated like the API and sent trimmed, with an empty number as null', () => {
  const idx = indexSchedule(Y2026);
  let d = toggleDay(draftFromSchedule(Y2026), '2026-06-15', idx).draft;
  let e = validateDraft(d);
  assert.ok(hasErrors(e));
  assert.equal(e.names['2026-06-15'], 'cal.err.nameRequired');
  d = renameDay(d, '2026-06-15', '  Ngày nghỉ thử  ');
  assert.ok(!hasErrors(validateDraft(d)));
  d = { ...d, decisionNo: '   ', source: '' };
  const body = decisionBody(d);
  assert.equal(body.decisionNo, null);
  assert.ok(!('source' in body));
  assert.equal(body.daysOff.find((x) => x.date === '2026-06-15')?.name, 'Ngày nghỉ thử');
  assert.deepEqual(Object.keys(body).sort(), ['daysOff', 'decisionNo', 'workingDays'], 'only fields the strict API accepts');

  e = validateDraft({ ...d, decisionNo: 'x'.repeat(101), daysOff: Array.from({ length: 61 }, (_, i) => ({ date: `2026-x-${i}`, name: 'a' })) });
  assert.equal(e.decisionNo, 'cal.err.decisionNoTooLong');
  assert.equal(e.daysOff, 'cal.err.tooManyDaysOff');
  assert.equal(validateDraft(renameDay(d, '2026-06-15', 'n'.repeat(201))).names['2026-06-15'], 'cal.err.nameTooLong');

  assert.ok(sameDraft(draftFromSchedule(Y2026), draftFromSchedule(Y2026)));
  assert.ok(!sameDraft(draftFromSchedule(Y2026), d));
});

test('the preview shows the draft as the server will: decision days, kinds inferred', () => {
  const idx = indexSchedule(Y2026);
  let d = toggleDay(draftFromSchedule(Y2026), '2026-06-15', idx).draft;
  d = renameDay(d, '2026-06-15', 'Nghỉ thử');
  const p = previewSchedule(d, Y2026);
  const pidx = indexSchedule(p);
  assert.equal(dayInfo('2026-06-15', pidx).dayOff?.kind, 'swap');
  assert.equal(dayInfo('2026-02-20', pidx).dayOff?.kind, 'compensatory');
  assert.equal(dayInfo('2026-09-02', pidx).dayOff?.source, 'decision', 'a saved decision lists every day off');
});

test('office hours: the province default, periods validated as the API does, body sorted', () => {
  assert.deepEqual(provinceDefault([]).periods, ['07:00-11:30', '13:30-17:00']);
  assert.equal(
    provinceDefault([
      { agencyId: 'a', periods: ['08:00-12:00'], weekdays: [1], saturdayMorningReception: false },
      { agencyId: null, periods: ['07:30-11:30'], weekdays: [1, 2], saturdayMorningReception: true },
    ]).periods[0],
    '07:30-11:30',
  );
  const rows = periodRows(['07:00-11:30', '13:30-17:00']);
  assert.deepEqual(rows, [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ]);
  assert.equal(dailyMinutes(rows), 480);
  assert.deepEqual(validateOfficeHours(rows, [1, 2, 3, 4, 5]), {});
  assert.equal(validateOfficeHours([{ start: '11:30', end: '07:00' }], [1]).periods, 'cal.err.periodReversed');
  assert.equal(
    validateOfficeHours(
      [
        { start: '07:00', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ],
      [1],
    ).periods,
    'cal.err.periodOverlap',
  );
  assert.equal(validateOfficeHours([{ start: '7:00', end: '' }], [1]).periods, 'cal.err.periodFormat');
  assert.equal(validateOfficeHours([], [1]).periods, 'cal.err.periodCount');
  assert.equal(validateOfficeHours(rows, []).weekdays, 'cal.err.noWeekday');
  assert.deepEqual(officeHoursBody(rows, [5, 1, 3, 1], true), {
    agencyId: null,
    periods: ['07:00-11:30', '13:30-17:00'],
    weekdays: [1, 3, 5],
    saturdayMorningReception: true,
  });
});

test('the deadline box reads and shows Vietnam wall-clock time whatever the browser zone', () => {
  assert.equal(localToVnIso('2025-01-23T10:00'), '2025-01-23T10:00:00+07:00');
  assert.equal(localToVnIso('2025-02-30T10:00'), null);
  assert.equal(localToVnIso(''), null);
  assert.equal(vnLocalNow(new Date('2026-03-01T18:30:00Z')), '2026-03-02T01:30');
  assert.deepEqual(vnParts('2025-02-06T10:00:00+07:00'), { date: '06/02/2025', time: '10:00', weekday: 4 });
  assert.deepEqual(vnParts('2025-02-06T03:00:00Z'), { date: '06/02/2025', time: '10:00', weekday: 4 });
  assert.equal(validAmount('5'), 5);
  assert.equal(validAmount('0,5'), 0.5);
  assert.equal(validAmount('-1'), null);
  assert.equal(validAmount('abc'), null);
});

test('the year comes from ?nam= within 1900–2100, else the fallback', () => {
  assert.equal(parseYear('2027', 2026), 2027);
  assert.equal(parseYear('1899', 2026), 2026);
  assert.equal(parseYear('2101', 2026), 2026);
  assert.equal(parseYear('20x7', 2026), 2026);
  assert.equal(parseYear(null, 2026), 2026);
});

test('every calendar string exists in both dictionaries, and weekday names for 0–6', () => {
  const viKeys = Object.keys(vi).filter((k) => k.startsWith('cal.'));
  assert.ok(viKeys.length > 100);
  for (const k of viKeys) assert.ok((en as Record<string, string>)[k], `en lacks ${k}`);
  for (let wd = 0; wd < 7; wd++) {
    assert.ok(`cal.wd.${wd}` in vi && `cal.wdShort.${wd}` in vi);
  }
  assert.equal((vi as Record<string, string>)['cal.wdShort.1'], 'T2');
  assert.equal((vi as Record<string, string>)['cal.wdShort.0'], 'CN');
});
