/** Client for the direction centre's API (src/modules/direction/direction.routes.ts). */
import { GET, POST, idempotency } from '../../api';
import type { ApiBody } from '../../api/types';

export type PromptBody = ApiBody<'/api/v1/direction/prompts', 'post'>;

export const directionApi = {
  centre: (signal?: AbortSignal) => GET('/api/v1/direction/centre', { signal }),
  items: (code: string, q: { limit: number; offset: number }, signal?: AbortSignal) =>
    GET('/api/v1/direction/indicators/{code}/items', { params: { path: { code }, query: q }, signal }),
  /**
   * A prompt (đôn đốc) with the Idempotency-Key of the form's opening: the route honours the header,
   * though the description does not list it, so it goes as a plain header.
   */
  prompt: (body: PromptBody, idempotencyKey: string) => POST('/api/v1/direction/prompts', { body, headers: idempotency(idempotencyKey) }),
  /** The estimated risk of lateness of one dossier (GET /api/v1/direction/risk/dossiers/{id}). */
  risk: (id: string, signal?: AbortSignal) => GET('/api/v1/direction/risk/dossiers/{id}', { params: { path: { id } }, signal }),
};
