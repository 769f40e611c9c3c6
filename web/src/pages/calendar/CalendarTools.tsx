import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/vi';
import { useLoader, useSubmit } from '../../hooks';
import { LoadError, Loading, Notice } from '../../components/ui';
import { calendarApi, WORK_UNITS, type DeadlineResult, type WorkUnit } from './calendarApi';
import {
  GRID_WEEKDAYS,
  MAX_PERIODS,
  dailyMinutes,
  localToVnIso,
  officeHoursBody,
  periodRows,
  provinceDefault,
  validAmount,
  validateOfficeHours,
  vnLocalNow,
  vnParts,
  type OfficeHoursErrors,
  type PeriodRow,
} from './calendarRules';

/** The province's default office hours (agencyId null): periods, working weekdays, Saturday-morning reception. */
export function OfficeHoursForm() {
  const { t } = useI18n();
  const loaded = useLoader('cal-office-hours', (s) => calendarApi.officeHours(s));
  const [rows, setRows] = useState<PeriodRow[] | null>(null);
  const [weekdays, setWeekdays] = useState<number[]>([]);
  const [saturday, setSaturday] = useState(false);
  const [errors, setErrors] = useState<OfficeHoursErrors | null>(null);
  const { busy: saving, run: attempt, message: result, setMessage: setResult } = useSubmit();

  useEffect(() => {
    if (!loaded.data) return;
    const d = provinceDefault(loaded.data.items);
    setRows(periodRows(d.periods));
    setWeekdays(d.weekdays);
    setSaturday(d.saturdayMorningReception);
  }, [loaded.data]);

  const own = loaded.data ? loaded.data.items.filter((o) => o.agencyId !== null).length : 0;
  const setRow = (i: number, k: keyof PeriodRow, v: string) => {
    if (!rows) return;
    const next = rows.map((r, j) => (j === i ? { ...r, [k]: v } : r));
    setRows(next);
    if (errors) setErrors(validateOfficeHours(next, weekdays));
  };
  const toggleWeekday = (wd: number, on: boolean) => {
    const next = on ? [...weekdays, wd] : weekdays.filter((w) => w !== wd);
    setWeekdays(next);
    if (errors && rows) setErrors(validateOfficeHours(rows, next));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!rows) return;
    const v = validateOfficeHours(rows, weekdays);
    setErrors(v);
    setResult(null);
    if (v.periods || v.weekdays) return;
    await attempt(async () => {
      await calendarApi.putOfficeHours(officeHoursBody(rows, weekdays, saturday));
      setResult({ kind: 'success', text: t('cal.hours.saved') });
      loaded.reload();
    });
  };

  const minutes = rows ? dailyMinutes(rows) : 0;
  return (
    <section className="card cal-hours" aria-labelledby="cal-hours-h" data-testid="office-hours">
      <h2 id="cal-hours-h">{t('cal.hours.title')}</h2>
      <p className="field-hint">{t('cal.hours.intro')}</p>
      {loaded.error != null && <LoadError error={loaded.error} onRetry={loaded.reload} />}
      {!rows && loaded.error == null && <Loading />}
      {rows && (
        <form onSubmit={submit} noValidate>
          <fieldset
            className={errors?.periods ? 'cal-periods field-invalid' : 'cal-periods'}
            aria-describedby={errors?.periods ? 'cal-periods-error' : undefined}
          >
            <legend>{t('cal.hours.periods')}</legend>
            {rows.map((r, i) => (
              <div className="cal-period" key={i}>
                <span className="cal-period-label">{t('cal.hours.period', { n: i + 1 })}</span>
                <label className="visually-hidden" htmlFor={`cal-p${i}-start`}>
                  {t('cal.hours.start', { n: i + 1 })}
                </label>
                <input id={`cal-p${i}-start`} type="time" value={r.start} onChange={(e) => setRow(i, 'start', e.target.value)} />
                <span aria-hidden="true">–</span>
                <label className="visually-hidden" htmlFor={`cal-p${i}-end`}>
                  {t('cal.hours.end', { n: i + 1 })}
                </label>
                <input id={`cal-p${i}-end`} type="time" value={r.end} onChange={(e) => setRow(i, 'end', e.target.value)} />
                {rows.length > 1 && (
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => setRows(rows.filter((_, j) => j !== i))}
                    aria-label={t('cal.hours.removePeriod', { n: i + 1 })}
                  >
                    {t('cal.editor.remove')}
                  </button>
                )}
              </div>
            ))}
            {rows.length < MAX_PERIODS && (
              <button type="button" className="btn btn-link" onClick={() => setRows([...rows, { start: '', end: '' }])}>
                + {t('cal.hours.addPeriod')}
              </button>
            )}
            {errors?.periods && (
              <p className="field-error" id="cal-periods-error">
                {t(errors.periods)}
              </p>
            )}
            <p className="field-hint">
              {t('cal.hours.daily', { hours: t('cal.hours.hm', { h: Math.floor(minutes / 60), m: minutes % 60 }) })}
              {minutes !== 480 && minutes > 0 && <> {t('cal.hours.notEight')}</>}
            </p>
          </fieldset>
          <fieldset className={errors?.weekdays ? 'checkbox-group cal-weekdays field-invalid' : 'checkbox-group cal-weekdays'}>
            <legend>{t('cal.hours.weekdays')}</legend>
            {GRID_WEEKDAYS.map((wd) => (
              <div className="field-check" key={wd}>
                <input id={`cal-wd-${wd}`} type="checkbox" checked={weekdays.includes(wd)} onChange={(e) => toggleWeekday(wd, e.target.checked)} />
                <label htmlFor={`cal-wd-${wd}`}>{t(`cal.wd.${wd}` as MessageKey)}</label>
              </div>
            ))}
            {errors?.weekdays && <p className="field-error">{t(errors.weekdays)}</p>}
          </fieldset>
          <div className="field-check">
            <input id="cal-saturday" type="checkbox" checked={saturday} onChange={(e) => setSaturday(e.target.checked)} aria-describedby="cal-saturday-hint" />
            <label htmlFor="cal-saturday">{t('cal.hours.saturday')}</label>
          </div>
          <p className="field-hint" id="cal-saturday-hint">
            {t('cal.hours.saturdayHint')}
          </p>
          {own > 0 && <p className="field-hint">{t('cal.hours.agencies', { count: own })}</p>}
          {result && <Notice kind={result.kind}>{result.text}</Notice>}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={saving}>
              {saving ? t('common.saving') : t('cal.hours.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** "Tính thử hạn xử lý": a receipt moment + an amount and unit → the due moment on the saved calendar. */
export function DeadlineBox() {
  const { t } = useI18n();
  const [from, setFrom] = useState(() => vnLocalNow());
  const [amount, setAmount] = useState('5');
  const [unit, setUnit] = useState<WorkUnit>('working_days');
  const [errors, setErrors] = useState<{ from?: MessageKey; amount?: MessageKey }>({});
  const [result, setResult] = useState<DeadlineResult | null>(null);
  const { busy, run: attempt, error: problem, setError: setProblem } = useSubmit();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const iso = localToVnIso(from);
    const n = validAmount(amount);
    const errs = { from: iso ? undefined : ('cal.err.fromInvalid' as const), amount: n === null ? ('cal.err.amountInvalid' as const) : undefined };
    setErrors(errs);
    setResult(null);
    setProblem(null);
    if (!iso || n === null) return;
    await attempt(async () => {
      setResult(await calendarApi.deadline({ from: iso, amount: n, unit }));
    });
  };

  const due = result ? vnParts(result.dueAt) : null;
  return (
    <section className="card cal-deadline" aria-labelledby="cal-deadline-h" data-testid="deadline-box">
      <h2 id="cal-deadline-h">{t('cal.deadline.title')}</h2>
      <p className="field-hint">{t('cal.deadline.intro')}</p>
      <form onSubmit={submit} noValidate>
        <div className={errors.from ? 'field field-invalid' : 'field'}>
          <label htmlFor="cal-dl-from">{t('cal.deadline.from')}</label>
          <input id="cal-dl-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={errors.from ? true : undefined} />
          {errors.from && <p className="field-error">{t(errors.from)}</p>}
        </div>
        <div className="cal-dl-row">
          <div className={errors.amount ? 'field field-invalid' : 'field'}>
            <label htmlFor="cal-dl-amount">{t('cal.deadline.amount')}</label>
            <input
              id="cal-dl-amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              aria-invalid={errors.amount ? true : undefined}
            />
            {errors.amount && <p className="field-error">{t(errors.amount)}</p>}
          </div>
          <div className="field">
            <label htmlFor="cal-dl-unit">{t('cal.deadline.unit')}</label>
            <select id="cal-dl-unit" value={unit} onChange={(e) => setUnit(e.target.value as WorkUnit)}>
              {WORK_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`cal.unit.${u}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('cal.deadline.submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite" data-testid="deadline-result">
        {result && due && (
          <div className="notice notice-info">
            <p className="cal-due">{t('cal.deadline.due', { time: due.time, weekday: t(`cal.wd.${due.weekday}` as MessageKey), date: due.date })}</p>
            <p className="small">{t('cal.deadline.remaining', { text: result.remaining })}</p>
          </div>
        )}
        {problem && <Notice kind="error">{problem}</Notice>}
      </div>
    </section>
  );
}
