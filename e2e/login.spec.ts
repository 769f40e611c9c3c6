import { expect, test, type Page } from '@playwright/test';

const OFFICER = { username: 'one_stop_officer', password: 'demo12345' };

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

const rootFontSize = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);

test('a one-stop officer logs in and lands on the workspace', async ({ page }) => {
  await logIn(page, OFFICER.username, OFFICER.password);

  await expect(page).toHaveURL(/\/mot-cua$/);
  const workspace = page.getByTestId('workspace');
  await expect(workspace).toBeVisible();
  await expect(workspace.getByRole('heading', { level: 1 })).toHaveText('Không gian làm việc');
  await expect(workspace.getByTestId('workspace-roles')).toContainText('Cán bộ Bộ phận một cửa');
  await expect(workspace.getByTestId('workspace-agency')).not.toBeEmpty();

  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  await expect(nav.getByRole('link', { name: 'Tiếp nhận hồ sơ' })).toHaveAttribute('href', '/mot-cua/tiep-nhan');
  await expect(nav.getByRole('link', { name: 'Hồ sơ', exact: true })).toHaveAttribute('href', '/mot-cua/ho-so');
  await expect(nav.getByRole('link', { name: 'Cán bộ' })).toHaveCount(0);

  await page.screenshot({ path: 'test-results/workspace.png', fullPage: true });

  // The session is a cookie: a reload keeps the officer logged in.
  await page.reload();
  await expect(page.getByTestId('workspace')).toBeVisible();

  // The counter reception screen opens from the navigation.
  await nav.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
  await expect(page).toHaveURL(/\/mot-cua\/tiep-nhan$/);

  // An admin-only screen is refused.
  await page.goto('/quan-tri/can-bo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không có quyền truy cập');

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Đăng nhập' }).first()).toBeVisible();
});

test('a wrong password shows the server’s message and stays on the login page', async ({ page }) => {
  await logIn(page, OFFICER.username, 'not-the-password');
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).not.toBeEmpty();
  await expect(page).toHaveURL(/\/dang-nhap/);
});

test('a protected page sends a visitor to log in, then back', async ({ page }) => {
  await page.goto('/mot-cua');
  await expect(page).toHaveURL(/\/dang-nhap\?tiep=%2Fmot-cua$/);
  await page.getByLabel('Tên đăng nhập').fill(OFFICER.username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(OFFICER.password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page.getByTestId('workspace')).toBeVisible();
});

test('high contrast and larger text apply and persist', async ({ page }) => {
  await page.goto('/');
  const html = page.locator('html');
  expect(await rootFontSize(page)).toBe('16px');
  await expect(page.locator('body')).not.toHaveCSS('background-color', 'rgb(0, 0, 0)');

  const contrast = page.getByRole('button', { name: 'Tương phản cao' });
  await expect(contrast).toHaveAttribute('aria-pressed', 'false');
  await contrast.click();
  await expect(contrast).toHaveAttribute('aria-pressed', 'true');
  await expect(html).toHaveAttribute('data-theme', 'contrast');
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(0, 0, 0)');
  await expect(page.locator('body')).toHaveCSS('color', 'rgb(255, 255, 255)');

  await page.getByRole('button', { name: /Tăng cỡ chữ/ }).click();
  await expect.poll(() => rootFontSize(page)).toBe('18px');
  await expect(page.getByRole('button', { name: /Cỡ chữ mặc định/ })).toHaveAttribute('aria-pressed', 'false');

  // Both preferences survive a reload.
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'contrast');
  await expect.poll(() => rootFontSize(page)).toBe('18px');

  // And can be undone.
  await page.getByRole('button', { name: /Cỡ chữ mặc định/ }).click();
  await page.getByRole('button', { name: 'Tương phản cao' }).click();
  await expect.poll(() => rootFontSize(page)).toBe('16px');
  await expect(html).not.toHaveAttribute('data-theme', 'contrast');
});

test('the home page search goes to the procedure page', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Tìm thủ tục hành chính' }).fill('khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(page).toHaveURL(/\/thu-tuc\?q=khai\+sinh$/);
  await expect(page.getByRole('link', { name: /đăng ký khai sinh/i }).first()).toBeVisible();
});

test('switching to English and back', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();
  await page.getByRole('button', { name: 'VI', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('the navigation collapses behind a menu button', async ({ page }) => {
    await page.goto('/');
    const button = page.getByTestId('menu-button');
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await expect(nav).toBeHidden();

    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(nav.getByRole('link', { name: 'Tra cứu hồ sơ' })).toBeVisible();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test('at desktop width the menu button is hidden and the navigation shown', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('menu-button')).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
});
