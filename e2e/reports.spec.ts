import { expect, test, type Page } from '@playwright/test';

/**
 * Periodic reporting (Nghị định 09/2019): Sở Tư pháp fills and submits its quarterly report on
 * Nghị quyết 131 (system figures pre-filled, the leader signs off); the provincial office returns
 * it once, accepts the second version and exports the aggregate.
 */

async function logIn(page: Page, username: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);
}

async function openReports(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Báo cáo' }).click();
  await expect(page.getByTestId('reports-home')).toBeVisible();
}

async function openMyNq131(page: Page): Promise<void> {
  await openReports(page);
  const row = page.getByTestId('my-reports').getByRole('row').filter({ hasText: 'Nghị quyết số 131' }).first();
  await row.getByRole('link').click();
  await expect(page.getByTestId('report-submission')).toBeVisible();
}

async function openTuPhapAsOffice(page: Page): Promise<void> {
  await openReports(page);
  await page.getByTestId('periods').getByRole('row').filter({ hasText: 'Nghị quyết số 131' }).first().getByRole('link').click();
  await expect(page.getByTestId('report-period')).toBeVisible();
  await page.getByTestId('period-submissions').getByRole('link', { name: 'Sở Tư pháp' }).click();
  await expect(page.getByTestId('report-submission')).toBeVisible();
}

// The demo start-up generates hundreds of dossiers and its workers then digest their outbox for a
// minute or two (quality read model, national sync): wait until the server answers promptly.
test.beforeAll(async ({ request }) => {
  test.setTimeout(400_000);
  for (let i = 0; i < 120; i++) {
    const t0 = Date.now();
    await request.get('/api/health');
    if (Date.now() - t0 < 150) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
});

test('a department fills and submits a quarterly report; the office returns it once, accepts version 2 and exports the aggregate', async ({ page }) => {
  test.setTimeout(180_000);
  // 1. The specialist of Sở Tư pháp takes the system figures and writes the outline.
  await logIn(page, 'specialist');
  await openMyNq131(page);
  await expect(page.getByTestId('report-status')).toContainText('Chưa nhập');
  await page.getByTestId('btn-prefill').click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã cập nhật số liệu hệ thống.' })).toBeVisible();
  await expect(page.getByTestId('cell-B01.received.value')).not.toHaveValue('');
  await page.getByTestId('section-I').fill('Sở đã ban hành kế hoạch triển khai Nghị quyết 131/NQ-CP và Kế hoạch của UBND tỉnh.');
  await page.getByTestId('section-II').fill('Hoàn thành các nhiệm vụ được giao đúng tiến độ.');
  await page.getByTestId('section-III').fill('Một số hồ sơ còn quá hạn do thiếu nhân lực.');
  await page.getByTestId('btn-save').click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu.' })).toBeVisible();
  await expect(page.getByTestId('report-status')).toContainText('Đang soạn');
  // A system figure cannot be changed silently.
  await page.getByTestId('cell-B01.received.value').fill('99999');
  await page.getByTestId('btn-save').click();
  await expect(page.getByRole('alert')).toContainText('là số liệu hệ thống');
  await expect(page.getByTestId('annotations-hint').or(page.getByText('Ghi chú giải trình số liệu'))).toBeVisible();
  // Put the system figure back: take the system figures again.
  await page.getByTestId('cell-B01.received.value').fill('');
  await page.getByTestId('btn-prefill').click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã cập nhật số liệu hệ thống.' })).toBeVisible();
  await expect(page.getByTestId('cell-B01.received.value')).not.toHaveValue('99999');
  await page.screenshot({ path: test.info().outputPath('reports-submission.png'), fullPage: true });

  // 2. The leader signs it off and submits.
  await logIn(page, 'unit_leader');
  await openMyNq131(page);
  await page.getByTestId('btn-sign').click();
  await expect(page.getByTestId('report-status')).toContainText('Lãnh đạo đã ký duyệt');
  // The sign-off is a digital signature on the report's PDF (issue 19 §5).
  await expect(page.getByTestId('report-status').getByTestId('report-signature')).toContainText(/Ký số hợp lệ — .*\d\d\/\d\d\/\d{4}/);
  await page.getByTestId('btn-submit').click();
  await expect(page.getByTestId('report-status')).toContainText('Đã gửi, chờ tiếp nhận');

  // 3. The provincial office returns it with a comment.
  await logIn(page, 'provincial_office');
  await openTuPhapAsOffice(page);
  // The receiving office sees the verdict of the signature the version was sent with, and the signed PDF.
  await expect(page.getByTestId('versions').getByTestId('report-signature')).toContainText('Ký số hợp lệ');
  await expect(page.getByTestId('versions').getByRole('link', { name: 'Bản ký số (PDF)' })).toHaveAttribute('href', /signed\.pdf\?version=1$/);
  await page.screenshot({ path: test.info().outputPath('reports-office-signed.png'), fullPage: true });
  await page.getByTestId('btn-return').click();
  await page.getByTestId('return-comment').fill('Đề nghị bổ sung kết quả nhiệm vụ số 20 (chỉ số phục vụ).');
  await page.getByTestId('return-send').click();
  await expect(page.getByTestId('report-status')).toContainText('Bị trả lại');

  // 4. The department completes it; the leader signs and sends version 2.
  await logIn(page, 'unit_leader');
  await openMyNq131(page);
  await expect(page.getByRole('alert')).toContainText('Đề nghị bổ sung kết quả nhiệm vụ số 20');
  await page.getByTestId('section-II').fill('Hoàn thành các nhiệm vụ được giao; nhiệm vụ số 20: công khai chỉ số phục vụ hằng tháng.');
  await page.getByTestId('btn-sign').click();
  await expect(page.getByTestId('report-status')).toContainText('Lãnh đạo đã ký duyệt');
  await page.getByTestId('btn-submit').click();
  await expect(page.getByTestId('report-status')).toContainText('Đã gửi, chờ tiếp nhận');
  await expect(page.getByTestId('versions').getByRole('listitem')).toHaveCount(2);

  // 5. The office accepts version 2 and exports the aggregate.
  await logIn(page, 'provincial_office');
  await openTuPhapAsOffice(page);
  await page.getByTestId('btn-accept').click();
  await expect(page.getByTestId('report-status')).toContainText('Đã tiếp nhận');
  await page.getByRole('link', { name: 'Kỳ báo cáo' }).click();
  await expect(page.getByTestId('period-submissions').getByRole('row').filter({ hasText: 'Sở Tư pháp' })).toContainText('Đã tiếp nhận');
  const agg = page.getByTestId('aggregate');
  await expect(agg).toContainText('Tổng hợp từ 1 báo cáo');
  await expect(agg.getByRole('table').first()).toContainText('Số hồ sơ tiếp nhận mới trong kỳ');
  await page.screenshot({ path: test.info().outputPath('reports-period.png'), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^tong-hop-NQ131-QUY-\d{4}-Q\d\.xlsx$/);
  const pdf = await page.request.get((await page.getByTestId('export-pdf').getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});
