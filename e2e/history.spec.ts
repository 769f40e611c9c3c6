import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { shots } from './helpers.js';

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);
}

const EXAMPLE = fileURLToPath(new URL('../docs/examples/history-import.example.ndjson', import.meta.url));

test.describe.configure({ timeout: 180_000 });

// Issue 18 §3: an administrator dry-runs then imports a history file; the demo's own year is listed.
test('history import: dry run writes nothing, the import writes the dossiers, a second import skips them', async ({ page }) => {
  await logIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhập lịch sử hồ sơ' }).click();
  await expect(page).toHaveURL(/\/quan-tri\/nhap-lich-su$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập lịch sử hồ sơ' })).toBeVisible();
  // The demo seed loaded its generated year through the importer.
  await expect(page.getByTestId('history-runs').getByRole('row').filter({ hasText: 'demo-history.zip' })).toContainText('0 bị từ chối');

  await page.getByLabel('Chọn tệp (.ndjson, .xlsx, .zip)').setInputFiles(EXAMPLE);
  await page.getByTestId('history-dry-run').click();
  await expect(page.getByTestId('history-job').locator('p[role=status]')).toHaveText('Chạy thử xong: 4 hồ sơ sẽ được nhập, 0 đã có (bỏ qua), 0 bị từ chối', {
    timeout: 60_000,
  });
  const before = await page.request.get('/api/v1/dossiers?q=HTH-2026-00001');
  expect((await before.json()).total).toBe(0);

  await page.getByTestId('history-import').click();
  await expect(page.getByTestId('history-job').locator('p[role=status]')).toHaveText('Nhập xong: 4 hồ sơ đã nhập, 0 đã có (bỏ qua), 0 bị từ chối', {
    timeout: 60_000,
  });
  await shots(page, 'history-import');
  const after = await page.request.get('/api/v1/dossiers?q=HTH-2026-00001');
  expect((await after.json()).total).toBe(1);

  await page.getByTestId('history-import').click();
  await expect(page.getByTestId('history-job').locator('p[role=status]')).toHaveText('Nhập xong: 0 hồ sơ đã nhập, 4 đã có (bỏ qua), 0 bị từ chối', {
    timeout: 60_000,
  });

  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dossier history import' })).toBeVisible();
});

test('the history import is for administrators only', async ({ page }) => {
  await logIn(page, 'provincial_office');
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhập lịch sử hồ sơ' })).toHaveCount(0);
  expect((await page.request.get('/api/v1/dossiers/imports')).status()).toBe(403);
});
