import { sql } from 'kysely';
import type { Database, Executor, TableRow } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { getProcedureVersion, type WorkflowStep } from '../catalog/catalog.public.js';
import { WORKING_DAY_MINUTES, type createCalendarService } from '../calendar/calendar.public.js';
import { notify, type NotifyInput } from '../notifications/notifications.public.js';
import type { DossierState } from './dossiers.rules.js';
import { vnDateText, vnIso } from '../../platform/vn-time.js';

/**
 * Warnings before late (issue 21 §2). Every open dossier in processing has two due moments on the
 * working-time calendar: its current step's (the step's budget in the procedure's workflow, counted
 * from when the dossier entered the step) and its own (the appointment in force). A scheduled job
 * warns the holder as each nears (DEADLINE_WARN_BEFORE, default 1 working day and 2 working hours
 * before), escalates an overdue step to the unit's leaders, and reminds the one-stop section that an
 * apology with a new appointment must be sent at least one working day before the due date. Each
 * warning is sent once: its dedupe key names the dossier, the step occurrence and the threshold.
 */

export type Threshold = { amount: number; unit: 'working_days' | 'working_hours' };
export const thresholdMinutes = (t: Threshold) => t.amount * (t.unit === 'working_days' ? WORKING_DAY_MINUTES : 60);

export type WarningKind = 'dossier.step_due_soon' | 'dossier.step_overdue' | 'dossier.due_soon' | 'dossier.overdue' | 'dossier.apology_due';
export interface Warning {
  kind: WarningKind;
  to: 'holder' | 'leaders' | 'one_stop';
  /** The threshold crossed (minutes), for the dedupe key; 0 for overdue. */
  threshold: number;
}

/**
 * Which warnings a dossier deserves now (pure). `stepLeft`/`dossierLeft`: working minutes to the
 * step's / dossier's due moment (negative once past), null when there is none. Only the most
 * urgent threshold crossed is returned (a run that comes late does not send the 1-day warning
 * next to the 2-hour one).
 */
export function warningsFor(x: { stepLeft: number | null; dossierLeft: number | null; thresholds: number[]; apologised: boolean }): Warning[] {
  const out: Warning[] = [];
  const crossed = (left: number) => [...x.thresholds].sort((a, b) => a - b).find((t) => left <= t) ?? null;
  if (x.stepLeft !== null) {
    if (x.stepLeft <= 0) out.push({ kind: 'dossier.step_overdue', to: 'holder', threshold: 0 }, { kind: 'dossier.step_overdue', to: 'leaders', threshold: 0 });
    else {
      const t = crossed(x.stepLeft);
      if (t !== null) out.push({ kind: 'dossier.step_due_soon', to: 'holder', threshold: t });
    }
  }
  if (x.dossierLeft !== null) {
    if (x.dossierLeft <= 0) out.push({ kind: 'dossier.overdue', to: 'holder', threshold: 0 }, { kind: 'dossier.overdue', to: 'leaders', threshold: 0 });
    else {
      const t = crossed(x.dossierLeft);
      if (t !== null) out.push({ kind: 'dossier.due_soon', to: 'holder', threshold: t });
      // The apology must go out at least one working day before the due date: remind the one-stop
      // section when that last day comes within the largest warning threshold.
      const largest = Math.max(...x.thresholds);
      if (!x.apologised && x.dossierLeft <= WORKING_DAY_MINUTES + largest)
        out.push({ kind: 'dossier.apology_due', to: 'one_stop', threshold: WORKING_DAY_MINUTES });
    }
  }
  return out;
}

/** The steps a lead agency works through (one-stop and liên thông steps excluded), as dossiers.service leadSteps. */
const leadSteps = (steps: readonly WorkflowStep[]) => steps.filter((s) => s.role !== 'one_stop_officer' && !s.interAgency);

interface OpenDossier {
  id: string;
  code: string;
  procedureName: string;
  procedureVersionId: string;
  caseKey: string;
  status: number;
  receivingAgencyId: string;
  currentAgencyId: string | null;
  assigneeId: string | null;
  appointment: Date | null;
  hasApology: boolean;
  state: DossierState;
  stepSince: Date | null;
  /** The applicant's citizen account, when the dossier was submitted from one. */
  applicantUserId: string | null;
}

async function openDossiers(db: Executor): Promise<OpenDossier[]> {
  // Statuses 2 (received) and 4 (processing): the clock runs. 5 and 6 wait for the applicant.
  type OpenRow = Pick<
    TableRow<'dossier'>,
    | 'id'
    | 'code'
    | 'procedure_name'
    | 'procedure_version_id'
    | 'case_key'
    | 'status'
    | 'receiving_agency_id'
    | 'current_agency_id'
    | 'assignee_id'
    | 'appointment_current'
    | 'has_apology'
    | 'state'
    | 'applicant_user_id'
  > & { step_since: TableRow<'dossier_action'>['at'] | null };
  const { rows } = await sql<OpenRow>`
    WITH open AS (SELECT id, code, procedure_name, procedure_version_id, case_key, status, receiving_agency_id, current_agency_id, assignee_id,
                         appointment_current, has_apology, state, applicant_user_id FROM dossier WHERE status IN (2, 4)),
         acts AS (SELECT a.dossier_id, a.seq, a.at, a.type, a.step, lag(a.step) OVER (PARTITION BY a.dossier_id ORDER BY a.seq) AS prev_step
                  FROM dossier_action a JOIN open o ON o.id = a.dossier_id),
         since AS (SELECT DISTINCT ON (dossier_id) dossier_id, at FROM acts
                   WHERE step IS NOT NULL AND (prev_step IS DISTINCT FROM step OR type IN ('forward', 'transfer', 'transfer_return', 'send_back', 'next_step'))
                   ORDER BY dossier_id, seq DESC)
    SELECT o.*, s.at AS step_since FROM open o LEFT JOIN since s ON s.dossier_id = o.id ORDER BY o.code`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    procedureName: r.procedure_name,
    procedureVersionId: r.procedure_version_id,
    caseKey: r.case_key,
    status: r.status,
    receivingAgencyId: r.receiving_agency_id,
    currentAgencyId: r.current_agency_id,
    assigneeId: r.assignee_id,
    appointment: r.appointment_current,
    hasApology: r.has_apology,
    state: r.state as unknown as DossierState,
    stepSince: r.step_since,
    applicantUserId: r.applicant_user_id,
  }));
}

async function usersWithRole(db: Executor, agencyId: string, role: string): Promise<string[]> {
  const { rows } = await sql<{
    id: string;
  }>`SELECT id FROM app_user WHERE agency_id = ${agencyId} AND active AND kind = 'staff' AND ${role} = ANY(roles) ORDER BY username`.execute(db);
  return rows.map((r) => r.id);
}

/** `08:05 ngày 23/11/2026`. */
const vnTime = (t: Date) => `${vnIso(t).slice(11, 16)} ngày ${vnDateText(t)}`;

function leftText(minutes: number): string {
  if (minutes <= 0) return 'đã quá hạn';
  const days = Math.floor(minutes / WORKING_DAY_MINUTES);
  const hours = Math.round((minutes % WORKING_DAY_MINUTES) / 60);
  return `còn ${days ? `${days} ngày ` : ''}${hours || !days ? `${hours} giờ ` : ''}làm việc`;
}

export interface WarningRun {
  dossiers: number;
  notifications: number;
}

export function createDeadlineWarnings(d: {
  database: Database;
  calendar: ReturnType<typeof createCalendarService>;
  clock: Clock;
  thresholds: () => Threshold[];
}) {
  const db = d.database.db;
  const versions = new Map<string, Awaited<ReturnType<typeof getProcedureVersion>>>();
  async function stepOf(o: OpenDossier): Promise<WorkflowStep | null> {
    if (o.state.currentStep === null || o.state.transferStack.length > 0 || !o.stepSince) return null;
    let v = versions.get(o.procedureVersionId);
    if (v === undefined) {
      v = await getProcedureVersion(db, o.procedureVersionId);
      if (versions.size > 500) versions.clear();
      versions.set(o.procedureVersionId, v);
    }
    const c = v?.content.cases.find((k) => k.key === o.caseKey) ?? v?.content.cases[0];
    const steps = leadSteps(c?.workflow?.steps ?? []);
    const s = steps[o.state.currentStep];
    return s ?? null;
  }

  return {
    /** One pass over the open dossiers; returns how many notifications were written (new ones only). */
    async run(): Promise<WarningRun> {
      const now = d.clock.now();
      const thresholds = d.thresholds().map(thresholdMinutes);
      const list = await openDossiers(db);
      let written = 0;
      for (const o of list) {
        const agency = o.currentAgencyId ?? o.receivingAgencyId;
        const step = await stepOf(o);
        let stepDue: Date | null = null;
        if (step && o.stepSince) stepDue = await d.calendar.deadline(o.stepSince, step.budget.amount, step.budget.unit, agency);
        const stepLeft = stepDue ? await d.calendar.workingMinutes(now, stepDue, agency).catch(() => null) : null;
        const dossierLeft = o.appointment ? await d.calendar.workingMinutes(now, o.appointment, o.receivingAgencyId).catch(() => null) : null;
        const ws = warningsFor({ stepLeft, dossierLeft, thresholds, apologised: o.hasApology });
        if (!ws.length) continue;
        // The holder: the assigned officer, else the officers of the step's role in the holding agency.
        const holderRole = step?.role ?? (o.status === 2 ? 'one_stop_officer' : 'specialist');
        const holders = o.assigneeId ? [o.assigneeId] : await usersWithRole(db, agency, holderRole);
        const stepKey = `${agency}:${o.state.currentStep}:${o.stepSince?.toISOString() ?? ''}`;
        const link = `/ho-so/${o.id}`;
        const subject = { type: 'dossier', id: o.id };
        const messages: NotifyInput[] = [];
        for (const w of ws) {
          const recipients =
            w.to === 'holder'
              ? holders
              : w.to === 'leaders'
                ? await usersWithRole(db, agency, 'unit_leader')
                : await usersWithRole(db, o.receivingAgencyId, 'one_stop_officer');
          const base = { link, subject, kind: w.kind };
          let title = '';
          let body = '';
          let key = '';
          switch (w.kind) {
            case 'dossier.step_due_soon':
              title = `Hồ sơ ${o.code} sắp hết hạn bước «${step!.name}»`;
              body = `Bước «${step!.name}» của hồ sơ ${o.code} (${o.procedureName}) hết hạn lúc ${vnTime(stepDue!)}, ${leftText(stepLeft!)}.`;
              key = `step-warn:${o.id}:${stepKey}:${w.threshold}`;
              break;
            case 'dossier.step_overdue':
              title = w.to === 'leaders' ? `Hồ sơ ${o.code} quá hạn bước «${step!.name}» — cần chỉ đạo` : `Hồ sơ ${o.code} đã quá hạn bước «${step!.name}»`;
              body = `Bước «${step!.name}» của hồ sơ ${o.code} (${o.procedureName}) hết hạn lúc ${vnTime(stepDue!)} và chưa hoàn thành.`;
              key = `step-overdue:${o.id}:${stepKey}:${w.to}`;
              break;
            case 'dossier.due_soon':
              title = `Hồ sơ ${o.code} sắp đến hạn trả kết quả`;
              body = `Hồ sơ ${o.code} (${o.procedureName}) hẹn trả kết quả lúc ${vnTime(o.appointment!)}, ${leftText(dossierLeft!)}.`;
              key = `dossier-warn:${o.id}:${o.appointment!.toISOString()}:${w.threshold}`;
              break;
            case 'dossier.overdue':
              title = w.to === 'leaders' ? `Hồ sơ ${o.code} đã quá hạn — cần chỉ đạo` : `Hồ sơ ${o.code} đã quá hạn trả kết quả`;
              body = `Hồ sơ ${o.code} (${o.procedureName}) hẹn trả kết quả lúc ${vnTime(o.appointment!)} và chưa có kết quả.`;
              key = `dossier-overdue:${o.id}:${o.appointment!.toISOString()}:${w.to}`;
              break;
            case 'dossier.apology_due':
              title = `Hồ sơ ${o.code}: nếu có thể trễ hẹn, gửi văn bản xin lỗi và hẹn lại`;
              body = `Hồ sơ ${o.code} (${o.procedureName}) hẹn trả kết quả lúc ${vnTime(o.appointment!)} (${leftText(dossierLeft!)}). Nếu hồ sơ có thể quá hạn, Bộ phận Một cửa phải gửi văn bản xin lỗi và hẹn lại ngày trả kết quả chậm nhất trước hạn 01 ngày làm việc.`;
              key = `apology-due:${o.id}:${o.appointment!.toISOString()}`;
              break;
          }
          for (const r of recipients) messages.push({ ...base, recipient: { userId: r }, title, body, dedupeKey: key });
          // The applicant with an account learns it too (their notification centre), once per appointment.
          if (w.kind === 'dossier.overdue' && w.to === 'holder' && o.applicantUserId) {
            messages.push({
              link,
              subject,
              kind: 'dossier.late',
              recipient: { citizenId: o.applicantUserId },
              title: `Hồ sơ ${o.code} chưa có kết quả đúng hẹn`,
              body: `Hồ sơ ${o.code} (${o.procedureName}) hẹn trả kết quả lúc ${vnTime(o.appointment!)} nhưng chưa có kết quả. Cơ quan giải quyết phải có văn bản xin lỗi và hẹn lại ngày trả kết quả; bạn sẽ được báo khi có.`,
              dedupeKey: `dossier-late-applicant:${o.id}:${o.appointment!.toISOString()}`,
            });
          }
        }
        if (!messages.length) continue;
        written += await d.database.transaction(async (tx) => {
          let n = 0;
          for (const m of messages) if (await notify(tx, m)) n++;
          return n;
        });
      }
      return { dossiers: list.length, notifications: written };
    },
  };
}
