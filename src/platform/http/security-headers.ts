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

/** What helmet's middleware does to a response, in order: headers set (name, value) and headers removed (name, null). */
export type HeaderOps = readonly (readonly [string, string | null])[];

/**
 * Runs helmet's middleware once against a recording response and returns what it did. Helmet's
 * headers depend only on its options (never on the request), so replaying this list is the same
 * as running the middleware — without its dozen nested middleware calls and closures per request.
 */
export function securityHeaderOps(https: boolean): HeaderOps {
  const ops: [string, string | null][] = [];
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      if (typeof value !== 'string') throw new Error(`security-headers: helmet set ${name} to a non-string value`);
      ops.push([name, value]);
    },
    removeHeader: (name: string) => void ops.push([name, null]),
  };
  let finished = false;
  helmet(securityHeaderOptions(https))({} as never, res as never, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  // helmet calls next() synchronously; if a version ever did not, replaying would be wrong.
  if (!finished) throw new Error('security-headers: helmet did not finish synchronously');
  return ops;
}

/**
 * Sets the security headers on every response: helmet's, computed once per variant (HTTPS and plain
 * HTTP) by securityHeaderOps and replayed on the raw response. (The @fastify/helmet plugin built a
 * new helmet middleware — parsing the CSP directives again — on every request, plus an async hook
 * for per-route options we do not use: about 4 % of the server's CPU per dossier transition in a
 * profile; running the prebuilt middleware still cost a dozen nested calls per request.) Whether a
 * request is HTTPS is `request.protocol`: the connection's own TLS, or — only when TRUST_PROXY is on
 * — the trusted proxy's `X-Forwarded-Proto`. Routes that need another policy set it on their reply
 * (the API docs at /docs do: @fastify/swagger-ui's static CSP), which wins over these.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const overHttps = securityHeaderOps(true);
  const overHttp = securityHeaderOps(false);
  app.addHook('onRequest', (request, reply, done) => {
    const res = reply.raw;
    for (const [name, value] of request.protocol === 'https' ? overHttps : overHttp) {
      if (value === null) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    done();
  });
}
