import type { ErrorCode } from './error-codes.js';

/**
 * Application errors, rendered as RFC 9457 problem+json with a stable machine-readable `code`
 * and a Vietnamese `detail` for the person reading it.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
  }
}

export const TITLES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  401: 'Chưa đăng nhập',
  403: 'Không có quyền',
  404: 'Không tìm thấy',
  409: 'Xung đột trạng thái',
  410: 'Không còn tồn tại',
  413: 'Dữ liệu quá lớn',
  415: 'Kiểu dữ liệu không được hỗ trợ',
  422: 'Vi phạm quy tắc nghiệp vụ',
  429: 'Quá nhiều yêu cầu',
  500: 'Lỗi hệ thống',
  503: 'Dịch vụ tạm thời không sẵn sàng',
};

export const badRequest = (code: ErrorCode, detail: string, extra?: Record<string, unknown>) => new AppError(400, code, detail, extra);
export const unauthorized = (detail = 'Bạn cần đăng nhập để thực hiện thao tác này.') => new AppError(401, 'unauthenticated', detail);
export const forbidden = (detail = 'Bạn không có quyền thực hiện thao tác này.') => new AppError(403, 'forbidden', detail);
export const notFound = (what: string) => new AppError(404, 'not_found', `Không tìm thấy ${what}.`);
export const conflict = (code: ErrorCode, detail: string, extra?: Record<string, unknown>) => new AppError(409, code, detail, extra);
export const unprocessable = (code: ErrorCode, detail: string, extra?: Record<string, unknown>) => new AppError(422, code, detail, extra);
export const tooMany = (detail: string, retryAfterSeconds: number) => new AppError(429, 'too_many_requests', detail, { retryAfterSeconds });

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  [k: string]: unknown;
}

/** The members RFC 9457 and this API define; an `extra` of the same name is renamed (`status` → `currentStatus`). */
const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId']);
const extraMembers = (extra: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(extra).map(([k, v]) => [STANDARD_MEMBERS.has(k) ? `current${k[0].toUpperCase()}${k.slice(1)}` : k, v]));

export function toProblem(err: AppError, requestId?: string, instance?: string): Problem {
  return {
    type: `https://motcua.gov.vn/problems/${err.code}`,
    title: TITLES[err.status] ?? 'Lỗi',
    status: err.status,
    detail: err.detail,
    code: err.code,
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...extraMembers(err.extra),
  };
}
