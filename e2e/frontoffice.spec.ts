import { expect, test, type Browser, type Page } from '@playwright/test';
import { PASSWORD, shots } from './helpers.js';

/**
 * The one-stop centre's front office with its devices at their real sizes: a portrait kiosk
 * (1080×1920) prints a priority ticket, the officer calls it at counter 1 (1366 px and phone), the
 * TV call screen (1920×1080) shows the call live over SSE, the counter's tablet (1280×800) takes
 * the rating once, and the ticket's QR page follows the queue on a phone. Devices are paired with
 * the demo tokens (demo mode only), each in its own browser context like a separate machine.
 */
const OUT = process.env.E2E_OUT ?? 'test-results';
const TOKENS = { kiosk: 'demo-kiosk-thanhhoa-0000000001', screen: 'demo-screen-thanhhoa-000000001', tablet: 'demo-tablet-thanhhoa-quay1-0001' };

async function device(browser: Browser, token: string, size: { width: number; height: number }): Promise<Page> {
  const ctx = await browser.newContext({ viewport: size, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await ctx.newPage();
  // window.print() opens no dialog in the test; we record that it was asked for.
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  await page.goto(`/quay/ghep-noi#token=${token}`);
  return page;
}

test('front office: kiosk ticket → counter call → call screen → rating tablet → follow page', async ({ browser, page }) => {
  test.setTimeout(300_000);
  // Free the counter if an earlier run left it open is not needed: E2E data is fresh each run.
  const screen = await device(browser, TOKENS.screen, { width: 1920, height: 1080 });
  await expect(screen).toHaveURL(/\/quay\/man-hinh$/);
  await expect(screen.getByTestId('fo-screen')).toContainText('Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa'.toUpperCase(), { ignoreCase: true });

  const kiosk = await device(browser, TOKENS.kiosk, { width: 1080, height: 1920 });
  await expect(kiosk).toHaveURL(/\/quay\/kiosk$/);
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('Lấy số thứ tự');
  await expect(kiosk.getByTestId('fo-kiosk-area')).toHaveCount(3);
  await kiosk.screenshot({ path: `${OUT}/frontoffice-kiosk.png` });
  // English toggle, then back.
  await kiosk.getByTestId('fo-lang').click();
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('Take a number');
  await kiosk.screenshot({ path: `${OUT}/frontoffice-kiosk-en.png` });
  await kiosk.getByTestId('fo-lang').click();
  await kiosk.getByRole('button', { name: 'Người cao tuổi' }).click();
  await kiosk.getByTestId('fo-kiosk-area').first().click();
  const number = (await kiosk.getByTestId('fo-ticket-number').innerText()).trim();
  expect(Number(number)).toBeGreaterThan(1000);
  await expect(kiosk.getByTestId('fo-ticket')).toContainText('Người cao tuổi');
  await expect(kiosk.getByTestId('fo-ticket')).toContainText('Số người đang chờ trước: 0');
  await expect.poll(() => kiosk.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await expect(kiosk.locator('.fo-ticket-qr')).toHaveJSProperty('complete', true);
  await kiosk.screenshot({ path: `${OUT}/frontoffice-kiosk-ticket.png` });
  await kiosk.emulateMedia({ media: 'print' });
  await kiosk.screenshot({ path: `${OUT}/frontoffice-ticket-print.png` });
  await kiosk.emulateMedia({ media: 'screen' });
  const followHref = await kiosk.locator('.fo-ticket-qr').getAttribute('src');
  const followToken = /follow\/([^/]+)\/qr\.svg/.exec(followHref ?? '')![1];

  // The officer takes counter 1 and calls the next number.
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('one_stop_officer');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Quầy gọi số' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quầy tiếp nhận — gọi số');
  await page.getByTestId('fo-take-counter').filter({ hasText: /^Quầy 1$/ }).click();
  await expect(page.getByTestId('fo-waiting').first()).toContainText(number);
  await shots(page, 'frontoffice-counter-queue');
  await page.getByTestId('fo-call-next').click();
  await expect(page.getByTestId('fo-current-number')).toHaveText(number);

  // The TV shows the call at once (SSE), with the sentence it speaks.
  await expect(screen.getByTestId('fo-flash')).toContainText(`Mời công dân số ${number} đến quầy số 1`);
  await expect(screen.getByTestId('fo-call-row').first()).toContainText(number);
  await screen.screenshot({ path: `${OUT}/frontoffice-call-screen.png` });
  await shots(page, 'frontoffice-counter-serving');

  await page.getByTestId('fo-finish').click();
  await expect(page.getByTestId('fo-call-next')).toBeVisible();

  // The counter's tablet asks for a rating of that service, once.
  const tablet = await device(browser, TOKENS.tablet, { width: 1280, height: 800 });
  await expect(tablet).toHaveURL(/\/quay\/danh-gia$/);
  await expect(tablet.getByTestId('fo-tablet')).toContainText(`Lượt phục vụ số ${number} tại quầy 1`);
  await tablet.getByTestId('fo-level-1').click();
  await tablet.getByLabel('Thời gian chờ lâu').check();
  await tablet.screenshot({ path: `${OUT}/frontoffice-tablet.png` });
  await tablet.getByTestId('fo-rate-send').click();
  await expect(tablet.getByRole('status')).toHaveText('Cảm ơn ông/bà đã đánh giá!');
  await tablet.screenshot({ path: `${OUT}/frontoffice-tablet-thanks.png` });
  await expect(tablet.getByTestId('fo-tablet')).toContainText('Quầy 1: chưa có lượt phục vụ nào cần đánh giá.', { timeout: 15_000 });
  // The officer's screen shows nothing of the rating.
  await expect(page.locator('body')).not.toContainText('Không hài lòng');

  // The ticket's QR page on a phone.
  const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'vi-VN' });
  const follow = await phone.newPage();
  await follow.goto(`/quay/theo-doi?ma=${followToken}`);
  await expect(follow.getByTestId('fo-follow')).toContainText('Đã phục vụ xong');
  await follow.screenshot({ path: `${OUT}/frontoffice-follow-phone.png`, fullPage: true });

  // The public board of results ready to collect (codes only) on a TV.
  const agencies = await (await page.request.get(`/api/v1/agencies?q=${encodeURIComponent('Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa')}&current=true`)).json();
  const board = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await board.goto(`/quay/bang-ket-qua?co-quan=${agencies.items[0].id}`);
  await expect(board.getByTestId('fo-board')).toContainText('Hồ sơ đã có kết quả');
  await board.screenshot({ path: `${OUT}/frontoffice-board.png` });
  // The kiosk's look-up by the receipt QR: a scanned lookup link opens the public lookup.
  await kiosk.goto('/quay/kiosk'); // back to the start screen (the ticket screen resets itself after 30 s)
  await kiosk.getByLabel('Tra cứu hồ sơ: quét mã QR trên giấy tiếp nhận').fill('http://127.0.0.1/tra-cuu?ma=000.00.00.H56-261207-0001&k=ABCD');
  await kiosk.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(kiosk).toHaveURL(/\/tra-cuu\?ma=000\.00\.00\.H56-261207-0001&k=ABCD$/);

  // An unpaired browser gets the pairing notice, not the kiosk.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto('/quay/kiosk');
  await expect(stranger.getByTestId('fo-not-paired')).toBeVisible();
});
