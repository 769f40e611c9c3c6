import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { clientDataProblem } from '../../platform/http/input-guard.js';
import type { Config } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';
import { getSetting } from '../../platform/auth/auth.repo.js';
import type { Database } from '../../platform/db/database.js';
import { vnIso } from '../../platform/vn-time.js';
import type { FeedbackStatus } from './feedback.rules.js';
import type { FeedbackService } from './feedback.service.js';
import {
  csv,
  generalService,
  parseForm,
  parseSubmission,
  serviceDefinition,
  serviceNotice,
  toRequest,
  toService,
  type O311Error,
  type Params,
} from './open311.js';
import { OPEN311_ITEMS, toXml, type XmlValue } from './open311.xml.js';
import { Open311Created, Open311Discovery, Open311Request, Open311Service, Open311ServiceDefinition, Open311Token } from './feedback.schemas.js';

/**
 * Open311 GeoReport v2 under /open311/v2/, in JSON and XML (the extension of the last path
 * segment chooses). Reads are public; POST requests needs an API key (`api_key`), else 403 in
 * Open311's error format. The routes live in their own Fastify context so that the form parser
 * (application/x-www-form-urlencoded, the standard's encoding) and the Open311 error format apply
 * only here.
 */
type Format = 'json' | 'xml';

class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: O311Error[],
  ) {
    super(errors.map((e) => e.description).join(' '));
  }
}
const o311 = (status: number, description: string) => new Open311Error(status, [{ code: status, description }]);

function formatOf(req: FastifyRequest): Format {
  const path = req.url.split('?')[0];
  return path.endsWith('.xml') ? 'xml' : 'json';
}

/** Splits "NAME.json" / "NAME.xml"; anything else is a 404. */
function splitFile(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw o311(404, 'Đường dẫn phải kết thúc bằng .json hoặc .xml.');
  return { name: decodeURIComponent(m[1]), format: m[2] as Format };
}

function send(reply: FastifyReply, format: Format, root: string, value: XmlValue, status = 200): FastifyReply {
  reply.status(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value, OPEN311_ITEMS));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** A 200 in JSON (the schema) and/or XML (the same fields, GeoReport v2's XML form). */
function o311Ok(formats: readonly Format[], json: TSchema, description: string) {
  const content: Record<string, { schema: TSchema }> = {};
  if (formats.includes('json')) content['application/json'] = { schema: json };
  if (formats.includes('xml')) content['text/xml'] = { schema: Type.String({ description: 'GeoReport v2 XML' }) };
  return { 200: { description, content } };
}

function sendErrors(reply: FastifyReply, format: Format, status: number, errors: O311Error[]): FastifyReply {
  return send(reply, format, 'errors', errors as unknown as XmlValue, status);
}

const Query = Type.Object({
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
  api_key: Type.Optional(Type.String({ maxLength: 200 })),
  service_request_id: Type.Optional(Type.String({ maxLength: 3000 })),
  service_code: Type.Optional(Type.String({ maxLength: 100 })),
  start_date: Type.Optional(Type.String({ maxLength: 40 })),
  end_date: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.String({ maxLength: 40 })),
});

export function registerOpen311Routes(app: App, feedback: FeedbackService, database: Database, config: Config): void {
  const db = database.db;

  async function jurisdiction(): Promise<string> {
    return (await getSetting(db, 'feedback.open311.jurisdiction_id')) ?? `motcua-${(await getSetting(db, 'province_code')) ?? 'vn'}`;
  }
  async function checkJurisdiction(req: FastifyRequest): Promise<void> {
    const j = (req.query as { jurisdiction_id?: string }).jurisdiction_id ?? ((req.body as Params | undefined)?.jurisdiction_id as string | undefined);
    if (j !== undefined && j !== (await jurisdiction())) throw o311(404, `jurisdiction_id "${j}" không thuộc hệ thống này.`);
  }
  async function notice(): Promise<string> {
    return serviceNotice(await feedback.settings());
  }
  async function officeName(): Promise<string | null> {
    return (await getSetting(db, 'province_name')) ? `Văn phòng UBND tỉnh ${(await getSetting(db, 'province_name'))!}` : null;
  }

  void app.register(async (o) => {
    // CORS (a widget on another site): reads are public and writes carry their api_key in the
    // body, never a cookie, so any origin may call without credentials.
    o.addHook('onRequest', async (_req, reply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    });
    // Hidden from /openapi.json: a CORS preflight is not an operation, and OpenAPI cannot name a
    // wildcard path (both linters refuse "/open311/v2/{*}"); docs/feedback.md documents it.
    o.options(
      '/open311/v2/*',
      {
        config: { access: 'public' },
        schema: {
          hide: true,
          tags: ['open311'],
          summary: 'Open311: CORS preflight (OPTIONS)',
          response: { 204: Type.Null({ description: 'Các phương thức và tiêu đề được phép gọi từ trang khác' }) },
        },
      },
      async (_req, reply) => {
        return reply
          .status(204)
          .header('access-control-allow-methods', 'GET, POST, OPTIONS')
          .header('access-control-allow-headers', 'Content-Type, Accept')
          .header('access-control-max-age', '86400')
          .send();
      },
    );

    o.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parseForm(String(body)));
      } catch (e) {
        done(e as Error, undefined);
      }
    });

    o.setErrorHandler((err: FastifyError | AppError | Open311Error, req, reply) => {
      const format = formatOf(req);
      if (err instanceof Open311Error) return sendErrors(reply, format, err.status, err.errors);
      if (err instanceof AppError) return sendErrors(reply, format, err.status, [{ code: err.status, description: err.detail }]);
      const fe = err as FastifyError;
      if (fe.validation)
        return sendErrors(
          reply,
          format,
          400,
          fe.validation.map((v) => ({ code: 400, description: `Tham số không hợp lệ: ${v.instancePath || ''} ${v.message ?? ''}`.trim() })),
        );
      const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
      if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
        return sendErrors(reply, format, 400, [
          { code: 400, description: 'Gửi dữ liệu dạng application/x-www-form-urlencoded, multipart/form-data hoặc application/json.' },
        ]);
      const data = clientDataProblem(err);
      if (data) {
        // A value that slipped past validation and was refused by PostgreSQL: the client's error.
        req.log.warn({ err }, 'client data refused by the database');
        return sendErrors(reply, format, 400, [{ code: 400, description: data.detail }]);
      }
      if (status === 500) req.log.error({ err }, 'open311 error');
      return sendErrors(reply, format, status === 500 ? 500 : 400, [
        { code: status === 500 ? 500 : 400, description: status === 500 ? 'Lỗi hệ thống.' : 'Yêu cầu không hợp lệ.' },
      ]);
    });

    const base = '/open311/v2';
    const tags = ['open311'];

    for (const format of ['json', 'xml'] as const) {
      o.get(
        `${base}/discovery.${format}`,
        {
          config: { access: 'public' },
          schema: {
            response: o311Ok([format], Open311Discovery, 'Tài liệu khám phá (discovery)'),
            tags,
            summary: `Open311 discovery (${format})`,
            querystring: Query,
          },
        },
        async (req, reply) => {
          const url = `${config.publicBaseUrl.replace(/\/$/, '')}${base}/`;
          return send(reply, format, 'discovery', {
            changeset: '2026-01-01T00:00:00+07:00',
            contact: 'Văn phòng UBND tỉnh — bộ phận tiếp nhận phản ánh, kiến nghị',
            key_service: 'Liên hệ quản trị hệ thống để được cấp api_key (bắt buộc khi gửi phản ánh).',
            endpoints: [
              {
                specification: 'http://wiki.open311.org/GeoReport_v2',
                url,
                changeset: '2026-01-01T00:00:00+07:00',
                type: 'production',
                formats: ['application/json', 'text/xml'],
              },
            ],
          });
        },
      );

      o.get(
        `${base}/services.${format}`,
        {
          config: { access: 'public' },
          schema: {
            response: o311Ok([format], Type.Array(Open311Service), 'Các dịch vụ (lĩnh vực phản ánh)'),
            tags,
            summary: `Open311: danh sách dịch vụ (lĩnh vực phản ánh) (${format})`,
            querystring: Query,
          },
        },
        async (req, reply) => {
          await checkJurisdiction(req);
          const cats = await feedback.listCategories({});
          return send(reply, format, 'services', [generalService(await officeName()), ...cats.map(toService)] as unknown as XmlValue);
        },
      );

      o.get(
        `${base}/requests.${format}`,
        {
          config: { access: 'public' },
          schema: {
            response: o311Ok([format], Type.Array(Open311Request), 'Các phản ánh'),
            tags,
            summary: `Open311: tìm phản ánh (${format})`,
            querystring: Query,
          },
        },
        async (req, reply) => {
          await checkJurisdiction(req);
          const q = req.query as { service_request_id?: string; service_code?: string; start_date?: string; end_date?: string; status?: string };
          const parseDate = (v: string | undefined, name: string): Date | undefined => {
            if (v === undefined) return undefined;
            const d = new Date(v);
            if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) throw o311(400, `"${name}" phải là ngày giờ ISO 8601 (w3c).`);
            return d;
          };
          const codes = csv(q.service_request_id);
          if (codes.length > 100) throw o311(400, 'Tối đa 100 service_request_id mỗi lần.');
          let start = parseDate(q.start_date, 'start_date');
          let end = parseDate(q.end_date, 'end_date');
          // The standard's default window: the last 90 days (unless ids are asked for).
          if (!codes.length && !start && !end) start = new Date(feedback.clock().getTime() - 90 * 86_400_000);
          if (start && end && start > end) throw o311(400, '"start_date" phải trước "end_date".');
          if (start && !end && codes.length === 0) end = undefined;
          let statuses: FeedbackStatus[] | undefined;
          if (q.status) {
            const s = csv(q.status);
            if (s.some((x) => x !== 'open' && x !== 'closed')) throw o311(400, '"status" chỉ nhận open hoặc closed.');
            statuses = [
              ...(s.includes('open') ? (['received', 'forwarded'] as const) : []),
              ...(s.includes('closed') ? (['answered', 'published', 'closed'] as const) : []),
            ];
          }
          const rows = await feedback.listOpen311({ codes, serviceCode: q.service_code, start, end, statuses, limit: 1000 });
          const n = await notice();
          return send(reply, format, 'service_requests', rows.map((f) => toRequest(f, vnIso, n)) as unknown as XmlValue);
        },
      );

      o.post(
        `${base}/requests.${format}`,
        {
          config: { access: 'public', limit: 'public_write' },
          preValidation: readMultipartForm,
          schema: {
            response: o311Ok([format], Type.Array(Open311Created), 'Mã phản ánh và token tra cứu'),
            tags,
            summary: `Open311: gửi phản ánh (cần api_key) (${format})`,
            description:
              'application/x-www-form-urlencoded (chuẩn GeoReport v2), multipart/form-data (các trường như biểu mẫu; ảnh JPEG/PNG trong trường tệp `media`) hoặc JSON. Tham số không thuộc chuẩn (ví dụ `locale`) được bỏ qua.',
            querystring: Query,
          },
        },
        async (req, reply) => {
          const body = normaliseBody(req.body);
          const q = req.query as { api_key?: string };
          const key = (typeof body.api_key === 'string' ? body.api_key : undefined) ?? q.api_key;
          if (!(await feedback.checkApiKey(key)))
            throw o311(403, key ? 'api_key không hợp lệ hoặc đã bị thu hồi.' : 'Thiếu api_key: cần khóa API để gửi phản ánh.');
          await checkJurisdiction(req);
          const parsed = parseSubmission(body);
          if ('errors' in parsed) throw new Open311Error(400, parsed.errors);
          const { record, token } = await feedback.submitOpen311({ ...contextOf(req), actor: null }, { ...parsed.value, media: media.get(req) ?? null });
          return send(reply, format, 'service_requests', [{ service_request_id: record.code, token, service_notice: await notice() }] as unknown as XmlValue);
        },
      );
    }

    o.get(
      `${base}/services/:file`,
      {
        config: { access: 'public' },
        schema: {
          response: o311Ok(['json', 'xml'], Open311ServiceDefinition, 'Định nghĩa dịch vụ'),
          tags,
          summary: 'Open311: định nghĩa dịch vụ (thuộc tính bổ sung), CODE.json hoặc CODE.xml',
          params: Type.Object({ file: Type.String({ maxLength: 200 }) }),
          querystring: Query,
        },
      },
      async (req, reply) => {
        const { name, format } = splitFile((req.params as { file: string }).file);
        await checkJurisdiction(req);
        if (name === 'PAKN') return send(reply, format, 'service_definition', serviceDefinition(name, []) as unknown as XmlValue);
        const c = await feedback.getCategoryByCode(name);
        if (!c || !c.active) throw o311(404, `Không có dịch vụ "${name}".`);
        return send(reply, format, 'service_definition', serviceDefinition(c.code, c.attributes) as unknown as XmlValue);
      },
    );

    o.get(
      `${base}/requests/:file`,
      {
        config: { access: 'public' },
        schema: {
          response: o311Ok(['json', 'xml'], Type.Array(Open311Request), 'Phản ánh (danh sách một phần tử, theo chuẩn)'),
          tags,
          summary: 'Open311: một phản ánh, ID.json hoặc ID.xml',
          params: Type.Object({ file: Type.String({ maxLength: 200 }) }),
          querystring: Query,
        },
      },
      async (req, reply) => {
        const { name, format } = splitFile((req.params as { file: string }).file);
        await checkJurisdiction(req);
        const f = await feedback.getByCode(name.toUpperCase());
        if (!f) throw o311(404, `Không có phản ánh "${name}".`);
        return send(reply, format, 'service_requests', [toRequest(f, vnIso, await notice())] as unknown as XmlValue);
      },
    );

    o.get(
      `${base}/tokens/:file`,
      {
        config: { access: 'public', limit: 'public_lookup' },
        schema: {
          response: o311Ok(['json', 'xml'], Type.Array(Open311Token), 'Mã phản ánh của token'),
          tags,
          summary: 'Open311: mã phản ánh theo token, TOKEN.json hoặc TOKEN.xml',
          params: Type.Object({ file: Type.String({ maxLength: 200 }) }),
          querystring: Query,
        },
      },
      async (req, reply) => {
        const { name, format } = splitFile((req.params as { file: string }).file);
        await checkJurisdiction(req);
        const f = /^[0-9a-f]{32}$/.test(name) ? await feedback.getByToken(name) : null;
        if (!f) throw o311(404, `Không có token "${name}".`);
        return send(reply, format, 'service_requests', [{ service_request_id: f.code, token: name }] as unknown as XmlValue);
      },
    );
  });
}

/** The photo of a multipart POST, kept beside the request until the handler runs. */
const media = new WeakMap<FastifyRequest, { fileName: string; contentType: string; data: Buffer }>();

/**
 * A multipart POST (phone apps sending a photo): its text fields become the body, exactly as a
 * form would give them (repeated names as lists); one file in the field `media` is the photo.
 */
async function readMultipartForm(req: FastifyRequest): Promise<void> {
  if (!req.isMultipart()) return;
  const body: Params = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'media') {
        await part.toBuffer();
        throw o311(400, `Trường tệp "${part.fieldname}" không được hỗ trợ; gửi ảnh trong trường "media".`);
      }
      media.set(req, { fileName: part.filename || 'anh', contentType: part.mimetype, data: await part.toBuffer() });
      continue;
    }
    const value = String(part.value);
    const prev = body[part.fieldname];
    body[part.fieldname] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  req.body = body;
}

/** A JSON body is accepted too: numbers become text, an `attribute` object becomes attribute[code]. */
function normaliseBody(body: unknown): Params {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw o311(400, 'Nội dung gửi lên phải là biểu mẫu (form) hoặc đối tượng JSON.');
  const out: Params = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === 'attribute' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [ak, av] of Object.entries(v as Record<string, unknown>)) {
        if (typeof av === 'string' || typeof av === 'number') out[`attribute[${ak}]`] = String(av);
        else if (Array.isArray(av) && av.every((x) => typeof x === 'string')) out[`attribute[${ak}][]`] = av as string[];
        else throw o311(400, `attribute[${ak}] không hợp lệ.`);
      }
      continue;
    }
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[k] = String(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
    else if (v === null) continue;
    else throw o311(400, `Tham số "${k}" phải là chuỗi hoặc số.`);
  }
  return out;
}
