import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { PASSWORD, shots, staff } from './helpers.js';

/**
 * A leader of the provincial office opens the QĐ 766 dashboard, sees the scores, drills down from
 * the timeliness indicator (2.1) to its late dossiers and opens one; the public page shows the
 * province's score without logging in.
 */
test('quality: the leader sees the scores and drills down from 2.1 to the late dossiers', async ({ page }) => {
  test.setTimeout(240_000); // the server delivers the demo's outbox backlog while the test runs
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('provincial_office');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);

  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Chất lượng phục vụ (QĐ 766)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chất lượng phục vụ người dân, doanh nghiệp (QĐ 766)');
  // The demo dossiers span the last four months: look at the last 12 months as a date range.
  await page.getByLabel('Kỳ đánh giá').selectOption('custom');
  const today = new Date(Date.now() + 7 * 3600_000);
  const from = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), 1)).toISOString().slice(0, 10);
  await page.getByLabel('Từ ngày').fill(from);
  await expect(page.getByTestId('q-total')).toBeVisible();
  const total = Number((await page.getByTestId('q-total').innerText()).replace(',', '.'));
  expect(total).toBeGreaterThan(0);
  await expect(page.getByText(/tạm tính/).first()).toBeVisible();
  await expect(page.getByRole('table', { name: /Xếp hạng cơ quan/ }).getByRole('row')).not.toHaveCount(1);
  await page.waitForLoadState('networkidle'); // the charts' data, before the screenshot (no fixed wait)
  await page.screenshot({ path: 'test-results/quality-dashboard.png', fullPage: true });
  // At phone width nothing is wider than the screen (the cards used to overflow to 454 px).
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(page.getByTestId('q-total')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: 'test-results/quality-dashboard-375.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The Excel export runs as a job (issue 23): a progress bar of its parts, then the download.
  // The first progress poll is held (then passed on unchanged) so the bar can be seen.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const started = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/quality/exports'));
  await page.route('**/api/v1/quality/exports/*', async (route) => {
    await held;
    await route.continue();
  });
  const exportButton = page.getByTestId('quality-export');
  await expect(exportButton).toHaveText('Xuất Excel');
  await exportButton.click();
  expect((await started).postDataJSON()).toMatchObject({ from, to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  const progress = page.getByTestId('quality-export-progress');
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await expect(exportButton).toHaveText('Đang xuất…');
  await page.screenshot({ path: 'test-results/quality-export-progress.png', fullPage: true });
  const downloaded = page.waitForEvent('download');
  release();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^chi-so-766-${from}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
  await expect(progress).toContainText(/Đã xuất bảng xếp hạng \(\d+ cơ quan\) và bộ chỉ số\./);
  await page.unroute('**/api/v1/quality/exports/*');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Xếp hạng', 'Chỉ số toàn tỉnh']);
  const ranking = wb.getWorksheet('Xếp hạng')!;
  expect(ranking.views[0] as { state?: string; ySplit?: number }).toMatchObject({ state: 'frozen', ySplit: 4 });
  expect(ranking.getRow(5).getCell(1).value).toBe(1);
  expect(typeof ranking.getRow(5).getCell(3).value).toBe('number');

  await page
    .locator('tr[data-code="DVC_PROGRESS"]')
    .getByRole('button', { name: /Vì sao mất điểm/ })
    .click();
  const drill = page.getByTestId('q-drill');
  await expect(drill.getByRole('heading')).toContainText('2.1');
  await expect(drill).toContainText(/\d+ hồ sơ/);
  const firstCode = drill.getByRole('row').nth(1).getByRole('link');
  await expect(firstCode).toBeVisible();
  await expect(drill).toContainText(/Kết thúc xử lý sau hạn|Đang xử lý, đã quá hạn|nhiều hơn một lần/);
  await page.screenshot({ path: 'test-results/quality-drilldown.png', fullPage: true });
  const code = (await firstCode.innerText()).trim();
  await firstCode.click();
  await expect(page.getByText(code).first()).toBeVisible();

  // The late list of last month, with missing explanations.
  await page.goto('/chat-luong-phuc-vu/tre-han');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ trễ hạn và báo cáo giải trình');
  await expect(page.getByText(/hồ sơ trễ hạn; \d+ đã giải trình/)).toBeVisible();

  // Citizens: the public summary, no login.
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.goto('/danh-gia-chat-luong');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đánh giá chất lượng phục vụ');
  await expect(page.getByTestId('q-total')).toBeVisible();
});

/**
 * Issue 18 §1 (5.4): the officer opens the counter rating screen of a received dossier and hands
 * it over; the applicant rates; the screen then shows only "thank you". The public page of a token
 * (the receipt's QR) rates without an account. The dashboard shows 5.4/5.2 and the information-only
 * indicators with their notes. Screens at 1366 and 375 px.
 */
test('quality: rating at the counter and by link; 5.4, 5.2, 2.2 and 5.1 on the screens', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const officer = await staff(baseURL!, 'one_stop_officer');
  const list = await (await officer.get('/api/v1/dossiers?limit=100')).json();
  const tokens: { id: string; token: string }[] = [];
  for (const d of list.items as { id: string }[]) {
    const r = await officer.post('/api/v1/ratings/counter', { data: { dossierId: d.id } });
    if (r.ok()) tokens.push({ id: d.id, token: (await r.json()).token });
    if (tokens.length === 2) break;
  }
  expect(tokens.length, 'two received, unrated dossiers of the officer').toBe(2);

  // The counter screen (the officer is logged in; the rating is not attributed to them).
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('one_stop_officer');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);
  await page.goto(`/danh-gia-tai-quay/${tokens[0].id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mời ông/bà đánh giá');
  await expect(page.getByText('Cán bộ không xem được lựa chọn')).toBeVisible();
  await shots(page, 'rating-counter');
  await page.getByLabel('Không hài lòng', { exact: true }).check();
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.getByTestId('rate-thanks')).toContainText('Cảm ơn ông/bà đã đánh giá!');
  await expect(page.getByText('Không hài lòng', { exact: true })).toHaveCount(0); // nothing of the choice is left on screen
  await shots(page, 'rating-counter-thanks');
  await page.getByRole('button', { name: 'Trả màn hình cho cán bộ' }).click();
  await expect(page.getByText('Người nộp đã gửi đánh giá.')).toBeVisible();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  // The public page of a token, no login (the receipt's QR opens the same page with a link token).
  await page.goto(`/danh-gia/${tokens[1].token}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đánh giá mức độ hài lòng');
  await page
    .getByRole('group', { name: /Đánh giá chung/ })
    .getByLabel('Rất hài lòng')
    .check();
  await shots(page, 'rating-public');
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.getByTestId('rate-thanks')).toBeVisible();
  await page.goto(`/danh-gia/${tokens[1].token}`);
  await expect(page.getByText('Mỗi hồ sơ chỉ được đánh giá một lần')).toBeVisible();

  // The public QĐ 766 page: the indicator table with notes, 5.4 and 5.2 counts, 2.2 and 5.1.
  await page.goto('/danh-gia-chat-luong');
  await expect(page.getByTestId('q-total')).toBeVisible();
  const row54 = page.locator('tr[data-code="DOSSIER_RECEIVING_SATISFACTION"]');
  await expect(row54).toContainText('90%');
  await expect(row54).not.toContainText('chưa được triển khai');
  await expect(page.locator('tr[data-code="PETITION_PROCESSING_ON_TIME"]')).toContainText('15');
  const details = page.getByTestId('q-portal-details');
  await expect(details).toContainText('Được người nộp đánh giá');
  await expect(details).toContainText('2.2 — Thời gian giải quyết trung bình');
  await expect(details).toContainText('5.1 — Phản ánh, kiến nghị theo phân loại');
  await details.scrollIntoViewIfNeeded();
  await shots(page, 'quality-public-portal');
});
