import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Malformed input stopped at the edge (issue 16 §3), for every route at once:
 *
 *  - `registerInputGuard` adds a `preHandler` hook that walks the request's params, query string
 *    and body (after validation, so a multipart route's text fields, which its own preValidation
 *    hook puts into `req.body`, are covered too) and refuses a NUL character or a lone UTF-16
 *    surrogate in any string or object key: PostgreSQL cannot store a NUL (SQLSTATE 22021) and a
 *    lone surrogate is not text. In a field that holds a name (its key ends in "name": name,
 *    fullName, shortName, applicantName, first_name …) bidirectional overrides and zero-width
 *    characters are refused as well, so a name cannot be displayed as something it is not.
 *    The hook runs before any handler, so a refused request writes nothing and consumes no number.
 *    Headers need no check: Node's HTTP parser refuses a NUL in a header and decodes headers as
 *    Latin-1, where no surrogate can occur.
 *  - `hardenSchema` is applied by the validator compiler to every request schema: integers and
 *    numbers without bounds get ±Number.MAX_SAFE_INTEGER (so `offset=1e20` or `version: 1e308` is a
 *    400, not a PostgreSQL overflow), and a string declared as YYYY-MM-DD by pattern only also gets
 *    `format: 'date'` (ajv-formats checks the day exists: 2026-02-30 is refused).
 *  - `clientDataProblem` is the last resort of the error handler: a PostgreSQL data exception that
 *    still reaches it (a value that slipped past validation) is the client's bad input, answered
 *    400, not 500.
 */

/** A NUL, or a UTF-16 surrogate that is not part of a pair. */
const MALFORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Characters that change how a name is displayed without being visible: bidirectional embeddings,
 * overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width
 * space / joiners / word joiner and invisible operators (U+200B–U+200D, U+2060–U+2064), the BOM
 * used as a zero-width no-break space (U+FEFF), the Mongolian vowel separator (U+180E) and the soft
 * hyphen (U+00AD).
 */
const SPOOFING = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

const NAME_KEY = /name$/i;

export const isMalformedText = (s: string): boolean => MALFORMED.test(s);
export const hasSpoofingCharacters = (s: string): boolean => SPOOFING.test(s);

export type TextProblem = { path: string; kind: 'malformed' | 'spoofing' };

/** The first string (or key) in `value` that is malformed, or a name that holds spoofing characters. */
export function findTextProblem(value: unknown, path = '', isName = false, depth = 0): TextProblem | null {
  if (typeof value === 'string') {
    if (MALFORMED.test(value)) return { path, kind: 'malformed' };
    if (isName && SPOOFING.test(value)) return { path, kind: 'spoofing' };
    return null;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Buffer.isBuffer(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findTextProblem(value[i], `${path}/${i}`, isName, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (MALFORMED.test(k)) return { path: `${path}/${k.replace(MALFORMED, '?')}`, kind: 'malformed' };
    const p = findTextProblem(v, `${path}/${k}`, NAME_KEY.test(k), depth + 1);
    if (p) return p;
  }
  return null;
}

const PART_VI = { params: 'Tham số đường dẫn', querystring: 'Tham số truy vấn', body: 'Nội dung' } as const;

/** The 400 for a text problem in one part of the request (Vietnamese detail, stable code). */
export function textProblemError(part: keyof typeof PART_VI, p: TextProblem): AppError {
  const field = p.path.replace(/^\//, '').replace(/\//g, '.');
  const where = field ? `trường "${field}"` : 'giá trị';
  const errors = [{ in: part, path: p.path, keyword: p.kind }];
  return p.kind === 'malformed'
    ? new AppError(
        400,
        'invalid_characters',
        `${PART_VI[part]} không hợp lệ: ${where} chứa ký tự NUL hoặc ký tự Unicode không hoàn chỉnh (surrogate UTF-16 đơn lẻ).`,
        { errors },
      )
    : new AppError(
        400,
        'invalid_name_characters',
        `${PART_VI[part]} không hợp lệ: ${where} là tên nhưng chứa ký tự điều khiển hướng chữ hoặc ký tự không độ rộng (có thể làm tên hiển thị sai lệch).`,
        { errors },
      );
}

/** Throws the 400 if any string of the request is malformed (see the file's comment). */
export function checkRequestText(req: Pick<FastifyRequest, 'params' | 'query' | 'body'>): void {
  for (const part of ['params', 'querystring', 'body'] as const) {
    const value = part === 'params' ? req.params : part === 'querystring' ? req.query : req.body;
    const p = findTextProblem(value);
    if (p) throw textProblemError(part, p);
  }
}

export function registerInputGuard(app: FastifyInstance): void {
  // A callback hook, not an async one: no promise per request.
  app.addHook('preHandler', (req, _reply, done) => {
    try {
      checkRequestText(req);
    } catch (err) {
      return done(err as Error);
    }
    done();
  });
}

// ---- schemas -----------------------------------------------------------------------------------

/** Patterns by which request schemas declare a calendar date (YYYY-MM-DD) without `format`. */
const DATE_PATTERNS = new Set(['^\\d{4}-\\d{2}-\\d{2}$', '^[0-9]{4}-[0-9]{2}-[0-9]{2}$']);

const hasType = (s: Record<string, unknown>, t: string) => s.type === t || (Array.isArray(s.type) && s.type.includes(t));

/**
 * A copy of a request schema with numbers bounded and pattern-only dates checked as real dates
 * (see the file's comment). The original (which the OpenAPI description is built from) is untouched.
 */
export function hardenSchema<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s) => hardenSchema(s)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const src = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    // `default`, `enum`, `const` and examples are data, not schemas.
    out[k] = k === 'default' || k === 'enum' || k === 'const' || k === 'examples' || k === 'example' ? v : hardenSchema(v);
  }
  if (hasType(src, 'integer') || hasType(src, 'number')) {
    if (src.minimum === undefined && src.exclusiveMinimum === undefined) out.minimum = -Number.MAX_SAFE_INTEGER;
    if (src.maximum === undefined && src.exclusiveMaximum === undefined) out.maximum = Number.MAX_SAFE_INTEGER;
  }
  if (hasType(src, 'string') && src.format === undefined && typeof src.pattern === 'string' && DATE_PATTERNS.has(src.pattern)) out.format = 'date';
  return out as T;
}

// ---- last resort -------------------------------------------------------------------------------

/**
 * PostgreSQL data exceptions caused by a value the client sent: a character the encoding cannot
 * hold (22021, 22P05), a number out of range (22003), a bad or overflowing date/time (22007,
 * 22008), text that is not a valid value of its type (22P02), text too long for its column or
 * index (22001, 54000).
 */
const CLIENT_SQLSTATES: Record<string, string> = {
  '22021': 'Dữ liệu chứa ký tự không lưu được (ví dụ ký tự NUL).',
  '22P05': 'Dữ liệu chứa ký tự không lưu được.',
  '22003': 'Giá trị số vượt quá giới hạn cho phép.',
  '22007': 'Ngày giờ không đúng định dạng.',
  '22008': 'Ngày giờ không có thật hoặc vượt quá giới hạn.',
  '22P02': 'Giá trị không đúng kiểu dữ liệu.',
  '22001': 'Giá trị quá dài.',
  '54000': 'Giá trị quá dài.',
};

/** A 400 for a PostgreSQL data exception (by SQLSTATE), or null when the error is something else. */
export function clientDataProblem(err: unknown): AppError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code in CLIENT_SQLSTATES)) return null;
  return new AppError(400, 'invalid_value', `Yêu cầu không hợp lệ: ${CLIENT_SQLSTATES[code]}`, { sqlstate: code });
}

/**
 * `@fastify/swagger`'s transform: the OpenAPI description shows the request schemas as they are
 * validated (bounds and date formats added by `hardenSchema`), responses untouched.
 */
export function openApiTransform<S>({ schema, url }: { schema: S; url: string }): { schema: S; url: string } {
  if (!schema || typeof schema !== 'object') return { schema, url };
  const out: Record<string, unknown> = { ...(schema as Record<string, unknown>) };
  for (const part of ['body', 'querystring', 'params', 'headers']) if (out[part]) out[part] = hardenSchema(out[part]);
  return { schema: out as S, url };
}
