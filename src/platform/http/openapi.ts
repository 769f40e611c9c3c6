import type { Readable } from 'node:stream';
import type { SwaggerOptions } from '@fastify/swagger';
import { Type, type TUnsafe } from 'typebox';
import type { Config } from '../config.js';
import { SESSION_COOKIE } from '../auth/auth.service.js';
import { TITLES } from '../errors.js';
import { errorCodeList } from '../error-codes.js';
import type { Access } from './access.js';
import { openApiTransform } from './input-guard.js';

/**
 * The OpenAPI description (/openapi.json, /docs) is derived here, in one place, for every route —
 * routes added later included (issue 23):
 *
 *  - `operationId`: the route's own `schema.operationId` if it declares one, else derived from the
 *    method and the path (`GET /api/v1/dossiers/{id}/files` → `getDossiersByIdFiles`), so it does
 *    not change when routes are reordered; platform.test / openapi.lint.test check it is unique.
 *  - `security`: from the route's `config.access` (access.ts): `[]` for a public route, else the
 *    bearer token or the session cookie.
 *  - error responses: RFC 9457 problem+json (`#/components/schemas/Problem`) for the statuses the
 *    platform itself produces for that kind of route (400 on any input, 401/403 on a route that
 *    needs a login or a role, 404 on a path with an id, 409 where it takes an Idempotency-Key or a `version`, 415 on a body, 429 on a
 *    rate-limited route) with their stable `code`s, plus what the route declares in
 *    `config.problems` (the module's own codes), and `default` for anything else (500, 503).
 *  - `servers` (PUBLIC_BASE_URL), the tag list, licence and contact.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Error codes this route produces by status, beyond the platform's own (documented in OpenAPI). */
    problems?: Partial<Record<ProblemStatus, readonly string[]>>;
  }
}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'Lỗi theo RFC 9457 (application/problem+json): `code` là mã máy ổn định, `detail` là lời giải thích tiếng Việt.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'URI của loại lỗi, https://motcua.gov.vn/problems/<code>' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'Giải thích bằng tiếng Việt' },
    code: { type: 'string', description: 'Mã lỗi ổn định (xem mô tả của từng mã trạng thái)' },
    instance: { type: 'string' },
    requestId: { type: 'string', description: 'Mã yêu cầu (cũng có ở tiêu đề x-request-id)' },
    errors: { type: 'array', items: {}, description: 'Các trường hoặc dòng không hợp lệ (lỗi 400)' },
    retryAfterSeconds: { type: 'integer', description: 'Số giây cần chờ (lỗi 429, cũng có ở tiêu đề Retry-After)' },
  },
  additionalProperties: true,
} as const;

/** The codes the platform itself answers with, by status (server.ts, access.ts, validation.ts, input-guard.ts, rate-limit.ts, idempotency.ts). */
const PLATFORM_CODES: Record<number, readonly string[]> = {
  400: ['validation_failed', 'invalid_characters', 'invalid_name_characters', 'invalid_value', 'bad_request'],
  401: ['unauthenticated'],
  403: ['forbidden'],
  404: ['not_found'],
  415: ['unsupported_media_type'],
  429: ['rate_limited'],
};

const TAG_DESCRIPTIONS: Record<string, string> = {
  platform: 'Nền tảng: tình trạng, đăng nhập, phiên, nhật ký, tài khoản',
  auth: 'Đăng nhập và phiên làm việc',
  org: 'Tổ chức: cơ quan, đơn vị hành chính, người dùng',
  calendar: 'Lịch làm việc, ngày nghỉ, tính thời hạn',
  catalog: 'Danh mục thủ tục hành chính',
  dossiers: 'Hồ sơ thủ tục hành chính: tiếp nhận, xử lý, trả kết quả',
  citizens: 'Cổng công dân: tài khoản, kho dữ liệu, bản nháp, đánh giá',
  payments: 'Thanh toán phí, lệ phí',
  feedback: 'Phản ánh, kiến nghị',
  open311: 'Open311 GeoReport v2 (phản ánh, kiến nghị cho ứng dụng bên ngoài)',
  quality: 'Bộ chỉ số chất lượng phục vụ (Quyết định 766/QĐ-TTg)',
  reform: 'Cải cách hành chính: PAR INDEX, SIPAS, kế hoạch',
  reports: 'Chế độ báo cáo định kỳ',
  tasks: 'Kế hoạch và nhiệm vụ',
  sandbox: 'Bộ chuyển đổi thử nghiệm (sandbox) — chỉ có khi được bật',
  integration: 'Kết nối hệ thống khác',
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** A stable operationId from the method and the OpenAPI path (see the file's comment). */
export function deriveOperationId(method: string, path: string): string {
  const words: string[] = [method.toLowerCase()];
  const segments = path
    .replace(/^\/api\/v1\//, '/')
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean);
  for (const seg of segments) {
    const param = /^\{(.+)\}$/.exec(seg);
    const parts = (param ? ['by', param[1]] : [seg]).flatMap((s) => s.split(/[^A-Za-z0-9]+/)).filter(Boolean);
    for (const p of parts) words.push(p);
  }
  return words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}

/** Route facts the document cannot show by itself, carried from `transform` to `transformObject`. */
const META = 'x-motcua-route';
interface RouteMeta {
  access: Access | null;
  limited: boolean;
  problems: Partial<Record<number, readonly string[]>>;
}

interface RouteLike {
  config?: { access?: Access; limit?: string; problems?: Partial<Record<number, readonly string[]>> };
}

/** `@fastify/swagger`'s per-route transform: request schemas as validated, and the route's access. */
export function openApiRouteTransform({ schema, url, route }: { schema: unknown; url: string; route?: RouteLike }): { schema: unknown; url: string } {
  const out = openApiTransform({ schema: schema ?? {}, url });
  const meta: RouteMeta = {
    access: route?.config?.access ?? null,
    limited: !!route?.config?.limit,
    problems: route?.config?.problems ?? {},
  };
  return { schema: { ...(out.schema as object), [META]: meta }, url: out.url };
}

type Json = Record<string, unknown>;

/** Open311 answers its errors in its own format (a list of code and description), JSON or XML. */
const OPEN311_ERRORS = {
  type: 'array',
  description: 'Lỗi theo định dạng Open311 GeoReport v2',
  items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
};

function problemResponse(status: number | 'default', codes: readonly string[], open311 = false): Json {
  const title = status === 'default' ? 'Lỗi khác (500 lỗi hệ thống, 503 tạm thời không sẵn sàng …)' : (TITLES[status] ?? 'Lỗi');
  const list = codes.length && !open311 ? ` Mã lỗi (\`code\`): ${codes.map((c) => `\`${c}\``).join(', ')}.` : '';
  return {
    description: `${title}.${list}`,
    content: open311
      ? {
          'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' } },
          'text/xml': { schema: { type: 'string', description: '<errors><error><code/><description/></error></errors>' } },
        }
      : { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    ...(status === 429 ? { headers: { 'Retry-After': { description: 'Số giây cần chờ', schema: { type: 'integer' } } } } : {}),
  };
}

function hasInput(op: Json): boolean {
  return !!op.requestBody || (Array.isArray(op.parameters) && op.parameters.length > 0);
}

function acceptsIdempotencyKey(op: Json): boolean {
  return Array.isArray(op.parameters) && op.parameters.some((p: Json) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key');
}

/** A write whose body carries the record's `version` (optimistic concurrency): a stale one is 409. */
function bodyHasVersion(op: Json): boolean {
  const content = (op.requestBody as Json | undefined)?.content as Record<string, { schema?: Json }> | undefined;
  const props = content?.['application/json']?.schema?.properties as Json | undefined;
  return !!props && 'version' in props;
}

/**
 * OpenAPI 3.0.3: `nullable: true` does not add null to an `enum` — the enum must list it (TypeBox's
 * `Union([Literal…, Null])` comes out as an enum without null). Fixed in place, everywhere.
 */
function nullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const x of node) nullInNullableEnums(x);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  for (const [k, v] of Object.entries(o)) if (k !== 'enum' && k !== 'example' && k !== 'default') nullInNullableEnums(v);
}

/** `@fastify/swagger`'s whole-document transform: everything in the file's comment. */
export function openApiDocumentTransform(config: Pick<Config, 'publicBaseUrl'>) {
  return ({ openapiObject }: { openapiObject: Json }): Json => {
    const doc = openapiObject as Json & { paths: Record<string, Json>; components: Json & { schemas?: Json } };
    doc.servers = [{ url: config.publicBaseUrl.replace(/\/+$/, ''), description: 'Máy chủ này (PUBLIC_BASE_URL)' }];
    doc.components.schemas = { ...(doc.components.schemas ?? {}), Problem: PROBLEM_SCHEMA, Open311Errors: OPEN311_ERRORS };
    nullInNullableEnums(doc.paths);
    const tags = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of HTTP_METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const meta = op[META] as RouteMeta | undefined;
        delete op[META];
        for (const tag of (op.tags as string[] | undefined) ?? []) tags.add(tag);
        op.operationId ??= deriveOperationId(method, path);
        const access = meta?.access ?? null;
        if (access === 'public') op.security = [];
        else if (access !== null) op.security = [{ bearer: [] }, { cookie: [] }];
        const responses = (op.responses ?? {}) as Json;
        const errors = new Map<number, Set<string>>();
        const add = (status: number, codes: readonly string[] = PLATFORM_CODES[status] ?? []) => {
          const set = errors.get(status) ?? new Set<string>();
          for (const c of codes) set.add(c);
          errors.set(status, set);
        };
        const write = WRITE_METHODS.has(method);
        if (hasInput(op) || write) add(400);
        if (op.requestBody) {
          add(400, ['invalid_json', 'empty_body', 'body_too_large']);
          add(415);
        }
        if (access !== null && access !== 'public') {
          add(401);
          add(403);
          if (write) add(403, ['csrf_required']);
        }
        if (path.includes('{')) add(404);
        if (acceptsIdempotencyKey(op)) add(409, ['idempotency_key_reused']);
        if (bodyHasVersion(op)) add(409, ['stale_version']);
        if (meta?.limited) add(429);
        for (const [status, codes] of Object.entries(meta?.problems ?? {})) add(Number(status), codes ?? []);
        for (const [status, codes] of [...errors].sort((a, b) => a[0] - b[0])) {
          if (!responses[String(status)]) responses[String(status)] = problemResponse(status, [...codes].sort(), path.startsWith('/open311/'));
        }
        responses.default ??= problemResponse('default', ['internal_error'], path.startsWith('/open311/'));
        op.responses = responses;
      }
    }
    doc.tags = [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
    // The error-code catalogue (error-codes.ts; also GET /api/v1/error-codes): code → statuses and meaning.
    doc['x-error-codes'] = Object.fromEntries(errorCodeList().map(({ code, ...info }) => [code, info]));
    return doc;
  };
}

/** The options of `@fastify/swagger`. */
export function openApiOptions(config: Pick<Config, 'publicBaseUrl' | 'version'>): SwaggerOptions {
  return {
    transform: openApiRouteTransform as never,
    transformObject: openApiDocumentTransform(config) as never,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'MotCua API',
        version: config.version,
        description:
          'Hệ thống thông tin giải quyết thủ tục hành chính một cửa — API. Lỗi trả về theo RFC 9457 (application/problem+json) với trường `code` ổn định và `detail` tiếng Việt. Hướng dẫn: docs/api.md.',
        license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
        contact: { name: 'MotCua' },
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Mã phiên nhận được khi đăng nhập (POST /api/v1/auth/login, trường `token`).',
          },
          cookie: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description:
              'Phiên đăng nhập của trình duyệt. Yêu cầu thay đổi dữ liệu (POST, PUT, PATCH, DELETE) bằng cookie phải có tiêu đề `X-Requested-With: motcua`, nếu không: 403 `csrf_required` (chống CSRF). Không áp dụng cho `Authorization: Bearer`.',
          },
        },
      },
    },
  } as SwaggerOptions;
}

/** `@fastify/swagger-ui`'s options: "Authorize" is kept across reloads and sent by "Try it out". */
export const openApiUiOptions = {
  routePrefix: '/docs',
  staticCSP: true,
  uiConfig: { persistAuthorization: true, tryItOutEnabled: false, displayOperationId: true },
} as const;

// ---- response schemas a route declares --------------------------------------------------------

export const MIME = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  xml: 'text/xml',
  any: '*/*',
} as const;

/**
 * A file download's response: the body is the file (binary), of these content types. Fastify
 * sends a Buffer or a stream as it is (no serialiser), so this documents without changing anything.
 */
export function fileResponse(types: string | readonly string[], description: string) {
  const content: Record<string, { schema: TUnsafe<Buffer | Readable | string> }> = {};
  for (const t of [types].flat()) content[t] = { schema: Type.Unsafe<Buffer | Readable | string>({ type: 'string', format: 'binary' }) };
  return { description, content };
}

/** A 204 (no body). */
export const noContent = (description: string) => Type.Unsafe<void | null>({ type: 'null', description });
