import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n, type Lang } from '../../i18n';
import { newIdempotencyKey } from '../../api/mutation';
import { errorText, useSubmit } from '../../hooks';
import { navigate, useLocation } from '../../router';
import {
  deviceCall,
  deviceToken,
  foApi,
  FO,
  FO_PATHS,
  setDeviceToken,
  type DeviceInfo,
  type KioskInfo,
  type PriorityGroup,
  type ScreenCall,
  type ScreenState,
  type Ticket,
  type CheckedIn,
} from './foApi';
import { HoursList } from './CentreHours';
import { foText, PRIORITY_GROUPS, RATING_REASONS, type FoKey } from './texts';
import './frontoffice.css';

function useFo() {
  const { lang, setLang, t } = useI18n();
  const f = useCallback((k: FoKey, p?: Record<string, string | number>) => foText(lang, k, p), [lang]);
  return { lang, setLang, f, t };
}

function LangToggle() {
  const { lang, setLang, f } = useFo();
  return (
    <button type="button" className="fo-lang" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} data-testid="fo-lang">
      {f('language')}
    </button>
  );
}

const KIND_PATH: Record<DeviceInfo['kind'], string> = { kiosk: FO_PATHS.kiosk, call_screen: FO_PATHS.screen, rating_tablet: FO_PATHS.tablet };

/** The pairing link: keeps the token from the fragment (#token=…) and opens the device's screen. */
export function PairPage() {
  const { f, t } = useFo();
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<DeviceInfo | null>(null);
  useEffect(() => {
    const m = /token=([A-Za-z0-9_-]{20,200})/.exec(window.location.hash);
    if (m) setDeviceToken(m[1]);
    window.history.replaceState(null, '', FO_PATHS.pair); // the secret does not stay in the address bar
    deviceCall<DeviceInfo>(`${FO}/device`)
      .then((d) => {
        setInfo(d);
        navigate(KIND_PATH[d.kind], { replace: true });
      })
      .catch((e) => setError(errorText(e, t)));
  }, [t]);
  return (
    <main className="fo-device fo-center">
      <p>{info ? f('paired', { name: info.name, centre: info.centreName }) : error ? `${f('notPaired')} (${error})` : f('pairing')}</p>
    </main>
  );
}

function NotPaired({ error }: { error: string }) {
  const { f } = useFo();
  return (
    <main className="fo-device fo-center" data-testid="fo-not-paired">
      <p>{f('notPaired')}</p>
      <p className="fo-muted">{error}</p>
    </main>
  );
}

const areaName = (lang: Lang, a: { name: string; nameEn: string | null }) => (lang === 'en' && a.nameEn ? a.nameEn : a.name);

/** The kiosk (portrait touch screen): choose an area, optionally a priority group, print the ticket. */
export function KioskPage() {
  const { lang, f, t } = useFo();
  const [info, setInfo] = useState<KioskInfo | null>(null);
  const { busy, run: attempt, error, setError } = useSubmit();
  const [unpaired, setUnpaired] = useState<string | null>(null);
  const [priority, setPriority] = useState<PriorityGroup | null>(null);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [arrival, setArrival] = useState<CheckedIn['arrival'] | null>(null);
  const [checkingIn, setCheckingIn] = useState(false);
  const load = useCallback(() => {
    deviceCall<KioskInfo>(`${FO}/kiosk`)
      .then((i) => {
        setInfo(i);
        setError(null);
      })
      .catch((e) =>
        (e as { status?: number }).status === 401 || (e as { status?: number }).status === 403 ? setUnpaired(errorText(e, t)) : setError(errorText(e, t)),
      );
  }, [t]);
  useEffect(() => {
    load();
    const id = window.setInterval(load, 20_000);
    return () => window.clearInterval(id);
  }, [load]);
  // Back to the start screen a while after a ticket is printed.
  useEffect(() => {
    if (!ticket) return;
    const id = window.setTimeout(() => {
      setTicket(null);
      setArrival(null);
    }, 30_000);
    return () => window.clearTimeout(id);
  }, [ticket]);

  if (unpaired) return <NotPaired error={unpaired} />;
  const take = async (areaId: string) => {
    await attempt(async () => {
      const tk = await deviceCall<Ticket>(`${FO}/kiosk/tickets`, {
        method: 'POST',
        body: { areaId, ...(priority ? { priorityGroup: priority } : {}) },
        idem: `kiosk-${newIdempotencyKey()}`,
      });
      setTicket(tk);
      setPriority(null);
      window.setTimeout(() => window.print(), 300);
    });
  };

  const checkedIn = (r: CheckedIn) => {
    setTicket(r.ticket);
    setArrival(r.arrival);
    setCheckingIn(false);
    setError(null);
    window.setTimeout(() => window.print(), 300);
  };

  if (ticket) {
    return (
      <main className="fo-device fo-kiosk">
        <LangToggle />
        <TicketSlip ticket={ticket} lang={lang} arrival={arrival} />
        <div className="fo-kiosk-actions fo-noprint">
          <button type="button" className="fo-big" onClick={() => window.print()}>
            {f('print')}
          </button>
          <button
            type="button"
            className="fo-big fo-secondary"
            onClick={() => {
              setTicket(null);
              setArrival(null);
            }}
            data-testid="fo-kiosk-done"
          >
            {f('done')}
          </button>
        </div>
      </main>
    );
  }
  if (checkingIn) {
    return (
      <main className="fo-device fo-kiosk">
        <LangToggle />
        <CheckInForm onDone={checkedIn} onBack={() => setCheckingIn(false)} />
      </main>
    );
  }
  return (
    <main className="fo-device fo-kiosk">
      <LangToggle />
      <header className="fo-kiosk-head">
        <div className="fo-centre">{info?.centreName ?? ''}</div>
        <h1>{f('takeNumber')}</h1>
        <p>{f('chooseArea')}</p>
      </header>
      {error && (
        <p className="fo-error" role="alert">
          {error}
        </p>
      )}
      {info && !info.open && <p className="fo-error">{f('closed')}</p>}
      {info && !info.open && <HoursList hours={info.hours} lang={lang} />}
      <section className="fo-priority" aria-label={f('priorityAsk')}>
        <h2>{f('priorityAsk')}</h2>
        <div className="fo-priority-list">
          <button type="button" aria-pressed={priority === null} className={priority === null ? 'on' : ''} onClick={() => setPriority(null)}>
            {f('priorityNone')}
          </button>
          {PRIORITY_GROUPS.map((g) => (
            <button type="button" key={g} aria-pressed={priority === g} className={priority === g ? 'on' : ''} onClick={() => setPriority(g)}>
              {f(`priority_${g}`)}
            </button>
          ))}
        </div>
      </section>
      <section className="fo-areas">
        {info?.areas.map((a) => (
          <button type="button" key={a.id} className="fo-area" disabled={busy || !info.open} onClick={() => void take(a.id)} data-testid="fo-kiosk-area">
            <span className="fo-area-code">{a.code}</span>
            <span className="fo-area-name">{areaName(lang, a)}</span>
            <span className="fo-area-wait">
              {f('waiting', { n: a.waiting })} · {f('wait', { m: a.estimatedWaitMinutes })}
            </span>
          </button>
        ))}
      </section>
      <div className="fo-kiosk-actions">
        <button type="button" className="fo-big fo-secondary" onClick={() => setCheckingIn(true)} data-testid="fo-kiosk-checkin">
          {f('checkInOpen')}
        </button>
      </div>
      <LookupByQr />
    </main>
  );
}

/**
 * Check-in of a booked person: a QR scanner types the booking link (…/dat-lich/xem?ma=CODE) into
 * the field, or the person types the code; the server reads either.
 */
function CheckInForm({ onDone, onBack }: { onDone: (r: CheckedIn) => void; onBack: () => void }) {
  const { f } = useFo();
  const [value, setValue] = useState('');
  const { busy, run: attempt, error } = useSubmit();
  const go = async (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    await attempt(async () => {
      onDone(await deviceCall<CheckedIn>(`${FO}/kiosk/check-in`, { method: 'POST', body: { code: value.trim() } }));
    });
  };
  return (
    <form className="fo-lookup fo-checkin" onSubmit={(e) => void go(e)}>
      <h1>{f('checkInTitle')}</h1>
      <label htmlFor="fo-checkin-input">{f('checkInHint')}</label>
      <div>
        <input
          id="fo-checkin-input"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          maxLength={300}
          autoFocus
          autoComplete="off"
          data-testid="fo-checkin-input"
        />
        <button type="submit" className="fo-big" disabled={busy}>
          {f('checkInGo')}
        </button>
      </div>
      {error && (
        <p className="fo-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="fo-big fo-secondary" onClick={onBack}>
        {f('back')}
      </button>
    </form>
  );
}

/**
 * Look-up by the receipt's QR: a scanner types the lookup link (…/tra-cuu?ma=…&k=…) into the field;
 * the kiosk opens the public lookup with it. A typed dossier code works too.
 */
function LookupByQr() {
  const { f } = useFo();
  const [value, setValue] = useState('');
  const go = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    if (!v) return;
    let target = `/tra-cuu?ma=${encodeURIComponent(v)}`;
    try {
      const u = new URL(v);
      const ma = u.searchParams.get('ma');
      if (ma) target = `/tra-cuu?ma=${encodeURIComponent(ma)}${u.searchParams.get('k') ? `&k=${encodeURIComponent(u.searchParams.get('k')!)}` : ''}`;
    } catch {
      // not a link: a dossier code
    }
    navigate(target);
  };
  return (
    <form className="fo-lookup" onSubmit={go}>
      <label htmlFor="fo-lookup-input">{f('lookupTitle')}</label>
      <div>
        <input id="fo-lookup-input" value={value} onChange={(e) => setValue(e.target.value)} placeholder={f('lookupHint')} maxLength={300} />
        <button type="submit" className="fo-big">
          {f('lookupGo')}
        </button>
      </div>
    </form>
  );
}

/** The public board (a TV in the hall): results ready to collect, codes only. */
export function BoardPage() {
  const { f } = useFo();
  const { search } = useLocation();
  const agencyId = search.get('co-quan') ?? '';
  const [data, setData] = useState<{ centreName: string; items: { code: string; procedureName: string }[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () =>
      foApi
        .board(agencyId)
        .then((b) => {
          setData(b);
          setError(null);
        })
        .catch((e: Error) => setError(e.message));
    void load();
    const id = window.setInterval(load, 60_000);
    return () => window.clearInterval(id);
  }, [agencyId]);
  return (
    <main className="fo-device fo-screen fo-board" data-testid="fo-board">
      <header className="fo-screen-head">
        <div>
          <div className="fo-centre">{data?.centreName}</div>
          <div className="fo-screen-hint">{f('boardTitle')}</div>
        </div>
        <LangToggle />
      </header>
      {error && <p className="fo-warn">{error}</p>}
      {data && data.items.length === 0 && <p>{f('boardEmpty')}</p>}
      <ul className="fo-board-list">
        {data?.items.map((i) => (
          <li key={i.code}>
            <b>{i.code}</b> <span>{i.procedureName}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** The 80 mm ticket (the same block is what @media print prints). */
const hhmm = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

function TicketSlip({ ticket, lang, arrival = null }: { ticket: Ticket; lang: Lang; arrival?: CheckedIn['arrival'] | null }) {
  const f = (k: FoKey, p?: Record<string, string | number>) => foText(lang, k, p);
  const at = new Date(ticket.createdAt);
  const when = `${String(at.getDate()).padStart(2, '0')}/${String(at.getMonth() + 1).padStart(2, '0')}/${at.getFullYear()} ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return (
    <article className="fo-ticket" data-testid="fo-ticket">
      <div className="fo-ticket-centre">{ticket.centreName}</div>
      <div className="fo-ticket-label">{f('yourNumber')}</div>
      <div className="fo-ticket-number" data-testid="fo-ticket-number">
        {ticket.number}
      </div>
      <div className="fo-ticket-area">
        {ticket.areaCode} – {areaName(lang, { name: ticket.areaName, nameEn: ticket.areaNameEn })}
      </div>
      {ticket.priorityGroup && <div className="fo-ticket-priority">★ {f(`priority_${ticket.priorityGroup}`)}</div>}
      {ticket.appointmentAt && (
        <div className="fo-ticket-priority">
          ★ {f('bookedMark')} {hhmm(ticket.appointmentAt)}
        </div>
      )}
      {arrival && (
        <div className="fo-ticket-small" data-testid="fo-arrival">
          {f(`arrival_${arrival}`, { time: ticket.appointmentAt ? hhmm(ticket.appointmentAt) : '', grace: 15 })}
        </div>
      )}
      <div>{f('peopleAhead', { n: ticket.peopleAhead })}</div>
      <div>{f('estimatedWait', { m: ticket.estimatedWaitMinutes })}</div>
      <img className="fo-ticket-qr" src={`${FO}/follow/${ticket.followToken}/qr.svg`} alt={f('followQr')} width={140} height={140} />
      <div className="fo-ticket-small">{f('followQr')}</div>
      <div className="fo-ticket-small">{when}</div>
    </article>
  );
}

/** Speaks the sentence in Vietnamese with the browser's voice; false when it cannot. */
function speak(text: string): boolean {
  const s = window.speechSynthesis;
  if (!s || typeof SpeechSynthesisUtterance === 'undefined') return false;
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'vi-VN';
  const voice = s.getVoices().find((v) => v.lang.toLowerCase().startsWith('vi'));
  if (voice) u.voice = voice;
  u.rate = 0.9;
  s.speak(u);
  return true;
}

/** A short two-tone chime from the Web Audio API (no sound file). */
function chime(ctx: AudioContext | null): void {
  if (!ctx) return;
  const now = ctx.currentTime;
  [880, 660].forEach((hz, i) => {
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = hz;
    g.gain.setValueAtTime(0.0001, now + i * 0.35);
    g.gain.exponentialRampToValueAtTime(0.3, now + i * 0.35 + 0.02);
    g.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.35 + 0.3);
    o.connect(g).connect(ctx.destination);
    o.start(now + i * 0.35);
    o.stop(now + i * 0.35 + 0.32);
  });
}

/** The TV call screen (1920×1080): calls by counter, live over SSE, chime and spoken announcement. */
export function CallScreenPage() {
  const { lang, f, t } = useFo();
  const [state, setState] = useState<ScreenState | null>(null);
  const [unpaired, setUnpaired] = useState<string | null>(null);
  const [connected, setConnected] = useState(true);
  const [flash, setFlash] = useState<ScreenCall | null>(null);
  const [sound, setSound] = useState(false);
  const [speechOk, setSpeechOk] = useState(typeof window !== 'undefined' && 'speechSynthesis' in window);
  const audio = useRef<AudioContext | null>(null);
  const queue = useRef<string[]>([]);

  const refresh = useCallback(() => {
    deviceCall<ScreenState>(`${FO}/screen`)
      .then(setState)
      .catch((e) => {
        if ((e as { status?: number }).status === 401 || (e as { status?: number }).status === 403) setUnpaired(errorText(e, t));
      });
  }, [t]);

  useEffect(() => {
    refresh();
    const token = deviceToken();
    if (!token) return;
    // EventSource reconnects by itself and sends Last-Event-ID; the server replays what was missed.
    const es = new EventSource(`${FO}/screen/events?token=${encodeURIComponent(token)}`);
    const onCall = (ev: MessageEvent) => {
      const d = JSON.parse(ev.data as string) as { number: number; counterNumber: number; areaCode: string; text: string; callCount: number; at: string };
      const call: ScreenCall = {
        counterNumber: d.counterNumber,
        number: d.number,
        areaCode: d.areaCode,
        calledAt: d.at,
        status: 'called',
        callCount: d.callCount,
        text: d.text,
      };
      setFlash(call);
      setState((s) => (s ? { ...s, calls: [call, ...s.calls.filter((c) => c.counterNumber !== call.counterNumber)] } : s));
      queue.current.push(d.text);
    };
    es.addEventListener('call', onCall as EventListener);
    es.addEventListener('recall', onCall as EventListener);
    es.addEventListener('queue', () => refresh());
    es.addEventListener('finished', () => refresh());
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    return () => es.close();
  }, [refresh]);

  // Announcements one after another: chime, then the sentence.
  useEffect(() => {
    const id = window.setInterval(() => {
      const s = window.speechSynthesis;
      if (!queue.current.length || (s && s.speaking)) return;
      const text = queue.current.shift()!;
      if (!sound) return;
      chime(audio.current);
      window.setTimeout(() => setSpeechOk(speak(text)), 800);
    }, 500);
    return () => window.clearInterval(id);
  }, [sound]);

  useEffect(() => {
    if (!flash) return;
    const id = window.setTimeout(() => setFlash(null), 8000);
    return () => window.clearTimeout(id);
  }, [flash]);

  if (unpaired) return <NotPaired error={unpaired} />;
  const enableSound = () => {
    audio.current = audio.current ?? new AudioContext();
    void audio.current.resume();
    setSound(true);
  };
  return (
    <main className="fo-device fo-screen" data-testid="fo-screen">
      <header className="fo-screen-head">
        <div>
          <div className="fo-centre">{state?.centreName ?? ''}</div>
          <div className="fo-screen-hint">{f('callScreenHint')}</div>
        </div>
        <div className="fo-screen-tools">
          {!connected && (
            <span className="fo-warn" role="status">
              {f('reconnecting')}
            </span>
          )}
          {!sound && (
            <button type="button" className="fo-sound" onClick={enableSound}>
              {f('soundOn')}
            </button>
          )}
          <LangToggle />
        </div>
      </header>
      {flash && (
        <div className="fo-flash" role="alert" data-testid="fo-flash">
          <div className="fo-flash-number">{flash.number}</div>
          <div className="fo-flash-text">{lang === 'vi' ? flash.text : `${f('number')} ${flash.number} → ${f('counter')} ${flash.counterNumber}`}</div>
        </div>
      )}
      {!speechOk && <p className="fo-warn">{f('noSpeech')}</p>}
      <table className="fo-calls">
        <thead>
          <tr>
            <th>{f('number')}</th>
            <th>{f('counter')}</th>
          </tr>
        </thead>
        <tbody>
          {state?.calls.slice(0, 8).map((c) => (
            <tr key={c.counterNumber} className={flash && flash.counterNumber === c.counterNumber ? 'fo-new' : ''} data-testid="fo-call-row">
              <td className="fo-calls-number">{c.number}</td>
              <td className="fo-calls-counter">{c.counterNumber}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <footer className="fo-screen-areas">
        {state?.areas.map((a) => (
          <span key={a.code}>
            <b>{a.code}</b> {areaName(lang, a)}: {f('waiting', { n: a.waiting })}
          </span>
        ))}
      </footer>
    </main>
  );
}

/** The rating tablet at one counter (10", 1280×800): 4 levels, optional reasons, once per ticket. */
export function TabletPage() {
  const { f, t } = useFo();
  const [state, setState] = useState<{
    centreName: string;
    counterNumber: number;
    officerName: string | null;
    ticket: { id: string; number: number } | null;
  } | null>(null);
  const [unpaired, setUnpaired] = useState<string | null>(null);
  const [level, setLevel] = useState<number | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [thanks, setThanks] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    deviceCall<NonNullable<typeof state>>(`${FO}/tablet`)
      .then((s) => setState(s))
      .catch((e) =>
        (e as { status?: number }).status === 401 || (e as { status?: number }).status === 403 ? setUnpaired(errorText(e, t)) : setError(errorText(e, t)),
      );
  }, [t]);
  useEffect(() => {
    load();
    const id = window.setInterval(load, 3000);
    return () => window.clearInterval(id);
  }, [load]);
  useEffect(() => {
    if (!thanks) return;
    const id = window.setTimeout(() => setThanks(false), 5000);
    return () => window.clearTimeout(id);
  }, [thanks]);
  if (unpaired) return <NotPaired error={unpaired} />;
  const send = async () => {
    if (!state?.ticket || !level) return;
    try {
      await deviceCall(`${FO}/tablet/ratings`, { method: 'POST', body: { ticketId: state.ticket.id, level, reasons } });
      setThanks(true);
      setLevel(null);
      setReasons([]);
      setError(null);
      load();
    } catch (e) {
      setError(errorText(e, t));
      load();
    }
  };
  return (
    <main className="fo-device fo-tablet" data-testid="fo-tablet">
      <LangToggle />
      <div className="fo-centre">{state?.centreName}</div>
      {thanks ? (
        <p className="fo-thanks" role="status">
          {f('thanks')}
        </p>
      ) : !state?.ticket ? (
        <p className="fo-center fo-muted">{state ? f('rateNothing', { c: state.counterNumber }) : ''}</p>
      ) : (
        <>
          <h1>{f('rateTitle')}</h1>
          <p>{f('rateFor', { n: state.ticket.number, c: state.counterNumber })}</p>
          <div className="fo-levels">
            {[4, 3, 2, 1].map((l) => (
              <button
                type="button"
                key={l}
                className={`fo-level fo-level-${l}${level === l ? ' on' : ''}`}
                aria-pressed={level === l}
                onClick={() => setLevel(l)}
                data-testid={`fo-level-${l}`}
              >
                <Face level={l} />
                {f(`level${l}` as FoKey)}
              </button>
            ))}
          </div>
          {level !== null && level <= 2 && (
            <fieldset className="fo-reasons">
              <legend>{f('reasonsAsk')}</legend>
              {RATING_REASONS.map((r) => (
                <label key={r}>
                  <input
                    type="checkbox"
                    checked={reasons.includes(r)}
                    onChange={(e) => setReasons((x) => (e.target.checked ? [...x, r] : x.filter((y) => y !== r)))}
                  />
                  {f(`reason_${r}` as FoKey)}
                </label>
              ))}
            </fieldset>
          )}
          <button type="button" className="fo-big" disabled={!level} onClick={() => void send()} data-testid="fo-rate-send">
            {f('send')}
          </button>
        </>
      )}
      {error && (
        <p className="fo-error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

/** A drawn face per level (no emoji font needed on the tablet). */
function Face({ level }: { level: number }) {
  const mouth = ['', 'M30 70 Q50 52 70 70', 'M30 66 L70 66', 'M30 62 Q50 76 70 62', 'M28 58 Q50 84 72 58'][level];
  const colour = ['', '#b42318', '#8a4b00', '#1d6f42', '#15803d'][level];
  return (
    <svg className="fo-face" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
      <circle cx="50" cy="50" r="44" fill="none" stroke={colour} strokeWidth="7" />
      <circle cx="35" cy="40" r="6" fill={colour} />
      <circle cx="65" cy="40" r="6" fill={colour} />
      <path d={mouth} fill="none" stroke={colour} strokeWidth="7" strokeLinecap="round" />
    </svg>
  );
}

/** The public page the ticket's QR opens: the place in the queue, refreshed. */
export function FollowPage() {
  const { f, t } = useFo();
  const { search } = useLocation();
  const code = search.get('ma') ?? '';
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () =>
      foApi
        .follow(code)
        .then((b) => {
          setTicket(b);
        })
        .catch((e) => setError(errorText(e, t)));
    void load();
    const id = window.setInterval(load, 15_000);
    return () => window.clearInterval(id);
  }, [code, t]);
  const status = (tk: Ticket) =>
    tk.status === 'waiting'
      ? f('statusWaiting')
      : tk.status === 'called'
        ? f('statusCalled', { c: tk.counterNumber ?? '' })
        : tk.status === 'serving'
          ? f('statusServing', { c: tk.counterNumber ?? '' })
          : tk.status === 'done'
            ? f('statusDone')
            : f('statusNoShow');
  return (
    <main className="fo-device fo-follow">
      <LangToggle />
      <h1>{f('followTitle')}</h1>
      {error && <p className="fo-error">{error}</p>}
      {ticket && (
        <div className="fo-follow-card" data-testid="fo-follow">
          <div className="fo-centre">{ticket.centreName}</div>
          <div className="fo-ticket-number">{ticket.number}</div>
          <div>
            {ticket.areaCode} – {ticket.areaName}
          </div>
          <p className="fo-follow-status">{status(ticket)}</p>
          {ticket.status === 'waiting' && (
            <>
              <div>{f('peopleAhead', { n: ticket.peopleAhead })}</div>
              <div>{f('estimatedWait', { m: ticket.estimatedWaitMinutes })}</div>
            </>
          )}
        </div>
      )}
    </main>
  );
}
