import { Type, type Static } from 'typebox';
import { ROLES } from '../../platform/context.js';

export const UNIT_LEVELS = ['province', 'district', 'commune'] as const;
export const AGENCY_KINDS = [
  'provincial_people_committee',
  'provincial_office',
  'department',
  'provincial_service_centre',
  'commune_people_committee',
  'commune_service_centre',
  'police',
  'district_people_committee',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const Unit = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  fullName: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  level: Type.String({ enum: [...UNIT_LEVELS] }),
  kind: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  validFrom: Type.String(),
  validTo: Type.Union([Type.String(), Type.Null()]),
  successorIds: Type.Array(Type.String()),
});
export type Unit = Static<typeof Unit>;

export const Agency = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  kind: Type.String({ enum: [...AGENCY_KINDS] }),
  parentId: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.String(),
  validFrom: Type.String(),
  validTo: Type.Union([Type.String(), Type.Null()]),
  codeVerified: Type.Boolean(),
  taxCode: Type.Union([Type.String(), Type.Null()], { description: 'Mã số thuế của đơn vị (in trên biên lai thu phí, lệ phí)' }),
  successorIds: Type.Array(Type.String()),
  version: Type.Integer(),
});
export type Agency = Static<typeof Agency>;

const DATE = { pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const AGENCY_CODE = { pattern: '^[0-9A-Z]{2,3}(\\.[0-9A-Z]{2,3}){1,4}$', maxLength: 40 };

export const AgencyCreate = Type.Object(
  {
    code: Type.String(AGENCY_CODE),
    name: Type.String({ minLength: 2, maxLength: 300 }),
    shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    kind: Type.String({ enum: [...AGENCY_KINDS] }),
    parentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    unitCode: Type.String({ pattern: '^\\d{2,5}$' }),
    validFrom: Type.Optional(Type.String(DATE)),
    codeVerified: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AgencyCreate = Static<typeof AgencyCreate>;

export const AgencyUpdate = Type.Object(
  {
    code: Type.Optional(Type.String(AGENCY_CODE)),
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 300 })),
    shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    kind: Type.Optional(Type.String({ enum: [...AGENCY_KINDS] })),
    parentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    unitCode: Type.Optional(Type.String({ pattern: '^\\d{2,5}$' })),
    validTo: Type.Optional(Type.Union([Type.String(DATE), Type.Null()])),
    taxCode: Type.Optional(
      Type.Union([Type.String({ pattern: '^[0-9]{10}(-[0-9]{3})?$', description: 'Mã số thuế: 10 chữ số, hoặc 10-3 cho đơn vị phụ thuộc' }), Type.Null()]),
    ),
    successorIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10 })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type AgencyUpdate = Static<typeof AgencyUpdate>;

export const RoleT = Type.String({ enum: [...ROLES] });

export const StaffUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  kind: Type.String({ enum: ['staff', 'citizen'] }),
  agency: Type.Union([Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }), Type.Null()]),
  roles: Type.Array(RoleT),
  active: Type.Boolean(),
});
export type StaffUser = Static<typeof StaffUser>;

export const UserCreate = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$' }),
    fullName: Type.String({ minLength: 2, maxLength: 200 }),
    password: Type.String({ minLength: 8, maxLength: 200 }),
    agencyId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    roles: Type.Array(RoleT, { minItems: 1, maxItems: 8, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object(
  {
    fullName: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    password: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
    agencyId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    roles: Type.Optional(Type.Array(RoleT, { minItems: 1, maxItems: 8, uniqueItems: true })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserUpdate = Static<typeof UserUpdate>;
