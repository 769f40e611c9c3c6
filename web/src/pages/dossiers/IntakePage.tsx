import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useIntakeTicket } from '../frontoffice/IntakeTicket';
import { withQuery, type User } from '../../api';
import { PATHS } from '../../nav';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useSubmit, useTitle } from '../../hooks';
import { Link } from '../../router';
import { Badge, Field, LoadError, Modal, Notice, PageHeader } from '../../components/ui';
import {
  buildIntakeBody,
  buildRefusalBody,
  componentsForCase,
  defaultCase,
  emptyTick,
  formatMinute,
  INTAKE_CHANNELS,
  type ComponentTick,
  type FieldErrorsIntake,
  type IntakeForm,
} from './dossierRules';
import { documentUrl, dossiersApi, type ApplicantKind, type DossierView, type ProcedureDetail, type ProcedureHit } from './dossiersApi';
import { Appointment, detailPath, known, StatusBadge } from './shared';

const EMPTY_FORM: IntakeForm = {
  procedureCode: '',
  caseKey: '',
  channel: 'counter',
  applicant: { kind: 'citizen', name: '', idNumber: '', phone: '', email: '', address: '' },
  withRepresentative: false,
  representative: { name: '', idNumber: '', authorisationRef: '', relationship: '' },
  summary: '',
  ticks: {},
};

type UploadState = { name: string; state: 'pending' | 'done' | 'error'; detail?: string };

/**
 * The online dossiers waiting for this section to receive them, above the counter form: an officer
 * who opens "Tiếp nhận hồ sơ" sees them first, the oldest first, each one click from its page.
 */
function OnlineWaiting() {
  const { t } = useI18n();
  const waiting = useLoader('intake-waiting', (signal) => dossiersApi.list({ queue: 'to_receive', limit: 50 }, signal));
  if (waiting.error != null && !waiting.data) return <LoadError error={waiting.error} onRetry={waiting.reload} />;
  if (!waiting.data) return null;
  const items = [...waiting.data.items].sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '')).slice(0, 5);
  const n = waiting.data.counts?.to_receive ?? waiting.data.total ?? waiting.data.items.length;
  return (
    <section className="card dos-section dos-waiting" aria-labelledby="intake-waiting" data-testid="intake-waiting">
      <h2 id="intake-waiting">{t('dos.intake.waiting', { n })}</h2>
      {n === 0 ? (
        <p className="muted">{t('dos.intake.waitingNone')}</p>
      ) : (
        <>
          <ul className="dos-waiting-list">
            {items.map((d) => (
              <li key={d.id}>
                <Link to={detailPath(d.id)} className="mono">
                  {d.code}
                </Link>{' '}
                {d.procedure.name} — {d.applicant.name}
                <span className="muted small"> · {t('dos.intake.waitingSince', { at: formatDateTime(d.submittedAt) })}</span>
              </li>
            ))}
          </ul>
          <Link to={withQuery(PATHS.dossiers, { hang: 'to_receive' })} className="btn btn-secondary btn-small">
            {t('dos.intake.waitingAll', { n })}
          </Link>
        </>
      )}
    </section>
  );
}

/** /mot-cua/tiep-nhan — receiving (or refusing) a dossier at the one-stop counter. */
export function IntakePage({ user }: { user: User }) {
  const { t } = useI18n();
  useTitle(t('dos.intake.title'));
  const [form, setForm] = useState<IntakeForm>(EMPTY_FORM);
  // One intent (Idempotency-Key) per form: a double click, a retry after a lost answer or a reload of the answer never makes two dossiers.
  const receiving = useSubmit();
  const { busy, error: failure } = receiving;
  const [procedure, setProcedure] = useState<ProcedureDetail | null>(null);
  // Errors appear after the first attempt and then follow every change (a fixed field clears at once).
  const [tried, setTried] = useState<'none' | 'receive' | 'refuse'>('none');
  const [created, setCreated] = useState<DossierView | null>(null);
  const [refusing, setRefusing] = useState(false);
  const [files, setFiles] = useState<Record<number, File | null>>({});
  const [uploads, setUploads] = useState<Record<number, UploadState>>({});
  // Opened from the counter screen: the queue ticket being served, linked once the dossier is received (front office).
  const intakeTicket = useIntakeTicket();

  const cases = procedure?.content.cases ?? [];
  const chosenCase = cases.find((c) => c.key === form.caseKey) ?? null;
  const components = useMemo(() => (procedure ? componentsForCase(procedure.content.components, form.caseKey) : []), [procedure, form.caseKey]);
  const check = useMemo(() => buildIntakeBody(form, components), [form, components]);
  const personCheck = useMemo(() => buildRefusalBody(form, '-'), [form]);
  const errors: FieldErrorsIntake = tried === 'receive' && !check.ok ? check.errors : tried === 'refuse' && !personCheck.ok ? personCheck.errors : {};
  const missing = tried === 'receive' && !check.ok ? (check.missing ?? []) : [];

  const pickProcedure = (p: ProcedureDetail) => {
    setProcedure(p);
    const c = defaultCase(p.content.cases);
    const ticks: Record<number, ComponentTick> = {};
    p.content.components.forEach((comp, i) => (ticks[i] = emptyTick(comp)));
    setForm((f) => ({ ...f, procedureCode: p.code, caseKey: c?.key ?? '', ticks }));
    setFiles({});
  };

  const setApplicant = (patch: Partial<IntakeForm['applicant']>) => setForm((f) => ({ ...f, applicant: { ...f.applicant, ...patch } }));
  const setRep = (patch: Partial<IntakeForm['representative']>) => setForm((f) => ({ ...f, representative: { ...f.representative, ...patch } }));
  const setTick = (index: number, patch: Partial<ComponentTick>) => setForm((f) => ({ ...f, ticks: { ...f.ticks, [index]: { ...f.ticks[index], ...patch } } }));

  const uploadFiles = async (d: DossierView) => {
    const chosen = Object.entries(files).filter((e): e is [string, File] => !!e[1]);
    for (const [idx, file] of chosen) {
      const i = Number(idx);
      setUploads((u) => ({ ...u, [i]: { name: file.name, state: 'pending' } }));
      try {
        await dossiersApi.upload(d.id, file, { componentIndex: i, kind: 'component' });
        setUploads((u) => ({ ...u, [i]: { name: file.name, state: 'done' } }));
      } catch (err) {
        setUploads((u) => ({ ...u, [i]: { name: file.name, state: 'error', detail: errorText(err, t) } }));
      }
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    receiving.setError(null);
    setTried('receive');
    const built = check;
    if (!built.ok) {
      window.requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-invalid="true"], .field-invalid input, .field-invalid select')?.focus());
      return;
    }
    const r = await receiving.run((key) => dossiersApi.create(built.body, key));
    if (!r.ok) return;
    const d = r.value;
    setCreated(d);
    void intakeTicket.link(d.id);
    void uploadFiles(d);
    window.scrollTo({ top: 0 });
  };

  const refuse = async (reason: string): Promise<string | null> => {
    const built = buildRefusalBody(form, reason);
    if (!built.ok) {
      if (built.errors.refuseReason) return t(built.errors.refuseReason);
      setTried('refuse');
      return t('dos.intake.fixFirst');
    }
    try {
      const d = await dossiersApi.create(built.body, receiving.intent.key);
      setCreated(d);
      void intakeTicket.link(d.id);
      setRefusing(false);
      window.scrollTo({ top: 0 });
      return null;
    } catch (err) {
      return errorText(err, t);
    }
  };

  const startOver = () => {
    setForm(EMPTY_FORM);
    setProcedure(null);
    setCreated(null);
    setFiles({});
    setUploads({});
    setTried('none');
    receiving.setError(null);
    receiving.intent.renew();
  };

  if (created)
    return (
      <>
        {intakeTicket.banner}
        <IntakeDone d={created} uploads={uploads} onNew={startOver} />
      </>
    );

  const a = form.applicant;
  const err = (k: keyof FieldErrorsIntake) => (errors[k] ? t(errors[k]!) : null);
  const ticked = components.filter((c) => form.ticks[c.index]?.received || form.ticks[c.index]?.reused).length;

  return (
    <div className="dos-page">
      <PageHeader title={t('dos.intake.title')} intro={t('dos.intake.intro', { agency: user.agency?.name ?? '' })} />
      <OnlineWaiting />
      {intakeTicket.banner}
      {failure && <Notice kind="error">{failure}</Notice>}
      <form className="dos-intake" onSubmit={submit} noValidate data-testid="intake-form">
        <div className="dos-intake-main">
          <section className="card dos-section" aria-labelledby="intake-proc">
            <h2 id="intake-proc">1. {t('dos.intake.procedure')}</h2>
            <ProcedurePicker chosen={procedure} onPick={pickProcedure} error={err('procedure')} />
            {procedure && cases.length > 1 && (
              <fieldset className="dos-cases">
                <legend>{t('dos.intake.case')}</legend>
                {cases.map((c) => (
                  <label key={c.key} className="dos-radio">
                    <input
                      type="radio"
                      name="caseKey"
                      value={c.key}
                      checked={form.caseKey === c.key}
                      onChange={() => setForm((f) => ({ ...f, caseKey: c.key }))}
                    />
                    <span>
                      {c.name}{' '}
                      <span className="muted">
                        — {c.time.amount} {known(t, `dos.unit.${c.time.unit}`, c.time.unit)}
                      </span>
                    </span>
                  </label>
                ))}
              </fieldset>
            )}
          </section>

          {procedure && (
            <section className="card dos-section" aria-labelledby="intake-comp">
              <h2 id="intake-comp">2. {t('dos.intake.components')}</h2>
              <p className="muted small">{t('dos.intake.componentsHint')}</p>
              {errors.components && (
                <Notice kind="error">
                  {t(errors.components)}
                  {missing.length > 0 && (
                    <ul className="dos-missing">
                      {missing.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  )}
                </Notice>
              )}
              <ul className="dos-checklist" data-testid="component-checklist">
                {components.map((c) => {
                  const tick = form.ticks[c.index] ?? emptyTick(c);
                  const id = `comp-${c.index}`;
                  return (
                    <li key={c.index} className={tick.received || tick.reused ? 'dos-comp is-ticked' : 'dos-comp'}>
                      <label className="dos-comp-name" htmlFor={`${id}-rcv`}>
                        <input
                          id={`${id}-rcv`}
                          type="checkbox"
                          checked={tick.received}
                          onChange={(e) => setTick(c.index, { received: e.target.checked })}
                          data-invalid={missing.includes(c.name) ? 'true' : undefined}
                        />
                        <span>
                          {c.name}{' '}
                          {c.required && !c.condition ? <Badge kind="warning">{t('dos.intake.required')}</Badge> : <Badge>{t('dos.intake.optional')}</Badge>}
                          {c.condition && <span className="sub">{t('dos.intake.condition', { text: c.condition })}</span>}
                        </span>
                      </label>
                      <div className="dos-comp-detail">
                        <label className="dos-num">
                          {t('dos.intake.originals')}
                          <input
                            type="number"
                            min={0}
                            max={100}
                            inputMode="numeric"
                            value={tick.originals}
                            onChange={(e) => setTick(c.index, { originals: e.target.value })}
                          />
                        </label>
                        <label className="dos-num">
                          {t('dos.intake.copies')}
                          <input
                            type="number"
                            min={0}
                            max={100}
                            inputMode="numeric"
                            value={tick.copies}
                            onChange={(e) => setTick(c.index, { copies: e.target.value })}
                          />
                        </label>
                        {c.replaceableByData && (
                          <label className="dos-check">
                            <input type="checkbox" checked={tick.reused} onChange={(e) => setTick(c.index, { reused: e.target.checked })} />{' '}
                            {t('dos.intake.reused', { source: known(t, `dos.source.${c.replaceableByData}`, c.replaceableByData) })}
                          </label>
                        )}
                        <label className="dos-file">
                          <span className="visually-hidden">{t('dos.intake.scan', { name: c.name })}</span>
                          <input
                            type="file"
                            accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png"
                            onChange={(e) => setFiles((fs) => ({ ...fs, [c.index]: e.target.files?.[0] ?? null }))}
                          />
                        </label>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </section>
          )}

          <section className="card dos-section" aria-labelledby="intake-app">
            <h2 id="intake-app">3. {t('dos.intake.applicant')}</h2>
            <fieldset className="dos-inline-radios">
              <legend>{t('dos.intake.channel')}</legend>
              {INTAKE_CHANNELS.map((ch) => (
                <label key={ch} className="dos-radio">
                  <input type="radio" name="channel" checked={form.channel === ch} onChange={() => setForm((f) => ({ ...f, channel: ch }))} />{' '}
                  {t(`dos.channel.${ch}`)}
                </label>
              ))}
            </fieldset>
            <div className="form-grid">
              <Field id="ap-kind" label={t('dos.applicant.kind')} required>
                <select id="ap-kind" value={a.kind} onChange={(e) => setApplicant({ kind: e.target.value as ApplicantKind })}>
                  {(['citizen', 'business', 'organisation'] as const).map((k) => (
                    <option key={k} value={k}>
                      {t(`dos.applicantKind.${k}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="ap-name" label={a.kind === 'citizen' ? t('dos.applicant.name') : t('dos.applicant.orgName')} required error={err('name')}>
                <input id="ap-name" value={a.name} onChange={(e) => setApplicant({ name: e.target.value })} autoComplete="off" aria-invalid={!!errors.name} />
              </Field>
              <Field
                id="ap-id"
                label={a.kind === 'citizen' ? t('dos.applicant.personalId') : t('dos.applicant.taxCode')}
                required
                hint={a.kind === 'citizen' ? t('dos.applicant.personalIdHint') : t('dos.applicant.taxCodeHint')}
                error={err('idNumber')}
              >
                <input
                  id="ap-id"
                  value={a.idNumber}
                  onChange={(e) => setApplicant({ idNumber: e.target.value })}
                  inputMode="numeric"
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={!!errors.idNumber}
                />
              </Field>
              <Field id="ap-phone" label={t('dos.applicant.phone')} error={err('phone')}>
                <input id="ap-phone" type="tel" value={a.phone} onChange={(e) => setApplicant({ phone: e.target.value })} autoComplete="off" />
              </Field>
              <Field id="ap-email" label={t('dos.applicant.email')} error={err('email')}>
                <input id="ap-email" type="email" value={a.email} onChange={(e) => setApplicant({ email: e.target.value })} autoComplete="off" />
              </Field>
              <Field id="ap-address" label={t('dos.applicant.address')}>
                <input id="ap-address" value={a.address} onChange={(e) => setApplicant({ address: e.target.value })} autoComplete="off" />
              </Field>
            </div>
            <label className="dos-check dos-rep-toggle">
              <input type="checkbox" checked={form.withRepresentative} onChange={(e) => setForm((f) => ({ ...f, withRepresentative: e.target.checked }))} />{' '}
              {t('dos.intake.withRepresentative')}
            </label>
            {form.withRepresentative && (
              <fieldset className="dos-rep">
                <legend>{t('dos.intake.representative')}</legend>
                <div className="form-grid">
                  <Field id="rep-name" label={t('dos.applicant.name')} required error={err('repName')}>
                    <input id="rep-name" value={form.representative.name} onChange={(e) => setRep({ name: e.target.value })} autoComplete="off" />
                  </Field>
                  <Field id="rep-id" label={t('dos.applicant.personalId')} required error={err('repIdNumber')}>
                    <input
                      id="rep-id"
                      value={form.representative.idNumber}
                      onChange={(e) => setRep({ idNumber: e.target.value })}
                      inputMode="numeric"
                      autoComplete="off"
                    />
                  </Field>
                  <Field
                    id="rep-ref"
                    label={t('dos.intake.authorisationRef')}
                    required
                    hint={t('dos.intake.authorisationHint')}
                    error={err('repAuthorisation')}
                  >
                    <input
                      id="rep-ref"
                      value={form.representative.authorisationRef}
                      onChange={(e) => setRep({ authorisationRef: e.target.value })}
                      autoComplete="off"
                    />
                  </Field>
                  <Field id="rep-rel" label={t('dos.intake.relationship')}>
                    <input
                      id="rep-rel"
                      value={form.representative.relationship}
                      onChange={(e) => setRep({ relationship: e.target.value })}
                      autoComplete="off"
                    />
                  </Field>
                </div>
              </fieldset>
            )}
            <Field id="ap-summary" label={t('dos.intake.summary')} hint={t('dos.intake.summaryHint')}>
              <textarea id="ap-summary" rows={2} maxLength={1000} value={form.summary} onChange={(e) => setForm((f) => ({ ...f, summary: e.target.value }))} />
            </Field>
          </section>
        </div>

        <aside className="card dos-summary" aria-labelledby="intake-sum" data-testid="intake-summary">
          <h2 id="intake-sum">{t('dos.intake.summaryTitle')}</h2>
          <dl className="dos-dl">
            <div>
              <dt>{t('dos.field.procedure')}</dt>
              <dd>{procedure ? `${procedure.code} — ${procedure.content.name}` : <span className="muted">{t('dos.intake.noProcedure')}</span>}</dd>
            </div>
            {chosenCase && cases.length > 1 && (
              <div>
                <dt>{t('dos.intake.case')}</dt>
                <dd>{chosenCase.name}</dd>
              </div>
            )}
            {chosenCase && (
              <div>
                <dt>{t('dos.intake.timeLimit')}</dt>
                <dd>
                  {chosenCase.time.amount} {known(t, `dos.unit.${chosenCase.time.unit}`, chosenCase.time.unit)}
                </dd>
              </div>
            )}
            {procedure && (
              <div>
                <dt>{t('dos.intake.components')}</dt>
                <dd>{t('dos.intake.ticked', { n: ticked, total: components.length })}</dd>
              </div>
            )}
            <div>
              <dt>{t('dos.intake.applicant')}</dt>
              <dd>
                {a.name.trim() ? `${a.name.trim()}${a.idNumber.trim() ? ` · ${a.idNumber.trim()}` : ''}` : <span className="muted">{t('common.none')}</span>}
              </dd>
            </div>
            <div>
              <dt>{t('dos.intake.channel')}</dt>
              <dd>{t(`dos.channel.${form.channel}`)}</dd>
            </div>
          </dl>
          <p className="muted small">{t('dos.intake.appointmentNote')}</p>
          <div className="dos-summary-actions">
            <button type="submit" className="btn btn-primary btn-block" disabled={busy} aria-busy={busy}>
              {busy ? t('dos.intake.receiving') : t('dos.intake.receive')}
            </button>
            <button type="button" className="btn btn-secondary btn-block" disabled={busy || !procedure} onClick={() => setRefusing(true)}>
              {t('dos.intake.refuse')}
            </button>
          </div>
        </aside>
      </form>
      {refusing && <RefuseDialog onClose={() => setRefusing(false)} onRefuse={refuse} />}
    </div>
  );
}

function RefuseDialog({ onClose, onRefuse }: { onClose: () => void; onRefuse: (reason: string) => Promise<string | null> }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  // onRefuse sends with the intake form's key (the same intent as receiving it) and returns the failure's text.
  const { busy, run: attempt, error, setError } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await attempt(async () => setError(await onRefuse(reason)));
  };
  return (
    <Modal title={t('dos.intake.refuseTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p className="muted">{t('dos.intake.refuseHint')}</p>
        {error && <Notice kind="error">{error}</Notice>}
        <Field id="refuse-reason" label={t('dos.form.reason')} required>
          <textarea id="refuse-reason" rows={4} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" disabled={busy}>
            {t('dos.intake.refuseConfirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Search the catalogue (accent-insensitive on the server) and pick one procedure. */
function ProcedurePicker({ chosen, onPick, error }: { chosen: ProcedureDetail | null; onPick: (p: ProcedureDetail) => void; error: string | null }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [loadErr, setLoadErr] = useState<string | null>(null);
  const [picking, setPicking] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const h = window.setTimeout(() => setDebounced(q.trim()), 250);
    return () => window.clearTimeout(h);
  }, [q]);
  const hits = useLoader(`proc:${debounced}`, (signal) =>
    debounced.length >= 2 ? dossiersApi.procedures(debounced, signal) : Promise.resolve({ items: [] as ProcedureHit[], total: 0 }),
  );
  const pick = async (code: string) => {
    setPicking(code);
    setLoadErr(null);
    try {
      onPick(await dossiersApi.procedure(code));
      setQ('');
      setDebounced('');
    } catch (err) {
      setLoadErr(errorText(err, t));
    } finally {
      setPicking(null);
    }
  };
  return (
    <div className="dos-picker">
      {chosen && (
        <div className="dos-chosen" data-testid="chosen-procedure">
          <div>
            <strong>{chosen.code}</strong> — {chosen.content.name}
            <span className="sub">
              {chosen.content.field} · {chosen.summary.timeText} · {chosen.summary.feeText} · {chosen.summary.agencyText}
            </span>
          </div>
          <button type="button" className="btn btn-link" onClick={() => inputRef.current?.focus()}>
            {t('dos.intake.change')}
          </button>
        </div>
      )}
      <Field
        id="proc-q"
        label={chosen ? t('dos.intake.changeProcedure') : t('dos.intake.searchProcedure')}
        required={!chosen}
        hint={t('dos.intake.searchHint')}
        error={error}
      >
        <input
          ref={inputRef}
          id="proc-q"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          autoComplete="off"
          placeholder={t('dos.intake.searchPlaceholder')}
        />
      </Field>
      {loadErr && <Notice kind="error">{loadErr}</Notice>}
      {hits.error != null && <Notice kind="error">{errorText(hits.error, t)}</Notice>}
      {debounced.length >= 2 && hits.data && (
        <ul className="dos-hits" aria-live="polite" data-testid="procedure-hits">
          {hits.data.items.length === 0 && <li className="muted">{t('common.noResults')}</li>}
          {hits.data.items.map((p) => (
            <li key={p.code}>
              <button type="button" className="dos-hit" onClick={() => void pick(p.code)} disabled={picking !== null}>
                <span className="mono">{p.code}</span> <span className="dos-hit-name">{p.name}</span>
                <span className="sub">
                  {p.field} · {p.processingTime} · {p.agency}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function IntakeDone({ d, uploads, onNew }: { d: DossierView; uploads: Record<number, UploadState>; onNew: () => void }) {
  const { t } = useI18n();
  const refused = d.status.code === 3;
  const up = Object.entries(uploads);
  return (
    <div className="dos-page">
      <PageHeader title={refused ? t('dos.intake.refusedTitle') : t('dos.intake.doneTitle')} />
      <section className={refused ? 'card dos-done is-refused' : 'card dos-done'} data-testid="intake-result" aria-live="polite">
        <p className="dos-done-label">{t('dos.field.code')}</p>
        <p className="dos-done-code mono" data-testid="dossier-code">
          {d.code}
        </p>
        <dl className="dos-dl dos-done-dl">
          <div>
            <dt>{t('dos.field.status')}</dt>
            <dd>
              <StatusBadge status={d.status} />
            </dd>
          </div>
          <div>
            <dt>{t('dos.field.procedure')}</dt>
            <dd>
              {d.procedure.code} — {d.procedure.name}
            </dd>
          </div>
          <div>
            <dt>{t('dos.field.applicant')}</dt>
            <dd>{d.applicant.name}</dd>
          </div>
          <div>
            <dt>{t('dos.field.lookupKey')}</dt>
            <dd className="mono" data-testid="lookup-key" title={t('dos.field.lookupKeyHint')}>
              {d.lookupKey}
            </dd>
          </div>
          {!refused && (
            <>
              <div>
                <dt>{t('dos.field.received')}</dt>
                <dd>{formatMinute(d.receivedAt)}</dd>
              </div>
              <div>
                <dt>{t('dos.field.appointment')}</dt>
                <dd className="dos-done-appointment" data-testid="appointment">
                  <Appointment iso={d.appointment.original} />
                </dd>
              </div>
            </>
          )}
          {refused && d.closure && (
            <div>
              <dt>{t('dos.form.reason')}</dt>
              <dd>{d.closure.reason}</dd>
            </div>
          )}
        </dl>
        {up.length > 0 && (
          <ul className="dos-uploads" aria-live="polite">
            {up.map(([i, u]) => (
              <li key={i} className={`dos-upload is-${u.state}`}>
                {u.name}: {t(`dos.upload.${u.state}`)}
                {u.detail ? ` — ${u.detail}` : ''}
              </li>
            ))}
          </ul>
        )}
        <div className="dos-done-actions">
          <a className="btn btn-primary" href={documentUrl(d.id, refused ? 'refusal' : 'receipt')} target="_blank" rel="noopener" data-testid="print-document">
            {refused ? t('dos.intake.printRefusal') : t('dos.intake.printReceipt')}
          </a>
          <Link to={detailPath(d.id)} className="btn btn-secondary" data-testid="open-dossier">
            {t('dos.intake.openDossier')}
          </Link>
          <button type="button" className="btn btn-secondary" onClick={onNew}>
            {t('dos.intake.new')}
          </button>
        </div>
      </section>
    </div>
  );
}
