import { Type } from 'typebox';
import type { App } from './http/server.js';
import { contextOf } from './http/server.js';
import type { Deps } from './deps.js';
import { recordAudit } from './audit.js';
import { badRequest, conflict } from './errors.js';
import { deadRows, outboxHealth, retryDead, topicStats } from './outbox.admin.js';
import { AUDIT_ONLY_TOPICS } from './outbox.topics.js';

const TopicStatOut = Type.Object({
  topic: Type.String(),
  consumer: Type.Union([Type.String(), Type.Null()]),
  module: Type.Union([Type.String(), Type.Null()]),
  declared: Type.Boolean({ description: 'false: no consumer is declared for this topic; its rows are never delivered' }),
  pending: Type.Integer(),
  oldestPendingSeconds: Type.Union([Type.Integer(), Type.Null()]),
  retrying: Type.Integer({ description: 'pending rows that already failed at least once' }),
  dead: Type.Integer(),
  late: Type.Boolean({ description: 'the oldest pending row has waited longer than OUTBOX_ALERT_SECONDS' }),
});

const DeadRowOut = Type.Object({
  id: Type.Integer(),
  topic: Type.String(),
  aggregateKey: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  deadAt: Type.String({ format: 'date-time' }),
});

/** The health verdict of the outbox: degraded when a row has waited past the threshold. */
export async function outboxVerdict(deps: Deps): Promise<{ degraded: string | null; pending: number; oldestPendingSeconds: number | null; dead: number }> {
  const h = await outboxHealth(deps.database.db);
  const limit = deps.config.outboxAlertSeconds;
  const degraded =
    h.oldestPendingSeconds !== null && h.oldestPendingSeconds > limit
      ? `Hàng đợi outbox: một thông điệp đã chờ ${h.oldestPendingSeconds} giây, quá ngưỡng ${limit} giây (OUTBOX_ALERT_SECONDS).`
      : null;
  return { degraded, ...h };
}

export function registerOutboxRoutes(app: App, deps: Deps): void {
  const db = deps.database.db;

  app.get(
    '/api/v1/admin/outbox',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['platform'],
        summary: 'Hàng đợi outbox: theo chủ đề, số thông điệp chờ gửi, tuổi của thông điệp chờ lâu nhất, thông điệp hỏng kèm lỗi cuối',
        querystring: Type.Object({
          topic: Type.Optional(Type.String({ maxLength: 200, description: 'only the dead rows of this topic' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
        }),
        response: {
          200: Type.Object({
            alertSeconds: Type.Integer(),
            status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
            pending: Type.Integer(),
            oldestPendingSeconds: Type.Union([Type.Integer(), Type.Null()]),
            topics: Type.Array(TopicStatOut),
            dead: Type.Object({ items: Type.Array(DeadRowOut), total: Type.Integer() }),
            auditOnlyTopics: Type.Array(Type.String(), { description: 'topics recorded by the audit log only; never queued' }),
          }),
        },
      },
    },
    async (req) => {
      const v = await outboxVerdict(deps);
      const dead = await deadRows(db, { topic: req.query.topic, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 });
      return {
        alertSeconds: deps.config.outboxAlertSeconds,
        status: v.degraded ? ('degraded' as const) : ('ok' as const),
        pending: v.pending,
        oldestPendingSeconds: v.oldestPendingSeconds,
        topics: await topicStats(db, deps.config.outboxAlertSeconds),
        dead: { total: dead.total, items: dead.items.map((d) => ({ ...d, createdAt: d.createdAt.toISOString(), deadAt: d.deadAt.toISOString() })) },
        auditOnlyTopics: AUDIT_ONLY_TOPICS,
      };
    },
  );

  app.post(
    '/api/v1/admin/outbox/retry',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['platform'],
        summary: 'Gửi lại các thông điệp hỏng (theo danh sách mã hoặc cả một chủ đề)',
        body: Type.Object(
          {
            ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500, uniqueItems: true })),
            topic: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ retried: Type.Integer(), ids: Type.Array(Type.Integer()) }) },
      },
    },
    async (req) => {
      const { ids, topic } = req.body;
      if ((ids === undefined) === (topic === undefined))
        throw badRequest('retry_selection', 'Chọn các thông điệp cần gửi lại: hoặc danh sách mã (ids), hoặc một chủ đề (topic), không chọn cả hai.');
      const ctx = contextOf(req);
      const rows = await deps.database.transaction(async (tx) => {
        const r = await retryDead(tx, { ids, topic });
        if (r.length === 0) throw conflict('nothing_to_retry', 'Không có thông điệp hỏng nào khớp lựa chọn (có thể đã được gửi lại).');
        await recordAudit(tx, ctx, {
          action: 'outbox.retry',
          entity: 'outbox',
          entityId: topic ?? null,
          summary: { ids: r.map((x) => x.id), topics: [...new Set(r.map((x) => x.topic))] },
        });
        return r;
      });
      return { retried: rows.length, ids: rows.map((r) => r.id) };
    },
  );
}
