/**
 * The data layer's providers (issue 24 §7): the query cache every page's loading goes through.
 * Mounted once around the app (main.tsx).
 */
import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './api/queryClient';

export function AppProviders({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
