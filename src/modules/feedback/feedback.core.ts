/**
 * What every feedback sub-service shares: its dependencies (database, calendar, clock, and the
 * store of reads and writes), the deadline settings and working calendars, the action log, the
 * checks before a transition, and the detail views. The sub-services
 * (feedback.<intake|workflow|sender|attachments|admin|sweep|stats>.service.ts) are composed into
 * one service object by feedback.service.ts.
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import type { Actor, RequestContext, Role } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { getSetting } from '../../platform/auth/auth.repo.js';
import { vnIso } from '../../platform/vn-time.js';
import { agencyScope, inScope } from '../org/org.public.js';
import { addWorking, type CalendarService, type WorkCalendar } from '../calendar/calendar.public.js';
import * as feedbackRepo from './feedback.repo.js';
import type * as repo from './feedback.repo.js';
import {
  canDo,
  deadlineSettings,
  DEADLINE_SETTING_KEYS,
  normalizeEmail,
  normalizePhone,
  redactPersonalData,
  STATUS_VI,
  ACTION_VI,
  type Action,
  type DeadlineSettings,
  type FeedbackStatus,
} from './feedback.rules.js';
import { NOTIFY_TOPICS, type NotifyEvent } from './feedback.notify.js';
import type { FeedbackDetail, TrackView } from './feedback.schemas.js';
import { deadlineOf, iso, personalOf, toFeedback, visible } from './feedback.views.js';

/** Staff roles that work the feedback queue. */
export const QUEUE_ROLES: readonly Role[] = ['provincial_office', 'one_stop_officer', 'specialist', 'unit_leader', 'admin', 'home_affairs'];
export const INTAKE_ROLES: readonly Role[] = ['provincial_office', 'one_stop_officer', 'specialist', 'unit_leader'];
export const CLASSIFY_ROLES: readonly Role[] = ['provincial_office', 'one_stop_officer', 'unit_leader'];
export const HANDLE_ROLES: readonly Role[] = ['specialist', 'unit_leader'];
export const PUBLISH_ROLES: readonly Role[] = ['provincial_office', 'unit_leader'];
export const STATS_ROLES: readonly Role[] = ['provincial_office', 'unit_leader', 'home_affairs', 'admin'];

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const ALLOWED_FILE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/msword',
];

export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/**
 * Every read and write of the feedback services: the module's repository, the settings and agency
 * scope they read, and the audit and outbox rows they write. Passed in (default: the real ones) so
 * a service-level test can run a rule against a typed fake with no database.
 */
export const feedbackStore = { ...feedbackRepo, getSetting, agencyScope, recordAudit, enqueue };
export type FeedbackStore = typeof feedbackStore;

export interface FeedbackDeps extends Pick<Deps, 'database' | 'clock'> {
  /** Only what the feedback rules read from the calendar service (deps.calendar). */
  calendar: Pick<CalendarService, 'calendarFor' | 'workingMinutes'>;
  /** Default: feedbackStore. */
  store?: FeedbackStore;
}

/** A function giving each agency's working calendar, loaded before a transaction opens. */
export type Calendars = (agencyId: string | null | undefined) => WorkCalendar;

export function createFeedbackCore(deps: FeedbackDeps) {
  const { database, calendar } = deps;
  const db = database.db;
  const store = deps.store ?? feedbackStore;
  const clock = (): Date => deps.clock.now();

  async function settings(ex: Executor = db): Promise<DeadlineSettings> {
    const raw: Partial<Record<keyof DeadlineSettings, string | null>> = {};
    for (const [k, key] of Object.entries(DEADLINE_SETTING_KEYS) as [keyof DeadlineSettings, string][]) raw[k] = await store.getSetting(ex, key);
    return deadlineSettings(raw);
  }

  /**
   * Working calendars are loaded BEFORE a transaction opens: the calendar service reads the root
   * database, which on PGlite (one session) would wait for our own open transaction. Inside the
   * transaction deadlines are then pure arithmetic.
   */
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
    await store.enqueue(tx, { topic: NOTIFY_TOPICS[event], aggregateKey: `feedback:${f.id}`, payload: { feedbackId: f.id, event, ...extra } });
  }

  async function log(
    tx: Executor,
    ctx: RequestContext,
    f: repo.FeedbackRecord | { id: string; status: FeedbackStatus | null },
    action: string,
    toStatus: FeedbackStatus | null,
    note: string | null,
    payload: Record<string, unknown> = {},
  ): Promise<void> {
    const a = ctx.actor;
    await store.insertAction(tx, {
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
    await store.recordAudit(tx, ctx, { action: `feedback.${action}`, entity: 'feedback', entityId: f.id, summary: { toStatus, ...payload } });
  }

  async function provincialOffice(): Promise<string> {
    const id = await store.provincialOfficeAgency(db);
    if (!id) throw new AppError(503, 'no_receiving_office', 'Chưa cấu hình cơ quan tiếp nhận phản ánh (Văn phòng UBND tỉnh).');
    return id;
  }

  /**
   * Loads the record for a transition under a row lock and checks, in order: it exists (404), the
   * actor's agency received it or handles it (403), the actor's agency is the one
   * responsible at this step (403), the version is current (409), and the state machine allows
   * the action (409).
   */
  async function forTransition(
    tx: Executor,
    actor: Actor,
    id: string,
    version: number,
    action: Action,
    responsible: (f: repo.FeedbackRecord) => string | null,
  ): Promise<repo.FeedbackRecord> {
    const f = await store.getFeedback(tx, id, true);
    const scope = await store.agencyScope(tx, actor);
    if (!f) throw notFound('phản ánh, kiến nghị');
    if (!visible(scope, f)) throw forbidden('Phản ánh này thuộc cơ quan khác.');
    if (!inScope(scope, responsible(f))) throw forbidden(`Chỉ cơ quan đang chịu trách nhiệm mới được ${ACTION_VI[action]} phản ánh này.`);
    if (f.version !== version)
      throw conflict('stale_version', 'Phản ánh đã được người khác cập nhật. Vui lòng tải lại và thử lại.', { currentVersion: f.version });
    if (!canDo(action, f.status))
      throw conflict('illegal_transition', `Không thể ${ACTION_VI[action]} khi phản ánh đang ở trạng thái "${STATUS_VI[f.status]}".`, { status: f.status });
    return f;
  }

  async function save(tx: Executor, f: repo.FeedbackRecord, patch: repo.FeedbackPatch): Promise<repo.FeedbackRecord> {
    if (!(await store.updateFeedback(tx, f.id, patch, f.version)))
      throw conflict('stale_version', 'Phản ánh đã được người khác cập nhật. Vui lòng tải lại và thử lại.');
    return (await store.getFeedback(tx, f.id))!;
  }

  async function detail(ex: Executor, f: repo.FeedbackRecord, staff: boolean): Promise<FeedbackDetail> {
    const now = clock();
    const actions = (await store.listActions(ex, f.id)).map(({ atDate, ...a }) => ({ ...a, at: vnIso(atDate) }));
    const attachments = (await store.listAttachments(ex, f.id)).map(({ createdAtDate, ...a }) => ({ ...a, createdAt: vnIso(createdAtDate) }));
    const p = personalOf(f);
    return {
      ...toFeedback(f, now),
      actions,
      attachments,
      publicDraft:
        staff && (f.status === 'answered' || f.status === 'published')
          ? { publicSummary: f.publicSummary ?? redactPersonalData(f.content, p), publicAnswer: f.publicAnswer ?? redactPersonalData(f.answerText ?? '', p) }
          : null,
    };
  }

  /** The sender proves it is their feedback with the code and the phone or e-mail they gave. */
  async function bySender(ex: Executor, code: string, contact: string): Promise<repo.FeedbackRecord> {
    const f = await store.getFeedbackByCode(ex, code.toUpperCase());
    const phone = normalizePhone(contact);
    const email = normalizeEmail(contact);
    const ok = f && ((phone && f.submitterPhone === phone) || (email && f.submitterEmail === email));
    if (!ok) throw notFound('phản ánh với mã và số điện thoại/thư điện tử này');
    return f;
  }

  async function trackView(ex: Executor, f: repo.FeedbackRecord): Promise<TrackView> {
    const now = clock();
    const actions = await store.listActions(ex, f.id);
    const attachments = (await store.listAttachments(ex, f.id)).map(({ createdAtDate, ...a }) => ({ ...a, createdAt: vnIso(createdAtDate) }));
    return {
      code: f.code,
      title: f.title,
      content: f.content,
      status: f.status,
      statusText: f.status === 'closed' && f.closeReason === 'duplicate' ? `Trùng với phản ánh ${f.duplicateOf?.code ?? ''}` : STATUS_VI[f.status],
      receivedAt: vnIso(f.receivedAt),
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
      history: actions.filter((a) => !['remind'].includes(a.action)).map((a) => ({ at: vnIso(a.atDate), action: a.action, toStatus: a.toStatus })),
    };
  }

  return { database, db, store, calendar, clock, settings, calendars, due, notify, log, provincialOffice, forTransition, save, detail, bySender, trackView };
}

export type FeedbackCore = ReturnType<typeof createFeedbackCore>;
