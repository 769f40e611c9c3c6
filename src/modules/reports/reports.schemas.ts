import { Type, type Static, type TSchema } from 'typebox';
import { FREQUENCIES } from './reports.periods.js';
import { AGGREGATE_MODES, CELL_TYPES, SEVERITIES } from './reports.template.js';
import { FIGURE_SOURCES } from './reports.figures.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const ID = { pattern: '^[A-Za-z0-9_]{1,40}$' };
const DATE = { pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const strict = { additionalProperties: false } as const;

export const SUBMISSION_STATUSES = ['not_started', 'draft', 'signed', 'submitted', 'returned', 'accepted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
/** What a caller may do next on a submission (`allowedActions`; the screen shows the matching buttons). */
export const SUBMISSION_ACTIONS = ['save', 'prefill', 'import', 'sign', 'submit', 'return', 'accept'] as const;
export type SubmissionAction = (typeof SUBMISSION_ACTIONS)[number];
/** The changes a submission's log records (`actions[].type`). */
export const LOGGED_ACTIONS = ['save', 'prefill', 'sign', 'submit', 'return', 'accept'] as const;
export type LoggedAction = (typeof LOGGED_ACTIONS)[number];
export const STATUS_VI: Record<SubmissionStatus, string> = {
  not_started: 'Chưa nhập',
  draft: 'Đang soạn',
  signed: 'Lãnh đạo đã ký duyệt',
  submitted: 'Đã gửi, chờ tiếp nhận',
  returned: 'Bị trả lại',
  accepted: 'Đã tiếp nhận',
};

// ---- template (input and output share the shape) ---------------------------------------------

const AggregateT = Type.String({ enum: [...AGGREGATE_MODES] });
const CellTypeT = Type.String({ enum: [...CELL_TYPES] });
const specFields = {
  unit: Type.Optional(Type.String({ maxLength: 40 })),
  required: Type.Optional(Type.Boolean()),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  aggregate: Type.Optional(AggregateT),
};
const CellSpecT = Type.Object({ type: Type.Optional(CellTypeT), system: Type.Optional(Type.String({ maxLength: 60 })), ...specFields }, strict);
const ColumnT = Type.Object({ id: Type.String(ID), label: Type.String({ minLength: 1, maxLength: 200 }), type: CellTypeT, ...specFields }, strict);
const RowT = Type.Object(
  {
    id: Type.String(ID),
    label: Type.String({ minLength: 1, maxLength: 300 }),
    level: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
    type: Type.Optional(CellTypeT),
    ...specFields,
  },
  strict,
);
const TableT = Type.Object(
  {
    id: Type.String(ID),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    columns: Type.Array(ColumnT, { minItems: 1, maxItems: 40 }),
    rows: Type.Array(RowT, { minItems: 1, maxItems: 200 }),
    cells: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_]{1,40}\\.[A-Za-z0-9_]{1,40}$' }), CellSpecT)),
    totalRow: Type.Optional(Type.String(ID)),
  },
  strict,
);
const SectionT = Type.Object(
  {
    id: Type.String(ID),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    guidance: Type.Optional(Type.String({ maxLength: 2000 })),
    required: Type.Optional(Type.Boolean()),
    level: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
  },
  strict,
);
const Ref = Type.String({ pattern: '^[A-Za-z0-9_]{1,40}\\.[A-Za-z0-9_]{1,40}\\.[A-Za-z0-9_]{1,40}$' });
const Refs = Type.Array(Ref, { minItems: 1, maxItems: 60 });
const ruleCommon = {
  id: Type.String(ID),
  severity: Type.Optional(Type.String({ enum: [...SEVERITIES] })),
  message: Type.Optional(Type.String({ maxLength: 500 })),
};
const RuleT = Type.Union([
  Type.Object({ ...ruleCommon, kind: Type.Literal('sum'), target: Ref, terms: Refs }, strict),
  Type.Object({ ...ruleCommon, kind: Type.Literal('ratio'), target: Ref, numerator: Refs, denominator: Refs }, strict),
  Type.Object({ ...ruleCommon, kind: Type.Literal('lte'), left: Refs, right: Refs }, strict),
]);
export const TemplateT = Type.Object(
  { sections: Type.Array(SectionT, { maxItems: 60 }), tables: Type.Array(TableT, { maxItems: 20 }), rules: Type.Array(RuleT, { maxItems: 300 }) },
  strict,
);

const DeadlineT = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('day_of_month'),
      day: Type.Integer({ minimum: 1, maximum: 31 }),
      monthOffset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 })),
    },
    strict,
  ),
  Type.Object({ kind: Type.Literal('working_days_after_cutoff'), days: Type.Integer({ minimum: 1, maximum: 30 }) }, strict),
  Type.Object(
    {
      kind: Type.Literal('fixed'),
      month: Type.Integer({ minimum: 1, maximum: 12 }),
      day: Type.Integer({ minimum: 1, maximum: 31 }),
      yearOffset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
    },
    strict,
  ),
]);

const FrequencyT = Type.String({ enum: [...FREQUENCIES] });
const ScheduledFrequencyT = Type.String({ enum: FREQUENCIES.filter((f) => f !== 'ad_hoc') });
export const REPORTER_KINDS = [
  'department',
  'commune_people_committee',
  'provincial_service_centre',
  'commune_service_centre',
  'police',
  'provincial_office',
  'other',
] as const;
const DayOffRuleT = Type.String({ enum: ['previous', 'next', 'keep'] });

const regimeFields = {
  name: Type.String({ minLength: 5, maxLength: 300 }),
  legalBasis: Type.String({ minLength: 3, maxLength: 1000 }),
  issuer: Type.String({ minLength: 2, maxLength: 300 }),
  receiverAgencyId: Type.String({ format: 'uuid' }),
  reporterKinds: Type.Array(Type.String({ enum: [...REPORTER_KINDS] }), { maxItems: 10, uniqueItems: true }),
  reporterAgencyIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 500, uniqueItems: true }),
  frequencies: Type.Array(FrequencyT, { minItems: 1, maxItems: 6, uniqueItems: true }),
  deadlines: Type.Record(ScheduledFrequencyT, DeadlineT),
  dayOffRule: DayOffRuleT,
  reminderDays: Type.Array(Type.Integer({ minimum: 1, maximum: 30 }), { maxItems: 5, uniqueItems: true }),
  sendingMethod: Type.String({ minLength: 3, maxLength: 500 }),
  nationalCode: Nullable(Type.String({ maxLength: 60 })),
  template: TemplateT,
};

export const RegimeCreate = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,39}$' }), ...regimeFields }, strict);
export type RegimeCreate = Static<typeof RegimeCreate>;

export const RegimeUpdate = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(regimeFields.name),
    legalBasis: Type.Optional(regimeFields.legalBasis),
    issuer: Type.Optional(regimeFields.issuer),
    receiverAgencyId: Type.Optional(regimeFields.receiverAgencyId),
    reporterKinds: Type.Optional(regimeFields.reporterKinds),
    reporterAgencyIds: Type.Optional(regimeFields.reporterAgencyIds),
    frequencies: Type.Optional(regimeFields.frequencies),
    deadlines: Type.Optional(regimeFields.deadlines),
    dayOffRule: Type.Optional(regimeFields.dayOffRule),
    reminderDays: Type.Optional(regimeFields.reminderDays),
    sendingMethod: Type.Optional(regimeFields.sendingMethod),
    nationalCode: Type.Optional(regimeFields.nationalCode),
    template: Type.Optional(TemplateT),
    active: Type.Optional(Type.Boolean()),
  },
  strict,
);
export type RegimeUpdate = Static<typeof RegimeUpdate>;

const AgencyRef = Type.Object({ id: Type.String(), name: Type.String() });

export const RegimeOut = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  legalBasis: Type.String(),
  issuer: Type.String(),
  receiver: AgencyRef,
  reporterKinds: Type.Array(Type.String({ enum: [...REPORTER_KINDS] })),
  reporterAgencyIds: Type.Array(Type.String()),
  reporters: Type.Array(AgencyRef),
  frequencies: Type.Array(FrequencyT),
  deadlines: regimeFields.deadlines,
  dayOffRule: DayOffRuleT,
  reminderDays: Type.Array(Type.Integer()),
  sendingMethod: Type.String(),
  nationalCode: Nullable(Type.String()),
  template: TemplateT,
  active: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type RegimeOut = Static<typeof RegimeOut>;

export const PeriodPreview = Type.Object({
  frequency: FrequencyT,
  key: Type.String(),
  label: Type.String(),
  cutoffFrom: Type.String(),
  cutoffTo: Type.String(),
  dueOn: Type.String(),
});

export const PeriodOpen = Type.Union([
  Type.Object(
    { frequency: ScheduledFrequencyT, year: Type.Integer({ minimum: 2000, maximum: 2100 }), index: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })) },
    strict,
  ),
  Type.Object(
    {
      frequency: Type.Literal('ad_hoc'),
      label: Type.String({ minLength: 3, maxLength: 200 }),
      cutoffFrom: Type.String(DATE),
      cutoffTo: Type.String(DATE),
      dueOn: Type.String(DATE),
    },
    strict,
  ),
]);
export type PeriodOpen = Static<typeof PeriodOpen>;

/** How many of the period's submissions are in each status (a status no submission is in is absent). */
const count = () => Type.Optional(Type.Integer({ minimum: 0 }));
export const Counts = Type.Object({
  not_started: count(),
  draft: count(),
  signed: count(),
  submitted: count(),
  returned: count(),
  accepted: count(),
} satisfies Record<SubmissionStatus, TSchema>);

export const PeriodOut = Type.Object({
  id: Type.String(),
  regime: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), receiverAgencyId: Type.String() }),
  regimeVersion: Type.Integer(),
  frequency: FrequencyT,
  key: Type.String(),
  label: Type.String(),
  year: Type.Integer(),
  cutoffFrom: Type.String(),
  cutoffTo: Type.String(),
  dueOn: Type.String(),
  openedAt: Type.String(),
  counts: Counts,
  late: Type.Integer(),
  missing: Type.Integer(),
});
export type PeriodOut = Static<typeof PeriodOut>;

export const SubmissionSummary = Type.Object({
  id: Type.String(),
  periodId: Type.String(),
  periodLabel: Type.String(),
  regimeCode: Type.String(),
  regimeName: Type.String(),
  agency: AgencyRef,
  status: Type.String({ enum: [...SUBMISSION_STATUSES] }),
  statusName: Type.String(),
  dueOn: Type.String(),
  cutoffFrom: Type.String(),
  cutoffTo: Type.String(),
  submittedVersions: Type.Integer(),
  firstSubmittedAt: Nullable(Type.String()),
  lastSubmittedAt: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  late: Type.Boolean(),
  overdue: Type.Boolean(),
  daysLate: Nullable(Type.Integer()),
  version: Type.Integer(),
});
export type SubmissionSummary = Static<typeof SubmissionSummary>;

const CellValueT = Type.Union([Type.Number(), Type.String({ maxLength: 4000 }), Type.Null()]);
export const CellsT = Type.Record(Type.String({ maxLength: 130 }), CellValueT);
/** A cell's value as stored and sent: a number, a text, or null (empty). */
const CellValueOut = Type.Union([Type.Number(), Type.String(), Type.Null()]);
/** The values of a report's cells, keyed by the cell's reference "<table>.<row>.<column>". */
const CellsOut = Type.Record(Type.String(), CellValueOut);
/** A figure the system computed for the report's period (reports.figures.ts), keyed by the figure's name. */
const FigureOut = Type.Object({
  value: Type.Number(),
  source: Type.String({ enum: [...FIGURE_SOURCES] }),
  at: Type.String({ description: 'Thời điểm tính (ISO, +07:00)' }),
  basis: Type.String({ description: 'Phạm vi, khoảng thời gian của số liệu' }),
});
const FiguresOut = Type.Record(Type.String(), FigureOut);
export const NarrativeT = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 50000 }));
export const AnnotationsT = Type.Record(Type.String({ maxLength: 130 }), Type.String({ maxLength: 2000 }));

export const IssueT = Type.Object({
  severity: Type.String({ enum: [...SEVERITIES] }),
  code: Type.String(),
  ref: Nullable(Type.String()),
  message: Type.String(),
});

/** The report's PDF the leader signed digitally (issue 19 §5) and the verdict of its signature. */
const SignedPdfT = Type.Object({ sha256: Type.String(), status: Type.String({ enum: ['none', 'valid', 'problem'] }), verdict: Type.String() });

export const SubmissionOut = Type.Object({
  ...SubmissionSummary.properties,
  period: PeriodOut,
  regime: Type.Object({
    code: Type.String(),
    name: Type.String(),
    legalBasis: Type.String(),
    issuer: Type.String(),
    receiverAgencyId: Type.String(),
    sendingMethod: Type.String(),
  }),
  template: TemplateT,
  cells: CellsOut,
  narrative: Type.Record(Type.String(), Type.String()),
  annotations: Type.Record(Type.String(), Type.String()),
  systemFigures: FiguresOut,
  systemFiguresAt: Nullable(Type.String()),
  overridden: Type.Array(Type.String()),
  signedByName: Nullable(Type.String()),
  signedAt: Nullable(Type.String()),
  signedPdf: Nullable(SignedPdfT),
  reviewComment: Nullable(Type.String()),
  cellComments: Type.Record(Type.String(), Type.String()),
  issues: Type.Array(IssueT),
  versions: Type.Array(
    Type.Object({
      versionNo: Type.Integer(),
      submittedAt: Type.String(),
      submittedBy: Nullable(Type.String()),
      signedByName: Nullable(Type.String()),
      late: Type.Boolean(),
      contentHash: Type.String(),
      signedPdf: Nullable(SignedPdfT),
    }),
  ),
  actions: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      type: Type.String({ enum: [...LOGGED_ACTIONS] }),
      at: Type.String(),
      actor: Nullable(Type.String()),
      fromStatus: Nullable(Type.String({ enum: [...SUBMISSION_STATUSES] })),
      toStatus: Type.String({ enum: [...SUBMISSION_STATUSES] }),
      payload: Type.Record(Type.String(), Type.Unknown(), { description: 'Chi tiết của thao tác (khác nhau theo loại: ý kiến, phiên bản, các ô đã sửa…)' }),
    }),
  ),
  allowedActions: Type.Array(Type.String({ enum: [...SUBMISSION_ACTIONS] })),
});

export const SaveData = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    cells: Type.Optional(CellsT),
    narrative: Type.Optional(NarrativeT),
    annotations: Type.Optional(AnnotationsT),
  },
  strict,
);
export type SaveData = Static<typeof SaveData>;

export const Transition = Type.Object({ version: Type.Integer({ minimum: 1 }), comment: Type.Optional(Type.String({ maxLength: 4000 })) }, strict);
export type Transition = Static<typeof Transition>;

export const ReturnIn = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    comment: Type.String({ minLength: 3, maxLength: 4000 }),
    cellComments: Type.Optional(Type.Record(Type.String({ maxLength: 130 }), Type.String({ minLength: 1, maxLength: 1000 }))),
  },
  strict,
);
export type ReturnIn = Static<typeof ReturnIn>;

export const ConsolidationIn = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    number: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    narrative: Type.Optional(NarrativeT),
    signerTitle: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    signerName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  strict,
);
export type ConsolidationIn = Static<typeof ConsolidationIn>;

export const IncludeQ = Type.Optional(Type.String({ enum: ['accepted', 'submitted'], default: 'accepted' }));

// ---- success responses documented for issue 23 (closed: every property the handler returns is listed; the web app's types are generated from them) ----

export const RegimeDetail = Type.Object({
  ...RegimeOut.properties,
  versions: Type.Array(Type.Object({ version: Type.Integer(), createdAt: Type.String(), createdBy: Nullable(Type.String()) })),
});

export const ConsolidationOut = Type.Object({
  periodId: Type.String(),
  number: Nullable(Type.String()),
  narrative: Type.Record(Type.String(), Type.String()),
  signerTitle: Nullable(Type.String()),
  signerName: Nullable(Type.String()),
  status: Type.String({ enum: ['draft', 'sent'] }),
  sentAt: Nullable(Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' })),
  sentBy: Nullable(Type.String()),
  nationalReceipt: Nullable(Type.String()),
  version: Type.Integer(),
});

export const PeriodDetail = Type.Object({
  ...PeriodOut.properties,
  submissions: Type.Array(SubmissionSummary),
  consolidation: Nullable(ConsolidationOut),
  canReceive: Type.Boolean(),
});

const AggregateCell = Type.Object({
  ref: Type.String(),
  mode: AggregateT,
  value: Nullable(Type.Number()),
  count: Type.Integer(),
  min: Nullable(Type.Number()),
  max: Nullable(Type.Number()),
  items: Type.Array(Type.Object({ agencyId: Type.String(), agencyName: Type.String(), value: CellValueOut })),
});

export const PeriodAggregate = Type.Object({
  period: PeriodOut,
  regime: Type.Object({ code: Type.String(), name: Type.String(), legalBasis: Type.String(), issuer: Type.String(), receiverAgencyId: Type.String() }),
  template: TemplateT,
  include: Type.String({ enum: ['accepted', 'submitted'] }),
  agencies: Type.Array(
    Type.Object({
      agencyId: Type.String(),
      agencyName: Type.String(),
      submissionId: Type.String(),
      versionNo: Type.Integer(),
      status: Type.String({ enum: [...SUBMISSION_STATUSES] }),
      late: Type.Boolean(),
    }),
  ),
  notIncluded: Type.Array(
    Type.Object({ agencyId: Type.String(), agencyName: Type.String(), status: Type.String({ enum: [...SUBMISSION_STATUSES] }), statusName: Type.String() }),
  ),
  cells: Type.Record(Type.String(), AggregateCell),
  narratives: Type.Array(Type.Object({ agencyName: Type.String(), narrative: Type.Record(Type.String(), Type.String()) })),
  consolidation: Nullable(ConsolidationOut),
});

export const RegimeSeries = Type.Object({
  regime: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  frequency: FrequencyT,
  template: TemplateT,
  items: Type.Array(
    Type.Object({
      periodId: Type.String(),
      key: Type.String(),
      label: Type.String(),
      cutoffFrom: Type.String(),
      cutoffTo: Type.String(),
      agencies: Type.Integer(),
      values: Type.Record(Type.String(), Nullable(Type.Number())),
    }),
  ),
  total: Type.Integer(),
});

export const SubmissionVersion = Type.Object({
  versionNo: Type.Integer(),
  cells: CellsOut,
  narrative: Type.Record(Type.String(), Type.String()),
  annotations: Type.Record(Type.String(), Type.String()),
  systemFigures: FiguresOut,
  contentHash: Type.String(),
  signedByName: Nullable(Type.String()),
  signedAt: Nullable(Type.String()),
  submittedAt: Type.String(),
  submittedBy: Nullable(Type.String()),
  late: Type.Boolean(),
});

export const ScheduleRun = Type.Object({
  opened: Type.Integer({ description: 'Số kỳ được mở' }),
  reminders: Type.Integer({ description: 'Số lời nhắc đã gửi' }),
});
