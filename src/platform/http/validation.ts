import { Ajv, type ErrorObject } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types/index.js';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { AppError } from '../errors.js';
import { lazily } from './lazy-schemas.js';
import { hardenSchema } from './input-guard.js';

// ajv-formats is CommonJS with a default export.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/**
 * Two validators: request bodies are validated strictly (no type coercion, unknown fields are
 * errors: a typo in a field name must not silently drop data), while query strings, params and
 * headers are coerced from text and unknown query parameters are ignored.
 */
function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: coerce ? true : false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);
const paramAjv = makeAjv(true);

type Validate = ((data: unknown, cxt?: DataValidationCxt) => boolean) & { errors?: ErrorObject[] | null; schemaEnv?: unknown };

/** Compiled on the route's first request (lazy-schemas.ts); Fastify reads `errors` after each call. */
export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : paramAjv;
  // Numbers bounded and pattern-only dates checked as real dates (input-guard.ts).
  const compiled = lazily(() => ajv.compile(hardenSchema(schema as object)));
  const validate: Validate = (data, cxt) => {
    const fn = compiled.get();
    const ok = fn(data, cxt) as boolean;
    validate.errors = fn.errors;
    return ok;
  };
  // Like an Ajv function: Fastify then passes the parent object, so coercion and defaults can
  // replace a root value (a query string's) as they did with eager compilation.
  validate.schemaEnv = true;
  return validate as unknown as ReturnType<FastifySchemaCompiler<FastifySchema>>;
};

const PART_VI: Record<string, string> = { body: 'Nội dung', querystring: 'Tham số truy vấn', params: 'Tham số đường dẫn', headers: 'Tiêu đề' };

function fieldName(e: ErrorObject): string {
  const p = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  return p === '' ? '' : `"${p}"`;
}

/** One Vietnamese sentence per validation error. */
export function describeValidationError(e: ErrorObject): string {
  const f = fieldName(e);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `thiếu trường bắt buộc "${f ? f.slice(1, -1) + '.' : ''}${String(params.missingProperty)}"`;
    case 'additionalProperties':
      return `trường "${f ? f.slice(1, -1) + '.' : ''}${String(params.additionalProperty)}" không được phép`;
    case 'type':
      return `${f || 'giá trị'} phải có kiểu ${String(params.type)}`;
    case 'format':
      return `${f || 'giá trị'} không đúng định dạng ${String(params.format)}`;
    case 'pattern':
      return `${f || 'giá trị'} không đúng mẫu quy định`;
    case 'minLength':
      return `${f || 'giá trị'} phải có ít nhất ${String(params.limit)} ký tự`;
    case 'maxLength':
      return `${f || 'giá trị'} không được dài quá ${String(params.limit)} ký tự`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${f || 'giá trị'} phải lớn hơn hoặc bằng ${String(params.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${f || 'giá trị'} phải nhỏ hơn hoặc bằng ${String(params.limit)}`;
    case 'enum':
      return `${f || 'giá trị'} phải là một trong: ${((params.allowedValues as unknown[]) ?? []).join(', ')}`;
    case 'minItems':
      return `${f || 'danh sách'} phải có ít nhất ${String(params.limit)} phần tử`;
    case 'maxItems':
      return `${f || 'danh sách'} không được quá ${String(params.limit)} phần tử`;
    default:
      return `${f || 'giá trị'} không hợp lệ (${e.keyword})`;
  }
}

export function validationProblem(errors: ErrorObject[], context: string | undefined): AppError {
  const where = PART_VI[context ?? 'body'] ?? 'Dữ liệu';
  const messages = errors.map(describeValidationError);
  return new AppError(400, 'validation_failed', `${where} không hợp lệ: ${messages.join('; ')}.`, {
    errors: errors.map((e) => ({ in: context ?? 'body', path: e.instancePath, keyword: e.keyword, message: describeValidationError(e) })),
  });
}
