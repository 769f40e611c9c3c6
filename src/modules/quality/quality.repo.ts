/**
 * All SQL of the quality module; writes only the quality_* tables. The read model's sources (the
 * dossier snapshots and action log) are read by the dossiers module (dossiers.queries.ts, through
 * dossiers.public.ts). Some lists still join the dossier snapshot for display columns (code,
 * procedure name, status, assignee): docs/architecture.md, "Boundaries and composition root".
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import { COUNTER_COLUMNS, type Fact } from './quality.rules.js';

/** The read model's source rows, as the dossiers module reads them (loadSnapshots: for citizens' reuse test until it imports dossiers.public.ts). */
export { loadSnapshots, type SnapshotInput, type LogAction } from '../dossiers/dossiers.public.js';

/** A quality_dossier_fact row as read (every column, typed from the generated schema). */
type FactTableRow = TableRow<'quality_dossier_fact'>;
/** count/sum as bigint: the driver gives a string (or a number/bigint); read it with Number(). */
type BigCount = string | number | bigint;
/** The fact row with the dossier columns the lists show. */
type FactWithDossier = FactTableRow & Pick<TableRow<'dossier'>, 'code' | 'status' | 'assignee_id'>;
const FACT_COLUMNS = sql`f.dossier_id, f.agency_id, f.procedure_code, f.accepted, f.received_at, f.end_at, f.waiting_applicant, f.due_at, f.forced_late, f.outcome, f.r_day, f.e_day, f.k_day, f.eligible_full, f.online_full, f.fee, f.paid_online, f.doc_result, f.e_result, f.digitised, f.reused, f.updated_at`;

/** Serialises every write to the quality read model (all processes), within the caller's transaction. */
export async function lockReadModel(tx: Executor): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(7270766)`.execute(tx);
}

const dayStr = (v: string | Date | null | undefined): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);

const toFact = (r: FactTableRow): Fact => ({
  dossierId: r.dossier_id,
  agencyId: r.agency_id,
  procedureCode: r.procedure_code,
  accepted: r.accepted,
  receivedAt: r.received_at ?? null,
  endAt: r.end_at ?? null,
  waitingApplicant: r.waiting_applicant,
  dueAt: r.due_at ?? null,
  forcedLate: r.forced_late,
  outcome: (r.outcome as Fact['outcome']) ?? null,
  rDay: dayStr(r.r_day),
  eDay: dayStr(r.e_day),
  kDay: dayStr(r.k_day),
  eligibleFull: r.eligible_full,
  onlineFull: r.online_full,
  fee: r.fee,
  paidOnline: r.paid_online,
  docResult: r.doc_result,
  eResult: r.e_result,
  digitised: r.digitised,
  reused: r.reused,
});

export async function loadFacts(db: Executor, ids: readonly string[]): Promise<Map<string, Fact>> {
  if (!ids.length) return new Map();
  const { rows } =
    await sql<FactTableRow>`SELECT dossier_id, agency_id, procedure_code, accepted, received_at, end_at, waiting_applicant, due_at, forced_late, outcome, r_day, e_day, k_day, eligible_full, online_full, fee, paid_online, doc_result, e_result, digitised, reused, updated_at FROM quality_dossier_fact WHERE dossier_id = ANY(${[...ids]}::uuid[])`.execute(
      db,
    );
  return new Map(rows.map((r) => [r.dossier_id, toFact(r)]));
}

const FACT_CHUNK = 500;

/** Inserts or replaces facts (multi-row statements). */
export async function upsertFacts(tx: Executor, facts: readonly Fact[]): Promise<void> {
  for (let i = 0; i < facts.length; i += FACT_CHUNK) {
    const part = facts.slice(i, i + FACT_CHUNK);
    const values = part.map(
      (f) => sql`(${f.dossierId}::uuid, ${f.agencyId}::uuid, ${f.procedureCode}, ${f.accepted}, ${f.receivedAt}::timestamptz, ${f.endAt}::timestamptz,
      ${f.waitingApplicant}, ${f.dueAt}::timestamptz, ${f.forcedLate}, ${f.outcome}, ${f.rDay}::date, ${f.eDay}::date, ${f.kDay}::date, ${f.eligibleFull}, ${f.onlineFull},
      ${f.fee}, ${f.paidOnline}, ${f.docResult}, ${f.eResult}, ${f.digitised}, ${f.reused}, now())`,
    );
    await sql`INSERT INTO quality_dossier_fact (dossier_id, agency_id, procedure_code, accepted, received_at, end_at, waiting_applicant, due_at, forced_late, outcome,
        r_day, e_day, k_day, eligible_full, online_full, fee, paid_online, doc_result, e_result, digitised, reused, updated_at)
      VALUES ${sql.join(values)}
      ON CONFLICT (dossier_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, procedure_code = EXCLUDED.procedure_code, accepted = EXCLUDED.accepted,
        received_at = EXCLUDED.received_at, end_at = EXCLUDED.end_at, waiting_applicant = EXCLUDED.waiting_applicant, due_at = EXCLUDED.due_at,
        forced_late = EXCLUDED.forced_late, outcome = EXCLUDED.outcome, r_day = EXCLUDED.r_day, e_day = EXCLUDED.e_day, k_day = EXCLUDED.k_day,
        eligible_full = EXCLUDED.eligible_full, online_full = EXCLUDED.online_full, fee = EXCLUDED.fee, paid_online = EXCLUDED.paid_online,
        doc_result = EXCLUDED.doc_result, e_result = EXCLUDED.e_result, digitised = EXCLUDED.digitised, reused = EXCLUDED.reused, updated_at = now()`.execute(
      tx,
    );
  }
}

/** Adds deltas keyed "agency|day|column" to quality_counter (sorted keys: no deadlock between writers). */
export async function applyCounterDelta(tx: Executor, delta: Map<string, number>): Promise<void> {
  if (!delta.size) return;
  const rows = new Map<string, Record<string, number>>();
  for (const [k, v] of delta) {
    const [agency, day, col] = k.split('|');
    const key = `${agency}|${day}`;
    const r = rows.get(key) ?? {};
    r[col] = (r[col] ?? 0) + v;
    rows.set(key, r);
  }
  const keys = [...rows.keys()].sort();
  for (let i = 0; i < keys.length; i += FACT_CHUNK) {
    const values = keys.slice(i, i + FACT_CHUNK).map((key) => {
      const [agency, day] = key.split('|');
      const r = rows.get(key)!;
      return sql`(${agency}::uuid, ${day}::date, ${sql.join(COUNTER_COLUMNS.map((c) => sql`${r[c] ?? 0}::int`))})`;
    });
    const cols = sql.join(COUNTER_COLUMNS.map((c) => sql.ref(c)));
    const sets = sql.join(COUNTER_COLUMNS.map((c) => sql`${sql.ref(c)} = quality_counter.${sql.ref(c)} + EXCLUDED.${sql.ref(c)}`));
    await sql`INSERT INTO quality_counter (agency_id, day, ${cols}) VALUES ${sql.join(values)} ON CONFLICT (agency_id, day) DO UPDATE SET ${sets}`.execute(tx);
  }
}

export async function applyProcDelta(tx: Executor, delta: Map<string, number>): Promise<void> {
  if (!delta.size) return;
  const rows = new Map<string, { fee: number; paid_online: number }>();
  for (const [k, v] of delta) {
    const [agency, proc, day, col] = k.split('|');
    const key = `${agency}|${proc}|${day}`;
    const r = rows.get(key) ?? { fee: 0, paid_online: 0 };
    r[col as 'fee' | 'paid_online'] += v;
    rows.set(key, r);
  }
  const keys = [...rows.keys()].sort();
  for (let i = 0; i < keys.length; i += FACT_CHUNK) {
    const values = keys.slice(i, i + FACT_CHUNK).map((key) => {
      const [agency, proc, day] = key.split('|');
      const r = rows.get(key)!;
      return sql`(${agency}::uuid, ${proc}, ${day}::date, ${r.fee}::int, ${r.paid_online}::int)`;
    });
    await sql`INSERT INTO quality_proc_day (agency_id, procedure_code, day, fee, paid_online) VALUES ${sql.join(values)}
      ON CONFLICT (agency_id, procedure_code, day) DO UPDATE SET fee = quality_proc_day.fee + EXCLUDED.fee, paid_online = quality_proc_day.paid_online + EXCLUDED.paid_online`.execute(
      tx,
    );
  }
}

export async function clearReadModel(tx: Executor): Promise<void> {
  await sql`DELETE FROM quality_counter`.execute(tx);
  await sql`DELETE FROM quality_proc_day`.execute(tx);
  await sql`DELETE FROM quality_dossier_fact`.execute(tx);
}

/**
 * Counters from the facts with one set-based GROUP BY (the full recomputation's aggregation; the
 * incremental path adds per-fact contributions in JS — two independent implementations).
 */
export async function aggregateCountersFromFacts(tx: Executor): Promise<void> {
  await sql`INSERT INTO quality_counter (agency_id, day, ${sql.join(COUNTER_COLUMNS.map((c) => sql.ref(c)))})
    SELECT agency_id, day, ${sql.join(COUNTER_COLUMNS.map((c) => sql`sum(CASE WHEN col = ${c} THEN 1 ELSE 0 END)::int`))}
    FROM (
      SELECT agency_id, r_day AS day, 'received' AS col FROM quality_dossier_fact WHERE accepted
      UNION ALL SELECT agency_id, k_day, 'k_cnt' FROM quality_dossier_fact WHERE accepted
      UNION ALL SELECT agency_id, e_day, 'ended' FROM quality_dossier_fact WHERE accepted AND e_day IS NOT NULL
      UNION ALL SELECT agency_id, e_day, CASE outcome WHEN 'early' THEN 'fin_early' WHEN 'on_time' THEN 'fin_on_time' ELSE 'fin_late' END FROM quality_dossier_fact WHERE accepted AND e_day IS NOT NULL
      UNION ALL SELECT agency_id, greatest(e_day, k_day), 'ke_cnt' FROM quality_dossier_fact WHERE accepted AND e_day IS NOT NULL
      UNION ALL SELECT agency_id, r_day, 'eligible_full' FROM quality_dossier_fact WHERE eligible_full
      UNION ALL SELECT agency_id, r_day, 'online_full' FROM quality_dossier_fact WHERE online_full
      UNION ALL SELECT agency_id, r_day, 'fee' FROM quality_dossier_fact WHERE fee
      UNION ALL SELECT agency_id, r_day, 'paid_online' FROM quality_dossier_fact WHERE paid_online
      UNION ALL SELECT agency_id, r_day, 'doc_result' FROM quality_dossier_fact WHERE doc_result
      UNION ALL SELECT agency_id, r_day, 'e_result' FROM quality_dossier_fact WHERE e_result
      UNION ALL SELECT agency_id, r_day, 'digitised' FROM quality_dossier_fact WHERE digitised
      UNION ALL SELECT agency_id, r_day, 'reused' FROM quality_dossier_fact WHERE reused
    ) x GROUP BY agency_id, day`.execute(tx);
  await sql`INSERT INTO quality_proc_day (agency_id, procedure_code, day, fee, paid_online)
    SELECT agency_id, procedure_code, r_day, count(*)::int, count(*) FILTER (WHERE paid_online)::int
    FROM quality_dossier_fact WHERE fee GROUP BY agency_id, procedure_code, r_day`.execute(tx);
}

/** Canonical dumps (for the equality test and the consistency check): non-zero counters, all facts. */
export async function counterDigest(db: Executor): Promise<{ rows: number; digest: string }> {
  const nonZero = sql.join(
    COUNTER_COLUMNS.map((c) => sql`${sql.ref(c)} <> 0`),
    sql` OR `,
  );
  const { rows } = await sql<{ n: number; d: string | null }>`SELECT count(*)::int AS n, md5(string_agg(x, ';' ORDER BY x)) AS d FROM (
      SELECT agency_id::text || '|' || day::text || '|' || concat_ws(',', ${sql.join(COUNTER_COLUMNS.map((c) => sql.ref(c)))}) AS x FROM quality_counter WHERE ${nonZero}
      UNION ALL SELECT 'p|' || agency_id::text || '|' || procedure_code || '|' || day::text || '|' || fee || ',' || paid_online FROM quality_proc_day WHERE fee <> 0 OR paid_online <> 0) t`.execute(
    db,
  );
  return { rows: rows[0].n, digest: rows[0].d ?? '' };
}

export async function factDigest(db: Executor): Promise<{ rows: number; digest: string }> {
  const { rows } = await sql<{ n: number; d: string | null }>`SELECT count(*)::int AS n, md5(string_agg(x, ';' ORDER BY x)) AS d FROM (
      SELECT concat_ws('|', dossier_id, agency_id, procedure_code, accepted, extract(epoch FROM received_at)::bigint, extract(epoch FROM end_at)::bigint, waiting_applicant,
        extract(epoch FROM due_at)::bigint, forced_late, outcome, r_day, e_day, k_day, eligible_full, online_full, fee, paid_online, doc_result, e_result, digitised, reused) AS x
      FROM quality_dossier_fact) t`.execute(db);
  return { rows: rows[0].n, digest: rows[0].d ?? '' };
}

// ---------------------------------------------------------------------------------------------
// Reads for the indicators
// ---------------------------------------------------------------------------------------------

export interface CounterSums {
  agencyId: string | null;
  receivedBeforeEnd: number;
  endedBeforeStart: number;
  endedBeforeEnd: number;
  finEarly: number;
  finOnTime: number;
  finLate: number;
  kBeforeEnd: number;
  keBeforeEnd: number;
  received: number;
  eligibleFull: number;
  onlineFull: number;
  fee: number;
  paidOnline: number;
  docResult: number;
  eResult: number;
  digitised: number;
  reused: number;
}

const agencyFilter = (agencyIds: readonly string[] | null, col = sql.ref('agency_id')): RawBuilder<unknown> =>
  agencyIds === null ? sql`true` : sql`${col} = ANY(${[...agencyIds]}::uuid[])`;

/**
 * One pass over the counters of days before the period end: the cumulative sums 2.1 needs and
 * the period sums of the receipt-day counts; grouped by agency when `byAgency`.
 */
export async function counterSums(
  db: Executor,
  q: { agencyIds: readonly string[] | null; from: string; toExcl: string; byAgency: boolean },
): Promise<CounterSums[]> {
  const inP = sql`day >= ${q.from}::date`;
  const { rows } = await sql<
    { agency_id: TableRow<'quality_counter'>['agency_id'] | null } & Record<
      | 'received_before_end'
      | 'ended_before_start'
      | 'ended_before_end'
      | 'fin_early'
      | 'fin_on_time'
      | 'fin_late'
      | 'k_before_end'
      | 'ke_before_end'
      | 'received'
      | 'eligible_full'
      | 'online_full'
      | 'fee'
      | 'paid_online'
      | 'doc_result'
      | 'e_result'
      | 'digitised'
      | 'reused',
      BigCount
    >
  >`SELECT ${q.byAgency ? sql`agency_id` : sql`NULL::uuid AS agency_id`},
      coalesce(sum(received), 0)::bigint AS received_before_end,
      coalesce(sum(ended) FILTER (WHERE day < ${q.from}::date), 0)::bigint AS ended_before_start,
      coalesce(sum(ended), 0)::bigint AS ended_before_end,
      coalesce(sum(fin_early) FILTER (WHERE ${inP}), 0)::bigint AS fin_early,
      coalesce(sum(fin_on_time) FILTER (WHERE ${inP}), 0)::bigint AS fin_on_time,
      coalesce(sum(fin_late) FILTER (WHERE ${inP}), 0)::bigint AS fin_late,
      coalesce(sum(k_cnt), 0)::bigint AS k_before_end,
      coalesce(sum(ke_cnt), 0)::bigint AS ke_before_end,
      coalesce(sum(received) FILTER (WHERE ${inP}), 0)::bigint AS received,
      coalesce(sum(eligible_full) FILTER (WHERE ${inP}), 0)::bigint AS eligible_full,
      coalesce(sum(online_full) FILTER (WHERE ${inP}), 0)::bigint AS online_full,
      coalesce(sum(fee) FILTER (WHERE ${inP}), 0)::bigint AS fee,
      coalesce(sum(paid_online) FILTER (WHERE ${inP}), 0)::bigint AS paid_online,
      coalesce(sum(doc_result) FILTER (WHERE ${inP}), 0)::bigint AS doc_result,
      coalesce(sum(e_result) FILTER (WHERE ${inP}), 0)::bigint AS e_result,
      coalesce(sum(digitised) FILTER (WHERE ${inP}), 0)::bigint AS digitised,
      coalesce(sum(reused) FILTER (WHERE ${inP}), 0)::bigint AS reused
    FROM quality_counter WHERE day < ${q.toExcl}::date AND ${agencyFilter(q.agencyIds)}
    ${q.byAgency ? sql`GROUP BY agency_id` : sql``}`.execute(db);
  return rows.map((r) => ({
    agencyId: r.agency_id ?? null,
    receivedBeforeEnd: Number(r.received_before_end),
    endedBeforeStart: Number(r.ended_before_start),
    endedBeforeEnd: Number(r.ended_before_end),
    finEarly: Number(r.fin_early),
    finOnTime: Number(r.fin_on_time),
    finLate: Number(r.fin_late),
    kBeforeEnd: Number(r.k_before_end),
    keBeforeEnd: Number(r.ke_before_end),
    received: Number(r.received),
    eligibleFull: Number(r.eligible_full),
    onlineFull: Number(r.online_full),
    fee: Number(r.fee),
    paidOnline: Number(r.paid_online),
    docResult: Number(r.doc_result),
    eResult: Number(r.e_result),
    digitised: Number(r.digitised),
    reused: Number(r.reused),
  }));
}

/** Open dossiers overdue right now (the current period's exact real-time count), by agency. */
export async function openOverdueNow(db: Executor, agencyIds: readonly string[] | null, now: Date): Promise<Map<string, number>> {
  const { rows } = await sql<{ agency_id: FactTableRow['agency_id']; n: number }>`SELECT agency_id, count(*)::int AS n FROM quality_dossier_fact
    WHERE accepted AND end_at IS NULL AND (forced_late OR due_at < ${now}) AND ${agencyFilter(agencyIds)} GROUP BY agency_id`.execute(db);
  return new Map(rows.map((r) => [r.agency_id, r.n]));
}

/** Distinct procedures with ≥1 fee-bearing / paid-online dossier received in the period, by agency. */
export async function procedureCounts(
  db: Executor,
  q: { agencyIds: readonly string[] | null; from: string; toExcl: string },
): Promise<{ agencyId: string; procedureCode: string; fee: number; paidOnline: number }[]> {
  const { rows } = await sql<
    Pick<TableRow<'quality_proc_day'>, 'agency_id' | 'procedure_code' | 'fee' | 'paid_online'>
  >`SELECT agency_id, procedure_code, sum(fee)::int AS fee, sum(paid_online)::int AS paid_online FROM quality_proc_day
    WHERE day >= ${q.from}::date AND day < ${q.toExcl}::date AND ${agencyFilter(q.agencyIds)} GROUP BY agency_id, procedure_code`.execute(db);
  return rows.map((r) => ({
    agencyId: r.agency_id,
    procedureCode: r.procedure_code,
    fee: r.fee,
    paidOnline: r.paid_online,
  }));
}

export interface CatalogVersion {
  code: string;
  status: string;
  agencyIds: string[];
  genericKinds: string[];
  decisionDate: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  publishedAt: Date | null;
  hasFee: boolean;
  complete: boolean;
}

/** Published and abolished procedure versions with the facts the publicity indicators need. */
export async function catalogVersions(db: Executor): Promise<CatalogVersion[]> {
  const { rows } = await sql<
    Pick<
      TableRow<'procedure_version'>,
      'code' | 'status' | 'agency_ids' | 'generic_agency_kinds' | 'decision_date' | 'effective_from' | 'effective_to' | 'published_at'
    > & { has_fee: boolean; complete: boolean }
  >`SELECT code, status, agency_ids, generic_agency_kinds, decision_date, effective_from, effective_to, published_at,
      jsonb_path_exists(content, '$.cases[*].fees[*] ? (@.amountVnd > 0)') AS has_fee,
      (coalesce(length(content->>'name'), 0) > 0
        AND jsonb_array_length(coalesce(content->'steps', '[]'::jsonb)) > 0
        AND jsonb_array_length(coalesce(content->'channels', '[]'::jsonb)) > 0
        AND jsonb_array_length(coalesce(content->'components', '[]'::jsonb)) > 0
        AND jsonb_array_length(coalesce(content->'subjects', '[]'::jsonb)) > 0
        AND NOT jsonb_path_exists(content, '$.cases[*] ? (!exists(@.time.amount))')
        AND (content->'agencies'->'competent' IS NOT NULL AND content->'agencies'->'competent' <> 'null'::jsonb OR coalesce(content->>'agencyKind', '') <> '')) AS complete
    FROM procedure_version WHERE status IN ('published', 'abolished')`.execute(db);
  return rows.map((r) => ({
    code: r.code,
    status: r.status,
    agencyIds: r.agency_ids ?? [],
    genericKinds: r.generic_agency_kinds ?? [],
    decisionDate: dayStr(r.decision_date),
    effectiveFrom: dayStr(r.effective_from),
    effectiveTo: dayStr(r.effective_to),
    publishedAt: r.published_at ?? null,
    hasFee: r.has_fee,
    complete: r.complete,
  }));
}

export interface AgencyInfo {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  unitCode: string;
  unitLevel: string | null;
  unitName: string | null;
  parentId: string | null;
  current: boolean;
}

export async function agencies(db: Executor): Promise<AgencyInfo[]> {
  const { rows } = await sql<
    Pick<TableRow<'agency'>, 'id' | 'code' | 'name' | 'short_name' | 'kind' | 'unit_code' | 'parent_id' | 'valid_to'> & {
      unit_level: TableRow<'admin_unit'>['level'] | null;
      unit_name: TableRow<'admin_unit'>['name'] | null;
    }
  >`SELECT a.id, a.code, a.name, a.short_name, a.kind, a.unit_code, a.parent_id, a.valid_to,
      (SELECT u.level FROM admin_unit u WHERE u.code = a.unit_code ORDER BY u.valid_to DESC NULLS FIRST LIMIT 1) AS unit_level,
      (SELECT u.name FROM admin_unit u WHERE u.code = a.unit_code ORDER BY u.valid_to DESC NULLS FIRST LIMIT 1) AS unit_name
    FROM agency a ORDER BY a.name`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name ?? null,
    kind: r.kind,
    unitCode: r.unit_code,
    unitLevel: r.unit_level ?? null,
    unitName: r.unit_name ?? null,
    parentId: r.parent_id ?? null,
    current: r.valid_to === null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Drill-down and late lists
// ---------------------------------------------------------------------------------------------

export interface DrillRow {
  id: string;
  code: string;
  procedureCode: string;
  procedureName: string;
  agencyId: string;
  receivedAt: Date | null;
  dueAt: Date | null;
  endAt: Date | null;
  outcome: string | null;
  waitingApplicant: boolean;
  forcedLate: boolean;
  status: number;
  assigneeId: string | null;
  assigneeName: string | null;
  explained: boolean;
}

export type DrillKind = 'late' | 'on_time' | 'not_online' | 'not_paid_online' | 'no_e_result' | 'not_digitised' | 'not_reused' | 'received';

/** The dossiers behind an indicator in a period, e.g. the late ones of 2.1. */
export async function drill(
  db: Executor,
  q: { kind: DrillKind; agencyIds: readonly string[] | null; from: string; toExcl: string; now: Date; limit: number; offset: number },
): Promise<{ items: DrillRow[]; total: number }> {
  const inR = sql`f.r_day >= ${q.from}::date AND f.r_day < ${q.toExcl}::date`;
  const p1 = sql`(${q.toExcl}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;
  const openAtEnd = sql`(f.e_day IS NULL OR f.e_day >= ${q.toExcl}::date) AND f.r_day < ${q.toExcl}::date`;
  const overdueAtEnd = sql`(f.forced_late OR f.due_at < least(${p1}, ${q.now}::timestamptz))`;
  let cond: RawBuilder<unknown>;
  switch (q.kind) {
    case 'late':
      cond = sql`((f.outcome = 'late' AND f.e_day >= ${q.from}::date AND f.e_day < ${q.toExcl}::date) OR (${openAtEnd} AND ${overdueAtEnd}))`;
      break;
    case 'on_time':
      cond = sql`((f.outcome IN ('early', 'on_time') AND f.e_day >= ${q.from}::date AND f.e_day < ${q.toExcl}::date) OR (${openAtEnd} AND NOT ${overdueAtEnd}))`;
      break;
    case 'not_online':
      cond = sql`${inR} AND f.eligible_full AND NOT f.online_full`;
      break;
    case 'not_paid_online':
      cond = sql`${inR} AND f.fee AND NOT f.paid_online`;
      break;
    case 'no_e_result':
      cond = sql`${inR} AND f.doc_result AND NOT f.e_result`;
      break;
    case 'not_digitised':
      cond = sql`${inR} AND NOT f.digitised`;
      break;
    case 'not_reused':
      cond = sql`${inR} AND NOT f.reused`;
      break;
    case 'received':
      cond = inR;
      break;
  }
  const { rows } = await sql<
    FactWithDossier &
      Pick<TableRow<'dossier'>, 'procedure_name'> & { assignee_name: TableRow<'app_user'>['full_name'] | null; explained: boolean; total_count: BigCount }
  >`SELECT ${FACT_COLUMNS}, d.code, d.procedure_name, d.status, d.assignee_id, u.full_name AS assignee_name,
      (e.dossier_id IS NOT NULL) AS explained, count(*) OVER () AS total_count
    FROM quality_dossier_fact f JOIN dossier d ON d.id = f.dossier_id
    LEFT JOIN app_user u ON u.id = d.assignee_id
    LEFT JOIN quality_late_explanation e ON e.dossier_id = f.dossier_id
    WHERE f.accepted AND ${agencyFilter(q.agencyIds, sql.ref('f.agency_id'))} AND ${cond}
    ORDER BY f.due_at, d.code LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return {
    total: rows.length ? Number(rows[0].total_count) : 0,
    items: rows.map((r) => ({
      id: r.dossier_id,
      code: r.code,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      agencyId: r.agency_id,
      receivedAt: r.received_at ?? null,
      dueAt: r.due_at ?? null,
      endAt: r.end_at ?? null,
      outcome: r.outcome ?? null,
      waitingApplicant: r.waiting_applicant,
      forcedLate: r.forced_late,
      status: r.status,
      assigneeId: r.assignee_id ?? null,
      assigneeName: r.assignee_name ?? null,
      explained: r.explained,
    })),
  };
}

/** Late dossiers of a month grouped by agency and officer (who held it last; NQ 131 list). */
export async function lateGroups(db: Executor, q: { agencyIds: readonly string[] | null; from: string; toExcl: string; now: Date }) {
  const p1 = sql`(${q.toExcl}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;
  const { rows } = await sql<{
    agency_id: FactTableRow['agency_id'];
    assignee_id: TableRow<'dossier'>['assignee_id'];
    assignee_name: TableRow<'app_user'>['full_name'] | null;
    n: number;
    explained: number;
    open: number;
  }>`WITH late AS (
      SELECT f.dossier_id, f.agency_id, d.assignee_id, (e.dossier_id IS NOT NULL) AS explained, (f.end_at IS NULL OR f.e_day >= ${q.toExcl}::date) AS still_open
      FROM quality_dossier_fact f JOIN dossier d ON d.id = f.dossier_id LEFT JOIN quality_late_explanation e ON e.dossier_id = f.dossier_id
      WHERE f.accepted AND ${agencyFilter(q.agencyIds, sql.ref('f.agency_id'))}
        AND ((f.outcome = 'late' AND f.e_day >= ${q.from}::date AND f.e_day < ${q.toExcl}::date)
          OR ((f.e_day IS NULL OR f.e_day >= ${q.toExcl}::date) AND f.r_day < ${q.toExcl}::date AND (f.forced_late OR f.due_at < least(${p1}, ${q.now}::timestamptz)))))
    SELECT l.agency_id, l.assignee_id, u.full_name AS assignee_name, count(*)::int AS n, count(*) FILTER (WHERE l.explained)::int AS explained,
      count(*) FILTER (WHERE l.still_open)::int AS open
    FROM late l LEFT JOIN app_user u ON u.id = l.assignee_id GROUP BY l.agency_id, l.assignee_id, u.full_name`.execute(db);
  return rows.map((r) => ({
    agencyId: r.agency_id,
    assigneeId: r.assignee_id ?? null,
    assigneeName: r.assignee_name ?? null,
    late: r.n,
    explained: r.explained,
    open: r.open,
  }));
}

export async function getFact(db: Executor, dossierId: string): Promise<(Fact & { code: string; status: number; assigneeId: string | null }) | null> {
  const { rows } =
    await sql<FactWithDossier>`SELECT ${FACT_COLUMNS}, d.code, d.status, d.assignee_id FROM quality_dossier_fact f JOIN dossier d ON d.id = f.dossier_id WHERE f.dossier_id = ${dossierId}`.execute(
      db,
    );
  return rows.length ? { ...toFact(rows[0]), code: rows[0].code, status: rows[0].status, assigneeId: rows[0].assignee_id ?? null } : null;
}

export interface Explanation {
  dossierId: string;
  agencyId: string;
  cause: string;
  reason: string;
  remedy: string | null;
  responsibleUserId: string | null;
  explainedBy: string | null;
  explainedByName: string | null;
  explainedAt: Date;
  version: number;
}

/** A quality_late_explanation row as read (every column, typed from the generated schema). */
type ExplanationTableRow = TableRow<'quality_late_explanation'>;
const EXPLANATION_COLUMNS = sql`dossier_id, agency_id, cause, reason, remedy, responsible_user_id, explained_by, explained_by_name, explained_at, version`;
const toExplanation = (r: ExplanationTableRow): Explanation => ({
  dossierId: r.dossier_id,
  agencyId: r.agency_id,
  cause: r.cause,
  reason: r.reason,
  remedy: r.remedy ?? null,
  responsibleUserId: r.responsible_user_id ?? null,
  explainedBy: r.explained_by ?? null,
  explainedByName: r.explained_by_name ?? null,
  explainedAt: r.explained_at,
  version: r.version,
});

export async function getExplanation(db: Executor, dossierId: string): Promise<Explanation | null> {
  const { rows } = await sql<ExplanationTableRow>`SELECT ${EXPLANATION_COLUMNS} FROM quality_late_explanation WHERE dossier_id = ${dossierId}`.execute(db);
  return rows.length ? toExplanation(rows[0]) : null;
}

export async function upsertExplanation(tx: Executor, e: Omit<Explanation, 'explainedAt' | 'version'>, at: Date): Promise<Explanation> {
  const { rows } =
    await sql<ExplanationTableRow>`INSERT INTO quality_late_explanation (dossier_id, agency_id, cause, reason, remedy, responsible_user_id, explained_by, explained_by_name, explained_at)
    VALUES (${e.dossierId}, ${e.agencyId}, ${e.cause}, ${e.reason}, ${e.remedy}, ${e.responsibleUserId}, ${e.explainedBy}, ${e.explainedByName}, ${at})
    ON CONFLICT (dossier_id) DO UPDATE SET cause = EXCLUDED.cause, reason = EXCLUDED.reason, remedy = EXCLUDED.remedy, responsible_user_id = EXCLUDED.responsible_user_id,
      explained_by = EXCLUDED.explained_by, explained_by_name = EXCLUDED.explained_by_name, explained_at = EXCLUDED.explained_at, version = quality_late_explanation.version + 1
    RETURNING ${EXPLANATION_COLUMNS}`.execute(tx);
  return toExplanation(rows[0]);
}

export interface Publication {
  month: string;
  publishedAt: Date;
  publishedBy: string | null;
  agencies: unknown;
  officers: unknown;
  totals: unknown;
}

export async function getPublication(db: Executor, month: string): Promise<Publication | null> {
  const { rows } = await sql<
    TableRow<'quality_late_publication'>
  >`SELECT month, published_at, published_by, agencies, officers, totals FROM quality_late_publication WHERE month = ${month}`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  return {
    month: r.month,
    publishedAt: r.published_at,
    publishedBy: r.published_by ?? null,
    agencies: r.agencies,
    officers: r.officers,
    totals: r.totals,
  };
}

export async function listPublicationMonths(db: Executor): Promise<string[]> {
  const { rows } = await sql<Pick<TableRow<'quality_late_publication'>, 'month'>>`SELECT month FROM quality_late_publication ORDER BY month DESC`.execute(db);
  return rows.map((r) => r.month);
}

export async function insertPublication(tx: Executor, p: Omit<Publication, 'publishedAt'>, at: Date): Promise<boolean> {
  const r = await sql`INSERT INTO quality_late_publication (month, published_at, published_by, agencies, officers, totals)
    VALUES (${p.month}, ${at}, ${p.publishedBy}, ${JSON.stringify(p.agencies)}::jsonb, ${JSON.stringify(p.officers)}::jsonb, ${JSON.stringify(p.totals)}::jsonb)
    ON CONFLICT (month) DO NOTHING`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

// ---------------------------------------------------------------------------------------------
// 5.4 satisfaction, 5.2/5.1 feedback, 2.2 resolution time
// ---------------------------------------------------------------------------------------------

/** Dossiers received in the period and, of them, the late ones under 2.1's rules at the period end, by agency. */
export async function receivedAndLate(
  db: Executor,
  q: { agencyIds: readonly string[] | null; from: string; toExcl: string; now: Date },
): Promise<Map<string, { received: number; late: number }>> {
  const p1 = sql`(${q.toExcl}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;
  const { rows } = await sql<{ agency_id: FactTableRow['agency_id']; received: number; late: number }>`SELECT agency_id, count(*)::int AS received,
      count(*) FILTER (WHERE (outcome = 'late' AND e_day < ${q.toExcl}::date)
        OR ((e_day IS NULL OR e_day >= ${q.toExcl}::date) AND (forced_late OR due_at < least(${p1}, ${q.now}::timestamptz))))::int AS late
    FROM quality_dossier_fact
    WHERE accepted AND r_day >= ${q.from}::date AND r_day < ${q.toExcl}::date AND ${agencyFilter(q.agencyIds)}
    GROUP BY agency_id`.execute(db);
  return new Map(rows.map((r) => [r.agency_id, { received: r.received, late: r.late }]));
}

/** Of the given dossiers, those received (accepted) in the period, with their agency. */
export async function receivedAmong(
  db: Executor,
  dossierIds: readonly string[],
  q: { agencyIds: readonly string[] | null; from: string; toExcl: string },
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < dossierIds.length; i += 5000) {
    const ids = dossierIds.slice(i, i + 5000);
    const { rows } = await sql<Pick<FactTableRow, 'dossier_id' | 'agency_id'>>`SELECT f.dossier_id, f.agency_id FROM quality_dossier_fact f
      WHERE f.dossier_id = ANY(${ids}::uuid[]) AND f.accepted AND f.r_day >= ${q.from}::date AND f.r_day < ${q.toExcl}::date AND ${agencyFilter(q.agencyIds, sql.ref('f.agency_id'))}`.execute(
      db,
    );
    for (const r of rows) out.set(r.dossier_id, r.agency_id);
  }
  return out;
}

/**
 * The applicants' ratings (citizens module's dossier_rating: account, link/QR, counter screen) of
 * the dossiers received in the period, with the agency the dossier is attributed to. This is the
 * dossier ratings for 5.4 (the front office's tablet ratings join them in quality.service.ts
 * satisfactionRatings, through the front office's public file).
 */
export async function ratingsOfReceived(
  db: Executor,
  q: { agencyIds: readonly string[] | null; from: string; toExcl: string },
): Promise<{ agencyId: string; dossierId: string; level: number; source: string }[]> {
  const { rows } = await sql<
    Pick<FactTableRow, 'agency_id'> & Pick<TableRow<'dossier_rating'>, 'dossier_id' | 'overall' | 'channel'>
  >`SELECT f.agency_id, r.dossier_id, r.overall, r.channel
    FROM dossier_rating r JOIN quality_dossier_fact f ON f.dossier_id = r.dossier_id
    WHERE f.accepted AND f.r_day >= ${q.from}::date AND f.r_day < ${q.toExcl}::date AND ${agencyFilter(q.agencyIds, sql.ref('f.agency_id'))}`.execute(db);
  return rows.map((r) => ({ agencyId: r.agency_id, dossierId: r.dossier_id, level: r.overall, source: r.channel }));
}

export interface FeedbackRow {
  agencyId: string;
  status: 'received' | 'forwarded' | 'answered' | 'published' | 'closed';
  closeReason: string | null;
  topic: string | null;
  receivedAt: Date;
  forwardedAt: Date | null;
  answeredAt: Date | null;
  publishedAt: Date | null;
}

/** Feedback received in the period (Vietnam dates), attributed to the competent agency, else the receiving one. */
export async function feedbackRows(db: Executor, q: { agencyIds: readonly string[] | null; from: string; toExcl: string }): Promise<FeedbackRow[]> {
  const { rows } = await sql<
    { agency_id: TableRow<'feedback'>['receiving_agency_id'] } & Pick<
      TableRow<'feedback'>,
      'status' | 'close_reason' | 'topic' | 'received_at' | 'forwarded_at' | 'answered_at' | 'published_at'
    >
  >`SELECT coalesce(agency_id, receiving_agency_id) AS agency_id, status, close_reason, topic, received_at, forwarded_at, answered_at, published_at
    FROM feedback
    WHERE received_at >= (${q.from}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AND received_at < (${q.toExcl}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
      AND ${agencyFilter(q.agencyIds, sql`coalesce(agency_id, receiving_agency_id)`)}`.execute(db);
  return rows.map((r) => ({
    agencyId: r.agency_id,
    status: r.status as FeedbackRow['status'],
    closeReason: r.close_reason ?? null,
    topic: r.topic ?? null,
    receivedAt: r.received_at,
    forwardedAt: r.forwarded_at ?? null,
    answeredAt: r.answered_at ?? null,
    publishedAt: r.published_at ?? null,
  }));
}

/** Dossiers whose QĐ 766 processing ended in the period (not those waiting for the applicant), for 2.2. */
export async function finishedInPeriod(
  db: Executor,
  q: { agencyIds: readonly string[] | null; from: string; toExcl: string },
): Promise<{ procedureCode: string; procedureName: string; receivedAt: Date; endAt: Date }[]> {
  // end_at IS NOT NULL is in the WHERE; received_at is set on every accepted fact.
  const { rows } = await sql<
    Pick<FactTableRow, 'procedure_code' | 'received_at' | 'end_at'> & Pick<TableRow<'dossier'>, 'procedure_name'>
  >`SELECT f.procedure_code, d.procedure_name, f.received_at, f.end_at
    FROM quality_dossier_fact f JOIN dossier d ON d.id = f.dossier_id
    WHERE f.accepted AND f.end_at IS NOT NULL AND NOT f.waiting_applicant AND f.e_day >= ${q.from}::date AND f.e_day < ${q.toExcl}::date
      AND ${agencyFilter(q.agencyIds, sql.ref('f.agency_id'))}`.execute(db);
  return rows.map((r) => ({
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    receivedAt: r.received_at as Date,
    endAt: r.end_at as Date,
  }));
}
