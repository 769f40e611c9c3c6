import type { FastifyInstance } from 'fastify';
import { TITLES } from '../errors.js';

/**
 * Graceful shutdown without reset connections.
 *
 * Closing a listening socket makes the kernel reset every connection still waiting in its accept
 * queue, and under load that queue holds many (SIGTERM under load once reset 121 of 300 queued
 * requests). So a shutdown first *drains*: the server keeps accepting, answers every new request
 * 503 `shutting_down` with `Retry-After` and `Connection: close` (a load balancer or client retries
 * elsewhere), lets in-flight requests finish normally, and closes the listener only once a quiet
 * period has passed without a new connection — checked after the event loop has polled for
 * connections, so a busy loop never mistakes unaccepted connections for quiet. Then Fastify closes
 * (waits for in-flight requests, closes idle keep-alive connections), then workers and database.
 */
export interface Drain {
  readonly draining: boolean;
  /** From now on new requests are answered 503 with Retry-After. */
  start(): void;
  /** Resolves once no connection has arrived for quietMs (or after maxMs in all). */
  quiet(opts: { quietMs: number; maxMs: number }): Promise<void>;
}

const drains = new WeakMap<FastifyInstance, Drain>();

export const RETRY_AFTER_SECONDS = 5;

/** Called once by createHttpServer. */
export function installDrain(app: FastifyInstance): void {
  let draining = false;
  let connections = 0;
  app.server.on('connection', () => {
    connections++;
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (!draining) return done();
    void reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .header('connection', 'close')
      .type('application/problem+json')
      .send({
        type: 'https://motcua.gov.vn/problems/shutting_down',
        title: TITLES[503],
        status: 503,
        code: 'shutting_down',
        detail: `Máy chủ đang khởi động lại. Vui lòng thử lại sau ${RETRY_AFTER_SECONDS} giây.`,
        requestId: request.id,
      });
  });
  const afterPoll = () => new Promise<void>((resolve) => setImmediate(resolve));
  drains.set(app, {
    get draining() {
      return draining;
    },
    start() {
      draining = true;
    },
    async quiet({ quietMs, maxMs }) {
      const deadline = Date.now() + maxMs;
      for (;;) {
        const before = connections;
        await new Promise((r) => setTimeout(r, quietMs));
        // setImmediate runs after the poll phase, in which pending connections are accepted.
        await afterPoll();
        if (connections === before || Date.now() >= deadline) return;
      }
    },
  });
}

export function drainOf(app: FastifyInstance): Drain {
  const d = drains.get(app);
  if (!d) throw new Error('installDrain was not called for this app');
  return d;
}

/**
 * The shutdown sequence of a server process (main.ts, and the test that sends SIGTERM under load):
 * drain, close HTTP (in-flight requests answered), stop workers, close the database.
 */
export async function shutDown(
  parts: { app: FastifyInstance; stopWorkers: () => Promise<void>; closeDatabase: () => Promise<void> },
  opts: { quietMs: number; maxMs: number },
): Promise<void> {
  const drain = drainOf(parts.app);
  drain.start();
  if (parts.app.server.listening) await drain.quiet(opts);
  await parts.app.close();
  await parts.stopWorkers();
  await parts.closeDatabase();
}
