import { Type, type Static, type TSchema } from 'typebox';
import { DEADLINE_KINDS, RECURRENCES, STATUSES } from './tasks.rules.js';
import { AGENCY_GROUPS } from './tasks.import.js';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DATE = { pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
export const PLAN_KINDS = ['plan', 'programme', 'directive', 'letter', 'conclusion', 'other'] as const;
/** How an agency takes part in a task: chủ trì (lead) or phối hợp (support). */
export const ROLES_IN_TASK = ['lead', 'support'] as const;
const RoleInTask = Type.String({ enum: [...ROLES_IN_TASK] });
/** The task board's views of the caller's agency: chủ trì, phối hợp, sắp đến hạn (14 ngày), quá hạn. */
export const TASK_VIEWS = ['lead', 'support', 'due_soon', 'overdue'] as const;
/** The statuses an agency reports (done late and overdue follow from the deadline). */
export const REPORTED_STATUSES = ['not_started', 'in_progress', 'done', 'cannot_do'] as const;
/** The formats a plan's appendix is read from (sniffed from the file's content). */
export const IMPORT_FORMATS = ['xlsx', 'docx', 'csv', 'text'] as const;

export const Status = Type.String({ enum: [...STATUSES] });

export const Deadline = Type.Object({
  text: Type.String({ description: 'Nguyên văn thời hạn như kế hoạch viết' }),
  kind: Type.String({ enum: [...DEADLINE_KINDS] }),
  dueOn: Nullable(Type.String()),
  startOn: Nullable(Type.String()),
  targetOn: Nullable(Type.String()),
  recurrence: Nullable(Type.String({ enum: [...RECURRENCES] })),
  reference: Nullable(Type.String()),
  reviewOn: Nullable(Type.String()),
  needsReview: Type.Boolean(),
});

export const AgencyAssignment = Type.Object({
  ordinal: Type.Integer(),
  written: Type.String({ description: 'Tên cơ quan như kế hoạch viết' }),
  agencyId: Nullable(Type.String()),
  agencyName: Nullable(Type.String()),
  group: Nullable(Type.String({ enum: [...AGENCY_GROUPS] })),
  groupName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  matched: Type.Boolean(),
});
export type AgencyAssignment = Static<typeof AgencyAssignment>;

export const PlanOut = Type.Object({
  id: Type.String(),
  kind: Type.String({ enum: [...PLAN_KINDS] }),
  number: Nullable(Type.String()),
  issuedOn: Nullable(Type.String()),
  issuingAgency: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  assigningAgencyId: Nullable(Type.String()),
  signer: Nullable(Type.String()),
  title: Type.String(),
  summary: Nullable(Type.String()),
  sourceFileId: Nullable(Type.String()),
  sourceFormat: Nullable(Type.String()),
  startOn: Type.String(),
  reportDay: Type.Integer(),
  dayOffRule: Type.String({ enum: ['previous', 'next'] }),
  taskCount: Type.Integer(),
  createdAt: Type.String(),
  version: Type.Integer(),
});
export type PlanOut = Static<typeof PlanOut>;

export const TaskOut = Type.Object({
  id: Type.String(),
  planId: Type.String(),
  planTitle: Type.String(),
  ordinal: Type.Integer(),
  number: Nullable(Type.String()),
  section: Nullable(Type.String()),
  content: Type.String(),
  output: Nullable(Type.String()),
  leadText: Type.String({ description: 'Cơ quan chủ trì — nguyên văn' }),
  supportText: Type.String({ description: 'Cơ quan phối hợp — nguyên văn' }),
  lead: Type.Array(AgencyAssignment),
  support: Type.Array(AgencyAssignment),
  deadline: Deadline,
  status: Status,
  percent: Type.Integer(),
  nextDueOn: Nullable(Type.String()),
  version: Type.Integer(),
});
export type TaskOut = Static<typeof TaskOut>;

export const OccurrenceOut = Type.Object({
  id: Type.String(),
  periodKey: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  dueOn: Type.String(),
  status: Status,
});
export type OccurrenceOut = Static<typeof OccurrenceOut>;

export const ProgressOut = Type.Object({
  id: Type.String(),
  occurrenceId: Type.String(),
  periodKey: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  role: RoleInTask,
  status: Status,
  percent: Type.Integer(),
  narrative: Type.String(),
  reason: Nullable(Type.String()),
  fileIds: Type.Array(Type.String()),
  reviewState: Type.String({ enum: ['submitted', 'accepted', 'returned'] }),
  reviewNote: Nullable(Type.String()),
  reportedAt: Type.String(),
  reportedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  version: Type.Integer(),
});
export type ProgressOut = Static<typeof ProgressOut>;

export const TaskActionOut = Type.Object({
  id: Type.String(),
  at: Type.String(),
  action: Type.String(),
  actorName: Nullable(Type.String()),
  agencyName: Nullable(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown()),
});
export type TaskActionOut = Static<typeof TaskActionOut>;

export const TaskDetail = Type.Object({
  task: TaskOut,
  occurrences: Type.Array(OccurrenceOut),
  progress: Type.Array(ProgressOut),
  history: Type.Array(TaskActionOut),
  /** What the caller may do here. */
  can: Type.Object({
    report: Type.Array(Type.Object({ agencyId: Type.String(), agencyName: Type.String(), role: RoleInTask })),
    review: Type.Boolean(),
    edit: Type.Boolean(),
  }),
});
export type TaskDetail = Static<typeof TaskDetail>;

export const ImportResult = Type.Object({
  plan: PlanOut,
  taskCount: Type.Integer(),
  sections: Type.Array(Type.String()),
  unmatched: Type.Array(Type.String({ description: 'Tên cơ quan chưa khớp danh mục (giữ nguyên trên nhiệm vụ đến khi được ánh xạ)' })),
  deadlinesToReview: Type.Array(Type.Object({ number: Nullable(Type.String()), text: Type.String() })),
  warnings: Type.Array(Type.String()),
});
export type ImportResult = Static<typeof ImportResult>;

/** A plan import run as a job (POST /api/v1/plans/imports), as GET /api/v1/plans/imports/{id} shows it. */
export const ImportJob = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')], {
    description: 'queued → running → done (result) | failed (errors); a failed import wrote nothing',
  }),
  phase: Nullable(Type.String({ description: 'reading (đọc tệp), matching (đối chiếu cơ quan, thời hạn), writing (ghi kế hoạch, trong một giao dịch)' })),
  processed: Type.Integer({ minimum: 0, description: 'Số nhiệm vụ đã xử lý trong giai đoạn hiện tại' }),
  total: Type.Integer({ minimum: 0, description: 'Số nhiệm vụ của bảng phụ lục (0 khi chưa đọc xong tệp)' }),
  result: Nullable(ImportResult),
  errors: Type.Array(Type.Object({ code: Type.String(), message: Type.String(), line: Nullable(Type.Integer()) })),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type ImportJob = Static<typeof ImportJob>;

/** What an import would create, before anything is written (the screen shows it, then the officer confirms). */
export const ImportPreview = Type.Object({
  plan: Type.Object({
    kind: Type.String({ enum: [...PLAN_KINDS] }),
    number: Nullable(Type.String()),
    issuedOn: Nullable(Type.String()),
    signer: Nullable(Type.String()),
    title: Type.String(),
    reportDay: Type.Integer(),
  }),
  format: Type.String({ enum: [...IMPORT_FORMATS] }),
  taskCount: Type.Integer(),
  sections: Type.Array(Type.String()),
  tasks: Type.Array(
    Type.Object({
      number: Nullable(Type.String()),
      section: Nullable(Type.String()),
      content: Type.String(),
      lead: Type.String(),
      support: Type.String(),
      deadline: Type.String({ description: 'Thời hạn như văn bản ghi' }),
      dueOn: Nullable(Type.String({ description: 'Hạn cuối đã hiểu được (YYYY-MM-DD)' })),
      needsReview: Type.Boolean(),
      unmatched: Type.Array(Type.String()),
    }),
  ),
  unmatched: Type.Array(Type.String()),
  deadlinesToReview: Type.Array(Type.Object({ number: Nullable(Type.String()), text: Type.String() })),
  warnings: Type.Array(Type.String()),
});
export type ImportPreview = Static<typeof ImportPreview>;

export const PlanUpdate = Type.Object(
  {
    kind: Type.Optional(Type.String({ enum: [...PLAN_KINDS] })),
    number: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    issuedOn: Type.Optional(Nullable(Type.String(DATE))),
    issuingAgencyId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    signer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    title: Type.Optional(Type.String({ minLength: 3, maxLength: 1000 })),
    summary: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
    reportDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })),
    dayOffRule: Type.Optional(Type.String({ enum: ['previous', 'next'] })),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type PlanUpdate = Static<typeof PlanUpdate>;

export const AgencyMapping = Type.Object(
  {
    written: Type.String({ minLength: 1, maxLength: 500 }),
    agencyId: Type.Optional(Type.String({ format: 'uuid' })),
    group: Type.Optional(Type.String({ enum: [...AGENCY_GROUPS] })),
  },
  { additionalProperties: false },
);
export type AgencyMapping = Static<typeof AgencyMapping>;

const AssignmentIn = Type.Object(
  {
    agencyId: Type.Optional(Type.String({ format: 'uuid' })),
    group: Type.Optional(Type.String({ enum: [...AGENCY_GROUPS] })),
    written: Type.Optional(Type.String({ maxLength: 500 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const AssignIn = Type.Object(
  {
    lead: Type.Array(AssignmentIn, { minItems: 1, maxItems: 50 }),
    support: Type.Array(AssignmentIn, { maxItems: 100 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type AssignIn = Static<typeof AssignIn>;

export const TaskUpdate = Type.Object(
  {
    content: Type.Optional(Type.String({ minLength: 3, maxLength: 10000 })),
    output: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    section: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    deadlineText: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Thời hạn theo cách viết của kế hoạch; được phân tích lại' })),
    dueOn: Type.Optional(Type.String({ ...DATE, description: 'Ấn định hạn (khi cụm từ không phân tích được); giữ nguyên văn' })),
    recurrence: Type.Optional(Nullable(Type.String({ enum: [...RECURRENCES] }))),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type TaskUpdate = Static<typeof TaskUpdate>;

export const ProgressIn = Type.Object(
  {
    occurrenceId: Type.Optional(Type.String({ format: 'uuid' })),
    agencyId: Type.Optional(Type.String({ format: 'uuid' })),
    status: Type.String({ enum: [...REPORTED_STATUSES] }),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
    narrative: Type.String({ maxLength: 20000 }),
    reason: Type.Optional(Type.String({ maxLength: 5000 })),
    fileIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20, uniqueItems: true })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type ProgressIn = Static<typeof ProgressIn>;

export const ReviewIn = Type.Object(
  { decision: Type.String({ enum: ['accept', 'return'] }), note: Type.Optional(Type.String({ maxLength: 5000 })), version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type ReviewIn = Static<typeof ReviewIn>;

export const OverviewRow = Type.Object({
  agencyId: Type.String(),
  agencyName: Type.String(),
  kind: Type.String(),
  assigned: Type.Integer({ description: 'Số lượt nhiệm vụ (kỳ) đến hạn hoặc đã báo cáo' }),
  done: Type.Integer(),
  doneLate: Type.Integer(),
  inProgress: Type.Integer(),
  overdue: Type.Integer(),
  notStarted: Type.Integer(),
  cannotDo: Type.Integer(),
  completionRate: Type.Number(),
});
export type OverviewRow = Static<typeof OverviewRow>;

const count = () => Type.Optional(Type.Integer({ minimum: 0 }));
/** How many tasks are in each status (a status no task is in is absent). */
const ByStatus = Type.Object({
  not_started: count(),
  in_progress: count(),
  done: count(),
  done_late: count(),
  overdue: count(),
  cannot_do: count(),
} satisfies Record<(typeof STATUSES)[number], TSchema>);

export const Overview = Type.Object({
  asOf: Type.String(),
  totals: Type.Object({ tasks: Type.Integer(), byStatus: ByStatus }),
  agencies: Type.Array(OverviewRow),
});
export type Overview = Static<typeof Overview>;

export const RecipientOut = Type.Object({
  agencyId: Type.String(),
  agencyName: Type.String(),
  answer: Nullable(Type.String({ enum: ['agree', 'comments'] })),
  comment: Nullable(Type.String()),
  fileId: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  answeredOn: Nullable(Type.String()),
});
export type RecipientOut = Static<typeof RecipientOut>;

const RecipientRef = Type.Object({ agencyId: Type.String(), agencyName: Type.String(), answeredOn: Nullable(Type.String()) });
export const CoordinationSummaryOut = Type.Object({
  onTime: Type.Array(RecipientRef),
  late: Type.Array(RecipientRef),
  notAnswered: Type.Array(RecipientRef),
  text: Type.String(),
});

export const CoordinationOut = Type.Object({
  id: Type.String(),
  taskId: Nullable(Type.String()),
  taskLabel: Nullable(Type.String()),
  leadAgencyId: Type.String(),
  leadAgencyName: Type.String(),
  subject: Type.String(),
  content: Type.String(),
  dueOn: Type.String(),
  fileId: Nullable(Type.String()),
  createdAt: Type.String(),
  submittedAt: Nullable(Type.String()),
  submissionText: Nullable(Type.String()),
  recipients: Type.Array(RecipientOut),
  summary: CoordinationSummaryOut,
  version: Type.Integer(),
});
export type CoordinationOut = Static<typeof CoordinationOut>;

export const CoordinationIn = Type.Object(
  {
    subject: Type.String({ minLength: 3, maxLength: 1000 }),
    content: Type.Optional(Type.String({ maxLength: 20000 })),
    dueOn: Type.String(DATE),
    recipientIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 200, uniqueItems: true }),
    taskId: Type.Optional(Type.String({ format: 'uuid' })),
    leadAgencyId: Type.Optional(Type.String({ format: 'uuid' })),
    fileId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type CoordinationIn = Static<typeof CoordinationIn>;

export const AnswerIn = Type.Object(
  {
    answer: Type.String({ enum: ['agree', 'comments'] }),
    comment: Type.Optional(Type.String({ maxLength: 20000 })),
    fileId: Type.Optional(Type.String({ format: 'uuid' })),
    agencyId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type AnswerIn = Static<typeof AnswerIn>;

export const SubmitIn = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const FileOut = Type.Object({ id: Type.String(), name: Type.String(), size: Type.Integer(), contentType: Type.String() });
