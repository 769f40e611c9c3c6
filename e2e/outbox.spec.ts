import { expect, test, type Page } from '@playwright/test';

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);
}

test.describe.configure({ timeout: 120_000 });

// Issue 17 §1: the operators' view of the outbox.
test('an admin opens the message queue: every consumed topic with its consumer, dead messages, audit-only topics', async ({ page }) => {
  await logIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hàng đợi thông điệp' }).click();
  await expect(page).toHaveURL(/\/quan-tri\/hang-doi$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Hàng đợi thông điệp' })).toBeVisible();
  await expect(page.getByTestId('outbox-summary')).toContainText('Đang chờ:');
  const sync = page.getByTestId('outbox-topics').getByRole('row').filter({ hasText: 'national.sync' });
  await expect(sync).toContainText('national-portal');
  await expect(page.getByTestId('outbox-topics').getByRole('row').filter({ hasText: 'quality.dossier_changed' })).toContainText('quality-read-model');
  await expect(page.getByTestId('outbox-dead')).toContainText('Không có thông điệp hỏng.');
  await page.getByText(/Chủ đề chỉ ghi nhật ký \(\d+\)/).click();
  await expect(page.getByText('tasks.task.assigned', { exact: true })).toBeVisible();

  // English, complete.
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Message queue' })).toBeVisible();
  await expect(page.getByTestId('outbox-summary')).toContainText('Waiting:');
});

test('the message queue is for administrators only', async ({ page }) => {
  await logIn(page, 'provincial_office');
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hàng đợi thông điệp' })).toHaveCount(0);
  const r = await page.request.get('/api/v1/admin/outbox');
  expect(r.status()).toBe(403);
});
