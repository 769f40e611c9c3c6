/**
 * Pure rules of the procedure catalogue: time arithmetic for workflow budgets, the default
 * workflow, e-form statistics and JSON Schema, list summaries, content normalisation and
 * semantic validation, and version ordering. No I/O.
 */
import type {
  AgencyKind,
  AgencyRef,
  Agencies,
  Budget,
  CaseDef,
  Component,
  Duration,
  EForm,
  EFormStats,
  ProcedureContent,
  ProcedureInput,
  TimeUnit,
  Workflow,
  WorkflowCheck,
  WorkflowStep,
} from './catalog.schemas.js';
import { feeProblems } from './catalog.fees.js';
import { vnDay } from '../../platform/vn-time.js';

/** 1 working day = 8 working hours (Nghị định 45/2013: 8 hours a day, 40 a week). */
export const HOURS_PER_WORKING_DAY = 8;
const EPS = 1e-9;

export const UNIT_LABELS: Record<TimeUnit, string> = {
  working_days: 'ngày làm việc',
  working_hours: 'giờ làm việc',
  calendar_days: 'ngày',
};

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  provincial_people_committee: 'Ủy ban nhân dân tỉnh',
  provincial_office: 'Văn phòng Ủy ban nhân dân tỉnh',
  department: 'Sở, ban, ngành cấp tỉnh',
  provincial_service_centre: 'Trung tâm Phục vụ hành chính công tỉnh',
  commune_people_committee: 'Ủy ban nhân dân cấp xã',
  commune_service_centre: 'Trung tâm Phục vụ hành chính công cấp xã',
  police: 'Cơ quan công an',
  district_people_committee: 'Ủy ban nhân dân cấp huyện (trước 01/7/2025)',
  other: 'Cơ quan khác',
};

// ---- numbers and durations ------------------------------------------------------------------

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/** "0,5", "8", "1.500" — Vietnamese number formatting. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);
}

export function formatVnd(n: number): string {
  return `${formatNumber(n)} đồng`;
}

/** "8 giờ làm việc", "3 ngày làm việc", "30 ngày". */
export function formatDuration(d: { amount: number; unit: TimeUnit }): string {
  return `${formatNumber(d.amount)} ${UNIT_LABELS[d.unit]}`;
}

/** A budget in working hours, or null for calendar days (not convertible without a calendar). */
export function toWorkingHours(d: { amount: number; unit: TimeUnit }): number | null {
  if (d.unit === 'working_hours') return d.amount;
  if (d.unit === 'working_days') return d.amount * HOURS_PER_WORKING_DAY;
  return null;
}

/** The time that binds the workflow: the province's reduced time when published, else the legal time. */
export function operativeTime(c: Pick<CaseDef, 'time' | 'reducedTime'>): Duration {
  return c.reducedTime ?? c.time;
}

// ---- workflow budgets -----------------------------------------------------------------------

/**
 * Checks a workflow against its case's time: the step budgets must add up to no more than the
 * operative time. Working days and working hours mix freely (1 day = 8 hours); a case counted in
 * calendar days needs every step in calendar days (and vice versa), since converting between the
 * two needs a calendar. The first step cannot send a dossier back (there is no step before it).
 */
export function checkWorkflow(
  c: Pick<CaseDef, 'time' | 'reducedTime'>,
  steps: readonly Pick<WorkflowStep, 'budget' | 'canSendBack' | 'name'>[],
): WorkflowCheck {
  const limit = operativeTime(c);
  const problems: WorkflowCheck['problems'] = [];
  const calendar = limit.unit === 'calendar_days';
  let total = 0;
  steps.forEach((s, i) => {
    const stepCalendar = s.budget.unit === 'calendar_days';
    if (stepCalendar !== calendar) {
      problems.push({
        code: 'unit_mismatch',
        step: i,
        message: calendar
          ? `Bước ${i + 1} («${s.name}»): thời hạn của trường hợp tính theo ngày (lịch), nên thời gian của bước cũng phải tính theo ngày.`
          : `Bước ${i + 1} («${s.name}»): thời hạn của trường hợp tính theo ngày/giờ làm việc, không cộng được với ngày lịch.`,
      });
      return;
    }
    total += calendar ? s.budget.amount : toWorkingHours(s.budget)!;
  });
  total = round(total);
  const limitAmount = calendar ? limit.amount : toWorkingHours(limit)!;
  const unit = calendar ? 'calendar_days' : 'working_hours';
  if (steps.length === 0) problems.push({ code: 'no_steps', step: null, message: 'Quy trình phải có ít nhất một bước.' });
  if (steps[0]?.canSendBack) {
    problems.push({ code: 'first_step_send_back', step: 0, message: 'Bước đầu tiên không thể trả lại bước trước.' });
  }
  if (total > limitAmount + EPS) {
    const fmt = (n: number) =>
      calendar ? `${formatNumber(n)} ngày` : `${formatNumber(n)} giờ làm việc (${formatNumber(round(n / HOURS_PER_WORKING_DAY, 3))} ngày làm việc)`;
    problems.push({
      code: 'budget_exceeded',
      step: null,
      message: `Tổng thời gian các bước là ${fmt(total)}, vượt thời hạn giải quyết ${fmt(limitAmount)}.`,
    });
  }
  return { ok: problems.length === 0, limit: { amount: limitAmount, unit }, total: { amount: total, unit }, problems };
}

/** Splits `total` into receive / specialist / leader / return shares that add up exactly. */
export function splitBudget(total: number, calendar: boolean): [number, number, number, number] {
  // Working time is split in hours; the fixed shares apply from 4 working days (32 h) or 4 calendar days.
  const threshold = calendar ? 4 : 4 * HOURS_PER_WORKING_DAY;
  const [rec, lead, ret] = calendar ? [0.5, 1, 0.5] : [4, 8, 4];
  if (total >= threshold) return [rec, round(total - rec - lead - ret), lead, ret];
  const r = round(total / 8);
  const l = round(total / 4);
  return [r, round(total - r - l - r), l, r];
}

function budgetOf(amount: number, calendar: boolean): Budget {
  if (calendar) return { amount, unit: 'calendar_days' };
  // Whole or half working days read better as days; anything else stays in hours.
  if (amount >= HOURS_PER_WORKING_DAY && amount % (HOURS_PER_WORKING_DAY / 2) === 0) return { amount: amount / HOURS_PER_WORKING_DAY, unit: 'working_days' };
  return { amount, unit: 'working_hours' };
}

/**
 * The default internal workflow of a case: the one-stop section receives, a specialist of the
 * competent agency reviews, its leader signs, the one-stop section returns the result — budgets
 * summing exactly to the case's operative time. Marked `generated: true`.
 */
export function generateWorkflow(c: Pick<CaseDef, 'time' | 'reducedTime'>, agencies: Agencies): Workflow {
  const limit = operativeTime(c);
  const calendar = limit.unit === 'calendar_days';
  const total = calendar ? limit.amount : toWorkingHours(limit)!;
  const [rec, spec, lead, ret] = splitBudget(total, calendar);
  const competent: AgencyRef = agencies.competent ?? { kind: 'other', id: null, code: null, name: AGENCY_KIND_LABELS.other };
  const receiving: AgencyRef = agencies.receiving[0] ?? competent;
  const steps: WorkflowStep[] = [
    {
      name: 'Tiếp nhận, kiểm tra hồ sơ',
      agency: receiving,
      department: 'Bộ phận Một cửa',
      role: 'one_stop_officer',
      budget: budgetOf(rec, calendar),
      actions: ['receive', 'request_supplement', 'refuse', 'forward'],
      canSendBack: false,
      interAgency: false,
    },
    {
      name: 'Thẩm định, đề xuất giải quyết',
      agency: competent,
      department: null,
      role: 'specialist',
      budget: budgetOf(spec, calendar),
      actions: ['review', 'consult', 'request_supplement', 'refuse', 'forward'],
      canSendBack: true,
      interAgency: false,
    },
    {
      name: 'Phê duyệt, ký kết quả',
      agency: competent,
      department: null,
      role: 'unit_leader',
      budget: budgetOf(lead, calendar),
      actions: ['approve', 'sign', 'refuse'],
      canSendBack: true,
      interAgency: false,
    },
    {
      name: 'Trả kết quả',
      agency: receiving,
      department: 'Bộ phận Một cửa',
      role: 'one_stop_officer',
      budget: budgetOf(ret, calendar),
      actions: ['issue', 'return_result'],
      canSendBack: false,
      interAgency: false,
    },
  ];
  return { generated: true, steps };
}

// ---- e-forms --------------------------------------------------------------------------------

/** How many fields a person types without pre-fill, how many can be pre-filled, what is left. */
export function eformStats(form: EForm): EFormStats {
  const fields = form.fields.length;
  const prefillable = form.fields.filter((f) => f.prefill).length;
  return {
    fields,
    prefillable,
    toDeclare: fields - prefillable,
    reductionPercent: fields === 0 ? 0 : round((prefillable / fields) * 100, 1),
  };
}

/** The e-form as a JSON Schema (2020-12) object; `x-prefill` names each field's data source. */
export function eformJsonSchema(form: EForm): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const f of form.fields) {
    const p: Record<string, unknown> = { title: f.label };
    switch (f.type) {
      case 'string':
        p.type = 'string';
        break;
      case 'text':
        p.type = 'string';
        p['x-widget'] = 'textarea';
        break;
      case 'date':
        p.type = 'string';
        p.format = 'date';
        break;
      case 'select':
        p.type = 'string';
        p.enum = f.options ?? [];
        break;
      default:
        p.type = f.type;
    }
    if (f.maxLength) p.maxLength = f.maxLength;
    if (f.prefill) p['x-prefill'] = f.prefill;
    properties[f.key] = p;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: form.title,
    type: 'object',
    additionalProperties: false,
    required: form.fields.filter((f) => f.required).map((f) => f.key),
    properties,
    'x-order': form.fields.map((f) => f.key),
  };
}

// ---- summaries for lists --------------------------------------------------------------------

/** "8 giờ làm việc"; "3 – 5 ngày làm việc"; "3 ngày làm việc / 23 ngày" when units differ. */
export function timeSummary(cases: readonly Pick<CaseDef, 'time' | 'reducedTime'>[]): string {
  const times = cases.map(operativeTime);
  const units = [...new Set(times.map((t) => t.unit))];
  if (units.length === 1) {
    const amounts = times.map((t) => t.amount);
    const min = Math.min(...amounts);
    const max = Math.max(...amounts);
    return min === max ? formatDuration({ amount: min, unit: units[0] }) : `${formatNumber(min)} – ${formatNumber(max)} ${UNIT_LABELS[units[0]]}`;
  }
  return [...new Set(times.map(formatDuration))].join(' / ');
}

/** "Miễn phí"; "8.000 đồng"; "0 – 8.000 đồng (một số khoản theo mức HĐND tỉnh quy định)". */
export function feeSummary(cases: readonly Pick<CaseDef, 'fees'>[]): string {
  const fees = cases.flatMap((c) => c.fees);
  if (fees.length === 0) return 'Không thu phí, lệ phí';
  const known = fees.map((f) => f.amountVnd).filter((a): a is number => a !== null);
  const unknown = known.length < fees.length;
  const positives = known.filter((a) => a > 0);
  if (positives.length === 0) return unknown ? (known.length ? 'Miễn phí hoặc theo mức HĐND tỉnh quy định' : 'Theo mức HĐND tỉnh quy định') : 'Miễn phí';
  const min = Math.min(...(known.some((a) => a === 0) ? [0] : positives));
  const max = Math.max(...positives);
  const base = min === max ? formatVnd(max) : `${formatNumber(min)} – ${formatVnd(max)}`;
  return unknown ? `${base} (một số khoản theo mức HĐND tỉnh quy định)` : base;
}

export function agencyName(ref: AgencyRef | null | undefined): string {
  if (!ref) return '';
  return ref.name ?? AGENCY_KIND_LABELS[ref.kind];
}

export function agencySummary(a: Agencies): string {
  return a.competent ? agencyName(a.competent) : a.receiving.map(agencyName).join(', ');
}

/** The name without the leading "Thủ tục" and parenthesised detail: what search ranks length against. */
export function titleOf(name: string): string {
  const t = name
    .replace(/\s*\([^()]*\)/g, '')
    .replace(/^\s*thủ tục\s+/iu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return t || name.trim();
}

// ---- content normalisation and validation --------------------------------------------------

/** NFC, trimmed; empty → null for optional texts. */
const nfcTrim = (s: string) => s.normalize('NFC').trim();
const optText = (s: string | null | undefined): string | null => {
  if (s === undefined || s === null) return null;
  const t = nfcTrim(s);
  return t === '' ? null : t;
};

function normAgency(r: AgencyRef): AgencyRef {
  return { kind: r.kind, id: r.id ?? null, code: optText(r.code), name: optText(r.name) };
}

function normDuration(d: Duration | null | undefined): Duration | null {
  if (!d) return null;
  return { amount: d.amount, unit: d.unit, text: optText(d.text) };
}

/**
 * The stored form of a procedure: every optional field present (null or []), texts NFC and
 * trimmed. Two inputs that mean the same thing normalise to equal documents.
 */
export function normalizeContent(input: ProcedureInput & { agencies: Agencies }): ProcedureContent {
  return {
    code: input.code.trim(),
    portalCode: optText(input.portalCode),
    name: nfcTrim(input.name),
    field: nfcTrim(input.field),
    levels: [...input.levels],
    agencyKind: optText(input.agencyKind),
    agencies: {
      competent: input.agencies.competent ? normAgency(input.agencies.competent) : null,
      receiving: input.agencies.receiving.map(normAgency),
    },
    subjects: [...input.subjects],
    onlineLevel: input.onlineLevel,
    channels: [...input.channels],
    requirements: (input.requirements ?? []).map(nfcTrim).filter(Boolean),
    cases: input.cases.map((c) => ({
      key: c.key,
      name: nfcTrim(c.name),
      time: normDuration(c.time)!,
      onlineTime: normDuration(c.onlineTime),
      reducedTime: normDuration(c.reducedTime),
      fees: c.fees.map((f) => ({
        name: nfcTrim(f.name),
        amountVnd: f.amountVnd,
        basis: f.basis,
        payer: f.payer,
        onlineReductionPercent: f.onlineReductionPercent,
        note: optText(f.note),
        alternativeGroup: f.alternativeGroup ?? null,
        appliesTo: f.appliesTo && f.appliesTo.length ? [...f.appliesTo] : null,
        onRequest: f.onRequest ?? false,
      })),
      eform: c.eform
        ? {
            title: nfcTrim(c.eform.title),
            generated: c.eform.generated ?? false,
            fields: c.eform.fields.map((f) => ({
              key: f.key,
              label: nfcTrim(f.label),
              type: f.type,
              required: f.required,
              options: f.options ? f.options.map(nfcTrim) : null,
              maxLength: f.maxLength ?? null,
              prefill: f.prefill ? { source: f.prefill.source, ref: nfcTrim(f.prefill.ref) } : null,
            })),
          }
        : null,
      workflow: c.workflow
        ? {
            generated: c.workflow.generated,
            steps: c.workflow.steps.map((s) => ({
              name: nfcTrim(s.name),
              agency: normAgency(s.agency),
              department: optText(s.department),
              role: s.role,
              budget: { amount: s.budget.amount, unit: s.budget.unit },
              actions: [...s.actions],
              canSendBack: s.canSendBack,
              interAgency: s.interAgency,
            })),
          }
        : null,
    })),
    components: input.components.map((k: Component) => ({
      name: nfcTrim(k.name),
      originals: k.originals,
      copies: k.copies,
      required: k.required,
      condition: optText(k.condition),
      templateCode: optText(k.templateCode),
      templateFile: optText(k.templateFile),
      replaceableByData: k.replaceableByData,
      caseKeys: k.caseKeys && k.caseKeys.length ? [...k.caseKeys] : null,
    })),
    result: { name: nfcTrim(input.result.name), validityMonths: input.result.validityMonths },
    legalBasis: input.legalBasis.map(nfcTrim).filter(Boolean),
    steps: input.steps.map(nfcTrim).filter(Boolean),
    sources: (input.sources ?? []).map(nfcTrim).filter(Boolean),
    unverified: (input.unverified ?? []).map(nfcTrim).filter(Boolean),
  };
}

export interface ContentProblem {
  /** JSON pointer into the content, e.g. "/cases/1/workflow". */
  path: string;
  message: string;
}

/** Rules the JSON Schema cannot express. Messages are Vietnamese and name the case/field. */
export function validateContent(c: ProcedureContent): ContentProblem[] {
  const out: ContentProblem[] = [];
  const keys = new Set<string>();
  c.cases.forEach((k, i) => {
    if (keys.has(k.key)) out.push({ path: `/cases/${i}/key`, message: `Mã trường hợp "${k.key}" bị trùng.` });
    keys.add(k.key);
    if (k.eform) {
      const fk = new Set<string>();
      k.eform.fields.forEach((f, j) => {
        if (fk.has(f.key))
          out.push({ path: `/cases/${i}/eform/fields/${j}/key`, message: `Trường hợp "${k.key}": mã trường "${f.key}" của biểu mẫu bị trùng.` });
        fk.add(f.key);
        if (f.type === 'select' && !(f.options && f.options.length)) {
          out.push({
            path: `/cases/${i}/eform/fields/${j}/options`,
            message: `Trường hợp "${k.key}": trường "${f.key}" kiểu lựa chọn phải có danh sách lựa chọn.`,
          });
        }
      });
    }
    for (const p of feeProblems(k.fees)) out.push({ path: `/cases/${i}/fees/${p.index}`, message: `Trường hợp "${k.key}": ${p.message}` });
    if (k.workflow) {
      const check = checkWorkflow(k, k.workflow.steps);
      for (const p of check.problems) {
        out.push({ path: p.step === null ? `/cases/${i}/workflow` : `/cases/${i}/workflow/steps/${p.step}`, message: `Trường hợp "${k.key}": ${p.message}` });
      }
    }
  });
  c.components.forEach((k, i) => {
    for (const ck of k.caseKeys ?? []) {
      if (!keys.has(ck))
        out.push({ path: `/components/${i}/caseKeys`, message: `Thành phần hồ sơ «${k.name.slice(0, 60)}» áp dụng cho trường hợp "${ck}" không tồn tại.` });
    }
    if (k.originals + k.copies === 0 && !k.replaceableByData) {
      out.push({ path: `/components/${i}/originals`, message: `Thành phần hồ sơ «${k.name.slice(0, 60)}»: số bản chính và bản sao không thể cùng bằng 0.` });
    }
  });
  return out;
}

/** JSON with object keys sorted: equal for documents that mean the same. */
export function canonicalJson(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object' && !(x instanceof Date)) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(x as object).sort()) {
        const val = (x as Record<string, unknown>)[k];
        if (val !== undefined) o[k] = sort(val);
      }
      return o;
    }
    return x;
  };
  return JSON.stringify(sort(v));
}

// ---- versions -------------------------------------------------------------------------------

/** yyyy-mm-dd plus n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Today's date in Vietnam (Asia/Ho_Chi_Minh), yyyy-mm-dd. */
export function todayVn(now = new Date()): string {
  return vnDay(now);
}

export function isValidDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * A new published or abolishing version must take effect strictly after the latest one that is
 * not a draft, so at any date at most one version is in force. Returns a Vietnamese reason or null.
 */
export function effectiveDateProblem(newFrom: string, latestFrom: string | null): string | null {
  if (!isValidDay(newFrom)) return `Ngày hiệu lực "${newFrom}" không phải là ngày hợp lệ.`;
  if (latestFrom && newFrom <= latestFrom) {
    return `Ngày hiệu lực ${formatDay(newFrom)} phải sau ngày hiệu lực ${formatDay(latestFrom)} của phiên bản gần nhất.`;
  }
  return null;
}

export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

// ---- default e-form -------------------------------------------------------------------------

/**
 * A starting e-form for a case: the applicant's identity and contact fields (pre-fillable from
 * the account profile or the national population database), the organisation's fields when
 * organisations may apply, and the request itself. Marked `generated: true`; managers refine it.
 */
export function defaultEForm(p: Pick<ProcedureContent, 'subjects' | 'components'>, c: Pick<CaseDef, 'name' | 'fees'>): EForm {
  const fields: EForm['fields'] = [
    {
      key: 'hoTen',
      label: 'Họ, chữ đệm và tên người yêu cầu',
      type: 'string',
      required: true,
      options: null,
      maxLength: 100,
      prefill: { source: 'citizen_profile', ref: 'fullName' },
    },
    {
      key: 'soDinhDanh',
      label: 'Số định danh cá nhân',
      type: 'string',
      required: true,
      options: null,
      maxLength: 12,
      prefill: { source: 'national_db', ref: 'population.personalId' },
    },
    {
      key: 'ngaySinh',
      label: 'Ngày, tháng, năm sinh',
      type: 'date',
      required: true,
      options: null,
      maxLength: null,
      prefill: { source: 'national_db', ref: 'population.dateOfBirth' },
    },
    {
      key: 'noiCuTru',
      label: 'Nơi cư trú',
      type: 'text',
      required: true,
      options: null,
      maxLength: 300,
      prefill: { source: 'national_db', ref: 'population.residence' },
    },
    {
      key: 'soDienThoai',
      label: 'Số điện thoại liên hệ',
      type: 'string',
      required: true,
      options: null,
      maxLength: 15,
      prefill: { source: 'citizen_profile', ref: 'phone' },
    },
    {
      key: 'email',
      label: 'Thư điện tử',
      type: 'string',
      required: false,
      options: null,
      maxLength: 200,
      prefill: { source: 'citizen_profile', ref: 'email' },
    },
  ];
  if (p.subjects.some((s) => s === 'organisation' || s === 'business')) {
    fields.push(
      {
        key: 'tenToChuc',
        label: 'Tên tổ chức, doanh nghiệp (nếu có)',
        type: 'string',
        required: false,
        options: null,
        maxLength: 300,
        prefill: { source: 'national_db', ref: 'business.name' },
      },
      {
        key: 'maSoDoanhNghiep',
        label: 'Mã số doanh nghiệp (nếu có)',
        type: 'string',
        required: false,
        options: null,
        maxLength: 20,
        prefill: { source: 'national_db', ref: 'business.code' },
      },
    );
  }
  fields.push({ key: 'noiDungDeNghi', label: 'Nội dung đề nghị', type: 'text', required: true, options: null, maxLength: 4000, prefill: null });
  if (c.fees.some((f) => f.basis === 'per_copy')) {
    fields.push({ key: 'soBanSao', label: 'Số bản sao đề nghị cấp', type: 'integer', required: false, options: null, maxLength: null, prefill: null });
  }
  fields.push({
    key: 'hinhThucNhanKetQua',
    label: 'Hình thức nhận kết quả',
    type: 'select',
    required: true,
    options: ['Nhận trực tiếp', 'Nhận qua dịch vụ bưu chính', 'Nhận bản điện tử'],
    maxLength: null,
    prefill: null,
  });
  return { title: `Tờ khai điện tử: ${c.name}`.slice(0, 300), generated: true, fields };
}
