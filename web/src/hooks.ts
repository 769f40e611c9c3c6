import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';
import { useMeta } from './meta';
import { useI18n, type Translate } from './i18n';

/** Human text for a failed call: the server's Vietnamese `detail` first. */
export function errorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.detail) return err.detail;
    if (err.status === 0) return t('error.network');
    return t('error.generic', { status: err.status });
  }
  return err instanceof Error ? err.message : String(err);
}

/** Sets document.title to "<page> — <system> <province>". */
export function useTitle(page: string): void {
  const { meta } = useMeta();
  const { t } = useI18n();
  useEffect(() => {
    const province = meta?.province.name;
    document.title = [page, t('app.name') + (province ? ` — ${province}` : '')].filter(Boolean).join(' | ');
  }, [page, meta, t]);
}

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` whenever `key` changes (aborting the previous run) and on reload(). */
export function useLoader<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    load(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (!ctrl.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => ctrl.abort();
    // `load` is a fresh closure each render; `key` names everything it depends on.
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
