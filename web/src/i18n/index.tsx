import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { vi, type MessageKey } from './vi';
import { PREF_KEYS, readPref, writePref } from '../storage';

export type Lang = 'vi' | 'en';
export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

type Dictionary = Readonly<Record<MessageKey, string>>;

/**
 * Vietnamese, the primary language, is in the first chunk; English is a chunk of its own, fetched
 * only when the user chose it (loadLang). Until it is in, the app shows Vietnamese, never keys.
 */
const dictionaries: Partial<Record<Lang, Dictionary>> = { vi };
const loaders: Record<Exclude<Lang, 'vi'>, () => Promise<Dictionary>> = { en: () => import('./en').then((m) => m.en) };
const loading: Partial<Record<Lang, Promise<void>>> = {};

export function isLangLoaded(lang: Lang): boolean {
  return dictionaries[lang] !== undefined;
}

/** Fetches a language's dictionary once (a failed fetch may be tried again). */
export function loadLang(lang: Lang): Promise<void> {
  if (lang === 'vi' || dictionaries[lang]) return Promise.resolve();
  return (loading[lang] ??= loaders[lang]().then(
    (d) => {
      dictionaries[lang] = d;
    },
    (err: unknown) => {
      delete loading[lang];
      throw err;
    },
  ));
}

/** Replaces `{name}` placeholders; unknown placeholders are left as they are. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return interpolate((dictionaries[lang] ?? vi)[key] ?? vi[key] ?? key, params);
}

export function storedLang(): Lang {
  return readPref(PREF_KEYS.lang) === 'en' ? 'en' : 'vi';
}

interface I18nValue {
  /** The language shown: the chosen one once its dictionary is loaded, Vietnamese until then. */
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
  const [lang, setLangState] = useState<Lang>(() => {
    const stored = storedLang();
    return isLangLoaded(stored) ? stored : 'vi';
  });
  // The last language asked for: a slow dictionary that arrives after the user chose again is not applied.
  const wanted = useRef<Lang>(storedLang());
  const show = useCallback((next: Lang) => {
    wanted.current = next;
    if (isLangLoaded(next)) return setLangState(next);
    loadLang(next).then(
      () => {
        if (wanted.current === next) setLangState(next);
      },
      // Not reachable (offline, or a new version replaced the chunk): stay in the language shown.
      (err: unknown) => console.warn('i18n: dictionary not loaded', next, err),
    );
  }, []);
  const setLang = useCallback(
    (next: Lang) => {
      writePref(PREF_KEYS.lang, next);
      show(next);
    },
    [show],
  );
  useEffect(() => {
    if (!isLangLoaded(wanted.current)) show(wanted.current);
  }, [show]);
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
