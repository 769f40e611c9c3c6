import { APPLICANT_GROUPS } from '../catalog/catalog.public.js';
import { Type, type Static } from 'typebox';

const nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });
export const Phone = Type.String({ pattern: '^(\\+84|0)[0-9]{8,10}$', description: 'Số điện thoại Việt Nam' });

export const RegisterBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('citizen'), Type.Literal('business')]),
    password: Type.String({ minLength: 8, maxLength: 200 }),
    fullName: Type.String({ minLength: 2, maxLength: 200 }),
    personalId: Type.String({ pattern: '^\\d{12}$', description: 'Số định danh cá nhân (12 chữ số); với doanh nghiệp: của người đại diện theo pháp luật' }),
    dateOfBirth: Day,
    gender: Type.Optional(nullable(Type.Union([Type.Literal('nam'), Type.Literal('nu')]))),
    residence: Type.String({ minLength: 5, maxLength: 300 }),
    phone: Phone,
    email: Type.Optional(nullable(Type.String({ format: 'email', maxLength: 200 }))),
    taxCode: Type.Optional(nullable(Type.String({ pattern: '^\\d{10}(-?\\d{3})?$' }))),
    businessName: Type.Optional(nullable(Type.String({ minLength: 2, maxLength: 300 }))),
    consentNoticeVersion: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Phiên bản thông báo xử lý dữ liệu cá nhân người đăng ký đã đọc và đồng ý (bắt buộc; 422 consent_required nếu thiếu)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const ProfilePatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    residence: Type.Optional(Type.String({ minLength: 5, maxLength: 300 })),
    email: Type.Optional(nullable(Type.String({ format: 'email', maxLength: 200 }))),
    phone: Type.Optional(Phone),
    zaloPhone: Type.Optional(nullable(Phone)),
    notifyChannels: Type.Optional(
      Type.Array(Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('zalo')]), { maxItems: 3, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

const Attachment = Type.Object(
  { componentIndex: Type.Integer({ minimum: 0, maximum: 100 }), itemId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export const DraftCreate = Type.Object(
  {
    procedureCode: Type.String({ pattern: '^[0-9]{1,2}\\.[0-9]{6}$' }),
    caseKey: Type.Optional(Type.String({ pattern: '^[a-z0-9_]{1,40}$' })),
    receivingAgencyId: Type.Optional(nullable(Type.String({ format: 'uuid' }))),
    renewalOf: Type.Optional(nullable(Type.String({ format: 'uuid' }))),
    fresh: Type.Optional(Type.Boolean({ description: 'true: luôn tạo bản nháp mới, kể cả khi đã có bản nháp của cùng thủ tục' })),
  },
  { additionalProperties: false },
);

export const DraftPatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    caseKey: Type.Optional(Type.String({ pattern: '^[a-z0-9_]{1,40}$' })),
    receivingAgencyId: Type.Optional(nullable(Type.String({ format: 'uuid' }))),
    formData: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 100000 }), Type.Number(), Type.Boolean(), Type.Null()])),
    ),
    attachments: Type.Optional(Type.Array(Attachment, { maxItems: 100 })),
    applicantGroups: Type.Optional(
      Type.Array(Type.Enum([...APPLICANT_GROUPS]), {
        maxItems: APPLICANT_GROUPS.length,
        uniqueItems: true,
        description: 'Đối tượng được giảm phí mà người nộp kê khai',
      }),
    ),
  },
  { additionalProperties: false },
);

const Answers = Type.Record(Type.String({ maxLength: 40 }), Type.Integer({ minimum: 1, maximum: 5 }));

export const RatingCreate = Type.Object(
  { dossierId: Type.String({ format: 'uuid' }), answers: Answers, comment: Type.Optional(nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);
export const RatingUpdate = Type.Object(
  { version: Type.Integer({ minimum: 1 }), answers: Answers, comment: Type.Optional(nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);

// ---- responses (issue 23): exact shapes (closed objects, enums, nullable) for what the web app reads;
// the contract test (src/platform/http/openapi.contract.ts) checks every real answer against them ---
const closed = <P extends Parameters<typeof Type.Object>[0]>(props: P, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const open = <P extends Parameters<typeof Type.Object>[0]>(props: P, description?: string) =>
  Type.Object(props, { additionalProperties: true, ...(description ? { description } : {}) });
const lit = <const T extends string[]>(values: readonly [...T]) => Type.Enum(values);
const Str = Type.String();
const NStr = nullable(Type.String());
const Int = Type.Integer();
const NInt = nullable(Type.Integer());
const Bool = Type.Boolean();
const Json = Type.Record(Type.String(), Type.Unknown());

export const ITEM_KINDS = ['profile', 'component', 'result'] as const;
const ItemProps = {
  id: Str,
  kind: lit(ITEM_KINDS),
  title: Str,
  docType: NStr,
  source: Type.String({ description: 'upload, population_db, business_db, dossier_result, dossier_component…' }),
  sourceRef: NStr,
  procedureCode: NStr,
  issuedOn: NStr,
  validUntil: NStr,
  certified: Bool,
  fileName: NStr,
  mimeType: NStr,
  sizeBytes: NInt,
  hasFile: Bool,
  sha256: Str,
  data: Json,
  createdAt: Str,
};
/** A document or data item of the person's warehouse. */
export const Item = closed(ItemProps);
/** A warehouse item on the person's own warehouse page, with its validity and renewal draft. */
export const WarehouseItemOut = closed({ ...ItemProps, expired: Bool, expiresSoon: Bool, renewalDraftId: NStr });

export const ProfileOut = closed({
  userId: Str,
  username: Str,
  subjectKind: lit(['citizen', 'business']),
  fullName: Str,
  personalId: NStr,
  dateOfBirth: NStr,
  gender: nullable(lit(['nam', 'nu'])),
  residence: NStr,
  taxCode: NStr,
  businessName: NStr,
  email: NStr,
  phone: NStr,
  zaloPhone: NStr,
  notifyChannels: Type.Array(lit(['email', 'sms', 'zalo'])),
  identitySource: lit(['self_declared', 'vneid_sandbox', 'vneid', 'demo']),
  verifiedAt: NStr,
  idVerified: Bool,
  version: Int,
});
export const WarehouseOut = closed({ profile: ProfileOut, items: Type.Array(WarehouseItemOut), total: Int });
export const RegisterOut = open({ user: open({ id: Str, username: Str, kind: Str }) });
export const OidcStartOut = open({ provider: open({ id: Str, name: Str, sandbox: Type.Boolean() }), authorizeUrl: Str, state: Str, link: Type.Boolean() });
export const SessionOut = open({
  token: Str,
  expiresAt: Str,
  created: Type.Boolean(),
  linked: Type.Boolean(),
  returnTo: NStr,
  user: open({ id: Str, username: Str, fullName: Str, kind: Str, roles: Type.Array(Str) }),
});
export const WarehouseExport = open(
  { exportedAt: Str, note: Str, profile: ProfileOut, items: Type.Array(Item), accessLog: Type.Array(open({ at: Str })) },
  'Toàn bộ dữ liệu của tôi (tệp JSON tải về)',
);
export const AccessEntryOut = closed({
  id: Str,
  at: Str,
  readerUsername: Str,
  readerKind: lit(['staff', 'citizen', 'system']),
  agencyName: NStr,
  purpose: lit(['read', 'download', 'reuse', 'export']),
  dossierCode: NStr,
  itemId: NStr,
  itemTitle: NStr,
});
export const AccessLogOut = closed({ total: Int, items: Type.Array(AccessEntryOut) });
export const StaffWarehouseOut = open({ dossierCode: Str, profile: open({ fullName: Str }), items: Type.Array(Item), total: Type.Integer() });

const PREFILL_SOURCES = ['citizen_profile', 'previous_result', 'national_db'] as const;
const FIELD_TYPES = ['string', 'text', 'date', 'number', 'integer', 'boolean', 'select'] as const;
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
export const PrefillFieldOut = closed({
  key: Str,
  label: Str,
  type: lit(FIELD_TYPES),
  required: Bool,
  options: Type.Optional(nullable(Type.Array(Str))),
  maxLength: Type.Optional(NInt),
  prefill: Type.Optional(nullable(closed({ source: lit(PREFILL_SOURCES), ref: Str }))),
  value: nullable(Scalar),
  prefilled: nullable(closed({ source: lit(PREFILL_SOURCES), from: Type.String({ description: 'Nguồn, để hiển thị cạnh trường' }), itemId: NStr })),
});
export const PrefillComponentOut = closed({
  index: Int,
  name: Str,
  required: Bool,
  condition: NStr,
  replaceableByData: NStr,
  applies: Bool,
  satisfiedByData: Bool,
  satisfiedByForm: Bool,
  documentIds: Type.Array(Str, { description: 'Giấy tờ trong kho cùng loại giấy (mọi giấy tờ khi thành phần không nhận ra loại)' }),
});
const OnceOnlyStatsProps = { fields: Int, prefillable: Int, toDeclare: Int, reductionPercent: Type.Number() };
export const PrefillOut = closed({
  procedure: closed({ code: Str, name: Str, onlineLevel: Str, agencyText: Str, resultName: Str, cases: Type.Array(closed({ key: Str, name: Str })) }),
  caseKey: Str,
  fields: Type.Array(PrefillFieldOut),
  components: Type.Array(PrefillComponentOut),
  documents: Type.Array(Item),
  stats: closed({ ...OnceOnlyStatsProps, prefilledForYou: Int }),
  receivingPlaces: Type.Array(closed({ id: Str, name: Str, kind: Str })),
});
export const DraftOut = closed({
  id: Str,
  procedureCode: Str,
  procedureName: Str,
  caseKey: Str,
  receivingAgencyId: NStr,
  formData: Json,
  prefilled: Type.Record(Type.String(), closed({ source: lit(PREFILL_SOURCES), from: Str, value: Type.Unknown(), itemId: NStr })),
  attachments: Type.Array(closed({ componentIndex: Int, itemId: Str })),
  applicantGroups: Type.Array(Type.Enum([...APPLICANT_GROUPS])),
  renewalOf: NStr,
  status: lit(['draft', 'submitted', 'discarded']),
  dossierId: NStr,
  dossierCode: NStr,
  submittedAt: NStr,
  version: Int,
  createdAt: Str,
  updatedAt: Str,
});
export const DraftList = closed({ total: Int, items: Type.Array(DraftOut) });
export const DraftUploadOut = closed({ item: Item, draft: DraftOut });
export const SubmitOut = closed(
  {
    draftId: Str,
    dossier: closed({ id: Str, code: Str, status: closed({ code: Int, name: Str }), submittedAt: Str }),
    procedure: closed({ code: Str, name: Str, caseKey: Str, competentAgency: Str }),
    receivingAgency: nullable(closed({ id: Str, name: Str })),
    applicant: closed({ name: Str }),
    components: Type.Array(closed({ index: Int, name: Str, how: lit(['upload', 'warehouse', 'national_data', 'eform']), document: NStr })),
    onceOnly: closed({ fields: Int, prefilled: Int, kept: Int }),
    lookupUrl: Str,
    lookupKey: Type.String({ description: 'Mã tra cứu (XXXX-XXXX): cùng mã hồ sơ, trang tra cứu công khai hiện chi tiết' }),
    message: Str,
  },
  'Biên nhận hồ sơ nộp trực tuyến',
);
const DossierBrief = { id: Str, code: Str, procedureName: Str, status: Int, updatedAt: Str };
const FeeLine = closed({ name: Str, amount: Type.Number(), reductionPercent: Type.Optional(Type.Number()), due: Type.Optional(Type.Number()) });
export const TodoOut = closed({
  toPay: Type.Array(
    closed({
      ...DossierBrief,
      items: Type.Array(FeeLine),
      total: Type.Number({ description: 'Số tiền phải nộp (các dòng `due`, đã trừ mức giảm khi nộp trực tuyến)' }),
    }),
  ),
  results: Type.Array(
    closed({ ...DossierBrief, result: nullable(closed({ readyAt: Str, decisionNumber: Str, signer: Str, signedOn: Str, fileId: NStr, agencyId: Str })) }),
  ),
  toRate: Type.Array(closed(DossierBrief)),
});
export const MessagesOut = closed({
  items: Type.Array(closed({ id: Str, channel: lit(['email', 'sms', 'zalo']), payload: closed({ to: Str, text: Str, subject: NStr }), deliveredAt: Str })),
  total: Int,
});
export const RatingOut = closed({
  dossierId: Str,
  dossierCode: Str,
  answers: Type.Record(Type.String(), Int),
  overall: Type.Number(),
  comment: NStr,
  editableUntil: Str,
  version: Int,
  createdAt: Str,
  updatedAt: Str,
});
export const RatingSheet = closed({
  dossier: closed({ id: Str, code: Str, procedureName: Str, status: Int }),
  rating: nullable(RatingOut),
  criteria: Type.Unsafe<ReadonlyArray<{ key: string; name: string }>>(Type.Array(closed({ key: Str, name: Str }))),
  canRate: Bool,
  canEdit: Bool,
});
export const RatingSummaryOut = open({
  count: Type.Integer(),
  satisfiedPercent: nullable(Type.Number()),
  overallLevels: Type.Record(Type.String(), Type.Integer()),
  byCriterion: Type.Array(open({ key: Str, name: Str, count: Type.Integer(), average: nullable(Type.Number()), satisfiedPercent: nullable(Type.Number()) })),
});
export const OnceOnlyRowOut = closed({
  code: Str,
  name: Str,
  onlineLevel: Str,
  caseKey: Str,
  caseName: Str,
  hasForm: Bool,
  ...OnceOnlyStatsProps,
  meetsTarget: Bool,
  observed: nullable(closed({ submissions: Int, prefilledPercent: Type.Number(), keptPercent: Type.Number() })),
});
export const OnceOnlyOut = closed({
  targetPercent: Type.Number(),
  summary: closed({ cases: Int, meetingTarget: Int, averageReductionPercent: Type.Number() }),
  items: Type.Array(OnceOnlyRowOut),
  total: Int,
});
export const RemindersOut = open({ reminded: Type.Integer() });
export const SandboxIdentities = open({ provider: Str, items: Type.Array(open({ key: Str, fullName: Str, personalId: Str, dateOfBirth: Str })) });
export const RedirectOut = open({ redirectTo: Str });
export const Jwks = Type.Unsafe<unknown>(open({ keys: Type.Array(open({})) }, 'Khóa công khai (JWKS, RFC 7517)'));
