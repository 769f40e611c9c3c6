import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../hooks';
import { useI18n, type Lang } from '../../i18n';
import { Badge, Notice } from '../../components/ui';
import { foApi, WEEKDAYS, type CentreHours, type Weekday, type Weekly } from './foApi';
import { foText } from './texts';

const dayPeriods = (lang: Lang, ps: { start: string; end: string }[]): string =>
  ps.length === 0
    ? foText(lang, 'hoursClosedDay')
    : ps.length === 1 && ps[0].start === '00:00' && ps[0].end === '24:00'
      ? foText(lang, 'hoursAllDay')
      : ps.map((p) => `${p.start}–${p.end}`).join(', ');

/**
 * A centre's reception hours as a citizen reads them (kiosk, booking page): one line per weekday,
 * consecutive days with the same hours grouped ("Thứ Hai – Thứ Sáu: 07:30–11:30, 13:30–17:00").
 */
export function HoursList({ hours, lang, className }: { hours: CentreHours; lang: Lang; className?: string }) {
  const groups: { from: Weekday; to: Weekday; text: string }[] = [];
  for (const d of WEEKDAYS) {
    const text = dayPeriods(lang, hours.weekly[d]);
    const last = groups[groups.length - 1];
    if (last && last.text === text) last.to = d;
    else groups.push({ from: d, to: d, text });
  }
  const day = (d: Weekday) => foText(lang, `day_${d}`);
  return (
    <section className={`fo-hours ${className ?? ''}`} aria-label={foText(lang, 'hoursTitle')} data-testid="fo-hours">
      <h2>{foText(lang, 'hoursTitle')}</h2>
      <dl>
        {groups.map((g) => (
          <div key={g.from}>
            <dt>{g.from === g.to ? day(g.from) : `${day(g.from)} – ${day(g.to)}`}</dt>
            <dd>{g.text}</dd>
          </div>
        ))}
      </dl>
      <p className="fo-muted">
        {hours.source === 'calendar' ? foText(lang, 'hoursCalendar') : foText(lang, hours.servesOnHolidays ? 'hoursHolidaysOpen' : 'hoursHolidaysClosed')}
      </p>
    </section>
  );
}

/** The booking page's hours of the chosen centre (public API). */
export function CentreHoursOf({ agencyId }: { agencyId: string }) {
  const { lang } = useI18n();
  const [hours, setHours] = useState<CentreHours | null>(null);
  useEffect(() => {
    if (!agencyId) return;
    foApi
      .hours(agencyId)
      .then(setHours)
      .catch(() => setHours(null));
  }, [agencyId]);
  return hours ? <HoursList hours={hours} lang={lang} className="card" /> : null;
}

const ALL_WEEK: Weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '00:00', end: '24:00' }]])) as Weekly;

/** The administrator's editor of a centre's weekly reception hours (admin screen). */
export function CentreHoursEditor({ agencyId }: { agencyId: string }) {
  const { lang, t } = useI18n();
  const f = (k: Parameters<typeof foText>[1], p?: Record<string, string | number>) => foText(lang, k, p);
  const [hours, setHours] = useState<CentreHours | null>(null);
  const [weekly, setWeekly] = useState<Weekly | null>(null);
  const [holidays, setHolidays] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const show = (h: CentreHours) => {
    setHours(h);
    setWeekly(h.weekly);
    setHolidays(h.servesOnHolidays);
  };
  useEffect(() => {
    if (!agencyId) return;
    setSaved(false);
    setError(null);
    foApi
      .hours(agencyId)
      .then(show)
      .catch((e) => setError(errorText(e, t)));
  }, [agencyId, t]);
  if (!hours || !weekly) return error ? <Notice kind="error">{error}</Notice> : null;

  const change = (d: Weekday, i: number, key: 'start' | 'end', v: string) =>
    setWeekly({ ...weekly, [d]: weekly[d].map((p, j) => (j === i ? { ...p, [key]: v } : p)) });
  const add = (d: Weekday) => {
    const last = weekly[d][weekly[d].length - 1];
    setWeekly({ ...weekly, [d]: [...weekly[d], last ? { start: last.end === '24:00' ? '23:00' : last.end, end: '24:00' } : { start: '07:30', end: '11:30' }] });
  };
  const remove = (d: Weekday, i: number) => setWeekly({ ...weekly, [d]: weekly[d].filter((_, j) => j !== i) });
  const run = async (p: Promise<CentreHours>) => {
    setSaved(false);
    try {
      show(await p);
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(foApi.setHours(agencyId, { weekly, servesOnHolidays: holidays, version: hours.version }));
  };
  return (
    <section className="card fo-hours-edit" aria-labelledby="fo-hours-title">
      <h2 id="fo-hours-title">{f('hoursTitle')}</h2>
      <p className="fo-muted">{f('hoursEditIntro')}</p>
      <p>{hours.source === 'centre' ? <Badge kind="success">{f('hoursSourceCentre')}</Badge> : <Badge>{f('hoursSourceCalendar')}</Badge>}</p>
      <form onSubmit={submit} data-testid="fo-hours-form">
        <table className="table fo-hours-table">
          <tbody>
            {WEEKDAYS.map((d) => (
              <tr key={d}>
                <th scope="row">{f(`day_${d}`)}</th>
                <td>
                  {weekly[d].length === 0 && <span className="fo-muted">{f('hoursClosedDay')}</span>}
                  {weekly[d].map((p, i) => (
                    <span className="fo-hours-period" key={i}>
                      <input
                        type="text"
                        inputMode="numeric"
                        pattern="\d{2}:\d{2}"
                        size={5}
                        value={p.start}
                        onChange={(e) => change(d, i, 'start', e.target.value)}
                        aria-label={`${f(`day_${d}`)} — ${f('hoursStart')} ${i + 1}`}
                        required
                      />
                      –
                      <input
                        type="text"
                        inputMode="numeric"
                        pattern="\d{2}:\d{2}"
                        size={5}
                        value={p.end}
                        onChange={(e) => change(d, i, 'end', e.target.value)}
                        aria-label={`${f(`day_${d}`)} — ${f('hoursEnd')} ${i + 1}`}
                        required
                      />
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        onClick={() => remove(d, i)}
                        aria-label={f('hoursRemove', { from: p.start, to: p.end, day: f(`day_${d}`) })}
                      >
                        ×
                      </button>
                    </span>
                  ))}
                </td>
                <td>
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => add(d)} aria-label={`${f('hoursAdd')} — ${f(`day_${d}`)}`}>
                    + {f('hoursAdd')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <label className="fo-check">
          <input type="checkbox" checked={holidays} onChange={(e) => setHolidays(e.target.checked)} /> {f('hoursServesHolidays')}
        </label>
        <div className="fo-hours-actions">
          <button type="submit" className="btn btn-primary" data-testid="fo-hours-save">
            {f('hoursSave')}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setWeekly(ALL_WEEK);
              setHolidays(true);
            }}
          >
            {f('hoursAllWeek')}
          </button>
          {hours.source === 'centre' && (
            <button type="button" className="btn btn-secondary" onClick={() => void run(foApi.resetHours(agencyId))}>
              {f('hoursReset')}
            </button>
          )}
        </div>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {saved && !error && <Notice kind="success">{f('hoursSaved')}</Notice>}
    </section>
  );
}
