import { expect, test, type Browser } from '@playwright/test';
import { axe, shots, staff, signedInPage } from './helpers.js';

/**
 * Issue 19 §3–§4 in the browser: certification of an electronic copy at the counter (photos of the
 * original, comparison, seal signature, register number, fee) and its public check by the QR's
 * page; the scan of a dossier component (several photos → one PDF) confirmed against the original.
 */
const DESKTOP = { width: 1366, height: 900 };

const session = (browser: Browser, username: string) => signedInPage(browser, username, (page) => expect(page.getByTestId('workspace')).toBeVisible());

/** A page "photo": a PNG (a QR code of the text, made by the qrcode package the server uses too). */
async function photo(text: string): Promise<Buffer> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(text, { type: 'png', width: 400 });
}

test('certified electronic copy at the counter, then its public check', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const citizen = await staff(baseURL!, 'citizen');
  const me = await (await citizen.get('/api/v1/citizens/me')).json();
  const pid: string = me.personalId ?? me.profile?.personalId;
  const officer = await session(browser, 'one_stop_officer');
  await officer.goto('/mot-cua/chung-thuc');
  await expect(officer.getByRole('heading', { name: 'Chứng thực bản sao điện tử từ bản chính' })).toBeVisible();
  await officer.getByLabel(/Tên giấy tờ/).fill('Bằng tốt nghiệp trung học phổ thông số A123456');
  await officer.getByLabel(/Họ tên người yêu cầu/).fill('Lê Văn An');
  await officer.getByLabel(/Số định danh cá nhân/).fill(pid);
  await officer.getByLabel(/Số bản/).fill('2');
  await officer.getByLabel(/Ảnh các trang của bản chính/).setInputFiles([
    { name: 'trang-1.png', mimeType: 'image/png', buffer: await photo('Trang 1 của bản chính') },
    { name: 'trang-2.png', mimeType: 'image/png', buffer: await photo('Trang 2 của bản chính') },
    { name: 'trang-3.png', mimeType: 'image/png', buffer: await photo('Trang 3 của bản chính') },
  ]);
  await expect(officer.getByText('Đã chọn 3 trang.')).toBeVisible();
  expect(await axe(officer)).toEqual([]);
  // Without the comparison the server refuses and says why.
  await officer.getByRole('button', { name: 'Chứng thực và ký số' }).click();
  await expect(officer.getByText(/phải đối chiếu bản sao với bản chính/)).toBeVisible();
  await officer.getByLabel(/Tôi đã đối chiếu/).check();
  await officer.getByRole('button', { name: 'Chứng thực và ký số' }).click();
  const done = officer.getByRole('region', { name: 'Đã chứng thực bản sao điện tử' });
  await expect(done).toBeVisible();
  await expect(done).toContainText(/\d+ — quyển số 01\/\d{4}-SCT\/BS/);
  await expect(done).toContainText('10.000 đ'); // 2 copies × (2.000 + 2.000 + 1.000)
  await expect(done).toContainText(/Ký số hợp lệ/);
  await expect(done).toContainText('Đã đưa bản sao vào kho');
  await expect(officer.getByRole('table').getByText('Bằng tốt nghiệp trung học phổ thông số A123456').first()).toBeVisible();
  expect(await axe(officer)).toEqual([]);
  await shots(officer, 'certification-counter');
  // The QR's page, without an account.
  const url = await done.getByRole('link', { name: /\/chung-thuc\// }).getAttribute('href');
  const anon = await (await browser.newContext()).newPage();
  await anon.setViewportSize(DESKTOP);
  await anon.goto(new URL(url!).pathname);
  await expect(anon.getByRole('heading', { name: 'Bản sao đã được chứng thực' })).toBeVisible();
  await expect(anon.getByText(/Ký số hợp lệ/)).toBeVisible();
  await expect(anon.getByText('Lê Văn An')).toHaveCount(0);
  expect(await axe(anon)).toEqual([]);
  await shots(anon, 'certification-check');

  // Re-use at the counter: a new dossier of the same person; the officer attaches the certified copy
  // from the person's warehouse instead of asking for the paper again.
  const officerApi = await staff(baseURL!, 'one_stop_officer');
  const created = await officerApi.post('/api/v1/dossiers', {
    data: {
      procedureCode: '2.000488',
      caseKey: 'chuan',
      channel: 'counter',
      applicant: { kind: 'citizen', name: 'Lê Văn An', idNumber: pid, phone: null, email: null, address: null },
      components: [{ index: 0 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  await officer.goto(`/ho-so/${(await created.json()).id}`);
  await officer.getByRole('button', { name: 'Xem kho dữ liệu' }).click();
  const reuse = officer.getByRole('region', { name: 'Giấy tờ trong kho dữ liệu của người nộp' });
  const item = reuse.getByRole('listitem').filter({ hasText: 'Bằng tốt nghiệp trung học phổ thông số A123456' }).first();
  await expect(item).toContainText('đã chứng thực');
  await item.getByRole('button', { name: 'Dùng cho thành phần' }).click();
  await expect(reuse.getByText(/Cần sự đồng ý của người nộp/)).toBeVisible();
  await reuse.getByLabel(/Người nộp đồng ý/).check();
  await item.getByRole('button', { name: 'Dùng cho thành phần' }).click();
  await expect(officer.locator('.dos-comp-list li').first()).toContainText('kho dữ liệu của người nộp');
  expect(await axe(officer)).toEqual([]);
  await shots(officer, 'reuse-warehouse');
});

test('a dossier component scanned from photos and confirmed against the original', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const api = await staff(baseURL!, 'one_stop_officer');
  const applicant = {
    kind: 'citizen',
    name: 'Trần Thị Quét',
    idNumber: '038190054399',
    phone: '0912000222',
    email: null,
    address: 'Phường Hạc Thành, Thanh Hóa',
  };
  const created = await api.post('/api/v1/dossiers', {
    data: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const officer = await session(browser, 'one_stop_officer');
  await officer.goto(`/ho-so/${id}`);
  const scan = officer.getByRole('form', { name: /Quét thành phần/ }).first();
  await scan.getByLabel(/Ảnh chụp hoặc bản quét/).setInputFiles([
    { name: 'a.png', mimeType: 'image/png', buffer: await photo('Tờ khai trang 1') },
    { name: 'b.png', mimeType: 'image/png', buffer: await photo('Tờ khai trang 2') },
  ]);
  // Stored first without the comparison: not digitised yet; then the officer confirms the stored scan.
  await scan.getByRole('button', { name: 'Lưu bản quét' }).click();
  const confirm = officer.getByRole('button', { name: /Xác nhận bản quét đã lưu .* khớp bản chính/ });
  await expect(confirm).toBeVisible();
  await expect(officer.locator('.dos-comp-list li').first()).not.toContainText('Đã số hóa');
  expect(await axe(officer)).toEqual([]);
  await confirm.click();
  await expect(officer.locator('.dos-comp-list li').first()).toContainText('Đã số hóa');
  const d = await (await api.get(`/api/v1/dossiers/${id}`)).json();
  expect(d.components[0].digitised).toBe(true);
  expect(d.files.filter((f: { mimeType: string }) => f.mimeType === 'application/pdf')).toHaveLength(1);
  expect(await axe(officer)).toEqual([]);
  await shots(officer, 'digitisation-scan');
});
