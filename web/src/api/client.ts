/**
 * The web app's one API client (issue 24 §7): openapi-fetch over the types generated from the
 * server's OpenAPI description (schema.d.ts), with the project's behaviours in one place:
 *  - same-origin cookie session, JSON in and out (FormData bodies go as multipart);
 *  - the CSRF header on every request (the server refuses a cookie-authenticated change without it);
 *  - an RFC 9457 problem (or no answer at all) becomes one `ApiError` with `status`, `code` and the
 *    server's Vietnamese `detail`;
 *  - a 401 is announced on `window` (UNAUTHORIZED_EVENT) unless the call is `quiet401`;
 *  - an optional Idempotency-Key header (see mutation.ts for the key's lifetime).
 *
 * Pages call it through their area's `*Api.ts`, always on a path template of the description, with
 * the verbs below (GET, POST, PUT, PATCH, DELETE): path, method, path/query/header parameters and
 * the JSON body are checked by `tsc` (an unknown property too), and the answer is typed:
 *   `GET('/api/v1/procedures/{code}', { params: { path: { code } }, signal })`
 *   `POST('/api/v1/dossiers', { params: { header: idempotency(key) }, body })`
 *   `POST('/api/v1/task-files', multipart(form))`  (the description documents no multipart bodies)
 *   `GET('/api/v1/auth/me', { quiet401: true })`
 * `apiUrl(template, { path, query })` builds a download link from a GET template. client.typecheck.ts
 * keeps the refused mistakes refused. The untyped `request<T>(path, opts)` of a client is not exported
 * by the app: only `deviceRequest`, the paired devices' call (no session, their token header), uses it.
 */
import createClient, { type FetchOptions, type FetchResponse } from 'openapi-fetch';
import type { paths } from './schema';

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  [k: string]: unknown;
}

/** A failed call: an HTTP problem from the server, or (status 0) no answer at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
  /** The server's Vietnamese `detail`, if there was one. */
  get detail(): string | null {
    return typeof this.problem?.detail === 'string' && this.problem.detail ? this.problem.detail : null;
  }
  get code(): string | null {
    return typeof this.problem?.code === 'string' ? this.problem.code : null;
  }
}

/** Fired on `window` when an authenticated call answers 401 (session ended or expired). */
export const UNAUTHORIZED_EVENT = 'motcua:unauthorized';

/**
 * Sent with every request of the app: the server refuses a data-changing request authenticated by
 * the session cookie without it (CSRF defence; a page of another site cannot add a custom header).
 */
export const CSRF_HEADERS = { 'x-requested-with': 'motcua' } as const;

const ACCEPT = 'application/json, application/problem+json';

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x`, leaving out undefined, null and empty values (the server reads a missing filter as "any"). */
export function queryString(query?: Query): string {
  if (!query) return '';
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}

export function withQuery(path: string, query?: Query): string {
  return path + queryString(query);
}

/** The body of a failed answer as a problem (null when it was not a JSON object). */
export function toProblem(status: number, body: unknown): Problem | null {
  return body && typeof body === 'object' ? ({ status, ...(body as object) } as Problem) : null;
}

export function toApiError(status: number, body: unknown): ApiError {
  const problem = toProblem(status, body);
  return new ApiError(status, problem, problem?.detail ?? `HTTP ${status}`);
}

const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

/** What a call adds to the plain fetch options. */
export interface CallOptions {
  /** Do not announce a 401 globally (login, session probing, paired devices). */
  quiet401?: boolean;
}

export interface RequestOptions extends CallOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  /** A JSON value, or FormData for a multipart upload. */
  body?: unknown;
  signal?: AbortSignal;
  /** The Idempotency-Key of the user intent this call carries out (mutation.ts). */
  idempotencyKey?: string;
  /** Extra headers (a paired device's token). */
  headers?: Record<string, string>;
  /** 'omit' for the paired devices, which send no session. */
  credentials?: RequestCredentials;
}

interface ClientSettings {
  /** '' in the browser (same origin); an absolute origin in the unit tests. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  onUnauthorized?: () => void;
}

type Outcome = { data?: unknown; error?: unknown; response: Response };
type DataOf<R> = R extends { data: infer D } ? Exclude<D, undefined> : never;

/** Builds the client; the app uses the one instance below, the unit tests their own. */
export function createApiClient(settings: ClientSettings = {}) {
  const baseFetch = settings.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const onUnauthorized = settings.onUnauthorized ?? (() => window.dispatchEvent(new Event(UNAUTHORIZED_EVENT)));

  /** No answer at all (offline, server down) is an ApiError of status 0; an abort stays an abort. */
  const guardedFetch = async (input: Request): Promise<Response> => {
    try {
      return await baseFetch(input);
    } catch (err) {
      if (isAbort(err)) throw err;
      throw new ApiError(0, null, 'network error');
    }
  };

  const client = createClient<paths>({
    baseUrl: settings.baseUrl ?? '',
    fetch: guardedFetch,
    credentials: 'same-origin',
    headers: { accept: ACCEPT, ...CSRF_HEADERS },
    querySerializer: (q) => queryString(q as Query),
  });

  /** The success body of a call, or its failure as an ApiError (a 401 announced unless quiet). */
  async function call<R extends Outcome>(pending: Promise<R>, opts: CallOptions = {}): Promise<DataOf<R>> {
    const { data, error, response } = await pending;
    if (response.ok) return (response.status === 204 ? undefined : data) as DataOf<R>;
    if (response.status === 401 && !opts.quiet401) onUnauthorized();
    throw toApiError(response.status, error);
  }

  /** A call on a path built by hand; the caller names the answer's type (an `ApiOk` alias). */
  function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    // The path is not one of the description's templates, so the typed overloads do not apply.
    const untyped = client as unknown as { request: (method: string, url: string, init: object) => Promise<Outcome> };
    return call(
      untyped
        .request((opts.method ?? 'GET').toLowerCase(), withQuery(path, opts.query), {
          body: opts.body,
          headers,
          signal: opts.signal,
          ...(opts.credentials ? { credentials: opts.credentials } : {}),
          // Read as text and parsed here: an empty or non-JSON body is null, as the server's few
          // bodiless answers have always been read.
          parseAs: 'text',
        })
        .then((r) => ({ ...r, data: parseJson(r.data) })),
      opts,
    ) as Promise<T>;
  }

  /**
   * One typed verb: `GET('/api/v1/procedures/{code}', { params: { path: { code } }, signal })`
   * returns the success body or throws the ApiError. Unlike openapi-fetch's own methods (whose init
   * is a type parameter, so any extra property passes), the init here is the operation's exact
   * options type: a misspelt or unknown query parameter or body property is a `tsc` error too.
   */
  function verb<M extends Verb>(method: M) {
    return <P extends PathOf<M>>(path: P, ...init: InitArgs<P, M>): Promise<Data<P, M>> => {
      const { quiet401, ...rest } = (init[0] ?? {}) as CallOptions & object;
      const untyped = client.request as unknown as (m: string, url: string, init: object) => Promise<Outcome>;
      return call(untyped(method, path, rest), { quiet401 }) as Promise<Data<P, M>>;
    };
  }

  return { client, call, request, GET: verb('get'), POST: verb('post'), PUT: verb('put'), PATCH: verb('patch'), DELETE: verb('delete') };
}

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The description's path templates that have the method. */
type PathOf<M extends Verb> = { [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never }[keyof paths];
type OpOf<P extends keyof paths, M extends Verb> = NonNullable<paths[P][M]>;
/** The operation's options (params, body, signal, …) and the client's own (quiet401). */
type InitOf<P extends keyof paths, M extends Verb> = FetchOptions<OpOf<P, M>> & CallOptions;
/** The options are required when the operation has a required parameter or body. */
type InitArgs<P extends keyof paths, M extends Verb> = object extends InitOf<P, M> ? [init?: InitOf<P, M>] : [init: InitOf<P, M>];
/** The success body (JSON) of the operation; undefined for a 204. */
type Data<P extends keyof paths, M extends Verb> = DataOf<FetchResponse<OpOf<P, M>, object, `${string}/${string}`>>;

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || !text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The body of a multipart upload on a typed path. The description documents no multipart request
 * bodies (the routes read the parts themselves), so the FormData goes where the typed body would;
 * openapi-fetch sends a FormData as it is, and the browser sets the multipart content type.
 */
export function multipart(form: FormData): { body: never } {
  return { body: form as never };
}

/** The Idempotency-Key header parameter of the routes that take one (api/mutation.ts). */
export function idempotency(key: string): { 'idempotency-key': string } {
  return { 'idempotency-key': key };
}

type GetPath = { [P in keyof paths]: paths[P] extends { get: object } ? P : never }[keyof paths];
type GetParams<P extends GetPath> = paths[P]['get'] extends { parameters: infer X } ? X : never;
type UrlParams<P extends GetPath> = (GetParams<P> extends { path: infer X } ? { path: X } : { path?: undefined }) &
  (GetParams<P> extends { query?: infer Q } ? { query?: Q } : { query?: undefined });

/**
 * The URL of a plain link to a GET route of the description (a download the browser opens itself,
 * the session cookie authenticating it): the template's `{…}` filled in, the query as `queryString`.
 */
export function apiUrl<P extends GetPath>(path: P, ...params: GetParams<P> extends { path: object } ? [UrlParams<P>] : [UrlParams<P>?]): string {
  const { path: values, query } = (params[0] ?? {}) as { path?: Record<string, string | number>; query?: Query };
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(values?.[name] ?? '')));
  return withQuery(filled, query);
}

const app = createApiClient();

/** The typed openapi-fetch client: `call(client.GET('/api/v1/…', { params }))`. */
export const client = app.client;
export const call = app.call;
/**
 * A paired device's call (frontoffice/foApi.ts deviceCall, which checks the path against the
 * description): the device's token in x-device-token, no session (credentials omitted), so a 401 is
 * the device's pairing, not a user's sign-in, and is not announced.
 */
export function deviceRequest<T>(path: string, opts: { method?: 'GET' | 'POST'; body?: unknown; idempotencyKey?: string; token: string | null }): Promise<T> {
  return app.request<T>(path, {
    method: opts.method,
    body: opts.body,
    idempotencyKey: opts.idempotencyKey,
    headers: opts.token ? { 'x-device-token': opts.token } : {},
    credentials: 'omit',
    quiet401: true,
  });
}
export const { GET, POST, PUT, PATCH, DELETE } = app;
