import { Type, type Static } from 'typebox';
import { ACTION_TYPES, STATUS_CODES, STATUSES, type StatusCode } from './dossiers.rules.js';
import { APPLICANT_GROUPS } from '../catalog/catalog.public.js';

const nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const ISO = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$';

export const Applicant = Type.Object(
  {
    kind: Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('organisation')]),
    name: text(200, 2),
    idNumber: Type.String({ pattern: '^[0-9A-Za-z-]{9,20}$', description: 'Số định danh cá nhân (12 số) hoặc mã số thuế/mã số doanh nghiệp' }),
    phone: nullable(Type.String({ pattern: '^[0-9+ .-]{8,20}$' })),
    email: nullable(Type.String({ format: 'email', maxLength: 200 })),
    address: nullable(text(500, 0)),
  },
  { additionalProperties: false },
);

export const CreateDossier = Type.Object(
  {
    procedureCode: Type.String({ pattern: '^[0-9]{1,2}\\.[0-9]{6}$' }),
    caseKey: Type.Optional(Type.String({ maxLength: 100 })),
    channel: Type.Union([Type.Literal('counter'), Type.Literal('online'), Type.Literal('post')]),
    receivingAgencyId: Type.Optional(Type.String({ format: 'uuid' })),
    applicant: Applicant,
    representative: Type.Optional(
      nullable(
        Type.Object(
          {
            name: text(200, 2),
            idNumber: Type.String({ pattern: '^[0-9A-Za-z-]{9,20}$' }),
            authorisationRef: text(200),
            relationship: Type.Optional(nullable(text(100, 0))),
          },
          { additionalProperties: false, description: 'Người được ủy quyền nộp hồ sơ (ghi nhận văn bản ủy quyền)' },
        ),
      ),
    ),
    summary: Type.Optional(nullable(text(1000, 0))),
    applicantGroups: Type.Optional(
      Type.Array(Type.Enum([...APPLICANT_GROUPS]), {
        maxItems: APPLICANT_GROUPS.length,
        uniqueItems: true,
        description: 'Đối tượng được miễn, giảm phí mà người nộp kê khai (chọn mức phí áp dụng)',
      }),
    ),
    formData: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    components: Type.Optional(
      Type.Array(
        Type.Object(
          {
            index: Type.Integer({ minimum: 0, maximum: 100 }),
            originals: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
            copies: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
            digitised: Type.Optional(Type.Boolean()),
            reusedFrom: Type.Optional(nullable(text(200))),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    refuseReason: Type.Optional(nullable(text(2000))),
  },
  { additionalProperties: false },
);
export type CreateDossier = Static<typeof CreateDossier>;

export const ActionBody = Type.Object(
  {
    type: Type.String({ enum: ACTION_TYPES.filter((t) => t !== 'submit_online') }),
    version: Type.Integer({ minimum: 1 }),
    reason: Type.Optional(text(4000)),
    items: Type.Optional(
      Type.Array(Type.Union([text(1000), Type.Object({ name: text(500), amount: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })]), {
        maxItems: 50,
      }),
    ),
    deadline: Type.Optional(nullable(Type.String({ pattern: ISO }))),
    toAgencyId: Type.Optional(Type.String({ format: 'uuid' })),
    departmentId: Type.Optional(nullable(Type.String({ maxLength: 100 }))),
    officerId: Type.Optional(nullable(Type.String({ format: 'uuid' }))),
    toStep: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    task: Type.Optional(text(2000)),
    budgetDays: Type.Optional(Type.Number({ minimum: 0.5, maximum: 365 })),
    note: Type.Optional(text(2000)),
    paidOnline: Type.Optional(Type.Boolean()),
    reference: Type.Optional(nullable(text(200))),
    decisionNumber: Type.Optional(text(100)),
    signer: Type.Optional(text(200)),
    signedOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    fileId: Type.Optional(nullable(Type.String({ format: 'uuid' }))),
    channel: Type.Optional(Type.Union([Type.Literal('counter'), Type.Literal('post'), Type.Literal('electronic')])),
    receivedBy: Type.Optional(text(300)),
    trackingNumber: Type.Optional(nullable(text(100))),
    newAppointment: Type.Optional(Type.String({ pattern: ISO })),
  },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBody>;

const AgencyBrief = nullable(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }, { additionalProperties: false }));

// ---- The dossier view (GET /api/v1/dossiers/{id}, the list's items, the answer of a create or an
// ---- action): every field the service returns (dossiers.service.ts `view`), closed objects with
// ---- exact types. Fastify serialises with this schema, so a field left out here would be dropped
// ---- from the answer: dossiers.api.test.ts checks the service's own objects against it.

/** An instant as the view writes it (ISO 8601 with an offset: +07:00 from the calendar, Z from the snapshot). */
const Instant = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const closed = <P extends import('typebox').TProperties>(props: P, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
/** A string of a closed set, `{ type: 'string', enum }`: serialised as a plain string (no per-value validation, unlike a union of literals), checked by the contract test. */
const literals = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const CHANNELS = ['counter', 'online', 'post'] as const;
export const RETURN_CHANNELS = ['counter', 'post', 'electronic'] as const;
export const CLOSURE_KINDS = ['refused', 'withdrawn', 'stopped', 'supplement_timeout'] as const;
export const FILE_KINDS = ['component', 'result', 'supplement', 'other'] as const;
export const DOSSIER_FLAGS = ['late_without_apology'] as const;

/** A status code of QĐ 766 / the national portal (dossiers.rules.ts STATUSES). */
const StatusCodeSchema = Type.Unsafe<StatusCode>({ type: 'integer', enum: [...STATUS_CODES] });

const ApplicantView = closed({
  kind: literals(['citizen', 'business', 'organisation'] as const),
  name: Type.String(),
  idNumber: Type.String({ description: 'Số định danh cá nhân, mã số thuế hoặc mã số doanh nghiệp' }),
  phone: nullable(Type.String()),
  email: nullable(Type.String()),
  address: nullable(Type.String()),
});

const RepresentativeView = closed(
  {
    name: Type.String(),
    idNumber: Type.String(),
    authorisationRef: Type.String({ description: 'văn bản ủy quyền' }),
    relationship: Type.Optional(nullable(Type.String())),
  },
  'Người được ủy quyền nộp hồ sơ',
);

const ComponentView = closed({
  index: Type.Integer({ minimum: 0, description: 'vị trí của thành phần trong danh mục của thủ tục' }),
  name: Type.String(),
  originals: Type.Integer({ minimum: 0 }),
  copies: Type.Integer({ minimum: 0 }),
  digitised: Type.Boolean({ description: 'đã số hóa (bản quét được xác nhận khớp với bản chính)' }),
  reusedFrom: nullable(Type.String({ description: 'khai thác lại từ dữ liệu đã có (cơ sở dữ liệu quốc gia, kho dữ liệu của công dân)' })),
  scanFileId: Type.Optional(Type.String({ format: 'uuid', description: 'bản quét đã được xác nhận (tệp của hồ sơ)' })),
  confirmedBy: Type.Optional(Type.String({ description: 'mã người dùng của cán bộ xác nhận bản quét khớp bản chính' })),
  confirmedAt: Type.Optional(Type.String({ format: 'date-time', description: 'thời điểm xác nhận bản quét' })),
  importedConfirmedBy: Type.Optional(Type.String({ description: 'hồ sơ nhập từ hệ thống cũ: họ tên cán bộ đã xác nhận bản quét ở hệ thống đó' })),
  declaredDigitised: Type.Optional(
    Type.Boolean({ description: 'hồ sơ nhập từ hệ thống cũ: hệ thống cũ ghi "đã số hóa" nhưng không chuyển bản quét (không tính vào chỉ tiêu 4.2)' }),
  ),
});

const FeeOptionsView = nullable(
  closed(
    {
      lines: Type.Array(
        closed({
          name: Type.String(),
          amountVnd: nullable(Type.Integer({ minimum: 0 })),
          alternativeGroup: nullable(Type.String()),
          appliesTo: nullable(Type.Array(Type.String())),
          onRequest: Type.Boolean(),
          reductionPercent: Type.Number({ minimum: 0, maximum: 100, description: 'giảm khi nộp trực tuyến (%)' }),
        }),
      ),
      suggested: Type.Array(Type.Integer({ minimum: 0 }), { description: 'chỉ số các dòng phí áp dụng cho người nộp này (mặc định của hộp thoại thu phí)' }),
      needsChoice: Type.Array(Type.String(), { description: 'các nhóm phí thay thế nhau mà cán bộ phải chọn một dòng' }),
    },
    'chi tiết hồ sơ: các dòng phí, lệ phí của trường hợp theo danh mục; null trong danh sách',
  ),
);

const ApologyView = nullable(
  closed(
    { at: Instant(), by: nullable(Type.String()), agencyId: Type.String(), reason: Type.String(), previousAppointment: Instant(), newAppointment: Instant() },
    'văn bản xin lỗi và hẹn lại ngày trả kết quả',
  ),
);

const SupplementView = closed({
  phase: literals(['pre_receipt', 'processing'] as const),
  agencyId: Type.String({ description: 'cơ quan yêu cầu' }),
  requestedAt: Instant(),
  requestedBy: nullable(Type.String()),
  reason: Type.String(),
  items: Type.Array(Type.String()),
  deadline: nullable(Instant()),
  receivedAt: nullable(Instant()),
  receivedBy: nullable(Type.String()),
  appointmentBefore: nullable(Instant()),
  appointmentAfter: nullable(Instant()),
});

const FeeItemView = closed({
  name: Type.String(),
  amount: Type.Integer({ description: 'VND, theo danh mục' }),
  reductionPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  due: Type.Optional(Type.Integer({ description: 'số tiền người nộp phải trả cho dòng này (VND); không có ở yêu cầu cũ (= amount)' })),
});

const PaymentView = closed({
  requestedAt: Instant(),
  requestedBy: nullable(Type.String()),
  items: Type.Array(FeeItemView),
  paidAt: nullable(Instant()),
  paidOnline: nullable(Type.Boolean()),
});

const ResultView = nullable(
  closed({
    readyAt: Instant(),
    decisionNumber: Type.String(),
    signer: Type.String(),
    signedOn: Type.String({ format: 'date' }),
    fileId: nullable(Type.String()),
    agencyId: Type.String(),
  }),
);

const ReturnView = nullable(
  closed({
    at: Instant(),
    channel: literals(RETURN_CHANNELS),
    receivedBy: Type.String(),
    trackingNumber: nullable(Type.String()),
    by: nullable(Type.String()),
  }),
);

const ClosureView = nullable(
  closed({
    kind: literals(CLOSURE_KINDS),
    at: Instant(),
    by: nullable(Type.String()),
    reason: Type.String(),
    reference: nullable(Type.String()),
    document: Type.Optional(
      nullable(closed({ number: Type.String(), fileId: Type.String() }, 'từ chối sau thẩm định: văn bản từ chối nêu rõ lý do (kết quả của hồ sơ)')),
    ),
  }),
);

const TimelineEntryView = closed({
  seq: Type.Integer({ minimum: 1 }),
  type: literals(ACTION_TYPES),
  name: Type.String(),
  at: Instant(),
  actorName: nullable(Type.String({ description: 'họ tên người thực hiện ("Hệ thống" với tác nhân tự động)' })),
  actorTitle: nullable(Type.String()),
  actor: nullable(Type.String({ description: 'tên đăng nhập (chi tiết kỹ thuật)' })),
  agency: nullable(Type.String()),
  fromStatus: nullable(StatusCodeSchema),
  toStatus: nullable(StatusCodeSchema),
  payload: Type.Record(Type.String(), Type.Unknown(), { description: 'nội dung thao tác như đã ghi nhận' }),
  law: nullable(Type.String({ description: 'văn bản pháp luật áp dụng cho thao tác, theo hiệu lực đối với hồ sơ' })),
});

const FileView = closed({
  id: Type.String(),
  componentIndex: nullable(Type.Integer({ minimum: 0 })),
  kind: literals(FILE_KINDS),
  fileName: Type.String(),
  mimeType: Type.String(),
  sizeBytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String(),
  digitised: Type.Boolean(),
  uploadedAt: Instant(),
  signature: nullable(
    closed(
      { status: literals(['none', 'valid', 'problem'] as const), verdict: Type.String() },
      'kết luận về chữ ký số của tệp PDF, kiểm tra khi lưu; null với tệp khác',
    ),
  ),
});

export const DossierView = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    lookupKey: Type.String({ description: 'mã tra cứu in trên giấy tiếp nhận (XXXX-XXXX): cùng mã hồ sơ, trang tra cứu công khai hiện chi tiết' }),
    version: Type.Integer(),
    procedure: closed({ code: Type.String(), name: Type.String(), field: Type.String(), versionId: Type.String(), caseKey: Type.String() }),
    channel: literals(CHANNELS),
    status: closed({ code: StatusCodeSchema, name: Type.String(), slug: literals(STATUS_CODES.map((c) => STATUSES[c].slug)) }),
    receivingAgency: AgencyBrief,
    leadAgency: AgencyBrief,
    currentAgency: AgencyBrief,
    currentStep: nullable(Type.Integer({ minimum: 0, description: 'bước xử lý hiện tại trong quy trình của cơ quan đang giữ hồ sơ' })),
    assigneeId: nullable(Type.String()),
    applicant: ApplicantView,
    applicantGroups: Type.Array(literals(APPLICANT_GROUPS), { description: 'đối tượng được miễn, giảm phí mà người nộp kê khai' }),
    resultChannel: nullable(literals(RETURN_CHANNELS)),
    fees: FeeOptionsView,
    forwardTo: Type.Union([AgencyBrief], {
      description: 'chi tiết hồ sơ, khi được chuyển xử lý: cơ quan có thẩm quyền theo danh mục mà việc chuyển không chọn cơ quan sẽ chuyển đến; null khác',
    }),
    representative: nullable(RepresentativeView),
    summary: nullable(Type.String()),
    formData: Type.Record(Type.String(), Type.Unknown(), { description: 'dữ liệu tờ khai điện tử (theo biểu mẫu của thủ tục)' }),
    components: Type.Array(ComponentView),
    submittedAt: nullable(Instant()),
    receivedAt: nullable(Instant()),
    appointment: closed({ original: nullable(Instant()), current: nullable(Instant()) }),
    remaining: nullable(Type.String({ description: 'thời gian còn lại đến hẹn trả, bằng lời (hồ sơ đang mở)' })),
    late: Type.Boolean(),
    flags: Type.Array(literals(DOSSIER_FLAGS)),
    apology: ApologyView,
    supplements: Type.Array(SupplementView),
    payments: Type.Array(PaymentView),
    result: ResultView,
    returnInfo: ReturnView,
    closure: ClosureView,
    processingEndedAt: nullable(Instant()),
    allowedActions: Type.Array(closed({ type: literals(ACTION_TYPES), name: Type.String() })),
    timeline: Type.Array(TimelineEntryView, { description: 'chi tiết hồ sơ: các thao tác theo thứ tự; rỗng trong danh sách' }),
    files: Type.Array(FileView, { description: 'chi tiết hồ sơ: các tệp đã lưu; rỗng trong danh sách' }),
    createdAt: Instant(),
    updatedAt: Instant(),
  },
  { additionalProperties: false },
);
export type DossierView = Static<typeof DossierView>;

export const QUEUES = ['to_receive', 'mine', 'department', 'due_soon', 'overdue', 'waiting'] as const;
export const QueueName = literals(QUEUES);
/** The list's `counts`: the number of open dossiers in each queue (repo.queueCountsQuery). */
export const QueueCounts = Type.Object(
  Object.fromEntries(QUEUES.map((q) => [q, Type.Integer({ minimum: 0 })])) as Record<(typeof QUEUES)[number], import('typebox').TInteger>,
  { additionalProperties: false },
);

/** The staff list's filters: the list, its XLSX export and the export job take the same ones. */
export const DossierFilterProps = {
  queue: Type.Optional(QueueName),
  procedure: Type.Optional(Type.String({ maxLength: 20 })),
  channel: Type.Optional(literals(CHANNELS)),
  status: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
};

/** The public lookup: `code` and `status` always; the rest only when `detailed` (the right lookup key was given). */
export const PublicDossier = Type.Object({
  code: Type.String(),
  status: Type.Object({ code: StatusCodeSchema, name: Type.String() }),
  detailed: Type.Boolean({ description: 'true when the lookup key matched: the fields below are present' }),
  keyRejected: Type.Boolean({ description: "a key was given and it is not this dossier's" }),
  procedureName: Type.Optional(Type.String()),
  receivingAgency: Type.Optional(Type.String()),
  applicantName: Type.Optional(Type.String()),
  submittedAt: Type.Optional(nullable(Type.String())),
  receivedAt: Type.Optional(nullable(Type.String())),
  appointment: Type.Optional(nullable(Type.String())),
  originalAppointment: Type.Optional(nullable(Type.String())),
  returnedAt: Type.Optional(nullable(Type.String())),
  outcome: Type.Optional(
    nullable(
      Type.Object(
        { text: Type.String({ description: '"Từ chối giải quyết" for a refusal after appraisal' }), reason: Type.String() },
        { description: 'status 8 (processing stopped): what ended it and the reason stated to the applicant; null otherwise' },
      ),
    ),
  ),
  steps: Type.Optional(Type.Array(Type.Object({ at: Type.String(), name: Type.String(), agency: nullable(Type.String()), status: Type.String() }))),
});

/** POST /api/v1/dossiers/{id}/files (201): the stored file; `signature` is the verdict on a PDF's digital signatures (null when not checked). */
export const UploadedFile = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  mimeType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  kind: Type.String({ enum: ['component', 'result', 'supplement', 'other'] }),
  signed: Type.Boolean({ description: 'tệp kết quả đã được hệ thống ký số' }),
  signature: Type.Union([Type.Object({ status: Type.String(), verdict: Type.String() }), Type.Null()]),
});
