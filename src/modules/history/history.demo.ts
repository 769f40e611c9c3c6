/**
 * A generated year of one-stop history for the demo province (deterministic: the same file on
 * every run for the same end date), in the import format (history.rules.ts). Pure: the seed
 * (history.seed.ts) gives the agency codes and the window, and loads the result through the importer.
 *
 * Volumes per procedure, channels, digitised components, online payment, supplement requests,
 * withdrawals, refusals are plausible for a provincial centre and a ward centre; they are invented
 * (demo data), not statistics of a real province. Working days are Monday–Friday (public holidays
 * are not modelled here; the dossier rules use the real calendar, so a few dossiers come out early
 * or late by a holiday).
 *
 * Processing time is not a coin toss: each dossier passes the competent agency's two steps —
 * appraisal ("Thẩm định", `next_step` at its end) and approval/signature ("Phê duyệt", ending
 * with the result) — and each step's duration is drawn from a log-normal law whose median and
 * spread depend on the procedure (`DEMO_LINES` `appraisal`, `approval`, `spread`: land and
 * construction files need a site visit, the judicial record waits for the police's answer), on
 * the agency (`AGENCY_PACE`: the ward's chairman signs on Tuesdays and Thursdays only) and on the
 * season (`seasonalLoad`: year-end and the weeks before Tết, the summer school enrolment). A
 * dossier is late when its steps together overrun its appointment, so lateness follows from the
 * procedure, the agency, the step it is stuck in and the month — as in a real province. The
 * late-risk estimate (direction module) never reads these parameters: it learns from the imported
 * action log only.
 */
import { prng } from '../../platform/prng.js';
import { demoFullName, DEMO_NAME_PARTS_WIDE } from '../../platform/demo-names.js';
import type { HistoryAction, HistoryDossier } from './history.rules.js';
import { fromVnParts, vnIso, vnParts as vnFields } from '../../platform/vn-time.js';

export interface DemoLine {
  procedure: string;
  case: string;
  receiver: 'province' | 'ward';
  /** Processing time: working days (a same-day procedure is 1). */
  days: number;
  weight: number;
  onlineShare: number;
  fees: boolean;
  decision: string;
  /** Median duration of the appraisal step, as a share of `days` (before agency pace and season). */
  appraisal: number;
  /** Median duration of the approval step, as a share of `days`. */
  approval: number;
  /** Log-normal spread (σ) of the appraisal step: large for files that wait on a site visit or another agency. */
  spread: number;
}

/**
 * Files and ratings (issue 18 §3–4), drawn from a second PRNG stream so that the dossiers' stories
 * (times, outcomes) stay those of the first: the component a procedure lets the applicant replace by
 * data (the identity paper from the national population database, the land record…), re-used in a
 * share of dossiers; scans are confirmed at intake; results are stored as the previous system's files.
 */
export const DATA_COMPONENT: Readonly<Record<string, { index: number; source: string }>> = {
  '1.001193': { index: 5, source: 'population_db' },
  '1.000894': { index: 1, source: 'population_db' },
  '1.000656': { index: 4, source: 'population_db' },
  '1.004873': { index: 4, source: 'population_db' },
  '1.001612': { index: 1, source: 'population_db' },
  '2.001610': { index: 1, source: 'population_db' },
  '1.013225': { index: 1, source: 'land_db' },
  '1.012753': { index: 1, source: 'land_db' },
  '2.000488': { index: 1, source: 'population_db' },
};
/** Share of dossiers whose data-replaceable paper was re-used from the database rather than brought on paper (grew through the year with VNeID). */
export const REUSE_SHARE = 0.45;
/** Share of results the previous system kept as a signed electronic file (the rest were paper only). */
export const E_RESULT_SHARE = 0.92;
/** Share of returned dossiers the applicant rated, and where: the counter's tablet, the link/QR on the receipt, the portal account. */
export const RATED_SHARE = 0.45;
/** Scan files by size class (pages): the paths the generated records reference; the seed makes one PDF per class. */
export const SCAN_FILES = ['files/ban-quet-1-trang.pdf', 'files/ban-quet-2-trang.pdf', 'files/ban-quet-3-trang.pdf'] as const;
export const resultFilePath = (procedure: string) => `files/ket-qua-${procedure}.pdf`;

export const DEMO_LINES: readonly DemoLine[] = [
  {
    procedure: '1.001193',
    case: 'dung_han',
    receiver: 'ward',
    days: 1,
    weight: 22,
    onlineShare: 0.55,
    fees: false,
    decision: 'GKS',
    appraisal: 0.25,
    approval: 0.15,
    spread: 0.35,
  },
  {
    procedure: '2.000815',
    case: 'chuan',
    receiver: 'ward',
    days: 1,
    weight: 20,
    onlineShare: 0.08,
    fees: false,
    decision: 'CT',
    appraisal: 0.2,
    approval: 0.15,
    spread: 0.3,
  },
  {
    procedure: '1.000894',
    case: 'chuan',
    receiver: 'ward',
    days: 1,
    weight: 7,
    onlineShare: 0.35,
    fees: false,
    decision: 'GCNKH',
    appraisal: 0.3,
    approval: 0.15,
    spread: 0.45,
  },
  {
    procedure: '1.000656',
    case: 'chuan',
    receiver: 'ward',
    days: 1,
    weight: 5,
    onlineShare: 0.4,
    fees: false,
    decision: 'TLKT',
    appraisal: 0.35,
    approval: 0.15,
    spread: 0.5,
  },
  {
    procedure: '1.004873',
    case: 'chuan',
    receiver: 'ward',
    days: 3,
    weight: 8,
    onlineShare: 0.5,
    fees: false,
    decision: 'XNTTHN',
    appraisal: 0.3,
    approval: 0.1,
    spread: 0.4,
  },
  {
    procedure: '1.001612',
    case: 'chuan',
    receiver: 'ward',
    days: 3,
    weight: 6,
    onlineShare: 0.45,
    fees: false,
    decision: 'GCN-HKD',
    appraisal: 0.35,
    approval: 0.1,
    spread: 0.45,
  },
  // Construction permits: a site visit, often postponed.
  {
    procedure: '1.013225',
    case: 'nha_o_rieng_le',
    receiver: 'ward',
    days: 7,
    weight: 5,
    onlineShare: 0.3,
    fees: false,
    decision: 'GPXD',
    appraisal: 0.55,
    approval: 0.08,
    spread: 0.6,
  },
  // The judicial record waits for the police's verification: a long tail.
  {
    procedure: '2.000488',
    case: 'chuan',
    receiver: 'province',
    days: 10,
    weight: 14,
    onlineShare: 0.65,
    fees: true,
    decision: 'LLTP',
    appraisal: 0.5,
    approval: 0.06,
    spread: 0.55,
  },
  {
    procedure: '2.001610',
    case: 'co_ban',
    receiver: 'province',
    days: 3,
    weight: 6,
    onlineShare: 0.75,
    fees: true,
    decision: 'GCNĐKDN',
    appraisal: 0.3,
    approval: 0.08,
    spread: 0.3,
  },
  // Land-use certificates: measurement on site and the land registry, chronically slow.
  {
    procedure: '1.012753',
    case: 'chuan',
    receiver: 'province',
    days: 20,
    weight: 4,
    onlineShare: 0.2,
    fees: false,
    decision: 'GCNQSDĐ',
    appraisal: 0.7,
    approval: 0.08,
    spread: 0.5,
  },
];

/**
 * How each side works: a factor on the appraisal step, and the weekdays (1 = Monday) on which the
 * leader signs (the approval step waits for the next one).
 */
export const AGENCY_PACE: Readonly<Record<DemoLine['receiver'], { appraisal: number; signingDays: readonly number[] }>> = {
  province: { appraisal: 1, signingDays: [1, 2, 3, 4, 5] },
  ward: { appraisal: 1.15, signingDays: [2, 4] },
};

/** Load by month of receipt (0 = January): year-end and the weeks before Tết, the summer enrolment. */
export function seasonalLoad(month: number): number {
  return [1.45, 1.3, 1.05, 0.95, 0.9, 0.95, 1.15, 1.2, 1.0, 0.95, 1.1, 1.4][month] ?? 1;
}

const OFFICERS = {
  ward: ['Bùi Thu Hà', 'Lê Thị Hằng'],
  wardProc: ['Đặng Minh Châu', 'Nguyễn Văn Khải'],
  wardLead: 'Hoàng Quang Vinh',
  province: ['Nguyễn Thị Hoa', 'Phạm Thu Thủy', 'Lê Đức Anh'],
  provProc: ['Phạm Quang Huy', 'Ngô Thị Mai', 'Lê Hữu Phước'],
  provLead: 'Trịnh Thu Trang',
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Vietnam wall-clock (month 0–11, minutes after midnight) → instant. */
const vn = (y: number, m: number, d: number, minutes: number) => new Date(fromVnParts(y, m + 1, d).getTime() + minutes * 60_000);
/** Vietnam wall-clock fields of an instant, month 0–11 as `vn` takes it. */
const vnParts = (t: Date) => {
  const p = vnFields(t);
  return { y: p.year, m: p.month - 1, d: p.day, dow: p.weekday, min: p.hour * 60 + p.minute };
};
const isWorkday = (t: Date) => {
  const { dow } = vnParts(t);
  return dow >= 1 && dow <= 5;
};
const iso = vnIso;
/** Office hours: 07:30–11:30 and 13:30–17:00. */
const OFFICE: [number, number][] = [
  [450, 690],
  [810, 1020],
];

/** The same instant if it is in office hours on a working day, else the next opening. */
function openAt(t: Date): Date {
  let x = t;
  for (let guard = 0; guard < 20; guard++) {
    const p = vnParts(x);
    if (isWorkday(x)) {
      for (const [a, b] of OFFICE) {
        if (p.min < a) return vn(p.y, p.m, p.d, a);
        if (p.min < b) return x;
      }
    }
    const n = new Date(vn(p.y, p.m, p.d, 0).getTime() + DAY);
    x = n;
  }
  return x;
}
/** `n` working days later at a random office time (n may be fractional: part of a day). */
function workdaysLater(t: Date, n: number, r: ReturnType<typeof prng>): Date {
  let x = openAt(t);
  const whole = Math.floor(n);
  for (let i = 0; i < whole;) {
    x = new Date(x.getTime() + DAY);
    if (isWorkday(x)) i++;
  }
  const extraMin = Math.round((n - whole) * 450);
  return openAt(new Date(x.getTime() + (extraMin + r.int(20)) * 60_000));
}
const minutesLater = (t: Date, min: number) => openAt(new Date(t.getTime() + min * 60_000));
/** A log-normal factor with median 1 and spread σ (Box–Muller). */
function logNormal(r: ReturnType<typeof prng>, sigma: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
  return Math.exp(sigma * z);
}
/** The same instant if the leader signs that weekday, else the next signing day's morning. */
function onSigningDay(t: Date, days: readonly number[], r: ReturnType<typeof prng>): Date {
  let x = t;
  for (let guard = 0; guard < 14 && !days.includes(vnParts(x).dow); guard++) {
    const p = vnParts(x);
    x = vn(p.y, p.m, p.d + 1, 450 + r.int(180));
  }
  return openAt(x);
}

export function generateDemoHistory(o: { provinceCentre: string; wardCentre: string; from: Date; to: Date; count: number; seed?: number }): HistoryDossier[] {
  const r = prng(o.seed ?? 20251207);
  const totalWeight = DEMO_LINES.reduce((s, l) => s + l.weight, 0);
  const pickLine = () => {
    let k = r.int(totalWeight);
    for (const l of DEMO_LINES) if ((k -= l.weight) < 0) return l;
    return DEMO_LINES[0];
  };
  const span = o.to.getTime() - o.from.getTime();
  const out: HistoryDossier[] = [];
  /** What the second pass needs of each story: the counter's scan decision, the officer, the appointment. */
  const meta = new Map<string, { scanned: boolean; officer: string; due: number }>();
  for (let i = 0; i < o.count; i++) {
    const line = pickLine();
    const ward = line.receiver === 'ward';
    const receiver = ward ? o.wardCentre : o.provinceCentre;
    const officer = r.pick(ward ? OFFICERS.ward : OFFICERS.province);
    const processor = r.pick(ward ? OFFICERS.wardProc : OFFICERS.provProc);
    const lead = ward ? OFFICERS.wardLead : OFFICERS.provLead;
    // Receipt: a working day in the window, spread evenly (a little busier on Mondays).
    let day = new Date(o.from.getTime() + r.int(Math.floor(span / DAY)) * DAY);
    if (!isWorkday(day) && r.chance(0.7)) day = new Date(day.getTime() + 2 * DAY);
    const p = vnParts(day);
    const online = r.chance(line.onlineShare);
    const name = demoFullName(r.pick, DEMO_NAME_PARTS_WIDE);
    const business = line.procedure === '2.001610';
    const d: HistoryDossier = {
      ref: `DEMO-HIS-${String(i + 1).padStart(5, '0')}`,
      procedure: line.procedure,
      case: line.case,
      channel: online ? 'online' : r.chance(0.06) ? 'post' : 'counter',
      receivingAgency: receiver,
      applicant: business
        ? {
            kind: 'business',
            name: `Doanh nghiệp tư nhân ${name}`,
            idNumber: `2802${String(100000 + r.int(899999))}`,
            phone: `09${String(10000000 + r.int(89999999))}`,
          }
        : {
            kind: 'citizen',
            name,
            idNumber: `038${r.chance(0.5) ? '0' : '1'}${String(60 + r.int(45)).padStart(2, '0')}${String(r.int(1_000_000)).padStart(6, '0')}`,
            phone: r.chance(0.9) ? `09${String(10000000 + r.int(89999999))}` : null,
            address: ward ? 'Phường Hạc Thành, tỉnh Thanh Hóa' : 'tỉnh Thanh Hóa',
          },
      // Online dossiers are digital from the start; counter ones are scanned at intake most of the time.
      components: [{ index: 0, digitised: online }],
      actions: [],
    };
    // Online dossiers are electronic from the start; at the counter, most paper components are scanned at intake.
    const scanned = !online && r.chance(0.8);
    meta.set(d.ref, { scanned, officer, due: 0 });
    const A = (a: HistoryAction) => d.actions.push(a);
    let t: Date;
    if (online) {
      const submitted = vn(p.y, p.m, p.d, 6 * 60 + r.int(16 * 60));
      A({ type: 'submit_online', at: iso(submitted) });
      t = minutesLater(submitted, 20 + r.int(240));
      if (r.chance(0.02)) {
        A({ type: 'refuse', at: iso(t), by: officer, reason: 'Thủ tục không thuộc thẩm quyền của cơ quan; đã hướng dẫn nộp đúng nơi.' });
        out.push(d);
        continue;
      }
      A({ type: 'receive', at: iso(t), by: officer });
    } else {
      t = openAt(vn(p.y, p.m, p.d, 450 + r.int(540)));
      if (r.chance(0.015)) {
        A({ type: 'refuse', at: iso(t), by: officer, reason: 'Hồ sơ không thuộc thẩm quyền; đã hướng dẫn công dân nộp tại cơ quan có thẩm quyền.' });
        out.push(d);
        continue;
      }
      A({ type: 'receive', at: iso(t), by: officer });
    }
    const received = t;
    const nowish = o.to.getTime();
    t = minutesLater(t, 15 + r.int(90));
    A({ type: 'forward', at: iso(t), by: officer });
    if (r.chance(0.02)) {
      A({ type: 'withdraw', at: iso(workdaysLater(t, 0.3 + r.next(), r)), by: officer, reason: 'Công dân có đơn xin rút hồ sơ.' });
      out.push(d);
      continue;
    }
    let due = workdaysLater(received, line.days, r);
    const setDue = () => void (meta.get(d.ref)!.due = due.getTime());
    setDue();
    if (line.days >= 3 && r.chance(0.07)) {
      // One complete supplement request within 3 working days; the legal clock restarts on its return.
      t = workdaysLater(t, 0.2 + r.next() * 1.5, r);
      A({
        type: 'request_supplement',
        at: iso(t),
        by: processor,
        reason: 'Hồ sơ chưa đầy đủ theo quy định.',
        items: ['Bản sao giấy tờ chứng minh quyền sử dụng địa điểm'],
      });
      t = workdaysLater(t, 1 + r.int(4), r);
      A({ type: 'supplement_received', at: iso(t), by: officer });
      due = workdaysLater(t, line.days, r);
      setDue();
      if (r.chance(0.15)) {
        A({ type: 'stop', at: iso(workdaysLater(t, 1, r)), by: lead, reason: 'Không đủ điều kiện giải quyết theo quy định sau khi thẩm định.' });
        out.push(d);
        continue;
      }
    }
    if (line.fees) {
      t = minutesLater(t, 60 + r.int(300));
      A({ type: 'request_payment', at: iso(t), by: processor });
      const paidAt = minutesLater(t, 30 + r.int(online ? 600 : 1400));
      const pausedMs = paidAt.getTime() - t.getTime();
      t = paidAt;
      A({ type: 'payment_received', at: iso(t), by: officer, paidOnline: online ? r.chance(0.85) : r.chance(0.2) });
      due = new Date(due.getTime() + pausedMs);
      setDue();
    }
    // Appraisal, from now on: the procedure's median share of its time, the agency's pace, the season's load.
    const pace = AGENCY_PACE[line.receiver];
    const appraisal = line.days * line.appraisal * pace.appraisal * seasonalLoad(vnParts(received).m) * logNormal(r, line.spread);
    const stepEnd = workdaysLater(t, appraisal, r);
    // Approval: the leader's share, then the next day the leader signs (small same-day papers: any day).
    const approval = line.days * line.approval * logNormal(r, 0.35);
    let result = onSigningDay(new Date(workdaysLater(stepEnd, approval, r).getTime() + 10 * 60_000), line.days >= 3 ? pace.signingDays : [1, 2, 3, 4, 5], r);
    if (result.getTime() > due.getTime() && line.days >= 5 && r.chance(0.35)) {
      // The agency sees it will overrun and apologises in writing with a new appointment.
      const at = workdaysLater(t, 0.5, r);
      if (at.getTime() < stepEnd.getTime()) {
        A({
          type: 'apologise',
          at: iso(at),
          by: lead,
          reason: 'Cần xác minh thêm thông tin với cơ quan liên quan.',
          newAppointment: iso(workdaysLater(due, 5, r)),
        });
        t = at;
      }
    }
    A({ type: 'next_step', at: iso(stepEnd), by: processor });
    t = stepEnd;
    if (result.getTime() <= t.getTime()) result = minutesLater(t, 30 + r.int(60));
    // Still being processed at the end of the window.
    if (result.getTime() > nowish) {
      out.push(d);
      continue;
    }
    A({
      type: 'result_ready',
      at: iso(result),
      by: lead,
      decisionNumber: `${String(1 + (i % 900)).padStart(3, '0')}/${line.decision}`,
      signer: lead,
      signedOn: iso(result).slice(0, 10),
    });
    const back = workdaysLater(result, r.chance(0.6) ? 0.2 : 1 + r.int(2), r);
    if (back.getTime() > nowish) {
      out.push(d);
      continue;
    }
    const how = online && r.chance(0.5) ? 'electronic' : d.channel === 'post' || r.chance(0.12) ? 'post' : 'counter';
    A({
      type: 'return_result',
      at: iso(back),
      by: officer,
      channel: how,
      receivedBy: how === 'electronic' ? 'Tài khoản định danh điện tử của người nộp' : d.applicant.name,
    });
    out.push(d);
  }
  // What had not happened yet at the window's end is cut (a prefix of a legal history is legal).
  const cut = out.map((d) => ({ ...d, actions: d.actions.filter((a) => Date.parse(a.at) <= o.to.getTime()) })).filter((d) => d.actions.length > 0);
  return addFilesAndRatings(cut, meta, o.to, (o.seed ?? 20251207) + 1);
}

/**
 * The second pass: scans confirmed at intake, re-used data, result files, ratings. Its own PRNG
 * stream, so the stories above are unchanged by it.
 */
function addFilesAndRatings(
  ds: HistoryDossier[],
  meta: Map<string, { scanned: boolean; officer: string; due: number }>,
  to: Date,
  seed: number,
): HistoryDossier[] {
  const r = prng(seed);
  const end = to.getTime();
  for (const d of ds) {
    const m = meta.get(d.ref)!;
    const first = d.actions[0];
    const accepted = first.type === 'receive' || d.actions[1]?.type === 'receive';
    const data = DATA_COMPONENT[d.procedure];
    // The identity paper (or land record) re-used from the database instead of a paper copy.
    if (accepted && data && d.applicant.kind === 'citizen' && r.chance(REUSE_SHARE))
      d.components!.push({ index: data.index, digitised: true, reusedFrom: `data:${data.source}` });
    if (accepted && m.scanned) {
      // The officer scans the paper component a few minutes after the receipt and confirms it matches the original.
      const at = Math.min(end, Date.parse(first.at) + (3 + r.int(10)) * 60_000);
      d.components![0] = {
        index: 0,
        digitised: false,
        scan: { file: SCAN_FILES[r.int(SCAN_FILES.length)], confirmedBy: m.officer, confirmedAt: iso(new Date(at)) },
      };
    }
    const result = d.actions.find((a) => a.type === 'result_ready');
    if (result && r.chance(E_RESULT_SHARE)) result.file = resultFilePath(d.procedure);
    const returned = d.actions.find((a) => a.type === 'return_result');
    if (result && returned && r.chance(RATED_SHARE)) {
      // Late dossiers are rated lower: a dissatisfied answer is far likelier when the appointment was missed.
      const late = Date.parse(result.at) > m.due;
      const u = r.next();
      const level = late ? (u < 0.3 ? 1 + r.int(2) : u < 0.55 ? 3 : u < 0.85 ? 4 : 5) : u < 0.02 ? 2 : u < 0.08 ? 3 : u < 0.45 ? 4 : 5;
      const v = r.next();
      const source = v < 0.55 ? 'counter' : v < 0.9 ? 'link' : 'account';
      const after = source === 'counter' ? (2 + r.int(8)) * 60_000 : (1 + r.int(72)) * HOUR;
      const at = Date.parse(returned.at) + after;
      if (at <= end) d.rating = { at: iso(new Date(at)), level, source };
    }
  }
  return ds;
}
