import { vnIso } from '../../platform/vn-time.js';
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { badRequest } from '../../platform/errors.js';
import type { WorkUnit } from './worktime.rules.js';
import { type CalendarService } from './calendar.service.js';

const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$';
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const UNITS = ['working_days', 'working_hours', 'calendar_days'];

const DayOffOut = Type.Object({
  date: Type.String(),
  name: Type.String(),
  key: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  source: Type.String(),
});
const Schedule = Type.Object({
  year: Type.Integer(),
  decisionNo: Type.Union([Type.String(), Type.Null()]),
  decisionSource: Type.Union([Type.String(), Type.Null()]),
  holidays: Type.Array(Type.Object({ date: Type.String(), name: Type.String(), key: Type.String(), source: Type.String(), basis: Type.String() })),
  daysOff: Type.Array(DayOffOut),
  workingDays: Type.Array(Type.Object({ date: Type.String(), name: Type.String(), source: Type.String() })),
});
const DecisionIn = Type.Object(
  {
    decisionNo: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
    source: Type.Optional(Type.String({ maxLength: 500 })),
    daysOff: Type.Array(
      Type.Object({ date: Type.String({ pattern: DATE }), name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      { maxItems: 60 },
    ),
    workingDays: Type.Array(
      Type.Object({ date: Type.String({ pattern: DATE }), name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      { maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
const Decision = Type.Object({
  year: Type.Integer(),
  decisionNo: Type.Union([Type.String(), Type.Null()]),
  source: Type.Optional(Type.String()),
  daysOff: Type.Array(Type.Object({ date: Type.String(), name: Type.String() }, { additionalProperties: true })),
  workingDays: Type.Array(Type.Object({ date: Type.String(), name: Type.String() })),
});
const OfficeHours = Type.Object(
  {
    agencyId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    periods: Type.Array(Type.String({ pattern: '^\\d{2}:\\d{2}-\\d{2}:\\d{2}$' }), { minItems: 1, maxItems: 4 }),
    weekdays: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
    saturdayMorningReception: Type.Boolean(),
  },
  { additionalProperties: false },
);
const Year = Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2100 }) });

/** Parses an ISO 8601 instant, refusing impossible calendar dates (30 February) that Date would roll over. */
export function instant(s: string, name: string): Date {
  const d = new Date(s);
  const [y, m, day] = s.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y, m - 1, day));
  if (Number.isNaN(d.getTime()) || check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== day) {
    throw badRequest('invalid_date', `"${name}" không phải thời điểm ISO 8601 hợp lệ.`);
  }
  return d;
}

export function registerCalendarRoutes(app: App, cal: CalendarService): void {
  app.get(
    '/api/v1/calendar/holidays',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendar'],
        summary: 'Ngày lễ, ngày nghỉ và ngày làm bù của một năm (theo luật và theo thông báo chính thức)',
        querystring: Year,
        response: { 200: Schedule },
      },
    },
    async (req) => {
      const s = await cal.holidays(req.query.year);
      return { ...s, holidays: [...s.holidays], daysOff: [...s.daysOff], workingDays: [...s.workingDays] };
    },
  );

  app.get(
    '/api/v1/calendar/deadline',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendar'],
        summary: 'Thời hạn: cộng N ngày làm việc / giờ làm việc / ngày theo lịch vào một thời điểm',
        querystring: Type.Object({
          from: Type.String({ pattern: ISO_INSTANT }),
          amount: Type.Number({ minimum: 0, maximum: 16000 }),
          unit: Type.String({ enum: UNITS }),
          agency: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: Type.Object({ dueAt: Type.String(), remaining: Type.String() }) },
      },
    },
    async (req) => {
      const from = instant(req.query.from, 'from');
      const due = await cal.deadline(from, req.query.amount, req.query.unit as WorkUnit, req.query.agency);
      return { dueAt: vnIso(due), remaining: await cal.remaining(from, due, req.query.agency) };
    },
  );

  app.get(
    '/api/v1/calendar/working-time',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendar'],
        summary: 'Số phút làm việc giữa hai thời điểm',
        querystring: Type.Object({
          from: Type.String({ pattern: ISO_INSTANT }),
          to: Type.String({ pattern: ISO_INSTANT }),
          agency: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: Type.Object({ minutes: Type.Integer(), text: Type.String() }) },
      },
    },
    async (req) => {
      const from = instant(req.query.from, 'from');
      const to = instant(req.query.to, 'to');
      if (to < from) throw badRequest('invalid_range', '"to" phải sau "from".');
      const minutes = await cal.workingMinutes(from, to, req.query.agency);
      return {
        minutes: Math.round(minutes),
        text: `${Math.floor(minutes / 480)} ngày ${Math.floor((minutes % 480) / 60)} giờ ${Math.round(minutes % 60)} phút làm việc`,
      };
    },
  );

  app.get(
    '/api/v1/calendar/decisions',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: 'Các thông báo lịch nghỉ chính thức đã nhập',
        response: { 200: Type.Object({ items: Type.Array(Decision), total: Type.Integer() }) },
      },
    },
    async () => {
      const items = await cal.listDecisions();
      return { items: items.map((d) => ({ ...d, daysOff: [...d.daysOff], workingDays: [...d.workingDays] })), total: items.length };
    },
  );

  app.put(
    '/api/v1/calendar/decisions/:year',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: 'Nhập/sửa lịch nghỉ chính thức của một năm (ghi đè lịch theo luật)',
        params: Year,
        body: DecisionIn,
        response: { 200: Decision },
      },
    },
    async (req) => {
      const d = await cal.putDecision(contextOf(req), {
        year: req.params.year,
        decisionNo: req.body.decisionNo,
        source: req.body.source,
        daysOff: req.body.daysOff,
        workingDays: req.body.workingDays,
      });
      return { ...d, daysOff: [...d.daysOff], workingDays: [...d.workingDays] };
    },
  );

  app.delete(
    '/api/v1/calendar/decisions/:year',
    {
      config: { access: ['admin'] },
      schema: { tags: ['calendar'], summary: 'Xóa lịch nghỉ chính thức của một năm (quay về lịch theo luật)', params: Year, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await cal.deleteDecision(contextOf(req), req.params.year);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/calendar/office-hours',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['calendar'],
        summary: 'Giờ làm việc (mặc định của tỉnh và riêng từng cơ quan)',
        response: { 200: Type.Object({ items: Type.Array(OfficeHours) }) },
      },
    },
    async () => ({ items: await cal.officeHours() }),
  );

  app.put(
    '/api/v1/calendar/office-hours',
    {
      config: { access: ['admin'] },
      schema: { tags: ['calendar'], summary: 'Đặt giờ làm việc (agencyId null = mặc định của tỉnh)', body: OfficeHours, response: { 200: OfficeHours } },
    },
    async (req) => cal.putOfficeHours(contextOf(req), req.body),
  );
}
