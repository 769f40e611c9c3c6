import { expect, test, type Browser, type Page } from '@playwright/test';
import { PASSWORD, axe, shots, staff } from './helpers.js';

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

/** As the administrator on the admin screen: the demo centre receives 00:00–24:00 every day, holidays included. */
async function openAllWeekOnScreen(browser: Browser) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const admin = await ctx.newPage();
  expect((await admin.request.post('/api/v1/auth/login', { data: { username: 'admin', password: PASSWORD } })).ok()).toBeTruthy();
  await admin.goto('/quan-tri/quay');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Quầy, khu vực và thiết bị của trung tâm');
  const form = admin.getByTestId('fo-hours-form');
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: 'Cả tuần 00:00–24:00' }).click();
  await expect(form.getByRole('checkbox', { name: /Tiếp nhận cả ngày nghỉ lễ/ })).toBeChecked();
  await expect(form.getByLabel('Chủ nhật — Đến 1')).toHaveValue('24:00');
  await form.getByTestId('fo-hours-save').click();
  await expect(admin.getByRole('status').filter({ hasText: 'Đã lưu giờ tiếp nhận.' })).toBeVisible();
  await expect(admin.getByText('Lịch riêng của trung tâm')).toBeVisible();
  await admin.waitForLoadState('networkidle');
  expect(await axe(admin), 'axe: admin screen with the hours editor').toEqual([]);
  await shots(admin, 'frontoffice-admin-hours');
  // A bad period is refused with its reason, and nothing changes.
  await form.getByLabel('Thứ Hai — Đến 1').fill('25:00');
  await form.getByTestId('fo-hours-save').click();
  await expect(admin.getByRole('alert').filter({ hasText: 'Thứ Hai' })).toContainText('00:00 đến 24:00');
  const hours = await (
    await admin.request.get(
      (await admin.evaluate(() => location.origin)) +
        '/api/v1/agencies?q=' +
        encodeURIComponent('Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa') +
        '&current=true',
    )
  ).json();
  const saved = await (await admin.request.get(`/api/v1/front-office/centres/${hours.items[0].id}/hours`)).json();
  expect(saved.source).toBe('centre');
  expect(saved.weekly.mon).toEqual([{ start: '00:00', end: '24:00' }]);
  expect(saved.servesOnHolidays).toBe(true);
  // The same screen in English.
  await admin.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(admin.getByRole('heading', { name: 'Reception hours' })).toBeVisible();
  await admin.screenshot({ path: `${OUT}/frontoffice-admin-hours-en.png`, fullPage: true });
  await admin.getByRole('button', { name: 'VI', exact: true }).click();
  await ctx.close();
}

test('front office: kiosk ticket → counter call → call screen → rating tablet → follow page', async ({ browser, page }) => {
  test.setTimeout(300_000);
  await openAllWeekOnScreen(browser);
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
  await page
    .getByTestId('fo-take-counter')
    .filter({ hasText: /^Quầy 1$/ })
    .click();
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
  const agencies = await (
    await page.request.get(`/api/v1/agencies?q=${encodeURIComponent('Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa')}&current=true`)
  ).json();
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

test('counter → reception form → dossier linked to its ticket, shown on the dossier and in the statistics', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  // Any hour: the demo centre receives all week (through the real API, as the administrator).
  const admin = await staff(baseURL!, 'admin');
  const agencies = await (await admin.get(`/api/v1/agencies?q=${encodeURIComponent('Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa')}&current=true`)).json();
  const centre = agencies.items[0].id as string;
  const current = await (await admin.get(`/api/v1/front-office/centres/${centre}/hours`)).json();
  const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]));
  const put = await admin.put(`/api/v1/front-office/centres/${centre}/hours`, { data: { weekly: allWeek, servesOnHolidays: true, version: current.version } });
  expect(put.status(), await put.text()).toBe(200);
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const statsBefore = await (await admin.get(`/api/v1/front-office/stats?agencyId=${centre}&from=${today}&to=${today}`)).json();

  // A citizen takes a number at the kiosk (its API, as the paired kiosk does).
  const kiosk = { 'x-device-token': TOKENS.kiosk };
  const info = await (await page.request.get('/api/v1/front-office/kiosk', { headers: kiosk })).json();
  expect(info.open).toBe(true);
  const taken = await page.request.post('/api/v1/front-office/kiosk/tickets', { headers: kiosk, data: { areaId: info.areas[0].id } });
  expect(taken.status(), await taken.text()).toBe(201);
  const number = String((await taken.json()).number);

  // The officer calls it at counter 1.
  await page.setViewportSize({ width: 1366, height: 900 });
  expect((await page.request.post('/api/v1/auth/login', { data: { username: 'one_stop_officer', password: PASSWORD } })).ok()).toBeTruthy();
  await page.goto('/quay/lam-viec');
  await expect(page.getByTestId('fo-call-next').or(page.getByTestId('fo-take-counter').first()).or(page.getByTestId('fo-finish'))).toBeVisible();
  if (await page.getByTestId('fo-take-counter').count())
    await page
      .getByTestId('fo-take-counter')
      .filter({ hasText: /^Quầy 1$/ })
      .click();
  if (await page.getByTestId('fo-finish').count()) await page.getByTestId('fo-finish').click(); // a ticket left open by an earlier test
  await page.getByTestId('fo-call-next').click();
  await expect(page.getByTestId('fo-current-number')).toHaveText(number);

  // "Tiếp nhận hồ sơ cho số này" opens the reception form for that ticket.
  await page.getByTestId('fo-receive-dossier').click();
  await expect(page).toHaveURL(/\/mot-cua\/tiep-nhan\?so-thu-tu=/);
  await expect(page.getByTestId('intake-ticket')).toHaveText(`Tiếp nhận hồ sơ cho số thứ tự ${number} (đang phục vụ tại quầy của bạn).`);
  await page.getByLabel('Tìm thủ tục').fill('ly lich tu phap');
  await page
    .getByTestId('procedure-hits')
    .getByRole('button', { name: /2\.000488/ })
    .click();
  await expect(page.getByTestId('chosen-procedure')).toContainText('Cấp Phiếu lý lịch tư pháp');
  const checklist = page.getByTestId('component-checklist');
  await checklist.getByRole('checkbox', { name: /Tờ khai yêu cầu cấp Phiếu/ }).check();
  await checklist.getByRole('checkbox', { name: /Bản chụp giấy tờ tùy thân/ }).check();
  await page.getByLabel('Họ và tên').fill('Lê Văn Quầy');
  await page.getByLabel('Số định danh cá nhân').fill('038190054321');
  await page.getByLabel('Số điện thoại').fill('0912345679');
  await page.getByLabel('Địa chỉ').fill('Phường Hạc Thành, tỉnh Thanh Hóa');
  await shots(page, 'frontoffice-intake-from-ticket');
  await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await expect(page.getByTestId('intake-result')).toBeVisible();
  await expect(page.getByTestId('intake-ticket-linked')).toHaveText(`Đã gắn hồ sơ với số thứ tự ${number}.`);
  const code = (await page.getByTestId('dossier-code').innerText()).trim();
  await shots(page, 'frontoffice-intake-linked');

  // The dossier page shows the ticket it came from.
  await page.getByTestId('open-dossier').click();
  await expect(page.getByTestId('detail-code')).toHaveText(code);
  await expect(page.getByTestId('dossier-ticket')).toContainText(`Tiếp nhận từ số thứ tự ${number} — khu vực ${info.areas[0].code}, quầy 1`);
  await shots(page, 'frontoffice-dossier-ticket');

  // Back at the counter: the ticket has its dossier (no second reception link); finish it.
  await page.goto('/quay/lam-viec');
  await expect(page.getByTestId('fo-current-number')).toHaveText(number);
  await expect(page.getByTestId('fo-receive-dossier')).toHaveCount(0);
  await page.getByTestId('fo-finish').click();
  await expect(page.getByTestId('fo-call-next')).toBeVisible();

  // The statistics count the link.
  const statsAfter = await (await admin.get(`/api/v1/front-office/stats?agencyId=${centre}&from=${today}&to=${today}`)).json();
  expect(statsAfter.total.dossiers).toBe(statsBefore.total.dossiers + 1);
  await page.goto(`/quay/thong-ke?agencyId=${centre}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thống kê quầy');
  await page.getByLabel('Từ ngày').fill(today);
  await expect(page.getByText(`Gắn hồ sơ: ${statsAfter.total.dossiers}`)).toBeVisible();
  await shots(page, 'frontoffice-stats-dossiers');
  await admin.dispose();
});
