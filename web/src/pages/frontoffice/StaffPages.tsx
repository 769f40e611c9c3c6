import { useEffect, useState, type FormEvent } from 'react';
import { type User } from '../../api';
import { errorText, useLoader, useTitle, useSubmit } from '../../hooks';
import { areaTexts, useI18n } from '../../i18n';
import { Badge, LoadError, Loading, Notice, PageHeader } from '../../components/ui';
import { foApi, FO, FO_PATHS, type Counter, type CounterView, type Device } from './foApi';
import { foText, type FoKey } from './texts';
import { intakeFromTicketHref } from './IntakeTicket';
import { CentreHoursEditor } from './CentreHours';
import { PATHS } from '../../nav';
import './frontoffice.css';

/** Screen texts for staff (Vietnamese first, English second). */
const S = {
  vi: {
    counterTitle: 'Quầy tiếp nhận — gọi số',
    counterIntro: 'Nhận quầy, gọi số tiếp theo (nhóm ưu tiên được gọi trước), gọi lại, ghi nhận vắng mặt, chuyển quầy và kết thúc lượt phục vụ.',
    chooseCounter: 'Chọn quầy của bạn',
    take: 'Nhận quầy',
    leave: 'Rời quầy',
    heldBy: 'đang do {name} phụ trách',
    current: 'Đang phục vụ',
    none: 'Chưa gọi số nào.',
    callNext: 'Gọi số tiếp theo',
    recall: 'Gọi lại ({n})',
    calledTimes: 'Đã gọi {n} lần',
    start: 'Bắt đầu phục vụ',
    skip: 'Vắng mặt',
    skipHint: 'Ghi nhận vắng mặt sau {n} lần gọi.',
    transfer: 'Chuyển sang quầy',
    finish: 'Kết thúc',
    dossier: 'Mã hồ sơ đã tiếp nhận (không bắt buộc)',
    queue: 'Hàng chờ khu vực {area} ({n})',
    waited: 'chờ {m} phút',
    empty: 'Không còn ai chờ.',
    transferred: 'chuyển đến',
    adminTitle: 'Quầy, khu vực và thiết bị của trung tâm',
    adminIntro: 'Khu vực dịch vụ theo lĩnh vực, quầy, và thiết bị (kiosk, màn hình gọi số, máy đánh giá) ghép nối bằng đường dẫn có mã bí mật.',
    centre: 'Trung tâm',
    areas: 'Khu vực',
    counters: 'Quầy',
    devices: 'Thiết bị',
    addDevice: 'Đăng ký thiết bị',
    kind_kiosk: 'Kiosk lấy số',
    kind_call_screen: 'Màn hình gọi số',
    kind_rating_tablet: 'Máy đánh giá tại quầy',
    name: 'Tên',
    counter: 'Quầy',
    pairing: 'Mở đường dẫn này một lần trên thiết bị (mã chỉ hiển thị lúc này):',
    revoke: 'Thu hồi',
    revoked: 'đã thu hồi',
    lastSeen: 'Lần cuối hoạt động',
    procedures: 'thủ tục',
    statsTitle: 'Thống kê quầy',
    from: 'Từ ngày',
    to: 'Đến ngày',
    show: 'Xem',
    xlsx: 'Tải XLSX',
    tickets: 'Số lượt',
    served: 'Đã phục vụ',
    noShows: 'Vắng mặt',
    avgWait: 'Chờ TB (phút)',
    avgService: 'Phục vụ TB (phút)',
    byArea: 'Theo khu vực',
    byCounter: 'Theo quầy',
    byOfficer: 'Theo cán bộ',
    peak: 'Giờ cao điểm',
    stats: 'Thống kê',
  },
  en: {
    counterTitle: 'Counter — calling numbers',
    counterIntro: 'Take a counter, call the next number (priority groups first), call again, record a no-show, transfer and finish.',
    chooseCounter: 'Choose your counter',
    take: 'Take counter',
    leave: 'Leave counter',
    heldBy: 'held by {name}',
    current: 'Now serving',
    none: 'No number called yet.',
    callNext: 'Call next number',
    recall: 'Call again ({n})',
    calledTimes: 'Called {n} times',
    start: 'Start serving',
    skip: 'Not present',
    skipHint: 'A no-show is recorded after {n} calls.',
    transfer: 'Transfer to counter',
    finish: 'Finish',
    dossier: 'Code of the dossier received (optional)',
    queue: 'Queue of area {area} ({n})',
    waited: 'waiting {m} min',
    empty: 'Nobody is waiting.',
    transferred: 'transferred here',
    adminTitle: 'Counters, areas and devices of the centre',
    adminIntro: 'Service areas by field, counters, and devices (kiosk, call screen, rating tablet) paired by a link holding a secret.',
    centre: 'Centre',
    areas: 'Areas',
    counters: 'Counters',
    devices: 'Devices',
    addDevice: 'Register a device',
    kind_kiosk: 'Ticket kiosk',
    kind_call_screen: 'Call screen',
    kind_rating_tablet: 'Counter rating tablet',
    name: 'Name',
    counter: 'Counter',
    pairing: 'Open this link once on the device (the secret is shown only now):',
    revoke: 'Revoke',
    revoked: 'revoked',
    lastSeen: 'Last seen',
    procedures: 'procedures',
    statsTitle: 'Counter statistics',
    from: 'From',
    to: 'To',
    show: 'Show',
    xlsx: 'Download XLSX',
    tickets: 'Tickets',
    served: 'Served',
    noShows: 'No-shows',
    avgWait: 'Avg wait (min)',
    avgService: 'Avg service (min)',
    byArea: 'By area',
    byCounter: 'By counter',
    byOfficer: 'By officer',
    peak: 'Peak hours',
    stats: 'Statistics',
  },
};
type SKey = keyof (typeof S)['vi'];
const staffTexts = areaTexts(S.vi, S.en);
function useS() {
  const { lang, t } = useI18n();
  return { s: (k: SKey, p?: Record<string, string | number>) => staffTexts.text(lang, k, p), f: (k: FoKey) => foText(lang, k), t, lang };
}

/** The officer's counter screen. Ratings never appear here. */
export function CounterPage({ user }: { user: User }) {
  const { s, f, t } = useS();
  useTitle(s('counterTitle'));
  const counters = useLoader('fo-counters', () => foApi.myCounters());
  const mine = counters.data?.find((c) => c.officerId === user.id) ?? null;
  const [view, setView] = useState<CounterView | null>(null);
  const { busy, run: attempt, error, setError } = useSubmit();
  const [dossierCode, setDossierCode] = useState('');
  const [transferTo, setTransferTo] = useState('');

  const reloadView = (id: string) =>
    foApi
      .view(id)
      .then(setView)
      .catch((e) => setError(errorText(e, t)));
  const mineId = mine?.id ?? null;
  useEffect(() => {
    if (!mineId) {
      setView(null);
      return;
    }
    const load = () =>
      foApi
        .view(mineId)
        .then(setView)
        .catch((e) => setError(errorText(e, t)));
    void load();
    const id = window.setInterval(() => void load(), 5000);
    return () => window.clearInterval(id);
  }, [mineId, t]);

  const run = async (fn: () => Promise<unknown>) => {
    await attempt(async () => {
      await fn();
      if (mine) await reloadView(mine.id);
      counters.reload();
    });
  };
  const findDossier = async (code: string): Promise<string | null> => {
    if (!code.trim()) return null;
    const b = await foApi.findDossiers(code.trim());
    const d = b.items?.find((x) => x.code === code.trim());
    if (!d) throw new Error(`Không tìm thấy hồ sơ ${code}`);
    return d.id;
  };

  if (counters.loading && !counters.data) return <Loading />;
  if (counters.error) return <LoadError error={counters.error} onRetry={counters.reload} />;
  return (
    <div className="fo-counter-page">
      <PageHeader
        title={s('counterTitle')}
        intro={s('counterIntro')}
        actions={
          <a className="btn btn-secondary" href={FO_PATHS.stats}>
            {s('stats')}
          </a>
        }
      />
      {error && <Notice kind="error">{error}</Notice>}
      {!mine ? (
        <section className="card">
          <h2>{s('chooseCounter')}</h2>
          <div className="fo-counter-grid">
            {counters.data
              ?.filter((c) => c.active)
              .map((c: Counter) => (
                <button
                  type="button"
                  key={c.id}
                  className="btn btn-secondary"
                  disabled={busy || (!!c.officerId && c.officerId !== user.id)}
                  onClick={() => void run(() => foApi.openCounter(c.id))}
                  data-testid="fo-take-counter"
                >
                  {s('counter')} {c.number}
                  {c.officerName ? ` — ${s('heldBy', { name: c.officerName })}` : ''}
                </button>
              ))}
          </div>
        </section>
      ) : (
        view && (
          <div className="fo-counter-layout">
            <section className="card fo-current" data-testid="fo-current">
              <div className="fo-current-head">
                <h2>
                  {s('counter')} {view.counter.number} · {view.area.code} – {view.area.name}
                </h2>
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={busy || !!view.current}
                  onClick={() => void run(() => foApi.closeCounter(view.counter.id))}
                >
                  {s('leave')}
                </button>
              </div>
              <h3>{s('current')}</h3>
              {view.current ? (
                <>
                  <div className="fo-current-number" data-testid="fo-current-number">
                    {view.current.number}
                  </div>
                  {view.current.priorityGroup && <Badge kind="warning">★ {f(`priority_${view.current.priorityGroup}` as FoKey)}</Badge>}
                  <p className="fo-muted">{view.current.status === 'called' ? s('calledTimes', { n: view.current.callCount }) : s('current')}</p>
                  <div className="fo-actions">
                    {view.current.status === 'called' && (
                      <>
                        <button
                          type="button"
                          className="btn btn-secondary"
                          disabled={busy}
                          onClick={() => void run(() => foApi.act(view.current!.id, 'recall'))}
                        >
                          {s('recall', { n: view.current.callCount + 1 })}
                        </button>
                        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run(() => foApi.act(view.current!.id, 'start'))}>
                          {s('start')}
                        </button>
                        <button
                          type="button"
                          className="btn btn-secondary"
                          disabled={busy || view.current.callCount < view.noShowAfterCalls}
                          title={s('skipHint', { n: view.noShowAfterCalls })}
                          onClick={() => void run(() => foApi.act(view.current!.id, 'skip'))}
                        >
                          {s('skip')}
                        </button>
                      </>
                    )}
                  </div>
                  {view.current.dossierId === null && (
                    <p>
                      <a className="btn btn-secondary" href={intakeFromTicketHref(PATHS.intake, view.current)} data-testid="fo-receive-dossier">
                        {f('receiveDossier')}
                      </a>
                    </p>
                  )}
                  <label className="fo-field">
                    {s('dossier')}
                    <input value={dossierCode} onChange={(e) => setDossierCode(e.target.value)} maxLength={40} />
                  </label>
                  <div className="fo-actions">
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={busy}
                      data-testid="fo-finish"
                      onClick={() =>
                        void run(async () => {
                          const dossierId = await findDossier(dossierCode);
                          await foApi.act(view.current!.id, 'finish', dossierId ? { dossierId } : {});
                          setDossierCode('');
                        })
                      }
                    >
                      {s('finish')}
                    </button>
                    <select value={transferTo} onChange={(e) => setTransferTo(e.target.value)} aria-label={s('transfer')}>
                      <option value="">{s('transfer')}…</option>
                      {counters.data
                        ?.filter((c) => c.id !== view.counter.id && c.active)
                        .map((c) => (
                          <option key={c.id} value={c.id}>
                            {s('counter')} {c.number}
                          </option>
                        ))}
                    </select>
                    <button
                      type="button"
                      className="btn btn-secondary"
                      disabled={busy || !transferTo}
                      onClick={() => void run(() => foApi.act(view.current!.id, 'transfer', { counterId: transferTo }))}
                    >
                      {s('transfer')}
                    </button>
                  </div>
                </>
              ) : (
                <>
                  <p className="fo-muted">{s('none')}</p>
                  <button
                    type="button"
                    className="btn btn-primary fo-call-next"
                    disabled={busy}
                    onClick={() => void run(() => foApi.callNext(view.counter.id))}
                    data-testid="fo-call-next"
                  >
                    {s('callNext')}
                  </button>
                </>
              )}
            </section>
            <section className="card fo-queue">
              <h2>{s('queue', { area: view.area.code, n: view.waiting.length })}</h2>
              {view.waiting.length === 0 ? (
                <p className="fo-muted">{s('empty')}</p>
              ) : (
                <ol>
                  {view.waiting.map((w) => (
                    <li key={w.id} data-testid="fo-waiting">
                      <b>{w.number}</b> {w.priorityGroup && <Badge kind="warning">★ {f(`priority_${w.priorityGroup}` as FoKey)}</Badge>}{' '}
                      {w.transferred && <Badge kind="info">{s('transferred')}</Badge>} {w.booked && <Badge kind="info">{f('bookedMark')}</Badge>}{' '}
                      <span className="fo-muted">{s('waited', { m: w.waitedMinutes })}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
        )
      )}
    </div>
  );
}

/** The administrator's configuration of a centre: areas, counters, devices and pairing links. */
export function FrontOfficeAdminPage() {
  const { s, t } = useS();
  useTitle(s('adminTitle'));
  const [agencyId, setAgencyId] = useState<string>('');
  const [centres, setCentres] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    foApi
      .centres()
      .then((b) => {
        setCentres(b.items);
        if (b.items[0]) setAgencyId((x) => x || b.items[0].id);
      })
      .catch(() => undefined);
  }, []);
  const data = useLoader(`fo-admin-${agencyId}`, async () =>
    agencyId ? { areas: await foApi.areas(agencyId), counters: await foApi.counters(agencyId), devices: await foApi.devices(agencyId) } : null,
  );
  const [kind, setKind] = useState<Device['kind']>('kiosk');
  const [name, setName] = useState('');
  const [counterId, setCounterId] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await foApi.createDevice({ agencyId, kind, name, counterId: kind === 'rating_tablet' ? counterId : null });
      setCreated(r.pairingUrl);
      setName('');
      setError(null);
      data.reload();
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <div>
      <PageHeader
        title={s('adminTitle')}
        intro={s('adminIntro')}
        actions={
          <a className="btn btn-secondary" href={`${FO_PATHS.stats}?agencyId=${agencyId}`}>
            {s('stats')}
          </a>
        }
      />
      <label className="fo-field">
        {s('centre')}
        <select value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
          {centres.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {data.error ? <LoadError error={data.error} onRetry={data.reload} /> : null}
      {data.data && (
        <div className="fo-admin">
          <section className="card">
            <h2>{s('areas')}</h2>
            <div className="fo-scroll" tabIndex={0} role="region" aria-label={s('areas')}>
              <table className="table">
                <tbody>
                  {data.data.areas.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <b>{a.code}</b>
                      </td>
                      <td>{a.name}</td>
                      <td>{a.numberBase + 1}…</td>
                      <td>
                        {a.procedureCodes.length} {s('procedures')}
                      </td>
                      <td>
                        {data
                          .data!.counters.filter((c) => c.areaId === a.id)
                          .map((c) => c.number)
                          .join(', ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="card">
            <h2>{s('devices')}</h2>
            <div className="fo-scroll" tabIndex={0} role="region" aria-label={s('devices')}>
              <table className="table">
                <tbody>
                  {data.data.devices.map((d) => (
                    <tr key={d.id}>
                      <td>{s(`kind_${d.kind}` as SKey)}</td>
                      <td>{d.name}</td>
                      <td>{d.counterId ? `${s('counter')} ${data.data!.counters.find((c) => c.id === d.counterId)?.number ?? ''}` : ''}</td>
                      <td>
                        {d.revokedAt ? (
                          <Badge kind="danger">{s('revoked')}</Badge>
                        ) : d.lastSeenAt ? (
                          `${s('lastSeen')}: ${new Date(d.lastSeenAt).toLocaleString('vi-VN')}`
                        ) : (
                          ''
                        )}
                      </td>
                      <td>
                        {!d.revokedAt && (
                          <button type="button" className="btn btn-secondary" onClick={() => void foApi.revokeDevice(d.id).then(data.reload)}>
                            {s('revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <form className="fo-device-form" onSubmit={(e) => void add(e)}>
              <h3>{s('addDevice')}</h3>
              <select value={kind} onChange={(e) => setKind(e.target.value as Device['kind'])} aria-label={s('addDevice')}>
                {(['kiosk', 'call_screen', 'rating_tablet'] as const).map((k) => (
                  <option key={k} value={k}>
                    {s(`kind_${k}` as SKey)}
                  </option>
                ))}
              </select>
              <input required minLength={2} value={name} onChange={(e) => setName(e.target.value)} placeholder={s('name')} aria-label={s('name')} />
              {kind === 'rating_tablet' && (
                <select required value={counterId} onChange={(e) => setCounterId(e.target.value)} aria-label={s('counter')}>
                  <option value="">{s('counter')}…</option>
                  {data.data.counters.map((c) => (
                    <option key={c.id} value={c.id}>
                      {s('counter')} {c.number}
                    </option>
                  ))}
                </select>
              )}
              <button type="submit" className="btn btn-primary">
                {s('addDevice')}
              </button>
            </form>
            {error && <Notice kind="error">{error}</Notice>}
            {created && (
              <Notice kind="success">
                {s('pairing')} <code className="fo-pairing">{created}</code>
              </Notice>
            )}
          </section>
          <CentreHoursEditor agencyId={agencyId} />
        </div>
      )}
    </div>
  );
}

/** Statistics of a centre over a period, with the XLSX download. */
export function FrontOfficeStatsPage({ user }: { user: User }) {
  const { s, f } = useS();
  useTitle(s('statsTitle'));
  const params = new URLSearchParams(window.location.search);
  const agencyId = params.get('agencyId') || user.agency?.id || '';
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const [from, setFrom] = useState(today.slice(0, 8) + '01');
  const [to, setTo] = useState(today);
  const stats = useLoader(`fo-stats-${agencyId}-${from}-${to}`, () => foApi.stats({ agencyId: agencyId || undefined, from, to }));
  const table = (title: string, rows: NonNullable<typeof stats.data>['byArea']) => (
    <section className="card">
      <h2>{title}</h2>
      <div className="fo-scroll" tabIndex={0} role="region" aria-label={title}>
        <table className="table">
          <thead>
            <tr>
              <th />
              <th>{s('tickets')}</th>
              <th>{s('served')}</th>
              <th>{s('noShows')}</th>
              <th>{s('avgWait')}</th>
              <th>{s('avgService')}</th>
              <th>{f('statDossiers')}</th>
              <th>{f('statBooked')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{r.label}</td>
                <td>{r.tickets}</td>
                <td>{r.served}</td>
                <td>{r.noShows}</td>
                <td>{r.avgWaitMinutes ?? '–'}</td>
                <td>{r.avgServiceMinutes ?? '–'}</td>
                <td>{r.dossiers}</td>
                <td>{r.booked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
  return (
    <div>
      <PageHeader
        title={s('statsTitle')}
        intro={stats.data?.centreName}
        actions={
          <a className="btn btn-secondary" href={`${FO}/stats.xlsx?${new URLSearchParams({ ...(agencyId ? { agencyId } : {}), from, to }).toString()}`}>
            {s('xlsx')}
          </a>
        }
      />
      <div className="fo-stats-filter">
        <label className="fo-field">
          {s('from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="fo-field">
          {s('to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {stats.error ? (
        <LoadError error={stats.error} onRetry={stats.reload} />
      ) : !stats.data ? (
        <Loading />
      ) : (
        <>
          <p>
            {s('tickets')}: <b>{stats.data.total.tickets}</b> · {s('served')}: <b>{stats.data.total.served}</b> · {s('noShows')}:{' '}
            <b>{stats.data.total.noShows}</b> · {f('statDossiers')}: <b>{stats.data.total.dossiers}</b> · {f('statBooked')}: <b>{stats.data.total.booked}</b>
          </p>
          {table(s('byArea'), stats.data.byArea)}
          {table(s('byCounter'), stats.data.byCounter)}
          {table(s('byOfficer'), stats.data.byOfficer)}
          <section className="card">
            <h2>{s('peak')}</h2>
            <ul>
              {stats.data.peakHours.map((p) => (
                <li key={p.hour}>
                  {String(p.hour).padStart(2, '0')}:00–{String(p.hour + 1).padStart(2, '0')}:00: {p.tickets}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
