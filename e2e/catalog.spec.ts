import { expect, test, type Page } from '@playwright/test';

/** Procedure catalogue: a citizen finds a procedure without typing diacritics and reads it. */

test('a citizen searches "khai sinh" without diacritics, opens the procedure and sees its components, time and fees', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Tìm thủ tục hành chính').fill('khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();

  await expect(page).toHaveURL(/\/thu-tuc\?q=khai(\+|%20)sinh/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục hành chính');
  const results = page.locator('.procedure-card');
  await expect(results.first()).toBeVisible();
  const first = results.first().getByRole('link');
  await expect(first).toHaveText('Thủ tục đăng ký khai sinh');
  await expect(results.first()).toContainText('8 giờ làm việc');
  await page.screenshot({ path: 'test-results/catalog-search.png', fullPage: true });

  await first.click();
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001193$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục đăng ký khai sinh');

  const components = page.getByRole('region', { name: 'Thành phần hồ sơ' });
  await expect(components.getByRole('row')).not.toHaveCount(0);
  await expect(components).toContainText('Tờ khai đăng ký khai sinh');
  await expect(components).toContainText('Giấy chứng sinh');

  const cases = page.getByRole('region', { name: 'Thời hạn giải quyết và phí, lệ phí' });
  await expect(cases).toContainText('Đăng ký khai sinh đúng hạn');
  await expect(cases).toContainText('8 giờ làm việc');
  await expect(cases).toContainText('Lệ phí đăng ký khai sinh');
  await expect(cases).toContainText('8.000 đồng/bản');

  await expect(page.getByRole('region', { name: 'Căn cứ pháp lý' })).toContainText('Luật Hộ tịch 2014');
  await expect(page.getByRole('link', { name: 'Nộp trực tuyến' })).toHaveAttribute('href', '/nop-ho-so/1.001193');
  await page.screenshot({ path: 'test-results/catalog-procedure.png', fullPage: true });
});

test('typos and filters: "giay phep xay dng" finds the building permit; the level filter narrows the list', async ({ page }) => {
  await page.goto('/thu-tuc?q=giay%20phep%20xay%20dng');
  await expect(page.locator('.procedure-card').first().getByRole('link')).toContainText('Cấp giấy phép xây dựng mới');

  await page.goto('/thu-tuc');
  await page.getByLabel('Cấp thực hiện').selectOption('province');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(page).toHaveURL(/cap=province/);
  const cards = page.locator('.procedure-card');
  await expect(cards.first()).toBeVisible();
  // The list refreshes after the URL changes: wait until every card is a province-level one.
  await expect.poll(async () => (await cards.allInnerTexts()).every((text) => text.includes('Cấp tỉnh'))).toBe(true);
  expect(await cards.count()).toBeGreaterThan(0);
});

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);
}

test('a catalogue manager opens the catalogue and sees the workflow budget check', async ({ page }) => {
  await logIn(page, 'catalog_manager');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Danh mục thủ tục' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danh mục thủ tục hành chính');
  await expect(page.getByRole('link', { name: 'Xuất Excel (XLSX)' })).toHaveAttribute('href', /format=xlsx/);
  await page.goto('/quan-tri/thu-tuc/2.000488');
  await expect(page.getByRole('heading', { level: 2, name: 'Quy trình nội bộ' })).toBeVisible();
  await expect(page.locator('.budget-ok').first()).toContainText('hợp lệ');
  await page.screenshot({ path: 'test-results/catalog-admin.png', fullPage: true });
});
