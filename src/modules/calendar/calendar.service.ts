import type { Database, Executor } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { HOLIDAY_RULES, yearSchedule, type OfficialDecision, type YearSchedule } from './holidays.rules.js';
import { OFFICIAL_SCHEDULES } from './officialSchedules.js';
import {
  addWorking,
  addWorkingWithPauses,
  makeOfficeHours,
  parsePeriods,
  remainingText,
  workingMinutesBetween,
  type Pause,
  type WorkCalendar,
  type WorkUnit,
} from './worktime.rules.js';
import { buildWorkCalendar } from './calendar.build.js';
import * as repo from './calendar.repo.js';
import { vnYear } from '../../platform/vn-time.js';

export const CALENDAR_FROM_YEAR = 1900;
export const CALENDAR_TO_YEAR = 2100;

/** Limits that make an amount "absurd" (bad input), per unit. */
export const MAX_AMOUNT: Record<WorkUnit, number> = { working_days: 2000, working_hours: 16000, calendar_days: 3650 };

interface CacheState {
  version: string;
  decisions: OfficialDecision[];
  officeHours: repo.OfficeHoursRow[];
  calendars: Map<string, WorkCalendar>;
}

/**
 * The working calendar of the province (and of agencies with their own office hours): built from
 * the holiday rules, the official decisions in the database and the office hours, cached per
 * process and rebuilt when `calendar_version` changes (any process may change it).
 */
export function createCalendarService(database: Database) {
  const db = database.db;
  let cache: CacheState | null = null;

  // The version is re-read at most once per second: a change made by another process is
  // picked up within that second; a change made here bumps it at once.
  let checkedAt = 0;
  // x: the caller's open transaction when it has one (a deadline computed inside another module's transaction).
  async function state(x: Executor = db): Promise<CacheState> {
    if (cache && Date.now() - checkedAt < 1000) return cache;
    const version = await repo.calendarVersion(x);
    checkedAt = Date.now();
    if (cache && cache.version === version) return cache;
    cache = { version, decisions: await repo.listDecisions(x), officeHours: await repo.listOfficeHours(x), calendars: new Map() };
    return cache;
  }

  async function calendarFor(agencyId?: string | null, x?: Executor): Promise<WorkCalendar> {
    const s = await state(x);
    const row = (agencyId && s.officeHours.find((o) => o.agencyId === agencyId)) || s.officeHours.find((o) => o.agencyId === null);
    const key = row?.agencyId ?? 'default';
    let cal = s.calendars.get(key);
    if (!cal) {
      const officeHours = row
        ? makeOfficeHours({ periods: row.periods, weekdays: row.weekdays, saturdayMorningReception: row.saturdayMorningReception })
        : undefined;
      cal = buildWorkCalendar({ fromYear: CALENDAR_FROM_YEAR, toYear: CALENDAR_TO_YEAR, decisions: s.decisions, officeHours });
      s.calendars.set(key, cal);
    }
    return cal;
  }

  const checkYear = (year: number) => {
    if (!Number.isInteger(year) || year < CALENDAR_FROM_YEAR || year > CALENDAR_TO_YEAR) {
      throw badRequest('year_out_of_range', `Năm phải nằm trong khoảng ${CALENDAR_FROM_YEAR}–${CALENDAR_TO_YEAR}.`);
    }
  };
  const checkInstant = (t: Date, name: string) => {
    if (Number.isNaN(t.getTime())) throw badRequest('invalid_date', `"${name}" không phải thời điểm ISO 8601 hợp lệ.`);
    const y = vnYear(t);
    if (y < CALENDAR_FROM_YEAR || y > CALENDAR_TO_YEAR - 10)
      throw badRequest('year_out_of_range', `"${name}" phải nằm trong khoảng năm ${CALENDAR_FROM_YEAR}–${CALENDAR_TO_YEAR - 10}.`);
  };

  async function changed(
    tx: Parameters<typeof repo.bumpCalendarVersion>[0],
    ctx: RequestContext,
    action: string,
    entityId: string,
    summary: Record<string, unknown>,
  ) {
    await repo.bumpCalendarVersion(tx);
    checkedAt = 0; // re-read on the next call in this process
    await recordAudit(tx, ctx, { action, entity: 'calendar', entityId, summary });
    await enqueue(tx, { topic: 'calendar.changed', aggregateKey: 'calendar', payload: { action, entityId } });
  }

  return {
    calendarFor,

    async holidays(year: number): Promise<YearSchedule> {
      checkYear(year);
      return yearSchedule(year, (await state()).decisions, HOLIDAY_RULES);
    },

    async deadline(from: Date, amount: number, unit: WorkUnit, agencyId?: string | null, pauses: Pause[] = [], x?: Executor): Promise<Date> {
      checkInstant(from, 'from');
      if (!(amount >= 0) || amount > MAX_AMOUNT[unit])
        throw badRequest('amount_out_of_range', `Số lượng phải từ 0 đến ${MAX_AMOUNT[unit]} cho đơn vị ${unit}.`);
      const cal = await calendarFor(agencyId, x);
      return pauses.length ? addWorkingWithPauses(cal, from, amount, unit, pauses) : addWorking(cal, from, amount, unit);
    },

    async workingMinutes(from: Date, to: Date, agencyId?: string | null, x?: Executor): Promise<number> {
      checkInstant(from, 'from');
      checkInstant(to, 'to');
      return workingMinutesBetween(await calendarFor(agencyId, x), from, to);
    },

    async remaining(now: Date, due: Date, agencyId?: string | null, lang: 'vi' | 'en' = 'vi', x?: Executor): Promise<string> {
      return remainingText(await calendarFor(agencyId, x), now, due, lang);
    },

    listDecisions: async () => (await state()).decisions,

    async putDecision(ctx: RequestContext, d: OfficialDecision): Promise<OfficialDecision> {
      checkYear(d.year);
      const dates = [...d.daysOff.map((x) => x.date), ...d.workingDays.map((x) => x.date)];
      for (const date of dates) {
        if (
          !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
          Number.isNaN(Date.parse(date + 'T00:00:00Z')) ||
          new Date(date + 'T00:00:00Z').toISOString().slice(0, 10) !== date
        ) {
          throw badRequest('invalid_date', `Ngày ${date} không hợp lệ.`);
        }
        if (Number(date.slice(0, 4)) !== d.year) throw badRequest('date_not_in_year', `Ngày ${date} không thuộc năm ${d.year}.`);
      }
      if (new Set(dates).size !== dates.length)
        throw badRequest('duplicate_date', 'Một ngày không thể vừa là ngày nghỉ vừa là ngày làm bù, hoặc được nhập hai lần.');
      for (const w of d.workingDays) {
        const wd = new Date(w.date + 'T00:00:00Z').getUTCDay();
        if (wd !== 0 && wd !== 6) throw badRequest('working_day_not_weekend', `Ngày làm bù ${w.date} phải là thứ Bảy hoặc Chủ nhật.`);
      }
      yearSchedule(d.year, [d]); // the pure rules validate the rest
      await database.transaction(async (tx) => {
        await repo.upsertDecision(tx, d);
        await changed(tx, ctx, 'calendar.decision.put', String(d.year), {
          year: d.year,
          decisionNo: d.decisionNo,
          daysOff: d.daysOff.length,
          workingDays: d.workingDays.length,
        });
      });
      checkedAt = 0;
      return d;
    },

    async deleteDecision(ctx: RequestContext, year: number): Promise<void> {
      checkYear(year);
      await database.transaction(async (tx) => {
        if (!(await repo.deleteDecision(tx, year))) throw notFound(`lịch nghỉ chính thức năm ${year}`);
        await changed(tx, ctx, 'calendar.decision.delete', String(year), { year });
      });
      checkedAt = 0;
    },

    async officeHours(): Promise<repo.OfficeHoursRow[]> {
      const s = await state();
      return s.officeHours.length
        ? s.officeHours
        : [{ agencyId: null, periods: ['07:00-11:30', '13:30-17:00'], weekdays: [1, 2, 3, 4, 5], saturdayMorningReception: false }];
    },

    async putOfficeHours(ctx: RequestContext, o: repo.OfficeHoursRow): Promise<repo.OfficeHoursRow> {
      try {
        parsePeriods(o.periods);
      } catch (e) {
        throw badRequest('invalid_periods', (e as Error).message);
      }
      if (o.weekdays.some((w) => !Number.isInteger(w) || w < 0 || w > 6))
        throw badRequest('invalid_weekdays', 'Ngày trong tuần phải từ 0 (Chủ nhật) đến 6 (thứ Bảy).');
      await database.transaction(async (tx) => {
        await repo.upsertOfficeHours(tx, o);
        await changed(tx, ctx, 'calendar.office_hours.put', o.agencyId ?? 'default', { ...o });
      });
      checkedAt = 0;
      return o;
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;

/** Preloads the official schedules of calendar.md (reference data, every mode) into an empty table. */
export async function seedCalendar(database: Database): Promise<void> {
  if ((await repo.countDecisions(database.db)) > 0) return;
  await database.transaction(async (tx) => {
    for (const d of OFFICIAL_SCHEDULES) await repo.upsertDecision(tx, d);
    await repo.bumpCalendarVersion(tx);
  });
}
