import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { PASSWORD, shots } from './helpers.js';

/**
 * The dossier list's XLSX export (issue 23): the button follows the selected queue and filters,
 * runs the export as a job with a progress bar, and the file holds the listed dossiers under a
 * frozen header.
 */
test('an officer exports the dossier list with its queue and filters', async ({ page }) => {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('one_stop_officer');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);

  await page.goto('/mot-cua/ho-so?hang=all');
  const exportButton = page.getByTestId('dossier-list-export');
  await expect(exportButton).toHaveText('Xuất danh sách (XLSX)');
  const rows = page.locator('#dossier-list tbody tr');
  await expect(rows.first()).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 900 });
  await shots(page, 'dossier-list-export');

  // The export runs as a job: a progress bar, then the download. The first progress poll is held
  // (then passed to the server unchanged) so the bar can be looked at.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const started = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/dossiers/exports'));
  await page.route('**/api/v1/dossiers/exports/*', async (route) => {
    await held;
    await route.continue();
  });
  await exportButton.click();
  expect((await started).postDataJSON()).toEqual({});
  const progress = page.getByTestId('dossier-export-progress');
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await expect(exportButton).toHaveText('Đang xuất…');
  await shots(page, 'dossier-list-export-progress');
  await page.setViewportSize({ width: 1366, height: 900 });
  const downloaded = page.waitForEvent('download');
  release();
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe('danh-sach-ho-so.xlsx');
  await expect(progress).toContainText(/Đã xuất \d+ dòng/);
  await page.unroute('**/api/v1/dossiers/exports/*');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const head = (ws.views[0] as { ySplit?: number }).ySplit ?? 0;
  expect(ws.getRow(head).getCell(2).value).toBe('Mã hồ sơ');
  expect(ws.rowCount - head).toBeGreaterThan(0);
  expect(ws.getRow(head + 1).getCell(1).value).toBe(1);

  // The queue follows the selected tab.
  await page.getByRole('tab', { name: /Chờ tiếp nhận/ }).click();
  const again = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/dossiers/exports'));
  await exportButton.click();
  expect((await again).postDataJSON()).toEqual({ queue: 'to_receive' });
  await page.waitForEvent('download');
});
