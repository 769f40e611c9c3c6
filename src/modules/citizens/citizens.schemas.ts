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
    consentNoticeVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'Phiên bản thông báo xử lý dữ liệu cá nhân người đăng ký đã đọc và đồng ý (bắt buộc; 422 consent_required nếu thiếu)' })),
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
    notifyChannels: Type.Optional(Type.Array(Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('zalo')]), { maxItems: 3, uniqueItems: true })),
  },
  { additionalProperties: false },
);

const Attachment = Type.Object({ componentIndex: Type.Integer({ minimum: 0, maximum: 100 }), itemId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

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
    formData: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 100000 }), Type.Number(), Type.Boolean(), Type.Null()]))),
    attachments: Type.Optional(Type.Array(Attachment, { maxItems: 100 })),
    applicantGroups: Type.Optional(
      Type.Array(Type.Enum([...APPLICANT_GROUPS]), { maxItems: APPLICANT_GROUPS.length, uniqueItems: true, description: 'Đối tượng được giảm phí mà người nộp kê khai' }),
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

export const Item = Type.Object(
  {
    id: Type.String(), kind: Type.String(), title: Type.String(), source: Type.String(), sourceRef: nullable(Type.String()),
    issuedOn: nullable(Type.String()), validUntil: nullable(Type.String()), certified: Type.Boolean(), sha256: Type.String(), hasFile: Type.Boolean(),
  },
  { additionalProperties: true },
);

// ---- responses (issue 23): the properties clients rely on; objects stay open (additionalProperties)
// so the serialiser drops nothing the service returns --------------------------------------------
const open = <P extends Parameters<typeof Type.Object>[0]>(props: P, description?: string) => Type.Object(props, { additionalProperties: true, ...(description ? { description } : {}) });
const Str = Type.String();
const NStr = nullable(Type.String());

export const ProfileOut = open({
  userId: Str, username: Str, subjectKind: Type.String({ description: 'citizen hoặc business' }), fullName: Str, personalId: NStr, dateOfBirth: NStr, gender: NStr,
  residence: NStr, taxCode: NStr, businessName: NStr, email: NStr, phone: NStr, zaloPhone: NStr, notifyChannels: Type.Array(Str),
  identitySource: Str, verifiedAt: NStr, idVerified: Type.Boolean(), version: Type.Integer(),
});
export const RegisterOut = open({ user: open({ id: Str, username: Str, kind: Str }) });
export const OidcStartOut = open({ provider: open({ id: Str, name: Str, sandbox: Type.Boolean() }), authorizeUrl: Str, state: Str, link: Type.Boolean() });
export const SessionOut = open({ token: Str, expiresAt: Str, created: Type.Boolean(), linked: Type.Boolean(), returnTo: NStr, user: open({ id: Str, username: Str, fullName: Str, kind: Str, roles: Type.Array(Str) }) });
export const WarehouseExport = open({ exportedAt: Str, note: Str, profile: ProfileOut, items: Type.Array(Item), accessLog: Type.Array(open({ at: Str })) }, 'Toàn bộ dữ liệu của tôi (tệp JSON tải về)');
export const AccessLogOut = open({ total: Type.Integer(), items: Type.Array(open({ at: Str })) });
export const StaffWarehouseOut = open({ dossierCode: Str, profile: open({ fullName: Str }), items: Type.Array(Item), total: Type.Integer() });
export const PrefillOut = open({
  procedure: open({ code: Str, name: Str }), caseKey: Str, fields: Type.Array(open({ key: Str })), components: Type.Array(open({ index: Type.Integer(), name: Str })),
  documents: Type.Array(Item), stats: open({ prefilledForYou: Type.Integer() }), receivingPlaces: Type.Array(open({})),
});
export const DraftOut = open({
  id: Str, procedureCode: Str, procedureName: Str, caseKey: NStr, receivingAgencyId: NStr, formData: open({}), prefilled: open({}),
  attachments: Type.Array(open({ componentIndex: Type.Integer(), itemId: Str })), applicantGroups: Type.Array(Str), renewalOf: NStr, status: Str,
  dossierId: NStr, dossierCode: NStr, submittedAt: NStr, version: Type.Integer(), createdAt: Str, updatedAt: Str,
});
export const DraftList = open({ total: Type.Integer(), items: Type.Array(DraftOut) });
export const DraftUploadOut = open({ item: Item, draft: DraftOut });
export const SubmitOut = open({
  draftId: Str, dossier: open({ id: Str, code: Str, status: open({ code: Type.Integer(), name: Str }), submittedAt: Str }), procedure: open({ code: Str, name: Str }),
  receivingAgency: nullable(open({ id: Str, name: Str })), components: Type.Array(open({})), lookupUrl: Str, lookupKey: Str, message: Str,
}, 'Biên nhận hồ sơ nộp trực tuyến');
const DossierBrief = { id: Str, code: Str, procedureName: Str, status: Type.Integer(), updatedAt: Str };
export const TodoOut = open({ toPay: Type.Array(open(DossierBrief)), results: Type.Array(open(DossierBrief)), toRate: Type.Array(open(DossierBrief)) });
export const MessagesOut = open({ items: Type.Array(open({ channel: Str, deliveredAt: Str })), total: Type.Integer() });
export const RatingOut = open({ dossierId: Str, dossierCode: Str, answers: open({}), overall: Type.Number(), comment: NStr, editableUntil: Str, version: Type.Integer(), createdAt: Str, updatedAt: Str });
export const RatingSheet = open({ dossier: open({ id: Str, code: Str, procedureName: Str, status: Type.Integer() }), rating: nullable(RatingOut), criteria: Type.Unsafe<ReadonlyArray<{ key: string; name: string }>>(Type.Array(open({ key: Str, name: Str }))), canRate: Type.Boolean(), canEdit: Type.Boolean() });
export const RatingSummaryOut = open({ count: Type.Integer(), satisfiedPercent: nullable(Type.Number()), overallLevels: Type.Record(Type.String(), Type.Integer()), byCriterion: Type.Array(open({ key: Str, name: Str, count: Type.Integer(), average: nullable(Type.Number()), satisfiedPercent: nullable(Type.Number()) })) });
export const OnceOnlyOut = open({ targetPercent: Type.Number(), summary: open({ cases: Type.Integer(), meetingTarget: Type.Integer(), averageReductionPercent: Type.Number() }), items: Type.Array(open({ code: Str, caseKey: Str })), total: Type.Integer() });
export const RemindersOut = open({ reminded: Type.Integer() });
export const SandboxIdentities = open({ provider: Str, items: Type.Array(open({ key: Str, fullName: Str, personalId: Str, dateOfBirth: Str })) });
export const RedirectOut = open({ redirectTo: Str });
export const Jwks = Type.Unsafe<unknown>(open({ keys: Type.Array(open({})) }, 'Khóa công khai (JWKS, RFC 7517)'));
