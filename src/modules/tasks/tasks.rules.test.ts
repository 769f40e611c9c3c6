import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, crc32 } from 'node:zlib';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import {
  aggregateStatus,
  coordinationSummary,
  effectiveStatus,
  moveToWorkingDay,
  occurrencesFor,
  parseDeadline,
  periodOf,
  reminderFor,
  type ParsedDeadline,
} from './tasks.rules.js';
import { bestFuzzyMatch, readDocx, rowsFromCsv, rowsFromText, rowsFromXlsx, rowsToAppendix, splitAgencies, planInfoFromText } from './tasks.import.js';

const SEED = readFileSync(new URL('./seed/ke-hoach-003.txt', import.meta.url), 'utf8');

describe('deadline phrases (table)', () => {
  const REF = '2022-12-05';
  const cases: [string, Partial<ParsedDeadline>][] = [
    ['31/12/2022', { kind: 'date', dueOn: '2022-12-31' }],
    ['Trước ngày 15/01/2023', { kind: 'date', dueOn: '2023-01-15' }],
    ['Tháng 12/2022', { kind: 'month', dueOn: '2022-12-31' }],
    ['Tháng 2/2024', { kind: 'month', dueOn: '2024-02-29' }],
    ['tháng 6 năm 2023', { kind: 'month', dueOn: '2023-06-30' }],
    ['Quý II/2023', { kind: 'quarter', dueOn: '2023-06-30' }],
    ['Quý IV năm 2023', { kind: 'quarter', dueOn: '2023-12-31' }],
    ['Năm 2024', { kind: 'year', dueOn: '2024-12-31' }],
    ['Hàng quý', { kind: 'recurring', recurrence: 'quarterly', dueOn: null }],
    ['Định kỳ hàng quý', { kind: 'recurring', recurrence: 'quarterly' }],
    ['Hằng quý', { kind: 'recurring', recurrence: 'quarterly' }],
    ['Hằng tháng', { kind: 'recurring', recurrence: 'monthly' }],
    ['6 tháng', { kind: 'recurring', recurrence: 'semiannual' }],
    ['Hằng năm', { kind: 'recurring', recurrence: 'annual' }],
    ['Thường xuyên', { kind: 'continuous', recurrence: 'quarterly', dueOn: null }],
    ['Tháng 11/2022, chậm nhất tháng 3/2023', { kind: 'target_and_hard', targetOn: '2022-11-30', dueOn: '2023-03-31' }],
    ['Giai đoạn 2023 - 2025', { kind: 'range', startOn: '2023-01-01', dueOn: '2025-12-31', recurrence: 'annual' }],
    ['Theo lộ trình Nghị định số 107/2021/NĐ-CP', { kind: 'external', reference: 'Nghị định số 107/2021/NĐ-CP', reviewOn: '2023-03-05', dueOn: null }],
    ['Theo tiến độ của Đề án 06', { kind: 'external', reference: 'Đề án 06', reviewOn: '2023-03-05' }],
    ['Khi có yêu cầu của Bộ', { kind: 'unparsed', needsReview: true, dueOn: null }],
    ['Tháng 13/2022', { kind: 'unparsed', needsReview: true }],
    ['30/02/2023', { kind: 'unparsed', needsReview: true }],
  ];
  for (const [phrase, expected] of cases) {
    test(`"${phrase}"`, () => {
      const d = parseDeadline(phrase, REF);
      assert.equal(d.text, phrase, 'the original words are kept');
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(d[k as keyof ParsedDeadline], v, `${phrase}: ${k}`);
      if (expected.kind !== 'unparsed') assert.equal(d.needsReview, false);
    });
  }
});

describe('periods and reporting days', () => {
  // Weekends only (no holidays needed for these dates).
  const working = (iso: string) => ![0, 6].includes(new Date(iso + 'T00:00:00Z').getUTCDay());

  test('quarterly occurrences: due on the 18th of the last month, moved to the previous working day', () => {
    const ps = occurrencesFor({ kind: 'recurring', recurrence: 'quarterly', dueOn: null, startOn: null }, '2022-12-05', '2023-09-30', 18);
    assert.deepEqual(
      ps.map((p) => p.key),
      ['2022-Q4', '2023-Q1', '2023-Q2', '2023-Q3'],
    );
    assert.deepEqual(
      ps.map((p) => moveToWorkingDay(p.nominalDue, working)),
      ['2022-12-16', '2023-03-17', '2023-06-16', '2023-09-18'],
    );
    assert.equal(moveToWorkingDay('2023-03-18', working, 'next'), '2023-03-20', 'an agency may prefer the next working day');
  });

  test('a range is reported yearly and stops at its last year; a one-off task has one occurrence', () => {
    const range = parseDeadline('Giai đoạn 2023 - 2025', '2022-12-05');
    assert.deepEqual(
      occurrencesFor(range, '2022-12-05', '2026-11-23', 18).map((p) => p.key),
      ['2023', '2024', '2025'],
    );
    const once = occurrencesFor(parseDeadline('Quý II/2023', '2022-12-05'), '2022-12-05', '2026-11-23', 18);
    assert.deepEqual(
      once.map((p) => [p.key, p.nominalDue]),
      [['once', '2023-06-30']],
    );
    assert.deepEqual(occurrencesFor(parseDeadline('khi có yêu cầu', '2022-12-05'), '2022-12-05', '2026-11-23', 18), []);
  });

  test('periodOf for every recurrence', () => {
    assert.deepEqual(periodOf('monthly', '2024-02-10', 18), { key: '2024-02', start: '2024-02-01', end: '2024-02-29', nominalDue: '2024-02-18' });
    assert.equal(periodOf('semiannual', '2024-08-01', 18).key, '2024-H2');
    assert.equal(periodOf('annual', '2024-08-01', 18).nominalDue, '2024-12-18');
  });
});

describe('status, reminders, coordination', () => {
  test('effective status of a report', () => {
    assert.equal(effectiveStatus('done', '2023-03-31', '2023-03-31'), 'done');
    assert.equal(effectiveStatus('done', '2023-03-31', '2023-04-01'), 'done_late');
    assert.equal(effectiveStatus('in_progress', '2023-03-31', '2023-04-01'), 'overdue');
    assert.equal(effectiveStatus('cannot_do', '2023-03-31', '2023-04-01'), 'cannot_do');
  });

  test('aggregate status over the lead agencies', () => {
    assert.equal(aggregateStatus([null, null], '2030-01-01', '2026-01-01'), 'not_started');
    assert.equal(aggregateStatus(['in_progress', null], '2030-01-01', '2026-01-01'), 'in_progress');
    assert.equal(aggregateStatus(['done', null], '2025-01-01', '2026-01-01'), 'overdue');
    assert.equal(aggregateStatus(['done', 'done_late'], '2025-01-01', '2026-01-01'), 'done_late');
    assert.equal(aggregateStatus(['done', 'done'], '2025-01-01', '2026-01-01'), 'done');
    assert.equal(aggregateStatus(['done', 'cannot_do'], null, '2026-01-01'), 'cannot_do');
  });

  test('reminders: 7, 3, 1 days before, on the day, the day after, then escalation every week', () => {
    const due = '2026-12-18';
    const at = (d: string) => reminderFor(due, d);
    assert.equal(at('2026-12-11'), 'before_7');
    assert.equal(at('2026-12-15'), 'before_3');
    assert.equal(at('2026-12-17'), 'before_1');
    assert.equal(at('2026-12-18'), 'due_today');
    assert.equal(at('2026-12-19'), 'overdue');
    assert.equal(at('2026-12-20'), null);
    assert.equal(at('2026-12-21'), 'escalation');
    assert.equal(at('2026-12-28'), 'escalation');
    assert.equal(at('2026-12-22'), null);
  });

  test('coordination summary: on time, late, not answered', () => {
    const s = coordinationSummary(
      [
        { agencyId: 'a', agencyName: 'Sở Nội vụ', answeredOn: '2026-11-20' },
        { agencyId: 'b', agencyName: 'Văn phòng UBND tỉnh', answeredOn: '2026-11-25' },
        { agencyId: 'c', agencyName: 'Sở Tài chính', answeredOn: null },
      ],
      '2026-11-23',
    );
    assert.deepEqual([s.onTime.length, s.late.length, s.notAnswered.length], [1, 1, 1]);
    assert.equal(
      s.text,
      'Đã đề nghị 3 cơ quan cho ý kiến, hạn trả lời ngày 23/11/2026. Đã có ý kiến đúng hạn: Sở Nội vụ. Có ý kiến chậm so với thời hạn: Văn phòng UBND tỉnh (ngày 25/11/2026). Chưa có ý kiến: Sở Tài chính.',
    );
  });
});

describe('the seed appendix as it is', () => {
  const a = rowsToAppendix(rowsFromText(SEED));

  test('28 tasks under 5 section headings, numbered 1…28, nothing left over', () => {
    assert.equal(a.tasks.length, 28);
    assert.deepEqual(
      a.tasks.map((t) => t.number),
      Array.from({ length: 28 }, (_, i) => String(i + 1)),
    );
    assert.deepEqual(
      a.sections.map((s) => s.split('.')[0]),
      ['I', 'II', 'III', 'IV', 'V'],
    );
    assert.deepEqual(a.warnings, []);
    const per = (sec: string) => a.tasks.filter((t) => t.section?.startsWith(sec + '.')).length;
    assert.deepEqual(['I', 'II', 'III', 'IV', 'V'].map(per), [4, 3, 14, 5, 2]);
  });

  test('rows continued across page breaks are joined cell by cell, HTML removed', () => {
    const t17 = a.tasks[16];
    assert.match(t17.content, /cung cấp lên Công Dịch vụ công quốc gia đối với/);
    assert.equal(t17.lead, '- Trung tâm Phục vụ hành chính công tỉnh; - Các sở, ban, ngành; - UBND các huyện, thị xã, thành phố.');
    assert.match(t17.output, /thực hiện nghiêm túc, không bị chậm, muộn\.$/);
    assert.match(a.tasks[7].output, /Hệ thống thông tin giải quyết thủ tục hành chính cấp bộ/);
    assert.match(a.tasks[19].output, /xin lỗi người dân theo đúng quy định tại Nghị định số 61\/2018\/NĐ-CP/);
    assert.ok(!a.tasks.some((t) => /<|>/.test(t.content + t.lead + t.support + t.output)));
  });

  test('agency cells: groups, lists with "Các Sở:", parentheses, "và các cơ quan liên quan"', () => {
    const g = (cell: string) => splitAgencies(cell).map((p) => p.group ?? p.name);
    assert.deepEqual(g(a.tasks[0].lead), ['departments', 'communes']);
    assert.deepEqual(g(a.tasks[13].support), ['Sở Nội vụ', 'Sở Kế hoạch và Đầu tư', 'Sở Tài chính', 'Văn phòng UBND tỉnh', 'related']);
    assert.deepEqual(g(a.tasks[25].support), ['Sở Kế hoạch và Đầu tư', 'Sở Thông tin và Truyền thông', 'Cục Thống kê tỉnh']);
    assert.deepEqual(
      splitAgencies(a.tasks[25].lead).map((p) => [p.name, p.note]),
      [['Văn phòng UBND tỉnh', 'Phòng Tổng hợp']],
    );
    assert.deepEqual(g(a.tasks[5].support), ['communes', 'related']);
    assert.deepEqual(
      g('- Sở Lao động - Thương binh và Xã hội; - Sở Y tế.'),
      ['Sở Lao động - Thương binh và Xã hội', 'Sở Y tế'],
      'a dash inside a name is not a bullet',
    );
  });

  test('plan details from the text: title, signer, reporting day; no number when the document has none', () => {
    const info = planInfoFromText(SEED);
    assert.match(info.title!, /^Kế hoạch Thực hiện Nghị quyết số 131\/NQ-CP/);
    assert.equal(info.signer, 'Nguyễn Tuấn Hà');
    assert.equal(info.reportDay, 18);
    assert.equal(info.number, null);
  });

  test('fuzzy names: abbreviations and the province suffix', () => {
    const dir = [
      { name: 'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa', shortName: 'Văn phòng UBND tỉnh' },
      { name: 'Sở Tư pháp tỉnh Thanh Hóa', shortName: 'Sở Tư pháp' },
      { name: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa', shortName: 'Trung tâm Phục vụ hành chính công tỉnh' },
    ];
    assert.equal(bestFuzzyMatch('VP UBND tỉnh', dir, 'tỉnh Thanh Hóa')?.agency.shortName, 'Văn phòng UBND tỉnh');
    assert.equal(bestFuzzyMatch('Sở Tư Pháp Thanh Hoá', dir, 'tỉnh Thanh Hóa')?.agency.shortName, 'Sở Tư pháp');
    assert.equal(bestFuzzyMatch('TT PVHCC tỉnh', dir, 'tỉnh Thanh Hóa')?.agency.shortName, 'Trung tâm Phục vụ hành chính công tỉnh');
    assert.equal(bestFuzzyMatch('Cục Thống kê tỉnh', dir, 'tỉnh Thanh Hóa'), null);
  });
});

/** A minimal ZIP writer (stored entries) to build DOCX files for the test. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const n = Buffer.from(name, 'utf8');
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0);
    l.writeUInt16LE(20, 4);
    l.writeUInt16LE(8, 8);
    l.writeUInt32LE(crc32(raw), 14);
    l.writeUInt32LE(data.length, 18);
    l.writeUInt32LE(raw.length, 22);
    l.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc32(raw), 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(raw.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(l, n, data);
    centrals.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(Object.keys(files).length, 8);
  e.writeUInt16LE(Object.keys(files).length, 10);
  e.writeUInt32LE(cd.length, 12);
  e.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, e]);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const cell = (s: string, span = 1) =>
  `<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}</w:tcPr>${s
    .split('\n')
    .map((p) => `<w:p><w:pPr/><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`)
    .join('')}</w:tc>`;
const row = (cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;

describe('other formats', () => {
  const HEAD = ['STT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Sản phẩm công việc', 'Thời gian hoàn thành'];

  test('DOCX: tables read from word/document.xml (merged section row, a second table after a page break)', async () => {
    const t1 = `<w:tbl>${row(HEAD.map((h) => cell(h)))}${row([cell('I. TỔ CHỨC TRIỂN KHAI', 6)])}${row(['1', 'Xây dựng Kế hoạch', '- Các sở, ban, ngành;\n- UBND các huyện, thị xã, thành phố.', '', 'Kế hoạch', 'Tháng 12/2022'].map((c) => cell(c)))}</w:tbl>`;
    const t2 = `<w:tbl>${row(HEAD.map((h) => cell(h)))}${row(['', 'và tổ chức triển khai', '', '', '', ''].map((c) => cell(c)))}${row(['2', 'Báo cáo quý', 'Sở Tư pháp', 'Văn phòng UBND tỉnh', 'Báo cáo', 'Hàng quý'].map((c) => cell(c)))}</w:tbl>`;
    const body = `<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p><w:p><w:r><w:t>Thử nghiệm &amp; nhập</w:t></w:r></w:p>${t1}<w:p/>${t2}</w:body></w:document>`;
    const d = await readDocx(zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': body }));
    assert.equal(d.tables.length, 2);
    assert.match(d.text, /Thử nghiệm & nhập/);
    const a = rowsToAppendix(d.tables.flat());
    assert.deepEqual(a.sections, ['I. TỔ CHỨC TRIỂN KHAI']);
    assert.deepEqual(
      a.tasks.map((t) => [t.number, t.content, t.deadline]),
      [
        ['1', 'Xây dựng Kế hoạch và tổ chức triển khai', 'Tháng 12/2022'],
        ['2', 'Báo cáo quý', 'Hàng quý'],
      ],
    );
    assert.deepEqual(
      splitAgencies(a.tasks[0].lead).map((p) => p.group),
      ['departments', 'communes'],
    );
  });

  test('CSV with quotes, commas and line breaks in cells', () => {
    const csv =
      'STT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Sản phẩm công việc,Thời gian hoàn thành\r\n' +
      'II. VỀ CẢI CÁCH,,,,,\r\n' +
      '1,"Rà soát, đơn giản hóa ""TTHC""","- Các sở, ban, ngành;\n- UBND các huyện, thị xã, thành phố.",Văn phòng UBND tỉnh,Kế hoạch,Quý II/2023\r\n';
    const a = rowsToAppendix(rowsFromCsv(csv));
    assert.equal(a.tasks.length, 1);
    assert.equal(a.tasks[0].content, 'Rà soát, đơn giản hóa "TTHC"');
    assert.equal(a.tasks[0].section, 'II. VỀ CẢI CÁCH');
    assert.deepEqual(
      splitAgencies(a.tasks[0].lead).map((p) => p.group),
      ['departments', 'communes'],
    );
  });

  test('XLSX with a merged section row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Phụ lục');
    ws.addRow(['PHỤ LỤC']);
    ws.addRow(HEAD);
    ws.addRow(['I. TỔ CHỨC TRIỂN KHAI']);
    ws.mergeCells('A3:F3');
    ws.addRow([1, 'Xây dựng Kế hoạch', 'Sở Tư pháp', '', 'Kế hoạch', 'Tháng 12/2022']);
    ws.addRow([2, 'Báo cáo', 'Công an tỉnh', 'Văn phòng UBND tỉnh', 'Báo cáo', 'Thường xuyên']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const a = rowsToAppendix(await rowsFromXlsx(buf));
    assert.deepEqual(a.sections, ['I. TỔ CHỨC TRIỂN KHAI']);
    assert.deepEqual(
      a.tasks.map((t) => [t.number, t.lead, t.deadline]),
      [
        ['1', 'Sở Tư pháp', 'Tháng 12/2022'],
        ['2', 'Công an tỉnh', 'Thường xuyên'],
      ],
    );
  });
});
