import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { User } from '../../api';
import { errorText, useSubmit, useTitle } from '../../hooks';
import { useI18n, type Lang } from '../../i18n';
import { Badge, Notice, PageHeader } from '../../components/ui';
import { navigate, useLocation } from '../../router';
import { foApi, FO, FO_PATHS, type Appointment, type BookingCentre, type Slots } from './foApi';
import { CentreHoursOf } from './CentreHours';
import { foText, type FoKey } from './texts';
import './frontoffice.css';

function useF() {
  const { lang, t } = useI18n();
  const f = useCallback((k: FoKey, p?: Record<string, string | number>) => foText(lang, k, p), [lang]);
  return { lang, f, t };
}

/** Local date (Asia/Ho_Chi_Minh) of now + `days`, YYYY-MM-DD. */
const vnDate = (days = 0) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const vnTime = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(11, 16);
const vnDay = (iso: string, lang: Lang) => {
  const d = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  return lang === 'en' ? d : `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
};
const areaName = (lang: Lang, a: { name: string; nameEn: string | null }) => (lang === 'en' && a.nameEn ? a.nameEn : a.name);

/**
 * Online booking of a time slot (signed in or not): procedure (from the procedure page's link) or
 * service area, centre, day, slot; name and phone. Signed-in citizens also see their appointments.
 */
export function BookingPage({ user }: { user: User | null }) {
  const { lang, f, t } = useF();
  useTitle(f('bookTitle'));
  const { search } = useLocation();
  const procedureCode = search.get('thu-tuc') ?? undefined;
  const [centres, setCentres] = useState<BookingCentre[] | null>(null);
  const [agencyId, setAgencyId] = useState('');
  const [areaId, setAreaId] = useState('');
  const [date, setDate] = useState(vnDate(1));
  const [slots, setSlots] = useState<Slots | null>(null);
  const [startsAt, setStartsAt] = useState('');
  const [name, setName] = useState('');
  // The signed-in citizen's name, once the session is known (the person coming may differ: editable).
  const citizenName = user?.kind === 'citizen' ? user.fullName : '';
  useEffect(() => {
    if (citizenName) setName((n) => n || citizenName);
  }, [citizenName]);
  const [phone, setPhone] = useState('');
  // The form's notice also shows a failed load of the centres or the places.
  const { busy, run: attempt, error, setError } = useSubmit();

  useEffect(() => {
    foApi
      .bookingCentres(procedureCode)
      .then((cs) => {
        setCentres(cs);
        if (cs[0]) {
          setAgencyId(cs[0].agencyId);
          setAreaId(cs[0].areas[0]?.id ?? '');
        }
      })
      .catch((e) => setError(errorText(e, t)));
  }, [procedureCode, t]);
  useEffect(() => {
    if (!agencyId || !areaId || !date) return;
    setStartsAt('');
    foApi
      .slots({ agencyId, areaId, date })
      .then((s) => {
        setSlots(s);
        setError(null);
      })
      .catch((e) => {
        setSlots(null);
        setError(errorText(e, t));
      });
  }, [agencyId, areaId, date, t]);

  const centre = centres?.find((c) => c.agencyId === agencyId) ?? null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await attempt(
      async () => {
        const a = await foApi.book({ agencyId, areaId, startsAt, name, phone, ...(procedureCode ? { procedureCode } : {}) });
        navigate(`${FO_PATHS.bookingView}?ma=${a.code}`);
      },
      () => {
        // A slot that just filled up: show the places as they are now.
        if (agencyId && areaId)
          foApi
            .slots({ agencyId, areaId, date })
            .then(setSlots)
            .catch(() => undefined);
      },
    );
  };

  return (
    <div className="fo-booking">
      <PageHeader title={f('bookTitle')} intro={f('bookIntro')} />
      {error && <Notice kind="error">{error}</Notice>}
      {centres && centres.length === 0 && <Notice kind="info">{f('bookNoCentre')}</Notice>}
      {centres && centres.length > 0 && (
        <form className="card fo-booking-form" onSubmit={(e) => void submit(e)}>
          {procedureCode && (
            <p>
              <b>{f('bookProcedure')}:</b> {procedureCode}
            </p>
          )}
          <div className="fo-booking-grid">
            <label className="fo-field">
              {f('bookCentre')}
              <select
                value={agencyId}
                onChange={(e) => {
                  setAgencyId(e.target.value);
                  setAreaId(centres.find((c) => c.agencyId === e.target.value)?.areas[0]?.id ?? '');
                }}
                data-testid="fo-book-centre"
              >
                {centres.map((c) => (
                  <option key={c.agencyId} value={c.agencyId}>
                    {c.centreName}
                  </option>
                ))}
              </select>
            </label>
            <label className="fo-field">
              {f('bookArea')}
              <select value={areaId} onChange={(e) => setAreaId(e.target.value)} data-testid="fo-book-area">
                {centre?.areas.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.code} – {areaName(lang, a)}
                  </option>
                ))}
              </select>
            </label>
            <label className="fo-field">
              {f('bookDate')}
              <input type="date" value={date} min={vnDate(0)} max={vnDate(30)} onChange={(e) => setDate(e.target.value)} required data-testid="fo-book-date" />
            </label>
          </div>
          {agencyId && <CentreHoursOf agencyId={agencyId} />}
          <fieldset className="fo-slots">
            <legend>{f('bookSlots')}</legend>
            {slots && slots.slots.every((s) => s.available === 0) && <p className="fo-muted">{f('bookNoSlots')}</p>}
            <div className="fo-slot-list">
              {slots?.slots.map((s) => (
                <label key={s.startsAt} className={`fo-slot${s.available === 0 ? ' full' : ''}${startsAt === s.startsAt ? ' on' : ''}`}>
                  <input
                    type="radio"
                    name="slot"
                    value={s.startsAt}
                    checked={startsAt === s.startsAt}
                    disabled={s.available === 0}
                    onChange={() => setStartsAt(s.startsAt)}
                  />
                  <span className="fo-slot-time">
                    {vnTime(s.startsAt)}–{vnTime(s.endsAt)}
                  </span>
                  <span className="fo-slot-places">{s.available > 0 ? f('bookPlaces', { n: s.available }) : f('bookFull')}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="fo-booking-grid">
            <label className="fo-field">
              {f('bookName')}
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                minLength={2}
                maxLength={100}
                autoComplete="name"
                data-testid="fo-book-name"
              />
            </label>
            <label className="fo-field">
              {f('bookPhone')}
              <input
                type="text"
                inputMode="tel"
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                required
                minLength={9}
                maxLength={20}
                autoComplete="tel"
                data-testid="fo-book-phone"
              />
            </label>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy || !startsAt} data-testid="fo-book-submit">
            {f('bookSubmit')}
          </button>
        </form>
      )}
      <LookupBooking />
      {user?.kind === 'citizen' && <MyAppointments />}
    </div>
  );
}

function LookupBooking() {
  const { f } = useF();
  const [code, setCode] = useState('');
  return (
    <form
      className="card fo-booking-lookup"
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim()) navigate(`${FO_PATHS.bookingView}?ma=${encodeURIComponent(code.trim())}`);
      }}
    >
      <label className="fo-field">
        {f('bookingLookup')} — {f('bookingCode')}
        <input value={code} onChange={(e) => setCode(e.target.value)} maxLength={20} />
      </label>
      <button type="submit" className="btn btn-secondary">
        {f('lookupGo')}
      </button>
    </form>
  );
}

function MyAppointments() {
  const { lang, f, t } = useF();
  const [items, setItems] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    foApi
      .myAppointments()
      .then(setItems)
      .catch((e) => setError(errorText(e, t)));
  }, [t]);
  return (
    <section className="card" aria-labelledby="fo-my-bookings">
      <h2 id="fo-my-bookings">{f('myBookings')}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {items && items.length === 0 && <p className="fo-muted">{f('myBookingsNone')}</p>}
      {items && items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{f('bookingCode')}</th>
              <th>{f('bookingWhen')}</th>
              <th>{f('bookingWhere')}</th>
              <th>{f('bookingStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.code}>
                <td>
                  <a
                    href={`${FO_PATHS.bookingView}?ma=${a.code}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`${FO_PATHS.bookingView}?ma=${a.code}`);
                    }}
                  >
                    {a.code}
                  </a>
                </td>
                <td>
                  {vnDay(a.startsAt, lang)} {vnTime(a.startsAt)}
                </td>
                <td>
                  {a.centreName} · {a.areaCode}
                </td>
                <td>
                  <StatusBadge a={a} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function StatusBadge({ a }: { a: Appointment }) {
  const { f } = useF();
  const kind = a.status === 'booked' ? 'info' : a.status === 'cancelled' ? 'neutral' : 'success';
  return <Badge kind={kind}>{f(`bookingStatus_${a.status}`, { n: a.ticketNumber ?? '' })}</Badge>;
}

/** One appointment by its code (the QR points here): details, QR for the kiosk, print, cancel. */
export function BookingViewPage() {
  const { lang, f, t } = useF();
  useTitle(f('bookingCode'));
  const { search } = useLocation();
  const code = search.get('ma') ?? '';
  const [a, setA] = useState<Appointment | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!code) return;
    foApi
      .appointment(code)
      .then((x) => {
        setA(x);
        setError(null);
      })
      .catch((e) => setError(errorText(e, t)));
  }, [code, t]);
  const cancel = async () => {
    if (!a || !window.confirm(f('bookingCancelAsk'))) return;
    try {
      setA(await foApi.cancelAppointment(a.code));
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return (
    <div className="fo-booking">
      <PageHeader title={f('bookingCode')} />
      {error && <Notice kind="error">{error}</Notice>}
      {a && (
        <article className="card fo-booking-slip" data-testid="fo-booking">
          <div className="fo-booking-code" data-testid="fo-booking-code">
            {a.code}
          </div>
          <StatusBadge a={a} />
          <dl className="fo-booking-dl">
            <dt>{f('bookingWhen')}</dt>
            <dd>
              {vnDay(a.startsAt, lang)}, {vnTime(a.startsAt)}–{vnTime(a.endsAt)}
            </dd>
            <dt>{f('bookingWhere')}</dt>
            <dd>
              {a.centreName} — {a.areaCode} {areaName(lang, { name: a.areaName, nameEn: a.areaNameEn })}
            </dd>
            {a.procedureCode && (
              <>
                <dt>{f('bookProcedure')}</dt>
                <dd>{a.procedureCode}</dd>
              </>
            )}
            <dt>{f('bookName')}</dt>
            <dd>
              {a.name} · {a.phone}
            </dd>
          </dl>
          {a.status === 'booked' && (
            <>
              <img className="fo-booking-qr" src={`${FO}/appointments/${a.code}/qr.svg`} alt={f('bookingQr')} width={180} height={180} />
              <p>{f('bookingQr')}</p>
              <p className="fo-muted">{f('bookingKeep')}</p>
              <div className="fo-actions fo-noprint">
                <button type="button" className="btn btn-primary" onClick={() => window.print()}>
                  {f('bookingPrint')}
                </button>
                <button type="button" className="btn btn-secondary" onClick={() => void cancel()} data-testid="fo-booking-cancel">
                  {f('bookingCancel')}
                </button>
              </div>
            </>
          )}
        </article>
      )}
      <p className="fo-noprint">
        <a
          href={FO_PATHS.booking}
          onClick={(e) => {
            e.preventDefault();
            navigate(FO_PATHS.booking);
          }}
        >
          {f('bookTitle')}
        </a>
      </p>
    </div>
  );
}
