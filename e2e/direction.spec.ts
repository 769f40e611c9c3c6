import { expect, test } from '@playwright/test';
import { PASSWORD } from './helpers.js';

/**
 * The province leader opens the direction centre, drills down from "dossiers overdue now" to the
 * dossiers and their officers, sends a prompt (đôn đốc) about one, and opens the wall screen.
 */
test('direction centre: indicators, drill-down and a prompt', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('province_leader');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Giám sát' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trung tâm chỉ đạo, điều hành');
  const overdue = page.locator('li[data-code="DOSSIER_OVERDUE"]');
  await expect(overdue).toContainText('Hồ sơ đang quá hạn');
  const shown = Number((await overdue.locator('.direction-value').innerText()).replace(/\D/g, ''));
  expect(shown).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/direction-1366.png', fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: 'test-results/direction-375.png', fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });

  await overdue.getByRole('button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Hồ sơ đang quá hạn' })).toBeVisible();
  const rows = dialog.locator('table.direction-items tbody tr');
  await expect(rows.first()).toBeVisible();
  const code = (await rows.first().locator('td').first().getByRole('link').innerText()).trim();
  await rows.first().getByRole('button', { name: 'Đôn đốc' }).click();
  await dialog.getByLabel('Nội dung đôn đốc').fill('Đề nghị giải quyết dứt điểm trong ngày.');
  await dialog.getByRole('button', { name: 'Gửi đôn đốc' }).click();
  await expect(dialog.getByText(/Đã gửi đôn đốc đến/)).toBeVisible();
  await page.screenshot({ path: 'test-results/direction-drill-1366.png', fullPage: true });
  // the prompt is recorded
  const prompts = await page.evaluate(async () => (await fetch('/api/v1/direction/prompts')).json());
  expect(JSON.stringify(prompts)).toContain(code);

  await page.goto('/giam-sat?man-hinh=1');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(page.locator('.direction.wall')).toBeVisible();
  await page.screenshot({ path: 'test-results/direction-wall-1920.png' });
});
