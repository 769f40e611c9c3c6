import { expect, test } from '@playwright/test';
import { PASSWORD, shots } from './helpers.js';

/** Issue 20's dead ends, walked as the citizen meets them: search, "Hồ sơ của tôi", "Nộp hồ sơ" twice. */

test('search "dang ky kinh doanh" (no accents) ranks business registration above birth registration', async ({ page }) => {
  await page.goto('/thu-tuc?q=dang%20ky%20kinh%20doanh');
  // Wait for the results of this search (the count heading names the query), not an earlier render.
  await expect(page.locator('#proc-results')).toContainText('dang ky kinh doanh');
  await expect(page.locator('.procedure-list .procedure-card h3').first()).toBeVisible();
  const names = await page.locator('.procedure-list .procedure-card h3').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  const business = names.findIndex((n) => /doanh nghiệp|kinh doanh/i.test(n));
  const birth = names.findIndex((n) => /khai sinh/i.test(n));
  expect(business, names.join(' | ')).toBe(0);
  if (birth >= 0) expect(birth).toBeGreaterThan(business);
});

test('"Hồ sơ của tôi": newest first, an overdue dossier marked', async ({ page }) => {
  const r = await page.request.post('/api/v1/auth/login', { data: { username: 'citizen', password: PASSWORD } });
  expect(r.ok()).toBeTruthy();
  await page.goto('/cong-dan/ho-so');
  const list = page.getByTestId('my-dossiers');
  await expect(list).toBeVisible();
  const codes = await list.locator('.dos-code-link').allTextContents();
  expect(codes.length).toBeGreaterThan(1);
  // Newest first: the day in each code (yymmdd, the day the dossier was filed) never goes up down the list.
  const days = codes.map((c) => /-(\d{6})-\d{4}$/.exec(c)?.[1] ?? '');
  expect(
    days.every((d) => d !== ''),
    codes.join(' '),
  ).toBeTruthy();
  expect(days).toEqual([...days].sort().reverse());
  await expect(list.getByText('Quá hạn').first()).toBeVisible();
  await shots(page, 'core-my-dossiers');
});

test('"Nộp hồ sơ" twice opens the same draft, not a second one', async ({ page }) => {
  const r = await page.request.post('/api/v1/auth/login', { data: { username: 'citizen', password: PASSWORD } });
  expect(r.ok()).toBeTruthy();
  const count = async () =>
    ((await (await page.request.get('/api/v1/citizens/me/drafts?status=draft&limit=500')).json()).items as { procedureCode: string }[]).filter(
      (d) => d.procedureCode === '2.000488',
    ).length;
  const before = await count();
  for (let i = 0; i < 2; i++) {
    await page.goto('/thu-tuc/2.000488');
    await page.getByRole('link', { name: 'Nộp trực tuyến' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nộp hồ sơ trực tuyến' })).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  expect(await count()).toBe(Math.max(before, 1));
});
