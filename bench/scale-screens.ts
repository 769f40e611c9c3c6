/**
 * The officers' dossier screens in Chromium against a running server over a large database
 * (issue 25: "the officer's screens opened in Chromium at 1 M"). For the one-stop officer
 * (/mot-cua/ho-so) and a department specialist (/xu-ly/ho-so): every queue tab, the time from
 * navigation until the list (rows and queue counts) is on screen, any HTTP error or console error
 * (the script fails on one), a screenshot at 1366 px and at 375 px, then the first dossier of the
 * department queue opened. Screenshots go to data/scale-screens/ (git-ignored).
 *
 *   BENCH_SCREENS_URL=http://127.0.0.1:3933 node --import tsx bench/scale-screens.ts
 * The database is filled with bench/generate.ts; the Chromium is Debian's (playwright.config.ts).
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';

const BASE = process.env.BENCH_SCREENS_URL ?? 'http://127.0.0.1:3933';
const OUT = 'data/scale-screens';
const QUEUES = ['to_receive', 'mine', 'department', 'due_soon', 'overdue', 'waiting', 'all'];
const ROLES = [
  ['one_stop_officer', '/mot-cua/ho-so'],
  ['specialist', '/xu-ly/ho-so'],
] as const;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const problems: string[] = [];
try {
  const health = await (await fetch(`${BASE}/api/health`)).json();
  console.log(`server ${BASE}: ${JSON.stringify(health)}; load ${load()}`);
  for (const [role, path] of ROLES) {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 900 } });
    const page: Page = await context.newPage();
    // The list responses of the page on screen, read as they arrive (a body is gone once the page navigates away).
    const lists: Promise<{ status: number; body: { items: unknown[]; hasMore: boolean; counts: Record<string, number> | null } } | null>[] = [];
    page.on('response', (r) => {
      if (/\/api\/v1\/dossiers\?/.test(r.url()) && r.request().method() === 'GET')
        lists.push(
          r.json().then(
            (body) => ({ status: r.status(), body }),
            () => null,
          ),
        );
    });
    await page.goto(`${BASE}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill(role);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByTestId('workspace').waitFor();
    // From here on (the login page's own 401 for "who am I" is expected) any error fails the script.
    page.on('console', (m) => m.type() === 'error' && problems.push(`${role}: console: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${role}: HTTP ${r.status()} ${r.url()}`));
    for (const q of QUEUES) {
      const t0 = performance.now();
      lists.length = 0;
      await page.goto(`${BASE}${path}?hang=${q}`);
      await page.locator('[data-testid="dossier-table"] tbody tr').first().waitFor();
      await page.locator('#dossier-list [aria-busy="false"]').waitFor();
      const ms = performance.now() - t0;
      const read = (await Promise.all(lists)).filter((x) => x !== null);
      if (!read.length) throw new Error(`${role} ${q}: no list response read`);
      const { status, body } = read[read.length - 1];
      console.log(
        `${role.padEnd(17)} ${q.padEnd(10)} on screen in ${ms.toFixed(0).padStart(5)} ms (API ${status}, ${body.items.length} rows${body.hasMore ? ', more' : ''}; counts ${JSON.stringify(body.counts)}); load ${load()}`,
      );
      await page.screenshot({ path: `${OUT}/${role}-${q}.png`, fullPage: false });
      if (q === 'department' || q === 'all') {
        await page.setViewportSize({ width: 375, height: 812 });
        await page.screenshot({ path: `${OUT}/${role}-${q}-phone.png`, fullPage: false });
        await page.setViewportSize({ width: 1366, height: 900 });
      }
    }
    await page.goto(`${BASE}${path}?hang=department`);
    const link = page.locator('[data-testid="dossier-table"] tbody tr a.dos-code-link').first();
    const t0 = performance.now();
    await link.click();
    await page.getByTestId('dossier-actions').waitFor();
    console.log(`${role.padEnd(17)} first dossier of the department queue opened in ${(performance.now() - t0).toFixed(0)} ms; load ${load()}`);
    await page.screenshot({ path: `${OUT}/${role}-detail.png`, fullPage: false });
    await context.close();
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(`problems:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`no HTTP or console error; screenshots in ${OUT}/`);
