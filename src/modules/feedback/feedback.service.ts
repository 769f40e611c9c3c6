import { createHash, randomBytes } from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.js';
import { hasAnyRole, isProvinceWide, systemContext, type Actor, type RequestContext, type Role } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { getSetting } from '../../platform/auth/auth.repo.js';
import { nfc } from '../../platform/text.js';
import { agencyScope, inScope } from '../org/org.public.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { addWorking, type WorkCalendar } from '../calendar/calendar.public.js';
import { toVnIso } from '../calendar/calendar.service.js';
import * as repo from './feedback.repo.js';
import {
  canDo,
  currentStage,
  deadlineSettings,
  DEADLINE_SETTING_KEYS,
  feedbackCode,
  normalizeEmail,
  normalizePhone,
  onTimeRate,
  overdueStage,
  personalDataIn,
  redactPersonalData,
  sniffFileType,
  STATUS_VI,
  timeliness,
  titleFrom,
  validateAttributes,
  ACTION_VI,
  type Action,
  type Channel,
  type DeadlineSettings,
  type FeedbackStatus,
  type Kind,
  type Timeliness,
  type Topic,
} from './feedback.rules.js';
import { NOTIFY_TOPICS, type NotifyEvent } from './feedback.notify.js';
import type {
  AnswerBody,
  Category,
  CategoryCreate,
  CategoryUpdate,
  ClassifyBody,
  Created,
  DuplicateBody,
  ExtendBody,
  Feedback,
  FeedbackDetail,
  FollowUpBody,
  OfficerIntake,
  PublicItem,
  PublicSubmit,
  PublishBody,
  RerouteBody,
  Stats,
  StatsRow,
  TrackView,
} from './feedback.schemas.js';

/** Staff roles that work the feedback queue. */
export const QUEUE_ROLES: readonly Role[] = ['provincial_office', 'one_stop_officer', 'specialist', 'unit_leader', 'admin', 'home_affairs'];
export const INTAKE_ROLES: readonly Role[] = ['provincial_office', 'one_stop_officer', 'specialist', 'unit_leader'];
export const CLASSIFY_ROLES: readonly Role[] = ['provincial_office', 'one_stop_officer', 'unit_leader'];
export const HANDLE_ROLES: readonly Role[] = ['specialist', 'unit_leader'];
export const PUBLISH_ROLES: readonly Role[] = ['provincial_office', 'unit_leader'];
export const STATS_ROLES: readonly Role[] = ['provincial_office', 'unit_leader', 'home_affairs', 'admin'];

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const ALLOWED_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/msword'];
const MAX_SUBMITTER_FILES = 5;

export interface FeedbackServiceOptions {
  /** The clock (tests pin it to replay a timeline). */
  clock?: () => Date;
}

export interface Open311Submission {
  serviceCode: string | null;
  description: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  addressString: string | null;
  lat: number | null;
  long: number | null;
  mediaUrl: string | null;
  attributes: Record<string, string | string[]>;
  /** A photo sent in a multipart POST (field `media`): kept as the sender's attachment, for staff only. */
  media?: { fileName: string; contentType: string; data: Buffer } | null;
}

const iso = (d: Date | null): string | null => (d ? toVnIso(d) : null);
const vnDate = (d: Date): string => toVnIso(d).slice(0, 10);
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** The current stage's deadline as shown to people. */
function deadlineOf(f: repo.FeedbackRecord, now: Date): Feedback['deadline'] {
  const c = currentStage(f);
  return c ? { stage: c.stage, dueAt: toVnIso(c.dueAt), overdue: now.getTime() > c.dueAt.getTime() } : null;
}

export function toFeedback(f: repo.FeedbackRecord, now: Date): Feedback {
  return {
    id: f.id,
    code: f.code,
    channel: f.channel,
    kind: f.kind,
    topic: f.topic,
    category: f.categoryId ? { id: f.categoryId, code: f.categoryCode!, name: f.categoryName! } : null,
    title: f.title,
    content: f.content,
    attributes: f.attributes,
    submitter: { name: f.submitterName, phone: f.submitterPhone, email: f.submitterEmail, address: f.submitterAddress },
    locationAddress: f.locationAddress,
    lat: f.lat,
    long: f.long,
    mediaUrl: f.mediaUrl,
    receivingAgency: f.receivingAgency,
    agency: f.agency,
    status: f.status,
    closeReason: f.closeReason,
    closeNote: f.closeNote,
    duplicateOf: f.duplicateOf,
    suspectedDuplicateOf: f.suspectedDuplicateOf,
    receivedAt: toVnIso(f.receivedAt),
    classifyDueAt: toVnIso(f.classifyDueAt),
    forwardedAt: iso(f.forwardedAt),
    handleDueAt: iso(f.handleDueAt),
    extendedAt: iso(f.extendedAt),
    extensionReason: f.extensionReason,
    answeredAt: iso(f.answeredAt),
    publishDueAt: iso(f.publishDueAt),
    publishedAt: iso(f.publishedAt),
    closedAt: iso(f.closedAt),
    answerStatus: f.answerStatus,
    answerText: f.answerText,
    answerDocumentNo: f.answerDocumentNo,
    publicSummary: f.publicSummary,
    publicAnswer: f.publicAnswer,
    followUpText: f.followUpText,
    followUpAt: iso(f.followUpAt),
    escalatedStages: f.escalatedStages,
    deadline: deadlineOf(f, now),
    version: f.version,
  };
}

export function toPublicItem(f: repo.FeedbackRecord): PublicItem {
  return {
    code: f.code,
    title: f.title,
    kind: f.kind,
    topic: f.topic,
    category: f.categoryName,
    agency: f.agency,
    receivedDate: vnDate(f.receivedAt),
    answeredDate: f.answeredAt ? vnDate(f.answeredAt) : null,
    publishedDate: vnDate(f.publishedAt!),
    answerStatus: f.answerStatus,
    publicSummary: f.publicSummary ?? '',
    publicAnswer: f.publicAnswer ?? '',
    answerDocumentNo: f.answerDocumentNo,
  };
}

/** Staff see the items their agency received or must handle (province-wide roles: all). */
const visible = (scope: 'all' | string[], f: repo.FeedbackRecord): boolean => inScope(scope, f.receivingAgency.id) || inScope(scope, f.agency?.id ?? null);

const personalOf = (f: repo.FeedbackRecord) => ({ name: f.submitterName, phone: f.submitterPhone, email: f.submitterEmail, address: f.submitterAddress });

export function createFeedbackService(database: Database, calendar: CalendarService, opts: FeedbackServiceOptions = {}) {
  const db = database.db;
  const clock = opts.clock ?? (() => new Date());

  async function settings(ex: Executor = db): Promise<DeadlineSettings> {
    const raw: Partial<Record<keyof DeadlineSettings, string | null>> = {};
    for (const [k, key] of Object.entries(DEADLINE_SETTING_KEYS) as [keyof DeadlineSettings, string][]) raw[k] = await getSetting(ex, key);
    return deadlineSettings(raw);
  }

  /**
   * Working calendars are loaded BEFORE a transaction opens: the calendar service reads the root
   * database, which on PGlite (one session) would wait for our own open transaction. Inside the
   * transaction deadlines are then pure arithmetic.
   */
  type Calendars = (agencyId: string | null | undefined) => WorkCalendar;
  async function calendars(ids: (string | null | undefined)[]): Promise<Calendars> {
    const map = new Map<string, WorkCalendar>([['', await calendar.calendarFor(null)]]);
    for (const id of ids) if (id && !map.has(id)) map.set(id, await calendar.calendarFor(id));
    return (agencyId) => {
      const c = map.get(agencyId ?? '');
      if (!c) throw conflict('retry', 'Dữ liệu vừa thay đổi trong khi xử lý. Vui lòng thử lại.');
      return c;
    };
  }
  const due = (cals: Calendars, from: Date, days: number, agencyId: string | null) => addWorking(cals(agencyId), from, days, 'working_days');

  async function notify(tx: Executor, f: { id: string }, event: NotifyEvent, extra: Record<string, unknown> = {}): Promise<void> {
    await enqueue(tx, { topic: NOTIFY_TOPICS[event], aggregateKey: `feedback:${f.id}`, payload: { feedbackId: f.id, event, ...extra } });
  }

  async function log(tx: Executor, ctx: RequestContext, f: repo.FeedbackRecord | { id: string; status: FeedbackStatus | null }, action: string, toStatus: FeedbackStatus | null, note: string | null, payload: Record<string, unknown> = {}): Promise<void> {
    const a = ctx.actor;
    await repo.insertAction(tx, {
      feedbackId: f.id,
      action,
      actorId: a?.id ?? null,
      actorUsername: a?.username ?? null,
      role: a ? a.roles.join(',') : null,
      agencyId: a?.agencyId ?? null,
      fromStatus: f.status,
      toStatus,
      note,
      payload,
      at: clock(),
    });
    await recordAudit(tx, ctx, { action: `feedback.${action}`, entity: 'feedback', entityId: f.id, summary: { toStatus, ...payload } });
  }

  function contactOf(input: { phone?: string | null; email?: string | null }, required: boolean): { phone: string | null; email: string | null } {
    const phone = input.phone ? normalizePhone(input.phone) : null;
    const email = input.email ? normalizeEmail(input.email) : null;
    if (input.phone && !phone) throw badRequest('invalid_phone', 'Số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678).');
    if (input.email && !email) throw badRequest('invalid_email', 'Địa chỉ thư điện tử không hợp lệ.');
    if (required && !phone && !email) throw badRequest('contact_required', 'Cần cung cấp số điện thoại hoặc thư điện tử để cơ quan trả lời.');
    return { phone, email };
  }

  async function categoryFor(tx: Executor, categoryId: string | null | undefined, attributes: Record<string, string | string[]> | undefined): Promise<{ category: Category | null; attributes: Record<string, unknown> }> {
    if (!categoryId) {
      if (attributes && Object.keys(attributes).length) throw badRequest('attributes_without_category', 'Chỉ khai báo thuộc tính khi đã chọn lĩnh vực phản ánh.');
      return { category: null, attributes: {} };
    }
    const category = await repo.getCategory(tx, categoryId);
    if (!category || !category.active) throw unprocessable('category_not_found', 'Lĩnh vực phản ánh không tồn tại hoặc đã ngừng sử dụng.');
    const v = validateAttributes(category.attributes, attributes ?? {});
    if (v.errors.length) throw badRequest('invalid_attributes', `Thông tin bổ sung không hợp lệ: ${v.errors.join('; ')}.`);
    return { category, attributes: v.values };
  }

  interface NewFeedback {
    channel: Channel;
    kind: Kind;
    category: Category | null;
    attributes: Record<string, unknown>;
    title: string | null | undefined;
    content: string;
    name: string | null;
    phone: string | null;
    email: string | null;
    address: string | null;
    userId: string | null;
    locationAddress: string | null;
    lat: number | null;
    long: number | null;
    mediaUrl: string | null;
    receivingAgencyId: string;
    receivedAt: Date;
    open311Token: string | null;
  }

  async function create(tx: Executor, ctx: RequestContext, cals: Calendars, n: NewFeedback): Promise<repo.FeedbackRecord> {
    const s = await settings(tx);
    const year = Number(toVnIso(n.receivedAt).slice(0, 4));
    const code = feedbackCode(year, await repo.nextNumber(tx, year));
    const content = nfc(n.content.trim());
    const classifyDueAt = due(cals, n.receivedAt, s.classifyDays, n.receivingAgencyId);
    const dupSince = new Date(n.receivedAt.getTime() - 90 * 86_400_000);
    const suspected = await repo.findDuplicateCandidate(tx, { content, phone: n.phone, email: n.email, categoryId: n.category?.id ?? null, since: dupSince });
    const id = await repo.insertFeedback(tx, {
      code,
      channel: n.channel,
      kind: n.kind,
      topic: n.category?.topic ?? null,
      categoryId: n.category?.id ?? null,
      title: nfc((n.title?.trim() || titleFrom(content)).slice(0, 200)),
      content,
      attributes: n.attributes,
      submitterName: n.name ? nfc(n.name.trim()) : null,
      submitterPhone: n.phone,
      submitterEmail: n.email,
      submitterAddress: n.address ? nfc(n.address.trim()) : null,
      submitterUserId: n.userId,
      locationAddress: n.locationAddress ? nfc(n.locationAddress.trim()) : null,
      lat: n.lat,
      long: n.long,
      mediaUrl: n.mediaUrl,
      receivingAgencyId: n.receivingAgencyId,
      receivedAt: n.receivedAt,
      classifyDueAt,
      suspectedDuplicateOf: suspected,
      open311Token: n.open311Token,
    });
    await log(tx, ctx, { id, status: null }, 'receive', 'received', null, { channel: n.channel, code, categoryId: n.category?.id ?? null, suspectedDuplicateOf: suspected });
    await notify(tx, { id }, 'received');
    return (await repo.getFeedback(tx, id))!;
  }

  const created = (f: repo.FeedbackRecord): Created => ({
    id: f.id,
    code: f.code,
    status: f.status,
    receivedAt: toVnIso(f.receivedAt),
    classifyDueAt: toVnIso(f.classifyDueAt),
    suspectedDuplicateOf: f.suspectedDuplicateOf?.code ?? null,
  });

  async function provincialOffice(): Promise<string> {
    const id = await repo.provincialOfficeAgency(db);
    if (!id) throw new AppError(503, 'no_receiving_office', 'Chưa cấu hình cơ quan tiếp nhận phản ánh (Văn phòng UBND tỉnh).');
    return id;
  }

  /**
   * Loads the record for a transition under a row lock and checks, in order: it exists (404), the
   * actor's agency received it or handles it (403), the actor's agency is the one
   * responsible at this step (403), the version is current (409), and the state machine allows
   * the action (409).
   */
  async function forTransition(tx: Executor, actor: Actor, id: string, version: number, action: Action, responsible: (f: repo.FeedbackRecord) => string | null): Promise<repo.FeedbackRecord> {
    const f = await repo.getFeedback(tx, id, true);
    const scope = await agencyScope(tx, actor);
    if (!f) throw notFound('phản ánh, kiến nghị');
    if (!visible(scope, f)) throw forbidden('Phản ánh này thuộc cơ quan khác.');
    if (!inScope(scope, responsible(f))) throw forbidden(`Chỉ cơ quan đang chịu trách nhiệm mới được ${ACTION_VI[action]} phản ánh này.`);
    if (f.version !== version) throw conflict('stale_version', 'Phản ánh đã được người khác cập nhật. Vui lòng tải lại và thử lại.', { currentVersion: f.version });
    if (!canDo(action, f.status)) throw conflict('illegal_transition', `Không thể ${ACTION_VI[action]} khi phản ánh đang ở trạng thái "${STATUS_VI[f.status]}".`, { status: f.status });
    return f;
  }

  async function save(tx: Executor, f: repo.FeedbackRecord, patch: repo.FeedbackPatch): Promise<repo.FeedbackRecord> {
    if (!(await repo.updateFeedback(tx, f.id, patch, f.version))) throw conflict('stale_version', 'Phản ánh đã được người khác cập nhật. Vui lòng tải lại và thử lại.');
    return (await repo.getFeedback(tx, f.id))!;
  }

  async function detail(ex: Executor, f: repo.FeedbackRecord, staff: boolean): Promise<FeedbackDetail> {
    const now = clock();
    const actions = (await repo.listActions(ex, f.id)).map(({ atDate, ...a }) => ({ ...a, at: toVnIso(atDate) }));
    const attachments = (await repo.listAttachments(ex, f.id)).map(({ createdAtDate, ...a }) => ({ ...a, createdAt: toVnIso(createdAtDate) }));
    const p = personalOf(f);
    return {
      ...toFeedback(f, now),
      actions,
      attachments,
      publicDraft: staff && (f.status === 'answered' || f.status === 'published')
        ? { publicSummary: f.publicSummary ?? redactPersonalData(f.content, p), publicAnswer: f.publicAnswer ?? redactPersonalData(f.answerText ?? '', p) }
        : null,
    };
  }

  /** The sender proves it is their feedback with the code and the phone or e-mail they gave. */
  async function bySender(ex: Executor, code: string, contact: string): Promise<repo.FeedbackRecord> {
    const f = await repo.getFeedbackByCode(ex, code.toUpperCase());
    const phone = normalizePhone(contact);
    const email = normalizeEmail(contact);
    const ok = f && ((phone && f.submitterPhone === phone) || (email && f.submitterEmail === email));
    if (!ok) throw notFound('phản ánh với mã và số điện thoại/thư điện tử này');
    return f;
  }

  async function trackView(ex: Executor, f: repo.FeedbackRecord): Promise<TrackView> {
    const now = clock();
    const actions = await repo.listActions(ex, f.id);
    const attachments = (await repo.listAttachments(ex, f.id)).map(({ createdAtDate, ...a }) => ({ ...a, createdAt: toVnIso(createdAtDate) }));
    return {
      code: f.code,
      title: f.title,
      content: f.content,
      status: f.status,
      statusText: f.status === 'closed' && f.closeReason === 'duplicate' ? `Trùng với phản ánh ${f.duplicateOf?.code ?? ''}` : STATUS_VI[f.status],
      receivedAt: toVnIso(f.receivedAt),
      agency: f.agency,
      deadline: deadlineOf(f, now),
      extendedAt: iso(f.extendedAt),
      extensionReason: f.extensionReason,
      answerStatus: f.answerStatus,
      answerText: f.answerText,
      answerDocumentNo: f.answerDocumentNo,
      answeredAt: iso(f.answeredAt),
      closeReason: f.closeReason,
      closeNote: f.closeNote,
      followUpText: f.followUpText,
      followUpAt: iso(f.followUpAt),
      canFollowUp: canDo('follow_up', f.status) && !f.followUpAt,
      attachments,
      history: actions.filter((a) => !['remind'].includes(a.action)).map((a) => ({ at: toVnIso(a.atDate), action: a.action, toStatus: a.toStatus })),
    };
  }

  return {
    clock,
    settings,

    // ---- categories --------------------------------------------------------------------------
    listCategories: (q: { agencyId?: string; q?: string; all?: boolean }) => repo.listCategories(db, { agencyId: q.agencyId, q: q.q, activeOnly: !q.all }),

    async createCategory(ctx: RequestContext, input: CategoryCreate): Promise<Category> {
      return database.transaction(async (tx) => {
        const a = await repo.agencyExists(tx, input.agencyId);
        if (!a || !a.current) throw unprocessable('agency_not_found', 'Cơ quan không tồn tại hoặc đã ngừng hoạt động.');
        if (await repo.getCategoryByCode(tx, input.code)) throw conflict('category_code_taken', `Mã lĩnh vực ${input.code} đã tồn tại.`);
        const id = await repo.insertCategory(tx, {
          code: input.code, name: nfc(input.name.trim()), description: input.description ?? null, agencyId: input.agencyId,
          topic: (input.topic as Topic | null | undefined) ?? null, keywords: input.keywords ?? null, group: input.group ?? null,
          attributes: (input.attributes ?? []) as Category['attributes'],
        });
        await recordAudit(tx, ctx, { action: 'feedback.category.create', entity: 'feedback_category', entityId: id, summary: { code: input.code } });
        await enqueue(tx, { topic: 'feedback.category.changed', aggregateKey: `feedback_category:${id}`, payload: { id, change: 'created' } });
        return (await repo.getCategory(tx, id))!;
      });
    },

    async updateCategory(ctx: RequestContext, id: string, patch: CategoryUpdate): Promise<Category> {
      return database.transaction(async (tx) => {
        if (!(await repo.getCategory(tx, id))) throw notFound('lĩnh vực phản ánh');
        await repo.updateCategory(tx, id, { ...patch, attributes: patch.attributes as Category['attributes'] | undefined });
        await recordAudit(tx, ctx, { action: 'feedback.category.update', entity: 'feedback_category', entityId: id, summary: { fields: Object.keys(patch) } });
        await enqueue(tx, { topic: 'feedback.category.changed', aggregateKey: `feedback_category:${id}`, payload: { id, change: 'updated' } });
        return (await repo.getCategory(tx, id))!;
      });
    },

    // ---- intake ------------------------------------------------------------------------------

    /** From the public portal: name and a phone or e-mail are required. Received by the provincial office. */
    async submitPublic(ctx: RequestContext, input: PublicSubmit, idemKey?: string): Promise<{ status: number; body: Created }> {
      const contact = contactOf(input, true);
      if (input.lat != null !== (input.long != null)) throw badRequest('location_incomplete', 'Vị trí cần có cả vĩ độ và kinh độ.');
      const userId = ctx.actor?.kind === 'citizen' ? ctx.actor.id : null;
      const office = await provincialOffice();
      const cals = await calendars([office]);
      return withIdempotency(database, { operation: 'feedback.submit', principal: ctx.actor?.id, key: idemKey, request: input }, async (tx) => {
        const { category, attributes } = await categoryFor(tx, input.categoryId, input.attributes);
        const f = await create(tx, ctx, cals, {
          channel: 'web', kind: (input.kind as Kind) ?? 'feedback', category, attributes, title: input.title, content: input.content,
          name: input.name, ...contact, address: input.address ?? null, userId,
          locationAddress: input.locationAddress ?? null, lat: input.lat ?? null, long: input.long ?? null, mediaUrl: null,
          receivingAgencyId: office, receivedAt: clock(), open311Token: null,
        });
        return { status: 201, body: created(f) };
      });
    },

    /** Entered by an officer from the counter, a letter, an e-mail or the hotline: received by the officer's agency. */
    async intake(ctx: RequestContext, input: OfficerIntake, idemKey?: string): Promise<{ status: number; body: Created }> {
      const actor = ctx.actor!;
      if (!actor.agencyId) throw unprocessable('agency_required', 'Tài khoản của bạn chưa thuộc cơ quan nào nên không thể tiếp nhận phản ánh.');
      const contact = contactOf(input, false);
      const now = clock();
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
      if (receivedAt.getTime() > now.getTime() + 60_000) throw badRequest('received_in_future', 'Thời điểm tiếp nhận không thể ở tương lai.');
      if (receivedAt.getTime() < now.getTime() - 60 * 86_400_000) throw badRequest('received_too_old', 'Thời điểm tiếp nhận không được sớm hơn 60 ngày trước (nhập muộn cần văn bản giải trình).');
      if (input.lat != null !== (input.long != null)) throw badRequest('location_incomplete', 'Vị trí cần có cả vĩ độ và kinh độ.');
      const cals = await calendars([actor.agencyId]);
      return withIdempotency(database, { operation: 'feedback.intake', principal: actor.id, key: idemKey, request: input }, async (tx) => {
        const { category, attributes } = await categoryFor(tx, input.categoryId, input.attributes);
        const f = await create(tx, ctx, cals, {
          channel: input.channel as Channel, kind: (input.kind as Kind) ?? 'feedback', category, attributes, title: input.title, content: input.content,
          name: input.name?.trim() || null, ...contact, address: input.address ?? null, userId: null,
          locationAddress: input.locationAddress ?? null, lat: input.lat ?? null, long: input.long ?? null, mediaUrl: null,
          receivingAgencyId: actor.agencyId!, receivedAt, open311Token: null,
        });
        return { status: 201, body: created(f) };
      });
    },

    /** From an Open311 client (already authenticated by API key and validated by the Open311 layer). */
    async submitOpen311(ctx: RequestContext, s: Open311Submission): Promise<{ record: repo.FeedbackRecord; token: string }> {
      const contact = contactOf(s, true);
      let media = s.media ?? null;
      if (media) {
        if (media.data.length === 0) throw badRequest('file_empty', 'Tệp "media" rỗng.');
        const sniffed = sniffFileType(media.data);
        if (sniffed !== 'image/jpeg' && sniffed !== 'image/png') throw badRequest('file_type_not_allowed', '"media" chỉ nhận ảnh JPEG hoặc PNG (kiểm tra theo nội dung tệp).');
        if (media.data.length > MAX_FILE_BYTES) throw badRequest('file_too_large', `Tệp vượt quá ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
        media = { ...media, contentType: sniffed };
      }
      const office = await provincialOffice();
      const cals = await calendars([office]);
      return database.transaction(async (tx) => {
        let category: Category | null = null;
        if (s.serviceCode) {
          category = await repo.getCategoryByCode(tx, s.serviceCode);
          if (!category || !category.active) throw badRequest('unknown_service_code', `service_code "${s.serviceCode}" không tồn tại.`);
        }
        const v = category ? validateAttributes(category.attributes, s.attributes) : { values: {}, errors: Object.keys(s.attributes).length ? ['cần service_code để khai báo attribute'] : [] };
        if (v.errors.length) throw badRequest('invalid_attributes', v.errors.join('; '));
        const name = [s.lastName, s.firstName].filter((x) => x && x.trim()).join(' ').trim() || null;
        const token = randomBytes(16).toString('hex');
        const record = await create(tx, ctx, cals, {
          channel: 'open311', kind: 'feedback', category, attributes: v.values, title: null, content: s.description,
          name, ...contact, address: null, userId: null, locationAddress: s.addressString, lat: s.lat, long: s.long, mediaUrl: s.mediaUrl,
          receivingAgencyId: office, receivedAt: clock(), open311Token: token,
        });
        if (media) {
          const fileName = nfc(media.fileName).replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || 'anh';
          const attId = await repo.insertAttachment(tx, { feedbackId: record.id, purpose: 'submission', fileName, contentType: media.contentType, data: media.data, sha256: sha256(media.data), uploadedBy: null });
          await log(tx, ctx, record, 'attach', record.status, null, { attachmentId: attId, purpose: 'submission', fileName, size: media.data.length });
        }
        return { record, token };
      });
    },

    // ---- staff reads -------------------------------------------------------------------------

    async list(actor: Actor, q: Omit<repo.ListQuery, 'agencyIds' | 'now'>) {
      const scope = await agencyScope(db, actor);
      const now = clock();
      const r = await repo.listFeedback(db, { ...q, agencyIds: scope === 'all' ? null : scope, now });
      return { items: r.items.map((f) => toFeedback(f, now)), total: r.total };
    },

    async get(actor: Actor, id: string): Promise<FeedbackDetail> {
      const f = await repo.getFeedback(db, id);
      if (!f) throw notFound('phản ánh, kiến nghị');
      if (!visible(await agencyScope(db, actor), f)) throw forbidden('Phản ánh này thuộc cơ quan khác.');
      return detail(db, f, true);
    },

    async notifications(actor: Actor, id: string) {
      await this.get(actor, id);
      return (await repo.listNotifications(db, id)).map((n) => ({ ...n, createdAt: toVnIso(n.createdAt) }));
    },

    // ---- transitions -------------------------------------------------------------------------

    /** The receiving office classifies: forwards to the competent agency (handling deadline starts), or closes. */
    async classify(ctx: RequestContext, id: string, body: ClassifyBody): Promise<FeedbackDetail> {
      const pre = await repo.getFeedback(db, id);
      const categoryAgency = pre?.categoryId ? (await repo.getCategory(db, pre.categoryId))?.agency.id : null;
      const cals = await calendars([body.agencyId, categoryAgency]);
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, body.decision === 'forward' ? 'classify_forward' : 'classify_close', (x) => x.receivingAgency.id);
        const now = clock();
        let next: repo.FeedbackRecord;
        if (body.decision === 'forward') {
          const topic = (body.topic as Topic | undefined) ?? f.topic;
          if (!topic) throw badRequest('topic_required', 'Cần phân loại phản ánh (về quy định, về giải quyết thủ tục hay về hành vi cán bộ) trước khi chuyển.');
          let agencyId = body.agencyId ?? null;
          if (!agencyId && f.categoryId) agencyId = (await repo.getCategory(tx, f.categoryId))?.agency.id ?? null;
          if (!agencyId) throw badRequest('agency_required', 'Cần chọn cơ quan có thẩm quyền xử lý.');
          const a = await repo.agencyExists(tx, agencyId);
          if (!a || !a.current) throw unprocessable('agency_not_found', 'Cơ quan có thẩm quyền không tồn tại hoặc đã ngừng hoạt động.');
          const s = await settings(tx);
          const handleDueAt = due(cals, now, s.handleDays, agencyId);
          next = await save(tx, f, { status: 'forwarded', topic, kind: (body.kind as Kind | undefined) ?? f.kind, agencyId, forwardedAt: now, handleDueAt });
          await log(tx, ctx, f, 'forward', 'forwarded', body.note ?? null, { topic, agencyId, handleDueAt: toVnIso(handleDueAt), onTime: now.getTime() <= f.classifyDueAt.getTime() });
        } else {
          if (!body.note || body.note.trim().length < 10) throw badRequest('note_required', 'Cần ghi rõ lý do (ít nhất 10 ký tự) để thông báo cho người gửi.');
          next = await save(tx, f, { status: 'closed', closeReason: body.decision as 'not_accepted' | 'complaint_redirected', closeNote: body.note.trim(), closedAt: now, topic: (body.topic as Topic | undefined) ?? f.topic });
          await log(tx, ctx, f, 'close', 'closed', body.note, { reason: body.decision });
          await notify(tx, f, 'closed');
        }
        return detail(tx, next, true);
      });
    },

    /** The provincial office sends a forwarded item to another agency (wrong competence); the handling deadline restarts. */
    async reroute(ctx: RequestContext, id: string, body: RerouteBody): Promise<FeedbackDetail> {
      const cals = await calendars([body.agencyId]);
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'reroute', (x) => x.receivingAgency.id);
        if (body.agencyId === f.agency?.id) throw unprocessable('same_agency', 'Phản ánh đang ở chính cơ quan này.');
        const a = await repo.agencyExists(tx, body.agencyId);
        if (!a || !a.current) throw unprocessable('agency_not_found', 'Cơ quan có thẩm quyền không tồn tại hoặc đã ngừng hoạt động.');
        const now = clock();
        const handleDueAt = due(cals, now, (await settings(tx)).handleDays, body.agencyId);
        const next = await save(tx, f, { agencyId: body.agencyId, forwardedAt: now, handleDueAt, extendedAt: null, extensionReason: null });
        await log(tx, ctx, f, 'reroute', 'forwarded', body.note, { from: f.agency?.id ?? null, to: body.agencyId, handleDueAt: toVnIso(handleDueAt) });
        return detail(tx, next, true);
      });
    },

    /** A complex case: once, up to `extensionDays` more working days; the sender is told. */
    async extend(ctx: RequestContext, id: string, body: ExtendBody): Promise<FeedbackDetail> {
      const cals = await calendars([(await repo.getFeedback(db, id))?.agency?.id]);
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'extend', (x) => x.agency?.id ?? null);
        if (f.extendedAt) throw unprocessable('already_extended', 'Phản ánh này đã được gia hạn một lần.');
        const now = clock();
        if (now.getTime() > f.handleDueAt!.getTime()) throw unprocessable('extension_too_late', 'Đã quá hạn xử lý: không thể gia hạn sau khi hết hạn.');
        const handleDueAt = due(cals, f.handleDueAt!, (await settings(tx)).extensionDays, f.agency!.id);
        const next = await save(tx, f, { extendedAt: now, extensionReason: body.reason.trim(), handleDueAt });
        await log(tx, ctx, f, 'extend', 'forwarded', body.reason, { previousDueAt: toVnIso(f.handleDueAt!), handleDueAt: toVnIso(handleDueAt) });
        await notify(tx, f, 'extended');
        return detail(tx, next, true);
      });
    },

    /** The competent agency answers in writing; the sender is notified; the publication deadline starts. */
    async answer(ctx: RequestContext, id: string, body: AnswerBody): Promise<FeedbackDetail> {
      const cals = await calendars([(await repo.getFeedback(db, id))?.agency?.id]);
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'answer', (x) => x.agency?.id ?? null);
        const now = clock();
        const publishDueAt = due(cals, now, (await settings(tx)).publishDays, f.agency!.id);
        const next = await save(tx, f, {
          status: 'answered', answerStatus: body.answerStatus as repo.FeedbackPatch['answerStatus'], answerText: nfc(body.text.trim()),
          answerDocumentNo: body.documentNo?.trim() || null, answeredAt: now, answeredBy: ctx.actor!.id, publishDueAt,
        });
        await log(tx, ctx, f, 'answer', 'answered', null, {
          answerStatus: body.answerStatus, documentNo: body.documentNo ?? null, text: body.text, onTime: now.getTime() <= f.handleDueAt!.getTime(), publishDueAt: toVnIso(publishDueAt),
        });
        await notify(tx, f, 'answered');
        for (const dupId of await repo.listDuplicatesOf(tx, f.id)) await notify(tx, { id: dupId }, 'duplicateAnswered');
        return detail(tx, next, true);
      });
    },

    /** Moderation: the texts to publish must not carry the sender's personal data. */
    async publish(ctx: RequestContext, id: string, body: PublishBody): Promise<FeedbackDetail> {
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'publish', (x) => x.agency?.id ?? null);
        const p = personalOf(f);
        const found = [...new Set([...personalDataIn(body.publicSummary, p), ...personalDataIn(body.publicAnswer, p)])];
        if (found.length) {
          const vi: Record<string, string> = { phone: 'số điện thoại', email: 'thư điện tử', personal_id: 'số định danh', name: 'họ tên người gửi', address: 'địa chỉ người gửi' };
          throw unprocessable('personal_data_in_public_text', `Nội dung công khai còn thông tin cá nhân: ${found.map((x) => vi[x]).join(', ')}. Hãy ẩn trước khi công khai.`, { found });
        }
        const now = clock();
        const next = await save(tx, f, { status: 'published', publicSummary: nfc(body.publicSummary.trim()), publicAnswer: nfc(body.publicAnswer.trim()), publishedAt: now });
        await log(tx, ctx, f, 'publish', 'published', null, { onTime: now.getTime() <= f.publishDueAt!.getTime() });
        await notify(tx, f, 'published');
        await enqueue(tx, { topic: 'feedback.published', aggregateKey: `feedback:${f.id}`, payload: { feedbackId: f.id, code: f.code } });
        return detail(tx, next, true);
      });
    },

    /** Links a duplicate to the original: the duplicate is closed, its sender told, and told again when the original is answered. */
    async linkDuplicate(ctx: RequestContext, id: string, body: DuplicateBody): Promise<FeedbackDetail> {
      return database.transaction(async (tx) => {
        const f = await forTransition(tx, ctx.actor!, id, body.version, 'link_duplicate', (x) => x.receivingAgency.id);
        if (body.originalId === f.id) throw unprocessable('duplicate_of_self', 'Không thể gộp phản ánh vào chính nó.');
        const original = await repo.getFeedback(tx, body.originalId);
        if (!original) throw unprocessable('original_not_found', 'Phản ánh gốc không tồn tại.');
        if (original.duplicateOf) throw unprocessable('original_is_duplicate', `Phản ánh ${original.code} cũng là bản trùng; hãy gộp vào ${original.duplicateOf.code}.`);
        const now = clock();
        const next = await save(tx, f, { status: 'closed', closeReason: 'duplicate', duplicateOf: original.id, closedAt: now, closeNote: `Trùng với phản ánh ${original.code}.` });
        await log(tx, ctx, f, 'link_duplicate', 'closed', null, { originalId: original.id, originalCode: original.code });
        await notify(tx, f, 'closed');
        return detail(tx, next, true);
      });
    },

    // ---- the sender --------------------------------------------------------------------------

    track: async (code: string, contact: string) => trackView(db, await bySender(db, code, contact)),

    async mine(actor: Actor, q: { limit: number; offset: number }) {
      const now = clock();
      const r = await repo.listFeedback(db, { agencyIds: null, submitterUserId: actor.id, now, limit: q.limit, offset: q.offset });
      return { items: r.items.map((f) => toFeedback(f, now)), total: r.total };
    },

    /** The sender may answer back once after the official answer (not satisfied, new facts): handling starts again. */
    async followUp(ctx: RequestContext, body: FollowUpBody): Promise<TrackView> {
      const cals = await calendars([(await repo.getFeedbackByCode(db, body.code.toUpperCase()))?.agency?.id]);
      return database.transaction(async (tx) => {
        const found = await bySender(tx, body.code, body.contact);
        const f = (await repo.getFeedback(tx, found.id, true))!;
        if (f.followUpAt) throw conflict('follow_up_used', 'Mỗi phản ánh chỉ được phản hồi lại kết quả một lần.');
        if (!canDo('follow_up', f.status)) throw conflict('illegal_transition', 'Chỉ có thể phản hồi sau khi cơ quan đã trả lời.', { status: f.status });
        const now = clock();
        const handleDueAt = due(cals, now, (await settings(tx)).handleDays, f.agency?.id ?? null);
        const next = await save(tx, f, { status: 'forwarded', followUpText: nfc(body.content.trim()), followUpAt: now, handleDueAt, publishDueAt: null, extendedAt: null, extensionReason: null });
        await log(tx, { ...ctx, actor: null }, f, 'follow_up', 'forwarded', null, { handleDueAt: toVnIso(handleDueAt) });
        await notify(tx, f, 'received');
        return trackView(tx, next);
      });
    },

    // ---- public ------------------------------------------------------------------------------

    async publicList(q: { q?: string; agencyId?: string; topic?: string; limit: number; offset: number }) {
      const r = await repo.listPublished(db, q);
      return { items: r.items.map(toPublicItem), total: r.total };
    },

    async publicItem(code: string): Promise<PublicItem> {
      const f = await repo.getFeedbackByCode(db, code.toUpperCase());
      if (!f || !f.publishedAt) throw notFound('kết quả phản ánh đã công khai');
      return toPublicItem(f);
    },

    // ---- attachments -------------------------------------------------------------------------

    async addAttachment(ctx: RequestContext, id: string, file: { fileName: string; contentType: string; data: Buffer }, purpose: 'submission' | 'answer', sender?: { code: string; contact: string }) {
      if (file.data.length === 0) throw badRequest('file_empty', 'Tệp rỗng.');
      const sniffed = sniffFileType(file.data);
      if (!sniffed || !ALLOWED_FILE_TYPES.includes(sniffed)) throw badRequest('file_type_not_allowed', 'Chỉ nhận tệp PDF, JPEG, PNG hoặc Word (kiểm tra theo nội dung tệp).');
      file = { ...file, contentType: sniffed };
      if (file.data.length > MAX_FILE_BYTES) throw badRequest('file_too_large', `Tệp vượt quá ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
      return database.transaction(async (tx) => {
        let f: repo.FeedbackRecord;
        if (sender) {
          f = await bySender(tx, sender.code, sender.contact);
          if (f.status !== 'received') throw conflict('illegal_transition', 'Chỉ bổ sung tệp khi phản ánh chưa được chuyển xử lý.');
          if ((await repo.countAttachments(tx, f.id, 'submission')) >= MAX_SUBMITTER_FILES) throw unprocessable('too_many_files', `Tối đa ${MAX_SUBMITTER_FILES} tệp đính kèm.`);
        } else {
          const found = await repo.getFeedback(tx, id, true);
          const scope = await agencyScope(tx, ctx.actor);
          if (!found) throw notFound('phản ánh, kiến nghị');
          if (!visible(scope, found)) throw forbidden('Phản ánh này thuộc cơ quan khác.');
          f = found;
          const responsible = purpose === 'answer' ? f.agency?.id ?? null : f.receivingAgency.id;
          if (!inScope(scope, responsible)) throw forbidden();
          if (purpose === 'answer' && !hasAnyRole(ctx.actor, HANDLE_ROLES)) throw forbidden('Chỉ chuyên viên hoặc lãnh đạo cơ quan có thẩm quyền được đính kèm văn bản trả lời.');
          if (purpose === 'answer' && !['forwarded', 'answered'].includes(f.status)) throw conflict('illegal_transition', 'Văn bản trả lời chỉ đính kèm khi đang xử lý hoặc đã trả lời.');
        }
        const fileName = nfc(file.fileName).replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || 'tep';
        const attId = await repo.insertAttachment(tx, { feedbackId: f.id, purpose, fileName, contentType: file.contentType, data: file.data, sha256: sha256(file.data), uploadedBy: ctx.actor?.id ?? null });
        await log(tx, sender ? { ...ctx, actor: null } : ctx, f, 'attach', f.status, null, { attachmentId: attId, purpose, fileName, size: file.data.length });
        const [a] = (await repo.listAttachments(tx, f.id)).filter((x) => x.id === attId).map(({ createdAtDate, ...x }) => ({ ...x, createdAt: toVnIso(createdAtDate) }));
        return a;
      });
    },

    async attachment(actor: Actor | null, id: string, attId: string, sender?: { code: string; contact: string }) {
      if (sender) {
        const f = await bySender(db, sender.code, sender.contact);
        const a = await repo.getAttachmentData(db, f.id, attId);
        if (!a) throw notFound('tệp đính kèm');
        return a;
      }
      await this.get(actor!, id);
      const a = await repo.getAttachmentData(db, id, attId);
      if (!a) throw notFound('tệp đính kèm');
      return a;
    },

    // ---- statistics --------------------------------------------------------------------------

    /** Counts by agency and status, timeliness and the on-time rate, for items received in [from, to]. */
    async stats(actor: Actor | null, q: { from: string; to: string; agencyId?: string }): Promise<Stats> {
      if (q.from > q.to) throw badRequest('invalid_range', 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.');
      const scope = actor ? await agencyScope(db, actor) : 'all';
      let agencyIds: string[] | null = scope === 'all' ? null : scope;
      if (q.agencyId) {
        if (agencyIds && !agencyIds.includes(q.agencyId)) throw forbidden('Bạn chỉ xem được thống kê của cơ quan mình.');
        agencyIds = [q.agencyId];
      }
      const facts = await repo.statsFacts(db, { from: q.from, to: q.to, agencyIds });
      const now = clock();
      const empty = (agency: StatsRow['agency']): StatsRow => ({ agency, total: 0, byStatus: {}, byTopic: {}, onTime: 0, late: 0, inTime: 0, overdue: 0, onTimeRate: null, followUps: 0 });
      const total = empty(null);
      const byAgency = new Map<string, StatsRow>();
      const byChannel: Record<string, number> = {};
      for (const f of facts) {
        const key = f.agencyId ?? '';
        let row = byAgency.get(key);
        if (!row) byAgency.set(key, (row = empty(f.agencyId ? { id: f.agencyId, code: f.agencyCode!, name: f.agencyName! } : null)));
        const t: Timeliness = timeliness(f, now);
        for (const r of [row, total]) {
          r.total++;
          r.byStatus[f.status] = (r.byStatus[f.status] ?? 0) + 1;
          const topic = f.topic ?? 'unclassified';
          r.byTopic[topic] = (r.byTopic[topic] ?? 0) + 1;
          if (t === 'on_time') r.onTime++;
          else if (t === 'late') r.late++;
          else if (t === 'in_time') r.inTime++;
          else if (t === 'overdue') r.overdue++;
          if (f.followUpAt) r.followUps++;
        }
        byChannel[f.channel] = (byChannel[f.channel] ?? 0) + 1;
      }
      const rate = (r: StatsRow) => ({ ...r, onTimeRate: onTimeRate({ on_time: r.onTime, late: r.late, in_time: r.inTime, overdue: r.overdue, not_counted: 0 }) });
      return {
        from: q.from,
        to: q.to,
        total: rate(total),
        byAgency: [...byAgency.values()].map(rate).sort((a, b) => (a.agency?.code ?? '').localeCompare(b.agency?.code ?? '')),
        byChannel,
      };
    },

    // ---- reminders and escalation -------------------------------------------------------------

    /**
     * One sweep (run by the scheduled job): a reminder to the responsible staff when a stage has at
     * most one working day left, and an escalation to the agency's leaders when it is overdue.
     * Each happens once per stage deadline (an extension or a follow-up sets a new deadline).
     */
    async sweep(): Promise<{ reminded: string[]; escalated: string[] }> {
      const now = clock();
      const reminded: string[] = [];
      const escalated: string[] = [];
      for (const item of await repo.listActive(db)) {
        const c = currentStage(item);
        if (!c) continue;
        const key = `${c.stage}@${toVnIso(c.dueAt)}`;
        const overdue = overdueStage(item, now);
        const agencyId = c.stage === 'classify' ? item.receivingAgency.id : (item.agency?.id ?? item.receivingAgency.id);
        if (overdue && !item.escalatedStages.includes(key)) {
          await database.transaction(async (tx) => {
            const f = await repo.getFeedback(tx, item.id, true);
            if (!f || f.version !== item.version) return;
            await save(tx, f, { escalatedStages: [...f.escalatedStages, key] });
            await log(tx, systemContext('feedback.sweep'), f, 'escalate', f.status, `Quá hạn ${c.stage === 'classify' ? 'phân loại, chuyển xử lý' : c.stage === 'handle' ? 'xử lý' : 'công khai'}`, { stage: c.stage, dueAt: toVnIso(c.dueAt), agencyId });
            await notify(tx, f, 'escalated', { stage: c.stage, dueAt: c.dueAt.toISOString() });
            escalated.push(f.code);
          });
          continue;
        }
        if (!overdue && !item.remindedStages.includes(key) && (await calendar.workingMinutes(now, c.dueAt, agencyId)) <= 480) {
          await database.transaction(async (tx) => {
            const f = await repo.getFeedback(tx, item.id, true);
            if (!f || f.version !== item.version) return;
            await save(tx, f, { remindedStages: [...f.remindedStages, key] });
            await log(tx, systemContext('feedback.sweep'), f, 'remind', f.status, null, { stage: c.stage, dueAt: toVnIso(c.dueAt) });
            await notify(tx, f, 'reminder', { stage: c.stage, dueAt: c.dueAt.toISOString() });
            reminded.push(f.code);
          });
        }
      }
      return { reminded, escalated };
    },

    // ---- Open311 keys ------------------------------------------------------------------------

    async checkApiKey(key: string | null | undefined): Promise<boolean> {
      if (!key) return false;
      const k = await repo.findApiKey(db, sha256(key));
      if (!k) return false;
      await repo.touchApiKey(db, k.id);
      return true;
    },

    async createApiKey(ctx: RequestContext, name: string): Promise<{ id: string; name: string; key: string }> {
      const key = randomBytes(24).toString('base64url');
      return database.transaction(async (tx) => {
        const id = await repo.insertApiKey(tx, sha256(key), nfc(name.trim()));
        await recordAudit(tx, ctx, { action: 'feedback.open311_key.create', entity: 'open311_api_key', entityId: id, summary: { name } });
        await enqueue(tx, { topic: 'feedback.open311_key.changed', aggregateKey: `open311_key:${id}`, payload: { id, change: 'created' } });
        return { id, name, key };
      });
    },

    listApiKeys: async () => (await repo.listApiKeys(db)).map((k) => ({ ...k, createdAt: toVnIso(k.createdAt), lastUsedAt: iso(k.lastUsedAt) })),

    async setApiKeyActive(ctx: RequestContext, id: string, active: boolean) {
      await database.transaction(async (tx) => {
        if (!(await repo.setApiKeyActive(tx, id, active))) throw notFound('khóa API');
        await recordAudit(tx, ctx, { action: 'feedback.open311_key.update', entity: 'open311_api_key', entityId: id, summary: { active } });
        await enqueue(tx, { topic: 'feedback.open311_key.changed', aggregateKey: `open311_key:${id}`, payload: { id, change: active ? 'activated' : 'revoked' } });
      });
    },

    // ---- for the Open311 layer ----------------------------------------------------------------
    getByCode: (code: string) => repo.getFeedbackByCode(db, code),
    getByToken: (token: string) => repo.getFeedbackByToken(db, token),
    listOpen311: (q: Parameters<typeof repo.listOpen311>[1]) => repo.listOpen311(db, q),
    getCategoryByCode: (code: string) => repo.getCategoryByCode(db, code),
    isProvinceWide,
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
export { iso as toIsoOrNull };
