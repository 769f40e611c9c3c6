/**
 * Fictitious Vietnamese names for demo data (the demo dossiers, certifications and the imported
 * history). Names are drawn surname + middle name + given name from these lists by each seeder's
 * own seeded PRNG, so the same seed gives the same names.
 */
export interface NameParts {
  surnames: readonly string[];
  middle: readonly string[];
  given: readonly string[];
}

export const DEMO_NAME_PARTS: NameParts = {
  surnames: ['Nguyễn', 'Lê', 'Trần', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi', 'Đặng', 'Ngô', 'Trịnh', 'Lường'],
  middle: ['Văn', 'Thị', 'Hữu', 'Minh', 'Thanh', 'Đức', 'Ngọc', 'Quang', 'Thu', 'Xuân'],
  given: [
    'An',
    'Bình',
    'Chi',
    'Dũng',
    'Giang',
    'Hà',
    'Hải',
    'Hạnh',
    'Hùng',
    'Lan',
    'Linh',
    'Mai',
    'Nam',
    'Phương',
    'Quân',
    'Sơn',
    'Tâm',
    'Thảo',
    'Trang',
    'Tuấn',
    'Yến',
  ],
};

/** A wider set (a year of a province's applicants): the same lists, more names appended. */
export const DEMO_NAME_PARTS_WIDE: NameParts = {
  surnames: [...DEMO_NAME_PARTS.surnames, 'Mai', 'Hà', 'Lò', 'Cầm', 'Phan', 'Đinh'],
  middle: [...DEMO_NAME_PARTS.middle, 'Bảo', 'Gia', 'Khánh', 'Hồng'],
  given: [...DEMO_NAME_PARTS.given, 'Khoa', 'Long', 'Nhung', 'Oanh', 'Phúc', 'Thắng', 'Vy'],
};

/** One full name: three draws of `pick`, in the order surname, middle, given. */
export function demoFullName(pick: <T>(xs: readonly T[]) => T, parts: NameParts = DEMO_NAME_PARTS): string {
  return `${pick(parts.surnames)} ${pick(parts.middle)} ${pick(parts.given)}`;
}
