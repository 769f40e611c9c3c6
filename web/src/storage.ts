/** localStorage that never throws (private mode, disabled storage, quota). */
export function readPref(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writePref(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    /* preference simply not persisted */
  }
}

export const PREF_KEYS = {
  lang: 'motcua.lang',
  fontScale: 'motcua.fontScale',
  contrast: 'motcua.contrast',
} as const;
