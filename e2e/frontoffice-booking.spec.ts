import { expect, test } from '@playwright/test';
import { PASSWORD, PHONE, axe, shots } from './helpers.js';

/**
 * Appointments (issue 22): a signed-in citizen opens a procedure, books a counter slot at the
 * provincial centre, sees the booking with its code and QR, finds it under "Lịch hẹn của tôi",
 * the centre's kiosk (1080×1920) reads the code and explains why it cannot check in today
 * (the booking is for a later day: check-in itself, with its early/on-time/late rule, is covered
 * by the API tests at fixed instants), then the citizen cancels it. Screens at 1366 px and 375 px,
 * axe on the new screens.
 */
const OUT = process.env.E2E_OUT ?? 'test-results';
const KIOSK = 'demo-kiosk-thanhhoa-0000000001';

test('appointments: procedure page → book a slot → booking with QR → my appointments → kiosk → cancel', async ({ browser, page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const r = await page.request.post('/api/v1/auth/login', { data: { username: 'citizen', password: PASSWORD } });
  expect(r.ok()).toBeTruthy();

  await page.goto('/thu-tuc/2.000488');
  await page.getByTestId('procedure-book').click();
  await expect(page).toHaveURL(/\/dat-lich\?thu-tuc=2\.000488$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đặt lịch hẹn nộp hồ sơ');
  await expect(page.getByTestId('fo-book-centre')).toContainText('Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa');
  // The centre's reception hours, where the citizen chooses the day.
  await expect(page.getByTestId('fo-hours')).toContainText('Giờ tiếp nhận');
  await expect(page.getByTestId('fo-hours')).toContainText('Thứ Hai');
  // The first day ahead with a free slot (weekends and holidays have none).
  const slot = page.locator('.fo-slot:not(.full)').first();
  for (let d = 1; d <= 10; d++) {
    const date = new Date(Date.now() + 7 * 3_600_000 + d * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('fo-book-date').fill(date);
    await page.waitForLoadState('networkidle');
    if (await slot.count()) break;
  }
  await expect(slot).toBeVisible();
  await expect(page.getByTestId('fo-book-name')).not.toHaveValue('');
  await page.getByTestId('fo-book-phone').fill('0912 345 678');
  await slot.click();
  await page.waitForLoadState('networkidle');
  expect(await axe(page), 'axe: booking form').toEqual([]);
  await shots(page, 'frontoffice-booking');
  await page.getByTestId('fo-book-submit').click();

  await expect(page).toHaveURL(/\/dat-lich\/xem\?ma=[0-9A-Z]{8}$/);
  const code = (await page.getByTestId('fo-booking-code').innerText()).trim();
  await expect(page.getByTestId('fo-booking')).toContainText('Đã đặt');
  await expect(page.getByTestId('fo-booking')).toContainText('091****678');
  await expect(page.locator('.fo-booking-qr')).toHaveJSProperty('complete', true);
  await page.waitForLoadState('networkidle');
  expect(await axe(page), 'axe: booking').toEqual([]);
  await shots(page, 'frontoffice-booking-view');
  // The same booking in English.
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Booking code');
  await expect(page.getByTestId('fo-booking')).toContainText('Booked');
  await expect(page.getByTestId('fo-booking')).toContainText('Scan this code at the centre');
  await page.screenshot({ path: `${OUT}/frontoffice-booking-view-en.png`, fullPage: true });
  await page.getByRole('button', { name: 'VI', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mã lịch hẹn');

  await page.goto('/dat-lich');
  await expect(page.getByRole('heading', { name: 'Lịch hẹn của tôi' })).toBeVisible();
  await expect(page.getByRole('link', { name: code })).toBeVisible();

  // The kiosk reads the code as a QR scanner would type the booking link.
  const ctx = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const kiosk = await ctx.newPage();
  await kiosk.goto(`/quay/ghep-noi#token=${KIOSK}`);
  await expect(kiosk).toHaveURL(/\/quay\/kiosk$/);
  await kiosk.getByTestId('fo-kiosk-checkin').click();
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('Xác nhận lịch hẹn');
  await kiosk.getByTestId('fo-checkin-input').fill(`http://localhost/dat-lich/xem?ma=${code}`);
  await kiosk.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await expect(kiosk.getByRole('alert')).toContainText('không phải hôm nay');
  expect(await axe(kiosk), 'axe: kiosk check-in').toEqual([]);
  await kiosk.screenshot({ path: `${OUT}/frontoffice-kiosk-checkin.png` });
  await ctx.close();

  // Cancel (the place goes back).
  await page.goto(`/dat-lich/xem?ma=${code}`);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('fo-booking-cancel').click();
  await expect(page.getByTestId('fo-booking')).toContainText('Đã hủy');
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${OUT}/frontoffice-booking-cancelled-phone.png`, fullPage: true });
});
