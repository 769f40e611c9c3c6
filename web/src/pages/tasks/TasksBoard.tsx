import './tasks.css';
import { useState } from 'react';
import type { User } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { formatDate } from '../../format';
import { Link } from '../../router';
import { PageHeader } from '../../components/ui';
import { PagedTable, type Column } from '../../components/DataTable';
import { FilterSelect } from '../../components/filters';
import { TASK_VIEWS, tasksApi, type Task, type TaskView } from './tasksApi';
import { Agencies, StatusBadge, TASK_PATHS } from './shared';
import type { MessageKey } from '../../i18n/vi';

const LIMIT = 50;
type View = TaskView | 'all';
const VIEWS: readonly View[] = [...TASK_VIEWS, 'all'];

/** The task board of an agency: mine to lead, mine to support, due soon, overdue (the office also sees all). */
export function TasksBoard({ user }: { user: User }) {
  const { t } = useI18n();
  useTitle(t('tasks.board.title'));
  const assigner = user.roles.some((r) => r === 'provincial_office' || r === 'admin');
  const [view, setView] = useState<View>(assigner ? 'all' : 'lead');
  const [plan, setPlan] = useState('');
  const [offset, setOffset] = useState(0);
  const plans = useLoader('plans', (s) => tasksApi.plans(s));
  const list = useLoader(JSON.stringify([view, plan, offset]), (signal) =>
    tasksApi.tasks({ view: view === 'all' ? undefined : view, plan: plan || undefined, limit: LIMIT, offset }, signal),
  );
  const views = assigner ? VIEWS : VIEWS.filter((v) => v !== 'all');
  const columns: Column<Task>[] = [
    { header: t('tasks.number'), nowrap: true, cell: (task) => task.number },
    {
      header: t('tasks.content'),
      cell: (task) => (
        <>
          <Link to={`${TASK_PATHS.detail}?id=${task.id}`}>{task.content.length > 220 ? task.content.slice(0, 220) + '…' : task.content}</Link>
          {task.section && <span className="sub">{task.section}</span>}
        </>
      ),
    },
    { header: t('tasks.lead'), cell: (task) => <Agencies list={task.lead} compact /> },
    { header: t('tasks.support'), cell: (task) => <Agencies list={task.support} compact /> },
    {
      header: t('tasks.deadline'),
      cell: (task) => (
        <>
          {task.deadline.text}
          {task.deadline.needsReview && <span className="sub">{t('tasks.deadlineNeedsReview')}</span>}
          {task.nextDueOn && <span className="sub">{t('tasks.nextDue', { date: formatDate(task.nextDueOn) })}</span>}
        </>
      ),
    },
    {
      header: t('tasks.statusCol'),
      cell: (task) => (
        <>
          <StatusBadge status={task.status} />
          <span className="sub">{task.percent}%</span>
        </>
      ),
    },
  ];
  return (
    <div className="admin-page tasks-page" data-testid="tasks-board">
      <PageHeader
        title={t('tasks.board.title')}
        intro={user.agency ? t('tasks.board.intro', { agency: user.agency.name }) : undefined}
        actions={
          <>
            <Link className="btn btn-secondary" to={TASK_PATHS.overview}>
              {t('tasks.overview.title')}
            </Link>
            {assigner && (
              <Link className="btn btn-primary" to={TASK_PATHS.importPlan}>
                {t('tasks.import.title')}
              </Link>
            )}
          </>
        }
      />
      <div className="tabs" role="tablist" aria-label={t('tasks.board.title')}>
        {views.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className={`tab ${view === v ? 'tab-active' : ''}`}
            onClick={() => {
              setView(v);
              setOffset(0);
            }}
          >
            {t(`tasks.view.${v}` as MessageKey)}
          </button>
        ))}
      </div>
      <div className="filters card">
        <FilterSelect
          id="tb-plan"
          label={t('tasks.plan')}
          value={plan}
          onChange={(v) => {
            setPlan(v);
            setOffset(0);
          }}
          options={[
            { value: '', label: t('common.all') },
            ...(plans.data?.items ?? []).map((p) => ({ value: p.id, label: (p.number ? p.number + ' — ' : '') + p.title.slice(0, 90) })),
          ]}
        />
        {plan && (
          <div className="filters-actions">
            <a className="btn btn-secondary" href={tasksApi.exportUrl(plan)} download>
              {t('tasks.export')}
            </a>
          </div>
        )}
      </div>
      <PagedTable
        list={list}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        columns={columns}
        rowKey={(task) => task.id}
        caption={t('tasks.board.title')}
        className="tasks-table"
        empty={t('common.noResults')}
      />
    </div>
  );
}
