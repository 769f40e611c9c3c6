/** Client for the historical dossier import (src/modules/dossiers: POST /import, GET /imports…). */
import { GET, POST, multipart } from '../../api';
import type { ApiOk } from '../../api/types';

/** One run of the historical dossier import (GET /api/v1/dossiers/imports/{id}). */
// Wire type: an alias of the type generated from the OpenAPI description (web/src/api/schema.d.ts).
export type HistoryImportJob = ApiOk<'/api/v1/dossiers/imports/{id}'>;

export const historyApi = {
  list: (signal?: AbortSignal) => GET('/api/v1/dossiers/imports', { signal }),
  get: (id: string, signal?: AbortSignal) => GET('/api/v1/dossiers/imports/{id}', { params: { path: { id } }, signal }),
  /** Uploads the file (multipart, field "file"); the job answers at once and is then polled. */
  upload(file: File, dryRun: boolean): Promise<HistoryImportJob> {
    const form = new FormData();
    form.append('file', file, file.name);
    return POST('/api/v1/dossiers/import', { params: { query: { dryRun: dryRun || undefined } }, ...multipart(form) });
  },
};
