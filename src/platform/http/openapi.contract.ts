import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The contract check (issue 23): every response the server sends is checked against what
 * /openapi.json documents for that operation and status — the status is documented (an error
 * status may fall under `default`), the Content-Type is one the response documents, and a JSON
 * body is valid against its schema. The test harness turns it on for every test app
 * (src/test/harness.ts) and fails the test file on any violation, so every operation the suite
 * calls is checked with the real answers it gets.
 *
 * Fastify serialises a JSON response with the route's response schema (a property missing from the
 * schema is silently dropped): the check sees the body as sent, so it catches a required property
 * the handler does not return, a wrong type, a status or a Content-Type that is not documented.
 */
export interface ContractViolation {
  operation: string;
  status: number;
  problem: string;
}

type Json = Record<string, unknown>;
type Media = { schema?: Json };
type Response = { content?: Record<string, Media> };
type Operation = { responses?: Record<string, Response> };
type Doc = { paths: Record<string, Record<string, Operation>>; components?: Json };

const mediaType = (ct: unknown) =>
  String(ct ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
const isJson = (ct: string) => ct === 'application/json' || ct.endsWith('+json');

function mediaFor(content: Record<string, Media>, ct: string): Media | undefined {
  if (content[ct]) return content[ct];
  const [type] = ct.split('/');
  return content[`${type}/*`] ?? content['*/*'];
}

export class ContractChecker {
  readonly violations: ContractViolation[] = [];
  /** Operations ("GET /api/v1/x/{id} 200") whose responses were checked. */
  readonly checked = new Set<string>();
  private doc: Doc | null = null;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addFormat('byte', true);
  }

  /** Adds the onSend hook that checks each response (call before the routes are registered). */
  attach(app: FastifyInstance): void {
    app.addHook('onSend', async (req, reply, payload) => {
      const url = req.routeOptions.url;
      if (!url || req.method === 'HEAD' || req.method === 'OPTIONS') return payload;
      this.doc ??= (app as unknown as { swagger(): Doc }).swagger();
      const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const op = this.doc.paths[path]?.[req.method.toLowerCase()];
      if (!op) return payload; // not in the description (/docs, /openapi.json, the web app)
      this.check(`${req.method} ${path}`, reply.statusCode, reply.getHeader('content-type'), payload, op);
      return payload;
    });
  }

  private check(operation: string, status: number, contentType: unknown, payload: unknown, op: Operation): void {
    const fail = (problem: string): void => {
      this.violations.push({ operation, status, problem });
    };
    this.checked.add(`${operation} ${status}`);
    const responses = op.responses ?? {};
    const documented = responses[String(status)] ?? (status >= 400 ? responses.default : undefined);
    if (!documented) return fail(`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
    // A 204 or 304 carries no body: Node drops whatever the serialiser produced.
    const empty =
      status === 204 || status === 304 || payload === undefined || payload === null || payload === '' || (Buffer.isBuffer(payload) && payload.length === 0);
    if (!documented.content) {
      if (!empty) fail(`a body (${mediaType(contentType) || 'no Content-Type'}) is sent but none is documented`);
      return;
    }
    const ct = mediaType(contentType);
    if (empty && status === 204) return;
    const media = mediaFor(documented.content, ct);
    if (!media) return fail(`Content-Type ${ct || '(none)'} is not documented (documented: ${Object.keys(documented.content).join(', ')})`);
    if (!isJson(ct) || typeof payload !== 'string' || !media.schema) return;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      return fail('the body is not JSON');
    }
    const key = `${operation} ${status} ${ct}`;
    let validate = this.validators.get(key);
    if (!validate) {
      // The operation's schema with the document's components beside it, for its #/components refs.
      validate = this.ajv.compile({ ...media.schema, components: this.doc!.components ?? {} });
      this.validators.set(key, validate);
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
      fail(`the body does not match the documented schema: ${errors.join('; ')}`);
    }
  }

  /** A readable list of the violations (empty string when there are none). */
  report(): string {
    const seen = new Map<string, number>();
    for (const v of this.violations) {
      const line = `${v.operation} → ${v.status}: ${v.problem}`;
      seen.set(line, (seen.get(line) ?? 0) + 1);
    }
    return [...seen].map(([line, n]) => (n > 1 ? `${line} (×${n})` : line)).join('\n');
  }
}
