import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { act, shots, staff, signedInPage } from './helpers.js';

/**
 * Issue 20 "Money": "Cấp Phiếu lý lịch tư pháp" has two alternative rates (200 000 đ, and 100 000 đ
 * for students / người có công). The applicant is asked for ONE of them, never both, and the amount
 * (after the demo 50% online reduction) is the same on the review step, the specialist's fee dialog,
 * the officer's dossier page, the citizen's to-do list and payment page (before "Thanh toán"), the
 * gateway and the PDF e-receipt (read back with pdftotext). Screens photographed at 1366 and 375 px.
 */

const DUE = '100.000';

const session = (browser: Browser, username: string) => signedInPage(browser, username);

test.setTimeout(240_000);

test('one fee line, one amount: review step, fee dialog, dossier page, to-do list, payment page, gateway and e-receipt agree', async ({ browser, baseURL }) => {
  // ---- the citizen submits online; the review step shows the fee that will apply -----------------
  const citizen = await session(browser, 'citizen');
  await citizen.goto('/thu-tuc/2.000488');
  await citizen.getByRole('link', { name: 'Nộp trực tuyến' }).click();
  await expect(citizen.getByRole('heading', { level: 2 })).toContainText('Bước 1/4', { timeout: 60_000 });
  await citizen.getByLabel('Nơi tiếp nhận hồ sơ').selectOption({ label: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa' });
  await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(citizen.getByRole('heading', { level: 2 })).toContainText('Bước 2/4');
  await citizen.getByLabel('Nội dung đề nghị').fill('Cấp Phiếu lý lịch tư pháp số 1');
  await citizen.getByLabel('Hình thức nhận kết quả').selectOption('Nhận bản điện tử');
  await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(citizen.getByRole('heading', { level: 2 })).toContainText('Bước 3/4');
  const pick = citizen.getByLabel('Chọn giấy tờ đã có trong kho dữ liệu').first();
  await pick.selectOption((await pick.locator('option', { hasText: 'Bản chụp Căn cước' }).getAttribute('value'))!);
  await expect(citizen.getByRole('status').filter({ hasText: 'Đã đính kèm' })).toContainText('Bản chụp Căn cước');
  await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
  const fee = citizen.getByTestId('review-fee');
  await expect(fee.getByTestId('review-fee-total')).toHaveText(`${DUE} đ`);
  await expect(fee).toContainText('Phí cung cấp thông tin lý lịch tư pháp');
  // A student would pay the reduced rate (100 000 đ less 50%) — one rate, never both.
  await fee.getByLabel('Đối tượng được giảm phí').selectOption('student');
  await expect(fee.getByTestId('review-fee-total')).toHaveText('50.000 đ');
  await fee.getByLabel('Đối tượng được giảm phí').selectOption('');
  await expect(fee.getByTestId('review-fee-total')).toHaveText(`${DUE} đ`);
  await shots(citizen, 'money-review');
  await citizen.getByTestId('submit-dossier').click();
  await expect(citizen.getByTestId('receipt')).toBeVisible();
  const code = (await citizen.getByTestId('receipt-code').textContent())!.trim();
  await citizen.getByRole('link', { name: 'Xem hồ sơ' }).click();
  const dossierId = citizen.url().split('/ho-so/')[1];

  // ---- received and forwarded; the specialist leaves the fee dialog at its default ---------------
  const admin = await staff(baseURL!, 'admin');
  const officerApi = await staff(baseURL!, 'one_stop_officer');
  await act(officerApi, admin, dossierId, { type: 'receive' });
  await act(officerApi, admin, dossierId, { type: 'forward' });
  const specialist = await session(browser, 'specialist');
  await specialist.goto(`/ho-so/${dossierId}`);
  await specialist.getByTestId('dossier-actions').locator('button[data-action="request_payment"]').click();
  const dialog = specialist.getByRole('dialog');
  await expect(dialog.getByRole('radio', { name: /Phí cung cấp thông tin lý lịch tư pháp — 200\.000 đ$/ })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: /100\.000 đ \(học sinh, sinh viên/ })).not.toBeChecked();
  await expect(dialog.getByTestId('fee-dialog-total')).toContainText(`${DUE} đ`);
  await shots(specialist, 'money-fee-dialog');
  await dialog.getByTestId('action-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(specialist.getByTestId('payment-total')).toContainText(`${DUE} đ`);
  await shots(specialist, 'money-dossier-page');

  // ---- the citizen: to-do list, payment page before paying, gateway, receipt ---------------------
  await citizen.goto('/cong-dan/viec-can-lam');
  const row = citizen.getByTestId('todo-pay').locator('li', { hasText: code });
  await expect(row.getByTestId('todo-pay-total')).toHaveText(`${DUE} đ`);
  await row.getByRole('link', { name: `Thanh toán ${code}` }).click();
  const req = citizen.getByTestId('payment-request');
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Thanh toán phí, lệ phí');
  await expect(citizen.getByText(`Hồ sơ ${code}`)).toBeVisible();
  await expect(citizen.getByTestId('pay-procedure')).toContainText('Cấp Phiếu lý lịch tư pháp');
  await expect(req.getByRole('row')).toHaveCount(3); // header, ONE fee line, total
  await expect(req).toContainText('200.000 đ');
  await expect(req.getByTestId('pay-total')).toHaveText(`${DUE} đ`);
  await shots(citizen, 'money-payment-page');
  await citizen.getByTestId('pay-start').click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Cổng thanh toán THỬ NGHIỆM', { timeout: 30_000 });
  await expect(citizen.getByText(`${DUE} đ`)).toBeVisible();
  await citizen.getByRole('button', { name: 'Thanh toán thành công' }).click();
  await expect(citizen.getByTestId('payment')).toContainText('Đã thanh toán');
  await expect(citizen.getByTestId('pay-total')).toHaveText(`${DUE} đ`);
  const href = await citizen.getByRole('link', { name: 'Xem biên lai (PDF)' }).getAttribute('href');
  const pdf = await citizen.request.get(href!);
  expect(pdf.status()).toBe(200);
  const dir = mkdtempSync(join(tmpdir(), 'money-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), await pdf.body());
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
    expect(text).toContain(code);
    expect(text).toMatch(/Tổng số tiền: 100\.000 đồng/);
    expect(text.split('Phí cung cấp thông tin lý lịch tư pháp').length - 1, 'one fee line on the e-receipt').toBe(1);
    expect(text).not.toMatch(/300\.000|150\.000|sinh viên/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // ---- the admin: dossier timeline and audit log show people and actions in words ----------------
  const adminPage = await session(browser, 'admin');
  await adminPage.goto(`/ho-so/${dossierId}`);
  const timeline = adminPage.getByTestId('dossier-timeline');
  await expect(timeline).toContainText('Cán bộ Bộ phận một cửa');
  for (const who of await timeline.locator('.dos-tl-what > .sub').allInnerTexts()) expect(who).not.toContain('one_stop_officer');
  expect(await timeline.innerText()).not.toContain('one_stop_officer'); // the username only inside the closed technical detail
  await timeline.locator('details').first().locator('summary').click();
  await expect(timeline.locator('details pre').first()).toContainText('"username"');
  await adminPage.goto('/quan-tri/nhat-ky');
  const table = adminPage.getByRole('table');
  await expect(table).toContainText('Thanh toán thành công, cấp biên lai');
  await expect(table).toContainText('Hồ sơ: Yêu cầu thực hiện nghĩa vụ tài chính');
  await expect(table.locator('td').filter({ hasText: /^payment\.paid$/ })).toHaveCount(0);
  await shots(adminPage, 'money-audit');
});
