/**
 * Service-level test with typed fakes (no database): extending the handling deadline. The rule
 * needs orchestration: the handling agency's working calendar is loaded before the transaction
 * opens (on PGlite the calendar reads would wait for it), the new deadline is computed from the
 * old one on that calendar, then the record, the action log, the audit row and the sender's
 * notice are written in one transaction. Refusals write nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { buildWorkCalendar } from '../calendar/calendar.public.js';
import { fakeDatabase, fakeOf } from '../../test/fakes.js';
import { createFeedbackService, type FeedbackDeps } from './feedback.service.js';
import type { FeedbackStore } from './feedback.core.js';
import type { FeedbackRecord, FeedbackPatch } from './feedback.repo.js';
import { NOTIFY_TOPICS } from './feedback.notify.js';

const JUSTICE = { id: 'agency-justice', code: '000.00.03.H56', name: 'Sở Tư pháp' };
const OFFICE = { id: 'agency-office', code: '000.00.01.H56', name: 'Văn phòng UBND tỉnh' };
const at = (s: string) => new Date(s);

const specialist: Actor = {
  id: 'u-1',
  username: 'specialist',
  fullName: 'Chuyên viên',
  kind: 'staff',
  roles: ['specialist'],
  agencyId: JUSTICE.id,
  agency: JUSTICE,
  sessionId: 's',
};
const ctx: RequestContext = { actor: specialist, requestId: 'test', ip: null };

/** A feedback forwarded to Sở Tư pháp on Wed 04/03/2026, to be answered by Wed 18/03 10:00. */
function forwarded(over: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    id: 'fb-1',
    code: 'PAKN-2026-000001',
    channel: 'web',
    kind: 'feedback',
    topic: 'procedure_handling',
    categoryId: null,
    categoryCode: null,
    categoryName: null,
    title: 'Hồ sơ trễ hẹn',
    content: 'Hồ sơ trễ hẹn mà không được báo lý do.',
    attributes: {},
    submitterName: 'Nguyễn Văn A',
    submitterPhone: '0912000111',
    submitterEmail: null,
    submitterAddress: null,
    submitterUserId: null,
    locationAddress: null,
    lat: null,
    long: null,
    mediaUrl: null,
    receivingAgency: OFFICE,
    agency: JUSTICE,
    status: 'forwarded',
    closeReason: null,
    closeNote: null,
    duplicateOf: null,
    suspectedDuplicateOf: null,
    receivedAt: at('2026-03-02T09:00:00+07:00'),
    classifyDueAt: at('2026-03-09T09:00:00+07:00'),
    forwardedAt: at('2026-03-04T10:00:00+07:00'),
    handleDueAt: at('2026-03-18T10:00:00+07:00'),
    extendedAt: null,
    extensionReason: null,
    answeredAt: null,
    publishDueAt: null,
    publishedAt: null,
    closedAt: null,
    answerStatus: null,
    answerText: null,
    answerDocumentNo: null,
    publicSummary: null,
    publicAnswer: null,
    followUpText: null,
    followUpAt: null,
    escalatedStages: [],
    remindedStages: [],
    open311Token: null,
    updatedAt: at('2026-03-04T10:00:00+07:00'),
    version: 2,
    ...over,
  };
}

/** The service on fakes; `events` records the calendar loads, the transaction and every write, in order. */
function setUp(record: FeedbackRecord, now: string) {
  const events: string[] = [];
  const { database } = fakeDatabase(events);
  let current = record;
  const writes = {
    patches: [] as { patch: FeedbackPatch; version: number }[],
    actions: [] as { action: string; payload: Record<string, unknown> }[],
    audits: [] as string[],
    topics: [] as string[],
  };
  const store = fakeOf<FeedbackStore>('store', {
    getFeedback: async (_ex, id) => (id === current.id ? current : null),
    agencyScope: async () => [JUSTICE.id],
    getSetting: async () => null, // the defaults: 20 working days of extension
    async updateFeedback(_tx, _id, patch, version) {
      events.push('updateFeedback');
      writes.patches.push({ patch, version });
      current = { ...current, ...(patch as Partial<FeedbackRecord>), version: current.version + 1 };
      return true;
    },
    async insertAction(_tx, a) {
      events.push('insertAction');
      writes.actions.push({ action: a.action, payload: a.payload });
    },
    async recordAudit(_tx, _ctx, a) {
      writes.audits.push(a.action);
    },
    async enqueue(_tx, m) {
      writes.topics.push(m.topic);
      return 0;
    },
    listActions: async () => [],
    listAttachments: async () => [],
  });
  const province = buildWorkCalendar({ fromYear: 2025, toYear: 2027 });
  const calendar = fakeOf<FeedbackDeps['calendar']>('calendar', {
    async calendarFor(agencyId) {
      events.push(`calendarFor:${agencyId ?? 'province'}`);
      return province;
    },
  });
  const service = createFeedbackService({ database, calendar, clock: { now: () => at(now) }, store });
  return { service, events, writes };
}

const code = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe('extending the handling deadline (service on typed fakes, no database)', () => {
  test("+20 working days from the old deadline on the handling agency's calendar, recorded with the log, audit and notice", async () => {
    const { service, events, writes } = setUp(forwarded(), '2026-03-16T09:00:00+07:00');
    const d = await service.extend(ctx, 'fb-1', { reason: '  Cần xác minh tại địa phương khác.  ', version: 2 });

    // Wed 18/03 10:00 + 20 working days (weekends skipped; no holiday until Giỗ Tổ in late April).
    assert.equal(d.handleDueAt, '2026-04-15T10:00:00+07:00');
    assert.equal(d.extendedAt, '2026-03-16T09:00:00+07:00');
    assert.equal(d.extensionReason, 'Cần xác minh tại địa phương khác.');
    assert.equal(writes.patches.length, 1);
    assert.equal(writes.patches[0].version, 2, 'written only if nobody changed it meanwhile');
    assert.deepEqual(writes.actions, [{ action: 'extend', payload: { previousDueAt: '2026-03-18T10:00:00+07:00', handleDueAt: '2026-04-15T10:00:00+07:00' } }]);
    assert.deepEqual(writes.audits, ['feedback.extend']);
    assert.deepEqual(writes.topics, [NOTIFY_TOPICS.extended]);
    // The calendars are loaded before the transaction opens; the writes happen inside it.
    assert.deepEqual(events, ['calendarFor:province', `calendarFor:${JUSTICE.id}`, 'transaction', 'updateFeedback', 'insertAction']);
  });

  test('a second extension is refused and writes nothing', async () => {
    const { service, writes } = setUp(forwarded({ extendedAt: at('2026-03-10T08:00:00+07:00'), extensionReason: 'Lần trước' }), '2026-03-16T09:00:00+07:00');
    await assert.rejects(service.extend(ctx, 'fb-1', { reason: 'Cần thêm thời gian xác minh.', version: 2 }), (e) => code(e) === 'already_extended');
    assert.deepEqual(writes, { patches: [], actions: [], audits: [], topics: [] });
  });

  test('after the handling deadline has passed the extension is refused', async () => {
    const { service, writes } = setUp(forwarded(), '2026-03-18T10:01:00+07:00');
    await assert.rejects(service.extend(ctx, 'fb-1', { reason: 'Cần thêm thời gian xác minh.', version: 2 }), (e) => code(e) === 'extension_too_late');
    assert.equal(writes.patches.length, 0);
  });

  test('a stale version, or another agency, is refused before any rule runs', async () => {
    const stale = setUp(forwarded(), '2026-03-16T09:00:00+07:00');
    await assert.rejects(stale.service.extend(ctx, 'fb-1', { reason: 'Cần thêm thời gian xác minh.', version: 1 }), (e) => code(e) === 'stale_version');
    const other = setUp(forwarded({ agency: { id: 'agency-finance', code: '000.00.05.H56', name: 'Sở Tài chính' } }), '2026-03-16T09:00:00+07:00');
    await assert.rejects(other.service.extend(ctx, 'fb-1', { reason: 'Cần thêm thời gian xác minh.', version: 2 }), (e) => code(e) === 'forbidden');
    assert.equal(stale.writes.patches.length + other.writes.patches.length, 0);
  });
});
