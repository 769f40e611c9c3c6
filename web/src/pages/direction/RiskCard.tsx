import { useI18n } from '../../i18n';
import { useLoader } from '../../hooks';
import { Badge } from '../../components/ui';
import { directionApi } from './directionApi';
import './direction.css';

/** GET /api/v1/direction/risk/dossiers/{id} (src/modules/direction/direction.schemas.ts `Risk`). */
export interface DossierRisk {
  dossierId: string;
  probability: number | null;
  samples: number;
  flagged: boolean;
  reason: string;
  dueAt: string;
  computedAt: string;
  step: number | null;
  stepName: string | null;
  typicalRemainingDays: number | null;
  steps: { index: number; name: string; typicalDays: number | null; samples: number; current: boolean }[];
}

/**
 * The late-risk estimate of an open dossier on its detail page (staff): the probability, why, and
 * the typical duration of each step still ahead, learnt from finished dossiers of the same procedure.
 * Nothing is shown when there is no estimate (a closed dossier, no appointment, no access).
 */
export function RiskCard({ dossierId, version }: { dossierId: string; version: number }) {
  const { t, lang } = useI18n();
  const risk = useLoader(`risk:${dossierId}:${version}`, (signal) => directionApi.risk(dossierId, signal).catch((): DossierRisk | null => null));
  const r = risk.data;
  if (!r) return null;
  const days = (x: number) => x.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  const pct = r.probability === null ? null : Math.round(r.probability * 100);
  return (
    <section className="card direction-risk" aria-labelledby="dos-risk-title" data-testid="dossier-risk">
      <h2 id="dos-risk-title">{t('risk.title')}</h2>
      <p className="direction-risk-head">
        {pct === null ? (
          <Badge kind="neutral">{t('risk.noEstimate')}</Badge>
        ) : (
          <>
            <span className="direction-risk-pct" data-testid="risk-probability">
              {t('risk.probability', { pct })}
            </span>{' '}
            <Badge kind={r.flagged ? 'danger' : 'success'}>{r.flagged ? t('risk.flagged') : t('risk.notFlagged')}</Badge>
          </>
        )}
      </p>
      <p data-testid="risk-reason">{r.reason}</p>
      {r.steps.length > 0 && (
        <div className="table-wrap">
          <table className="direction-risk-steps" data-testid="risk-steps">
            <caption>{t('risk.stepsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('risk.step')}</th>
                <th scope="col">{t('risk.typical')}</th>
                <th scope="col">{t('risk.samples')}</th>
              </tr>
            </thead>
            <tbody>
              {r.steps.map((s) => (
                <tr key={s.index} className={s.current ? 'current' : undefined}>
                  <th scope="row">
                    {s.index + 1}. {s.name}
                    {s.current && <span className="sub"> ({t('risk.current')})</span>}
                  </th>
                  <td>{s.typicalDays === null ? t('risk.noHistory') : t('risk.days', { n: days(s.typicalDays) })}</td>
                  <td>{s.samples}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="direction-note">{t('risk.note', { n: r.samples })}</p>
    </section>
  );
}
