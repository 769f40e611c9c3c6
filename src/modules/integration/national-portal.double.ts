/**
 * Test double of the national portal's sync endpoint: a local `node:http` server on
 * 127.0.0.1 and a free port. Tell it how to answer the next requests — accept (200 with
 * `error_code` "0"), fail (500), reject (422 with an error code), or time out (never answer) —
 * and read back the payloads it accepted, in order. Never used in production.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type DoubleMode = 'accept' | 'fail' | 'reject' | 'timeout';

export interface DoubleRequest {
  mode: DoubleMode;
  idempotencyKey: string | null;
  contentType: string | null;
  body: string;
}

export interface AcceptedDelivery {
  idempotencyKey: string | null;
  payload: unknown;
}

export class NationalPortalDouble {
  /** Modes for the next requests, in order; when empty, `defaultMode` answers. */
  readonly #queue: DoubleMode[] = [];
  readonly #requests: DoubleRequest[] = [];
  readonly #accepted: AcceptedDelivery[] = [];
  readonly #hanging = new Set<ServerResponse>();
  readonly #hangWaiters: (() => void)[] = [];
  defaultMode: DoubleMode = 'accept';

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = '/api/dongbo/hoso'): Promise<NationalPortalDouble> {
    let self: NationalPortalDouble | null = null;
    const server = createServer((req, res) => {
      if (self) self.#handle(req, res);
      else res.writeHead(503).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    self = new NationalPortalDouble(server, `http://127.0.0.1:${port}${path}`);
    return self;
  }

  /** Answer the next requests with these modes, then fall back to `defaultMode`. */
  next(...modes: DoubleMode[]): this {
    this.#queue.push(...modes);
    return this;
  }

  /** Resolves when the double next holds a request unanswered ('timeout' mode): a readiness signal for timeout tests. */
  hangs(): Promise<void> {
    return new Promise((resolve) => this.#hangWaiters.push(resolve));
  }

  get requests(): readonly DoubleRequest[] {
    return this.#requests;
  }

  get accepted(): readonly AcceptedDelivery[] {
    return this.#accepted;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const mode = this.#queue.shift() ?? this.defaultMode;
      const key = req.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' ? key : null;
      this.#requests.push({ mode, idempotencyKey, contentType: req.headers['content-type'] ?? null, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(value));
      };
      switch (mode) {
        case 'accept': {
          let payload: unknown;
          try {
            payload = JSON.parse(body);
          } catch {
            json(400, { error_code: '-1', message: 'Dữ liệu không phải JSON' });
            return;
          }
          // Like the real receiver, a repeated key is acknowledged but not stored twice.
          if (!idempotencyKey || !this.#accepted.some((a) => a.idempotencyKey === idempotencyKey)) {
            this.#accepted.push({ idempotencyKey, payload });
          }
          json(200, { error_code: '0', message: 'Đồng bộ thành công' });
          return;
        }
        case 'fail':
          json(500, { error_code: '-500', message: 'Lỗi hệ thống' });
          return;
        case 'reject':
          json(422, { error_code: '-2', message: 'Dữ liệu hồ sơ không hợp lệ' });
          return;
        case 'timeout':
          this.#hanging.add(res);
          for (const w of this.#hangWaiters.splice(0)) w();
          res.on('close', () => this.#hanging.delete(res));
          return;
      }
    });
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
