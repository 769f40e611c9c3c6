import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { notFound } from '../../platform/errors.js';
import { Pagination } from '../../platform/platform.routes.js';
import type { PaymentService } from './payments.service.js';
import type { PaymentGateway, SandboxGateway } from './gateway.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';
import { CallbackOut, FeesOut, PaymentDetail, PaymentList, PaymentOut, ReconciliationOut, SandboxComplete, SandboxOrder } from './payments.schemas.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const STAFF = ['one_stop_officer', 'specialist', 'unit_leader', 'admin', 'provincial_office'] as const;
const ISO = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$';

export const CallbackBody = Type.Object(
  {
    orderRef: Type.String({ minLength: 4, maxLength: 64 }),
    txnId: Type.String({ minLength: 4, maxLength: 64 }),
    amount: Type.Integer({ minimum: 0 }),
    status: Type.Union([Type.Literal('success'), Type.Literal('failed')]),
    paidAt: Type.String({ pattern: ISO }),
    ts: Type.String({ pattern: ISO }),
  },
  { additionalProperties: false },
);

export function registerPaymentRoutes(app: App, svc: PaymentService, gateway: PaymentGateway | SandboxGateway): void {
  const tags = ['payments'];

  app.get(
    '/api/v1/payments/fees/:code',
    {
      config: { access: 'public' },
      schema: {
        response: { 200: FeesOut },
        tags,
        summary: 'Phí, lệ phí của thủ tục và số tiền khi nộp trực tuyến (đã trừ mức giảm)',
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{1,2}\\.[0-9]{6}$' }) }),
        querystring: Type.Object({
          caseKey: Type.Optional(Type.String({ maxLength: 40 })),
          groups: Type.Optional(
            Type.String({
              maxLength: 300,
              pattern: '^[a-z_,]*$',
              description: 'Đối tượng người nộp kê khai, cách nhau bằng dấu phẩy (student, meritorious, …): chọn mức phí áp dụng',
            }),
          ),
        }),
      },
    },
    async (req) => svc.fees(req.params.code, req.query.caseKey, (req.query.groups ?? '').split(',').filter(Boolean)),
  );

  app.post(
    '/api/v1/payments',
    {
      config: { access: ['citizen'] },
      schema: {
        response: {
          200: { ...PaymentOut, description: 'Khoản thanh toán đang chờ của hồ sơ (không tạo thêm)' },
          201: { ...PaymentOut, description: 'Đơn thanh toán mới' },
        } as Record<number, typeof PaymentOut>,
        tags,
        summary: 'Thanh toán trực tuyến nghĩa vụ tài chính của hồ sơ: tạo đơn tại cổng thanh toán, trả địa chỉ thanh toán',
        description: '503 payment_gateway_not_configured khi hệ thống chưa kết nối cổng thanh toán (vận hành thật, không bật SANDBOX=payment).',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) }),
        body: Type.Object({ dossierId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const r = await svc.create(contextOf(req), req.body.dossierId, req.headers['idempotency-key'] ?? null);
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(r.status).send(r.body);
    },
  );

  app.get(
    '/api/v1/payments',
    {
      config: { access: ['citizen', ...STAFF], auditRead: { action: 'payment.list', entity: 'payment' } },
      schema: {
        response: { 200: PaymentList },
        tags,
        summary: 'Các khoản thanh toán (công dân: của mình; cán bộ: trong phạm vi cơ quan)',
        querystring: Type.Object({
          dossierId: Type.Optional(Type.String({ format: 'uuid' })),
          status: Type.Optional(Type.Union(['pending', 'paid', 'failed', 'expired'].map((s) => Type.Literal(s)))),
          ...Pagination,
        }),
      },
    },
    async (req) =>
      svc.list(contextOf(req), { dossierId: req.query.dossierId, status: req.query.status, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/payments/reconciliation',
    {
      config: { access: ['one_stop_officer', 'unit_leader', 'admin', 'provincial_office'] },
      schema: {
        response: { 200: ReconciliationOut },
        tags,
        summary: 'Đối soát thanh toán với hồ sơ và quyết toán của cổng thanh toán trong khoảng ngày',
        querystring: Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) }),
      },
    },
    async (req) => svc.reconcile(contextOf(req), req.query),
  );

  app.get(
    '/api/v1/payments/:id',
    {
      config: { access: ['citizen', ...STAFF], auditRead: { action: 'payment.read', entity: 'payment' } },
      schema: { response: { 200: PaymentDetail }, tags, summary: 'Một khoản thanh toán và diễn biến', params: Id },
    },
    async (req) => svc.get(contextOf(req), req.params.id),
  );

  app.post(
    '/api/v1/payments/:id/refresh',
    {
      config: { access: ['citizen', ...STAFF] },
      schema: { response: { 200: PaymentOut }, tags, summary: 'Hỏi lại cổng thanh toán trạng thái giao dịch (khi không nhận được thông báo)', params: Id },
    },
    async (req) => svc.refresh(contextOf(req), req.params.id),
  );

  app.get(
    '/api/v1/payments/receipts/verify',
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: {
        tags,
        summary: 'Kiểm tra biên lai điện tử (mã QR trên biên lai): ký hiệu, số và mã kiểm tra',
        querystring: Type.Object({
          series: Type.String({ minLength: 1, maxLength: 40 }),
          number: Type.String({ pattern: '^[0-9]{1,12}$' }),
          code: Type.String({ pattern: '^[0-9A-Fa-f]{4}(-?[0-9A-Fa-f]{4}){3}$' }),
        }),
        response: {
          200: Type.Object({
            valid: Type.Literal(true),
            series: Type.String(),
            number: Type.String(),
            agencyName: Type.String({ description: 'Đơn vị thu' }),
            sellerTaxCode: Type.Union([Type.String(), Type.Null()], { description: 'Mã số thuế của đơn vị thu' }),
            amount: Type.Integer({ description: 'Số tiền (đồng)' }),
            paidAt: Type.String(),
            dossierCode: Type.String(),
            sandbox: Type.Boolean({ description: 'Biên lai thử nghiệm (cổng thanh toán SANDBOX)' }),
          }),
        },
      },
    },
    async (req) => svc.verifyReceipt({ ...req.query, code: req.query.code.replace(/^(.{4})-?(.{4})-?(.{4})-?(.{4})$/, '$1-$2-$3-$4') }),
  );

  app.get(
    '/api/v1/payments/:id/receipt',
    {
      config: { access: ['citizen', ...STAFF], auditRead: { action: 'payment.receipt.read', entity: 'payment' } },
      schema: { response: { 200: fileResponse(MIME.pdf, 'Biên lai điện tử (PDF)') }, tags, summary: 'Biên lai điện tử thu phí, lệ phí (PDF)', params: Id },
    },
    async (req, reply) => {
      const r = await svc.receipt(contextOf(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${r.fileName}"`).send(r.pdf);
    },
  );

  app.post(
    '/api/v1/payments/callback/:gateway',
    {
      config: { access: 'public' },
      schema: {
        response: { 200: CallbackOut },
        tags,
        summary: 'Thông báo kết quả giao dịch từ cổng thanh toán (ký HMAC-SHA256, tiêu đề x-signature)',
        params: Type.Object({ gateway: Type.String({ pattern: '^[a-z0-9-]{2,30}$' }) }),
        headers: Type.Object({ 'x-signature': Type.String({ minLength: 1, maxLength: 200 }) }),
        body: CallbackBody,
      },
    },
    async (req) => svc.handleCallback(req.params.gateway, req.body, req.headers['x-signature']),
  );

  // Sandbox routes exist only while the sandbox gateway is on (demo mode, or SANDBOX=payment).
  if ('complete' in gateway) {
    const sandbox = gateway as SandboxGateway;
    app.get(
      '/api/v1/sandbox/payment-gateway/orders/:orderRef',
      {
        config: { access: 'authenticated' },
        schema: {
          response: { 200: SandboxOrder },
          tags: ['sandbox'],
          summary: 'SANDBOX cổng thanh toán: thông tin đơn (trang thanh toán thử nghiệm)',
          params: Type.Object({ orderRef: Type.String({ pattern: '^[A-Z0-9]{6,40}$' }) }),
        },
      },
      async (req) => {
        const o = await sandbox.order(req.params.orderRef);
        if (!o) throw notFound('đơn thanh toán');
        return { ...o, expiresAt: o.expiresAt.toISOString(), gateway: sandbox.name };
      },
    );
    app.post(
      '/api/v1/sandbox/payment-gateway/orders/:orderRef/complete',
      {
        config: { access: 'authenticated' },
        schema: {
          response: { 200: SandboxComplete },
          tags: ['sandbox'],
          summary: 'SANDBOX cổng thanh toán: người nộp chọn kết quả (thành công, thất bại, hết thời gian chờ); cổng gửi thông báo có chữ ký',
          params: Type.Object({ orderRef: Type.String({ pattern: '^[A-Z0-9]{6,40}$' }) }),
          body: Type.Object(
            { outcome: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('timeout')]) },
            { additionalProperties: false },
          ),
        },
      },
      async (req) => {
        const o = await sandbox.order(req.params.orderRef);
        if (!o) throw notFound('đơn thanh toán');
        const cb = await sandbox.complete(req.params.orderRef, req.body.outcome);
        let delivered: unknown = null;
        if (cb) {
          // The gateway calls our public callback endpoint, as an external gateway would.
          const res = await app.inject({
            method: 'POST',
            url: `/api/v1/payments/callback/${sandbox.id}`,
            headers: { 'content-type': 'application/json', 'x-signature': cb.signature },
            payload: JSON.stringify(cb.callback),
          });
          delivered = { status: res.statusCode, body: res.json() };
        }
        return { outcome: req.body.outcome, callback: delivered, returnUrl: o.returnUrl };
      },
    );
  }
}
