/** Small pure rules of the signatures module: the plain-Vietnamese verdict of one signature. */
import { vnDateText, vnIso } from '../../platform/vn-time.js';

export type SignatureStatus = 'valid' | 'modified' | 'invalid' | 'revoked' | 'untrusted' | 'expired' | 'not_yet_valid';

export interface VerdictInput {
  /** The byte-range digest matches and the CMS signature verifies with the signer's key. */
  intact: boolean;
  /** The signature's byte range reaches the end of the file, or every later revision is itself signed. */
  unchangedSince: boolean;
  trusted: boolean;
  /** The signer's certificate (and its issuers) at the signing time. */
  validity: 'valid' | 'expired' | 'not_yet_valid';
  /** null = no revocation data was available. */
  revoked: boolean | null;
  signerName: string | null;
  organization: string | null;
  signedAt: Date | null;
}

/** dd/mm/yyyy in Vietnam's time (UTC+7, no daylight saving). */
export function vnDate(d: Date): string {
  return vnDateText(d);
}

/** The first problem wins: integrity, then later changes, revocation, trust, validity. */
export function signatureStatus(x: VerdictInput): SignatureStatus {
  if (!x.intact) return 'invalid';
  if (!x.unchangedSince) return 'modified';
  if (x.revoked === true) return 'revoked';
  if (!x.trusted) return 'untrusted';
  if (x.validity !== 'valid') return x.validity;
  return 'valid';
}

/** "Ký số hợp lệ — Nguyễn Văn A, Sở Tư pháp, 12/03/2026" and the like. */
export function verdictText(x: VerdictInput): string {
  switch (signatureStatus(x)) {
    case 'invalid':
    case 'modified':
      return 'Chữ ký không hợp lệ: tài liệu đã bị sửa sau khi ký';
    case 'revoked':
      return 'Chứng thư số đã bị thu hồi trước thời điểm ký';
    case 'untrusted':
      return 'Chứng thư số không do tổ chức tin cậy cấp';
    case 'expired':
      return 'Chứng thư số hết hạn';
    case 'not_yet_valid':
      return 'Chứng thư số chưa có hiệu lực tại thời điểm ký';
    case 'valid': {
      const who = [x.signerName, x.organization].filter((s): s is string => !!s && s.trim() !== '');
      const uniq = who.filter((s, i) => who.indexOf(s) === i);
      return `Ký số hợp lệ — ${[...uniq, ...(x.signedAt ? [vnDate(x.signedAt)] : [])].join(', ')}`;
    }
  }
}

/** One sentence for a whole file: no signature, all valid, or the first problem found. */
export function fileVerdict(items: { status: SignatureStatus; verdict: string }[]): string {
  if (items.length === 0) return 'Tài liệu không có chữ ký số';
  const bad = items.find((i) => i.status !== 'valid');
  if (bad) return items.length > 1 ? `${bad.verdict} (${items.length} chữ ký)` : bad.verdict;
  return items.length > 1 ? `${items[items.length - 1]!.verdict} (${items.length} chữ ký, tất cả hợp lệ)` : items[0]!.verdict;
}

/** PDF date string "D:20260312093000+07'00'" → Date (null when malformed). */
export function parsePdfDate(s: string): Date | null {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-])?(\d{2})?'?(\d{2})?'?$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', sign, oh = '00', om = '00'] = m;
  const offset = sign === '+' || sign === '-' ? `${sign}${oh}:${om}` : 'Z';
  const t = new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}${offset}`);
  return Number.isNaN(t.getTime()) ? null : t;
}

/** A time as ISO 8601 with Vietnam's offset (Nghị định 30/2020, Phụ lục I): 2026-03-12T09:30:00+07:00. */
export function isoVnTime(d: Date): string {
  return vnIso(d);
}

/**
 * The authority lines above a signature (Nghị định 30/2020, Phụ lục I, "quyền hạn, chức vụ của người
 * ký"), upper case: the head signs under their own title; a deputy ("Phó …") signs "KT." (ký thay)
 * for the head; someone signing by order of the head signs "TL." (thừa lệnh) when told so.
 */
export function signerBlockLines(o: { title: string | null; onBehalf?: { mode: 'KT' | 'TL' | 'TM'; headTitle: string } }): string[] {
  const up = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');
  const title = o.title?.trim() ? up(o.title) : null;
  if (o.onBehalf) return [`${o.onBehalf.mode}. ${up(o.onBehalf.headTitle)}`, ...(title ? [title] : [])];
  if (!title) return [];
  const deputy = /^PHÓ\s+(.+)$/u.exec(title);
  return deputy ? [`KT. ${deputy[1]}`, title] : [title];
}
