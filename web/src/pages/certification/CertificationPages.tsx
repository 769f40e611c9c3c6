import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { useLoader, useSubmit, useTitle } from '../../hooks';
import { formatDateTime } from '../../format';
import { Field, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { certificationApi, formatVnd, type CertifiedCopy } from './certificationApi';

/**
 * The counter screen for certified electronic copies from originals (issue 19 §4): the officer
 * photographs or scans the original (a tablet's camera works), states the comparison, and gets
 * the signed copy with its register number, fee and verification link; the book of the year below.
 */
export function CertificationCounterPage() {
  const { t } = useI18n();
  useTitle(t('cert.title'));
  const [title, setTitle] = useState('');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [copies, setCopies] = useState('1');
  const [compared, setCompared] = useState(false);
  const [pages, setPages] = useState<File[]>([]);
  const [inputKey, setInputKey] = useState(0);
  const { busy, run: attempt, error, setError } = useSubmit();
  const [done, setDone] = useState<CertifiedCopy | null>(null);
  const book = useLoader('cert-book', (signal) => certificationApi.book(signal));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!pages.length) {
      setError(t('cert.err.pages'));
      return;
    }
    setDone(null);
    await attempt(async () => {
      const r = await certificationApi.certify({
        documentTitle: title,
        requesterName: name,
        requesterIdNumber: idNumber,
        copies: Number(copies),
        comparedWithOriginal: compared,
        pages,
      });
      setDone(r);
      setTitle('');
      setPages([]);
      setCompared(false);
      setInputKey((n) => n + 1);
      book.reload();
    });
  };

  return (
    <div className="cert-page">
      <PageHeader title={t('cert.title')} intro={t('cert.intro')} />
      <section className="card" aria-labelledby="cert-form-title">
        <h2 id="cert-form-title">{t('cert.form')}</h2>
        {error && <Notice kind="error">{error}</Notice>}
        <form onSubmit={submit} className="cert-form">
          <Field id="cert-doc" label={t('cert.documentTitle')} required hint={t('cert.documentTitle.hint')}>
            <input
              id="cert-doc"
              aria-describedby="cert-doc-hint"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              required
              minLength={3}
              maxLength={300}
            />
          </Field>
          <div className="cert-row">
            <Field id="cert-name" label={t('cert.requesterName')} required>
              <input id="cert-name" value={name} onChange={(e) => setName(e.target.value)} required minLength={2} maxLength={200} autoComplete="off" />
            </Field>
            <Field id="cert-pid" label={t('cert.requesterIdNumber')} required hint={t('cert.requesterIdNumber.hint')}>
              <input
                id="cert-pid"
                aria-describedby="cert-pid-hint"
                value={idNumber}
                onChange={(e) => setIdNumber(e.target.value.replace(/\D/g, '').slice(0, 12))}
                required
                inputMode="numeric"
                pattern="\d{12}"
                autoComplete="off"
              />
            </Field>
            <Field id="cert-copies" label={t('cert.copies')} required>
              <input
                id="cert-copies"
                value={copies}
                onChange={(e) => setCopies(e.target.value.replace(/\D/g, '').slice(0, 3))}
                required
                inputMode="numeric"
                pattern="[0-9]{1,3}"
              />
            </Field>
          </div>
          <Field id="cert-pages" label={t('cert.pages')} required hint={t('cert.pages.hint')}>
            <input
              key={inputKey}
              id="cert-pages"
              aria-describedby="cert-pages-hint"
              type="file"
              multiple
              accept="image/jpeg,image/png"
              capture="environment"
              onChange={(e) => setPages([...(e.target.files ?? [])])}
            />
          </Field>
          {pages.length > 0 && <p className="field-hint">{t('cert.pagesChosen', { n: pages.length })}</p>}
          <label className="dos-check">
            <input type="checkbox" checked={compared} onChange={(e) => setCompared(e.target.checked)} /> {t('cert.compared')}
          </label>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('cert.signing') : t('cert.submit')}
            </button>
          </div>
        </form>
      </section>
      {done && (
        <section className="card cert-done" aria-labelledby="cert-done-title">
          <h2 id="cert-done-title">{t('cert.done')}</h2>
          <dl className="cert-facts">
            <dt>{t('cert.register')}</dt>
            <dd>{t('cert.registerValue', { no: done.registerNo, book: done.book })}</dd>
            <dt>{t('cert.fee')}</dt>
            <dd>
              {formatVnd(done.feeVnd)} <span className="muted">({done.feeBasis})</span>
            </dd>
            <dt>{t('cert.signature')}</dt>
            <dd>{done.signatureVerdict}</dd>
            <dt>{t('cert.warehouse')}</dt>
            <dd>{done.inWarehouse ? t('cert.warehouse.yes') : t('cert.warehouse.no')}</dd>
            <dt>{t('cert.verify')}</dt>
            <dd>
              <a href={done.verificationUrl}>{done.verificationUrl}</a>
            </dd>
          </dl>
          <a className="btn btn-secondary" href={certificationApi.fileUrl(done.id)} target="_blank" rel="noreferrer">
            {t('cert.download')}
          </a>
        </section>
      )}
      <section className="card" aria-labelledby="cert-book-title">
        <h2 id="cert-book-title">{t('cert.book')}</h2>
        {book.error ? (
          <LoadError error={book.error} onRetry={book.reload} />
        ) : !book.data ? (
          <Loading />
        ) : book.data.items.length === 0 ? (
          <p className="muted">{t('cert.book.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">{t('cert.book')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cert.col.no')}</th>
                  <th scope="col">{t('cert.col.at')}</th>
                  <th scope="col">{t('cert.col.document')}</th>
                  <th scope="col">{t('cert.col.requester')}</th>
                  <th scope="col">{t('cert.col.fee')}</th>
                </tr>
              </thead>
              <tbody>
                {book.data.items.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.registerNo}/{c.year}
                    </td>
                    <td>{formatDateTime(c.certifiedAt)}</td>
                    <td>
                      <a href={certificationApi.fileUrl(c.id)} target="_blank" rel="noreferrer">
                        {c.documentTitle}
                      </a>{' '}
                      <span className="muted">({t('cert.pagesCount', { n: c.pages })})</span>
                    </td>
                    <td>{c.requesterName}</td>
                    <td>{formatVnd(c.feeVnd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** The public check a QR code on the copy opens: what the copy states, no personal data. */
export function CertifiedCopyCheckPage({ id }: { id: string }) {
  const { t } = useI18n();
  useTitle(t('cert.check.title'));
  const r = useLoader(`cert-check-${id}`, (signal) => certificationApi.check(id, signal));
  return (
    <div className="cert-page">
      <PageHeader title={t('cert.check.title')} intro={t('cert.check.intro')} />
      {r.error ? (
        <LoadError error={r.error} onRetry={r.reload} />
      ) : !r.data ? (
        <Loading />
      ) : !r.data.valid ? (
        <Notice kind="error">{t('cert.check.unknown')}</Notice>
      ) : (
        <section className="card" aria-labelledby="cert-check-ok">
          <h2 id="cert-check-ok">{t('cert.check.ok')}</h2>
          <dl className="cert-facts">
            <dt>{t('cert.col.document')}</dt>
            <dd>
              {r.data.documentTitle} ({t('cert.pagesCount', { n: r.data.pages ?? 0 })})
            </dd>
            <dt>{t('cert.registerEntry')}</dt>
            <dd>{r.data.registerLabel}</dd>
            <dt>{t('cert.check.agency')}</dt>
            <dd>{r.data.agencyName}</dd>
            <dt>{t('cert.col.at')}</dt>
            <dd>{formatDateTime(r.data.certifiedAt)}</dd>
            <dt>{t('cert.signature')}</dt>
            <dd>{r.data.signatureVerdict}</dd>
            <dt>SHA-256</dt>
            <dd className="cert-hash">{r.data.sha256}</dd>
          </dl>
          <p className="field-hint">{t('cert.check.hashHint')}</p>
        </section>
      )}
    </div>
  );
}
