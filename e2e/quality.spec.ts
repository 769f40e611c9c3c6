import { expect, test } from '@playwright/test';

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
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/quality-dashboard.png', fullPage: true });
  // At phone width nothing is wider than the screen (the cards used to overflow to 454 px).
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(page.getByTestId('q-total')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: 'test-results/quality-dashboard-375.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.locator('tr[data-code="DVC_PROGRESS"]').getByRole('button', { name: /Vì sao mất điểm/ }).click();
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
