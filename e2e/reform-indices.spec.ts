import { expect, test, type Page } from '@playwright/test';

/**
 * Sở Nội vụ opens the provincial indices screen from the reform dashboard, sees Thanh Hóa's PCI
 * trend (2021–2024, pcivietnam.vn) and the gap to the top-10 target, the weak 2024 components and a
 * weak component's linked (demo) task with its status and a link to the task.
 */
const out = process.env.E2E_OUT ?? 'test-results';

async function login(page: Page) {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('home_affairs');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cải cách hành chính' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chỉ số cải cách hành chính');
}

test('provincial indices: trend, gap to target, weak component with its linked task', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page);
  // The dashboard offers the exports and the way to the provincial indices.
  const exportsBar = page.getByTestId('reform-exports');
  await expect(exportsBar.getByRole('link', { name: 'Xếp hạng CCHC (PDF)' })).toHaveAttribute('href', /\/api\/v1\/reform\/exports\/par\/\d{4}\/ranking\.pdf$/);
  await page.screenshot({ path: `${out}/reform-dashboard-exports.png` });
  await exportsBar.getByRole('link', { name: /Chỉ số của tỉnh/ }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chỉ số của tỉnh Thanh Hóa');
  await expect(page.getByRole('heading', { level: 2, name: 'Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)' })).toBeVisible();
  const trend = page.getByTestId('idx-trend-PCI');
  await expect(trend.locator('tbody tr')).toHaveCount(4);
  await expect(trend.locator('tbody tr').first()).toContainText('2024');
  await expect(trend.locator('tbody tr').first()).toContainText('21/63');
  await expect(trend.locator('tbody tr').first()).toContainText('▲ 9');
  await expect(trend.locator('tbody tr').nth(2)).toContainText('▼ 4'); // 2022: 43 → 47
  await expect(trend).toContainText('Đã kiểm chứng');
  await expect(page.getByTestId('idx-gap-PCI')).toContainText('Còn cách 11 bậc');
  await expect(page.getByTestId('idx-gap-PCI')).toContainText('tới hạng 10 (năm 2025)');
  await expect(page.getByRole('img', { name: /Biểu đồ thứ hạng/ })).toBeVisible();

  const comps = page.getByTestId('idx-components-PCI');
  const informal = comps.locator('tr', { hasText: 'Chi phí không chính thức' });
  await expect(informal).toHaveAttribute('data-weak', 'true');
  await expect(informal).toContainText('thấp nhất');
  await expect(informal).toContainText('giảm');
  await expect(informal).toContainText('Đang thực hiện');
  await expect(informal).toContainText('40%');
  await expect(comps.locator('tr[data-weak="true"]')).toHaveCount(4);
  await expect(comps.locator('tr', { hasText: 'Thiết chế pháp lý và an ninh trật tự' })).not.toHaveAttribute('data-weak', 'true');
  await page.screenshot({ path: `${out}/reform-indices-desktop.png`, fullPage: true });

  // Another index: PAR INDEX 2021 (87.83, 14/63) with its eight areas.
  await page.getByRole('button', { name: 'PAR INDEX', exact: true }).click();
  await expect(page.getByTestId('idx-trend-PAR_INDEX')).toContainText('14/63');
  await expect(page.getByTestId('idx-gap-PAR_INDEX')).toContainText('Còn cách 4 bậc');
  await page.getByRole('button', { name: 'PCI', exact: true }).click();

  // The weak component's task opens on the task board.
  await informal.getByRole('link', { name: /Kiểm tra công vụ/ }).click();
  await expect(page).toHaveURL(/\/giam-sat\/nhiem-vu\/chi-tiet\?id=/);
  await expect(page.getByText(/Kiểm tra công vụ, chấn chỉnh hành vi nhũng nhiễu/).first()).toBeVisible();
});

test('provincial indices at 375 px wide', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('home_affairs');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap'));
  await page.goto('/cai-cach-hanh-chinh/chi-so-tinh?chi-so=PCI');
  await expect(page.getByTestId('idx-gap-PCI')).toContainText('Còn cách 11 bậc');
  await expect(page.getByTestId('idx-components-PCI').locator('tr[data-weak="true"]')).toHaveCount(4);
  // No horizontal scroll of the page itself (wide tables scroll inside their own frame).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.screenshot({ path: `${out}/reform-indices-375.png`, fullPage: true });
});
