import { expect, test } from '@playwright/test';
import { act, PASSWORD, shots, staff } from './helpers.js';

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

/**
 * A specialist opens a dossier being processed: the late-risk estimate (issue 21 §2) shows the
 * probability, why, and the steps still ahead with their typical durations in the history of the
 * same procedure (the demo province's imported year). The citizen's own view has no such card.
 */
test('late-risk estimate on the dossier detail: probability, reason, the remaining steps and their typical durations', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const desk = await staff(baseURL!, 'one_stop_officer');
  const admin = await staff(baseURL!, 'admin');
  const applicant = {
    kind: 'citizen',
    name: 'Đỗ Thị Ngọc',
    idNumber: '038190077777',
    phone: '0912000777',
    email: 'ngoc.dt@example.vn',
    address: 'Phường Hạc Thành, Thanh Hóa',
  };
  const c = await desk.post('/api/v1/dossiers', {
    headers: { 'idempotency-key': `e2e-risk-${Date.now()}` },
    data: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
  });
  expect(c.status(), await c.text()).toBe(201);
  const d = (await c.json()) as { id: string; code: string };
  await act(desk, admin, d.id, { type: 'forward' });
  const api = await (await admin.get(`/api/v1/direction/risk/dossiers/${d.id}`)).json();
  await desk.dispose();
  await admin.dispose();
  expect(api.probability, 'the imported history of 2.000488 gives an estimate').not.toBeNull();

  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('specialist');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).not.toHaveURL(/dang-nhap/);
  await page.goto(`/ho-so/${d.id}`);
  const card = page.getByTestId('dossier-risk');
  await expect(card.getByRole('heading', { name: 'Nguy cơ trễ hạn (ước tính)' })).toBeVisible();
  await expect(card.getByTestId('risk-probability')).toHaveText(`${Math.round(api.probability * 100)}% khả năng trễ hẹn`);
  await expect(card.getByText(api.flagged ? 'Có nguy cơ trễ hạn' : 'Chưa có dấu hiệu trễ')).toBeVisible();
  await expect(card.getByTestId('risk-reason')).toHaveText(api.reason);
  await expect(card.getByTestId('risk-reason')).toContainText('ngày làm việc');
  const rows = card.getByTestId('risk-steps').locator('tbody tr');
  await expect(rows).toHaveCount(api.steps.length);
  expect(api.steps.length).toBeGreaterThan(1);
  await expect(rows.first()).toContainText(`${api.steps[0].name} (đang xử lý)`);
  for (let i = 0; i < api.steps.length; i++) {
    const s = api.steps[i];
    await expect(rows.nth(i).locator('td').first()).toHaveText(
      s.typicalDays === null ? 'Chưa có lịch sử' : `${String(s.typicalDays).replace('.', ',')} ngày làm việc`,
    );
  }
  await shots(page, 'direction-risk-detail');
});
