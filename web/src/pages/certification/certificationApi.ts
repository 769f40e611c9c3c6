import { ApiError, CSRF_HEADERS, request, UNAUTHORIZED_EVENT, type Problem } from '../../api';

export const CERT_PATHS = { counter: '/mot-cua/chung-thuc', publicPrefix: '/chung-thuc/' } as const;

export interface CertifiedCopy {
  id: string;
  agencyName: string;
  year: number;
  registerNo: number;
  book: string;
  registerLabel: string;
  documentTitle: string;
  pages: number;
  copies: number;
  feeVnd: number;
  feeBasis: string;
  requesterName: string;
  sha256: string;
  sizeBytes: number;
  signatureVerdict: string;
  certifiedAt: string;
  inWarehouse: boolean;
  verificationUrl: string;
}

export interface PublicCheck {
  valid: boolean;
  registerLabel: string | null;
  agencyName: string | null;
  certifiedAt: string | null;
  documentTitle: string | null;
  pages: number | null;
  sha256: string | null;
  signatureVerdict: string | null;
}

export interface CertifyForm {
  documentTitle: string;
  requesterName: string;
  requesterIdNumber: string;
  copies: number;
  comparedWithOriginal: boolean;
  pages: File[];
}

export const certificationApi = {
  async certify(f: CertifyForm): Promise<CertifiedCopy> {
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
    return data as CertifiedCopy;
  },
  book: (signal?: AbortSignal) => request<{ total: number; items: CertifiedCopy[] }>('/api/v1/certifications', { query: { limit: 20 }, signal }),
  check: (id: string, signal?: AbortSignal) => request<PublicCheck>(`/api/v1/public/certified-copies/${encodeURIComponent(id)}`, { signal }),
  fileUrl: (id: string) => `/api/v1/certifications/${encodeURIComponent(id)}/file`,
};

/** "12.000 đ" */
export const formatVnd = (n: number): string => `${n.toLocaleString('vi-VN')} đ`;
