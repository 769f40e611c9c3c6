import { Type } from 'typebox';
import { MAX_PERIODS_PER_DAY, PRIORITY_GROUPS, RATING_REASONS, TICKET_STATUSES, WEEKDAY_KEYS } from './frontoffice.rules.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DATE = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const PROC = Type.String({ minLength: 1, maxLength: 60 });
export const DEVICE_KINDS = ['kiosk', 'call_screen', 'rating_tablet'] as const;

export const Area = Type.Object({
  id: Uuid,
  agencyId: Uuid,
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  numberBase: Type.Integer(),
  procedureCodes: Type.Array(Type.String()),
  avgServiceMinutes: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export const AreaCreate = Type.Object(
  {
    agencyId: Uuid,
    code: Type.String({ pattern: '^[A-Z]{1,3}$', description: 'Mã khu vực (1–3 chữ in hoa), vd. A' }),
    name: Type.String({ minLength: 2, maxLength: 200 }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    numberBase: Type.Integer({ minimum: 0, maximum: 9000, multipleOf: 1000, description: 'Số đầu dải: khu vực 1000 cấp 1001, 1002…' }),
    procedureCodes: Type.Optional(Type.Array(PROC, { maxItems: 500 })),
    avgServiceMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
  },
  { additionalProperties: false },
);
export const AreaUpdate = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    procedureCodes: Type.Optional(Type.Array(PROC, { maxItems: 500 })),
    avgServiceMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const Counter = Type.Object({
  id: Uuid,
  agencyId: Uuid,
  areaId: Uuid,
  number: Type.Integer(),
  name: Nullable(Type.String()),
  officerId: Nullable(Uuid),
  officerName: Nullable(Type.String()),
  openedAt: Nullable(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export const CounterCreate = Type.Object(
  { areaId: Uuid, number: Type.Integer({ minimum: 1, maximum: 999 }), name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) },
  { additionalProperties: false },
);
export const CounterUpdate = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    areaId: Type.Optional(Uuid),
    name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const Device = Type.Object({
  id: Uuid,
  agencyId: Uuid,
  kind: Type.Enum([...DEVICE_KINDS]),
  counterId: Nullable(Uuid),
  name: Type.String(),
  revokedAt: Nullable(Type.String()),
  lastSeenAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export const DeviceCreate = Type.Object(
  { agencyId: Uuid, kind: Type.Enum([...DEVICE_KINDS]), name: Type.String({ minLength: 2, maxLength: 200 }), counterId: Type.Optional(Nullable(Uuid)) },
  { additionalProperties: false },
);
export const DeviceCreated = Type.Object({ device: Device, token: Type.String(), pairingUrl: Type.String() });
export const DeviceInfo = Type.Object({
  id: Uuid,
  kind: Type.Enum([...DEVICE_KINDS]),
  name: Type.String(),
  agencyId: Uuid,
  centreName: Type.String(),
  counterNumber: Nullable(Type.Integer()),
});

export const Ticket = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  areaId: Uuid,
  areaCode: Type.String(),
  areaName: Type.String(),
  areaNameEn: Nullable(Type.String()),
  status: Type.Enum([...TICKET_STATUSES]),
  priorityGroup: Nullable(Type.Enum([...PRIORITY_GROUPS])),
  procedureCode: Nullable(Type.String()),
  peopleAhead: Type.Integer(),
  estimatedWaitMinutes: Type.Integer(),
  counterNumber: Nullable(Type.Integer()),
  followToken: Type.String(),
  followUrl: Type.String(),
  createdAt: Type.String(),
  centreName: Type.String(),
  appointmentAt: Nullable(Type.String({ description: 'Số của người đặt lịch: từ thời điểm này được gọi trước (sau nhóm ưu tiên)' })),
});
export const TakeTicket = Type.Object(
  {
    areaId: Type.Optional(Uuid),
    procedureCode: Type.Optional(PROC),
    priorityGroup: Type.Optional(Nullable(Type.Enum([...PRIORITY_GROUPS]))),
  },
  { additionalProperties: false },
);
// ---- a centre's own reception hours ----
const HM = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'Giờ địa phương HH:MM (00:00–24:00)', examples: ['07:30'] });
const HoursPeriod = Type.Object({ start: HM, end: HM }, { additionalProperties: false });
const Weekly = Type.Object(
  Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, Type.Array(HoursPeriod, { maxItems: MAX_PERIODS_PER_DAY })])) as Record<
    (typeof WEEKDAY_KEYS)[number],
    ReturnType<typeof Type.Array<typeof HoursPeriod>>
  >,
  {
    additionalProperties: false,
    description: 'Các khoảng tiếp nhận theo thứ trong tuần (mon = Thứ Hai … sun = Chủ nhật); danh sách rỗng: không tiếp nhận',
  },
);
export const CentreHours = Type.Object({
  agencyId: Uuid,
  source: Type.Enum(['centre', 'calendar'], {
    description: 'centre: lịch riêng của trung tâm; calendar: theo giờ tiếp nhận của lịch làm việc (chưa đặt lịch riêng)',
  }),
  weekly: Weekly,
  servesOnHolidays: Type.Boolean({ description: 'Tiếp nhận cả vào ngày nghỉ lễ, Tết, nghỉ bù của lịch' }),
  version: Type.Integer({ minimum: 0, description: '0 khi chưa có lịch riêng' }),
  updatedAt: Nullable(Type.String()),
});
export const CentreHoursBody = Type.Object(
  {
    weekly: Weekly,
    servesOnHolidays: Type.Boolean(),
    version: Type.Integer({ minimum: 0, description: 'version đọc được (0 khi chưa có lịch riêng)' }),
  },
  { additionalProperties: false },
);

export const KioskInfo = Type.Object({
  centreName: Type.String(),
  open: Type.Boolean(),
  hours: CentreHours,
  areas: Type.Array(Type.Object({ ...Area.properties, waiting: Type.Integer(), estimatedWaitMinutes: Type.Integer() })),
});

export const TicketBrief = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  status: Type.Enum([...TICKET_STATUSES]),
  callCount: Type.Integer(),
  priorityGroup: Nullable(Type.Enum([...PRIORITY_GROUPS])),
  version: Type.Integer(),
});
export const ActionResult = Type.Object({ ticket: Nullable(TicketBrief) });
export const CounterView = Type.Object({
  counter: Counter,
  area: Area,
  noShowAfterCalls: Type.Integer(),
  current: Nullable(
    Type.Object({
      id: Uuid,
      number: Type.Integer(),
      status: Type.Enum([...TICKET_STATUSES]),
      callCount: Type.Integer(),
      priorityGroup: Nullable(Type.Enum([...PRIORITY_GROUPS])),
      procedureCode: Nullable(Type.String()),
      calledAt: Nullable(Type.String()),
      dossierId: Nullable(Uuid),
      version: Type.Integer(),
    }),
  ),
  waiting: Type.Array(
    Type.Object({
      id: Uuid,
      number: Type.Integer(),
      priorityGroup: Nullable(Type.Enum([...PRIORITY_GROUPS])),
      procedureCode: Nullable(Type.String()),
      waitedMinutes: Type.Integer(),
      transferred: Type.Boolean(),
      booked: Type.Boolean(),
    }),
  ),
});
export const TransferBody = Type.Object({ areaId: Type.Optional(Uuid), counterId: Type.Optional(Uuid) }, { additionalProperties: false });
export const FinishBody = Type.Object({ dossierId: Type.Optional(Nullable(Uuid)) }, { additionalProperties: false });

export const ScreenState = Type.Object({
  centreName: Type.String(),
  lastEventId: Type.Integer(),
  calls: Type.Array(
    Type.Object({
      counterNumber: Type.Integer(),
      number: Type.Integer(),
      areaCode: Type.String(),
      calledAt: Type.String(),
      status: Type.Enum([...TICKET_STATUSES]),
      callCount: Type.Integer(),
      text: Type.String(),
    }),
  ),
  areas: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), waiting: Type.Integer() })),
});

export const TabletState = Type.Object({
  centreName: Type.String(),
  counterNumber: Type.Integer(),
  officerName: Nullable(Type.String()),
  ticket: Nullable(Type.Object({ id: Uuid, number: Type.Integer() })),
});
export const RateBody = Type.Object(
  {
    ticketId: Uuid,
    level: Type.Integer({ minimum: 1, maximum: 4, description: '4 rất hài lòng, 3 hài lòng, 2 bình thường, 1 không hài lòng' }),
    reasons: Type.Optional(Type.Array(Type.Enum(Object.keys(RATING_REASONS)), { maxItems: 6 })),
  },
  { additionalProperties: false },
);
export const Rated = Type.Object({ ticketId: Uuid, level: Type.Integer(), reasons: Type.Array(Type.String()) });

const StatRow = Type.Object({
  key: Type.String(),
  label: Type.String(),
  tickets: Type.Integer(),
  served: Type.Integer(),
  noShows: Type.Integer(),
  avgWaitMinutes: Nullable(Type.Number()),
  avgServiceMinutes: Nullable(Type.Number()),
  dossiers: Type.Integer({ description: 'Số lượt đã gắn với hồ sơ được tiếp nhận' }),
  booked: Type.Integer({ description: 'Số lượt của người đặt lịch hẹn' }),
});
export const StatsQuery = Type.Object({ agencyId: Type.Optional(Uuid), from: DATE, to: DATE });
export const Stats = Type.Object({
  agencyId: Uuid,
  centreName: Type.String(),
  from: Type.String(),
  to: Type.String(),
  total: Type.Object({ tickets: Type.Integer(), served: Type.Integer(), noShows: Type.Integer(), dossiers: Type.Integer(), booked: Type.Integer() }),
  byArea: Type.Array(StatRow),
  byCounter: Type.Array(StatRow),
  byOfficer: Type.Array(StatRow),
  peakHours: Type.Array(Type.Object({ hour: Type.Integer(), tickets: Type.Integer() })),
});

// ---- appointments -------------------------------------------------------------------------------
export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'checked_in'] as const;
export const ARRIVALS = ['early', 'on_time', 'late'] as const;
export const BookingCentres = Type.Object({
  items: Type.Array(
    Type.Object({
      agencyId: Uuid,
      centreName: Type.String(),
      areas: Type.Array(Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) })),
    }),
  ),
});
export const SlotsQuery = Type.Object({ agencyId: Uuid, areaId: Type.Optional(Uuid), procedureCode: Type.Optional(PROC), date: DATE });
export const Slots = Type.Object({
  agencyId: Uuid,
  areaId: Uuid,
  areaName: Type.String(),
  areaNameEn: Nullable(Type.String()),
  date: Type.String(),
  capacity: Type.Integer({ description: 'Số chỗ mỗi khung giờ: quầy của khu vực × độ dài khung ÷ thời gian phục vụ trung bình × phần dành cho đặt lịch' }),
  slots: Type.Array(Type.Object({ startsAt: Type.String(), endsAt: Type.String(), booked: Type.Integer(), available: Type.Integer() })),
});
export const BookBody = Type.Object(
  {
    agencyId: Uuid,
    areaId: Type.Optional(Uuid),
    procedureCode: Type.Optional(PROC),
    startsAt: Type.String({ format: 'date-time', description: 'Đầu khung giờ (startsAt của danh sách khung giờ)' }),
    name: Type.String({ minLength: 2, maxLength: 100 }),
    phone: Type.String({ minLength: 9, maxLength: 20 }),
  },
  { additionalProperties: false },
);
export const Appointment = Type.Object({
  code: Type.String({ description: 'Mã lịch hẹn (8 ký tự): xuất trình tại kiosk' }),
  status: Type.Enum([...APPOINTMENT_STATUSES]),
  agencyId: Uuid,
  centreName: Type.String(),
  areaId: Uuid,
  areaCode: Type.String(),
  areaName: Type.String(),
  areaNameEn: Nullable(Type.String()),
  procedureCode: Nullable(Type.String()),
  startsAt: Type.String(),
  endsAt: Type.String(),
  name: Type.String(),
  phone: Type.String({ description: 'Che một phần' }),
  arrival: Nullable(Type.Enum([...ARRIVALS])),
  ticketNumber: Nullable(Type.Integer()),
  bookingUrl: Type.String(),
  createdAt: Type.String(),
});
export const CodeParam = Type.Object({ code: Type.String({ minLength: 8, maxLength: 20 }) });
export const CheckInBody = Type.Object(
  { code: Type.String({ minLength: 8, maxLength: 300, description: 'Mã lịch hẹn, hoặc đường dẫn trong mã QR do máy quét nhập vào' }) },
  { additionalProperties: false },
);
export const CheckedIn = Type.Object({ appointment: Appointment, ticket: Ticket, arrival: Type.Enum([...ARRIVALS]) });

export const LinkDossierBody = Type.Object({ dossierId: Uuid }, { additionalProperties: false });
export const DossierTicket = Type.Object({
  ticket: Nullable(
    Type.Object({
      id: Uuid,
      agencyId: Uuid,
      number: Type.Integer(),
      day: Type.String(),
      areaCode: Type.String(),
      areaName: Type.String(),
      counterNumber: Nullable(Type.Integer()),
      officerName: Nullable(Type.String()),
      status: Type.Enum([...TICKET_STATUSES]),
      calledAt: Nullable(Type.String()),
      finishedAt: Nullable(Type.String()),
      booked: Type.Boolean(),
    }),
  ),
});
