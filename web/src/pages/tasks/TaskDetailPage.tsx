import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useTitle, useSubmit } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { Link, useLocation } from '../../router';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import type { MessageKey } from '../../i18n/vi';
import { REPORTED_STATUSES, tasksApi, type Progress, type ReportedStatus, type TaskDetail } from './tasksApi';
import { Agencies, StatusBadge, TASK_PATHS } from './shared';

/** Task detail: the plan's words and the structured values, periods, reports (with review), history. */
export function TaskDetailPage() {
  const { t } = useI18n();
  const id = useLocation().search.get('id') ?? '';
  const { data, error, loading, reload } = useLoader(id, (s) => tasksApi.task(id, s));
  useTitle(data ? t('tasks.detail.title', { n: data.task.number ?? '' }) : t('tasks.board.title'));
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  if (!data) return null;
  const { task } = data;
  return (
    <div className="admin-page tasks-page" data-testid="task-detail">
      <PageHeader
        title={t('tasks.detail.title', { n: task.number ?? '' })}
        intro={task.planTitle}
        actions={
          <Link className="btn btn-secondary" to={TASK_PATHS.board}>
            {t('tasks.board.title')}
          </Link>
        }
      />
      <section className="card">
        {task.section && <p className="muted">{task.section}</p>}
        <p className="task-content">{task.content}</p>
        <dl className="task-facts">
          <div>
            <dt>{t('tasks.lead')}</dt>
            <dd>
              <Agencies list={task.lead} />
              <span className="sub">{t('tasks.asWritten', { text: task.leadText })}</span>
            </dd>
          </div>
          <div>
            <dt>{t('tasks.support')}</dt>
            <dd>
              <Agencies list={task.support} />
              {task.supportText && <span className="sub">{t('tasks.asWritten', { text: task.supportText })}</span>}
            </dd>
          </div>
          <div>
            <dt>{t('tasks.output')}</dt>
            <dd>{task.output ?? t('common.none')}</dd>
          </div>
          <div>
            <dt>{t('tasks.deadline')}</dt>
            <dd>
              <strong>{task.deadline.text || t('common.none')}</strong>
              <span className="sub">
                {t(`tasks.kind.${task.deadline.kind}` as MessageKey)}
                {task.deadline.dueOn ? ` · ${t('tasks.dueOn', { date: formatDate(task.deadline.dueOn) })}` : ''}
                {task.deadline.targetOn ? ` · ${t('tasks.targetOn', { date: formatDate(task.deadline.targetOn) })}` : ''}
                {task.deadline.reviewOn ? ` · ${t('tasks.reviewOn', { date: formatDate(task.deadline.reviewOn) })}` : ''}
              </span>
              {task.deadline.needsReview && <Badge kind="warning">{t('tasks.deadlineNeedsReview')}</Badge>}
            </dd>
          </div>
          <div>
            <dt>{t('tasks.statusCol')}</dt>
            <dd>
              <StatusBadge status={task.status} /> {task.percent}%
            </dd>
          </div>
        </dl>
      </section>
      {data.can.report.length > 0 && <ReportForm detail={data} onDone={reload} />}
      <section className="card">
        <h2>{t('tasks.detail.reports')}</h2>
        <ProgressTable list={data.progress} canReview={data.can.review} onDone={reload} />
      </section>
      <section className="card">
        <h2>{t('tasks.detail.periods')}</h2>
        <ul className="periods">
          {data.occurrences
            .slice(-8)
            .reverse()
            .map((o) => (
              <li key={o.id}>
                <span className="mono">{o.periodKey === 'once' ? t('tasks.once') : o.periodKey}</span> · {t('tasks.dueOn', { date: formatDate(o.dueOn) })}{' '}
                <StatusBadge status={o.status} />
              </li>
            ))}
        </ul>
      </section>
      <section className="card">
        <h2>{t('tasks.detail.history')}</h2>
        <ol className="history">
          {data.history.map((h) => (
            <li key={h.id}>
              <span className="nowrap">{formatDateTime(h.at)}</span> — {t(`tasks.action.${h.action}` as MessageKey) ?? h.action}{' '}
              {h.agencyName && `· ${h.agencyName}`} {h.actorName && `· ${h.actorName}`}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function ReportForm({ detail, onDone }: { detail: TaskDetail; onDone: () => void }) {
  const { t } = useI18n();
  const [agencyId, setAgencyId] = useState(detail.can.report[0].agencyId);
  const [status, setStatus] = useState<ReportedStatus>('in_progress');
  const [percent, setPercent] = useState(50);
  const [narrative, setNarrative] = useState('');
  const [reason, setReason] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const { busy, run: attempt, message: msg, setMessage: setMsg } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await attempt(async () => {
      const fileIds = file ? [(await tasksApi.uploadFile(file)).id] : undefined;
      const open = detail.occurrences.find((o) => !['done', 'done_late', 'cannot_do'].includes(o.status)) ?? detail.occurrences[detail.occurrences.length - 1];
      const prior = detail.progress.find((p) => p.agencyId === agencyId && p.occurrenceId === open?.id);
      await tasksApi.report(detail.task.id, {
        agencyId,
        occurrenceId: open?.id,
        status,
        percent: status === 'done' ? 100 : percent,
        narrative,
        reason: status === 'cannot_do' ? reason : undefined,
        fileIds,
        version: prior?.version,
      });
      setMsg({ kind: 'success', text: t('tasks.report.sent') });
      setNarrative('');
      onDone();
    });
  };
  return (
    <form className="card form-grid" onSubmit={submit} data-testid="report-form">
      <h2>{t('tasks.report.title')}</h2>
      <div className="field">
        <label htmlFor="rp-agency">{t('tasks.report.agency')}</label>
        <select id="rp-agency" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
          {detail.can.report.map((r) => (
            <option key={r.agencyId} value={r.agencyId}>
              {r.agencyName} ({t(`tasks.role.${r.role}` as MessageKey)})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rp-status">{t('tasks.statusCol')}</label>
        <select id="rp-status" value={status} onChange={(e) => setStatus(REPORTED_STATUSES.find((s) => s === e.target.value) ?? 'in_progress')}>
          {REPORTED_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`tasks.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rp-percent">{t('tasks.report.percent')}</label>
        <input id="rp-percent" type="number" min={0} max={100} value={percent} onChange={(e) => setPercent(Number(e.target.value))} />
      </div>
      <div className="field field-wide">
        <label htmlFor="rp-narrative">{t('tasks.report.narrative')}</label>
        <textarea id="rp-narrative" rows={4} required value={narrative} onChange={(e) => setNarrative(e.target.value)} />
      </div>
      {status === 'cannot_do' && (
        <div className="field field-wide">
          <label htmlFor="rp-reason">{t('tasks.report.reason')}</label>
          <textarea id="rp-reason" rows={2} required value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor="rp-file">{t('tasks.report.evidence')}</label>
        <input id="rp-file" type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('tasks.report.submit')}
        </button>
      </div>
    </form>
  );
}

function ProgressTable({ list, canReview, onDone }: { list: Progress[]; canReview: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const [err, setErr] = useState<string | null>(null);
  const act = async (p: Progress, decision: 'accept' | 'return') => {
    const note = decision === 'return' ? (window.prompt(t('tasks.review.returnReason')) ?? '') : undefined;
    if (decision === 'return' && !note) return;
    try {
      await tasksApi.reviewReport(p.id, { decision, note, version: p.version });
      onDone();
    } catch (e) {
      setErr(errorText(e, t));
    }
  };
  if (!list.length) return <p className="muted">{t('tasks.detail.noReports')}</p>;
  return (
    <>
      {err && <Notice kind="error">{err}</Notice>}
      <div className="table-wrap" tabIndex={0}>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('tasks.period')}</th>
              <th>{t('tasks.report.agency')}</th>
              <th>{t('tasks.statusCol')}</th>
              <th>{t('tasks.report.narrative')}</th>
              <th>{t('tasks.review.state')}</th>
              {canReview && <th />}
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id}>
                <td className="mono">{p.periodKey === 'once' ? t('tasks.once') : p.periodKey}</td>
                <td>
                  {p.agencyName}
                  <span className="sub">
                    {t(`tasks.role.${p.role}` as MessageKey)} · {formatDateTime(p.reportedAt)}
                  </span>
                </td>
                <td>
                  <StatusBadge status={p.status} /> {p.percent}%
                </td>
                <td>
                  {p.narrative}
                  {p.reason && <span className="sub">{p.reason}</span>}
                  {p.fileIds.map((f) => (
                    <a key={f} className="sub" href={`/api/v1/task-files/${f}`}>
                      {t('tasks.report.evidence')}
                    </a>
                  ))}
                </td>
                <td>
                  {t(`tasks.review.${p.reviewState}` as MessageKey)}
                  {p.reviewNote && <span className="sub">{p.reviewNote}</span>}
                </td>
                {canReview && (
                  <td className="nowrap">
                    {p.reviewState === 'submitted' && (
                      <>
                        <button type="button" className="btn btn-small btn-primary" onClick={() => act(p, 'accept')}>
                          {t('tasks.review.accept')}
                        </button>{' '}
                        <button type="button" className="btn btn-small btn-secondary" onClick={() => act(p, 'return')}>
                          {t('tasks.review.return')}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
