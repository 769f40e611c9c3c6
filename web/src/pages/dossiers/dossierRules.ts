/**
 * Pure rules of the dossier screens (no React, no DOM): which fields each action's form asks
 * for and how they become the API body, the counter's intake body, appointments in words,
 * the documents a dossier has, the queues. Tested in dossierRules.test.ts.
 */
import { formatDateTime } from '../../format';
import type { MessageKey } from '../../i18n/vi';
import type {
  ActionBody,
  ActionType,
  ApplicantKind,
  CatalogCase,
  CatalogComponent,
  Channel,
  CreateDossierBody,
  DocKind,
  DossierView,
  QueueName,
  ReturnChannel,
} from './dossiersApi';

// ---- time ---------------------------------------------------------------------------------------

/** An ISO instant → { date: "07/12/2026", time: "09:00", session: morning|afternoon|evening } in Vietnam time. */
export function appointmentParts(iso: string | null | undefined): { date: string; time: string; session: 'morning' | 'afternoon' | 'evening' } | null {
  const s = formatDateTime(iso);
  if (!s) return null;
  const [date, hms] = s.split(' ');
  const time = hms.slice(0, 5);
  const hour = Number(time.slice(0, 2));
  return { date, time, session: hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening' };
}

/** "dd/mm/yyyy HH:mm" in Vietnam time ('' when empty). */
export function formatMinute(iso: string | null | undefined): string {
  const s = formatDateTime(iso);
  return s ? s.slice(0, 16) : '';
}

/** The value of <input type="datetime-local"> (read as Vietnam time) → ISO 8601 with +07:00; null when not a valid value. */
export function localToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}+07:00`;
  const t = new Date(iso);
  // Reject 31/02 and the like: the instant must read back as the same wall-clock date.
  if (Number.isNaN(t.getTime()) || formatDateTime(iso).slice(0, 10) !== `${d}/${mo}/${y}`) return null;
  return iso;
}

/** An ISO instant → the value for <input type="datetime-local"> in Vietnam time. */
export function isoToLocal(iso: string | null | undefined): string {
  const s = formatDateTime(iso);
  if (!s) return '';
  const [date, hms] = s.split(' ');
  const [d, m, y] = date.split('/');
  return `${y}-${m}-${d}T${hms.slice(0, 5)}`;
}

// ---- closed sets of the API ---------------------------------------------------------------------

/**
 * The values of a closed set the OpenAPI description documents, in display order. The argument is
 * a Record over the generated union type: a value added (or renamed) on the server fails `tsc`
 * here until the screens know it, and a value the server does not have is an error too.
 */
const valuesOf = <K extends string>(all: Record<K, true>): readonly K[] => Object.keys(all) as K[];

/** Submission channels (the list's filter). */
export const CHANNELS = valuesOf<Channel>({ counter: true, online: true, post: true });
/** What the counter receives: everything but online submissions (POST /api/v1/dossiers by a citizen). */
export type IntakeChannel = Exclude<CreateDossierBody['channel'], 'online'>;
export const INTAKE_CHANNELS = valuesOf<IntakeChannel>({ counter: true, post: true });
/** How a result is handed back (the "Trả kết quả" form). */
export const RETURN_CHANNELS = valuesOf<ReturnChannel>({ counter: true, post: true, electronic: true });
export const isReturnChannel = (v: string): v is ReturnChannel => (RETURN_CHANNELS as readonly string[]).includes(v);

// ---- queues -------------------------------------------------------------------------------------

export type QueueTab = QueueName | 'all';
export const QUEUE_TABS: readonly QueueTab[] = [
  ...valuesOf<QueueName>({ to_receive: true, mine: true, department: true, due_soon: true, overdue: true, waiting: true }),
  'all',
];
export const isQueueTab = (v: string | null): v is QueueTab => v !== null && (QUEUE_TABS as readonly string[]).includes(v);

type StatusCode = DossierView['status']['code'];
/**
 * The statuses in which nothing more happens (no upload, no action): the server's terminal statuses
 * (TERMINAL_STATUSES of src/modules/dossiers/dossiers.rules.ts; dossierRules.test.ts compares them).
 */
export const CLOSED_STATUSES: readonly StatusCode[] = [3, 7, 8, 10];

// ---- documents ----------------------------------------------------------------------------------

/** The PDF documents this dossier has (the server answers 422 for the others). */
export function availableDocuments(d: Pick<DossierView, 'receivedAt' | 'appointment' | 'supplements' | 'closure' | 'apology'>): DocKind[] {
  const out: DocKind[] = [];
  const received = !!d.receivedAt && !!d.appointment.original;
  if (received) out.push('receipt');
  if (d.supplements.length > 0) out.push('supplement-request');
  if (d.closure?.kind === 'refused') out.push('refusal');
  if (d.apology && d.receivedAt) out.push('apology');
  // A refusal after appraisal has its written refusal (the result) instead of a stop notice.
  if (d.closure?.kind === 'stopped' && d.closure.document) out.push('appraisal-refusal');
  else if (d.closure && d.receivedAt && d.closure.kind !== 'refused') out.push('stop-notice'); // withdrawn, stopped, supplement_timeout
  if (received) out.push('control-sheet');
  return out;
}

// ---- action forms -------------------------------------------------------------------------------

/** The fields of the action forms: the fields of the actions' API body (ActionBody), and `fees` (the fee rows, sent as `items`). */
export type FieldName = Exclude<keyof ActionBody, 'type' | 'version'> | 'fees';

export interface FieldSpec {
  name: FieldName;
  required: boolean;
}

const f = (name: FieldName, required = false): FieldSpec => ({ name, required });

/** The fields each action's form shows (mirrors the `Action` union of dossiers.rules.ts); every action the API takes has one. */
export const ACTION_FIELDS: Readonly<Record<ActionType, readonly FieldSpec[]>> = {
  receive: [],
  refuse: [f('reason', true)],
  guide_supplement_before_receipt: [f('reason', true), f('items', true), f('deadline')],
  forward: [f('toAgencyId')],
  assign: [f('officerId'), f('departmentId')],
  next_step: [f('note')],
  send_back: [f('toStep', true), f('reason', true)],
  transfer: [f('toAgencyId', true), f('task', true), f('budgetDays')],
  transfer_return: [f('note')],
  request_supplement: [f('reason', true), f('items', true), f('deadline')],
  supplement_received: [],
  supplement_timeout_stop: [f('reason')],
  request_payment: [f('fees')],
  payment_received: [f('paidOnline')],
  withdraw: [f('reason', true), f('reference')],
  stop: [f('reason', true), f('reference')],
  result_ready: [f('decisionNumber', true), f('signer', true), f('signedOn', true), f('fileId')],
  return_result: [f('channel', true), f('receivedBy', true), f('trackingNumber')],
  apologise: [f('reason', true), f('newAppointment', true)],
};

/** The fields of an action's form; undefined for a type the API does not take (submit_online). */
export const fieldsOf = (type: string): readonly FieldSpec[] | undefined => (ACTION_FIELDS as Readonly<Record<string, readonly FieldSpec[] | undefined>>)[type];

/** Actions that end or refuse the dossier: the form asks to confirm and the button is red. */
export const DANGEROUS_ACTIONS: readonly string[] = ['refuse', 'withdraw', 'stop', 'supplement_timeout_stop'] satisfies readonly ActionType[];

export interface FeeRow {
  name: string;
  amount: string;
}

/** What the action form holds: strings as typed, a list of items, fee rows, a checkbox. */
export interface ActionValues {
  reason?: string;
  items?: string;
  fees?: FeeRow[];
  deadline?: string;
  toAgencyId?: string;
  departmentId?: string;
  officerId?: string;
  toStep?: string;
  task?: string;
  budgetDays?: string;
  note?: string;
  paidOnline?: boolean;
  reference?: string;
  decisionNumber?: string;
  signer?: string;
  signedOn?: string;
  fileId?: string;
  channel?: ReturnChannel;
  receivedBy?: string;
  trackingNumber?: string;
  newAppointment?: string;
}

export type FieldErrors = Partial<Record<FieldName | 'form', MessageKey>>;
export type Built<T, E = FieldErrors> = { ok: true; body: T } | { ok: false; errors: E };

/** "one per line" text → trimmed non-empty lines. */
export const lines = (s: string | undefined) =>
  (s ?? '')
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The API body `{ type, version, ...fields }` of an action from its form, or the field errors.
 * Only the action's own fields are sent (the API rejects unknown fields).
 */
export function buildActionBody(type: string, version: number, v: ActionValues): Built<Record<string, unknown>> {
  const specs = fieldsOf(type);
  if (!specs) return { ok: false, errors: { form: 'dos.err.unknownAction' } };
  const body: Record<string, unknown> = { type, version };
  const errors: FieldErrors = {};
  const text = (k: FieldName) => String((v as Record<string, unknown>)[k] ?? '').trim();
  for (const spec of specs) {
    const k = spec.name;
    switch (k) {
      case 'items': {
        const list = lines(v.items);
        if (list.length) body.items = list;
        else if (spec.required) errors.items = 'dos.err.itemsRequired';
        if (list.length > 50) errors.items = 'dos.err.tooMany';
        break;
      }
      case 'fees': {
        const rows = (v.fees ?? []).filter((r) => r.name.trim() || r.amount.trim());
        if (!rows.length) break; // the catalogue's fees apply
        const amounts = rows.map((r) => Number(r.amount.replace(/[.\s]/g, '')));
        if (rows.some((r, i) => !r.name.trim() || !Number.isInteger(amounts[i]) || amounts[i] < 1)) errors.fees = 'dos.err.fees';
        else body.items = rows.map((r, i) => ({ name: r.name.trim(), amount: amounts[i] }));
        break;
      }
      case 'deadline':
      case 'newAppointment': {
        const raw = text(k);
        if (!raw) {
          if (spec.required) errors[k] = 'dos.err.required';
          break;
        }
        const iso = localToIso(raw);
        if (!iso) errors[k] = 'dos.err.dateTime';
        else body[k] = iso;
        break;
      }
      case 'toStep': {
        const raw = text(k);
        const n = Number(raw);
        if (!raw) errors.toStep = 'dos.err.required';
        else if (!Number.isInteger(n) || n < 0) errors.toStep = 'dos.err.invalid';
        else body.toStep = n;
        break;
      }
      case 'budgetDays': {
        const raw = text(k).replace(',', '.');
        if (!raw) break;
        const n = Number(raw);
        if (!Number.isFinite(n) || n < 0.5 || n > 365) errors.budgetDays = 'dos.err.budgetDays';
        else body.budgetDays = n;
        break;
      }
      case 'paidOnline':
        body.paidOnline = v.paidOnline === true;
        break;
      case 'signedOn': {
        const raw = text(k);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) errors.signedOn = raw ? 'dos.err.invalid' : 'dos.err.required';
        else body.signedOn = raw;
        break;
      }
      case 'channel': {
        const raw = text(k);
        if (!isReturnChannel(raw)) errors.channel = 'dos.err.required';
        else body.channel = raw;
        break;
      }
      default: {
        const raw = text(k);
        if (raw) body[k] = raw;
        else if (spec.required) errors[k] = 'dos.err.required';
      }
    }
  }
  if (type === 'assign' && !body.officerId && !body.departmentId) errors.officerId = 'dos.err.assignee';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

// ---- counter intake -----------------------------------------------------------------------------

/** A catalogue component with its index in the procedure (the API's `componentIndex`). */
export interface IndexedComponent extends CatalogComponent {
  index: number;
}

/** The components of a case: those without `caseKeys`, or naming the case. Index = position in the catalogue. */
export function componentsForCase(components: readonly CatalogComponent[], caseKey: string): IndexedComponent[] {
  return components.map((c, index) => ({ ...c, index })).filter((c) => !c.caseKeys || c.caseKeys.length === 0 || c.caseKeys.includes(caseKey));
}

/** The default case: the first one (the API does the same without caseKey). */
export const defaultCase = (cases: readonly CatalogCase[]) => cases[0] ?? null;

export interface ComponentTick {
  received: boolean;
  originals: string;
  copies: string;
  digitised: boolean;
  /** Taken from a national database instead of paper (only where the catalogue allows it). */
  reused: boolean;
}

export interface IntakeForm {
  procedureCode: string;
  caseKey: string;
  channel: IntakeChannel;
  applicant: { kind: ApplicantKind; name: string; idNumber: string; phone: string; email: string; address: string };
  withRepresentative: boolean;
  representative: { name: string; idNumber: string; authorisationRef: string; relationship: string };
  summary: string;
  ticks: Record<number, ComponentTick>;
}

export const emptyTick = (c: CatalogComponent): ComponentTick => ({
  received: false,
  originals: String(c.originals),
  copies: String(c.copies),
  digitised: false,
  reused: false,
});

/** Số định danh cá nhân: 12 digits. Mã số thuế / mã số doanh nghiệp: 10 digits, or 10-3 for a branch. */
export function validIdNumber(kind: ApplicantKind, id: string): boolean {
  const s = id.trim();
  return kind === 'citizen' ? /^\d{12}$/.test(s) : /^\d{10}(-\d{3})?$/.test(s);
}

const PHONE = /^[0-9+ .-]{8,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The applicant and representative fields' errors (shared by receive and refuse). */
function personErrors(form: IntakeForm): FieldErrorsIntake {
  const e: FieldErrorsIntake = {};
  const a = form.applicant;
  if (!form.procedureCode) e.procedure = 'dos.err.procedure';
  if (a.name.trim().length < 2) e.name = 'dos.err.name';
  if (!validIdNumber(a.kind, a.idNumber)) e.idNumber = a.kind === 'citizen' ? 'dos.err.personalId' : 'dos.err.taxCode';
  if (a.phone.trim() && !PHONE.test(a.phone.trim())) e.phone = 'dos.err.phone';
  if (a.email.trim() && !EMAIL.test(a.email.trim())) e.email = 'dos.err.email';
  if (form.withRepresentative) {
    const r = form.representative;
    if (r.name.trim().length < 2) e.repName = 'dos.err.name';
    if (!/^\d{12}$/.test(r.idNumber.trim())) e.repIdNumber = 'dos.err.personalId';
    if (!r.authorisationRef.trim()) e.repAuthorisation = 'dos.err.required';
  }
  return e;
}

export type IntakeField =
  'procedure' | 'name' | 'idNumber' | 'phone' | 'email' | 'repName' | 'repIdNumber' | 'repAuthorisation' | 'components' | 'refuseReason';
export type FieldErrorsIntake = Partial<Record<IntakeField, MessageKey>>;

function baseBody(form: IntakeForm): CreateDossierBody {
  const a = form.applicant;
  const opt = (s: string) => (s.trim() ? s.trim() : null);
  const body: CreateDossierBody = {
    procedureCode: form.procedureCode,
    caseKey: form.caseKey || undefined,
    channel: form.channel,
    applicant: { kind: a.kind, name: a.name.trim(), idNumber: a.idNumber.trim(), phone: opt(a.phone), email: opt(a.email), address: opt(a.address) },
  };
  if (form.withRepresentative) {
    const r = form.representative;
    body.representative = { name: r.name.trim(), idNumber: r.idNumber.trim(), authorisationRef: r.authorisationRef.trim(), relationship: opt(r.relationship) };
  }
  if (form.summary.trim()) body.summary = form.summary.trim();
  return body;
}

/**
 * The POST /api/v1/dossiers body for receiving at the counter, or the errors. A dossier is
 * received only when complete: every required component without a condition must be ticked
 * (received on paper or taken from a national database); otherwise the officer guides or refuses.
 */
export function buildIntakeBody(
  form: IntakeForm,
  components: readonly IndexedComponent[],
): Built<CreateDossierBody, FieldErrorsIntake> & { missing?: string[] } {
  const errors = personErrors(form);
  const missing = components.filter((c) => c.required && !c.condition && !(form.ticks[c.index]?.received || form.ticks[c.index]?.reused)).map((c) => c.name);
  if (missing.length) errors.components = 'dos.err.missingComponents';
  const list: NonNullable<CreateDossierBody['components']> = [];
  for (const c of components) {
    const tick = form.ticks[c.index];
    if (!tick || !(tick.received || tick.reused)) continue;
    const originals = Number(tick.originals);
    const copies = Number(tick.copies);
    if (![originals, copies].every((n) => Number.isInteger(n) && n >= 0 && n <= 100)) {
      errors.components = 'dos.err.counts';
      continue;
    }
    // Digitised only after the scan is stored and confirmed on the dossier page (issue 19 §3), never at intake.
    list.push({ index: c.index, originals, copies, ...(tick.reused && c.replaceableByData ? { reusedFrom: c.replaceableByData } : {}) });
  }
  if (Object.keys(errors).length) return { ok: false, errors, missing };
  return { ok: true, body: { ...baseBody(form), components: list } };
}

/** The body for refusing at the counter (Phiếu từ chối tiếp nhận): the person, the procedure and the reason. */
export function buildRefusalBody(form: IntakeForm, reason: string): Built<CreateDossierBody, FieldErrorsIntake> {
  const errors = personErrors(form);
  if (!reason.trim()) errors.refuseReason = 'dos.err.required';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, body: { ...baseBody(form), refuseReason: reason.trim() } };
}

/** The internal processing steps of the lead agency (the API skips one-stop and liên thông steps; default two steps). */
export function leadStepNames(c: CatalogCase | null | undefined): string[] | null {
  const steps = (c?.workflow?.steps ?? []).filter((s) => s.role !== 'one_stop_officer' && !s.interAgency);
  return steps.length ? steps.map((s) => s.name) : null;
}

/** "1234567" → "1.234.567" (VND amounts). */
export const formatVnd = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
