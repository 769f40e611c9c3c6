import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { CentreHours, PriorityGroup, TicketStatus } from './frontoffice.rules.js';

// Rows as read, typed from the generated schema (src/platform/db/schema.ts): a renamed or removed
// column breaks the compilation of its mapper. Text columns holding an enumeration (status, kind,
// priority group, arrival) are written only from those types, so the mappers narrow them with `as`.
type AreaDbRow = Pick<
  TableRow<'fo_area'>,
  'id' | 'agency_id' | 'code' | 'name' | 'name_en' | 'number_base' | 'procedure_codes' | 'avg_service_minutes' | 'active' | 'version'
>;
type CounterDbRow = Pick<TableRow<'fo_counter'>, 'id' | 'agency_id' | 'area_id' | 'number' | 'name' | 'officer_id' | 'opened_at' | 'active' | 'version'> & {
  officer_name: TableRow<'app_user'>['full_name'] | null;
};
type DeviceDbRow = Pick<TableRow<'fo_device'>, 'id' | 'agency_id' | 'kind' | 'counter_id' | 'name' | 'revoked_at' | 'last_seen_at' | 'created_at'>;
type TicketDbRow = TableRow<'fo_ticket'>;
type AppointmentDbRow = TableRow<'fo_appointment'>;
type HoursDbRow = Pick<TableRow<'fo_centre_hours'>, 'agency_id' | 'weekly' | 'serves_on_holidays' | 'version' | 'updated_at'>;
const iso = (v: Date | null): string | null => (v == null ? null : v.toISOString());
/** A jsonb value: parsed by the driver, or a JSON string (kept from before the driver parsed it). */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const TICKET_COLUMNS = sql`id, agency_id, area_id, day, number, procedure_code, priority_group, status, queued_at, target_counter_id, counter_id, officer_id, call_count, called_at, served_at, finished_at, dossier_id, follow_token, device_id, version, created_at, appointment_at, appointment_id, dossier_linked_at`;

export interface AreaRow {
  id: string;
  agencyId: string;
  code: string;
  name: string;
  nameEn: string | null;
  numberBase: number;
  procedureCodes: string[];
  avgServiceMinutes: number;
  active: boolean;
  version: number;
}
const toArea = (r: AreaDbRow): AreaRow => ({
  id: r.id,
  agencyId: r.agency_id,
  code: r.code,
  name: r.name,
  nameEn: r.name_en ?? null,
  numberBase: r.number_base,
  procedureCodes: r.procedure_codes ?? [],
  avgServiceMinutes: r.avg_service_minutes,
  active: r.active,
  version: r.version,
});

export interface CounterRow {
  id: string;
  agencyId: string;
  areaId: string;
  number: number;
  name: string | null;
  officerId: string | null;
  officerName: string | null;
  openedAt: string | null;
  active: boolean;
  version: number;
}
const toCounter = (r: CounterDbRow): CounterRow => ({
  id: r.id,
  agencyId: r.agency_id,
  areaId: r.area_id,
  number: r.number,
  name: r.name ?? null,
  officerId: r.officer_id ?? null,
  officerName: r.officer_name ?? null,
  openedAt: iso(r.opened_at),
  active: r.active,
  version: r.version,
});

export interface DeviceRow {
  id: string;
  agencyId: string;
  kind: 'kiosk' | 'call_screen' | 'rating_tablet';
  counterId: string | null;
  name: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  createdAt: string;
}
const toDevice = (r: DeviceDbRow): DeviceRow => ({
  id: r.id,
  agencyId: r.agency_id,
  kind: r.kind as DeviceRow['kind'],
  counterId: r.counter_id ?? null,
  name: r.name,
  revokedAt: iso(r.revoked_at),
  lastSeenAt: iso(r.last_seen_at),
  createdAt: r.created_at.toISOString(),
});

export interface TicketRow {
  id: string;
  agencyId: string;
  areaId: string;
  day: string;
  number: number;
  procedureCode: string | null;
  priorityGroup: PriorityGroup | null;
  status: TicketStatus;
  queuedAt: Date;
  targetCounterId: string | null;
  counterId: string | null;
  officerId: string | null;
  callCount: number;
  calledAt: Date | null;
  servedAt: Date | null;
  finishedAt: Date | null;
  dossierId: string | null;
  followToken: string;
  version: number;
  createdAt: Date;
  appointmentAt: Date | null;
  appointmentId: string | null;
}
const toTicket = (r: TicketDbRow): TicketRow => ({
  id: r.id,
  agencyId: r.agency_id,
  areaId: r.area_id,
  day: r.day,
  number: r.number,
  procedureCode: r.procedure_code ?? null,
  priorityGroup: (r.priority_group ?? null) as PriorityGroup | null,
  status: r.status as TicketStatus,
  queuedAt: r.queued_at,
  targetCounterId: r.target_counter_id ?? null,
  counterId: r.counter_id ?? null,
  officerId: r.officer_id ?? null,
  callCount: r.call_count,
  calledAt: r.called_at ?? null,
  servedAt: r.served_at ?? null,
  finishedAt: r.finished_at ?? null,
  dossierId: r.dossier_id ?? null,
  followToken: r.follow_token,
  version: r.version,
  createdAt: r.created_at,
  appointmentAt: r.appointment_at ?? null,
  appointmentId: r.appointment_id ?? null,
});

// ---- areas and counters --------------------------------------------------------------------------

export async function listAreas(db: Executor, agencyId: string, activeOnly = false): Promise<AreaRow[]> {
  const { rows } =
    await sql<AreaDbRow>`SELECT id, agency_id, code, name, name_en, number_base, procedure_codes, avg_service_minutes, active, version, created_at FROM fo_area WHERE agency_id = ${agencyId} ${activeOnly ? sql`AND active` : sql``} ORDER BY number_base`.execute(
      db,
    );
  return rows.map(toArea);
}

export async function getArea(db: Executor, id: string): Promise<AreaRow | null> {
  const { rows } =
    await sql<AreaDbRow>`SELECT id, agency_id, code, name, name_en, number_base, procedure_codes, avg_service_minutes, active, version, created_at FROM fo_area WHERE id = ${id}`.execute(
      db,
    );
  return rows[0] ? toArea(rows[0]) : null;
}

export async function insertArea(tx: Executor, a: Omit<AreaRow, 'id' | 'version'>): Promise<AreaRow> {
  const { rows } = await sql<AreaDbRow>`INSERT INTO fo_area (agency_id, code, name, name_en, number_base, procedure_codes, avg_service_minutes, active)
    VALUES (${a.agencyId}, ${a.code}, ${a.name}, ${a.nameEn}, ${a.numberBase}, ${sql.val(a.procedureCodes)}::text[], ${a.avgServiceMinutes}, ${a.active}) RETURNING id, agency_id, code, name, name_en, number_base, procedure_codes, avg_service_minutes, active, version, created_at`.execute(
    tx,
  );
  return toArea(rows[0]);
}

export async function updateArea(
  tx: Executor,
  id: string,
  version: number,
  a: Pick<AreaRow, 'name' | 'nameEn' | 'procedureCodes' | 'avgServiceMinutes' | 'active'>,
): Promise<AreaRow | null> {
  const { rows } = await sql<AreaDbRow>`UPDATE fo_area SET name = ${a.name}, name_en = ${a.nameEn}, procedure_codes = ${sql.val(a.procedureCodes)}::text[],
    avg_service_minutes = ${a.avgServiceMinutes}, active = ${a.active}, version = version + 1 WHERE id = ${id} AND version = ${version} RETURNING id, agency_id, code, name, name_en, number_base, procedure_codes, avg_service_minutes, active, version, created_at`.execute(
    tx,
  );
  return rows[0] ? toArea(rows[0]) : null;
}

const COUNTER_SELECT = sql`SELECT c.id, c.agency_id, c.area_id, c.number, c.name, c.officer_id, c.opened_at, c.active, c.version, c.created_at, u.full_name AS officer_name FROM fo_counter c LEFT JOIN app_user u ON u.id = c.officer_id`;

export async function listCounters(db: Executor, agencyId: string): Promise<CounterRow[]> {
  const { rows } = await sql<CounterDbRow>`${COUNTER_SELECT} WHERE c.agency_id = ${agencyId} ORDER BY c.number`.execute(db);
  return rows.map(toCounter);
}

export async function getCounter(db: Executor, id: string, forUpdate = false): Promise<CounterRow | null> {
  if (forUpdate) await sql`SELECT 1 FROM fo_counter WHERE id = ${id} FOR UPDATE`.execute(db);
  const { rows } = await sql<CounterDbRow>`${COUNTER_SELECT} WHERE c.id = ${id}`.execute(db);
  return rows[0] ? toCounter(rows[0]) : null;
}

export async function insertCounter(tx: Executor, c: { agencyId: string; areaId: string; number: number; name: string | null }): Promise<CounterRow> {
  const { rows } = await sql<
    Pick<TableRow<'fo_counter'>, 'id'>
  >`INSERT INTO fo_counter (agency_id, area_id, number, name) VALUES (${c.agencyId}, ${c.areaId}, ${c.number}, ${c.name}) RETURNING id`.execute(tx);
  return (await getCounter(tx, rows[0].id))!;
}

export async function updateCounter(tx: Executor, id: string, version: number, c: { areaId: string; name: string | null; active: boolean }): Promise<boolean> {
  const r =
    await sql`UPDATE fo_counter SET area_id = ${c.areaId}, name = ${c.name}, active = ${c.active}, version = version + 1 WHERE id = ${id} AND version = ${version}`.execute(
      tx,
    );
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function setCounterOfficer(tx: Executor, id: string, officerId: string | null, at: Date): Promise<void> {
  await sql`UPDATE fo_counter SET officer_id = ${officerId}, opened_at = ${officerId ? at : null}, version = version + 1 WHERE id = ${id}`.execute(tx);
}

/** Counters of an area open now (an officer signed in at them). */
export async function openCountersOfArea(db: Executor, areaId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fo_counter WHERE area_id = ${areaId} AND active AND officer_id IS NOT NULL`.execute(
    db,
  );
  return rows[0].n;
}

// ---- devices ---------------------------------------------------------------------------------------

export async function insertDevice(
  tx: Executor,
  d: { agencyId: string; kind: DeviceRow['kind']; counterId: string | null; name: string; tokenHash: string },
): Promise<DeviceRow> {
  const { rows } =
    await sql<DeviceDbRow>`INSERT INTO fo_device (agency_id, kind, counter_id, name, token_hash) VALUES (${d.agencyId}, ${d.kind}, ${d.counterId}, ${d.name}, ${d.tokenHash}) RETURNING id, agency_id, kind, counter_id, name, token_hash, revoked_at, last_seen_at, created_at`.execute(
      tx,
    );
  return toDevice(rows[0]);
}

export async function listDevices(db: Executor, agencyId: string): Promise<DeviceRow[]> {
  const { rows } =
    await sql<DeviceDbRow>`SELECT id, agency_id, kind, counter_id, name, token_hash, revoked_at, last_seen_at, created_at FROM fo_device WHERE agency_id = ${agencyId} ORDER BY created_at`.execute(
      db,
    );
  return rows.map(toDevice);
}

export async function deviceByTokenHash(db: Executor, hash: string): Promise<DeviceRow | null> {
  const { rows } =
    await sql<DeviceDbRow>`SELECT id, agency_id, kind, counter_id, name, token_hash, revoked_at, last_seen_at, created_at FROM fo_device WHERE token_hash = ${hash} AND revoked_at IS NULL`.execute(
      db,
    );
  return rows[0] ? toDevice(rows[0]) : null;
}

export async function getDevice(db: Executor, id: string): Promise<DeviceRow | null> {
  const { rows } =
    await sql<DeviceDbRow>`SELECT id, agency_id, kind, counter_id, name, token_hash, revoked_at, last_seen_at, created_at FROM fo_device WHERE id = ${id}`.execute(
      db,
    );
  return rows[0] ? toDevice(rows[0]) : null;
}

export async function revokeDevice(tx: Executor, id: string, at: Date): Promise<void> {
  await sql`UPDATE fo_device SET revoked_at = ${at} WHERE id = ${id} AND revoked_at IS NULL`.execute(tx);
}

export async function touchDevice(db: Executor, id: string, at: Date): Promise<void> {
  // At most once a minute per device (a call screen polls; no write per request).
  await sql`UPDATE fo_device SET last_seen_at = ${at} WHERE id = ${id} AND (last_seen_at IS NULL OR last_seen_at < ${new Date(at.getTime() - 60_000)})`.execute(
    db,
  );
}

// ---- tickets ---------------------------------------------------------------------------------------

/** The next number of an area on a day, atomically (one row per area and day). */
export async function nextSeq(tx: Executor, areaId: string, day: string): Promise<number> {
  const { rows } = await sql<Pick<TableRow<'fo_number_seq'>, 'last'>>`INSERT INTO fo_number_seq (area_id, day, last) VALUES (${areaId}, ${day}, 1)
    ON CONFLICT (area_id, day) DO UPDATE SET last = fo_number_seq.last + 1 RETURNING last`.execute(tx);
  return rows[0].last;
}

export async function insertTicket(
  tx: Executor,
  t: {
    agencyId: string;
    areaId: string;
    day: string;
    number: number;
    procedureCode: string | null;
    priorityGroup: PriorityGroup | null;
    followToken: string;
    deviceId: string | null;
    at: Date;
    appointmentAt?: Date | null;
    appointmentId?: string | null;
  },
): Promise<TicketRow> {
  const { rows } =
    await sql<TicketDbRow>`INSERT INTO fo_ticket (agency_id, area_id, day, number, procedure_code, priority_group, follow_token, device_id, queued_at, created_at, appointment_at, appointment_id)
    VALUES (${t.agencyId}, ${t.areaId}, ${t.day}, ${t.number}, ${t.procedureCode}, ${t.priorityGroup}, ${t.followToken}, ${t.deviceId}, ${t.at}, ${t.at}, ${t.appointmentAt ?? null}, ${t.appointmentId ?? null}) RETURNING id, agency_id, area_id, day, number, procedure_code, priority_group, status, queued_at, target_counter_id, counter_id, officer_id, call_count, called_at, served_at, finished_at, dossier_id, follow_token, device_id, version, created_at, appointment_at, appointment_id, dossier_linked_at`.execute(
      tx,
    );
  return toTicket(rows[0]);
}

export async function getTicket(db: Executor, id: string, forUpdate = false): Promise<TicketRow | null> {
  const { rows } =
    await sql<TicketDbRow>`SELECT id, agency_id, area_id, day, number, procedure_code, priority_group, status, queued_at, target_counter_id, counter_id, officer_id, call_count, called_at, served_at, finished_at, dossier_id, follow_token, device_id, version, created_at, appointment_at, appointment_id, dossier_linked_at FROM fo_ticket WHERE id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(
      db,
    );
  return rows[0] ? toTicket(rows[0]) : null;
}

export async function ticketByFollowToken(db: Executor, token: string): Promise<TicketRow | null> {
  const { rows } =
    await sql<TicketDbRow>`SELECT id, agency_id, area_id, day, number, procedure_code, priority_group, status, queued_at, target_counter_id, counter_id, officer_id, call_count, called_at, served_at, finished_at, dossier_id, follow_token, device_id, version, created_at, appointment_at, appointment_id, dossier_linked_at FROM fo_ticket WHERE follow_token = ${token}`.execute(
      db,
    );
  return rows[0] ? toTicket(rows[0]) : null;
}

/**
 * The queue order at `at`, the same keys as compareQueue (frontoffice.rules.ts): priority groups,
 * then booked people whose moment has come (by that moment), then the others by queued_at; number.
 */
const queueOrder = (at: Date) => sql`CASE WHEN priority_group IS NOT NULL THEN 0 WHEN appointment_at <= ${at} THEN 1 ELSE 2 END,
  CASE WHEN priority_group IS NULL AND appointment_at <= ${at} THEN appointment_at ELSE queued_at END, number`;

/** Waiting tickets of an area on a day, in queue order at `at` (the same keys as compareQueue). */
export async function waitingOfArea(db: Executor, areaId: string, day: string, at: Date): Promise<TicketRow[]> {
  const { rows } =
    await sql<TicketDbRow>`SELECT id, agency_id, area_id, day, number, procedure_code, priority_group, status, queued_at, target_counter_id, counter_id, officer_id, call_count, called_at, served_at, finished_at, dossier_id, follow_token, device_id, version, created_at, appointment_at, appointment_id, dossier_linked_at FROM fo_ticket WHERE area_id = ${areaId} AND day = ${day} AND status = 'waiting'
    ORDER BY ${queueOrder(at)}`.execute(db);
  return rows.map(toTicket);
}

/** The ticket a counter is calling or serving now. */
export async function currentOfCounter(db: Executor, counterId: string): Promise<TicketRow | null> {
  const { rows } =
    await sql<TicketDbRow>`SELECT id, agency_id, area_id, day, number, procedure_code, priority_group, status, queued_at, target_counter_id, counter_id, officer_id, call_count, called_at, served_at, finished_at, dossier_id, follow_token, device_id, version, created_at, appointment_at, appointment_id, dossier_linked_at FROM fo_ticket WHERE counter_id = ${counterId} AND status IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1`.execute(
      db,
    );
  return rows[0] ? toTicket(rows[0]) : null;
}

/**
 * Claims the next waiting ticket of the area for this counter in ONE statement: the sub-select
 * locks the first row in queue order and skips rows another transaction has locked (FOR UPDATE
 * SKIP LOCKED), so two officers calling at the same moment get two different tickets; the outer
 * UPDATE re-checks `status = 'waiting'`. On PGlite (one connection) statements never interleave.
 */
export async function claimNext(tx: Executor, c: { areaId: string; day: string; counterId: string; officerId: string; at: Date }): Promise<TicketRow | null> {
  const { rows } = await sql<TicketDbRow>`UPDATE fo_ticket SET status = 'called', counter_id = ${c.counterId}, officer_id = ${c.officerId}, call_count = 1,
      called_at = ${c.at}, version = version + 1
    WHERE id = (SELECT id FROM fo_ticket WHERE area_id = ${c.areaId} AND day = ${c.day} AND status = 'waiting'
                  AND (target_counter_id IS NULL OR target_counter_id = ${c.counterId})
                ORDER BY ${queueOrder(c.at)} LIMIT 1 FOR UPDATE SKIP LOCKED)
      AND status = 'waiting'
    RETURNING ${TICKET_COLUMNS}`.execute(tx);
  return rows[0] ? toTicket(rows[0]) : null;
}

/** A guarded state change: applies only when the ticket is still in one of `from` (else null). */
export async function changeTicket(
  tx: Executor,
  id: string,
  from: readonly TicketStatus[],
  set: Partial<{
    status: TicketStatus;
    callCount: number;
    calledAt: Date;
    servedAt: Date;
    finishedAt: Date;
    dossierId: string | null;
    dossierLinkedAt: Date | null;
    areaId: string;
    targetCounterId: string | null;
    counterId: string | null;
    officerId: string | null;
  }>,
): Promise<TicketRow | null> {
  // Keyed by the table's columns: a renamed column breaks compilation here too.
  const cols: { [K in keyof TicketDbRow]?: unknown } = {
    status: set.status,
    call_count: set.callCount,
    called_at: set.calledAt,
    served_at: set.servedAt,
    finished_at: set.finishedAt,
    dossier_id: set.dossierId,
    dossier_linked_at: set.dossierLinkedAt,
    area_id: set.areaId,
    target_counter_id: set.targetCounterId,
    counter_id: set.counterId,
    officer_id: set.officerId,
  };
  const parts = Object.entries(cols)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => sql`${sql.ref(k)} = ${v}`);
  const { rows } = await sql<TicketDbRow>`UPDATE fo_ticket SET ${sql.join([...parts, sql`version = version + 1`])}
    WHERE id = ${id} AND status IN (${sql.join(from.map((f) => sql`${f}`))}) RETURNING id, agency_id, area_id, day, number, procedure_code, priority_group, status, queued_at, target_counter_id, counter_id, officer_id, call_count, called_at, served_at, finished_at, dossier_id, follow_token, device_id, version, created_at, appointment_at, appointment_id, dossier_linked_at`.execute(
    tx,
  );
  return rows[0] ? toTicket(rows[0]) : null;
}

/** The current call of each counter of the centre today (what the call screen shows). */
export async function currentCalls(
  db: Executor,
  agencyId: string,
  day: string,
): Promise<{ counterNumber: number; number: number; areaCode: string; calledAt: Date; status: TicketStatus; callCount: number }[]> {
  const { rows } = await sql<
    Pick<TicketDbRow, 'number' | 'called_at' | 'status' | 'call_count'> & {
      counter_number: TableRow<'fo_counter'>['number'];
      area_code: TableRow<'fo_area'>['code'];
    }
  >`SELECT DISTINCT ON (t.counter_id) c.number AS counter_number, t.number, a.code AS area_code, t.called_at, t.status, t.call_count
    FROM fo_ticket t JOIN fo_counter c ON c.id = t.counter_id JOIN fo_area a ON a.id = t.area_id
    WHERE t.agency_id = ${agencyId} AND t.day = ${day} AND t.called_at IS NOT NULL
    ORDER BY t.counter_id, t.called_at DESC`.execute(db);
  return rows
    .map((r) => ({
      counterNumber: r.counter_number,
      number: r.number,
      areaCode: r.area_code,
      calledAt: r.called_at!, // WHERE t.called_at IS NOT NULL
      status: r.status as TicketStatus,
      callCount: r.call_count,
    }))
    .sort((a, b) => b.calledAt.getTime() - a.calledAt.getTime());
}

/**
 * The tablet's prompt: the counter's most recently finished ticket, when it was finished after
 * `since` and is not rated yet (an older unrated ticket is never asked about again).
 */
export async function ratableAtCounter(db: Executor, counterId: string, since: Date): Promise<TicketRow | null> {
  const { rows } = await sql<
    TicketDbRow & { rated: boolean }
  >`SELECT t.id, t.agency_id, t.area_id, t.day, t.number, t.procedure_code, t.priority_group, t.status, t.queued_at, t.target_counter_id, t.counter_id, t.officer_id, t.call_count, t.called_at, t.served_at, t.finished_at, t.dossier_id, t.follow_token, t.device_id, t.version, t.created_at, t.appointment_at, t.appointment_id, t.dossier_linked_at, EXISTS (SELECT 1 FROM fo_rating r WHERE r.ticket_id = t.id) AS rated FROM fo_ticket t
    WHERE t.counter_id = ${counterId} AND t.status = 'done' AND t.finished_at >= ${since}
    ORDER BY t.finished_at DESC, t.id LIMIT 1`.execute(db);
  return rows[0] && !rows[0].rated ? toTicket(rows[0]) : null;
}

// ---- ratings --------------------------------------------------------------------------------------

/** Inserts the rating; false when the ticket was already rated (the primary key keeps one per ticket). */
export async function insertRating(
  tx: Executor,
  r: {
    ticketId: string;
    agencyId: string;
    counterId: string;
    officerId: string | null;
    dossierId: string | null;
    level: number;
    reasons: string[];
    deviceId: string;
    at: Date;
  },
): Promise<boolean> {
  const res = await sql`INSERT INTO fo_rating (ticket_id, agency_id, counter_id, officer_id, dossier_id, level, reasons, device_id, created_at)
    VALUES (${r.ticketId}, ${r.agencyId}, ${r.counterId}, ${r.officerId}, ${r.dossierId}, ${r.level}, ${sql.val(r.reasons)}::text[], ${r.deviceId}, ${r.at})
    ON CONFLICT (ticket_id) DO NOTHING`.execute(tx);
  return Number(res.numAffectedRows ?? 0) > 0;
}

export interface RatingCount {
  agencyId: string;
  level: number;
  ratings: number;
}

export async function ratingCounts(db: Executor, from: Date, to: Date, agencyId?: string): Promise<RatingCount[]> {
  const { rows } = await sql<Pick<TableRow<'fo_rating'>, 'agency_id' | 'level'> & { n: number }>`SELECT agency_id, level, count(*)::int AS n FROM fo_rating
    WHERE created_at >= ${from} AND created_at < ${to} ${agencyId ? sql`AND agency_id = ${agencyId}` : sql``}
    GROUP BY agency_id, level ORDER BY agency_id, level`.execute(db);
  return rows.map((r) => ({ agencyId: r.agency_id, level: r.level, ratings: r.n }));
}

// ---- statistics -----------------------------------------------------------------------------------

export interface StatRow {
  key: string;
  label: string;
  tickets: number;
  served: number;
  noShows: number;
  avgWaitMinutes: number | null;
  avgServiceMinutes: number | null;
  /** Tickets linked to the dossier received from them. */
  dossiers: number;
  /** Tickets of booked people (checked in with an appointment). */
  booked: number;
}

/** Tickets, waits and service times of a centre over [from, to] (local days), grouped by area, counter or officer. */
export async function stats(db: Executor, agencyId: string, from: string, to: string, by: 'area' | 'counter' | 'officer'): Promise<StatRow[]> {
  const key = by === 'area' ? sql`a.id::text` : by === 'counter' ? sql`c.id::text` : sql`u.id::text`;
  const label = by === 'area' ? sql`a.code || ' – ' || a.name` : by === 'counter' ? sql`'Quầy ' || c.number` : sql`u.full_name`;
  const { rows } = await sql<{
    key: string;
    label: string;
    tickets: number;
    served: number;
    no_shows: number;
    dossiers: number;
    booked: number;
    /** avg of numeric (EXTRACT): read as a string */
    avg_wait: string | number | null;
    avg_service: string | number | null;
  }>`SELECT ${key} AS key, ${label} AS label, count(*)::int AS tickets,
      count(*) FILTER (WHERE t.status = 'done')::int AS served, count(*) FILTER (WHERE t.status = 'no_show')::int AS no_shows,
      count(*) FILTER (WHERE t.dossier_id IS NOT NULL)::int AS dossiers, count(*) FILTER (WHERE t.appointment_id IS NOT NULL)::int AS booked,
      avg(EXTRACT(EPOCH FROM (t.called_at - t.created_at)) / 60) FILTER (WHERE t.called_at IS NOT NULL) AS avg_wait,
      avg(EXTRACT(EPOCH FROM (t.finished_at - COALESCE(t.served_at, t.called_at))) / 60) FILTER (WHERE t.status = 'done') AS avg_service
    FROM fo_ticket t JOIN fo_area a ON a.id = t.area_id LEFT JOIN fo_counter c ON c.id = t.counter_id LEFT JOIN app_user u ON u.id = t.officer_id
    WHERE t.agency_id = ${agencyId} AND t.day BETWEEN ${from} AND ${to} ${by === 'area' ? sql`` : by === 'counter' ? sql`AND c.id IS NOT NULL` : sql`AND u.id IS NOT NULL`}
    GROUP BY 1, 2 ORDER BY 2`.execute(db);
  const r1 = (v: string | number | null) => (v == null ? null : Math.round(Number(v) * 10) / 10);
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    tickets: r.tickets,
    served: r.served,
    noShows: r.no_shows,
    avgWaitMinutes: r1(r.avg_wait),
    avgServiceMinutes: r1(r.avg_service),
    dossiers: r.dossiers,
    booked: r.booked,
  }));
}

export async function ticketTimes(db: Executor, agencyId: string, from: string, to: string): Promise<Date[]> {
  const { rows } = await sql<
    Pick<TicketDbRow, 'created_at'>
  >`SELECT created_at FROM fo_ticket WHERE agency_id = ${agencyId} AND day BETWEEN ${from} AND ${to}`.execute(db);
  return rows.map((r) => r.created_at);
}

// ---- events -----------------------------------------------------------------------------------

export interface EventRow {
  id: number;
  agencyId: string;
  kind: string;
  payload: Record<string, unknown>;
}

export async function insertEvent(tx: Executor, agencyId: string, kind: string, payload: Record<string, unknown>): Promise<number> {
  const { rows } = await sql<
    Pick<TableRow<'fo_event'>, 'id'>
  >`INSERT INTO fo_event (agency_id, kind, payload) VALUES (${agencyId}, ${kind}, ${JSON.stringify(payload)}::jsonb) RETURNING id`.execute(tx);
  return rows[0].id;
}

/** Events of a centre after `afterId`, plus those of the last seconds (a later-committed lower id is not missed). */
export async function eventsSince(db: Executor, agencyId: string, afterId: number, recentSeconds = 0): Promise<EventRow[]> {
  const { rows } = await sql<
    Pick<TableRow<'fo_event'>, 'id' | 'agency_id' | 'kind' | 'payload'>
  >`SELECT id, agency_id, kind, payload FROM fo_event WHERE agency_id = ${agencyId}
    AND (id > ${afterId} ${recentSeconds > 0 ? sql`OR created_at > now() - make_interval(secs => ${recentSeconds})` : sql``}) ORDER BY id LIMIT 500`.execute(
    db,
  );
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    kind: r.kind,
    payload: json(r.payload) as Record<string, unknown>, // written by insertEvent from an object
  }));
}

export async function lastEventId(db: Executor, agencyId: string): Promise<number> {
  const { rows } = await sql<{ id: TableRow<'fo_event'>['id'] | null }>`SELECT max(id) AS id FROM fo_event WHERE agency_id = ${agencyId}`.execute(db);
  return rows[0].id ?? 0;
}

/** Tablet ratings of tickets linked to a dossier, given since `since` (a dossier is rated at or after its receipt). */
export async function dossierRatingsSince(db: Executor, since: Date): Promise<{ dossierId: string; level: number }[]> {
  const { rows } = await sql<
    Pick<TableRow<'fo_rating'>, 'dossier_id' | 'level'>
  >`SELECT dossier_id, level FROM fo_rating WHERE dossier_id IS NOT NULL AND created_at >= ${since}`.execute(db);
  return rows.map((r) => ({ dossierId: r.dossier_id!, level: r.level })); // WHERE dossier_id IS NOT NULL
}

/** Deletes call events created before `before` (the retention job); returns how many. */
export async function deleteEventsBefore(tx: Executor, before: Date): Promise<number> {
  const r = await sql`DELETE FROM fo_event WHERE created_at < ${before}`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

// ---- appointments -----------------------------------------------------------------------------------

export interface AppointmentRow {
  id: string;
  agencyId: string;
  areaId: string;
  procedureCode: string | null;
  startsAt: Date;
  endsAt: Date;
  code: string;
  name: string;
  phone: string;
  userId: string | null;
  status: 'booked' | 'cancelled' | 'checked_in';
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  arrival: 'early' | 'on_time' | 'late' | null;
  ticketId: string | null;
  version: number;
  createdAt: Date;
}
const toAppointment = (r: AppointmentDbRow): AppointmentRow => ({
  id: r.id,
  agencyId: r.agency_id,
  areaId: r.area_id,
  procedureCode: r.procedure_code ?? null,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  code: r.code,
  name: r.name,
  phone: r.phone,
  userId: r.user_id ?? null,
  status: r.status as AppointmentRow['status'],
  cancelledAt: r.cancelled_at ?? null,
  checkedInAt: r.checked_in_at ?? null,
  arrival: (r.arrival ?? null) as AppointmentRow['arrival'],
  ticketId: r.ticket_id ?? null,
  version: r.version,
  createdAt: r.created_at,
});

/** Counters of an area in service (open or not): what slots are sized on. */
export async function activeCountersOfArea(db: Executor, areaId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fo_counter WHERE area_id = ${areaId} AND active`.execute(db);
  return rows[0].n;
}

/** Places booked per slot start (ms) of an area over [from, to). */
export async function slotBookings(db: Executor, areaId: string, from: Date, to: Date): Promise<Map<number, number>> {
  const { rows } = await sql<
    Pick<TableRow<'fo_slot_count'>, 'starts_at' | 'booked'>
  >`SELECT starts_at, booked FROM fo_slot_count WHERE area_id = ${areaId} AND starts_at >= ${from} AND starts_at < ${to}`.execute(db);
  return new Map(rows.map((r) => [r.starts_at.getTime(), r.booked]));
}

/**
 * Takes one place of a slot when fewer than `capacity` are booked; false when it is full. One
 * statement: a concurrent booking of the same slot waits on the row (or on the unique key of a
 * first booking) and then re-checks `booked < capacity` against the committed count.
 */
export async function reserveSlot(tx: Executor, areaId: string, startsAt: Date, capacity: number): Promise<boolean> {
  if (capacity < 1) return false;
  const { rows } = await sql<
    Pick<TableRow<'fo_slot_count'>, 'booked'>
  >`INSERT INTO fo_slot_count (area_id, starts_at, booked) VALUES (${areaId}, ${startsAt}, 1)
    ON CONFLICT (area_id, starts_at) DO UPDATE SET booked = fo_slot_count.booked + 1 WHERE fo_slot_count.booked < ${capacity}
    RETURNING booked`.execute(tx);
  return rows.length > 0;
}

export async function releaseSlot(tx: Executor, areaId: string, startsAt: Date): Promise<void> {
  await sql`UPDATE fo_slot_count SET booked = booked - 1 WHERE area_id = ${areaId} AND starts_at = ${startsAt} AND booked > 0`.execute(tx);
}

export async function insertAppointment(
  tx: Executor,
  a: {
    agencyId: string;
    areaId: string;
    procedureCode: string | null;
    startsAt: Date;
    endsAt: Date;
    code: string;
    name: string;
    phone: string;
    userId: string | null;
    at: Date;
  },
): Promise<AppointmentRow> {
  const { rows } =
    await sql<AppointmentDbRow>`INSERT INTO fo_appointment (agency_id, area_id, procedure_code, starts_at, ends_at, code, name, phone, user_id, created_at)
    VALUES (${a.agencyId}, ${a.areaId}, ${a.procedureCode}, ${a.startsAt}, ${a.endsAt}, ${a.code}, ${a.name}, ${a.phone}, ${a.userId}, ${a.at}) RETURNING id, agency_id, area_id, procedure_code, starts_at, ends_at, code, name, phone, user_id, status, cancelled_at, checked_in_at, arrival, ticket_id, version, created_at`.execute(
      tx,
    );
  return toAppointment(rows[0]);
}

export async function appointmentByCode(db: Executor, code: string, forUpdate = false): Promise<AppointmentRow | null> {
  const { rows } =
    await sql<AppointmentDbRow>`SELECT id, agency_id, area_id, procedure_code, starts_at, ends_at, code, name, phone, user_id, status, cancelled_at, checked_in_at, arrival, ticket_id, version, created_at FROM fo_appointment WHERE code = ${code} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(
      db,
    );
  return rows[0] ? toAppointment(rows[0]) : null;
}

export async function appointmentsOfUser(db: Executor, userId: string, limit = 100): Promise<AppointmentRow[]> {
  const { rows } =
    await sql<AppointmentDbRow>`SELECT id, agency_id, area_id, procedure_code, starts_at, ends_at, code, name, phone, user_id, status, cancelled_at, checked_in_at, arrival, ticket_id, version, created_at FROM fo_appointment WHERE user_id = ${userId} ORDER BY starts_at DESC LIMIT ${limit}`.execute(
      db,
    );
  return rows.map(toAppointment);
}

export async function cancelAppointment(tx: Executor, id: string, at: Date): Promise<AppointmentRow | null> {
  const { rows } =
    await sql<AppointmentDbRow>`UPDATE fo_appointment SET status = 'cancelled', cancelled_at = ${at}, version = version + 1 WHERE id = ${id} AND status = 'booked' RETURNING id, agency_id, area_id, procedure_code, starts_at, ends_at, code, name, phone, user_id, status, cancelled_at, checked_in_at, arrival, ticket_id, version, created_at`.execute(
      tx,
    );
  return rows[0] ? toAppointment(rows[0]) : null;
}

export async function checkInAppointment(
  tx: Executor,
  id: string,
  at: Date,
  arrival: NonNullable<AppointmentRow['arrival']>,
  ticketId: string,
): Promise<AppointmentRow | null> {
  const { rows } =
    await sql<AppointmentDbRow>`UPDATE fo_appointment SET status = 'checked_in', checked_in_at = ${at}, arrival = ${arrival}, ticket_id = ${ticketId}, version = version + 1
    WHERE id = ${id} AND status = 'booked' RETURNING id, agency_id, area_id, procedure_code, starts_at, ends_at, code, name, phone, user_id, status, cancelled_at, checked_in_at, arrival, ticket_id, version, created_at`.execute(
      tx,
    );
  return rows[0] ? toAppointment(rows[0]) : null;
}

/** Centres taking bookings: agencies with an active area that has an active counter (optionally handling a procedure). */
export async function bookableAreas(db: Executor, procedureCode?: string): Promise<(AreaRow & { centreName: string })[]> {
  const { rows } = await sql<
    AreaDbRow & { centre_name: TableRow<'agency'>['name'] }
  >`SELECT a.id, a.agency_id, a.code, a.name, a.name_en, a.number_base, a.procedure_codes, a.avg_service_minutes, a.active, a.version, a.created_at, g.name AS centre_name FROM fo_area a JOIN agency g ON g.id = a.agency_id
    WHERE a.active AND EXISTS (SELECT 1 FROM fo_counter c WHERE c.area_id = a.id AND c.active)
      ${procedureCode ? sql`AND ${procedureCode} = ANY(a.procedure_codes)` : sql``}
    ORDER BY g.name, a.number_base`.execute(db);
  return rows.map((r) => ({ ...toArea(r), centreName: r.centre_name }));
}

/** Links a ticket to a dossier. */
export async function setTicketDossier(tx: Executor, id: string, dossierId: string, at: Date): Promise<TicketRow | null> {
  const { rows } =
    await sql<TicketDbRow>`UPDATE fo_ticket SET dossier_id = ${dossierId}, dossier_linked_at = ${at}, version = version + 1 WHERE id = ${id} RETURNING id, agency_id, area_id, day, number, procedure_code, priority_group, status, queued_at, target_counter_id, counter_id, officer_id, call_count, called_at, served_at, finished_at, dossier_id, follow_token, device_id, version, created_at, appointment_at, appointment_id, dossier_linked_at`.execute(
      tx,
    );
  return rows[0] ? toTicket(rows[0]) : null;
}

/** The ticket a dossier was received from, with its area, counter and officer. */
export async function ticketOfDossier(
  db: Executor,
  dossierId: string,
): Promise<{
  id: string;
  agencyId: string;
  number: number;
  day: string;
  areaCode: string;
  areaName: string;
  counterNumber: number | null;
  officerName: string | null;
  status: TicketStatus;
  calledAt: Date | null;
  finishedAt: Date | null;
  booked: boolean;
} | null> {
  const { rows } = await sql<
    Pick<TicketDbRow, 'id' | 'agency_id' | 'number' | 'day' | 'status' | 'called_at' | 'finished_at'> & {
      area_code: TableRow<'fo_area'>['code'];
      area_name: TableRow<'fo_area'>['name'];
      counter_number: TableRow<'fo_counter'>['number'] | null;
      officer_name: TableRow<'app_user'>['full_name'] | null;
      booked: boolean;
    }
  >`SELECT t.id, t.agency_id, t.number, t.day, a.code AS area_code, a.name AS area_name, c.number AS counter_number, u.full_name AS officer_name,
      t.status, t.called_at, t.finished_at, t.appointment_id IS NOT NULL AS booked
    FROM fo_ticket t JOIN fo_area a ON a.id = t.area_id LEFT JOIN fo_counter c ON c.id = t.counter_id LEFT JOIN app_user u ON u.id = t.officer_id
    WHERE t.dossier_id = ${dossierId} ORDER BY t.called_at DESC NULLS LAST LIMIT 1`.execute(db);
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    agencyId: r.agency_id,
    number: r.number,
    day: r.day,
    areaCode: r.area_code,
    areaName: r.area_name,
    counterNumber: r.counter_number ?? null,
    officerName: r.officer_name ?? null,
    status: r.status as TicketStatus,
    calledAt: r.called_at ?? null,
    finishedAt: r.finished_at ?? null,
    booked: r.booked,
  };
}

// ---- a centre's own reception hours ----------------------------------------------------------------

export interface CentreHoursRow {
  agencyId: string;
  weekly: CentreHours['weekly'];
  servesOnHolidays: boolean;
  version: number;
  updatedAt: string;
}
const toHours = (r: HoursDbRow): CentreHoursRow => ({
  agencyId: r.agency_id,
  weekly: json(r.weekly) as CentreHours['weekly'], // written by putCentreHours from CentreHours['weekly']
  servesOnHolidays: r.serves_on_holidays,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
});

export async function getCentreHours(db: Executor, agencyId: string, forUpdate = false): Promise<CentreHoursRow | null> {
  const { rows } = forUpdate
    ? await sql<HoursDbRow>`SELECT agency_id, weekly, serves_on_holidays, version, updated_at, updated_by FROM fo_centre_hours WHERE agency_id = ${agencyId} FOR UPDATE`.execute(
        db,
      )
    : await sql<HoursDbRow>`SELECT agency_id, weekly, serves_on_holidays, version, updated_at, updated_by FROM fo_centre_hours WHERE agency_id = ${agencyId}`.execute(
        db,
      );
  return rows[0] ? toHours(rows[0]) : null;
}

/** Writes the schedule when `version` is the current one (0: none yet); null on a stale version. */
export async function putCentreHours(
  tx: Executor,
  agencyId: string,
  version: number,
  h: CentreHours,
  by: string | null,
  at: Date,
): Promise<CentreHoursRow | null> {
  const weekly = JSON.stringify(h.weekly);
  const { rows } =
    version === 0
      ? await sql<HoursDbRow>`INSERT INTO fo_centre_hours (agency_id, weekly, serves_on_holidays, updated_at, updated_by)
        VALUES (${agencyId}, ${weekly}::jsonb, ${h.servesOnHolidays}, ${at}, ${by}) ON CONFLICT (agency_id) DO NOTHING RETURNING agency_id, weekly, serves_on_holidays, version, updated_at, updated_by`.execute(
          tx,
        )
      : await sql<HoursDbRow>`UPDATE fo_centre_hours SET weekly = ${weekly}::jsonb, serves_on_holidays = ${h.servesOnHolidays}, version = version + 1, updated_at = ${at}, updated_by = ${by}
        WHERE agency_id = ${agencyId} AND version = ${version} RETURNING agency_id, weekly, serves_on_holidays, version, updated_at, updated_by`.execute(tx);
  return rows[0] ? toHours(rows[0]) : null;
}

export async function deleteCentreHours(tx: Executor, agencyId: string): Promise<boolean> {
  const r = await sql`DELETE FROM fo_centre_hours WHERE agency_id = ${agencyId}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}
