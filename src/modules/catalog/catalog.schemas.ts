import { Type, type Static, type TSchema } from 'typebox';
import { ROLES } from '../../platform/context.js';

/**
 * The procedure catalogue's data: a procedure's content (one JSON document per version, stored as
 * JSONB), the version's lifecycle metadata, and the request/response shapes of the API.
 * The JSON import format (docs/catalog-format.md) is an array of `ProcedureFile` — the same shape
 * as `src/modules/catalog/seed/procedures.demo.json`, plus optional version/agency/e-form/workflow
 * fields.
 */

// ---- vocabularies -------------------------------------------------------------------------------

export const LEVELS = ['province', 'commune', 'district'] as const;
export type Level = (typeof LEVELS)[number];
export const ONLINE_LEVELS = ['full', 'partial', 'none'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];
export const CHANNELS = ['direct', 'online', 'post'] as const;
export const SUBJECTS = ['citizen', 'foreigner', 'overseas_vietnamese', 'organisation', 'business', 'other'] as const;
/** The calendar module's unit names (calendar.public.ts): the case time and step budgets use them. */
export const TIME_UNITS = ['working_days', 'working_hours', 'calendar_days'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
export const FEE_BASES = ['per_dossier', 'per_copy', 'per_page', 'by_value', 'other'] as const;
export const FEE_PAYERS = ['applicant', 'other'] as const;
/**
 * Applicant groups a fee line may be conditioned on (đối tượng được miễn, giảm): students,
 * người có công với cách mạng, thân nhân liệt sĩ, children, the elderly, people with disabilities,
 * poor households, residents of especially difficult communes.
 */
export const APPLICANT_GROUPS = ['student', 'meritorious', 'martyr_relative', 'child', 'elderly', 'disabled', 'poor_household', 'difficult_area'] as const;
export type ApplicantGroup = (typeof APPLICANT_GROUPS)[number];
/** Where a dossier component may be replaced by data the state already holds. */
export const DATA_SOURCES = [
  'population_db',
  'civil_status_db',
  'land_db',
  'business_db',
  'insurance_db',
  'vehicle_db',
  'warehouse',
  'previous_result',
] as const;
/** Where an e-form field's value can come from (once-only principle, NQ 131 task 19). */
export const PREFILL_SOURCES = ['citizen_profile', 'previous_result', 'national_db'] as const;
export const FIELD_TYPES = ['string', 'text', 'date', 'number', 'integer', 'boolean', 'select'] as const;
/** Agency kinds as in the org module (kept in step with org's AGENCY_KINDS). */
export const AGENCY_KINDS = [
  'provincial_people_committee',
  'provincial_office',
  'department',
  'provincial_service_centre',
  'commune_people_committee',
  'commune_service_centre',
  'police',
  'district_people_committee',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
/** What a workflow step may do with a dossier. */
export const WORKFLOW_ACTIONS = [
  'receive',
  'request_supplement',
  'refuse',
  'review',
  'consult',
  'forward',
  'approve',
  'sign',
  'issue',
  'return_result',
  'send_back',
] as const;
export const VERSION_STATUSES = ['draft', 'published', 'abolished'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });

export const CODE_PATTERN = '^[0-9]{1,2}\\.[0-9]{6}$';
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const ProcedureCode = Type.String({ pattern: CODE_PATTERN, description: 'Mã TTHC quốc gia, ví dụ 1.001193' });
const CaseKey = Type.String({ pattern: '^[a-z0-9_]{1,40}$', description: 'Mã trường hợp (chữ thường, số, gạch dưới)' });
const Day = Type.String({ pattern: DATE_PATTERN, format: 'date' });

// ---- content --------------------------------------------------------------------------------------

export const Duration = Type.Object(
  {
    amount: Type.Number({ minimum: 0, maximum: 10000 }),
    unit: Type.Enum([...TIME_UNITS]),
    text: Type.Optional(nullable(text(2000, 0))),
  },
  { additionalProperties: false },
);
export type Duration = Static<typeof Duration>;

export const Budget = Type.Object({ amount: Type.Number({ minimum: 0, maximum: 10000 }), unit: Type.Enum([...TIME_UNITS]) }, { additionalProperties: false });
export type Budget = Static<typeof Budget>;

export const Fee = Type.Object(
  {
    name: text(500),
    amountVnd: nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })),
    basis: Type.Enum([...FEE_BASES]),
    payer: Type.Enum([...FEE_PAYERS]),
    onlineReductionPercent: nullable(Type.Number({ minimum: 0, maximum: 100 })),
    note: nullable(text(2000, 0)),
    alternativeGroup: Type.Optional(
      nullable(Type.String({ pattern: '^[a-z0-9_]{1,40}$', description: 'Các khoản cùng nhóm là các mức thay thế nhau: chỉ thu MỘT khoản của nhóm' })),
    ),
    appliesTo: Type.Optional(
      nullable(
        Type.Array(Type.Enum([...APPLICANT_GROUPS]), {
          maxItems: APPLICANT_GROUPS.length,
          uniqueItems: true,
          description: 'Chỉ áp dụng cho các đối tượng này; null = mọi người nộp (mức thông thường)',
        }),
      ),
    ),
    onRequest: Type.Optional(Type.Boolean({ description: 'Chỉ thu khi người nộp yêu cầu (ví dụ bản sao)' })),
  },
  { additionalProperties: false },
);
export type Fee = Static<typeof Fee>;

export const Prefill = Type.Object({ source: Type.Enum([...PREFILL_SOURCES]), ref: text(200) }, { additionalProperties: false });

export const EFormField = Type.Object(
  {
    key: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }),
    label: text(300),
    type: Type.Enum([...FIELD_TYPES]),
    required: Type.Boolean(),
    options: Type.Optional(nullable(Type.Array(text(300), { maxItems: 200 }))),
    maxLength: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 100000 }))),
    prefill: Type.Optional(nullable(Prefill)),
  },
  { additionalProperties: false },
);
export type EFormField = Static<typeof EFormField>;

export const EForm = Type.Object(
  {
    title: text(300),
    generated: Type.Optional(Type.Boolean()),
    fields: Type.Array(EFormField, { maxItems: 300 }),
  },
  { additionalProperties: false },
);
export type EForm = Static<typeof EForm>;

/** An agency: a specific one (id, with its code and name as they stood when the version was saved) or a kind ("UBND cấp xã nơi cư trú"). */
export const AgencyRef = Type.Object(
  {
    kind: Type.Enum([...AGENCY_KINDS]),
    id: Type.Optional(nullable(Type.String({ format: 'uuid' }))),
    code: Type.Optional(nullable(text(60))),
    name: Type.Optional(nullable(text(300))),
  },
  { additionalProperties: false },
);
export type AgencyRef = Static<typeof AgencyRef>;

export const WorkflowStep = Type.Object(
  {
    name: text(300),
    agency: AgencyRef,
    department: Type.Optional(nullable(text(300))),
    role: Type.Enum([...ROLES]),
    budget: Budget,
    actions: Type.Array(Type.Enum([...WORKFLOW_ACTIONS]), { minItems: 1, maxItems: WORKFLOW_ACTIONS.length, uniqueItems: true }),
    canSendBack: Type.Boolean({ description: 'Được trả lại bước trước' }),
    interAgency: Type.Boolean({ description: 'Bước do cơ quan khác thực hiện (liên thông)' }),
  },
  { additionalProperties: false },
);
export type WorkflowStep = Static<typeof WorkflowStep>;

export const Workflow = Type.Object(
  {
    generated: Type.Boolean({ description: 'Quy trình do hệ thống sinh mặc định' }),
    steps: Type.Array(WorkflowStep, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type Workflow = Static<typeof Workflow>;

export const CaseDef = Type.Object(
  {
    key: CaseKey,
    name: text(1000),
    time: Duration,
    onlineTime: Type.Optional(nullable(Duration)),
    reducedTime: Type.Optional(nullable(Duration)),
    fees: Type.Array(Fee, { maxItems: 50 }),
    eform: Type.Optional(nullable(EForm)),
    workflow: Type.Optional(nullable(Workflow)),
  },
  { additionalProperties: false },
);
export type CaseDef = Static<typeof CaseDef>;

export const Component = Type.Object(
  {
    name: text(2000),
    originals: Type.Integer({ minimum: 0, maximum: 100 }),
    copies: Type.Integer({ minimum: 0, maximum: 100 }),
    required: Type.Boolean(),
    condition: nullable(text(2000, 0)),
    templateCode: nullable(text(500, 0)),
    templateFile: Type.Optional(nullable(text(1000, 0))),
    replaceableByData: nullable(Type.Enum([...DATA_SOURCES])),
    caseKeys: Type.Optional(nullable(Type.Array(CaseKey, { maxItems: 50 }))),
  },
  { additionalProperties: false },
);
export type Component = Static<typeof Component>;

export const Agencies = Type.Object(
  {
    competent: nullable(AgencyRef),
    receiving: Type.Array(AgencyRef, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type Agencies = Static<typeof Agencies>;

const contentProps = {
  code: ProcedureCode,
  portalCode: Type.Optional(nullable(Type.String({ pattern: '^[0-9A-Za-z.]{3,60}$' }))),
  name: text(2000, 3),
  field: text(300, 2),
  levels: Type.Array(Type.Enum([...LEVELS]), { minItems: 1, maxItems: 3, uniqueItems: true }),
  agencyKind: Type.Optional(
    nullable(Type.String({ pattern: '^[a-z_]{2,60}$', description: 'Khóa loại cơ quan trong tệp nguồn (ví dụ commune_ubnd, so_tu_phap)' })),
  ),
  agencies: Type.Optional(Agencies),
  subjects: Type.Array(Type.Enum([...SUBJECTS]), { maxItems: SUBJECTS.length, uniqueItems: true }),
  onlineLevel: Type.Enum([...ONLINE_LEVELS]),
  channels: Type.Array(Type.Enum([...CHANNELS]), { maxItems: 3, uniqueItems: true }),
  requirements: Type.Optional(Type.Array(text(2000), { maxItems: 50 })),
  cases: Type.Array(CaseDef, { minItems: 1, maxItems: 30 }),
  components: Type.Array(Component, { maxItems: 100 }),
  result: Type.Object({ name: text(1000), validityMonths: nullable(Type.Integer({ minimum: 0, maximum: 1200 })) }, { additionalProperties: false }),
  legalBasis: Type.Array(text(1000), { maxItems: 100 }),
  steps: Type.Array(text(4000), { maxItems: 100 }),
  sources: Type.Optional(Type.Array(text(2000), { maxItems: 50 })),
  unverified: Type.Optional(Type.Array(text(200), { maxItems: 100 })),
};

/** What a catalogue manager writes (create / update draft). */
export const ProcedureInput = Type.Object(contentProps, { additionalProperties: false });
export type ProcedureInput = Static<typeof ProcedureInput>;

/** What a version stores (the input with agencies resolved and defaults filled). */
export type ProcedureContent = Omit<ProcedureInput, 'agencies' | 'sources' | 'unverified' | 'requirements' | 'portalCode' | 'agencyKind'> & {
  portalCode: string | null;
  agencyKind: string | null;
  agencies: Agencies;
  requirements: string[];
  sources: string[];
  unverified: string[];
};
export const ProcedureContentT = ProcedureInput;

/** One procedure in a JSON import file: the content plus, optionally, its publication. */
export const ProcedureFile = Type.Object(
  {
    ...contentProps,
    status: Type.Optional(Type.Enum([...VERSION_STATUSES])),
    decisionNo: Type.Optional(nullable(text(200))),
    decisionDate: Type.Optional(nullable(Day)),
    effectiveFrom: Type.Optional(nullable(Day)),
  },
  { additionalProperties: false },
);
export type ProcedureFile = Static<typeof ProcedureFile>;

// ---- versions -------------------------------------------------------------------------------------

export const VersionMeta = Type.Object({
  versionId: Type.String(),
  versionNo: Type.Integer(),
  status: Type.Enum([...VERSION_STATUSES]),
  decisionNo: nullable(Type.String()),
  decisionDate: nullable(Type.String()),
  effectiveFrom: nullable(Type.String()),
  effectiveTo: nullable(Type.String()),
  revision: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String(),
  createdBy: nullable(Type.String()),
  publishedAt: nullable(Type.String()),
  publishedBy: nullable(Type.String()),
});
export type VersionMeta = Static<typeof VersionMeta>;

export const WorkflowProblem = Type.Object({ code: Type.String(), message: Type.String(), step: nullable(Type.Integer()) });
export const WorkflowCheck = Type.Object({
  ok: Type.Boolean(),
  /** The case's operative time (reduced time if published, else the legal time) in working hours or calendar days. */
  limit: Type.Object({ amount: Type.Number(), unit: Type.String() }),
  total: Type.Object({ amount: Type.Number(), unit: Type.String() }),
  problems: Type.Array(WorkflowProblem),
});
export type WorkflowCheck = Static<typeof WorkflowCheck>;

export const EFormStats = Type.Object({
  fields: Type.Integer({ description: 'Số trường phải khai nếu không điền sẵn' }),
  prefillable: Type.Integer({ description: 'Số trường có thể điền sẵn từ dữ liệu đã có' }),
  toDeclare: Type.Integer({ description: 'Số trường còn phải khai khi có điền sẵn' }),
  reductionPercent: Type.Number(),
});
export type EFormStats = Static<typeof EFormStats>;

export const CaseDerived = Type.Object({
  key: Type.String(),
  timeText: Type.String(),
  eformStats: nullable(EFormStats),
  eformSchema: nullable(Type.Record(Type.String(), Type.Unknown())),
  workflowCheck: nullable(WorkflowCheck),
});

/** A whole version: lifecycle metadata, the immutable content, and values derived from it. */
export const ProcedureVersion = Type.Object({
  procedureId: Type.String(),
  code: Type.String(),
  version: VersionMeta,
  content: ProcedureInput,
  summary: Type.Object({ timeText: Type.String(), feeText: Type.String(), agencyText: Type.String() }),
  derived: Type.Object({ cases: Type.Array(CaseDerived) }),
});
export type ProcedureVersion = {
  procedureId: string;
  code: string;
  version: VersionMeta;
  content: ProcedureContent;
  summary: { timeText: string; feeText: string; agencyText: string };
  derived: { cases: Static<typeof CaseDerived>[] };
};

export const ProcedureSummary = Type.Object({
  code: Type.String(),
  portalCode: nullable(Type.String()),
  name: Type.String(),
  field: Type.String(),
  levels: Type.Array(Type.String()),
  onlineLevel: Type.Enum([...ONLINE_LEVELS]),
  processingTime: Type.String(),
  fees: Type.String(),
  agency: Type.String(),
  agencyId: nullable(Type.String()),
  versionId: Type.String(),
  versionNo: Type.Integer(),
  effectiveFrom: nullable(Type.String()),
  score: Type.Optional(Type.Number()),
});
export type ProcedureSummary = Static<typeof ProcedureSummary>;

export const ManagerItem = Type.Object({
  procedureId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  field: Type.String(),
  levels: Type.Array(Type.String()),
  state: Type.Enum(['draft_only', 'in_force', 'scheduled', 'abolished', 'not_in_force']),
  draft: nullable(VersionMeta),
  inForce: nullable(VersionMeta),
  latest: VersionMeta,
});
export type ManagerItem = Static<typeof ManagerItem>;

export const ManagerDetail = Type.Object({
  procedureId: Type.String(),
  code: Type.String(),
  versions: Type.Array(VersionMeta),
  draft: nullable(ProcedureVersion),
  inForce: nullable(ProcedureVersion),
  latest: ProcedureVersion,
});

// ---- commands -------------------------------------------------------------------------------------

export const DraftUpdate = Type.Object({ revision: Type.Integer({ minimum: 1 }), content: ProcedureInput }, { additionalProperties: false });
export const AmendBody = Type.Object({ content: Type.Optional(ProcedureInput) }, { additionalProperties: false });
export const PublishBody = Type.Object(
  {
    decisionNo: text(200, 3),
    decisionDate: Type.Optional(nullable(Day)),
    effectiveFrom: Day,
    revision: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type PublishBody = Static<typeof PublishBody>;
export const AbolishBody = Type.Object(
  { decisionNo: text(200, 3), decisionDate: Type.Optional(nullable(Day)), effectiveFrom: Day },
  { additionalProperties: false },
);
export type AbolishBody = Static<typeof AbolishBody>;
export const WorkflowBody = Type.Object(
  { revision: Type.Integer({ minimum: 1 }), steps: Type.Array(WorkflowStep, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);
export const WorkflowCheckBody = Type.Object(
  { time: Duration, reducedTime: Type.Optional(nullable(Duration)), steps: Type.Array(WorkflowStep, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);

export const ImportJob = Type.Object({
  id: Type.String(),
  format: Type.Enum(['json', 'xlsx']),
  fileName: nullable(Type.String()),
  status: Type.Enum(['queued', 'validating', 'applying', 'succeeded', 'failed']),
  phase: Type.String(),
  total: Type.Integer(),
  processed: Type.Integer(),
  errors: Type.Array(Type.Object({ sheet: Type.String(), row: nullable(Type.Integer()), column: nullable(Type.String()), message: Type.String() })),
  errorCount: Type.Integer(),
  result: nullable(Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), codes: Type.Array(Type.String()) })),
  createdBy: nullable(Type.String()),
  createdAt: Type.String(),
  finishedAt: nullable(Type.String()),
});
export type ImportJob = Static<typeof ImportJob>;
export type ImportError = ImportJob['errors'][number];
