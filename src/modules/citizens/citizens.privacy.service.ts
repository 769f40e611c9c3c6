/**
 * Personal data (issue 18 §2; Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Nghị định 356/2025/NĐ-CP):
 * the versioned privacy notice and consent, the record of processing activities, retention per
 * data class with the job that applies it, and the citizen's correction requests.
 */
import type { Database, Executor } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { systemContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, conflict, notFound, unprocessable } from '../../platform/errors.js';
import { excel } from '../../platform/doclibs.js';
import { tableSheet } from '../../platform/xlsx.js';
import { nfc } from '../../platform/text.js';
import { addWorking, type CalendarService } from '../calendar/calendar.public.js';
import { notify } from '../notifications/notifications.public.js';
import * as repo from './citizens.privacy.repo.js';
import { getProfile } from './citizens.repo.js';
import {
  CORRECTION_DEADLINE_WORKING_DAYS,
  FIELD_NAMES_VI,
  PRIVACY_LAW,
  consentVerdict,
  correctionProblem,
  currentValue,
  noticeProblem,
  retentionCutoff,
  retentionPeriodProblem,
  type CorrectableField,
  type NoticeContent,
} from './citizens.privacy.rules.js';
import { vnDateText, vnIso } from '../../platform/vn-time.js';
import { requireCitizen } from './citizens.shared.js';

export const RETENTION_JOB = 'citizens.privacy-retention';
/** Daily at 02:30 (Asia/Ho_Chi_Minh), outside office hours. */
export const RETENTION_CRON = '30 2 * * *';
export type ConsentChannel = 'registration' | 'online_submission' | 'portal';

/** An instant in Vietnam time, e.g. 2026-12-07T08:30:00+07:00 (as the other modules show it). */
const iso = (d: Date | null) => (d ? vnIso(d) : null);

export function createPrivacyService(deps: {
  database: Database;
  clock: { now(): Date };
  /** The app's calendar service (deps.calendar): the province's working days for the correction deadline. */
  calendar: Pick<CalendarService, 'calendarFor'>;
}) {
  const { database, clock, calendar } = deps;
  const db = database.db;

  async function notice(x: Executor) {
    const n = await repo.currentNotice(x, clock.now());
    if (!n) throw new Error('privacy_notice: no version in force (migration 004 and the seed add version 1)');
    return n;
  }
  const noticeView = (n: repo.NoticeRow) => ({ version: n.version, effectiveFrom: vnIso(n.effectiveFrom), ...n.content });

  /**
   * Checks that the person consents to the notice in force — already on record, or given now
   * (`accepted` = the version the person ticked) — and records a consent given now, in `tx`.
   * 422 consent_required / consent_outdated otherwise (Luật 91/2025/QH15 Điều 9).
   */
  async function requireConsent(tx: Executor, ctx: RequestContext, userId: string, accepted: number | null, channel: ConsentChannel): Promise<void> {
    const n = await notice(tx);
    const v = consentVerdict(n.version, await repo.activeConsentVersions(tx, userId), accepted);
    if (!v.ok) throw unprocessable(v.code, v.message, { noticeVersion: n.version });
    if (v.record) {
      const id = await repo.insertConsent(tx, { userId, noticeVersion: n.version, channel, at: clock.now(), ip: ctx.ip, requestId: ctx.requestId });
      if (id)
        await recordAudit(tx, ctx, {
          action: 'privacy.consent_given',
          entity: 'user',
          entityId: userId,
          summary: { noticeVersion: n.version, channel, consentId: id },
        });
    }
  }

  const correctionView = (c: repo.CorrectionRow, staff: boolean) => ({
    id: c.id,
    field: c.field,
    fieldName: FIELD_NAMES_VI[c.field],
    currentValue: c.currentValue,
    proposedValue: c.proposedValue,
    reason: c.reason,
    evidenceItemId: c.evidenceItemId,
    status: c.status,
    receivedAt: vnIso(c.receivedAt),
    dueAt: vnIso(c.dueAt),
    overdue: c.status === 'pending' && clock.now().getTime() > c.dueAt.getTime(),
    handledAt: iso(c.handledAt),
    handledByName: c.handledByName,
    decisionReason: c.decisionReason,
    version: c.version,
    ...(staff ? { subject: { userId: c.userId, username: c.username, fullName: c.subjectName } } : {}),
  });

  const service = {
    requireConsent,

    async currentNotice() {
      return noticeView(await notice(db));
    },
    async notices() {
      const items = (await repo.listNotices(db)).map(noticeView);
      return { items, total: items.length };
    },
    /** Publishes a new notice version (in force at once): every person is asked again. */
    async publishNotice(ctx: RequestContext, content: NoticeContent) {
      const clean: NoticeContent = JSON.parse(JSON.stringify(content), (_k, v: unknown) => (typeof v === 'string' ? nfc(v.trim()) : v));
      const p = noticeProblem(clean);
      if (p) throw badRequest('invalid_notice', p);
      return database.transaction(async (tx) => {
        const version = await repo.insertNotice(tx, clean, clock.now(), ctx.actor?.id ?? null);
        await recordAudit(tx, ctx, { action: 'privacy.notice_published', entity: 'privacy_notice', entityId: String(version), summary: { version } });
        return noticeView((await repo.getNotice(tx, version))!);
      });
    },

    /** The citizen's consents and whether the notice in force is consented to. */
    async myConsents(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      const n = await notice(db);
      const items = await repo.listConsents(db, actor.id);
      return {
        currentVersion: n.version,
        consented: items.some((c) => c.noticeVersion === n.version && !c.withdrawnAt),
        items: items.map((c) => ({
          id: c.id,
          noticeVersion: c.noticeVersion,
          channel: c.channel,
          givenAt: vnIso(c.givenAt),
          withdrawnAt: iso(c.withdrawnAt),
          withdrawalReason: c.withdrawalReason,
        })),
      };
    },
    async consent(ctx: RequestContext, noticeVersion: number, channel: 'online_submission' | 'portal') {
      const actor = requireCitizen(ctx.actor);
      await database.transaction((tx) => requireConsent(tx, ctx, actor.id, noticeVersion, channel));
      return service.myConsents(ctx);
    },
    /**
     * Withdrawal (Luật 91/2025/QH15 Điều 4): ends processing based on consent — the account can no
     * longer submit online until the person consents again. It erases nothing the law requires to
     * keep (dossiers, payments, audit) and does not undo processing done before.
     */
    async withdraw(ctx: RequestContext, reason: string | null) {
      const actor = requireCitizen(ctx.actor);
      await database.transaction(async (tx) => {
        const versions = await repo.withdrawConsents(tx, actor.id, clock.now(), reason ? nfc(reason.trim()) : null);
        if (!versions.length) throw conflict('no_active_consent', 'Bạn không có sự đồng ý nào đang có hiệu lực để rút lại.');
        await recordAudit(tx, ctx, { action: 'privacy.consent_withdrawn', entity: 'user', entityId: actor.id, summary: { noticeVersions: versions } });
      });
      return service.myConsents(ctx);
    },

    // ---- the record of processing activities ---------------------------------------------------
    async activities() {
      const [items, retention] = await Promise.all([repo.listActivities(db), repo.listRetention(db)]);
      return { items, total: items.length, retention: retention.map((r) => ({ ...r, updatedAt: vnIso(r.updatedAt) })), law: PRIVACY_LAW };
    },
    async activitiesXlsx(): Promise<Buffer> {
      const { items, retention } = await service.activities();
      const wb = new (excel().Workbook)();
      wb.creator = 'MotCua';
      const ws = wb.addWorksheet('Hoạt động xử lý');
      ws.addRow(['HỒ SƠ HOẠT ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN']).font = { bold: true, size: 13 };
      ws.addRow([`Theo ${PRIVACY_LAW}; lập ngày ${vnDateText(clock.now())}`]);
      ws.addRow([]);
      const t = tableSheet(ws, [
        { header: 'STT', width: 6, kind: 'int' },
        { header: 'Hoạt động xử lý', width: 34 },
        { header: 'Mục đích', width: 40 },
        { header: 'Căn cứ pháp lý', width: 44 },
        { header: 'Chủ thể dữ liệu', width: 28 },
        { header: 'Loại dữ liệu', width: 50 },
        { header: 'Bên nhận', width: 40 },
        { header: 'Thời hạn lưu', width: 36 },
        { header: 'Biện pháp bảo vệ', width: 50 },
        { header: 'Phân hệ', width: 20 },
      ]);
      items.forEach((a, i) =>
        t.add([i + 1, a.name, a.purpose, a.legalBasis, a.subjects, a.dataCategories, a.recipients, a.retention, a.security, a.module], { wrap: true }),
      );
      const wr = wb.addWorksheet('Thời hạn lưu');
      const r = tableSheet(wr, [
        { header: 'Loại dữ liệu', width: 34 },
        { header: 'Nội dung', width: 50 },
        { header: 'Thời hạn (ngày)', width: 14, kind: 'int' },
        { header: 'Xử lý khi hết hạn', width: 18 },
        { header: 'Căn cứ', width: 60 },
        { header: 'Công việc tự động áp dụng', width: 14 },
      ]);
      const ACTION = { delete: 'Xóa', anonymise: 'Khử nhận dạng', keep: 'Lưu theo luật chuyên ngành' } as const;
      for (const c of retention) r.add([c.name, c.data, c.periodDays, ACTION[c.action], c.basis, c.appliedByJob ? 'Có' : 'Không'], { wrap: true });
      return Buffer.from(await wb.xlsx.writeBuffer());
    },

    // ---- retention -------------------------------------------------------------------------------
    async setRetention(ctx: RequestContext, key: string, periodDays: number) {
      return database.transaction(async (tx) => {
        const c = await repo.getRetention(tx, key);
        if (!c) throw notFound('loại dữ liệu');
        const p = retentionPeriodProblem(periodDays, c.minDays, c.appliedByJob);
        if (p) throw unprocessable('invalid_retention_period', p);
        await repo.setRetentionPeriod(tx, key, periodDays);
        await recordAudit(tx, ctx, {
          action: 'privacy.retention_changed',
          entity: 'privacy_retention_class',
          entityId: key,
          summary: { periodDays: { from: c.periodDays, to: periodDays } },
        });
        const u = (await repo.getRetention(tx, key))!;
        return { ...u, updatedAt: vnIso(u.updatedAt) };
      });
    },
    /**
     * The retention job: for every class the job applies, rows past the class's period are erased
     * or anonymised, one transaction and one audit row per class that changed something. Classes
     * kept by law (dossiers, payments, audit…) have no statement and are never touched.
     */
    async applyRetention(ctx: RequestContext = systemContext('job:' + RETENTION_JOB)) {
      const now = clock.now();
      const classes = (await repo.listRetention(db)).filter((c) => c.appliedByJob && c.periodDays !== null);
      const results: { key: string; action: repo.RetentionRow['action']; periodDays: number; cutoff: string; rows: number }[] = [];
      for (const c of classes) {
        const cutoff = retentionCutoff(now, c.periodDays!);
        const rows = await database.transaction(async (tx) => {
          const n = await repo.applyRetention(tx, c.key, cutoff, now);
          if (n > 0)
            await recordAudit(tx, ctx, {
              action: c.action === 'anonymise' ? 'privacy.retention_anonymised' : 'privacy.retention_erased',
              entity: 'privacy_retention_class',
              entityId: c.key,
              summary: { rows: n, periodDays: c.periodDays, cutoff: cutoff.toISOString() },
            });
          return n;
        });
        results.push({ key: c.key, action: c.action, periodDays: c.periodDays!, cutoff: vnIso(cutoff), rows });
      }
      return { ranAt: vnIso(now), classes: results };
    },

    // ---- correction requests ---------------------------------------------------------------------
    async requestCorrection(
      ctx: RequestContext,
      input: { field: CorrectableField; proposedValue: string; reason?: string | null; evidenceItemId?: string | null },
    ) {
      const actor = requireCitizen(ctx.actor);
      const p = await getProfile(db, actor.id);
      if (!p) throw notFound('hồ sơ tài khoản công dân');
      const proposed = nfc(input.proposedValue.trim());
      const subject = { ...p, verified: p.verifiedAt !== null };
      const problem = correctionProblem(subject, input.field, proposed);
      if (problem) throw unprocessable(problem.code, problem.message);
      if (input.evidenceItemId && !(await repo.ownItemExists(db, actor.id, input.evidenceItemId)))
        throw unprocessable('invalid_document', 'Giấy tờ chứng minh phải là một giấy tờ trong kho dữ liệu của bạn.');
      const now = clock.now();
      const dueAt = addWorking(await calendar.calendarFor(null), now, CORRECTION_DEADLINE_WORKING_DAYS, 'working_days');
      return database.transaction(async (tx) => {
        const id = await repo.insertCorrection(tx, {
          userId: actor.id,
          field: input.field,
          currentValue: currentValue(subject, input.field),
          proposedValue: proposed,
          reason: input.reason ? nfc(input.reason.trim()) : null,
          evidenceItemId: input.evidenceItemId ?? null,
          at: now,
          dueAt,
        });
        if (!id) throw conflict('correction_pending', `Bạn đã có một yêu cầu sửa "${FIELD_NAMES_VI[input.field]}" đang chờ xử lý.`);
        await recordAudit(tx, ctx, {
          action: 'privacy.correction_requested',
          entity: 'privacy_correction_request',
          entityId: id,
          summary: { field: input.field, dueAt: dueAt.toISOString() },
        });
        return correctionView((await repo.getCorrection(tx, id))!, false);
      });
    },
    /** The person's consents and correction requests, for the export of all their data. */
    async exportOwn(ctx: RequestContext) {
      const [c, r] = await Promise.all([service.myConsents(ctx), service.myCorrections(ctx)]);
      return { consents: c.items, currentNoticeVersion: c.currentVersion, consented: c.consented, corrections: r.items };
    },
    async myCorrections(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      const r = await repo.listCorrections(db, { userId: actor.id, limit: 200, offset: 0 });
      return { items: r.items.map((c) => correctionView(c, false)), total: r.total };
    },
    async cancelCorrection(ctx: RequestContext, id: string, version: number) {
      const actor = requireCitizen(ctx.actor);
      return database.transaction(async (tx) => {
        const c = await repo.getCorrection(tx, id);
        if (!c || c.userId !== actor.id) throw notFound('yêu cầu chỉnh sửa');
        if (c.status !== 'pending') throw conflict('already_handled', 'Yêu cầu đã được xử lý.');
        if (!(await repo.decideCorrection(tx, id, version, { status: 'cancelled', at: clock.now(), by: actor.id, byName: null, reason: null })))
          throw conflict('version_conflict', 'Yêu cầu vừa được thay đổi; vui lòng tải lại.');
        await recordAudit(tx, ctx, { action: 'privacy.correction_cancelled', entity: 'privacy_correction_request', entityId: id });
        return correctionView((await repo.getCorrection(tx, id))!, false);
      });
    },
    async corrections(q: { status?: string; limit: number; offset: number }) {
      const r = await repo.listCorrections(db, q);
      return { items: r.items.map((c) => correctionView(c, true)), total: r.total };
    },
    /**
     * An officer decides: accept → the profile is corrected (audit with before/after, outbox
     * `citizens.profile_changed`), reject → a reason is required. Either way the citizen is told
     * through the notifications module.
     */
    async decideCorrection(ctx: RequestContext, id: string, body: { version: number; decision: 'accept' | 'reject'; reason?: string | null }) {
      const actor = ctx.actor!;
      const reason = body.reason ? nfc(body.reason.trim()) : null;
      if (body.decision === 'reject' && (!reason || reason.length < 5)) throw unprocessable('reason_required', 'Vui lòng nêu lý do từ chối (ít nhất 5 ký tự).');
      return database.transaction(async (tx) => {
        const c = await repo.getCorrection(tx, id);
        if (!c) throw notFound('yêu cầu chỉnh sửa');
        if (c.status !== 'pending') throw conflict('already_handled', 'Yêu cầu đã được xử lý.');
        if (body.decision === 'accept') {
          // The profile may have changed since the request (e.g. verified by VNeID): check again.
          const p = await getProfile(tx, c.userId);
          if (!p) throw notFound('hồ sơ tài khoản công dân');
          const problem = correctionProblem({ ...p, verified: p.verifiedAt !== null }, c.field, c.proposedValue);
          if (problem) throw unprocessable(problem.code, `Không chấp nhận được: ${problem.message}`);
        }
        const status = body.decision === 'accept' ? 'accepted' : 'rejected';
        const now = clock.now();
        if (!(await repo.decideCorrection(tx, id, body.version, { status, at: now, by: actor.id, byName: actor.fullName, reason })))
          throw conflict('version_conflict', 'Yêu cầu vừa được thay đổi; vui lòng tải lại.');
        const fieldName = FIELD_NAMES_VI[c.field];
        if (status === 'accepted') {
          await repo.correctProfile(tx, c.userId, c.field, c.proposedValue);
          await recordAudit(tx, ctx, {
            action: 'citizen.profile_corrected',
            entity: 'user',
            entityId: c.userId,
            summary: { requestId: id, field: c.field, from: c.currentValue, to: c.proposedValue },
          });
          await enqueue(tx, {
            topic: 'citizens.profile_changed',
            aggregateKey: `user:${c.userId}`,
            payload: { userId: c.userId, fields: [c.field], reason: 'correction_request', requestId: id },
          });
        }
        await recordAudit(tx, ctx, {
          action: `privacy.correction_${status}`,
          entity: 'privacy_correction_request',
          entityId: id,
          summary: { field: c.field, late: now.getTime() > c.dueAt.getTime(), ...(reason ? { reason } : {}) },
        });
        await notify(tx, {
          recipient: { citizenId: c.userId },
          kind: 'privacy.correction',
          title:
            status === 'accepted'
              ? `Đã chỉnh sửa ${fieldName.toLowerCase()} theo yêu cầu của bạn`
              : `Yêu cầu chỉnh sửa ${fieldName.toLowerCase()} không được chấp nhận`,
          body:
            status === 'accepted'
              ? `${fieldName} của tài khoản đã được sửa thành "${c.proposedValue}" theo yêu cầu gửi ngày ${vnDateText(c.receivedAt)}.`
              : `Yêu cầu sửa ${fieldName.toLowerCase()} thành "${c.proposedValue}" không được chấp nhận. Lý do: ${reason}`,
          link: '/cong-dan/du-lieu-ca-nhan',
          subject: { type: 'privacy_correction_request', id },
          dedupeKey: `privacy.correction:${id}`,
        });
        return correctionView((await repo.getCorrection(tx, id))!, true);
      });
    },
  };
  return service;
}
export type PrivacyService = ReturnType<typeof createPrivacyService>;
