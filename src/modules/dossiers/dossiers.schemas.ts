import { Type, type Static } from 'typebox';
import { ACTION_TYPES } from './dossiers.rules.js';
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
          { name: text(200, 2), idNumber: Type.String({ pattern: '^[0-9A-Za-z-]{9,20}$' }), authorisationRef: text(200), relationship: Type.Optional(nullable(text(100, 0))) },
          { additionalProperties: false, description: 'Người được ủy quyền nộp hồ sơ (ghi nhận văn bản ủy quyền)' },
        ),
      ),
    ),
    summary: Type.Optional(nullable(text(1000, 0))),
    applicantGroups: Type.Optional(
      Type.Array(Type.Enum([...APPLICANT_GROUPS]), { maxItems: APPLICANT_GROUPS.length, uniqueItems: true, description: 'Đối tượng được miễn, giảm phí mà người nộp kê khai (chọn mức phí áp dụng)' }),
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
    items: Type.Optional(Type.Array(Type.Union([text(1000), Type.Object({ name: text(500), amount: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })]), { maxItems: 50 })),
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

const AgencyBrief = nullable(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }));

export const DossierView = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    lookupKey: Type.String({ description: 'mã tra cứu in trên giấy tiếp nhận (XXXX-XXXX): cùng mã hồ sơ, trang tra cứu công khai hiện chi tiết' }),
    version: Type.Integer(),
    procedure: Type.Object({ code: Type.String(), name: Type.String(), field: Type.String(), versionId: Type.String(), caseKey: Type.String() }),
    channel: Type.String(),
    status: Type.Object({ code: Type.Integer(), name: Type.String(), slug: Type.String() }),
    receivingAgency: AgencyBrief,
    leadAgency: AgencyBrief,
    currentAgency: AgencyBrief,
    forwardTo: Type.Optional(Type.Union([AgencyBrief], { description: 'chi tiết hồ sơ, khi được chuyển xử lý: cơ quan có thẩm quyền theo danh mục mà việc chuyển không chọn cơ quan sẽ chuyển đến' })),
    appointment: Type.Object({ original: nullable(Type.String()), current: nullable(Type.String()) }),
    remaining: nullable(Type.String()),
    late: Type.Boolean(),
    flags: Type.Array(Type.String()),
    allowedActions: Type.Array(Type.Object({ type: Type.String(), name: Type.String() })),
  },
  { additionalProperties: true },
);

export const QueueName = Type.Union(['to_receive', 'mine', 'department', 'due_soon', 'overdue', 'waiting'].map((q) => Type.Literal(q)));

/** The staff list's filters: the list, its XLSX export and the export job take the same ones. */
export const DossierFilterProps = {
  queue: Type.Optional(QueueName),
  procedure: Type.Optional(Type.String({ maxLength: 20 })),
  channel: Type.Optional(Type.Union([Type.Literal('counter'), Type.Literal('online'), Type.Literal('post')])),
  status: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
};

/** The public lookup: `code` and `status` always; the rest only when `detailed` (the right lookup key was given). */
export const PublicDossier = Type.Object({
  code: Type.String(),
  status: Type.Object({ code: Type.Integer(), name: Type.String() }),
  detailed: Type.Boolean({ description: 'true when the lookup key matched: the fields below are present' }),
  keyRejected: Type.Boolean({ description: 'a key was given and it is not this dossier\'s' }),
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
