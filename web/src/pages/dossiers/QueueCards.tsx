import type { ReactNode } from 'react';
import type { User } from '../../api';
import { withQuery } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader } from '../../hooks';
import { Link } from '../../router';
import { LoadError } from '../../components/ui';
import { QUEUE_TABS } from './dossierRules';
import { dossiersApi } from './dossiersApi';
import { listPathFor } from './shared';

const HANDLERS = ['one_stop_officer', 'specialist', 'unit_leader'] as const;

/** The workspace's queue cards for accounts that handle dossiers; undefined for the others (the slot then says so). */
export function dossierQueues(user: User): ReactNode | undefined {
  return user.roles.some((r) => (HANDLERS as readonly string[]).includes(r)) ? <QueueCards user={user} /> : undefined;
}

function QueueCards({ user }: { user: User }) {
  const { t } = useI18n();
  const { data, error, reload } = useLoader('queue-counts', (signal) => dossiersApi.list({ limit: 1 }, signal));
  const base = listPathFor(user);
  if (error != null) return <LoadError error={error} onRetry={reload} />;
  return (
    <ul className="dos-queue-cards" data-testid="queue-cards">
      {QUEUE_TABS.map((q) => {
        // "Tất cả" is every dossier kept: not counted (the list pages without a total).
        const n = q === 'all' ? (data ? '' : undefined) : data?.counts?.[q];
        return (
          <li key={q}>
            <Link to={withQuery(base, { hang: q })} className={`dos-queue-card${q === 'overdue' && n ? ' is-alert' : ''}`} data-queue={q}>
              <span className="dos-queue-n">{n ?? '…'}</span>
              <span className="dos-queue-name">{t(`dos.queue.${q}`)}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
