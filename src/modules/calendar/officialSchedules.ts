/**
 * Official schedules of days off for civil servants, preloaded exactly as in
 * docs/calendar-web.md and the holiday law ("Official schedules to preload"; sources: the government's
 * announcements as reported by the national press). Each lists the complete set of weekday days
 * off and the working Saturdays of its year (see `OfficialDecision`). New years are entered by an
 * administrator as data of the same shape.
 */

import type { OfficialDecision } from './holidays.rules.js';

const PRESS = 'Lịch nghỉ lễ, Tết của cán bộ, công chức, viên chức theo thông báo của Chính phủ (báo chí đưa tin)';

export const OFFICIAL_SCHEDULES: readonly OfficialDecision[] = Object.freeze([
  {
    year: 2023,
    decisionNo: null,
    source: `${PRESS} — năm 2023`,
    daysOff: [
      { date: '2023-01-02', name: 'Nghỉ bù Tết Dương lịch (1/1 là Chủ nhật)' },
      { date: '2023-01-20', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2023-01-23', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2023-01-24', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2023-01-25', name: 'Nghỉ bù Tết Nguyên đán' },
      { date: '2023-01-26', name: 'Nghỉ bù Tết Nguyên đán' },
      { date: '2023-05-01', name: 'Ngày Quốc tế Lao động' },
      { date: '2023-05-02', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (29/4 là thứ Bảy)' },
      { date: '2023-05-03', name: 'Nghỉ bù Ngày Chiến thắng (30/4 là Chủ nhật)' },
      { date: '2023-09-01', name: 'Quốc khánh (ngày liền kề)' },
      { date: '2023-09-04', name: 'Nghỉ bù Quốc khánh (2/9 là thứ Bảy)' },
    ],
    workingDays: [],
  },
  {
    year: 2024,
    decisionNo: null,
    source: `${PRESS} — năm 2024 (hoán đổi thứ Hai 29/4 với thứ Bảy 4/5)`,
    daysOff: [
      { date: '2024-01-01', name: 'Tết Dương lịch' },
      { date: '2024-02-08', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2024-02-09', name: 'Tết Nguyên đán (30 tháng Chạp)' },
      { date: '2024-02-12', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2024-02-13', name: 'Nghỉ bù Tết Nguyên đán' },
      { date: '2024-02-14', name: 'Nghỉ bù Tết Nguyên đán' },
      { date: '2024-04-18', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2024-04-29', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 4/5)', kind: 'swap' },
      { date: '2024-04-30', name: 'Ngày Chiến thắng' },
      { date: '2024-05-01', name: 'Ngày Quốc tế Lao động' },
      { date: '2024-09-02', name: 'Quốc khánh' },
      { date: '2024-09-03', name: 'Quốc khánh (ngày liền kề)' },
    ],
    workingDays: [{ date: '2024-05-04', name: 'Làm bù cho ngày nghỉ 29/4' }],
  },
  {
    year: 2025,
    decisionNo: null,
    source: `${PRESS} — năm 2025 (hoán đổi thứ Sáu 2/5 với thứ Bảy 26/4)`,
    daysOff: [
      { date: '2025-01-01', name: 'Tết Dương lịch' },
      { date: '2025-01-27', name: 'Tết Nguyên đán (28 tháng Chạp)' },
      { date: '2025-01-28', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2025-01-29', name: 'Tết Nguyên đán (mùng 1)' },
      { date: '2025-01-30', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2025-01-31', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2025-04-30', name: 'Ngày Chiến thắng' },
      { date: '2025-05-01', name: 'Ngày Quốc tế Lao động' },
      { date: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)', kind: 'swap' },
      { date: '2025-09-01', name: 'Quốc khánh (ngày liền kề)' },
      { date: '2025-09-02', name: 'Quốc khánh' },
    ],
    workingDays: [{ date: '2025-04-26', name: 'Làm bù cho ngày nghỉ 2/5' }],
  },
  {
    year: 2026,
    decisionNo: '12729/VPCP-KGVX',
    source:
      'Văn bản 12729/VPCP-KGVX (hoán đổi thứ Sáu 2/1 với thứ Bảy 10/1); các ngày khác theo thông báo lịch nghỉ của Chính phủ (báo chí đưa tin). Quốc khánh: chưa nhập lịch chính thức, dùng ngày theo quy tắc.',
    daysOff: [
      { date: '2026-01-01', name: 'Tết Dương lịch' },
      { date: '2026-01-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/1)', kind: 'swap' },
      { date: '2026-02-16', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2026-02-17', name: 'Tết Nguyên đán (mùng 1)' },
      { date: '2026-02-18', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2026-02-19', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2026-02-20', name: 'Nghỉ bù Tết Nguyên đán' },
      { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)' },
      { date: '2026-04-30', name: 'Ngày Chiến thắng' },
      { date: '2026-05-01', name: 'Ngày Quốc tế Lao động' },
    ],
    workingDays: [{ date: '2026-01-10', name: 'Làm bù cho ngày nghỉ 2/1' }],
    pending: ['national_day'],
  },
] satisfies OfficialDecision[]);
