import { Type, type Static, type TSchema } from 'typebox';
import { TASK_STATUSES } from '../tasks/tasks.public.js';
import { REFORM_AREAS } from './reform.rules.js';

/**
 * The reform module's response bodies (issue 23). Most objects are open (OPEN): they document every
 * property the handlers return today, and a property added later is sent rather than dropped. The
 * plans' bodies are closed (the agency plan screens use their generated types as they are).
 */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const OPEN = { additionalProperties: true } as const;
/** An array the handler builds from a constant (`as const`): the same JSON, typed read-only. */
const ReadonlyArray = <T extends TSchema>(t: T) => Type.Unsafe<readonly Static<T>[]>(Type.Array(t));

/** GET /api/v1/reform/par/{year}/criteria; PUT /api/v1/reform/par/{year}/criteria */
export const ParCriteriaTree = Type.Object(
  {
    year: Type.Number(),
    items: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          year: Type.Number(),
          parentId: Nullable(Type.String()),
          ordinal: Type.Number(),
          code: Type.String(),
          title: Type.String(),
          maxPoints: Type.Number(),
          rule: Type.String({ enum: ['manual', 'survey', 'sum'] }),
          ruleNote: Nullable(Type.String()),
          evidenceRequired: Type.Boolean(),
        },
        OPEN,
      ),
    ),
    total: Type.Number(),
    maxTotal: Type.Number(),
    editable: Type.Boolean(),
  },
  OPEN,
);

/** GET /api/v1/reform/par/{year}/assessments/{agencyId}; PUT /api/v1/reform/par/{year}/assessments/{agencyId}/scores; POST /api/v1/reform/par/{year}/assessments/{agencyId}/submit; POST /api/v1/reform/par/{year}/assessments/{agencyId}/appraisals */
export const ParAssessment = Type.Object(
  {
    year: Type.Number(),
    agency: Type.Object(
      {
        id: Type.String(),
        name: Type.String(),
      },
      OPEN,
    ),
    status: Type.String({ enum: ['draft', 'submitted', 'appraised'] }),
    submittedAt: Nullable(Type.String()),
    selfTotal: Type.Number(),
    total: Type.Number(),
    maxTotal: Type.Number(),
    items: Type.Array(
      Type.Object(
        {
          criterionId: Type.String(),
          parentId: Nullable(Type.String()),
          code: Type.String(),
          title: Type.String(),
          maxPoints: Type.Number(),
          rule: Type.String({ enum: ['manual', 'survey', 'sum'] }),
          evidenceRequired: Type.Boolean(),
          selfScore: Nullable(Type.Number()),
          evidence: Nullable(Type.String()),
          evidenceRefs: Type.Array(Type.String()),
          appraisedScore: Nullable(Type.Number()),
          appraisalReason: Nullable(Type.String()),
          surveyPercent: Nullable(Type.Number()),
          selfPoints: Type.Number(),
          finalPoints: Type.Number(),
          files: Type.Array(
            Type.Object(
              {
                id: Type.String(),
                criterionId: Type.String(),
                fileName: Type.String(),
                mimeType: Type.String(),
                sizeBytes: Type.Number(),
                sha256: Type.String(),
                uploadedAt: Type.String(),
                uploadedBy: Nullable(Type.String()),
              },
              OPEN,
            ),
            { description: 'Tài liệu kiểm chứng đã tải lên' },
          ),
        },
        OPEN,
      ),
    ),
  },
  OPEN,
);

/** GET /api/v1/reform/par/{year}/ranking; POST /api/v1/reform/par/{year}/publish */
export const ParRanking = Type.Object(
  {
    year: Type.Number(),
    published: Type.Boolean(),
    publishedAt: Nullable(Type.String()),
    items: Type.Array(
      Type.Object(
        {
          agencyId: Type.String(),
          name: Type.String(),
          status: Type.String({ enum: ['draft', 'submitted', 'appraised'] }),
          selfTotal: Type.Number(),
          total: Type.Number(),
          maxTotal: Type.Number(),
          rank: Type.Number(),
        },
        OPEN,
      ),
    ),
    total: Type.Number(),
  },
  OPEN,
);

/** GET /api/v1/reform/sipas/questionnaires/{id}; POST /api/v1/reform/sipas/questionnaires; PUT /api/v1/reform/sipas/questionnaires/{id}; POST /api/v1/reform/sipas/questionnaires/{id}/publish; GET /api/v1/reform/sipas/questionnaire (SipasForm) */
const QuestionnaireContent = {
  id: Type.String(),
  year: Type.Number(),
  version: Type.Number(),
  title: Type.String(),
  source: Nullable(Type.String()),
  elements: Type.Array(Type.Object({ key: Type.String(), name: Type.String() }, OPEN)),
  questions: Type.Array(
    Type.Object(
      { key: Type.String(), text: Type.String(), element: Type.String(), sectors: Nullable(Type.Array(Type.String(), { description: 'null: mọi lĩnh vực' })) },
      OPEN,
    ),
  ),
};

/** A questionnaire version as the builder (Sở Nội vụ) sees it. */
export const SipasQuestionnaire = Type.Object(
  {
    ...QuestionnaireContent,
    status: Type.String({ enum: ['draft', 'published', 'retired'] }),
    createdAt: Type.String(),
    publishedAt: Nullable(Type.String()),
    rowVersion: Type.Number(),
    responses: Type.Number({ description: 'Số phiếu trả lời đã nhận' }),
    isDefault: Type.Boolean(),
    editable: Type.Boolean(),
    locked: Nullable(Type.String({ enum: ['default', 'retired', 'responses'] })),
  },
  OPEN,
);

/** The questionnaire in force for a year, as the public survey form gets it (scale 1–5). */
export const SipasForm = Type.Object(
  {
    ...QuestionnaireContent,
    sectors: ReadonlyArray(Type.Object({ key: Type.String(), name: Type.String() }, OPEN)),
    scale: Type.Array(Type.Number()),
    channels: ReadonlyArray(Type.String()),
  },
  OPEN,
);

/** GET /api/v1/reform/sipas/questionnaires */
export const SipasQuestionnaireList = Type.Object({ items: Type.Array(SipasQuestionnaire), total: Type.Number() }, OPEN);

/** POST /api/v1/reform/sipas/responses */
export const SipasReceived = Type.Object(
  {
    received: Type.Boolean(),
  },
  OPEN,
);

/** Satisfaction per element of the questionnaire (keyed by the element's key: access, procedure, …). */
const SipasElements = Type.Record(Type.String(), Type.Object({ satisfiedPercent: Nullable(Type.Number()), answers: Type.Number() }, OPEN));

/** GET /api/v1/reform/sipas/index */
export const SipasIndex = Type.Object(
  {
    year: Type.Number(),
    items: Type.Array(
      Type.Object(
        {
          agencyId: Type.String(),
          agencyName: Type.String(),
          sector: Type.String(),
          index: Nullable(Type.Number()),
          sampleSize: Type.Number(),
          elements: SipasElements,
          channels: Type.Record(Type.String(), Type.Number(), { description: 'Số phiếu theo kênh (link, qr_counter, after_return)' }),
        },
        OPEN,
      ),
    ),
    total: Type.Number(),
    sectors: Type.Array(Type.Object({ sector: Type.String(), index: Nullable(Type.Number()), sampleSize: Type.Number(), elements: SipasElements }, OPEN)),
    overall: Type.Object({ index: Nullable(Type.Number()), sampleSize: Type.Number(), elements: SipasElements }, OPEN),
    elementNames: Type.Record(Type.String(), Type.String()),
    questionnaires: Type.Array(Type.Object({ id: Type.String(), year: Type.Number(), version: Type.Number(), title: Type.String() }, OPEN)),
  },
  OPEN,
);

/** POST /api/v1/reform/plans; GET and PUT /api/v1/reform/plans/{id} */
export const Plan = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  year: Type.Number(),
  level: Type.String({ enum: ['province', 'commune'] }),
  dueOn: Type.String(),
  title: Type.String(),
  taskPlanId: Nullable(Type.String()),
  submittedAt: Type.String(),
  late: Type.Boolean(),
  kind: Type.String({ enum: ['annual', 'five_year'] }),
  periodEnd: Type.Number(),
  updatedAt: Nullable(Type.String()),
  version: Type.Number(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      ordinal: Type.Number(),
      area: Type.String({ enum: [...REFORM_AREAS] }),
      content: Type.String(),
      output: Nullable(Type.String()),
      ownerAgencyId: Type.String(),
      ownerName: Type.String(),
      dueOn: Type.String(),
      taskId: Nullable(Type.String()),
      task: Nullable(Type.Object({ status: Type.String({ enum: [...TASK_STATUSES] }), percent: Type.Number() })),
    }),
  ),
  editable: Type.Boolean(),
});

/** GET /api/v1/reform/plans */
export const PlanList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      agencyId: Type.String(),
      agencyName: Type.String(),
      kind: Type.String({ enum: ['annual', 'five_year'] }),
      year: Type.Number(),
      periodEnd: Type.Number(),
      dueOn: Type.String(),
      title: Type.String(),
      submittedAt: Type.String(),
      updatedAt: Nullable(Type.String()),
      late: Type.Boolean(),
      items: Type.Number({ description: 'Số nội dung của kế hoạch' }),
    }),
  ),
  total: Type.Number(),
});

/** GET /api/v1/reform/plans/status */
export const PlanStatus = Type.Object({
  year: Type.Number(),
  kind: Type.String({ enum: ['annual', 'five_year'] }),
  items: Type.Array(
    Type.Object({
      agencyId: Type.String(),
      agencyName: Type.String(),
      level: Type.String({ enum: ['province', 'commune'] }),
      dueOn: Type.String(),
      status: Type.String({ enum: ['on_time', 'late', 'missing', 'pending'] }),
      planId: Nullable(Type.String()),
      submittedAt: Nullable(Type.String()),
    }),
  ),
  total: Type.Number(),
  counts: Type.Object(
    { on_time: Type.Integer(), late: Type.Integer(), missing: Type.Integer(), pending: Type.Integer() },
    { description: 'Số cơ quan theo tình trạng' },
  ),
});

/** GET /api/v1/reform/indices/{index}; PUT /api/v1/reform/indices/{index}/results/{year}; PUT /api/v1/reform/indices/{index}/target */
const IndexTask = Type.Object(
  {
    id: Type.String(),
    content: Type.String(),
    section: Nullable(Type.String()),
    planTitle: Type.String(),
    leads: Type.Array(Type.String()),
    dueOn: Nullable(Type.String()),
    status: Type.String({ enum: ['not_started', 'in_progress', 'done', 'done_late', 'overdue', 'cannot_do'] }),
    percent: Type.Number(),
    year: Nullable(Type.Number()),
    linkedAt: Type.String(),
  },
  OPEN,
);

const Province = Type.Object({ code: Type.String(), name: Type.String() }, OPEN);

/** One index of the province: results by year, trend, gap to the target rank, components and their tasks. */
const Gap = Type.Object(
  {
    targetRank: Type.Number(),
    targetYear: Type.Number(),
    places: Type.Number({ description: 'Số bậc còn phải tăng' }),
    met: Type.Boolean(),
    yearsLeft: Type.Number(),
    placesPerYear: Nullable(Type.Number()),
    missed: Type.Boolean(),
  },
  OPEN,
);

const IndexView = Type.Object(
  {
    code: Type.String({ enum: ['PAR_INDEX', 'SIPAS', 'PAPI', 'PCI'] }),
    name: Type.String(),
    publisher: Type.String(),
    scoreMax: Type.Number(),
    scoreUnit: Type.String({ enum: ['percent', 'points'] }),
    note: Nullable(Type.String()),
    target: Nullable(Type.Object({ rank: Type.Number(), year: Type.Number(), source: Nullable(Type.String()), note: Nullable(Type.String()) }, OPEN)),
    latestYear: Nullable(Type.Number()),
    gap: Nullable(Type.Object({ year: Type.Number(), ...Gap.properties }, OPEN)),
    years: Type.Array(
      Type.Object(
        {
          year: Type.Number(),
          score: Nullable(Type.Number()),
          rank: Nullable(Type.Number()),
          outOf: Type.Number(),
          verified: Type.Boolean(),
          source: Type.Object({ title: Type.String(), url: Nullable(Type.String()) }, OPEN),
          note: Nullable(Type.String()),
          updatedAt: Type.String(),
          version: Type.Number(),
          components: Type.Array(
            Type.Object({ code: Type.String(), score: Type.Number(), nationalMedian: Nullable(Type.Number()), rank: Nullable(Type.Number()) }, OPEN),
          ),
          trend: Type.Object(
            {
              previousYear: Nullable(Type.Number()),
              scoreChange: Nullable(Type.Number()),
              rankChange: Nullable(Type.Number()),
              rankComparable: Type.Boolean(),
              percentile: Nullable(Type.Number()),
            },
            OPEN,
          ),
          gap: Nullable(Gap),
        },
        OPEN,
      ),
    ),
    componentYear: Nullable(Type.Number()),
    comparedWith: Nullable(Type.Number()),
    components: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String(),
          maxScore: Nullable(Type.Number()),
          note: Nullable(Type.String()),
          score: Nullable(Type.Number()),
          nationalMedian: Nullable(Type.Number()),
          rank: Nullable(Type.Number()),
          change: Nullable(Type.Number()),
          weak: Type.Array(Type.String({ enum: ['below_median', 'lowest', 'declined'] })),
          tasks: Type.Array(IndexTask),
          hiddenTasks: Type.Number({ description: 'Nhiệm vụ người xem không được thấy' }),
        },
        OPEN,
      ),
    ),
  },
  OPEN,
);

/** GET /api/v1/reform/indices */
export const IndicesList = Type.Object({ province: Province, indices: Type.Array(IndexView) }, OPEN);

/** GET /api/v1/reform/indices/{index}; PUT /api/v1/reform/indices/{index}/results/{year}; PUT /api/v1/reform/indices/{index}/target */
export const IndexDetail = Type.Object({ province: Province, ...IndexView.properties }, OPEN);

/** GET /api/v1/reform/indices/{index}/components/{component}/tasks; POST /api/v1/reform/indices/{index}/components/{component}/tasks; DELETE /api/v1/reform/indices/{index}/components/{component}/tasks/{taskId} */
export const ComponentTasks = Type.Object(
  {
    index: Type.String(),
    component: Type.Object({ code: Type.String(), name: Type.String() }, OPEN),
    province: Province,
    items: Type.Array(IndexTask),
    total: Type.Number(),
    hidden: Type.Number(),
  },
  OPEN,
);

/** POST /api/v1/reform/indices/{index}/components/{component}/tasks/new */
export const ComponentTaskCreated = Type.Object({ taskId: Type.String(), ...ComponentTasks.properties }, OPEN);
