import { vnIso } from '../../platform/vn-time.js';
/**
 * The public lookup's answer, built from its one statement's row (dossiers.repo.ts
 * publicLookupQuery). Pure: the API and the bench's bare Fastify + pg server (bench/bare-server.ts)
 * both call it, so the two answer the same bytes for the same row.
 */
import { ACTION_NAMES_VI, STATUSES, type ActionType, type StatusCode } from './dossiers.rules.js';
import type { PublicLookupRow } from './dossiers.repo.js';

/** "Nguyễn Thị Hồng Đào" → "Nguyễn T. H. Đào": the receipt's name, shortened for a public page. */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length <= 2) return parts.map((p, i) => (i === 0 ? p : p[0] + '.')).join(' ');
  return [parts[0], ...parts.slice(1, -1).map((p) => p[0] + '.'), parts[parts.length - 1]].join(' ');
}

const CLOSURE_TEXT: Record<string, string> = { supplement_timeout: 'Dừng giải quyết do không bổ sung hồ sơ trong thời hạn' };

const iso = (ms: number | null) => (ms === null ? null : vnIso(new Date(ms)));

/**
 * The status alone when the row has no details (no key, or a wrong one: `keyGiven` says which);
 * with the details, what the receipt shows (times in Vietnam's offset, the name shortened).
 */
export function publicLookupView(r: PublicLookupRow, keyGiven: boolean) {
  // The column is CHECKed to 1..10 (the QĐ 766 status codes the description lists).
  const status = { code: r.status as StatusCode, name: STATUSES[r.status as StatusCode].nameVi };
  const x = r.detail;
  if (!x) return { code: r.code, status, detailed: false, keyRejected: keyGiven };
  return {
    code: r.code,
    status,
    detailed: true,
    keyRejected: false,
    procedureName: x.procedureName,
    receivingAgency: x.receivingAgency ?? '',
    applicantName: maskName(x.applicantName),
    submittedAt: iso(x.submittedAt),
    receivedAt: iso(x.receivedAt),
    appointment: iso(x.appointment),
    originalAppointment: iso(x.originalAppointment),
    returnedAt: iso(x.returnedAt),
    // Status 8: what ended it and why (a refusal after appraisal states its reasons).
    outcome: x.closure
      ? { text: x.closure.kind === 'stopped' ? 'Từ chối giải quyết' : (CLOSURE_TEXT[x.closure.kind] ?? STATUSES[8].nameVi), reason: x.closure.reason }
      : null,
    steps: x.steps.map((a) => ({
      at: vnIso(new Date(a.at)),
      name: ACTION_NAMES_VI[a.type as ActionType] ?? a.type,
      agency: a.agency,
      status: STATUSES[a.toStatus as 1]?.nameVi ?? '',
    })),
  };
}
