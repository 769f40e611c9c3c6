import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type Action, type DecideContext, type DossierState } from '../dossiers/dossiers.testutil.js';
import {
  formatNationalDate,
  HttpNationalPortalAdapter,
  nationalSyncIdempotencyKey,
  NationalPortalRejectedError,
  NationalPortalUnavailableError,
  SandboxNationalPortalAdapter,
  toNationalPayload,
  type NationalPayload,
  type NationalSyncDossier,
  type NationalSyncStep,
} from './national-portal.js';
import { NationalPortalDouble } from './national-portal.double.js';

// ---------------------------------------------------------------------------------------------
// A dossier driven through the real state machine, so the mapper reads a real snapshot.
// ---------------------------------------------------------------------------------------------

const CENTRE = 'ttphvc';
const A = 'so-nnmt';
const steps = {
  steps: [
    { name: 'Thụ lý', allowsSendBack: false },
    { name: 'Ký', allowsSendBack: true },
  ],
};

function drive(actions: Array<[Omit<DecideContext, 'now'>, Action, string]>): DossierState {
  let s: DossierState | null = null;
  for (const [who, action, now] of actions) {
    const d = decide(s, action, { ...who, now });
    if (!d.ok) throw new Error(`${action.type}: ${d.code}`);
    s = d.next;
  }
  assert.ok(s);
  return s;
}

const citizen = { actorRoles: ['citizen'] as const, actorAgencyId: null, actorIsApplicant: true, actorId: 'cd-1' };
const officer = { actorRoles: ['one_stop_officer'] as const, actorAgencyId: CENTRE, actorId: 'mc-1' };
const spec = { actorRoles: ['specialist'] as const, actorAgencyId: A, actorId: 'cv-1', workflow: steps };

const returned = drive([
  [citizen, { type: 'submit_online', receivingAgencyId: CENTRE, submittedAt: '2026-11-22T16:40:00Z' }, '2026-11-22T16:40:00Z'],
  [officer, { type: 'receive', appointment: '2026-12-07T07:00:00Z', receivedAt: '2026-11-23T00:00:00Z' }, '2026-11-23T01:10:00Z'],
  [officer, { type: 'forward', toAgencyId: A }, '2026-11-23T01:15:00Z'],
  [spec, { type: 'request_supplement', reason: 'Thiếu giấy tờ', items: ['Sơ đồ thửa đất'], withinThreeWorkingDays: true }, '2026-11-24T02:00:00Z'],
  [citizen, { type: 'supplement_received', newAppointment: '2026-12-10T07:00:00Z' }, '2026-11-26T03:00:00Z'],
  [spec, { type: 'next_step' }, '2026-11-27T03:00:00Z'],
  [spec, { type: 'result_ready', decisionNumber: '12/GCN', signer: 'Hoàng Văn Sơn', signedOn: '2026-12-04' }, '2026-12-04T08:00:00Z'],
  [officer, { type: 'return_result', channel: 'electronic', receivedBy: 'hongdao@example.vn' }, '2026-12-05T01:00:00Z'],
]);

const dossier: NationalSyncDossier = {
  code: '000.00.15.H56-261123-0007',
  procedure: { code: '1.012345.000.00.00.H56', name: 'Đăng ký đất đai lần đầu'.normalize('NFD'), fieldCode: 'G17-DD01', fieldName: 'Đất đai' },
  channel: 'online',
  applicant: { name: 'Nguyễn Thị Hồng Đào', idNumber: '038190012345', type: 'citizen', phone: '0912345678', email: 'hongdao@example.vn' },
  summary: null,
  handlingAgency: 'Sở Nông nghiệp và Môi trường',
  submissionPlace: '2',
  lifecycle: returned,
  documents: [
    {
      fileId: 'f1',
      componentCode: 'TP01',
      fileName: 'Đơn đăng ký.pdf',
      fileUrl: 'https://files.example/f1',
      digitised: true,
      reused: false,
      fromNationalStore: false,
    },
  ],
  fees: [{ code: 'LP01', name: 'Lệ phí cấp giấy chứng nhận', amount: 100_000, collection: '1', kind: '1' }],
  results: [{ code: 'KQ01', name: 'Giấy chứng nhận', fileUrl: 'https://files.example/kq' }],
  nationalDatabases: ['7'],
  vneidAuthenticated: true,
  onlinePayment: 'national_portal',
  actorNames: { 'cv-1': 'Phạm Thu Trang', 'cd-1': 'Nguyễn Thị Hồng Đào' },
};

const processSteps: NationalSyncStep[] = [
  {
    officerName: 'Phạm Thu Trang',
    officerTitle: 'Chuyên viên',
    at: '2026-11-24T02:00:00Z',
    department: 'Phòng Đất đai',
    content: 'Yêu cầu bổ sung',
    status: 5,
    startedAt: '2026-11-23T01:15:00Z',
    dueAt: '2026-11-26T10:00:00Z',
  },
  {
    officerName: 'Lê Văn Minh',
    officerTitle: null,
    at: '2026-11-23T01:10:00Z',
    department: null,
    content: 'Tiếp nhận hồ sơ',
    status: 2,
    startedAt: null,
    dueAt: null,
  },
];

describe('national payload mapping', () => {
  test('dates are yyyyMMddHHmmss in UTC+7', () => {
    assert.equal(formatNationalDate('2026-11-22T16:40:00Z'), '20261122234000');
    assert.equal(formatNationalDate('2026-11-22T17:00:05Z'), '20261123000005');
    assert.equal(formatNationalDate(null), '');
    assert.throws(() => formatNationalDate('nope'), RangeError);
  });

  test('a dossier returned electronically after one supplement', () => {
    const p = toNationalPayload(dossier, processSteps);
    assert.equal(p.hoSo.MaHoSo, '000.00.15.H56-261123-0007');
    assert.equal(p.hoSo.TenTTHC, 'Đăng ký đất đai lần đầu');
    assert.equal(p.hoSo.KenhThucHien, '2');
    assert.equal(p.hoSo.LoaiDoiTuong, '1');
    assert.equal(p.hoSo.TrangThaiHoSo, '10');
    assert.equal(p.hoSo.NgayNopHoSo, '20261122234000');
    assert.equal(p.hoSo.NgayTiepNhan, '20261123070000');
    assert.equal(p.hoSo.NgayHenTra, '20261210140000');
    assert.equal(p.hoSo.NgayKetThucXuLy, '20261204150000');
    assert.equal(p.hoSo.NgayTra, '20261205080000');
    assert.equal(p.hoSo.NgayTuChoi, '');
    assert.equal(p.hoSo.HinhThuc, '2');
    assert.equal(p.hoSo.HoSoCoThanhPhanSoHoa, '1');
    assert.equal(p.hoSo.TaiKhoanDuocXacThucVoiVNeID, '1');
    assert.equal(p.hoSo.DuocThanhToanTrucTuyen, '1');
    assert.equal(p.hoSo.TrichYeuHoSo, 'Đăng ký đất đai lần đầu');
    assert.deepEqual(p.hoSo.DanhSachHoSoBoSung, [
      {
        HoSoBoSungId: 1,
        NguoiYeuCauBoSung: 'Phạm Thu Trang',
        NoiDungBoSung: 'Thiếu giấy tờ\n1. Sơ đồ thửa đất',
        NgayBoSung: '20261124090000',
        NguoiTiepNhanBoSung: 'Nguyễn Thị Hồng Đào',
        NgayTiepNhanBoSung: '20261126100000',
        TrangThaiBoSung: true,
        NgayHenTraTruoc: '20261207140000',
        NgayHenTraMoi: '20261210140000',
      },
    ]);
    assert.deepEqual(p.hoSo.DanhSachLePhi, [
      { TenPhiLePhi: 'Lệ phí cấp giấy chứng nhận', MaPhiLePhi: 'LP01', HinhThucThu: '1', Gia: '100000', LoaiPhiLePhi: '1' },
    ]);
    assert.deepEqual(p.hoSo.DSKetNoiCSDL, [{ MaCSDL: '7' }]);
    // Steps in time order, dates converted.
    assert.deepEqual(
      p.tienTrinhDongBo.map((s) => [s.NoiDungXuLy, s.ThoiDiemXuLy, s.TrangThai, s.NgayKetThucTheoQuyDinh]),
      [
        ['Tiếp nhận hồ sơ', '20261123081000', '2', ''],
        ['Yêu cầu bổ sung', '20261124090000', '5', '20261126170000'],
      ],
    );
    assert.ok(p.tienTrinhDongBo.every((s) => s.MaHoSo === dossier.code));
  });

  test('a refused dossier carries its refusal date and no appointment', () => {
    const refused = drive([[officer, { type: 'refuse', reason: 'Không thuộc thẩm quyền' }, '2026-11-23T02:00:00Z']]);
    const p = toNationalPayload({ ...dossier, channel: 'counter', lifecycle: refused, onlinePayment: null }, []);
    assert.equal(p.hoSo.TrangThaiHoSo, '3');
    assert.equal(p.hoSo.KenhThucHien, '1');
    assert.equal(p.hoSo.NgayTuChoi, '20261123090000');
    assert.equal(p.hoSo.NgayHenTra, '');
    assert.equal(p.hoSo.DuocThanhToanTrucTuyen, '0');
    assert.deepEqual(p.tienTrinhDongBo, []);
  });

  test('long texts are cut to the observed limits', () => {
    const p = toNationalPayload({ ...dossier, summary: 'ư'.repeat(1500) }, [{ ...processSteps[0], officerName: 'Đ'.repeat(80) }]);
    assert.equal([...p.hoSo.TrichYeuHoSo].length, 1000);
    assert.equal([...p.tienTrinhDongBo[0].NguoiXuLy].length, 50);
  });
});

// ---------------------------------------------------------------------------------------------
// Adapters
// ---------------------------------------------------------------------------------------------

const payload: NationalPayload = toNationalPayload(dossier, processSteps);
const key = nationalSyncIdempotencyKey(dossier.code, 8);

describe('sandbox adapter', () => {
  test('records deliveries, deduplicates by key, contacts nothing', async () => {
    const seen: string[] = [];
    const sandbox = new SandboxNationalPortalAdapter({ onDeliver: (d) => seen.push(d.idempotencyKey) });
    assert.deepEqual(await sandbox.send(payload, key), { accepted: true });
    assert.deepEqual(await sandbox.send(payload, key), { accepted: true, code: 'duplicate' });
    assert.deepEqual(await sandbox.send(payload, `${dossier.code}:v9`), { accepted: true });
    assert.equal(sandbox.deliveries.length, 2);
    assert.deepEqual(seen, [key, `${dossier.code}:v9`]);
    assert.deepEqual(sandbox.deliveries[0].payload, payload);
    const bad = { ...payload, hoSo: { ...payload.hoSo, MaHoSo: '' } };
    assert.deepEqual(await sandbox.send(bad, 'k'), { accepted: false, code: 'missing_MaHoSo' });
  });
});

describe('HTTP adapter against the local double', () => {
  let portal: NationalPortalDouble;
  before(async () => {
    portal = await NationalPortalDouble.start();
  });
  after(async () => {
    await portal.close();
  });

  // The default timeout (15 s) is never reached by a portal that answers, however busy the machine;
  // the timeout test injects its timer instead of waiting for a short real one.
  const adapter = () => new HttpNationalPortalAdapter({ url: portal.url, headers: { authorization: 'Bearer test' } });

  test('accepts: posts JSON with the idempotency key; the double records the payload', async () => {
    const before = portal.accepted.length;
    assert.deepEqual(await adapter().send(payload, key), { accepted: true });
    const last = portal.requests[portal.requests.length - 1];
    assert.equal(last.idempotencyKey, key);
    assert.match(last.contentType ?? '', /^application\/json/);
    assert.equal(portal.accepted.length, before + 1);
    assert.deepEqual(portal.accepted[portal.accepted.length - 1].payload, payload);
  });

  test('500 is retryable; the retry is accepted once', async () => {
    portal.next('fail');
    const k = `${dossier.code}:v20`;
    await assert.rejects(adapter().send(payload, k), (e: unknown) => {
      assert.ok(e instanceof NationalPortalUnavailableError);
      assert.equal(e.reason, 'server_error');
      assert.equal(e.status, 500);
      assert.equal(e.retryable, true);
      return true;
    });
    assert.ok(!portal.accepted.some((a) => a.idempotencyKey === k));
    assert.deepEqual(await adapter().send(payload, k), { accepted: true });
    // A duplicate delivery (at-least-once) is acknowledged and not stored twice.
    assert.deepEqual(await adapter().send(payload, k), { accepted: true });
    assert.equal(portal.accepted.filter((a) => a.idempotencyKey === k).length, 1);
  });

  test('a portal that never answers times out as retryable', async () => {
    portal.next('timeout');
    // The timer "fires" once the portal holds the request unanswered (a readiness signal, not a delay).
    const timers: number[] = [];
    const hanging = portal.hangs();
    const startTimer = (fire: () => void, ms: number) => {
      timers.push(ms);
      void hanging.then(fire);
      return () => {};
    };
    const send = new HttpNationalPortalAdapter({ url: portal.url, timeoutMs: 2500, startTimer }).send(payload, `${dossier.code}:v21`);
    await assert.rejects(send, (e: unknown) => {
      assert.ok(e instanceof NationalPortalUnavailableError);
      assert.equal(e.reason, 'timeout');
      assert.match(e.message, /within 2500 ms/);
      return true;
    });
    assert.deepEqual(timers, [2500], 'one timer with the configured timeout');
  });

  test('the timer is cancelled when the portal answers', async () => {
    let cancelled = 0;
    const startTimer = () => () => void cancelled++;
    assert.deepEqual(await new HttpNationalPortalAdapter({ url: portal.url, startTimer }).send(payload, `${dossier.code}:v23`), { accepted: true });
    assert.equal(cancelled, 1);
  });

  test('422 is a permanent rejection with the portal’s code', async () => {
    portal.next('reject');
    await assert.rejects(adapter().send(payload, `${dossier.code}:v22`), (e: unknown) => {
      assert.ok(e instanceof NationalPortalRejectedError);
      assert.equal(e.status, 422);
      assert.equal(e.code, '-2');
      assert.equal(e.permanent, true);
      return true;
    });
  });

  test('a closed port is a retryable network error', async () => {
    const gone = await NationalPortalDouble.start();
    const url = gone.url;
    await gone.close();
    await assert.rejects(new HttpNationalPortalAdapter({ url }).send(payload, 'k'), (e: unknown) => {
      assert.ok(e instanceof NationalPortalUnavailableError);
      assert.equal(e.reason, 'network');
      return true;
    });
  });

  test('accepted payloads are recorded in order', async () => {
    const before = portal.accepted.length;
    for (const v of [30, 31, 32]) {
      const p = { ...payload, hoSo: { ...payload.hoSo, TrangThaiHoSo: String(v - 28) } };
      await adapter().send(p, `${dossier.code}:v${v}`);
    }
    assert.deepEqual(
      portal.accepted.slice(before).map((a) => a.idempotencyKey),
      [`${dossier.code}:v30`, `${dossier.code}:v31`, `${dossier.code}:v32`],
    );
  });
});
