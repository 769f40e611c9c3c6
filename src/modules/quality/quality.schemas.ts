import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (giờ Việt Nam)' });
export const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

export const ScopeQuery = {
  agency: Type.Optional(Type.String({ format: 'uuid' })),
  adminUnit: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$' })),
  level: Type.Optional(Type.String({ enum: ['province', 'district', 'commune'] })),
};

export const IndicatorValue = Type.Object({
  code: Type.String(),
  no: Type.String(),
  name: Type.String(),
  group: Type.String(),
  numerator: Type.Number(),
  denominator: Type.Number(),
  points: Nullable(Type.Number()),
  maxPoints: Type.Number(),
  ratio: Nullable(Type.Number()),
  status: Type.String({ enum: ['ok', 'not_applicable', 'no_data'] }),
  note: Nullable(Type.String()),
});

export const Score = Type.Object({
  total: Type.Number({ description: 'Tổng điểm của cả bộ chỉ số (thang 100) như Cổng DVC quốc gia tính: chỉ số chưa có dữ liệu được 0 điểm' }),
  maxPoints: Type.Number(),
  outOf100: Type.Number({ description: 'Điểm trên thang 100 (= total): dùng để xếp hạng, xếp loại' }),
  maxWithData: Type.Number({ description: 'Số điểm tối đa của các chỉ số đã có dữ liệu' }),
  scaledOverData: Nullable(Type.Number({ description: 'Số liệu phụ: điểm quy đổi 100 chỉ trên các chỉ số có dữ liệu' })),
  band: Type.String({ enum: ['tot', 'kha', 'trung_binh', 'yeu'] }),
  bandName: Type.String(),
  bandProvisional: Type.Boolean(),
  groups: Type.Array(Type.Object({ group: Type.String(), name: Type.String(), points: Type.Number(), maxPoints: Type.Number(), maxWithData: Type.Number() })),
});

export const Timeliness = Type.Object({
  total: Type.Integer(),
  finishedEarly: Type.Integer(),
  finishedOnTime: Type.Integer(),
  finishedLate: Type.Integer(),
  openWithinTime: Type.Integer(),
  openOverdue: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
});

export const IndicatorsResponse = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  scope: Type.Object({ agencyId: Nullable(Type.String()), adminUnit: Nullable(Type.String()), level: Nullable(Type.String()), label: Type.String() }),
  indicators: Type.Array(IndicatorValue),
  score: Score,
  timeliness: Timeliness,
  satisfaction: Type.Object({
    received: Type.Integer({ description: '5.4: hồ sơ tiếp nhận trong kỳ' }),
    late: Type.Integer({ description: '5.4: trong đó trễ hạn (theo quy tắc của 2.1)' }),
    rated: Type.Integer({ description: '5.4: trong đó được người nộp đánh giá' }),
    dissatisfied: Type.Integer({ description: '5.4: trong đó bị đánh giá không hài lòng (mức 1–2)' }),
    numerator: Type.Integer(),
  }),
  feedback: Type.Object({
    total: Type.Integer({ description: '5.2: phản ánh thuộc thẩm quyền (phạm vi của Cổng DVCQG)' }),
    excluded: Type.Integer({ description: 'không tính: đang phân loại, từ chối tiếp nhận, chuyển khiếu nại/tố cáo, trùng lặp' }),
    onTime: Type.Integer(),
    late: Type.Integer(),
    inTime: Type.Integer(),
    overdue: Type.Integer(),
  }),
  information: Type.Object({
    averageResolution: Type.Array(
      Type.Object({ procedureCode: Type.String(), procedureName: Type.String(), dossiers: Type.Integer(), averageWorkingDays: Type.Number() }),
      { description: '2.2 (chỉ thông tin, 0 điểm)' },
    ),
    feedbackClassification: Type.Object(
      {
        total: Type.Integer(),
        procedures: Type.Integer(),
        staff: Type.Integer(),
        unclassified: Type.Integer(),
        proceduresPercent: Nullable(Type.Number()),
        staffPercent: Nullable(Type.Number()),
      },
      { description: '5.1 (chỉ thông tin, 0 điểm)' },
    ),
  }),
  computedAt: Type.String(),
  pendingChanges: Type.Integer({ minimum: 0, description: 'dossier changes not yet counted (the read model is catching up); 0 = up to date' }),
});

export const ExplanationBody = Type.Object(
  {
    cause: Type.String({ enum: ['workload', 'complex_case', 'inter_agency', 'applicant', 'system', 'staff', 'other'] }),
    reason: Type.String({ minLength: 1, maxLength: 4000 }),
    remedy: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    responsibleUserId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false },
);

export const Explanation = Type.Object({
  dossierId: Type.String(),
  code: Type.String(),
  agencyId: Type.String(),
  cause: Type.String(),
  causeName: Type.String(),
  reason: Type.String(),
  remedy: Nullable(Type.String()),
  responsibleUserId: Nullable(Type.String()),
  explainedBy: Nullable(Type.String()),
  explainedAt: Type.String(),
  version: Type.Integer(),
});

// ---- success responses documented for issue 23 (objects open: a property added later is sent) ----
const OPEN = { additionalProperties: true } as const;
const PeriodT = Type.Object({ from: Type.String(), to: Type.String() });
const ScopeT = Type.Object({ agencyId: Nullable(Type.String()), adminUnit: Nullable(Type.String()), level: Nullable(Type.String()), label: Type.String() });
const AgencyName = Type.Object({ id: Type.String(), name: Type.String() }, OPEN);

export const Definitions = Type.Object({
  indicators: Type.Array(
    Type.Object(
      {
        code: Type.String(),
        no: Type.String(),
        group: Type.String(),
        name: Type.String(),
        maxPoints: Type.Number(),
        numerator: Type.String(),
        denominator: Type.String(),
        conversion: Type.Object({ kind: Type.String({ enum: ['linear', 'threshold'] }), percent: Type.Optional(Type.Number()) }),
        whenEmpty: Type.String({ enum: ['full', 'not_applicable'] }),
        source: Type.String(),
        note: Type.Optional(Type.String()),
        confidence: Type.String({ enum: ['sure', 'likely', 'unsure'] }),
      },
      OPEN,
    ),
  ),
  groups: Type.Record(Type.String(), Type.Object({ name: Type.String(), maxPoints: Type.Number() })),
  bands: Type.Array(Type.Object({ band: Type.String(), min: Nullable(Type.Number()), name: Type.String() })),
  bandsProvisional: Type.Boolean(),
});

export const Dashboard = Type.Object(
  {
    period: PeriodT,
    previousPeriod: PeriodT,
    scope: ScopeT,
    summary: Type.Object({ score: Score, timeliness: Timeliness }, OPEN),
    items: Type.Array(
      Type.Object(
        {
          agency: Type.Object(
            {
              id: Type.String(),
              code: Type.String(),
              name: Type.String(),
              unitCode: Nullable(Type.String()),
              unitName: Nullable(Type.String()),
              level: Nullable(Type.String()),
            },
            OPEN,
          ),
          score: Score,
          previousOutOf100: Nullable(Type.Number()),
          timeliness: Timeliness,
          indicators: Type.Array(
            Type.Object(
              {
                code: Type.String(),
                points: Nullable(Type.Number()),
                maxPoints: Type.Number(),
                numerator: Type.Number(),
                denominator: Type.Number(),
                status: Type.String(),
              },
              OPEN,
            ),
          ),
          rank: Type.Integer(),
        },
        OPEN,
      ),
    ),
    total: Type.Integer(),
    pendingChanges: Type.Integer({ minimum: 0 }),
  },
  OPEN,
);

export const Trend = Type.Object(
  {
    scope: ScopeT,
    items: Type.Array(
      Type.Object(
        {
          month: Type.String(),
          total: Type.Number(),
          outOf100: Type.Number(),
          band: Type.String(),
          onTimeRate: Nullable(Type.Number()),
          dossiers: Type.Integer(),
          late: Type.Integer(),
        },
        OPEN,
      ),
    ),
  },
  OPEN,
);

export const IndicatorDossiers = Type.Object(
  {
    indicator: Type.Object({ code: Type.String(), no: Type.String(), name: Type.String() }, OPEN),
    kind: Type.String(),
    total: Type.Integer(),
    items: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          code: Type.String(),
          procedureCode: Type.String(),
          procedureName: Type.String(),
          agency: AgencyName,
          receivedAt: Nullable(Type.String()),
          dueAt: Nullable(Type.String()),
          endedAt: Nullable(Type.String()),
          outcome: Nullable(Type.String()),
          waitingApplicant: Type.Boolean(),
          reason: Nullable(Type.String()),
          status: Type.Number(),
          assignee: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) }, OPEN)),
          explained: Type.Boolean(),
        },
        OPEN,
      ),
    ),
  },
  OPEN,
);

export const LateList = Type.Object(
  {
    month: Type.String(),
    period: PeriodT,
    agencies: Type.Array(
      Type.Object({ agency: AgencyName, late: Type.Integer(), explained: Type.Integer(), missing: Type.Integer(), open: Type.Integer() }, OPEN),
    ),
    officers: Type.Array(
      Type.Object({ officer: AgencyName, agency: AgencyName, late: Type.Integer(), explained: Type.Integer(), missing: Type.Integer() }, OPEN),
    ),
    totals: Type.Object({ late: Type.Integer(), explained: Type.Integer(), missing: Type.Integer() }, OPEN),
    published: Nullable(Type.Object({ at: Type.String(), by: Nullable(Type.String()) }, OPEN)),
  },
  OPEN,
);

export const LatePublished = Type.Object(
  {
    month: Type.String(),
    publishedAt: Type.String(),
    agencies: Type.Array(Type.Object({ agency: AgencyName, late: Type.Integer(), explained: Type.Integer() }, OPEN)),
    officers: Type.Array(Type.Object({ officer: Type.Object({ name: Type.String() }, OPEN), agency: AgencyName, late: Type.Integer() }, OPEN), {
      description: 'Cán bộ có hồ sơ trễ hạn (chỉ tên)',
    }),
    totals: Type.Object({ late: Type.Integer(), missing: Type.Integer(), explained: Type.Integer() }, OPEN),
  },
  OPEN,
);
export type LatePublished = Static<typeof LatePublished>;

export const PublishedMonths = Type.Object({ items: Type.Array(Month) });
export const RebuildResult = Type.Object({ dossiers: Type.Integer(), ms: Type.Number() });
