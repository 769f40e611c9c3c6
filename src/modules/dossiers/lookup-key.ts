/**
 * The short secret of a dossier's public lookup (issue 16 §2), as people type it: 8 characters of
 * Crockford's base-32 alphabet, printed on the receipt as XXXX-XXXX. Pure rules.
 */
const ALPHABET = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/**
 * A typed key → the stored form, or null when it cannot be one: case, spaces and dashes are
 * ignored, and the letters people confuse with digits are read as those digits (O → 0, I and L → 1).
 */
export function normalizeLookupKey(raw: string): string | null {
  const k = raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-–.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return ALPHABET.test(k) ? k : null;
}

/** "7K2M9QXD" → "7K2M-9QXD" (as printed). */
export const formatLookupKey = (key: string): string => `${key.slice(0, 4)}-${key.slice(4)}`;

/** The public lookup page's address for a dossier, with its key when given (the receipt's QR link). */
export function lookupUrl(base: string, code: string, key?: string): string {
  const url = `${base.replace(/\/$/, '')}/tra-cuu?ma=${encodeURIComponent(code)}`;
  return key ? `${url}&k=${formatLookupKey(key)}` : url;
}
