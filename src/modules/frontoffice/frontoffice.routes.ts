import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import {
  ActionResult,
  Appointment,
  Area,
  BookBody,
  BookingCentres,
  CentreHours,
  CentreHoursBody,
  CheckedIn,
  CheckInBody,
  CodeParam,
  DossierTicket,
  LinkDossierBody,
  Slots,
  SlotsQuery,
  AreaCreate,
  AreaUpdate,
  Counter,
  CounterCreate,
  CounterUpdate,
  CounterView,
  Device,
  DeviceCreate,
  DeviceCreated,
  DeviceInfo,
  FinishBody,
  KioskInfo,
  RateBody,
  Rated,
  ScreenState,
  Stats,
  StatsQuery,
  TabletState,
  TakeTicket,
  Ticket,
  TransferBody,
} from './frontoffice.schemas.js';
import { CONFIG_ROLES, COUNTER_ROLES, DOSSIER_TICKET_ROLES, STATS_ROLES, type FrontOfficeService } from './frontoffice.service.js';
import { statsToXlsx } from './frontoffice.export.js';
import { qrcode } from '../../platform/doclibs.js';
import { idempotencyKeyOf as idemKey } from '../../platform/idempotency.js';

const tags = ['front-office'];
const P = '/api/v1/front-office';
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const list = <T extends import('typebox').TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
const AgencyQuery = Type.Object({ agencyId: Type.Optional(Type.String({ format: 'uuid' })) });
/** Paired devices send their secret in this header (no user login on devices). */
export const DEVICE_HEADER = 'x-device-token';
const DeviceHeader = Type.Object({ [DEVICE_HEADER]: Type.Optional(Type.String({ maxLength: 200 })) });
const deviceToken = (req: FastifyRequest): string | undefined => {
  const h = req.headers[DEVICE_HEADER];
  return typeof h === 'string' ? h : undefined;
};

export function registerFrontOfficeRoutes(app: App, svc: FrontOfficeService): void {
  // Open SSE streams are hijacked connections: they are ended before the server closes.
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  // ---- configuration (admin) ----------------------------------------------------------------------
  app.get(
    `${P}/areas`,
    {
      config: { access: [...CONFIG_ROLES, ...COUNTER_ROLES, 'unit_leader'] },
      schema: { tags, summary: 'Khu vực dịch vụ của trung tâm (theo lĩnh vực/nhóm thủ tục)', querystring: AgencyQuery, response: { 200: list(Area) } },
    },
    async (req) => {
      const items = await svc.listAreas(req.actor, req.query.agencyId);
      return { items, total: items.length };
    },
  );

  app.post(
    `${P}/areas`,
    {
      config: { access: CONFIG_ROLES },
      schema: { tags, summary: 'Thêm khu vực dịch vụ', body: AreaCreate, response: { 201: Area } },
    },
    async (req, reply) => reply.status(201).send(await svc.createArea(contextOf(req), req.body)),
  );

  app.patch(
    `${P}/areas/:id`,
    {
      config: { access: CONFIG_ROLES },
      schema: { tags, summary: 'Sửa khu vực dịch vụ (kể cả ngừng phục vụ)', params: Id, body: AreaUpdate, response: { 200: Area } },
    },
    async (req) => svc.updateArea(contextOf(req), req.params.id, req.body),
  );

  app.get(
    `${P}/centres/:id/hours`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Giờ tiếp nhận của trung tâm (lịch riêng, hoặc giờ tiếp nhận của lịch làm việc khi chưa đặt)',
        params: Id,
        response: { 200: CentreHours },
      },
    },
    async (req) => svc.centreHours(req.params.id),
  );

  app.put(
    `${P}/centres/:id/hours`,
    {
      config: { access: CONFIG_ROLES },
      schema: {
        tags,
        summary: 'Đặt giờ tiếp nhận riêng của trung tâm theo tuần (buổi tối, thứ Bảy, Chủ nhật, ngày lễ)',
        params: Id,
        body: CentreHoursBody,
        response: { 200: CentreHours },
      },
    },
    async (req) => svc.setCentreHours(contextOf(req), req.params.id, req.body),
  );

  app.delete(
    `${P}/centres/:id/hours`,
    {
      config: { access: CONFIG_ROLES },
      schema: { tags, summary: 'Bỏ lịch riêng: trung tâm theo lại giờ tiếp nhận của lịch làm việc', params: Id, response: { 200: CentreHours } },
    },
    async (req) => svc.resetCentreHours(contextOf(req), req.params.id),
  );

  app.get(
    `${P}/counters`,
    {
      config: { access: [...CONFIG_ROLES, ...COUNTER_ROLES, 'unit_leader'] },
      schema: { tags, summary: 'Quầy của trung tâm (và cán bộ đang phụ trách)', querystring: AgencyQuery, response: { 200: list(Counter) } },
    },
    async (req) => {
      const items = await svc.listCounters(req.actor, req.query.agencyId);
      return { items, total: items.length };
    },
  );

  app.post(
    `${P}/counters`,
    {
      config: { access: CONFIG_ROLES },
      schema: { tags, summary: 'Thêm quầy vào một khu vực', body: CounterCreate, response: { 201: Counter } },
    },
    async (req, reply) => reply.status(201).send(await svc.createCounter(contextOf(req), req.body)),
  );

  app.patch(
    `${P}/counters/:id`,
    {
      config: { access: CONFIG_ROLES },
      schema: { tags, summary: 'Sửa quầy (khu vực, tên, ngừng sử dụng)', params: Id, body: CounterUpdate, response: { 200: Counter } },
    },
    async (req) => svc.updateCounter(contextOf(req), req.params.id, req.body),
  );

  app.get(
    `${P}/devices`,
    {
      config: { access: CONFIG_ROLES },
      schema: { tags, summary: 'Thiết bị đã đăng ký (kiosk, màn hình gọi số, máy đánh giá)', querystring: AgencyQuery, response: { 200: list(Device) } },
    },
    async (req) => {
      const items = await svc.listDevices(req.actor, req.query.agencyId);
      return { items, total: items.length };
    },
  );

  app.post(
    `${P}/devices`,
    {
      config: { access: CONFIG_ROLES },
      schema: {
        tags,
        summary: 'Đăng ký thiết bị; trả về đường dẫn ghép nối có mã bí mật (chỉ hiển thị một lần)',
        body: DeviceCreate,
        response: { 201: DeviceCreated },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createDevice(contextOf(req), req.body)),
  );

  app.post(
    `${P}/devices/:id/revoke`,
    {
      config: { access: CONFIG_ROLES },
      schema: { tags, summary: 'Thu hồi thiết bị (mã của nó không dùng được nữa)', params: Id, response: { 200: Device } },
    },
    async (req) => svc.revokeDevice(contextOf(req), req.params.id),
  );

  // ---- devices (authenticated by their token) ------------------------------------------------
  app.get(
    `${P}/device`,
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Thiết bị đã ghép nối tự nhận diện (tiêu đề x-device-token)', headers: DeviceHeader, response: { 200: DeviceInfo } },
    },
    async (req) => svc.deviceInfo(deviceToken(req)),
  );

  app.get(
    `${P}/kiosk`,
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Kiosk: khu vực, số đang chờ, giờ tiếp nhận', headers: DeviceHeader, response: { 200: KioskInfo } },
    },
    async (req) => svc.kioskInfo(deviceToken(req)),
  );

  app.post(
    `${P}/kiosk/tickets`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Kiosk: lấy số thứ tự theo khu vực hoặc thủ tục (có thể chọn nhóm ưu tiên)',
        headers: DeviceHeader,
        body: TakeTicket,
        response: { 201: Ticket },
      },
    },
    async (req, reply) => {
      const r = await svc.takeTicket(contextOf(req), deviceToken(req), req.body, idemKey(req));
      return reply.status(r.status as 201).send(r.body);
    },
  );

  app.get(
    `${P}/follow/:token`,
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: {
        tags,
        summary: 'Theo dõi số thứ tự trên điện thoại (mã QR in trên phiếu)',
        params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 40 }) }),
        response: { 200: Ticket },
      },
    },
    async (req) => svc.follow(req.params.token),
  );

  app.get(
    `${P}/follow/:token/qr.svg`,
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: {
        tags,
        summary: 'Mã QR (SVG) dẫn tới trang theo dõi số thứ tự, in trên phiếu',
        params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 40 }) }),
        response: { 200: { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } } },
      },
    },
    async (req, reply) => {
      const t = await svc.follow(req.params.token);
      const svg = await qrcode().toString(t.followUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return reply.type('image/svg+xml').header('cache-control', 'private, max-age=86400').send(svg);
    },
  );

  app.get(
    `${P}/board`,
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: {
        tags,
        summary: 'Bảng công khai: hồ sơ đã có kết quả, chờ trả tại trung tâm (chỉ mã hồ sơ, không có tên người nộp)',
        querystring: Type.Object({ agencyId: Type.String({ format: 'uuid' }) }),
        response: {
          200: Type.Object({
            centreName: Type.String(),
            items: Type.Array(Type.Object({ code: Type.String(), procedureName: Type.String(), since: Type.String() })),
          }),
        },
      },
    },
    async (req) => svc.board(req.query.agencyId),
  );

  app.get(
    `${P}/screen`,
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Màn hình gọi số: các lượt gọi hiện tại theo quầy', headers: DeviceHeader, response: { 200: ScreenState } },
    },
    async (req) => svc.screenState(deviceToken(req)),
  );

  app.get(
    `${P}/screen/events`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Màn hình gọi số: luồng sự kiện (Server-Sent Events); nối lại với Last-Event-ID',
        description:
          'EventSource không gửi được tiêu đề tùy ý nên mã thiết bị đi trong tham số `token`. Mỗi sự kiện có `id` (tăng dần); sự kiện `call`/`recall` mang số, quầy và câu thông báo.',
        querystring: Type.Object({ token: Type.String({ minLength: 20, maxLength: 200 }), lastEventId: Type.Optional(Type.Integer({ minimum: 0 })) }),
        response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
      },
    },
    async (req, reply) => {
      const header = req.headers['last-event-id'];
      const fromHeader = typeof header === 'string' && /^\d{1,18}$/.test(header) ? Number(header) : null;
      const last = fromHeader ?? req.query.lastEventId ?? null;
      const raw = reply.raw;
      let open = true;
      // Events replayed while authenticating wait until the headers are out.
      let pending: string[] | null = [];
      const write = (s: string) => {
        if (!open) return;
        if (pending) pending.push(s);
        else raw.write(s);
      };
      // Authenticates (401 as problem+json) before the stream starts.
      const unsubscribe = await svc.screenStream(req.query.token, last, (e) => {
        write(`id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(e.payload)}\n\n`);
      });
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(': ok\nretry: 2000\n\n');
      for (const p of pending) raw.write(p);
      pending = null;
      const ping = setInterval(() => write(': ping\n\n'), 15_000);
      ping.unref();
      const done = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        unsubscribe();
      };
      const end = () => {
        done();
        raw.end();
      };
      streams.add(end);
      req.raw.on('close', done);
      raw.on('close', () => {
        done();
        streams.delete(end);
      });
    },
  );

  app.get(
    `${P}/tablet`,
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Máy đánh giá tại quầy: lượt phục vụ vừa xong đang chờ đánh giá', headers: DeviceHeader, response: { 200: TabletState } },
    },
    async (req) => svc.tabletState(deviceToken(req)),
  );

  app.post(
    `${P}/tablet/ratings`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Máy đánh giá: công dân đánh giá lượt phục vụ (4 mức, lý do tùy chọn; một lần mỗi số)',
        headers: DeviceHeader,
        body: RateBody,
        response: { 201: Rated },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.rate(contextOf(req), deviceToken(req), req.body)),
  );

  // ---- counter (officer) -------------------------------------------------------------------------
  app.get(
    `${P}/my-counters`,
    {
      config: { access: COUNTER_ROLES },
      schema: { tags, summary: 'Quầy của trung tâm nơi cán bộ làm việc', response: { 200: list(Counter) } },
    },
    async (req) => {
      const items = await svc.myCounters(req.actor!);
      return { items, total: items.length };
    },
  );

  app.post(
    `${P}/counters/:id/open`,
    {
      config: { access: COUNTER_ROLES },
      schema: { tags, summary: 'Cán bộ nhận quầy', params: Id, response: { 200: Counter } },
    },
    async (req) => svc.openCounter(contextOf(req), req.params.id),
  );

  app.post(
    `${P}/counters/:id/close`,
    {
      config: { access: COUNTER_ROLES },
      schema: { tags, summary: 'Cán bộ rời quầy', params: Id, response: { 200: Counter } },
    },
    async (req) => svc.closeCounter(contextOf(req), req.params.id),
  );

  app.get(
    `${P}/counters/:id/view`,
    {
      config: { access: COUNTER_ROLES },
      schema: {
        tags,
        summary: 'Màn hình quầy: số đang phục vụ và hàng chờ của khu vực (không có kết quả đánh giá)',
        params: Id,
        response: { 200: CounterView },
      },
    },
    async (req) => svc.counterView(req.actor!, req.params.id),
  );

  app.post(
    `${P}/counters/:id/call-next`,
    {
      config: { access: COUNTER_ROLES },
      schema: { tags, summary: 'Gọi số tiếp theo (ưu tiên trước; không số nào được gọi hai lần)', params: Id, response: { 200: ActionResult } },
    },
    async (req) => svc.callNext(contextOf(req), req.params.id),
  );

  const ticketAction = (path: string, summary: string, fn: (req: FastifyRequest<{ Params: { id: string } }>) => ReturnType<FrontOfficeService['recall']>) =>
    app.post(
      `${P}/tickets/:id/${path}`,
      {
        config: { access: COUNTER_ROLES },
        schema: { tags, summary, params: Id, response: { 200: ActionResult } },
      },
      async (req) => fn(req as FastifyRequest<{ Params: { id: string } }>),
    );
  ticketAction('recall', 'Gọi lại số đang gọi', (req) => svc.recall(contextOf(req), req.params.id));
  ticketAction('start', 'Bắt đầu phục vụ số đang gọi', (req) => svc.start(contextOf(req), req.params.id));
  ticketAction('skip', 'Bỏ qua: ghi nhận vắng mặt sau khi đã gọi đủ số lần', (req) => svc.skip(contextOf(req), req.params.id));

  app.post(
    `${P}/tickets/:id/transfer`,
    {
      config: { access: COUNTER_ROLES },
      schema: { tags, summary: 'Chuyển số sang khu vực hoặc quầy khác (giữ thứ tự ban đầu)', params: Id, body: TransferBody, response: { 200: ActionResult } },
    },
    async (req) => svc.transfer(contextOf(req), req.params.id, req.body),
  );

  app.post(
    `${P}/tickets/:id/finish`,
    {
      config: { access: COUNTER_ROLES },
      schema: { tags, summary: 'Kết thúc phục vụ (có thể gắn hồ sơ đã tiếp nhận)', params: Id, body: FinishBody, response: { 200: ActionResult } },
    },
    async (req) => svc.finish(contextOf(req), req.params.id, req.body),
  );

  // ---- appointments (citizens, signed in or not; check-in at the kiosk) -------------------------
  app.get(
    `${P}/booking/centres`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Đặt lịch hẹn: trung tâm và khu vực nhận đặt lịch (lọc theo thủ tục)',
        querystring: Type.Object({ procedureCode: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })) }),
        response: { 200: BookingCentres },
      },
    },
    async (req) => ({ items: await svc.bookingCentres(req.query.procedureCode) }),
  );

  app.get(
    `${P}/booking/slots`,
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: {
        tags,
        summary: 'Đặt lịch hẹn: các khung giờ của một ngày và số chỗ còn lại (theo giờ tiếp nhận, ngày nghỉ và số quầy)',
        querystring: SlotsQuery,
        response: { 200: Slots },
      },
    },
    async (req) => svc.slots(req.query),
  );

  app.post(
    `${P}/appointments`,
    {
      config: { access: 'public', limit: 'public_write' },
      schema: {
        tags,
        summary: 'Đặt lịch hẹn một khung giờ (đăng nhập hoặc không); 409 slot_full khi vừa hết chỗ',
        body: BookBody,
        response: { 201: Appointment },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.book(contextOf(req), req.body)),
  );

  app.get(
    `${P}/appointments/:code`,
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: { tags, summary: 'Xem lịch hẹn theo mã', params: CodeParam, response: { 200: Appointment } },
    },
    async (req) => svc.appointment(req.params.code),
  );

  app.get(
    `${P}/appointments/:code/qr.svg`,
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: {
        tags,
        summary: 'Mã QR (SVG) của lịch hẹn: quét tại kiosk để xác nhận',
        params: CodeParam,
        response: { 200: { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } } },
      },
    },
    async (req, reply) => {
      const a = await svc.appointment(req.params.code);
      const svg = await qrcode().toString(a.bookingUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return reply.type('image/svg+xml').header('cache-control', 'private, max-age=86400').send(svg);
    },
  );

  app.post(
    `${P}/appointments/:code/cancel`,
    {
      config: { access: 'public', limit: 'public_write' },
      schema: { tags, summary: 'Hủy lịch hẹn (trước giờ hẹn); chỗ được trả lại', params: CodeParam, response: { 200: Appointment } },
    },
    async (req) => svc.cancelAppointment(contextOf(req), req.params.code),
  );

  app.get(
    `${P}/my-appointments`,
    {
      config: { access: ['citizen'] },
      schema: { tags, summary: 'Lịch hẹn của tôi (công dân đã đăng nhập)', response: { 200: list(Appointment) } },
    },
    async (req) => {
      const items = await svc.myAppointments(req.actor!);
      return { items, total: items.length };
    },
  );

  app.post(
    `${P}/kiosk/check-in`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Kiosk: người đã đặt lịch xác nhận bằng mã (hoặc quét QR) và nhận số thứ tự',
        headers: DeviceHeader,
        body: CheckInBody,
        response: { 201: CheckedIn },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.checkIn(contextOf(req), deviceToken(req), req.body)),
  );

  app.post(
    `${P}/tickets/:id/dossier`,
    {
      config: { access: COUNTER_ROLES },
      schema: {
        tags,
        summary: 'Gắn số thứ tự với hồ sơ vừa tiếp nhận từ nó (mẫu tiếp nhận tại quầy gửi sau khi tiếp nhận)',
        params: Id,
        body: LinkDossierBody,
        response: { 200: ActionResult },
      },
    },
    async (req) => svc.linkDossier(contextOf(req), req.params.id, req.body.dossierId),
  );

  app.get(
    `${P}/dossiers/:id/ticket`,
    {
      config: { access: DOSSIER_TICKET_ROLES },
      schema: { tags, summary: 'Số thứ tự mà hồ sơ được tiếp nhận từ đó (quầy, cán bộ, thời điểm)', params: Id, response: { 200: DossierTicket } },
    },
    async (req) => svc.ticketOfDossier(req.actor!, req.params.id),
  );

  // ---- statistics ----------------------------------------------------------------------------------
  app.get(
    `${P}/stats`,
    {
      config: { access: STATS_ROLES },
      schema: {
        tags,
        summary: 'Thống kê: số lượt, thời gian chờ và phục vụ theo khu vực, quầy, cán bộ; vắng mặt; giờ cao điểm',
        querystring: StatsQuery,
        response: { 200: Stats },
      },
    },
    async (req) => svc.stats(req.actor!, req.query),
  );

  app.get(
    `${P}/stats.xlsx`,
    {
      config: { access: STATS_ROLES },
      schema: {
        tags,
        summary: 'Thống kê quầy (XLSX)',
        querystring: StatsQuery,
        response: {
          200: {
            description: 'XLSX',
            content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
    },
    async (req, reply) => {
      const s = await svc.stats(req.actor!, req.query);
      const buf = await statsToXlsx(s);
      return reply
        .header('content-disposition', `attachment; filename="thong-ke-quay-${s.from}-${s.to}.xlsx"`)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(buf as unknown as string); // binary body; the schema documents it
    },
  );
}
