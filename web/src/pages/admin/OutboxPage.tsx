import { useState } from 'react';
import { api, type OutboxDeadRow, type OutboxTopic } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle, useSubmit } from '../../hooks';
import { formatDateTime } from '../../format';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { DataTable, type Column } from '../../components/DataTable';

const LIMIT = 50;

/** The operators' view of the outbox (issue 17 §1): per topic, the dead rows, a retry. */
export function OutboxPage() {
  const { t } = useI18n();
  useTitle(t('outbox.title'));
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(0);
  const { busy, run: attempt, message, setMessage } = useSubmit();
  const view = useLoader(`${offset}:${tick}`, (signal) => api.outbox({ limit: LIMIT, offset }, signal));

  const age = (s: number | null): string => {
    if (s === null) return t('common.none');
    if (s < 120) return t('outbox.seconds', { n: s });
    if (s < 7200) return t('outbox.minutes', { n: Math.floor(s / 60) });
    if (s < 172_800) return t('outbox.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
    return t('outbox.days', { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) });
  };

  const retry = async (sel: { ids: number[] } | { topic: string }) => {
    await attempt(async () => {
      const r = await api.retryOutbox(sel);
      setMessage({ kind: 'success', text: t('outbox.retried', { n: r.retried }) });
      setTick((n) => n + 1);
    });
  };

  const state = (x: OutboxTopic) => {
    if (!x.declared) return <Badge kind="danger">{t('outbox.stateUndeclared')}</Badge>;
    if (x.late) return <Badge kind="danger">{t('outbox.stateLate')}</Badge>;
    if (x.dead > 0) return <Badge kind="warning">{t('outbox.stateDead')}</Badge>;
    return <Badge kind="success">{t('outbox.stateOk')}</Badge>;
  };

  const topicColumns: Column<OutboxTopic>[] = [
    {
      header: t('outbox.topic'),
      rowHeader: true,
      cell: (x) => (
        <>
          <span className="mono">{x.topic}</span>
          <span className="sub">
            {t('outbox.consumer')}: <span className="mono">{x.consumer ?? t('common.none')}</span>
          </span>
        </>
      ),
    },
    { header: t('outbox.pending'), className: 'num', cell: (x) => x.pending, cellProps: () => ({ 'data-label': t('outbox.pending') }) },
    { header: t('outbox.oldest'), nowrap: true, cell: (x) => age(x.oldestPendingSeconds), cellProps: () => ({ 'data-label': t('outbox.oldest') }) },
    { header: t('outbox.retrying'), className: 'num', cell: (x) => x.retrying, cellProps: () => ({ 'data-label': t('outbox.retrying') }) },
    { header: t('outbox.dead'), className: 'num', cell: (x) => x.dead, cellProps: () => ({ 'data-label': t('outbox.dead') }) },
    { header: t('outbox.state'), cell: state },
    {
      header: t('common.actions'),
      cell: (x) =>
        x.dead > 0 ? (
          <button type="button" className="btn btn-small btn-secondary" disabled={busy} onClick={() => void retry({ topic: x.topic })}>
            {t('outbox.retryTopic', { n: x.dead })}
          </button>
        ) : null,
    },
  ];

  const deadColumns: Column<OutboxDeadRow>[] = [
    { header: t('outbox.id'), className: 'mono', cell: (d) => d.id },
    {
      header: t('outbox.topic'),
      cell: (d) => (
        <>
          <span className="mono">{d.topic}</span>
          <span className="sub mono" title={t('outbox.key')}>
            {d.aggregateKey}
          </span>
        </>
      ),
    },
    { header: t('outbox.attempts'), className: 'num', cell: (d) => d.attempts },
    { header: t('outbox.lastError'), className: 'outbox-error', cell: (d) => <span className="mono small">{d.lastError ?? t('common.none')}</span> },
    { header: t('outbox.deadAt'), nowrap: true, cell: (d) => formatDateTime(d.deadAt) },
    {
      header: t('common.actions'),
      cell: (d) => (
        <button
          type="button"
          className="btn btn-small btn-secondary"
          disabled={busy}
          onClick={() => void retry({ ids: [d.id] })}
          aria-label={t('outbox.retryAria', { id: d.id })}
        >
          {t('outbox.retryOne')}
        </button>
      ),
    },
  ];

  const v = view.data;
  return (
    <div className="admin-page">
      <PageHeader
        title={t('outbox.title')}
        intro={t('outbox.intro')}
        actions={
          <button type="button" className="btn btn-secondary" onClick={() => setTick((n) => n + 1)} disabled={view.loading}>
            {t('outbox.reload')}
          </button>
        }
      />
      {view.error && !v ? <LoadError error={view.error} onRetry={view.reload} /> : null}
      {!v && !view.error ? <Loading /> : null}
      {v && (
        <>
          {v.status === 'ok' ? (
            <Notice kind="success">{t('outbox.ok', { limit: age(v.alertSeconds) })}</Notice>
          ) : (
            <Notice kind="error">{t('outbox.degraded', { age: age(v.oldestPendingSeconds), limit: age(v.alertSeconds) })}</Notice>
          )}
          <p data-testid="outbox-summary">{t('outbox.summary', { pending: v.pending, dead: v.dead.total })}</p>
          {message && <Notice kind={message.kind}>{message.text}</Notice>}
          <h2>{t('outbox.topics')}</h2>
          <DataTable
            columns={topicColumns}
            rows={v.topics}
            rowKey={(x) => x.topic}
            caption={t('outbox.topics')}
            className="outbox-topics"
            testId="outbox-topics"
            busy={view.loading}
            rowClassName={(x) => (x.late || !x.declared ? 'row-alert' : undefined)}
          />
          <h2>{t('outbox.deadRows')}</h2>
          <DataTable
            columns={deadColumns}
            rows={v.dead.items}
            rowKey={(d) => String(d.id)}
            caption={t('outbox.deadRows')}
            className="outbox-dead"
            testId="outbox-dead"
            empty={t('outbox.deadNone')}
            busy={view.loading}
            pagination={v.dead.total > LIMIT ? { total: v.dead.total, limit: LIMIT, offset, onChange: setOffset } : undefined}
          />
          <details className="outbox-audit-only">
            <summary>{t('outbox.auditOnly', { n: v.auditOnlyTopics.length })}</summary>
            <p>{t('outbox.auditOnlyHint')}</p>
            <ul className="mono small">
              {v.auditOnlyTopics.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          </details>
        </>
      )}
    </div>
  );
}
