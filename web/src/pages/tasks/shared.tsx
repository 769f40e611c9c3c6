import type { MessageKey } from '../../i18n/vi';
import { Badge } from '../../components/ui';
import { useI18n } from '../../i18n';
import type { Assignment, TaskStatus } from './tasksApi';

export { TASK_PATHS } from './paths';

const STATUS_BADGE: Record<TaskStatus, 'neutral' | 'success' | 'danger' | 'info' | 'warning'> = {
  not_started: 'neutral',
  in_progress: 'info',
  done: 'success',
  done_late: 'warning',
  overdue: 'danger',
  cannot_do: 'danger',
};

export function StatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useI18n();
  return <Badge kind={STATUS_BADGE[status]}>{t(`tasks.status.${status}` as MessageKey)}</Badge>;
}

/** Agencies as now assigned, with the plan's own words when they differ. */
export function Agencies({ list, compact }: { list: Assignment[]; compact?: boolean }) {
  const { t } = useI18n();
  if (!list.length) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className="task-agencies">
      {list.map((a) => {
        const shown = a.agencyName ?? a.groupName ?? a.written;
        return (
          <li key={a.ordinal}>
            {a.matched ? shown : <Badge kind="warning">{t('tasks.unmatched')}</Badge>} {!a.matched && a.written}
            {a.matched && shown !== a.written && <span className="sub">{t('tasks.asWritten', { text: a.written })}</span>}
            {a.note && !compact && <span className="sub">{a.note}</span>}
          </li>
        );
      })}
    </ul>
  );
}
