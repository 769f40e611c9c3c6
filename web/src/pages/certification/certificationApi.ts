import { GET, POST, apiUrl, multipart } from '../../api';
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
  certify(f: CertifyForm): Promise<ApiOk<'/api/v1/certifications', 'post'>> {
    const form = new FormData();
    form.append('documentTitle', f.documentTitle);
    form.append('requesterName', f.requesterName);
    form.append('requesterIdNumber', f.requesterIdNumber);
    form.append('copies', String(f.copies));
    form.append('comparedWithOriginal', f.comparedWithOriginal ? 'true' : 'false');
    for (const p of f.pages) form.append('file', p, p.name);
    return POST('/api/v1/certifications', multipart(form));
  },
  book: (signal?: AbortSignal) => GET('/api/v1/certifications', { params: { query: { limit: 20 } }, signal }),
  check: (id: string, signal?: AbortSignal) => GET('/api/v1/public/certified-copies/{id}', { params: { path: { id } }, signal }),
  fileUrl: (id: string) => apiUrl('/api/v1/certifications/{id}/file', { path: { id } }),
};

/** "12.000 đ" */
export const formatVnd = (n: number): string => `${n.toLocaleString('vi-VN')} đ`;
