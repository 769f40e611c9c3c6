import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { vi, type MessageKey } from './vi';
import { en } from './en';
import { PREF_KEYS, readPref, writePref } from '../storage';

export type Lang = 'vi' | 'en';
export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { vi, en };

/** Replaces `{name}` placeholders; unknown placeholders are left as they are. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return interpolate(dictionaries[lang][key] ?? vi[key] ?? key, params);
}

export function storedLang(): Lang {
  return readPref(PREF_KEYS.lang) === 'en' ? 'en' : 'vi';
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue>({
  lang: 'vi',
  setLang: () => undefined,
  t: (key, params) => translate('vi', key, params),
});

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((next: Lang) => {
    writePref(PREF_KEYS.lang, next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18nValue>(() => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  return useContext(I18nContext);
}

/**
 * An area's own dictionaries (kept next to its pages, so they can load with them), looked up the
 * shell's way: the current language of I18nProvider and the same `{name}` interpolation. `text` for
 * code that has the language at hand (device screens), `useText` in components.
 */
export function areaTexts<K extends string>(viTexts: Readonly<Record<K, string>>, enTexts: Readonly<Record<K, string>>) {
  const text = (lang: Lang, key: K, params?: Params): string => interpolate((lang === 'en' ? enTexts : viTexts)[key], params);
  function useText(): (key: K, params?: Params) => string {
    const { lang } = useI18n();
    return useCallback((key: K, params?: Params) => text(lang, key, params), [lang]);
  }
  return { text, useText };
}

/** The translation function for the current language. */
export function useT(): Translate {
  return useContext(I18nContext).t;
}
