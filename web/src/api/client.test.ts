import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, createApiClient } from './client';
import { createIntent, newIdempotencyKey } from './mutation';
import { shouldRetry } from './queryClient';

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
