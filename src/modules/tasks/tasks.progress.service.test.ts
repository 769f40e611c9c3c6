/**
 * Service-level test with typed fakes (no database): an agency reports progress on a task. The rule
 * needs orchestration: who may report (a task led by a group is led by every current member of
 * it), which period the report is for (the earliest unfinished one that has begun), the status as
 * of today (done after the due date is done late), then the task's and period's statuses refreshed
 * from all lead agencies' reports, and the log, audit and outbox rows, in one transaction.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Agency } from '../org/org.public.js';
import { fakeDatabase, fakeOf } from '../../test/fakes.js';
import { createTasksService } from './tasks.service.js';
import { toTask, type ProgressWrite, type TaskRow } from './tasks.repo.js';
import type { TasksStore } from './tasks.store.js';
import type { TaskStatus } from './tasks.rules.js';
import type { OccurrenceOut, ProgressOut } from './tasks.schemas.js';

const agency = (id: string, shortName: string, kind: string, validTo: string | null = null): Agency => ({
  id,
  code: `000.00.${id}.H56`,
  name: shortName,
  shortName,
  kind: kind as Agency['kind'],
  parentId: null,
  unitCode: '56',
  validFrom: '2020-01-01',
  validTo,
  codeVerified: true,
  taxCode: null,
  successorIds: [],
  version: 1,
});
const JUSTICE = agency('justice', 'Sở Tư pháp', 'department');
const HOME = agency('home', 'Sở Nội vụ', 'department');
const MERGED = agency('merged', 'Sở cũ đã hợp nhất', 'department', '2025-06-30');
const COMMUNE = agency('commune', 'UBND xã An Bình', 'commune_people_committee');
const DIRECTORY = [JUSTICE, HOME, MERGED, COMMUNE];

const actorAt = (a: Agency): RequestContext => ({
  actor: {
    id: `u-${a.id}`,
    username: `u-${a.id}`,
    fullName: `Chuyên viên ${a.shortName}`,
    kind: 'staff',
    roles: ['specialist'],
    agencyId: a.id,
    agency: null,
    sessionId: 's',
  } satisfies Actor,
  requestId: 'test',
  ip: null,
});

/** Task 7 of a plan: "Sở, ban, ngành" (every current department) lead it; reported quarterly. */
const TASK_ROW: TaskRow = {
  id: 't-7',
  plan_id: 'p-1',
  plan_title: 'Kế hoạch 131',
  ordinal: 7,
  number: '7',
  section: 'I',
  content: 'Rà soát thủ tục hành chính',
  output: null,
  lead_text: 'Các sở, ban, ngành',
  support_text: '',
  deadline_text: 'Hằng quý',
  deadline_kind: 'recurring',
  due_on: null,
  start_on: null,
  target_on: null,
  recurrence: 'quarterly',
  reference: null,
  review_on: null,
  deadline_needs_review: false,
  status: 'not_started',
  percent: 0,
  next_due_on: '2026-03-31',
  version: 3,
  created_at: new Date('2026-01-05T08:00:00+07:00'),
  updated_at: new Date('2026-01-05T08:00:00+07:00'),
  search_key: null,
};
const LEAD = {
  ordinal: 1,
  written: 'Các sở, ban, ngành',
  agencyId: null,
  agencyName: null,
  group: 'departments',
  groupName: 'Các sở, ban, ngành',
  note: null,
  matched: true,
};
const Q1: OccurrenceOut = {
  id: 'occ-q1',
  periodKey: '2026-Q1',
  periodStart: '2026-01-01',
  periodEnd: '2026-03-31',
  dueOn: '2026-03-31',
  status: 'not_started',
};
const Q2: OccurrenceOut = {
  id: 'occ-q2',
  periodKey: '2026-Q2',
  periodStart: '2026-04-01',
  periodEnd: '2026-06-30',
  dueOn: '2026-06-30',
  status: 'not_started',
};

function setUp(today: string, prior: ProgressOut | null = null) {
  const { database } = fakeDatabase();
  const reports: (ProgressWrite & { id: string })[] = [];
  const writes = {
    occurrenceStatus: new Map<string, TaskStatus>(),
    task: null as { status: TaskStatus; percent: number } | null,
    actions: [] as string[],
    audits: [] as string[],
    topics: [] as string[],
  };
  const store = fakeOf<TasksStore>('store', {
    listAgencies: async () => ({ items: DIRECTORY, total: DIRECTORY.length }),
    agencySubtree: async (_ex, id) => [id],
    getTaskRow: async (_ex, id) => (id === TASK_ROW.id ? TASK_ROW : null),
    agenciesOfTasks: async () => new Map([[TASK_ROW.id, { lead: [LEAD], support: [] }]]),
    toTask,
    occurrencesOf: async () => [Q1, Q2],
    findProgress: async () => prior,
    async upsertProgress(_tx, p, expectedVersion) {
      assert.equal(expectedVersion, prior ? prior.version : null);
      reports.push({ ...p, id: `pr-${reports.length + 1}` });
      return `pr-${reports.length}`;
    },
    countingReports: async (_ex, occurrenceId) =>
      reports
        .filter((r) => r.occurrenceId === occurrenceId)
        .map((r) => ({ agencyId: r.agencyId, role: r.role, status: r.status as TaskStatus, percent: r.percent })),
    setOccurrenceStatus: async (_tx, id, status) => void writes.occurrenceStatus.set(id, status),
    setTaskStatus: async (_tx, _id, status, percent) => void (writes.task = { status, percent }),
    logAction: async (_tx, a) => void writes.actions.push(a.action),
    recordAudit: async (_tx, _ctx, a) => void writes.audits.push(a.action),
    enqueue: async (_tx, m) => (writes.topics.push(m.topic), 0),
    getProgress: async (_ex, id) => {
      const r = reports.find((x) => x.id === id)!;
      return {
        id,
        taskId: r.taskId,
        occurrenceId: r.occurrenceId,
        periodKey: r.occurrenceId === Q1.id ? Q1.periodKey : Q2.periodKey,
        agencyId: r.agencyId,
        agencyName: '',
        role: r.role as ProgressOut['role'],
        status: r.status as TaskStatus,
        percent: r.percent,
        narrative: r.narrative,
        reason: r.reason,
        fileIds: r.fileIds,
        reviewState: 'submitted',
        reviewNote: null,
        reportedAt: r.reportedOn,
        reportedBy: r.reportedBy,
        reviewedAt: null,
        version: 1,
      };
    },
  });
  const service = createTasksService(database, { store, clock: { now: () => new Date(`${today}T09:00:00+07:00`) } });
  return { service, reports, writes };
}

const code = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe('reporting progress on a task (service on typed fakes, no database)', () => {
  test('a department of the lead group reports the current quarter: half of the current lead agencies have finished', async () => {
    const { service, reports, writes } = setUp('2026-03-20');
    const p = await service.report(actorAt(JUSTICE), 't-7', { status: 'done', percent: 80, narrative: 'Đã rà soát 14 thủ tục.' });
    assert.equal(p.occurrenceId, Q1.id, 'the earliest unfinished period that has begun');
    assert.deepEqual(
      reports.map((r) => [r.agencyId, r.role, r.status, r.percent, r.reportedOn]),
      [['justice', 'lead', 'done', 100, '2026-03-20']],
    );
    // Leads: Sở Tư pháp and Sở Nội vụ (the merged department no longer counts): one of two finished.
    assert.equal(writes.occurrenceStatus.get(Q1.id), 'in_progress');
    assert.equal(writes.occurrenceStatus.get(Q2.id), 'not_started');
    assert.deepEqual(writes.task, { status: 'in_progress', percent: 50 });
    assert.deepEqual([writes.actions, writes.audits, writes.topics], [['task.report'], ['task.report'], ['tasks.progress.reported']]);
  });

  test('"done" reported after the due date is recorded as done late, and the task is overdue while the other lead has not finished', async () => {
    const { service, reports, writes } = setUp('2026-04-02');
    await service.report(actorAt(JUSTICE), 't-7', { status: 'done', percent: 100, narrative: 'Hoàn thành quý I.' });
    assert.equal(reports[0].occurrenceId, Q1.id);
    assert.equal(reports[0].status, 'done_late');
    assert.equal(writes.occurrenceStatus.get(Q1.id), 'overdue');
    assert.deepEqual(writes.task, { status: 'overdue', percent: 0 }, 'the current period (Q2) gives the percent; an overdue period makes the task overdue');
  });

  test('refused, writing nothing: an agency not assigned, an accepted report, "cannot do" without a reason', async () => {
    const none = setUp('2026-03-20');
    await assert.rejects(none.service.report(actorAt(COMMUNE), 't-7', { status: 'in_progress', percent: 10, narrative: 'x' }), (e) => code(e) === 'forbidden');
    const accepted = setUp('2026-03-20', {
      id: 'pr-0',
      occurrenceId: Q1.id,
      periodKey: Q1.periodKey,
      agencyId: 'justice',
      agencyName: 'Sở Tư pháp',
      role: 'lead',
      status: 'done',
      percent: 100,
      narrative: '',
      reason: null,
      fileIds: [],
      reviewState: 'accepted',
      reviewNote: null,
      reportedAt: '2026-03-10',
      reportedBy: null,
      reviewedAt: null,
      version: 2,
    });
    await assert.rejects(
      accepted.service.report(actorAt(JUSTICE), 't-7', { status: 'in_progress', percent: 90, narrative: 'Sửa lại', version: 2 }),
      (e) => code(e) === 'progress_accepted',
    );
    const noReason = setUp('2026-03-20');
    await assert.rejects(
      noReason.service.report(actorAt(JUSTICE), 't-7', { status: 'cannot_do', percent: 0, narrative: 'x' }),
      (e) => code(e) === 'reason_required',
    );
    assert.equal(none.reports.length + accepted.reports.length + noReason.reports.length, 0);
    assert.equal(none.writes.actions.length + accepted.writes.actions.length + noReason.writes.actions.length, 0);
  });
});
