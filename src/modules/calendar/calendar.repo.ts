import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { OfficialDecision } from './holidays.rules.js';

export interface OfficeHoursRow {
  agencyId: string | null;
  periods: string[];
  weekdays: number[];
  saturdayMorningReception: boolean;
}

export async function listDecisions(db: Executor): Promise<(OfficialDecision & { version: number })[]> {
  const { rows } = await sql<
    Pick<TableRow<'calendar_decision'>, 'year' | 'decision_no' | 'source' | 'days_off' | 'working_days' | 'pending' | 'version'>
  >`SELECT year, decision_no, source, days_off, working_days, pending, version FROM calendar_decision ORDER BY year`.execute(db);
  return rows.map((r) => ({
    year: r.year,
    decisionNo: r.decision_no ?? null,
    source: r.source ?? undefined,
    // jsonb and text[] written by upsertDecision from a validated OfficialDecision
    daysOff: r.days_off as unknown as OfficialDecision['daysOff'],
    workingDays: r.working_days as unknown as OfficialDecision['workingDays'],
    pending: (r.pending ?? []) as OfficialDecision['pending'],
    version: r.version,
  }));
}

export async function upsertDecision(tx: Executor, d: OfficialDecision): Promise<void> {
  await sql`INSERT INTO calendar_decision (year, decision_no, source, days_off, working_days, pending)
    VALUES (${d.year}, ${d.decisionNo}, ${d.source ?? null}, ${JSON.stringify(d.daysOff)}::jsonb, ${JSON.stringify(d.workingDays)}::jsonb, ${[...(d.pending ?? [])]}::text[])
    ON CONFLICT (year) DO UPDATE SET decision_no = EXCLUDED.decision_no, source = EXCLUDED.source, days_off = EXCLUDED.days_off,
      working_days = EXCLUDED.working_days, pending = EXCLUDED.pending, version = calendar_decision.version + 1, updated_at = now()`.execute(tx);
}

export async function deleteDecision(tx: Executor, year: number): Promise<boolean> {
  const r = await sql`DELETE FROM calendar_decision WHERE year = ${year}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function countDecisions(db: Executor): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM calendar_decision`.execute(db)).rows[0].n;
}

export async function listOfficeHours(db: Executor): Promise<OfficeHoursRow[]> {
  const { rows } = await sql<
    Pick<TableRow<'office_hours'>, 'agency_id' | 'periods' | 'weekdays' | 'saturday_morning_reception'>
  >`SELECT agency_id, periods, weekdays, saturday_morning_reception FROM office_hours`.execute(db);
  return rows.map((r) => ({
    agencyId: r.agency_id ?? null,
    periods: r.periods,
    weekdays: r.weekdays.map(Number),
    saturdayMorningReception: r.saturday_morning_reception,
  }));
}

export async function upsertOfficeHours(tx: Executor, o: OfficeHoursRow): Promise<void> {
  await sql`DELETE FROM office_hours WHERE agency_id IS NOT DISTINCT FROM ${o.agencyId}::uuid`.execute(tx);
  await sql`INSERT INTO office_hours (agency_id, periods, weekdays, saturday_morning_reception)
    VALUES (${o.agencyId}, ${o.periods}::text[], ${o.weekdays}::int[], ${o.saturdayMorningReception})`.execute(tx);
}

export async function calendarVersion(db: Executor): Promise<string> {
  return (await sql<{ value: string }>`SELECT value FROM app_setting WHERE key = 'calendar_version'`.execute(db)).rows[0]?.value ?? '0';
}

export async function bumpCalendarVersion(tx: Executor): Promise<void> {
  await sql`UPDATE app_setting SET value = (value::int + 1)::text WHERE key = 'calendar_version'`.execute(tx);
}
