import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The security headers of every response (helmet's defaults, with our Content-Security-Policy). */
const SECURITY_HEADER_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
};

/**
 * Sets the security headers on every response with helmet's middleware, built once. (The
 * @fastify/helmet plugin builds a new helmet middleware — parsing the CSP directives again — on
 * every request, plus an async hook for per-route options we do not use: about 4 % of the server's
 * CPU per dossier transition in a profile.) Routes that need another policy set it on their reply
 * (the API docs at /docs do: @fastify/swagger-ui's static CSP), which wins over these.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const apply = helmet(SECURITY_HEADER_OPTIONS);
  app.addHook('onRequest', (request, reply, done) => {
    apply(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
}
