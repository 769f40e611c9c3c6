/**
 * Set-based generator of dossiers with realistic action histories, for the equality test and the
 * bench (never used by the application). Everything is INSERT … SELECT over generate_series, so
 * 100,000 dossiers take seconds on PGlite and 1,000,000 well under a few minutes on PostgreSQL.
 *
 * Each dossier (deterministic pseudo-random draws with setseed):
 *  - received on a random day of [start, start + spanDays) between 08:00 and 15:00 (+07:00) at
 *    one of the one-stop centres, processed by one of the departments / commune committees;
 *  - appointment = receipt + 3..17 days; processing takes 0..1.4 × that (about a third late);
 *  - a scenario: plain (55%), one supplement (10%), payment (7%, half paid online), two
 *    supplements (3%, late by rule), withdrawn (3%), stopped (2%), waiting for a supplement (3%),
 *    waiting for payment (2%), slow (15%: up to 2.1 × the time limit); a dossier whose end would
 *    fall after `now` stays open, and one waiting for the applicant more than 60 days before `now`
 *    got its answer (so the dossiers in progress are those of the last weeks, as in a province);
 *  - the snapshot has every field of DossierState as the dossier service writes it
 *    (involvedAgencyIds, clocks, assignee — one specialist of the lead agency when it has one, with
 *    its `assign` action —, full supplement/payment/result/return/closure records) and the
 *    procedure's first case key, so the staff screens read generated dossiers like real ones;
 *  - channel online 45% / post 5% / counter; components digitised 60%, reused data 15%;
 *    electronic result file 40%.
 * The action rows carry the same payloads and events as the dossier service writes (receive,
 * forward, request_supplement, supplement_received, request_payment, payment_received,
 * result_ready, return_result, withdraw, stop), and the snapshot `state` is consistent with them.
 */
import { sql } from 'kysely';
import type { Executor } from '../src/platform/db/database.js';

export interface GenerateOptions {
  count: number;
  /** First receipt day, YYYY-MM-DD. */
  start: string;
  spanDays: number;
  now: Date;
  seed?: number;
  codePrefix?: string;
}

export async function generateDossiers(db: Executor, o: GenerateOptions): Promise<number> {
  const prefix = o.codePrefix ?? 'GEN';
  const { rows: ag } = await sql<{ id: string; kind: string }>`SELECT id, kind FROM agency WHERE valid_to IS NULL ORDER BY code`.execute(db);
  const leads = ag.filter((a) => ['department', 'commune_people_committee', 'police'].includes(a.kind)).map((a) => a.id);
  const recvs = ag.filter((a) => a.kind.endsWith('service_centre')).map((a) => a.id);
  const { rows: pv } = await sql<{ id: string; code: string; name: string; field: string; case_key: string }>`SELECT id, code, name, field,
      coalesce(content->'cases'->0->>'key', 'default') AS case_key FROM procedure_version WHERE status = 'published' ORDER BY code, version_no`.execute(db);
  // One specialist per lead agency (the demo seed has some): the officer the head assigns.
  const { rows: offs } = await sql<{ agency_id: string; id: string }>`SELECT DISTINCT ON (agency_id) agency_id, id FROM app_user
    WHERE kind = 'staff' AND active AND 'specialist' = ANY(roles) AND agency_id = ANY(${leads}::uuid[]) ORDER BY agency_id, username`.execute(db);
  const offAgencies = offs.map((o) => o.agency_id);
  const offIds = offs.map((o) => o.id);
  if (!leads.length || !recvs.length || !pv.length) throw new Error('generateDossiers: needs agencies and published procedures (demo seed)');

  await sql`DROP TABLE IF EXISTS qgen`.execute(db);
  await sql`SELECT setseed(${o.seed ?? 0.4242})`.execute(db);
  await sql`CREATE TEMP TABLE qgen AS
    WITH x AS (
      SELECT i, gen_random_uuid() AS id, random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5, random() AS u6,
             random() AS u7, random() AS u8, random() AS u9, random() AS u10, random() AS u11
      FROM generate_series(1, ${o.count}) AS i),
    y AS (
      SELECT x.*, (${leads}::uuid[])[1 + (i % ${leads.length})] AS lead, (${recvs}::uuid[])[1 + ((i / 7) % ${recvs.length})] AS recv,
        1 + ((i * 31) % ${pv.length}) AS pvi,
        ((${o.start}::date + floor(u1 * ${o.spanDays})::int)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') + interval '8 hours' + floor(u2 * 420) * interval '1 minute' AS r,
        (3 + floor(u3 * 15))::int AS t,
        CASE WHEN u4 < 0.55 THEN 'plain' WHEN u4 < 0.65 THEN 'sup1' WHEN u4 < 0.72 THEN 'pay' WHEN u4 < 0.75 THEN 'sup2' WHEN u4 < 0.78 THEN 'withdraw'
             WHEN u4 < 0.80 THEN 'stop' WHEN u4 < 0.83 THEN 'wait_sup' WHEN u4 < 0.85 THEN 'wait_pay' ELSE 'open' END AS scen0
      FROM x),
    -- Applicants answer within two months: an older dossier that asked for a supplement or a payment got it.
    y2 AS (
      SELECT y.*, CASE WHEN scen0 = 'wait_sup' AND r < ${o.now}::timestamptz - interval '60 days' THEN 'sup1'
                       WHEN scen0 = 'wait_pay' AND r < ${o.now}::timestamptz - interval '60 days' THEN 'pay' ELSE scen0 END AS scen
      FROM y),
    z AS (
      SELECT y2.*, r + t * interval '1 day' AS appt, u5 * 1.4 * t * interval '1 day' AS dur,
        CASE WHEN scen IN ('sup1', 'sup2', 'wait_sup') THEN r + u5 * 0.4 * t * interval '1 day' + interval '2 hours' END AS s1f,
        CASE WHEN scen IN ('sup1', 'sup2') THEN r + u5 * 0.4 * t * interval '1 day' + interval '2 hours' + (1 + floor(u6 * 8)) * interval '1 day' END AS s1t,
        CASE WHEN scen IN ('pay', 'wait_pay') THEN r + u5 * 0.5 * t * interval '1 day' + interval '3 hours' END AS pf,
        CASE WHEN scen = 'pay' THEN r + u5 * 0.5 * t * interval '1 day' + interval '3 hours' + (1 + floor(u6 * 3)) * interval '1 day' END AS pt
      FROM y2),
    w AS (
      SELECT z.*,
        CASE WHEN scen = 'sup2' THEN s1t + interval '1 day' END AS s2f,
        CASE WHEN scen = 'sup2' THEN s1t + interval '3 days' END AS s2t,
        CASE WHEN scen IN ('plain', 'sup1', 'pay') THEN r + dur + coalesce(s1t - s1f, interval '0') + coalesce(pt - pf, interval '0') + interval '30 minutes'
             WHEN scen = 'sup2' THEN s1t + interval '3 days' + dur * 0.5 + interval '30 minutes'
             WHEN scen IN ('withdraw', 'stop') THEN r + dur * 0.5 + interval '20 minutes'
             -- still in progress: a slow one (up to 2.1 × its time limit), finished once that is past
             WHEN scen = 'open' THEN r + dur * 1.5 + interval '30 minutes' END AS e0
      FROM z)
    SELECT w.i, w.id, w.u1, w.u2, w.u3, w.u4, w.u5, w.u6, w.u7, w.u8, w.u9, w.u10, w.u11, w.lead, w.recv, w.pvi, w.r, w.t,
      CASE WHEN scen = 'open' AND e0 <= ${o.now}::timestamptz THEN 'plain' ELSE scen END AS scen, w.appt, w.dur, w.s1f, w.s1t, w.pf, w.pt, w.s2f, w.s2t, w.e0,
      CASE WHEN e0 <= ${o.now}::timestamptz THEN e0 END AS e,
      CASE WHEN e0 <= ${o.now}::timestamptz AND scen IN ('plain', 'sup1', 'pay', 'sup2', 'open') AND e0 + interval '1 day' <= ${o.now}::timestamptz THEN e0 + interval '1 day' END AS ret
    FROM w
    WHERE r <= ${o.now}::timestamptz`.execute(db);
  await sql`UPDATE qgen SET scen = 'open', s1f = NULL, s1t = NULL, s2f = NULL, s2t = NULL, pf = NULL, pt = NULL
    WHERE e IS NULL AND scen IN ('plain', 'withdraw', 'stop') OR (scen IN ('sup1', 'sup2', 'pay') AND e IS NULL AND greatest(s1f, s2f, pf) > ${o.now}::timestamptz)`.execute(
    db,
  );
  await sql`UPDATE qgen SET s1t = NULL, scen = 'wait_sup', s2f = NULL, s2t = NULL WHERE scen IN ('sup1', 'sup2') AND e IS NULL AND s1t > ${o.now}::timestamptz`.execute(
    db,
  );
  await sql`UPDATE qgen SET pt = NULL, scen = 'wait_pay' WHERE scen = 'pay' AND e IS NULL AND pt > ${o.now}::timestamptz`.execute(db);
  await sql`UPDATE qgen SET s2t = NULL, scen = 'wait_sup2' WHERE scen = 'sup2' AND e IS NULL AND s2t > ${o.now}::timestamptz`.execute(db);

  const pvIds = pv.map((p) => p.id);
  const pvCodes = pv.map((p) => p.code);
  const pvNames = pv.map((p) => p.name);
  const pvFields = pv.map((p) => p.field);
  const pvCases = pv.map((p) => p.case_key);
  await sql`INSERT INTO dossier (id, code, procedure_code, procedure_version_id, procedure_name, field, case_key, channel, status, receiving_agency_id, lead_agency_id,
      current_agency_id, assignee_id, agency_ids, applicant_kind, applicant_name, applicant_id_number, components, submitted_at, received_at, appointment_original, appointment_current,
      processing_ended_at, returned_at, has_apology, state, created_at, updated_at)
    SELECT g.id, ${prefix} || '-' || g.i, (${pvCodes}::text[])[g.pvi], (${pvIds}::uuid[])[g.pvi], (${pvNames}::text[])[g.pvi], (${pvFields}::text[])[g.pvi], (${pvCases}::text[])[g.pvi],
      ch.channel, st.status, g.recv, g.lead, g.lead, ac.officer, ARRAY[g.recv, g.lead], 'citizen', 'Người nộp ' || g.i, lpad((g.i % 1000000000)::text, 12, '0'),
      jsonb_build_array(jsonb_build_object('index', 0, 'name', 'Tờ khai', 'originals', 1, 'copies', 0, 'digitised', g.u7 < 0.6, 'reusedFrom', CASE WHEN g.u8 < 0.15 THEN 'previous_result' END)),
      g.r, g.r, g.appt, ac.cur, g.e, g.ret, false,
      -- Every field of DossierState (dossiers.rules.ts), as the dossier service writes it after the same actions.
      jsonb_build_object('status', st.status, 'channel', ch.channel, 'receivingAgencyId', g.recv, 'submittedAt', to_char((g.r) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'receivedAt', to_char((g.r) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'leadAgencyId', g.lead, 'currentAgencyId', g.lead, 'currentAgencyReceivedAt', to_char((g.r + interval '1 minute') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'currentStep', 0,
        'assignee', CASE WHEN ac.officer IS NOT NULL THEN jsonb_build_object('departmentId', NULL, 'officerId', ac.officer) END,
        'transferStack', '[]'::jsonb, 'involvedAgencyIds', jsonb_build_array(g.lead),
        'supplementPhase', CASE WHEN st.status = 5 THEN 'processing' END,
        'supplementCountByAgency', CASE WHEN g.s1f IS NOT NULL THEN jsonb_build_object(g.lead::text, CASE WHEN g.s2f IS NOT NULL THEN 2 ELSE 1 END) ELSE '{}'::jsonb END,
        'clocks', jsonb_build_object('legal', ac.clock, 'qd766', ac.clock),
        'legalClockStartedAt', to_char((coalesce(g.s2t, g.s1t, g.r)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'appointment', jsonb_build_object('original', to_char((g.appt) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'current', to_char((ac.cur) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
        'pausedIntervals', (SELECT coalesce(jsonb_agg(p ORDER BY p->>'from'), '[]'::jsonb) FROM (VALUES
            (CASE WHEN g.s1f IS NOT NULL THEN jsonb_build_object('reason', 'supplement', 'clocks', jsonb_build_array('qd766'), 'from', to_char((g.s1f) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'to', to_char((g.s1t) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END),
            (CASE WHEN g.s2f IS NOT NULL THEN jsonb_build_object('reason', 'supplement', 'clocks', jsonb_build_array('qd766'), 'from', to_char((g.s2f) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'to', to_char((g.s2t) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END),
            (CASE WHEN g.pf IS NOT NULL THEN jsonb_build_object('reason', 'payment', 'clocks', jsonb_build_array('legal', 'qd766'), 'from', to_char((g.pf) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'to', to_char((g.pt) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END)) v(p)
          WHERE p IS NOT NULL),
        'supplements', (SELECT coalesce(jsonb_agg(p), '[]'::jsonb) FROM (VALUES
            (CASE WHEN g.s1f IS NOT NULL THEN jsonb_build_object('phase', 'processing', 'agencyId', g.lead, 'requestedAt', to_char((g.s1f) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'requestedBy', ac.officer, 'reason', 'Thiếu giấy tờ',
              'items', jsonb_build_array('Bản sao giấy tờ còn thiếu'), 'deadline', NULL, 'receivedAt', to_char((g.s1t) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'receivedBy', NULL,
              'appointmentBefore', to_char((g.appt) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'appointmentAfter', to_char((g.s1t + g.t * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END),
            (CASE WHEN g.s2f IS NOT NULL THEN jsonb_build_object('phase', 'processing', 'agencyId', g.lead, 'requestedAt', to_char((g.s2f) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'requestedBy', ac.officer, 'reason', 'Thiếu giấy tờ lần 2',
              'items', jsonb_build_array('Bản sao giấy tờ còn thiếu'), 'deadline', NULL, 'receivedAt', to_char((g.s2t) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'receivedBy', NULL,
              'appointmentBefore', to_char((g.s1t + g.t * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'appointmentAfter', to_char((g.s2t + g.t * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END)) v(p) WHERE p IS NOT NULL),
        'payments', CASE WHEN g.pf IS NOT NULL THEN jsonb_build_array(jsonb_build_object('requestedAt', to_char((g.pf) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'requestedBy', ac.officer, 'items', jsonb_build_array(jsonb_build_object('name', 'Lệ phí', 'amount', 50000)),
            'paidAt', to_char((g.pt) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'paidOnline', CASE WHEN g.pt IS NULL THEN NULL ELSE g.u10 < 0.5 END)) ELSE '[]'::jsonb END,
        'apology', NULL,
        'result', CASE WHEN g.e IS NOT NULL AND g.scen IN ('plain', 'sup1', 'pay', 'sup2') THEN jsonb_build_object('readyAt', to_char((g.e) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'decisionNumber', 'QĐ-' || g.i,
            'signer', 'Lãnh đạo cơ quan', 'signedOn', to_char(g.e AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'), 'fileId', CASE WHEN g.u11 < 0.4 THEN 'file-' || g.i END, 'agencyId', g.lead) END,
        'returnInfo', CASE WHEN g.ret IS NOT NULL THEN jsonb_build_object('at', to_char((g.ret) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'channel', 'counter', 'receivedBy', 'Người nộp ' || g.i, 'trackingNumber', NULL, 'by', NULL) END,
        'closure', CASE WHEN g.e IS NOT NULL AND g.scen IN ('withdraw', 'stop') THEN jsonb_build_object('kind', CASE g.scen WHEN 'withdraw' THEN 'withdrawn' ELSE 'stopped' END,
            'at', to_char((g.e) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'by', NULL, 'reason', 'Theo đề nghị', 'reference', NULL) END,
        'processingEndedAt', to_char((g.e) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      g.r, coalesce(g.ret, g.e, g.r)
    FROM qgen g
    CROSS JOIN LATERAL (SELECT CASE WHEN g.u9 < 0.45 THEN 'online' WHEN g.u9 < 0.5 THEN 'post' ELSE 'counter' END AS channel) ch
    CROSS JOIN LATERAL (SELECT CASE
        WHEN g.ret IS NOT NULL THEN 10 WHEN g.e IS NOT NULL AND g.scen = 'withdraw' THEN 7 WHEN g.e IS NOT NULL AND g.scen = 'stop' THEN 8 WHEN g.e IS NOT NULL THEN 9
        WHEN g.scen IN ('wait_sup', 'wait_sup2') THEN 5 WHEN g.scen = 'wait_pay' THEN 6 ELSE 4 END AS status) st
    -- The appointment in force (a received supplement restarts the time limit), both clocks, the officer assigned (if the lead agency has one).
    CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', CASE WHEN g.s2t IS NOT NULL THEN g.s2t + g.t * interval '1 day' WHEN g.s1t IS NOT NULL THEN g.s1t + g.t * interval '1 day' ELSE g.appt END) AS cur,
        CASE WHEN st.status IN (5, 6) THEN 'paused' WHEN st.status = 4 THEN 'running' ELSE 'stopped' END AS clock,
        CASE WHEN g.u6 < 0.8 THEN (${offIds}::uuid[])[array_position(${offAgencies}::uuid[], g.lead)] END AS officer) ac`.execute(db);

  const ev = (from: string, to: string) => sql`jsonb_build_object('type', 'status_changed', 'from', ${sql.raw(from)}, 'to', ${sql.raw(to)})`;
  const clk = (clock: string, effect: string, at: string) =>
    sql`jsonb_build_object('type', 'clock', 'at', to_char((${sql.raw(at)}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'clock', ${clock}::text, 'effect', ${effect}::text)`;
  await sql`INSERT INTO dossier_action (dossier_id, seq, type, at, actor_username, agency_id, from_status, to_status, payload, events)
    SELECT id, row_number() OVER (PARTITION BY id ORDER BY at, ord), type, at, 'generator', ag, fs, ts, payload, events FROM (
      SELECT id, 1 AS ord, 'receive' AS type, r AS at, recv AS ag, NULL::int AS fs, 2 AS ts,
        jsonb_build_object('type', 'receive', 'receivedAt', to_char((r) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'appointment', to_char((appt) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS payload,
        jsonb_build_array(${ev('NULL', '2')}, ${clk('legal', 'start', 'r')}, ${clk('qd766', 'start', 'r')},
          jsonb_build_object('type', 'appointment_changed', 'reason', 'receipt', 'current', to_char((appt) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) AS events FROM qgen
      UNION ALL SELECT id, 2, 'forward', r + interval '1 minute', recv, 2, 4, jsonb_build_object('type', 'forward', 'toAgencyId', lead), jsonb_build_array(${ev('2', '4')}) FROM qgen
      UNION ALL SELECT id, 2, 'assign', r + interval '2 minutes', lead, 4, 4, jsonb_build_object('type', 'assign', 'departmentId', NULL, 'officerId', o.officer), '[]'::jsonb
        FROM qgen CROSS JOIN LATERAL (SELECT CASE WHEN u6 < 0.8 THEN (${offIds}::uuid[])[array_position(${offAgencies}::uuid[], lead)] END AS officer) o WHERE o.officer IS NOT NULL
      UNION ALL SELECT id, 3, 'request_supplement', s1f, lead, 4, 5, jsonb_build_object('type', 'request_supplement', 'reason', 'Thiếu giấy tờ'),
        jsonb_build_array(${ev('4', '5')}, ${clk('legal', 'pause', 's1f')}, ${clk('qd766', 'pause', 's1f')}) FROM qgen WHERE s1f IS NOT NULL
      UNION ALL SELECT id, 4, 'supplement_received', s1t, recv, 5, 4, jsonb_build_object('type', 'supplement_received', 'newAppointment', to_char((s1t + t * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
        jsonb_build_array(${ev('5', '4')}, ${clk('legal', 'restart', 's1t')}, ${clk('qd766', 'resume', 's1t')}) FROM qgen WHERE s1t IS NOT NULL
      UNION ALL SELECT id, 5, 'request_supplement', s2f, lead, 4, 5, jsonb_build_object('type', 'request_supplement', 'reason', 'Thiếu giấy tờ lần 2'),
        jsonb_build_array(${ev('4', '5')}, ${clk('legal', 'pause', 's2f')}, ${clk('qd766', 'pause', 's2f')}) FROM qgen WHERE s2f IS NOT NULL
      UNION ALL SELECT id, 6, 'supplement_received', s2t, recv, 5, 4, jsonb_build_object('type', 'supplement_received', 'newAppointment', to_char((s2t + t * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
        jsonb_build_array(${ev('5', '4')}, ${clk('legal', 'restart', 's2t')}, ${clk('qd766', 'resume', 's2t')}) FROM qgen WHERE s2t IS NOT NULL
      UNION ALL SELECT id, 7, 'request_payment', pf, lead, 4, 6, jsonb_build_object('type', 'request_payment', 'items', jsonb_build_array(jsonb_build_object('name', 'Lệ phí', 'amount', 50000))),
        jsonb_build_array(${ev('4', '6')}, ${clk('legal', 'pause', 'pf')}, ${clk('qd766', 'pause', 'pf')}) FROM qgen WHERE pf IS NOT NULL
      UNION ALL SELECT id, 8, 'payment_received', pt, recv, 6, 4, jsonb_build_object('type', 'payment_received', 'paidOnline', u10 < 0.5),
        jsonb_build_array(${ev('6', '4')}, ${clk('legal', 'resume', 'pt')}, ${clk('qd766', 'resume', 'pt')}) FROM qgen WHERE pt IS NOT NULL
      UNION ALL SELECT id, 9, CASE scen WHEN 'withdraw' THEN 'withdraw' WHEN 'stop' THEN 'stop' ELSE 'result_ready' END, e, lead, 4,
        CASE scen WHEN 'withdraw' THEN 7 WHEN 'stop' THEN 8 ELSE 9 END,
        CASE WHEN scen IN ('withdraw', 'stop') THEN jsonb_build_object('type', scen, 'reason', 'Theo đề nghị')
             ELSE jsonb_build_object('type', 'result_ready', 'decisionNumber', 'QĐ-' || i, 'fileId', CASE WHEN u11 < 0.4 THEN 'file-' || i END) END,
        jsonb_build_array(jsonb_build_object('type', 'status_changed'), ${clk('legal', 'stop', 'e')}, ${clk('qd766', 'stop', 'e')}) FROM qgen WHERE e IS NOT NULL
      UNION ALL SELECT id, 10, 'return_result', ret, recv, 9, 10, jsonb_build_object('type', 'return_result', 'channel', 'counter'), jsonb_build_array(${ev('9', '10')}) FROM qgen WHERE ret IS NOT NULL
    ) a`.execute(db);
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM qgen`.execute(db);
  await sql`DROP TABLE qgen`.execute(db);
  return rows[0].n;
}

/**
 * A later wave of actions on generated dossiers: `fraction` of the dossiers still in progress get
 * their result at `at` (snapshot updated, action appended). Returns the ids touched.
 */
export async function finishSomeOpen(db: Executor, o: { fraction: number; at: Date; prefix?: string }): Promise<string[]> {
  const { rows } = await sql<{
    id: string;
  }>`SELECT id FROM dossier WHERE status = 4 AND code LIKE ${(o.prefix ?? 'GEN') + '-%'} AND (hashtext(id::text) % 1000 + 1000) % 1000 < ${Math.round(o.fraction * 1000)}`.execute(
    db,
  );
  const ids = rows.map((r) => r.id);
  if (!ids.length) return ids;
  await sql`INSERT INTO dossier_action (dossier_id, seq, type, at, actor_username, agency_id, from_status, to_status, payload, events)
    SELECT d.id, (SELECT max(seq) + 1 FROM dossier_action a WHERE a.dossier_id = d.id), 'result_ready', ${o.at}::timestamptz, 'generator', d.lead_agency_id, 4, 9,
      jsonb_build_object('type', 'result_ready', 'decisionNumber', 'QĐ-late', 'fileId', 'file-late'),
      jsonb_build_array(jsonb_build_object('type', 'clock', 'clock', 'qd766', 'effect', 'stop'))
    FROM dossier d WHERE d.id = ANY(${ids}::uuid[])`.execute(db);
  await sql`UPDATE dossier SET status = 9, processing_ended_at = ${o.at}::timestamptz, version = version + 1,
      state = state || jsonb_build_object('status', 9, 'processingEndedAt', to_char((${o.at}::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'result', jsonb_build_object('fileId', 'file-late'))
    WHERE id = ANY(${ids}::uuid[])`.execute(db);
  return ids;
}
