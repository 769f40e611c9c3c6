/**
 * A long export as a job with progress (issue 23), the one way every module offers it:
 *
 *   POST {path}              starts the export as a job of the caller (202 with the job)
 *   GET  {path}/{id}         its progress: phase, processed / total, then the result or the errors
 *   GET  {path}/{id}/file    the file once done (409 `job_not_done` before, 410 `job_file_expired`
 *                            after JOB_FILE_KEEP_MS), read-audited like the export it replaces
 *
 * Only the account that started a job sees it and its file (404 for anyone else). Bad input is
 * refused before any job is recorded: by the body's schema (400) and by `check` (the module's own
 * rules, e.g. a range whose end is before its start). The work (`run`) reports its steps; after
 * each step the event loop is let go, so the progress route answers while a long export runs.
 * The file is kept in progress_job_file (platform/progress-jobs.ts) and deleted by the hourly
 * cleanup job; the ids of the records in the file stay on the job (never shown) for the read audit.
 */
import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox';
import type { App } from './http/server.js';
import { contextOf } from './http/server.js';
import { fileResponse } from './http/openapi.js';
import type { ReadAudit } from './http/read-audit.js';
import type { RequestContext, Role } from './context.js';
import type { JobFile, ProgressJobs, Report } from './progress-jobs.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The job as the progress route shows it; `result` holds the export's own fields and the file's. */
export function exportJobSchema<P extends TProperties>(d: { phase: string; processed: string; total: string; result: P }) {
  return Type.Object({
    id: Type.String({ format: 'uuid' }),
    status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    phase: Nullable(Type.String({ description: d.phase })),
    processed: Type.Integer({ minimum: 0, description: d.processed }),
    total: Type.Integer({ minimum: 0, description: d.total }),
    result: Nullable(
      Type.Object({
        ...d.result,
        fileName: Type.String(),
        size: Type.Integer(),
        expiresAt: Type.String({ format: 'date-time', description: 'Sau thời điểm này tệp bị xoá (410)' }),
      }),
    ),
    errors: Type.Array(Type.Object({ code: Type.String(), message: Type.String(), line: Nullable(Type.Integer()) })),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Nullable(Type.String({ format: 'date-time' })),
  });
}

/** What an export's work gives back: the file, the result shown on the job, the ids of the records it holds (for the read audit). */
export interface ExportOutput<R> {
  file: JobFile;
  result: R;
  ids?: readonly string[];
}

export interface ExportJobSpec<B extends TObject, R extends Record<string, unknown>> {
  /** progress_job kind, e.g. 'dossiers.export'. */
  kind: string;
  /** e.g. '/api/v1/dossiers/exports'. */
  path: string;
  access: readonly Role[];
  tag: string;
  /** The thing a 404 names, e.g. 'lần xuất danh sách hồ sơ'. */
  what: string;
  summary: { start: string; progress: string; file: string };
  description: string;
  /** The start's JSON body. */
  body: B;
  /** The job's schema (exportJobSchema). */
  job: TObject;
  fileDescription: string;
  mime: string;
  /** The read audit of the download (its ids: what `run` returned as `ids`). */
  audit?: ReadAudit;
  /** The module's rules on the body, checked before any job is recorded (throw an AppError 4xx). */
  check?: (ctx: RequestContext, body: Static<B>) => Promise<void> | void;
  /** The work: reads, writes the file, reports its steps. */
  run: (ctx: RequestContext, body: Static<B>, report: Report) => Promise<ExportOutput<R>>;
}

/** Lets the event loop go (I/O, timers) between steps of a long export. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export function registerExportJob<B extends TObject, R extends Record<string, unknown>>(app: App, jobs: ProgressJobs, spec: ExportJobSpec<B, R>): void {
  const owner = (ctx: RequestContext) => ctx.actor?.username ?? null;
  const view = async (ctx: RequestContext, id: string) => {
    const j = await jobs.get(spec.kind, id, spec.what, owner(ctx));
    let result: Record<string, unknown> | null = null;
    if (j.result && typeof j.result === 'object') {
      const { ids: _ids, ...shown } = j.result as Record<string, unknown>;
      result = shown;
    }
    return {
      id: j.id,
      status: j.status,
      phase: j.phase,
      processed: j.processed,
      total: j.total,
      result,
      errors: j.errors ?? [],
      createdAt: j.createdAt,
      finishedAt: j.finishedAt,
    };
  };
  const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

  app.post(
    spec.path,
    {
      config: { access: [...spec.access] },
      schema: { tags: [spec.tag], summary: spec.summary.start, description: spec.description, body: spec.body, response: { 202: spec.job } },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const body = req.body as Static<B>;
      await spec.check?.(ctx, body);
      const { id } = await jobs.startFile(spec.kind, owner(ctx), async (report) => {
        const step: Report = async (s) => {
          await report(s);
          await breathe();
        };
        const out = await spec.run(ctx, body, step);
        return { file: out.file, result: { ...out.result, ...(out.ids ? { ids: [...out.ids] } : {}) } };
      });
      return reply.status(202).send(await view(ctx, id));
    },
  );

  app.get(
    `${spec.path}/:id`,
    {
      config: { access: [...spec.access] },
      schema: { tags: [spec.tag], summary: spec.summary.progress, params: Id, response: { 200: spec.job } },
    },
    async (req) => view(contextOf(req), (req.params as { id: string }).id),
  );

  app.get(
    `${spec.path}/:id/file`,
    {
      config: { access: [...spec.access], ...(spec.audit ? { auditRead: spec.audit } : {}), problems: { 409: ['job_not_done'], 410: ['job_file_expired'] } },
      schema: { tags: [spec.tag], summary: spec.summary.file, params: Id, response: { 200: fileResponse(spec.mime, spec.fileDescription) } },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const { file: f, job } = await jobs.file(spec.kind, (req.params as { id: string }).id, owner(ctx), spec.what);
      if (spec.audit) req.readIds = (job.result as { ids?: string[] } | null)?.ids ?? [];
      return reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="${f.name}"`).send(f.data);
    },
  );
}
