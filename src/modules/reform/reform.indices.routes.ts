import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { ComponentTaskCreated, ComponentTasks, IndexDetail, IndicesList } from './reform.schemas.js';
import { contextOf } from '../../platform/http/server.js';
import { INDEX_CODES } from './reform.indices.rules.js';
import type { ReformIndicesService } from './reform.indices.service.js';

const STAFF = ['specialist', 'unit_leader', 'admin', 'home_affairs', 'provincial_office'] as const;
const EDITORS = ['home_affairs', 'admin'] as const;

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Province = Type.String({ pattern: '^[0-9]{2}$', description: 'Mã tỉnh (2 chữ số, ví dụ 38 = Thanh Hóa); mặc định là tỉnh của hệ thống' });
const IndexParam = Type.Object({ index: Type.String({ enum: [...INDEX_CODES] }) });
const IndexYear = Type.Object({ index: Type.String({ enum: [...INDEX_CODES] }), year: Year });
const IndexComponent = Type.Object({ index: Type.String({ enum: [...INDEX_CODES] }), component: Type.String({ pattern: '^[a-z_]{1,40}$' }) });
const IndexComponentTask = Type.Object({
  index: Type.String({ enum: [...INDEX_CODES] }),
  component: Type.String({ pattern: '^[a-z_]{1,40}$' }),
  taskId: Type.String({ format: 'uuid' }),
});
const ProvinceQuery = Type.Object({ province: Type.Optional(Province) });
const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

const ResultIn = Type.Object(
  {
    province: Type.Optional(Province),
    provinceName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    score: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100 }))),
    rank: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
    outOf: Type.Integer({ minimum: 1, maximum: 100, description: 'Số tỉnh được xếp hạng: 63 trước 1/7/2025, 34 sau đó' }),
    components: Type.Optional(
      Type.Array(
        Type.Object(
          {
            code: Type.String({ pattern: '^[a-z_]{1,40}$' }),
            score: Type.Number({ minimum: 0, maximum: 100 }),
            nationalMedian: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100 }))),
            rank: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
          },
          { additionalProperties: false },
        ),
        { maxItems: 30 },
      ),
    ),
    source: Type.Object(
      { title: Type.String({ minLength: 1, maxLength: 500 }), url: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) },
      { additionalProperties: false },
    ),
    verified: Type.Boolean({ description: 'true chỉ khi nguồn trích dẫn nêu đúng các số liệu này' }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

const TargetIn = Type.Object(
  {
    province: Type.Optional(Province),
    rank: Type.Integer({ minimum: 1, maximum: 100 }),
    year: Year,
    source: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

const LinkIn = Type.Object(
  {
    province: Type.Optional(Province),
    taskIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 50 }),
    year: Type.Optional(Nullable(Year)),
  },
  { additionalProperties: false },
);

const NewTaskIn = Type.Object(
  {
    province: Type.Optional(Province),
    content: Type.String({ minLength: 1, maxLength: 4000 }),
    output: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    leadAgencyId: Type.String({ format: 'uuid' }),
    dueOn: Type.String({ format: 'date' }),
    year: Type.Optional(Nullable(Year)),
  },
  { additionalProperties: false },
);

export function registerReformIndicesRoutes(app: App, svc: ReformIndicesService): void {
  app.get(
    '/api/v1/reform/indices',
    {
      config: { access: [...STAFF] },
      schema: {
        response: { 200: IndicesList },
        tags: ['reform'],
        summary:
          'Chỉ số của tỉnh (PAR INDEX, SIPAS, PAPI, PCI): kết quả từng năm, xu hướng, khoảng cách tới hạng mục tiêu, chỉ số thành phần yếu và nhiệm vụ được giao',
        querystring: ProvinceQuery,
      },
    },
    async (req) => svc.overview(contextOf(req).actor, req.query.province),
  );

  app.get(
    '/api/v1/reform/indices/:index',
    {
      config: { access: [...STAFF] },
      schema: {
        response: { 200: IndexDetail },
        tags: ['reform'],
        summary: 'Một chỉ số của tỉnh: kết quả từng năm, xu hướng, khoảng cách tới mục tiêu, chỉ số thành phần',
        params: IndexParam,
        querystring: ProvinceQuery,
      },
    },
    async (req) => svc.detail(contextOf(req).actor, req.params.index, req.query.province),
  );

  app.put(
    '/api/v1/reform/indices/:index/results/:year',
    {
      config: { access: [...EDITORS] },
      schema: {
        response: { 200: IndexDetail },
        tags: ['reform'],
        summary: 'Ghi (hoặc sửa) kết quả công bố của một năm: điểm, hạng/N, điểm chỉ số thành phần, nguồn, đã kiểm chứng',
        params: IndexYear,
        body: ResultIn,
      },
    },
    async (req) => svc.recordResult(contextOf(req), req.params.index, req.params.year, req.body),
  );

  app.put(
    '/api/v1/reform/indices/:index/target',
    {
      config: { access: [...EDITORS] },
      schema: {
        response: { 200: IndexDetail },
        tags: ['reform'],
        summary: 'Đặt hạng mục tiêu của chỉ số (ví dụ trong 10 tỉnh dẫn đầu đến năm 2025)',
        params: IndexParam,
        body: TargetIn,
      },
    },
    async (req) => svc.setTarget(contextOf(req), req.params.index, req.body),
  );

  app.get(
    '/api/v1/reform/indices/:index/components/:component/tasks',
    {
      config: { access: [...STAFF] },
      schema: {
        response: { 200: ComponentTasks },
        tags: ['reform'],
        summary: 'Nhiệm vụ được giao để cải thiện một chỉ số thành phần, kèm trạng thái và tiến độ',
        params: IndexComponent,
        querystring: ProvinceQuery,
      },
    },
    async (req) => svc.componentTasks(contextOf(req).actor, req.params.index, req.params.component, req.query.province),
  );

  app.post(
    '/api/v1/reform/indices/:index/components/:component/tasks',
    {
      config: { access: [...EDITORS] },
      schema: {
        response: { 200: ComponentTasks },
        tags: ['reform'],
        summary: 'Gắn nhiệm vụ đã có vào chỉ số thành phần',
        params: IndexComponent,
        body: LinkIn,
      },
    },
    async (req) => svc.linkTasks(contextOf(req), req.params.index, req.params.component, req.body),
  );

  app.post(
    '/api/v1/reform/indices/:index/components/:component/tasks/new',
    {
      config: { access: [...EDITORS] },
      schema: {
        response: { 201: ComponentTaskCreated },
        tags: ['reform'],
        summary: 'Tạo nhiệm vụ mới (một cơ quan chủ trì, một thời hạn) để cải thiện chỉ số thành phần và gắn vào nó',
        params: IndexComponent,
        body: NewTaskIn,
      },
    },
    async (req, reply) => {
      reply.code(201);
      return svc.createTask(contextOf(req), req.params.index, req.params.component, req.body);
    },
  );

  app.delete(
    '/api/v1/reform/indices/:index/components/:component/tasks/:taskId',
    {
      config: { access: [...EDITORS] },
      schema: {
        response: { 200: ComponentTasks },
        tags: ['reform'],
        summary: 'Bỏ liên kết một nhiệm vụ khỏi chỉ số thành phần (nhiệm vụ vẫn giữ nguyên)',
        params: IndexComponentTask,
        querystring: ProvinceQuery,
      },
    },
    async (req) => svc.unlinkTask(contextOf(req), req.params.index, req.params.component, req.params.taskId, req.query.province),
  );
}
