import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, apiUrl, createApiClient, idempotency, multipart } from './client';
import { createIntent, newIdempotencyKey } from './mutation';
import { shouldRetry } from './queryClient';
import { oneOf } from './values';

/** A client over a fake server: records the requests, answers with `answer`. */
function fake(answer: (req: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  let unauthorized = 0;
  const api = createApiClient({
    baseUrl: 'http://motcua.test',
    fetch: async (input) => {
      const req = input as Request;
      seen.push(req);
      return answer(req);
    },
    onUnauthorized: () => void unauthorized++,
  });
  return { ...api, seen, unauthorized: () => unauthorized };
}

const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

test('a problem+json answer becomes one ApiError with the code and the Vietnamese detail', async () => {
  const f = fake(() =>
    json(
      409,
      { type: 'about:blank', title: 'Conflict', status: 409, code: 'DOSSIER_VERSION', detail: 'Hồ sơ đã được người khác cập nhật.' },
      'application/problem+json',
    ),
  );
  const err = await f.request('/api/v1/dossiers/x/actions', { method: 'POST', body: { type: 'review' } }).then(
    () => assert.fail('no error'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 409);
  assert.equal(err.code, 'DOSSIER_VERSION');
  assert.equal(err.detail, 'Hồ sơ đã được người khác cập nhật.');
  assert.equal(err.message, 'Hồ sơ đã được người khác cập nhật.');
  assert.equal(f.unauthorized(), 0);
});

test('a failure without a JSON body keeps its status, with no detail', async () => {
  const f = fake(() => new Response('<html>Bad gateway</html>', { status: 502 }));
  const err = await f.request('/api/health').catch((e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 502);
  assert.equal(err.detail, null);
  assert.equal(err.code, null);
  assert.equal(err.message, 'HTTP 502');
});

test('no answer at all is an ApiError of status 0; an abort stays an abort', async () => {
  const down = fake(() => Promise.reject(new TypeError('Failed to fetch')));
  const err = await down.request('/api/v1/meta').catch((e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 0);
  const aborted = fake(() => Promise.reject(new DOMException('aborted', 'AbortError')));
  const abort = await aborted.request('/api/v1/meta').catch((e: unknown) => e);
  assert.ok(abort instanceof DOMException);
  assert.equal(abort.name, 'AbortError');
});

test('a 401 is announced, unless the call is quiet (login, session probe, devices)', async () => {
  const f = fake(() => json(401, { status: 401, code: 'UNAUTHENTICATED', detail: 'Phiên đăng nhập đã hết hạn.' }));
  await assert.rejects(f.request('/api/v1/dossiers'), ApiError);
  assert.equal(f.unauthorized(), 1);
  await assert.rejects(f.request('/api/v1/auth/me', { quiet401: true }), ApiError);
  assert.equal(f.unauthorized(), 1);
});

test('every request carries the CSRF header and the session cookie; JSON and multipart bodies; the idempotency key', async () => {
  const f = fake(() => json(200, { ok: true }));
  await f.request('/api/v1/dossiers', { method: 'POST', body: { a: 1 }, idempotencyKey: 'k-12345678', query: { q: '', limit: 5, x: undefined } });
  const [req] = f.seen;
  assert.equal(req.method, 'POST');
  assert.equal(req.url, 'http://motcua.test/api/v1/dossiers?limit=5');
  assert.equal(req.headers.get('x-requested-with'), 'motcua');
  assert.equal(req.headers.get('idempotency-key'), 'k-12345678');
  assert.equal(req.headers.get('content-type'), 'application/json');
  assert.equal(req.credentials, 'same-origin');
  assert.deepEqual(await req.json(), { a: 1 });

  const form = new FormData();
  form.append('file', new Blob(['x']), 'a.pdf');
  await f.request('/api/v1/task-files', { method: 'POST', body: form });
  assert.match(f.seen[1].headers.get('content-type') ?? '', /^multipart\/form-data; boundary=/);
  assert.equal(f.seen[1].headers.get('x-requested-with'), 'motcua');
});

test('an empty or bodiless success reads as null (204: undefined)', async () => {
  assert.equal(await fake(() => new Response(null, { status: 204 })).request('/x', { method: 'DELETE' }), undefined);
  assert.equal(await fake(() => new Response('', { status: 200 })).request('/x'), null);
  assert.deepEqual(await fake(() => json(200, { items: [] })).request('/x'), { items: [] });
});

test('the typed client: call() returns the success body and throws the same ApiError', async () => {
  const ok = fake(() => json(200, { status: 'ok' }));
  const body = await ok.call(ok.client.GET('/api/health'));
  assert.deepEqual(body, { status: 'ok' });
  const bad = fake(() => json(404, { status: 404, code: 'NOT_FOUND', detail: 'Không tìm thấy.' }));
  const err = await bad.call(bad.client.GET('/api/v1/procedures/{code}', { params: { path: { code: 'x' } } })).catch((e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.code, 'NOT_FOUND');
  assert.equal(bad.seen[0].url, 'http://motcua.test/api/v1/procedures/x');
});

test('typed calls: path parameters encoded, query without empty values, JSON body, the Idempotency-Key header parameter', async () => {
  const f = fake(() => json(201, { id: 'd1' }));
  const applicant = { kind: 'citizen', name: 'Nguyễn Văn A', idNumber: '001090000001', phone: null, email: null, address: null } as const;
  await f.POST('/api/v1/dossiers', { params: { header: idempotency('k-1') }, body: { procedureCode: 'P1', channel: 'counter', applicant } });
  const [post] = f.seen;
  assert.equal(post.method, 'POST');
  assert.equal(post.url, 'http://motcua.test/api/v1/dossiers');
  assert.equal(post.headers.get('idempotency-key'), 'k-1');
  assert.equal(post.headers.get('x-requested-with'), 'motcua');
  assert.equal(post.headers.get('content-type'), 'application/json');
  assert.equal(post.credentials, 'same-origin');
  assert.deepEqual(await post.json(), { procedureCode: 'P1', channel: 'counter', applicant });

  await f.GET('/api/v1/procedures/{code}', { params: { path: { code: '1.00 /x?' } } });
  assert.equal(f.seen[1].url, 'http://motcua.test/api/v1/procedures/1.00%20%2Fx%3F');
  await f.GET('/api/v1/procedures', { params: { query: { q: '', field: undefined, limit: 5, offset: 0 } } });
  assert.equal(f.seen[2].url, 'http://motcua.test/api/v1/procedures?limit=5&offset=0');
  assert.equal(f.seen[2].headers.get('idempotency-key'), null);
});

test('typed calls: a multipart upload on a typed path, with its path and query parameters', async () => {
  const f = fake(() => json(201, { id: 'f1' }));
  const form = new FormData();
  form.append('file', new Blob(['%PDF']), 'a.pdf');
  await f.POST('/api/v1/dossiers/{id}/files', { params: { path: { id: 'd 1' }, query: { componentIndex: 2, kind: undefined } }, ...multipart(form) });
  const [req] = f.seen;
  assert.equal(req.url, 'http://motcua.test/api/v1/dossiers/d%201/files?componentIndex=2');
  assert.match(req.headers.get('content-type') ?? '', /^multipart\/form-data; boundary=/);
  assert.equal(req.headers.get('x-requested-with'), 'motcua');
  const sent = await req.formData();
  assert.equal((sent.get('file') as File).name, 'a.pdf');
});

test('typed calls: 204 and an empty body read as undefined; quiet401 (not sent) keeps a 401 quiet; a signal aborts', async () => {
  const none = fake(() => new Response(null, { status: 204 }));
  assert.equal(await none.DELETE('/api/v1/citizens/me/drafts/{id}', { params: { path: { id: 'x' } } }), undefined);
  assert.equal(none.seen[0].method, 'DELETE');
  const empty = fake(() => new Response('', { status: 200, headers: { 'content-length': '0' } }));
  assert.equal(await empty.POST('/api/v1/auth/logout'), undefined);

  const f = fake(() => json(401, { status: 401, code: 'UNAUTHENTICATED', detail: 'Phiên đăng nhập đã hết hạn.' }));
  await assert.rejects(f.GET('/api/v1/auth/me', { quiet401: true }), (e: unknown) => e instanceof ApiError && e.code === 'UNAUTHENTICATED');
  assert.equal(f.unauthorized(), 0);
  await assert.rejects(f.GET('/api/v1/auth/me'), ApiError);
  assert.equal(f.unauthorized(), 1);

  const ctl = new AbortController();
  const slow = fake(
    (req) => new Promise<Response>((_, reject) => req.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
  );
  const pending = slow.GET('/api/v1/meta', { signal: ctl.signal }).catch((e: unknown) => e);
  ctl.abort();
  const err = await pending;
  assert.ok(err instanceof DOMException && err.name === 'AbortError');
});

test('apiUrl: a GET template of the description with its parameters filled in, for plain links', () => {
  assert.equal(apiUrl('/api/v1/plans/{id}/export.xlsx', { path: { id: 'a/b c' } }), '/api/v1/plans/a%2Fb%20c/export.xlsx');
  assert.equal(apiUrl('/api/v1/catalog/export', { query: { format: 'xlsx' } }), '/api/v1/catalog/export?format=xlsx');
  assert.equal(apiUrl('/api/v1/feedback/export.xlsx', { query: { status: undefined, q: '', overdue: true } }), '/api/v1/feedback/export.xlsx?overdue=true');
  assert.equal(apiUrl('/api/v1/privacy/processing-activities/export'), '/api/v1/privacy/processing-activities/export');
  assert.equal(apiUrl('/api/v1/dossiers/{id}/documents/{kind}', { path: { id: 'd1', kind: 'receipt' } }), '/api/v1/dossiers/d1/documents/receipt');
});

test('oneOf narrows a plain string filter to the enum, anything else to "any"', () => {
  const levels = ['province', 'district', 'commune'] as const;
  assert.equal(oneOf(levels, 'district'), 'district');
  assert.equal(oneOf(levels, 'x'), undefined);
  assert.equal(oneOf(levels, ''), undefined);
  assert.equal(oneOf(levels, null), undefined);
});

test('one key per user intent: kept across retries, new only when the page starts a new intent', () => {
  let n = 0;
  const intent = createIntent(() => `key-${++n}`);
  const first = intent.key;
  assert.equal(intent.key, first, 'a retry of the intent sends the same key');
  assert.equal(intent.key, first);
  intent.renew();
  assert.notEqual(intent.key, first);
  assert.equal(intent.key, 'key-2');
  // Two components (two dialogs) are two intents.
  assert.notEqual(createIntent().key, createIntent().key);
  assert.match(newIdempotencyKey(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('reads are retried on no answer and on 5xx, at most twice, never on 4xx', () => {
  assert.equal(shouldRetry(0, new ApiError(0, null, 'network error')), true);
  assert.equal(shouldRetry(1, new ApiError(503, null, 'HTTP 503')), true);
  assert.equal(shouldRetry(2, new ApiError(503, null, 'HTTP 503')), false);
  assert.equal(shouldRetry(0, new ApiError(404, null, 'HTTP 404')), false);
  assert.equal(shouldRetry(0, new ApiError(409, null, 'HTTP 409')), false);
  assert.equal(shouldRetry(0, new Error('boom')), false);
});
