import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';

const SEED = path.resolve('src/modules/tasks/seed/ke-hoach-003.txt');

async function pickPlan(page: Page, number: string): Promise<void> {
  const select = page.getByLabel('Kế hoạch / văn bản');
  const value = await select.locator('option', { hasText: number }).first().getAttribute('value');
  await select.selectOption(value!);
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);
}

test('the provincial office imports the appendix and assigns; a department reports progress', async ({ page }) => {
  // 1. Văn phòng UBND tỉnh imports the seed plan's appendix as it is.
  await logIn(page, 'provincial_office');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhiệm vụ' }).click();
  await expect(page.getByTestId('tasks-board')).toBeVisible();
  await page.getByRole('link', { name: 'Nhập kế hoạch' }).click();
  await page.getByLabel('Tệp phụ lục').setInputFiles(SEED);
  await page.getByLabel('Số văn bản').fill('999/KH-UBND');
  // A preview first: the plan and its tasks as they would be recorded; nothing is written yet.
  await page.getByRole('button', { name: 'Xem trước' }).click();
  const preview = page.getByTestId('import-preview');
  await expect(preview).toContainText('Sẽ nhập 28 nhiệm vụ trong 5 mục.');
  await expect(preview).toContainText('999/KH-UBND');
  await expect(preview.locator('tbody tr')).toHaveCount(28);
  await expect(preview).toContainText('Cục Thống kê tỉnh');
  await page.screenshot({ path: 'test-results/tasks-import-preview.png', fullPage: true });
  // The import runs as a job: the screen shows its progress until it ends. The first progress poll
  // is held (then passed to the server unchanged) so the bar can be looked at before the result.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/v1/plans/imports/*', async (route) => {
    await held;
    await route.continue();
  });
  await preview.getByRole('button', { name: 'Xác nhận nhập 28 nhiệm vụ' }).click();
  const progress = page.getByTestId('import-progress');
  await expect(progress).toContainText('Đang nhập kế hoạch…');
  await expect(progress.getByRole('progressbar')).toBeVisible();
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.screenshot({ path: 'test-results/tasks-import-progress-1366.png', fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await page.screenshot({ path: 'test-results/tasks-import-progress-375.png', fullPage: true });
  if (size) await page.setViewportSize(size);
  release();
  const result = page.getByTestId('import-result');
  await expect(result).toContainText('Đã nhập 28 nhiệm vụ trong 5 mục', { timeout: 60_000 }); // the import writes 28 tasks: allow a busy machine
  await expect(result).toContainText('Cục Thống kê tỉnh', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/tasks-import-review.png', fullPage: true });
  await page.unroute('**/api/v1/plans/imports/*');

  // 2. It assigns the unmatched "Cục Thống kê tỉnh" (its duties now sit with Sở Tài chính) on the review screen.
  await result.getByLabel('Ánh xạ tới Cục Thống kê tỉnh').selectOption({ label: 'Sở Tài chính' });
  await result.getByRole('button', { name: 'Ánh xạ' }).click();
  await expect(result).toContainText('Mọi tên cơ quan đã khớp danh mục.');

  // The board lists the plan's tasks with the plan's own words.
  await result.getByRole('link', { name: 'Xem danh sách nhiệm vụ' }).click();
  await pickPlan(page, '999/KH-UBND');
  const board = page.getByTestId('tasks-board');
  await expect(board.getByRole('cell', { name: 'Tháng 11/2022, chậm nhất tháng 3/2023' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/tasks-board-office.png' });
  await page.context().clearCookies();

  // 3. Sở Tư pháp (a department user) reports progress on the task it leads.
  await logIn(page, 'specialist');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhiệm vụ' }).click();
  await expect(page.getByRole('tab', { name: 'Chủ trì' })).toHaveAttribute('aria-selected', 'true');
  await pickPlan(page, '999/KH-UBND');
  const link = page.getByRole('link', { name: /^Nâng cao chất lượng thẩm định/ });
  await expect(link).toHaveCount(1); // only the plan just imported
  await link.click();
  const form = page.getByTestId('report-form');
  await form.getByLabel('Tình trạng').selectOption('in_progress');
  await form.getByLabel('Tỷ lệ hoàn thành (%)').fill('70');
  await form.getByLabel('Kết quả thực hiện').fill('Đã thẩm định 9 dự thảo văn bản có quy định thủ tục hành chính.');
  await form.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await expect(form).toContainText('Đã gửi báo cáo.');
  const detail = page.getByTestId('task-detail');
  await expect(detail).toContainText('Đã thẩm định 9 dự thảo');
  await expect(detail).toContainText('Chờ Văn phòng xem xét');
  await page.screenshot({ path: 'test-results/tasks-detail-report.png', fullPage: true });
});
