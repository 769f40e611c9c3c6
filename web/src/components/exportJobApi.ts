/**
 * The export jobs' routes (issue 23), one entry per job kind: start (POST), progress (GET {id}) and
 * the file's link ({id}/file). `ExportJobButton` is given the kind's start path and reaches the rest here.
 */
import { GET, POST, apiUrl } from '../api';
import type { ApiBody } from '../api/types';

/** The filters as the button's owner gave them; each kind's body is its route's JSON body. */
type Sent = Record<string, unknown>;

export const EXPORT_JOBS = {
  '/api/v1/dossiers/exports': {
    start: (body: Sent) => POST('/api/v1/dossiers/exports', { body: body as ApiBody<'/api/v1/dossiers/exports', 'post'> }),
    get: (id: string, signal?: AbortSignal) => GET('/api/v1/dossiers/exports/{id}', { params: { path: { id } }, signal }),
    file: (id: string) => apiUrl('/api/v1/dossiers/exports/{id}/file', { path: { id } }),
  },
  '/api/v1/dossiers/tracking-book/exports': {
    start: (body: Sent) => POST('/api/v1/dossiers/tracking-book/exports', { body: body as ApiBody<'/api/v1/dossiers/tracking-book/exports', 'post'> }),
    get: (id: string, signal?: AbortSignal) => GET('/api/v1/dossiers/tracking-book/exports/{id}', { params: { path: { id } }, signal }),
    file: (id: string) => apiUrl('/api/v1/dossiers/tracking-book/exports/{id}/file', { path: { id } }),
  },
  '/api/v1/quality/exports': {
    start: (body: Sent) => POST('/api/v1/quality/exports', { body: body as ApiBody<'/api/v1/quality/exports', 'post'> }),
    get: (id: string, signal?: AbortSignal) => GET('/api/v1/quality/exports/{id}', { params: { path: { id } }, signal }),
    file: (id: string) => apiUrl('/api/v1/quality/exports/{id}/file', { path: { id } }),
  },
} as const;

export type ExportJobPath = keyof typeof EXPORT_JOBS;
