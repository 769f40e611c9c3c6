import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { PASSWORD, shots } from './helpers.js';

/**
 * The dossier list's XLSX export (issue 23): the button follows the selected queue and filters,
 * and the file holds the listed dossiers under a frozen header.
 */
test('an officer exports the dossier list with its queue and filters', async ({ page }) => {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('one_stop_officer');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);

  await page.goto('/mot-cua/ho-so?hang=all');
  const exportLink = page.getByTestId('dossier-list-export');
  await expect(exportLink).toHaveText('Xuất danh sách (XLSX)');
  await expect(exportLink).toHaveAttribute('href', '/api/v1/dossiers/export.xlsx');
  const rows = page.locator('#dossier-list tbody tr');
  await expect(rows.first()).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 900 });
  await shots(page, 'dossier-list-export');

  const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
  expect(download.suggestedFilename()).toBe('danh-sach-ho-so.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const head = (ws.views[0] as { ySplit?: number }).ySplit ?? 0;
  expect(ws.getRow(head).getCell(2).value).toBe('Mã hồ sơ');
  expect(ws.rowCount - head).toBeGreaterThan(0);
  expect(ws.getRow(head + 1).getCell(1).value).toBe(1);

  await page.getByRole('tab', { name: /Chờ tiếp nhận/ }).click();
  await expect(exportLink).toHaveAttribute('href', '/api/v1/dossiers/export.xlsx?queue=to_receive');
});
