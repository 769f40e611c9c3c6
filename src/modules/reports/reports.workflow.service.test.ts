/**
 * Service-level test with typed fakes (no database): submitting a report, and a return followed by
 * a new sign-off and a second submission. The rule needs orchestration: the submission is loaded
 * under lock, checked against the leader's sign-off (the content must be the one signed), kept as
 * a numbered version, and flagged late when the FIRST submission comes after the end of the due
 * day in Vietnam; a resubmission after a return keeps that first verdict. The version, the
 * submission's update, the action log, the audit row and the outbox row are written in one
 * transaction; a refusal writes nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { fakeDatabase, fakeOf } from '../../test/fakes.js';
import { createReportsService } from './reports.service.js';
import { contentHash, type ReportsStore } from './reports.core.js';
import type { ActionInsert, PeriodRow, RegimeData, SubmissionPatch, SubmissionRow, VersionRow } from './reports.repo.js';
import type { Template } from './reports.template.js';

const JUSTICE = { id: 'agency-justice', code: '000.00.03.H56', name: 'Sở Tư pháp' };
const OFFICE = { id: 'agency-office', code: '000.00.01.H56', name: 'Văn phòng UBND tỉnh' };
const at = (s: string) => new Date(s);

const person = (id: string, fullName: string, roles: Actor['roles'], agency: typeof JUSTICE): RequestContext => ({
  actor: { id, username: id, fullName, kind: 'staff', roles, agencyId: agency.id, agency, sessionId: 's' },
  requestId: 'test',
  ip: null,
});
const specialist = person('u-specialist', 'Chuyên viên Sở Tư pháp', ['specialist'], JUSTICE);
const leader = person('u-leader', 'Giám đốc Sở Tư pháp', ['unit_leader'], JUSTICE);
const receiver = person('u-office', 'Chuyên viên Văn phòng', ['provincial_office'], OFFICE);

const TEMPLATE: Template = {
  sections: [{ id: 'I', title: 'Kết quả thực hiện', required: true }],
  tables: [{ id: 'B01', title: 'Hồ sơ', columns: [{ id: 'n', label: 'Số hồ sơ', type: 'integer', required: true }], rows: [{ id: 'r1', label: 'Tiếp nhận' }] }],
  rules: [],
};
const REGIME: RegimeData = {
  code: 'BC-KSTT',
  name: 'Báo cáo tình hình kiểm soát thủ tục hành chính',
  legalBasis: 'Thông tư 01/2020/TT-VPCP',
  issuer: 'Văn phòng Chính phủ',
  receiverAgencyId: OFFICE.id,
  reporterKinds: ['department'],
  reporterAgencyIds: [],
  frequencies: ['quarterly'],
  deadlines: {},
  dayOffRule: 'previous',
  reminderDays: [3],
  sendingMethod: 'system',
  nationalCode: null,
  template: TEMPLATE,
  active: true,
};
/** Quarter I of 2026, due on Monday 20/04/2026. */
const PERIOD: PeriodRow = {
  id: 'period-q1',
  regimeId: 'regime-1',
  regimeCode: REGIME.code,
  regimeName: REGIME.name,
  receiverAgencyId: OFFICE.id,
  regimeVersion: 1,
  frequency: 'quarterly',
  key: '2026-Q1',
  label: 'Quý I năm 2026',
  year: 2026,
  cutoffFrom: '2025-12-15',
  cutoffTo: '2026-03-14',
  dueOn: '2026-04-20',
  openedAt: at('2025-12-15T00:20:00+07:00'),
};

/** Sở Tư pháp's report, filled and signed off by its leader (never submitted yet). */
function signedReport(): SubmissionRow {
  const content = { cells: { 'B01.r1.n': 12 }, narrative: { I: 'Đã tiếp nhận và giải quyết đúng hạn.' }, annotations: {} };
  return {
    id: 'sub-1',
    periodId: PERIOD.id,
    agencyId: JUSTICE.id,
    agencyName: JUSTICE.name,
    status: 'signed',
    ...content,
    systemFigures: {},
    systemFiguresAt: null,
    signedBy: 'u-leader',
    signedByName: 'Giám đốc Sở Tư pháp',
    signedAt: at('2026-04-17T16:00:00+07:00'),
    signedHash: contentHash(content),
    signedPdf: null,
    submittedVersions: 0,
    firstSubmittedAt: null,
    lastSubmittedAt: null,
    late: false,
    acceptedAt: null,
    reviewComment: null,
    cellComments: {},
    version: 4,
    updatedAt: at('2026-04-17T16:00:00+07:00'),
  };
}

/** What updateSubmission's UPDATE does to the row (reports.repo.ts), for the fake. */
function applied(s: SubmissionRow, p: SubmissionPatch, now: Date): SubmissionRow {
  const n: SubmissionRow = { ...s, version: s.version + 1, updatedAt: now };
  if (p.status) n.status = p.status;
  if (p.cells) n.cells = p.cells;
  if (p.narrative) n.narrative = p.narrative;
  if (p.annotations) n.annotations = p.annotations;
  if (p.signature === null) Object.assign(n, { signedBy: null, signedByName: null, signedAt: null, signedHash: null, signedPdf: null });
  else if (p.signature)
    Object.assign(n, {
      signedBy: p.signature.by,
      signedByName: p.signature.name,
      signedAt: p.signature.at,
      signedHash: p.signature.hash,
      signedPdf: p.signature.pdf ?? null,
    });
  if (p.submitted) {
    n.submittedVersions = s.submittedVersions + 1;
    n.lastSubmittedAt = p.submitted.at;
    if (p.submitted.firstTime) Object.assign(n, { firstSubmittedAt: p.submitted.at, late: p.submitted.late });
  }
  if (p.acceptedAt) n.acceptedAt = p.acceptedAt;
  if (p.review) Object.assign(n, { reviewComment: p.review.comment, cellComments: p.review.cellComments });
  return n;
}

/** The service on fakes; `events` records the transactions and every write, in order. */
function setUp(row: SubmissionRow) {
  const events: string[] = [];
  const { database, tx } = fakeDatabase(events);
  let now = at('2026-04-20T09:00:00+07:00');
  let current = row;
  const versions: VersionRow[] = [];
  const actions: (ActionInsert & { at: Date })[] = [];
  const writes = { patches: [] as { patch: SubmissionPatch; expectedVersion: number }[], audits: [] as string[], topics: [] as string[] };
  const store = fakeOf<ReportsStore>('store', {
    getSubmission: async (_x, id) => (id === current.id ? current : null),
    getPeriod: async (_x, id) => (id === PERIOD.id ? PERIOD : null),
    getRegimeVersion: async (_x, id, v) => (id === PERIOD.regimeId && v === 1 ? REGIME : null),
    agencyScope: async (_x, actor) => (actor?.agencyId ? [actor.agencyId] : []),
    periodCounts: async () => new Map(),
    listVersions: async () => versions,
    listActions: async () =>
      actions.map((a, i) => ({ seq: i + 1, type: a.type, at: a.at, actor: a.actorName, fromStatus: a.fromStatus, toStatus: a.toStatus, payload: a.payload })),
    async updateSubmission(x, id, expectedVersion, patch) {
      assert.equal(x, tx, 'written in the transaction');
      events.push('updateSubmission');
      if (id !== current.id || expectedVersion !== current.version) return false;
      writes.patches.push({ patch, expectedVersion });
      current = applied(current, patch, now);
      return true;
    },
    async insertSubmissionVersion(x, v) {
      assert.equal(x, tx, 'written in the transaction');
      events.push('insertSubmissionVersion');
      versions.push({ ...v });
    },
    async appendAction(x, a) {
      assert.equal(x, tx, 'written in the transaction');
      events.push(`appendAction:${a.type}`);
      actions.push({ ...a, at: now });
      return actions.length;
    },
    async recordAudit(x, _ctx, a) {
      assert.equal(x, tx, 'written in the transaction');
      writes.audits.push(a.action);
    },
    async enqueue(x, m) {
      assert.equal(x, tx, 'written in the transaction');
      writes.topics.push(`${m.topic}:${(m.payload as { type: string }).type}`);
      return 0;
    },
  });
  const calendar = fakeOf<Parameters<typeof createReportsService>[0]['calendar']>('calendar', {});
  const service = createReportsService({ database, calendar, clock: { now: () => now }, store });
  return {
    service,
    events,
    writes,
    versions,
    actions,
    row: () => current,
    setNow: (s: string) => {
      now = at(s);
    },
  };
}

const code = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe('submitting a report (service on typed fakes, no database)', () => {
  test('on the due day (until 23:59 in Vietnam) it is on time: version 1 kept with the signed content, log, audit and notice in one transaction', async () => {
    const f = setUp(signedReport());
    f.setNow('2026-04-20T23:59:59+07:00');
    const v = await f.service.submit(specialist, 'sub-1', { version: 4, comment: 'Gửi đúng hạn' });

    assert.equal(v.status, 'submitted');
    assert.equal(v.late, false);
    assert.equal(v.daysLate, null);
    assert.equal(v.submittedVersions, 1);
    assert.deepEqual(f.events, ['transaction', 'insertSubmissionVersion', 'updateSubmission', 'appendAction:submit']);
    assert.equal(f.versions.length, 1);
    assert.equal(f.versions[0].versionNo, 1);
    assert.equal(f.versions[0].late, false);
    assert.equal(f.versions[0].contentHash, signedReport().signedHash, 'the version is the content the leader signed');
    assert.deepEqual(f.versions[0].cells, { 'B01.r1.n': 12 });
    assert.equal(f.writes.patches[0].expectedVersion, 4, 'written only if nobody changed it meanwhile');
    assert.deepEqual(f.actions[0].payload, { versionNo: 1, late: false, dueOn: '2026-04-20', comment: 'Gửi đúng hạn' });
    assert.deepEqual(f.writes.audits, ['report.submit']);
    assert.deepEqual(f.writes.topics, ['reports.submission.changed:submit']);
  });

  test('after the end of the due day the first submission is late, and the view counts the days late', async () => {
    const f = setUp(signedReport());
    f.setNow('2026-04-22T08:00:00+07:00');
    const v = await f.service.submit(specialist, 'sub-1', { version: 4 });

    assert.equal(v.late, true);
    assert.equal(v.daysLate, 2);
    assert.equal(f.versions[0].late, true);
    assert.equal(f.row().firstSubmittedAt?.toISOString(), at('2026-04-22T08:00:00+07:00').toISOString());
    assert.deepEqual(f.actions[0].payload, { versionNo: 1, late: true, dueOn: '2026-04-20', comment: null });
  });

  test('content changed after the sign-off: refused (409 signature_mismatch), nothing written', async () => {
    const f = setUp({ ...signedReport(), cells: { 'B01.r1.n': 13 } });
    await assert.rejects(f.service.submit(specialist, 'sub-1', { version: 4 }), (e) => code(e) === 'signature_mismatch');
    assert.deepEqual(f.events, ['transaction']);
    assert.equal(f.versions.length, 0);
    assert.deepEqual(f.writes, { patches: [], audits: [], topics: [] });
  });

  test('returned, signed off again and resubmitted after the deadline: version 2, still on time (the first submission decides)', async () => {
    const f = setUp(signedReport());
    f.setNow('2026-04-20T10:00:00+07:00');
    await f.service.submit(specialist, 'sub-1', { version: 4 });

    f.setNow('2026-04-22T09:00:00+07:00');
    const returned = await f.service.returnReport(receiver, 'sub-1', {
      version: 5,
      comment: 'Bổ sung số liệu quý I.',
      cellComments: { 'B01.r1.n': 'Kiểm tra lại' },
    });
    assert.equal(returned.status, 'returned');
    assert.equal(f.row().signedHash, null, 'a return clears the sign-off');
    assert.equal(f.row().reviewComment, 'Bổ sung số liệu quý I.');
    await assert.rejects(
      f.service.submit(specialist, 'sub-1', { version: 6 }),
      (e) => code(e) === 'invalid_transition',
      'a returned report must be signed again',
    );

    f.setNow('2026-04-23T14:00:00+07:00');
    await f.service.sign(leader, 'sub-1', { version: 6 });
    const v = await f.service.submit(specialist, 'sub-1', { version: 7 });

    assert.equal(v.status, 'submitted');
    assert.equal(v.submittedVersions, 2);
    assert.equal(v.late, false);
    assert.equal(v.daysLate, null);
    assert.deepEqual(
      f.versions.map((x) => [x.versionNo, x.late, x.signedByName]),
      [
        [1, false, 'Giám đốc Sở Tư pháp'],
        [2, false, 'Giám đốc Sở Tư pháp'],
      ],
    );
    assert.equal(f.row().firstSubmittedAt?.toISOString(), at('2026-04-20T10:00:00+07:00').toISOString(), 'the first submission stays');
    assert.equal(f.row().reviewComment, null, "a submission clears the receiver's comments");
    assert.deepEqual(
      f.actions.map((a) => [a.type, a.fromStatus, a.toStatus]),
      [
        ['submit', 'signed', 'submitted'],
        ['return', 'submitted', 'returned'],
        ['sign', 'returned', 'signed'],
        ['submit', 'signed', 'submitted'],
      ],
    );
    assert.deepEqual(f.writes.audits, ['report.submit', 'report.return', 'report.sign', 'report.submit']);
  });
});
