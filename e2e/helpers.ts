import { expect, request as pwRequest, type APIRequestContext, type Browser, type Page } from '@playwright/test';

/** Pieces the browser tests share: the demo password, the phone size, screenshots, staff API contexts. */
export const PASSWORD = 'demo12345';
export const PHONE = { width: 375, height: 812 };

/** A full-page screenshot at the current size and at phone width, and no horizontal scrolling on the phone. */
export async function shots(page: Page, name: string) {
  const before = page.viewportSize();
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `test-results/${name}-phone.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name}: no horizontal scrolling on a phone`).toBeLessThanOrEqual(1);
  if (before) await page.setViewportSize(before);
}

/** The desktop size the screens are first looked at. */
export const DESKTOP = { width: 1366, height: 900 };

/**
 * A page in its own browser context (a separate machine), signed in on the login screen as a demo
 * account (staff or citizen), at desktop size; `home` is what must show once signed in.
 */
export async function signedInPage(browser: Browser, username: string, home?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.setViewportSize(DESKTOP);
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  if (home) await home(page);
  else await expect(page).not.toHaveURL(/\/dang-nhap/, { timeout: 60_000 });
  return page;
}

/** An API context logged in as a demo staff account (bearer token). */
export async function staff(baseURL: string, username: string): Promise<APIRequestContext> {
  const ctx = await pwRequest.newContext({ baseURL });
  const r = await ctx.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
  expect(r.ok()).toBeTruthy();
  const { token } = await r.json();
  await ctx.dispose();
  return pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

/** One dossier action at the dossier's current version (read by `admin`), which must succeed. */
export async function act(api: APIRequestContext, admin: APIRequestContext, id: string, body: Record<string, unknown>) {
  const d = await (await admin.get(`/api/v1/dossiers/${id}`)).json();
  const r = await api.post(`/api/v1/dossiers/${id}/actions`, { data: { version: d.version, ...body } });
  expect(r.status(), `${body.type}: ${await r.text()}`).toBe(200);
  return r.json();
}

/**
 * axe-core's WCAG 2.1 A/AA scan of the page as it is now: the list of violations, each as
 * "rule-id: help (n nodes: selector, …)". The tests expect it empty (issue 20). axe-core is injected from
 * node_modules (nothing is downloaded); best-practice rules are not part of the bar.
 */
export async function axe(page: Page): Promise<string[]> {
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // evaluate (DevTools protocol) rather than a script tag: the page's CSP rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> };
    };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')})`,
    );
  });
}

/** A one-page PDF made with pdfkit (a real PDF a signer can sign; issue 19). */
export async function samplePdf(text: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => doc.on('end', r));
  doc.text(text);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
