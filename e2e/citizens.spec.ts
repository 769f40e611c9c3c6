import { expect, test, type Page } from '@playwright/test';
import { act, PASSWORD, samplePdf, shots, staff } from './helpers.js';

/**
 * Issue #6, the citizen portal end to end on the real server with the demo data: the demo citizen
 * submits 2.000488 (Phiếu lý lịch tư pháp) online with a pre-filled e-form and an identity document
 * taken from their data warehouse, pays in the SANDBOX gateway, the officers finish the dossier
 * (through the API, their screens are tested in dossiers.spec.ts), and the citizen downloads the
 * electronic result and rates the service. Each main screen passes an automated accessibility check
 * and is photographed at desktop and phone width.
 */

const DESKTOP = { width: 1280, height: 900 };

/** A small automated accessibility check (no axe-core in the project): names, labels, language, headings, contrast. */
async function a11y(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => {
      const r = (el as HTMLElement).getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    if (!document.documentElement.lang) out.push('html has no lang');
    if (document.querySelectorAll('h1').length !== 1) out.push(`expected one h1, found ${document.querySelectorAll('h1').length}`);
    const nameOf = (el: Element) => {
      const aria =
        el.getAttribute('aria-label') ||
        (el.getAttribute('aria-labelledby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
      return (aria || (el as HTMLElement).innerText || el.getAttribute('title') || '').trim();
    };
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      if (!visible(el)) continue;
      const id = el.id;
      const labelled =
        (id && document.querySelector(`label[for="${CSS.escape(id)}"]`)) ||
        el.closest('label') ||
        el.getAttribute('aria-label') ||
        el.getAttribute('aria-labelledby');
      if (!labelled) out.push(`control without label: ${el.outerHTML.slice(0, 80)}`);
    }
    for (const el of document.querySelectorAll('button, a[href]')) if (visible(el) && !nameOf(el)) out.push(`no accessible name: ${el.outerHTML.slice(0, 80)}`);
    for (const el of document.querySelectorAll('img')) if (!el.hasAttribute('alt')) out.push(`img without alt: ${el.outerHTML.slice(0, 80)}`);
    // Contrast of text against its effective background (WCAG AA: 4.5, or 3 for large text).
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const bgOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const main = document.querySelector('main') ?? document.body;
    for (const el of main.querySelectorAll('*')) {
      if (!visible(el) || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
      const s = getComputedStyle(el);
      const fg = rgb(s.color).slice(0, 3);
      const bg = bgOf(el);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`contrast ${ratio.toFixed(2)} for "${(el.textContent ?? '').trim().slice(0, 40)}"`);
    }
    return out;
  });
}

test.setTimeout(240_000);

test('a citizen submits online with pre-filled fields and a warehouse document, pays, receives the electronic result and rates', async ({ page, baseURL }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('citizen');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/cong-dan\/ho-so/, { timeout: 60_000 });

  // ---- the data warehouse -------------------------------------------------------------------------
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Kho dữ liệu của tôi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kho dữ liệu của tôi');
  await expect(page.getByTestId('wh-result')).toContainText('Giấy phép xây dựng');
  await expect(page.getByTestId('wh-component')).toContainText('Bản chụp Căn cước');
  expect(await a11y(page)).toEqual([]);
  await shots(page, 'citizens-warehouse');

  // ---- the submission wizard, from the procedure page's link --------------------------------------
  await page.goto('/thu-tuc/2.000488');
  await page.getByRole('link', { name: 'Nộp trực tuyến' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('Bước 1/4', { timeout: 60_000 });
  await page.getByLabel('Nơi tiếp nhận hồ sơ').selectOption({ label: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa' });
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('Bước 2/4');
  const name = page.getByLabel('Họ, chữ đệm và tên người yêu cầu');
  await expect(name).toHaveValue('Lê Văn An');
  await expect(page.locator('[data-prefilled="true"]').first()).toContainText('Điền sẵn từ');
  await expect(page.getByLabel('Số định danh cá nhân')).toHaveValue('038090001234');
  await page.getByLabel('Nội dung đề nghị').fill('Cấp Phiếu lý lịch tư pháp số 1 để bổ sung hồ sơ xin việc');
  await page.getByLabel('Hình thức nhận kết quả').selectOption('Nhận bản điện tử');
  expect(await a11y(page)).toEqual([]);
  await shots(page, 'citizens-wizard-form');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('Bước 3/4');
  await expect(page.getByTestId('components')).toContainText('tờ khai điện tử ở bước 2');
  // The identity document: picked from the warehouse, not uploaded again. Only papers of that kind
  // are offered (the citizen's building permit is not an identity paper).
  const pick = page.getByLabel('Chọn giấy tờ đã có trong kho dữ liệu').first();
  await expect(pick.locator('option', { hasText: 'Giấy phép xây dựng' })).toHaveCount(0);
  await pick.selectOption((await pick.locator('option', { hasText: 'Bản chụp Căn cước' }).getAttribute('value'))!);
  await expect(page.getByRole('status').filter({ hasText: 'Đã đính kèm' })).toContainText('Bản chụp Căn cước');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByTestId('review')).toContainText('Bản chụp Căn cước');
  await page.getByTestId('submit-dossier').click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  const code = (await page.getByTestId('receipt-code').textContent())!.trim();
  expect(code).toMatch(/-\d{6}-\d{4,}$/);
  expect(await a11y(page)).toEqual([]);
  await shots(page, 'citizens-receipt');
  await page.getByRole('link', { name: 'Xem hồ sơ' }).click();
  const dossierId = page.url().split('/ho-so/')[1];

  // ---- the officers receive and forward; the specialist asks for the fee -------------------------
  const admin = await staff(baseURL!, 'admin');
  const officer = await staff(baseURL!, 'one_stop_officer');
  const specialist = await staff(baseURL!, 'specialist');
  const leader = await staff(baseURL!, 'unit_leader');
  await act(officer, admin, dossierId, { type: 'receive' });
  await act(officer, admin, dossierId, { type: 'forward' });
  await act(specialist, admin, dossierId, { type: 'request_payment', items: [{ name: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200000 }] });

  // ---- the citizen pays in the sandbox gateway -------------------------------------------------------
  await page.goto('/cong-dan/viec-can-lam');
  await page
    .getByTestId('todo-pay')
    .getByRole('link', { name: `Thanh toán ${code}` })
    .click();
  await page.getByTestId('pay-start').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cổng thanh toán THỬ NGHIỆM');
  await expect(page.getByText('100.000')).toBeVisible(); // 200 000 đ less 50% for paying online (demo policy)
  await page.getByRole('button', { name: 'Thanh toán thành công' }).click();
  await expect(page.getByTestId('payment')).toContainText('Đã thanh toán');
  await expect(page.getByTestId('payment')).toContainText('Biên lai điện tử BL');
  await expect(page.getByTestId('pay-total')).toContainText('100.000');
  expect(await a11y(page)).toEqual([]);
  await shots(page, 'citizens-payment');

  // ---- the dossier resumed; the officers finish it with an electronic result ------------------------
  const after = await (await admin.get(`/api/v1/dossiers/${dossierId}`)).json();
  expect(after.status.code).toBe(4);
  // A real PDF: the leader signs it at approval, and only a signed result is returned electronically (issue 19).
  const pdf = await samplePdf('Phieu ly lich tu phap (demo)');
  const up = await specialist.post(`/api/v1/dossiers/${dossierId}/files?kind=result`, {
    multipart: { file: { name: 'phieu-lltp.pdf', mimeType: 'application/pdf', buffer: pdf } },
  });
  expect(up.status(), await up.text()).toBe(201);
  const fileId = (await up.json()).id;
  await act(specialist, admin, dossierId, { type: 'next_step' });
  await act(leader, admin, dossierId, {
    type: 'result_ready',
    decisionNumber: '125/LLTP',
    signer: 'Phạm Quốc Hưng',
    signedOn: new Date().toISOString().slice(0, 10),
    fileId,
  });
  await act(officer, admin, dossierId, { type: 'return_result', channel: 'electronic', receivedBy: 'levanan@example.vn' });

  // ---- the citizen downloads the electronic result and rates ------------------------------------------
  await page.goto('/cong-dan/viec-can-lam');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByTestId('todo-results')
      .getByRole('link', { name: `Tải kết quả điện tử ${code}` })
      .click(),
  ]);
  expect(download.suggestedFilename()).toBe('phieu-lltp.pdf');
  await page
    .getByTestId('todo-rate')
    .getByRole('link', { name: `Đánh giá ${code}` })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đánh giá mức độ hài lòng');
  // The scale reads 1 → 5 left to right, as the SIPAS survey does (issue 20).
  expect(
    await page
      .getByRole('group', { name: /Đánh giá chung/ })
      .locator('input[type=radio]')
      .evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value)),
  ).toEqual(['1', '2', '3', '4', '5']);
  await page
    .getByRole('group', { name: /Đánh giá chung/ })
    .getByLabel('Rất hài lòng')
    .check();
  await page
    .getByRole('group', { name: /Thái độ, tinh thần phục vụ/ })
    .getByLabel('Hài lòng', { exact: true })
    .check();
  await page.getByLabel('Góp ý thêm (không bắt buộc)').fill('Không phải đi lại, nộp phí trực tuyến được giảm.');
  expect(await a11y(page)).toEqual([]);
  await shots(page, 'citizens-rating');
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cảm ơn' })).toBeVisible();

  // The warehouse now holds the result (with its hash) and shows who used the data.
  await page.goto('/cong-dan/kho-du-lieu');
  await expect(page.getByTestId('wh-result')).toContainText('125/LLTP');
  await expect(page.getByTestId('access-log')).toContainText(code);
  for (const c of [admin, officer, specialist, leader]) await c.dispose();
});
