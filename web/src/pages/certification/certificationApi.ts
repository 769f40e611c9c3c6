import { ApiError, CSRF_HEADERS, request, UNAUTHORIZED_EVENT, type Problem } from '../../api';
import type { ApiOk, Item } from '../../api/types';

export const CERT_PATHS = { counter: '/mot-cua/chung-thuc', publicPrefix: '/chung-thuc/' } as const;

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
export type CertificationBook = ApiOk<'/api/v1/certifications'>;
export type CertifiedCopy = Item<CertificationBook['items']>;

export type PublicCheck = ApiOk<'/api/v1/public/certified-copies/{id}'>;

/**
 * The counter form's state: the multipart fields of POST /api/v1/certifications and the scanned pages
 * (browser File objects). Not a wire type: the description documents no multipart request bodies.
 */
export interface CertifyForm {
  documentTitle: string;
  requesterName: string;
  requesterIdNumber: string;
  copies: number;
  comparedWithOriginal: boolean;
  pages: File[];
}

export const certificationApi = {
  async certify(f: CertifyForm): Promise<ApiOk<'/api/v1/certifications', 'post'>> {
    const form = new FormData();
    form.append('documentTitle', f.documentTitle);
    form.append('requesterName', f.requesterName);
    form.append('requesterIdNumber', f.requesterIdNumber);
    form.append('copies', String(f.copies));
    form.append('comparedWithOriginal', f.comparedWithOriginal ? 'true' : 'false');
    for (const p of f.pages) form.append('file', p, p.name);
    let res: Response;
    try {
      res = await fetch('/api/v1/certifications', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json, application/problem+json', ...CSRF_HEADERS }, body: form });
    } catch {
      throw new ApiError(0, null, 'network error');
    }
    const data: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const problem = data && typeof data === 'object' ? ({ status: res.status, ...(data as object) } as Problem) : null;
      if (res.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
      throw new ApiError(res.status, problem, problem?.detail ?? `HTTP ${res.status}`);
    }
    return data as ApiOk<'/api/v1/certifications', 'post'>;
  },
  book: (signal?: AbortSignal) => request<CertificationBook>('/api/v1/certifications', { query: { limit: 20 }, signal }),
  check: (id: string, signal?: AbortSignal) => request<PublicCheck>(`/api/v1/public/certified-copies/${encodeURIComponent(id)}`, { signal }),
  fileUrl: (id: string) => `/api/v1/certifications/${encodeURIComponent(id)}/file`,
};

/** "12.000 đ" */
export const formatVnd = (n: number): string => `${n.toLocaleString('vi-VN')} đ`;
