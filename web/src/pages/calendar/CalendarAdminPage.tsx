import './calendar.css';
import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useI18n, type Translate } from '../../i18n';
import type { MessageKey } from '../../i18n/vi';
import { useLoader, useSubmit, useTitle } from '../../hooks';
import { todayInVietnam } from '../../format';
import { useLocation } from '../../router';
import { FormActions, LoadError, Loading, Modal, Notice, PageHeader } from '../../components/ui';
import { DataTable } from '../../components/DataTable';
import { calendarApi, type YearSchedule } from './calendarApi';
import {
  GRID_WEEKDAYS,
  MAX_YEAR,
  MIN_YEAR,
  dayClasses,
  dayInfo,
  dayMarker,
  ddmmyyyy,
  draftFromSchedule,
  hasErrors,
  indexSchedule,
  isoDate,
  monthWeeks,
  parseYear,
  previewSchedule,
  removeDay,
  renameDay,
  sameDraft,
  toggleDay,
  validateDraft,
  weekdayOf,
  yearCounts,
  decisionBody,
  type DayInfo,
  type Draft,
  type DraftErrors,
  type ScheduleIndex,
} from './calendarRules';
import { DeadlineBox, OfficeHoursForm } from './CalendarTools';

const wdName = (t: Translate, wd: number) => t(`cal.wd.${wd}` as MessageKey);

/** Status words of a day for screen readers, tooltips and the detail panel. */
export function dayStatus(info: DayInfo, t: Translate): { title: string; name: string | null; source: string | null } {
  if (info.category === 'workingWeekend') return { title: t('cal.kind.workingWeekend'), name: info.working!.name, source: t('cal.src.decision') };
  if (info.dayOff)
    return { title: t(`cal.kind.${info.dayOff.kind}` as MessageKey), name: info.dayOff.name, source: t(`cal.src.${info.dayOff.source}` as MessageKey) };
  if (info.category === 'weekend')
    return {
      title: t('cal.kind.weekend'),
      name: info.holidays.length ? t('cal.day.holidayOnWeekend', { name: info.holidays.join('; ') }) : null,
      source: null,
    };
  return { title: t('cal.kind.workday'), name: info.holidays.length ? info.holidays.join('; ') : null, source: null };
}

function dayLabel(info: DayInfo, t: Translate): string {
  const s = dayStatus(info, t);
  const status = [s.title, s.name, s.source && `(${s.source})`].filter(Boolean).join(' — ');
  return t('cal.day.label', { date: ddmmyyyy(info.date), weekday: wdName(t, info.weekday), status });
}

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function CalendarAdminPage() {
  const { t } = useI18n();
  useTitle(t('cal.title'));
  const today = todayInVietnam();
  const thisYear = Number(today.slice(0, 4));
  const { search } = useLocation();
  const [year, setYearState] = useState(() => parseYear(search.get('nam'), thisYear));
  const [yearText, setYearText] = useState(String(year));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [start, setStart] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<DraftErrors | null>(null);
  const { busy: saving, run: attempt, error: saveError, setError: setSaveError } = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [announce, setAnnounce] = useState('');

  const schedule = useLoader(`cal-holidays:${year}`, (s) => calendarApi.holidays(year, s));
  const decisions = useLoader('cal-decisions', (s) => calendarApi.decisions(s));
  const current = schedule.data && schedule.data.year === year ? schedule.data : null;
  const decisionYears = useMemo(() => (decisions.data?.items ?? []).map((d) => d.year).sort((a, b) => a - b), [decisions.data]);
  const hasDecision = decisionYears.includes(year);

  const setYear = (y: number) => {
    if (y < MIN_YEAR || y > MAX_YEAR) return;
    setYearState(y);
    setYearText(String(y));
    setSelected(null);
    setNotice(null);
    // The year is kept in the address (?nam=) without a navigation, so the page neither scrolls nor loses focus.
    const url = new URL(window.location.href);
    url.searchParams.set('nam', String(y));
    window.history.replaceState(window.history.state, '', url.pathname + url.search);
  };

  const shown: YearSchedule | null = current && draft ? previewSchedule(draft, current) : current;
  const idx = useMemo(() => (shown ? indexSchedule(shown) : null), [shown]);
  const currentIdx = useMemo(() => (current ? indexSchedule(current) : null), [current]);

  const startEditing = () => {
    if (!current) return;
    const d = draftFromSchedule(current);
    setDraft(d);
    setStart(d);
    setErrors(null);
    setSaveError(null);
    setNotice(null);
  };
  const stopEditing = () => {
    setDraft(null);
    setStart(null);
    setErrors(null);
    setSaveError(null);
  };
  const cancelEditing = () => {
    if (draft && start && !sameDraft(draft, start) && !window.confirm(t('cal.editor.confirmCancel'))) return;
    stopEditing();
  };
  const update = (next: Draft) => {
    setDraft(next);
    if (errors) setErrors(validateDraft(next));
  };

  const onDay = (date: string) => {
    setSelected(date);
    if (!draft || !currentIdx) return;
    const r = toggleDay(draft, date, currentIdx);
    update(r.draft);
    const key: MessageKey =
      r.change === 'addedDayOff' ? 'cal.editor.addedDayOff' : r.change === 'addedWorkingDay' ? 'cal.editor.addedWorkingDay' : 'cal.editor.removed';
    setAnnounce(t(key, { date: ddmmyyyy(date) }));
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const v = validateDraft(draft);
    setErrors(v);
    setSaveError(null);
    if (hasErrors(v)) return;
    await attempt(async () => {
      await calendarApi.putDecision(draft.year, decisionBody(draft));
      stopEditing();
      setNotice(t('cal.editor.saved', { year: draft.year }));
      schedule.reload();
      decisions.reload();
    });
  };

  const doDelete = async () => {
    await attempt(
      async () => {
        await calendarApi.deleteDecision(year);
        setConfirmDelete(false);
        setNotice(t('cal.delete.done', { year }));
        schedule.reload();
        decisions.reload();
      },
      () => {
        setConfirmDelete(false);
        setNotice(null);
      },
    );
  };

  const counts = current && currentIdx ? yearCounts(year, currentIdx) : null;
  const partial = hasDecision && current ? current.daysOff.some((d) => d.source === 'rule') : false;

  return (
    <div className="admin-page cal-page" data-testid="calendar-admin">
      <PageHeader title={t('cal.title')} intro={t('cal.intro')} />

      <div className="card cal-toolbar">
        <form
          className="cal-yearpicker"
          onSubmit={(e) => {
            e.preventDefault();
            const y = parseYear(yearText, year);
            setYear(y);
          }}
        >
          <button
            type="button"
            className="btn btn-secondary"
            disabled={!!draft || year <= MIN_YEAR}
            onClick={() => setYear(year - 1)}
            aria-label={`${t('cal.prevYear')} ${year - 1}`}
          >
            ‹ <span aria-hidden="true">{year - 1}</span>
          </button>
          <div className="field">
            <label htmlFor="cal-year">{t('cal.year')}</label>
            <input
              id="cal-year"
              inputMode="numeric"
              pattern="\d{4}"
              maxLength={4}
              value={yearText}
              disabled={!!draft}
              onChange={(e) => setYearText(e.target.value.replace(/\D/g, ''))}
              onBlur={() => setYear(parseYear(yearText, year))}
            />
          </div>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={!!draft || year >= MAX_YEAR}
            onClick={() => setYear(year + 1)}
            aria-label={`${t('cal.nextYear')} ${year + 1}`}
          >
            <span aria-hidden="true">{year + 1}</span> ›
          </button>
          {year !== thisYear && (
            <button type="button" className="btn btn-link" disabled={!!draft} onClick={() => setYear(thisYear)}>
              {t('cal.thisYear')}
            </button>
          )}
        </form>
        <p className="cal-decision-years small">
          {decisionYears.length === 0 ? (
            t('cal.noDecisionYears')
          ) : (
            <>
              {t('cal.decisionYears')}{' '}
              {decisionYears.map((y, i) => (
                <span key={y}>
                  {i > 0 && ', '}
                  {y === year ? (
                    <strong aria-current="true">{y}</strong>
                  ) : (
                    <button type="button" className="btn-link cal-yearlink" disabled={!!draft} onClick={() => setYear(y)}>
                      {y}
                    </button>
                  )}
                </span>
              ))}
            </>
          )}
        </p>
      </div>

      {schedule.error != null && <LoadError error={schedule.error} onRetry={schedule.reload} />}
      {!current && schedule.error == null && <Loading />}
      {notice && <Notice kind="success">{notice}</Notice>}
      {!draft && saveError && <Notice kind="error">{saveError}</Notice>}

      {current && idx && shown && (
        <>
          <section className="card cal-status" aria-labelledby="cal-status-h" data-testid="calendar-status">
            <div>
              <h2 id="cal-status-h" className="cal-status-title">
                {hasDecision
                  ? current.decisionNo
                    ? t('cal.basis.decisionNo', { year, no: current.decisionNo })
                    : t('cal.basis.decision', { year })
                  : t('cal.basis.rule', { year })}
              </h2>
              {hasDecision && current.decisionSource && <p className="cal-source">{t('cal.basis.source', { source: current.decisionSource })}</p>}
              {partial && <p className="cal-source">{t('cal.basis.partial')}</p>}
              {counts && <p className="cal-counts">{t('cal.counts', counts)}</p>}
              {year < thisYear && <p className="cal-warn">{t('cal.pastYear', { year })}</p>}
            </div>
            {!draft && (
              <div className="cal-status-actions">
                <button type="button" className="btn btn-primary" onClick={startEditing}>
                  {t('cal.edit')}
                </button>
                {hasDecision && (
                  <button type="button" className="btn btn-danger" onClick={() => setConfirmDelete(true)}>
                    {t('cal.delete')}
                  </button>
                )}
              </div>
            )}
          </section>

          <Legend />

          <div className={draft ? 'cal-layout cal-editing' : 'cal-layout'}>
            <div className="cal-main">
              <YearGrid year={year} idx={idx} today={today} editing={!!draft} selected={selected} onDay={onDay} />
              <p className="visually-hidden" aria-live="polite">
                {announce}
              </p>
              {selected && Number(selected.slice(0, 4)) === year && (
                <DayPanel
                  info={dayInfo(selected, idx)}
                  draft={draft}
                  errors={errors}
                  onRename={(name) => draft && update(renameDay(draft, selected, name))}
                  onClose={() => setSelected(null)}
                />
              )}
            </div>
            {draft && (
              <DecisionEditor
                draft={draft}
                errors={errors}
                saveError={saveError}
                saving={saving}
                onChange={update}
                onSave={save}
                onCancel={cancelEditing}
                onSelect={setSelected}
              />
            )}
          </div>

          <DayList schedule={current} />
        </>
      )}

      <div className="cal-tools">
        <OfficeHoursForm />
        <DeadlineBox />
      </div>

      {confirmDelete && (
        <Modal title={t('cal.delete.title', { year })} onClose={() => setConfirmDelete(false)}>
          <p>{t('cal.delete.text', { year, no: current?.decisionNo ? ` (${current.decisionNo})` : '' })}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-secondary" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" disabled={saving} onClick={() => void doDelete()}>
              {t('cal.delete.confirm')}
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}

function Legend() {
  const { t } = useI18n();
  const items: { cls: string; marker: string; key: MessageKey }[] = [
    { cls: 'cal-day cal-workday', marker: '', key: 'cal.legend.workday' },
    { cls: 'cal-day cal-weekend', marker: '', key: 'cal.legend.weekend' },
    { cls: 'cal-day cal-dayOff cal-kind-holiday cal-src-decision', marker: '★', key: 'cal.legend.holiday' },
    { cls: 'cal-day cal-dayOff cal-kind-compensatory cal-src-decision', marker: 'B', key: 'cal.legend.compensatory' },
    { cls: 'cal-day cal-dayOff cal-kind-swap cal-src-decision', marker: '⇄', key: 'cal.legend.swap' },
    { cls: 'cal-day cal-dayOff cal-kind-other cal-src-decision', marker: '●', key: 'cal.legend.other' },
    { cls: 'cal-day cal-workingWeekend', marker: '⚒', key: 'cal.legend.workingWeekend' },
    { cls: 'cal-day cal-weekend cal-weekend-holiday', marker: '☆', key: 'cal.legend.weekendHoliday' },
    { cls: 'cal-day cal-dayOff cal-kind-holiday cal-src-decision', marker: '', key: 'cal.legend.decision' },
    { cls: 'cal-day cal-dayOff cal-kind-holiday cal-src-rule', marker: '', key: 'cal.legend.rule' },
    { cls: 'cal-day cal-workday cal-today', marker: '', key: 'cal.legend.today' },
  ];
  return (
    <section className="cal-legend" aria-labelledby="cal-legend-h">
      <h2 id="cal-legend-h" className="cal-legend-title">
        {t('cal.legend')}
      </h2>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <span className={`${i.cls} cal-swatch`} aria-hidden="true">
              <span className="cal-num">{i.key === 'cal.legend.today' ? '' : '5'}</span>
              {i.marker && <span className="cal-marker">{i.marker}</span>}
            </span>
            {t(i.key)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Twelve month tables; one day is in the tab order (roving tabindex), arrow keys move by day/week. */
function YearGrid({
  year,
  idx,
  today,
  editing,
  selected,
  onDay,
}: {
  year: number;
  idx: ScheduleIndex;
  today: string;
  editing: boolean;
  selected: string | null;
  onDay: (date: string) => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const first = isoDate(year, 1, 1);
  const fallback = today.startsWith(String(year).padStart(4, '0')) ? today : first;
  const [focusDate, setFocusDate] = useState<string>(selected ?? fallback);
  const focusable = focusDate.slice(0, 4) === String(year).padStart(4, '0') ? focusDate : fallback;

  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    const delta: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    const target = e.target as HTMLElement;
    const date = target.dataset.date;
    if (!date) return;
    let next: string | null = null;
    if (e.key in delta) next = addDays(date, delta[e.key]);
    else if (e.key === 'Home') next = addDays(date, -((weekdayOf(date) + 6) % 7));
    else if (e.key === 'End') next = addDays(date, 6 - ((weekdayOf(date) + 6) % 7));
    else if (e.key === 'PageUp' || e.key === 'PageDown') {
      const m = Number(date.slice(5, 7)) + (e.key === 'PageUp' ? -1 : 1);
      if (m >= 1 && m <= 12) next = isoDate(year, m, Math.min(Number(date.slice(8, 10)), new Date(Date.UTC(year, m, 0)).getUTCDate()));
    }
    if (!next || next.slice(0, 4) !== String(year).padStart(4, '0')) return;
    e.preventDefault();
    setFocusDate(next);
    ref.current?.querySelector<HTMLButtonElement>(`[data-date="${next}"]`)?.focus();
  };

  return (
    <div ref={ref} className="cal-grid" data-testid="calendar-grid" onKeyDown={move}>
      <p className="field-hint cal-grid-hint" id="cal-grid-hint">
        {editing ? t('cal.gridHintEdit') : t('cal.gridHint')}
      </p>
      {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
        <table key={month} className="cal-month" data-month={month}>
          <caption>
            {t('cal.month', { month })}
            <span className="visually-hidden"> {year}</span>
          </caption>
          <thead>
            <tr>
              {GRID_WEEKDAYS.map((wd) => (
                <th key={wd} scope="col" className={wd === 0 || wd === 6 ? 'cal-wkhead' : undefined}>
                  <abbr title={wdName(t, wd)}>{t(`cal.wdShort.${wd}` as MessageKey)}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {monthWeeks(year, month).map((week, w) => (
              <tr key={w}>
                {week.map((date, c) => {
                  if (!date) return <td key={c} />;
                  const info = dayInfo(date, idx);
                  const marker = dayMarker(info);
                  const s = dayStatus(info, t);
                  const tip = s.name ? `${s.name}${s.source ? ` (${s.source})` : ''}` : info.category === 'workday' ? '' : s.title;
                  const cls = [dayClasses(info), date === today ? 'cal-today' : '', date === selected ? 'cal-selected' : ''].filter(Boolean).join(' ');
                  return (
                    <td key={c}>
                      <button
                        type="button"
                        className={cls}
                        data-date={date}
                        data-tip={tip || undefined}
                        data-category={info.category}
                        tabIndex={date === focusable ? 0 : -1}
                        aria-label={`${info.day}${marker ? ` ${marker}` : ''} — ${dayLabel(info, t)}`}
                        aria-describedby="cal-grid-hint"
                        aria-pressed={editing ? info.category === 'dayOff' || info.category === 'workingWeekend' : undefined}
                        aria-current={date === today ? 'date' : undefined}
                        onFocus={() => setFocusDate(date)}
                        onClick={() => onDay(date)}
                      >
                        <span className="cal-num" aria-hidden="true">
                          {info.day}
                        </span>
                        {marker && ' '}
                        {marker && (
                          <span className="cal-marker" aria-hidden="true">
                            {marker}
                          </span>
                        )}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

/** The selected day: what it is (and, while editing, the name field of a day off / working day). */
function DayPanel({
  info,
  draft,
  errors,
  onRename,
  onClose,
}: {
  info: DayInfo;
  draft: Draft | null;
  errors: DraftErrors | null;
  onRename: (name: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const s = dayStatus(info, t);
  const entry = draft ? [...draft.daysOff, ...draft.workingDays].find((e) => e.date === info.date) : undefined;
  const err = errors?.names[info.date];
  return (
    <section className="cal-daypanel card" aria-labelledby="cal-daypanel-h" data-testid="calendar-day">
      <div className="cal-daypanel-head">
        <h2 id="cal-daypanel-h">
          {wdName(t, info.weekday)}, {ddmmyyyy(info.date)}
        </h2>
        <button type="button" className="modal-close" onClick={onClose} aria-label={t('common.close')}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <p className="cal-daypanel-status">
        <span className={`${dayClasses(info)} cal-swatch`} aria-hidden="true">
          <span className="cal-num">{info.day}</span>
          {dayMarker(info) && <span className="cal-marker">{dayMarker(info)}</span>}
        </span>
        <strong>{s.title}</strong>
        {s.source && <span className="muted"> ({s.source})</span>}
      </p>
      {!entry && s.name && <p className="cal-daypanel-name">{s.name}</p>}
      {entry && (
        <div className={err ? 'field field-invalid' : 'field'}>
          <label htmlFor="cal-day-name">{t('cal.editor.nameLabel')}</label>
          <input
            id="cal-day-name"
            value={entry.name}
            maxLength={200}
            aria-invalid={err ? true : undefined}
            aria-describedby={err ? 'cal-day-name-error' : undefined}
            onChange={(e) => onRename(e.target.value)}
          />
          {err && (
            <p className="field-error" id="cal-day-name-error">
              {t(err)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function DecisionEditor({
  draft,
  errors,
  saveError,
  saving,
  onChange,
  onSave,
  onCancel,
  onSelect,
}: {
  draft: Draft;
  errors: DraftErrors | null;
  saveError: string | null;
  saving: boolean;
  onChange: (d: Draft) => void;
  onSave: (e: FormEvent) => void;
  onCancel: () => void;
  onSelect: (date: string) => void;
}) {
  const { t } = useI18n();
  const invalid = errors && hasErrors(errors);
  const list = (kind: 'daysOff' | 'workingDays') => {
    const entries = draft[kind];
    const listErr = errors?.[kind];
    return (
      <fieldset className="cal-entries">
        <legend>{t(kind === 'daysOff' ? 'cal.editor.daysOff' : 'cal.editor.workingDays', { count: entries.length })}</legend>
        {listErr && <p className="field-error">{t(listErr)}</p>}
        {entries.length === 0 && <p className="muted small">{t('cal.editor.none')}</p>}
        <ul>
          {entries.map((e) => {
            const err = errors?.names[e.date];
            const id = `cal-name-${e.date}`;
            return (
              <li key={e.date} className={err ? 'field-invalid' : undefined}>
                <button type="button" className="btn-link cal-entry-date" onClick={() => onSelect(e.date)}>
                  {t(`cal.wdShort.${weekdayOf(e.date)}` as MessageKey)} {ddmmyyyy(e.date)}
                </button>
                <input
                  id={id}
                  value={e.name}
                  maxLength={200}
                  aria-label={t('cal.editor.name', { date: ddmmyyyy(e.date) })}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `${id}-error` : undefined}
                  onChange={(ev) => onChange(renameDay(draft, e.date, ev.target.value))}
                />
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  onClick={() => onChange(removeDay(draft, e.date))}
                  aria-label={t('cal.editor.removeDay', { date: ddmmyyyy(e.date) })}
                >
                  {t('cal.editor.remove')}
                </button>
                {err && (
                  <p className="field-error" id={`${id}-error`}>
                    {t(err)}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>
    );
  };
  return (
    <aside className="cal-editor card" aria-labelledby="cal-editor-h" data-testid="calendar-editor">
      <form onSubmit={onSave} noValidate>
        <h2 id="cal-editor-h">{t('cal.editor.title', { year: draft.year })}</h2>
        <p className="field-hint">{t('cal.editor.intro')}</p>
        <div className={errors?.decisionNo ? 'field field-invalid' : 'field'}>
          <label htmlFor="cal-decision-no">{t('cal.editor.decisionNo')}</label>
          <input
            id="cal-decision-no"
            value={draft.decisionNo}
            maxLength={100}
            aria-describedby="cal-decision-no-hint"
            onChange={(e) => onChange({ ...draft, decisionNo: e.target.value })}
          />
          <p className="field-hint" id="cal-decision-no-hint">
            {t('cal.editor.decisionNoHint')}
          </p>
          {errors?.decisionNo && <p className="field-error">{t(errors.decisionNo)}</p>}
        </div>
        <div className={errors?.source ? 'field field-invalid' : 'field'}>
          <label htmlFor="cal-decision-source">{t('cal.editor.source')}</label>
          <textarea id="cal-decision-source" rows={3} value={draft.source} maxLength={500} onChange={(e) => onChange({ ...draft, source: e.target.value })} />
          {errors?.source && <p className="field-error">{t(errors.source)}</p>}
        </div>
        {list('daysOff')}
        {list('workingDays')}
        {invalid && <Notice kind="error">{t('cal.editor.fix')}</Notice>}
        {saveError && <Notice kind="error">{saveError}</Notice>}
        <FormActions onCancel={onCancel} busy={saving} submitLabel={t('cal.editor.save')} />
      </form>
    </aside>
  );
}

/** Every named day of the year in date order: holidays (also on weekends), days off, working days. */
function DayList({ schedule }: { schedule: YearSchedule }) {
  const { t } = useI18n();
  const idx = indexSchedule(schedule);
  const dates = [
    ...new Set([...schedule.holidays.map((h) => h.date), ...schedule.daysOff.map((d) => d.date), ...schedule.workingDays.map((w) => w.date)]),
  ].sort();
  return (
    <section className="cal-list" aria-labelledby="cal-list-h">
      <h2 id="cal-list-h">{t('cal.list.title', { year: schedule.year })}</h2>
      <DataTable
        testId="calendar-list"
        rows={dates.map((date) => {
          const info = dayInfo(date, idx);
          return { date, info, s: dayStatus(info, t), basis: schedule.holidays.find((h) => h.date === date)?.basis };
        })}
        rowKey={(d) => d.date}
        empty={t('cal.list.empty')}
        columns={[
          {
            header: t('cal.list.date'),
            nowrap: true,
            cell: ({ date, info }) => (
              <>
                {ddmmyyyy(date)}
                <span className="sub">{wdName(t, info.weekday)}</span>
              </>
            ),
          },
          { header: t('cal.list.name'), cell: ({ info, s }) => s.name ?? info.holidays.join('; ') },
          {
            header: t('cal.list.kind'),
            nowrap: true,
            cell: ({ info, s }) => (
              <>
                <span className={`${dayClasses(info)} cal-swatch cal-swatch-inline`} aria-hidden="true">
                  {dayMarker(info) && <span className="cal-marker">{dayMarker(info)}</span>}
                </span>
                {s.title}
              </>
            ),
          },
          {
            header: t('cal.list.source'),
            cell: ({ s, basis }) => (
              <>
                {s.source ?? t('cal.src.rule')}
                {basis && <span className="sub">{basis}</span>}
              </>
            ),
          },
        ]}
      />
    </section>
  );
}
