import { createHash, randomBytes, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { hasAnyRole, isProvinceWide, systemContext, type Actor, type RequestContext, type Role } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound, unauthorized, unprocessable, AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { isReceptionTime, localIsoDate, type CalendarService } from '../calendar/calendar.public.js';
import * as repo from './frontoffice.repo.js';
import { getDossier, readyToCollect } from '../dossiers/dossiers.public.js';
import type { CallHub } from './frontoffice.events.js';
import {
  announcement,
  BOOKING_CODE_ALPHABET,
  BOOKING_DAYS_AHEAD,
  canMarkNoShow,
  CHECK_IN_EARLY_MINUTES,
  checkInVerdict,
  localDate,
  normalizeBookingCode,
  normalizePhone,
  SLOT_MINUTES,
  slotCapacity,
  slotsOfDay,
  calendarReceptionWeek,
  centreHoursProblem,
  centreOpenAt,
  normalizeCentreHours,
  type CentreHours,
  DEFAULT_NO_SHOW_AFTER_CALLS,
  estimatedWaitMinutes,
  peakHours,
  peopleAhead,
  ratingProblem,
  ticketNumber,
  type PriorityGroup,
} from './frontoffice.rules.js';
import { vnIso } from '../../platform/vn-time.js';

/** Who configures areas, counters and devices: the system administrator (any centre). */
export const CONFIG_ROLES: Role[] = ['admin'];
/** Who works at a counter. */
export const COUNTER_ROLES: Role[] = ['one_stop_officer'];
/** Who reads the centre's statistics. */
export const STATS_ROLES: Role[] = ['one_stop_officer', 'unit_leader', 'admin', 'provincial_office', 'home_affairs'];

/** Who sees which ticket a dossier was received from (staff of the centre, province-wide roles). */
export const DOSSIER_TICKET_ROLES: Role[] = ['one_stop_officer', 'specialist', 'unit_leader', 'admin', 'provincial_office', 'home_affairs'];
/** Web paths the server prints (pairing link, ticket QR). */
export const WEB_PATHS = { pair: '/quay/ghep-noi', follow: '/quay/theo-doi', booking: '/dat-lich/xem' } as const;

export interface FrontOfficeOptions {
  clock?: () => Date;
  publicBaseUrl: string;
  noShowAfterCalls?: number;
  /** Minutes after a ticket is finished during which the counter's tablet asks for a rating. */
  ratingWindowMinutes?: number;
}

/** A new booking code (8 characters of BOOKING_CODE_ALPHABET, about 1.8 × 10^12 codes). */
export const bookingCode = (): string => Array.from({ length: 8 }, () => BOOKING_CODE_ALPHABET[randomInt(BOOKING_CODE_ALPHABET.length)]).join('');
/** 0912345678 → 091****678 (a booking looked up by its code shows no full phone number). */
export const maskPhone = (p: string): string => (p.length > 6 ? `${p.slice(0, 3)}${'*'.repeat(p.length - 6)}${p.slice(-3)}` : '***');
const viTime = (t: Date) => vnIso(t).slice(11, 16);
const viDate = (t: Date) => {
  const d = localDate(t);
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
};

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface TicketView {
  id: string;
  number: number;
  areaId: string;
  areaCode: string;
  areaName: string;
  areaNameEn: string | null;
  status: repo.TicketRow['status'];
  priorityGroup: PriorityGroup | null;
  procedureCode: string | null;
  peopleAhead: number;
  estimatedWaitMinutes: number;
  counterNumber: number | null;
  followToken: string;
  followUrl: string;
  createdAt: string;
  centreName: string;
  /** A booked person's ticket: the booked moment from which it is served first (else null). */
  appointmentAt: string | null;
}

export function createFrontOfficeService(database: Database, calendar: CalendarService, hub: CallHub, opts: FrontOfficeOptions) {
  const db = database.db;
  const now = opts.clock ?? (() => new Date());
  const noShowAfter = opts.noShowAfterCalls ?? DEFAULT_NO_SHOW_AFTER_CALLS;
  const base = opts.publicBaseUrl.replace(/\/$/, '');
  const today = () => localIsoDate(now());

  /**
   * Whether a centre receives at `t`: its own weekly hours when it has set them (days off of its
   * calendar closing it unless it serves on holidays), else the calendar's reception time.
   */
  async function receptionOpen(agencyId: string, t: Date, ex: Executor = db): Promise<boolean> {
    const cal = await calendar.calendarFor(agencyId, ex);
    const own = await repo.getCentreHours(ex, agencyId);
    if (!own) return isReceptionTime(cal, t);
    return centreOpenAt(own, t, (d) => cal.isListedDayOff(Math.floor(Date.parse(`${d}T00:00:00Z`) / 86_400_000)));
  }

  /** The hours a centre receives by, as shown to citizens and the administrator. */
  async function hoursView(agencyId: string) {
    const own = await repo.getCentreHours(db, agencyId);
    if (own)
      return {
        agencyId,
        source: 'centre' as const,
        weekly: own.weekly,
        servesOnHolidays: own.servesOnHolidays,
        version: own.version,
        updatedAt: own.updatedAt,
      };
    const cal = await calendar.calendarFor(agencyId);
    return { agencyId, source: 'calendar' as const, ...calendarReceptionWeek(cal.officeHours), version: 0, updatedAt: null };
  }

  // ---- access ---------------------------------------------------------------------------------
  /** Staff see their own centre; province-wide roles any centre. */
  function checkAgency(actor: Actor | null, agencyId: string): void {
    if (!actor) throw unauthorized();
    if (isProvinceWide(actor)) return;
    if (actor.agencyId !== agencyId) throw forbidden('Bạn chỉ làm việc với trung tâm/bộ phận một cửa của cơ quan mình.');
  }
  const agencyOf = (actor: Actor | null, requested?: string): string => {
    const id = requested ?? actor?.agencyId ?? null;
    if (!id) throw badRequest('agency_required', 'Cần chọn trung tâm (agencyId).');
    checkAgency(actor, id);
    return id;
  };

  async function agencyName(ex: Executor, id: string): Promise<string> {
    const { rows } = await sql<{ name: string }>`SELECT name FROM agency WHERE id = ${id}`.execute(ex);
    if (!rows[0]) throw notFound('cơ quan');
    return rows[0].name;
  }

  async function audit(tx: Executor, ctx: RequestContext, action: string, entity: string, entityId: string | null, summary: Record<string, unknown>) {
    await recordAudit(tx, ctx, { action, entity, entityId, summary });
  }

  // ---- configuration ------------------------------------------------------------------------------
  async function area(id: string): Promise<repo.AreaRow> {
    const a = await repo.getArea(db, id);
    if (!a) throw notFound('khu vực dịch vụ');
    return a;
  }
  async function counter(ex: Executor, id: string, forUpdate = false): Promise<repo.CounterRow> {
    const c = await repo.getCounter(ex, id, forUpdate);
    if (!c) throw notFound('quầy');
    return c;
  }

  async function ticketView(ex: Executor, t: repo.TicketRow): Promise<TicketView> {
    const a = (await repo.getArea(ex, t.areaId))!;
    const at = now();
    const waiting = t.status === 'waiting' ? await repo.waitingOfArea(ex, t.areaId, t.day, at) : [];
    const entries = waiting.map((w) => ({
      number: w.number,
      priorityGroup: w.priorityGroup,
      queuedAt: w.queuedAt.getTime(),
      targetCounterId: w.targetCounterId,
      appointmentAt: w.appointmentAt?.getTime() ?? null,
    }));
    const me = entries.find((e) => e.number === t.number);
    const ahead = me ? peopleAhead(entries, me, at.getTime()) : 0;
    const open = await repo.openCountersOfArea(ex, t.areaId);
    const counterNumber = t.counterId ? ((await repo.getCounter(ex, t.counterId))?.number ?? null) : null;
    return {
      id: t.id,
      number: t.number,
      areaId: a.id,
      areaCode: a.code,
      areaName: a.name,
      areaNameEn: a.nameEn,
      status: t.status,
      priorityGroup: t.priorityGroup,
      procedureCode: t.procedureCode,
      peopleAhead: ahead,
      estimatedWaitMinutes: estimatedWaitMinutes(ahead, open, a.avgServiceMinutes),
      counterNumber,
      followToken: t.followToken,
      followUrl: `${base}${WEB_PATHS.follow}?ma=${t.followToken}`,
      createdAt: t.createdAt.toISOString(),
      centreName: await agencyName(ex, t.agencyId),
      appointmentAt: t.appointmentAt?.toISOString() ?? null,
    };
  }

  /** After a commit that wrote call events: push them (PGlite; PostgreSQL's NOTIFY does it). */
  const pushed = (agencyId: string) => hub.committed(agencyId);

  async function callEvent(tx: Executor, t: repo.TicketRow, c: repo.CounterRow, kind: 'call' | 'recall'): Promise<void> {
    const a = (await repo.getArea(tx, t.areaId))!;
    await hub.publish(tx, t.agencyId, kind, {
      ticketId: t.id,
      number: t.number,
      areaCode: a.code,
      counterNumber: c.number,
      callCount: t.callCount,
      text: announcement(t.number, c.number, 'vi'),
      textEn: announcement(t.number, c.number, 'en'),
      at: (t.calledAt ?? now()).toISOString(),
    });
  }

  // ---- devices -------------------------------------------------------------------------------------
  async function authDevice(token: string | undefined, kinds: readonly repo.DeviceRow['kind'][]): Promise<repo.DeviceRow> {
    if (!token || token.length < 20 || token.length > 200) throw new AppError(401, 'device_unauthorized', 'Thiết bị chưa được ghép nối (thiếu mã thiết bị).');
    const d = await repo.deviceByTokenHash(db, hashToken(token));
    if (!d) throw new AppError(401, 'device_unauthorized', 'Mã thiết bị không hợp lệ hoặc đã bị thu hồi; hãy ghép nối lại.');
    if (!kinds.includes(d.kind)) throw new AppError(403, 'device_wrong_kind', 'Thiết bị này không dùng cho màn hình này.');
    await repo.touchDevice(db, d.id, now());
    return d;
  }

  return {
    authDevice,

    // ---- configuration ---------------------------------------------------------------------------
    async listAreas(actor: Actor | null, agencyId?: string) {
      return repo.listAreas(db, agencyOf(actor, agencyId));
    },

    async createArea(
      ctx: RequestContext,
      b: { agencyId: string; code: string; name: string; nameEn?: string | null; numberBase: number; procedureCodes?: string[]; avgServiceMinutes?: number },
    ) {
      checkAgency(ctx.actor, b.agencyId);
      await agencyName(db, b.agencyId);
      try {
        return await database.transaction(async (tx) => {
          const a = await repo.insertArea(tx, {
            agencyId: b.agencyId,
            code: b.code,
            name: b.name,
            nameEn: b.nameEn ?? null,
            numberBase: b.numberBase,
            procedureCodes: b.procedureCodes ?? [],
            avgServiceMinutes: b.avgServiceMinutes ?? 10,
            active: true,
          });
          await audit(tx, ctx, 'frontoffice.area.create', 'fo_area', a.id, { code: a.code, name: a.name });
          await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: b.agencyId, payload: { areaId: a.id } });
          return a;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('area_exists', 'Trung tâm đã có khu vực cùng mã hoặc cùng dải số.');
        throw err;
      }
    },

    async updateArea(
      ctx: RequestContext,
      id: string,
      b: { version: number; name?: string; nameEn?: string | null; procedureCodes?: string[]; avgServiceMinutes?: number; active?: boolean },
    ) {
      const a = await area(id);
      checkAgency(ctx.actor, a.agencyId);
      return database.transaction(async (tx) => {
        const next = {
          name: b.name ?? a.name,
          nameEn: b.nameEn === undefined ? a.nameEn : b.nameEn,
          procedureCodes: b.procedureCodes ?? a.procedureCodes,
          avgServiceMinutes: b.avgServiceMinutes ?? a.avgServiceMinutes,
          active: b.active ?? a.active,
        };
        const u = await repo.updateArea(tx, id, b.version, next);
        if (!u) throw conflict('version_conflict', 'Khu vực đã được người khác sửa; hãy tải lại.');
        await audit(tx, ctx, 'frontoffice.area.update', 'fo_area', id, next);
        await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: a.agencyId, payload: { areaId: id } });
        return u;
      });
    },

    // ---- the centre's own reception hours --------------------------------------------------------
    async setCentreHours(ctx: RequestContext, agencyId: string, b: CentreHours & { version: number }) {
      checkAgency(ctx.actor, agencyId);
      await agencyName(db, agencyId);
      const problem = centreHoursProblem(b);
      if (problem) throw unprocessable(problem.code, problem.message);
      const h = normalizeCentreHours(b);
      await database.transaction(async (tx) => {
        const u = await repo.putCentreHours(tx, agencyId, b.version, h, ctx.actor?.id ?? null, now());
        if (!u) throw conflict('version_conflict', 'Giờ tiếp nhận đã được người khác sửa; hãy tải lại.');
        await audit(tx, ctx, 'frontoffice.hours.update', 'fo_centre_hours', agencyId, { ...h, version: u.version });
        await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: agencyId, payload: { hours: true } });
      });
      return hoursView(agencyId);
    },

    /** Back to the calendar's reception time (the centre's own schedule is removed). */
    async resetCentreHours(ctx: RequestContext, agencyId: string) {
      checkAgency(ctx.actor, agencyId);
      await agencyName(db, agencyId);
      await database.transaction(async (tx) => {
        if (await repo.deleteCentreHours(tx, agencyId)) {
          await audit(tx, ctx, 'frontoffice.hours.reset', 'fo_centre_hours', agencyId, {});
          await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: agencyId, payload: { hours: true } });
        }
      });
      return hoursView(agencyId);
    },

    /** The hours a centre receives by (public: the kiosk, the booking page and the admin screen show them). */
    async centreHours(agencyId: string) {
      await agencyName(db, agencyId);
      return hoursView(agencyId);
    },

    async listCounters(actor: Actor | null, agencyId?: string) {
      return repo.listCounters(db, agencyOf(actor, agencyId));
    },

    async createCounter(ctx: RequestContext, b: { areaId: string; number: number; name?: string | null }) {
      const a = await area(b.areaId);
      checkAgency(ctx.actor, a.agencyId);
      try {
        return await database.transaction(async (tx) => {
          const c = await repo.insertCounter(tx, { agencyId: a.agencyId, areaId: a.id, number: b.number, name: b.name ?? null });
          await audit(tx, ctx, 'frontoffice.counter.create', 'fo_counter', c.id, { number: c.number, areaId: a.id });
          await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: a.agencyId, payload: { counterId: c.id } });
          return c;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('counter_exists', `Trung tâm đã có quầy số ${b.number}.`);
        throw err;
      }
    },

    async updateCounter(ctx: RequestContext, id: string, b: { version: number; areaId?: string; name?: string | null; active?: boolean }) {
      const c = await counter(db, id);
      checkAgency(ctx.actor, c.agencyId);
      if (b.areaId && (await area(b.areaId)).agencyId !== c.agencyId) throw unprocessable('area_other_centre', 'Khu vực thuộc trung tâm khác.');
      return database.transaction(async (tx) => {
        const next = { areaId: b.areaId ?? c.areaId, name: b.name === undefined ? c.name : b.name, active: b.active ?? c.active };
        if (!(await repo.updateCounter(tx, id, b.version, next))) throw conflict('version_conflict', 'Quầy đã được người khác sửa; hãy tải lại.');
        await audit(tx, ctx, 'frontoffice.counter.update', 'fo_counter', id, next);
        await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: c.agencyId, payload: { counterId: id } });
        return (await repo.getCounter(tx, id))!;
      });
    },

    async listDevices(actor: Actor | null, agencyId?: string) {
      return repo.listDevices(db, agencyOf(actor, agencyId));
    },

    /** A new device and its pairing link; the token is shown once (only its hash is kept). */
    async createDevice(ctx: RequestContext, b: { agencyId: string; kind: repo.DeviceRow['kind']; name: string; counterId?: string | null }) {
      checkAgency(ctx.actor, b.agencyId);
      await agencyName(db, b.agencyId);
      if (b.kind === 'rating_tablet' && !b.counterId) throw badRequest('counter_required', 'Máy tính bảng đánh giá phải gắn với một quầy (counterId).');
      if (b.counterId) {
        const c = await counter(db, b.counterId);
        if (c.agencyId !== b.agencyId) throw unprocessable('counter_other_centre', 'Quầy thuộc trung tâm khác.');
      }
      const token = randomBytes(24).toString('base64url');
      const device = await database.transaction(async (tx) => {
        const d = await repo.insertDevice(tx, {
          agencyId: b.agencyId,
          kind: b.kind,
          counterId: b.counterId ?? null,
          name: b.name,
          tokenHash: hashToken(token),
        });
        await audit(tx, ctx, 'frontoffice.device.create', 'fo_device', d.id, { kind: d.kind, name: d.name, counterId: d.counterId });
        await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: b.agencyId, payload: { deviceId: d.id } });
        return d;
      });
      // The token travels in the fragment (#), which browsers never send to a server or a log.
      return { device, token, pairingUrl: `${base}${WEB_PATHS.pair}#token=${token}` };
    },

    async revokeDevice(ctx: RequestContext, id: string) {
      const d = await repo.getDevice(db, id);
      if (!d) throw notFound('thiết bị');
      checkAgency(ctx.actor, d.agencyId);
      await database.transaction(async (tx) => {
        await repo.revokeDevice(tx, id, now());
        await audit(tx, ctx, 'frontoffice.device.revoke', 'fo_device', id, { name: d.name });
        await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: d.agencyId, payload: { deviceId: id } });
      });
      return (await repo.getDevice(db, id))!;
    },

    /** What a paired device learns about itself. */
    async deviceInfo(token: string | undefined) {
      const d = await authDevice(token, ['kiosk', 'call_screen', 'rating_tablet']);
      const c = d.counterId ? await repo.getCounter(db, d.counterId) : null;
      return { id: d.id, kind: d.kind, name: d.name, agencyId: d.agencyId, centreName: await agencyName(db, d.agencyId), counterNumber: c?.number ?? null };
    },

    // ---- kiosk ------------------------------------------------------------------------------------
    async kioskInfo(token: string | undefined) {
      const d = await authDevice(token, ['kiosk']);
      const areas = await repo.listAreas(db, d.agencyId, true);
      const withWait = [];
      for (const a of areas) {
        const waiting = (await repo.waitingOfArea(db, a.id, today(), now())).length;
        withWait.push({ ...a, waiting, estimatedWaitMinutes: estimatedWaitMinutes(waiting, await repo.openCountersOfArea(db, a.id), a.avgServiceMinutes) });
      }
      return {
        centreName: await agencyName(db, d.agencyId),
        open: await receptionOpen(d.agencyId, now()),
        hours: await hoursView(d.agencyId),
        areas: withWait,
      };
    },

    async takeTicket(
      ctx: RequestContext,
      token: string | undefined,
      b: { areaId?: string; procedureCode?: string; priorityGroup?: PriorityGroup | null },
      idemKey?: string,
    ): Promise<{ status: number; body: TicketView }> {
      const d = await authDevice(token, ['kiosk']);
      const areas = await repo.listAreas(db, d.agencyId, true);
      let a: repo.AreaRow | undefined;
      if (b.areaId) a = areas.find((x) => x.id === b.areaId);
      else if (b.procedureCode) a = areas.find((x) => x.procedureCodes.includes(b.procedureCode!));
      else throw badRequest('area_or_procedure_required', 'Chọn khu vực hoặc thủ tục để lấy số.');
      if (!a)
        throw unprocessable(
          'area_not_found',
          b.areaId ? 'Khu vực không thuộc trung tâm này hoặc đã ngừng phục vụ.' : 'Thủ tục này chưa được gán cho khu vực nào của trung tâm.',
        );
      if (!(await receptionOpen(d.agencyId, now())))
        throw unprocessable('centre_closed', 'Trung tâm đang ngoài giờ tiếp nhận; mời quay lại trong giờ làm việc.');
      const area = a;
      const at = now();
      const day = localIsoDate(at);
      const res = await withIdempotency(database, { operation: 'fo.ticket', principal: d.id, key: idemKey, request: b }, async (tx) => {
        const seq = await repo.nextSeq(tx, area.id, day);
        if (seq > 999) throw unprocessable('numbers_exhausted', 'Khu vực đã hết số trong ngày.');
        const t = await repo.insertTicket(tx, {
          agencyId: d.agencyId,
          areaId: area.id,
          day,
          number: ticketNumber(area.numberBase, seq),
          procedureCode: b.procedureCode ?? null,
          priorityGroup: b.priorityGroup ?? null,
          followToken: randomBytes(12).toString('base64url'),
          deviceId: d.id,
          at,
        });
        await audit(tx, ctx, 'frontoffice.ticket.take', 'fo_ticket', t.id, {
          number: t.number,
          areaCode: area.code,
          priorityGroup: t.priorityGroup,
          deviceId: d.id,
        });
        await enqueue(tx, { topic: 'frontoffice.ticket.changed', aggregateKey: t.id, payload: { status: 'waiting' } });
        await hub.publish(tx, d.agencyId, 'queue', { areaId: area.id });
        return { status: 201, body: await ticketView(tx, t) };
      });
      if (!res.replayed) pushed(d.agencyId);
      return { status: res.status, body: res.body };
    },

    /** The public follow page of a ticket (QR on the ticket): no personal data. */
    async follow(followToken: string): Promise<TicketView> {
      const t = await repo.ticketByFollowToken(db, followToken);
      if (!t) throw notFound('số thứ tự');
      return ticketView(db, t);
    },

    // ---- counters (officer) ----------------------------------------------------------------------
    async myCounters(actor: Actor) {
      if (!actor.agencyId) return [];
      return repo.listCounters(db, actor.agencyId);
    },

    async openCounter(ctx: RequestContext, counterId: string) {
      const actor = ctx.actor!;
      return database.transaction(async (tx) => {
        const c = await counter(tx, counterId, true);
        if (c.agencyId !== actor.agencyId) throw forbidden('Quầy thuộc trung tâm khác.');
        if (!c.active) throw unprocessable('counter_inactive', 'Quầy đã ngừng sử dụng.');
        if (c.officerId && c.officerId !== actor.id) throw conflict('counter_taken', `Quầy ${c.number} đang do ${c.officerName ?? 'cán bộ khác'} phụ trách.`);
        // One counter per officer: leaving any other counter first.
        await sql`UPDATE fo_counter SET officer_id = NULL, opened_at = NULL, version = version + 1 WHERE officer_id = ${actor.id} AND id <> ${counterId}`.execute(
          tx,
        );
        await repo.setCounterOfficer(tx, counterId, actor.id, now());
        await audit(tx, ctx, 'frontoffice.counter.open', 'fo_counter', counterId, { number: c.number });
        await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: c.agencyId, payload: { counterId } });
        return (await repo.getCounter(tx, counterId))!;
      });
    },

    async closeCounter(ctx: RequestContext, counterId: string) {
      return database.transaction(async (tx) => {
        const c = await ownCounter(tx, ctx.actor!, counterId);
        if (await repo.currentOfCounter(tx, counterId)) throw conflict('ticket_in_progress', 'Hãy kết thúc hoặc chuyển số đang phục vụ trước khi đóng quầy.');
        await repo.setCounterOfficer(tx, counterId, null, now());
        await audit(tx, ctx, 'frontoffice.counter.close', 'fo_counter', counterId, { number: c.number });
        await enqueue(tx, { topic: 'frontoffice.config.changed', aggregateKey: c.agencyId, payload: { counterId } });
        return (await repo.getCounter(tx, counterId))!;
      });
    },

    /** The officer's screen: the counter, its current ticket and the queue of its area. Never ratings. */
    async counterView(actor: Actor, counterId: string) {
      const c = await counter(db, counterId);
      if (c.agencyId !== actor.agencyId) throw forbidden('Quầy thuộc trung tâm khác.');
      const a = (await repo.getArea(db, c.areaId))!;
      const day = today();
      const waiting = await repo.waitingOfArea(db, a.id, day, now());
      const current = await repo.currentOfCounter(db, counterId);
      const t = now().getTime();
      return {
        counter: c,
        area: a,
        noShowAfterCalls: noShowAfter,
        current: current
          ? {
              id: current.id,
              number: current.number,
              status: current.status,
              callCount: current.callCount,
              priorityGroup: current.priorityGroup,
              procedureCode: current.procedureCode,
              calledAt: current.calledAt?.toISOString() ?? null,
              dossierId: current.dossierId,
              version: current.version,
            }
          : null,
        waiting: waiting
          .filter((w) => w.targetCounterId === null || w.targetCounterId === counterId)
          .map((w) => ({
            id: w.id,
            number: w.number,
            priorityGroup: w.priorityGroup,
            procedureCode: w.procedureCode,
            waitedMinutes: Math.max(0, Math.floor((t - w.createdAt.getTime()) / 60_000)),
            transferred: w.targetCounterId !== null,
            booked: w.appointmentAt !== null,
          })),
      };
    },

    async callNext(ctx: RequestContext, counterId: string) {
      const actor = ctx.actor!;
      const res = await database.transaction(async (tx) => {
        const c = await ownCounter(tx, actor, counterId);
        if (await repo.currentOfCounter(tx, counterId))
          throw conflict('ticket_in_progress', 'Quầy đang có số được gọi/phục vụ; hãy kết thúc, bỏ qua hoặc chuyển số đó trước.');
        const t = await repo.claimNext(tx, { areaId: c.areaId, day: today(), counterId, officerId: actor.id, at: now() });
        if (!t) return null;
        await audit(tx, ctx, 'frontoffice.ticket.call', 'fo_ticket', t.id, { number: t.number, counter: c.number });
        await enqueue(tx, { topic: 'frontoffice.ticket.changed', aggregateKey: t.id, payload: { status: 'called' } });
        await callEvent(tx, t, c, 'call');
        return { ticket: t, agencyId: c.agencyId };
      });
      if (!res) return { ticket: null };
      pushed(res.agencyId);
      return {
        ticket: {
          id: res.ticket.id,
          number: res.ticket.number,
          status: res.ticket.status,
          callCount: res.ticket.callCount,
          priorityGroup: res.ticket.priorityGroup,
          version: res.ticket.version,
        },
      };
    },

    async recall(ctx: RequestContext, ticketId: string) {
      return act(ctx, ticketId, async (tx, t, c) => {
        const u = await repo.changeTicket(tx, t.id, ['called'], { callCount: t.callCount + 1, calledAt: now() });
        if (!u) throw conflict('ticket_state', 'Chỉ gọi lại được số đang được gọi.');
        await callEvent(tx, u, c, 'recall');
        return { ticket: u, action: 'recall' };
      });
    },

    async start(ctx: RequestContext, ticketId: string) {
      return act(ctx, ticketId, async (tx, t) => {
        const u = await repo.changeTicket(tx, t.id, ['called'], { status: 'serving', servedAt: now() });
        if (!u) throw conflict('ticket_state', 'Chỉ bắt đầu phục vụ được số đang được gọi.');
        return { ticket: u, action: 'start' };
      });
    },

    async skip(ctx: RequestContext, ticketId: string) {
      return act(ctx, ticketId, async (tx, t) => {
        if (t.status !== 'called') throw conflict('ticket_state', 'Chỉ bỏ qua được số đang được gọi.');
        if (!canMarkNoShow(t.callCount, noShowAfter))
          throw unprocessable('not_enough_calls', `Cần gọi đủ ${noShowAfter} lần trước khi ghi nhận công dân vắng mặt (đã gọi ${t.callCount} lần).`);
        const u = await repo.changeTicket(tx, t.id, ['called'], { status: 'no_show', finishedAt: now() });
        if (!u) throw conflict('ticket_state', 'Số đã đổi trạng thái.');
        return { ticket: u, action: 'no_show' };
      });
    },

    async transfer(ctx: RequestContext, ticketId: string, b: { areaId?: string; counterId?: string }) {
      if (!b.areaId && !b.counterId) throw badRequest('target_required', 'Chọn khu vực hoặc quầy nhận chuyển.');
      return act(ctx, ticketId, async (tx, t, c) => {
        let areaId = b.areaId ?? null;
        let target: string | null = null;
        if (b.counterId) {
          if (b.counterId === c.id) throw unprocessable('same_counter', 'Không chuyển số về chính quầy này.');
          const to = await counter(tx, b.counterId);
          if (to.agencyId !== c.agencyId) throw unprocessable('counter_other_centre', 'Quầy thuộc trung tâm khác.');
          areaId = to.areaId;
          target = to.id;
        }
        const a = await repo.getArea(tx, areaId!);
        if (!a || a.agencyId !== c.agencyId) throw unprocessable('area_other_centre', 'Khu vực không thuộc trung tâm này.');
        // Back to waiting, keeping its original place (queued_at) in the new area's queue.
        const u = await repo.changeTicket(tx, t.id, ['called', 'serving'], {
          status: 'waiting',
          areaId: a.id,
          targetCounterId: target,
          counterId: null,
          officerId: null,
          callCount: 0,
        });
        if (!u) throw conflict('ticket_state', 'Số đã đổi trạng thái.');
        await hub.publish(tx, c.agencyId, 'queue', { areaId: a.id });
        return { ticket: u, action: 'transfer', extra: { toArea: a.code, toCounter: target } };
      });
    },

    async finish(ctx: RequestContext, ticketId: string, b: { dossierId?: string | null }) {
      return act(ctx, ticketId, async (tx, t) => {
        if (b.dossierId) await linkableDossier(tx, t, b.dossierId);
        const u = await repo.changeTicket(tx, t.id, ['called', 'serving'], {
          status: 'done',
          finishedAt: now(),
          ...(b.dossierId !== undefined ? { dossierId: b.dossierId, dossierLinkedAt: b.dossierId ? now() : null } : {}),
        });
        if (!u) throw conflict('ticket_state', 'Chỉ kết thúc được số đang được gọi hoặc phục vụ.');
        await hub.publish(tx, t.agencyId, 'finished', { counterId: t.counterId });
        return { ticket: u, action: 'finish', ...(b.dossierId ? { extra: { dossierId: b.dossierId } } : {}) };
      });
    },

    /**
     * Links a ticket to the dossier received from it: the reception form sends it after receiving
     * the dossier (the form carries the ticket when opened from the counter screen). Only the
     * officer who called the ticket, for a dossier received at the ticket's centre; one dossier per
     * ticket (linking the same again is a no-op).
     */
    async linkDossier(ctx: RequestContext, ticketId: string, dossierId: string) {
      const actor = ctx.actor!;
      const r = await database.transaction(async (tx) => {
        const t = await repo.getTicket(tx, ticketId, true);
        if (!t) throw notFound('số thứ tự');
        if (t.agencyId !== actor.agencyId) throw forbidden('Số thứ tự thuộc trung tâm khác.');
        if (t.officerId !== actor.id) throw forbidden('Chỉ cán bộ đã gọi số này mới gắn được hồ sơ với nó.');
        if (!['called', 'serving', 'done'].includes(t.status)) throw conflict('ticket_state', 'Số này chưa được gọi tới quầy.');
        if (t.dossierId === dossierId) return { t, fresh: false };
        if (t.dossierId) throw conflict('ticket_linked', 'Số thứ tự đã gắn với một hồ sơ khác.');
        await linkableDossier(tx, t, dossierId);
        const u = (await repo.setTicketDossier(tx, t.id, dossierId, now()))!;
        await audit(tx, ctx, 'frontoffice.ticket.dossier', 'fo_ticket', t.id, { number: t.number, dossierId });
        await enqueue(tx, { topic: 'frontoffice.ticket.changed', aggregateKey: t.id, payload: { status: u.status, dossierId } });
        return { t: u, fresh: true };
      });
      return {
        ticket: { id: r.t.id, number: r.t.number, status: r.t.status, callCount: r.t.callCount, priorityGroup: r.t.priorityGroup, version: r.t.version },
      };
    },

    /** The queue ticket a dossier was received from (shown on the dossier), or null. */
    async ticketOfDossier(actor: Actor, dossierId: string) {
      const d = await getDossier(db, dossierId);
      if (!d) throw notFound('hồ sơ');
      const t = await repo.ticketOfDossier(db, dossierId);
      // The number, counter and officer of a visit are not personal data: any staff role that may
      // open dossiers sees them (the dossiers module decides who opens which dossier).
      if (!t || !actor) return { ticket: null };
      return { ticket: { ...t, calledAt: t.calledAt?.toISOString() ?? null, finishedAt: t.finishedAt?.toISOString() ?? null } };
    },

    // ---- call screen -----------------------------------------------------------------------------
    async screenState(token: string | undefined) {
      const d = await authDevice(token, ['call_screen']);
      const calls = await repo.currentCalls(db, d.agencyId, today());
      const areas = await repo.listAreas(db, d.agencyId, true);
      const waiting: Record<string, number> = {};
      for (const a of areas) waiting[a.code] = (await repo.waitingOfArea(db, a.id, today(), now())).length;
      return {
        centreName: await agencyName(db, d.agencyId),
        lastEventId: await repo.lastEventId(db, d.agencyId),
        calls: calls.map((c) => ({ ...c, calledAt: c.calledAt.toISOString(), text: announcement(c.number, c.counterNumber, 'vi') })),
        areas: areas.map((a) => ({ code: a.code, name: a.name, nameEn: a.nameEn, waiting: waiting[a.code] })),
      };
    },

    /** The SSE stream of a call screen: what it missed since Last-Event-ID, then live events. */
    async screenStream(token: string | undefined, lastEventId: number | null, send: (e: repo.EventRow) => void): Promise<() => void> {
      const d = await authDevice(token, ['call_screen']);
      let high = lastEventId ?? 0;
      const seen = new Set<number>();
      const deliver = (e: repo.EventRow) => {
        if (seen.has(e.id) || e.id <= (lastEventId ?? 0)) return;
        seen.add(e.id);
        if (e.id > high) high = e.id;
        send(e);
      };
      const unsubscribe = await hub.subscribe(d.agencyId, deliver);
      if (lastEventId !== null) for (const e of await repo.eventsSince(db, d.agencyId, lastEventId)) deliver(e);
      return unsubscribe;
    },

    // ---- rating tablet ------------------------------------------------------------------------------
    async tabletState(token: string | undefined) {
      const d = await authDevice(token, ['rating_tablet']);
      const c = (await repo.getCounter(db, d.counterId!))!;
      const since = new Date(now().getTime() - (opts.ratingWindowMinutes ?? 15) * 60_000);
      const t = await repo.ratableAtCounter(db, c.id, since);
      return {
        centreName: await agencyName(db, d.agencyId),
        counterNumber: c.number,
        officerName: c.officerName,
        ticket: t ? { id: t.id, number: t.number } : null,
      };
    },

    async rate(ctx: RequestContext, token: string | undefined, b: { ticketId: string; level: number; reasons?: string[] }) {
      const d = await authDevice(token, ['rating_tablet']);
      const reasons = b.reasons ?? [];
      const problem = ratingProblem(b.level, reasons);
      if (problem) throw badRequest('invalid_rating', problem);
      return database.transaction(async (tx) => {
        const t = await repo.getTicket(tx, b.ticketId, true);
        if (!t || !t.counterId || t.counterId !== d.counterId)
          throw unprocessable('ticket_not_at_counter', 'Số thứ tự không được phục vụ tại quầy của máy đánh giá này.');
        if (t.status !== 'done') throw unprocessable('ticket_not_finished', 'Chỉ đánh giá sau khi đã được phục vụ xong.');
        const ok = await repo.insertRating(tx, {
          ticketId: t.id,
          agencyId: t.agencyId,
          counterId: t.counterId,
          officerId: t.officerId,
          dossierId: t.dossierId,
          level: b.level,
          reasons,
          deviceId: d.id,
          at: now(),
        });
        if (!ok) throw conflict('already_rated', 'Số thứ tự này đã được đánh giá; mỗi lượt phục vụ chỉ đánh giá một lần.');
        // The audit row records the event, not the officer: the rating stays anonymous to the officer's screens.
        await audit(tx, ctx, 'frontoffice.rating', 'fo_ticket', t.id, { level: b.level, deviceId: d.id });
        await enqueue(tx, { topic: 'frontoffice.rating', aggregateKey: t.id, payload: { level: b.level } });
        return { ticketId: t.id, level: b.level, reasons };
      });
    },

    // ---- public board --------------------------------------------------------------------------------
    /** Results ready to collect at a centre: dossier codes and procedures, no names. */
    async board(agencyId: string) {
      const name = await agencyName(db, agencyId);
      const items = await readyToCollect(db, agencyId, 200);
      return { centreName: name, items: items.map((i) => ({ code: i.code, procedureName: i.procedureName, since: i.since.toISOString() })) };
    },

    // ---- appointments (đặt lịch hẹn) ---------------------------------------------------------------
    /** Centres and areas taking bookings, optionally only those handling a procedure. */
    async bookingCentres(procedureCode?: string) {
      const rows = await repo.bookableAreas(db, procedureCode);
      const by = new Map<string, { agencyId: string; centreName: string; areas: { id: string; code: string; name: string; nameEn: string | null }[] }>();
      for (const r of rows) {
        let c = by.get(r.agencyId);
        if (!c) by.set(r.agencyId, (c = { agencyId: r.agencyId, centreName: r.centreName, areas: [] }));
        c.areas.push({ id: r.id, code: r.code, name: r.name, nameEn: r.nameEn });
      }
      return [...by.values()];
    },

    /** The slots of a day at an area, with their places left. */
    async slots(q: { agencyId: string; areaId?: string; procedureCode?: string; date: string }) {
      const a = await bookingArea(q.agencyId, q.areaId, q.procedureCode);
      const daySlots = await slotsFor(a, q.date);
      const booked = daySlots.length
        ? await repo.slotBookings(db, a.id, daySlots[0].startsAt, daySlots[daySlots.length - 1].endsAt)
        : new Map<number, number>();
      const capacity = await capacityOf(a);
      const t = now().getTime();
      return {
        agencyId: a.agencyId,
        areaId: a.id,
        areaName: a.name,
        areaNameEn: a.nameEn,
        date: q.date,
        capacity,
        slots: daySlots
          .filter((x) => x.startsAt.getTime() > t)
          .map((x) => {
            const b = booked.get(x.startsAt.getTime()) ?? 0;
            return { startsAt: x.startsAt.toISOString(), endsAt: x.endsAt.toISOString(), booked: b, available: Math.max(0, capacity - b) };
          }),
      };
    },

    /** Books a place in a slot (signed in or not); 409 slot_full when the last place is gone. */
    async book(ctx: RequestContext, b: { agencyId: string; areaId?: string; procedureCode?: string; startsAt: string; name: string; phone: string }) {
      const name = b.name.trim().replace(/\s+/g, ' ');
      if (name.length < 2) throw badRequest('invalid_name', 'Nhập họ và tên người đến làm thủ tục.');
      const phone = normalizePhone(b.phone);
      if (!phone) throw badRequest('invalid_phone', 'Số điện thoại không hợp lệ (10–11 chữ số, bắt đầu bằng 0 hoặc +84).');
      const a = await bookingArea(b.agencyId, b.areaId, b.procedureCode);
      const startsAt = new Date(b.startsAt);
      if (Number.isNaN(startsAt.getTime())) throw badRequest('invalid_slot', 'Thời điểm hẹn không hợp lệ.');
      const slot = (await slotsFor(a, localDate(startsAt))).find((x) => x.startsAt.getTime() === startsAt.getTime());
      if (!slot) throw unprocessable('invalid_slot', 'Khung giờ này không có trong lịch tiếp nhận của trung tâm.');
      if (slot.startsAt.getTime() <= now().getTime()) throw unprocessable('slot_past', 'Khung giờ này đã qua; hãy chọn khung giờ khác.');
      const capacity = await capacityOf(a);
      const at = now();
      const userId = ctx.actor?.kind === 'citizen' ? ctx.actor.id : null;
      const row = await database.transaction(async (tx) => {
        if (!(await repo.reserveSlot(tx, a.id, slot.startsAt, capacity))) throw conflict('slot_full', 'Khung giờ này vừa hết chỗ; hãy chọn khung giờ khác.');
        const ap = await repo.insertAppointment(tx, {
          agencyId: a.agencyId,
          areaId: a.id,
          procedureCode: b.procedureCode ?? null,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          code: bookingCode(),
          name,
          phone,
          userId,
          at,
        });
        await audit(tx, ctx, 'frontoffice.appointment.book', 'fo_appointment', ap.id, { areaId: a.id, startsAt: ap.startsAt.toISOString(), userId });
        await enqueue(tx, { topic: 'frontoffice.appointment.changed', aggregateKey: ap.id, payload: { status: 'booked' } });
        return ap;
      });
      return appointmentView(row);
    },

    async appointment(code: string) {
      return appointmentView(await appointmentOf(db, code));
    },

    async cancelAppointment(ctx: RequestContext, code: string) {
      const row = await database.transaction(async (tx) => {
        const ap = await appointmentOf(tx, code, true);
        if (ap.status !== 'booked')
          throw conflict(
            'appointment_state',
            ap.status === 'cancelled' ? 'Lịch hẹn đã được hủy trước đó.' : 'Lịch hẹn đã được xác nhận tại kiosk; không hủy được nữa.',
          );
        if (ap.startsAt.getTime() <= now().getTime()) throw unprocessable('appointment_started', 'Đã đến giờ hẹn; không hủy được nữa.');
        const u = (await repo.cancelAppointment(tx, ap.id, now()))!;
        await repo.releaseSlot(tx, ap.areaId, ap.startsAt);
        await audit(tx, ctx, 'frontoffice.appointment.cancel', 'fo_appointment', ap.id, { startsAt: ap.startsAt.toISOString() });
        await enqueue(tx, { topic: 'frontoffice.appointment.changed', aggregateKey: ap.id, payload: { status: 'cancelled' } });
        return u;
      });
      return appointmentView(row);
    },

    async myAppointments(actor: Actor) {
      const rows = await repo.appointmentsOfUser(db, actor.id);
      const out = [];
      for (const r of rows) out.push(await appointmentView(r));
      return out;
    },

    /**
     * Check-in at the kiosk with the booking code (typed or scanned): a ticket of the booked area,
     * served first (after priority groups) from the booked moment when the person came in time
     * (checkInVerdict); a late arrival gets an ordinary ticket. A second check-in reprints the ticket.
     */
    async checkIn(ctx: RequestContext, token: string | undefined, b: { code: string }) {
      const d = await authDevice(token, ['kiosk']);
      const code = normalizeBookingCode(b.code);
      if (!code) throw badRequest('invalid_booking_code', 'Mã lịch hẹn gồm 8 ký tự chữ và số (in trên phiếu hẹn hoặc trong mã QR).');
      const at = now();
      const res = await database.transaction(async (tx) => {
        const ap = await appointmentOf(tx, code, true);
        if (ap.agencyId !== d.agencyId) throw unprocessable('appointment_other_centre', 'Lịch hẹn này ở trung tâm khác.');
        if (ap.status === 'cancelled') throw unprocessable('appointment_cancelled', 'Lịch hẹn này đã bị hủy; mời lấy số thứ tự thông thường.');
        if (ap.status === 'checked_in') {
          const t = (await repo.getTicket(tx, ap.ticketId!))!;
          return { ap, ticket: await ticketView(tx, t), fresh: false };
        }
        const v = checkInVerdict(ap.startsAt, at);
        if (!v.ok) {
          if (v.reason === 'other_day') throw unprocessable('appointment_other_day', `Lịch hẹn của bạn vào ngày ${viDate(ap.startsAt)}, không phải hôm nay.`);
          throw unprocessable(
            'appointment_too_early',
            `Lịch hẹn của bạn lúc ${viTime(ap.startsAt)}; mời xác nhận từ ${viTime(new Date(ap.startsAt.getTime() - CHECK_IN_EARLY_MINUTES * 60_000))} hoặc lấy số thứ tự thông thường.`,
          );
        }
        if (!(await receptionOpen(d.agencyId, at, tx)))
          throw unprocessable('centre_closed', 'Trung tâm đang ngoài giờ tiếp nhận; mời quay lại trong giờ làm việc.');
        const a = (await repo.getArea(tx, ap.areaId))!;
        const day = localIsoDate(at);
        const seq = await repo.nextSeq(tx, a.id, day);
        if (seq > 999) throw unprocessable('numbers_exhausted', 'Khu vực đã hết số trong ngày.');
        const t = await repo.insertTicket(tx, {
          agencyId: d.agencyId,
          areaId: a.id,
          day,
          number: ticketNumber(a.numberBase, seq),
          procedureCode: ap.procedureCode,
          priorityGroup: null,
          followToken: randomBytes(12).toString('base64url'),
          deviceId: d.id,
          at,
          appointmentAt: v.arrival === 'late' ? null : ap.startsAt,
          appointmentId: ap.id,
        });
        const u = (await repo.checkInAppointment(tx, ap.id, at, v.arrival, t.id))!;
        await audit(tx, ctx, 'frontoffice.appointment.check_in', 'fo_appointment', ap.id, {
          ticketId: t.id,
          number: t.number,
          arrival: v.arrival,
          deviceId: d.id,
        });
        await enqueue(tx, { topic: 'frontoffice.appointment.changed', aggregateKey: ap.id, payload: { status: 'checked_in', arrival: v.arrival } });
        await enqueue(tx, { topic: 'frontoffice.ticket.changed', aggregateKey: t.id, payload: { status: 'waiting' } });
        await hub.publish(tx, d.agencyId, 'queue', { areaId: a.id });
        return { ap: u, ticket: await ticketView(tx, t), fresh: true };
      });
      if (res.fresh) pushed(d.agencyId);
      return { appointment: await appointmentView(res.ap), ticket: res.ticket, arrival: res.ap.arrival! };
    },

    // ---- housekeeping -------------------------------------------------------------------------------
    /**
     * Deletes the call screens' events older than the retention (days, a setting): they only serve
     * a screen catching up after a reconnection; the tickets themselves (and the statistics) stay.
     */
    async cleanupEvents(retentionDays: number) {
      const before = new Date(now().getTime() - retentionDays * 86_400_000);
      return database.transaction(async (tx) => {
        const deleted = await repo.deleteEventsBefore(tx, before);
        if (deleted > 0) {
          await audit(tx, systemContext('frontoffice.event-cleanup'), 'frontoffice.events.purge', 'fo_event', null, {
            deleted,
            before: before.toISOString(),
            retentionDays,
          });
          await enqueue(tx, { topic: 'frontoffice.events.purged', aggregateKey: 'fo_event', payload: { deleted, before: before.toISOString() } });
        }
        return { deleted, before };
      });
    },

    // ---- statistics ---------------------------------------------------------------------------------
    async stats(actor: Actor, q: { agencyId?: string; from: string; to: string }) {
      const agencyId = agencyOf(actor, q.agencyId);
      if (q.from > q.to) throw badRequest('invalid_period', 'Ngày bắt đầu phải trước ngày kết thúc.');
      const [byArea, byCounter, byOfficer, times] = [
        await repo.stats(db, agencyId, q.from, q.to, 'area'),
        await repo.stats(db, agencyId, q.from, q.to, 'counter'),
        hasAnyRole(actor, ['unit_leader', 'admin', 'provincial_office', 'home_affairs', 'one_stop_officer'])
          ? await repo.stats(db, agencyId, q.from, q.to, 'officer')
          : [],
        await repo.ticketTimes(db, agencyId, q.from, q.to),
      ];
      const total = byArea.reduce(
        (s, r) => ({
          tickets: s.tickets + r.tickets,
          served: s.served + r.served,
          noShows: s.noShows + r.noShows,
          dossiers: s.dossiers + r.dossiers,
          booked: s.booked + r.booked,
        }),
        { tickets: 0, served: 0, noShows: 0, dossiers: 0, booked: 0 },
      );
      return {
        agencyId,
        centreName: await agencyName(db, agencyId),
        from: q.from,
        to: q.to,
        total,
        byArea,
        byCounter,
        byOfficer,
        peakHours: peakHours(times, 5),
      };
    },
  };

  // ---- appointments: helpers -----------------------------------------------------------------------
  /** The area a booking is for: the one named (of that centre), or the centre's area handling the procedure. */
  async function bookingArea(agencyId: string, areaId?: string, procedureCode?: string): Promise<repo.AreaRow> {
    const areas = await repo.listAreas(db, agencyId, true);
    let a: repo.AreaRow | undefined;
    if (areaId) a = areas.find((x) => x.id === areaId);
    else if (procedureCode) a = areas.find((x) => x.procedureCodes.includes(procedureCode));
    else throw badRequest('area_or_procedure_required', 'Chọn khu vực hoặc thủ tục để đặt lịch.');
    if (!a)
      throw unprocessable(
        'area_not_found',
        areaId ? 'Khu vực không thuộc trung tâm này hoặc đã ngừng phục vụ.' : 'Trung tâm này chưa nhận đặt lịch cho thủ tục này.',
      );
    return a;
  }

  /** The slots of a local day at an area (the centre's hours, else reception hours and holidays from the calendar); the day must be bookable. */
  async function slotsFor(a: repo.AreaRow, date: string) {
    const first = today();
    const last = localDate(now().getTime() + BOOKING_DAYS_AHEAD * 86_400_000);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date < first || date > last)
      throw unprocessable('date_out_of_range', `Chỉ đặt lịch từ hôm nay đến ${BOOKING_DAYS_AHEAD} ngày tới.`);
    const cal = await calendar.calendarFor(a.agencyId);
    const own = await repo.getCentreHours(db, a.agencyId);
    const isDayOff = (d: string) => cal.isListedDayOff(Math.floor(Date.parse(`${d}T00:00:00Z`) / 86_400_000));
    return slotsOfDay(date, (t) => (own ? centreOpenAt(own, t, isDayOff) : isReceptionTime(cal, t)), SLOT_MINUTES);
  }

  async function capacityOf(a: repo.AreaRow): Promise<number> {
    return slotCapacity(await repo.activeCountersOfArea(db, a.id), SLOT_MINUTES, a.avgServiceMinutes);
  }

  async function appointmentOf(ex: Executor, code: string, forUpdate = false): Promise<repo.AppointmentRow> {
    const c = normalizeBookingCode(code);
    const ap = c ? await repo.appointmentByCode(ex, c, forUpdate) : null;
    if (!ap) throw notFound('lịch hẹn');
    return ap;
  }

  async function appointmentView(ap: repo.AppointmentRow) {
    const a = (await repo.getArea(db, ap.areaId))!;
    const t = ap.ticketId ? await repo.getTicket(db, ap.ticketId) : null;
    return {
      code: ap.code,
      status: ap.status,
      agencyId: ap.agencyId,
      centreName: await agencyName(db, ap.agencyId),
      areaId: a.id,
      areaCode: a.code,
      areaName: a.name,
      areaNameEn: a.nameEn,
      procedureCode: ap.procedureCode,
      startsAt: ap.startsAt.toISOString(),
      endsAt: ap.endsAt.toISOString(),
      name: ap.name,
      phone: maskPhone(ap.phone),
      arrival: ap.arrival,
      ticketNumber: t?.number ?? null,
      bookingUrl: `${base}${WEB_PATHS.booking}?ma=${ap.code}`,
      createdAt: ap.createdAt.toISOString(),
    };
  }

  /** A dossier a ticket may be linked to: it exists and was received at the ticket's centre. */
  async function linkableDossier(tx: Executor, t: repo.TicketRow, dossierId: string): Promise<void> {
    const d = await getDossier(tx, dossierId);
    if (!d) throw unprocessable('dossier_not_found', 'Không tìm thấy hồ sơ để gắn với số thứ tự.');
    if (d.receivingAgencyId !== t.agencyId) throw unprocessable('dossier_other_centre', 'Hồ sơ không được tiếp nhận tại trung tâm của số thứ tự này.');
  }

  async function ownCounter(tx: Executor, actor: Actor, counterId: string): Promise<repo.CounterRow> {
    const c = await counter(tx, counterId, true);
    if (c.agencyId !== actor.agencyId) throw forbidden('Quầy thuộc trung tâm khác.');
    if (c.officerId !== actor.id) throw conflict('counter_not_open', `Bạn chưa mở quầy ${c.number}; hãy nhận quầy trước khi gọi số.`);
    return c;
  }

  /** An officer's action on the ticket at their counter, in one transaction with its audit row. */
  async function act(
    ctx: RequestContext,
    ticketId: string,
    fn: (tx: Executor, t: repo.TicketRow, c: repo.CounterRow) => Promise<{ ticket: repo.TicketRow; action: string; extra?: Record<string, unknown> }>,
  ) {
    const actor = ctx.actor!;
    const r = await database.transaction(async (tx) => {
      const t = await repo.getTicket(tx, ticketId, true);
      if (!t) throw notFound('số thứ tự');
      if (!t.counterId) throw conflict('ticket_state', 'Số này chưa được gọi tới quầy nào.');
      const c = await ownCounter(tx, actor, t.counterId);
      const out = await fn(tx, t, c);
      await audit(tx, ctx, `frontoffice.ticket.${out.action}`, 'fo_ticket', t.id, { number: t.number, counter: c.number, ...out.extra });
      await enqueue(tx, { topic: 'frontoffice.ticket.changed', aggregateKey: t.id, payload: { status: out.ticket.status } });
      return { out, agencyId: c.agencyId };
    });
    pushed(r.agencyId);
    const u = r.out.ticket;
    return { ticket: { id: u.id, number: u.number, status: u.status, callCount: u.callCount, priorityGroup: u.priorityGroup, version: u.version } };
  }
}

export type FrontOfficeService = ReturnType<typeof createFrontOfficeService>;
