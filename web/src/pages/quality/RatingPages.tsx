import { useEffect, useState } from 'react';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { useSubmit } from '../../hooks';
import { LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { qualityApi, type RatingForm } from './qualityApi';

/** The five levels, best first (5 = rất hài lòng … 1 = rất không hài lòng). */
const LEVELS = [5, 4, 3, 2, 1] as const;
/** Criteria asked besides the overall answer (optional); the rest of the 2018 list stays on the account page. */
const EXTRA = ['total_time', 'attitude', 'visits'] as const;

function LevelChoice({
  name,
  label,
  value,
  onChange,
  big,
}: {
  name: string;
  label: string;
  value: number | undefined;
  onChange: (v: number) => void;
  big?: boolean;
}) {
  const { t } = useI18n();
  return (
    <fieldset className={`rate-levels${big ? ' rate-big' : ''}`}>
      <legend>{label}</legend>
      {LEVELS.map((l) => (
        <label key={l} className={`rate-level rate-l${l}`}>
          <input type="radio" name={name} value={l} checked={value === l} onChange={() => onChange(l)} />
          <span>{t(`rate.level.${l}` as 'rate.level.5')}</span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The rating form of a signed token (issue 18 §1, QĐ 766 indicator 5.4). After sending, nothing of
 * the choice stays on the screen: on the counter screen the officer gets the tablet back and sees
 * only "thank you".
 */
function RatingFormView({ token, counter, onDone }: { token: string; counter: boolean; onDone?: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<RatingForm | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, run: attempt, error: sendError, setError: setSendError } = useSubmit();
  useEffect(() => {
    qualityApi.ratingForm(token).then(setForm, setError);
  }, [token]);
  if (error) return <LoadError error={error} />;
  if (!form) return <Loading />;
  if (sent) {
    return (
      <div className="rate-thanks" data-testid="rate-thanks">
        <p className="rate-thanks-big">{t('rate.thanks')}</p>
        <p>{t('rate.thanksNote', { code: form.dossier.code })}</p>
        {counter && onDone && (
          <button type="button" className="btn" onClick={onDone}>
            {t('rate.backToOfficer')}
          </button>
        )}
      </div>
    );
  }
  const send = async () => {
    await attempt(
      async () => {
        await qualityApi.rate(token, { answers, comment: comment.trim() || null });
        // Forget the choice before showing anything else.
        setAnswers({});
        setComment('');
        setSent(true);
      },
      (e) => {
        setSendError(e instanceof ApiError ? e.message : t('rate.sendFailed'));
        return true;
      },
    );
  };
  const name = (key: string) => form.criteria.find((c) => c.key === key)?.name ?? key;
  return (
    <div className="rate-form">
      <p className="rate-dossier">
        <strong>{form.dossier.code}</strong> — {form.dossier.procedureName}
        {form.dossier.agencyName ? ` (${form.dossier.agencyName})` : ''}
      </p>
      {!form.canRate ? (
        <Notice kind="info">{form.reason ?? t('rate.cannot')}</Notice>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <LevelChoice name="overall" label={name('overall')} big value={answers.overall} onChange={(v) => setAnswers({ ...answers, overall: v })} />
          {!counter &&
            EXTRA.map((k) => (
              <LevelChoice
                key={k}
                name={k}
                label={`${name(k)} ${t('rate.optional')}`}
                value={answers[k]}
                onChange={(v) => setAnswers({ ...answers, [k]: v })}
              />
            ))}
          {!counter && (
            <label className="rate-comment">
              {t('rate.comment')}
              <textarea maxLength={2000} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
          )}
          {sendError && <Notice kind="error">{sendError}</Notice>}
          <p className="q-muted q-small">{t('rate.privacy')}</p>
          <button type="submit" className="btn btn-primary rate-send" disabled={busy || answers.overall === undefined}>
            {t('rate.send')}
          </button>
        </form>
      )}
    </div>
  );
}

/** /danh-gia/:token — the link/QR printed on the receipt: no account, once per dossier. */
export function PublicRatingPage({ token }: { token: string }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('rate.title')} intro={t('rate.intro')} />
      <RatingFormView token={token} counter={false} />
    </>
  );
}

/**
 * /danh-gia-tai-quay/:dossierId — the counter screen: the officer opens it and hands the tablet over
 * (or turns the screen); the applicant chooses; the screen then shows only "thank you".
 */
export function CounterRatingPage({ dossierId }: { dossierId: string }) {
  const { t } = useI18n();
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    qualityApi.counterToken(dossierId).then((r) => setToken(r.token), setError);
  }, [dossierId]);
  if (done) {
    return (
      <>
        <PageHeader title={t('rate.counterTitle')} />
        <Notice kind="success">{t('rate.counterDone')}</Notice>
        <button type="button" className="btn" onClick={() => history.back()}>
          {t('rate.backToDossier')}
        </button>
      </>
    );
  }
  return (
    <div className="rate-counter">
      <PageHeader title={t('rate.counterTitle')} intro={t('rate.counterIntro')} />
      {error ? <LoadError error={error} /> : !token ? <Loading /> : <RatingFormView token={token} counter onDone={() => setDone(true)} />}
    </div>
  );
}
