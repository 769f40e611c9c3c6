/**
 * Vietnamese text helpers. Pure functions, no I/O.
 *
 * Names reach the platform in several spellings of the same thing:
 *  - Unicode form: precomposed (NFC, "ó" = U+00F3) or decomposed (NFD, "o" + U+0301), depending on
 *    the keyboard, the OS (macOS file names are NFD) or the export tool;
 *  - tone-mark placement in the open syllables oa / oe / uy: the "old style" puts the tone on the
 *    first vowel ("Thanh Hóa", "hòa", "khỏe", "thủy", "Ủy ban"), the "new style" puts it on the
 *    main vowel ("Thanh Hoá", "hoà", "khoẻ", "thuỷ", "Uỷ ban"). Both are in official use: the
 *    provincial documents write "Thanh Hóa" while the national admin-units dataset we import
 *    (the national list of administrative units, src/modules/org/seed) writes "Thanh Hoá".
 *
 * Canonical form chosen here: the NEW style (tone on the main vowel: oà, oè, uỳ …), the placement
 * taught by the education sector's spelling rules (the issue points to Quyết định 1989/QĐ-BGDĐT;
 * its exact wording was not re-read here). It is only a comparison form: stored names keep the
 * spelling they were entered with.
 */

export const nfc = (s: string): string => s.normalize('NFC');

/** Combining tone marks (NFD): huyền, sắc, ngã, hỏi, nặng. */
const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
const isCombining = (ch: string): boolean => /\p{M}/u.test(ch);

/** The glide → main-vowel pairs whose tone placement differs between the two styles. */
function isGlidePair(glide: string, next: string): boolean {
  const g = glide.toLowerCase();
  const n = next.toLowerCase();
  return (g === 'o' && (n === 'a' || n === 'e')) || (g === 'u' && n === 'y');
}

/**
 * Moves a tone mark written on the glide of oa / oe / uy onto the following main vowel
 * (old style → new style), in any case: "Thanh Hóa" → "Thanh Hoá", "HÒA" → "HOÀ",
 * "thủy" → "thuỷ", "Ủy ban" → "Uỷ ban", "khỏe" → "khoẻ". Input in any Unicode form; output NFC.
 *
 * The rule only fires when the o/u carries nothing but a tone mark (so ô, ơ, ư are untouched) and
 * the next letter is the bare main vowel (a possible breve, as in "oă", is kept). Syllables where
 * the two styles agree ("hoàng", "thuyền", "của", "tôi", "quả") are returned unchanged.
 */
export function normalizeToneMarks(s: string): string {
  const chars = Array.from(s.normalize('NFD'));
  const out: string[] = [];
  let i = 0;
  while (i < chars.length) {
    const base = chars[i];
    const tone = chars[i + 1];
    const partner = chars[i + 2];
    if (tone !== undefined && partner !== undefined && TONE_MARKS.has(tone) && !isCombining(partner) && isGlidePair(base, partner)) {
      // The partner may carry shape marks (ă = a + U+0306) but must not already carry a tone.
      let j = i + 3;
      const partnerMarks: string[] = [];
      while (j < chars.length && isCombining(chars[j])) partnerMarks.push(chars[j++]);
      if (!partnerMarks.some((m) => TONE_MARKS.has(m))) {
        out.push(base, partner, ...partnerMarks, tone);
        i = j;
        continue;
      }
    }
    out.push(base);
    i += 1;
  }
  return out.join('').normalize('NFC');
}

/** Collapses every run of whitespace (including NBSP and other Unicode spaces) to one space, and trims. */
export const collapseSpaces = (s: string): string => s.replace(/\s+/gu, ' ').trim();

/**
 * Accent- and case-insensitive search key: NFC → lower case → strip every diacritic (tone and
 * shape marks) → đ→d → collapse spaces. "Đăng  ký" → "dang ky", "Thanh Hoá" → "thanh hoa".
 * Also folds the look-alike "Ð/ð" (U+00D0/U+00F0, a common data-entry substitute for Đ/đ).
 * Mirrors the database's f_search_key(), which additionally does not collapse spaces.
 */
export function foldVietnamese(s: string): string {
  return collapseSpaces(
    nfc(s)
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .replace(/[đð]/gu, 'd'),
  );
}

/** Dash look-alikes normalised to "-" with single spaces around it. */
const DASHES = /\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]\s*/gu;

/**
 * Canonical comparison key for agency and unit names: NFC, tone marks in the new style, lower
 * case, "ð"→"đ", dashes unified to " - ", whitespace collapsed. Diacritics are kept (so "Hà" ≠
 * "Hạ"); prefixes are kept (see {@link stripUnitPrefix}).
 * nameKey("Thanh Hóa") === nameKey("Thanh Hoá") === nameKey("THANH  HOÁ").
 */
export function nameKey(s: string): string {
  return collapseSpaces(normalizeToneMarks(s).toLowerCase().replace(/ð/gu, 'đ').replace(DASHES, ' - '));
}

/**
 * Unit-type prefixes removed by {@link stripUnitPrefix}: the current ones (Tỉnh, Thành phố, Xã,
 * Phường, Đặc khu) and, for names from before 1 July 2025, Huyện, Quận, Thị xã, Thị trấn.
 */
const UNIT_PREFIX = /^(?:thành phố|tỉnh|đặc khu|phường|xã|thị xã|thị trấn|huyện|quận)\s+/iu;

/**
 * Removes one leading unit-type word: "Tỉnh Thanh Hóa" → "Thanh Hóa", "Phường Hạc Thành" →
 * "Hạc Thành", "Đặc khu Côn Đảo" → "Côn Đảo", "Thị xã Bỉm Sơn" → "Bỉm Sơn". Case-insensitive,
 * any Unicode form; returns NFC, trimmed. A bare prefix ("Xã") is returned unchanged.
 */
export function stripUnitPrefix(s: string): string {
  return nfc(s).trim().replace(UNIT_PREFIX, '');
}
