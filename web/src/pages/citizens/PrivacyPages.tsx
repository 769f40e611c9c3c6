import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useTitle, useSubmit } from '../../hooks';
import { formatDateTime } from '../../format';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import {
  CORRECTABLE_FIELDS,
  CORRECTION_STATUSES,
  privacyApi,
  type CorrectableField,
  type Correction,
  type CorrectionDecision,
  type CorrectionStatus,
  type PrivacyNotice,
  type RetentionClass,
} from './privacyApi';
import { usePrivacyT, type PrivacyKey } from './privacyMessages';

const STATUS_KIND = { pending: 'warning', accepted: 'success', rejected: 'danger', cancelled: 'neutral' } as const satisfies Record<CorrectionStatus, string>;

/** The notice in full (collapsible) and the consent checkbox, for registration and online submission. */
export function NoticeConsent({ notice, checked, onChange }: { notice: PrivacyNotice; checked: boolean; onChange: (v: boolean) => void }) {
  const t = usePrivacyT();
  const list = (title: PrivacyKey, items: string[]) => (
    <>
      <h3 className="pv-h">{t(title)}</h3>
      <ul>
        {items.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </>
  );
  return (
    <div className="pv-notice span-2" data-testid="privacy-notice">
      <details>
        <summary>{t('notice.read', { v: notice.version })}</summary>
        <div className="pv-notice-body">
          <p>
            <strong>{notice.title}</strong>
          </p>
          <p>
            <strong>{t('notice.controller')}:</strong> {notice.controller}
          </p>
          {list('notice.purposes', notice.purposes)}
          {list('notice.data', notice.dataCategories)}
          {list('notice.retention', notice.retention)}
          {list('notice.recipients', notice.recipients)}
          {list('notice.rights', notice.rights)}
          <h3 className="pv-h">{t('notice.withdrawal')}</h3>
          <p>{notice.withdrawal}</p>
          <p>
            <strong>{t('notice.contact')}:</strong> {notice.contact}
          </p>
          <p>
            <strong>{t('notice.basis')}:</strong> {notice.legalBasis}
          </p>
        </div>
      </details>
      <label className="pv-agree">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid="privacy-consent" required />
        <span>{t('notice.agree', { v: notice.version })}</span>
      </label>
    </div>
  );
}

/** The notice in force (public). */
export function useNotice() {
  return useLoader('privacy-notice', () => privacyApi.notice());
}

/** /cong-dan/du-lieu-ca-nhan — consents (give, withdraw), correction requests, export. */
export function MyPrivacyPage() {
  const t = usePrivacyT();
  useTitle(t('my.title'));
  const consents = useLoader('my-consents', () => privacyApi.consents());
  const notice = useNotice();
  const corrections = useLoader('my-corrections', () => privacyApi.myCorrections());
  const [agree, setAgree] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const [field, setField] = useState<CorrectableField>('fullName');
  const [proposed, setProposed] = useState('');
  const [why, setWhy] = useState('');
  const { busy, run: attempt, message: msg, setMessage: setMsg } = useSubmit();
  const run = async (f: () => Promise<string>) => {
    await attempt(async () => {
      setMsg({ kind: 'success', text: await f() });
    });
  };
  if (consents.error) return <LoadError error={consents.error} onRetry={consents.reload} />;
  if (!consents.data || !notice.data) return <Loading />;
  const c = consents.data;
  const sendCorrection = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await privacyApi.requestCorrection({ field, proposedValue: proposed, reason: why.trim() || null });
      setProposed('');
      setWhy('');
      corrections.reload();
      return t('corr.sent', { due: formatDateTime(r.dueAt) });
    });
  };
  return (
    <div className="cz-page">
      <PageHeader title={t('my.title')} intro={t('my.intro')} />
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <section className="card" aria-labelledby="pv-consents">
        <h2 id="pv-consents">{t('my.consents')}</h2>
        {c.consented ? (
          <p>
            <Badge kind="success">{t('my.active')}</Badge> {t('notice.already', { v: c.currentVersion })}
          </p>
        ) : (
          <Notice kind="info">{t('my.noConsent')}</Notice>
        )}
        {!c.consented && (
          <form
            className="form-grid"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await privacyApi.consent(notice.data!.version, 'portal');
                consents.reload();
                setAgree(false);
                return t('my.consentDone');
              });
            }}
          >
            <NoticeConsent notice={notice.data} checked={agree} onChange={setAgree} />
            <div className="form-actions span-2">
              <button type="submit" className="btn btn-primary" disabled={busy || !agree}>
                {t('my.consentNow')}
              </button>
            </div>
          </form>
        )}
        {c.items.length > 0 && (
          <div className="table-wrap" tabIndex={0}>
            <table className="data-table cz-stack" data-testid="consent-list">
              <thead>
                <tr>
                  <th scope="col">{t('my.version')}</th>
                  <th scope="col">{t('my.channel')}</th>
                  <th scope="col">{t('my.given')}</th>
                  <th scope="col">{t('my.withdrawn')}</th>
                </tr>
              </thead>
              <tbody>
                {c.items.map((i) => (
                  <tr key={i.id}>
                    <td data-label={t('my.version')}>{i.noticeVersion}</td>
                    <td data-label={t('my.channel')}>{t(`ch.${i.channel}` as PrivacyKey)}</td>
                    <td data-label={t('my.given')}>{formatDateTime(i.givenAt)}</td>
                    <td data-label={t('my.withdrawn')}>
                      {i.withdrawnAt ? `${formatDateTime(i.withdrawnAt)}${i.withdrawalReason ? ` — ${i.withdrawalReason}` : ''}` : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {c.consented && !withdrawing && (
          <button type="button" className="btn btn-secondary" onClick={() => setWithdrawing(true)} data-testid="withdraw-start">
            {t('my.withdraw')}
          </button>
        )}
        {c.consented && withdrawing && (
          <form
            className="form-grid"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await privacyApi.withdraw(reason.trim() || null);
                setWithdrawing(false);
                setReason('');
                consents.reload();
                return t('my.withdrawnDone');
              });
            }}
          >
            <p className="span-2">{t('my.withdrawNote')}</p>
            <div className="field span-2">
              <label htmlFor="pv-withdraw-reason">{t('my.withdrawReason')}</label>
              <input id="pv-withdraw-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
            </div>
            <div className="form-actions span-2">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {t('my.withdrawConfirm')}
              </button>
            </div>
          </form>
        )}
        <p>
          <a href="/api/v1/citizens/me/warehouse/export" download>
            {t('my.export')}
          </a>
        </p>
      </section>

      <section className="card" aria-labelledby="pv-corr">
        <h2 id="pv-corr">{t('corr.title')}</h2>
        <p>{t('corr.intro')}</p>
        <form className="form-grid" onSubmit={sendCorrection} data-testid="correction-form">
          <div className="field">
            <label htmlFor="pv-field">{t('corr.field')}</label>
            <select
              id="pv-field"
              value={field}
              onChange={(e) => {
                setField(e.target.value as CorrectableField);
                setProposed('');
              }}
            >
              {CORRECTABLE_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {t(`f.${f}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pv-proposed">{t('corr.proposed')}</label>
            {field === 'gender' ? (
              <select id="pv-proposed" value={proposed} onChange={(e) => setProposed(e.target.value)} required>
                <option value="">—</option>
                <option value="nam">{t('g.nam')}</option>
                <option value="nu">{t('g.nu')}</option>
              </select>
            ) : (
              <input
                id="pv-proposed"
                type={field === 'dateOfBirth' ? 'date' : 'text'}
                value={proposed}
                onChange={(e) => setProposed(e.target.value)}
                required
                maxLength={300}
              />
            )}
          </div>
          <div className="field span-2">
            <label htmlFor="pv-why">{t('corr.reason')}</label>
            <textarea id="pv-why" rows={2} value={why} onChange={(e) => setWhy(e.target.value)} maxLength={2000} />
          </div>
          <div className="form-actions span-2">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('corr.send')}
            </button>
          </div>
        </form>
        <h3>{t('corr.mine')}</h3>
        {corrections.data && corrections.data.items.length === 0 && <p>{t('corr.none')}</p>}
        {corrections.data && corrections.data.items.length > 0 && (
          <CorrectionTable
            items={corrections.data.items}
            onCancel={(x) =>
              void run(async () => {
                await privacyApi.cancelCorrection(x);
                corrections.reload();
                return t('st.cancelled');
              })
            }
          />
        )}
      </section>
    </div>
  );
}

function shown(t: ReturnType<typeof usePrivacyT>, c: Correction, v: string | null) {
  if (v === null) return '—';
  return c.field === 'gender' && (v === 'nam' || v === 'nu') ? t(`g.${v}`) : v;
}

function CorrectionTable({ items, onCancel, staff }: { items: Correction[]; onCancel?: (c: Correction) => void; staff?: (c: Correction) => ReactNode }) {
  const t = usePrivacyT();
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="data-table cz-stack" data-testid="correction-list">
        <thead>
          <tr>
            {staff && <th scope="col">{t('q.person')}</th>}
            <th scope="col">{t('corr.field')}</th>
            <th scope="col">{t('corr.current')}</th>
            <th scope="col">{t('corr.proposed')}</th>
            <th scope="col">{t('corr.received')}</th>
            <th scope="col">{t('corr.due')}</th>
            <th scope="col">{t('corr.status')}</th>
            <th scope="col">{t('corr.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              {staff && (
                <td data-label={t('q.person')}>
                  {c.subject?.fullName} ({c.subject?.username})
                </td>
              )}
              <td data-label={t('corr.field')}>{t(`f.${c.field}`)}</td>
              <td data-label={t('corr.current')}>{shown(t, c, c.currentValue)}</td>
              <td data-label={t('corr.proposed')}>
                {shown(t, c, c.proposedValue)}
                {c.reason ? <div className="pv-muted">{c.reason}</div> : null}
              </td>
              <td data-label={t('corr.received')}>{formatDateTime(c.receivedAt)}</td>
              <td data-label={t('corr.due')}>
                {formatDateTime(c.dueAt)} {c.overdue && <Badge kind="danger">{t('corr.overdue')}</Badge>}
              </td>
              <td data-label={t('corr.status')}>
                <Badge kind={STATUS_KIND[c.status]}>{t(`st.${c.status}`)}</Badge>
              </td>
              <td data-label={t('corr.decision')}>
                {c.decisionReason && <div>{c.decisionReason}</div>}
                {c.handledByName && (
                  <div className="pv-muted">
                    {t('q.by')}: {c.handledByName}
                    {c.handledAt ? `, ${formatDateTime(c.handledAt)}` : ''}
                  </div>
                )}
                {c.status === 'pending' && onCancel && (
                  <button type="button" className="btn btn-secondary" onClick={() => onCancel(c)}>
                    {t('corr.cancel')}
                  </button>
                )}
                {c.status === 'pending' && staff?.(c)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /mot-cua/yeu-cau-chinh-sua — officers and admins decide citizens' correction requests. */
export function CorrectionsQueuePage() {
  const t = usePrivacyT();
  const { t: tt } = useI18n();
  useTitle(t('q.title'));
  const [status, setStatus] = useState<CorrectionStatus | ''>('pending');
  const list = useLoader(`corrections-${status}`, () => privacyApi.corrections(status || undefined));
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const decide = async (c: Correction, d: CorrectionDecision) => {
    setMsg(null);
    try {
      const r = await privacyApi.decide(c, d, d === 'reject' ? reason : null);
      setRejecting(null);
      setReason('');
      setMsg({ kind: 'success', text: `${r.subject?.fullName ?? ''}: ${t(`st.${r.status}`)}` });
      list.reload();
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e, tt) });
    }
  };
  return (
    <div className="cz-page">
      <PageHeader title={t('q.title')} intro={t('q.intro')} />
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <section className="card">
        <div className="field pv-filter">
          <label htmlFor="pv-status">{t('q.filter')}</label>
          <select id="pv-status" value={status} onChange={(e) => setStatus(CORRECTION_STATUSES.find((x) => x === e.target.value) ?? '')}>
            <option value="">{t('q.all')}</option>
            {CORRECTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`st.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        {!list.data && !list.error ? <Loading /> : null}
        {list.data && list.data.items.length === 0 && <p>{t('q.none')}</p>}
        {list.data && list.data.items.length > 0 && (
          <CorrectionTable
            items={list.data.items}
            staff={(c) =>
              rejecting === c.id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    void decide(c, 'reject');
                  }}
                >
                  <div className="field">
                    <label htmlFor={`pv-rej-${c.id}`}>{t('q.rejectReason')}</label>
                    <textarea
                      id={`pv-rej-${c.id}`}
                      rows={2}
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                      required
                      minLength={5}
                      maxLength={2000}
                    />
                  </div>
                  <button type="submit" className="btn btn-danger">
                    {t('q.confirmReject')}
                  </button>
                </form>
              ) : (
                <div className="pv-actions">
                  <button type="button" className="btn btn-primary" onClick={() => void decide(c, 'accept')} data-testid="correction-accept">
                    {t('q.accept')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-secondary"
                    onClick={() => {
                      setRejecting(c.id);
                      setReason('');
                    }}
                  >
                    {t('q.reject')}
                  </button>
                </div>
              )
            }
          />
        )}
      </section>
    </div>
  );
}

/** /quan-tri/du-lieu-ca-nhan — the record of processing activities, retention classes (admin). */
export function PrivacyAdminPage() {
  const t = usePrivacyT();
  const { t: tt } = useI18n();
  useTitle(t('ropa.title'));
  const r = useLoader('ropa', () => privacyApi.activities());
  const [edit, setEdit] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  if (r.error) return <LoadError error={r.error} onRetry={r.reload} />;
  if (!r.data) return <Loading />;
  const save = async (c: RetentionClass) => {
    setMsg(null);
    try {
      await privacyApi.setRetention(c.key, Number(edit[c.key] ?? c.periodDays));
      setMsg({ kind: 'success', text: t('ret.saved') });
      r.reload();
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e, tt) });
    }
  };
  const runNow = async () => {
    setMsg(null);
    try {
      const x = await privacyApi.runRetention();
      setMsg({ kind: 'success', text: t('ret.ran', { n: x.classes.reduce((s, c) => s + c.rows, 0) }) });
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e, tt) });
    }
  };
  return (
    <div className="cz-page">
      <PageHeader
        title={t('ropa.title')}
        intro={t('ropa.intro', { law: r.data.law })}
        actions={
          <a className="btn" href={privacyApi.exportUrl} download>
            {t('ropa.export')}
          </a>
        }
      />
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <section className="card" aria-labelledby="pv-ropa">
        <h2 id="pv-ropa">{t('ropa.activities')}</h2>
        <div className="table-wrap" tabIndex={0}>
          <table className="data-table cz-stack" data-testid="ropa">
            <thead>
              <tr>
                <th scope="col">{t('ropa.name')}</th>
                <th scope="col">{t('ropa.purpose')}</th>
                <th scope="col">{t('ropa.basis')}</th>
                <th scope="col">{t('ropa.subjects')}</th>
                <th scope="col">{t('ropa.data')}</th>
                <th scope="col">{t('ropa.recipients')}</th>
                <th scope="col">{t('ropa.retention')}</th>
                <th scope="col">{t('ropa.security')}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.items.map((a) => (
                <tr key={a.key}>
                  <th scope="row" data-label={t('ropa.name')}>
                    {a.name}
                  </th>
                  <td data-label={t('ropa.purpose')}>{a.purpose}</td>
                  <td data-label={t('ropa.basis')}>{a.legalBasis}</td>
                  <td data-label={t('ropa.subjects')}>{a.subjects}</td>
                  <td data-label={t('ropa.data')}>{a.dataCategories}</td>
                  <td data-label={t('ropa.recipients')}>{a.recipients}</td>
                  <td data-label={t('ropa.retention')}>{a.retention}</td>
                  <td data-label={t('ropa.security')}>{a.security}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="pv-ret">
        <h2 id="pv-ret">{t('ret.title')}</h2>
        <p>{t('ret.intro')}</p>
        <div className="table-wrap" tabIndex={0}>
          <table className="data-table cz-stack" data-testid="retention">
            <thead>
              <tr>
                <th scope="col">{t('ret.class')}</th>
                <th scope="col">{t('ret.period')}</th>
                <th scope="col">{t('ret.action')}</th>
                <th scope="col">{t('ret.basis')}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.retention.map((c) => (
                <tr key={c.key}>
                  <th scope="row" data-label={t('ret.class')}>
                    {c.name}
                    <div className="pv-muted">{c.data}</div>
                  </th>
                  <td data-label={t('ret.period')}>
                    {c.appliedByJob ? (
                      <form
                        className="pv-period"
                        onSubmit={(e) => {
                          e.preventDefault();
                          void save(c);
                        }}
                      >
                        <label className="visually-hidden" htmlFor={`pv-ret-${c.key}`}>
                          {t('ret.period')}: {c.name}
                        </label>
                        <input
                          id={`pv-ret-${c.key}`}
                          type="number"
                          min={c.minDays ?? 1}
                          max={36500}
                          value={edit[c.key] ?? String(c.periodDays ?? '')}
                          onChange={(e) => setEdit({ ...edit, [c.key]: e.target.value })}
                        />
                        <button type="submit" className="btn btn-secondary">
                          {t('ret.save')}
                        </button>
                        {c.minDays !== null && <span className="pv-muted">{t('ret.min', { n: c.minDays })}</span>}
                      </form>
                    ) : (
                      t('ret.byLaw')
                    )}
                  </td>
                  <td data-label={t('ret.action')}>{t(`act.${c.action}`)}</td>
                  <td data-label={t('ret.basis')}>{c.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="btn btn-secondary" onClick={() => void runNow()}>
          {t('ret.run')}
        </button>
      </section>
    </div>
  );
}
