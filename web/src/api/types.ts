/**
 * The web app's wire types, as aliases of the types generated from the server's OpenAPI
 * description (schema.d.ts, `npm run gen:api`; issue 23). A page names what it reads with
 * `ApiOk<'/api/v1/…', 'get'>` (the success body) or `ApiBody<…>` (the JSON request body) instead of
 * copying the server's shapes by hand; a change of a route's schema then shows up in `tsc`.
 */
import type { paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type OkOf<Rs> = Rs extends { 200: infer R } ? R : Rs extends { 201: infer R } ? R : never;

/** The JSON body of an operation's success response (200, else 201). */
export type ApiOk<P extends keyof paths, M extends Method = 'get'> = Op<P, M> extends { responses: infer Rs } ? JsonOf<OkOf<Rs>> : never;

/** The JSON request body of an operation. */
export type ApiBody<P extends keyof paths, M extends Method> = Op<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** The query parameters of an operation. */
export type ApiQuery<P extends keyof paths, M extends Method = 'get'> = Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The path parameters of an operation. */
export type ApiPath<P extends keyof paths, M extends Method = 'get'> = Op<P, M> extends { parameters: { path?: infer Q } } ? NonNullable<Q> : never;

/** A path template of the description ('/api/v1/procedures/{code}'). */
export type ApiPathTemplate = keyof paths;

/** The element type of an array type. */
export type Item<A> = A extends readonly (infer T)[] ? T : never;

/**
 * A type without its index signature: an object schema the server leaves open (`additionalProperties`)
 * is generated as `{ …known } & { [key: string]: unknown }`; this keeps the known properties only, so
 * a misspelt property is still an error.
 */
export type Known<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
