import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type onRequestHookHandler } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.js';
import { fromRoot } from '../paths.js';
import { registerSecurityHeaders } from './security-headers.js';
import { installDrain } from './drain.js';
import type { RequestContext } from '../context.js';
import { AppError, toProblem } from '../errors.js';
import { SESSION_COOKIE, type AuthService } from '../auth/auth.service.js';
import { checkAccess, credentialFrom, csrfRequired, enforceAccessDeclarations, lacksCsrfHeader, type Access } from './access.js';
import { validationProblem, validatorCompiler } from './validation.js';
import { lazySerializerFactory } from './lazy-schemas.js';
import { isAssetPath, registerCompression, registerWebAssets } from './web-assets.js';
import { registerRateLimits, type AbuseGuards } from './rate-limit.js';
import { clientDataProblem, registerInputGuard } from './input-guard.js';
import { openApiOptions, openApiUiOptions } from './openapi.js';
import type { ContractChecker } from './openapi.contract.js';

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{8,128}$/;
export const webDist = fromRoot('web/dist');

export function contextOf(req: { actor: RequestContext['actor']; id: string; ip: string }): RequestContext {
  return { actor: req.actor, requestId: req.id, ip: req.ip ?? null };
}

export interface HttpServerOptions {
  logger?: boolean;
  /** The built web app's folder (tests); web/dist by default. */
  webDist?: string;
  /** Log (level info and above) to this stream instead: tests read what the server logs. */
  logStream?: NodeJS.WritableStream;
  /** Checks every response against /openapi.json (tests: src/test/harness.ts; openapi.contract.ts). */
  contract?: ContractChecker;
}

/**
 * One access-log line per request, written when it completes (with the request's method, URL and
 * client as well as the status and time), instead of Fastify's two ("incoming request" and
 * "request completed"): half the logging work at the default level (issue 25).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/**
 * The onRequest hook of one route: the caller's session (only when the request carries a token:
 * an anonymous request costs no lookup and no promise), then the route's access rule.
 */
function accessHook(auth: AuthService, access: Access | undefined, url: string, readOnlyMayCall: boolean | undefined): onRequestHookHandler {
  const check = (req: FastifyRequest) => {
    if (access !== undefined) checkAccess(access, req.actor, { method: req.method, url, readOnlyMayCall });
  };
  return (req, _reply, done) => {
    const credential = credentialFrom(req, SESSION_COOKIE);
    try {
      if (credential?.viaCookie && lacksCsrfHeader(req)) {
        // A cookie session on a data-changing request without the CSRF header (access.ts): refused
        // where the route needs a login; on a public route the request goes on as anonymous, so a
        // forged request gains nothing (and a login with an old cookie still works).
        if (access !== undefined && access !== 'public') throw csrfRequired();
      } else if (credential) {
        auth.authenticate(credential.token).then((actor) => {
          req.actor = actor;
          try {
            check(req);
          } catch (err) {
            return done(err as Error);
          }
          done();
        }, done);
        return;
      }
      check(req);
    } catch (err) {
      return done(err as Error);
    }
    done();
  };
}

/** The HTTP shell shared by every module: errors, validation, auth, access, OpenAPI, static web. */
export async function createHttpServer(config: Config, auth: AuthService, opts: HttpServerOptions & { abuse: AbuseGuards }): Promise<App> {
  const dist = opts.webDist ?? webDist;
  const redact = ['req.headers.authorization', 'req.headers.cookie'];
  const app = Fastify({
    logger: opts.logStream ? { level: 'info', redact, stream: opts.logStream } : opts.logger === false ? false : { level: config.logLevel, redact },
    bodyLimit: config.bodyLimitBytes,
    logController: new OneLinePerRequest(),
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID_RE.test(h) ? h : randomUUID();
    },
    // Only the configured reverse proxies may name the client (X-Forwarded-For); see docs/operations.md.
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    return503OnClosing: false, // drain.ts answers 503 with Retry-After while shutting down
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
    // Response serializers built on first use (lazy-schemas.ts); validators likewise (validation.ts).
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory as never } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  opts.contract?.attach(app);
  enforceAccessDeclarations(app);
  app.decorateRequest('actor', null);
  registerInputGuard(app);

  registerSecurityHeaders(app);
  installDrain(app);
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  // Who is calling and whether they may: a hook of each route (added before the rate limits', so it
  // runs first), built with the route's access rule in hand rather than reading it per request.
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: Access; readOnlyMayCall?: boolean } | undefined;
    const hook = accessHook(auth, config?.access, route.url, config?.readOnlyMayCall);
    route.onRequest = route.onRequest === undefined ? [hook] : [...[route.onRequest].flat(), hook];
  });
  await registerCompression(app);
  await registerRateLimits(app, config, opts.abuse);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });

  await app.register(swagger, openApiOptions(config));
  await app.register(swaggerUi, openApiUiOptions);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    let problem: AppError;
    if (err instanceof AppError) problem = err;
    else if ((err as FastifyError).validation) problem = validationProblem((err as FastifyError).validation as never, (err as FastifyError).validationContext);
    else {
      const code = (err as FastifyError).code;
      const status = (err as FastifyError).statusCode ?? 500;
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        problem = new AppError(400, 'body_too_large', `Nội dung gửi lên vượt quá giới hạn ${config.bodyLimitBytes} byte.`);
      else if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError)
        problem = new AppError(400, 'invalid_json', 'Nội dung gửi lên không phải JSON hợp lệ.');
      else if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') problem = new AppError(400, 'empty_body', 'Yêu cầu thiếu nội dung JSON.');
      else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
        problem = new AppError(415, 'unsupported_media_type', 'Kiểu nội dung (Content-Type) không được hỗ trợ.');
      else if (status >= 400 && status < 500) problem = new AppError(status, 'bad_request', err.message);
      else if (clientDataProblem(err)) {
        // A value that slipped past validation and was refused by PostgreSQL: the client's error.
        req.log.warn({ err }, 'client data refused by the database');
        problem = clientDataProblem(err)!;
      } else {
        req.log.error({ err }, 'unhandled error');
        problem = new AppError(500, 'internal_error', 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau hoặc liên hệ quản trị viên (mã yêu cầu ' + req.id + ').');
      }
    }
    if (problem.status === 429 && typeof problem.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(problem.extra.retryAfterSeconds));
    reply
      .status(problem.status)
      .type('application/problem+json')
      .send(toProblem(problem, req.id, req.url.split('?')[0]));
  });

  const hasWeb = await registerWebAssets(app, dist, { production: config.production });
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url.startsWith('/open311/');
    if (!isApi && !isAssetPath(req.url) && req.method === 'GET' && hasWeb) {
      return reply.type('text/html').sendFile('index.html');
    }
    const p = new AppError(404, 'not_found', `Không tìm thấy đường dẫn ${req.method} ${req.url.split('?')[0]}.`);
    return reply.status(404).type('application/problem+json').send(toProblem(p, req.id));
  });

  return app;
}
