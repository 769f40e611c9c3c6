import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import type { ApiOk, Item } from '../../api/types';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useSubmit, useTitle } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { Link, navigate, useLocation } from '../../router';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { citizensApi, vnd, type Draft, type Prefill, type PrefillField, type Receipt } from './citizensApi';
import { useCitizensT } from './messages';
import { CITIZEN_PATHS } from './paths';
import { NoticeConsent } from './PrivacyPages';
import { privacyApi } from './privacyApi';
import { usePrivacyT } from './privacyMessages';

/** A procedure found by the search (generated from the description). */
type ProcedureHit = Item<ApiOk<'/api/v1/procedures'>['items']>;

const wizardPath = (code: string) => `/nop-ho-so/${encodeURIComponent(code)}`;

/** /cong-dan/nop-ho-so — find a procedure, or continue a saved draft (?nhap=ID opens it). */
export function SubmitHomePage() {
  const t = useCitizensT();
  useTitle(t('submit.title'));
  const { search } = useLocation();
  const draftId = search.get('nhap');
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<ProcedureHit[] | null>(null);
  const drafts = useLoader('drafts', () => citizensApi.drafts('draft'));
  if (draftId) return <Wizard key={draftId} draftId={draftId} />;
  const find = async (e: FormEvent) => {
    e.preventDefault();
    const r = await citizensApi.procedures(q);
    setHits(r.items);
  };
  return (
    <div className="cz-page">
      <PageHeader title={t('submit.title')} intro={t('submit.intro')} />
      <form className="card cz-search" onSubmit={find} role="search">
        <div className="field">
          <label htmlFor="cz-q">{t('submit.pick')}</label>
          <input id="cz-q" value={q} onChange={(e) => setQ(e.target.value)} aria-describedby="cz-q-hint" />
          <p className="field-hint" id="cz-q-hint">
            {t('submit.pickHint')}
          </p>
        </div>
        <button type="submit" className="btn btn-primary">
          {t('submit.search')}
        </button>
      </form>
      {hits && (
        <ul className="cz-list" data-testid="procedure-hits">
          {hits.map((h) => (
            <li key={h.code} className="card cz-row">
              <span>
                <span className="mono">{h.code}</span> {h.name}
              </span>
              <Link to={wizardPath(h.code)} className="btn btn-secondary btn-small">
                {t('submit.start')}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('submit.drafts')}</h2>
      {drafts.error != null && <LoadError error={drafts.error} onRetry={drafts.reload} />}
      {drafts.data && drafts.data.items.length === 0 && <p className="muted">{t('submit.noDrafts')}</p>}
      {drafts.data && drafts.data.items.length > 0 && (
        <ul className="cz-list">
          {drafts.data.items.map((d) => (
            <li key={d.id} className="card cz-row">
              <span>
                <span className="mono">{d.procedureCode}</span> {d.procedureName} {d.renewalOf && <Badge kind="info">{t('submit.renewal')}</Badge>}
                <span className="muted small"> — {formatDateTime(d.updatedAt)}</span>
              </span>
              <span className="row-actions">
                <Link to={`${CITIZEN_PATHS.submit}?nhap=${d.id}`} className="btn btn-primary btn-small">
                  {t('submit.continue')}
                </Link>
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  onClick={async () => {
                    await citizensApi.discardDraft(d.id);
                    drafts.reload();
                  }}
                >
                  {t('submit.discard')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** /nop-ho-so/{code} — the procedure page's "Nộp trực tuyến": reuse an open draft of the procedure or start one. */
export function SubmitProcedurePage({ code }: { code: string }) {
  const t = useCitizensT();
  const { t: tt } = useI18n();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        // The server returns the open draft of this procedure when there is one (no pile of drafts).
        const d = await citizensApi.createDraft({ procedureCode: code });
        if (!cancelled) navigate(`${CITIZEN_PATHS.submit}?nhap=${d.id}`, { replace: true });
      } catch (err) {
        if (!cancelled) setError(err);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [code]);
  return (
    <div className="cz-page">
      <PageHeader title={t('submit.title')} />
      {error ? <Notice kind="error">{errorText(error, tt)}</Notice> : <Loading />}
    </div>
  );
}

type Values = Record<string, string | number | boolean | null>;

function Wizard({ draftId }: { draftId: string }) {
  const t = useCitizensT();
  const { t: tt } = useI18n();
  useTitle(t('submit.title'));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [values, setValues] = useState<Values>({});
  const [step, setStep] = useState(1);
  // One busy flag and one notice for saving the draft, uploading a file and submitting; the submission's
  // Idempotency-Key is the hook's intent: one per visit of the form (api/mutation.ts).
  const { busy, run: attempt, error, setError } = useSubmit();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Online submission needs consent to the privacy notice in force (asked here when not on record).
  const pt = usePrivacyT();
  const consents = useLoader('my-consents', () => privacyApi.consents());
  const notice = useLoader('privacy-notice', () => privacyApi.notice());
  const [agree, setAgree] = useState(false);

  const load = async (caseKey?: string) => {
    const d = await citizensApi.draft(draftId);
    if (d.status === 'submitted' && d.dossierId) navigate(`/ho-so/${d.dossierId}`, { replace: true });
    const p = await citizensApi.prefill(d.procedureCode, caseKey ?? d.caseKey);
    setDraft(d);
    setPrefill(p);
    setValues(d.formData as Values);
  };
  useEffect(() => {
    load().catch((e) => setError(errorText(e, tt)));
  }, [draftId]);
  useEffect(() => headingRef.current?.focus(), [step]);

  const components = useMemo(() => prefill?.components.filter((c) => c.applies) ?? [], [prefill]);
  if (receipt) return <ReceiptView r={receipt} />;
  if (error && !draft) return <Notice kind="error">{error}</Notice>;
  if (!draft || !prefill) return <Loading />;

  const attachmentFor = (index: number) => draft.attachments.find((a) => a.componentIndex === index)?.itemId ?? '';
  const docTitle = (id: string) => prefill.documents.find((d) => d.id === id)?.title ?? '';
  const missing = components.filter((c) => c.required && !c.condition && !c.satisfiedByData && !c.satisfiedByForm && !attachmentFor(c.index));

  const save = async (patch: Partial<Parameters<typeof citizensApi.saveDraft>[1]> = {}) => {
    setFieldErrors({});
    const r = await attempt(
      async () => {
        const formData: Values = {};
        for (const f of prefill.fields) if (values[f.key] !== undefined && values[f.key] !== '') formData[f.key] = values[f.key];
        const d = await citizensApi.saveDraft(draft.id, { version: draft.version, formData, ...patch });
        setDraft(d);
        setSavedAt(new Date().toISOString());
        return d;
      },
      (e) => {
        if (e instanceof ApiError && Array.isArray(e.problem?.fieldErrors))
          setFieldErrors(Object.fromEntries((e.problem!.fieldErrors as { key: string; message: string }[]).map((x) => [x.key, x.message])));
      },
    );
    return r.ok ? r.value : null;
  };

  const go = async (n: number) => {
    if (n > step && step === 2) {
      const missingFields = prefill.fields.filter((f) => f.required && (values[f.key] === undefined || values[f.key] === null || values[f.key] === ''));
      if (missingFields.length) {
        setFieldErrors(Object.fromEntries(missingFields.map((f) => [f.key, t('field.required', { label: f.label })])));
        setError(t('fields.required', { labels: missingFields.map((f) => f.label).join('; ') }));
        return;
      }
    }
    if (n > step && step === 1 && !draft.receivingAgencyId) {
      setError(t('place'));
      return;
    }
    if (n > step && step === 3 && missing.length) {
      setError(t('missing', { names: missing.map((m) => m.name).join('; ') }));
      return;
    }
    if (await save()) setStep(n);
  };

  const submit = async () => {
    setError(null);
    const needConsent = !consents.data?.consented;
    if (needConsent && (!agree || !notice.data)) {
      setError(notice.data ? pt('notice.agreeRequired') : pt('notice.loadError'));
      return;
    }
    await attempt(async (key) => {
      if (needConsent) {
        await privacyApi.consent(notice.data!.version, 'online_submission');
        consents.reload();
      }
      setReceipt(await citizensApi.submit(draft.id, key));
    });
  };

  const stepNames = [t('step.1'), t('step.2'), t('step.3'), t('step.4')];
  return (
    <div className="cz-page">
      <PageHeader title={t('submit.title')} intro={`${draft.procedureCode} — ${draft.procedureName}`} />
      <ol className="cz-steps" aria-label={t('submit.title')}>
        {stepNames.map((s, i) => (
          <li key={s} aria-current={step === i + 1 ? 'step' : undefined} className={step === i + 1 ? 'cz-step-current' : step > i + 1 ? 'cz-step-done' : ''}>
            <span className="cz-step-no" aria-hidden="true">
              {i + 1}
            </span>{' '}
            {s}
          </li>
        ))}
      </ol>
      <section className="card" aria-labelledby="cz-step-h">
        <h2 id="cz-step-h" tabIndex={-1} ref={headingRef}>
          {t('step.of', { n: step, name: stepNames[step - 1] })}
        </h2>
        {error && <Notice kind="error">{error}</Notice>}
        {step === 1 && (
          <div className="form-grid">
            <div className="field">
              <label htmlFor="cz-case">{t('case')}</label>
              <select
                id="cz-case"
                value={draft.caseKey}
                disabled={busy}
                onChange={async (e) => {
                  const d = await save({ caseKey: e.target.value });
                  if (d) await load(d.caseKey);
                }}
              >
                {prefill.procedure.cases.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="cz-place">
                {t('place')}
                <span className="req" aria-hidden="true">
                  {' '}
                  *
                </span>
              </label>
              <select
                id="cz-place"
                value={draft.receivingAgencyId ?? ''}
                aria-describedby="cz-place-hint"
                disabled={busy}
                onChange={(e) => save({ receivingAgencyId: e.target.value || null })}
              >
                <option value="">{t('choose')}</option>
                {prefill.receivingPlaces.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
              <p className="field-hint" id="cz-place-hint">
                {t('placeHint', { agency: prefill.procedure.agencyText })}
              </p>
            </div>
          </div>
        )}
        {step === 2 && (
          <>
            <Notice kind="info">
              {t('prefilledSummary', {
                n: prefill.stats.prefilledForYou,
                total: prefill.stats.fields,
                pct: prefill.stats.fields ? Math.round((prefill.stats.prefilledForYou / prefill.stats.fields) * 100) : 0,
              })}
            </Notice>
            <div className="form-grid" data-testid="eform">
              {prefill.fields.map((f) => (
                <FormField
                  key={f.key}
                  f={f}
                  value={values[f.key] ?? ''}
                  original={draft.prefilled[f.key]?.value}
                  error={fieldErrors[f.key]}
                  onChange={(v) => setValues({ ...values, [f.key]: v })}
                  t={t}
                />
              ))}
            </div>
          </>
        )}
        {step === 3 && (
          <ul className="cz-components" data-testid="components">
            {components.map((c) => {
              const chosen = attachmentFor(c.index);
              const id = `cz-comp-${c.index}`;
              return (
                <li key={c.index} className="cz-component">
                  <p className="cz-component-name">
                    {c.name}{' '}
                    {c.satisfiedByForm ? null : c.required && !c.condition && !c.satisfiedByData ? (
                      <span className="req" aria-hidden="true">
                        *
                      </span>
                    ) : (
                      <Badge>{c.condition ? t('condition', { c: c.condition }) : t('optional')}</Badge>
                    )}
                  </p>
                  {c.satisfiedByForm && <p className="muted small">{t('byForm')}</p>}
                  {c.satisfiedByData && <p className="muted small">{t('byData')}</p>}
                  {!c.satisfiedByForm && (
                    <div className="cz-attach">
                      <div className="field">
                        <label htmlFor={`${id}-pick`}>{t('fromWarehouse')}</label>
                        <select
                          id={`${id}-pick`}
                          value={chosen}
                          disabled={busy}
                          onChange={(e) =>
                            save({
                              attachments: [
                                ...draft.attachments.filter((a) => a.componentIndex !== c.index),
                                ...(e.target.value ? [{ componentIndex: c.index, itemId: e.target.value }] : []),
                              ],
                            })
                          }
                        >
                          <option value="">{t('noneChosen')}</option>
                          {prefill.documents
                            .filter((d) => (c.documentIds ?? []).includes(d.id) || d.id === chosen)
                            .map((d) => (
                              <option key={d.id} value={d.id}>
                                {d.title}
                                {d.issuedOn ? ` (${formatDate(d.issuedOn)})` : ''}
                              </option>
                            ))}
                        </select>
                      </div>
                      <div className="field">
                        <label htmlFor={`${id}-file`}>{t('upload')}</label>
                        <input
                          id={`${id}-file`}
                          type="file"
                          accept=".pdf,.jpg,.jpeg,.png"
                          disabled={busy}
                          onChange={async (e) => {
                            const file = e.target.files?.[0];
                            if (!file) return;
                            await attempt(async () => {
                              const r = await citizensApi.upload(draft.id, c.index, file);
                              setDraft(r.draft);
                              setPrefill({ ...prefill, documents: [...prefill.documents, r.item] });
                            });
                          }}
                        />
                      </div>
                      {chosen && (
                        <p className="cz-ok" role="status">
                          ✓ {t('attached', { name: docTitle(chosen) })}
                        </p>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {step === 4 && (
          <div data-testid="review">
            <h3>{t('review.place')}</h3>
            <p>{prefill.receivingPlaces.find((a) => a.id === draft.receivingAgencyId)?.name}</p>
            <h3>{t('review.form')}</h3>
            <dl className="cz-review">
              {prefill.fields.map((f) => (
                <div key={f.key}>
                  <dt>{f.label}</dt>
                  <dd>
                    {f.type === 'date' ? formatDate(String(values[f.key] ?? '')) : String(values[f.key] ?? '—')}{' '}
                    {draft.prefilled[f.key] && draft.prefilled[f.key].value === values[f.key] && (
                      <Badge kind="info">{t('prefilled', { from: draft.prefilled[f.key].from })}</Badge>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
            <h3>{t('review.docs')}</h3>
            <ul>
              {components
                .filter((c) => attachmentFor(c.index) || c.satisfiedByData || c.satisfiedByForm)
                .map((c) => (
                  <li key={c.index}>
                    {c.name}:{' '}
                    <strong>{attachmentFor(c.index) ? docTitle(attachmentFor(c.index)) : c.satisfiedByForm ? t('how.eform') : t('how.national_data')}</strong>
                  </li>
                ))}
            </ul>
            <FeeReview draft={draft} busy={busy} onGroups={(g) => void save({ applicantGroups: g })} />
            {consents.data?.consented ? (
              <p className="pv-muted" data-testid="privacy-consented">
                {pt('notice.already', { v: consents.data.currentVersion })}
              </p>
            ) : (
              notice.data && <NoticeConsent notice={notice.data} checked={agree} onChange={setAgree} />
            )}
          </div>
        )}
        <div className="form-actions cz-actions">
          {step > 1 && (
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setStep(step - 1)}>
              {t('back')}
            </button>
          )}
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => save()}>
            {t('save')}
          </button>
          {step < 4 && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => go(step + 1)}>
              {t('next')}
            </button>
          )}
          {step === 4 && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={submit} data-testid="submit-dossier">
              {busy ? t('submitting') : t('submitNow')}
            </button>
          )}
        </div>
        {savedAt && (
          <p className="muted small" role="status">
            {t('saved', { at: formatDateTime(savedAt) })}
          </p>
        )}
      </section>
    </div>
  );
}

function FormField({
  f,
  value,
  original,
  error,
  onChange,
  t,
}: {
  f: PrefillField;
  value: string | number | boolean;
  original: unknown;
  error?: string;
  onChange: (v: string | number | null) => void;
  t: ReturnType<typeof useCitizensT>;
}) {
  const id = `cz-f-${f.key}`;
  const described = [f.prefilled ? `${id}-src` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined, required: f.required } as const;
  const edited = f.prefilled && original !== undefined && original !== value;
  return (
    <div
      className={`field ${f.type === 'text' ? 'span-2' : ''} ${error ? 'field-invalid' : ''} ${f.prefilled ? 'cz-prefilled' : ''}`}
      data-prefilled={f.prefilled ? 'true' : undefined}
    >
      <label htmlFor={id}>
        {f.label}
        {f.required && (
          <span className="req" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {f.type === 'select' ? (
        <select {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">—</option>
          {(f.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : f.type === 'text' ? (
        <textarea {...common} rows={3} maxLength={f.maxLength ?? undefined} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={f.type === 'date' ? 'date' : f.type === 'integer' || f.type === 'number' ? 'number' : 'text'}
          maxLength={f.maxLength ?? undefined}
          value={String(value ?? '')}
          onChange={(e) => onChange(f.type === 'integer' || f.type === 'number' ? (e.target.value === '' ? null : Number(e.target.value)) : e.target.value)}
        />
      )}
      {f.prefilled && (
        <p className="field-hint cz-src" id={`${id}-src`}>
          {edited ? t('edited') : t('prefilled', { from: f.prefilled.from })}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function ReceiptView({ r }: { r: Receipt }) {
  const t = useCitizensT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="cz-page">
      <section className="card cz-receipt" data-testid="receipt">
        <h1 tabIndex={-1} ref={ref}>
          {t('receipt.title')}
        </h1>
        <p>{r.message}</p>
        <dl className="cz-review">
          <div>
            <dt>{t('receipt.code')}</dt>
            <dd className="mono" data-testid="receipt-code">
              {r.dossier.code}
            </dd>
          </div>
          <div>
            <dt>{t('receipt.when')}</dt>
            <dd>{formatDateTime(r.dossier.submittedAt)}</dd>
          </div>
          <div>
            <dt>{t('review.place')}</dt>
            <dd>{r.receivingAgency?.name}</dd>
          </div>
        </dl>
        <h2>{t('review.docs')}</h2>
        <ul>
          {r.components.map((c) => (
            <li key={`${c.index}-${c.how}`}>
              {c.name}: {c.document ? `${c.document} — ` : ''}
              {t(`how.${c.how}` as 'how.upload')}
            </li>
          ))}
        </ul>
        <p className="muted">
          {t('prefilledSummary', {
            n: r.onceOnly.prefilled,
            total: r.onceOnly.fields,
            pct: r.onceOnly.fields ? Math.round((r.onceOnly.prefilled / r.onceOnly.fields) * 100) : 0,
          })}
        </p>
        <p>{t('receipt.note')}</p>
        <div className="form-actions">
          <Link to={`/ho-so/${r.dossier.id}`} className="btn btn-primary">
            {t('receipt.open')}
          </Link>
          <Link to={`/tra-cuu?ma=${encodeURIComponent(r.dossier.code)}&k=${encodeURIComponent(r.lookupKey)}`} className="btn btn-secondary">
            {t('receipt.lookup')}
          </Link>
        </div>
      </section>
    </div>
  );
}

/** The review step's fee: the line(s) that will apply to this applicant and the amount, from the same rule the agency bills with. */
function FeeReview({ draft, busy, onGroups }: { draft: Draft; busy: boolean; onGroups: (groups: Draft['applicantGroups']) => void }) {
  const t = useCitizensT();
  const groups = draft.applicantGroups;
  const { data, error } = useLoader(`fee:${draft.procedureCode}:${draft.caseKey}:${groups.join(',')}`, () =>
    citizensApi.feeQuote(draft.procedureCode, draft.caseKey, groups),
  );
  if (error || !data) return null;
  const charged = data.fees.filter((f) => !f.onRequest);
  return (
    <section aria-labelledby="cz-fee-h" data-testid="review-fee">
      <h3 id="cz-fee-h">{t('fee.title')}</h3>
      {data.groups.length > 0 && (
        <div className="field">
          <label htmlFor="cz-fee-group">{t('fee.group')}</label>
          <select
            id="cz-fee-group"
            disabled={busy}
            value={groups[0] ?? ''}
            onChange={(e) => onGroups(data.groups.filter((g) => g.key === e.target.value).map((g) => g.key))}
          >
            <option value="">{t('fee.groupNone')}</option>
            {data.groups.map((g) => (
              <option key={g.key} value={g.key}>
                {g.name}
              </option>
            ))}
          </select>
          <p className="hint">{t('fee.groupHint')}</p>
        </div>
      )}
      {charged.length === 0 && data.online.lines.length === 0 ? (
        <p>{t('fee.none')}</p>
      ) : (
        <>
          <ul>
            {data.online.lines.map((l) => (
              <li key={l.name}>
                {l.name}:{' '}
                {l.reductionPercent ? (
                  <>
                    <s>{vnd(l.amount)}</s> − {l.reductionPercent}% ={' '}
                  </>
                ) : null}
                <strong>{vnd(l.due)}</strong>
              </li>
            ))}
          </ul>
          <p>
            {t('fee.total')}: <strong data-testid="review-fee-total">{vnd(data.online.total)}</strong>
          </p>
          {data.fees.some((f) => f.alternativeGroup) && (
            <p className="muted">
              {t('fee.alternatives')}{' '}
              {data.fees
                .filter((f) => f.alternativeGroup)
                .map(
                  (f) =>
                    `${f.name}${f.amountVnd !== null ? ` (${vnd(f.amountVnd)})` : ''}${f.appliesToNames.length ? ` — ${f.appliesToNames.join(', ')}` : ''}`,
                )
                .join('; ')}
            </p>
          )}
          {data.unknownAmount && <p className="muted">{t('fee.unknown')}</p>}
          {data.needsChoice && <p className="muted">{t('fee.choice')}</p>}
        </>
      )}
    </section>
  );
}
