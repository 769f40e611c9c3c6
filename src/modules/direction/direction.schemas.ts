import { Type } from 'typebox';

const nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const UNITS = ['count', 'percent', 'points', 'rank'] as const;
const DRILLS = ['dossier', 'task', 'report', 'feedback', 'agency'] as const;

export const Indicator = Type.Object({
  code: Type.String(),
  ordinal: Type.Integer(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  definition: Type.String(),
  kind: Type.String({ enum: ['builtin', 'formula'] }),
  formula: Type.String(),
  source: Type.String(),
  owner: Type.String(),
  refresh: Type.String(),
  unit: Type.String({ enum: [...UNITS] }),
  target: nullable(Type.Number()),
  direction: Type.String({ enum: ['up', 'down'] }),
  drill: nullable(Type.String({ enum: [...DRILLS] })),
  active: Type.Boolean(),
  version: Type.Integer(),
});

const text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const IndicatorCreate = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,39}$', description: 'Mã chỉ số (CHỮ_HOA, số, gạch dưới)' }),
    nameVi: text(300),
    nameEn: text(300),
    definition: text(4000),
    formula: Type.String({ minLength: 1, maxLength: 500, description: 'Công thức trên mã các chỉ số khác: số, mã, + - * / và ngoặc (không có SQL)' }),
    owner: text(300),
    refresh: Type.Optional(Type.String({ maxLength: 300 })),
    unit: Type.String({ enum: [...UNITS] }),
    target: Type.Optional(nullable(Type.Number({ minimum: -1e9, maximum: 1e9 }))),
    direction: Type.String({ enum: ['up', 'down'] }),
    ordinal: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);

export const IndicatorUpdate = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    nameVi: Type.Optional(text(300)),
    nameEn: Type.Optional(text(300)),
    definition: Type.Optional(text(4000)),
    formula: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    owner: Type.Optional(text(300)),
    refresh: Type.Optional(Type.String({ maxLength: 300 })),
    target: Type.Optional(nullable(Type.Number({ minimum: -1e9, maximum: 1e9 }))),
    direction: Type.Optional(Type.String({ enum: ['up', 'down'] })),
    active: Type.Optional(Type.Boolean()),
    ordinal: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);

const AgencyRef = Type.Object({ id: Type.String(), name: Type.String() });

export const CentreIndicator = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  definition: Type.String(),
  kind: Type.String(),
  formula: Type.String(),
  source: Type.String(),
  owner: Type.String(),
  refresh: Type.String(),
  unit: Type.String(),
  target: nullable(Type.Number()),
  direction: Type.String(),
  drill: nullable(Type.String()),
  value: nullable(Type.Number()),
  previous: nullable(Type.Number()),
  trend: nullable(Type.Object({ delta: Type.Number(), judgement: Type.String({ enum: ['better', 'worse', 'same'] }) })),
  targetMet: nullable(Type.Boolean()),
  agencies: Type.Array(Type.Object({ agency: nullable(AgencyRef), value: Type.Number() })),
  agencyCount: Type.Integer(),
  note: nullable(Type.String()),
});

const Ranked = Type.Object({
  agency: AgencyRef,
  level: nullable(Type.String()),
  score: nullable(Type.Number()),
  previous: nullable(Type.Number()),
  rank: Type.Integer(),
});

export const Centre = Type.Object({
  computedAt: Type.String(),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  days: Type.Integer(),
  scope: Type.String({ enum: ['province', 'agencies'] }),
  agencyIds: nullable(Type.Array(Type.String())),
  indicators: Type.Array(CentreIndicator),
  quality: nullable(
    Type.Object({
      province: nullable(Type.Number()),
      agencies: Type.Array(Ranked),
      communes: Type.Array(Ranked),
      rankedOf: Type.Integer(),
      computedAt: Type.String({
        format: 'date-time',
        description: 'Lúc bảng xếp hạng QĐ 766 của tháng được tính (dùng lại tối đa 60 giây; đến 10 phút thì vừa trả bản cũ vừa tính lại)',
      }),
    }),
  ),
});

export const CentreQuery = Type.Object({
  agencyId: Type.Optional(Type.String({ format: 'uuid' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, description: 'Hồ sơ có nguy cơ trễ hạn trong N ngày làm việc tới (mặc định 3)' })),
});

export const Item = Type.Object({
  kind: Type.String({ enum: [...DRILLS] }),
  id: Type.String(),
  label: Type.String(),
  title: Type.String(),
  agency: nullable(AgencyRef),
  responsible: nullable(AgencyRef),
  dueAt: nullable(Type.String()),
  status: Type.String(),
  detail: nullable(Type.String()),
  link: Type.String(),
});

export const Items = Type.Object({ indicator: Type.String(), items: Type.Array(Item), total: Type.Integer() });

export const PromptBody = Type.Object(
  {
    indicatorCode: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,39}$' }),
    subjectKind: Type.String({ enum: ['dossier', 'task', 'report', 'feedback'] }),
    subjectId: Type.String({ format: 'uuid' }),
    message: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const PromptOut = Type.Object({
  id: Type.String(),
  indicatorCode: Type.String(),
  subjectKind: Type.String(),
  subjectId: Type.String(),
  subjectLabel: Type.String(),
  recipients: Type.Array(AgencyRef),
  message: Type.String(),
  createdAt: Type.String(),
});

export const PromptList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      indicatorCode: Type.String(),
      subjectKind: Type.String(),
      subjectId: Type.String(),
      subjectLabel: Type.String(),
      agencyId: nullable(Type.String()),
      recipientUserIds: Type.Array(Type.String()),
      message: Type.String(),
      createdBy: Type.Object({ id: Type.String(), name: nullable(Type.String()) }),
      createdAt: Type.String(),
    }),
  ),
  total: Type.Integer(),
});

export const Risk = Type.Object({
  dossierId: Type.String(),
  probability: nullable(Type.Number()),
  samples: Type.Integer(),
  flagged: Type.Boolean(),
  reason: Type.String(),
  dueAt: Type.String(),
  computedAt: Type.String(),
  step: nullable(Type.Integer({ description: 'Bước đang xử lý (0: bước đầu của cơ quan giải quyết); null khi chưa vào bước xử lý hoặc đang tạm dừng' })),
  stepName: nullable(Type.String()),
  typicalRemainingDays: nullable(Type.Number({ description: 'Số ngày làm việc hồ sơ tương tự thường còn cần (trung vị)' })),
  steps: Type.Array(
    Type.Object({
      index: Type.Integer(),
      name: Type.String(),
      typicalDays: nullable(
        Type.Number({ description: 'Thời gian điển hình của bước (trung vị, ngày làm việc) ở hồ sơ cùng thủ tục đã kết thúc; null khi chưa có lịch sử' }),
      ),
      samples: Type.Integer(),
      current: Type.Boolean(),
    }),
    { description: 'Các bước còn lại của quy trình (bước đang xử lý trước)' },
  ),
});
