/**
 * A bare Fastify server, the baseline MotCua's routes are compared against:
 * - /api/health: one route answering a fixed body (bench/health.bench.ts);
 * - with BARE_DATABASE_URL: the public lookup as a minimal Fastify + pg server would write it — the
 *   same statement (dossiers.repo.ts publicLookupQuery, compiled once, sent as a named prepared
 *   statement over a pool of the API's size), the same answer built by the same pure function
 *   (public-lookup.ts) and serialised from the same response schema, so it returns the same bytes
 *   (bench/lookup.bench.ts checks that) without MotCua's platform (auth, limits, audit, headers).
 * BARE_LOG=info (what the lookup bench sets): logs as the MotCua server does at its default level —
 * one access line per request with the request, the response and the time; otherwise no logging.
 */
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { publicLookupQuery } from '../src/modules/dossiers/dossiers.repo.js';
import { publicLookupView } from '../src/modules/dossiers/public-lookup.js';
import { normalizeLookupKey } from '../src/modules/dossiers/lookup-key.js';
import { PublicDossier } from '../src/modules/dossiers/dossiers.schemas.js';

const logging = process.env.BARE_LOG === 'info';
/** One access line per completed request, as src/platform/http/server.ts writes it. */
class OneLine extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
const app = Fastify({
  logger: logging ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
  logController: new OneLine(),
});
app.get('/api/health', async () => ({ status: 'ok', db: 'none', version: '0' }));

const url = process.env.BARE_DATABASE_URL;
if (url) {
  pg.types.setTypeParser(20, (v) => Number(v)); // as src/platform/db/database.ts
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Compiled once with two markers, whose places say where the code and the key go.
  const CODE = '\u0000code';
  const KEY = '\u0000key';
  const compiled = publicLookupQuery(CODE, KEY).compile(new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }));
  const slots = compiled.parameters.map((p) => (p === CODE ? 'code' : p === KEY ? 'key' : null));
  if (!slots.includes('code') || !slots.includes('key')) throw new Error('bare-server: the lookup statement changed shape');
  app.get<{ Params: { code: string }; Querystring: { key?: string } }>(
    '/api/v1/public/dossiers/:code',
    { schema: { response: { 200: PublicDossier } } },
    async (req, reply) => {
      const code = req.params.code.trim();
      const key = req.query.key ? normalizeLookupKey(req.query.key) : null;
      const values = slots.map((s, i) => (s === 'code' ? code : s === 'key' ? key : compiled.parameters[i]));
      const { rows } = await pool.query({ name: 'bare_lookup', text: compiled.sql, values });
      if (!rows.length) return reply.code(404).send({ status: 404 });
      return publicLookupView({ code: rows[0].code, status: Number(rows[0].status), detail: rows[0].detail }, key !== null);
    },
  );
}

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
