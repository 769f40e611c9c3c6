import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The security headers of every response (helmet's defaults, with our Content-Security-Policy).
 * Over HTTPS: with HSTS and `upgrade-insecure-requests`. Over plain HTTP neither is sent: HSTS is
 * ignored there by browsers anyway (RFC 6797 §8.1), and `upgrade-insecure-requests` would make a
 * browser fetch the page's assets over an HTTPS that a plain-HTTP installation does not have.
 */
export function securityHeaderOptions(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: { directives: { ...CSP_DIRECTIVES, upgradeInsecureRequests: https ? [] : null } },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: https,
  };
}

/**
 * Sets the security headers on every response with helmet's middleware, built once per variant
 * (HTTPS and plain HTTP). (The @fastify/helmet plugin builds a new helmet middleware — parsing the
 * CSP directives again — on every request, plus an async hook for per-route options we do not
 * use: about 4 % of the server's CPU per dossier transition in a profile.) Whether a request is
 * HTTPS is `request.protocol`: the connection's own TLS, or — only when TRUST_PROXY is on — the
 * trusted proxy's `X-Forwarded-Proto`. Routes that need another policy set it on their reply (the
 * API docs at /docs do: @fastify/swagger-ui's static CSP), which wins over these.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const overHttps = helmet(securityHeaderOptions(true));
  const overHttp = helmet(securityHeaderOptions(false));
  app.addHook('onRequest', (request, reply, done) => {
    const apply = request.protocol === 'https' ? overHttps : overHttp;
    apply(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
}
