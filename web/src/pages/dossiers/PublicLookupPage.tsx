import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, withQuery } from '../../api';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useSubmit, useTitle } from '../../hooks';
import { navigate, useLocation } from '../../router';
import { Loading, Notice, PageHeader } from '../../components/ui';
import { formatMinute } from './dossierRules';
import { dossiersApi, type SignatureCheck } from './dossiersApi';
import { Appointment, DOSSIER_PATHS, statusKind, statusName } from './shared';
import { Badge } from '../../components/ui';
import { SipasAfterReturnPrompt } from '../reform/SurveyPages';

/** The dossier code format printed on receipts: agency code, yyMMdd, daily number. */
export const DOSSIER_CODE = /^[0-9A-Z.]+-\d{6}-\d{4,}$/;

/** /tra-cuu?ma=CODE&k=KEY — public lookup (the receipt's QR code carries both): the code alone shows the status, with the key the details. */
export function PublicLookupPage() {
  const { t } = useI18n();
  useTitle(t('dos.lookup.title'));
  const { search } = useLocation();
  const code = (search.get('ma') ?? '').trim().toUpperCase();
  const key = (search.get('k') ?? '').trim().toUpperCase();
  const resultHash = (search.get('kq') ?? '').trim().toLowerCase();
  const [input, setInput] = useState(code);
  const [keyInput, setKeyInput] = useState(key);
  useEffect(() => setInput(code), [code]);
  useEffect(() => setKeyInput(key), [key]);
  const res = useLoader(`lookup:${code}:${key}`, (signal) => (code ? dossiersApi.lookup(code, key, signal) : Promise.resolve(null)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const k = keyInput.trim().toUpperCase();
    navigate(withQuery(DOSSIER_PATHS.lookup, { ma: input.trim().toUpperCase(), ...(k ? { k } : {}) }));
  };
  const status = res.error instanceof ApiError ? res.error.status : null;
  const errorCode = res.error instanceof ApiError ? res.error.problem?.code : null;
  const d = res.data;
  return (
    <div className="dos-page dos-lookup">
      <PageHeader title={t('dos.lookup.title')} intro={t('dos.lookup.intro')} />
      {RESULT_HASH.test(resultHash) && <ResultCheckCard sha256={resultHash} />}
      <form className="card inline-form dos-lookup-form" role="search" action={DOSSIER_PATHS.lookup} method="get" onSubmit={submit}>
        <div className="field">
          <label htmlFor="lookup-ma">{t('home.lookupLabel')}</label>
          <input
            id="lookup-ma"
            name="ma"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="000.00.15.H56-251103-0007"
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor="lookup-k">{t('dos.lookup.keyLabel')}</label>
          <input
            id="lookup-k"
            name="k"
            value={keyInput}
            onChange={(e) => setKeyInput(e.target.value)}
            placeholder="7K2M-9QXD"
            autoComplete="off"
            spellCheck={false}
            maxLength={20}
            aria-describedby="lookup-k-hint"
            className="mono"
          />
          <span id="lookup-k-hint" className="field-hint">
            {t('dos.lookup.keyHint')}
          </span>
        </div>
        <button type="submit" className="btn btn-primary">
          {t('home.lookupButton')}
        </button>
      </form>
      {code && res.loading && !d && <Loading />}
      {code && res.error != null && (
        <Notice kind="error">
          {status === 404
            ? t('dos.lookup.notFound', { code })
            : errorCode === 'invalid_lookup_key'
              ? t('dos.lookup.badKey')
              : status === 400 || (status === null && !DOSSIER_CODE.test(code))
                ? t('dos.lookup.badCode')
                : errorText(res.error, t)}
        </Notice>
      )}
      {d && !res.error && (
        <section className="card dos-lookup-result" data-testid="lookup-result" aria-labelledby="lookup-code">
          <div className="dos-head-top">
            <div>
              <p className="dos-head-label">{t('dos.field.code')}</p>
              <h2 id="lookup-code" className="dos-head-code mono">
                {d.code}
              </h2>
            </div>
            <span data-testid="lookup-status">
              <Badge kind={statusKind(d.status.code)}>{statusName(t, d.status.code, d.status.name)}</Badge>
            </span>
          </div>
          {!d.detailed && <Notice kind={d.keyRejected ? 'error' : 'info'}>{d.keyRejected ? t('dos.lookup.keyRejected') : t('dos.lookup.statusOnly')}</Notice>}
          {d.detailed && (
            <>
              <dl className="dos-dl">
                <div>
                  <dt>{t('dos.field.procedure')}</dt>
                  <dd>{d.procedureName}</dd>
                </div>
                <div>
                  <dt>{t('dos.detail.receivingAgency')}</dt>
                  <dd>{d.receivingAgency}</dd>
                </div>
                <div>
                  <dt>{t('dos.field.applicant')}</dt>
                  <dd>{d.applicantName}</dd>
                </div>
                {d.submittedAt && (
                  <div>
                    <dt>{t('dos.lookup.submitted')}</dt>
                    <dd>{formatMinute(d.submittedAt)}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('dos.field.received')}</dt>
                  <dd>{d.receivedAt ? formatMinute(d.receivedAt) : '—'}</dd>
                </div>
                <div>
                  <dt>{t('dos.field.appointment')}</dt>
                  <dd>
                    <Appointment iso={d.appointment} />
                    {d.originalAppointment && d.appointment && d.originalAppointment !== d.appointment && (
                      <span className="sub">{t('dos.lookup.originalAppointment', { at: formatMinute(d.originalAppointment) })}</span>
                    )}
                  </dd>
                </div>
                {d.returnedAt && (
                  <div>
                    <dt>{t('dos.lookup.returned')}</dt>
                    <dd>{formatMinute(d.returnedAt)}</dd>
                  </div>
                )}
                {d.outcome && (
                  <div data-testid="lookup-outcome">
                    <dt>{d.outcome.text}</dt>
                    <dd>{t('dos.lookup.outcomeReason', { reason: d.outcome.reason })}</dd>
                  </div>
                )}
              </dl>
              <h3>{t('dos.detail.timeline')}</h3>
              <ol className="dos-timeline">
                {d.steps.map((s, i) => (
                  <li key={i} className="dos-tl-item">
                    <div className="dos-tl-when">{formatMinute(s.at)}</div>
                    <div className="dos-tl-what">
                      <strong>{s.name}</strong>
                      <span className="sub">{[s.agency, s.status].filter(Boolean).join(' · ')}</span>
                    </div>
                  </li>
                ))}
              </ol>
            </>
          )}
          <p className="muted small">{t('dos.lookup.privacy')}</p>
        </section>
      )}
      <SignatureCheckCard />
      {/* Reform module (SIPAS): a returned dossier invites an anonymous survey of the receiving agency; the link carries no dossier data. */}
      {d && !res.error && d.detailed && d.status.code === 10 && <SipasAfterReturnPrompt agencyName={d.receivingAgency} />}
    </div>
  );
}

/** The SHA-256 a result's QR code carries (/tra-cuu?kq=…). */
const RESULT_HASH = /^[0-9a-f]{64}$/;

/** What a result's QR code opens: whether the system issued it, and the verdict of its digital signatures. */
function ResultCheckCard({ sha256 }: { sha256: string }) {
  const { t } = useI18n();
  const res = useLoader(`result-check:${sha256}`, (signal) => dossiersApi.resultCheck(sha256, signal));
  const r = res.data;
  return (
    <section className="card dos-resultcheck" aria-labelledby="resultcheck-title" data-testid="result-check">
      <h2 id="resultcheck-title">{t('dos.resultcheck.title')}</h2>
      {res.loading && !r && <Loading />}
      {res.error != null && <Notice kind="error">{errorText(res.error, t)}</Notice>}
      {r && !r.valid && <Notice kind="error">{t('dos.resultcheck.unknown')}</Notice>}
      {r && r.valid && (
        <>
          <p>{t('dos.resultcheck.valid', { code: r.dossierCode ?? '', file: r.fileName ?? '', date: formatMinute(r.issuedAt) })}</p>
          <div data-testid="result-check-verdict">
            {r.digitalSignature ? (
              <Notice kind={r.digitalSignature.status === 'valid' ? 'success' : r.digitalSignature.status === 'none' ? 'info' : 'error'}>
                {r.digitalSignature.verdict}
              </Notice>
            ) : (
              <Notice kind="info">{t('dos.resultcheck.noSignature')}</Notice>
            )}
          </div>
          {r.sha256 && (
            <p className="small">
              {t('dos.resultcheck.hash')}: <code className="mono dos-hash">{r.sha256}</code>
            </p>
          )}
          <p className="muted small">{t('dos.resultcheck.compare')}</p>
        </>
      )}
    </section>
  );
}

/** Anyone checks the digital signatures of a result or document PDF (issue 19): the same verdict officers see. */
function SignatureCheckCard() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  // A check changes nothing: the attempt's key goes unused.
  const { busy, run: attempt, error } = useSubmit();
  const [result, setResult] = useState<SignatureCheck | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || busy) return;
    setResult(null);
    await attempt(async () => setResult(await dossiersApi.verifySignatures(file)));
  };
  return (
    <section className="card dos-sigcheck" aria-labelledby="sigcheck-title" data-testid="signature-check">
      <h2 id="sigcheck-title">{t('dos.sigcheck.title')}</h2>
      <p className="muted small">{t('dos.sigcheck.intro')}</p>
      <form className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="sigcheck-file">{t('dos.sigcheck.file')}</label>
          <input id="sigcheck-file" type="file" accept=".pdf,application/pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={!file || busy}>
          {busy ? t('dos.sigcheck.checking') : t('dos.sigcheck.check')}
        </button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {result && (
        <div data-testid="signature-verdict">
          <Notice kind={result.status === 'valid' ? 'success' : result.status === 'none' ? 'info' : 'error'}>{result.verdict}</Notice>
          {result.signatures.length > 1 && (
            <ol className="dos-sig-list">
              {result.signatures.map((s) => (
                <li key={s.index}>{s.verdict}</li>
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}
