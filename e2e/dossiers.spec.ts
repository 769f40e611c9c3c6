import { expect, test, type Browser, type Page } from '@playwright/test';

/**
 * Issue #5, the dossier screens end to end on the real server with the demo data: the one-stop
 * officer receives a dossier for 2.000488 (Cấp Phiếu lý lịch tư pháp) at the counter, prints the
 * receipt and forwards it; the specialist of Sở Tư pháp finds it in "Của đơn vị" and moves it on;
 * the unit leader records the result; the officer returns it; the public lookup shows it returned.
 */

const PASSWORD = 'demo12345';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

async function session(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize(DESKTOP);
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page.getByTestId('workspace')).toBeVisible();
  return page;
}

/** A phone-width screenshot of the whole page, plus the same cut into screen-high pieces (a tall image is unreadable when scaled down). */
async function phoneShots(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `test-results/${name}-phone.png`, fullPage: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, i = 1; y < height && i <= 8; y += PHONE.height, i++) {
    await page.screenshot({
      path: `test-results/${name}-phone-${i}.png`,
      fullPage: true,
      clip: { x: 0, y, width: PHONE.width, height: Math.min(PHONE.height, height - y) },
    });
  }
  await page.setViewportSize(DESKTOP);
}

async function act(page: Page, type: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByTestId('dossier-actions').locator(`button[data-action="${type}"]`).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  if (fill) await fill(dialog);
  await dialog.getByTestId('action-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Đã thực hiện' })).toBeVisible();
}

test('a dossier from the counter to the returned result, and its public lookup', async ({ browser }) => {
  // ---- the one-stop officer at the counter ------------------------------------------------------
  const officer = await session(browser, 'one_stop_officer');
  await expect(officer.getByTestId('queue-cards')).toBeVisible();
  await officer.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('Tiếp nhận hồ sơ');
  // The online dossiers waiting for intake are right there, above the counter form, each linked.
  const waiting = officer.getByTestId('intake-waiting');
  await expect(waiting.getByRole('heading', { level: 2 })).toHaveText(/^Hồ sơ trực tuyến chờ tiếp nhận \(\d+\)$/);
  const n = Number((await waiting.getByRole('heading', { level: 2 }).textContent())!.match(/\((\d+)\)/)![1]);
  if (n > 0) await expect(waiting.getByRole('link', { name: `Xem tất cả ${n} hồ sơ chờ tiếp nhận` })).toHaveAttribute('href', '/mot-cua/ho-so?hang=to_receive');
  await officer.screenshot({ path: `${process.env.E2E_OUT ?? 'test-results'}/dossiers-intake-waiting.png` });

  await officer.getByLabel('Tìm thủ tục').fill('ly lich tu phap');
  await officer
    .getByTestId('procedure-hits')
    .getByRole('button', { name: /2\.000488/ })
    .click();
  await expect(officer.getByTestId('chosen-procedure')).toContainText('Cấp Phiếu lý lịch tư pháp');

  // "Tiếp nhận" with nothing ticked: a complete dossier only — the missing components are named.
  await officer.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await expect(officer.getByRole('alert').first()).toContainText('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp');

  const checklist = officer.getByTestId('component-checklist');
  await checklist.getByRole('checkbox', { name: /Tờ khai yêu cầu cấp Phiếu/ }).check();
  await checklist.getByRole('checkbox', { name: /Bản chụp giấy tờ tùy thân/ }).check();
  await officer.getByLabel('Họ và tên').fill('Nguyễn Thị Hồng Đào');
  await officer.getByLabel('Số định danh cá nhân').fill('038190012345');
  await officer.getByLabel('Số điện thoại').fill('0912345678');
  await officer.getByLabel('Địa chỉ').fill('Phường Hạc Thành, tỉnh Thanh Hóa');
  await expect(officer.getByTestId('intake-summary')).toContainText('Đã nhận 2/3');
  await officer.screenshot({ path: 'test-results/dossiers-counter.png', fullPage: true });
  await phoneShots(officer, 'dossiers-counter');

  // Two quick clicks: one Idempotency-Key per form, so one dossier.
  const posts: string[] = [];
  officer.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/dossiers')) posts.push(r.headers()['idempotency-key'] ?? '');
  });
  await officer.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  const result = officer.getByTestId('intake-result');
  await expect(result).toBeVisible();
  const code = (await officer.getByTestId('dossier-code').innerText()).trim();
  expect(code).toMatch(/^[0-9A-Z.]+-\d{6}-\d{4,}$/);
  const lookupKey = (await officer.getByTestId('lookup-key').innerText()).trim();
  expect(lookupKey).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(officer.getByTestId('appointment')).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(buổi (sáng|chiều)\)$/);
  await expect(result.getByTestId('dossier-status')).toContainText('Được tiếp nhận');
  expect(posts.length).toBeGreaterThanOrEqual(1);
  expect(new Set(posts).size).toBe(1);
  await officer.screenshot({ path: 'test-results/dossiers-counter-done.png', fullPage: true });

  const receipt = officer.getByTestId('print-document');
  await expect(receipt).toHaveText('In giấy tiếp nhận');
  await expect(receipt).toHaveAttribute('target', '_blank');
  const pdf = await officer.request.get((await receipt.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  await officer.getByTestId('open-dossier').click();
  await expect(officer.getByTestId('detail-code')).toHaveText(code);
  const detailUrl = officer.url();
  await expect(officer.getByTestId('dossier-documents').locator('a[data-doc="receipt"]')).toBeVisible();
  await act(officer, 'forward');
  await expect(officer.getByTestId('dossier-detail').getByTestId('dossier-status').first()).toContainText('Đang xử lý');
  await expect(officer.getByTestId('dossier-timeline')).toContainText('Chuyển cơ quan giải quyết');

  // ---- the specialist of Sở Tư pháp ---------------------------------------------------------------
  const specialist = await session(browser, 'specialist');
  await specialist.getByTestId('queue-cards').locator('a[data-queue="department"]').click();
  await expect(specialist).toHaveURL(/\/xu-ly\/ho-so\?hang=department$/);
  await expect(specialist.getByRole('tab', { name: /Của đơn vị/ })).toHaveAttribute('aria-selected', 'true');
  await specialist.getByLabel('Từ khóa').fill(code);
  await specialist.getByRole('button', { name: 'Tìm kiếm' }).click();
  const row = specialist.locator(`tr[data-code="${code}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Nguyễn Thị Hồng Đào');
  await specialist.getByRole('button', { name: 'Xóa bộ lọc' }).click();
  // The whole unit's queue (demo data included) before the screenshot.
  await expect.poll(() => specialist.getByTestId('dossier-table').locator('tbody tr').count()).toBeGreaterThan(1);
  await expect(specialist.locator('.dos-table-wrap')).toHaveAttribute('aria-busy', 'false');
  await specialist.screenshot({ path: 'test-results/dossiers-queue.png', fullPage: true });
  await phoneShots(specialist, 'dossiers-queue');
  await specialist.getByLabel('Từ khóa').fill(code);
  await specialist.getByRole('button', { name: 'Tìm kiếm' }).click();
  await row.getByRole('link', { name: code }).click();
  await expect(specialist.getByTestId('detail-code')).toHaveText(code);
  // The specialist hands the step on with an opinion (ý kiến, đề xuất); the timeline keeps it.
  await act(specialist, 'next_step', async (dialog) => {
    await dialog.getByLabel('Ý kiến, đề xuất gửi bước sau').fill('Hồ sơ đủ điều kiện; đề nghị lãnh đạo ký cấp phiếu.');
  });
  await expect(specialist.getByTestId('dossier-timeline')).toContainText('Chuyển bước xử lý');
  await expect(specialist.getByTestId('dossier-timeline')).toContainText('đề nghị lãnh đạo ký cấp phiếu');

  // ---- the unit leader records the result -----------------------------------------------------------
  const leader = await session(browser, 'unit_leader');
  await leader.screenshot({ path: 'test-results/dossiers-workspace.png', fullPage: true });
  await leader.goto(detailUrl);
  await act(leader, 'result_ready', async (dialog) => {
    await dialog.getByLabel('Số văn bản kết quả').fill('1234/LLTP');
    await dialog.getByLabel('Người ký').fill('Phạm Quốc Hưng');
    await leader.screenshot({ path: 'test-results/dossiers-action-dialog.png' });
  });
  await expect(leader.getByTestId('dossier-detail').getByTestId('dossier-status').first()).toContainText('Đã xử lý xong');

  // ---- the officer returns it ---------------------------------------------------------------------
  await officer.reload();
  await act(officer, 'return_result', async (dialog) => {
    await expect(dialog.getByLabel('Người nhận kết quả')).toHaveValue('Nguyễn Thị Hồng Đào');
  });
  await expect(officer.getByTestId('dossier-detail').getByTestId('dossier-status').first()).toContainText('Đã trả kết quả');
  await expect(officer.getByTestId('dossier-actions')).toHaveCount(0);
  await officer.screenshot({ path: 'test-results/dossiers-detail.png', fullPage: true });
  await phoneShots(officer, 'dossiers-detail');

  // ---- anyone can see its status by its code; the details need the receipt's lookup key ----------
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/tra-cuu?ma=${encodeURIComponent(code)}`);
  await expect(visitor.getByTestId('lookup-status')).toHaveText('Đã trả kết quả');
  await expect(visitor.getByTestId('lookup-result')).toContainText('Nhập mã tra cứu');
  await expect(visitor.getByTestId('lookup-result')).not.toContainText('Nguyễn T. H. Đào');
  await visitor.getByLabel('Mã tra cứu').fill(lookupKey.toLowerCase());
  await visitor.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(visitor.getByTestId('lookup-result')).toContainText('Nguyễn T. H. Đào');
  await expect(visitor.getByTestId('lookup-result')).not.toContainText('038190012345');
  await visitor.screenshot({ path: 'test-results/dossiers-lookup.png', fullPage: true });
  await visitor.goto('/tra-cuu?ma=000.00.15.H56-991231-9999');
  await expect(visitor.getByRole('alert')).toContainText('Không tìm thấy hồ sơ có mã 000.00.15.H56-991231-9999');
  await visitor.goto('/tra-cuu?ma=KHONG-HOP-LE');
  await expect(visitor.getByRole('alert')).toContainText('không đúng định dạng');
});

test('a stale version is answered with the server’s Vietnamese detail and the page reloads', async ({ browser }) => {
  const officer = await session(browser, 'one_stop_officer');
  await officer.goto('/mot-cua/ho-so?hang=all');
  await officer.getByLabel('Trạng thái').selectOption('2');
  // Wait for the filtered list itself, not the rows of the previous one.
  await Promise.all([
    officer.waitForResponse((r) => r.url().includes('/api/v1/dossiers?') && r.url().includes('status=2') && r.ok()),
    officer.getByRole('button', { name: 'Tìm kiếm' }).click(),
  ]);
  const first = officer.getByTestId('dossier-table').locator('tbody tr').first();
  await expect(first).toContainText('Được tiếp nhận');
  await first.getByRole('link').first().click();
  await expect(officer.getByTestId('dossier-detail')).toBeVisible();
  const id = officer.url().split('/').pop()!;
  // Someone else acts first (through the API, with the officer's own session).
  const before = await (await officer.request.get(`/api/v1/dossiers/${id}`)).json();
  await officer.getByTestId('dossier-actions').locator('button[data-action="forward"]').click();
  const other = await officer.request.post(`/api/v1/dossiers/${id}/actions`, {
    data: { type: 'forward', version: before.version },
    headers: { 'x-requested-with': 'motcua' },
  });
  expect(other.status()).toBe(200);
  await officer.getByRole('dialog').getByTestId('action-submit').click();
  await expect(officer.getByRole('alert')).toContainText(/phiên bản|tải lại/i);
  await expect(officer.getByTestId('dossier-detail').getByTestId('dossier-status').first()).toContainText('Đang xử lý');
});
