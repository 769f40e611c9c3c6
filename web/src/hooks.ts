import { useCallback, useEffect, useRef, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, type QueryKey } from '@tanstack/react-query';
import { ApiError } from './api';
import { createIntent, type Intent } from './api/mutation';
import { queryClient } from './api/queryClient';
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

let mounts = 0;

/**
 * Runs `load` whenever `key` changes (aborting the previous run) and on reload(), through the query
 * cache (api/queryClient.ts: its retry policy, cancellation, one request for one key at a time).
 * `key` names what `load` depends on within this component only (the pages chose short keys such as
 * 'todo' or a procedure code), so the entry is scoped to this mount of the component and dropped
 * when it unmounts: two pages never share an entry by accident, and a page shows what it loaded
 * itself, as before the cache. A read meant to be shared across pages uses useApiQuery.
 */
export function useLoader<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [scope] = useState(() => ++mounts);
  return useApiQuery(['loader', scope, key], load, { gcTime: 0 });
}

/** A read cached under a global `queryKey` (shared by every component asking for it). */
export function useApiQuery<T>(queryKey: QueryKey, load: (signal: AbortSignal) => Promise<T>, opts: { gcTime?: number } = {}): Loaded<T> {
  // Boxed: the cache refuses `undefined` as data, which a load may return (a 204, a load with nothing to do).
  const q = useQuery({ queryKey, queryFn: async ({ signal }) => ({ value: await load(signal) }), placeholderData: keepPreviousData, ...opts }, queryClient);
  const { refetch } = q;
  const reload = useCallback(() => void refetch(), [refetch]);
  // As before the cache: a (re)load in flight shows no stale error; data of the previous key stays until the new arrives.
  return { data: q.data === undefined ? null : q.data.value, error: q.isFetching ? null : q.error, loading: q.isFetching, reload };
}

/** Marks cached reads as stale after a change, so the screens that show them load again. */
export function invalidate(...keys: QueryKey[]): Promise<void> {
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

export type SubmitResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** What a form shows after an attempt: its success, or its failure. */
export interface FormMessage {
  kind: 'success' | 'error';
  text: string;
}

export interface Submit {
  /** A change is on its way: the submit button is disabled. */
  busy: boolean;
  /** The form's notice: the failure's text (the server's Vietnamese `detail` first) or a success the page set. */
  message: FormMessage | null;
  setMessage: (message: FormMessage | null) => void;
  /** The failure's text alone (null when none). */
  error: string | null;
  setError: (text: string | null) => void;
  /**
   * Runs one attempt of the user's intent with its Idempotency-Key; clears the notice first. Ignored
   * while one is in flight. A failure is shown as the error unless `onError` returns true (the page
   * handled it, e.g. a 409).
   */
  run<R>(action: (idempotencyKey: string) => Promise<R>, onError?: (err: unknown) => boolean | void): Promise<SubmitResult<R>>;
  /** The current intent's key, and the start of a new intent (api/mutation.ts). */
  intent: Intent;
}

/**
 * The busy/error block of every form, once: a mutation through the query cache (never retried by
 * it), one Idempotency-Key per user intent (kept for the component's life unless intent.renew()).
 */
export function useSubmit(): Submit {
  const { t } = useI18n();
  const [message, setMessage] = useState<FormMessage | null>(null);
  const setError = useCallback((text: string | null) => setMessage(text === null ? null : { kind: 'error', text }), []);
  const [intent] = useState(() => createIntent());
  const inFlight = useRef(false);
  const m = useMutation({ mutationFn: (action: (key: string) => Promise<unknown>) => action(intent.key) }, queryClient);
  const { mutateAsync } = m;
  const run = useCallback(
    async <R>(action: (idempotencyKey: string) => Promise<R>, onError?: (err: unknown) => boolean | void): Promise<SubmitResult<R>> => {
      if (inFlight.current) return { ok: false, error: new Error('busy') };
      inFlight.current = true;
      setMessage(null);
      try {
        return { ok: true, value: (await mutateAsync(action)) as R };
      } catch (err) {
        if (!onError?.(err)) setError(errorText(err, t));
        return { ok: false, error: err };
      } finally {
        inFlight.current = false;
      }
    },
    [mutateAsync, setError, t],
  );
  const error = message?.kind === 'error' ? message.text : null;
  return { busy: m.isPending, message, setMessage, error, setError, run, intent };
}
