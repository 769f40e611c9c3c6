import './tasks.css';
import { useState } from 'react';
import type { User } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle } from '../../hooks';
import { formatDate } from '../../format';
import { Link } from '../../router';
import { LoadError, Loading, PageHeader, Pagination } from '../../components/ui';
import { tasksApi } from './tasksApi';
import { Agencies, StatusBadge, TASK_PATHS } from './shared';
import type { MessageKey } from '../../i18n/vi';

const LIMIT = 50;
const VIEWS = ['lead', 'support', 'due_soon', 'overdue', 'all'] as const;
type View = (typeof VIEWS)[number];

/** The task board of an agency: mine to lead, mine to support, due soon, overdue (the office also sees all). */
export function TasksBoard({ user }: { user: User }) {
  const { t } = useI18n();
  useTitle(t('tasks.board.title'));
  const assigner = user.roles.some((r) => r === 'provincial_office' || r === 'admin');
  const [view, setView] = useState<View>(assigner ? 'all' : 'lead');
  const [plan, setPlan] = useState('');
  const [offset, setOffset] = useState(0);
  const plans = useLoader('plans', (s) => tasksApi.plans(s));
  const { data, error, loading, reload } = useLoader(JSON.stringify([view, plan, offset]), (signal) =>
    tasksApi.tasks({ view: view === 'all' ? undefined : view, plan: plan || undefined, limit: LIMIT, offset }, signal),
  );
  const views = assigner ? VIEWS : VIEWS.filter((v) => v !== 'all');
  return (
    <div className="admin-page tasks-page" data-testid="tasks-board">
      <PageHeader
        title={t('tasks.board.title')}
        intro={user.agency ? t('tasks.board.intro', { agency: user.agency.name }) : undefined}
        actions={
          <>
            <Link className="btn btn-secondary" to={TASK_PATHS.overview}>{t('tasks.overview.title')}</Link>
            {assigner && <Link className="btn btn-primary" to={TASK_PATHS.importPlan}>{t('tasks.import.title')}</Link>}
          </>
        }
      />
      <div className="tabs" role="tablist" aria-label={t('tasks.board.title')}>
        {views.map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className={`tab ${view === v ? 'tab-active' : ''}`} onClick={() => { setView(v); setOffset(0); }}>
            {t(`tasks.view.${v}` as MessageKey)}
          </button>
        ))}
      </div>
      <div className="filters card">
        <div className="field">
          <label htmlFor="tb-plan">{t('tasks.plan')}</label>
          <select id="tb-plan" value={plan} onChange={(e) => { setPlan(e.target.value); setOffset(0); }}>
            <option value="">{t('common.all')}</option>
            {plans.data?.items.map((p) => (
              <option key={p.id} value={p.id}>{(p.number ? p.number + ' — ' : '') + p.title.slice(0, 90)}</option>
            ))}
          </select>
        </div>
        {plan && (
          <div className="filters-actions">
            <a className="btn btn-secondary" href={tasksApi.exportUrl(plan)} download>{t('tasks.export')}</a>
          </div>
        )}
      </div>
      {error != null && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          <div className="table-wrap" aria-busy={loading}>
            <table className="data-table tasks-table">
              <caption className="visually-hidden">{t('tasks.board.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tasks.number')}</th>
                  <th scope="col">{t('tasks.content')}</th>
                  <th scope="col">{t('tasks.lead')}</th>
                  <th scope="col">{t('tasks.support')}</th>
                  <th scope="col">{t('tasks.deadline')}</th>
                  <th scope="col">{t('tasks.statusCol')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.length === 0 && (
                  <tr><td colSpan={6} className="empty">{t('common.noResults')}</td></tr>
                )}
                {data.items.map((task) => (
                  <tr key={task.id}>
                    <td className="nowrap">{task.number}</td>
                    <td>
                      <Link to={`${TASK_PATHS.detail}?id=${task.id}`}>{task.content.length > 220 ? task.content.slice(0, 220) + '…' : task.content}</Link>
                      {task.section && <span className="sub">{task.section}</span>}
                    </td>
                    <td><Agencies list={task.lead} compact /></td>
                    <td><Agencies list={task.support} compact /></td>
                    <td>
                      {task.deadline.text}
                      {task.deadline.needsReview && <span className="sub">{t('tasks.deadlineNeedsReview')}</span>}
                      {task.nextDueOn && <span className="sub">{t('tasks.nextDue', { date: formatDate(task.nextDueOn) })}</span>}
                    </td>
                    <td>
                      <StatusBadge status={task.status} />
                      <span className="sub">{task.percent}%</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </>
      )}
    </div>
  );
}
