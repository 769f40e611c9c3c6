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
