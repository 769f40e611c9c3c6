/**
 * Figures the system already knows, pre-filled into report cells marked `system: "<key>"`:
 * dossiers (dossiers.public.ts `dossierFigures`), feedback (feedback.public.ts `feedbackStats`)
 * and assigned tasks (tasks.public.ts overview). They are computed for the period's data cut-off
 * window and the reporting agency (with its subordinate units, e.g. a commune's service centre).
 */
import type { Database } from '../../platform/db/database.js';
import { dossierFigures, type DossierFigures } from '../dossiers/dossiers.public.js';
import { feedbackStats } from '../feedback/feedback.public.js';
import type { TasksService } from '../tasks/tasks.public.js';
import type { QualityService } from '../quality/quality.public.js';
import { addDays } from './reports.periods.js';
import { ratioValue, type CellType } from './reports.template.js';
import { vnIso } from '../../platform/vn-time.js';

/** Where a system figure comes from. */
export const FIGURE_SOURCES = ['dossiers', 'feedback', 'tasks'] as const;
export type FigureSource = (typeof FIGURE_SOURCES)[number];

export interface FigureDef {
  label: string;
  source: FigureSource;
  type: CellType;
}

export const SOURCE_VI: Record<FigureSource, string> = {
  dossiers: 'Hệ thống giải quyết TTHC (hồ sơ một cửa)',
  feedback: 'Hệ thống tiếp nhận phản ánh, kiến nghị',
  tasks: 'Hệ thống theo dõi nhiệm vụ',
};

/** The catalogue of system figures; a template may only name these. */
export const SYSTEM_FIGURES: Record<string, FigureDef> = {
  'dossiers.carriedOver': { label: 'Hồ sơ kỳ trước chuyển sang', source: 'dossiers', type: 'integer' },
  'dossiers.received': { label: 'Hồ sơ tiếp nhận mới trong kỳ', source: 'dossiers', type: 'integer' },
  'dossiers.receivedOnline': { label: 'Hồ sơ tiếp nhận trực tuyến', source: 'dossiers', type: 'integer' },
  'dossiers.receivedCounter': { label: 'Hồ sơ tiếp nhận trực tiếp', source: 'dossiers', type: 'integer' },
  'dossiers.receivedPost': { label: 'Hồ sơ tiếp nhận qua bưu chính công ích', source: 'dossiers', type: 'integer' },
  'dossiers.resolved': { label: 'Hồ sơ đã kết thúc xử lý (kể cả rút, dừng xử lý)', source: 'dossiers', type: 'integer' },
  'dossiers.resolvedEarly': { label: 'Giải quyết trước hạn', source: 'dossiers', type: 'integer' },
  'dossiers.resolvedOnTime': { label: 'Giải quyết đúng hạn', source: 'dossiers', type: 'integer' },
  'dossiers.resolvedLate': { label: 'Giải quyết quá hạn', source: 'dossiers', type: 'integer' },
  'dossiers.withdrawnOrStopped': { label: 'Hồ sơ rút / dừng xử lý', source: 'dossiers', type: 'integer' },
  'dossiers.inProgressWithin': { label: 'Đang giải quyết trong hạn', source: 'dossiers', type: 'integer' },
  'dossiers.inProgressOverdue': { label: 'Đang giải quyết quá hạn', source: 'dossiers', type: 'integer' },
  'dossiers.apologies': { label: 'Văn bản xin lỗi đã gửi', source: 'dossiers', type: 'integer' },
  'dossiers.paidOnline': { label: 'Hồ sơ thanh toán trực tuyến', source: 'dossiers', type: 'integer' },
  'dossiers.digitised': { label: 'Hồ sơ được số hóa', source: 'dossiers', type: 'integer' },
  'dossiers.onlineShare': { label: 'Tỷ lệ hồ sơ trực tuyến', source: 'dossiers', type: 'percent' },
  'dossiers.onTimeRate': { label: 'Tỷ lệ giải quyết trước và đúng hạn', source: 'dossiers', type: 'percent' },
  'feedback.received': { label: 'Phản ánh, kiến nghị tiếp nhận', source: 'feedback', type: 'integer' },
  'feedback.handledOnTime': { label: 'Phản ánh đã xử lý đúng hạn', source: 'feedback', type: 'integer' },
  'feedback.handledLate': { label: 'Phản ánh đã xử lý quá hạn', source: 'feedback', type: 'integer' },
  'feedback.inProgressWithin': { label: 'Phản ánh đang xử lý trong hạn', source: 'feedback', type: 'integer' },
  'feedback.inProgressOverdue': { label: 'Phản ánh đang xử lý quá hạn', source: 'feedback', type: 'integer' },
  'feedback.onTimeRate': { label: 'Tỷ lệ phản ánh xử lý đúng hạn', source: 'feedback', type: 'percent' },
  'tasks.assigned': { label: 'Nhiệm vụ được giao (lượt, đến kỳ)', source: 'tasks', type: 'integer' },
  'tasks.done': { label: 'Nhiệm vụ hoàn thành đúng hạn', source: 'tasks', type: 'integer' },
  'tasks.doneLate': { label: 'Nhiệm vụ hoàn thành chậm', source: 'tasks', type: 'integer' },
  'tasks.inProgress': { label: 'Nhiệm vụ đang thực hiện trong hạn', source: 'tasks', type: 'integer' },
  'tasks.overdue': { label: 'Nhiệm vụ quá hạn', source: 'tasks', type: 'integer' },
  'tasks.notStarted': { label: 'Nhiệm vụ chưa đến kỳ thực hiện', source: 'tasks', type: 'integer' },
  'tasks.cannotDo': { label: 'Nhiệm vụ không thể thực hiện', source: 'tasks', type: 'integer' },
};

export const SYSTEM_FIGURE_KEYS: ReadonlySet<string> = new Set(Object.keys(SYSTEM_FIGURES));

export interface FigureValue {
  value: number;
  source: FigureSource;
  /** When it was computed (ISO, +07:00). */
  at: string;
  /** What window and scope it covers, in words. */
  basis: string;
}

/** The cut-off window as instants: [from 00:00+07:00, the day after `to` 00:00+07:00). */
export function windowInstants(cutoffFrom: string, cutoffTo: string): { from: Date; to: Date } {
  return { from: new Date(`${cutoffFrom}T00:00:00+07:00`), to: new Date(`${addDays(cutoffTo, 1)}T00:00:00+07:00`) };
}

/** Maps the dossier module's counts to figure keys (pure). */
export function dossierFigureValues(f: DossierFigures): Record<string, number> {
  return {
    'dossiers.carriedOver': f.carriedOver,
    'dossiers.received': f.received,
    'dossiers.receivedOnline': f.receivedOnline,
    'dossiers.receivedCounter': f.receivedCounter,
    'dossiers.receivedPost': f.receivedPost,
    'dossiers.resolved': f.resolved,
    'dossiers.resolvedEarly': f.resolvedEarly,
    'dossiers.resolvedOnTime': f.resolvedOnTime,
    'dossiers.resolvedLate': f.resolvedLate,
    'dossiers.withdrawnOrStopped': f.withdrawnOrStopped,
    'dossiers.inProgressWithin': f.inProgressWithin,
    'dossiers.inProgressOverdue': f.inProgressOverdue,
    'dossiers.apologies': f.apologies,
    'dossiers.paidOnline': f.paidOnline,
    'dossiers.digitised': f.digitised,
    'dossiers.onlineShare': ratioValue(f.receivedOnline, f.received) ?? 0,
    'dossiers.onTimeRate': ratioValue(f.resolvedEarly + f.resolvedOnTime, f.resolved) ?? 0,
  };
}

/**
 * Where the figures are read: the database (dossier counts, feedback) and the app's QĐ 766 and
 * tasks services (deps.quality, deps.tasks, built once by the composition root). A caller that
 * never pre-fills (the period-opening seed) may leave the services out; a figure that needs a
 * missing one then fails loudly.
 */
export interface FigureSources {
  database: Database;
  quality?: Pick<QualityService, 'indicators'>;
  tasks?: Pick<TasksService, 'overview'>;
}

function needed<T>(service: T | undefined, name: string): T {
  if (!service) throw new Error(`reports: system figures need the ${name} service (pass deps.${name} to createReportsService)`);
  return service;
}

/**
 * Computes the figures `keys` for an agency (and the agencies under it: `agencyIds`) over a
 * cut-off window. Only the sources that are needed are queried.
 */
export async function computeFigures(
  sources: FigureSources,
  q: { agencyId: string; agencyIds: string[]; cutoffFrom: string; cutoffTo: string; keys: string[]; now: Date },
): Promise<Record<string, FigureValue>> {
  const { database } = sources;
  const at = vnIso(q.now);
  const need = new Set(q.keys.map((k) => SYSTEM_FIGURES[k]?.source).filter(Boolean));
  const values: Record<string, { value: number; basis: string }> = {};
  const win = `từ ${q.cutoffFrom.split('-').reverse().join('/')} đến ${q.cutoffTo.split('-').reverse().join('/')}`;
  if (need.has('dossiers')) {
    const f = await dossierFigures(database.db, { ...windowInstants(q.cutoffFrom, q.cutoffTo), agencyIds: q.agencyIds });
    // Timeliness as the QĐ 766 index counts it (quality module), so a report and the index never
    // disagree: processing end vs the appointment moved by the waiting intervals, more than one
    // supplement request = late, withdrawn/stopped dossiers count as ended (legal-research.md §1.4).
    const t = (await needed(sources.quality, 'quality').indicators({ from: q.cutoffFrom, to: q.cutoffTo, agency: q.agencyId })).timeliness;
    const merged: DossierFigures = {
      ...f,
      resolvedEarly: t.finishedEarly,
      resolvedOnTime: t.finishedOnTime,
      resolvedLate: t.finishedLate,
      resolved: t.finishedEarly + t.finishedOnTime + t.finishedLate,
      inProgressWithin: t.openWithinTime,
      inProgressOverdue: t.openOverdue,
    };
    const timelinessKeys = new Set([
      'dossiers.resolved',
      'dossiers.resolvedEarly',
      'dossiers.resolvedOnTime',
      'dossiers.resolvedLate',
      'dossiers.inProgressWithin',
      'dossiers.inProgressOverdue',
      'dossiers.onTimeRate',
    ]);
    for (const [k, v] of Object.entries(dossierFigureValues(merged)))
      values[k] = { value: v, basis: timelinessKeys.has(k) ? `Hồ sơ ${win}, đúng/trễ hạn theo Bộ chỉ số QĐ 766` : `Hồ sơ ${win}` };
  }
  if (need.has('feedback')) {
    const s = await feedbackStats(database, { from: q.cutoffFrom, to: q.cutoffTo, agencyId: q.agencyId }, { now: () => q.now });
    const t = s.total;
    const b = `Phản ánh tiếp nhận ${win}`;
    Object.assign(values, {
      'feedback.received': { value: t.total, basis: b },
      'feedback.handledOnTime': { value: t.onTime, basis: b },
      'feedback.handledLate': { value: t.late, basis: b },
      'feedback.inProgressWithin': { value: t.inTime, basis: b },
      'feedback.inProgressOverdue': { value: t.overdue, basis: b },
      'feedback.onTimeRate': { value: t.onTimeRate ?? 0, basis: b },
    });
  }
  if (need.has('tasks')) {
    const ov = await needed(sources.tasks, 'tasks').overview(null);
    const rows = ov.agencies.filter((r) => q.agencyIds.includes(r.agencyId));
    const sum = (k: 'assigned' | 'done' | 'doneLate' | 'inProgress' | 'overdue' | 'notStarted' | 'cannotDo') => rows.reduce((s, r) => s + r[k], 0);
    const b = `Nhiệm vụ được giao, tình trạng tại ngày ${ov.asOf.split('-').reverse().join('/')}`;
    Object.assign(values, {
      'tasks.assigned': { value: sum('assigned'), basis: b },
      'tasks.done': { value: sum('done'), basis: b },
      'tasks.doneLate': { value: sum('doneLate'), basis: b },
      'tasks.inProgress': { value: sum('inProgress'), basis: b },
      'tasks.overdue': { value: sum('overdue'), basis: b },
      'tasks.notStarted': { value: sum('notStarted'), basis: b },
      'tasks.cannotDo': { value: sum('cannotDo'), basis: b },
    });
  }
  const out: Record<string, FigureValue> = {};
  for (const k of q.keys) {
    const v = values[k];
    if (v) out[k] = { value: v.value, source: SYSTEM_FIGURES[k].source, at, basis: v.basis };
  }
  return out;
}
