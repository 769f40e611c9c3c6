import { expect, test, type Page } from '@playwright/test';
import { axe, PASSWORD, shots } from './helpers.js';

/**
 * Issue 18 §2, personal data (Luật 91/2025/QH15) in the browser: a person registers only after
 * ticking consent to the privacy notice, asks to correct their name on "Dữ liệu cá nhân", a one-stop
 * officer accepts the request, the person sees the corrected name and the decision; the
 * administrator sees the record of processing activities and the retention periods. Every screen
 * passes axe and is photographed at 1366 px and 375 px.
 */

const DESKTOP = { width: 1366, height: 900 };
test.setTimeout(240_000);

async function login(page: Page, username: string, password = PASSWORD) {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).not.toHaveURL(/\/dang-nhap/, { timeout: 60_000 });
}

test('register with consent, ask for a correction, the officer accepts, the admin sees the ROPA', async ({ browser }) => {
  // Each run registers a new person (the personal ID encodes a female born in 1997).
  const suffix = String(Date.now()).slice(-6);
  const personalId = `038197${suffix}`;
  const citizen = await browser.newPage();
  await citizen.setViewportSize(DESKTOP);

  // ---- registration: the notice is shown; without the tick nothing is created --------------------
  await citizen.goto('/dang-ky');
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Đăng ký tài khoản');
  await citizen.getByLabel('Họ, chữ đệm và tên').fill('Đỗ Thị Lan');
  await citizen.getByLabel('Số định danh cá nhân (12 số)').fill(personalId);
  await citizen.getByLabel('Ngày sinh').fill('1997-04-05');
  await citizen.getByLabel('Giới tính').selectOption('nu');
  await citizen.getByLabel('Nơi cư trú').fill('Phường Điện Biên, Thanh Hóa');
  await citizen.getByLabel('Số điện thoại').fill('0912000111');
  await citizen.getByLabel('Mật khẩu (ít nhất 8 ký tự)').fill('matkhau-lan-1');
  const notice = citizen.getByTestId('privacy-notice');
  await expect(notice).toContainText('Thông báo xử lý dữ liệu cá nhân (phiên bản');
  await notice.locator('summary').click();
  await expect(notice).toContainText('Mục đích xử lý');
  await expect(notice).toContainText('Quyền của bạn');
  expect(await axe(citizen)).toEqual([]);
  await shots(citizen, 'privacy-register');
  await citizen.getByTestId('privacy-consent').check();
  await citizen.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await expect(citizen.getByText(`Tên đăng nhập của bạn: ${personalId}`)).toBeVisible();

  // ---- the person's personal-data page: consent on record, a correction request -------------------
  await login(citizen, personalId, 'matkhau-lan-1');
  await citizen.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Dữ liệu cá nhân' }).click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Dữ liệu cá nhân của tôi');
  await expect(citizen.getByTestId('consent-list')).toContainText('Đăng ký tài khoản');
  await citizen.getByLabel('Thông tin cần sửa').selectOption('fullName');
  await citizen.getByLabel('Giá trị đúng').fill('Đỗ Thị Lân');
  await citizen.getByLabel('Lý do, giấy tờ chứng minh (không bắt buộc)').fill('Sai dấu khi đăng ký');
  await citizen.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  await expect(citizen.getByText('Đã gửi yêu cầu; hạn trả lời')).toBeVisible();
  await expect(citizen.getByTestId('correction-list')).toContainText('Đang chờ xử lý');
  expect(await axe(citizen)).toEqual([]);
  await shots(citizen, 'privacy-citizen');

  // ---- the one-stop officer accepts ---------------------------------------------------------------
  const officer = await browser.newPage();
  await officer.setViewportSize(DESKTOP);
  await login(officer, 'one_stop_officer');
  await officer.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Yêu cầu sửa dữ liệu' }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('Yêu cầu chỉnh sửa dữ liệu cá nhân');
  const row = officer.getByTestId('correction-list').locator('tr', { hasText: personalId });
  await expect(row).toContainText('Đỗ Thị Lân');
  expect(await axe(officer)).toEqual([]);
  await shots(officer, 'privacy-corrections');
  await row.getByTestId('correction-accept').click();
  await expect(officer.getByText('Đỗ Thị Lân: Đã chỉnh sửa')).toBeVisible();

  // ---- the person sees the decision and the corrected name ----------------------------------------
  await citizen.reload();
  await expect(citizen.getByTestId('correction-list')).toContainText('Đã chỉnh sửa');
  const me = await citizen.request.get('/api/v1/citizens/me');
  expect((await me.json()).fullName).toBe('Đỗ Thị Lân');

  // ---- the administrator: record of processing activities and retention --------------------------
  const admin = await browser.newPage();
  await admin.setViewportSize(DESKTOP);
  await login(admin, 'admin');
  await admin.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Bảo vệ dữ liệu cá nhân' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Bảo vệ dữ liệu cá nhân');
  await expect(admin.getByTestId('ropa')).toContainText('Tiếp nhận và giải quyết hồ sơ thủ tục hành chính');
  await expect(admin.getByTestId('retention')).toContainText('Hồ sơ nháp chưa nộp');
  await expect(admin.getByRole('link', { name: 'Xuất Excel' })).toHaveAttribute('href', '/api/v1/privacy/processing-activities/export');
  expect(await axe(admin)).toEqual([]);
  await shots(admin, 'privacy-admin');
});

test('after withdrawing consent, the online submission asks for it again before submitting', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await login(page, 'citizen');
  // Withdraw on "Dữ liệu cá nhân" (the demo citizen's consent is seeded, channel demo_seed).
  await page.goto('/cong-dan/du-lieu-ca-nhan');
  await page.getByTestId('withdraw-start').click();
  await page.getByLabel('Lý do (không bắt buộc)').fill('Kiểm thử rút lại');
  await page.getByRole('button', { name: 'Xác nhận rút lại' }).click();
  await expect(page.getByText('Đã rút lại sự đồng ý.')).toBeVisible();
  await expect(page.getByTestId('consent-list')).toContainText('Kiểm thử rút lại');

  // The submission wizard up to the review step (as in citizens.spec.ts).
  await page.goto('/thu-tuc/2.000488');
  await page.getByRole('link', { name: 'Nộp trực tuyến' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('Bước 1/4', { timeout: 60_000 });
  await page.getByLabel('Nơi tiếp nhận hồ sơ').selectOption({ label: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa' });
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('Bước 2/4');
  await page.getByLabel('Nội dung đề nghị').fill('Cấp Phiếu lý lịch tư pháp số 1 để bổ sung hồ sơ xin việc');
  await page.getByLabel('Hình thức nhận kết quả').selectOption('Nhận bản điện tử');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('Bước 3/4');
  const pick = page.getByLabel('Chọn giấy tờ đã có trong kho dữ liệu').first();
  await pick.selectOption((await pick.locator('option', { hasText: 'Bản chụp Căn cước' }).getAttribute('value'))!);
  await expect(page.getByRole('status').filter({ hasText: 'Đã đính kèm' })).toContainText('Bản chụp Căn cước');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Review: the notice and its checkbox; without the tick the dossier is not submitted.
  await expect(page.getByTestId('review').getByTestId('privacy-notice')).toBeVisible();
  await page.getByTestId('submit-dossier').click();
  await expect(page.getByText('Bạn cần đánh dấu đồng ý với Thông báo xử lý dữ liệu cá nhân để tiếp tục.')).toBeVisible();
  await expect(page.getByTestId('receipt')).toHaveCount(0);
  expect(await axe(page)).toEqual([]);
  await shots(page, 'privacy-submit-consent');
  await page.getByTestId('privacy-consent').check();
  await page.getByTestId('submit-dossier').click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  const consents = await (await page.request.get('/api/v1/citizens/me/consents')).json();
  expect(consents.consented).toBe(true);
  expect(consents.items[0].channel).toBe('online_submission');
});
