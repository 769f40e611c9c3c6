import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useSubmit, useTitle } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { Link, navigate, useLocation } from '../../router';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { citizensApi, vnd, type Payment, type RegisterBody, type SandboxOutcome, type Todo, type WarehouseItem } from './citizensApi';
import { useCitizensT } from './messages';
import { CITIZEN_PATHS } from './paths';
import { NoticeConsent, useNotice } from './PrivacyPages';
import { usePrivacyT } from './privacyMessages';

const PROFILE_KEYS = ['personalId', 'fullName', 'dateOfBirth', 'gender', 'residence'] as const;
const profileLabel = (t: ReturnType<typeof useCitizensT>, k: string) =>
  (PROFILE_KEYS as readonly string[]).includes(k) ? t(`profile.${k as (typeof PROFILE_KEYS)[number]}`) : k;

const srcLabel = (t: ReturnType<typeof useCitizensT>, s: string) =>
  s.endsWith(':population')
    ? t('src.population')
    : ['upload', 'dossier_result', 'dossier_component', 'demo_seed'].includes(s)
      ? t(`src.${s}` as 'src.upload')
      : s;

/** /cong-dan/kho-du-lieu — everything held about the person, downloads, and who used it. */
export function WarehousePage() {
  const t = useCitizensT();
  useTitle(t('wh.title'));
  const w = useLoader('warehouse', () => citizensApi.warehouse());
  const log = useLoader('access', () => citizensApi.accessLog());
  const msgs = useLoader('messages', () => citizensApi.messages());
  if (w.error) return <LoadError error={w.error} onRetry={w.reload} />;
  if (!w.data) return <Loading />;
  const items = w.data.items;
  const p = w.data.profile;
  const section = (kind: WarehouseItem['kind'], title: string) => {
    const list = items.filter((i) => i.kind === kind);
    return (
      <section className="card" aria-labelledby={`wh-${kind}`}>
        <h2 id={`wh-${kind}`}>{title}</h2>
        {list.length === 0 ? (
          <p className="muted">{t('wh.empty')}</p>
        ) : (
          <ul className="cz-items" data-testid={`wh-${kind}`}>
            {list.map((i) => (
              <li key={i.id} className="cz-item">
                <div className="cz-item-head">
                  <strong>{i.title}</strong>
                  {i.expired && <Badge kind="danger">{t('wh.expired')}</Badge>}
                  {i.expiresSoon && <Badge kind="warning">{t('wh.expiresSoon')}</Badge>}
                  {kind !== 'profile' && <Badge kind={i.certified ? 'success' : 'neutral'}>{i.certified ? t('wh.certified') : t('wh.notCertified')}</Badge>}
                </div>
                <dl className="cz-facts">
                  <div>
                    <dt>{t('wh.source')}</dt>
                    <dd>
                      {srcLabel(t, i.source)}
                      {i.sourceRef ? ` — ${i.sourceRef}` : ''}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('wh.issued')}</dt>
                    <dd>{formatDate(i.issuedOn) || '—'}</dd>
                  </div>
                  <div>
                    <dt>{t('wh.valid')}</dt>
                    <dd>{i.validUntil ? formatDate(i.validUntil) : t('wh.noExpiry')}</dd>
                  </div>
                  <div>
                    <dt>{t('wh.hash')}</dt>
                    <dd className="mono cz-hash">{i.sha256}</dd>
                  </div>
                </dl>
                {kind === 'profile' && (
                  <dl className="cz-facts">
                    {Object.entries(i.data).map(([k, v]) => (
                      <div key={k}>
                        <dt>{profileLabel(t, k)}</dt>
                        <dd>{k === 'dateOfBirth' ? formatDate(String(v)) : String(v)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
                <div className="row-actions">
                  {i.hasFile && (
                    <a className="btn btn-secondary btn-small" href={`/api/v1/citizens/me/warehouse/${i.id}/file`} download>
                      {t('wh.download')}
                      <span className="visually-hidden">: {i.title}</span>
                    </a>
                  )}
                  {i.renewalDraftId && (
                    <Link className="btn btn-primary btn-small" to={`${CITIZEN_PATHS.submit}?nhap=${i.renewalDraftId}`}>
                      {t('wh.renew')}
                    </Link>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  };
  return (
    <div className="cz-page">
      <PageHeader
        title={t('wh.title')}
        intro={t('wh.intro')}
        actions={
          <a className="btn btn-secondary" href="/api/v1/citizens/me/warehouse/export" download>
            {t('wh.export')}
          </a>
        }
      />
      <section className="card" aria-labelledby="wh-id">
        <h2 id="wh-id">{t('wh.profile')}</h2>
        <dl className="cz-facts">
          <div>
            <dt>{t('reg.fullName')}</dt>
            <dd>{p.fullName}</dd>
          </div>
          <div>
            <dt>{t('reg.personalId')}</dt>
            <dd>
              <span className="mono">{p.personalId}</span>{' '}
              <Badge kind={w.data.profile.idVerified ? 'success' : 'warning'}>
                <span data-testid="id-verified">{w.data.profile.idVerified ? t('wh.idVerified') : t('wh.idUnverified')}</span>
              </Badge>
            </dd>
          </div>
          <div>
            <dt>{t('reg.dob')}</dt>
            <dd>{formatDate(p.dateOfBirth)}</dd>
          </div>
          <div>
            <dt>{t('reg.residence')}</dt>
            <dd>{p.residence}</dd>
          </div>
          <div>
            <dt>{t('reg.phone')}</dt>
            <dd>{p.phone}</dd>
          </div>
          <div>
            <dt>{t('reg.email')}</dt>
            <dd>{p.email ?? '—'}</dd>
          </div>
        </dl>
      </section>
      {!w.data.profile.idVerified && p.subjectKind === 'citizen' && (
        <section className="card" aria-labelledby="wh-link">
          <h2 id="wh-link">{t('wh.linkVneid')}</h2>
          <p>{t('wh.linkHint')}</p>
          <VneidLinkButton label={t('wh.linkVneid')} />
        </section>
      )}
      {section('profile', t('wh.profileData'))}
      {section('result', t('wh.results'))}
      {section('component', t('wh.components'))}
      <section className="card" aria-labelledby="wh-log">
        <h2 id="wh-log">{t('wh.access')}</h2>
        {log.data && log.data.items.length === 0 && <p className="muted">{t('wh.accessEmpty')}</p>}
        {log.data && log.data.items.length > 0 && (
          <div className="table-wrap" tabIndex={0}>
            <table className="data-table cz-stack" data-testid="access-log">
              <thead>
                <tr>
                  <th scope="col">{t('wh.when')}</th>
                  <th scope="col">{t('wh.who')}</th>
                  <th scope="col">{t('wh.what')}</th>
                  <th scope="col">{t('wh.dossier')}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((a) => (
                  <tr key={a.id}>
                    <td data-label={t('wh.when')}>{formatDateTime(a.at)}</td>
                    <td data-label={t('wh.who')}>
                      {a.agencyName ?? '—'}
                      <br />
                      <span className="muted small">{a.readerUsername}</span>
                    </td>
                    <td data-label={t('wh.what')}>
                      {t(`purpose.${a.purpose}` as 'purpose.read')}
                      {a.itemTitle ? `: ${a.itemTitle}` : ''}
                    </td>
                    <td data-label={t('wh.dossier')} className="mono">
                      {a.dossierCode ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {msgs.data && msgs.data.items.length > 0 && (
        <section className="card" aria-labelledby="wh-msg">
          <h2 id="wh-msg">{t('wh.messages')}</h2>
          <ul className="cz-list">
            {msgs.data.items.map((m) => (
              <li key={m.id}>
                <Badge>{m.channel}</Badge>{' '}
                <span className="muted small">
                  {formatDateTime(m.deliveredAt)} → {m.payload.to}
                </span>
                <br />
                {m.payload.text}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** /cong-dan/viec-can-lam — pay, download results, rate. */
export function TodoPage() {
  const t = useCitizensT();
  useTitle(t('todo.title'));
  const { data, error, reload } = useLoader('todo', () => citizensApi.todo());
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <div className="cz-page">
      <PageHeader title={t('todo.title')} intro={t('todo.intro')} />
      <section className="card" aria-labelledby="td-pay">
        <h2 id="td-pay">{t('todo.pay')}</h2>
        {data.toPay.length === 0 ? (
          <p className="muted">{t('todo.none')}</p>
        ) : (
          <ul className="cz-list" data-testid="todo-pay">
            {data.toPay.map((d) => (
              <li key={d.id} className="cz-row">
                <span>
                  <span className="mono">{d.code}</span> {d.procedureName} — <strong data-testid="todo-pay-total">{vnd(d.total)}</strong>
                </span>
                <Link className="btn btn-primary btn-small" to={`${CITIZEN_PATHS.payPrefix}${d.id}`}>
                  {t('todo.payNow')}
                  <span className="visually-hidden"> {d.code}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="td-res">
        <h2 id="td-res">{t('todo.results')}</h2>
        {data.results.length === 0 ? (
          <p className="muted">{t('todo.none')}</p>
        ) : (
          <ul className="cz-list" data-testid="todo-results">
            {data.results.map((d) => (
              <li key={d.id} className="cz-row">
                <span>
                  <span className="mono">{d.code}</span> {d.procedureName}
                  {d.result ? ` — số ${d.result.decisionNumber}, ${formatDate(d.result.signedOn)}` : ''}
                </span>
                {d.result?.fileId && (
                  <a className="btn btn-secondary btn-small" href={`/api/v1/dossiers/${d.id}/files/${d.result.fileId}`} download>
                    {t('todo.download')}
                    <span className="visually-hidden"> {d.code}</span>
                  </a>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="td-rate">
        <h2 id="td-rate">{t('todo.rate')}</h2>
        {data.toRate.length === 0 ? (
          <p className="muted">{t('todo.none')}</p>
        ) : (
          <ul className="cz-list" data-testid="todo-rate">
            {data.toRate.map((d) => (
              <li key={d.id} className="cz-row">
                <span>
                  <span className="mono">{d.code}</span> {d.procedureName}
                </span>
                <Link className="btn btn-primary btn-small" to={`${CITIZEN_PATHS.ratePrefix}${d.id}`}>
                  {t('todo.rateNow')}
                  <span className="visually-hidden"> {d.code}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** /cong-dan/thanh-toan/{dossierId} — the amount due online, pay at the gateway, the receipt. */
export function PaymentPage({ dossierId }: { dossierId: string }) {
  const t = useCitizensT();
  const { t: tt } = useI18n();
  useTitle(t('pay.title'));
  const [payments, setPayments] = useState<Payment[] | null>(null);
  const [request, setRequest] = useState<Todo['toPay'][number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // One payment intent per visit (Idempotency-Key): a new one only after the last payment failed or expired.
  const paying = useSubmit();
  const { busy } = paying;
  const load = async () => {
    // The open payment request (amount, dossier, procedure, items) is shown before "Thanh toán" is pressed.
    const todo = await citizensApi.todo();
    setRequest(todo.toPay.find((d) => d.id === dossierId) ?? null);
    const r = await citizensApi.payments(dossierId);
    const latest = r.items[0];
    if (latest?.status === 'pending') r.items[0] = await citizensApi.refreshPayment(latest.id);
    setPayments(r.items);
  };
  useEffect(() => {
    load().catch((e) => setError(errorText(e, tt)));
  }, [dossierId]);
  const pay = async () => {
    setError(null);
    await paying.run(async (key) => {
      const p = await citizensApi.pay(dossierId, key);
      if (p.checkoutUrl) navigate(p.checkoutUrl);
      else await load();
    });
  };
  const failure = error ?? paying.error;
  if (!payments && !failure) return <Loading />;
  const p = payments?.[0];
  return (
    <div className="cz-page">
      <PageHeader title={t('pay.title')} intro={p || request ? t('pay.dossier', { code: p?.dossierCode ?? request!.code }) : undefined} />
      {failure && <Notice kind="error">{failure}</Notice>}
      {request && (
        <p data-testid="pay-procedure">
          <span className="muted">{t('pay.procedure')}:</span> {request.procedureName}
        </p>
      )}
      {p && (
        <section className="card" data-testid="payment">
          <p>
            <Badge kind={p.status === 'paid' ? 'success' : p.status === 'pending' ? 'info' : 'danger'}>
              {t(`pay.status.${p.status}` as 'pay.status.paid')}
            </Badge>{' '}
            {p.failureReason && <span className="muted">{p.failureReason}</span>}
          </p>
          <PaymentLines items={p.items} total={p.amount} />
          {p.status === 'paid' && p.receipt && (
            <>
              <Notice kind="success">
                {t('pay.receipt', { series: p.receipt.series ?? '', number: p.receipt.number })}. {p.dossierResumedAt ? t('pay.resumed') : ''}
              </Notice>
              <a className="btn btn-secondary" href={`/api/v1/payments/${p.id}/receipt`} target="_blank" rel="noreferrer">
                {t('pay.receiptOpen')}
              </a>
            </>
          )}
          <div className="form-actions">
            {p.status === 'pending' && p.checkoutUrl && (
              <Link className="btn btn-primary" to={p.checkoutUrl}>
                {t('pay.go', { gateway: p.gateway.name })}
              </Link>
            )}
            {p.status === 'pending' && (
              <button type="button" className="btn btn-secondary" onClick={() => load()}>
                {t('pay.check')}
              </button>
            )}
            {(p.status === 'failed' || p.status === 'expired') && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy}
                onClick={() => {
                  paying.intent.renew();
                  void pay();
                }}
              >
                {t('pay.retry')}
              </button>
            )}
          </div>
        </section>
      )}
      {payments && payments.length === 0 && !request && <Notice kind="info">{t('pay.nothing')}</Notice>}
      {payments && payments.length === 0 && request && (
        <section className="card" data-testid="payment-request">
          <PaymentLines items={request.items} total={request.total} />
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={pay} data-testid="pay-start">
              {t('todo.payNow')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

/** /cong-thanh-toan-thu-nghiem/{orderRef} — the SANDBOX gateway's page. */
/** The lines of a payment or payment request: item, amount, reduction, amount due, and the total. */
function PaymentLines({ items, total }: { items: { name: string; amount: number; reductionPercent?: number | null; due?: number | null }[]; total: number }) {
  const t = useCitizensT();
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="data-table cz-stack">
        <thead>
          <tr>
            <th scope="col">{t('pay.item')}</th>
            <th scope="col">{t('pay.amount')}</th>
            <th scope="col">{t('pay.reduction')}</th>
            <th scope="col">{t('pay.due')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.name}>
              <td data-label={t('pay.item')}>{i.name}</td>
              <td data-label={t('pay.amount')}>{vnd(i.amount)}</td>
              <td data-label={t('pay.reduction')}>{i.reductionPercent ? `${i.reductionPercent}%` : '—'}</td>
              <td data-label={t('pay.due')}>{vnd(i.due ?? i.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t('pay.total')}
            </th>
            <td data-label={t('pay.total')} data-testid="pay-total">
              <strong>{vnd(total)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function SandboxGatewayPage({ orderRef }: { orderRef: string }) {
  const t = useCitizensT();
  useTitle(t('gw.title'));
  const { data, error } = useLoader(`gw:${orderRef}`, () => citizensApi.sandboxOrder(orderRef));
  const { busy, run: attempt, error: err } = useSubmit();
  const done = async (outcome: SandboxOutcome) => {
    await attempt(async () => {
      const r = await citizensApi.sandboxComplete(orderRef, outcome);
      navigate(r.returnUrl);
    });
  };
  if (error) return <LoadError error={error} />;
  if (!data) return <Loading />;
  return (
    <div className="cz-page">
      <PageHeader title={t('gw.title')} />
      <Notice kind="info">{t('gw.warning')}</Notice>
      {err && <Notice kind="error">{err}</Notice>}
      <section className="card cz-gateway">
        <dl className="cz-facts">
          <div>
            <dt>{t('gw.order')}</dt>
            <dd className="mono">{data.orderRef}</dd>
          </div>
          <div>
            <dt>{t('wh.what')}</dt>
            <dd>{data.description}</dd>
          </div>
          <div>
            <dt>{t('pay.total')}</dt>
            <dd>
              <strong>{vnd(data.amount)}</strong>
            </dd>
          </div>
        </dl>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => done('success')}>
            {t('gw.success')}
          </button>
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => done('failure')}>
            {t('gw.failure')}
          </button>
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => done('timeout')}>
            {t('gw.timeout')}
          </button>
        </div>
      </section>
    </div>
  );
}

/** /cong-dan/danh-gia/{dossierId} — the satisfaction form (five levels per criterion). */
export function RatingPage({ dossierId }: { dossierId: string }) {
  const t = useCitizensT();
  const { t: tt } = useI18n();
  useTitle(t('rate.title'));
  const { data, error, reload } = useLoader(`rating:${dossierId}`, () => citizensApi.rating(dossierId));
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [msg, setMsg] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (data?.rating) {
      setAnswers(data.rating.answers);
      setComment(data.rating.comment ?? '');
    }
  }, [data]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const editable = data.canRate || data.canEdit;
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setMsg(null);
    try {
      if (data.rating) await citizensApi.updateRating(dossierId, { version: data.rating.version, answers, comment: comment || null });
      else await citizensApi.rate({ dossierId, answers, comment: comment || null });
      setMsg({ kind: 'success', text: t('rate.thanks') });
      reload();
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err, tt) });
    }
  };
  return (
    <div className="cz-page">
      <PageHeader title={t('rate.title')} intro={`${data.dossier.code} — ${data.dossier.procedureName}`} />
      <p>{t('rate.intro')}</p>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {!editable && !data.rating && <Notice kind="info">{t('rate.notYet')}</Notice>}
      {!editable && data.rating && <Notice kind="info">{t('rate.locked')}</Notice>}
      <form className="card" onSubmit={send} data-testid="rating-form">
        {data.criteria.map((c) => (
          <fieldset key={c.key} className="cz-criterion" disabled={!editable}>
            <legend>
              {c.name}
              {c.key === 'overall' && (
                <span className="req" aria-hidden="true">
                  {' '}
                  *
                </span>
              )}
            </legend>
            <div className="cz-levels">
              {[1, 2, 3, 4, 5].map((lv) => (
                <label key={lv} className="cz-level">
                  <input
                    type="radio"
                    name={c.key}
                    value={lv}
                    checked={answers[c.key] === lv}
                    required={c.key === 'overall'}
                    onChange={() => setAnswers({ ...answers, [c.key]: lv })}
                  />
                  {t(`rate.level.${lv}` as 'rate.level.5')}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div className="field">
          <label htmlFor="cz-comment">{t('rate.comment')}</label>
          <textarea id="cz-comment" rows={3} maxLength={2000} value={comment} disabled={!editable} onChange={(e) => setComment(e.target.value)} />
        </div>
        {editable && (
          <button type="submit" className="btn btn-primary">
            {data.rating ? t('rate.update') : t('rate.send')}
          </button>
        )}
      </form>
    </div>
  );
}

/** /dang-ky — registration, and the e-ID login (sandbox provider). */
export function RegisterPage() {
  const t = useCitizensT();
  const { t: tt } = useI18n();
  useTitle(t('reg.title'));
  const [kind, setKind] = useState<'citizen' | 'business'>('citizen');
  const [v, setV] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  // The privacy notice in force and the person's consent to it (Luật 91/2025/QH15 Điều 9).
  const notice = useNotice();
  const pt = usePrivacyT();
  const [agree, setAgree] = useState(false);
  const set = (k: string) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMsg(null);
    if (!notice.data || !agree) {
      setMsg({ kind: 'error', text: notice.data ? pt('notice.agreeRequired') : pt('notice.loadError') });
      return;
    }
    try {
      const gender = v.gender === 'nam' || v.gender === 'nu' ? v.gender : null;
      const body: RegisterBody = {
        kind,
        password: v.password,
        fullName: v.fullName,
        personalId: v.personalId,
        dateOfBirth: v.dateOfBirth,
        residence: v.residence,
        phone: v.phone,
        email: v.email || null,
        gender,
        consentNoticeVersion: notice.data.version,
      };
      if (kind === 'business') Object.assign(body, { taxCode: v.taxCode, businessName: v.businessName });
      const r = await citizensApi.register(body);
      setMsg({ kind: 'success', text: t('reg.done', { username: r.user.username }) });
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err, tt) });
    }
  };
  const input = (k: string, label: string, type = 'text', extra: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`reg-${k}`}>{label}</label>
      <input id={`reg-${k}`} type={type} value={v[k] ?? ''} onChange={set(k)} required {...extra} />
    </div>
  );
  return (
    <div className="cz-page">
      <PageHeader title={t('reg.title')} intro={t('reg.intro')} />
      <section className="card">
        <VneidButton label={t('reg.vneid')} />
      </section>
      {msg && (
        <Notice kind={msg.kind}>
          {msg.text} {msg.kind === 'success' && <Link to="/dang-nhap">{t('reg.login')}</Link>}
        </Notice>
      )}
      <form className="card form-grid" onSubmit={submit}>
        <fieldset className="span-2">
          <legend>{t('reg.kind')}</legend>
          <label className="cz-level">
            <input type="radio" name="kind" checked={kind === 'citizen'} onChange={() => setKind('citizen')} /> {t('reg.citizen')}
          </label>
          <label className="cz-level">
            <input type="radio" name="kind" checked={kind === 'business'} onChange={() => setKind('business')} /> {t('reg.business')}
          </label>
        </fieldset>
        {kind === 'business' && input('taxCode', t('reg.taxCode'), 'text', { inputMode: 'numeric', pattern: '\\d{10}(-?\\d{3})?' })}
        {kind === 'business' && input('businessName', t('reg.businessName'))}
        {input('fullName', t('reg.fullName'), 'text', { autoComplete: 'name' })}
        {input('personalId', t('reg.personalId'), 'text', { inputMode: 'numeric', pattern: '\\d{12}' })}
        {input('dateOfBirth', t('reg.dob'), 'date')}
        <div className="field">
          <label htmlFor="reg-gender">{t('reg.gender')}</label>
          <select id="reg-gender" value={v.gender ?? ''} onChange={set('gender')}>
            <option value="">—</option>
            <option value="nam">{t('reg.male')}</option>
            <option value="nu">{t('reg.female')}</option>
          </select>
        </div>
        {input('residence', t('reg.residence'), 'text', { autoComplete: 'street-address' })}
        {input('phone', t('reg.phone'), 'tel', { autoComplete: 'tel' })}
        <div className="field">
          <label htmlFor="reg-email">{t('reg.email')}</label>
          <input id="reg-email" type="email" autoComplete="email" value={v.email ?? ''} onChange={set('email')} />
        </div>
        {input('password', t('reg.password'), 'password', { minLength: 8, autoComplete: 'new-password' })}
        {notice.data ? (
          <NoticeConsent notice={notice.data} checked={agree} onChange={setAgree} />
        ) : notice.error ? (
          <div className="span-2">
            <LoadError error={notice.error} onRetry={notice.reload} />
          </div>
        ) : null}
        <div className="form-actions span-2">
          <button type="submit" className="btn btn-primary">
            {t('reg.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}

export function VneidButton({ label, returnTo }: { label: string; returnTo?: string }) {
  const { t: tt } = useI18n();
  const [err, setErr] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-accent"
        data-testid="vneid-login"
        onClick={async () => {
          try {
            const r = await citizensApi.oidcStart(returnTo ?? CITIZEN_PATHS.warehouse);
            navigate(r.authorizeUrl);
          } catch (e) {
            setErr(errorText(e, tt));
          }
        }}
      >
        {label}
      </button>
      {err && <Notice kind="error">{err}</Notice>}
    </>
  );
}

/** Starts the e-ID sign-in that verifies a self-declared ID (finished in this same session). */
function VneidLinkButton({ label }: { label: string }) {
  const { t: tt } = useI18n();
  const [err, setErr] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-accent"
        data-testid="vneid-link"
        onClick={async () => {
          try {
            navigate((await citizensApi.vneidLink(CITIZEN_PATHS.warehouse)).authorizeUrl);
          } catch (e) {
            setErr(errorText(e, tt));
          }
        }}
      >
        {label}
      </button>
      {err && <Notice kind="error">{err}</Notice>}
    </>
  );
}

/** /vneid-thu-nghiem — the SANDBOX identity provider's own login page. */
export function VneidSandboxPage() {
  const t = useCitizensT();
  const { t: tt } = useI18n();
  useTitle(t('vneid.title'));
  const { search } = useLocation();
  const state = search.get('state') ?? '';
  const { data, error } = useLoader('vneid-ids', () => citizensApi.sandboxIdentities());
  const [err, setErr] = useState<string | null>(null);
  if (error) return <LoadError error={error} />;
  if (!data) return <Loading />;
  return (
    <div className="cz-page">
      <PageHeader title={t('vneid.title')} intro={t('vneid.intro')} />
      {err && <Notice kind="error">{err}</Notice>}
      <ul className="cz-list">
        {data.items.map((i) => (
          <li key={i.key} className="card cz-row">
            <span>
              {i.fullName} — <span className="mono">{i.personalId}</span> — {formatDate(i.dateOfBirth)}
            </span>
            <button
              type="button"
              className="btn btn-primary btn-small"
              onClick={async () => {
                try {
                  const r = await citizensApi.sandboxAuthorize(state, i.key);
                  navigate(r.redirectTo);
                } catch (e) {
                  setErr(errorText(e, tt));
                }
              }}
            >
              {t('vneid.as', { name: i.fullName })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** /dang-nhap/vneid?code&state — finishes the OpenID Connect login, then reloads the app signed in. */
export function VneidCallbackPage() {
  const t = useCitizensT();
  const { t: tt } = useI18n();
  const { search } = useLocation();
  const [err, setErr] = useState<string | null>(null);
  const code = search.get('code') ?? '';
  const state = search.get('state') ?? '';
  useEffect(() => {
    citizensApi.oidcCallback(code, state).then(
      (r) => window.location.assign(r.returnTo ?? CITIZEN_PATHS.warehouse),
      (e) => setErr(errorText(e, tt)),
    );
  }, [code, state, tt]);
  return <div className="cz-page">{err ? <Notice kind="error">{err}</Notice> : <p role="status">{t('vneid.finishing')}</p>}</div>;
}

/** /quan-tri/mot-lan — the once-only measure per procedure case, for catalogue managers. */
export function OnceOnlyPage() {
  const t = useCitizensT();
  useTitle(t('oo.title'));
  const { data, error, reload } = useLoader('once-only', () => citizensApi.onceOnly());
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <div className="cz-page">
      <PageHeader title={t('oo.title')} intro={t('oo.intro', { target: data.targetPercent })} />
      <Notice kind="info">
        {t('oo.summary', { meeting: data.summary.meetingTarget, cases: data.summary.cases, avg: data.summary.averageReductionPercent })}
      </Notice>
      <div className="table-wrap" tabIndex={0}>
        <table className="data-table" data-testid="once-only">
          <thead>
            <tr>
              <th scope="col">{t('oo.procedure')}</th>
              <th scope="col">{t('oo.case')}</th>
              <th scope="col">{t('oo.fields')}</th>
              <th scope="col">{t('oo.prefillable')}</th>
              <th scope="col">{t('oo.toDeclare')}</th>
              <th scope="col">{t('oo.reduction')}</th>
              <th scope="col">{t('oo.observed')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => (
              <tr key={`${r.code}-${r.caseKey}`}>
                <td>
                  <span className="mono">{r.code}</span> {r.name}
                </td>
                <td>{r.caseName}</td>
                {r.hasForm ? (
                  <>
                    <td>{r.fields}</td>
                    <td>{r.prefillable}</td>
                    <td>{r.toDeclare}</td>
                    <td className="nowrap">
                      {r.reductionPercent}% <Badge kind={r.meetsTarget ? 'success' : 'warning'}>{r.meetsTarget ? t('oo.meets') : t('oo.below')}</Badge>
                    </td>
                  </>
                ) : (
                  <td colSpan={4} className="muted">
                    {t('oo.noForm')}
                  </td>
                )}
                <td>{r.observed ? `${r.observed.submissions} hồ sơ: ${r.observed.prefilledPercent}% điền sẵn, giữ nguyên ${r.observed.keptPercent}%` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
