import type { ReactNode } from 'react';
import type { User } from '../api';
import { useI18n } from '../i18n';
import { useTitle } from '../hooks';
import { navFor, PATHS } from '../nav';
import { Link } from '../router';
import { Badge } from '../components/ui';

/**
 * The officer workspace home (/mot-cua). `queues` is the slot where later work adds the officer's
 * queue counts (dossiers to receive, to process, overdue…); until then it says honestly that none exist.
 */
export function WorkspaceHome({ user, queues }: { user: User; queues?: ReactNode }) {
  const { t } = useI18n();
  useTitle(t('workspace.title'));
  const shortcuts = navFor(user.roles).filter((i) => i.path !== PATHS.workspace);
  return (
    <section className="workspace" data-testid="workspace" aria-labelledby="workspace-title">
      <div className="workspace-head">
        <div>
          <h1 id="workspace-title">{t('workspace.title')}</h1>
          <p className="workspace-greeting">{t('workspace.greeting', { name: user.fullName })}</p>
        </div>
      </div>

      <dl className="profile" data-testid="workspace-profile">
        <div>
          <dt>{t('workspace.username')}</dt>
          <dd>{user.username}</dd>
        </div>
        <div>
          <dt>{t('workspace.agency')}</dt>
          <dd data-testid="workspace-agency">{user.agency ? user.agency.name : t('workspace.noAgency')}</dd>
        </div>
        <div>
          <dt>{t('workspace.roles')}</dt>
          <dd data-testid="workspace-roles">
            <span className="badge-list">
              {user.roles.map((r) => (
                <Badge key={r} kind="info">
                  {t(`role.${r}`)}
                </Badge>
              ))}
            </span>
          </dd>
        </div>
      </dl>

      <section className="workspace-queues card" aria-labelledby="queues-title" data-testid="workspace-queues">
        <h2 id="queues-title">{t('workspace.queues')}</h2>
        {queues ?? <p className="muted">{t('workspace.queuesEmpty')}</p>}
      </section>

      {shortcuts.length > 0 && (
        <section aria-labelledby="shortcuts-title">
          <h2 id="shortcuts-title">{t('workspace.shortcuts')}</h2>
          <ul className="shortcut-grid">
            {shortcuts.map((item) => (
              <li key={item.path}>
                <Link to={item.path} className="shortcut">
                  <span className="shortcut-title">{t(item.key)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
