import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { normalizeLookupKey } from './lookup-key.js';
import { badRequest } from '../../platform/errors.js';
import { Pagination } from '../../platform/platform.routes.js';
import { ActionBody, CreateDossier, DossierFilterProps, DossierView, PublicDossier, QueueCounts } from './dossiers.schemas.js';
import type { DossierService, ActionInput, CreateDossierInput } from './dossiers.service.js';
import type { Queue } from './dossiers.repo.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const IdemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) });

const STAFF = ['one_stop_officer', 'specialist', 'unit_leader', 'admin', 'provincial_office', 'home_affairs'] as const;
const ACTORS = [...STAFF, 'citizen'] as const;

export function registerDossierRoutes(app: App, svc: DossierService): void {
  app.post(
    '/api/v1/dossiers',
    {
      config: { access: ['one_stop_officer', 'citizen'] },
      schema: {
        tags: ['dossiers'],
        summary: 'Tiếp nhận hồ sơ (tại quầy, qua bưu chính) hoặc nộp hồ sơ trực tuyến',
        description:
          'Cán bộ một cửa: channel counter|post → hồ sơ được tiếp nhận (trạng thái 2) với ngày hẹn trả, hoặc từ chối tại quầy (refuseReason). Công dân: channel online → trạng thái 1. Gửi kèm tiêu đề Idempotency-Key để gửi lại an toàn.',
        headers: IdemHeader,
        body: CreateDossier,
        response: { 201: DossierView, 200: DossierView },
      },
    },
    async (req, reply) => {
      const r = await svc.create(contextOf(req), req.body as CreateDossierInput, req.headers['idempotency-key'] ?? null);
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(r.status as 201).send(r.body as never);
    },
  );

  app.get(
    '/api/v1/dossiers',
    {
      config: { access: [...ACTORS], auditRead: { action: 'dossier.list', entity: 'dossier' } },
      schema: {
        tags: ['dossiers'],
        summary: 'Danh sách hồ sơ theo hàng đợi công việc (cán bộ) hoặc hồ sơ của tôi (công dân)',
        description:
          'queue: to_receive (chờ tiếp nhận), mine (được giao cho tôi), department (của đơn vị), due_soon (đến hạn trong 1 ngày làm việc), overdue (quá hạn), waiting (chờ bổ sung / nghĩa vụ tài chính). counts: số hồ sơ mỗi hàng đợi. Danh sách của cán bộ không đếm tổng: hasMore cho biết còn trang sau; total chỉ có ở trang cuối. Thứ tự: theo ngày hẹn (hàng đợi, danh sách); tìm kiếm q không kèm hàng đợi tìm trong mọi năm và xếp hồ sơ mới tạo gần nhất trước (created_at giảm dần).',
        querystring: Type.Object({
          ...DossierFilterProps,
          ...Pagination,
        }),
        response: {
          200: Type.Object({
            items: Type.Array(DossierView),
            total: Type.Union([Type.Integer(), Type.Null()], {
              description:
                'Tổng số hồ sơ khớp: luôn có với công dân; với cán bộ chỉ khi trang này là trang cuối (danh sách không đếm toàn bộ), còn lại null — xem hasMore.',
            }),
            hasMore: Type.Boolean({ description: 'Còn trang sau (offset + limit).' }),
            counts: Type.Union([QueueCounts, Type.Null()], { description: 'Số hồ sơ mỗi hàng đợi (cán bộ), đếm trên hồ sơ đang mở; null với công dân.' }),
          }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      return svc.list(contextOf(req), {
        queue: q.queue as Queue | undefined,
        procedureCode: q.procedure,
        channel: q.channel,
        status: q.status,
        receivedFrom: q.from,
        receivedTo: q.to,
        q: q.q,
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      }) as never;
    },
  );

  app.get(
    '/api/v1/dossiers/:id',
    {
      config: { access: [...ACTORS] },
      schema: { tags: ['dossiers'], summary: 'Chi tiết hồ sơ, dòng thời gian xử lý, thao tác được phép', params: Id, response: { 200: DossierView } },
    },
    async (req) => svc.get(contextOf(req), req.params.id) as never,
  );

  app.post(
    '/api/v1/dossiers/:id/actions',
    {
      config: { access: [...ACTORS] },
      schema: {
        tags: ['dossiers'],
        summary: 'Thực hiện một thao tác trên hồ sơ (chuyển trạng thái)',
        description:
          'Gửi `version` là phiên bản hồ sơ bạn đang xem: phiên bản cũ → 409. Thao tác không hợp lệ ở trạng thái hiện tại → 409 illegal_transition. Cùng Idempotency-Key → trả lại kết quả lần đầu.',
        params: Id,
        headers: IdemHeader,
        body: ActionBody,
        response: { 200: DossierView },
      },
    },
    async (req, reply) => {
      const r = await svc.act(contextOf(req), req.params.id, req.body as unknown as ActionInput, req.headers['idempotency-key'] ?? null);
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return r.body as never;
    },
  );

  app.get(
    '/api/v1/public/dossiers/:code',
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: {
        tags: ['dossiers'],
        summary: 'Tra cứu tình trạng hồ sơ theo mã (công khai, không có dữ liệu cá nhân ngoài những gì in trên giấy tiếp nhận)',
        description:
          'Mã hồ sơ đánh số tuần tự nên có thể đoán: chỉ với mã hồ sơ, kết quả chỉ có tình trạng. Kèm `key` — mã tra cứu 8 ký tự in trên giấy tiếp nhận và trong mã QR — kết quả có thêm thủ tục, nơi tiếp nhận, tên người nộp (viết tắt), các mốc thời gian và các bước xử lý. Mã tra cứu sai: chỉ có tình trạng, `keyRejected: true`.',
        params: Type.Object({ code: Type.String({ minLength: 10, maxLength: 60 }) }),
        querystring: Type.Object({ key: Type.Optional(Type.String({ maxLength: 40, description: 'mã tra cứu in trên giấy tiếp nhận, ví dụ 7K2M-9QXD' })) }),
        response: { 200: PublicDossier },
      },
    },
    async (req) => {
      if (!/^[0-9A-Z.]+-\d{6}-\d{4,}$/.test(req.params.code.trim()))
        throw badRequest('invalid_code', 'Mã hồ sơ không đúng định dạng (ví dụ 000.00.15.H56-251103-0007).');
      let key: string | null = null;
      if (req.query.key !== undefined && req.query.key.trim() !== '') {
        key = normalizeLookupKey(req.query.key);
        if (!key) throw badRequest('invalid_lookup_key', 'Mã tra cứu gồm 8 chữ và số như in trên giấy tiếp nhận (ví dụ 7K2M-9QXD).');
      }
      return svc.publicLookup(req.params.code, key);
    },
  );
}
