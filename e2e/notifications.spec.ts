import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, shots, staff } from './helpers.js';

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).not.toHaveURL(/dang-nhap/);
}

test('a citizen sees the notice of their dossier under the bell, reads it and sets quiet hours', async ({ page, baseURL }) => {
  // The citizen submits online (over the API); the server's outbox worker writes the notification.
  const citizen = await staff(baseURL!, 'citizen');
  const centre = (await (await citizen.get('/api/v1/agencies?kind=provincial_service_centre&current=true')).json()).items[0];
  const created = await citizen.post('/api/v1/dossiers', {
    headers: { 'idempotency-key': `e2e-notify-${Date.now()}` },
    data: { procedureCode: '2.000488', channel: 'online', receivingAgencyId: centre.id, applicant: { kind: 'citizen', name: 'Lê Văn An', idNumber: '038090001234', phone: '0912345678', email: 'an@example.vn', address: 'Phường Hạc Thành, Thanh Hóa' } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const dossier = await created.json();
  await expect.poll(async () => ((await (await citizen.get('/api/v1/notifications/unread-count')).json()) as { unread: number }).unread, { timeout: 30_000 }).toBeGreaterThan(0);
  await citizen.dispose();

  await logIn(page, 'citizen');
  const bell = page.getByTestId('notification-bell');
  await expect(page.getByTestId('bell-count')).toBeVisible();
  await bell.click();
  await expect(page).toHaveURL(/\/thong-bao$/);
  const list = page.getByTestId('notification-list');
  await expect(list).toContainText(`Hồ sơ ${dossier.code}`);
  await expect(list).toContainText('đã được gửi trực tuyến');
  await shots(page, 'notifications-citizen');
  await page.getByTestId('read-all').click();
  await expect(page.getByTestId('bell-count')).toHaveCount(0);

  // Settings: SMS only, quiet from 21:00 to 07:00.
  const form = page.getByTestId('prefs-form');
  await form.getByLabel('Thư điện tử').uncheck();
  await form.getByLabel('Tin nhắn SMS').check();
  await form.getByLabel('Zalo').uncheck();
  await form.getByLabel('Không gửi qua các kênh trong khoảng giờ này').check();
  await form.locator('input[name="quiet-start"]').fill('21:00');
  await form.locator('input[name="quiet-end"]').fill('07:00');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu cài đặt thông báo.')).toBeVisible();
  const saved = await page.evaluate(async () => (await fetch('/api/v1/notifications/preferences')).json());
  expect(saved.channels).toEqual(['sms']);
  expect(saved.quietHours).toEqual({ start: '21:00', end: '07:00' });
});

test('the provincial office reads the monthly task digest on its screen', async ({ page }) => {
  await logIn(page, 'provincial_office');
  await page.goto('/giam-sat/nhiem-vu/tong-hop-thang?thang=2026-10');
  await expect(page.getByRole('heading', { name: 'Tổng hợp nhiệm vụ hằng tháng' })).toBeVisible();
  await expect(page.getByTestId('digest-totals')).toContainText('Tổng số');
  await expect(page.locator('.digest-table tbody tr').first()).toBeVisible();
  await shots(page, 'notifications-digest');
  // The digest also reached the office's notification centre (the server's outbox worker delivers it).
  await expect
    .poll(async () => page.evaluate(async () => ((await (await fetch('/api/v1/notifications?limit=100')).json()) as { items: { title: string }[] }).items.map((n) => n.title).join('|')), { timeout: 30_000 })
    .toContain('Báo cáo tổng hợp nhiệm vụ tháng 10/2026');
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-list')).toContainText('Báo cáo tổng hợp nhiệm vụ tháng 10/2026', { timeout: 30_000 });
});
