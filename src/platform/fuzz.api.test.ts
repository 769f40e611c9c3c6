/**
 * Fuzzing every operation of /openapi.json with malformed input (issue 16 §3): a NUL, lone UTF-16
 * surrogates, numbers beyond 64 bits (1e20, 1e308), impossible dates, wrong types, very long
 * strings and bidirectional overrides, in path parameters, query parameters, JSON bodies and
 * multipart text fields; each request with a staff token that may call the operation and again
 * anonymously. Nothing may answer 5xx, and nothing may be logged at error level.
 *
 * Deterministic (a fixed seed for the PRNG) and bounded: at most VARIANTS_PER_OPERATION variants per
 * operation, each sent twice (with a token, anonymously).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startTestApp, type TestApp } from '../test/harness.js';
import { prng } from './prng.js';
import { multipart } from '../test/multipart.js';

const SEED = 20261607;
const VARIANTS_PER_OPERATION = 14;
const USERS = ['admin', 'one_stop_officer', 'specialist', 'unit_leader', 'home_affairs', 'catalog_manager', 'provincial_office', 'citizen'] as const;
/** Operations that end the fuzzer's own session. */
const SKIP = new Set(['POST /api/v1/auth/logout']);

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  pattern?: string;
  default?: unknown;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };

/** Bad values for a JSON body field. */
const BAD_JSON: unknown[] = [
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  1e20,
  1e308,
  -1e20,
  '2026-02-30',
  '9999-99-99',
  'x'.repeat(20_000),
  '\u202Eadmin',
  'Nguy\u200Bễn',
  true,
  [],
  {},
  null,
  -1,
  0.5,
  '1e20',
];

/** Bad values for a query or path parameter, already URL-encoded. */
const BAD_URL: string[] = [
  'a%00b',
  '%00',
  '%ED%A0%80', // a lone surrogate encoded as UTF-8 (invalid)
  '%F0%90%80', // a truncated 4-byte sequence
  '1e20',
  '1e308',
  '-1e20',
  '99999999999999999999',
  '2026-02-30',
  '2026-13-01',
  'NaN',
  'Infinity',
  'x'.repeat(5_000),
  '%E2%80%AEadmin',
  'true',
  '-1',
];

const resolve = (s: Schema | undefined): Schema => (s?.anyOf?.[0] ?? s?.oneOf?.[0] ?? s ?? {}) as Schema;
const typeOf = (s: Schema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

/** A plausible valid value for a schema (so that one bad field at a time reaches deep into the handler). */
function sample(schema: Schema | undefined, depth = 0): unknown {
  const s = resolve(schema);
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  switch (typeOf(s)) {
    case 'integer':
    case 'number':
      return s.minimum !== undefined && s.minimum > 1 ? s.minimum : s.maximum !== undefined && s.maximum < 1 ? s.maximum : 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 3 ? [] : [sample(s.items, depth + 1)];
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 3) return out;
      for (const k of s.required ?? []) out[k] = sample(s.properties?.[k], depth + 1);
      return out;
    }
    default:
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'date') return '2026-01-15';
      if (s.format === 'date-time') return '2026-01-15T08:00:00.000Z';
      if (s.format === 'email') return 'a@example.vn';
      return 'abcdefgh';
  }
}

/** Every field path of an object schema (top level and one level down). */
function fieldPaths(schema: Schema | undefined): string[][] {
  const s = resolve(schema);
  const out: string[][] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    out.push([k]);
    const inner = resolve(v);
    if (typeOf(inner) === 'object') for (const k2 of Object.keys(inner.properties ?? {})) out.push([k, k2]);
    if (typeOf(inner) === 'array' && typeOf(resolve(inner.items)) === 'object')
      for (const k2 of Object.keys(resolve(inner.items).properties ?? {})) out.push([k, '0', k2]);
  }
  return out;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  let cur: Record<string, unknown> = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = /^\d+$/.test(path[i + 1]) ? [] : {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
  return copy;
}

/** A plan-import form: `fields` and a small TSV appendix. */
function planForm(fields: Record<string, string>): { payload: Buffer; contentType: string } {
  const m = multipart(
    { name: 'a.txt', data: Buffer.from('STT\tNội dung\tChủ trì\n1\tViệc\tSở Tư pháp'), type: 'text/plain' },
    fields,
    '----motcuafuzz' + 'x'.repeat(8),
  );
  return { payload: m.payload, contentType: m.headers['content-type'] };
}

interface Variant {
  what: string;
  url: string;
  body?: unknown;
  raw?: { payload: Buffer | string; contentType: string };
}

function variantsFor(path: string, method: string, op: Operation, rnd: ReturnType<typeof prng>): Variant[] {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const validPath: Record<string, string> = Object.fromEntries(pathParams.map((p) => [p.name, encodeURIComponent(String(sample(p.schema)))]));
  const validQuery: Record<string, string> = Object.fromEntries(
    queryParams.filter((p) => p.required).map((p) => [p.name, encodeURIComponent(String(sample(p.schema)))]),
  );
  const build = (pp: Record<string, string>, qq: Record<string, string>) => {
    const u = path.replace(/\{([^}]+)\}/g, (_, n: string) => pp[n] ?? 'x');
    const q = Object.entries(qq)
      .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
      .join('&');
    return q ? `${u}?${q}` : u;
  };
  const content = op.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  const multipartSchema = content['multipart/form-data']?.schema;
  const hasBody = method !== 'GET' && method !== 'DELETE' && method !== 'HEAD';
  const validBody = jsonSchema ? (sample(jsonSchema) as Record<string, unknown>) : undefined;
  const candidates: Variant[] = [];
  const withBody = (v: Variant): Variant => (v.body !== undefined || v.raw || !hasBody ? v : jsonSchema ? { ...v, body: validBody } : v);

  for (const p of pathParams)
    for (const bad of BAD_URL)
      candidates.push(withBody({ what: `path ${p.name}=${bad.slice(0, 20)}`, url: build({ ...validPath, [p.name]: bad }, validQuery) }));
  for (const p of queryParams)
    for (const bad of BAD_URL)
      candidates.push(withBody({ what: `query ${p.name}=${bad.slice(0, 20)}`, url: build(validPath, { ...validQuery, [p.name]: bad }) }));
  if (jsonSchema && hasBody) {
    for (const f of fieldPaths(jsonSchema))
      for (const bad of BAD_JSON)
        candidates.push({
          what: `body ${f.join('.')}=${JSON.stringify(bad)?.slice(0, 20)}`,
          url: build(validPath, validQuery),
          body: setPath(validBody ?? {}, f, bad),
        });
    for (const bad of ['a\u0000b', 1e308, [], 'x'.repeat(20_000)])
      candidates.push({ what: `body=${JSON.stringify(bad).slice(0, 20)}`, url: build(validPath, validQuery), body: bad });
  }
  if (multipartSchema && hasBody) {
    const fields = Object.keys(resolve(multipartSchema).properties ?? {}).filter((k) => k !== 'file');
    for (const f of fields)
      for (const bad of ['a\u0000b', '\ud800', '1e20', '1e308', '2026-02-30', '\u202Eadmin']) {
        candidates.push({ what: `multipart ${f}=${JSON.stringify(bad)}`, url: build(validPath, validQuery), raw: planForm({ [f]: bad }) });
      }
  }
  // Without any parameter the operation's own URL with a bad query string that nothing declares.
  candidates.push(withBody({ what: 'undeclared q', url: build(validPath, { ...validQuery, q: 'a%00b', offset: '1e20', limit: '1e308' }) }));
  if (candidates.length <= VARIANTS_PER_OPERATION) return candidates;
  // A deterministic sample, spread over the fields.
  const picked: Variant[] = [];
  const pool = [...candidates];
  while (picked.length < VARIANTS_PER_OPERATION && pool.length) picked.push(pool.splice(rnd.int(pool.length), 1)[0]);
  return picked;
}

let t: TestApp;
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

before(async () => {
  t = await startTestApp({ logStream });
});
after(async () => {
  await t.close();
});

test('no malformed input to any operation of /openapi.json gets a 5xx or an error-level log line', { timeout: 600_000 }, async () => {
  const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
  const tokens = await t.logins(USERS);
  const rnd = prng(SEED);
  const failures: string[] = [];
  let requests = 0;
  let operations = 0;
  const send = async (method: string, v: Variant, token: string | undefined) => {
    requests++;
    const r = await t.request({
      method,
      url: v.url,
      token,
      ...(v.raw ? { payload: v.raw.payload, headers: { 'content-type': v.raw.contentType } } : v.body !== undefined ? { body: v.body } : {}),
    });
    if (r.statusCode >= 500)
      failures.push(`${method} ${v.url.slice(0, 120)} [${v.what}] ${token ? 'staff' : 'anonymous'} → ${r.statusCode} ${r.body.slice(0, 300)}`);
    return r.statusCode;
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) || SKIP.has(`${method} ${path}`)) continue;
      operations++;
      const variants = variantsFor(path, method, op, rnd);
      // The first user allowed to call the operation (401/403 otherwise).
      let token: string | undefined;
      for (const u of USERS) {
        const status = await send(method, variants[0], tokens[u]);
        if (status !== 401 && status !== 403) {
          token = tokens[u];
          break;
        }
      }
      for (const v of variants) {
        await send(method, v, token ?? tokens.admin);
        await send(method, v, undefined);
      }
    }
  }
  const errorLines = logLines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
  console.log(`fuzz: ${operations} operations, ${requests} requests, ${failures.length} answered 5xx, ${errorLines.length} error log lines`);
  assert.ok(operations > 150, `only ${operations} operations found in /openapi.json`);
  assert.deepEqual(failures, []);
  assert.deepEqual(
    errorLines.map((l) => l.slice(0, 500)),
    [],
  );
});
