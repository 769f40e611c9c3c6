import type { User } from '../../api';
import type { MessageKey, Translate } from '../../i18n';
import { vi } from '../../i18n/vi';
import { Badge } from '../../components/ui';
import { useI18n } from '../../i18n';
import { PATHS } from '../../nav';
import { appointmentParts } from './dossierRules';
import type { DossierView } from './dossiersApi';

export const DOSSIER_PATHS = {
  intake: PATHS.intake,
  officerList: PATHS.dossiers,
  processList: PATHS.toProcess,
  lookup: PATHS.lookup,
  mine: PATHS.myDossiers,
  detailPrefix: '/ho-so/',
} as const;

export const detailPath = (id: string) => `${DOSSIER_PATHS.detailPrefix}${encodeURIComponent(id)}`;

/** The staff list for this account: the one-stop list for officers, the processing list for the others. */
export function listPathFor(user: Pick<User, 'roles'> | null): string {
  if (!user) return PATHS.lookup;
  if (user.roles.includes('one_stop_officer')) return PATHS.dossiers;
  if (user.roles.some((r) => r === 'specialist' || r === 'unit_leader')) return PATHS.toProcess;
  if (user.roles.includes('citizen')) return PATHS.myDossiers;
  return PATHS.workspace;
}

/** A dictionary key if it exists, else the server's Vietnamese text. */
export function known(t: Translate, key: string, fallback: string): string {
  return key in vi ? t(key as MessageKey) : fallback;
}

export const actionName = (t: Translate, type: string, fallback: string) => known(t, `dos.action.${type}`, fallback);
export const statusName = (t: Translate, code: number, fallback: string) => known(t, `dos.status.${code}`, fallback);

type StatusCode = DossierView['status']['code'];
/** The badge of each status (a Record over the generated status codes: a new status fails `tsc` until it has one). */
const STATUS_KINDS: Readonly<Record<StatusCode, 'neutral' | 'success' | 'info' | 'warning'>> = {
  1: 'info',
  2: 'info',
  3: 'neutral',
  4: 'info',
  5: 'warning',
  6: 'warning',
  7: 'neutral',
  8: 'neutral',
  9: 'success',
  10: 'success',
};

export function statusKind(code: number): 'neutral' | 'success' | 'danger' | 'info' | 'warning' {
  return STATUS_KINDS[code as StatusCode] ?? 'info';
}

export function StatusBadge({ status }: { status: { code: number; name: string } }) {
  const { t } = useI18n();
  return (
    <span data-testid="dossier-status" data-status={status.code}>
      <Badge kind={statusKind(status.code)}>{statusName(t, status.code, status.name)}</Badge>
    </span>
  );
}

/** "Trễ hạn, chưa xin lỗi" and the like. */
export function FlagBadges({ flags }: { flags: readonly string[] }) {
  const { t } = useI18n();
  return (
    <>
      {flags.map((f) => (
        <Badge key={f} kind="danger">
          {known(t, `dos.flag.${f}`, f)}
        </Badge>
      ))}
    </>
  );
}

/** "07/12/2026 09:00 (buổi sáng)". */
export function Appointment({ iso, compact }: { iso: string | null | undefined; compact?: boolean }) {
  const { t } = useI18n();
  const p = appointmentParts(iso);
  if (!p) return <span className="muted">{t('common.none')}</span>;
  if (compact)
    return (
      <span>
        <span className="nowrap">
          {p.date} {p.time}
        </span>
        <span className="muted dos-appt-session"> ({t(`dos.${p.session}`)})</span>
      </span>
    );
  // Date and time stay together; the session may wrap below them (large text, narrow columns).
  return (
    <span>
      <span className="nowrap">
        {p.date} {p.time}
      </span>{' '}
      <span className="muted nowrap">({t(`dos.${p.session}`)})</span>
    </span>
  );
}

/** "còn 1 ngày 3 giờ" / "quá hạn 2 ngày", red when late; once processing has ended, whether it ended in time. */
export function Remaining({ d }: { d: Pick<DossierView, 'remaining' | 'late'> & { processingEndedAt?: string | null } }) {
  const { t } = useI18n();
  if (d.remaining) return <span className={d.late ? 'dos-late' : 'dos-ontime'}>{d.remaining}</span>;
  if (d.processingEndedAt) return <span className={d.late ? 'dos-late' : 'dos-ontime'}>{t(d.late ? 'dos.outcome.late' : 'dos.outcome.onTime')}</span>;
  return <span className="muted">—</span>;
}
