/**
 * The app's query cache (@tanstack/react-query; issue 24 §7) and its retry policy: a read is retried
 * (twice, with the library's back-off) when there was no answer or the server failed (5xx), never
 * on a 4xx, which would answer the same again; a change (mutation) is never retried by the cache:
 * repeating it is the user's decision, with the same Idempotency-Key (api/mutation.ts).
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

const READ_ATTEMPTS = 3;

/** Whether a failed read is worth another attempt. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= READ_ATTEMPTS - 1) return false;
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // The pages load on mount and reload after their own changes, as before the cache; a
        // refetch behind the user's back on focus or reconnect would change what a screen shows.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();
