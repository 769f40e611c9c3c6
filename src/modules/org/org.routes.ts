import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { Pagination } from '../../platform/platform.routes.js';
import { Agency, AgencyCreate, AgencyUpdate, AGENCY_KINDS, StaffUser, Unit, UNIT_LEVELS, UserCreate, UserUpdate } from './org.schemas.js';
import type { OrgService } from './org.service.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const list = <T extends import('typebox').TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });

export function registerOrgRoutes(app: App, org: OrgService): void {
  app.get(
    '/api/v1/units',
    {
      config: { access: 'public' },
      schema: {
        tags: ['org'],
        summary: 'Đơn vị hành chính (tỉnh, xã; huyện trước 1/7/2025), có hiệu lực theo thời gian',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          level: Type.Optional(Type.String({ enum: [...UNIT_LEVELS] })),
          parentCode: Type.Optional(Type.String({ maxLength: 10 })),
          at: Type.Optional(Type.String({ format: 'date' })),
          ...Pagination,
        }),
        response: { 200: list(Unit) },
      },
    },
    async (req) => org.listUnits({ ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/agencies',
    {
      config: { access: 'public' },
      schema: {
        tags: ['org'],
        summary: 'Danh sách cơ quan, đơn vị',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          kind: Type.Optional(Type.String({ enum: [...AGENCY_KINDS] })),
          parentId: Type.Optional(Type.String({ format: 'uuid' })),
          current: Type.Optional(Type.Boolean()),
          ...Pagination,
        }),
        response: { 200: list(Agency) },
      },
    },
    async (req) => org.listAgencies({ ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/agencies/resolve',
    {
      config: { access: 'public' },
      schema: {
        tags: ['org'],
        summary: 'Tìm cơ quan theo tên (kể cả tên cũ trước sáp nhập) và cơ quan kế thừa hiện nay',
        querystring: Type.Object({ name: Type.String({ minLength: 2, maxLength: 300 }) }),
        response: { 200: Type.Object({ matched: Type.Array(Agency), current: Type.Array(Agency) }) },
      },
    },
    async (req) => org.resolveAgencyByName(req.query.name),
  );

  app.get(
    '/api/v1/agencies/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['org'], summary: 'Chi tiết cơ quan', params: Id, response: { 200: Agency } },
    },
    async (req) => org.getAgency(req.params.id),
  );

  app.post(
    '/api/v1/agencies',
    {
      config: { access: ['admin'] },
      schema: { tags: ['org'], summary: 'Thêm cơ quan', body: AgencyCreate, response: { 201: Agency } },
    },
    async (req, reply) => reply.status(201).send(await org.createAgency(contextOf(req), req.body)),
  );

  app.patch(
    '/api/v1/agencies/:id',
    {
      config: { access: ['admin'] },
      schema: { tags: ['org'], summary: 'Sửa cơ quan (kể cả ngừng hoạt động và cơ quan kế thừa)', params: Id, body: AgencyUpdate, response: { 200: Agency } },
    },
    async (req) => org.updateAgency(contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/users',
    {
      config: { access: ['admin', 'unit_leader'], auditRead: { action: 'user.list', entity: 'user' } },
      schema: {
        tags: ['org'],
        summary: 'Danh sách tài khoản (lãnh đạo chỉ thấy cơ quan mình)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          agencyId: Type.Optional(Type.String({ format: 'uuid' })),
          kind: Type.Optional(Type.String({ enum: ['staff', 'citizen'] })),
          ...Pagination,
        }),
        response: { 200: list(StaffUser) },
      },
    },
    async (req) => org.listUsers(req.actor!, { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: ['admin'] },
      schema: { tags: ['org'], summary: 'Tạo tài khoản', body: UserCreate, response: { 201: StaffUser } },
    },
    async (req, reply) => reply.status(201).send(await org.createUser(contextOf(req), req.body)),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['org'],
        summary: 'Sửa tài khoản: vai trò, cơ quan, khóa/mở, đặt lại mật khẩu',
        params: Id,
        body: UserUpdate,
        response: { 200: StaffUser },
      },
    },
    async (req) => org.updateUser(contextOf(req), req.params.id, req.body),
  );
}
