import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { PREF_KEYS, readPref, writePref } from './storage';

/** Root font-size steps (1 = the browser default, normally 16px). */
export const FONT_SCALES = [0.875, 1, 1.125, 1.25, 1.5] as const;
export const DEFAULT_SCALE_INDEX = 1;

export function storedScaleIndex(): number {
  const raw = readPref(PREF_KEYS.fontScale);
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 && n < FONT_SCALES.length ? n : DEFAULT_SCALE_INDEX;
}

export function storedContrast(): boolean {
  return readPref(PREF_KEYS.contrast) === '1';
}

/** Applies display preferences to <html>; called before the first render and on every change. */
export function applyDisplayPrefs(scaleIndex: number, contrast: boolean): void {
  const root = document.documentElement;
  root.style.fontSize = `${FONT_SCALES[scaleIndex] * 100}%`;
  root.dataset.fontScale = String(scaleIndex);
  if (contrast) root.dataset.theme = 'contrast';
  else delete root.dataset.theme;
}

interface PrefsValue {
  scaleIndex: number;
  contrast: boolean;
  smaller: () => void;
  resetSize: () => void;
  larger: () => void;
  toggleContrast: () => void;
}

const PrefsContext = createContext<PrefsValue | null>(null);

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [scaleIndex, setScaleIndex] = useState(storedScaleIndex);
  const [contrast, setContrast] = useState(storedContrast);

  const setScale = useCallback((i: number) => {
    const next = Math.min(FONT_SCALES.length - 1, Math.max(0, i));
    writePref(PREF_KEYS.fontScale, String(next));
    setScaleIndex(next);
    applyDisplayPrefs(next, storedContrast());
  }, []);

  const value = useMemo<PrefsValue>(
    () => ({
      scaleIndex,
      contrast,
      smaller: () => setScale(scaleIndex - 1),
      resetSize: () => setScale(DEFAULT_SCALE_INDEX),
      larger: () => setScale(scaleIndex + 1),
      toggleContrast: () => {
        const next = !contrast;
        writePref(PREF_KEYS.contrast, next ? '1' : '0');
        setContrast(next);
        applyDisplayPrefs(scaleIndex, next);
      },
    }),
    [scaleIndex, contrast, setScale],
  );

  return <PrefsContext.Provider value={value}>{children}</PrefsContext.Provider>;
}

export function usePrefs(): PrefsValue {
  const v = useContext(PrefsContext);
  if (!v) throw new Error('usePrefs outside PrefsProvider');
  return v;
}
