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

/**
 * The tracking book (issue 23) runs as a job too: the received-from/to filter is its range, a
 * progress bar follows the lines read then written, and the file is the book (Mẫu 06/07) in order
 * of receipt, dates as dates under a frozen header.
 */
test('an officer exports the tracking book of a range of days, with progress', async ({ page }) => {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('one_stop_officer');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);
  await page.setViewportSize({ width: 1366, height: 900 });

  // The demo dossiers span the last months: the book of the last 120 days.
  const today = new Date(Date.now() + 7 * 3_600_000);
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - 120 * 86_400_000).toISOString().slice(0, 10);
  await page.goto('/mot-cua/ho-so?hang=all');
  await page.getByLabel('Tiếp nhận từ ngày').fill(from);
  await page.getByLabel('Đến ngày').fill(to);
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  const book = page.getByTestId('tracking-book-export');
  await expect(book).toHaveText('Xuất sổ theo dõi (XLSX)');

  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const started = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/dossiers/tracking-book/exports'));
  await page.route('**/api/v1/dossiers/tracking-book/exports/*', async (route) => {
    await held;
    await route.continue();
  });
  await book.click();
  expect((await started).postDataJSON()).toEqual({ from, to });
  const progress = page.getByTestId('tracking-book-progress');
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await expect(book).toHaveText('Đang xuất…');
  await expect(book).toBeDisabled();
  await shots(page, 'tracking-book-progress');
  await page.setViewportSize({ width: 1366, height: 900 });
  const downloaded = page.waitForEvent('download');
  release();
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe(`so-theo-doi-ho-so-${from}-${to}.xlsx`);
  await expect(progress).toContainText(/Đã xuất sổ theo dõi: \d+ hồ sơ/);
  await expect(book).toHaveText('Xuất sổ theo dõi (XLSX)');
  await page.unroute('**/api/v1/dossiers/tracking-book/exports/*');

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  expect(ws.name).toBe('Sổ theo dõi hồ sơ');
  expect(ws.views[0] as { state?: string; ySplit?: number }).toMatchObject({ state: 'frozen', ySplit: 5 });
  expect(ws.getRow(5).getCell(2).value).toBe('Mã hồ sơ');
  expect(ws.rowCount).toBeGreaterThan(5);
  expect(ws.getRow(6).getCell(1).value).toBe(1);
  expect(ws.getRow(6).getCell(5).value).toBeInstanceOf(Date);
  const shown = Number(/(\d+) hồ sơ/.exec(await progress.innerText())![1]);
  expect(ws.rowCount - 5).toBe(shown);
});
