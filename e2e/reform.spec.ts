import { expect, test } from '@playwright/test';

/**
 * Sở Nội vụ opens the reform index dashboard, sees the agencies ranked by PAR INDEX (demo tree and
 * demo assessments of the current year), and drills down to one agency's evidence and adjustments.
 */
test("reform: Sở Nội vụ sees agencies ranked and drills down to one agency's evidence", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('home_affairs');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cải cách hành chính' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chỉ số cải cách hành chính');
  const ranking = page.getByTestId('par-ranking');
  await expect(ranking.getByRole('row')).toHaveCount(4);
  const ranks = await ranking.locator('tbody tr td:first-child').allInnerTexts();
  expect(ranks.map(Number)).toEqual([...ranks.map(Number)].sort((a, b) => a - b));
  await expect(ranking).toContainText('Sở Tư pháp tỉnh Thanh Hóa');
  await page.screenshot({ path: `${process.env.E2E_OUT ?? 'test-results'}/reform-dashboard.png`, fullPage: true });

  await ranking.getByRole('link', { name: 'Sở Tư pháp tỉnh Thanh Hóa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sở Tư pháp tỉnh Thanh Hóa');
  const evidence = page.getByTestId('par-evidence');
  await expect(evidence).toContainText('Tài liệu kiểm chứng tiêu chí 1.1 (demo)');
  await expect(evidence).toContainText('Còn hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi (demo)');
  await expect(evidence).toContainText('(88%)');
  await page.screenshot({ path: `${process.env.E2E_OUT ?? 'test-results'}/reform-agency.png`, fullPage: true });
});
